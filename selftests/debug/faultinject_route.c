// SPDX-License-Identifier: GPL-2.0
/*
 * faultinject: routes.  The snapshot is the full dump of every VR's
 * routes, both families, every attribute (next hops' devices by name:
 * vport ifindexes change with every set-up).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../ktap.h"
#include "../netlink/rt_util.h"
#include "faultinject.h"

/* V4()/V6() give defaults that a request may override field by field. */
#pragma GCC diagnostic ignored "-Woverride-init"
#define V4(d, ...) ((struct rt_spec){ .vr = "fi-a", .dst = d, .family = AF_INET, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })
#define V6(d, ...) ((struct rt_spec){ .vr = "fi-a", .dst = d, .family = AF_INET6, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })

/* ---- snapshot ---------------------------------------------------------- */

static void snap_attr(struct snap *s, const struct nlattr *a)
{
	const unsigned char *p = mnl_attr_get_payload(a);
	uint16_t i, len = mnl_attr_get_payload_len(a);

	snap_add(s, " %u=", mnl_attr_get_type(a));
	for (i = 0; i < len; i++)
		snap_add(s, "%02x", p[i]);
}

static void snap_nh(struct snap *s, const struct nlattr *nh)
{
	char name[IF_NAMESIZE];
	const struct nlattr *a;

	snap_add(s, " nh%u{", mnl_attr_get_type(nh));
	mnl_attr_for_each_nested(a, nh) {
		if (mnl_attr_get_type(a) != VRS_NH_A_IFINDEX) {
			snap_attr(s, a);
			continue;
		}
		if (!if_indextoname(mnl_attr_get_u32(a), name))
			snprintf(name, sizeof(name), "#%u", mnl_attr_get_u32(a));
		snap_add(s, " dev=%s", name);
	}
	snap_add(s, " }");
}

static int snap_rt_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *nh;
	struct snap *s = data;

	snap_add(s, "rt cmd %u:", g->cmd);
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		if (mnl_attr_get_type(a) != VRS_A_RT_NEXTHOPS) {
			snap_attr(s, a);
			continue;
		}
		mnl_attr_for_each_nested(nh, a)
			snap_nh(s, nh);
	}
	snap_add(s, "\n");
	return MNL_CB_OK;
}

static int dump_vr(uint32_t id, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	struct vrnl_err e;

	mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	if (!vrnl_nl_talk(&nl, nlh, cb, data, &e))
		return 0;
	ktap_print("route dump of VR %u: %s (%s)", id, strerror(e.err), e.msg);
	return -1;
}

int snap_routes(struct snap *s)
{
	static uint32_t ids[4097];
	uint32_t i;

	if (vr_ids(ids, 4096))
		return -1;
	for (i = 1; i <= ids[0]; i++) {
		snap_add(s, "routes of VR %u\n", ids[i]);
		if (dump_vr(ids[i], snap_rt_cb, s))
			return -1;
	}
	return 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned int *)data;
	return MNL_CB_OK;
}

/* Kernel routes follow addresses from a workqueue: waits for @n routes. */
int wait_routes(uint32_t vr_id, unsigned int n)
{
	unsigned int i, count = 0;

	for (i = 0; i < 500; i++) {
		count = 0;
		if (dump_vr(vr_id, count_cb, &count))
			return -1;
		if (count == n)
			return 0;
		usleep(20000);
	}
	ktap_print("VR %u has %u routes, expected %u", vr_id, count, n);
	return -1;
}

/* ---- set-up ------------------------------------------------------------ */

static int rt_req(struct vrnl_nl *n, uint8_t cmd, const struct rt_spec *s,
		  struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, cmd, NLM_F_ACK);

	rt_put(nlh, s);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

static int rt_add(const struct rt_spec *s)
{
	struct vrnl_err e;

	if (!rt_req(&nl, VRS_CMD_ROUTE_NEW, s, &e))
		return 0;
	ktap_print("set-up: route %s: %s (%s)", s->dst, strerror(e.err), e.msg);
	return -1;
}

/*
 * setup_net() plus 192.168.0.0/16 via 10.0.0.2, an IPv6 multipath route
 * 2001:db8:100::/48 (weights 1 and 2, one next hop per vport) and
 * 2001:db8:200::/48 via 2001:db8::2.
 */
int setup_routes(void)
{
	if (setup_net() ||
	    rt_add(&V4("192.168.0.0/16", .nh = {{ .gw = "10.0.0.2" }})) ||
	    rt_add(&V6("2001:db8:100::/48", .nh = {{ .gw = "2001:db8::2", .weight = 1 },
						   { .gw = "2001:db8:1::2", .weight = 2 }})) ||
	    rt_add(&V6("2001:db8:200::/48", .nh = {{ .gw = "2001:db8::2" }})))
		return -1;
	return 0;
}

/*
 * After PORT_DEL of fi1: its vport went with its addresses and kernel
 * routes, and so did the multipath route with a next hop through it.
 * Put them back, much faster than setup_routes() in the debug kernel.
 */
int undo_port_del(void)
{
	struct vrnl_err e = { 0 };

	if (port_attach(&nl, "fi-a", "fi1", "vfi1", &e) ||
	    sh("ip link set vfi1 addrgenmode none && ip link set vfi1 up && "
	       "ip addr add 10.1.0.1/24 dev vfi1 && "
	       "ip -6 addr add 2001:db8:1::1/64 dev vfi1 nodad") ||
	    wait_routes(1, 10))
		return -1;
	return rt_add(&V6("2001:db8:100::/48", .nh = {{ .gw = "2001:db8::2", .weight = 1 },
						   { .gw = "2001:db8:1::2", .weight = 2 }}));
}

