// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding path entry: the port's rx_handler offers every frame
 * here first (softirq, RCU).  What is not forwarded here goes up the
 * vport to the tenant's stack.
 */
#include <linux/if_ether.h>
#include <net/dst.h>

#include "fwd.h"

void vrs_fwd_drop(struct vrs_port *in, struct sk_buff *skb,
		  enum vrs_stat why, enum skb_drop_reason reason)
{
	vrs_stats_inc(in->vr->stats, why);
	vrs_stats_inc(in->stats, why);
	kfree_skb_reason(skb, reason);
}

void vrs_fwd_out(struct vrs_port *in, struct vrs_port *out,
		 struct sk_buff *skb, int nh_family, const void *nh)
{
	vrs_stats_inc(in->vr->stats, VRS_STAT_FWD_PACKETS);
	vrs_stats_add(in->vr->stats, VRS_STAT_FWD_BYTES, skb->len);
	vrs_stats_inc(out->stats, VRS_STAT_FWD_PACKETS);
	vrs_stats_add(out->stats, VRS_STAT_FWD_BYTES, skb->len);
	vrs_port_xmit_l3(out, skb, nh_family, nh);
}

bool vrs_fwd_input(struct vrs_port *port, struct sk_buff *skb)
{
	/* Frames for other hosts, broadcast and multicast are the tenant's. */
	if (skb->pkt_type != PACKET_HOST)
		return false;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return vrs_fwd_ipv4(port, skb);
	case htons(ETH_P_IPV6):
		return vrs_fwd_ipv6(port, skb);
	}
	return false;
}
