// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the route commands: kernel routes from vport addresses,
 * add/replace/append/prepend/change/delete with the kernel FIBs' identity
 * rules per family, metrics, ECMP weights, types, lookups, every policy
 * rejection (errno + extack + attribute), dumps that resume, notifications,
 * permissions, the flush of a detached port's routes, and the route
 * counts of VR replies.
 *
 * Runs as root in the test VM; builds its own veth + VR and removes them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nltest.h"
#include "rt_util.h"

/* V4()/V6() give defaults that a test may override field by field. */
#pragma GCC diagnostic ignored "-Woverride-init"

#define V4(d, ...) ((struct rt_spec){ .vr = "r1", .dst = d, .family = AF_INET, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })
#define V6(d, ...) ((struct rt_spec){ .vr = "r1", .dst = d, .family = AF_INET6, \
				      .metric = -1, .nlflags = -1, __VA_ARGS__ })
#define ADD	(NLM_F_CREATE | NLM_F_EXCL)

static int rt_cmd(uint8_t cmd, const struct rt_spec *s, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, cmd, NLM_F_ACK);

	rt_put(nlh, s);
	return vrnl_nl_talk(&nl, nlh, NULL, NULL, e);
}

static int rt_add(const struct rt_spec *s)
{
	struct vrnl_err e;
	int ret = rt_cmd(VRS_CMD_ROUTE_NEW, s, &e);

	if (ret)
		ktap_print("add %s: %s (%s)", s->dst, strerror(e.err), e.msg);
	return ret;
}

struct dump {
	struct rt_seen r[64];
	int n, total;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;

	if (d->n < 64)
		rt_parse(nlh, &d->r[d->n++]);
	d->total++;
	return MNL_CB_OK;
}

/* The routes of prefix @dst (or all if NULL) of r1 in dump order. */
static int dump(int family, const char *dst, struct dump *d)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	struct dump all = { 0 };
	struct vrnl_err e;
	int i;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	if (family)
		mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, family);
	if (vrnl_nl_talk(&nl, nlh, dump_cb, &all, &e)) {
		ktap_print("dump: %s (%s)", strerror(e.err), e.msg);
		return -1;
	}
	memset(d, 0, sizeof(*d));
	d->total = all.total;
	if (getenv("RT_DEBUG"))
		for (i = 0; i < all.n; i++)
			ktap_print("dump: %s type %d metric %u nh %d", all.r[i].dst,
				   all.r[i].type, all.r[i].metric, all.r[i].nh_count);
	for (i = 0; i < all.n; i++)
		if (!dst || !strcmp(all.r[i].dst, dst))
			d->r[d->n++] = all.r[i];
	return 0;
}

static int expect_err(uint8_t cmd, const struct rt_spec *s, int err,
		      const char *msg)
{
	struct vrnl_err e;
	int ret = rt_cmd(cmd, s, &e);

	CHECK(ret == -err, "%s: errno %d (%s) \"%s\", want %d", s->dst, e.err,
	      strerror(e.err), e.msg, err);
	CHECK(!strcmp(e.msg, msg), "%s: extack \"%s\", want \"%s\"", s->dst,
	      e.msg, msg);
	return 0;
}

/* ---- setup ---------------------------------------------------------- */

static int port_cmd(uint8_t cmd, const char *dev, const char *vport)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, cmd, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
	if (vport)
		mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, vport);
	if (vrnl_nl_talk(&nl, nlh, NULL, NULL, &e)) {
		ktap_print("port %s: %s (%s)", dev, strerror(e.err), e.msg);
		return -1;
	}
	return 0;
}

