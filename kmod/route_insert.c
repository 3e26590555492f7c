// SPDX-License-Identifier: GPL-2.0
/*
 * Adding a route to a VR with the identity and NLM_F_{CREATE,EXCL,
 * REPLACE,APPEND} rules of the kernel's own FIBs, family by family.
 *
 * IPv4 (fib_table_insert): routes are keyed by prefix and metric.  A
 * route equal to one of its key (type, protocol, scope, source and next
 * hops: the kernel's shared fib_info) is refused with EEXIST, except by a
 * replace naming the first route of the key, which then changes nothing.
 * Replace takes the place of the first route of the key, append goes
 * after the routes of the key, prepend before them.
 *
 * IPv6 (fib6_add_rt2node): a gateway route joins the first gateway route
 * of its metric as more next hops of one multipath route, whatever the
 * flags; a next hop (device and gateway) already there is refused with
 * EEXIST.  Other routes go after the routes of their metric.  Replace
 * takes the first route of the metric that can join multipath routes if
 * the new one can (else the first of the metric), with all its next hops.
 */
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "fib/fib.h"
#include "route_core.h"
#include "vrs.h"

/* First route of @node with metric @prio. */
static struct vrs_route *vrs_rt_find_key(struct vrs_rt_node *node, u32 prio)
{
	struct vrs_route *r;

	list_for_each_entry(r, &node->routes, node)
		if (r->priority == prio)
			return r;
	return NULL;
}

/* Where a new route of priority @prio goes: before the first route with a
 * greater priority (append) or not smaller (prepend).
 */
static struct list_head *vrs_rt_pos(struct vrs_rt_node *node, u32 prio,
				    bool append)
{
	struct vrs_route *r;

	list_for_each_entry(r, &node->routes, node)
		if (append ? r->priority > prio : r->priority >= prio)
			return &r->node;
	return &node->routes;
}

static bool vrs_nh_same_path(const struct vrs_nexthop *a,
			     const struct vrs_nexthop *b)
{
	return a->ifindex == b->ifindex && a->gw_family == b->gw_family &&
	       !memcmp(&a->gw, &b->gw, sizeof(a->gw));
}

/* IPv4: @a and @b would share one fib_info and type. */
static bool vrs_rt_same4(const struct vrs_route *a, const struct vrs_route *b)
{
	int i;

	if (a->type != b->type || a->protocol != b->protocol ||
	    a->scope != b->scope || a->has_prefsrc != b->has_prefsrc ||
	    (a->has_prefsrc && a->prefsrc.v4 != b->prefsrc.v4) ||
	    a->nh_count != b->nh_count)
		return false;
	for (i = 0; i < a->nh_count; i++)
		if (!vrs_nh_same_path(&a->nh[i], &b->nh[i]) ||
		    a->nh[i].weight != b->nh[i].weight ||
		    a->nh[i].flags != b->nh[i].flags)
			return false;
	return true;
}

/* IPv6: does @b repeat a next hop of @a (rt6_duplicate_nexthop)?  Reject
 * routes have none: the kernel gives them all the loopback device.
 */
static bool vrs_rt_dup_nh6(const struct vrs_route *a, const struct vrs_route *b)
{
	int i, j;

	if (!a->nh_count || !b->nh_count)
		return !a->nh_count && !b->nh_count;
	for (i = 0; i < a->nh_count; i++)
		for (j = 0; j < b->nh_count; j++)
			if (vrs_nh_same_path(&a->nh[i], &b->nh[j]))
				return true;
	return false;
}

/* rt6_qualify_for_ecmp(): a unicast route through gateways. */
static bool vrs_rt_ecmp_ok(const struct vrs_route *r)
{
	return r->type == RTN_UNICAST && r->nh_count && r->nh[0].gw_family;
}

/* IPv6 ECMP: one route with the next hops of both. */
static struct vrs_route *vrs_rt_merge(const struct vrs_route *old,
				      const struct vrs_route *add)
{
	struct vrs_route *r;
	size_t nhs = old->nh_count + add->nh_count;

	r = kmalloc(struct_size(r, nh, nhs), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NULL;
	memcpy(r, old, struct_size(old, nh, old->nh_count));
	memcpy(&r->nh[old->nh_count], add->nh,
	       sizeof(add->nh[0]) * add->nh_count);
	r->nh_count = nhs;
	vrs_route_rebalance(r);
	return r;
}

static int vrs_rt_insert_node(struct vrs_vr *vr, struct vrs_route *r,
			      struct netlink_ext_ack *extack)
{
	struct vrs_fib *fib = vr->rt.fib[vrs_rt_family_index(r->family)];
	struct vrs_rt_node *node;
	int err;

	node = kmalloc(sizeof(*node), GFP_KERNEL_ACCOUNT);
	if (!node)
		goto nomem;
	INIT_LIST_HEAD(&node->routes);
	list_add(&r->node, &node->routes);
	if (vrs_rt_handle_alloc(vr, node)) {
		kfree(node);
		goto nomem;
	}
	err = vrs_fib_insert(fib, r->dst.bytes, r->dst_len, node->handle, 0,
			     NULL);
	if (err) {
		/* The handle table showed the node (and @r: see
		 * vrs_route_insert()) to readers.
		 */
		vrs_rt_handle_free(vr, node);
		goto nomem;
	}
	return 0;
nomem:
	NL_SET_ERR_MSG(extack, "Out of memory adding the route");
	return -ENOMEM;
}

static int vrs_rt_exists(struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "Route exists");
	return -EEXIST;
}

