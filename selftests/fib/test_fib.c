// SPDX-License-Identifier: GPL-2.0
/*
 * FIB unit tests against the naive reference (ref.c): semantics, random
 * tables of every prefix length, walk/cursor, allocation failure (random,
 * and at every allocation of a sequence that grows, compacts and shrinks
 * the block), a randomized interleaved stress and many small tables
 * (churn of large tables: test_fib_churn.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"

#define BYTES(bits) ((bits) / 8)

/* vrs_fib_set_direct() for the tables of the current pass (0: default) */
static unsigned long g_direct;
/* 0: tables without gp ops; else talloc_gp_ops with this gp_period */
static unsigned int g_gp;

static struct vrs_fib *new_fib(int family, struct talloc *ta)
{
	struct vrs_fib *t = vrs_fib_create(family, g_gp ? &talloc_gp_ops :
					   &talloc_ops, ta);

	ta->gp_period = g_gp;

	if (t && g_direct)
		vrs_fib_set_direct(t, g_direct);
	return t;
}



struct collect {
	struct ref_ent *e;
	size_t n, cap, limit;
	unsigned int bits;
};

static int collect_cb(const u8 *addr, unsigned int plen, u32 res,
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

static void check_lookup(struct vrs_fib *t, struct ref_fib *r,
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
static void check_equal(struct vrs_fib *t, struct ref_fib *r,
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
		static uint8_t ba[37][16];
		const u8 *bp[37];
		u32 br[37];
		uint8_t *a = ba[j % 37];
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
		if (j % 37 != 36 && j != nrand - 1)
			continue;
		/* batched lookups agree with single ones */
		for (q = 0; q <= j % 37; q++)
			bp[q] = ba[q];
		vrs_fib_lookup_bulk(t, bp, q, br);
		while (q--)
			CHECK(br[q] == vrs_fib_lookup(t, bp[q], NULL), "bulk");
	}
}

/* Random prefix; clustered so that prefixes overlap and nest a lot. */
static void rand_prefix(uint64_t *rng, struct ref_fib *r, uint8_t *a,
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

static void test_empty(int family)
{
	struct talloc ta;
	struct vrs_fib *t;
	uint8_t a[16] = { 1, 2, 3, 4 };
	struct collect c = { .bits = family == 4 ? 32 : 128 };
	u32 old = 1;

	fails = 0;
	talloc_init(&ta);
	t = vrs_fib_create(family, &talloc_ops, &ta);
	CHECK(t, "create");
	CHECK(vrs_fib_bytes(t) < 1024, "empty bytes %zu", vrs_fib_bytes(t));
	CHECK(vrs_fib_bytes(t) == ta.live_bytes, "bytes");
	CHECK(!vrs_fib_lookup(t, a, NULL), "lookup");
	CHECK(vrs_fib_delete(t, a, 0, &old) == -ENOENT, "delete");
	CHECK(vrs_fib_walk_from(t, NULL, 0, collect_cb, &c) == 0 && !c.n,
	      "walk");
	CHECK(!vrs_fib_create(5, &talloc_ops, &ta), "bad family");
	tap_diag("empty IPv%d table: %zu bytes", family, vrs_fib_bytes(t));
	vrs_fib_destroy(t, NULL, NULL);
	CHECK(ta.live_allocs == 0, "leak %ld", ta.live_allocs);
	tap_result(!fails, "empty IPv%d table", family);
}

static void test_basic(int family)
{
	unsigned int bits = family == 4 ? 32 : 128, max = bits;
	uint8_t a[16], z[16] = { 0 }, ones[16];
	struct talloc ta;
	struct vrs_fib *t;
	u32 old;
	u8 pl;

	fails = 0;
	memset(ones, 0xff, sizeof(ones));
	talloc_init(&ta);
	t = vrs_fib_create(family, &talloc_ops, &ta);
	CHECK(vrs_fib_insert(t, z, 0, res_of(0), 0, &old) == 0 && !old,
	      "/0");
	CHECK(vrs_fib_lookup(t, ones, &pl) == res_of(0) && pl == 0, "/0 lk");
	CHECK(vrs_fib_insert(t, ones, max, res_of(1), 0, NULL) == 0, "/max");
	CHECK(vrs_fib_lookup(t, ones, &pl) == res_of(1) && pl == max, "max");
	CHECK(vrs_fib_insert(t, ones, max, res_of(2), 0, &old) == -EEXIST,
	      "eexist");
	CHECK(vrs_fib_insert(t, ones, max, res_of(2), VRS_FIB_REPLACE,
			     &old) == 0 && old == res_of(1), "replace");
	CHECK(vrs_fib_count(t) == 2, "count");
	CHECK(vrs_fib_insert(t, ones, max + 1, res_of(3), 0, NULL) == -EINVAL,
	      "plen");
	CHECK(vrs_fib_insert(t, ones, 8, 0, 0, NULL) == -EINVAL, "zero");
	CHECK(vrs_fib_insert(t, ones, 8, VRS_FIB_RESULT_MAX + 1, 0, NULL) ==
	      -EINVAL, "max + 1");
	CHECK(vrs_fib_insert(t, ones, 8, 0xffffffffU, 0, NULL) == -EINVAL,
	      "~0");
	CHECK(vrs_fib_insert(t, ones, max, 0, VRS_FIB_REPLACE, &old) ==
	      -EINVAL && vrs_fib_get_exact(t, ones, max) == res_of(2),
	      "replace with 0");
	CHECK(vrs_fib_insert(t, ones, max, VRS_FIB_RESULT_MAX + 1,
			     VRS_FIB_REPLACE, &old) == -EINVAL &&
	      vrs_fib_get_exact(t, ones, max) == res_of(2),
	      "replace with max + 1");
	CHECK(vrs_fib_count(t) == 2, "count after EINVAL");
	/* the extreme handles are stored as they are */
	memset(a, 0, sizeof(a));
	a[0] = 0x7f;
	CHECK(vrs_fib_insert(t, a, 7, VRS_FIB_RESULT_MAX, 0, NULL) == 0 &&
	      vrs_fib_lookup(t, a, &pl) == VRS_FIB_RESULT_MAX && pl == 7 &&
	      vrs_fib_get_exact(t, a, 7) == VRS_FIB_RESULT_MAX, "max handle");
	CHECK(vrs_fib_insert(t, a, 7, 1, VRS_FIB_REPLACE, &old) == 0 &&
	      old == VRS_FIB_RESULT_MAX && vrs_fib_lookup(t, a, NULL) == 1,
	      "handle 1");
	CHECK(vrs_fib_delete(t, a, 7, &old) == 0 && old == 1, "del 1");
	/* host bits are ignored: 255.255.x/8 == 255.0.0.0/8 */
	CHECK(vrs_fib_insert(t, ones, 8, res_of(4), 0, NULL) == 0, "/8");
	memset(a, 0, sizeof(a));
	a[0] = 0xff;
	CHECK(vrs_fib_get_exact(t, a, 8) == res_of(4), "masked get");
	a[1] = 1;
	CHECK(vrs_fib_lookup(t, a, &pl) == res_of(4) && pl == 8, "masked lk");
	CHECK(vrs_fib_delete(t, a, 8, &old) == 0 && old == res_of(4), "del");
	CHECK(vrs_fib_delete(t, a, 8, &old) == -ENOENT, "del twice");
	CHECK(vrs_fib_lookup(t, a, &pl) == res_of(0) && pl == 0, "fallback");
	CHECK(vrs_fib_delete(t, z, 0, &old) == 0 && old == res_of(0), "del0");
	CHECK(!vrs_fib_lookup(t, a, NULL), "no default");
	CHECK(vrs_fib_delete(t, ones, max, NULL) == 0, "del max");
	CHECK(vrs_fib_count(t) == 0 && vrs_fib_bytes(t) == ta.live_bytes,
	      "empty again");
	vrs_fib_destroy(t, NULL, NULL);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "IPv%d basic semantics (/0, /%u, EEXIST, replace, "
		   "masking, EINVAL)", family, max);
}

static void test_random(int family, int rounds, int size)
{
	unsigned int bits = family == 4 ? 32 : 128, plen;
	uint64_t rng = 0x1234 + family;
	int round, i, lens[129] = { 0 };
	struct ref_fib r;
	struct talloc ta;
	size_t empty;

	fails = 0;
	for (round = 0; round < rounds && !fails; round++) {
		struct vrs_fib *t;
		uint8_t a[16];
		u32 o1, o2;

		talloc_init(&ta);
		ref_init(&r, bits);
		t = new_fib(family, &ta);
		empty = vrs_fib_bytes(t);
		for (i = 0; i < size; i++) {
			int e1, e2;

			rand_prefix(&rng, &r, a, &plen);
			lens[plen] = 1;
			e1 = vrs_fib_insert(t, a, plen, res_of(i), 0, &o1);
			e2 = ref_insert(&r, a, plen, res_of(i), 0, &o2);
			CHECK(e1 == e2, "insert %d vs %d", e1, e2);
		}
		check_equal(t, &r, &ta, &rng, 2000);
		/* delete everything in random order */
		while (r.n) {
			struct ref_ent e = r.e[rng_next(&rng) % r.n];

			CHECK(vrs_fib_delete(t, e.addr, e.plen, &o1) == 0 &&
			      o1 == e.res, "delete");
			ref_delete(&r, e.addr, e.plen, NULL);
			if (r.n % 701 == 0)
				check_equal(t, &r, &ta, &rng, 50);
		}
		/*
		 * Back to a new table's size; with gp ops the reuse lists
		 * stay (see test_many_small()): a few KiB at most.
		 */
		CHECK(vrs_fib_count(t) == 0 &&
		      (g_gp ? vrs_fib_bytes(t) <= empty + EMPTY_SLACK :
		       vrs_fib_bytes(t) == empty),
		      "not empty after delete-all: %zu", vrs_fib_bytes(t));
		vrs_fib_destroy(t, NULL, NULL);
		CHECK(ta.live_allocs == 0, "leak");
		ref_free(&r);
	}
	for (i = 0; i <= (int)bits; i++)
		CHECK(lens[i], "length %d never generated", i);
	tap_result(!fails, "IPv%d random tables vs reference (%d x %d "
		   "prefixes, all lengths, delete-everything)", family,
		   rounds, size);
}

static void test_walk(int family)
{
	unsigned int bits = family == 4 ? 32 : 128, plen;
	struct collect c = { .bits = bits };
	uint64_t rng = 99 + family;
	struct ref_fib r;
	struct talloc ta;
	struct vrs_fib *t;
	uint8_t a[16];
	size_t i, j;
	int k;

	fails = 0;
	talloc_init(&ta);
	ref_init(&r, bits);
	t = new_fib(family, &ta);
	for (k = 0; k < 3000; k++) {
		rand_prefix(&rng, &r, a, &plen);
		if (!ref_insert(&r, a, plen, res_of(k), 0, NULL))
			vrs_fib_insert(t, a, plen, res_of(k), 0, NULL);
	}
	ref_sort(&r);
	/* resume strictly after every entry and after random cursors */
	for (k = 0; k < 400; k++) {
		struct ref_ent cur;

		if (k & 1) {
			cur = r.e[rng_next(&rng) % r.n];
		} else {
			memset(&cur, 0, sizeof(cur));
			rand_prefix(&rng, &r, cur.addr, &cur.plen);
			ref_mask(cur.addr, cur.plen, bits);
		}
		c.n = 0;
		c.limit = 5;
		vrs_fib_walk_from(t, cur.addr, cur.plen, collect_cb, &c);
		for (j = 0; j < r.n; j++)
			if (ref_cmp(r.e[j].addr, r.e[j].plen, cur.addr,
				    cur.plen, bits) > 0)
				break;
		for (i = 0; i < c.n; i++, j++)
			CHECK(j < r.n && c.e[i].plen == r.e[j].plen &&
			      !memcmp(c.e[i].addr, r.e[j].addr, bits / 8),
			      "resume after %s/%u: got %s/%u",
			      fmt_addr(cur.addr, bits), cur.plen,
			      fmt_addr(c.e[i].addr, bits), c.e[i].plen);
		CHECK(c.n == 5 || j == r.n, "short walk");
	}
	/* a chunked dump while the table changes sees every stable entry */
	c.n = 0;
	c.limit = 0;
	{
		struct collect part = { .bits = bits, .limit = 7 };
		uint8_t cur[16];
		unsigned int cl = 0;
		int first = 1;

		for (;;) {
			part.n = 0;
			vrs_fib_walk_from(t, first ? NULL : cur, cl, collect_cb,
					  &part);
			first = 0;
			if (!part.n)
				break;
			for (i = 0; i < part.n; i++)
				collect_cb(part.e[i].addr, part.e[i].plen,
					   part.e[i].res, &c);
			memcpy(cur, part.e[part.n - 1].addr, 16);
			cl = part.e[part.n - 1].plen;
			/* churn: add and remove a prefix behind the cursor */
			vrs_fib_insert(t, cur, cl + (cl < bits), res_of(9999),
				       0, NULL);
			vrs_fib_delete(t, cur, cl + (cl < bits), NULL);
		}
		free(part.e);
	}
	for (i = 1; i < c.n; i++)
		CHECK(ref_cmp(c.e[i - 1].addr, c.e[i - 1].plen, c.e[i].addr,
			      c.e[i].plen, bits) < 0, "order");
	free(c.e);
	vrs_fib_destroy(t, NULL, NULL);
	ref_free(&r);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "IPv%d ordered walk resumes after any cursor",
		   family);
}

