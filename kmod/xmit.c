// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit towards a next hop: the L2 address comes from the kernel's
 * ARP/ND table of the egress vport, which the tenant's stack keeps
 * resolved; the frame leaves on the port.
 *
 * A resolved (NUD_CONNECTED) entry gets its header built here and the
 * frame goes straight to the port.  Anything else goes through the
 * neighbour layer on the vport (neigh_output): the packet waits in the
 * entry's queue while ARP/ND resolves it, then the vport's xmit passes it
 * to the port.  L3 ports (tunnels) have no L2 header at all.
 */
#include <linux/etherdevice.h>
#include <net/arp.h>
#include <net/ndisc.h>
#include <net/neighbour.h>

#include "fwd.h"

static struct neighbour *vrs_neigh_get(struct net_device *vport, int family,
				       const void *nh)
{
	struct neighbour *n;

	if (family == AF_INET) {
		n = __ipv4_neigh_lookup_noref(vport,
					      (__force u32)*(const __be32 *)nh);
		if (!n)
			n = __neigh_create(&arp_tbl, nh, vport, false);
	} else {
		n = __ipv6_neigh_lookup_noref(vport, nh);
		if (!n)
			n = __neigh_create(&nd_tbl, nh, vport, false);
	}
	return n;
}

int vrs_port_xmit_l3(struct vrs_port *port, struct sk_buff *skb,
		     int nh_family, const void *nh)
{
	struct net_device *dev = port->dev;
	unsigned char ha[MAX_ADDR_LEN];
	struct neighbour *n;
	unsigned int seq;

	if (port->l3) {
		skb->dev = dev;
		return dev_queue_xmit(skb);
	}

	n = vrs_neigh_get(port->vport, nh_family, nh);
	if (IS_ERR(n)) {
		vrs_fwd_drop(port, skb, VRS_STAT_DROP_NEIGH,
			     SKB_DROP_REASON_NEIGH_CREATEFAIL);
		return NET_XMIT_DROP;
	}
	if (!(READ_ONCE(n->nud_state) & NUD_CONNECTED)) {
		skb->dev = port->vport;
		return neigh_output(n, skb, false);
	}

	do {
		seq = read_seqbegin(&n->ha_lock);
		memcpy(ha, n->ha, dev->addr_len);
	} while (read_seqretry(&n->ha_lock, seq));

	skb->dev = dev;
	if (dev_hard_header(skb, dev, ntohs(skb->protocol), ha, NULL,
			    skb->len) < 0) {
		vrs_fwd_drop(port, skb, VRS_STAT_DROP_TXERR,
			     SKB_DROP_REASON_NOT_SPECIFIED);
		return NET_XMIT_DROP;
	}
	return dev_queue_xmit(skb);
}
