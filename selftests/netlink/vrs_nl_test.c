// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the "vrs" generic netlink API: VR lifecycle, every policy
 * rejection (errno, extack text and the attribute it names), dumps of
 * 10,000 VRs that resume across messages, dump interruption, permissions,
 * notifications and namespace isolation.
 *
 * Runs as root in the test VM with vrs.ko loaded; leaves no VR behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/vrs.h>

#include "nltest.h"
#include "../../userspace/nl.h"

static int vr_new(const char *name, uint32_t id, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);

	if (name)
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	if (id)
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	return talk(nlh, NULL, NULL, e);
}

static int vr_del_name(const char *name)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	return talk(nlh, NULL, NULL, &e);
}

struct vr_seen {
	uint32_t id;
	char name[VRS_VR_NAME_SIZ];
	unsigned int count;
};

static int vr_get_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct vr_seen *s = data;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ID] || !tb[VRS_A_VR_NAME])
		return MNL_CB_ERROR;
	s->id = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	snprintf(s->name, sizeof(s->name), "%s",
		 mnl_attr_get_str(tb[VRS_A_VR_NAME]));
	s->count++;
	return MNL_CB_OK;
}

static int vr_get(const char *name, uint32_t id, struct vr_seen *s,
		  struct vrnl_err *e)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_GET, NLM_F_ACK);

	memset(s, 0, sizeof(*s));
	if (name)
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	if (id)
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	return talk(nlh, vr_get_cb, s, e);
}

/* Sends @nlh and expects errno @err, extack @msg and, when @attr is set,
 * the bad-attribute offset to point at @attr inside @nlh.
 */
static int expect_reject(struct nlmsghdr *nlh, int err, const char *msg,
			 const struct nlattr *attr, uint32_t miss_type)
{
	uint32_t off = attr ? (uint32_t)((const char *)attr - (const char *)nlh) : 0;
	struct vrnl_err e;
	int ret = talk(nlh, NULL, NULL, &e);

	CHECK(ret == -err, "errno %d (%s), want %d", e.err, strerror(e.err), err);
	CHECK(!strcmp(e.msg, msg), "extack \"%s\", want \"%s\"", e.msg, msg);
	CHECK(!attr || e.bad_attr_off == off, "bad attr offset %u, want %u",
	      e.bad_attr_off, off);
	CHECK(!miss_type || e.miss_type == miss_type,
	      "missing type %u, want %u", e.miss_type, miss_type);
	return 0;
}

static int reject_name(const char *name, int err, const char *msg)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	if (expect_reject(nlh, err, msg, a, 0))
		return 1;
	ktap_print("name \"%s\" rejected: %s", name, msg);
	return 0;
}

/* ---- tests ---------------------------------------------------------- */

static int test_create_get_delete(void)
{
	struct vr_seen s;
	struct vrnl_err e;

	CHECK(!vr_new("red", 0, &e), "create: %s", e.msg);
	CHECK(!vr_get("red", 0, &s, &e), "get by name: %s", e.msg);
	CHECK(s.count == 1 && s.id && !strcmp(s.name, "red"), "got %s/%u", s.name, s.id);
	uint32_t id = s.id;

	CHECK(!vr_get(NULL, id, &s, &e), "get by id: %s", e.msg);
	CHECK(!strcmp(s.name, "red") && s.id == id, "got %s/%u", s.name, s.id);
	CHECK(!vr_get("red", id, &s, &e), "get by both: %s", e.msg);
	CHECK(!vr_del_name("red"), "delete");
	CHECK(vr_get("red", 0, &s, &e) == -ENOENT, "still there after delete");
	return 0;
}

static int test_explicit_and_allocated_ids(void)
{
	struct vr_seen s;
	struct vrnl_err e;

	CHECK(!vr_new("blue", 4000000000u, &e), "create id 4e9: %s", e.msg);
	CHECK(!vr_get(NULL, 4000000000u, &s, &e) && !strcmp(s.name, "blue"), "get");
	CHECK(!vr_new("green", 0, &e), "allocated: %s", e.msg);
	CHECK(!vr_get("green", 0, &s, &e) && s.id && s.id != 4000000000u, "id %u", s.id);
	CHECK(!vr_new("max", UINT32_MAX, &e), "id U32_MAX: %s", e.msg);
	vr_del_name("blue");
	vr_del_name("green");
	vr_del_name("max");
	return 0;
}