static int vrs_rt_insert4(struct vrs_rt_node *node, struct vrs_route *first,
			  struct vrs_route *r, u32 nlflags,
			  struct vrs_route **old, struct netlink_ext_ack *extack)
{
	struct vrs_route *it = first, *match = NULL;

	if (first) {
		list_for_each_entry_from(it, &node->routes, node) {
			if (it->priority != r->priority)
				break;
			if (vrs_rt_same4(it, r)) {
				match = it;
				break;
			}
		}
	}
	if (first && (nlflags & NLM_F_REPLACE)) {
		if (match && match != first)
			return vrs_rt_exists(extack);
		list_replace_rcu(&first->node, &r->node);
		*old = first;
		return 0;
	}
	if (match)
		return vrs_rt_exists(extack);
	list_add_tail_rcu(&r->node, vrs_rt_pos(node, r->priority,
					       nlflags & NLM_F_APPEND));
	return 0;
}

static int vrs_rt_insert6(struct vrs_rt_node *node, struct vrs_route **rp,
			  u32 nlflags, struct vrs_route **old,
			  struct netlink_ext_ack *extack)
{
	struct vrs_route *r = *rp, *it, *target = NULL, *fallback = NULL;
	bool ecmp = vrs_rt_ecmp_ok(r);

	list_for_each_entry(it, &node->routes, node) {
		if (it->priority != r->priority)
			continue;
		if (nlflags & NLM_F_REPLACE) {
			if (!fallback)
				fallback = it;
			if (!target && vrs_rt_ecmp_ok(it) == ecmp)
				target = it;
			continue;
		}
		if (vrs_rt_dup_nh6(it, r))
			return vrs_rt_exists(extack);
		if (!target && ecmp && vrs_rt_ecmp_ok(it))
			target = it;
	}
	if (nlflags & NLM_F_REPLACE) {
		target = target ?: fallback;
		if (target) {
			list_replace_rcu(&target->node, &r->node);
			*old = target;
			return 0;
		}
	} else if (target) {
		struct vrs_route *merged = vrs_rt_merge(target, r);

		if (!merged) {
			NL_SET_ERR_MSG(extack, "Out of memory adding the route");
			return -ENOMEM;
		}
		list_replace_rcu(&target->node, &merged->node);
		*old = target;
		kfree(r);
		*rp = merged;
		return 0;
	}
	list_add_tail_rcu(&r->node, vrs_rt_pos(node, r->priority, true));
	return 0;
}

/* Adds *@rp (owned by the caller until this returns 0) by the rules of
 * rtnetlink's NLM_F_{CREATE,EXCL,REPLACE,APPEND} in @nlflags.  On success
 * *@rp is the route now installed (an IPv6 gateway route may merge it into
 * a new multipath route) and *@old the one it replaced (the caller frees
 * it with kfree_rcu()), or NULL.  On failure readers may have seen *@rp
 * (in a node the handle table showed): the caller frees it with
 * kfree_rcu() too.  Caller holds vr->lock.
 */
int vrs_route_insert(struct vrs_vr *vr, struct vrs_route **rp, u32 nlflags,
		     struct vrs_route **old, struct netlink_ext_ack *extack)
{
	struct vrs_route *r = *rp, *same;
	struct vrs_rt_node *node;
	int err;

	lockdep_assert_held(&vr->lock);
	*old = NULL;
	node = vrs_rt_node_get(vr, r->family, &r->dst, r->dst_len);
	same = node ? vrs_rt_find_key(node, r->priority) : NULL;

	if (!same && !(nlflags & NLM_F_CREATE)) {
		/* IPv6 names the missing prefix (fib6_add_1). */
		if (!node && r->family == AF_INET6)
			NL_SET_ERR_MSG(extack, "Can not replace route - no match found");
		else
			NL_SET_ERR_MSG(extack, "Route does not exist");
		return -ENOENT;
	}
	if (same && (nlflags & NLM_F_EXCL))
		return vrs_rt_exists(extack);
	if (!node)
		err = vrs_rt_insert_node(vr, r, extack);
	else if (r->family == AF_INET6)
		err = vrs_rt_insert6(node, rp, nlflags, old, extack);
	else
		err = vrs_rt_insert4(node, same, r, nlflags, old, extack);
	if (err) {
		vrs_rt_note_bytes(vr);
		return err;
	}
	/* Replacing a route, or merging it into a multipath one, adds none. */
	if (!*old)
		vrs_rt_count(vr, *rp, 1);
	vrs_rt_changed(vr);
	return 0;
}
