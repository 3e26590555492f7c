// SPDX-License-Identifier: GPL-2.0
/*
 * VRS: virtual-router substrate.  Module entry points and per-namespace
 * state.
 */
#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "port_int.h"
#include "vrs.h"

unsigned int vrs_max_vrs = 65536;
module_param_named(max_vrs, vrs_max_vrs, uint, 0644);
MODULE_PARM_DESC(max_vrs, "Maximum number of virtual routers per network namespace");

unsigned int vrs_icmp_rate = 1000;
module_param_named(icmp_rate, vrs_icmp_rate, uint, 0644);
MODULE_PARM_DESC(icmp_rate, "ICMP errors each virtual router may send per second (takes effect at once)");

static unsigned int vrs_net_id __read_mostly;

struct vrs_net *vrs_net(const struct net *net)
{
	return net_generic(net, vrs_net_id);
}

static int __net_init vrs_net_init(struct net *net)
{
	return vrs_vr_net_init(vrs_net(net), net);
}

static void __net_exit vrs_net_exit(struct net *net)
{
	vrs_vr_net_exit(vrs_net(net));
}

static struct pernet_operations vrs_net_ops = {
	.init = vrs_net_init,
	.exit = vrs_net_exit,
	.id   = &vrs_net_id,
	.size = sizeof(struct vrs_net),
};

static int __init vrs_init(void)
{
	int err;

	err = vrs_port_init();
	if (err)
		return err;

	err = register_pernet_subsys(&vrs_net_ops);
	if (err)
		goto err_port;

	err = vrs_addr_init();
	if (err)
		goto err_pernet;

	err = vrs_genl_register();
	if (err)
		goto err_addr;

	pr_info("vrs: virtual-router substrate loaded\n");
	return 0;

err_addr:
	vrs_addr_exit();
err_pernet:
	unregister_pernet_subsys(&vrs_net_ops);
err_port:
	vrs_port_exit();
	return err;
}

static void __exit vrs_exit(void)
{
	/* No request may arrive once the family is gone; then tear down. */
	vrs_genl_unregister();
	vrs_addr_exit();
	/* Deletes every VR, detaching its ports and their vports first. */
	unregister_pernet_subsys(&vrs_net_ops);
	vrs_port_exit();
	rcu_barrier();	/* VRs and ports are freed by call_rcu callbacks */
}

module_init(vrs_init);
module_exit(vrs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VRS: per-tenant virtual routers forwarding in the host kernel");
MODULE_ALIAS_GENL_FAMILY(VRS_GENL_NAME);
