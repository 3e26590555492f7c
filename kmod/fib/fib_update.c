// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB writer side: insert and delete.
 *
 * Every change is prepared in new nodes (in free space of the table's
 * block) and made visible by a single release store: the root reference
 * or one slot of a node readers already see.  Nodes that were replaced
 * are retired (fib_mem.c) only after that store and after the dir[]
 * entries that led to them are updated.  If an allocation fails nothing
 * has been published yet: the new nodes become garbage and the table's
 * content is unchanged (the block may have grown).
 */
#include "fib_int.h"

/*
 * One update: the key and the nodes from the root down to the target, as
 * references (an allocation may move the block; see fib_mem.c), so node
 * pointers are taken afresh after every allocation.  path[rlo..rhi] were
 * replaced and become garbage at the end (fib_upd_finish()).
 */
struct fib_upd {
	struct vrs_fib *t;
	struct fib_key k;
	int rlo, rhi;
	u32 path[FIB_MAXDEPTH];
};

static struct fib_node *fib_nd(const struct vrs_fib *t, u32 ref)
{
	return fib_node_at(t->mem, ref);
}

/* A node with these bitmaps (slots to fill): its reference, or 0. */
static u32 fib_node_alloc(struct vrs_fib *t, u64 cbm, u64 pbm)
{
	u32 ref = fib_mem_alloc(t, fib_node_words(fib_popcount64(cbm) +
						  fib_popcount64(pbm)));
	struct fib_node *n;

	if (!ref)
		return 0;
	n = fib_nd(t, ref);
	n->cbm = cbm;
	n->pbm = pbm;
	return ref;
}

/* Retire path[lo..hi] at the end of the update. */
static void fib_upd_retire(struct fib_upd *u, int lo, int hi)
{
	u->rlo = lo;
	u->rhi = hi;
}

/*
 * A new node for depth d; depth-3 nodes get the inherited default (bit 0,
 * first pbm slot), 0 until fib_dir_refresh() sets it.  The other slots
 * are for the caller to fill.
 */
static u32 fib_node_new(struct vrs_fib *t, unsigned int d, u64 cbm, u64 pbm)
{
	u32 ref;

	if (d == FIB_DIR_DEPTH)
		pbm |= FIB_PBM_DEF;
	ref = fib_node_alloc(t, cbm, pbm);
	if (ref && d == FIB_DIR_DEPTH)
		fib_nd(t, ref)->slot[fib_popcount64(cbm)] = 0;
	return ref;
}

/*
 * Copy node oref with bitmaps changed to cbm/pbm: slots whose bit is also
 * in the old node are copied, the (single) new bit gets nv, dropped bits
 * vanish.  The new node's reference, or 0.
 */
static u32 fib_node_rebuild(struct vrs_fib *t, u32 oref, u64 cbm, u64 pbm,
			    u32 nv)
{
	u32 ref = fib_node_alloc(t, cbm, pbm);
	const struct fib_node *old;
	unsigned int b, i = 0, base;
	struct fib_node *n;
	u64 m;

	if (!ref)
		return 0;
	old = fib_nd(t, oref);
	n = fib_nd(t, ref);
	base = fib_popcount64(old->cbm);
	for (m = cbm; m; m &= m - 1) {
		b = fib_ffs64(m);
		n->slot[i++] = (old->cbm >> b) & 1 ?
			old->slot[fib_rank(old->cbm, b)] : nv;
	}
	for (m = pbm; m; m &= m - 1) {
		b = fib_ffs64(m);
		n->slot[i++] = (old->pbm >> b) & 1 ?
			old->slot[base + fib_rank(old->pbm, b)] : nv;
	}
	return ref;
}

/* Slot of path[d] that leads towards the key (must exist). */
static u32 *fib_child_slot(struct fib_upd *u, unsigned int d)
{
	struct fib_node *n = fib_nd(u->t, u->path[d]);

	return &n->slot[fib_rank(n->cbm, fib_chunk(&u->k, d))];
}

/* Make node ref visible in place of path[d]. */
static void fib_publish(struct fib_upd *u, unsigned int d, u32 ref)
{
	if (d == 0)
		fib_store_release(&u->t->mem->root, ref);
	else
		fib_store_release(fib_child_slot(u, d - 1), ref);
}

