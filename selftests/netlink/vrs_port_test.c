// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the port commands of the "vrs" generic netlink API: every
 * rejection of PORT_NEW/DEL/GET (errno, extack text and the attribute it
 * names), attach/get/detach, dumps of hundreds of ports across messages
 * and filtered by VR, notifications of the "link" group, permissions.
 *
 * Runs as root in the test VM with vrs.ko loaded; makes dummy devices
 * named vpt*, and leaves neither them nor VRs behind.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/vrs.h>

#include "nltest.h"
#include "../../userspace/nl.h"

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		ktap_print("`%s` failed: %d", cmd, rc);
	return rc;
}

static int vr_new(const char *name)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_NEW, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	return talk(nlh, NULL, NULL, &e);
}

static int vr_del(const char *name)
{
	struct nlmsghdr *nlh = req(VRS_CMD_VR_DEL, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	return talk(nlh, NULL, NULL, &e);
}

static int attach(const char *vr, const char *dev, const char *vport,
		  struct vrnl_err *e)
{
	struct nlmsghdr *nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, vr);
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
	if (vport)
		mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, vport);
	return talk(nlh, NULL, NULL, e);
}

static int detach(const char *dev, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = req(VRS_CMD_PORT_DEL, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
	return talk(nlh, NULL, NULL, e);
}

struct port_seen {
	char dev[IFNAMSIZ], vport[IFNAMSIZ], vr[VRS_VR_NAME_SIZ];
	uint32_t ifindex, vport_ifindex, vr_id;
	uint8_t cmd;
	bool stats;
	unsigned int count;
};

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct port_seen *s = data;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_PORT_IFNAME] ||
	    !tb[VRS_A_PORT_VPORT_NAME] || !tb[VRS_A_VR_NAME] ||
	    !tb[VRS_A_PORT_IFINDEX] || !tb[VRS_A_PORT_VPORT_IFINDEX] ||
	    !tb[VRS_A_VR_ID])
		return MNL_CB_ERROR;
	snprintf(s->dev, sizeof(s->dev), "%s", mnl_attr_get_str(tb[VRS_A_PORT_IFNAME]));
	snprintf(s->vport, sizeof(s->vport), "%s",
		 mnl_attr_get_str(tb[VRS_A_PORT_VPORT_NAME]));
	snprintf(s->vr, sizeof(s->vr), "%s", mnl_attr_get_str(tb[VRS_A_VR_NAME]));
	s->ifindex = mnl_attr_get_u32(tb[VRS_A_PORT_IFINDEX]);
	s->vport_ifindex = mnl_attr_get_u32(tb[VRS_A_PORT_VPORT_IFINDEX]);
	s->vr_id = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	s->stats = tb[VRS_A_PORT_STATS] != NULL;
	s->cmd = g->cmd;
	s->count++;
	return MNL_CB_OK;
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

	CHECK(ret == -err, "errno %d (%s), want %d (%s)", e.err, strerror(e.err),
	      err, e.msg);
	CHECK(!strcmp(e.msg, msg), "extack \"%s\", want \"%s\"", e.msg, msg);
	CHECK(!attr || e.bad_attr_off == off, "bad attr offset %u, want %u",
	      e.bad_attr_off, off);
	CHECK(!miss_type || e.miss_type == miss_type,
	      "missing type %u, want %u", e.miss_type, miss_type);
	ktap_print("rejected: %s", msg);
	return 0;
}

/* PORT_NEW for VR "pt" with one device attribute (@type, @val) that the
 * kernel must reject, naming that attribute.
 */
static int reject_dev_str(uint8_t cmd, int type, const char *val, int err,
			  const char *msg)
{
	struct nlmsghdr *nlh = req(cmd, NLM_F_ACK);
	struct nlattr *a;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, type, val);
	return expect_reject(nlh, err, msg, a, 0);
}

static int reject_dev_u32(uint8_t cmd, int type, uint32_t val, int err,
			  const char *msg)
{
	struct nlmsghdr *nlh = req(cmd, NLM_F_ACK);
	struct nlattr *a;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, type, val);
	return expect_reject(nlh, err, msg, a, 0);
}

/* ---- tests ---------------------------------------------------------- */

