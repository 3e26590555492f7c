// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB batched lookups.
 *
 * A single trie lookup is a chain of dependent loads; when the table does
 * not fit in cache the CPU cannot overlap the misses of consecutive
 * lookups because the data-dependent loop exit mispredicts.  Here up to
 * VRS_FIB_BULK lookups advance one level per round (IPv4 with dir[]: a
 * group of FIB_GROUP one load per pass) and what each reads next is
 * prefetched, so their misses are in flight together.
 */
#include "fib_int.h"

struct fib_lanes {
	const struct fib_mem *mem;
	const struct fib_node *n[VRS_FIB_BULK];
	const struct fib_node *best[VRS_FIB_BULK];
	u64 hi[VRS_FIB_BULK];
	u64 lo[VRS_FIB_BULK];
	u64 bm[VRS_FIB_BULK];
};

static u32 fib_lane_best(const struct fib_node *best, u64 bm)
{
	unsigned int idx;

	if (!bm)
		return 0;
	idx = fib_fls64(bm) - 1;
	return fib_slot_res(fib_deref(&best->slot[fib_pslot(best, idx)]));
}

/*
 * Advance lane i by one level.  Returns false when the lane is finished
 * (its result is stored in *res).
 */
static __always_inline bool fib_lane_step(struct fib_lanes *l,
					  unsigned int i, u32 *res)
{
	const struct fib_node *n = l->n[i];
	unsigned int v = l->hi[i] >> (64 - FIB_STRIDE);
	u64 m = n->pbm & fib_anc[v];
	u32 s;

	l->best[i] = m ? n : l->best[i];
	l->bm[i] = m ? m : l->bm[i];
	if (!(n->cbm & (1ULL << v))) {
		*res = fib_lane_best(l->best[i], l->bm[i]);
		return false;
	}
	s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
	if (!fib_is_node(s)) {
		*res = fib_slot_res(s);
		return false;
	}
	n = fib_node_at(l->mem, s);
	fib_prefetch(n);
	l->n[i] = n;
	l->hi[i] = (l->hi[i] << FIB_STRIDE) | (l->lo[i] >> (64 - FIB_STRIDE));
	l->lo[i] <<= FIB_STRIDE;
	return true;
}

