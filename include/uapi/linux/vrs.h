/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VRS: virtual-router substrate, generic netlink ABI.
 *
 * Family "vrs", version VRS_GENL_VERSION.  All commands are strictly
 * validated: unknown attributes, reserved genl header bits and netlink
 * flags other than NLM_F_REQUEST/ACK/ECHO/DUMP are rejected, so request
 * modifiers travel as attributes, never as nlmsg_flags.
 *
 * Attributes form one flat space (enum vrs_attr); each command documents
 * which it takes.  Every rejection carries an extended ACK message and,
 * where one attribute is at fault, its offset (NLMSGERR_ATTR_OFFS) or the
 * missing type (NLMSGERR_ATTR_MISS_TYPE).
 */
#ifndef _UAPI_LINUX_VRS_H
#define _UAPI_LINUX_VRS_H

#define VRS_GENL_NAME		"vrs"
#define VRS_GENL_VERSION	1

/* Multicast groups. */
#define VRS_MCGRP_VR		"vr"	/* VR created / deleted */
#define VRS_MCGRP_LINK		"link"	/* port attached / detached */
#define VRS_MCGRP_ROUTE		"route"	/* route added / changed / deleted */

/* A VR name: 1..VRS_VR_NAME_MAX bytes of [A-Za-z0-9_.-], not all digits
 * (so that "NAME|ID" arguments are unambiguous), not "." or "..".
 */
#define VRS_VR_NAME_MAX		15
#define VRS_VR_NAME_SIZ		(VRS_VR_NAME_MAX + 1)

enum vrs_cmd {
	VRS_CMD_UNSPEC,
	/* Create a VR.  Takes VRS_A_VR_NAME (required), VRS_A_VR_ID (optional,
	 * allocated when absent).  Admin only.  Notifies VRS_CMD_VR_NEW.
	 */
	VRS_CMD_VR_NEW,
	/* Delete a VR named by VRS_A_VR_ID and/or VRS_A_VR_NAME (both must
	 * agree).  Admin only.  Notifies VRS_CMD_VR_DEL.
	 */
	VRS_CMD_VR_DEL,
	/* Get one VR (VRS_A_VR_ID and/or VRS_A_VR_NAME) or dump all of the
	 * caller's namespace, ordered by id.  Replies are VRS_CMD_VR_NEW.
	 */
	VRS_CMD_VR_GET,

	/* Attach a net_device (VRS_A_PORT_IFINDEX or VRS_A_PORT_IFNAME) to
	 * the VR named by VRS_A_VR_ID/VRS_A_VR_NAME as a port, creating its
	 * vport (VRS_A_PORT_VPORT_NAME, default "v" + device name).  Admin.
	 */
	VRS_CMD_PORT_NEW,
	/* Detach a port (VRS_A_PORT_IFINDEX or VRS_A_PORT_IFNAME); its vport
	 * goes with it.  Admin.
	 */
	VRS_CMD_PORT_DEL,
	/* Get one port, or dump the ports (of one VR if a VR is named). */
	VRS_CMD_PORT_GET,

	/* Add, replace or append a route in a VR (see enum vrs_rt_attr). */
	VRS_CMD_ROUTE_NEW,
	/* Delete the first route matching the given selectors. */
	VRS_CMD_ROUTE_DEL,
	/* Dump a VR's routes of one family, or (do) look up an address the
	 * way the data path does and return the route it would use.
	 */
	VRS_CMD_ROUTE_GET,
	/* Apply a list of route changes (VRS_A_RT_BATCH) to one VR, in
	 * order, each exactly as the VRS_CMD_ROUTE_NEW or VRS_CMD_ROUTE_DEL
	 * it names would (same checks, extack, notifications).  Stops at the
	 * first op that fails: its errno and extack are the reply's, and the
	 * extack cookie (NLMSGERR_ATTR_COOKIE, needs NETLINK_EXT_ACK) is its
	 * index, a u32 counted from 0; the ops before it stay applied, it and
	 * those after it change nothing.  An error without a cookie concerns
	 * the request as a whole (VR, list) and nothing was applied.  Needs
	 * what ROUTE_NEW/ROUTE_DEL need.
	 */
	VRS_CMD_ROUTE_BATCH,

	__VRS_CMD_MAX,
};

#define VRS_CMD_MAX (__VRS_CMD_MAX - 1)

enum vrs_attr {
	VRS_A_UNSPEC,
	VRS_A_PAD,
	VRS_A_VR_ID,		/* u32, 1..U32_MAX */
	VRS_A_VR_NAME,		/* string, see VRS_VR_NAME_MAX */
	VRS_A_VR_STATS,		/* nested enum vrs_stat, u64 each (replies) */

	/* Ports */
	VRS_A_PORT_IFINDEX,	/* u32: the port (host device) */
	VRS_A_PORT_IFNAME,	/* string: the port by name */
	VRS_A_PORT_VPORT_NAME,	/* string: the vport's name */
	VRS_A_PORT_VPORT_IFINDEX, /* u32 (replies) */
	VRS_A_PORT_STATS,	/* nested enum vrs_stat, u64 each (replies) */

