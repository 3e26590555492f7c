// SPDX-License-Identifier: GPL-2.0
/*
 * FIB allocation failure: random failures under random operations, and a
 * failure at every allocation of a sequence that grows, compacts and
 * shrinks the block.  A failed operation returns -ENOMEM and leaves the
 * table as it was.  Three passes like test_fib.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"
#include "fibcheck.h"

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
int main(void)
{
	static const struct {
		unsigned long direct;
		unsigned int gp;
	} pass[] = { { 0, 0 }, { 64, 1 }, { 0, 7 } };
	unsigned int i;

	tap_plan(4 * 3);
	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		g_direct = pass[i].direct;
		g_gp = pass[i].gp;
		tap_diag("pass %u: dir[] from %lu prefixes (0: default), gp "
			 "period %u (0: no gp ops)", i + 1, g_direct, g_gp);
		test_enomem(4);
		test_enomem(6);
		test_enomem_nth(4, i & 1);
		test_enomem_nth(6, !(i & 1));
	}
	return tap_finish();
}
