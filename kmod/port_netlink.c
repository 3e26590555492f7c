// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands on ports: attach (PORT_NEW), detach (PORT_DEL),
 * get and dump (PORT_GET), and the notifications of the "link" group.
 *
 * Every command runs under RTNL: attach and detach need it anyway, and
 * it keeps the device names and ifindexes we report stable while a reply
 * is built.  Devices are looked up in the caller's namespace, which is
 * also where its VRs live.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "port_int.h"
#include "vrs.h"

static int vrs_validate_ifname(const struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	const char *data = nla_data(attr);
	int len = nla_len(attr);
	char name[IFNAMSIZ];

	/* Accept one trailing NUL, as NLA_STRING does. */
	if (len && data[len - 1] == '\0')
		len--;
	if (len >= IFNAMSIZ) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device name is longer than 15 bytes");
		return -ENAMETOOLONG;
	}
	nla_strscpy(name, attr, sizeof(name));
	if (!dev_valid_name(name) || strchr(name, '%')) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Invalid device name");
		return -EINVAL;
	}
	return 0;
}

static struct netlink_range_validation vrs_ifindex_range __ro_after_init = {
	.min = 1,
	.max = INT_MAX,
};

const struct nla_policy vrs_port_policy[VRS_A_PORT_STATS + 1] = {
	[VRS_A_VR_ID]	= VRS_POLICY_VR_ID,
	[VRS_A_VR_NAME]	= VRS_POLICY_VR_NAME,
	[VRS_A_VR_STATS] = { .type = NLA_REJECT,
			     .reject_message = "Statistics are only reported, not set" },
	[VRS_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &vrs_ifindex_range),
	[VRS_A_PORT_IFNAME] = NLA_POLICY_VALIDATE_FN(NLA_STRING,
						     vrs_validate_ifname),
	[VRS_A_PORT_VPORT_NAME] = NLA_POLICY_VALIDATE_FN(NLA_STRING,
							 vrs_validate_ifname),
	[VRS_A_PORT_VPORT_IFINDEX] = {
		.type = NLA_REJECT,
		.reject_message = "The vport's ifindex is only reported, not set",
	},
	[VRS_A_PORT_STATS] = { .type = NLA_REJECT,
			       .reject_message = "Statistics are only reported, not set" },
};

static int vrs_port_fill(struct sk_buff *skb, const struct vrs_port *port,
			 u32 portid, u32 seq, int flags, u8 cmd,
			 struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vrs_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, VRS_A_VR_ID, port->vr->id) ||
	    nla_put_string(skb, VRS_A_VR_NAME, port->vr->name) ||
	    nla_put_u32(skb, VRS_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, VRS_A_PORT_IFNAME, port->dev->name) ||
	    nla_put_string(skb, VRS_A_PORT_VPORT_NAME, port->vport->name) ||
	    nla_put_u32(skb, VRS_A_PORT_VPORT_IFINDEX, port->vport->ifindex) ||
	    vrs_stats_fill(skb, VRS_A_PORT_STATS, port->stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

void vrs_port_notify(struct vrs_port *port, u8 cmd, struct genl_info *info)
{
	struct net *net = port->vr->net;
	struct sk_buff *skb;

	if (!READ_ONCE(vrs_genl_up))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (skb && vrs_port_fill(skb, port, info ? info->snd_portid : 0,
				 info ? info->snd_seq : 0, 0, cmd, NULL)) {
		nlmsg_free(skb);
		skb = NULL;
	}
	vrs_genl_notify(net, info, VRS_NLGRP_LINK, skb);
}

/* The device named by VRS_A_PORT_IFINDEX and/or VRS_A_PORT_IFNAME in the
 * caller's namespace (RTNL); *@attr is set to the attribute that named it.
 */
static struct net_device *vrs_port_dev_from_attrs(struct net *net,
						  struct nlattr **attrs,
						  const struct nlattr **attr,
						  struct netlink_ext_ack *extack)
{
	struct nlattr *idx = attrs[VRS_A_PORT_IFINDEX];
	struct nlattr *name = attrs[VRS_A_PORT_IFNAME];
	struct net_device *dev = NULL, *by_name;
	char ifname[IFNAMSIZ];

	*attr = idx ?: name;
	if (!idx && !name) {
		NL_SET_ERR_MSG(extack, "Device ifindex or name is required");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VRS_A_PORT_IFINDEX);
		return ERR_PTR(-EINVAL);
	}
	if (idx) {
		dev = __dev_get_by_index(net, nla_get_u32(idx));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, idx, "No device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
	}
	if (name) {
		nla_strscpy(ifname, name, sizeof(ifname));
		by_name = __dev_get_by_name(net, ifname);
		if (!by_name) {
			NL_SET_ERR_MSG_ATTR(extack, name, "No device with this name");
			return ERR_PTR(-ENODEV);
		}
		if (dev && dev != by_name) {
			NL_SET_ERR_MSG_ATTR(extack, name,
					    "Device ifindex and name refer to different devices");
			return ERR_PTR(-EINVAL);
		}
		dev = by_name;
	}
	return dev;
}

