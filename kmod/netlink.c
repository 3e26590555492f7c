// SPDX-License-Identifier: GPL-2.0
/*
 * The "vrs" generic netlink family: operations, their policies and
 * permissions, and multicast groups.
 *
 * Permissions: changing the set of VRs is the host administrator's
 * (CAP_NET_ADMIN in the initial user namespace, GENL_ADMIN_PERM); routes
 * are the VR's control plane's (CAP_NET_ADMIN over the namespace,
 * GENL_UNS_ADMIN_PERM); reading needs no privilege and only ever shows
 * the caller's own namespace.
 */
#include <net/genetlink.h>

#include "route_nl.h"
#include "vrs.h"

static const struct genl_multicast_group vrs_mcgrps[] = {
	[VRS_NLGRP_VR]		= { .name = VRS_MCGRP_VR },
	[VRS_NLGRP_LINK]	= { .name = VRS_MCGRP_LINK },
	[VRS_NLGRP_ROUTE]	= { .name = VRS_MCGRP_ROUTE },
};

static const struct genl_ops vrs_genl_ops[] = {
	{
		.cmd	= VRS_CMD_VR_NEW,
		.doit	= vrs_nl_vr_new,
		.policy	= vrs_vr_policy,
		.maxattr = ARRAY_SIZE(vrs_vr_policy) - 1,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_VR_DEL,
		.doit	= vrs_nl_vr_del,
		.policy	= vrs_vr_policy,
		.maxattr = ARRAY_SIZE(vrs_vr_policy) - 1,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_VR_GET,
		.doit	= vrs_nl_vr_get,
		.dumpit	= vrs_nl_vr_dump,
		.policy	= vrs_vr_policy,
		.maxattr = ARRAY_SIZE(vrs_vr_policy) - 1,
	},
	{
		.cmd	= VRS_CMD_ROUTE_NEW,
		.doit	= vrs_nl_route_new,
		.policy	= vrs_route_policy,
		.maxattr = ARRAY_SIZE(vrs_route_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_ROUTE_DEL,
		.doit	= vrs_nl_route_del,
		.policy	= vrs_route_policy,
		.maxattr = ARRAY_SIZE(vrs_route_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_ROUTE_GET,
		.doit	= vrs_nl_route_get,
		.dumpit	= vrs_nl_route_dump,
		.policy	= vrs_route_policy,
		.maxattr = ARRAY_SIZE(vrs_route_policy) - 1,
	},
	{
		.cmd	= VRS_CMD_ROUTE_BATCH,
		.doit	= vrs_nl_route_batch,
		.policy	= vrs_route_batch_policy,
		.maxattr = ARRAY_SIZE(vrs_route_batch_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_PORT_NEW,
		.doit	= vrs_nl_port_new,
		.policy	= vrs_port_policy,
		.maxattr = ARRAY_SIZE(vrs_port_policy) - 1,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_PORT_DEL,
		.doit	= vrs_nl_port_del,
		.policy	= vrs_port_policy,
		.maxattr = ARRAY_SIZE(vrs_port_policy) - 1,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= VRS_CMD_PORT_GET,
		.doit	= vrs_nl_port_get,
		.dumpit	= vrs_nl_port_dump,
		.policy	= vrs_port_policy,
		.maxattr = ARRAY_SIZE(vrs_port_policy) - 1,
	},
};

struct genl_family vrs_genl_family __ro_after_init = {
	.name		= VRS_GENL_NAME,
	.version	= VRS_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.resv_start_op	= 0,	/* every command strictly validated */
	.module		= THIS_MODULE,
	.ops		= vrs_genl_ops,
	.n_ops		= ARRAY_SIZE(vrs_genl_ops),
	.mcgrps		= vrs_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vrs_mcgrps),
};

/* False once the family is going away: the ports that module exit
 * detaches afterwards are not announced on groups that no longer exist.
 */
bool vrs_genl_up __read_mostly;

int vrs_genl_register(void)
{
	int err = genl_register_family(&vrs_genl_family);

	WRITE_ONCE(vrs_genl_up, !err);
	return err;
}

void vrs_genl_unregister(void)
{
	WRITE_ONCE(vrs_genl_up, false);
	genl_unregister_family(&vrs_genl_family);
}

/* Sends a filled event (@skb) to @group of @net, and to the requester of
 * @info (NULL for the kernel's own changes) if it asked with NLM_F_ECHO.
 * @skb NULL means the event could not be built: the group's listeners
 * get ENOBUFS, so they know their picture is stale and must dump again.
 */
void vrs_genl_notify(struct net *net, struct genl_info *info,
		     enum vrs_nlgrp group, struct sk_buff *skb)
{
	if (!skb)
		netlink_set_err(net->genl_sock, 0,
				vrs_genl_family.mcgrp_offset + group, -ENOBUFS);
	else if (info)
		genl_notify(&vrs_genl_family, skb, info, group, GFP_KERNEL);
	else
		genlmsg_multicast_netns(&vrs_genl_family, net, skb, 0, group,
					GFP_KERNEL);
}