/* Every operation under failing allocations leaves the table intact. */
static void test_enomem(int family)
{
	unsigned int bits = family == 4 ? 32 : 128, plen;
	uint64_t rng = 7 + family;
	int k, nfail = 0, e1, e2;
	long f0;
	struct ref_fib r;
	struct talloc ta;
	struct vrs_fib *t;
	uint8_t a[16];
	u32 o1, o2;

	fails = 0;
	talloc_init(&ta);
	ref_init(&r, bits);
	t = new_fib(family, &ta);
	/*
	 * 6000 ops grow the table to ~2000 prefixes; then it is shrunk to
	 * ~200 and churned there, where compactions come often.
	 */
	for (k = 0; k < 12000 && !fails; k++) {
		int del = r.n && (k < 6000 ? rng_next(&rng) % 3 == 0 :
				  r.n > 200 ? rng_next(&rng) % 8 != 0 :
				  rng_next(&rng) % 2 == 0);

		if (del) {
			struct ref_ent *e = &r.e[rng_next(&rng) % r.n];

			memcpy(a, e->addr, 16);
			plen = e->plen;
		} else {
			rand_prefix(&rng, &r, a, &plen);
		}
		ta.fail_after = rng_next(&rng) % 4;
		f0 = ta.nfailed;
		if (del)
			e1 = vrs_fib_delete(t, a, plen, &o1);
		else
			e1 = vrs_fib_insert(t, a, plen, res_of(k), 0, &o1);
		ta.fail_after = -1;
		if (e1 == -ENOMEM) {
			CHECK(ta.nfailed > f0, "op %d: -ENOMEM, no failure", k);
			if (++nfail % 5 == 0)
				check_equal(t, &r, &ta, &rng, 20);
			continue;
		}
		if (del)
			e2 = ref_delete(&r, a, plen, &o2);
		else
			e2 = ref_insert(&r, a, plen, res_of(k), 0, &o2);
		CHECK(e1 == e2 && o1 == o2, "op %d: %d vs %d", k, e1, e2);
		/* a failed compaction is no error: done without it */
		if (ta.nfailed > f0 && (ta.nfailed - nfail) % 20 == 0)
			check_equal(t, &r, &ta, &rng, 20);
	}
	check_equal(t, &r, &ta, &rng, 1000);
	vrs_fib_destroy(t, NULL, NULL);
	ref_free(&r);
	CHECK(ta.live_allocs == 0, "leak");
	/* failures of optional compactions do not count (no -ENOMEM) */
	CHECK(nfail > 100, "only %d injected failures (-ENOMEM), %ld in all",
	      nfail, ta.nfailed);
	tap_result(!fails, "IPv%d allocation failure leaves table unchanged "
		   "(%ld failures, %d -ENOMEM)", family, ta.nfailed, nfail);
}

