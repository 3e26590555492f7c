/* SPDX-License-Identifier: GPL-2.0 */
/* vrnl: routes in the kernel FIBs' dump order (see route_order.c). */
#ifndef VRNL_ROUTE_ORDER_H
#define VRNL_ROUTE_ORDER_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct rt_info;

struct rt_sorted_item {
	uint8_t key[16];
	uint8_t family, plen;
	size_t seq;
	struct nlmsghdr *msg;
};

struct rt_sorted {
	struct rt_sorted_item *v;
	size_t n, cap;
};

int rt_sorted_add(struct rt_sorted *s, const struct nlmsghdr *nlh,
		  const struct rt_info *ri);
void rt_sorted_sort(struct rt_sorted *s);
void rt_sorted_free(struct rt_sorted *s);

#endif