static int setup_topology(void)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_VR_NEW, NLM_F_ACK);
	struct vrnl_err e;
	struct dump d;
	int i;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	if (vrnl_nl_talk(&nl, nlh, NULL, NULL, &e))
		return -1;
	if (system("ip link add rt0 type veth peer name rt0p && "
		   "ip link add rt1 type veth peer name rt1p && "
		   "ip link set rt0 up && ip link set rt1 up"))
		return -1;
	if (port_cmd(VRS_CMD_PORT_NEW, "rt0", "vrt0") ||
	    port_cmd(VRS_CMD_PORT_NEW, "rt1", "vrt1"))
		return -1;
	if (system("ip link set vrt0 up && ip link set vrt1 up && "
		   "ip addr add 10.0.0.1/24 dev vrt0 && "
		   "ip addr add 10.1.0.1/24 dev vrt1 && "
		   "ip -6 addr add 2001:db8::1/64 dev vrt0 nodad"))
		return -1;
	/* Kernel routes follow the addresses asynchronously. */
	for (i = 0; i < 100; i++) {
		if (!dump(AF_INET6, "2001:db8::/64", &d) && d.n == 1)
			return 0;
		usleep(20000);
	}
	return -1;
}

static void teardown_topology(void)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_VR_DEL, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	vrnl_nl_talk(&nl, nlh, NULL, NULL, &e);
	if (system("ip link del rt0; ip link del rt1"))
		ktap_print("teardown: ip link del failed");
}

/* ---- tests ---------------------------------------------------------- */

static int test_kernel_routes(void)
{
	struct dump d;
	int vrt0 = if_nametoindex("vrt0");

	CHECK(!dump(AF_INET, "10.0.0.0/24", &d) && d.n == 1, "n=%d", d.n);
	CHECK(d.r[0].type == RTN_UNICAST && d.r[0].proto == RTPROT_KERNEL &&
	      d.r[0].scope == RT_SCOPE_LINK && d.r[0].metric == 0 &&
	      d.r[0].ifindex[0] == vrt0 && !d.r[0].gw[0][0], "prefix route");
	CHECK(!dump(AF_INET, "10.0.0.1/32", &d) && d.n == 1 &&
	      d.r[0].type == RTN_LOCAL && d.r[0].scope == RT_SCOPE_HOST, "local route");
	CHECK(!dump(AF_INET6, "2001:db8::/64", &d) && d.n == 1 &&
	      d.r[0].metric == 256 && d.r[0].proto == RTPROT_KERNEL, "v6 prefix");
	CHECK(!dump(AF_INET6, "2001:db8::1/128", &d) && d.n == 1 &&
	      d.r[0].type == RTN_LOCAL, "v6 local");
	CHECK(!system("ip addr del 10.1.0.1/24 dev vrt1"), "addr del");
	usleep(200000);
	CHECK(!dump(AF_INET, "10.1.0.0/24", &d) && d.n == 0, "prefix route stayed");
	CHECK(!system("ip addr add 10.1.0.1/24 dev vrt1"), "addr add");
	return 0;
}

static int test_add_exists_replace(void)
{
	struct dump d;

	CHECK(!rt_add(&V4("192.168.0.0/16", .nh = {{ .gw = "10.0.0.2" }})), "add");
	CHECK(!dump(AF_INET, "192.168.0.0/16", &d) && d.n == 1 &&
	      !strcmp(d.r[0].gw[0], "10.0.0.2") &&
	      d.r[0].ifindex[0] == (int)if_nametoindex("vrt0") &&
	      d.r[0].scope == RT_SCOPE_UNIVERSE && d.r[0].proto == RTPROT_BOOT,
	      "gateway resolved through the connected route");
	if (expect_err(VRS_CMD_ROUTE_NEW, &V4("192.168.0.0/16",
			.nh = {{ .gw = "10.0.0.3" }}), EEXIST, "Route exists"))
		return 1;
	CHECK(!rt_add(&V4("192.168.0.0/16", .nlflags = NLM_F_CREATE | NLM_F_REPLACE,
			  .nh = {{ .gw = "10.0.0.3" }})), "replace");
	CHECK(!dump(AF_INET, "192.168.0.0/16", &d) && d.n == 1 &&
	      !strcmp(d.r[0].gw[0], "10.0.0.3"), "replaced: n=%d gw=%s", d.n, d.r[0].gw[0]);
	return expect_err(VRS_CMD_ROUTE_NEW, &V4("172.31.0.0/16",
			  .nlflags = NLM_F_REPLACE, .nh = {{ .gw = "10.0.0.3" }}),
			  ENOENT, "Route does not exist");
}

