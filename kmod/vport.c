// SPDX-License-Identifier: GPL-2.0
/*
 * vports: the net_device that faces a VR's control plane for each port.
 *
 * A vport has its port's MAC (Ethernet ports) or no link-layer header at
 * all (L3 tunnel ports: ARPHRD_NONE, point-to-point, no ARP, like tun or
 * ipip), the port's MTU and carrier.  What the tenant sends on it leaves
 * on the port; what the substrate punts arrives on it (port.c).
 *
 * vports are created only by attaching a port over our generic netlink
 * family.  They still carry rtnl_link_ops ("vrs_vport") so that `ip -d
 * link` names them, `ip link del` works and namespace teardown deletes
 * them (default_device_exit_batch only deletes devices with link ops);
 * `ip link add type vrs_vport` is refused in ->validate.
 *
 * The vport's private data points to its port (RCU); it is cleared when
 * the port is detached, before the vport is unregistered, so that a
 * transmit racing with the detach drops instead of touching a dead port.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "port_int.h"
#include "vrs.h"

struct vrs_vport_priv {
	struct vrs_port __rcu *port;
};

static const struct net_device_ops vrs_vport_ops;

struct vrs_port *vrs_port_from_vport(const struct net_device *dev)
{
	const struct vrs_vport_priv *priv;

	if (dev->netdev_ops != &vrs_vport_ops)
		return NULL;
	priv = netdev_priv(dev);
	return rcu_dereference_rtnl(priv->port);
}

bool vrs_netdev_is_vport(const struct net_device *dev)
{
	return dev->netdev_ops == &vrs_vport_ops;
}

void vrs_vport_set_port(struct net_device *vport, struct vrs_port *port)
{
	struct vrs_vport_priv *priv = netdev_priv(vport);

	rcu_assign_pointer(priv->port, port);
}

static int vrs_vport_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static void vrs_vport_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

/* The tenant's frame leaves on the port.  Called with BHs off under RCU
 * (LLTX, no qdisc: IFF_NO_QUEUE), like macvlan/ipvlan hand off to their
 * lower device; the port's own qdisc and offload fallbacks then apply.
 */
static netdev_tx_t vrs_vport_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vrs_vport_priv *priv = netdev_priv(dev);
	unsigned int len = skb->len;
	struct vrs_port *port;
	int ret;

	port = rcu_dereference_bh(priv->port);
	if (unlikely(!port)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return NETDEV_TX_OK;
	}
	skb->dev = port->dev;
	ret = dev_queue_xmit(skb);
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN)) {
		dev_sw_netstats_tx_add(dev, 1, len);
		vrs_stats_inc(port->stats, VRS_STAT_TX_PACKETS);
		vrs_stats_inc(port->vr->stats, VRS_STAT_TX_PACKETS);
	} else {
		dev_core_stats_tx_dropped_inc(dev);
		vrs_stats_inc(port->stats, VRS_STAT_DROP_TXERR);
		vrs_stats_inc(port->vr->stats, VRS_STAT_DROP_TXERR);
	}
	return NETDEV_TX_OK;
}

/* The tenant may lower the MTU, never raise it above the port's. */
static int vrs_vport_change_mtu(struct net_device *dev, int new_mtu)
{
	struct vrs_port *port = vrs_port_from_vport(dev);

	if (port && new_mtu > READ_ONCE(port->dev->mtu))
		return -EINVAL;
	dev->mtu = new_mtu;
	return 0;
}

static int vrs_vport_get_iflink(const struct net_device *dev)
{
	const struct vrs_vport_priv *priv = netdev_priv(dev);
	struct vrs_port *port;
	int iflink = 0;

	rcu_read_lock();
	port = rcu_dereference(priv->port);
	if (port)
		iflink = port->dev->ifindex;
	rcu_read_unlock();
	return iflink;
}

/* No ndo_set_mac_address: the vport's MAC is the port's, which is what
 * the port's receive path classified frames against (pkt_type).
 */
