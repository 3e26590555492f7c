// SPDX-License-Identifier: GPL-2.0
/*
 * Routes of a VR: the per-family FIBs and the route lists they point to,
 * with the identity and replace/append rules of the kernel's own FIBs.
 * Locking and lifetime: see route.h and vrs.h.
 */
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "fib/fib_lookup.h"
#include "port.h"
#include "route_core.h"
#include "route_nl.h"
#include "vrs.h"

int vrs_rt_family_index(int family)
{
	return family == AF_INET6 ? VRS_RT_V6 : VRS_RT_V4;
}

int vrs_rt_addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

/* Handle tables are powers of two in bytes, the sizes kmalloc() and the
 * page allocator hand out; the first holds 13 handles, enough for the
 * kernel routes of a few addresses.
 */
#define VRS_RT_HANDLES_SIZE	128

static unsigned int vrs_rt_handles_cap(size_t size)
{
	return (size - sizeof(struct vrs_rt_handles)) /
	       sizeof(struct vrs_rt_node *);
}

static struct vrs_rt_handles *vrs_rt_handles_alloc(size_t size)
{
	struct vrs_rt_handles *tbl;

	/* kvmalloc() warns beyond INT_MAX; no VR gets that much memory. */
	if (size > INT_MAX)
		return NULL;
	tbl = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (tbl)
		tbl->cap = vrs_rt_handles_cap(size);
	return tbl;
}

/* Makes room for handle @h: a copy twice as large (or more) replaces the
 * table, and readers that still see the old one finish with it.
 */
static int vrs_rt_handles_fit(struct vrs_vr *vr, u32 h)
{
	struct vrs_rt_handles *old = vrs_rt_handles(vr), *tbl;
	size_t size = struct_size(old, node, old->cap);

	if (h < old->cap)
		return 0;
	do {
		size *= 2;
	} while (vrs_rt_handles_cap(size) <= h);
	tbl = vrs_rt_handles_alloc(size);
	if (!tbl)
		return -ENOMEM;
	memcpy(tbl->node, old->node, old->cap * sizeof(old->node[0]));
	rcu_assign_pointer(vr->rt.handles, tbl);
	kvfree_rcu(old, rcu);
	return 0;
}

/* For a handle that never went into the FIB: no reader can have it, so
 * it is free at once.  The node goes with kfree_rcu() (the handle table
 * showed it).
 */
void vrs_rt_handle_free(struct vrs_vr *vr, struct vrs_rt_node *node)
{
	RCU_INIT_POINTER(vrs_rt_handles(vr)->node[node->handle], NULL);
	ida_free(&vr->rt.ida, node->handle);
	kfree_rcu(node, rcu);
}

/*
 * The limbo is a FIFO of nodes linked through routes.prev.  A node there
 * has an empty route list, and readers that still hold it must go on
 * seeing one: they read only ->next (list_first_or_null_rcu(),
 * list_for_each_entry_rcu()), which keeps pointing to the head itself.
 */
static struct vrs_rt_node *vrs_rt_limbo_next(const struct vrs_rt_node *node)
{
	return node->routes.prev ?
	       container_of(node->routes.prev, struct vrs_rt_node, routes) :
	       NULL;
}

/* Frees the limbo nodes whose grace period is over (all with @all, when
 * the VR goes and no reader can find it) and their handles.
 */
static void vrs_rt_limbo_drain(struct vrs_rt_tables *rt,
			       struct vrs_rt_handles *tbl, bool all)
{
	struct vrs_rt_node *node;

	while ((node = rt->limbo_first)) {
		if (!all && !poll_state_synchronize_rcu(node->gp))
			break;	/* the cookies are in order */
		rt->limbo_first = vrs_rt_limbo_next(node);
		if (!rt->limbo_first)
			rt->limbo_last = NULL;
		RCU_INIT_POINTER(tbl->node[node->handle], NULL);
		ida_free(&rt->ida, node->handle);
		if (all)
			kfree_rcu(node, rcu);
		else
			kfree(node);
	}
}

