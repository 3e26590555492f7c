// SPDX-License-Identifier: GPL-2.0
/*
 * Route requests: the attribute policies and the translation of a
 * validated request into a struct vrs_route or a delete selector, with
 * an extack message naming the attribute for every rejection.
 */
#include <linux/inetdevice.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "port.h"
#include "route_core.h"
#include "route_nl.h"
#include "vrs.h"

#define VRS_MAX_NEXTHOPS	64

/*
 * Integer attributes are checked by range and mask policies only: in 6.1 a
 * validation function shares a union with the policy's min/max, and the
 * policy dump of an extack (or of CTRL_CMD_GETPOLICY) would read the
 * function pointer as a range.  Enumerations are checked in code.
 */
int vrs_check_family(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	u8 f = nla_get_u8(attr);

	if (f != AF_INET && f != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	return f;
}

static int vrs_validate_addr(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != 4 && nla_len(attr) != 16) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Address must be 4 or 16 bytes");
		return -EINVAL;
	}
	return 0;
}

static int vrs_check_rt_type(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (!attr)
		return RTN_UNICAST;
	switch (nla_get_u8(attr)) {
	case RTN_UNICAST:
	case RTN_LOCAL:
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
		return nla_get_u8(attr);
	}
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "Route type must be unicast, local, blackhole, unreachable or prohibit");
	return -EINVAL;
}

static const struct nla_policy vrs_nh_policy[VRS_NH_A_MAX + 1] = {
	[VRS_NH_A_GW_FAMILY]	= { .type = NLA_U8 },
	[VRS_NH_A_GATEWAY]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY, vrs_validate_addr),
	[VRS_NH_A_IFINDEX]	= { .type = NLA_U32 },
	[VRS_NH_A_WEIGHT]	= NLA_POLICY_RANGE(NLA_U16, 1, 256),
	[VRS_NH_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, RTNH_F_ONLINK),
};

static const struct nla_policy vrs_nhs_policy[VRS_A_RT_NEXTHOP + 1] = {
	[VRS_A_RT_NEXTHOP]	= NLA_POLICY_NESTED(vrs_nh_policy),
};

/* The route attributes of ROUTE_NEW/ROUTE_DEL, shared by the batch's op
 * policy so that a batched op is validated exactly as the single command.
 */
#define VRS_ROUTE_POLICY_ENTRIES					\
	[VRS_A_RT_FAMILY]	= { .type = NLA_U8 },			\
	[VRS_A_RT_DST]		= NLA_POLICY_VALIDATE_FN(NLA_BINARY,	\
							 vrs_validate_addr), \
	[VRS_A_RT_DST_LEN]	= { .type = NLA_U8 },			\
	[VRS_A_RT_TYPE]		= { .type = NLA_U8 },			\
	[VRS_A_RT_PROTOCOL]	= { .type = NLA_U8 },			\
	[VRS_A_RT_SCOPE]	= { .type = NLA_U8 },			\
	[VRS_A_RT_PRIORITY]	= { .type = NLA_U32 },			\
	[VRS_A_RT_PREFSRC]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,	\
							 vrs_validate_addr), \
	[VRS_A_RT_NLFLAGS]	= NLA_POLICY_MASK(NLA_U32, NLM_F_REPLACE | \
						  NLM_F_EXCL | NLM_F_CREATE | \
						  NLM_F_APPEND),	\
	[VRS_A_RT_NEXTHOPS]	= NLA_POLICY_NESTED(vrs_nhs_policy)

const struct nla_policy vrs_route_policy[VRS_A_RT_NEXTHOP + 1] = {
	[VRS_A_VR_ID]		= VRS_POLICY_VR_ID,
	[VRS_A_VR_NAME]		= VRS_POLICY_VR_NAME,
	VRS_ROUTE_POLICY_ENTRIES,
};

/* One op of a ROUTE_BATCH: the VR is the batch's, so its attributes are
 * unsupported here.  The two commands are adjacent, so a range checks it.
 */
static_assert(VRS_CMD_ROUTE_DEL - VRS_CMD_ROUTE_NEW == 1);
const struct nla_policy vrs_route_op_policy[VRS_A_RT_OP_CMD + 1] = {
	VRS_ROUTE_POLICY_ENTRIES,
	[VRS_A_RT_OP_CMD]	= NLA_POLICY_RANGE(NLA_U8, VRS_CMD_ROUTE_NEW,
						   VRS_CMD_ROUTE_DEL),
};

/* The op list is only checked to be a nest here: its ops are parsed one
 * by one as they are applied, so that an op that fails validation fails
 * with its index after the ops before it, as the same commands sent one
 * at a time would.
 */
