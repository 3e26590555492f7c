// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route get: the source address the kernel reports for a lookup
 * ("src"), when the route has none of its own: the address the egress
 * device would send from.  IPv4 as inet_select_addr(): the first address
 * of the device in the gateway's subnet, else its first address (for a
 * connected route, its first).  IPv6, simplified from RFC 6724: the
 * device's address sharing the longest prefix with the destination.
 */
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "route.h"

static int common_bits(const uint8_t *a, const uint8_t *b, int bytes)
{
	int i, n = 0;

	for (i = 0; i < bytes; i++) {
		uint8_t x = a[i] ^ b[i];

		if (x)
			return n + __builtin_clz(x) - 24;
		n += 8;
	}
	return n;
}

static const uint8_t *ifa_addr_bytes(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
	return (const uint8_t *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
}

/* Fills @out (and returns 0) with the source for @to through @ifindex. */
static int rt_select_src(int family, unsigned int ifindex, const uint8_t *to,
		  bool to_is_gw, uint8_t *out)
{
	static const uint8_t ones[4] = { 0xff, 0xff, 0xff, 0xff };
	char name[IF_NAMESIZE];
	struct ifaddrs *list, *i;
	int bytes = af_bytes(family), best = -1, bits;

	if (!if_indextoname(ifindex, name) || getifaddrs(&list))
		return -1;
	for (i = list; i; i = i->ifa_next) {
		const uint8_t *a, *m;

		if (!i->ifa_addr || i->ifa_addr->sa_family != family ||
		    strcmp(i->ifa_name, name))
			continue;
		a = ifa_addr_bytes(i->ifa_addr);
		if (family == AF_INET6 && a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
			continue;	/* link-local: not for global destinations */
		if (family == AF_INET) {
			m = i->ifa_netmask ? ifa_addr_bytes(i->ifa_netmask) : ones;
			bits = to_is_gw && common_bits(a, to, 4) >=
					   common_bits(m, ones, 4);
		} else {
			bits = common_bits(a, to, bytes);
		}
		if (bits > best) {
			best = bits;
			memcpy(out, a, bytes);
		}
	}
	freeifaddrs(list);
	return best < 0 ? -1 : 0;
}

/* The "src" of a `route get` answer for @addr, if the route has none. */
void rt_get_fill_src(struct rt_info *ri, const uint8_t *addr)
{
	const struct rt_nh *nh = &ri->nh[0];
	bool gw = nh->gw_family == ri->family;

	if (ri->has_prefsrc || !ri->nnh || !nh->ifindex ||
	    ri->type != RTN_UNICAST)
		return;
	if (!rt_select_src(ri->family, nh->ifindex, gw ? nh->gw : addr, gw,
			   ri->prefsrc))
		ri->has_prefsrc = true;
}