/* Once @node (with no routes left) is out of the FIB: it and its handle
 * wait for a grace period in the limbo, so that readers still holding the
 * handle find this node and not another prefix's.  Allocates nothing, so
 * that deletes that must not fail do not.  The caller may still look at
 * @node (its empty route list): only older nodes are freed here.
 */
void vrs_rt_handle_retire(struct vrs_vr *vr, struct vrs_rt_node *node)
{
	struct vrs_rt_tables *rt = &vr->rt;

	vrs_rt_limbo_drain(rt, vrs_rt_handles(vr), false);
	node->gp = start_poll_synchronize_rcu();
	node->routes.prev = NULL;
	if (rt->limbo_last)
		rt->limbo_last->routes.prev = &node->routes;
	else
		rt->limbo_first = node;
	rt->limbo_last = node;
}

/* Gives @node a handle and publishes the node under it, before the
 * handle goes into the FIB: a reader that finds the handle there finds
 * the node.  Nothing changes on failure.
 */
int vrs_rt_handle_alloc(struct vrs_vr *vr, struct vrs_rt_node *node)
{
	int h;

	lockdep_assert_held(&vr->lock);
	vrs_rt_limbo_drain(&vr->rt, vrs_rt_handles(vr), false);
	h = ida_alloc_range(&vr->rt.ida, 1, VRS_FIB_RESULT_MAX,
			    GFP_KERNEL_ACCOUNT);
	if (h < 0)
		return -ENOMEM;
	if (vrs_rt_handles_fit(vr, h)) {
		ida_free(&vr->rt.ida, h);
		return -ENOMEM;
	}
	node->handle = h;
	rcu_assign_pointer(vrs_rt_handles(vr)->node[h], node);
	return 0;
}

/* Called before vr->lock is initialized: no lockdep-checked accessors. */
int vrs_rt_init(struct vrs_vr *vr)
{
	struct vrs_rt_tables *rt = &vr->rt;

	ida_init(&rt->ida);
	RCU_INIT_POINTER(rt->handles, vrs_rt_handles_alloc(VRS_RT_HANDLES_SIZE));
	rt->fib[VRS_RT_V4] = vrs_fib_create(VRS_FIB_AF_INET, &vrs_fib_kops, vr);
	rt->fib[VRS_RT_V6] = vrs_fib_create(VRS_FIB_AF_INET6, &vrs_fib_kops, vr);
	if (!rcu_access_pointer(rt->handles) ||
	    !rt->fib[VRS_RT_V4] || !rt->fib[VRS_RT_V6]) {
		vrs_rt_destroy(vr);
		return -ENOMEM;
	}
	rt->fib_bytes[VRS_RT_V4] = vrs_fib_bytes(rt->fib[VRS_RT_V4]);
	rt->fib_bytes[VRS_RT_V6] = vrs_fib_bytes(rt->fib[VRS_RT_V6]);
	return 0;
}

/* @arg is the handle table; nobody else can change it any more. */
static void vrs_rt_node_release(const u8 *addr, unsigned int plen, u32 h,
				void *arg)
{
	struct vrs_rt_handles *tbl = arg;
	struct vrs_rt_node *node = rcu_dereference_protected(tbl->node[h], 1);
	struct vrs_route *r, *tmp;

	list_for_each_entry_safe(r, tmp, &node->routes, node)
		kfree_rcu(r, rcu);
	kfree_rcu(node, rcu);
}

/* The pointers in vr->rt stay as they are: a dump that found the VR
 * before it was unlinked may still follow them, to memory that is freed
 * after a grace period.
 */