static int test_append_prepend_v4(void)
{
	struct dump d;

	CHECK(!rt_add(&V4("192.168.0.0/16", .nlflags = NLM_F_CREATE | NLM_F_APPEND,
			  .nh = {{ .gw = "10.0.0.4" }})), "append");
	CHECK(!rt_add(&V4("192.168.0.0/16", .nlflags = NLM_F_CREATE,
			  .nh = {{ .gw = "10.0.0.5" }})), "prepend");
	CHECK(!dump(AF_INET, "192.168.0.0/16", &d) && d.n == 3, "n=%d", d.n);
	CHECK(!strcmp(d.r[0].gw[0], "10.0.0.5") && !strcmp(d.r[1].gw[0], "10.0.0.3") &&
	      !strcmp(d.r[2].gw[0], "10.0.0.4"), "order %s %s %s", d.r[0].gw[0],
	      d.r[1].gw[0], d.r[2].gw[0]);
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4("192.168.0.0/16",
		      .nh = {{ .gw = "10.0.0.3" }}), &(struct vrnl_err){0}), "del by gw");
	CHECK(!dump(AF_INET, "192.168.0.0/16", &d) && d.n == 2 &&
	      !strcmp(d.r[0].gw[0], "10.0.0.5") && !strcmp(d.r[1].gw[0], "10.0.0.4"),
	      "after del");
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4("192.168.0.0/16"), &(struct vrnl_err){0}) &&
	      !rt_cmd(VRS_CMD_ROUTE_DEL, &V4("192.168.0.0/16"), &(struct vrnl_err){0}),
	      "del first");
	return expect_err(VRS_CMD_ROUTE_DEL, &V4("192.168.0.0/16"), ESRCH,
			  "No such route");
}

static int route_get(int family, const char *addr, struct rt_seen *r,
		     struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_ACK);
	unsigned char buf[16];
	struct dump d = { 0 };
	int ret;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, family);
	inet_pton(family, addr, buf);
	mnl_attr_put(nlh, VRS_A_RT_DST, family == AF_INET ? 4 : 16, buf);
	ret = vrnl_nl_talk(&nl, nlh, dump_cb, &d, e);
	*r = d.r[0];
	return ret ? ret : (d.n == 1 ? 0 : -1);
}

static int test_metrics_and_lookup(void)
{
	struct vrnl_err e;
	struct rt_seen r;

	CHECK(!rt_add(&V4("172.16.0.0/12", .metric = 20, .nh = {{ .gw = "10.0.0.20" }})) &&
	      !rt_add(&V4("172.16.0.0/12", .metric = 10, .nh = {{ .gw = "10.0.0.10" }})) &&
	      !rt_add(&V4("172.16.5.0/24", .metric = 5, .nh = {{ .gw = "10.0.0.5" }})),
	      "add");
	CHECK(!route_get(AF_INET, "172.16.1.1", &r, &e) && r.metric == 10 &&
	      !strcmp(r.dst, "172.16.0.0/12"), "get: %s metric %u", r.dst, r.metric);
	CHECK(!route_get(AF_INET, "172.16.5.9", &r, &e) && r.dst_len == 24,
	      "longest match: %s", r.dst);
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4("172.16.0.0/12", .metric = 10), &e),
	      "del metric 10");
	CHECK(!route_get(AF_INET, "172.16.1.1", &r, &e) && r.metric == 20,
	      "metric 20 now: %u", r.metric);
	CHECK(route_get(AF_INET, "198.51.100.1", &r, &e) == -ENETUNREACH &&
	      !strcmp(e.msg, "Network is unreachable"), "no route: %s", e.msg);
	return 0;
}

