// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB ordered walk with a resumable cursor.
 *
 * Order is (address, prefix length) ascending, which is a pre-order walk
 * of the binary trie: a prefix comes before everything it covers.  Inside
 * a node that means: for each chunk value v ascending, first the in-node
 * prefixes whose zero-padded bits equal v (shorter first), then child v.
 *
 * The cursor is compared by value, not by position in the structure, so
 * it works after arbitrary changes to the table.  Only the subtree along
 * the cursor's path is walked "bounded"; everything left of it is skipped
 * and everything right of it is emitted without comparisons.
 */
#include "fib_int.h"

struct fib_walk {
	const struct fib_mem *mem;
	vrs_fib_walk_cb cb;
	void *arg;
	unsigned int bits;
	unsigned int cplen;
	struct fib_key ck;
	u8 buf[16];
};

static int fib_key_cmp(const struct fib_key *a, unsigned int al,
		       const struct fib_key *b, unsigned int bl)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (al != bl)
		return al < bl ? -1 : 1;
	return 0;
}

/* OR chunk v into depth d of k (bits past the key are dropped). */
static void fib_key_set_chunk(struct fib_key *k, unsigned int d,
			      unsigned int v)
{
	unsigned int p = d * FIB_STRIDE;

	if (p <= 58) {
		k->hi |= (u64)v << (58 - p);
	} else if (p < 64) {
		k->hi |= (u64)v >> (p - 58);
		k->lo |= (u64)v << (122 - p);
	} else if (p <= 122) {
		k->lo |= (u64)v << (122 - p);
	} else {
		k->lo |= (u64)v >> (p - 122);
	}
}

static int fib_emit(struct fib_walk *w, const struct fib_key *k,
		    unsigned int plen, u32 res, bool bounded)
{
	if (bounded && fib_key_cmp(k, plen, &w->ck, w->cplen) <= 0)
		return 0;
	fib_key_store(k, w->buf, w->bits);
	return w->cb(w->buf, plen, fib_slot_res(res), w->arg);
}

/* Chunk positions (zero-padded values) of the prefixes in pbm. */
static u64 fib_pfx_positions(u64 pbm)
{
	unsigned int idx, l;
	u64 pm = 0;

	for (pbm &= ~FIB_PBM_DEF; pbm; pbm &= pbm - 1) {
		idx = fib_ffs64(pbm);
		l = fib_fls64(idx) - 1;
		pm |= 1ULL << ((idx - (1U << l)) << (FIB_STRIDE - l));
	}
	return pm;
}

static int fib_walk_pfx(struct fib_walk *w, const struct fib_node *n,
			unsigned int d, const struct fib_key *k,
			unsigned int v, bool bounded)
{
	unsigned int l, idx;
	int ret;

	for (l = 0; l < FIB_STRIDE; l++) {
		if (v & ((1U << (FIB_STRIDE - l)) - 1))
			continue;
		idx = fib_pidx(v, l);
		if (!((n->pbm >> idx) & 1))
			continue;
		ret = fib_emit(w, k, d * FIB_STRIDE + l,
			       fib_deref(&n->slot[fib_pslot(n, idx)]),
			       bounded);
		if (ret)
			return ret;
	}
	return 0;
}

/* Recursion depth is bounded by FIB_MAXDEPTH. */
static int fib_walk_node(struct fib_walk *w, const struct fib_node *n,
			 unsigned int d, const struct fib_key *pk,
			 bool bounded)
{
	unsigned int v, cv = 0, clen = (d + 1) * FIB_STRIDE;
	u64 all = n->cbm | fib_pfx_positions(n->pbm);
	struct fib_key k;
	int ret;
	u32 s;

	if (bounded) {
		/* Everything left of the cursor's chunk sorts before it. */
		cv = fib_chunk(&w->ck, d);
		all &= ~0ULL << cv;
	}
	for (; all; all &= all - 1) {
		v = fib_ffs64(all);
		bounded = bounded && v == cv;
		k = *pk;
		fib_key_set_chunk(&k, d, v);
		ret = fib_walk_pfx(w, n, d, &k, v, bounded);
		if (ret)
			return ret;
		if (!((n->cbm >> v) & 1))
			continue;
		s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
		if (fib_is_node(s))
			ret = fib_walk_node(w, fib_node_at(w->mem, s), d + 1, &k,
					    bounded && w->cplen >= clen);
		else
			ret = fib_emit(w, &k, clen, s, bounded);
		if (ret)
			return ret;
	}
	return 0;
}

int vrs_fib_walk_from(const struct vrs_fib *t, const u8 *cursor,
		      unsigned int cursor_plen, vrs_fib_walk_cb cb, void *arg)
{
	const struct fib_mem *mem = fib_load_acquire(&t->mem);
	struct fib_key zero = { 0, 0 };
	struct fib_walk w = {
		.mem = mem,
		.cb = cb,
		.arg = arg,
		.bits = t->bits,
		.cplen = cursor_plen,
	};

	if (cursor) {
		if (cursor_plen > t->bits)
			return -EINVAL;
		fib_key_load(&w.ck, cursor, t->bits);
		fib_key_mask(&w.ck, cursor_plen);
	}
	return fib_walk_node(&w, fib_node_at(mem, fib_load_acquire(&mem->root)),
			     0, &zero, !!cursor);
}