static int test_name_policy(void)
{
	if (reject_name("", EINVAL, "VR name is empty") ||
	    reject_name("sixteen-bytes-xx", ENAMETOOLONG,
			"VR name is longer than 15 bytes") ||
	    reject_name("a b", EINVAL,
			"VR name may only contain letters, digits, '_', '.' and '-'") ||
	    reject_name("a/b", EINVAL,
			"VR name may only contain letters, digits, '_', '.' and '-'") ||
	    reject_name("12345", EINVAL,
			"VR name must not be a number (it would read as an id)") ||
	    reject_name(".", EINVAL, "VR name must not be '.' or '..'") ||
	    reject_name("..", EINVAL, "VR name must not be '.' or '..'"))
		return 1;
	return 0;
}

static int test_name_max_len_accepted(void)
{
	struct vrnl_err e;

	CHECK(!vr_new("fifteen-bytes-x", 0, &e), "15 bytes: %s", e.msg);
	CHECK(!vr_del_name("fifteen-bytes-x"), "delete");
	return 0;
}

static int test_duplicates(void)
{
	struct vrnl_err e;
	int ret = 0;

	CHECK(!vr_new("dup", 77, &e), "create: %s", e.msg);
	if (vr_new("dup", 0, &e) != -EEXIST ||
	    strcmp(e.msg, "A VR with this name already exists")) {
		ktap_print("duplicate name: %d \"%s\"", e.err, e.msg);
		ret = 1;
	}
	if (vr_new("other", 77, &e) != -EEXIST ||
	    strcmp(e.msg, "A VR with this id already exists")) {
		ktap_print("duplicate id: %d \"%s\"", e.err, e.msg);
		ret = 1;
	}
	vr_del_name("dup");
	CHECK(vr_del_name("other") == -ENOENT, "failed create left a VR behind");
	return ret;
}

static int test_id_policy(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct nlattr *a;
	uint16_t small = 5;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "zero");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VRS_A_VR_ID, 0);
	if (expect_reject(nlh, ERANGE, "integer out of range", a, 0))
		return 1;

	nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "short");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, VRS_A_VR_ID, sizeof(small), &small);
	return expect_reject(nlh, EINVAL, "invalid attribute length", a, 0);
}

static int test_unknown_and_unsupported_attrs(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct nlattr *a;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "unk");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, 200, 1);
	if (expect_reject(nlh, EINVAL, "Unknown attribute type", a, 0))
		return 1;

	nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "unk");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VRS_A_PAD, 1);
	return expect_reject(nlh, EINVAL, "Unsupported attribute", a, 0);
}

static int test_missing_attrs(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);

	if (expect_reject(nlh, EINVAL, "VR name is required", NULL,
			  VRS_A_VR_NAME))
		return 1;
	nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	if (expect_reject(nlh, EINVAL, "VR id or name is required", NULL,
			  VRS_A_VR_ID))
		return 1;
	nlh = req(VRS_CMD_VR_GET, NLM_F_ACK);
	return expect_reject(nlh, EINVAL, "VR id or name is required", NULL,
			     VRS_A_VR_ID);
}

static int test_lookup_errors(void)
{
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	struct nlattr *a;

	nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "nosuch");
	if (expect_reject(nlh, ENOENT, "No VR with this name", a, 0))
		return 1;
	nlh = req(VRS_CMD_VR_GET, NLM_F_ACK);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VRS_A_VR_ID, 123456);
	if (expect_reject(nlh, ENOENT, "No VR with this id", a, 0))
		return 1;

	CHECK(!vr_new("one", 11, &e) && !vr_new("two", 12, &e), "create");
	nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VRS_A_VR_ID, 11);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "two");
	if (expect_reject(nlh, EINVAL, "VR id and name refer to different VRs",
			  a, 0))
		return 1;
	CHECK(!vr_del_name("one") && !vr_del_name("two"), "mismatch deleted one");
	return 0;
}

