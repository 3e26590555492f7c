// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_util.h"

static int put_addr(struct nlmsghdr *nlh, int type, int family, const char *s)
{
	unsigned char buf[16];

	if (inet_pton(family, s, buf) != 1)
		return -1;
	mnl_attr_put(nlh, type, family == AF_INET ? 4 : 16, buf);
	return 0;
}

struct nlattr *rt_put(struct nlmsghdr *nlh, const struct rt_spec *s)
{
	struct nlattr *nhs, *nh, *first = NULL;
	char dst[64], *slash;
	int i;

	if (s->vr)
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, s->vr);
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, s->family);
	if (s->dst && strcmp(s->dst, "default")) {
		snprintf(dst, sizeof(dst), "%s", s->dst);
		slash = strchr(dst, '/');
		if (slash)
			*slash++ = '\0';
		put_addr(nlh, VRS_A_RT_DST, s->family, dst);
		mnl_attr_put_u8(nlh, VRS_A_RT_DST_LEN, slash ? atoi(slash) :
				(s->family == AF_INET ? 32 : 128));
	}
	if (s->type)
		mnl_attr_put_u8(nlh, VRS_A_RT_TYPE, s->type);
	if (s->metric >= 0)
		mnl_attr_put_u32(nlh, VRS_A_RT_PRIORITY, s->metric);
	if (s->proto)
		mnl_attr_put_u8(nlh, VRS_A_RT_PROTOCOL, s->proto);
	if (s->nlflags >= 0)
		mnl_attr_put_u32(nlh, VRS_A_RT_NLFLAGS, s->nlflags);
	if (!s->nh[0].gw && !s->nh[0].dev)
		return NULL;
	nhs = mnl_attr_nest_start(nlh, VRS_A_RT_NEXTHOPS);
	for (i = 0; i < 4 && (s->nh[i].gw || s->nh[i].dev); i++) {
		nh = mnl_attr_nest_start(nlh, VRS_A_RT_NEXTHOP);
		if (!first)
			first = nh;
		if (s->nh[i].gw)
			put_addr(nlh, VRS_NH_A_GATEWAY, s->family, s->nh[i].gw);
		if (s->nh[i].dev)
			mnl_attr_put_u32(nlh, VRS_NH_A_IFINDEX,
					 if_nametoindex(s->nh[i].dev));
		if (s->nh[i].weight)
			mnl_attr_put_u16(nlh, VRS_NH_A_WEIGHT, s->nh[i].weight);
		mnl_attr_nest_end(nlh, nh);
	}
	mnl_attr_nest_end(nlh, nhs);
	return first;
}

static void parse_nh(const struct nlattr *nest, struct rt_seen *r)
{
	const struct nlattr *a;
	int i = r->nh_count;

	if (i >= 4)
		return;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case VRS_NH_A_GATEWAY:
			inet_ntop(mnl_attr_get_payload_len(a) == 4 ? AF_INET : AF_INET6,
				  mnl_attr_get_payload(a), r->gw[i], sizeof(r->gw[i]));
			break;
		case VRS_NH_A_IFINDEX:
			r->ifindex[i] = mnl_attr_get_u32(a);
			break;
		case VRS_NH_A_WEIGHT:
			r->weight[i] = mnl_attr_get_u16(a);
			break;
		}
	}
	r->nh_count++;
}

int rt_parse(const struct nlmsghdr *nlh, struct rt_seen *r)
{
	const struct nlattr *tb[VRS_A_MAX + 1], *a;
	char addr[64] = "";

	memset(r, 0, sizeof(*r));
	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_RT_FAMILY])
		return -1;
	r->family = mnl_attr_get_u8(tb[VRS_A_RT_FAMILY]);
	r->dst_len = tb[VRS_A_RT_DST_LEN] ? mnl_attr_get_u8(tb[VRS_A_RT_DST_LEN]) : 0;
	r->type = tb[VRS_A_RT_TYPE] ? mnl_attr_get_u8(tb[VRS_A_RT_TYPE]) : 0;
	r->proto = tb[VRS_A_RT_PROTOCOL] ? mnl_attr_get_u8(tb[VRS_A_RT_PROTOCOL]) : 0;
	r->scope = tb[VRS_A_RT_SCOPE] ? mnl_attr_get_u8(tb[VRS_A_RT_SCOPE]) : 0;
	r->metric = tb[VRS_A_RT_PRIORITY] ? mnl_attr_get_u32(tb[VRS_A_RT_PRIORITY]) : 0;
	if (tb[VRS_A_RT_DST])
		inet_ntop(r->family, mnl_attr_get_payload(tb[VRS_A_RT_DST]),
			  addr, sizeof(addr));
	else
		snprintf(addr, sizeof(addr), "%s", r->family == AF_INET ? "0.0.0.0" : "::");
	snprintf(r->dst, sizeof(r->dst), "%s/%d", addr, r->dst_len);
	if (tb[VRS_A_RT_NEXTHOPS])
		mnl_attr_for_each_nested(a, tb[VRS_A_RT_NEXTHOPS])
			parse_nh(a, r);
	return 0;
}