/* Enough routes for a dump of several parts, both families. */
int setup_many_routes(void)
{
	char dst[64];
	int i;

	if (setup_routes())
		return -1;
	for (i = 0; i < 150; i++) {
		snprintf(dst, sizeof(dst), "172.16.%d.0/24", i);
		if (rt_add(&V4(dst, .metric = i, .nh = {{ .gw = "10.1.0.9" }})))
			return -1;
		snprintf(dst, sizeof(dst), "2001:db8:4:%x::/64", i);
		if (rt_add(&V6(dst, .nh = {{ .gw = "2001:db8::9", .weight = 3 },
					  { .gw = "2001:db8:1::9" }})))
			return -1;
	}
	return 0;
}

/* ---- requests (no syscalls but the netlink ones: they are armed) ------- */

int rq_route_new_v4(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_NEW, &V4("198.51.100.0/24",
		      .nh = {{ .gw = "10.0.0.2" }}), e);
}

int rq_route_new_v6(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_NEW, &V6("2001:db8:300::/48", .metric = 7,
		      .nh = {{ .gw = "2001:db8:1::2" }}), e);
}

int rq_route_new_mp(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_NEW, &V4("203.0.113.0/24",
		      .nh = {{ .gw = "10.0.0.2", .weight = 1 },
			     { .gw = "10.1.0.2", .weight = 3 },
			     { .gw = "10.0.0.3", .weight = 256 }}), e);
}

int rq_route_replace(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_NEW, &V4("192.168.0.0/16",
		      .nlflags = NLM_F_CREATE | NLM_F_REPLACE,
		      .nh = {{ .gw = "10.1.0.3" }, { .gw = "10.0.0.3" }}), e);
}

int rq_route_append_v6(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_NEW, &V6("2001:db8:200::/48",
		      .nlflags = NLM_F_CREATE | NLM_F_APPEND,
		      .nh = {{ .gw = "2001:db8:1::3" }}), e);
}

int rq_route_del(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_DEL, &V4("192.168.0.0/16"), e);
}

int rq_route_del_nh(struct vrnl_nl *n, struct vrnl_err *e)
{
	return rt_req(n, VRS_CMD_ROUTE_DEL, &V6("2001:db8:100::/48",
		      .nh = {{ .gw = "2001:db8:1::2" }}), e);
}

/* One op: a failure of a later op leaves the earlier ones applied by
 * design, which is neither the pre- nor the post-state.
 */
int rq_route_batch(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
	struct nlattr *list, *op;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "fi-a");
	list = mnl_attr_nest_start(nlh, VRS_A_RT_BATCH);
	op = mnl_attr_nest_start(nlh, VRS_A_RT_OP);
	mnl_attr_put_u8(nlh, VRS_A_RT_OP_CMD, VRS_CMD_ROUTE_NEW);
	rt_put(nlh, &V4("198.51.100.0/24", .vr = NULL, .nh = {{ .gw = "10.0.0.2" }}));
	mnl_attr_nest_end(nlh, op);
	mnl_attr_nest_end(nlh, list);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

int rq_route_get(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_ROUTE_GET, NLM_F_ACK);
	static const unsigned char addr[4] = { 192, 168, 3, 4 };

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "fi-a");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, AF_INET);
	mnl_attr_put(nlh, VRS_A_RT_DST, sizeof(addr), addr);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

int rq_route_dump(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_ROUTE_GET, NLM_F_DUMP);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "fi-a");
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

/* ---- undo: from the post-state back to the pre-state ------------------- */

static int rt_do(uint8_t cmd, const struct rt_spec *s)
{
	struct vrnl_err e;

	return rt_req(&nl, cmd, s, &e);
}

int undo_route_new_v4(void)
{
	return rt_do(VRS_CMD_ROUTE_DEL, &V4("198.51.100.0/24"));
}

int undo_route_new_v6(void)
{
	return rt_do(VRS_CMD_ROUTE_DEL, &V6("2001:db8:300::/48"));
}

int undo_route_new_mp(void)
{
	return rt_do(VRS_CMD_ROUTE_DEL, &V4("203.0.113.0/24"));
}

int undo_route_replace(void)
{
	return rt_do(VRS_CMD_ROUTE_NEW, &V4("192.168.0.0/16",
		     .nlflags = NLM_F_CREATE | NLM_F_REPLACE,
		     .nh = {{ .gw = "10.0.0.2" }}));
}

int undo_route_append_v6(void)
{
	return rt_do(VRS_CMD_ROUTE_DEL, &V6("2001:db8:200::/48",
		     .nh = {{ .gw = "2001:db8:1::3" }}));
}

int undo_route_del(void)
{
	return rt_add(&V4("192.168.0.0/16", .nh = {{ .gw = "10.0.0.2" }}));
}

int undo_route_del_nh(void)
{
	return rt_do(VRS_CMD_ROUTE_NEW, &V6("2001:db8:100::/48",
		     .nlflags = NLM_F_CREATE | NLM_F_APPEND,
		     .nh = {{ .gw = "2001:db8:1::2", .weight = 2 }}));
}