static int test_header_strictness(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	g->reserved = 1;
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "rsv");
	if (expect_reject(nlh, EINVAL, "genlmsghdr.reserved field is not 0",
			  NULL, 0))
		return 1;
	nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "flags");
	if (expect_reject(nlh, EINVAL,
			  "ambiguous or reserved bits set in nlmsg_flags",
			  NULL, 0))
		return 1;
	nlh = req(__VRS_CMD_MAX + 5, NLM_F_ACK);
	return expect_reject(nlh, EOPNOTSUPP, "", NULL, 0);
}

/* ---- dumps ---------------------------------------------------------- */

#define MANY 10000

struct dump_state {
	unsigned char *seen;	/* by id, ids 1..MANY expected */
	unsigned int total, dup, foreign, msgs;
	uint32_t last_id;
	bool ordered;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct dump_state *d = data;
	uint32_t id;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ID])
		return MNL_CB_ERROR;
	id = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	d->total++;
	if (id <= d->last_id)
		d->ordered = false;
	d->last_id = id;
	if (id < 1 || id > MANY)
		d->foreign++;
	else if (d->seen[id]++)
		d->dup++;
	return MNL_CB_OK;
}

static int create_many(void)
{
	char name[VRS_VR_NAME_SIZ];
	struct vrnl_err e;
	uint32_t i;

	for (i = 1; i <= MANY; i++) {
		snprintf(name, sizeof(name), "vr%u", i);
		if (vr_new(name, i, &e)) {
			ktap_print("create %s: %s", name, e.msg);
			return 1;
		}
	}
	return 0;
}

/* Counts the parts of a dump by counting the reads that carry data. */
static int test_dump_10000(void)
{
	struct dump_state d = { .ordered = true };
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint32_t seq, portid = mnl_socket_get_portid(nl.sock);
	int len, done = 0, parts = 0;

	if (create_many())
		return 1;
	d.seen = calloc(MANY + 1, 1);
	nlh = req(VRS_CMD_VR_GET, NLM_F_DUMP);
	seq = nlh->nlmsg_seq;
	CHECK(mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) > 0, "send");
	while (!done) {
		len = (int)mnl_socket_recvfrom(nl.sock, nl.buf, nl.bufsz);
		CHECK(len > 0, "recv: %s", strerror(errno));
		parts++;
		len = mnl_cb_run(nl.buf, len, seq, portid, dump_cb, &d);
		CHECK(len >= 0, "dump: %s", strerror(errno));
		done = len == MNL_CB_STOP;
	}
	(void)e;
	ktap_print("dumped %u VRs in %d parts", d.total, parts);
	CHECK(d.total == MANY && !d.dup && !d.foreign, "total %u dup %u foreign %u",
	      d.total, d.dup, d.foreign);
	CHECK(d.ordered, "dump not ordered by id");
	CHECK(parts > 1, "dump did not resume across messages");
	free(d.seen);
	return 0;
}

/* A change between two parts of a dump sets NLM_F_DUMP_INTR. */
static int test_dump_interrupted(void)
{
	struct vrnl_nl other;
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	bool intr = false, changed = false;
	int len, done = 0;

	CHECK(!vrnl_nl_open(&other), "second socket");
	nlh = req(VRS_CMD_VR_GET, NLM_F_DUMP);
	CHECK(mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) > 0, "send");
	while (!done) {
		const struct nlmsghdr *m;

		len = (int)mnl_socket_recvfrom(nl.sock, nl.buf, nl.bufsz);
		CHECK(len > 0, "recv");
		for (m = (void *)nl.buf; mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
			intr |= !!(m->nlmsg_flags & NLM_F_DUMP_INTR);
			done |= m->nlmsg_type == NLMSG_DONE;
		}
		if (!changed) {
			nlh = vrnl_nl_req(&other, VRS_CMD_VR_NEW, NLM_F_ACK);
			mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "midump");
			CHECK(!vrnl_nl_talk(&other, nlh, NULL, NULL, &e), "create: %s", e.msg);
			changed = true;
		}
	}
	vrnl_nl_close(&other);
	vr_del_name("midump");
	CHECK(intr, "no NLM_F_DUMP_INTR after a change mid-dump");
	return 0;
}

