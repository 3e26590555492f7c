// SPDX-License-Identifier: GPL-2.0
/*
 * FIB tests on the real BGP table (../shared/data relative to the repo):
 * every prefix looks itself up, random addresses agree with two
 * independent references, ordered walk, delete-everything.  Skips (TAP
 * SKIP) if the data file is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ref.h"

#define NTESTS_PER_FAMILY 5

static unsigned int g_bits;


struct ent {
	uint8_t addr[16];
	unsigned int plen;
	u32 res;
};

static int ent_cmp(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;

	return ref_cmp(a->addr, a->plen, b->addr, b->plen, g_bits);
}

/* Independent exact-match oracle: binary search in the sorted list. */
static const struct ent *sorted_find(const struct ent *s, size_t n,
				     const uint8_t *a, unsigned int plen)
{
	struct ent key;

	memset(&key, 0, sizeof(key));
	memcpy(key.addr, a, 16);
	ref_mask(key.addr, plen, g_bits);
	key.plen = plen;
	return bsearch(&key, s, n, sizeof(*s), ent_cmp);
}

/* LPM by definition: try every length from longest to shortest. */
static const struct ent *sorted_lpm(const struct ent *s, size_t n,
				    const uint8_t *a)
{
	int l;

	for (l = g_bits; l >= 0; l--) {
		const struct ent *e = sorted_find(s, n, a, l);

		if (e)
			return e;
	}
	return NULL;
}

struct walk_state {
	const struct ent *s;
	size_t n, i;
	int bad;
};

static int walk_cb(const u8 *addr, unsigned int plen, u32 res, void *arg)
{
	struct walk_state *w = arg;

	if (w->i >= w->n || w->s[w->i].plen != plen ||
	    w->s[w->i].res != res || memcmp(w->s[w->i].addr, addr, g_bits / 8))
		w->bad++;
	w->i++;
	return 0;
}

static void rand_addr(uint64_t *rng, uint8_t *a, const struct ent *s,
		      size_t n, int inside)
{
	uint64_t x = rng_next(rng), y = rng_next(rng);
	unsigned int b;

	memcpy(a, &x, 8);
	memcpy(a + 8, &y, 8);
	if (!inside)
		return;
	s += rng_next(rng) % n;
	for (b = 0; b < s->plen; b++) {
		a[b / 8] &= ~(0x80 >> (b % 8));
		a[b / 8] |= s->addr[b / 8] & (0x80 >> (b % 8));
	}
}