void vrs_rt_destroy(struct vrs_vr *vr)
{
	struct vrs_rt_handles *tbl;
	int i;

	tbl = rcu_dereference_protected(vr->rt.handles, 1);

	for (i = 0; i < VRS_RT_NFAMILIES; i++)
		if (vr->rt.fib[i])
			vrs_fib_destroy(vr->rt.fib[i], vrs_rt_node_release, tbl);
	if (tbl)
		vrs_rt_limbo_drain(&vr->rt, tbl, true);
	ida_destroy(&vr->rt.ida);
	kvfree_rcu(tbl, rcu);
}

/* ECMP by hash threshold: next hop i serves the hashes up to its bound. */
void vrs_route_rebalance(struct vrs_route *r)
{
	u32 total = 0, sum = 0;
	int i;

	for (i = 0; i < r->nh_count; i++)
		total += r->nh[i].weight;
	for (i = 0; i < r->nh_count; i++) {
		sum += r->nh[i].weight;
		r->nh[i].upper_bound =
			DIV_ROUND_CLOSEST_ULL((u64)sum << 31, total) - 1;
	}
}

/* The flow hash (a flow-dissector pass when the skb has none yet) is
 * only worth computing when there is a choice to make.
 */
const struct vrs_nexthop *vrs_route_select_nh(const struct vrs_route *rt,
					      struct sk_buff *skb)
{
	u32 h;
	int i;

	if (rt->nh_count == 1)
		return &rt->nh[0];
	h = (skb ? skb_get_hash(skb) : 0) >> 1;
	for (i = 0; i < rt->nh_count - 1; i++)
		if (h <= rt->nh[i].upper_bound)
			break;
	return &rt->nh[i];
}

const struct vrs_route *vrs_route_lookup(const struct vrs_vr *vr, int family,
					 const void *daddr)
{
	struct vrs_fib *fib = vr->rt.fib[vrs_rt_family_index(family)];
	const struct vrs_route *r;
	struct vrs_rt_node *node;
	int tries;
	u32 h;

	/*
	 * A node without routes is a prefix deleted after the FIB gave its
	 * handle (the FIB forgets it before the last route goes): a shorter
	 * prefix may cover the address, and a second lookup finds that.
	 */
	for (tries = 0; tries < 2; tries++) {
		h = vrs_fib_lookup_inline(fib, daddr);
		node = h ? vrs_rt_node_rcu(vr, h) : NULL;
		if (unlikely(!node))
			return NULL;
		r = list_first_or_null_rcu(&node->routes, struct vrs_route,
					   node);
		if (likely(r))
			return r;
	}
	return NULL;
}

/* Writers: the node of exactly @dst/@dst_len, or NULL. */
struct vrs_rt_node *vrs_rt_node_get(struct vrs_vr *vr, int family,
				    const union vrs_addr *dst, u8 dst_len)
{
	u32 h = vrs_fib_get_exact(vr->rt.fib[vrs_rt_family_index(family)],
				  dst->bytes, dst_len);

	return h ? vrs_rt_node_locked(vr, h) : NULL;
}

/* The FIBs' bytes for VR replies, after every change and after every
 * change that failed (a FIB may have grown its block, then run out of
 * memory).
 */
void vrs_rt_note_bytes(struct vrs_vr *vr)
{
	int i;

	lockdep_assert_held(&vr->lock);
	for (i = 0; i < VRS_RT_NFAMILIES; i++)
		WRITE_ONCE(vr->rt.fib_bytes[i], vrs_fib_bytes(vr->rt.fib[i]));
}

/* Every change of the VR's routes ends here: dumps and VR replies see it. */
void vrs_rt_changed(struct vrs_vr *vr)
{
	WRITE_ONCE(vr->rt.generation, vr->rt.generation + 1);
	vrs_rt_note_bytes(vr);
}

/* Writers: @r (of its family) joins or leaves the VR's routes. */
void vrs_rt_count(struct vrs_vr *vr, const struct vrs_route *r, int delta)
{
	u32 *n = &vr->rt.nroutes[vrs_rt_family_index(r->family)];

	lockdep_assert_held(&vr->lock);
	WRITE_ONCE(*n, *n + delta);
}

