// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 forwarding: validate, look up the VR's FIB, then forward, punt,
 * drop or answer with the ICMP error a router must send.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <linux/inetdevice.h>
#include <net/ip.h>

#include "fwd.h"

/* RFC 1812 5.2.2 header checks; false: drop as a bad header. */
static bool vrs_ipv4_header_ok(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5)
		return false;
	if (!pskb_may_pull(skb, iph->ihl * 4))
		return false;
	iph = ip_hdr(skb);
	if (unlikely(ip_fast_csum((u8 *)iph, iph->ihl)))
		return false;
	len = ntohs(iph->tot_len);
	if (skb->len < len || len < iph->ihl * 4)
		return false;
	if (pskb_trim_rcsum(skb, len))
		return false;
	return true;
}

/* The subnet broadcast of a connected route belongs to the tenant. */
static bool vrs_ipv4_directed_bcast(const struct vrs_route *rt, __be32 daddr)
{
	__be32 mask = inet_make_mask(rt->dst_len);

	return !rt->nh[0].gw_family && rt->dst_len < 31 &&
	       (daddr | mask) == htonl(0xffffffff);
}

static void vrs_ipv4_forward(struct vrs_port *in, struct sk_buff *skb,
			     const struct vrs_route *rt)
{
	const struct vrs_nexthop *nh;
	struct vrs_port *out;
	struct iphdr *iph;
	__be32 daddr;

	if (ip_hdr(skb)->ttl <= 1) {
		vrs_icmp4_error(in, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0,
				VRS_STAT_DROP_TTL, SKB_DROP_REASON_IP_INHDR);
		return;
	}
	nh = vrs_route_select_nh(rt, skb);
	out = nh->port;

	if (skb->len > out->dev->mtu && !skb_is_gso(skb)) {
		if (ip_hdr(skb)->frag_off & htons(IP_DF)) {
			vrs_icmp4_error(in, skb, ICMP_DEST_UNREACH,
					ICMP_FRAG_NEEDED, out->dev->mtu,
					VRS_STAT_DROP_MTU,
					SKB_DROP_REASON_PKT_TOO_BIG);
			return;
		}
	}
	if (skb_cow(skb, LL_RESERVED_SPACE(out->dev))) {
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_TXERR, SKB_DROP_REASON_NOMEM);
		return;
	}
	iph = ip_hdr(skb);
	ip_decrease_ttl(iph);
	daddr = iph->daddr;
	skb_forward_csum(skb);
	skb_scrub_packet(skb, true);

	if (skb->len > out->dev->mtu && !skb_is_gso(skb))
		vrs_ip_fragment(in, out, skb, out->dev->mtu,
				nh->gw_family ?: AF_INET,
				nh->gw_family ? (const void *)&nh->gw : &daddr);
	else
		vrs_fwd_out(in, out, skb, nh->gw_family ?: AF_INET,
			    nh->gw_family ? (const void *)&nh->gw : &daddr);
}

bool vrs_fwd_ipv4(struct vrs_port *in, struct sk_buff *skb)
{
	const struct vrs_route *rt;
	const struct iphdr *iph;

	if (!vrs_ipv4_header_ok(skb)) {
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_HDR, SKB_DROP_REASON_IP_INHDR);
		return true;
	}
	iph = ip_hdr(skb);
	/* Options (router alert, ...) and special addresses: the tenant's. */
	if (iph->ihl > 5 || ipv4_is_multicast(iph->daddr) ||
	    ipv4_is_lbcast(iph->daddr) || ipv4_is_zeronet(iph->daddr) ||
	    ipv4_is_loopback(iph->daddr))
		return false;

	rt = vrs_route_lookup(in->vr, AF_INET, &iph->daddr);
	if (!rt) {
		vrs_icmp4_error(in, skb, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0,
				VRS_STAT_DROP_NOROUTE,
				SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	}
	switch (rt->type) {
	case RTN_UNICAST:
		if (vrs_ipv4_directed_bcast(rt, iph->daddr))
			return false;
		vrs_ipv4_forward(in, skb, rt);
		return true;
	case RTN_BLACKHOLE:
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_BLACKHOLE,
			     SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	case RTN_UNREACHABLE:
		vrs_icmp4_error(in, skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH,
				0, VRS_STAT_DROP_UNREACHABLE,
				SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	case RTN_PROHIBIT:
		vrs_icmp4_error(in, skb, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED,
				0, VRS_STAT_DROP_PROHIBIT,
				SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	}
	return false;	/* local: the router's own address */
}
