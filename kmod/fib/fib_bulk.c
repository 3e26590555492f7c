// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB batched lookups.
 *
 * A single trie lookup is a chain of dependent loads; when the table does
 * not fit in cache the CPU cannot overlap the misses of consecutive
 * lookups because the data-dependent loop exit mispredicts.  Here up to
 * VRS_FIB_BULK lookups advance one level per round and the next node of
 * each is prefetched, so their misses are in flight together.
 */
#include "fib_int.h"

struct fib_lanes {
	const struct fib_node *n[VRS_FIB_BULK];
	const struct fib_node *best[VRS_FIB_BULK];
	u64 hi[VRS_FIB_BULK];
	u64 lo[VRS_FIB_BULK];
	u64 bm[VRS_FIB_BULK];
};

static void *fib_lane_best(const struct fib_node *best, u64 bm)
{
	unsigned int idx;

	if (!bm)
		return NULL;
	idx = fib_fls64(bm) - 1;
	return (void *)fib_deref(&best->slot[fib_popcount64(best->cbm) +
					     fib_rank(best->pbm, idx)]);
}

/*
 * Advance lane i by one level.  Returns false when the lane is finished
 * (its result is stored in *res).
 */
static __always_inline bool fib_lane_step(struct fib_lanes *l,
					  unsigned int i, void **res)
{
	const struct fib_node *n = l->n[i];
	unsigned int v = l->hi[i] >> (64 - FIB_STRIDE);
	u64 m = n->pbm & fib_anc[v];
	unsigned long s;

	l->best[i] = m ? n : l->best[i];
	l->bm[i] = m ? m : l->bm[i];
	if (!(n->cbm & (1ULL << v))) {
		*res = fib_lane_best(l->best[i], l->bm[i]);
		return false;
	}
	s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
	if (!fib_is_node(s)) {
		*res = (void *)s;
		return false;
	}
	n = fib_to_node(s);
	fib_prefetch(n);
	l->n[i] = n;
	l->hi[i] = (l->hi[i] << FIB_STRIDE) | (l->lo[i] >> (64 - FIB_STRIDE));
	l->lo[i] <<= FIB_STRIDE;
	return true;
}

static void fib_bulk_group(const struct vrs_fib *t,
			   const struct fib_node *root,
			   const u8 *const *addrs, unsigned int n, void **res)
{
	struct fib_lanes l;
	struct fib_key k;
	unsigned int i, active = (1U << n) - 1, next;

	for (i = 0; i < n; i++) {
		fib_key_load(&k, addrs[i], t->bits);
		l.n[i] = root;
		l.best[i] = root;
		l.hi[i] = k.hi;
		l.lo[i] = k.lo;
		l.bm[i] = 0;
	}
	while (active) {
		next = 0;
		for (i = 0; i < n; i++)
			if (((active >> i) & 1) && fib_lane_step(&l, i, &res[i]))
				next |= 1U << i;
		active = next;
	}
}

void vrs_fib_lookup_bulk(const struct vrs_fib *t, const u8 *const *addrs,
			 unsigned int n, void **res)
{
	const struct fib_node *root = fib_load_acquire(&t->root);
	unsigned int i, c;

	for (i = 0; i < n; i += c) {
		c = n - i < VRS_FIB_BULK ? n - i : VRS_FIB_BULK;
		fib_bulk_group(t, root, addrs + i, c, res + i);
	}
}