static int test_attach_get_detach(void)
{
	struct nlmsghdr *nlh;
	struct port_seen s = { 0 };
	struct vrnl_err e;

	CHECK(!sh("ip link add vpt0 type dummy"), "dummy");
	CHECK(!attach("pt", "vpt0", NULL, &e), "attach: %s", e.msg);
	nlh = req(VRS_CMD_PORT_GET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, VRS_A_PORT_IFINDEX, if_nametoindex("vpt0"));
	CHECK(!talk(nlh, port_cb, &s, &e), "get: %s", e.msg);
	CHECK(s.count == 1 && !strcmp(s.dev, "vpt0") && !strcmp(s.vport, "vvpt0") &&
	      !strcmp(s.vr, "pt") && s.stats &&
	      s.vport_ifindex == if_nametoindex("vvpt0"), "got %s %s %s",
	      s.dev, s.vport, s.vr);
	/* A port can be named by its vport too. */
	memset(&s, 0, sizeof(s));
	nlh = req(VRS_CMD_PORT_GET, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vvpt0");
	CHECK(!talk(nlh, port_cb, &s, &e) && !strcmp(s.dev, "vpt0"), "get by vport");
	CHECK(!detach("vpt0", &e), "detach: %s", e.msg);
	CHECK(!if_nametoindex("vvpt0"), "vport still there");
	CHECK(detach("vpt0", &e) == -ENOENT, "detached twice");
	/* The longest name: the default vport name is truncated. */
	CHECK(!sh("ip link add vpt-fifteen-xxx type dummy"), "dummy");
	CHECK(!attach("pt", "vpt-fifteen-xxx", NULL, &e), "attach: %s", e.msg);
	CHECK(if_nametoindex("vvpt-fifteen-xx"), "truncated vport name");
	CHECK(!sh("ip link del vpt-fifteen-xxx"), "del");
	sh("ip link del vpt0");
	return 0;
}

static int test_device_rejections(void)
{
	struct vrnl_err e;

	CHECK(!sh("ip link add vpt1 type dummy && ip link add vpt2 type dummy"), "dummies");
	CHECK(!attach("pt", "vpt1", NULL, &e), "attach: %s", e.msg);
	if (reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "nosuch", ENODEV,
			   "No device with this name") ||
	    reject_dev_u32(VRS_CMD_PORT_NEW, VRS_A_PORT_IFINDEX, 999999, ENODEV,
			   "No device with this ifindex") ||
	    reject_dev_u32(VRS_CMD_PORT_NEW, VRS_A_PORT_IFINDEX, 0, ERANGE,
			   "integer out of range") ||
	    reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "sixteen-bytes-xx",
			   ENAMETOOLONG, "Device name is longer than 15 bytes") ||
	    reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "a/b", EINVAL,
			   "Invalid device name") ||
	    reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "lo", EINVAL,
			   "A loopback device cannot be a port") ||
	    reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "vvpt1", EINVAL,
			   "A vport cannot be a port") ||
	    reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "vpt1", EBUSY,
			   "Device is already a port of a VR") ||
	    reject_dev_str(VRS_CMD_PORT_DEL, VRS_A_PORT_IFNAME, "vpt2", ENOENT,
			   "Device is not a port") ||
	    reject_dev_str(VRS_CMD_PORT_GET, VRS_A_PORT_IFNAME, "vpt2", ENOENT,
			   "Device is not a port"))
		return 1;
	/* A kernel without bridges (a tinyconfig debug kernel) skips this. */
	if (!sh("ip link add vptbr type bridge 2>/dev/null")) {
		CHECK(!sh("ip link set vpt2 master vptbr"), "bridge port");
		if (reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "vpt2", EBUSY,
				   "Device already has an rx_handler (bridge, bond, macvlan, ...)"))
			return 1;
		sh("ip link del vptbr");
	} else {
		ktap_print("no bridge support: rx_handler EBUSY case not run");
	}
	if (!sh("ip link add vptcan type vcan 2>/dev/null")) {
		if (reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_PORT_IFNAME, "vptcan", EOPNOTSUPP,
				   "Device type not supported: neither Ethernet nor an L3 tunnel"))
			return 1;
		sh("ip link del vptcan");
	}
	sh("ip link del vpt1; ip link del vpt2");
	return 0;
}

