// SPDX-License-Identifier: GPL-2.0
/*
 * Checks shared by the FIB unit tests: a table against the naive
 * reference (count, bytes, walk order, exact gets, single and bulk
 * lookups) and clustered random prefixes.
 */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"
#include "fibcheck.h"

#define BYTES(bits) ((bits) / 8)
/* batched lookups of up to this many: more than two of the IPv4 groups */
#define BULK_MAX 71

/* vrs_fib_set_direct() for the tables of the current pass (0: default) */
unsigned long g_direct;
/* 0: tables without gp ops; else talloc_gp_ops with this gp_period */
unsigned int g_gp;
size_t g_round;

struct vrs_fib *new_fib(int family, struct talloc *ta)
{
	const struct vrs_fib_ops *ops = g_round ? &talloc_round_ops :
					g_gp ? &talloc_gp_ops : &talloc_ops;
	struct vrs_fib *t;

	ta->gp_period = g_gp;
	ta->round = g_round;
	t = vrs_fib_create(family, ops, ta);

	if (t && g_direct)
		vrs_fib_set_direct(t, g_direct);
	return t;
}

int collect_cb(const u8 *addr, unsigned int plen, u32 res,
		      void *arg)
{
	struct collect *c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->e = realloc(c->e, c->cap * sizeof(*c->e));
	}
	memset(&c->e[c->n], 0, sizeof(c->e[0]));
	memcpy(c->e[c->n].addr, addr, c->bits / 8);
	c->e[c->n].plen = plen;
	c->e[c->n].res = res;
	c->n++;
	return c->limit && c->n >= c->limit ? 1 : 0;
}

void check_lookup(struct vrs_fib *t, struct ref_fib *r,
			 const uint8_t *a)
{
	unsigned int rl;
	u32 rv = ref_lookup(r, a, &rl);
	u8 fl = 0;
	u32 fv = vrs_fib_lookup(t, a, &fl);

	CHECK(fv == rv && (!rv || fl == rl),
	      "lookup %s: fib %#x/%u ref %#x/%u", fmt_addr(a, r->bits),
	      fv, fl, rv, rl);
	/* without plen: the data path's fast path */
	fv = vrs_fib_lookup(t, a, NULL);
	CHECK(fv == rv, "lookup %s (no plen): fib %#x ref %#x",
	      fmt_addr(a, r->bits), fv, rv);
}

/* Full comparison: count, bytes, walk order, exact gets, lookups. */
void check_equal(struct vrs_fib *t, struct ref_fib *r,
			struct talloc *ta, uint64_t *rng, int nrand)
{
	int per_entry = nrand >= 1000;	/* cheap checks otherwise */

	struct collect c = { .bits = r->bits };
	size_t i;
	int j;

	CHECK(vrs_fib_count(t) == r->n, "count %lu ref %zu",
	      vrs_fib_count(t), r->n);
	CHECK(vrs_fib_bytes(t) == ta->live_bytes, "bytes %zu live %zu",
	      vrs_fib_bytes(t), ta->live_bytes);
	ref_sort(r);
	vrs_fib_walk_from(t, NULL, 0, collect_cb, &c);
	CHECK(c.n == r->n, "walk n %zu ref %zu", c.n, r->n);
	for (i = 0; i < c.n && i < r->n; i++) {
		CHECK(!memcmp(c.e[i].addr, r->e[i].addr, BYTES(r->bits)) &&
		      c.e[i].plen == r->e[i].plen && c.e[i].res == r->e[i].res,
		      "walk[%zu] %s/%u ref %s/%u", i,
		      fmt_addr(c.e[i].addr, r->bits), c.e[i].plen,
		      fmt_addr(r->e[i].addr, r->bits), r->e[i].plen);
	}
	free(c.e);
	for (i = 0; i < r->n; i++) {
		uint8_t a[16];

		CHECK(vrs_fib_get_exact(t, r->e[i].addr, r->e[i].plen) ==
		      r->e[i].res, "get_exact %s/%u",
		      fmt_addr(r->e[i].addr, r->bits), r->e[i].plen);
		if (!per_entry)
			continue;
		check_lookup(t, r, r->e[i].addr);
		/* last address of the prefix, and one just past it */
		memcpy(a, r->e[i].addr, 16);
		for (j = r->e[i].plen; j < (int)r->bits; j++)
			a[j / 8] |= 0x80 >> (j % 8);
		check_lookup(t, r, a);
		for (j = BYTES(r->bits) - 1; j >= 0 && ++a[j] == 0; j--)
			;
		check_lookup(t, r, a);
	}
	for (j = 0; j < nrand; j++) {
		static uint8_t ba[BULK_MAX][16];
		const u8 *bp[BULK_MAX];
		u32 br[BULK_MAX];
		uint8_t *a = ba[j % BULK_MAX];
		uint64_t x = rng_next(rng), y = rng_next(rng);
		int q;

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (r->n && (j & 1)) {
			/* random address under a random prefix */
			const struct ref_ent *e = &r->e[x % r->n];
			unsigned int b;

			for (b = 0; b < e->plen; b++) {
				a[b / 8] &= ~(0x80 >> (b % 8));
				a[b / 8] |= e->addr[b / 8] & (0x80 >> (b % 8));
			}
		}
		check_lookup(t, r, a);
		if (j % BULK_MAX != BULK_MAX - 1 && j != nrand - 1)
			continue;
		/* batched lookups agree with single ones */
		for (q = 0; q <= j % BULK_MAX; q++)
			bp[q] = ba[q];
		vrs_fib_lookup_bulk(t, bp, q, br);
		while (q--)
			CHECK(br[q] == vrs_fib_lookup(t, bp[q], NULL), "bulk");
	}
}

/* Random prefix; clustered so that prefixes overlap and nest a lot. */
void rand_prefix(uint64_t *rng, struct ref_fib *r, uint8_t *a,
			unsigned int *plen)
{
	uint64_t x = rng_next(rng), y = rng_next(rng);
	unsigned int bits = r->bits, mode = x % 4;

	memcpy(a, &y, 8);
	y = rng_next(rng);
	memcpy(a + 8, &y, 8);
	*plen = (x >> 8) % (bits + 1);
	if (mode == 0 && r->n) {
		/* nested: extend an existing prefix */
		const struct ref_ent *e = &r->e[(x >> 16) % r->n];
		unsigned int b;

		for (b = 0; b < e->plen; b++) {
			a[b / 8] &= ~(0x80 >> (b % 8));
			a[b / 8] |= e->addr[b / 8] & (0x80 >> (b % 8));
		}
		if (*plen < e->plen)
			*plen = e->plen + (*plen % (bits - e->plen + 1));
	} else if (mode == 1) {
		/* small address space: heavy overlap (IPv6: in 2000::/3) */
		a[0] = bits == 32 ? 10 : 0x2a;
		a[1] = (x >> 32) & 3;
	}
}

