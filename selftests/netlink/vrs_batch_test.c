// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of VRS_CMD_ROUTE_BATCH: ops apply in order, each as its
 * single command would; the first failure stops the batch with its errno,
 * extack and index (extack cookie) and leaves the later ops unapplied;
 * policy rejections inside an op name the attribute; malformed lists and
 * a missing VR fail as a whole with nothing applied; permission; one
 * notification per route.
 *
 * Runs as root in the test VM; builds its own veth + VR and removes them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "nltest.h"
#include "rt_util.h"

#pragma GCC diagnostic ignored "-Woverride-init"
#define V4(d, ...) ((struct rt_spec){ .dst = d, .family = AF_INET, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })
#define V6(d, ...) ((struct rt_spec){ .dst = d, .family = AF_INET6, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })
#define NEW	VRS_CMD_ROUTE_NEW
#define DEL	VRS_CMD_ROUTE_DEL
#define GW	.nh = {{ .gw = "10.0.0.2" }}

/* ---- building and sending batches ----------------------------------- */

struct batch {
	struct nlmsghdr *nlh;
	struct nlattr *list;
	struct nlattr *op[16];	/* each op's nest */
	struct nlattr *nh[16];	/* each op's first next hop, or NULL */
	int n;
};

static void batch_start(struct batch *b, const char *vr)
{
	memset(b, 0, sizeof(*b));
	b->nlh = req(VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
	if (vr)
		mnl_attr_put_strz(b->nlh, VRS_A_VR_NAME, vr);
	b->list = mnl_attr_nest_start(b->nlh, VRS_A_RT_BATCH);
}

static void batch_op(struct batch *b, uint8_t cmd, const struct rt_spec *s)
{
	b->op[b->n] = mnl_attr_nest_start(b->nlh, VRS_A_RT_OP);
	mnl_attr_put_u8(b->nlh, VRS_A_RT_OP_CMD, cmd);
	b->nh[b->n++] = rt_put(b->nlh, s);
	mnl_attr_nest_end(b->nlh, b->op[b->n - 1]);
}

static int batch_send(struct batch *b, struct vrnl_err *e)
{
	mnl_attr_nest_end(b->nlh, b->list);
	return talk(b->nlh, NULL, NULL, e);
}

static uint32_t off(const struct batch *b, const void *p)
{
	return (uint32_t)((const char *)p - (const char *)b->nlh);
}

/* The failing op's index from the extack cookie, -1 if none. */
static int failed_index(const struct vrnl_err *e)
{
	uint32_t idx;

	if (e->cookie_len != sizeof(idx))
		return -1;
	memcpy(&idx, e->cookie, sizeof(idx));
	return (int)idx;
}

static int expect_fail(struct batch *b, int err, const char *msg, int idx)
{
	struct vrnl_err e;
	int ret = batch_send(b, &e);

	CHECK(ret == -err, "errno %d (%s) \"%s\", want %d", e.err,
	      strerror(e.err), e.msg, err);
	CHECK(!strcmp(e.msg, msg), "extack \"%s\", want \"%s\"", e.msg, msg);
	CHECK(failed_index(&e) == idx, "index %d, want %d", failed_index(&e), idx);
	return 0;
}

struct count {
	const char *dst;
	int n;
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct count *c = data;
	struct rt_seen r;

	if (!rt_parse(nlh, &r) && !strcmp(r.dst, c->dst))
		c->n++;
	return MNL_CB_OK;
}

/* How many routes VR b1 has for prefix @dst; -1 if the dump fails. */
static int routes_of(int family, const char *dst)
{
	struct nlmsghdr *nlh = req(VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	struct count c = { .dst = dst };
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "b1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, family);
	if (talk(nlh, count_cb, &c, &e))
		return -1;
	return c.n;
}

/* ---- setup ------------------------------------------------------------ */

static int setup_topology(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct vrnl_err e;
	int i;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "b1");
	if (talk(nlh, NULL, NULL, &e) ||
	    system("ip link add bb0 type veth peer name bb0p && ip link set bb0 up"))
		return -1;
	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "b1");
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "bb0");
	mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, "vbb0");
	if (talk(nlh, NULL, NULL, &e) ||
	    system("ip link set vbb0 up && ip addr add 10.0.0.1/24 dev vbb0 && "
		   "ip -6 addr add 2001:db8::1/64 dev vbb0 nodad"))
		return -1;
	for (i = 0; i < 100; i++) {	/* kernel routes come asynchronously */
		if (routes_of(AF_INET6, "2001:db8::/64") == 1 &&
		    routes_of(AF_INET, "10.0.0.0/24") == 1)
			return 0;
		usleep(20000);
	}
	return -1;
}

