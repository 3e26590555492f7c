// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands on VR objects: new, del, get and dump, and the
 * notifications of the "vr" multicast group.
 */
#include <linux/ctype.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "vrs.h"

int vrs_validate_vr_name(const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);
	int len = nla_len(attr);
	bool all_digits = true;
	int i;

	/* Accept one trailing NUL, as NLA_STRING does. */
	if (len && name[len - 1] == '\0')
		len--;
	if (!len) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "VR name is empty");
		return -EINVAL;
	}
	if (len > VRS_VR_NAME_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "VR name is longer than 15 bytes");
		return -ENAMETOOLONG;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum(name[i]) && !strchr("_.-", name[i])) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "VR name may only contain letters, digits, '_', '.' and '-'");
			return -EINVAL;
		}
		all_digits &= !!isdigit(name[i]);
	}
	if (all_digits) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "VR name must not be a number (it would read as an id)");
		return -EINVAL;
	}
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.')) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "VR name must not be '.' or '..'");
		return -EINVAL;
	}
	return 0;
}

const struct nla_policy vrs_vr_policy[VRS_A_VR_NAME + 1] = {
	[VRS_A_VR_ID]	= VRS_POLICY_VR_ID,
	[VRS_A_VR_NAME]	= VRS_POLICY_VR_NAME,
};

/* Copy a policy-validated name attribute into a NUL-padded key. */
static void vrs_nla_vr_name(char *dst, const struct nlattr *attr)
{
	memset(dst, 0, VRS_VR_NAME_SIZ);
	nla_strscpy(dst, attr, VRS_VR_NAME_SIZ);
}

static int vrs_vr_fill(struct sk_buff *skb, const struct vrs_vr *vr,
		       u32 portid, u32 seq, int flags, u8 cmd,
		       struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vrs_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, VRS_A_VR_ID, vr->id) ||
	    nla_put_string(skb, VRS_A_VR_NAME, vr->name) ||
	    vrs_stats_fill(skb, VRS_A_VR_STATS, vr->stats) ||
	    vrs_rt_fill_summary(skb, vr)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Tell the "vr" group, and the requester if it asked with NLM_F_ECHO. */
static void vrs_vr_notify(struct genl_info *info, const struct vrs_vr *vr,
			  u8 cmd)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (skb && vrs_vr_fill(skb, vr, info->snd_portid, info->snd_seq, 0,
			       cmd, NULL)) {
		nlmsg_free(skb);
		skb = NULL;
	}
	vrs_genl_notify(genl_info_net(info), info, VRS_NLGRP_VR, skb);
}

/* Find the VR named by VRS_A_VR_ID and/or VRS_A_VR_NAME of @attrs.
 * Caller holds vn->lock or rcu_read_lock().
 */
struct vrs_vr *vrs_vr_from_nlattrs(struct vrs_net *vn, struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *id_attr = attrs[VRS_A_VR_ID];
	struct nlattr *name_attr = attrs[VRS_A_VR_NAME];
	struct vrs_vr *by_id = NULL, *by_name = NULL;
	char name[VRS_VR_NAME_SIZ];

	if (!id_attr && !name_attr) {
		NL_SET_ERR_MSG(extack, "VR id or name is required");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VRS_A_VR_ID);
		return ERR_PTR(-EINVAL);
	}
	if (id_attr) {
		by_id = vrs_vr_find_id(vn, nla_get_u32(id_attr));
		if (!by_id) {
			NL_SET_ERR_MSG_ATTR(extack, id_attr,
					    "No VR with this id");
			return ERR_PTR(-ENOENT);
		}
	}
	if (name_attr) {
		vrs_nla_vr_name(name, name_attr);
		by_name = vrs_vr_find_name(vn, name);
		if (!by_name) {
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "No VR with this name");
			return ERR_PTR(-ENOENT);
		}
	}
	if (by_id && by_name && by_id != by_name) {
		NL_SET_ERR_MSG_ATTR(extack, name_attr,
				    "VR id and name refer to different VRs");
		return ERR_PTR(-EINVAL);
	}
	return by_id ?: by_name;
}

/* Find the VR named by VRS_A_VR_ID and/or VRS_A_VR_NAME. */
struct vrs_vr *vrs_vr_from_attrs(struct vrs_net *vn, struct genl_info *info)
{
	return vrs_vr_from_nlattrs(vn, info->attrs, info->extack);
}

int vrs_nl_vr_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vrs_net *vn = vrs_net(genl_info_net(info));
	char name[VRS_VR_NAME_SIZ];
	struct vrs_vr *vr;
	u32 id = 0;

	if (GENL_REQ_ATTR_CHECK(info, VRS_A_VR_NAME)) {
		NL_SET_ERR_MSG(info->extack, "VR name is required");
		return -EINVAL;
	}
	vrs_nla_vr_name(name, info->attrs[VRS_A_VR_NAME]);
	if (info->attrs[VRS_A_VR_ID])
		id = nla_get_u32(info->attrs[VRS_A_VR_ID]);

	mutex_lock(&vn->lock);
	vr = vrs_vr_create(vn, name, id, info->extack);
	if (!IS_ERR(vr))
		vrs_vr_notify(info, vr, VRS_CMD_VR_NEW);
	mutex_unlock(&vn->lock);

	return PTR_ERR_OR_ZERO(vr);
}

int vrs_nl_vr_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vrs_net *vn = vrs_net(genl_info_net(info));
	struct vrs_vr *vr;

	/* Its ports are detached first, which needs RTNL (vrs.h). */
	rtnl_lock();
	mutex_lock(&vn->lock);
	vr = vrs_vr_from_attrs(vn, info);
	if (!IS_ERR(vr)) {
		vrs_port_detach_all(vr);
		vrs_vr_notify(info, vr, VRS_CMD_VR_DEL);
		vrs_vr_destroy(vn, vr);
	}
	mutex_unlock(&vn->lock);
	rtnl_unlock();

	return PTR_ERR_OR_ZERO(vr);
}

int vrs_nl_vr_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vrs_net *vn = vrs_net(genl_info_net(info));
	struct sk_buff *reply;
	struct vrs_vr *vr;
	int err;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	mutex_lock(&vn->lock);
	vr = vrs_vr_from_attrs(vn, info);
	err = PTR_ERR_OR_ZERO(vr);
	if (!err)
		err = vrs_vr_fill(reply, vr, info->snd_portid, info->snd_seq,
				  0, VRS_CMD_VR_NEW, NULL);
	mutex_unlock(&vn->lock);

	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

/* Past the largest id: the dump is complete. */
#define VRS_DUMP_DONE	((unsigned long)U32_MAX + 1)

/* cb->args[0]: the next VR id to dump.  Parts resume by id, so a VR that
 * exists throughout the dump is reported exactly once; NLM_F_DUMP_INTR
 * tells the reader that the set changed while it was being dumped.
 */
int vrs_nl_vr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vrs_net *vn = vrs_net(sock_net(skb->sk));
	unsigned long id = cb->args[0];
	struct vrs_vr *vr;
	int err = 0;

	if (id >= VRS_DUMP_DONE)
		return 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(vn->generation);
	xa_for_each_start(&vn->vrs, id, vr, id) {
		err = vrs_vr_fill(skb, vr, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  VRS_CMD_VR_NEW, cb);
		if (err)
			break;
	}
	rcu_read_unlock();

	if (!err) {
		cb->args[0] = VRS_DUMP_DONE;
		return skb->len;
	}
	cb->args[0] = id;
	/* A full part ends here; an empty one means one VR cannot fit. */
	return skb->len ?: err;
}
