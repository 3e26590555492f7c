// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: host net_devices attached to a VR, their receive hook, and their
 * lifecycle (attach, detach, and the device events that end a port).
 *
 * Locking
 * -------
 * Attach and detach run under rtnl_lock() -> vrs_net.lock -> vr->lock
 * (vrs.h).  RTNL is what rx_handler (un)registration, vport registration
 * and the netdevice notifier need; vrs_net.lock keeps the VR alive and
 * orders the "link" notifications; vr->lock serializes vr->ports and the
 * routes whose next hops point at a port.
 *
 * Detach is two steps:
 *   vrs_port_unlink()   (all three locks) unpublishes the port: the vport
 *                       forgets it, it leaves vr->ports, the routes through
 *                       it are flushed and, last, the rx_handler goes;
 *                       netdev_rx_handler_unregister() waits for a grace
 *                       period, after which no reader (rx_handler, vport
 *                       xmit, forwarding through a route) can hold it.
 *   vrs_port_release()  (RTNL only) unregisters the vport, drops the
 *                       device reference and frees the port after a
 *                       grace period.  The vport goes after vr->lock is
 *                       dropped and with vrs_port_from_vport() already
 *                       NULL, so the notifiers its unregistration runs
 *                       (addresses going away, ours) find no port and take
 *                       no VRS lock.
 *
 * Port devices can vanish under us (NETDEV_UNREGISTER: `ip link del`, a
 * namespace teardown deleting a veth or moving a NIC back to init_net), as
 * can vports (`ip link del vX`, namespace teardown); both events detach the
 * port from the notifier, which holds RTNL and takes the VRS locks in
 * order.  Nothing holds a VRS lock and then waits for RTNL.
 *
 * Data path: the rx_handler runs in softirq under RCU and takes no lock;
 * it finds the port in rx_handler_data, the VR through the port.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "port_int.h"
#include "vrs.h"

/* Hands a frame the substrate does not forward up the vport.
 *
 * Like macvlan and ipvlan towards their upper devices, this retargets the
 * skb and returns RX_HANDLER_ANOTHER: the frame stays in this softirq and
 * takes another round of __netif_receive_skb_core() on the vport (packet
 * taps, protocol handlers), with no extra queueing as netif_rx() would
 * add, and no reordering against the frames the substrate forwards.
 */
static rx_handler_result_t vrs_port_punt(struct vrs_port *port,
					 struct sk_buff *skb)
{
	struct net_device *vport = port->vport;

	if (unlikely(!(vport->flags & IFF_UP))) {
		dev_core_stats_rx_dropped_inc(vport);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return RX_HANDLER_CONSUMED;
	}
	skb->dev = vport;
	/* The port classified the frame against its own MAC; the vport has
	 * the same MAC unless a change is being propagated right now.
	 */
	if (!port->l3 && skb->pkt_type == PACKET_OTHERHOST &&
	    ether_addr_equal(eth_hdr(skb)->h_dest, vport->dev_addr))
		skb->pkt_type = PACKET_HOST;
	dev_sw_netstats_rx_add(vport, skb->len + skb->mac_len);
	vrs_stats_inc(port->stats, VRS_STAT_PUNT_PACKETS);
	vrs_stats_inc(port->vr->stats, VRS_STAT_PUNT_PACKETS);
	return RX_HANDLER_ANOTHER;
}