static int test_ipv6_append_merges(void)
{
	struct vrnl_err e;
	struct dump d;

	CHECK(!rt_add(&V6("2001:db8:1::/48", .nh = {{ .gw = "2001:db8::2" }})) &&
	      !rt_add(&V6("2001:db8:1::/48", .nlflags = NLM_F_CREATE | NLM_F_APPEND,
			  .nh = {{ .gw = "2001:db8::3" }})), "add + append");
	CHECK(!dump(AF_INET6, "2001:db8:1::/48", &d) && d.n == 1 &&
	      d.r[0].nh_count == 2 && d.r[0].metric == 1024, "n=%d nh=%d total=%d",
	      d.n, d.r[0].nh_count, d.total);
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V6("2001:db8:1::/48",
		      .nh = {{ .gw = "2001:db8::2" }}), &e), "del one nexthop");
	CHECK(!dump(AF_INET6, "2001:db8:1::/48", &d) && d.n == 1 &&
	      d.r[0].nh_count == 1 && !strcmp(d.r[0].gw[0], "2001:db8::3"),
	      "left: %d %s", d.r[0].nh_count, d.r[0].gw[0]);
	return expect_err(VRS_CMD_ROUTE_NEW, &V6("2001:db8:1::/48",
			  .nh = {{ .gw = "2001:db8::9" }}), EEXIST, "Route exists");
}

static int test_ecmp_weights_and_types(void)
{
	struct dump d;

	CHECK(!rt_add(&V4("203.0.113.0/24", .nh = {{ .gw = "10.0.0.2", .weight = 1 },
						  { .gw = "10.1.0.2", .weight = 3 }})),
	      "multipath");
	CHECK(!dump(AF_INET, "203.0.113.0/24", &d) && d.n == 1 && d.r[0].nh_count == 2 &&
	      d.r[0].weight[0] == 1 && d.r[0].weight[1] == 3 &&
	      d.r[0].ifindex[1] == (int)if_nametoindex("vrt1"), "weights");
	CHECK(!rt_add(&V4("198.18.1.0/24", .type = RTN_BLACKHOLE)) &&
	      !rt_add(&V4("198.18.2.0/24", .type = RTN_UNREACHABLE)) &&
	      !rt_add(&V4("198.18.3.0/24", .type = RTN_PROHIBIT)) &&
	      !rt_add(&V4("10.0.0.77", .type = RTN_LOCAL, .nh = {{ .dev = "vrt0" }})),
	      "types");
	CHECK(!dump(AF_INET, "198.18.2.0/24", &d) && d.n == 1 &&
	      d.r[0].type == RTN_UNREACHABLE && !d.r[0].nh_count, "unreachable");
	CHECK(!dump(AF_INET, "10.0.0.77/32", &d) && d.n == 1 &&
	      d.r[0].scope == RT_SCOPE_HOST, "local scope host");
	return 0;
}

static int test_rejections(void)
{
	struct nlmsghdr *nlh;
	struct vrnl_err e;

	if (expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/33", .nh = {{ .dev = "vrt0" }}),
		       EINVAL, "Prefix length out of range") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.1/24", .nh = {{ .dev = "vrt0" }}),
		       EINVAL, "Invalid prefix for given prefix length") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24", .type = 99),
		       EINVAL,
		       "Route type must be unicast, local, blackhole, unreachable or prohibit") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24",
		       .nh = {{ .gw = "10.0.0.2", .weight = 300 }}),
		       ERANGE, "integer out of range") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24", .nh = {{ .dev = "lo" }}),
		       ENODEV, "Device is not a port or vport of this VR") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24", .nh = {{ .gw = "10.77.0.1" }}),
		       ENETUNREACH, "Nexthop has invalid gateway") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24"),
		       ENODEV, "") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24", .type = RTN_BLACKHOLE,
		       .nh = {{ .dev = "vrt0" }}),
		       EINVAL, "Gateway, device and multipath can not be specified for this route type") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &V4("10.9.0.0/24", .nlflags = NLM_F_REQUEST,
		       .nh = {{ .dev = "vrt0" }}), EINVAL, "reserved bit set") ||
	    expect_err(VRS_CMD_ROUTE_NEW, &((struct rt_spec){ .vr = "nosuch",
		       .dst = "10.9.0.0/24", .family = AF_INET, .metric = -1,
		       .nlflags = -1, .nh = {{ .dev = "vrt0" }} }),
		       ENOENT, "No VR with this name"))
		return 1;

	/* A dump's rejection also says why (not in .start: no extack there). */
	nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "nosuch");
	CHECK(vrnl_nl_talk(&nl, nlh, NULL, NULL, &e) == -ENOENT &&
	      !strcmp(e.msg, "No VR with this name"), "dump: %d %s", e.err, e.msg);
	nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, 7);
	CHECK(vrnl_nl_talk(&nl, nlh, NULL, NULL, &e) == -EAFNOSUPPORT &&
	      !strcmp(e.msg, "Family must be AF_INET or AF_INET6"), "dump family: %s", e.msg);

	nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	CHECK(vrnl_nl_talk(&nl, nlh, NULL, NULL, &e) == -EINVAL &&
	      !strcmp(e.msg, "Route family is required") &&
	      e.miss_type == VRS_A_RT_FAMILY, "family: %s", e.msg);
	nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, AF_INET);
	mnl_attr_put(nlh, VRS_A_RT_DST, 16, "0123456789abcdef");
	CHECK(vrnl_nl_talk(&nl, nlh, NULL, NULL, &e) == -EINVAL &&
	      !strcmp(e.msg, "Address length does not match the family"), "dst len: %s", e.msg);
	nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, 7);
	CHECK(vrnl_nl_talk(&nl, nlh, NULL, NULL, &e) == -EAFNOSUPPORT &&
	      !strcmp(e.msg, "Family must be AF_INET or AF_INET6"), "family 7: %s", e.msg);
	return 0;
}

