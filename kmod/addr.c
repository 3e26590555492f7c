// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel routes of a VR from the addresses its tenant puts on vports, as
 * the kernel makes them for interface addresses: a local route for the
 * address (scope host) and a prefix route for its subnet (scope link,
 * proto kernel; IPv4 metric 0 with the address as source, IPv6 metric
 * 256).  They go when the address goes.
 *
 * The IPv6 address chain is atomic and route changes sleep (vr->lock,
 * GFP_KERNEL), so both families queue the event on an ordered workqueue,
 * keeping the device by ifindex and its namespace by reference.
 */
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/ip6_route.h>

#include "port.h"
#include "route_core.h"
#include "route_nl.h"
#include "vrs.h"

struct vrs_addr_event {
	struct work_struct work;
	struct net *net;
	int ifindex;
	unsigned long event;		/* NETDEV_UP or NETDEV_DOWN */
	u8 family;
	u8 plen;
	bool noprefixroute;
	union vrs_addr addr;
};

static struct workqueue_struct *vrs_addr_wq;

/* Adds, or deletes, the local and prefix routes of one address. */
static void vrs_addr_apply(struct vrs_vr *vr, struct vrs_port *port,
			   const struct vrs_addr_event *ev)
{
	int full = ev->family == AF_INET ? 32 : 128;
	u32 prio = ev->family == AF_INET ? 0 : IP6_RT_PRIO_ADDRCONF;
	union vrs_addr net = ev->addr;
	const void *src = ev->family == AF_INET ? &ev->addr : NULL;
	bool prefix = !ev->noprefixroute && ev->plen < full;
	bool v6 = ev->family == AF_INET6;	/* IPv6 routes have no scope */

	if (ev->family == AF_INET)
		net.v4 &= inet_make_mask(ev->plen);
	else
		ipv6_addr_prefix(&net.v6, &ev->addr.v6, ev->plen);

	if (ev->event == NETDEV_UP) {
		vrs_route_add_kernel(vr, ev->family, &ev->addr, full, RTN_LOCAL,
				     v6 ? RT_SCOPE_UNIVERSE : RT_SCOPE_HOST,
				     src, port, 0);
		if (prefix)
			vrs_route_add_kernel(vr, ev->family, &net, ev->plen,
					     RTN_UNICAST,
					     v6 ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK,
					     src, port, prio);
	} else {
		vrs_route_del_kernel(vr, ev->family, &ev->addr, full, RTN_LOCAL,
				     port, 0);
		if (prefix)
			vrs_route_del_kernel(vr, ev->family, &net, ev->plen,
					     RTN_UNICAST, port, prio);
	}
}

static void vrs_addr_work(struct work_struct *work)
{
	struct vrs_addr_event *ev = container_of(work, struct vrs_addr_event,
						 work);
	struct net_device *dev;
	struct vrs_port *port;

	rtnl_lock();
	dev = __dev_get_by_index(ev->net, ev->ifindex);
	port = dev ? vrs_port_from_vport(dev) : NULL;
	if (port) {
		mutex_lock(&port->vr->lock);
		vrs_addr_apply(port->vr, port, ev);
		mutex_unlock(&port->vr->lock);
	}
	rtnl_unlock();
	put_net(ev->net);
	kfree(ev);
}

static void vrs_addr_queue(struct net_device *dev, unsigned long event,
			   u8 family, const void *addr, u8 plen, bool noprefix)
{
	struct vrs_addr_event *ev;

	if (event != NETDEV_UP && event != NETDEV_DOWN)
		return;
	rcu_read_lock();
	if (!vrs_port_from_vport(dev)) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();
	ev = kzalloc(sizeof(*ev), GFP_ATOMIC);
	if (!ev) {
		net_warn_ratelimited("vrs: no memory to follow an address of %s\n",
				     dev->name);
		return;
	}
	/* A namespace being dismantled takes its VRs and routes with it. */
	ev->net = maybe_get_net(dev_net(dev));
	if (!ev->net) {
		kfree(ev);
		return;
	}
	INIT_WORK(&ev->work, vrs_addr_work);
	ev->ifindex = dev->ifindex;
	ev->event = event;
	ev->family = family;
	ev->plen = plen;
	ev->noprefixroute = noprefix;
	memcpy(&ev->addr, addr, family == AF_INET ? 4 : 16);
	queue_work(vrs_addr_wq, &ev->work);
}

static int vrs_inetaddr_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct in_ifaddr *ifa = ptr;

	vrs_addr_queue(ifa->ifa_dev->dev, event, AF_INET, &ifa->ifa_local,
		       ifa->ifa_prefixlen, ifa->ifa_flags & IFA_F_NOPREFIXROUTE);
	return NOTIFY_DONE;
}

static int vrs_inet6addr_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct inet6_ifaddr *ifa = ptr;

	vrs_addr_queue(ifa->idev->dev, event, AF_INET6, &ifa->addr,
		       ifa->prefix_len, ifa->flags & IFA_F_NOPREFIXROUTE);
	return NOTIFY_DONE;
}

static struct notifier_block vrs_inetaddr_nb = {
	.notifier_call = vrs_inetaddr_event,
};

static struct notifier_block vrs_inet6addr_nb = {
	.notifier_call = vrs_inet6addr_event,
};

int vrs_addr_init(void)
{
	vrs_addr_wq = alloc_ordered_workqueue("vrs_addr", 0);
	if (!vrs_addr_wq)
		return -ENOMEM;
	register_inetaddr_notifier(&vrs_inetaddr_nb);
	register_inet6addr_notifier(&vrs_inet6addr_nb);
	return 0;
}

void vrs_addr_exit(void)
{
	unregister_inet6addr_notifier(&vrs_inet6addr_nb);
	unregister_inetaddr_notifier(&vrs_inetaddr_nb);
	destroy_workqueue(vrs_addr_wq);	/* runs what is queued */
}