const struct nla_policy vrs_route_batch_policy[VRS_A_RT_BATCH + 1] = {
	[VRS_A_VR_ID]		= VRS_POLICY_VR_ID,
	[VRS_A_VR_NAME]		= VRS_POLICY_VR_NAME,
	[VRS_A_RT_BATCH]	= { .type = NLA_NESTED },
};

/* An address attribute of the right size for @family, into @out. */
static int vrs_get_addr(const struct nlattr *attr, int family,
			union vrs_addr *out, struct netlink_ext_ack *extack)
{
	memset(out, 0, sizeof(*out));
	if (!attr)
		return 0;
	if (nla_len(attr) != vrs_rt_addr_len(family)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Address length does not match the family");
		return -EINVAL;
	}
	memcpy(out, nla_data(attr), nla_len(attr));
	return 0;
}

/* The destination prefix: family, address and length, host bits clear. */
static int vrs_parse_dst(struct nlattr **tb, u8 *family, union vrs_addr *dst,
			 u8 *dst_len, struct netlink_ext_ack *extack)
{
	int bits, err;

	if (!tb[VRS_A_RT_FAMILY]) {
		NL_SET_ERR_MSG(extack, "Route family is required");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VRS_A_RT_FAMILY);
		return -EINVAL;
	}
	err = vrs_check_family(tb[VRS_A_RT_FAMILY], extack);
	if (err < 0)
		return err;
	*family = err;
	bits = vrs_rt_addr_len(*family) * 8;
	err = vrs_get_addr(tb[VRS_A_RT_DST], *family, dst, extack);
	if (err)
		return err;
	*dst_len = tb[VRS_A_RT_DST_LEN] ? nla_get_u8(tb[VRS_A_RT_DST_LEN]) : 0;
	if (*dst_len > bits) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_DST_LEN], "Prefix length out of range");
		return -EINVAL;
	}
	if (*dst_len && !tb[VRS_A_RT_DST]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_DST_LEN],
				    "A prefix length needs a destination");
		return -EINVAL;
	}
	if (*family == AF_INET) {
		__be32 mask = inet_make_mask(*dst_len);

		if (dst->v4 & ~mask) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_DST],
					    "Invalid prefix for given prefix length");
			return -EINVAL;
		}
	} else {
		/* ipv6_addr_prefix() clears its destination first. */
		struct in6_addr addr = dst->v6;

		ipv6_addr_prefix(&dst->v6, &addr, *dst_len);
	}
	return 0;
}

/* The VR's port for a gateway without a device: the one its connected
 * route points to, as the kernel resolves a next hop.
 */
static struct vrs_port *vrs_nh_port_by_gw(struct vrs_vr *vr,
					  const struct vrs_nexthop *nh)
{
	const struct vrs_route *r;

	r = vrs_route_lookup(vr, nh->gw_family, &nh->gw);
	if (!r || r->type != RTN_UNICAST || r->nh[0].gw_family)
		return NULL;
	/* IPv4 wants an on-link route; IPv6 routes have no scope. */
	if (r->family == AF_INET && r->scope < RT_SCOPE_LINK)
		return NULL;
	return r->nh[0].port;
}

/* A gateway must be on a link of the VR, through the given device if
 * any, as the kernel checks it (fib_check_nh_v4_gw, ip6_route_check_nh):
 * an IPv6 link-local gateway and an "onlink" one name their device.
 * Fills in the port of a gateway given without a device.
 */
static bool vrs_nh_gw_ok(struct vrs_vr *vr, struct vrs_nexthop *nh)
{
	struct vrs_port *port;

	if ((nh->flags & RTNH_F_ONLINK) ||
	    (nh->gw_family == AF_INET6 &&
	     (ipv6_addr_type(&nh->gw.v6) & IPV6_ADDR_LINKLOCAL)))
		return nh->port;
	port = vrs_nh_port_by_gw(vr, nh);
	if (!port || (nh->port && nh->port != port))
		return false;
	if (!nh->port) {
		nh->port = port;
		nh->ifindex = port->vport->ifindex;
	}
	return true;
}

