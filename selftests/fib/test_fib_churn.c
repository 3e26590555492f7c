// SPDX-License-Identifier: GPL-2.0
/*
 * FIB churn: tables of 50k prefixes shaped like BGP tables, rounds of
 * deleting and re-inserting random subsets, checked after every round
 * against a hashed oracle (walk, exact matches, single and bulk lookups)
 * and with their memory bounded by that of a table built afresh; then
 * emptied, back to about a new table's size.  With and without dir[],
 * without gp ops (compaction alone reclaims), with grace periods that end
 * at once and with lagging ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"

/*
 * Oracle for large tables: a sorted pool of distinct prefixes with the
 * handle each has in the table (0: absent), and a hash of them.  Exact
 * match by hash; LPM by trying every length the pool has, longest first.
 */
struct pool_ent {
	uint8_t addr[16];
	unsigned int plen;
	u32 h;
};

static unsigned int pool_bits;

static int pool_cmp(const void *x, const void *y)
{
	const struct pool_ent *a = x, *b = y;

	return ref_cmp(a->addr, a->plen, b->addr, b->plen, pool_bits);
}

struct pool {
	struct pool_ent *e;
	size_t n;
	unsigned int bits;
	int lens[129], nlens;	/* the lengths present, longest first */
	u32 *ht;		/* index + 1 of entries, open addressing */
	size_t hmask;
};

static size_t pool_hash(const uint8_t *a, unsigned int plen)
{
	uint64_t x, y;

	memcpy(&x, a, 8);
	memcpy(&y, a + 8, 8);
	x = (x ^ (y * 0x9e3779b97f4a7c15ULL) ^ plen) * 0xff51afd7ed558ccdULL;
	return x ^ (x >> 29);
}

/* a must be masked to plen and zero past the address. */
static struct pool_ent *pool_get(const struct pool *p, const uint8_t *a,
				 unsigned int plen)
{
	size_t i = pool_hash(a, plen) & p->hmask;

	for (; p->ht[i]; i = (i + 1) & p->hmask) {
		struct pool_ent *e = &p->e[p->ht[i] - 1];

		if (e->plen == plen && !memcmp(e->addr, a, 16))
			return e;
	}
	return NULL;
}

static struct pool_ent *pool_find(const struct pool *p, const uint8_t *a,
				  unsigned int plen)
{
	uint8_t k[16] = { 0 };

	memcpy(k, a, p->bits / 8);
	ref_mask(k, plen, p->bits);
	return pool_get(p, k, plen);
}

static u32 pool_lpm(const struct pool *p, const uint8_t *a,
		    unsigned int *plen)
{
	uint8_t k[16] = { 0 };
	int i;

	memcpy(k, a, p->bits / 8);
	for (i = 0; i < p->nlens; i++) {
		const struct pool_ent *e;

		ref_mask(k, p->lens[i], p->bits);	/* shorter each time */
		e = pool_get(p, k, p->lens[i]);
		if (e && e->h) {
			*plen = e->plen;
			return e->h;
		}
	}
	*plen = 0;
	return 0;
}

