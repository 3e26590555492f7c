// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP and ICMPv6 errors a router sends: built here rather than with
 * icmp_send(), which routes through the namespace's own FIB; a VR's
 * errors must come from the ingress vport's address and follow the VR's
 * routes back to the source.  Rate-limited per VR (ratelimit_state, so
 * one tenant's storm cannot use another's budget).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "fwd.h"

/* The per-VR budget; the module parameter may change at any time (a racy
 * read of an int only ever yields the old or the new value).
 */
static bool vrs_icmp_allowed_now(struct vrs_vr *vr)
{
	vr->icmp_rl.burst = READ_ONCE(vrs_icmp_rate);
	if (__ratelimit(&vr->icmp_rl))
		return true;
	vrs_stats_inc(vr->stats, VRS_STAT_ICMP_RATELIMITED);
	return false;
}

/* Whether an error may be sent at all (RFC 1812 4.3.2.7, RFC 4443 2.4). */
static bool vrs_icmp4_allowed(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	u8 type;

	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	if (ipv4_is_multicast(iph->saddr) || ipv4_is_lbcast(iph->saddr) ||
	    ipv4_is_zeronet(iph->saddr) || ipv4_is_loopback(iph->saddr))
		return false;
	if (iph->protocol != IPPROTO_ICMP)
		return true;
	if (skb_copy_bits(skb, iph->ihl * 4, &type, 1))
		return false;
	return !icmp_is_err(type);
}

/* The egress port and next hop towards @dst, or NULL. */
static struct vrs_port *vrs_icmp_route(struct vrs_vr *vr, int family,
				       const void *dst, const void **nh,
				       int *nh_family)
{
	const struct vrs_route *rt = vrs_route_lookup(vr, family, dst);
	const struct vrs_nexthop *n;

	if (!rt || rt->type != RTN_UNICAST)
		return NULL;
	n = vrs_route_select_nh(rt, NULL);
	*nh_family = n->gw_family ?: family;
	*nh = n->gw_family ? (const void *)&n->gw : dst;
	return n->port;
}

static struct sk_buff *vrs_icmp_alloc(struct vrs_port *out, unsigned int len)
{
	unsigned int hroom = LL_RESERVED_SPACE(out->dev);
	struct sk_buff *nskb;

	nskb = alloc_skb(hroom + len + out->dev->needed_tailroom, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, hroom);
	skb_reset_network_header(nskb);
	nskb->ip_summed = CHECKSUM_NONE;
	return nskb;
}

static void vrs_icmp4_build(struct sk_buff *nskb, const struct sk_buff *skb,
			    __be32 src, u8 type, u8 code, u32 info,
			    unsigned int quote)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct icmphdr *icmph;
	struct iphdr *niph;

	niph = skb_put(nskb, sizeof(*niph));
	*niph = (struct iphdr) {
		.version = 4, .ihl = 5,
		.tos = (iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL,
		.tot_len = htons(sizeof(*niph) + sizeof(*icmph) + quote),
		.frag_off = htons(IP_DF), .ttl = 64, .protocol = IPPROTO_ICMP,
		.saddr = src, .daddr = iph->saddr,
	};
	ip_send_check(niph);
	skb_set_transport_header(nskb, sizeof(*niph));
	icmph = skb_put_zero(nskb, sizeof(*icmph));
	icmph->type = type;
	icmph->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		icmph->un.frag.mtu = htons(info);
	skb_copy_bits(skb, skb_network_offset(skb), skb_put(nskb, quote), quote);
	icmph->checksum = csum_fold(csum_partial(icmph, sizeof(*icmph) + quote, 0));
	nskb->protocol = htons(ETH_P_IP);
}

void vrs_icmp4_error(struct vrs_port *in, struct sk_buff *skb, u8 type,
		     u8 code, u32 info, enum vrs_stat why,
		     enum skb_drop_reason reason)
{
	struct vrs_vr *vr = in->vr;
	unsigned int quote;
	struct vrs_port *out;
	struct sk_buff *nskb;
	const void *nh;
	int nh_family;
	__be32 src;