int vrs_nl_port_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vrs_net *vn = vrs_net(net);
	struct vrs_port_cfg cfg = {};
	char vname[IFNAMSIZ];
	struct net_device *dev;
	struct vrs_port *port;
	struct vrs_vr *vr;

	rtnl_lock();
	mutex_lock(&vn->lock);
	vr = vrs_vr_from_attrs(vn, info);
	if (IS_ERR(vr)) {
		port = ERR_CAST(vr);
		goto out;
	}
	dev = vrs_port_dev_from_attrs(net, info->attrs, &cfg.dev_attr,
				      info->extack);
	if (IS_ERR(dev)) {
		port = ERR_CAST(dev);
		goto out;
	}
	cfg.vport_attr = info->attrs[VRS_A_PORT_VPORT_NAME];
	if (cfg.vport_attr)
		nla_strscpy(vname, cfg.vport_attr, sizeof(vname));
	else
		snprintf(vname, sizeof(vname), "v%s", dev->name);
	cfg.vport_name = vname;

	port = vrs_port_attach(vr, dev, &cfg, info->extack);
	if (!IS_ERR(port)) {
		WRITE_ONCE(vn->port_generation, vn->port_generation + 1);
		vrs_port_notify(port, VRS_CMD_PORT_NEW, info);
	}
out:
	mutex_unlock(&vn->lock);
	rtnl_unlock();
	return PTR_ERR_OR_ZERO(port);
}

/* The port of the device named in @attrs: the port device or its vport. */
static struct vrs_port *vrs_port_from_attrs(struct net *net,
					    struct nlattr **attrs,
					    struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	struct net_device *dev;
	struct vrs_port *port;

	dev = vrs_port_dev_from_attrs(net, attrs, &attr, extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = vrs_port_from_dev(dev) ?: vrs_port_from_vport(dev);
	if (!port || !net_eq(port->vr->net, net)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device is not a port");
		return ERR_PTR(-ENOENT);
	}
	return port;
}

int vrs_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vrs_net *vn = vrs_net(net);
	struct vrs_port *port;
	struct vrs_vr *vr;

	rtnl_lock();
	mutex_lock(&vn->lock);
	port = vrs_port_from_attrs(net, info->attrs, info->extack);
	if (IS_ERR(port))
		goto out;
	vr = port->vr;
	if (info->attrs[VRS_A_VR_ID] || info->attrs[VRS_A_VR_NAME]) {
		struct vrs_vr *named = vrs_vr_from_attrs(vn, info);

		if (IS_ERR(named)) {
			port = ERR_CAST(named);
			goto out;
		}
		if (named != vr) {
			NL_SET_ERR_MSG(info->extack, "Device is not a port of this VR");
			port = ERR_PTR(-ENOENT);
			goto out;
		}
	}
	mutex_lock(&vr->lock);
	vrs_port_unlink(port);
	mutex_unlock(&vr->lock);
	WRITE_ONCE(vn->port_generation, vn->port_generation + 1);
	vrs_port_notify(port, VRS_CMD_PORT_DEL, info);
	mutex_unlock(&vn->lock);
	vrs_port_release(port);
	rtnl_unlock();
	return 0;
out:
	mutex_unlock(&vn->lock);
	rtnl_unlock();
	return PTR_ERR(port);
}

int vrs_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vrs_port *port;
	struct sk_buff *reply;
	int err;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	rtnl_lock();
	port = vrs_port_from_attrs(net, info->attrs, info->extack);
	err = PTR_ERR_OR_ZERO(port);
	if (!err)
		err = vrs_port_fill(reply, port, info->snd_portid,
				    info->snd_seq, 0, VRS_CMD_PORT_NEW, NULL);
	rtnl_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

/* Dump cursor: cb->args[0] the VR id being dumped, cb->args[1] the last
 * port ifindex reported in it (vr->ports is ordered by ifindex),
 * cb->args[2] the one VR asked for (0: all), cb->args[3] set when done.
 */
static int vrs_port_dump_vr(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vrs_vr *vr)
{
	struct vrs_port *port;
	int err;

	list_for_each_entry(port, &vr->ports, vr_node) {
		if (port->dev->ifindex <= cb->args[1])
			continue;
		err = vrs_port_fill(skb, port, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    VRS_CMD_PORT_NEW, cb);
		if (err)
			return err;
		cb->args[1] = port->dev->ifindex;
	}
	return 0;
}

int vrs_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct vrs_net *vn = vrs_net(sock_net(skb->sk));
	unsigned long id = cb->args[0];
	struct vrs_vr *vr;
	int err = 0;

	if (cb->args[3])
		return 0;
	rtnl_lock();
	cb->seq = READ_ONCE(vn->port_generation) ^ READ_ONCE(vn->generation);
	if (!id && (info->attrs[VRS_A_VR_ID] || info->attrs[VRS_A_VR_NAME])) {
		vr = vrs_vr_from_nlattrs(vn, info->attrs, cb->extack);
		if (IS_ERR(vr)) {
			rtnl_unlock();
			return PTR_ERR(vr);
		}
		cb->args[2] = vr->id;
		id = vr->id;
	}
	xa_for_each_start(&vn->vrs, id, vr, id) {
		if (cb->args[2] && vr->id != cb->args[2])
			break;
		if (id != cb->args[0]) {
			cb->args[0] = id;
			cb->args[1] = 0;
		}
		err = vrs_port_dump_vr(skb, cb, vr);
		if (err)
			break;
	}
	rtnl_unlock();
	if (!err) {
		cb->args[3] = 1;
		return skb->len;
	}
	/* A full part ends here; an empty one means one port cannot fit. */
	return skb->len ?: err;
}