static int vrs_parse_nh(struct vrs_vr *vr, const struct nlattr *attr,
			int family, struct vrs_nexthop *nh,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VRS_NH_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, VRS_NH_A_MAX, attr, vrs_nh_policy, extack);
	if (err)
		return err;
	memset(nh, 0, sizeof(*nh));
	nh->weight = tb[VRS_NH_A_WEIGHT] ? nla_get_u16(tb[VRS_NH_A_WEIGHT]) : 1;
	nh->flags = tb[VRS_NH_A_FLAGS] ? nla_get_u32(tb[VRS_NH_A_FLAGS]) : 0;
	if (tb[VRS_NH_A_GATEWAY]) {
		nh->gw_family = family;
		if (tb[VRS_NH_A_GW_FAMILY]) {
			err = vrs_check_family(tb[VRS_NH_A_GW_FAMILY], extack);
			if (err < 0)
				return err;
			nh->gw_family = err;
		}
		err = vrs_get_addr(tb[VRS_NH_A_GATEWAY], nh->gw_family,
				   &nh->gw, extack);
		if (err)
			return err;
		/* rtm_to_fib_config(): gateway 0.0.0.0 is none. */
		if (nh->gw_family == AF_INET && !nh->gw.v4)
			nh->gw_family = 0;
	}
	if (tb[VRS_NH_A_IFINDEX]) {
		nh->ifindex = nla_get_u32(tb[VRS_NH_A_IFINDEX]);
		nh->port = vrs_port_find(vr, nh->ifindex);
		if (!nh->port) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VRS_NH_A_IFINDEX],
					    "Device is not a port or vport of this VR");
			return -ENODEV;
		}
	}
	if (nh->gw_family == AF_INET6 && !nh->port &&
	    (ipv6_addr_type(&nh->gw.v6) & IPV6_ADDR_LINKLOCAL)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_NH_A_GATEWAY],
				    "Egress device not specified");
		return -EINVAL;
	}
	if (nh->gw_family && !vrs_nh_gw_ok(vr, nh)) {
		/* IPv6 (ip6_route_check_nh) says no more than that. */
		if (nh->gw_family == AF_INET6)
			return -EHOSTUNREACH;
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_NH_A_GATEWAY],
				    "Nexthop has invalid gateway");
		return -ENETUNREACH;
	}
	if (!nh->ifindex && !nh->gw_family) {
		/* fib_check_nh_nongw() */
		return -ENODEV;
	}
	return 0;
}

static int vrs_count_nhs(const struct nlattr *nhs, struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem, n = 0;

	nla_for_each_nested(a, nhs, rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_ATTR(extack, nhs, "Empty next hop list");
		return -EINVAL;
	}
	if (n > VRS_MAX_NEXTHOPS) {
		NL_SET_ERR_MSG_ATTR(extack, nhs, "Too many next hops (max 64)");
		return -EINVAL;
	}
	return n;
}

/* Checks that belong to the route as a whole, not one attribute. */
static int vrs_route_check(const struct vrs_route *r, struct nlattr **tb,
			   struct netlink_ext_ack *extack)
{
	int i;

	/* The kernel's answers: "No such device" (fib_check_nh_nongw), and
	 * fib_create_info()'s and ip6_route_info_create()'s messages.
	 */
	if (r->type == RTN_UNICAST && !r->nh_count)
		return -ENODEV;
	if (r->type != RTN_UNICAST && r->type != RTN_LOCAL && r->nh_count) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_NEXTHOPS],
				    "Gateway, device and multipath can not be specified for this route type");
		return -EINVAL;
	}
	if (r->type == RTN_LOCAL && r->nh_count > 1) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_NEXTHOPS],
				    "A local route takes one device");
		return -EINVAL;
	}
	for (i = 0; i < r->nh_count; i++) {
		/* ip6_route_multipath_add(): every path needs a gateway. */
		if (r->family == AF_INET6 && r->nh_count > 1 &&
		    !r->nh[i].gw_family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_NEXTHOPS],
					    "Device only routes can not be added for IPv6 using the multipath API.");
			return -EINVAL;
		}
		if (r->type == RTN_LOCAL && r->nh[i].gw_family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_NEXTHOPS],
					    "Route with host scope can not have a gateway");
			return -EINVAL;
		}
	}
	return 0;
}

