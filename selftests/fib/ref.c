// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "ref.h"

void ref_init(struct ref_fib *r, unsigned int bits)
{
	memset(r, 0, sizeof(*r));
	r->bits = bits;
}

void ref_free(struct ref_fib *r)
{
	free(r->e);
	memset(r, 0, sizeof(*r));
}

void ref_mask(uint8_t *a, unsigned int plen, unsigned int bits)
{
	unsigned int i;

	for (i = 0; i < bits / 8; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		if (plen <= 8 * i)
			a[i] = 0;
		else
			a[i] &= (uint8_t)(0xff00 >> (plen - 8 * i));
	}
}

int ref_covers(const uint8_t *p, unsigned int plen, const uint8_t *a)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(p, a, full))
		return 0;
	return !rest || !((p[full] ^ a[full]) & (0xff00 >> rest));
}

struct ref_ent *ref_find(struct ref_fib *r, const uint8_t *a,
			 unsigned int plen)
{
	uint8_t k[16] = { 0 };
	size_t i;

	memcpy(k, a, r->bits / 8);
	ref_mask(k, plen, r->bits);
	for (i = 0; i < r->n; i++)
		if (r->e[i].plen == plen && !memcmp(r->e[i].addr, k, r->bits / 8))
			return &r->e[i];
	return NULL;
}

int ref_insert(struct ref_fib *r, const uint8_t *a, unsigned int plen,
	       u32 res, int replace, u32 *old)
{
	struct ref_ent *e;

	if (old)
		*old = 0;
	if (plen > r->bits || !res || res > VRS_FIB_RESULT_MAX)
		return -EINVAL;
	e = ref_find(r, a, plen);
	if (e) {
		if (!replace)
			return -EEXIST;
		if (old)
			*old = e->res;
		e->res = res;
		return 0;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->e = realloc(r->e, r->cap * sizeof(*r->e));
		if (!r->e)
			abort();
	}
	e = &r->e[r->n++];
	memset(e, 0, sizeof(*e));
	memcpy(e->addr, a, r->bits / 8);
	ref_mask(e->addr, plen, r->bits);
	e->plen = plen;
	e->res = res;
	return 0;
}

int ref_delete(struct ref_fib *r, const uint8_t *a, unsigned int plen,
	       u32 *old)
{
	struct ref_ent *e;

	if (plen > r->bits)
		return -EINVAL;
	e = ref_find(r, a, plen);
	if (!e)
		return -ENOENT;
	if (old)
		*old = e->res;
	*e = r->e[--r->n];
	return 0;
}

u32 ref_lookup(const struct ref_fib *r, const uint8_t *a,
	       unsigned int *plen)
{
	const struct ref_ent *best = NULL;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct ref_ent *e = &r->e[i];

		if ((!best || e->plen > best->plen) &&
		    ref_covers(e->addr, e->plen, a))
			best = e;
	}
	if (plen)
		*plen = best ? best->plen : 0;
	return best ? best->res : 0;
}

int ref_cmp(const uint8_t *a, unsigned int al, const uint8_t *b,
	    unsigned int bl, unsigned int bits)
{
	int c = memcmp(a, b, bits / 8);

	if (c)
		return c < 0 ? -1 : 1;
	return al < bl ? -1 : al > bl;
}

static unsigned int sort_bits;

static int ent_cmp(const void *x, const void *y)
{
	const struct ref_ent *a = x, *b = y;

	return ref_cmp(a->addr, a->plen, b->addr, b->plen, sort_bits);
}

void ref_sort(struct ref_fib *r)
{
	if (!r->n)
		return;
	sort_bits = r->bits;
	qsort(r->e, r->n, sizeof(*r->e), ent_cmp);
}