static void teardown_topology(void)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "b1");
	talk(nlh, NULL, NULL, &e);
	if (system("ip link del bb0"))
		ktap_print("teardown: ip link del failed");
}

/* ---- tests ------------------------------------------------------------ */

static int test_in_order(void)
{
	struct vrnl_err e;
	struct batch b;

	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.1.0.0/16", GW));
	batch_op(&b, NEW, &V6("2001:db8:1::/48", .nh = {{ .gw = "2001:db8::2" }}));
	batch_op(&b, DEL, &V4("10.1.0.0/16"));
	/* Only in order can this add find nothing to collide with. */
	batch_op(&b, NEW, &V4("10.1.0.0/16", .nh = {{ .gw = "10.0.0.3" }}));
	batch_op(&b, NEW, &V4("10.1.0.0/16", .nlflags = NLM_F_CREATE | NLM_F_APPEND,
			      .nh = {{ .gw = "10.0.0.4" }}));
	CHECK(!batch_send(&b, &e), "batch: %s (%s)", strerror(e.err), e.msg);
	CHECK(routes_of(AF_INET, "10.1.0.0/16") == 2, "v4 routes");
	CHECK(routes_of(AF_INET6, "2001:db8:1::/48") == 1, "v6 route");
	batch_start(&b, "b1");
	batch_op(&b, DEL, &V4("10.1.0.0/16"));
	batch_op(&b, DEL, &V4("10.1.0.0/16"));
	batch_op(&b, DEL, &V6("2001:db8:1::/48"));
	CHECK(!batch_send(&b, &e), "delete: %s (%s)", strerror(e.err), e.msg);
	CHECK(!routes_of(AF_INET, "10.1.0.0/16") &&
	      !routes_of(AF_INET6, "2001:db8:1::/48"), "left over");
	return 0;
}

static int test_stops_at_failure(void)
{
	struct batch b;

	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.2.1.0/24", GW));
	batch_op(&b, NEW, &V4("10.2.2.0/24", GW));
	batch_op(&b, NEW, &V4("10.2.1.0/24", GW));
	batch_op(&b, NEW, &V4("10.2.3.0/24", GW));
	if (expect_fail(&b, EEXIST, "Route exists", 2))
		return 1;
	CHECK(routes_of(AF_INET, "10.2.1.0/24") == 1 &&
	      routes_of(AF_INET, "10.2.2.0/24") == 1, "ops before the failure");
	CHECK(!routes_of(AF_INET, "10.2.3.0/24"), "op after the failure applied");

	batch_start(&b, "b1");
	batch_op(&b, DEL, &V4("10.2.1.0/24"));
	batch_op(&b, DEL, &V4("10.2.1.0/24"));
	batch_op(&b, DEL, &V4("10.2.2.0/24"));
	if (expect_fail(&b, ESRCH, "No such route", 1))
		return 1;
	CHECK(routes_of(AF_INET, "10.2.2.0/24") == 1, "delete after the failure");

	/* The first op's own failure: index 0, nothing applied. */
	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.2.4.0/24", .nh = {{ .gw = "10.77.0.1" }}));
	batch_op(&b, NEW, &V4("10.2.5.0/24", GW));
	if (expect_fail(&b, ENETUNREACH, "Nexthop has invalid gateway", 0))
		return 1;
	CHECK(!routes_of(AF_INET, "10.2.5.0/24"), "applied after index 0");
	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.2.6.0/24", GW));
	batch_op(&b, NEW, &V4("10.2.7.0/24", .nlflags = NLM_F_REPLACE, GW));
	return expect_fail(&b, ENOENT, "Route does not exist", 1);
}