static int test_request_rejections(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;
	uint32_t idx;

	CHECK(!sh("ip link add vpt3 type dummy && ip link add vpt4 type dummy"), "dummies");
	idx = if_nametoindex("vpt3");

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	if (expect_reject(nlh, EINVAL, "Device ifindex or name is required", NULL,
			  VRS_A_PORT_IFINDEX))
		return 1;
	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vpt3");
	if (expect_reject(nlh, EINVAL, "VR id or name is required", NULL, VRS_A_VR_ID))
		return 1;
	if (reject_dev_str(VRS_CMD_PORT_NEW, VRS_A_VR_NAME, "nosuch", ENOENT,
			   "No VR with this name"))
		return 1;
	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, VRS_A_PORT_IFINDEX, 3);
	if (expect_reject(nlh, EINVAL, "invalid attribute length", a, 0))
		return 1;
	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, VRS_A_VR_ID, 3);
	if (expect_reject(nlh, EINVAL, "invalid attribute length", a, 0))
		return 1;

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	mnl_attr_put_u32(nlh, VRS_A_PORT_IFINDEX, idx);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vpt4");
	if (expect_reject(nlh, EINVAL, "Device ifindex and name refer to different devices",
			  a, 0))
		return 1;

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	mnl_attr_put_u32(nlh, VRS_A_PORT_IFINDEX, idx);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, "vpt4");
	if (expect_reject(nlh, EEXIST, "A device with the vport's name already exists", a, 0))
		return 1;

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	mnl_attr_put_u32(nlh, VRS_A_PORT_IFINDEX, idx);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, "");
	if (expect_reject(nlh, EINVAL, "Invalid device name", a, 0))
		return 1;

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	mnl_attr_put_u32(nlh, VRS_A_PORT_IFINDEX, idx);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VRS_A_PORT_VPORT_IFINDEX, 5);
	if (expect_reject(nlh, EINVAL, "The vport's ifindex is only reported, not set", a, 0))
		return 1;

	nlh = req(VRS_CMD_PORT_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, VRS_A_RT_PRIORITY, 5);
	if (expect_reject(nlh, EINVAL, "Unknown attribute type", a, 0))
		return 1;

	CHECK(!vr_new("pt2"), "vr pt2");
	{
		struct vrnl_err e;

		CHECK(!attach("pt", "vpt3", NULL, &e), "attach: %s", e.msg);
		nlh = req(VRS_CMD_PORT_DEL, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt2");
		mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vpt3");
		if (expect_reject(nlh, ENOENT, "Device is not a port of this VR", NULL, 0))
			return 1;
	}
	vr_del("pt2");
	sh("ip link del vpt3; ip link del vpt4");
	return 0;
}

#define NPORTS 300

static int test_dump_many(void)
{
	struct port_seen s = { 0 };
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	FILE *f;
	int i;

	CHECK(!vr_new("pta") && !vr_new("ptb") && !vr_new("ptc"), "VRs");
	f = fopen("/tmp/vpt.batch", "w");
	CHECK(f, "batch file");
	for (i = 0; i < NPORTS; i++)
		fprintf(f, "link add vptd%d type dummy\n", i);
	fclose(f);
	CHECK(!sh("ip -batch /tmp/vpt.batch"), "dummies");
	for (i = 0; i < NPORTS; i++) {
		char dev[IFNAMSIZ];

		snprintf(dev, sizeof(dev), "vptd%d", i);
		CHECK(!attach(i % 3 == 0 ? "pta" : i % 3 == 1 ? "ptb" : "ptc",
			      dev, NULL, &e), "attach %s: %s", dev, e.msg);
	}
	nlh = req(VRS_CMD_PORT_GET, NLM_F_DUMP);
	CHECK(!talk(nlh, port_cb, &s, &e), "dump: %s", e.msg);
	CHECK(s.count >= NPORTS, "dumped %u ports, want %u", s.count, NPORTS);
	memset(&s, 0, sizeof(s));
	nlh = req(VRS_CMD_PORT_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "ptb");
	CHECK(!talk(nlh, port_cb, &s, &e), "dump ptb: %s", e.msg);
	CHECK(s.count == NPORTS / 3 && !strcmp(s.vr, "ptb"), "ptb: %u ports", s.count);

	nlh = req(VRS_CMD_PORT_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "nosuch");
	CHECK(talk(nlh, port_cb, &s, &e) == -ENOENT &&
	      !strcmp(e.msg, "No VR with this name"), "dump of no VR: %d %s", e.err, e.msg);

	/* Deleting the VRs detaches their ports. */
	CHECK(!vr_del("pta") && !vr_del("ptb") && !vr_del("ptc"), "delete VRs");
	CHECK(!if_nametoindex("vvptd0") && if_nametoindex("vptd0"), "vports left");
	f = fopen("/tmp/vpt.batch", "w");
	for (i = 0; i < NPORTS; i++)
		fprintf(f, "link del vptd%d\n", i);
	fclose(f);
	return sh("ip -batch /tmp/vpt.batch");
}