static bool vrs_nh_matches(const struct vrs_nexthop *nh,
			   const struct vrs_nexthop *want, int alen)
{
	if (want->ifindex && nh->ifindex != want->ifindex &&
	    !(nh->port && nh->port->dev->ifindex == want->ifindex))
		return false;
	if (want->gw_family &&
	    (nh->gw_family != want->gw_family ||
	     memcmp(&nh->gw, &want->gw, vrs_rt_addr_len(want->gw_family))))
		return false;
	return true;
}

/* Does @r match the selectors of a delete request (0 / NOWHERE: any)? */
static int vrs_rt_match_nh(const struct vrs_route *r,
			   const struct vrs_rt_match *m)
{
	int i;

	if (!m->nh.ifindex && !m->nh.gw_family)
		return VRS_RT_MATCH_ALL;
	/* IPv4 compares the first next hop only (fib_nh_match); IPv6
	 * deletes the next hop that matches from a multipath route.
	 */
	for (i = 0; i < r->nh_count; i++) {
		if (vrs_nh_matches(&r->nh[i], &m->nh, 16))
			return i;
		if (r->family == AF_INET)
			break;
	}
	return -1;
}

static bool vrs_rt_match(const struct vrs_route *r,
			 const struct vrs_rt_match *m, int *nh_idx)
{
	if (m->priority && r->priority != m->priority)
		return false;
	if (m->type && r->type != m->type)
		return false;
	if (m->protocol && r->protocol != m->protocol)
		return false;
	if (m->scope != RT_SCOPE_NOWHERE && r->scope != m->scope)
		return false;
	*nh_idx = vrs_rt_match_nh(r, m);
	return *nh_idx >= 0 || *nh_idx == VRS_RT_MATCH_ALL;
}

/* Unlinks @r from @node (and the node from the FIB if it was the last
 * route).  The caller frees @r with kfree_rcu().
 */
int vrs_rt_unlink(struct vrs_vr *vr, struct vrs_rt_node *node,
		  struct vrs_route *r)
{
	struct vrs_fib *fib = vr->rt.fib[vrs_rt_family_index(r->family)];
	u32 gone;
	int err;

	if (list_is_singular(&node->routes)) {
		err = vrs_fib_delete(fib, r->dst.bytes, r->dst_len, &gone);
		if (err) {
			vrs_rt_note_bytes(vr);
			return err;
		}
		WARN_ON_ONCE(gone != node->handle);
		list_del_rcu(&r->node);
		vrs_rt_handle_retire(vr, node);
	} else {
		list_del_rcu(&r->node);
	}
	vrs_rt_count(vr, r, -1);
	vrs_rt_changed(vr);
	return 0;
}

/* An IPv6 multipath route without next hop @idx. */
static struct vrs_route *vrs_rt_without_nh(const struct vrs_route *r, int idx)
{
	struct vrs_route *n;

	n = kmalloc(struct_size(n, nh, r->nh_count - 1), GFP_KERNEL_ACCOUNT);
	if (!n)
		return NULL;
	memcpy(n, r, struct_size(n, nh, idx));
	memcpy(&n->nh[idx], &r->nh[idx + 1],
	       sizeof(r->nh[0]) * (r->nh_count - idx - 1));
	n->nh_count--;
	vrs_route_rebalance(n);
	return n;
}

/* Deletes the first route matching @m.  *@gone is the route removed (the
 * caller notifies and frees it); for an IPv6 delete of one next hop of a
 * multipath route, *@left is the route that remains (also notified).
 */
int vrs_route_delete(struct vrs_vr *vr, const struct vrs_rt_match *m,
		     struct vrs_route **gone, struct vrs_route **left,
		     struct netlink_ext_ack *extack)
{
	struct vrs_rt_node *node;
	struct vrs_route *r, *rest;
	int idx, err;

