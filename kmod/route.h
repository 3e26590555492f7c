/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routes of a VR: per family, a FIB (kmod/fib) maps each prefix to a
 * 32-bit handle; the VR's handle table maps the handle to a struct
 * vrs_rt_node, the list of routes for that prefix ordered by priority
 * (metric); the data path uses the first.  The FIB stores handles, not
 * pointers, to stay small (kmod/fib/fib.h).
 *
 * Handles: an IDA hands out the lowest free one, so the table is as long
 * as the VR's largest number of prefixes so far (it never shrinks).  The
 * two families share one IDA and one table, so that a small VR costs one
 * small table.  A node that leaves the FIB keeps its handle through a
 * grace period (the VR's limbo list): a reader that got the handle from
 * the FIB before the delete finds the same node, or nothing if the last
 * route has gone, never another prefix's.  The limbo is drained by the
 * VR's next route changes (so it holds about one grace period's worth of
 * deletes) and when the VR goes.
 *
 * Writers hold vr->lock: FIB changes, handle allocation and table growth.
 * Readers hold rcu_read_lock(): the FIB, the table, nodes and routes are
 * freed after a grace period.  A route is immutable once published:
 * replace swaps in a new one (list_replace_rcu) and the old one is freed
 * after a grace period.  A node is published in the table before its
 * handle enters the FIB, and removed from the FIB before its last route
 * is unlinked, so readers never find an empty node that would shadow a
 * shorter prefix (only, through a stale handle, a node on its way out).
 */
#ifndef _VRS_ROUTE_H
#define _VRS_ROUTE_H

#include <linux/idr.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct genl_info;
struct netlink_callback;
struct netlink_ext_ack;
struct sk_buff;
struct vrs_fib;
struct vrs_port;
struct vrs_vr;

enum { VRS_RT_V4, VRS_RT_V6, VRS_RT_NFAMILIES };

union vrs_addr {
	__be32 v4;
	struct in6_addr v6;
	u8 bytes[16];
};

struct vrs_nexthop {
	struct vrs_port *port;		/* egress port; NULL if none */
	int ifindex;			/* as configured (vport or port) */
	u8 gw_family;			/* AF_INET, AF_INET6 or 0: on-link */
	u16 weight;			/* 1..256 */
	u32 flags;			/* RTNH_F_* */
	u32 upper_bound;		/* ECMP: hash threshold, inclusive */
	union vrs_addr gw;
};

struct vrs_route {
	struct list_head node;		/* in vrs_rt_node.routes */
	struct rcu_head rcu;
	u8 family;			/* AF_INET or AF_INET6 */
	u8 dst_len;
	u8 type;			/* RTN_* */
	u8 protocol;			/* RTPROT_* */
	u8 scope;			/* RT_SCOPE_* */
	bool has_prefsrc;
	u32 priority;
	union vrs_addr dst;		/* masked to dst_len */
	union vrs_addr prefsrc;
	u16 nh_count;
	struct vrs_nexthop nh[];
};

struct vrs_rt_node {
	struct list_head routes;
	/* The handle and the grace-period cookie are for writers and are
	 * done with before the node is freed, so they can share the space
	 * of @rcu: the node stays at 32 bytes, the size of a kmalloc cache,
	 * which counts with a million prefixes.  In the limbo, routes.prev
	 * links the node to the next newer one (route.c).
	 */
	union {
		struct rcu_head rcu;
		struct {
			u32 handle;
			unsigned long gp;	/* limbo: RCU poll cookie */
		};
	};
};

/* Handle -> node, for every handle of the VR; node[0] is never used. */
struct vrs_rt_handles {
	struct rcu_head rcu;
	unsigned int cap;		/* entries in node[] */
	struct vrs_rt_node __rcu *node[];
};

struct vrs_rt_tables {
	struct vrs_fib *fib[VRS_RT_NFAMILIES];
	struct vrs_rt_handles __rcu *handles;
	struct ida ida;			/* allocates the handles */
	/* nodes out of the FIB waiting for readers, oldest first */
	struct vrs_rt_node *limbo_first, *limbo_last;
	u32 generation;			/* bumped on every change, for dumps */
	bool nofail;			/* FIB allocations may not fail */
	/* What VR replies report: routes per family (as a route dump lists
	 * them: kernel-made local routes included, an IPv6 multipath route
	 * is one) and the bytes of each FIB.  Written under vr->lock, read locklessly (VR dumps run
	 * under RCU alone and cannot look at the FIBs, which may be going).
	 */
	u32 nroutes[VRS_RT_NFAMILIES];
	size_t fib_bytes[VRS_RT_NFAMILIES];
};

int vrs_rt_init(struct vrs_vr *vr);
/* Puts VRS_A_VR_ROUTES (counts and FIB bytes) in a VR reply. */
int vrs_rt_fill_summary(struct sk_buff *skb, const struct vrs_vr *vr);
/* Frees every route; readers may still be in flight (RCU). */
void vrs_rt_destroy(struct vrs_vr *vr);

/* The route for @daddr or NULL: the data path, under rcu_read_lock(), or
 * writers, under vr->lock.
 */
const struct vrs_route *vrs_route_lookup(const struct vrs_vr *vr, int family,
					 const void *daddr);
/* The next hop for @skb's flow (ECMP by weight); @skb may be NULL. */
const struct vrs_nexthop *vrs_route_select_nh(const struct vrs_route *rt,
					      struct sk_buff *skb);

/* Removes every route with a next hop through @port (it is going away),
 * as the kernel removes routes through a device that unregisters.
 * Caller holds vr->lock.
 */
void vrs_route_flush_port(struct vrs_vr *vr, struct vrs_port *port);

/* Kernel-made routes for the addresses of a vport (proto kernel). */
int vrs_route_add_kernel(struct vrs_vr *vr, int family, const void *dst,
			 u8 dst_len, u8 type, u8 scope,
			 const void *prefsrc, struct vrs_port *port,
			 u32 priority);
void vrs_route_del_kernel(struct vrs_vr *vr, int family, const void *dst,
			  u8 dst_len, u8 type, struct vrs_port *port,
			  u32 priority);

/* route_netlink.c */
int vrs_nl_route_new(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_route_del(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_route_get(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _VRS_ROUTE_H */