/*
 * Allocation failure at every point of a sequence of inserts, replaces
 * and deletes that grows the block from empty several times, churns it
 * (compactions) and shrinks it back.  Each operation k is run on the
 * table as the sequence without failures leaves it (rebuilt by replaying
 * ops 0..k-1 after every attempt that hit an injected failure) with its
 * first, second, ... allocation failing (fail_after: that one and every
 * later one; fail_once: only that one), until it gets through without
 * one.  An attempt that fails must return -ENOMEM and leave the content
 * as it was (walk, exact matches, lookups as the reference) and no
 * allocation behind (the block may have grown: see fib_update.c); one
 * that gets by (a compaction is optional) must have done the operation.
 */
struct nth_op {
	uint8_t a[16];
	unsigned int plen;
	u32 res;
	int del, rep;
};

static int nth_do(struct vrs_fib *t, const struct nth_op *op, u32 *old)
{
	if (op->del)
		return vrs_fib_delete(t, op->a, op->plen, old);
	return vrs_fib_insert(t, op->a, op->plen, op->res,
			      op->rep ? VRS_FIB_REPLACE : 0, old);
}

static int nth_ref(struct ref_fib *r, const struct nth_op *op, u32 *old)
{
	if (op->del)
		return ref_delete(r, op->a, op->plen, old);
	return ref_insert(r, op->a, op->plen, op->res, op->rep, old);
}