/* Drop a chain built by fib_build_chain() (one child per node). */
static void fib_discard_chain(struct vrs_fib *t, u32 s)
{
	struct fib_node *n;
	u32 next;

	while (fib_is_node(s)) {
		n = fib_nd(t, s);
		next = n->cbm ? n->slot[0] : 0;
		fib_mem_release(t, s);
		s = next;
	}
}

/*
 * Build the nodes for depths f..td holding the new prefix (length
 * 6D + r, slot value res) and, if fv is not 0, the fringe value fv that
 * was in the slot above depth f (it becomes pbm index 1 of the depth-f
 * node).  Returns the top node's reference, or 0 on allocation failure.
 */
static u32 fib_build_chain(struct fib_upd *u, unsigned int f,
			   unsigned int td, unsigned int r, u32 res, u32 fv)
{
	struct vrs_fib *t = u->t;
	struct fib_node *n;
	unsigned int idx;
	int d, lo = td - 1;
	u32 sub, ref;

	if (r == 0) {
		sub = res;	/* a fringe in the depth td - 1 node */
	} else {
		bool top = td == f && fv;

		idx = fib_pidx(fib_chunk(&u->k, td), r);
		ref = fib_node_new(t, td, 0, (1ULL << idx) |
				   (top ? 1ULL << 1 : 0));
		if (!ref)
			return 0;
		n = fib_nd(t, ref);
		n->slot[fib_pslot(n, idx)] = res;
		if (top)	/* index 1 < idx */
			n->slot[fib_pslot(n, 1)] = fv;
		sub = ref;
	}
	for (d = lo; d >= (int)f; d--) {
		u64 cbm = 1ULL << fib_chunk(&u->k, d);
		bool top = d == (int)f && fv;

		ref = fib_node_new(t, d, cbm, top ? 1ULL << 1 : 0);
		if (!ref) {
			fib_discard_chain(t, sub);
			return 0;
		}
		n = fib_nd(t, ref);
		n->slot[0] = sub;
		if (top)
			n->slot[fib_pslot(n, 1)] = fv;
		sub = ref;
	}
	return sub;
}

/* res and the slot's old value are slot values (fib_res_slot()). */
static int fib_ins_exists(u32 *sp, u32 res, unsigned int flags, u32 *old)
{
	u32 prev = *sp;

	if (!(flags & VRS_FIB_REPLACE))
		return -EEXIST;
	fib_store_release(sp, res);
	*old = prev;
	return 0;
}

/* path[d] has no child for chunk v: add one. */
static int fib_ins_empty(struct fib_upd *u, unsigned int d, unsigned int td,
			 unsigned int r, u32 res)
{
	const struct fib_node *n = fib_nd(u->t, u->path[d]);
	unsigned int v = fib_chunk(&u->k, d);
	u64 cbm = n->cbm | (1ULL << v), pbm = n->pbm;
	u32 sub = res, nn;

	if (d + 1 != td || r != 0) {
		sub = fib_build_chain(u, d + 1, td, r, res, 0);
		if (!sub)
			return -ENOMEM;
	}
	nn = fib_node_rebuild(u->t, u->path[d], cbm, pbm, sub);
	if (!nn) {
		fib_discard_chain(u->t, sub);
		return -ENOMEM;
	}
	fib_publish(u, d, nn);
	fib_upd_retire(u, d, d);
	return 0;
}

static int fib_insert_walk(struct fib_upd *u, unsigned int plen, u32 res,
			   unsigned int flags, u32 *old)
{
	unsigned int d, td = plen / FIB_STRIDE, r = plen % FIB_STRIDE, idx;
	u32 ref = u->t->mem->root, sub, *sp;
	const struct fib_node *n;

	for (d = 0; d < td; d++) {
		u->path[d] = ref;
		n = fib_nd(u->t, ref);
		if (!((n->cbm >> fib_chunk(&u->k, d)) & 1))
			return fib_ins_empty(u, d, td, r, res);
		sp = fib_child_slot(u, d);
		if (fib_is_node(*sp)) {
			ref = *sp;
			continue;
		}
		if (d + 1 == td && r == 0)
			return fib_ins_exists(sp, res, flags, old);
		/* A shorter fringe is in the way: push it down one level. */
		sub = fib_build_chain(u, d + 1, td, r, res, *sp);
		if (!sub)
			return -ENOMEM;
		fib_store_release(fib_child_slot(u, d), sub);
		return 0;
	}
	u->path[td] = ref;
	n = fib_nd(u->t, ref);
	idx = fib_pidx(fib_chunk(&u->k, td), r);
	if ((n->pbm >> idx) & 1)
		return fib_ins_exists(&fib_nd(u->t, ref)->slot[fib_pslot(n, idx)],
				      res, flags, old);
	sub = fib_node_rebuild(u->t, ref, n->cbm, n->pbm | (1ULL << idx), res);
	if (!sub)
		return -ENOMEM;
	fib_publish(u, td, sub);
	fib_upd_retire(u, td, td);
	return 0;
}