static int test_op_policy(void)
{
	struct vrnl_err e;
	struct nlattr *a;
	struct batch b;

	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.3.1.0/24", GW));
	batch_op(&b, NEW, &V4("10.3.2.0/24", .nh = {{ .gw = "10.0.0.2", .weight = 300 }}));
	if (expect_fail(&b, ERANGE, "integer out of range", 1))
		return 1;
	CHECK(routes_of(AF_INET, "10.3.1.0/24") == 1, "op before the rejection");

	/* The attribute at fault is named by its offset in the request. */
	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.3.3.0/24", GW));
	batch_op(&b, NEW, &V4("10.3.4.0/24", .nlflags = NLM_F_ECHO, GW));
	a = (struct nlattr *)((char *)b.op[1] + MNL_ATTR_HDRLEN);
	while (mnl_attr_get_type(a) != VRS_A_RT_NLFLAGS)
		a = mnl_attr_next(a);
	CHECK(batch_send(&b, &e) == -EINVAL && !strcmp(e.msg, "reserved bit set") &&
	      e.bad_attr_off == off(&b, a) && failed_index(&e) == 1,
	      "nlflags: %d \"%s\" off %u want %u idx %d", e.err, e.msg,
	      e.bad_attr_off, off(&b, a), failed_index(&e));
	CHECK(!routes_of(AF_INET, "10.3.4.0/24") && routes_of(AF_INET, "10.3.3.0/24") == 1,
	      "state after the rejection");

	/* The VR is the batch's: an op may not name one. */
	batch_start(&b, "b1");
	b.op[0] = mnl_attr_nest_start(b.nlh, VRS_A_RT_OP);
	mnl_attr_put_u8(b.nlh, VRS_A_RT_OP_CMD, NEW);
	a = mnl_nlmsg_get_payload_tail(b.nlh);
	rt_put(b.nlh, &V4("10.3.5.0/24", .vr = "b1", GW));
	mnl_attr_nest_end(b.nlh, b.op[0]);
	CHECK(batch_send(&b, &e) == -EINVAL && !strcmp(e.msg, "Unsupported attribute") &&
	      e.bad_attr_off == off(&b, a) && failed_index(&e) == 0,
	      "VR in op: %d \"%s\" off %u want %u", e.err, e.msg, e.bad_attr_off,
	      off(&b, a));

	/* The op's command: required, ROUTE_NEW or ROUTE_DEL. */
	batch_start(&b, "b1");
	b.op[0] = mnl_attr_nest_start(b.nlh, VRS_A_RT_OP);
	rt_put(b.nlh, &V4("10.3.6.0/24", GW));
	mnl_attr_nest_end(b.nlh, b.op[0]);
	CHECK(batch_send(&b, &e) == -EINVAL &&
	      !strcmp(e.msg, "Route batch op needs a command") &&
	      e.miss_type == VRS_A_RT_OP_CMD && failed_index(&e) == 0,
	      "no command: %d \"%s\" miss %u", e.err, e.msg, e.miss_type);
	batch_start(&b, "b1");
	batch_op(&b, VRS_CMD_ROUTE_GET, &V4("10.3.7.0/24", GW));
	if (expect_fail(&b, ERANGE, "integer out of range", 0))
		return 1;
	batch_start(&b, "b1");
	batch_op(&b, DEL, &V4("10.3.1.0/24"));
	batch_op(&b, DEL, &V4("10.3.3.0/24"));
	CHECK(!batch_send(&b, &e), "cleanup: %s", e.msg);
	return 0;
}