static void pool_make(struct pool *p, unsigned int bits, size_t want,
		      uint64_t *rng)
{
	size_t i, j, cap = want + want / 8;
	int l, seen[129] = { 0 };

	memset(p, 0, sizeof(*p));
	p->bits = bits;
	p->e = calloc(cap, sizeof(*p->e));
	for (;;) {
		for (i = p->n; i < cap; i++)
			rand_bgp_prefix(rng, bits, p->e[i].addr, &p->e[i].plen);
		pool_bits = bits;
		qsort(p->e, cap, sizeof(*p->e), pool_cmp);
		for (i = j = 0; i < cap; i++)
			if (!j || pool_cmp(&p->e[j - 1], &p->e[i]))
				p->e[j++] = p->e[i];
		p->n = j;
		if (p->n >= want)
			break;
	}
	/* drop random entries down to want (keeps the order) */
	while (p->n > want) {
		i = rng_next(rng) % p->n;
		memmove(&p->e[i], &p->e[i + 1], (p->n - i - 1) * sizeof(*p->e));
		p->n--;
	}
	for (i = 0; i < p->n; i++)
		seen[p->e[i].plen] = 1;
	for (l = bits; l >= 0; l--)
		if (seen[l])
			p->lens[p->nlens++] = l;
	for (cap = 1024; cap < 4 * p->n; cap *= 2)
		;
	p->ht = calloc(cap, sizeof(*p->ht));
	p->hmask = cap - 1;
	for (i = 0; i < p->n; i++) {
		j = pool_hash(p->e[i].addr, p->e[i].plen) & p->hmask;
		while (p->ht[j])
			j = (j + 1) & p->hmask;
		p->ht[j] = i + 1;
	}
	for (i = 0; i < p->n; i++)
		if (pool_find(p, p->e[i].addr, p->e[i].plen) != &p->e[i])
			abort();
}

struct pool_walk {
	const struct pool *p;
	size_t i;
	long bad, n;
};

static int pool_walk_cb(const u8 *addr, unsigned int plen, u32 res,
			void *arg)
{
	struct pool_walk *w = arg;
	const struct pool *p = w->p;

	while (w->i < p->n && !p->e[w->i].h)
		w->i++;
	if (w->i >= p->n || p->e[w->i].plen != plen ||
	    p->e[w->i].h != res || memcmp(p->e[w->i].addr, addr, p->bits / 8))
		w->bad++;
	w->i++;
	w->n++;
	return 0;
}

/* Table t agrees with the pool: walk, every exact match, lookups. */
static void pool_check(struct vrs_fib *t, const struct pool *p,
		       size_t live, uint64_t *rng, int nlookups)
{
	struct pool_walk w = { .p = p };
	unsigned int bits = p->bits;
	size_t i;
	int j;

	CHECK(vrs_fib_count(t) == live, "count %lu, expected %zu",
	      vrs_fib_count(t), live);
	vrs_fib_walk_from(t, NULL, 0, pool_walk_cb, &w);
	CHECK(!w.bad && w.n == (long)live, "walk: %ld bad, %ld of %zu",
	      w.bad, w.n, live);
	for (i = 0; i < p->n; i++)
		CHECK(vrs_fib_get_exact(t, p->e[i].addr, p->e[i].plen) ==
		      p->e[i].h, "get_exact %s/%u: %#x, expected %#x",
		      fmt_addr(p->e[i].addr, bits), p->e[i].plen,
		      vrs_fib_get_exact(t, p->e[i].addr, p->e[i].plen),
		      p->e[i].h);
	for (j = 0; j < nlookups; j++) {
		static uint8_t ba[VRS_FIB_BULK * 3][16];
		const u8 *bp[VRS_FIB_BULK * 3];
		u32 br[VRS_FIB_BULK * 3], fv, rv;
		uint8_t *a = ba[j % (VRS_FIB_BULK * 3)];
		uint64_t x = rng_next(rng), y = rng_next(rng);
		unsigned int rl, q;
		u8 fl = 0;

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (j & 1) {
			const struct pool_ent *e = &p->e[x % p->n];
			unsigned int b;

			for (b = 0; b < e->plen; b++) {
				a[b / 8] &= ~(0x80 >> (b % 8));
				a[b / 8] |= e->addr[b / 8] & (0x80 >> (b % 8));
			}
		}
		rv = pool_lpm(p, a, &rl);
		fv = vrs_fib_lookup(t, a, &fl);
		CHECK(fv == rv && (!rv || fl == rl),
		      "lookup %s: %#x/%u, expected %#x/%u", fmt_addr(a, bits),
		      fv, fl, rv, rl);
		if (j % (VRS_FIB_BULK * 3) != VRS_FIB_BULK * 3 - 1)
			continue;
		for (q = 0; q < VRS_FIB_BULK * 3; q++)
			bp[q] = ba[q];
		vrs_fib_lookup_bulk(t, bp, q, br);
		while (q--)
			CHECK(br[q] == pool_lpm(p, bp[q], &rl), "bulk");
	}
}