/* Undo a successful nth_ref() that returned old. */
static void nth_undo(struct ref_fib *r, const struct nth_op *op, u32 old)
{
	if (op->del)
		ref_insert(r, op->a, op->plen, old, 0, NULL);
	else if (old)
		ref_insert(r, op->a, op->plen, old, 1, NULL);
	else
		ref_delete(r, op->a, op->plen, NULL);
}

static struct vrs_fib *nth_replay(struct vrs_fib *t, int family,
				  struct talloc *ta, const struct nth_op *ops,
				  long k)
{
	long i;

	vrs_fib_destroy(t, NULL, NULL);
	ta->gp_now = 0;		/* the same grace periods as the first time */
	ta->gp_calls = 0;
	t = new_fib(family, ta);
	for (i = 0; i < k; i++)
		nth_do(t, &ops[i], NULL);
	return t;
}

static void test_enomem_nth(int family, int once)
{
	unsigned int bits = family == 4 ? 32 : 128;
	uint64_t rng = 0xe0e0 + family + 2 * once;
	long nfail = 0, nalloc_ops = 0, tolerated = 0, nops = 0, maxn = 0;
	long growths = 0, shrinks = 0, swaps = 0, replays = 0, k, n;
	unsigned long saved_direct;
	struct nth_op *ops = NULL;
	size_t cap = 0, empty, peak = 0;
	struct ref_fib r;
	struct talloc ta;
	struct vrs_fib *t;
	int phase;

	fails = 0;
	/*
	 * With dir[], from 800 prefixes on (and off below 400): each
	 * compaction then copies dir[] too (1 MiB for IPv4), which at 64
	 * prefixes, many replays over, would take minutes.
	 */
	saved_direct = g_direct;
	if (g_direct)
		g_direct = 800;
	/* the sequence, made on the reference */
	ref_init(&r, bits);
	/*
	 * phase 0: churn around 150 prefixes (small blocks: they grow and
	 * are compacted often); 1: grow to 1200 prefixes; 2: churn there;
	 * 3: delete all.
	 */
	for (phase = 0; phase < 4; phase++) {
		for (k = 0;; k++) {
			struct nth_op *op;
			unsigned int pdel = phase == 0 ? (r.n < 150 ? 1 : 3) :
					    phase == 1 ? 1 : phase == 2 ? 2 : 5;

			if ((phase == 0 && k >= 1500) ||
			    (phase == 1 && r.n >= 1200) ||
			    (phase == 2 && k >= 1500) || (phase == 3 && !r.n))
				break;
			if (nops == (long)cap) {
				cap = cap ? 2 * cap : 1024;
				ops = realloc(ops, cap * sizeof(*ops));
			}
			op = &ops[nops];
			memset(op, 0, sizeof(*op));
			op->res = res_of(nops++);
			op->del = r.n && rng_next(&rng) % 5 < pdel;
			if (op->del) {
				struct ref_ent *e = &r.e[rng_next(&rng) % r.n];

				memcpy(op->a, e->addr, 16);
				op->plen = e->plen;
			} else {
				rand_prefix(&rng, &r, op->a, &op->plen);
				op->rep = rng_next(&rng) % 4 == 0;
			}
			nth_ref(&r, op, NULL);
		}
	}
	ref_free(&r);

	ref_init(&r, bits);
	talloc_init(&ta);
	t = new_fib(family, &ta);
	empty = vrs_fib_bytes(t);
	for (k = 0; k < nops && !fails; k++) {
		const struct nth_op *op = &ops[k];
		u32 o1, o2;
		int e1, e2;

		for (n = 0; n < 1000 && !fails; n++) {
			size_t bytes0 = vrs_fib_bytes(t);
			long allocs0 = ta.live_allocs, f0 = ta.nfailed;
			long a0 = ta.nallocs;

			if (once)
				ta.fail_once = n;
			else
				ta.fail_after = n;
			e1 = nth_do(t, op, &o1);
			ta.fail_once = -1;
			ta.fail_after = -1;
			if (e1 == -ENOMEM) {
				nfail++;
				CHECK(ta.nfailed > f0, "op %ld: -ENOMEM with no "
				      "failed allocation", k);
				CHECK(ta.live_allocs == allocs0,
				      "op %ld, allocation %ld failed: %ld "
				      "allocations, were %ld", k, n + 1,
				      ta.live_allocs, allocs0);
				check_equal(t, &r, &ta, &rng, 64);
				t = nth_replay(t, family, &ta, ops, k);
				replays++;
				continue;
			}
			e2 = nth_ref(&r, op, &o2);
			CHECK(e1 == e2 && (e1 || o1 == o2),
			      "op %ld: %d vs %d (old %#x vs %#x)", k, e1, e2,
			      o1, o2);
			if (ta.nfailed > f0) {
				/* got by without that allocation */
				tolerated++;
				check_equal(t, &r, &ta, &rng, 64);
				if (!e2)
					nth_undo(&r, op, o2);
				t = nth_replay(t, family, &ta, ops, k);
				replays++;
				continue;
			}
			/* made it with n allocations */
			if (n)
				nalloc_ops++;
			if (n > maxn)
				maxn = n;
			if (ta.nallocs == a0)
				;
			else if (vrs_fib_bytes(t) > bytes0)
				growths++;
			else if (vrs_fib_bytes(t) < bytes0)
				shrinks++;
			else
				swaps++;
			break;
		}
		CHECK(n < 1000, "op %ld keeps failing", k);
		if (vrs_fib_bytes(t) > peak)
			peak = vrs_fib_bytes(t);
		if (k % 500 == 0)
			check_equal(t, &r, &ta, &rng, 200);
	}
	check_equal(t, &r, &ta, &rng, 1000);
	CHECK(!r.n && vrs_fib_count(t) == 0, "not empty");
	CHECK(vrs_fib_bytes(t) <= empty + EMPTY_SLACK,
	      "empty again: %zu bytes, new table %zu", vrs_fib_bytes(t),
	      empty);
	vrs_fib_destroy(t, NULL, NULL);
	ref_free(&r);
	free(ops);
	CHECK(ta.live_allocs == 0, "leak");
	tap_diag("%ld ops, %ld of them allocating (up to %ld allocations); "
		 "%ld attempts failed, %ld got by without the allocation; "
		 "%ld replays; block grew %ld times, shrank %ld, same size %ld; "
		 "peak %zu bytes", nops, nalloc_ops, maxn, nfail, tolerated,
		 replays, growths, shrinks, swaps, peak);
	g_direct = saved_direct;
	CHECK(nfail >= 5 && tolerated >= 20 && growths >= 5 && shrinks >= 5,
	      "too few failures (%ld, %ld), growths (%ld) or shrinks (%ld)",
	      nfail, tolerated, growths, shrinks);
	tap_result(!fails, "IPv%d every allocation of every op fails once "
		   "(%s): -ENOMEM and content unchanged, or done (%ld + %ld "
		   "failures)", family, once ? "only that one" :
		   "and all after it", nfail, tolerated);
}

