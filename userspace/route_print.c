// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route: a route message printed as iproute2 6.1's print_route()
 * prints the rtnetlink equivalent (text, -o and -j), and matched against
 * a show/flush selector as its filter_nlmsg() does.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/vrs.h>

#include "route.h"
#include "rt_names.h"

static const char *real_index_to_name(unsigned int ifindex, char *buf)
{
	if (if_indextoname(ifindex, buf))
		return buf;
	snprintf(buf, IF_NAMESIZE + 8, "if%u", ifindex);
	return buf;
}

const char *(*rt_index_to_name)(unsigned int ifindex, char *buf) =
	real_index_to_name;

static int nh_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= VRS_NH_A_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static void copy_addr(uint8_t *dst, const struct nlattr *a)
{
	size_t len = mnl_attr_get_payload_len(a);

	memset(dst, 0, 16);
	memcpy(dst, mnl_attr_get_payload(a), len > 16 ? 16 : len);
}

static int parse_nh(const struct nlattr *nest, uint8_t family,
		    struct rt_nh *nh)
{
	const struct nlattr *tb[VRS_NH_A_MAX + 1] = { 0 };

	if (mnl_attr_parse_nested(nest, nh_attr_cb, tb) < 0)
		return -1;
	memset(nh, 0, sizeof(*nh));
	if (tb[VRS_NH_A_GATEWAY]) {
		nh->gw_family = tb[VRS_NH_A_GW_FAMILY] ?
			mnl_attr_get_u8(tb[VRS_NH_A_GW_FAMILY]) : family;
		copy_addr(nh->gw, tb[VRS_NH_A_GATEWAY]);
	}
	if (tb[VRS_NH_A_IFINDEX])
		nh->ifindex = mnl_attr_get_u32(tb[VRS_NH_A_IFINDEX]);
	nh->weight = tb[VRS_NH_A_WEIGHT] ?
		mnl_attr_get_u16(tb[VRS_NH_A_WEIGHT]) : 1;
	if (tb[VRS_NH_A_FLAGS])
		nh->flags = mnl_attr_get_u32(tb[VRS_NH_A_FLAGS]);
	return 0;
}

static int parse_nexthops(const struct nlattr *nest, struct rt_info *ri)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != VRS_A_RT_NEXTHOP)
			continue;
		if (ri->nnh >= RT_NH_MAX ||
		    parse_nh(a, ri->family, &ri->nh[ri->nnh]))
			return -1;
		ri->nnh++;
	}
	return 0;
}

static uint8_t get_u8_or(const struct nlattr *a, uint8_t dflt)
{
	return a ? mnl_attr_get_u8(a) : dflt;
}

/* A VRS_CMD_ROUTE_NEW/DEL message; -1 if it is not a route. */
int rt_info_parse(const struct nlmsghdr *nlh, struct rt_info *ri)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[VRS_A_MAX + 1];

	memset(ri, 0, sizeof(*ri));
	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_RT_FAMILY])
		return -1;
	ri->deleted = g->cmd == VRS_CMD_ROUTE_DEL;
	if (tb[VRS_A_VR_ID])
		ri->vr_id = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	ri->family = mnl_attr_get_u8(tb[VRS_A_RT_FAMILY]);
	if (ri->family != AF_INET && ri->family != AF_INET6)
		return -1;
	ri->dst_len = get_u8_or(tb[VRS_A_RT_DST_LEN], 0);
	ri->type = get_u8_or(tb[VRS_A_RT_TYPE], RTN_UNICAST);
	ri->proto = get_u8_or(tb[VRS_A_RT_PROTOCOL], RTPROT_BOOT);
	ri->scope = get_u8_or(tb[VRS_A_RT_SCOPE], RT_SCOPE_UNIVERSE);
	if (tb[VRS_A_RT_DST]) {
		ri->has_dst = true;
		copy_addr(ri->dst, tb[VRS_A_RT_DST]);
	}
	if (tb[VRS_A_RT_PRIORITY]) {
		ri->has_prio = true;
		ri->prio = mnl_attr_get_u32(tb[VRS_A_RT_PRIORITY]);
	}
	if (tb[VRS_A_RT_PREFSRC]) {
		ri->has_prefsrc = true;
		copy_addr(ri->prefsrc, tb[VRS_A_RT_PREFSRC]);
	}
	if (tb[VRS_A_RT_NEXTHOPS] && parse_nexthops(tb[VRS_A_RT_NEXTHOPS], ri))
		return -1;
	return 0;
}