/* A new table holding what the pool says is live; its bytes. */
static size_t fresh_bytes(int family, unsigned long direct,
			  unsigned int gp, const struct pool *p, uint64_t *rng)
{
	struct talloc ta;
	struct vrs_fib *t;
	size_t i, n = p->n, b, *ord = malloc(n * sizeof(*ord));

	talloc_init(&ta);
	t = vrs_fib_create(family, gp ? &talloc_gp_ops : &talloc_ops, &ta);
	ta.gp_period = gp;
	vrs_fib_set_direct(t, direct);
	for (i = 0; i < n; i++)
		ord[i] = i;
	for (i = n; i > 1; i--) {
		size_t j = rng_next(rng) % i, x = ord[i - 1];

		ord[i - 1] = ord[j];
		ord[j] = x;
	}
	for (i = 0; i < n; i++)
		if (p->e[ord[i]].h)
			vrs_fib_insert(t, p->e[ord[i]].addr,
				       p->e[ord[i]].plen, p->e[ord[i]].h, 0,
				       NULL);
	b = vrs_fib_bytes(t);
	vrs_fib_destroy(t, NULL, NULL);
	free(ord);
	return b;
}

/*
 * Build a table of ~50k prefixes, then rounds of deleting a random
 * subset (1% .. 90%) and inserting a random part of what is absent,
 * replacing a few handles on the way.  After each round the table must
 * agree with the oracle and take at most 2x the bytes of a table built
 * afresh with the same content (+ CHURN_SLACK); after deleting
 * everything, about what a new table takes.  direct: vrs_fib_set_direct()
 * (0: never dir[]; 1: dir[] at any size, so it is part of every block).
 */