	if (!vrs_icmp4_allowed(skb))
		goto drop;
	if (!vrs_icmp_allowed_now(vr))
		goto drop;
	src = inet_select_addr(in->vport, ip_hdr(skb)->saddr, RT_SCOPE_UNIVERSE);
	out = vrs_icmp_route(vr, AF_INET, &ip_hdr(skb)->saddr, &nh, &nh_family);
	if (!src || !out)
		goto drop;
	/* RFC 1812 4.3.2.3: as much of the original as fits in 576 bytes. */
	quote = min_t(unsigned int, skb->len,
		      576 - sizeof(struct iphdr) - sizeof(struct icmphdr));
	nskb = vrs_icmp_alloc(out, sizeof(struct iphdr) +
			      sizeof(struct icmphdr) + quote);
	if (!nskb)
		goto drop;
	vrs_icmp4_build(nskb, skb, src, type, code, info, quote);
	if (nh == &ip_hdr(skb)->saddr)
		nh = &ip_hdr(nskb)->daddr;	/* @skb is about to go */
	vrs_stats_inc(vr->stats, VRS_STAT_ICMP_SENT);
	vrs_port_xmit_l3(out, nskb, nh_family, nh);
drop:
	vrs_fwd_drop(in, skb, why, reason);
}

static bool vrs_icmp6_allowed(const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int stype = ipv6_addr_type(&ip6h->saddr);
	u8 type;

	if (stype & (IPV6_ADDR_MULTICAST | IPV6_ADDR_ANY | IPV6_ADDR_LOOPBACK))
		return false;
	if (ip6h->nexthdr != IPPROTO_ICMPV6)
		return true;
	if (skb_copy_bits(skb, sizeof(*ip6h), &type, 1))
		return false;
	return type & ICMPV6_INFOMSG_MASK;
}

static void vrs_icmp6_build(struct sk_buff *nskb, const struct sk_buff *skb,
			    const struct in6_addr *src, u8 type, u8 code,
			    u32 info, unsigned int quote)
{
	unsigned int len = sizeof(struct icmp6hdr) + quote;
	struct icmp6hdr *icmp6h;
	struct ipv6hdr *nip6h;

	nip6h = skb_put(nskb, sizeof(*nip6h));
	ip6_flow_hdr(nip6h, 0, 0);
	nip6h->payload_len = htons(len);
	nip6h->nexthdr = IPPROTO_ICMPV6;
	nip6h->hop_limit = 64;
	nip6h->saddr = *src;
	nip6h->daddr = ipv6_hdr(skb)->saddr;
	skb_set_transport_header(nskb, sizeof(*nip6h));
	icmp6h = skb_put_zero(nskb, sizeof(*icmp6h));
	icmp6h->icmp6_type = type;
	icmp6h->icmp6_code = code;
	icmp6h->icmp6_mtu = htonl(info);
	skb_copy_bits(skb, skb_network_offset(skb), skb_put(nskb, quote), quote);
	icmp6h->icmp6_cksum = csum_ipv6_magic(&nip6h->saddr, &nip6h->daddr, len,
					      IPPROTO_ICMPV6,
					      csum_partial(icmp6h, len, 0));
	nskb->protocol = htons(ETH_P_IPV6);
}

void vrs_icmp6_error(struct vrs_port *in, struct sk_buff *skb, u8 type,
		     u8 code, u32 info, enum vrs_stat why,
		     enum skb_drop_reason reason)
{
	struct vrs_vr *vr = in->vr;
	struct in6_addr src, dst;
	struct vrs_port *out;
	struct sk_buff *nskb;
	unsigned int quote;
	const void *nh;
	int nh_family;

	if (!vrs_icmp6_allowed(skb))
		goto drop;
	if (!vrs_icmp_allowed_now(vr))
		goto drop;
	dst = ipv6_hdr(skb)->saddr;
	out = vrs_icmp_route(vr, AF_INET6, &dst, &nh, &nh_family);
	if (!out || ipv6_dev_get_saddr(dev_net(in->vport), in->vport, &dst, 0,
				       &src))
		goto drop;
	/* RFC 4443 2.4(c): as much as fits in the minimum MTU. */
	quote = min_t(unsigned int, skb->len, IPV6_MIN_MTU -
		      sizeof(struct ipv6hdr) - sizeof(struct icmp6hdr));
	nskb = vrs_icmp_alloc(out, sizeof(struct ipv6hdr) +
			      sizeof(struct icmp6hdr) + quote);
	if (!nskb)
		goto drop;
	vrs_icmp6_build(nskb, skb, &src, type, code, info, quote);
	vrs_stats_inc(vr->stats, VRS_STAT_ICMP_SENT);
	vrs_port_xmit_l3(out, nskb, nh_family, nh);
drop:
	vrs_fwd_drop(in, skb, why, reason);
}
