// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 forwarding: validate, look up the VR's FIB, then forward, punt,
 * drop or answer with the ICMPv6 error a router must send.  Routers do
 * not fragment IPv6: too big is always a Packet Too Big.
 */
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <net/ipv6.h>

#include "fwd.h"

static bool vrs_ipv6_header_ok(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
		return false;
	ip6h = ipv6_hdr(skb);
	if (ip6h->version != 6)
		return false;
	len = ntohs(ip6h->payload_len);
	/* A jumbogram (payload_len 0) is not forwarded here. */
	if (!len || len + sizeof(struct ipv6hdr) > skb->len)
		return false;
	if (pskb_trim_rcsum(skb, len + sizeof(struct ipv6hdr)))
		return false;
	return true;
}

/* Addresses a router must not forward, and headers it must see. */
static bool vrs_ipv6_for_tenant(const struct ipv6hdr *ip6h)
{
	int dtype = ipv6_addr_type(&ip6h->daddr);
	int stype = ipv6_addr_type(&ip6h->saddr);

	if (ip6h->nexthdr == NEXTHDR_HOP)
		return true;
	if (dtype & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL |
		     IPV6_ADDR_LOOPBACK | IPV6_ADDR_ANY))
		return true;
	return stype & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK);
}

static void vrs_ipv6_forward(struct vrs_port *in, struct sk_buff *skb,
			     const struct vrs_route *rt)
{
	const struct vrs_nexthop *nh;
	struct in6_addr daddr;
	struct vrs_port *out;

	if (ipv6_hdr(skb)->hop_limit <= 1) {
		vrs_icmp6_error(in, skb, ICMPV6_TIME_EXCEED,
				ICMPV6_EXC_HOPLIMIT, 0, VRS_STAT_DROP_TTL,
				SKB_DROP_REASON_IP_INHDR);
		return;
	}
	nh = vrs_route_select_nh(rt, skb);
	out = nh->port;
	if (skb->len > max_t(unsigned int, out->dev->mtu, IPV6_MIN_MTU) &&
	    !skb_is_gso(skb)) {
		vrs_icmp6_error(in, skb, ICMPV6_PKT_TOOBIG, 0,
				max_t(unsigned int, out->dev->mtu, IPV6_MIN_MTU),
				VRS_STAT_DROP_MTU, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	if (skb_cow(skb, LL_RESERVED_SPACE(out->dev))) {
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_TXERR, SKB_DROP_REASON_NOMEM);
		return;
	}
	ipv6_hdr(skb)->hop_limit--;
	daddr = ipv6_hdr(skb)->daddr;
	skb_forward_csum(skb);
	skb_scrub_packet(skb, true);
	vrs_fwd_out(in, out, skb, nh->gw_family ?: AF_INET6,
		    nh->gw_family ? (const void *)&nh->gw : &daddr);
}

bool vrs_fwd_ipv6(struct vrs_port *in, struct sk_buff *skb)
{
	const struct vrs_route *rt;

	if (!vrs_ipv6_header_ok(skb)) {
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_HDR, SKB_DROP_REASON_IP_INHDR);
		return true;
	}
	if (vrs_ipv6_for_tenant(ipv6_hdr(skb)))
		return false;

	rt = vrs_route_lookup(in->vr, AF_INET6, &ipv6_hdr(skb)->daddr);
	if (!rt) {
		vrs_icmp6_error(in, skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0,
				VRS_STAT_DROP_NOROUTE, SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	}
	switch (rt->type) {
	case RTN_UNICAST:
		vrs_ipv6_forward(in, skb, rt);
		return true;
	case RTN_BLACKHOLE:
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_BLACKHOLE,
			     SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	case RTN_UNREACHABLE:
		vrs_icmp6_error(in, skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0,
				VRS_STAT_DROP_UNREACHABLE,
				SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	case RTN_PROHIBIT:
		vrs_icmp6_error(in, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_ADM_PROHIBITED, 0, VRS_STAT_DROP_PROHIBIT,
				SKB_DROP_REASON_IP_INNOROUTES);
		return true;
	}
	return false;	/* local */
}
