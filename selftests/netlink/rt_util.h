/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the route API selftest: building and reading route messages. */
#ifndef VRS_RT_UTIL_H
#define VRS_RT_UTIL_H

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <linux/vrs.h>

#include "../../userspace/nl.h"

struct nh_spec {
	const char *gw;		/* NULL: none */
	const char *dev;	/* NULL: none */
	int weight;		/* 0: absent */
};

struct rt_spec {
	const char *vr;
	const char *dst;	/* "10.0.0.0/24", "default" needs family */
	int family;
	int type;		/* 0: absent */
	int metric;		/* -1: absent */
	int proto;		/* 0: absent */
	int nlflags;		/* -1: absent */
	struct nh_spec nh[4];
};

struct rt_seen {
	int family, dst_len, type, proto, scope;
	unsigned int metric;
	char dst[64];
	int nh_count;
	char gw[4][64];
	int ifindex[4], weight[4];
};

/* Puts the attributes of @s; returns the nlattr of the first nexthop
 * nest (for offset checks), or NULL.
 */
struct nlattr *rt_put(struct nlmsghdr *nlh, const struct rt_spec *s);
int rt_parse(const struct nlmsghdr *nlh, struct rt_seen *r);

#endif