static int test_delete_many(void)
{
	struct dump_state d = { .ordered = true };
	char name[VRS_VR_NAME_SIZ];
	struct vrnl_err e;
	uint32_t i;

	for (i = 1; i <= MANY; i++) {
		snprintf(name, sizeof(name), "vr%u", i);
		CHECK(!vr_del_name(name), "delete %s", name);
	}
	d.seen = calloc(MANY + 1, 1);
	CHECK(!talk(req(VRS_CMD_VR_GET, NLM_F_DUMP), dump_cb, &d, &e), "dump");
	free(d.seen);
	CHECK(d.total == 0, "%u VRs left", d.total);
	return 0;
}

/* ---- permissions, notifications, namespaces -------------------------- */

/* Without CAP_NET_ADMIN nobody creates or deletes a VR; reading works. */
static int test_unprivileged(void)
{
	struct vrnl_err e;
	pid_t pid;
	int status;

	CHECK(!vr_new("priv", 0, &e), "create: %s", e.msg);
	pid = fork();
	if (pid == 0) {
		struct vrnl_nl unpriv;
		struct nlmsghdr *nlh;
		struct vr_seen s = { 0 };

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (vrnl_nl_open(&unpriv))
			_exit(11);
		nlh = vrnl_nl_req(&unpriv, VRS_CMD_VR_NEW, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "evil");
		if (vrnl_nl_talk(&unpriv, nlh, NULL, NULL, &e) != -EPERM)
			_exit(12);
		nlh = vrnl_nl_req(&unpriv, VRS_CMD_VR_DEL, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "priv");
		if (vrnl_nl_talk(&unpriv, nlh, NULL, NULL, &e) != -EPERM)
			_exit(13);
		nlh = vrnl_nl_req(&unpriv, VRS_CMD_VR_GET, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "priv");
		if (vrnl_nl_talk(&unpriv, nlh, vr_get_cb, &s, &e) || s.count != 1)
			_exit(14);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	vr_del_name("priv");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "unprivileged child failed at step %d", WEXITSTATUS(status));
	return 0;
}

struct event {
	uint8_t cmd;
	struct vr_seen vr;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct event *ev = data;

	ev->cmd = g->cmd;
	return vr_get_cb(nlh, &ev->vr);
}

/* Reads one notification; returns 0 if one arrived within 1 s. */
static int read_event(struct vrnl_nl *l, struct event *ev)
{
	int fd = mnl_socket_get_fd(l->sock), len;
	struct timeval tv = { .tv_sec = 1 };

	memset(ev, 0, sizeof(*ev));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = (int)mnl_socket_recvfrom(l->sock, l->buf, l->bufsz);
	if (len <= 0)
		return -1;
	return mnl_cb_run(l->buf, len, 0, 0, event_cb, ev) < 0 ? -1 : 0;
}

static int open_listener(struct vrnl_nl *l)
{
	if (vrnl_nl_open(l) || vrnl_nl_join(l, VRS_MCGRP_VR))
		return -1;
	return 0;
}