/* Interleaved inserts, replaces, deletes and lookups. */
static void test_stress(int family, int ops)
{
	unsigned int bits = family == 4 ? 32 : 128, plen;
	uint64_t rng = 4242 + family;
	struct ref_fib r;
	struct talloc ta;
	struct vrs_fib *t;
	int k, e1, e2;
	uint8_t a[16];
	u32 o1, o2;

	fails = 0;
	talloc_init(&ta);
	ref_init(&r, bits);
	t = new_fib(family, &ta);
	for (k = 0; k < ops && !fails; k++) {
		unsigned int op = rng_next(&rng) % 8;

		/* keep the table around a few hundred prefixes */
		if (op < 2 || (op < 4 && r.n < 300)) {
			int rep = op == 1;

			rand_prefix(&rng, &r, a, &plen);
			e1 = vrs_fib_insert(t, a, plen, res_of(k),
					    rep ? VRS_FIB_REPLACE : 0, &o1);
			e2 = ref_insert(&r, a, plen, res_of(k), rep, &o2);
			CHECK(e1 == e2 && o1 == o2, "insert %d %d", e1, e2);
		} else if (op < 4) {
			struct ref_ent e = r.e[rng_next(&rng) % r.n];

			e1 = vrs_fib_delete(t, e.addr, e.plen, &o1);
			e2 = ref_delete(&r, e.addr, e.plen, &o2);
			CHECK(e1 == e2 && o1 == o2, "delete %d %d", e1, e2);
		} else {
			uint64_t x = rng_next(&rng), y = rng_next(&rng);

			memcpy(a, &x, 8);
			memcpy(a + 8, &y, 8);
			if (r.n && (x & 1))
				memcpy(a, r.e[y % r.n].addr, 16);
			check_lookup(t, &r, a);
		}
		if (k % 5000 == 0)
			check_equal(t, &r, &ta, &rng, 100);
	}
	check_equal(t, &r, &ta, &rng, 1000);
	vrs_fib_destroy(t, NULL, NULL);
	ref_free(&r);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "IPv%d randomized stress, %d interleaved ops",
		   family, ops);
}