static void fib_bulk_group(const struct vrs_fib *t, const struct fib_mem *mem,
			   const u8 *const *addrs, unsigned int n, u32 *res)
{
	const struct fib_node *root;
	struct fib_lanes l;
	struct fib_key k;
	unsigned int i, active = (1U << n) - 1, next;

	l.mem = mem;
	root = fib_node_at(mem, fib_load_acquire(&mem->root));
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

/*
 * With dir[] every lookup is the same three dependent loads (block entry,
 * depth-3 node, slot; see vrs_fib_lookup_inline()), so a group of up to
 * FIB_GROUP lookups goes through them one pass per load: each pass
 * prefetches what the next pass reads for every lookup of the group, so
 * a lookup's line has had a whole pass to arrive and the misses of the
 * group overlap as far as the CPU's fill buffers allow.  Measured against
 * a 3-stage pipeline 8 lookups apart (its predecessor) on the BGP table:
 * 1.2x alternating builds, 1.1x between full benchmark runs
 * (bench/fib.md).  res[i] holds lookup i's state between passes (the
 * word of the block its next pass reads); bit i of done says it has its
 * answer, bit i of child that its slot may be a node (prefixes longer
 * than /24): vrs_fib_lookup() answers those, from the table's current
 * block.
 */
#define FIB_GROUP	32
static_assert(FIB_GROUP <= 64, "done and child are 64-bit masks");

static void fib_bulk_dir_group(const struct vrs_fib *t,
			       const struct fib_mem *mem,
			       const u8 *const *addrs, unsigned int n, u32 *res)
{
	const struct fib_node *nd;
	unsigned int i, c;
	u64 done = 0, child = 0, m, b;
	u32 s, a;

	for (i = 0; i < n; i++) {
		res[i] = fib_load_be32(addrs[i]) >> (32 - FIB_DIR_BITS);
		fib_prefetch(&mem->w[res[i]]);
	}
	for (i = 0; i < n; i++) {
		s = fib_deref(&mem->w[res[i]]);
		b = 1ULL << i;
		if (fib_is_node(s)) {
			nd = fib_node_at(mem, s);
			fib_prefetch_node(nd);
			res[i] = s - FIB_TAG_NODE;
		} else {
			done |= b;
			res[i] = fib_slot_res(s);
		}
	}
	for (i = 0; i < n; i++) {
		b = 1ULL << i;
		if (done & b)
			continue;
		nd = (const struct fib_node *)&mem->w[res[i]];
		a = fib_load_be32(addrs[i]) << FIB_DIR_BITS;
		res[i] += FIB_HDR_WORDS +
			  fib_dir_node_slot(nd, a >> (32 - FIB_STRIDE), &m, &c);
		fib_prefetch(&mem->w[res[i]]);
		child |= c ? b : 0;
	}
	for (i = 0; i < n; i++) {
		b = 1ULL << i;
		if (done & b)
			continue;
		s = fib_deref(&mem->w[res[i]]);
		if (unlikely((child & b) && fib_is_node(s)))
			res[i] = vrs_fib_lookup(t, addrs[i], NULL);
		else
			res[i] = fib_slot_res(s);
	}
}

static void fib_bulk_dir(const struct vrs_fib *t, const struct fib_mem *mem,
			 const u8 *const *addrs, unsigned int n, u32 *res)
{
	unsigned int i, c;

	for (i = 0; i < n; i += c) {
		c = n - i < FIB_GROUP ? n - i : FIB_GROUP;
		fib_bulk_dir_group(t, mem, addrs + i, c, res + i);
	}
}

/*
 * IPv6 below dir[] in bulk: the depth-3 node and the levels under it,
 * down to the /48 fringes (depths 3 to 7), are walked a fixed FIB6_STEPS
 * times without data-dependent branches, so the walks of a group can
 * advance in lockstep without mispredicting.  A walk that has its answer
 * (no child, or a fringe in fr) parks on fib_parked, an empty node, for
 * the remaining steps; one still on a real node after them (prefixes
 * longer than /48) goes on with fib6_deep().  The inherited default of
 * the depth-3 node (pbm bit 0, always set) is the answer until a longer
 * prefix matches.
 */
#define FIB6_STEPS	5

struct fib6_walk {
	const struct fib_node *n;	/* next node, or &fib_parked */
	const struct fib_node *best;	/* deepest node with a match */
	u64 bm;				/* its matching pbm bits */
	u64 hi;				/* top 64 address bits */
	u32 fr;				/* fringe slot value, or 0 */
};

static const struct fib_node fib_parked;
static const u32 fib_no_child;

static __always_inline void fib6_start(struct fib6_walk *w,
				       const struct fib_node *n3, u64 hi)
{
	w->n = n3;
	w->best = n3;
	w->bm = FIB_PBM_DEF;
	w->fr = 0;
	w->hi = hi;
}

/* Step k: the node at depth FIB_DIR_DEPTH + k; masks, not branches. */
static __always_inline void fib6_step(const struct fib_mem *mem,
				      struct fib6_walk *w, unsigned int k)
{
	const struct fib_node *n = w->n;
	unsigned int v = (w->hi >> (64 - FIB_DIR_BITS - FIB_STRIDE * (k + 1))) &
			 (BIT(FIB_STRIDE) - 1);
	u64 m = n->pbm & fib_anc[v];
	unsigned long cm, nm, nx;
	u32 s;

	w->best = m ? n : w->best;
	w->bm = m ? m : w->bm;
	/* no child: read fib_no_child (0) instead of a slot */
	cm = 0 - (unsigned long)((n->cbm >> v) & 1);
	s = fib_deref((const u32 *)
		      (((unsigned long)&n->slot[fib_rank(n->cbm, v)] & cm) |
		       ((unsigned long)&fib_no_child & ~cm)));
	nm = 0 - (unsigned long)(s & FIB_TAG_NODE);
	w->fr |= s & ~(u32)nm;
	/* node s's address, computed (not used) when s is no node */
	nx = (unsigned long)mem->w +
	     ((unsigned long)(u32)(s - FIB_TAG_NODE) << 2);
	w->n = (const struct fib_node *)((nx & nm) |
					 ((unsigned long)&fib_parked & ~nm));
}

/* The answer of a parked walk (a slot value). */
static __always_inline u32 fib6_result(const struct fib6_walk *w)
{
	const struct fib_node *b = w->best;
	u32 s;

	s = fib_deref(&b->slot[fib_pslot(b, fib_fls64(w->bm) - 1)]);
	return w->fr ? w->fr : s;
}

/*
 * IPv6 with dir[]: the walks of a group (fib6_step()) advance in lockstep
 * and prefetch their next node, so their misses are in flight together.
 * Addresses outside 2000::/3 are answered from the root, walks that end
 * in dir[] right away.
 */
static void fib_bulk6_group(const struct fib_mem *mem,
			    const u8 *const *addrs, unsigned int n, u32 *res)
{
	const u32 *p[VRS_FIB_BULK];
	struct fib6_walk w[VRS_FIB_BULK];
	unsigned int i, k, live = 0;
	u64 hi;
	u32 x, s;

	for (i = 0; i < n; i++) {
		x = (fib_load_be64(addrs[i]) >> (64 - FIB_DIR_BITS)) -
		    FIB_DIR6_BASE;
		p[i] = NULL;
		if (x < FIB_DIR6_SIZE) {
			p[i] = &mem->w[x];
			fib_prefetch(p[i]);
		}
	}
	for (i = 0; i < n; i++) {
		hi = fib_load_be64(addrs[i]);
		if (!p[i]) {
			s = fib_lookup_slow(mem, hi, fib_load_be64(addrs[i] + 8),
					    NULL);
			res[i] = fib_slot_res(s);
			continue;
		}
		s = fib_deref(p[i]);
		if (!fib_is_node(s)) {
			res[i] = fib_slot_res(s);
			continue;
		}
		fib6_start(&w[i], fib_node_at(mem, s), hi);
		fib_prefetch_node(w[i].n);
		live |= 1U << i;
	}
	for (k = 0; live && k < FIB6_STEPS; k++) {
		for (i = 0; i < n; i++) {
			if (!((live >> i) & 1))
				continue;
			fib6_step(mem, &w[i], k);
			fib_prefetch_node(w[i].n);
		}
	}
	for (i = 0; i < n; i++) {
		if (!((live >> i) & 1))
			continue;
		if (unlikely(w[i].n != &fib_parked))
			s = fib6_deep(mem, w[i].n, FIB_DIR_DEPTH + FIB6_STEPS,
				      w[i].best, w[i].bm, w[i].hi,
				      fib_load_be64(addrs[i] + 8));
		else
			s = fib6_result(&w[i]);
		res[i] = fib_slot_res(s);
	}
}

void vrs_fib_lookup_bulk(const struct vrs_fib *t, const u8 *const *addrs,
			 unsigned int n, u32 *res)
{
	const struct fib_mem *mem = fib_load_acquire(&t->mem);
	unsigned int i, c;

	if (fib_mem_dir4(mem)) {
		fib_bulk_dir(t, mem, addrs, n, res);
		return;
	}
	for (i = 0; i < n; i += c) {
		c = n - i < VRS_FIB_BULK ? n - i : VRS_FIB_BULK;
		if (mem->ndir)
			fib_bulk6_group(mem, addrs + i, c, res + i);
		else
			fib_bulk_group(t, mem, addrs + i, c, res + i);
	}
}
