// SPDX-License-Identifier: GPL-2.0
/*
 * Route commands: add/replace/append (ROUTE_NEW), delete, get (the data
 * path's lookup), and the notifications of the "route" group; the route
 * summary of VR replies.  Dumps are in route_dump.c, request parsing in
 * route_parse.c.
 *
 * A command finds its VR under vrs_net.lock, takes vr->lock and drops the
 * namespace lock: route changes of different VRs do not serialize.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "port.h"
#include "route_nl.h"
#include "vrs.h"

int vrs_rt_fill_summary(struct sk_buff *skb, const struct vrs_vr *vr)
{
	const struct vrs_rt_tables *rt = &vr->rt;
	struct nlattr *nest;

	nest = nla_nest_start(skb, VRS_A_VR_ROUTES);
	if (!nest ||
	    nla_put_u32(skb, VRS_VR_RT_A_COUNT4, READ_ONCE(rt->nroutes[VRS_RT_V4])) ||
	    nla_put_u32(skb, VRS_VR_RT_A_COUNT6, READ_ONCE(rt->nroutes[VRS_RT_V6])) ||
	    nla_put_u64_64bit(skb, VRS_VR_RT_A_FIB_BYTES4,
			      READ_ONCE(rt->fib_bytes[VRS_RT_V4]), VRS_VR_RT_A_PAD) ||
	    nla_put_u64_64bit(skb, VRS_VR_RT_A_FIB_BYTES6,
			      READ_ONCE(rt->fib_bytes[VRS_RT_V6]), VRS_VR_RT_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int vrs_nh_fill(struct sk_buff *skb, const struct vrs_nexthop *nh)
{
	struct nlattr *nest = nla_nest_start(skb, VRS_A_RT_NEXTHOP);

	if (!nest)
		return -EMSGSIZE;
	if ((nh->gw_family &&
	     (nla_put_u8(skb, VRS_NH_A_GW_FAMILY, nh->gw_family) ||
	      nla_put(skb, VRS_NH_A_GATEWAY, vrs_rt_addr_len(nh->gw_family),
		      &nh->gw))) ||
	    (nh->ifindex && nla_put_u32(skb, VRS_NH_A_IFINDEX, nh->ifindex)) ||
	    nla_put_u16(skb, VRS_NH_A_WEIGHT, nh->weight) ||
	    (nh->flags && nla_put_u32(skb, VRS_NH_A_FLAGS, nh->flags))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int vrs_route_fill_attrs(struct sk_buff *skb, const struct vrs_vr *vr,
				const struct vrs_route *r)
{
	int alen = vrs_rt_addr_len(r->family), i;
	struct nlattr *nhs;

	if (nla_put_u32(skb, VRS_A_VR_ID, vr->id) ||
	    nla_put_u8(skb, VRS_A_RT_FAMILY, r->family) ||
	    (r->dst_len && nla_put(skb, VRS_A_RT_DST, alen, &r->dst)) ||
	    nla_put_u8(skb, VRS_A_RT_DST_LEN, r->dst_len) ||
	    nla_put_u8(skb, VRS_A_RT_TYPE, r->type) ||
	    nla_put_u8(skb, VRS_A_RT_PROTOCOL, r->protocol) ||
	    nla_put_u8(skb, VRS_A_RT_SCOPE, r->scope) ||
	    nla_put_u32(skb, VRS_A_RT_PRIORITY, r->priority) ||
	    (r->has_prefsrc &&
	     nla_put(skb, VRS_A_RT_PREFSRC, alen, &r->prefsrc)))
		return -EMSGSIZE;
	if (!r->nh_count)
		return 0;
	nhs = nla_nest_start(skb, VRS_A_RT_NEXTHOPS);
	if (!nhs)
		return -EMSGSIZE;
	for (i = 0; i < r->nh_count; i++)
		if (vrs_nh_fill(skb, &r->nh[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nhs);
	return 0;
}

/* @cb: the dump this message belongs to, or NULL. */
int vrs_route_fill(struct sk_buff *skb, const struct vrs_vr *vr,
		   const struct vrs_route *r, u32 portid, u32 seq, int flags,
		   u8 cmd, struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vrs_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (vrs_route_fill_attrs(skb, vr, r)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static size_t vrs_route_msg_size(const struct vrs_route *r)
{
	return nla_total_size(4) + 6 * nla_total_size(4) +
	       2 * nla_total_size(16) + nla_total_size(0) +
	       r->nh_count * (nla_total_size(0) + 4 * nla_total_size(16));
}

/* To the "route" group of the VR's namespace; @info (may be NULL for
 * kernel-made routes) gets it too if it asked with NLM_F_ECHO.
 */
void vrs_route_notify(struct vrs_vr *vr, const struct vrs_route *r, u8 cmd,
		      struct genl_info *info)
{
	struct sk_buff *skb;

	/* Nobody to tell: a bulk load then costs no message per route. */
	if (!genl_has_listeners(&vrs_genl_family, vr->net, VRS_NLGRP_ROUTE) &&
	    !(info && nlmsg_report(info->nlhdr)))
		return;
	skb = genlmsg_new(vrs_route_msg_size(r), GFP_KERNEL);
	if (skb && vrs_route_fill(skb, vr, r, info ? info->snd_portid : 0,
				  info ? info->snd_seq : 0, 0, cmd, NULL)) {
		nlmsg_free(skb);
		skb = NULL;
	}
	vrs_genl_notify(vr->net, info, VRS_NLGRP_ROUTE, skb);
}

/* The VR of the request, with vr->lock held; or an ERR_PTR. */
struct vrs_vr *vrs_route_vr_lock(struct genl_info *info)
{
	struct vrs_net *vn = vrs_net(genl_info_net(info));
	struct vrs_vr *vr;

	mutex_lock(&vn->lock);
	vr = vrs_vr_from_nlattrs(vn, info->attrs, info->extack);
	if (!IS_ERR(vr))
		mutex_lock(&vr->lock);
	mutex_unlock(&vn->lock);
	return vr;
}

/* ROUTE_NEW's work on its attributes @tb (a request's or a batch op's);
 * caller holds vr->lock.
 */
int vrs_route_do_new(struct vrs_vr *vr, struct nlattr **tb,
		     struct genl_info *info)
{
	struct vrs_route *r, *old;
	u32 nlflags;
	int err;

	nlflags = tb[VRS_A_RT_NLFLAGS] ? nla_get_u32(tb[VRS_A_RT_NLFLAGS]) :
		NLM_F_CREATE | NLM_F_EXCL;
	r = vrs_route_from_attrs(vr, tb, info->extack);
	if (IS_ERR(r))
		return PTR_ERR(r);
	err = vrs_route_insert(vr, &r, nlflags, &old, info->extack);
	if (err) {
		kfree_rcu(r, rcu);	/* see vrs_route_insert() */
		return err;
	}
	vrs_route_notify(vr, r, VRS_CMD_ROUTE_NEW, info);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/* ROUTE_DEL's work, as vrs_route_do_new(). */
int vrs_route_do_del(struct vrs_vr *vr, struct nlattr **tb,
		     struct genl_info *info)
{
	struct vrs_route *gone, *left;
	struct vrs_rt_match m;
	int err;

	err = vrs_rt_match_from_attrs(vr, tb, &m, info->extack);
	if (!err)
		err = vrs_route_delete(vr, &m, &gone, &left, info->extack);
	if (err)
		return err;
	vrs_route_notify(vr, gone, VRS_CMD_ROUTE_DEL, info);
	if (left)
		vrs_route_notify(vr, left, VRS_CMD_ROUTE_NEW, NULL);
	kfree_rcu(gone, rcu);
	return 0;
}

/* One route change of a request, under its VR's lock. */
static int vrs_route_locked(struct genl_info *info,
			    int (*change)(struct vrs_vr *vr, struct nlattr **tb,
					  struct genl_info *info))
{
	struct vrs_vr *vr = vrs_route_vr_lock(info);
	int err;

	if (IS_ERR(vr))
		return PTR_ERR(vr);
	err = change(vr, info->attrs, info);
	mutex_unlock(&vr->lock);
	return err;
}

int vrs_nl_route_new(struct sk_buff *skb, struct genl_info *info)
{
	return vrs_route_locked(info, vrs_route_do_new);
}

int vrs_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	return vrs_route_locked(info, vrs_route_do_del);
}

/* The route the data path would use for an address. */
int vrs_nl_route_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	const struct vrs_route *r;
	union vrs_addr addr = {};
	struct sk_buff *reply;
	struct vrs_vr *vr;
	int family, err;

	if (GENL_REQ_ATTR_CHECK(info, VRS_A_RT_FAMILY) ||
	    GENL_REQ_ATTR_CHECK(info, VRS_A_RT_DST)) {
		NL_SET_ERR_MSG(info->extack, "Route get needs a family and an address");
		return -EINVAL;
	}
	family = vrs_check_family(tb[VRS_A_RT_FAMILY], info->extack);
	if (family < 0)
		return family;
	if (nla_len(tb[VRS_A_RT_DST]) != vrs_rt_addr_len(family)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VRS_A_RT_DST],
				    "Address length does not match the family");
		return -EINVAL;
	}
	memcpy(&addr, nla_data(tb[VRS_A_RT_DST]), nla_len(tb[VRS_A_RT_DST]));

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	vr = vrs_route_vr_lock(info);
	err = PTR_ERR_OR_ZERO(vr);
	if (err)
		goto err_free;
	rcu_read_lock();
	r = vrs_route_lookup(vr, family, &addr);
	if (!r) {
		NL_SET_ERR_MSG(info->extack, "Network is unreachable");
		err = -ENETUNREACH;
	} else {
		err = vrs_route_fill(reply, vr, r, info->snd_portid,
				     info->snd_seq, 0, VRS_CMD_ROUTE_NEW, NULL);
	}
	rcu_read_unlock();
	mutex_unlock(&vr->lock);
	if (err)
		goto err_free;
	return genlmsg_reply(reply, info);
err_free:
	nlmsg_free(reply);
	return err;
}