	/* Routes: the fields of struct rtmsg and the RTA_* it would carry. */
	VRS_A_RT_FAMILY,	/* u8: AF_INET or AF_INET6 */
	VRS_A_RT_DST,		/* binary: 4 or 16 bytes, network order */
	VRS_A_RT_DST_LEN,	/* u8: prefix length */
	VRS_A_RT_TYPE,		/* u8: RTN_UNICAST, _BLACKHOLE, _UNREACHABLE,
				 * _PROHIBIT or _LOCAL
				 */
	VRS_A_RT_PROTOCOL,	/* u8: RTPROT_* (kept and returned) */
	VRS_A_RT_SCOPE,		/* u8: RT_SCOPE_* */
	VRS_A_RT_PRIORITY,	/* u32: metric */
	VRS_A_RT_PREFSRC,	/* binary: preferred source address */
	VRS_A_RT_NLFLAGS,	/* u32: NLM_F_REPLACE|EXCL|CREATE|APPEND, as
				 * rtnetlink takes them in nlmsg_flags
				 */
	VRS_A_RT_NEXTHOPS,	/* nested array of VRS_A_RT_NEXTHOP */
	VRS_A_RT_NEXTHOP,	/* nested enum vrs_nh_attr */
	VRS_A_RT_BATCH,		/* nested array of VRS_A_RT_OP (ROUTE_BATCH),
				 * < 64 KiB like any attribute
				 */
	VRS_A_RT_OP,		/* nested: VRS_A_RT_OP_CMD and the route
				 * attributes of that command (not the VR's)
				 */
	VRS_A_RT_OP_CMD,	/* u8: VRS_CMD_ROUTE_NEW or VRS_CMD_ROUTE_DEL */

	VRS_A_VR_ROUTES,	/* nested enum vrs_vr_rt_attr (VR replies) */

	__VRS_A_MAX,
};

#define VRS_A_MAX (__VRS_A_MAX - 1)

/* A next hop of a unicast route. */
enum vrs_nh_attr {
	VRS_NH_A_UNSPEC,
	VRS_NH_A_GW_FAMILY,	/* u8: family of the gateway (IPv4 routes may
				 * have an IPv6 gateway, "via inet6")
				 */
	VRS_NH_A_GATEWAY,	/* binary: 4 or 16 bytes */
	VRS_NH_A_IFINDEX,	/* u32: egress vport or port */
	VRS_NH_A_WEIGHT,	/* u16: 1..256, ECMP weight */
	VRS_NH_A_FLAGS,		/* u32: RTNH_F_ONLINK */

	__VRS_NH_A_MAX,
};

#define VRS_NH_A_MAX (__VRS_NH_A_MAX - 1)

/* A VR's routes and what its FIBs take (nested VRS_A_VR_ROUTES). */
enum vrs_vr_rt_attr {
	VRS_VR_RT_A_UNSPEC,
	VRS_VR_RT_A_PAD,
	VRS_VR_RT_A_COUNT4,	/* u32: IPv4 routes, every one a route dump
				 * lists (kernel-made local routes included)
				 */
	VRS_VR_RT_A_COUNT6,	/* u32: IPv6 routes, the same (a multipath
				 * route is one)
				 */
	VRS_VR_RT_A_FIB_BYTES4,	/* u64: memory of the IPv4 FIB (lookup
				 * structure only, not the route entries)
				 */
	VRS_VR_RT_A_FIB_BYTES6,	/* u64: the same for IPv6 */

	__VRS_VR_RT_A_MAX,
};

#define VRS_VR_RT_A_MAX (__VRS_VR_RT_A_MAX - 1)

/* Counters of a VR or port (nested VRS_A_*_STATS). */
enum vrs_stat {
	VRS_STAT_UNSPEC,
	VRS_STAT_PAD,
	VRS_STAT_RX_PACKETS,
	VRS_STAT_RX_BYTES,
	VRS_STAT_FWD_PACKETS,
	VRS_STAT_FWD_BYTES,
	VRS_STAT_PUNT_PACKETS,	/* delivered up the vport */
	VRS_STAT_TX_PACKETS,	/* sent on the port from the vport */
	VRS_STAT_DROP_HDR,	/* bad IP header */
	VRS_STAT_DROP_TTL,	/* TTL / hop limit exceeded */
	VRS_STAT_DROP_NOROUTE,
	VRS_STAT_DROP_BLACKHOLE,
	VRS_STAT_DROP_UNREACHABLE,
	VRS_STAT_DROP_PROHIBIT,
	VRS_STAT_DROP_MTU,	/* too big, may not fragment */
	VRS_STAT_DROP_NEIGH,	/* no neighbour entry could be made */
	VRS_STAT_DROP_TXERR,
	VRS_STAT_ICMP_SENT,
	VRS_STAT_ICMP_RATELIMITED,

	__VRS_STAT_MAX,
};

#define VRS_STAT_MAX (__VRS_STAT_MAX - 1)

#endif /* _UAPI_LINUX_VRS_H */
