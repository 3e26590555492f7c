// SPDX-License-Identifier: GPL-2.0
/*
 * FIB unit tests against the naive reference (ref.c): semantics, random
 * tables of every prefix length, walk/cursor, a randomized interleaved
 * stress and many small tables (allocation failure: test_fib_enomem.c;
 * churn of large tables: test_fib_churn.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"
#include "fibcheck.h"

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

/*
 * vrs_fib_round_pages() with the kernel's 4 KiB and 2 MiB pages: at least
 * size, a whole number of pages, monotonic and idempotent (alloc_size's
 * contract), over a sweep to 64 MiB and byte by byte around 8/9 of every
 * 2 MiB multiple, where the choice between the two roundings flips.
 */
static void test_round_pages(void)
{
	const size_t page = 4096, huge = 2 << 20;
	size_t x, r, prev = 0, k, huge_ones = 0;

	fails = 0;
	for (x = 1; x < 64 << 20 && fails < 5; x += 509) {
		r = vrs_fib_round_pages(x, page, huge);
		CHECK(r >= x && !(r % page) && r >= prev &&
		      vrs_fib_round_pages(r, page, huge) == r,
		      "size %zu -> %zu (previous %zu) -> %zu", x, r, prev,
		      vrs_fib_round_pages(r, page, huge));
		huge_ones += !(r % huge);
		prev = r;
	}
	for (k = 1; k <= 32 && fails < 5; k++) {
		prev = 0;
		for (x = k * huge * 8 / 9 - 3 * page;
		     x < k * huge * 8 / 9 + 3 * page && fails < 5; x++) {
			r = vrs_fib_round_pages(x, page, huge);
			CHECK(r >= x && !(r % page) && r >= prev &&
			      vrs_fib_round_pages(r, page, huge) == r,
			      "size %zu -> %zu (previous %zu) -> %zu", x, r,
			      prev, vrs_fib_round_pages(r, page, huge));
			prev = r;
		}
	}
	CHECK(vrs_fib_round_pages(1, page, huge) == page &&
	      vrs_fib_round_pages(6500 << 10, page, huge) == 6500 << 10 &&
	      vrs_fib_round_pages(15 << 20, page, huge) == 16 << 20,
	      "1 B, 6,500 KiB, 15 MiB");
	CHECK(huge_ones, "no size rounded to huge pages");
	tap_result(!fails, "page rounding for alloc_size is monotonic and idempotent");
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

/*
 * One prefix added and removed again and again: an empty table must not
 * get a new block at every change (its block is a new table's size).
 */
static void test_flap(int family)
{
	uint8_t a[16] = { 10, 1, 2, 0 };
	struct talloc ta;
	struct vrs_fib *t;
	long before;
	int i, err = 0;

	fails = 0;
	talloc_init(&ta);
	t = new_fib(family, &ta);
	before = ta.nallocs;
	for (i = 0; i < 1000; i++) {
		err |= vrs_fib_insert(t, a, 24, res_of(i), 0, NULL);
		err |= vrs_fib_delete(t, a, 24, NULL);
	}
	CHECK(!err, "insert/delete failed");
	CHECK(vrs_fib_bytes(t) == ta.live_bytes, "bytes %zu live %zu",
	      vrs_fib_bytes(t), ta.live_bytes);
	tap_diag("IPv%d flap: %ld allocations in 1000 add/delete cycles",
		 family, ta.nallocs - before);
	CHECK(ta.nallocs - before <= 2000, "%ld allocations",
	      ta.nallocs - before);
	vrs_fib_destroy(t, NULL, NULL);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "IPv%d: one prefix added and deleted 1000 times",
		   family);
}

static void run_pass(void)
{
	test_flap(4);
	test_flap(6);
	test_random(4, 6, 2500);
	test_random(6, 4, 2500);
	test_walk(4);
	test_walk(6);
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
	 * dir[], grace periods over every 7th change (limbo fills up); the
	 * last two again with an allocator that rounds sizes up (to pages,
	 * and to an odd 1000 bytes) and says so through alloc_size.
	 */
	static const struct {
		unsigned long direct;
		unsigned int gp;
		size_t round;
	} pass[] = { { 0, 0, 0 }, { 64, 1, 0 }, { 0, 7, 0 }, { 0, 7, 4096 },
		     { 64, 1, 1000 } };
	unsigned int i;

	tap_plan(7 + 10 * 5);
	test_round_pages();
	test_empty(4);
	test_empty(6);
	test_basic(4);
	test_basic(6);
	test_many_small(0);
	test_many_small(1);
	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		g_direct = pass[i].direct;
		g_gp = pass[i].gp;
		g_round = pass[i].round;
		tap_diag("pass %u: dir[] from %lu prefixes (0: default), gp "
			 "period %u (0: no gp ops), blocks rounded to %zu "
			 "bytes (0: not)", i + 1, g_direct, g_gp, g_round);
		run_pass();
	}
	return tap_finish();
}