/*
 * Recompute dir[] (m->w[0..]) for the 18-bit blocks lo..hi (all below
 * node n at depth d < 3, whose first block is base; block x is
 * dir[x - off]) and the inherited default of the depth-3 nodes there;
 * best is the slot value of the longest prefix above n covering them.  A
 * depth-3 node's default is stored before the dir[] entry that leads
 * lookups to it.  Recursion depth is 3.
 */
static void fib_dir_fill(struct fib_mem *m, u32 off, const struct fib_node *n,
			 unsigned int d, u32 base, u32 lo, u32 hi, u32 best)
{
	unsigned int sh = FIB_STRIDE * (FIB_DIR_DEPTH - 1 - d);
	unsigned int v, vhi = (hi - base) >> sh;
	struct fib_node *c;
	u32 b0, b1, i, bv, s;
	u64 pm;

	for (v = (lo - base) >> sh; v <= vhi; v++) {
		b0 = base + (v << sh);
		b1 = b0 + (1U << sh) - 1;
		b0 = b0 < lo ? lo : b0;
		b1 = b1 > hi ? hi : b1;
		pm = n->pbm & fib_anc[v];
		bv = pm ? n->slot[fib_pslot(n, fib_fls64(pm) - 1)] : best;
		s = bv;
		if ((n->cbm >> v) & 1)
			s = n->slot[fib_rank(n->cbm, v)];
		if (fib_is_node(s)) {
			c = fib_node_at(m, s);
			if (d + 1 < FIB_DIR_DEPTH) {
				fib_dir_fill(m, off, c, d + 1,
					     base + (v << sh), b0, b1, bv);
				continue;
			}
			fib_store(&c->slot[fib_popcount64(c->cbm)], bv);
		}
		for (i = b0; i <= b1; i++)
			fib_store_release(&m->w[i - off], s);
	}
}

/* All of dir[] and the defaults, in a block not yet published. */
void fib_dir_build(struct vrs_fib *t, struct fib_mem *m)
{
	u32 off = fib_dir_base(t);

	fib_dir_fill(m, off, fib_node_at(m, m->root), 0, 0, off,
		     off + m->ndir - 1, 0);
}

/* After a change to key/plen: refresh the dir[] entries it can affect. */
static void fib_dir_refresh(struct vrs_fib *t, const struct fib_key *k,
			    unsigned int plen)
{
	u32 lo = k->hi >> (64 - FIB_DIR_BITS), hi = lo, off = fib_dir_base(t);
	struct fib_mem *m = t->mem;

	if (!m->ndir)
		return;
	if (plen < FIB_DIR_BITS)
		hi += (1U << (FIB_DIR_BITS - plen)) - 1;
	/* IPv6: only the part inside 2000::/3 */
	lo = lo < off ? off : lo;
	hi = hi > off + m->ndir - 1 ? off + m->ndir - 1 : hi;
	if (lo <= hi)
		fib_dir_fill(m, off, fib_node_at(m, m->root), 0, 0, lo, hi,
			     0);
}

void vrs_fib_set_direct(struct vrs_fib *t, unsigned long min_prefixes)
{
	t->dir_on = min_prefixes > 1UL << 30 ? 1U << 30 : min_prefixes;
}

/*
 * A successful change has been published: bring dir[] up to date, then
 * count what was replaced as garbage (dir[] may have pointed to it until
 * now; readers may still be on it, so it stays until the block goes),
 * then let the block settle (compaction, dir[] on or off).
 */
