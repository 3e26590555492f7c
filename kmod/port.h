/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports and vports.  A port is a host net_device attached to exactly one
 * VR (rx_handler registered on it); its vport is the net_device that
 * faces the VR's control plane in the VR's namespace, with the port's MAC,
 * MTU and carrier.  What the substrate does not forward goes up the vport;
 * what is sent on the vport leaves on the port.
 *
 * Lifetime: attached and detached under RTNL + vrs_net.lock + vr->lock;
 * the data path finds a port through rx_handler_data (port device) or
 * the vport's private data, under RCU; freed after a grace period.
 */
#ifndef _VRS_PORT_H
#define _VRS_PORT_H

#include <linux/list.h>
#include <linux/netdevice.h>

#include "stats.h"

struct vrs_vr;

struct vrs_port {
	struct net_device *dev;		/* the port */
	struct net_device *vport;	/* its face in the VR's namespace */
	struct vrs_vr *vr;
	struct list_head vr_node;	/* in vr->ports, RCU */
	struct vrs_pcpu_stats __percpu *stats;
	bool l3;			/* no L2 header (GRE, IPIP, ...) */
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

/* The port of @vr whose port device or vport has @ifindex, or NULL.
 * Caller holds vr->lock, RTNL or rcu_read_lock().
 */
struct vrs_port *vrs_port_find(struct vrs_vr *vr, int ifindex);

/* The port whose vport is @dev, or NULL (RCU or RTNL). */
struct vrs_port *vrs_port_from_vport(const struct net_device *dev);

/* Sends @skb, whose data starts at the network header, out of @port
 * towards the L2 neighbour of @nh_family/@nh (kernel neighbour table of
 * the vport; an unresolved entry queues the packet and resolves it).
 * Consumes @skb.  Softirq, RCU.
 */
int vrs_port_xmit_l3(struct vrs_port *port, struct sk_buff *skb,
		     int nh_family, const void *nh);

/* fwd.c: the port's rx_handler hands every frame to the forwarding path
 * first; false means "not forwarded here": punt it up the vport.
 */
bool vrs_fwd_input(struct vrs_port *port, struct sk_buff *skb);

#endif /* _VRS_PORT_H */