static const struct net_device_ops vrs_vport_ops = {
	.ndo_init		= vrs_vport_init,
	.ndo_uninit		= vrs_vport_uninit,
	.ndo_start_xmit		= vrs_vport_xmit,
	.ndo_change_mtu		= vrs_vport_change_mtu,
	.ndo_get_iflink		= vrs_vport_get_iflink,
	.ndo_get_stats64	= dev_get_tstats64,
};

#define VRS_VPORT_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			    NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE)

static void vrs_vport_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vrs_vport_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	/* Offloads the port lacks are done in software when the frame is
	 * queued on the port (validate_xmit_skb against the port).
	 */
	dev->hw_features = VRS_VPORT_FEATURES;
	dev->features = VRS_VPORT_FEATURES | NETIF_F_LLTX;
	/* Until VRs can be bound to other namespaces, a vport stays in its
	 * VR's namespace.
	 */
	dev->features |= NETIF_F_NETNS_LOCAL;
	dev->min_mtu = 0;
	dev->max_mtu = ETH_MAX_MTU;
}

/* A vport of an L3 port has no link-layer header, like tun or ipip. */
static void vrs_vport_setup_l3(struct net_device *dev)
{
	dev->type = ARPHRD_NONE;
	dev->header_ops = NULL;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
}

static int vrs_vport_validate(struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack,
		       "vrs_vport devices are made by attaching a port (vrnl link set dev DEV vr VR)");
	return -EOPNOTSUPP;
}

struct rtnl_link_ops vrs_vport_link_ops __read_mostly = {
	.kind		= "vrs_vport",
	.priv_size	= sizeof(struct vrs_vport_priv),
	.setup		= vrs_vport_setup,
	.validate	= vrs_vport_validate,
};

/* Creates and registers the vport of @port (RTNL).  Its port pointer is
 * published later, once the port is complete (vrs_vport_set_port()).
 */
struct net_device *vrs_vport_create(struct vrs_port *port, const char *name,
				    const struct nlattr *name_attr,
				    struct netlink_ext_ack *extack)
{
	struct net_device *dev = port->dev, *vport;
	int err;

	ASSERT_RTNL();
	if (__dev_get_by_name(dev_net(dev), name)) {
		NL_SET_ERR_MSG_ATTR(extack, name_attr,
				    "A device with the vport's name already exists");
		return ERR_PTR(-EEXIST);
	}
	vport = alloc_netdev(sizeof(struct vrs_vport_priv), name,
			     NET_NAME_USER, vrs_vport_setup);
	if (!vport) {
		NL_SET_ERR_MSG(extack, "Out of memory allocating the vport");
		return ERR_PTR(-ENOMEM);
	}
	dev_net_set(vport, dev_net(dev));
	vport->rtnl_link_ops = &vrs_vport_link_ops;
	if (port->l3)
		vrs_vport_setup_l3(vport);
	else
		eth_hw_addr_set(vport, dev->dev_addr);
	vport->mtu = dev->mtu;
	netif_carrier_off(vport);

	err = register_netdevice(vport);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, name_attr,
				    "Cannot register the vport");
		free_netdev(vport);
		return ERR_PTR(err);
	}
	return vport;
}

/* Follows a change of the port: MTU, MAC, carrier (RTNL). */
void vrs_vport_sync(struct vrs_port *port, unsigned long event)
{
	struct net_device *dev = port->dev, *vport = port->vport;

	ASSERT_RTNL();
	switch (event) {
	case NETDEV_CHANGEMTU:
		if (vport->mtu != dev->mtu)
			dev_set_mtu(vport, dev->mtu);
		break;
	case NETDEV_CHANGEADDR:
		if (port->l3 || ether_addr_equal(vport->dev_addr, dev->dev_addr))
			break;
		eth_hw_addr_set(vport, dev->dev_addr);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, vport);
		break;
	default:	/* NETDEV_UP, _DOWN, _CHANGE and attach */
		if ((dev->flags & IFF_UP) && netif_carrier_ok(dev))
			netif_carrier_on(vport);
		else
			netif_carrier_off(vport);
		break;
	}
}
