/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports and vports, module-internal interfaces (port.c, vport.c,
 * port_netlink.c).  The contract with the rest of the module is port.h;
 * locking is described at the top of port.c.
 */
#ifndef _VRS_PORT_INT_H
#define _VRS_PORT_INT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>

#include "port.h"

struct vrs_vr;

/* What an attach request asks for; the attributes are named in errors. */
struct vrs_port_cfg {
	const char *vport_name;
	const struct nlattr *dev_attr;		/* the device's attribute */
	const struct nlattr *vport_attr;	/* VRS_A_PORT_VPORT_NAME or NULL */
};

/* port.c */
int vrs_port_init(void);
void vrs_port_exit(void);
/* RTNL and vrs_net.lock held (not vr->lock). */
struct vrs_port *vrs_port_attach(struct vrs_vr *vr, struct net_device *dev,
				 const struct vrs_port_cfg *cfg,
				 struct netlink_ext_ack *extack);
/* RTNL, vrs_net.lock and vr->lock held: unpublish, flush routes. */
void vrs_port_unlink(struct vrs_port *port);
/* RTNL held, VRS locks not needed: vport, reference, memory. */
void vrs_port_release(struct vrs_port *port);
/* The port of a port device (RTNL or RCU), or NULL. */
struct vrs_port *vrs_port_from_dev(const struct net_device *dev);

/* vport.c */
extern struct rtnl_link_ops vrs_vport_link_ops;
bool vrs_netdev_is_vport(const struct net_device *dev);
struct net_device *vrs_vport_create(struct vrs_port *port, const char *name,
				    const struct nlattr *name_attr,
				    struct netlink_ext_ack *extack);
void vrs_vport_set_port(struct net_device *vport, struct vrs_port *port);
void vrs_vport_sync(struct vrs_port *port, unsigned long event);

/* port_netlink.c: @info is the request that caused the change (for
 * NLM_F_ECHO), or NULL for changes the kernel made (device events).
 * Caller holds vrs_net.lock, so listeners see events in order.
 */
void vrs_port_notify(struct vrs_port *port, u8 cmd, struct genl_info *info);

#endif /* _VRS_PORT_INT_H */