static void count_cb(const u8 *addr, unsigned int plen, u32 res,
		     void *arg)
{
	(void)addr;
	(void)plen;
	(void)res;
	(*(int *)arg)++;
}

/* Thousands of VRs with a handful of routes each stay small. */
static void test_many_small(int gp)
{
	enum { NT = 4000, NR = 5 };
	static struct vrs_fib *t[NT];
	struct talloc ta;
	uint64_t rng = 5;
	int i, j, n = 0;

	fails = 0;
	talloc_init(&ta);
	ta.gp_period = 1;
	for (i = 0; i < NT; i++) {
		t[i] = vrs_fib_create(i & 1 ? 6 : 4,
				      gp ? &talloc_gp_ops : &talloc_ops, &ta);
		CHECK(t[i], "create");
		for (j = 0; j < NR; j++) {
			uint64_t x = rng_next(&rng), y = rng_next(&rng);
			uint8_t a[16];

			memcpy(a, &x, 8);
			memcpy(a + 8, &y, 8);
			vrs_fib_insert(t[i], a, j ? 16 + 2 * j : 0,
				       res_of(j), 0, NULL);
		}
	}
	tap_diag("%d tables x %d routes: %zu bytes (%zu per table)", NT, NR,
		 ta.live_bytes, ta.live_bytes / NT);
	CHECK(ta.live_bytes / NT < 1024, "per-table %zu", ta.live_bytes / NT);
	for (i = 0; i < NT; i++)
		vrs_fib_destroy(t[i], count_cb, &n);
	CHECK(n == NT * NR, "destroy callbacks %d", n);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "%d small tables coexist (%s)", NT,
		   gp ? "with gp ops" : "no gp ops");
}