static int test_notifications(void)
{
	struct vrnl_nl listener, other_ns;
	int self_ns = open("/proc/self/ns/net", O_RDONLY);
	struct vrnl_err e;
	struct event ev;

	CHECK(self_ns >= 0, "open netns");
	CHECK(!open_listener(&listener), "listener");
	/* A listener in another namespace must hear nothing of ours. */
	CHECK(!unshare(CLONE_NEWNET), "unshare: %s", strerror(errno));
	CHECK(!open_listener(&other_ns), "listener in other netns");
	CHECK(!setns(self_ns, CLONE_NEWNET), "setns back");
	close(self_ns);

	CHECK(!vr_new("notify", 4242, &e), "create: %s", e.msg);
	CHECK(!vr_del_name("notify"), "delete");
	CHECK(!read_event(&listener, &ev), "no create event");
	CHECK(ev.cmd == VRS_CMD_VR_NEW && ev.vr.id == 4242 &&
	      !strcmp(ev.vr.name, "notify"), "create event %u %s/%u", ev.cmd,
	      ev.vr.name, ev.vr.id);
	CHECK(!read_event(&listener, &ev), "no delete event");
	CHECK(ev.cmd == VRS_CMD_VR_DEL && ev.vr.id == 4242, "delete event %u",
	      ev.cmd);
	CHECK(read_event(&other_ns, &ev), "other namespace heard event %u", ev.cmd);
	vrnl_nl_close(&listener);
	vrnl_nl_close(&other_ns);
	return 0;
}

/* NLM_F_ECHO returns the notification to the requester. */
static int echo_cb(const struct nlmsghdr *nlh, void *data)
{
	return event_cb(nlh, data);
}

static int test_echo(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK | NLM_F_ECHO);
	struct vrnl_err e;
	struct event ev = { 0 };

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "echo");
	CHECK(!talk(nlh, echo_cb, &ev, &e), "create: %s", e.msg);
	vr_del_name("echo");
	CHECK(ev.cmd == VRS_CMD_VR_NEW && !strcmp(ev.vr.name, "echo") && ev.vr.id,
	      "echo %u %s", ev.cmd, ev.vr.name);
	return 0;
}

/* Each namespace has its own VRs: same name twice, and invisible across. */
static int test_netns_isolation(void)
{
	int self_ns = open("/proc/self/ns/net", O_RDONLY);
	struct vrnl_nl saved = nl;
	struct vr_seen s;
	struct vrnl_err e;
	int ret = 0;

	CHECK(!vr_new("tenant", 5, &e), "create here: %s", e.msg);
	CHECK(!unshare(CLONE_NEWNET), "unshare");
	CHECK(!vrnl_nl_open(&nl), "socket in new netns");
	if (vr_get("tenant", 0, &s, &e) != -ENOENT) {
		ktap_print("VR of another namespace is visible");
		ret = 1;
	}
	if (vr_new("tenant", 5, &e)) {
		ktap_print("same name/id in another namespace: %s", e.msg);
		ret = 1;
	}
	/* Leave the VR behind: namespace teardown must free it. */
	vrnl_nl_close(&nl);
	nl = saved;
	CHECK(!setns(self_ns, CLONE_NEWNET), "setns back");
	close(self_ns);
	CHECK(!vr_get("tenant", 0, &s, &e) && s.id == 5, "ours changed");
	vr_del_name("tenant");
	return ret;
}

static const struct nltest tests[] = {
	{ "create_get_delete", test_create_get_delete },
	{ "explicit_and_allocated_ids", test_explicit_and_allocated_ids },
	{ "name_policy", test_name_policy },
	{ "name_max_len_accepted", test_name_max_len_accepted },
	{ "duplicates", test_duplicates },
	{ "id_policy", test_id_policy },
	{ "unknown_and_unsupported_attrs", test_unknown_and_unsupported_attrs },
	{ "missing_attrs", test_missing_attrs },
	{ "lookup_errors", test_lookup_errors },
	{ "header_strictness", test_header_strictness },
	{ "unprivileged", test_unprivileged },
	{ "notifications", test_notifications },
	{ "echo", test_echo },
	{ "netns_isolation", test_netns_isolation },
	{ "dump_10000", test_dump_10000 },
	{ "dump_interrupted", test_dump_interrupted },
	{ "delete_many", test_delete_many },
};

static int setup(void)
{
	int err = vrnl_nl_open(&nl);

	if (err)
		ktap_print("cannot open the vrs family: %s", strerror(-err));
	return err ? NLTEST_SKIP : 0;
}

static void teardown(void)
{
	vrnl_nl_close(&nl);
}

int main(void)
{
	return nltest_run(tests, NLTEST_N(tests), setup, teardown);
}
