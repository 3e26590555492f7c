// SPDX-License-Identifier: GPL-2.0
/*
 * `route show` prints routes in the order the kernel's own FIBs dump
 * them, as `ip route show` does: IPv4 like fib_trie, by address with the
 * longest prefix first; IPv6 like fib6's post-order walk, where a prefix
 * comes after every prefix it contains: by the last address of the prefix,
 * longest prefix first.  The VRS dump is in FIB order (address, shortest
 * prefix first), so show collects, sorts and then prints; routes of one
 * prefix keep their dump order (by metric).
 */
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "route_order.h"

int rt_sorted_add(struct rt_sorted *s, const struct nlmsghdr *nlh,
		  const struct rt_info *ri)
{
	struct rt_sorted_item *it;
	unsigned int bit;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		void *v = realloc(s->v, cap * sizeof(*s->v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	it = &s->v[s->n];
	it->msg = malloc(nlh->nlmsg_len);
	if (!it->msg)
		return -1;
	memcpy(it->msg, nlh, nlh->nlmsg_len);
	it->family = ri->family;
	it->plen = ri->dst_len;
	it->seq = s->n;
	memset(it->key, 0, sizeof(it->key));
	if (ri->has_dst)
		memcpy(it->key, ri->dst, ri->family == AF_INET6 ? 16 : 4);
	/* IPv6: the last address of the prefix (host bits all ones). */
	if (ri->family == AF_INET6)
		for (bit = ri->dst_len; bit < 128; bit++)
			it->key[bit / 8] |= 0x80 >> (bit % 8);
	s->n++;
	return 0;
}

static int rt_sorted_cmp(const void *a, const void *b)
{
	const struct rt_sorted_item *x = a, *y = b;
	int d;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	d = memcmp(x->key, y->key, sizeof(x->key));
	if (d)
		return d;
	if (x->plen != y->plen)
		return x->plen > y->plen ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void rt_sorted_sort(struct rt_sorted *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), rt_sorted_cmp);
}

void rt_sorted_free(struct rt_sorted *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].msg);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