/* A route added between two parts of a dump sets NLM_F_DUMP_INTR. */
static int dump_interrupted(void)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_ROUTE_GET, NLM_F_DUMP);
	bool intr = false, changed = false, done = false;
	const struct nlmsghdr *m;
	struct vrnl_err e;
	int len;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, AF_INET);
	if (mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) < 0)
		return -1;
	while (!done) {
		len = (int)mnl_socket_recvfrom(nl.sock, nl.buf, nl.bufsz);
		if (len <= 0)
			return -1;
		for (m = (void *)nl.buf; mnl_nlmsg_ok(m, len); m = mnl_nlmsg_next(m, &len)) {
			intr |= !!(m->nlmsg_flags & NLM_F_DUMP_INTR);
			done |= m->nlmsg_type == NLMSG_DONE;
		}
		if (!changed) {
			struct vrnl_nl other;

			if (vrnl_nl_open(&other))
				return -1;
			nlh = vrnl_nl_req(&other, VRS_CMD_ROUTE_NEW, NLM_F_ACK);
			rt_put(nlh, &V4("198.18.99.0/24", .type = RTN_BLACKHOLE));
			changed = !vrnl_nl_talk(&other, nlh, NULL, NULL, &e);
			vrnl_nl_close(&other);
		}
	}
	rt_cmd(VRS_CMD_ROUTE_DEL, &V4("198.18.99.0/24"), &e);
	return changed && intr ? 0 : -1;
}

/* Many routes: the dump spans messages, each route exactly once. */
static int test_dump_many(void)
{
	char dst[32];
	struct dump d;
	int i;

	for (i = 0; i < 3000; i++) {
		snprintf(dst, sizeof(dst), "100.%d.%d.0/24", i / 256, i % 256);
		if (rt_add(&V4(dst, .nh = {{ .gw = "10.0.0.2" }})))
			return 1;
	}
	CHECK(!dump(AF_INET, NULL, &d), "dump");
	ktap_print("dumped %d IPv4 routes", d.total);
	CHECK(d.total > 3000 && d.total < 3020, "total %d", d.total);
	CHECK(!dump_interrupted(), "no NLM_F_DUMP_INTR after a change mid-dump");
	for (i = 0; i < 3000; i++) {
		snprintf(dst, sizeof(dst), "100.%d.%d.0/24", i / 256, i % 256);
		CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4(dst), &(struct vrnl_err){0}), "del");
	}
	return 0;
}

/* ---- the route summary of VR replies ------------------------------- */

#define VR_RT_N	(VRS_VR_RT_A_MAX + 1)