/* iproute2's inet_addr_match(): the first @bits bits are equal. */
static bool addr_match(const uint8_t *a, const uint8_t *b, int bits)
{
	int bytes = bits / 8, rest = bits % 8;

	if (bits <= 0)
		return true;
	if (memcmp(a, b, (size_t)bytes))
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		return !((a[bytes] ^ b[bytes]) & mask);
	}
	return true;
}

static bool dst_match(const struct rt_filter *f, const struct rt_info *ri)
{
	const struct rt_prefix *r = &f->rdst, *m = &f->mdst;

	if (r->family) {
		if (ri->family != r->family || r->bitlen > ri->dst_len ||
		    !addr_match(ri->dst, r->data, r->bitlen))
			return false;
	} else if (r->len_given && r->bitlen > ri->dst_len) {
		return false;
	}
	if (m->family) {
		if (ri->family != m->family ||
		    (m->bitlen >= 0 && m->bitlen < ri->dst_len) ||
		    (m->bitlen >= 0 && !addr_match(ri->dst, m->data, ri->dst_len)))
			return false;
	} else if (m->len_given && m->bitlen >= 0 && m->bitlen < ri->dst_len) {
		return false;
	}
	return true;
}

/* The kernel's IPv6 reject routes (blackhole, unreachable, prohibit)
 * have the loopback device, which ip shows ("dev lo") and selects; a VR's
 * have none, and are shown and selected the same.
 */
static bool rt_v6_reject(const struct rt_info *ri)
{
	return ri->family == AF_INET6 && !ri->nnh &&
	       (ri->type == RTN_BLACKHOLE || ri->type == RTN_UNREACHABLE ||
		ri->type == RTN_PROHIBIT);
}

/* The device rtnetlink would have in RTA_OIF: single path only. */
static unsigned int rt_oif(const struct rt_info *ri)
{
	if (rt_v6_reject(ri))
		return rt_name_to_index("lo");
	return ri->nnh == 1 ? ri->nh[0].ifindex : 0;
}

/* Gateway, prefsrc and device as rtnetlink has them: single path only. */
static bool attr_match(const struct rt_filter *f, const struct rt_info *ri)
{
	const struct rt_nh *nh = ri->nnh == 1 ? &ri->nh[0] : NULL;
	static const uint8_t zero[16];

	if (f->rvia.family) {
		uint8_t fam = nh && nh->gw_family ? nh->gw_family : ri->family;

		if (fam != f->rvia.family ||
		    !addr_match(nh && nh->gw_family ? nh->gw : zero,
				f->rvia.data, f->rvia.bitlen))
			return false;
	}
	if (f->rprefsrc.family &&
	    (ri->family != f->rprefsrc.family ||
	     !addr_match(ri->has_prefsrc ? ri->prefsrc : zero,
			 f->rprefsrc.data, f->rprefsrc.bitlen)))
		return false;
	if (f->oif_ok && rt_oif(ri) != f->oif)
		return false;
	return true;
}

bool rt_filter_match(const struct rt_filter *f, const struct rt_info *ri)
{
	if (f->family && ri->family != f->family)
		return false;
	if ((f->proto_ok && ri->proto != f->proto) ||
	    (f->scope_ok && ri->scope != f->scope) ||
	    (f->type_ok && ri->type != f->type))
		return false;
	if (f->metric_ok && (ri->has_prio ? ri->prio : 0) != f->metric)
		return false;
	/* The kernel keeps the local routes of interface addresses in table
	 * local, which `ip route show` (table main) does not list, whatever
	 * the selector.  A VR has one table, so IPv4 local routes added by
	 * hand are listed, as ip lists those added with `table main`; ip
	 * leaves the IPv6 ones out all the same (table main with one IPv6
	 * table seen so far: iproute.c filter_nlmsg).
	 */
	if (ri->type == RTN_LOCAL &&
	    (ri->proto == RTPROT_KERNEL || ri->family == AF_INET6))
		return false;
	return dst_match(f, ri) && attr_match(f, ri);
}

