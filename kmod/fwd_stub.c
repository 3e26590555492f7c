// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder for the forwarding path (fwd.c) until it lands: nothing is
 * forwarded, everything is punted up the vport, which is exactly what a
 * VR without routes does.  Delete this file when fwd.c is merged.
 */
#include "port.h"

bool vrs_fwd_input(struct vrs_port *port, struct sk_buff *skb)
{
	return false;
}