static int read_event(struct vrnl_nl *l, struct port_seen *s)
{
	int fd = mnl_socket_get_fd(l->sock), len;
	struct timeval tv = { .tv_sec = 1 };

	memset(s, 0, sizeof(*s));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = (int)mnl_socket_recvfrom(l->sock, l->buf, l->bufsz);
	if (len <= 0)
		return -1;
	return mnl_cb_run(l->buf, len, 0, 0, port_cb, s) < 0 ? -1 : 0;
}

static int test_notifications(void)
{
	struct vrnl_nl l;
	struct port_seen s;
	struct vrnl_err e;

	CHECK(!vrnl_nl_open(&l) && !vrnl_nl_join(&l, VRS_MCGRP_LINK), "listener");
	CHECK(!sh("ip link add vpt5 type dummy && ip link add vpt6 type dummy"), "dummies");
	CHECK(!attach("pt", "vpt5", "tenant5", &e), "attach: %s", e.msg);
	CHECK(!read_event(&l, &s) && s.cmd == VRS_CMD_PORT_NEW &&
	      !strcmp(s.dev, "vpt5") && !strcmp(s.vport, "tenant5"), "attach event");
	CHECK(!detach("vpt5", &e), "detach: %s", e.msg);
	CHECK(!read_event(&l, &s) && s.cmd == VRS_CMD_PORT_DEL &&
	      !strcmp(s.dev, "vpt5"), "detach event");
	/* The kernel detaches on its own when a device goes. */
	CHECK(!attach("pt", "vpt5", NULL, &e) && !attach("pt", "vpt6", NULL, &e),
	      "attach: %s", e.msg);
	CHECK(!read_event(&l, &s) && !read_event(&l, &s), "attach events");
	CHECK(!sh("ip link del vpt5"), "del vpt5");
	CHECK(!read_event(&l, &s) && s.cmd == VRS_CMD_PORT_DEL &&
	      !strcmp(s.dev, "vpt5"), "device deletion event");
	CHECK(!sh("ip link del vvpt6"), "del vvpt6");
	CHECK(!read_event(&l, &s) && s.cmd == VRS_CMD_PORT_DEL &&
	      !strcmp(s.dev, "vpt6"), "vport deletion event");
	CHECK(if_nametoindex("vpt6"), "the port device went with its vport");
	CHECK(read_event(&l, &s), "spurious event %u", s.cmd);
	sh("ip link del vpt6");
	vrnl_nl_close(&l);
	return 0;
}

static int test_unprivileged(void)
{
	struct vrnl_err e;
	int status;
	pid_t pid;

	CHECK(!sh("ip link add vpt7 type dummy && ip link add vpt8 type dummy"), "dummies");
	CHECK(!attach("pt", "vpt8", NULL, &e), "attach: %s", e.msg);
	pid = fork();
	if (pid == 0) {
		struct port_seen s = { 0 };
		struct vrnl_nl u;
		struct nlmsghdr *nlh;

		if (setgid(65534) || setuid(65534) || vrnl_nl_open(&u))
			_exit(10);
		nlh = vrnl_nl_req(&u, VRS_CMD_PORT_NEW, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "pt");
		mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vpt7");
		if (vrnl_nl_talk(&u, nlh, NULL, NULL, &e) != -EPERM)
			_exit(11);
		nlh = vrnl_nl_req(&u, VRS_CMD_PORT_DEL, NLM_F_ACK);
		mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "vpt8");
		if (vrnl_nl_talk(&u, nlh, NULL, NULL, &e) != -EPERM)
			_exit(12);
		nlh = vrnl_nl_req(&u, VRS_CMD_PORT_GET, NLM_F_DUMP);
		if (vrnl_nl_talk(&u, nlh, port_cb, &s, &e) || s.count != 1)
			_exit(13);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	sh("ip link del vpt7; ip link del vpt8");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "unprivileged child failed at step %d", WEXITSTATUS(status));
	return 0;
}

static const struct nltest tests[] = {
	{ "attach_get_detach", test_attach_get_detach },
	{ "device_rejections", test_device_rejections },
	{ "request_rejections", test_request_rejections },
	{ "dump_many", test_dump_many },
	{ "notifications", test_notifications },
	{ "unprivileged", test_unprivileged },
};

static int setup(void)
{
	int err = vrnl_nl_open(&nl);

	if (err || vr_new("pt")) {
		ktap_print("cannot use the vrs family: %s", strerror(-err));
		return NLTEST_SKIP;
	}
	return 0;
}

static void teardown(void)
{
	vr_del("pt");
	vrnl_nl_close(&nl);
}

int main(void)
{
	return nltest_run(tests, NLTEST_N(tests), setup, teardown);
}
