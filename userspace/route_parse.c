// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route: addresses, prefixes and the add/del/change/... command line,
 * with iproute2's grammar (ip/iproute.c iproute_modify, lib/utils.c
 * get_prefix), keyword precedence, diagnostics and exit codes.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <linux/vrs.h>

#include "route.h"
#include "rt_names.h"

static unsigned int real_name_to_index(const char *name)
{
	return if_nametoindex(name);
}

unsigned int (*rt_name_to_index)(const char *name) = real_name_to_index;

int af_bytes(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static const char *family_verbose(int family)
{
	return family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" :
	       "any valid";
}

/* Dotted quad as iproute2 reads it: 1 to 4 parts, each in any base. */
static int get_addr_ipv4(uint8_t *ap, const char *cp)
{
	int i;

	for (i = 0; i < 4; i++) {
		unsigned long n;
		char *endp;

		if (*cp == '-' || *cp == '+' || *cp == ' ')
			return -1;
		n = strtoul(cp, &endp, 0);
		if (n > 255 || endp == cp)
			return -1;
		ap[i] = (uint8_t)n;
		if (*endp == '\0')
			return 0;
		if (i == 3 || *endp != '.')
			return -1;
		cp = endp + 1;
	}
	return 0;
}

/* iproute2's get_addr_1(): 0 or -1. */
static int get_addr_1(struct rt_prefix *p, const char *name, int family)
{
	memset(p, 0, sizeof(*p));
	p->bitlen = -1;
	if (!strcmp(name, "default") || !strcmp(name, "all") ||
	    !strcmp(name, "any")) {
		p->family = (uint8_t)family;
		p->bitlen = -2;
		if (name[0] == 'd') {
			p->bytelen = (uint8_t)af_bytes(family);
			p->len_given = true;
		}
		return 0;
	}
	if (family != AF_INET && strchr(name, ':')) {
		if (family != AF_UNSPEC && family != AF_INET6)
			return -1;
		if (inet_pton(AF_INET6, name, p->data) <= 0)
			return -1;
		p->family = AF_INET6;
		p->bytelen = 16;
		return 0;
	}
	if (family != AF_UNSPEC && family != AF_INET)
		return -1;
	if (get_addr_ipv4(p->data, name))
		return -1;
	p->family = AF_INET;
	p->bytelen = 4;
	return 0;
}

static int mask2bits(const uint8_t *m)
{
	uint32_t mask = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
	uint32_t host = ~mask;

	if (host & (host + 1))
		return -1;	/* not contiguous */
	return 32 - __builtin_popcount(host);
}

/* "/N" (any base) or "/A.B.C.D" netmask. */
static int get_netmask(unsigned int *val, const char *arg)
{
	struct rt_prefix m;
	uint32_t v;

	if (get_u32(&v, arg)) {
		*val = v;
		return 0;
	}
	if (!get_addr_1(&m, arg, AF_INET) && m.family == AF_INET &&
	    mask2bits(m.data) >= 0) {
		*val = (unsigned int)mask2bits(m.data);
		return 0;
	}
	return -1;
}

static int get_prefix_1(struct rt_prefix *p, const char *arg, int family)
{
	char buf[256], *slash;
	unsigned int plen;
	int bits;

	snprintf(buf, sizeof(buf), "%s", arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (get_addr_1(p, buf, family))
		return -1;
	bits = af_bytes(p->family) * 8;
	if (slash) {
		if (p->bitlen == -2 || get_netmask(&plen, slash) ||
		    plen > (unsigned int)bits)
			return -1;
		p->len_given = true;
		p->bitlen = (int)plen;
	} else {
		p->bitlen = p->bitlen == -2 ? 0 : bits;
	}
	return 0;
}

int rt_get_addr(struct rt_prefix *p, const char *arg, int family)
{
	/* "default", "all" and "any" are the zero address to iproute2
	 * (a zero IPv4 gateway is none to the kernel).
	 */
	if (get_addr_1(p, arg, family)) {
		fprintf(stderr, "Error: %s address is expected rather than \"%s\".\n",
			family_verbose(family), arg);
		return VRNL_EXIT_LOOKUP;
	}
	return 0;
}

int rt_get_prefix(struct rt_prefix *p, const char *arg, int family)
{
	if (get_prefix_1(p, arg, family)) {
		fprintf(stderr, "Error: %s prefix is expected rather than \"%s\".\n",
			family_verbose(family), arg);
		return VRNL_EXIT_LOOKUP;
	}
	return 0;
}

/* ip's read_family() for the families a VR routes. */
int rt_read_family(const char *name)
{
	if (!strcmp(name, "inet"))
		return AF_INET;
	if (!strcmp(name, "inet6"))
		return AF_INET6;
	return AF_UNSPEC;
}

int rt_unsupported(const char *key)
{
	fprintf(stderr, "Error: \"%s\" is not supported by VRS routes.\n", key);
	return VRNL_EXIT_ARG;
}

/* "via [ FAMILY ] ADDRESS" at *argv ("via" consumed by the caller). */
static int parse_via(int *family, struct rt_nh *nh, int *argcp, char ***argvp)
{
	int argc = *argcp, gwfam, ret;
	char **argv = *argvp;
	struct rt_prefix a;

	NEXT_ARG();
	gwfam = rt_read_family(*argv);
	if (gwfam == AF_UNSPEC)
		gwfam = *family;
	else
		NEXT_ARG();
	ret = rt_get_addr(&a, *argv, gwfam);
	if (ret)
		return ret;
	if (*family == AF_UNSPEC)
		*family = a.family;
	nh->gw_family = a.family;
	memcpy(nh->gw, a.data, sizeof(nh->gw));
	*argcp = argc;
	*argvp = argv;
	return 0;
}

int rt_nodev(const char *dev)
{
	fprintf(stderr, "Cannot find device \"%s\"\n", dev);
	return VRNL_EXIT_LOOKUP;
}

/* ip's parse_one_nh(): the words after "nexthop", up to the next one. */
static int parse_one_nh(struct rt_req *r, struct rt_nh *nh, int *argcp,
			char ***argvp)
{
	int argc = *argcp, ret;
	char **argv = *argvp;
	uint32_t w;

	while (++argv, --argc > 0) {
		if (!strcmp(*argv, "via")) {
			ret = parse_via(&r->family, nh, &argc, &argv);
			if (ret)
				return ret;
		} else if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			nh->dev = *argv;
			nh->ifindex = rt_name_to_index(*argv);
			if (!nh->ifindex) {
				rt_nodev(*argv);
				fprintf(stderr, "Error: cannot parse nexthop\n");
				return VRNL_EXIT_ARG;
			}
		} else if (!strcmp(*argv, "weight")) {
			NEXT_ARG();
			if (!get_u32(&w, *argv) || w == 0 || w > 256)
				return invarg("\"weight\" is invalid\n", *argv);
			nh->weight = (uint16_t)w;
		} else if (!strcmp(*argv, "onlink")) {
			nh->flags |= RTNH_F_ONLINK;
		} else if (matches(*argv, "realms") || !strcmp(*argv, "encap") ||
			   !strcmp(*argv, "as")) {
			return rt_unsupported(*argv);
		} else {
			break;
		}
	}
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/* ip's parse_nexthops(): "nexthop NH" until the end of the line. */
static int parse_nexthops(struct rt_req *r, int argc, char **argv)
{
	int ret;

	while (argc > 0) {
		if (strcmp(*argv, "nexthop")) {
			fprintf(stderr, "Error: \"nexthop\" or end of line is expected instead of \"%s\"\n",
				*argv);
			return VRNL_EXIT_ARG;
		}
		if (argc <= 1) {
			fprintf(stderr, "Error: unexpected end of line after \"nexthop\"\n");
			return VRNL_EXIT_ARG;
		}
		if (r->nnh >= RT_NH_MAX) {
			fprintf(stderr, "Error: too many nexthops (at most %d).\n",
				RT_NH_MAX);
			return VRNL_EXIT_ARG;
		}
		memset(&r->nh[r->nnh], 0, sizeof(r->nh[0]));
		ret = parse_one_nh(r, &r->nh[r->nnh++], &argc, &argv);
		if (ret)
			return ret;
	}
	return 0;
}

/* The keywords of iproute_modify that a VR route cannot carry, in ip's
 * order and with ip's matching (exact or abbreviation).
 */
static bool modify_unsupported(const char *w)
{
	static const char *const exact[] = {
		"as", "from", "tos", "expires", "mtu", "hoplimit", "advmss",
		"rtt", "rto_min", "nhid", "encap", "ttl-propagate",
		"fastopen_no_cookie",
	};
	static const char *const abbrev[] = {
		"dsfield", "reordering", "window", "cwnd", "initcwnd",
		"initrwnd", "features", "quickack", "congctl", "rttvar",
		"ssthresh", "realms",
	};
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(w, exact[i]))
			return true;
	for (i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++)
		if (matches(w, abbrev[i]))
			return true;
	return false;
}

/* "[ to ] [ TYPE ] PREFIX": the words ip reads as the destination. */
static int parse_dst(struct rt_req *r, int *argcp, char ***argvp)
{
	int argc = *argcp, type, ret;
	char **argv = *argvp;

	if (!strcmp(*argv, "to"))
		NEXT_ARG();
	if ((**argv < '0' || **argv > '9') && !rt_type_a2n(&type, *argv)) {
		NEXT_ARG();
		r->type = type;
	}
	if (matches(*argv, "help"))
		return route_usage();
	if (r->dst.bitlen >= 0) {
		fprintf(stderr, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
			*argv);
		return VRNL_EXIT_ARG;
	}
	ret = rt_get_prefix(&r->dst, *argv, r->family);
	if (ret)
		return ret;
	if (r->family == AF_UNSPEC)
		r->family = r->dst.family;
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/* "pref": a VR route has the kernel's default router preference only. */
static int parse_pref(const char *arg)
{
	uint32_t v;

	if (!strcmp(arg, "medium") || (get_u32(&v, arg) && v == 0))
		return 0;
	if (!strcmp(arg, "low") || !strcmp(arg, "high") ||
	    (get_u32(&v, arg) && v <= 255))
		return invarg("VRS routes only have \"pref medium\"\n", arg);
	return invarg("\"pref\" value is invalid\n", arg);
}

/* One keyword of the route (not of a "nexthop"); 0 or an exit code. */
static int modify_word(struct rt_req *r, int *argcp, char ***argvp)
{
	int argc = *argcp, ret = 0;
	char **argv = *argvp;
	uint32_t v;

	if (!strcmp(*argv, "src")) {
		NEXT_ARG();
		ret = rt_get_addr(&r->src, *argv, r->family);
		if (!ret && r->family == AF_UNSPEC)
			r->family = r->src.family;
	} else if (!strcmp(*argv, "via")) {
		if (r->gw_ok)
			return invarg("use nexthop syntax to specify multiple via\n",
				      *argv);
		r->gw_ok = true;
		ret = parse_via(&r->family, &r->nh[0], &argc, &argv);
	} else if (matches(*argv, "metric") || matches(*argv, "priority") ||
		   !strcmp(*argv, "preference")) {
		NEXT_ARG();
		if (!get_u32(&r->metric, *argv))
			return invarg("\"metric\" value is invalid\n", *argv);
		r->metric_ok = true;
	} else if (!strcmp(*argv, "scope")) {
		NEXT_ARG();
		if (rt_scope_a2n(&v, *argv))
			return invarg("invalid \"scope\" value\n", *argv);
		r->scope = (int)v;
	} else if (modify_unsupported(*argv)) {
		return rt_unsupported(*argv);
	} else if (!strcmp(*argv, "onlink")) {
		r->nh[0].flags |= RTNH_F_ONLINK;
	} else if (matches(*argv, "protocol")) {
		NEXT_ARG();
		if (rt_proto_a2n(&v, *argv))
			return invarg("\"protocol\" value is invalid\n", *argv);
		r->proto = (int)v;
	} else if (matches(*argv, "table") || matches(*argv, "vrf")) {
		NEXT_ARG();
		r->table = *argv;
	} else if (!strcmp(*argv, "dev") || !strcmp(*argv, "oif")) {
		NEXT_ARG();
		r->nh[0].dev = *argv;
	} else if (matches(*argv, "pref")) {
		NEXT_ARG();
		ret = parse_pref(*argv);
	} else {
		ret = parse_dst(r, &argc, &argv);
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

/* Clears all but the next hops past the first: parse_nexthops() clears
 * each as it starts, and a bulk load parses a line per route (a 10 KiB
 * memset per line is a good part of it, a lot more under emulation).
 */
void rt_req_init(struct rt_req *r, int family)
{
	memset(r, 0, offsetof(struct rt_req, nh[1]));
	r->family = family;
	r->type = r->proto = r->scope = -1;
	r->dst.bitlen = -1;
}

/* ip's defaults for a new route: iproute_modify() after parsing. */
static void modify_defaults(struct rt_req *r)
{
	if (r->family == AF_UNSPEC)
		r->family = AF_INET;
	if (r->cmd == VRS_CMD_ROUTE_DEL)
		return;
	if (r->proto < 0)
		r->proto = RTPROT_BOOT;
	if (r->type < 0)
		r->type = RTN_UNICAST;
	if (r->scope >= 0)
		return;
	if (r->family == AF_INET6)
		r->scope = RT_SCOPE_UNIVERSE;
	else if (r->type == RTN_LOCAL || r->type == RTN_NAT)
		r->scope = RT_SCOPE_HOST;
	else if (r->type == RTN_BROADCAST || r->type == RTN_MULTICAST ||
		 r->type == RTN_ANYCAST)
		r->scope = RT_SCOPE_LINK;
	else if (r->type == RTN_UNICAST && !r->gw_ok && !r->nhs_ok)
		r->scope = RT_SCOPE_LINK;
	else
		r->scope = RT_SCOPE_UNIVERSE;
}

/* The single path (via/dev/onlink) becomes nh[0]; "nexthop" starts
 * the multipath list instead.
 */
static int modify_nexthops(struct rt_req *r, int argc, char **argv)
{
	struct rt_nh *nh = &r->nh[0];

	if (nh->dev) {
		nh->ifindex = rt_name_to_index(nh->dev);
		if (!nh->ifindex)
			return rt_nodev(nh->dev);
	}
	if (!r->nhs_ok) {
		r->nnh = nh->gw_family || nh->dev || nh->flags ? 1 : 0;
		return 0;
	}
	if (nh->gw_family || nh->dev) {
		fprintf(stderr, "Error: \"via\" and \"dev\" of the route cannot be combined with \"nexthop\".\n");
		return VRNL_EXIT_ARG;
	}
	memset(nh, 0, sizeof(*nh));
	return parse_nexthops(r, argc, argv);
}

int rt_parse_modify(struct rt_req *r, int family, int argc, char **argv)
{
	uint8_t cmd = r->cmd;
	uint32_t nlflags = r->nlflags;
	int ret;

	rt_req_init(r, family);
	r->cmd = cmd;
	r->nlflags = nlflags;
	while (argc > 0) {
		if (!strcmp(*argv, "nexthop")) {
			r->nhs_ok = true;
			break;
		}
		ret = modify_word(r, &argc, &argv);
		if (ret)
			return ret;
		argc--;
		argv++;
	}
	if (r->dst.bitlen < 0)
		return route_usage();
	ret = modify_nexthops(r, argc, argv);
	if (ret)
		return ret;
	modify_defaults(r);
	/* The kernel gives IPv6 reject routes the loopback device, which
	 * `show` prints: "dev lo" on one is no next hop.
	 */
	if (r->family == AF_INET6 && r->nnh == 1 && !r->nh[0].gw_family &&
	    r->nh[0].dev && !strcmp(r->nh[0].dev, "lo") &&
	    (r->type == RTN_BLACKHOLE || r->type == RTN_UNREACHABLE ||
	     r->type == RTN_PROHIBIT))
		r->nnh = 0;
	return 0;
}

static void put_nh(struct nlmsghdr *nlh, const struct rt_nh *nh)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, VRS_A_RT_NEXTHOP);

	if (nh->gw_family) {
		mnl_attr_put_u8(nlh, VRS_NH_A_GW_FAMILY, nh->gw_family);
		mnl_attr_put(nlh, VRS_NH_A_GATEWAY, af_bytes(nh->gw_family),
			     nh->gw);
	}
	if (nh->ifindex)
		mnl_attr_put_u32(nlh, VRS_NH_A_IFINDEX, nh->ifindex);
	if (nh->weight)
		mnl_attr_put_u16(nlh, VRS_NH_A_WEIGHT, nh->weight);
	if (nh->flags)
		mnl_attr_put_u32(nlh, VRS_NH_A_FLAGS, nh->flags);
	mnl_attr_nest_end(nlh, nest);
}

static bool all_zero(const uint8_t *p, int len)
{
	while (len-- > 0)
		if (*p++)
			return false;
	return true;
}

/* The request's VRS_A_RT_* attributes (the VR is the caller's). */
void rt_req_put(const struct rt_req *r, struct nlmsghdr *nlh)
{
	int alen = af_bytes(r->family);
	bool new = r->cmd == VRS_CMD_ROUTE_NEW;
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, (uint8_t)r->family);
	if (r->dst.family == r->family && r->dst.bytelen == alen &&
	    (r->dst.bitlen > 0 || !all_zero(r->dst.data, alen)))
		mnl_attr_put(nlh, VRS_A_RT_DST, alen, r->dst.data);
	mnl_attr_put_u8(nlh, VRS_A_RT_DST_LEN, (uint8_t)r->dst.bitlen);
	if (r->type >= 0)
		mnl_attr_put_u8(nlh, VRS_A_RT_TYPE, (uint8_t)r->type);
	if (r->proto >= 0)
		mnl_attr_put_u8(nlh, VRS_A_RT_PROTOCOL, (uint8_t)r->proto);
	if (r->scope >= 0)
		mnl_attr_put_u8(nlh, VRS_A_RT_SCOPE, (uint8_t)r->scope);
	if (r->metric_ok)
		mnl_attr_put_u32(nlh, VRS_A_RT_PRIORITY, r->metric);
	if (r->src.family)
		mnl_attr_put(nlh, VRS_A_RT_PREFSRC, af_bytes(r->src.family),
			     r->src.data);
	if (new)
		mnl_attr_put_u32(nlh, VRS_A_RT_NLFLAGS, r->nlflags);
	if (!r->nnh)
		return;
	nest = mnl_attr_nest_start(nlh, VRS_A_RT_NEXTHOPS);
	for (i = 0; i < r->nnh; i++)
		put_nh(nlh, &r->nh[i]);
	mnl_attr_nest_end(nlh, nest);
}