static void run_pass(unsigned int i)
{
	test_random(4, 6, 2500);
	test_random(6, 4, 2500);
	test_walk(4);
	test_walk(6);
	test_enomem(4);
	test_enomem(6);
	test_enomem_nth(4, i & 1);
	test_enomem_nth(6, !(i & 1));
	test_stress(4, 60000);
	test_stress(6, 60000);
	{
		/* exhaustive: every /0../8 prefix over one octet space */
		unsigned int plen, v;
		struct talloc ta;
		struct ref_fib r;
		struct vrs_fib *t;
		uint64_t rng = 1;
		uint8_t a[16] = { 0 };

		fails = 0;
		talloc_init(&ta);
		ref_init(&r, 32);
		t = new_fib(4, &ta);
		for (plen = 0; plen <= 10; plen++)
			for (v = 0; v < (1U << plen); v += 1 + plen % 3) {
				a[0] = (v << (16 - plen)) >> 8;
				a[1] = (v << (16 - plen)) & 0xff;
				vrs_fib_insert(t, a, plen, res_of(v * 13 + plen),
					       0, NULL);
				ref_insert(&r, a, plen, res_of(v * 13 + plen), 0,
					   NULL);
			}
		check_equal(t, &r, &ta, &rng, 3000);
		vrs_fib_destroy(t, NULL, NULL);
		ref_free(&r);
		tap_result(!fails, "IPv4 dense nested prefixes /0../10");
	}
	{
		/* deep IPv6 chains: /0 .. /128 along one address */
		struct talloc ta;
		struct ref_fib r;
		struct vrs_fib *t;
		uint64_t rng = 3;
		uint8_t a[16];
		unsigned int plen;

		fails = 0;
		memset(a, 0xa7, sizeof(a));
		talloc_init(&ta);
		ref_init(&r, 128);
		t = new_fib(6, &ta);
		for (plen = 0; plen <= 128; plen++) {
			vrs_fib_insert(t, a, plen, res_of(plen), 0, NULL);
			ref_insert(&r, a, plen, res_of(plen), 0, NULL);
		}
		check_equal(t, &r, &ta, &rng, 100);
		for (plen = 0; plen <= 128; plen += 2) {
			vrs_fib_delete(t, a, plen, NULL);
			ref_delete(&r, a, plen, NULL);
		}
		check_equal(t, &r, &ta, &rng, 100);
		vrs_fib_destroy(t, NULL, NULL);
		ref_free(&r);
		CHECK(ta.live_allocs == 0, "leak");
		tap_result(!fails, "IPv6 chain of all lengths /0../128");
	}
}

int main(void)
{
	/*
	 * Passes: default dir[] threshold, no gp ops (freed nodes only
	 * reclaimed by compaction); dir[] from 64 prefixes on, grace periods
	 * over at once (freed nodes reused by the next change); default
	 * dir[], grace periods over every 7th change (limbo fills up).
	 */
	static const struct {
		unsigned long direct;
		unsigned int gp;
	} pass[] = { { 0, 0 }, { 64, 1 }, { 0, 7 } };
	unsigned int i;

	tap_plan(6 + 12 * 3);
	test_empty(4);
	test_empty(6);
	test_basic(4);
	test_basic(6);
	test_many_small(0);
	test_many_small(1);
	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		g_direct = pass[i].direct;
		g_gp = pass[i].gp;
		tap_diag("pass %u: dir[] from %lu prefixes (0: default), gp "
			 "period %u (0: no gp ops)", i + 1, g_direct, g_gp);
		run_pass(i);
	}
	return tap_finish();
}
