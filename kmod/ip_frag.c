// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 fragmentation of a forwarded packet without DF that exceeds the
 * egress MTU (RFC 791, RFC 1812 4.2.2.7).  ip_do_fragment() needs a dst
 * and the namespace's routing; the VR has neither, and this slow path
 * only needs to copy.  Packets with options never get here (punted).
 */
#include <linux/ip.h>
#include <net/ip.h>

#include "fwd.h"

static struct sk_buff *vrs_ip_frag_one(const struct sk_buff *skb,
				       struct vrs_port *out, unsigned int hlen,
				       unsigned int ptr, unsigned int len,
				       unsigned int offset, bool more)
{
	struct sk_buff *nskb;
	struct iphdr *niph;

	nskb = alloc_skb(LL_RESERVED_SPACE(out->dev) + hlen + len +
			 out->dev->needed_tailroom, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, LL_RESERVED_SPACE(out->dev));
	skb_reset_network_header(nskb);
	skb_put_data(nskb, ip_hdr(skb), hlen);
	skb_copy_bits(skb, ptr, skb_put(nskb, len), len);
	niph = ip_hdr(nskb);
	niph->frag_off = htons(offset >> 3);
	if (more)
		niph->frag_off |= htons(IP_MF);
	niph->tot_len = htons(hlen + len);
	ip_send_check(niph);
	nskb->protocol = htons(ETH_P_IP);
	nskb->priority = skb->priority;
	nskb->mark = skb->mark;
	return nskb;
}

void vrs_ip_fragment(struct vrs_port *in, struct vrs_port *out,
		     struct sk_buff *skb, unsigned int mtu, int nh_family,
		     const void *nh)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4, ptr = hlen;
	unsigned int left = skb->len - hlen, chunk = (mtu - hlen) & ~7;
	unsigned int offset = (ntohs(iph->frag_off) & IP_OFFSET) << 3;
	bool orig_more = iph->frag_off & htons(IP_MF);
	struct sk_buff *nskb;
	unsigned int len;

	if (mtu < hlen + 8 || skb_linearize(skb)) {
		vrs_fwd_drop(in, skb, VRS_STAT_DROP_MTU, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	while (left) {
		len = min(left, chunk);
		nskb = vrs_ip_frag_one(skb, out, hlen, ptr, len, offset,
				       left > len || orig_more);
		if (!nskb) {
			vrs_fwd_drop(in, skb, VRS_STAT_DROP_TXERR,
				     SKB_DROP_REASON_NOMEM);
			return;
		}
		vrs_fwd_out(in, out, nskb, nh_family, nh);
		ptr += len;
		offset += len;
		left -= len;
	}
	consume_skb(skb);
}
