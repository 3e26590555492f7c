// SPDX-License-Identifier: GPL-2.0
/*
 * VRS_CMD_ROUTE_BATCH: many route changes for one VR in one request, for
 * bulk loads (vrnl -batch).  Each op is applied exactly as its single
 * command would be, in order, under one hold of vr->lock; the first op
 * that fails ends the batch and its index goes back in the extack cookie,
 * so that the caller can tell which of its lines failed and resume after
 * it, as `ip -batch` would have run them one by one.
 */
#include <net/genetlink.h>

#include "route_nl.h"
#include "vrs.h"

/* The list's shape is checked before anything is applied: a malformed
 * list is no op's failure.
 */
static int vrs_batch_check(struct genl_info *info)
{
	const struct nlattr *list = info->attrs[VRS_A_RT_BATCH], *op;
	int rem, n = 0;

	if (!list) {
		NL_SET_ERR_MSG(info->extack, "Route batch needs a list of ops");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VRS_A_RT_BATCH);
		return -EINVAL;
	}
	nla_for_each_nested(op, list, rem) {
		if (nla_type(op) != VRS_A_RT_OP || !(op->nla_type & NLA_F_NESTED)) {
			NL_SET_ERR_MSG_ATTR(info->extack, op,
					    "Route batch entries must be nested VRS_A_RT_OP");
			return -EINVAL;
		}
		n++;
	}
	if (rem) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "Trailing bytes in route batch");
		return -EINVAL;
	}
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "Empty route batch");
		return -EINVAL;
	}
	return 0;
}

/* One op, validated by the same policy entries as ROUTE_NEW/ROUTE_DEL. */
static int vrs_batch_op(struct vrs_vr *vr, const struct nlattr *op,
			struct genl_info *info)
{
	struct nlattr *tb[VRS_A_RT_OP_CMD + 1];
	int err;

	err = nla_parse_nested(tb, VRS_A_RT_OP_CMD, op, vrs_route_op_policy,
			       info->extack);
	if (err)
		return err;
	if (!tb[VRS_A_RT_OP_CMD]) {
		NL_SET_ERR_MSG(info->extack, "Route batch op needs a command");
		NL_SET_ERR_ATTR_MISS(info->extack, op, VRS_A_RT_OP_CMD);
		return -EINVAL;
	}
	if (nla_get_u8(tb[VRS_A_RT_OP_CMD]) == VRS_CMD_ROUTE_NEW)
		return vrs_route_do_new(vr, tb, info);
	return vrs_route_do_del(vr, tb, info);
}

int vrs_nl_route_batch(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	const struct nlattr *op;
	struct vrs_vr *vr;
	u32 idx = 0;
	int rem, err;

	err = vrs_batch_check(info);
	if (err)
		return err;
	vr = vrs_route_vr_lock(info);
	if (IS_ERR(vr))
		return PTR_ERR(vr);
	nla_for_each_nested(op, info->attrs[VRS_A_RT_BATCH], rem) {
		/* Only the failing op's extack may reach the reply. */
		memset(extack, 0, sizeof(*extack));
		err = vrs_batch_op(vr, op, info);
		if (err) {
			memcpy(extack->cookie, &idx, sizeof(idx));
			extack->cookie_len = sizeof(idx);
			break;
		}
		idx++;
		/* A batch is up to a socket buffer of ops. */
		cond_resched();
	}
	mutex_unlock(&vr->lock);
	return err;
}
