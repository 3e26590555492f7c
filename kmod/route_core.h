/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interface of route.c for route_netlink.c and addr.c. */
#ifndef _VRS_ROUTE_CORE_H
#define _VRS_ROUTE_CORE_H

#include "route.h"
#include "vrs.h"

#define VRS_RT_MATCH_ALL	(-2)	/* no next-hop selector given */

/* Selectors of a delete: 0 (or RT_SCOPE_NOWHERE for scope) means any. */
struct vrs_rt_match {
	u8 family;
	u8 dst_len;
	u8 type;
	u8 protocol;
	u8 scope;
	u32 priority;
	union vrs_addr dst;
	struct vrs_nexthop nh;		/* gw_family / ifindex, 0: any */
};

/* route_fibmem.c: allocation and grace periods of the VR's FIBs; the
 * context is the VR.
 */
extern const struct vrs_fib_ops vrs_fib_kops;

int vrs_rt_family_index(int family);
int vrs_rt_addr_len(int family);

/* The node of handle @h, or NULL; under RCU or vr->lock.  For a handle
 * the FIB gave under the same rcu_read_lock(), it is that prefix's node
 * (see route.h), whose route list may have emptied since.
 */
static inline struct vrs_rt_node *vrs_rt_node_rcu(const struct vrs_vr *vr,
						  u32 h)
{
	const struct vrs_rt_handles *tbl;

	tbl = rcu_dereference_check(vr->rt.handles,
				    lockdep_is_held(&vr->lock));
	/* A table grown for @h may not be the one this CPU sees yet. */
	if (unlikely(h >= tbl->cap))
		return NULL;
	return rcu_dereference_check(tbl->node[h], lockdep_is_held(&vr->lock));
}

static inline struct vrs_rt_handles *vrs_rt_handles(struct vrs_vr *vr)
{
	return rcu_dereference_protected(vr->rt.handles,
					 lockdep_is_held(&vr->lock));
}

/* Writers: the node of handle @h, which is in the FIB. */
static inline struct vrs_rt_node *vrs_rt_node_locked(struct vrs_vr *vr, u32 h)
{
	return rcu_dereference_protected(vrs_rt_handles(vr)->node[h],
					 lockdep_is_held(&vr->lock));
}

int vrs_rt_handle_alloc(struct vrs_vr *vr, struct vrs_rt_node *node);
void vrs_rt_handle_free(struct vrs_vr *vr, struct vrs_rt_node *node);
void vrs_rt_handle_retire(struct vrs_vr *vr, struct vrs_rt_node *node);
void vrs_route_rebalance(struct vrs_route *r);
void vrs_rt_changed(struct vrs_vr *vr);
void vrs_rt_note_bytes(struct vrs_vr *vr);
/* Unlinks @r from @node, and the node from the FIB if it was the last
 * route; the caller frees @r with kfree_rcu().
 */
int vrs_rt_unlink(struct vrs_vr *vr, struct vrs_rt_node *node,
		  struct vrs_route *r);
void vrs_rt_count(struct vrs_vr *vr, const struct vrs_route *r, int delta);
struct vrs_rt_node *vrs_rt_node_get(struct vrs_vr *vr, int family,
				    const union vrs_addr *dst, u8 dst_len);
int vrs_route_insert(struct vrs_vr *vr, struct vrs_route **rp, u32 nlflags,
		     struct vrs_route **old, struct netlink_ext_ack *extack);
int vrs_route_delete(struct vrs_vr *vr, const struct vrs_rt_match *m,
		     struct vrs_route **gone, struct vrs_route **left,
		     struct netlink_ext_ack *extack);

#endif /* _VRS_ROUTE_CORE_H */