static void run_family(int family, const struct pfx *p, size_t np)
{
	unsigned int bits = family == 4 ? 32 : 128;
	struct walk_state ws = { 0 };
	uint64_t rng = 2026 + family;
	struct ent *s = calloc(np, sizeof(*s));
	struct ref_fib r;
	struct talloc ta;
	struct vrs_fib *t;
	size_t i, n = 0;
	size_t empty;
	int dup = 0;

	g_bits = bits;
	talloc_init(&ta);
	t = vrs_fib_create(family, &talloc_ops, &ta);
	empty = vrs_fib_bytes(t);
	fails = 0;
	for (i = 0; i < np; i++) {
		int e = vrs_fib_insert(t, p[i].addr, p[i].plen, res_of(i), 0,
				       NULL);

		if (e == -EEXIST) {
			dup++;
			continue;
		}
		CHECK(!e, "insert %d", e);
		memcpy(s[n].addr, p[i].addr, 16);
		ref_mask(s[n].addr, p[i].plen, bits);
		s[n].plen = p[i].plen;
		s[n].res = res_of(i);
		n++;
	}
	qsort(s, n, sizeof(*s), ent_cmp);
	CHECK(vrs_fib_count(t) == n, "count");
	CHECK(vrs_fib_bytes(t) == ta.live_bytes, "bytes");
	tap_diag("IPv%d: %zu prefixes (%d duplicates), %zu bytes, "
		 "%.2f bytes/prefix", family, n, dup, vrs_fib_bytes(t),
		 (double)vrs_fib_bytes(t) / n);
	tap_result(!fails, "IPv%d real table: %zu prefixes inserted", family,
		   n);

	/*
	 * Every prefix looks itself up.  In walk order, all prefixes that
	 * cover a network address and are longer than the prefix share its
	 * address, so the expected match is the last one of the run.
	 */
	fails = 0;
	for (i = 0; i < n; i++) {
		size_t j = i;
		u8 pl = 0;
		u32 v;

		while (j + 1 < n && !memcmp(s[j + 1].addr, s[i].addr, 16))
			j++;
		v = vrs_fib_lookup(t, s[i].addr, &pl);
		CHECK(v == s[j].res && pl == s[j].plen, "self lookup %zu", i);
		CHECK(vrs_fib_get_exact(t, s[i].addr, s[i].plen) == s[i].res,
		      "get_exact %zu", i);
	}
	tap_result(!fails, "IPv%d real table: every prefix looks itself up",
		   family);

	/* Random addresses: naive linear reference and by-length oracle. */
	fails = 0;
	/* s has no duplicates: fill the reference directly (no O(n^2)) */
	ref_init(&r, bits);
	r.e = calloc(n, sizeof(*r.e));
	for (i = 0; i < n; i++) {
		memcpy(r.e[i].addr, s[i].addr, 16);
		r.e[i].plen = s[i].plen;
		r.e[i].res = s[i].res;
	}
	r.n = r.cap = n;
	for (i = 0; i < 100; i++) {
		uint8_t a[16];
		unsigned int rl;
		u32 rv;
		u8 pl = 0;

		rand_addr(&rng, a, s, n, i & 1);
		rv = ref_lookup(&r, a, &rl);
		CHECK(vrs_fib_lookup(t, a, &pl) == rv && (!rv || pl == rl),
		      "random lookup (linear ref)");
	}
	ref_free(&r);
	for (i = 0; i < (family == 4 ? 100000 : 30000); i++) {
		const struct ent *e;
		uint8_t a[16];
		u8 pl = 0;

		rand_addr(&rng, a, s, n, i & 1);
		e = sorted_lpm(s, n, a);
		CHECK(vrs_fib_lookup(t, a, &pl) == (e ? e->res : 0) &&
		      (!e || pl == e->plen), "random lookup (by length)");
	}
	tap_result(!fails, "IPv%d real table: random addresses agree with "
		   "references", family);

	fails = 0;
	ws.s = s;
	ws.n = n;
	vrs_fib_walk_from(t, NULL, 0, walk_cb, &ws);
	CHECK(!ws.bad && ws.i == n, "walk: %d bad, %zu of %zu", ws.bad, ws.i,
	      n);
	tap_result(!fails, "IPv%d real table: ordered walk", family);

	/* delete everything, shuffled */
	fails = 0;
	for (i = n; i > 1; i--) {
		size_t j = rng_next(&rng) % i;
		struct ent tmp = s[i - 1];

		s[i - 1] = s[j];
		s[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		u32 old = 0;

		CHECK(!vrs_fib_delete(t, s[i].addr, s[i].plen, &old) &&
		      old == s[i].res, "delete %zu", i);
		if (i == n / 2)
			CHECK(vrs_fib_bytes(t) == ta.live_bytes, "bytes");
	}
	CHECK(vrs_fib_count(t) == 0 && vrs_fib_bytes(t) == empty,
	      "left %lu prefixes %zu bytes", vrs_fib_count(t),
	      vrs_fib_bytes(t));
	vrs_fib_destroy(t, NULL, NULL);
	CHECK(ta.live_allocs == 0, "leak");
	tap_result(!fails, "IPv%d real table: delete everything", family);
	free(s);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : pfx_default_path();
	struct pfx_list l;
	int i;

	tap_plan(2 * NTESTS_PER_FAMILY);
	if (pfx_load(path, &l)) {
		for (i = 0; i < 2 * NTESTS_PER_FAMILY; i++)
			tap_skip("real table %s not found", path);
		return tap_finish();
	}
	tap_diag("%s: %zu IPv4, %zu IPv6 prefixes", path, l.n4, l.n6);
	run_family(4, l.v4, l.n4);
	run_family(6, l.v6, l.n6);
	pfx_free(&l);
	return tap_finish();
}
