/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the route netlink files. */
#ifndef _VRS_ROUTE_NL_H
#define _VRS_ROUTE_NL_H

#include <net/genetlink.h>
#include <uapi/linux/vrs.h>

#include "route_core.h"

struct vrs_vr;

extern const struct nla_policy vrs_route_policy[VRS_A_RT_NEXTHOP + 1];
extern const struct nla_policy vrs_route_op_policy[VRS_A_RT_OP_CMD + 1];
extern const struct nla_policy vrs_route_batch_policy[VRS_A_RT_BATCH + 1];

int vrs_check_family(const struct nlattr *attr, struct netlink_ext_ack *extack);

struct vrs_route *vrs_route_from_attrs(struct vrs_vr *vr, struct nlattr **tb,
				       struct netlink_ext_ack *extack);
int vrs_rt_match_from_attrs(struct vrs_vr *vr, struct nlattr **tb,
			    struct vrs_rt_match *m,
			    struct netlink_ext_ack *extack);
int vrs_route_fill(struct sk_buff *skb, const struct vrs_vr *vr,
		   const struct vrs_route *r, u32 portid, u32 seq, int flags,
		   u8 cmd, struct netlink_callback *cb);
struct vrs_vr *vrs_route_vr_lock(struct genl_info *info);
int vrs_route_do_new(struct vrs_vr *vr, struct nlattr **tb,
		     struct genl_info *info);
int vrs_route_do_del(struct vrs_vr *vr, struct nlattr **tb,
		     struct genl_info *info);
int vrs_nl_route_batch(struct sk_buff *skb, struct genl_info *info);
void vrs_route_notify(struct vrs_vr *vr, const struct vrs_route *r, u8 cmd,
		      struct genl_info *info);

#endif /* _VRS_ROUTE_NL_H */