/* v[VRS_VR_RT_A_*] from a VR reply; v[0]: the reply had the nest. */
static int vr_routes_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1], *a;
	uint64_t *v = data;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ROUTES])
		return MNL_CB_OK;
	v[0] = 1;
	mnl_attr_for_each_nested(a, tb[VRS_A_VR_ROUTES]) {
		unsigned int t = mnl_attr_get_type(a);

		if (t == VRS_VR_RT_A_COUNT4 || t == VRS_VR_RT_A_COUNT6)
			v[t] = mnl_attr_get_u32(a);
		else if (t == VRS_VR_RT_A_FIB_BYTES4 || t == VRS_VR_RT_A_FIB_BYTES6)
			v[t] = mnl_attr_get_u64(a);
	}
	return MNL_CB_OK;
}

/* r1's summary, from a VR get; the counts must be what dumps find. */
static int vr_routes(uint64_t *v)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_VR_GET, NLM_F_ACK);
	struct dump d4, d6;
	struct vrnl_err e;

	memset(v, 0, sizeof(*v) * VR_RT_N);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "r1");
	CHECK(!vrnl_nl_talk(&nl, nlh, vr_routes_cb, v, &e), "vr get: %s", e.msg);
	CHECK(v[0], "the VR reply has no VRS_A_VR_ROUTES");
	CHECK(!dump(AF_INET, NULL, &d4) && !dump(AF_INET6, NULL, &d6), "dump");
	CHECK(v[VRS_VR_RT_A_COUNT4] == (uint64_t)d4.total &&
	      v[VRS_VR_RT_A_COUNT6] == (uint64_t)d6.total,
	      "counts %llu/%llu, dumps %d/%d",
	      (unsigned long long)v[VRS_VR_RT_A_COUNT4],
	      (unsigned long long)v[VRS_VR_RT_A_COUNT6], d4.total, d6.total);
	CHECK(v[VRS_VR_RT_A_FIB_BYTES4] && v[VRS_VR_RT_A_FIB_BYTES6],
	      "FIB bytes 0");
	return 0;
}

static int add_many(int n, bool del)
{
	char dst[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(dst, sizeof(dst), "100.%d.%d.1/32", 64 + i / 256, i % 256);
		if (del)
			CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4(dst), &(struct vrnl_err){0}),
			      "del %s", dst);
		else if (rt_add(&V4(dst, .nh = {{ .gw = "10.0.0.2" }})))
			return 1;
	}
	return 0;
}

/* VR replies count routes as dumps list them: two metrics of a prefix
 * are two, a replace adds none, an IPv6 append makes one multipath
 * route; the FIB's bytes grow with its prefixes.
 */
static int test_route_counts(void)
{
	uint64_t v0[VR_RT_N], v[VR_RT_N];
	const char *p4 = "198.18.7.0/24", *p6 = "2001:db8:7::/48";

	if (vr_routes(v0))
		return 1;
	CHECK(!rt_add(&V4(p4, .nh = {{ .gw = "10.0.0.2" }})) &&
	      !rt_add(&V4(p4, .metric = 10, .nh = {{ .gw = "10.0.0.2" }})) &&
	      !rt_add(&V4(p4, .nlflags = NLM_F_CREATE | NLM_F_REPLACE,
			  .nh = {{ .gw = "10.0.0.3" }})), "add, add metric 10, replace");
	CHECK(!rt_add(&V6(p6, .nh = {{ .gw = "2001:db8::2" }})) &&
	      !rt_add(&V6(p6, .nlflags = NLM_F_CREATE | NLM_F_APPEND,
			  .nh = {{ .gw = "2001:db8::3" }})), "add + append");
	if (vr_routes(v))
		return 1;
	CHECK(v[VRS_VR_RT_A_COUNT4] == v0[VRS_VR_RT_A_COUNT4] + 2 &&
	      v[VRS_VR_RT_A_COUNT6] == v0[VRS_VR_RT_A_COUNT6] + 1, "after adds");
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V6(p6, .nh = {{ .gw = "2001:db8::2" }}),
		      &(struct vrnl_err){0}), "del one next hop");
	if (vr_routes(v) || add_many(1000, false) || vr_routes(v))
		return 1;
	CHECK(v[VRS_VR_RT_A_COUNT4] == v0[VRS_VR_RT_A_COUNT4] + 1002 &&
	      v[VRS_VR_RT_A_FIB_BYTES4] > v0[VRS_VR_RT_A_FIB_BYTES4],
	      "1000 more: FIB %llu bytes, was %llu",
	      (unsigned long long)v[VRS_VR_RT_A_FIB_BYTES4],
	      (unsigned long long)v0[VRS_VR_RT_A_FIB_BYTES4]);
	if (add_many(1000, true))
		return 1;
	CHECK(!rt_cmd(VRS_CMD_ROUTE_DEL, &V4(p4), &(struct vrnl_err){0}) &&
	      !rt_cmd(VRS_CMD_ROUTE_DEL, &V4(p4), &(struct vrnl_err){0}) &&
	      !rt_cmd(VRS_CMD_ROUTE_DEL, &V6(p6), &(struct vrnl_err){0}), "del");
	if (vr_routes(v))
		return 1;
	CHECK(v[VRS_VR_RT_A_COUNT4] == v0[VRS_VR_RT_A_COUNT4] &&
	      v[VRS_VR_RT_A_COUNT6] == v0[VRS_VR_RT_A_COUNT6], "after deletes");
	return 0;
}

