/* SPDX-License-Identifier: GPL-2.0 */
/* The forwarding path: shared by fwd.c, fwd4.c, fwd6.c and icmp.c. */
#ifndef _VRS_FWD_H
#define _VRS_FWD_H

#include <linux/skbuff.h>

#include "port.h"
#include "vrs.h"

/* Drops @skb, counting @why on the VR and the ingress port. */
void vrs_fwd_drop(struct vrs_port *in, struct sk_buff *skb,
		  enum vrs_stat why, enum skb_drop_reason reason);

/* Counts a forwarded packet of @len bytes and hands it to the egress
 * port (which consumes it).
 */
void vrs_fwd_out(struct vrs_port *in, struct vrs_port *out,
		 struct sk_buff *skb, int nh_family, const void *nh);

bool vrs_fwd_ipv4(struct vrs_port *in, struct sk_buff *skb);
bool vrs_fwd_ipv6(struct vrs_port *in, struct sk_buff *skb);

/* icmp.c: send an error about @skb (which is then dropped, counted as
 * @why) back to its source, from the ingress vport's address, routed by
 * the VR.  Rate-limited per VR.
 */
void vrs_icmp4_error(struct vrs_port *in, struct sk_buff *skb, u8 type,
		     u8 code, u32 info, enum vrs_stat why,
		     enum skb_drop_reason reason);
void vrs_icmp6_error(struct vrs_port *in, struct sk_buff *skb, u8 type,
		     u8 code, u32 info, enum vrs_stat why,
		     enum skb_drop_reason reason);

/* ip_frag.c: fragments an IPv4 packet without DF to @mtu and sends each
 * fragment out of @out; consumes @skb.
 */
void vrs_ip_fragment(struct vrs_port *in, struct vrs_port *out,
		     struct sk_buff *skb, unsigned int mtu, int nh_family,
		     const void *nh);

#endif /* _VRS_FWD_H */