static rx_handler_result_t vrs_port_rx_handler(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vrs_port *port;
	u64 len;

	/* dev_loopback_xmit() frames have no L2 header: not ours. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;

	len = skb->len + skb->mac_len;
	vrs_stats_inc(port->stats, VRS_STAT_RX_PACKETS);
	vrs_stats_add(port->stats, VRS_STAT_RX_BYTES, len);
	vrs_stats_inc(port->vr->stats, VRS_STAT_RX_PACKETS);
	vrs_stats_add(port->vr->stats, VRS_STAT_RX_BYTES, len);

	if (vrs_fwd_input(port, skb))
		return RX_HANDLER_CONSUMED;
	return vrs_port_punt(port, skb);
}

/* The port whose port device is @dev, or NULL (RTNL or RCU). */
struct vrs_port *vrs_port_from_dev(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != vrs_port_rx_handler)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

struct vrs_port *vrs_port_find(struct vrs_vr *vr, int ifindex)
{
	struct vrs_port *port;

	list_for_each_entry_rcu(port, &vr->ports, vr_node,
				lockdep_is_held(&vr->lock) || lockdep_rtnl_is_held())
		if (port->dev->ifindex == ifindex ||
		    port->vport->ifindex == ifindex)
			return port;
	return NULL;
}

/* Ethernet-like, or an L3 tunnel without a link-layer header. */
static int vrs_port_kind(const struct net_device *dev, bool *l3)
{
	*l3 = false;
	if (dev->type == ARPHRD_ETHER && dev->addr_len == ETH_ALEN &&
	    dev->header_ops)
		return 0;
	if (dev->header_ops)
		return -EOPNOTSUPP;
	switch (dev->type) {
	case ARPHRD_NONE:
	case ARPHRD_RAWIP:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
	case ARPHRD_IPGRE:
	case ARPHRD_IP6GRE:
		*l3 = true;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* Whether @dev may become a port; an extack message names the reason. */
static int vrs_port_check_dev(struct net_device *dev, bool *l3,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "A loopback device cannot be a port");
		return -EINVAL;
	}
	if (vrs_netdev_is_vport(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "A vport cannot be a port");
		return -EINVAL;
	}
	if (vrs_port_from_dev(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device is already a port of a VR");
		return -EBUSY;
	}
	if (rtnl_dereference(dev->rx_handler)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Device already has an rx_handler (bridge, bond, macvlan, ...)");
		return -EBUSY;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device has a master device (VRF, team, ...)");
		return -EBUSY;
	}
	if (vrs_port_kind(dev, l3)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Device type not supported: neither Ethernet nor an L3 tunnel");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* vr->ports is kept ordered by port ifindex: dumps resume from one. */
static void vrs_port_link(struct vrs_vr *vr, struct vrs_port *port)
{
	struct vrs_port *pos;

	list_for_each_entry(pos, &vr->ports, vr_node) {
		if (pos->dev->ifindex > port->dev->ifindex) {
			list_add_tail_rcu(&port->vr_node, &pos->vr_node);
			return;
		}
	}
	list_add_tail_rcu(&port->vr_node, &vr->ports);
}

static void vrs_port_free_rcu(struct rcu_head *head)
{
	struct vrs_port *port = container_of(head, struct vrs_port, rcu);

	vrs_stats_free(port->stats);
	kfree(port);
}

struct vrs_port *vrs_port_attach(struct vrs_vr *vr, struct net_device *dev,
				 const struct vrs_port_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct vrs_port *port;
	int err;
	bool l3;

	ASSERT_RTNL();
	lockdep_assert_held(&vrs_net(vr->net)->lock);
	err = vrs_port_check_dev(dev, &l3, cfg->dev_attr, extack);
	if (err)
		return ERR_PTR(err);

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (port)
		port->stats = vrs_stats_alloc();
	if (!port || !port->stats) {
		kfree(port);
		NL_SET_ERR_MSG(extack, "Out of memory allocating the port");
		return ERR_PTR(-ENOMEM);
	}
	port->dev = dev;
	port->vr = vr;
	port->l3 = l3;

	port->vport = vrs_vport_create(port, cfg->vport_name,
				       cfg->vport_attr, extack);
	if (IS_ERR(port->vport)) {
		err = PTR_ERR(port->vport);
		goto err_free;
	}

	mutex_lock(&vr->lock);
	err = netdev_rx_handler_register(dev, vrs_port_rx_handler, port);
	if (err) {
		mutex_unlock(&vr->lock);
		NL_SET_ERR_MSG_ATTR(extack, cfg->dev_attr,
				    "Cannot register the rx_handler of the device");
		goto err_vport;
	}
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);
	vrs_port_link(vr, port);
	vrs_vport_set_port(port->vport, port);
	mutex_unlock(&vr->lock);

	vrs_vport_sync(port, NETDEV_CHANGE);
	return port;

err_vport:
	unregister_netdevice(port->vport);
err_free:
	vrs_stats_free(port->stats);
	kfree(port);
	return ERR_PTR(err);
}

void vrs_port_unlink(struct vrs_port *port)
{
	struct vrs_vr *vr = port->vr;

	ASSERT_RTNL();
	lockdep_assert_held(&vr->lock);
	vrs_vport_set_port(port->vport, NULL);
	list_del_rcu(&port->vr_node);
	vrs_route_flush_port(vr, port);
	/* Waits for a grace period: every reader of the port is done. */
	netdev_rx_handler_unregister(port->dev);
}

void vrs_port_release(struct vrs_port *port)
{
	ASSERT_RTNL();
	/* A vport already being unregistered (ip link del, namespace
	 * teardown, possibly in the very batch that removes the port
	 * device) must not be queued a second time.
	 */
	if (port->vport->reg_state == NETREG_REGISTERED)
		unregister_netdevice(port->vport);
	netdev_put(port->dev, &port->dev_tracker);
	call_rcu(&port->rcu, vrs_port_free_rcu);
}

/* Detaches every port of @vr (RTNL and vrs_net.lock held; vr->lock not). */
void vrs_port_detach_all(struct vrs_vr *vr)
{
	struct vrs_port *port;

	ASSERT_RTNL();
	for (;;) {
		mutex_lock(&vr->lock);
		port = list_first_entry_or_null(&vr->ports, struct vrs_port,
						vr_node);
		if (port)
			vrs_port_unlink(port);
		mutex_unlock(&vr->lock);
		if (!port)
			break;
		vrs_port_notify(port, VRS_CMD_PORT_DEL, NULL);
		vrs_port_release(port);
	}
}

/* The port device or the vport of @port is going away. */
static void vrs_port_gone(struct vrs_port *port)
{
	struct vrs_vr *vr = port->vr;
	struct vrs_net *vn = vrs_net(vr->net);

	mutex_lock(&vn->lock);
	mutex_lock(&vr->lock);
	vrs_port_unlink(port);
	mutex_unlock(&vr->lock);
	vrs_port_notify(port, VRS_CMD_PORT_DEL, NULL);
	mutex_unlock(&vn->lock);
	vrs_port_release(port);
}

static int vrs_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vrs_port *port;

	port = vrs_port_from_dev(dev);
	if (!port) {
		/* A vport going away takes its port along. */
		port = vrs_port_from_vport(dev);
		if (port && event == NETDEV_UNREGISTER)
			vrs_port_gone(port);
		return NOTIFY_DONE;
	}
	switch (event) {
	case NETDEV_UNREGISTER:
		vrs_port_gone(port);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* The vport's type was chosen from the port's. */
		return notifier_from_errno(-EOPNOTSUPP);
	case NETDEV_CHANGEMTU:
	case NETDEV_CHANGEADDR:
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		vrs_vport_sync(port, event);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vrs_netdev_notifier = {
	.notifier_call = vrs_netdev_event,
};

int vrs_port_init(void)
{
	int err;

	err = rtnl_link_register(&vrs_vport_link_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&vrs_netdev_notifier);
	if (err)
		rtnl_link_unregister(&vrs_vport_link_ops);
	return err;
}

/* After every VR (and so every port) is gone. */
void vrs_port_exit(void)
{
	unregister_netdevice_notifier(&vrs_netdev_notifier);
	rtnl_link_unregister(&vrs_vport_link_ops);
}