static int test_notifications(void)
{
	struct vrnl_nl l;
	struct timeval tv = { .tv_sec = 1 };
	struct rt_seen r;
	int len;

	CHECK(!vrnl_nl_open(&l) && !vrnl_nl_join(&l, VRS_MCGRP_ROUTE), "listener");
	setsockopt(mnl_socket_get_fd(l.sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CHECK(!rt_add(&V4("198.19.0.0/16", .nh = {{ .gw = "10.0.0.2" }})), "add");
	len = (int)mnl_socket_recvfrom(l.sock, l.buf, l.bufsz);
	CHECK(len > 0, "no notification");
	CHECK(!rt_parse((struct nlmsghdr *)l.buf, &r) &&
	      !strcmp(r.dst, "198.19.0.0/16") && !strcmp(r.gw[0], "10.0.0.2"),
	      "event %s", r.dst);
	vrnl_nl_close(&l);
	return 0;
}

static int test_unprivileged(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct vrnl_err e;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		vrnl_nl_close(&nl);
		if (vrnl_nl_open(&nl))
			_exit(11);
		if (rt_cmd(VRS_CMD_ROUTE_NEW, &V4("198.20.0.0/16",
			   .nh = {{ .gw = "10.0.0.2" }}), &e) != -EPERM)
			_exit(12);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "step %d", WEXITSTATUS(status));
	return 0;
}

/* Detaching a port removes the routes through it, like a device going. */
static int test_port_detach_flushes(void)
{
	struct dump d;

	CHECK(!rt_add(&V4("198.51.100.0/24", .nh = {{ .gw = "10.1.0.2" }})), "add");
	CHECK(!port_cmd(VRS_CMD_PORT_DEL, "rt1", NULL), "detach");
	CHECK(!dump(AF_INET, "198.51.100.0/24", &d) && d.n == 0, "route stayed");
	CHECK(!dump(AF_INET, "203.0.113.0/24", &d) && d.n == 0, "multipath stayed");
	CHECK(!dump(AF_INET, "10.1.0.0/24", &d) && d.n == 0, "kernel route stayed");
	CHECK(!dump(AF_INET, "172.16.0.0/12", &d) && d.n == 1, "unrelated route gone");
	/* The flush counted what it removed. */
	return vr_routes((uint64_t[VR_RT_N]){ 0 });
}

static const struct nltest tests[] = {
	{ "kernel_routes", test_kernel_routes },
	{ "add_exists_replace", test_add_exists_replace },
	{ "append_prepend_v4", test_append_prepend_v4 },
	{ "metrics_and_lookup", test_metrics_and_lookup },
	{ "ipv6_append_merges", test_ipv6_append_merges },
	{ "ecmp_weights_and_types", test_ecmp_weights_and_types },
	{ "rejections", test_rejections },
	{ "dump_many", test_dump_many },
	{ "route_counts", test_route_counts },
	{ "notifications", test_notifications },
	{ "unprivileged", test_unprivileged },
	{ "port_detach_flushes", test_port_detach_flushes },
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