static void fib_upd_finish(struct fib_upd *u, unsigned int plen)
{
	unsigned long cookie;
	int i;

	fib_dir_refresh(u->t, &u->k, plen);
	cookie = fib_reuse_gp_start(u->t);
	for (i = u->rlo; i <= u->rhi; i++)
		fib_reuse_retire(u->t, u->path[i], cookie);
	fib_mem_settle(u->t);
}

int vrs_fib_insert(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   u32 result, unsigned int flags, u32 *old)
{
	struct fib_upd u;
	u32 prev = 0;
	int ret;

	if (old)
		*old = 0;
	if (plen > t->bits || !result || result > VRS_FIB_RESULT_MAX)
		return -EINVAL;
	u.t = t;
	u.rlo = 0;
	u.rhi = -1;
	fib_key_load(&u.k, addr, t->bits);
	fib_key_mask(&u.k, plen);
	ret = fib_insert_walk(&u, plen, fib_res_slot(result), flags, &prev);
	if (ret)
		return ret;
	if (prev) {
		if (old)
			*old = fib_slot_res(prev);
	} else {
		fib_store(&t->count, t->count + 1);
	}
	fib_upd_finish(&u, plen);
	return 0;
}

/*
 * Remove bit b (a child slot if is_child, else a pbm index) from path[d],
 * then restore the invariants upwards: an emptied node disappears from its
 * parent, a node left with only pbm index 1 turns back into a fringe.
 */
static int fib_del_bit(struct fib_upd *u, unsigned int d, bool is_child,
		       unsigned int b)
{
	unsigned int dend = d;
	struct fib_node *n;
	u64 cbm, pbm;
	u32 nn;

	for (;; d--) {
		n = fib_nd(u->t, u->path[d]);
		cbm = n->cbm & ~(is_child ? 1ULL << b : 0);
		pbm = n->pbm & ~(is_child ? 0 : 1ULL << b);
		/* bit 0 (inherited default) is not content */
		if (d == 0 || cbm || (pbm & ~(FIB_PBM_DEF | 1ULL << 1)))
			break;
		if (pbm & (1ULL << 1)) {
			/* Only index 1 is left: it becomes a fringe. */
			fib_store_release(fib_child_slot(u, d - 1),
					  n->slot[fib_pslot(n, 1)]);
			goto retire;
		}
		is_child = true;
		b = fib_chunk(&u->k, d - 1);
	}
	nn = fib_node_rebuild(u->t, u->path[d], cbm, pbm, 0);
	if (!nn)
		return -ENOMEM;
	fib_publish(u, d, nn);
retire:
	fib_upd_retire(u, d, dend);
	return 0;
}

int vrs_fib_delete(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   u32 *old)
{
	unsigned int d, td = plen / FIB_STRIDE, r = plen % FIB_STRIDE, idx;
	u32 ref = t->mem->root, s;
	const struct fib_node *n;
	struct fib_upd u;
	int ret;

	if (plen > t->bits)
		return -EINVAL;
	u.t = t;
	u.rlo = 0;
	u.rhi = -1;
	fib_key_load(&u.k, addr, t->bits);
	fib_key_mask(&u.k, plen);
	for (d = 0; d < td; d++) {
		u.path[d] = ref;
		n = fib_nd(t, ref);
		if (!((n->cbm >> fib_chunk(&u.k, d)) & 1))
			return -ENOENT;
		s = *fib_child_slot(&u, d);
		if (!fib_is_node(s)) {
			if (d + 1 != td || r != 0)
				return -ENOENT;
			ret = fib_del_bit(&u, d, true, fib_chunk(&u.k, d));
			goto out;
		}
		ref = s;
	}
	u.path[td] = ref;
	n = fib_nd(t, ref);
	idx = fib_pidx(fib_chunk(&u.k, td), r);
	if (!((n->pbm >> idx) & 1))
		return -ENOENT;
	s = n->slot[fib_pslot(n, idx)];
	ret = fib_del_bit(&u, td, false, idx);
out:
	if (ret)
		return ret;
	fib_store(&t->count, t->count - 1);
	fib_upd_finish(&u, plen);
	if (old)
		*old = fib_slot_res(s);
	return 0;
}