#define CHURN_SLACK	(16 << 10)
static void test_churn(int family, unsigned long direct, unsigned int gp,
		       size_t npfx, int rounds)
{
	unsigned int bits = family == 4 ? 32 : 128;
	uint64_t rng = 0xc4c4 + family + direct + 2 * gp;
	size_t i, live = 0, empty, maxb = 0, *ord;
	double worst = 0;
	long empty_allocs, serial = 0, ops = 0, blocks0 = 0;
	struct talloc ta;
	struct vrs_fib *t;
	struct pool p;
	int round;

	fails = 0;
	pool_make(&p, bits, npfx, &rng);
	ord = malloc(p.n * sizeof(*ord));
	talloc_init(&ta);
	t = vrs_fib_create(family, gp ? &talloc_gp_ops : &talloc_ops, &ta);
	ta.gp_period = gp;
	vrs_fib_set_direct(t, direct);
	empty = vrs_fib_bytes(t);
	empty_allocs = ta.live_allocs;
	for (round = -1; round < rounds && !fails; round++) {
		/* round -1 builds the table; the last one empties it */
		unsigned int pdel = round < 0 ? 0 :
				    round == rounds - 1 ? 1000 :
				    round % 4 == 3 ? 900 :
				    10 + rng_next(&rng) % 500;
		unsigned int pins = round < 0 ? 1000 :
				    round == rounds - 1 ? 0 :
				    300 + rng_next(&rng) % 701;
		size_t fb;

		for (i = 0; i < p.n; i++)
			ord[i] = i;
		for (i = p.n; i > 1; i--) {
			size_t j = rng_next(&rng) % i, x = ord[i - 1];

			ord[i - 1] = ord[j];
			ord[j] = x;
		}
		for (i = 0; i < p.n; i++) {
			struct pool_ent *e = &p.e[ord[i]];
			u32 old = 0, h;
			int err;

			if (e->h && rng_next(&rng) % 1000 < pdel) {
				err = vrs_fib_delete(t, e->addr, e->plen,
						     &old);
				CHECK(!err && old == e->h,
				      "delete %s/%u: %d, old %#x, expected "
				      "%#x", fmt_addr(e->addr, bits), e->plen,
				      err, old, e->h);
				e->h = 0;
				live--;
				ops++;
			} else if (!e->h && rng_next(&rng) % 1000 < pins) {
				h = res_of(serial++);
				err = vrs_fib_insert(t, e->addr, e->plen, h, 0,
						     &old);
				CHECK(!err && !old, "insert %s/%u: %d",
				      fmt_addr(e->addr, bits), e->plen, err);
				e->h = h;
				live++;
				ops++;
			} else if (e->h && round >= 0 &&
				   rng_next(&rng) % 100 == 0) {
				h = res_of(serial++);
				err = vrs_fib_insert(t, e->addr, e->plen, h,
						     VRS_FIB_REPLACE, &old);
				CHECK(!err && old == e->h, "replace %s/%u",
				      fmt_addr(e->addr, bits), e->plen);
				e->h = h;
				ops++;
			}
		}
		pool_check(t, &p, live, &rng, round < 0 ? 20000 : 3000);
		CHECK(vrs_fib_bytes(t) == ta.live_bytes, "bytes %zu live %zu",
		      vrs_fib_bytes(t), ta.live_bytes);
		if (vrs_fib_bytes(t) > maxb)
			maxb = vrs_fib_bytes(t);
		if (!live)
			break;
		fb = fresh_bytes(family, direct, gp, &p, &rng);
		if ((double)vrs_fib_bytes(t) / fb > worst)
			worst = (double)vrs_fib_bytes(t) / fb;
		CHECK(vrs_fib_bytes(t) <= 2 * fb + CHURN_SLACK,
		      "round %d: %zu prefixes in %zu bytes, a new table %zu",
		      round, live, vrs_fib_bytes(t), fb);
		if (round < 0) {
			blocks0 = ta.nallocs;
			tap_diag("IPv%d, dir[] %s, gp period %u: %zu "
				 "prefixes, %zu bytes (%.2f B/prefix), afresh "
				 "%zu", family, direct ? "always" : "never", gp,
				 live, vrs_fib_bytes(t),
				 (double)vrs_fib_bytes(t) / live, fb);
		}
	}
	CHECK(!live && round == rounds - 1, "did not empty the table");
	CHECK(vrs_fib_count(t) == 0 && vrs_fib_bytes(t) <= empty + EMPTY_SLACK &&
	      (gp || ta.live_allocs == empty_allocs),
	      "emptied: %lu prefixes, %zu bytes in %ld blocks; new table %zu "
	      "in %ld", vrs_fib_count(t), vrs_fib_bytes(t), ta.live_allocs,
	      empty, empty_allocs);
	tap_diag("%d rounds, %ld ops, %ld blocks allocated; peak %zu bytes, "
		 "worst %.2fx a new table; emptied: %zu bytes (new: %zu)",
		 rounds, ops, ta.nallocs - blocks0, maxb, worst,
		 vrs_fib_bytes(t), empty);
	vrs_fib_destroy(t, NULL, NULL);
	CHECK(ta.live_allocs == 0, "leak");
	free(ord);
	free(p.e);
	free(p.ht);
	tap_result(!fails, "IPv%d churn of %zu prefixes, dir[] %s, %s: "
		   "agrees after each of %d rounds, <= 2x a new table's "
		   "bytes, back to empty", family, p.n,
		   direct ? "always" : "never",
		   !gp ? "no gp ops" : gp == 1 ? "immediate grace periods" :
		   "lagging grace periods", rounds);
}

int main(void)
{
	tap_plan(6);
	test_churn(4, 0, 0, 50000, 12);
	test_churn(4, 1, 1, 50000, 12);
	test_churn(4, 0, 7, 50000, 12);
	test_churn(6, 0, 0, 50000, 12);
	test_churn(6, 1, 1, 50000, 12);
	test_churn(6, 0, 7, 50000, 12);
	return tap_finish();
}