/* Failures of the request as a whole: no cookie, nothing applied. */
static int test_whole_request(void)
{
	struct vrnl_err e;
	struct batch b;

	batch_start(&b, "nosuch");
	batch_op(&b, NEW, &V4("10.4.1.0/24", GW));
	if (expect_fail(&b, ENOENT, "No VR with this name", -1))
		return 1;
	b.nlh = req(VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
	mnl_attr_put_strz(b.nlh, VRS_A_VR_NAME, "b1");
	CHECK(talk(b.nlh, NULL, NULL, &e) == -EINVAL &&
	      !strcmp(e.msg, "Route batch needs a list of ops") &&
	      e.miss_type == VRS_A_RT_BATCH && failed_index(&e) == -1,
	      "no list: %s", e.msg);
	batch_start(&b, "b1");
	if (expect_fail(&b, EINVAL, "Empty route batch", -1))
		return 1;
	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.4.2.0/24", GW));
	mnl_attr_put_u32(b.nlh, VRS_A_RT_PRIORITY, 1);
	if (expect_fail(&b, EINVAL, "Route batch entries must be nested VRS_A_RT_OP", -1))
		return 1;
	CHECK(!routes_of(AF_INET, "10.4.2.0/24"), "op of a malformed list applied");
	/* Route attributes belong in the ops. */
	b.nlh = req(VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
	mnl_attr_put_strz(b.nlh, VRS_A_VR_NAME, "b1");
	mnl_attr_put_u8(b.nlh, VRS_A_RT_FAMILY, AF_INET);
	CHECK(talk(b.nlh, NULL, NULL, &e) == -EINVAL &&
	      !strcmp(e.msg, "Unsupported attribute"), "top-level route attr: %s", e.msg);
	return 0;
}

static int test_unprivileged(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct vrnl_err e;
		struct batch b;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		vrnl_nl_close(&nl);
		if (vrnl_nl_open(&nl))
			_exit(11);
		batch_start(&b, "b1");
		batch_op(&b, NEW, &V4("10.5.0.0/24", GW));
		_exit(batch_send(&b, &e) == -EPERM ? 0 : 12);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "step %d", WEXITSTATUS(status));
	CHECK(!routes_of(AF_INET, "10.5.0.0/24"), "route added");
	return 0;
}

/* One notification per route, in order, as the single commands give. */
static int test_notifications(void)
{
	static const char *const want[] = { "10.6.1.0/24", "10.6.2.0/24", "10.6.1.0/24" };
	struct timeval tv = { .tv_sec = 1 };
	const struct genlmsghdr *g;
	const struct nlmsghdr *m;
	struct vrnl_nl l;
	struct vrnl_err e;
	struct rt_seen r;
	struct batch b;
	int len, n = 0;

	CHECK(!vrnl_nl_open(&l) && !vrnl_nl_join(&l, VRS_MCGRP_ROUTE), "listener");
	setsockopt(mnl_socket_get_fd(l.sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	batch_start(&b, "b1");
	batch_op(&b, NEW, &V4("10.6.1.0/24", GW));
	batch_op(&b, NEW, &V4("10.6.2.0/24", GW));
	batch_op(&b, DEL, &V4("10.6.1.0/24"));
	batch_op(&b, DEL, &V4("10.6.9.0/24"));	/* fails: no event */
	CHECK(batch_send(&b, &e) == -ESRCH && failed_index(&e) == 3, "batch");
	while (n < 4 && (len = (int)mnl_socket_recvfrom(l.sock, l.buf, l.bufsz)) > 0) {
		for (m = (void *)l.buf; mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
			g = mnl_nlmsg_get_payload(m);
			CHECK(n < 3, "extra event");
			CHECK(!rt_parse(m, &r) && !strcmp(r.dst, want[n]) &&
			      g->cmd == (n == 2 ? DEL : NEW), "event %d: %s cmd %u",
			      n, r.dst, g->cmd);
			n++;
		}
	}
	vrnl_nl_close(&l);
	CHECK(n == 3, "%d events", n);
	batch_start(&b, "b1");
	batch_op(&b, DEL, &V4("10.6.2.0/24"));
	CHECK(!batch_send(&b, &e), "cleanup");
	return 0;
}

/* A request of a thousand ops, as vrnl sends them (the list is one
 * attribute: < 64 KiB).
 */
static int test_many(void)
{
	static char buf[64 * 1024];
	struct nlattr *list;
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	char dst[32];
	int i;

	for (int cmd = NEW; cmd <= DEL; cmd++) {
		nlh = vrnl_nl_req_in(&nl, buf, VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "b1");
		list = mnl_attr_nest_start(nlh, VRS_A_RT_BATCH);
		for (i = 0; i < 1000; i++) {
			struct nlattr *op = mnl_attr_nest_start(nlh, VRS_A_RT_OP);

			snprintf(dst, sizeof(dst), "100.%d.%d.0/24", i / 256, i % 256);
			mnl_attr_put_u8(nlh, VRS_A_RT_OP_CMD, cmd);
			rt_put(nlh, &V4(dst, GW));
			mnl_attr_nest_end(nlh, op);
		}
		mnl_attr_nest_end(nlh, list);
		CHECK(!talk(nlh, NULL, NULL, &e), "%u bytes: %s (%s)", nlh->nlmsg_len,
		      strerror(e.err), e.msg);
		CHECK(routes_of(AF_INET, "100.3.231.0/24") == (cmd == NEW), "last route");
	}
	return 0;
}

static const struct nltest tests[] = {
	{ "in_order", test_in_order },
	{ "stops_at_failure", test_stops_at_failure },
	{ "op_policy", test_op_policy },
	{ "whole_request", test_whole_request },
	{ "unprivileged", test_unprivileged },
	{ "notifications", test_notifications },
	{ "many", test_many },
};

static int setup(void)
{
	if (vrnl_nl_open(&nl))
		return NLTEST_SKIP;
	if (setup_topology()) {
		ktap_print("setup failed");
		return 1;
	}
	return 0;
}

static void teardown(void)
{
	teardown_topology();
	vrnl_nl_close(&nl);
}

int main(void)
{
	return nltest_run(tests, NLTEST_N(tests), setup, teardown);
}