	lockdep_assert_held(&vr->lock);
	*gone = NULL;
	*left = NULL;
	node = vrs_rt_node_get(vr, m->family, &m->dst, m->dst_len);
	if (!node)
		goto none;
	list_for_each_entry(r, &node->routes, node) {
		if (!vrs_rt_match(r, m, &idx))
			continue;
		if (m->family == AF_INET6 && idx >= 0 && r->nh_count > 1) {
			rest = vrs_rt_without_nh(r, idx);
			if (!rest)
				goto nomem;
			list_replace_rcu(&r->node, &rest->node);
			vrs_rt_changed(vr);
			*left = rest;
			*gone = r;
			return 0;
		}
		err = vrs_rt_unlink(vr, node, r);
		if (err)
			goto nomem;
		*gone = r;
		return 0;
	}
none:
	NL_SET_ERR_MSG(extack, "No such route");
	return -ESRCH;
nomem:
	NL_SET_ERR_MSG(extack, "Out of memory deleting the route");
	return -ENOMEM;
}

/* The kernel route of @port for this prefix, if it is there already. */
static bool vrs_rt_has_kernel(struct vrs_vr *vr, const struct vrs_route *k)
{
	struct vrs_rt_node *node;
	struct vrs_route *r;

	node = vrs_rt_node_get(vr, k->family, &k->dst, k->dst_len);
	if (!node)
		return false;
	list_for_each_entry(r, &node->routes, node)
		if (r->protocol == RTPROT_KERNEL && r->type == k->type &&
		    r->priority == k->priority && r->nh_count == 1 &&
		    r->nh[0].port == k->nh[0].port)
			return true;
	return false;
}

int vrs_route_add_kernel(struct vrs_vr *vr, int family, const void *dst,
			 u8 dst_len, u8 type, u8 scope,
			 const void *prefsrc, struct vrs_port *port,
			 u32 priority)
{
	int alen = vrs_rt_addr_len(family), err;
	struct vrs_route *r, *old;

	lockdep_assert_held(&vr->lock);
	r = kzalloc(struct_size(r, nh, 1), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->family = family;
	memcpy(&r->dst, dst, alen);
	r->dst_len = dst_len;
	r->type = type;
	r->protocol = RTPROT_KERNEL;
	r->scope = scope;
	r->priority = priority;
	if (prefsrc) {
		memcpy(&r->prefsrc, prefsrc, alen);
		r->has_prefsrc = true;
	}
	r->nh_count = 1;
	r->nh[0].port = port;
	r->nh[0].ifindex = port->vport->ifindex;
	r->nh[0].weight = 1;
	vrs_route_rebalance(r);
	if (vrs_rt_has_kernel(vr, r)) {
		kfree(r);
		return 0;
	}
	err = vrs_route_insert(vr, &r, NLM_F_CREATE | NLM_F_APPEND, &old, NULL);
	if (err) {
		kfree_rcu(r, rcu);	/* see vrs_route_insert() */
		return err;
	}
	vrs_route_notify(vr, r, VRS_CMD_ROUTE_NEW, NULL);
	return 0;
}

void vrs_route_del_kernel(struct vrs_vr *vr, int family, const void *dst,
			  u8 dst_len, u8 type, struct vrs_port *port,
			  u32 priority)
{
	struct vrs_rt_match m = {
		.family = family, .dst_len = dst_len, .type = type,
		.protocol = RTPROT_KERNEL, .scope = RT_SCOPE_NOWHERE,
		.priority = priority,
		.nh.ifindex = port->vport->ifindex,
	};
	struct vrs_route *gone, *left;

	lockdep_assert_held(&vr->lock);
	memcpy(&m.dst, dst, vrs_rt_addr_len(family));
	if (vrs_route_delete(vr, &m, &gone, &left, NULL))
		return;
	vrs_route_notify(vr, gone, VRS_CMD_ROUTE_DEL, NULL);
	if (left)
		vrs_route_notify(vr, left, VRS_CMD_ROUTE_NEW, NULL);
	kfree_rcu(gone, rcu);
}