/* print_string(PRINT_ANY, key, fmt, val) of iproute2's json_print. */
static void pr_str(struct vrnl_ctx *c, const char *key, const char *fmt,
		   const char *val)
{
	if (c->json)
		json_string(&c->js, key, val);
	else
		fprintf(c->js.out, fmt, val);
}

static void pr_uint(struct vrnl_ctx *c, const char *key, const char *fmt,
		    unsigned int val)
{
	if (c->json)
		json_uint(&c->js, key, val);
	else
		fprintf(c->js.out, fmt, val);
}

static const char *addr_str(int family, const uint8_t *a, char *buf)
{
	return inet_ntop(family, a, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

/* print_rt_flags(): text words, or the JSON "flags" array. */
static void print_flags(struct vrnl_ctx *c, uint32_t flags)
{
	static const struct { uint32_t bit; const char *name; } f[] = {
		{ RTNH_F_DEAD, "dead" }, { RTNH_F_ONLINK, "onlink" },
		{ RTNH_F_PERVASIVE, "pervasive" }, { RTNH_F_OFFLOAD, "offload" },
		{ RTNH_F_TRAP, "trap" }, { RTM_F_NOTIFY, "notify" },
		{ RTNH_F_LINKDOWN, "linkdown" },
		{ RTNH_F_UNRESOLVED, "unresolved" },
	};
	size_t i;

	if (c->json)
		json_open_array(&c->js, "flags");
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (flags & f[i].bit)
			pr_str(c, NULL, "%s ", f[i].name);
	if (c->json)
		json_close_array(&c->js);
}

/* "via ADDR" (JSON "gateway") or, for another family, "via FAMILY ADDR"
 * (JSON "via": { "family", "host" }).
 */
static void print_gateway(struct vrnl_ctx *c, int family,
			  const struct rt_nh *nh)
{
	char buf[INET6_ADDRSTRLEN];
	const char *a = addr_str(nh->gw_family, nh->gw, buf);
	const char *fam = nh->gw_family == AF_INET6 ? "inet6" : "inet";

	if (nh->gw_family == family) {
		pr_str(c, "gateway", "via %s ", a);
		return;
	}
	if (c->json) {
		json_open_object(&c->js, "via");
		json_string(&c->js, "family", fam);
		json_string(&c->js, "host", a);
		json_close_object(&c->js);
	} else {
		fprintf(c->js.out, "via %s %s ", fam, a);
	}
}

static void print_dev(struct vrnl_ctx *c, unsigned int ifindex)
{
	char buf[IF_NAMESIZE + 8];

	pr_str(c, "dev", "dev %s ", rt_index_to_name(ifindex, buf));
}

/* print_rta_multipath(): "\n\tnexthop via .. dev .. weight N FLAGS". */
static void print_multipath(struct vrnl_ctx *c, const struct rt_info *ri)
{
	unsigned int i;

	if (c->json)
		json_open_array(&c->js, "nexthops");
	for (i = 0; i < ri->nnh; i++) {
		const struct rt_nh *nh = &ri->nh[i];

		if (c->json)
			json_open_object(&c->js, NULL);
		else
			fprintf(c->js.out, "%s\tnexthop ",
				c->oneline ? "\\" : "\n");
		if (nh->gw_family)
			print_gateway(c, ri->family, nh);
		if (nh->ifindex)
			print_dev(c, nh->ifindex);
		if (c->json)
			json_int(&c->js, "weight", nh->weight);
		else
			fprintf(c->js.out, "weight %u ", nh->weight);
		print_flags(c, nh->flags);
		if (c->json)
			json_close_object(&c->js);
	}
	if (c->json)
		json_close_array(&c->js);
}

/* The destination: "default", "ADDR/LEN", or a host address. */
static void print_dst(struct vrnl_ctx *c, const struct rt_info *ri,
		      enum rt_print_mode mode, const uint8_t *get_addr)
{
	char abuf[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 8];
	int bits = af_bytes(ri->family) * 8;

	if (mode == RT_PRINT_GET) {
		pr_str(c, "dst", "%s ", addr_str(ri->family, get_addr, abuf));
		return;
	}
	if (!ri->dst_len) {
		pr_str(c, "dst", "%s ", "default");
		return;
	}
	addr_str(ri->family, ri->dst, abuf);
	if (ri->dst_len == bits)
		snprintf(buf, sizeof(buf), "%s", abuf);
	else
		snprintf(buf, sizeof(buf), "%s/%u", abuf, ri->dst_len);
	pr_str(c, "dst", "%s ", buf);
}

/* The route's own fields, before flags: ip's print_route() order. */
static void print_head(struct vrnl_ctx *c, const struct rt_info *ri,
		       const struct rt_filter *f, const struct rt_nh *nh,
		       enum rt_print_mode mode)
{
	/* An IPv4 `get` answers with a cache entry (RTM_F_CLONED): ip
	 * prints neither its protocol, scope nor metric.
	 */
	bool cloned = mode == RT_PRINT_GET && ri->family == AF_INET;
	char buf[64], abuf[INET6_ADDRSTRLEN];
	int bits = af_bytes(ri->family) * 8;

	if (nh && nh->gw_family && (!f || f->rvia.bitlen != bits ||
				    nh->gw_family != ri->family))
		print_gateway(c, ri->family, nh);
	if (rt_oif(ri) && !(f && f->oif_ok))
		print_dev(c, rt_oif(ri));
	if ((ri->proto != RTPROT_BOOT || c->details) && !(f && f->proto_ok) &&
	    !cloned)
		pr_str(c, "protocol", "proto %s ",
		       rt_proto_n2a(ri->proto, buf, sizeof(buf)));
	if ((ri->scope != RT_SCOPE_UNIVERSE || c->details) &&
	    !(f && f->scope_ok) && !cloned)
		pr_str(c, "scope", "scope %s ",
		       rt_scope_n2a(ri->scope, buf, sizeof(buf)));
	if (ri->has_prefsrc && !(f && f->rprefsrc.bitlen == bits))
		pr_str(c, "prefsrc", "src %s ",
		       addr_str(ri->family, ri->prefsrc, abuf));
	/* IPv4 leaves metric 0 out of its messages; IPv6 always has one. */
	if (ri->has_prio && (ri->prio || ri->family == AF_INET6) &&
	    !(f && f->metric_ok) && !cloned)
		pr_uint(c, "metric", "metric %u ", ri->prio);
}

/* What ip route get adds after the flags ("uid", the IPv4 cache line). */
static void print_get_tail(struct vrnl_ctx *c, const struct rt_info *ri)
{
	if (ri->family != AF_INET)
		return;
	pr_uint(c, "uid", "uid %u ", (unsigned int)getuid());
	if (c->json) {
		json_open_array(&c->js, "cache");
		if (ri->type == RTN_LOCAL)
			json_string(&c->js, NULL, "local");
		json_close_array(&c->js);
		return;
	}
	fprintf(c->js.out, "%s    cache ", c->oneline ? "\\" : "\n");
	if (ri->type == RTN_LOCAL)
		fprintf(c->js.out, "<local> ");
}

/* One route, as `ip route show` (or `ip route get`) prints it.  @f, if
 * not NULL, is the selector: fields it fixes are left out, as ip does.
 */
void rt_print(struct vrnl_ctx *c, const struct rt_info *ri,
	      const struct rt_filter *f, enum rt_print_mode mode,
	      const uint8_t *get_addr)
{
	const struct rt_nh *nh = ri->nnh == 1 ? &ri->nh[0] : NULL;
	char buf[64];

	if (c->json)
		json_open_object(&c->js, NULL);
	if (ri->deleted) {
		if (c->json)
			json_bool(&c->js, "deleted", true);
		else
			fprintf(c->js.out, "Deleted ");
	}
	if (ri->type != RTN_UNICAST || c->details)
		pr_str(c, "type", "%s ", rt_type_n2a(ri->type, buf, sizeof(buf)));
	print_dst(c, ri, mode, get_addr);
	if (mode == RT_PRINT_GET && ri->family == AF_INET6)
		pr_str(c, "from", "from %s ", "::");
	print_head(c, ri, f, nh, mode);
	print_flags(c, nh ? nh->flags : 0);
	if (mode == RT_PRINT_GET)
		print_get_tail(c, ri);
	if (ri->family == AF_INET6)
		pr_str(c, "pref", "pref %s", "medium");
	if (ri->nnh > 1)
		print_multipath(c, ri);
	if (c->json)
		json_close_object(&c->js);
	else
		fputc('\n', c->js.out);
}