static u8 vrs_default_scope(const struct vrs_route *r)
{
	if (r->type == RTN_LOCAL)
		return RT_SCOPE_HOST;
	if (r->type == RTN_UNICAST && !r->nh[0].gw_family)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

static void vrs_route_fill_scalars(struct vrs_route *r, struct nlattr **tb)
{
	r->protocol = tb[VRS_A_RT_PROTOCOL] ?
		nla_get_u8(tb[VRS_A_RT_PROTOCOL]) : RTPROT_BOOT;
	if (tb[VRS_A_RT_PRIORITY])
		r->priority = nla_get_u32(tb[VRS_A_RT_PRIORITY]);
	else if (r->family == AF_INET6)
		r->priority = IP6_RT_PRIO_USER;
}

/* A new route from a VRS_CMD_ROUTE_NEW request; caller holds vr->lock. */
struct vrs_route *vrs_route_from_attrs(struct vrs_vr *vr, struct nlattr **tb,
				       struct netlink_ext_ack *extack)
{
	const struct vrs_route *lr;
	struct vrs_route *r;
	union vrs_addr dst;
	u8 family, dst_len;
	int n = 0, err, rem, type;
	const struct nlattr *a;

	err = vrs_parse_dst(tb, &family, &dst, &dst_len, extack);
	if (err)
		return ERR_PTR(err);
	if (tb[VRS_A_RT_NEXTHOPS]) {
		n = vrs_count_nhs(tb[VRS_A_RT_NEXTHOPS], extack);
		if (n < 0)
			return ERR_PTR(n);
	}
	type = vrs_check_rt_type(tb[VRS_A_RT_TYPE], extack);
	if (type < 0)
		return ERR_PTR(type);
	r = kzalloc(struct_size(r, nh, n), GFP_KERNEL_ACCOUNT);
	if (!r) {
		NL_SET_ERR_MSG(extack, "Out of memory adding the route");
		return ERR_PTR(-ENOMEM);
	}
	r->type = type;
	r->family = family;
	r->dst = dst;
	r->dst_len = dst_len;
	vrs_route_fill_scalars(r, tb);
	if (tb[VRS_A_RT_PREFSRC]) {
		err = vrs_get_addr(tb[VRS_A_RT_PREFSRC], family, &r->prefsrc, extack);
		if (err)
			goto err;
		r->has_prefsrc = true;
		/* fib_valid_prefsrc(), ip6_route_info_create(): an address
		 * of the router (a local route of the VR).
		 */
		lr = vrs_route_lookup(vr, family, &r->prefsrc);
		if (!lr || lr->type != RTN_LOCAL) {
			if (family == AF_INET)
				NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_PREFSRC],
						    "Invalid prefsrc address");
			else
				NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_PREFSRC],
						    "Invalid source address");
			err = -EINVAL;
			goto err;
		}
	}
	if (n) {
		nla_for_each_nested(a, tb[VRS_A_RT_NEXTHOPS], rem) {
			err = vrs_parse_nh(vr, a, family, &r->nh[r->nh_count], extack);
			if (err)
				goto err;
			r->nh_count++;
		}
	}
	err = vrs_route_check(r, tb, extack);
	if (err)
		goto err;
	r->scope = tb[VRS_A_RT_SCOPE] ? nla_get_u8(tb[VRS_A_RT_SCOPE]) :
		vrs_default_scope(r);
	/* IPv6 routes have no scope: the kernel reports universe for all. */
	if (family == AF_INET6)
		r->scope = RT_SCOPE_UNIVERSE;
	vrs_route_rebalance(r);
	return r;
err:
	kfree(r);
	return ERR_PTR(err);
}

/* Delete selectors from a VRS_CMD_ROUTE_DEL request. */
int vrs_rt_match_from_attrs(struct vrs_vr *vr, struct nlattr **tb,
			    struct vrs_rt_match *m,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int err, rem, n;

	memset(m, 0, sizeof(*m));
	err = vrs_parse_dst(tb, &m->family, &m->dst, &m->dst_len, extack);
	if (err)
		return err;
	if (tb[VRS_A_RT_TYPE]) {
		err = vrs_check_rt_type(tb[VRS_A_RT_TYPE], extack);
		if (err < 0)
			return err;
		m->type = err;
	}
	m->protocol = tb[VRS_A_RT_PROTOCOL] ? nla_get_u8(tb[VRS_A_RT_PROTOCOL]) : 0;
	m->scope = tb[VRS_A_RT_SCOPE] ? nla_get_u8(tb[VRS_A_RT_SCOPE]) :
		RT_SCOPE_NOWHERE;
	m->priority = tb[VRS_A_RT_PRIORITY] ? nla_get_u32(tb[VRS_A_RT_PRIORITY]) : 0;
	if (!tb[VRS_A_RT_NEXTHOPS])
		return 0;
	n = vrs_count_nhs(tb[VRS_A_RT_NEXTHOPS], extack);
	if (n < 0)
		return n;
	if (n > 1) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VRS_A_RT_NEXTHOPS],
				    "A delete selects at most one next hop");
		return -EINVAL;
	}
	nla_for_each_nested(a, tb[VRS_A_RT_NEXTHOPS], rem) {
		struct nlattr *nt[VRS_NH_A_MAX + 1];

		err = nla_parse_nested(nt, VRS_NH_A_MAX, a, vrs_nh_policy, extack);
		if (err)
			return err;
		if (nt[VRS_NH_A_IFINDEX])
			m->nh.ifindex = nla_get_u32(nt[VRS_NH_A_IFINDEX]);
		if (nt[VRS_NH_A_GATEWAY]) {
			m->nh.gw_family = m->family;
			if (nt[VRS_NH_A_GW_FAMILY]) {
				err = vrs_check_family(nt[VRS_NH_A_GW_FAMILY],
						       extack);
				if (err < 0)
					return err;
				m->nh.gw_family = err;
			}
			err = vrs_get_addr(nt[VRS_NH_A_GATEWAY], m->nh.gw_family,
					   &m->nh.gw, extack);
			if (err)
				return err;
		}
	}
	return 0;
}
