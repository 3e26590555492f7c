// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB writer side: insert and delete.
 *
 * Every change is prepared in freshly allocated nodes and made visible by
 * a single release store (the root pointer or one slot of a node readers
 * already see).  Nodes that were replaced go to free_deferred only after
 * that store.  If an allocation fails nothing has been published yet, so
 * the new nodes are freed with ops->free and the table is unchanged.
 */
#include "fib_int.h"

/*
 * One update: the key and the nodes from the root down to the target.
 * path[rlo..rhi] were replaced and are retired once dir[] no longer
 * points to them (fib_upd_finish()).
 */
struct fib_upd {
	struct vrs_fib *t;
	struct fib_key k;
	int rlo, rhi;
	struct fib_node *path[FIB_MAXDEPTH];
};

static struct fib_node *fib_node_alloc(struct vrs_fib *t, u64 cbm, u64 pbm)
{
	size_t sz = fib_node_size(fib_popcount64(cbm) + fib_popcount64(pbm));
	struct fib_node *n = t->ops->alloc(sz, t->ctx);

	if (!n)
		return NULL;
	n->cbm = cbm;
	n->pbm = pbm;
	t->bytes += sz;
	return n;
}

/* Free a node no reader has seen. */
static void fib_node_discard(struct vrs_fib *t, struct fib_node *n)
{
	t->bytes -= fib_node_size(fib_nslots(n));
	t->ops->free(n, t->ctx);
}

/* Free a node readers may still be traversing. */
static void fib_node_retire(struct vrs_fib *t, struct fib_node *n)
{
	t->bytes -= fib_node_size(fib_nslots(n));
	t->ops->free_deferred(n, t->ctx);
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
static struct fib_node *fib_node_new(struct vrs_fib *t, unsigned int d,
				     u64 cbm, u64 pbm)
{
	struct fib_node *n;

	if (d == FIB_DIR_DEPTH)
		pbm |= FIB_PBM_DEF;
	n = fib_node_alloc(t, cbm, pbm);
	if (n && d == FIB_DIR_DEPTH)
		n->slot[fib_popcount64(cbm)] = 0;
	return n;
}

/*
 * Copy old with bitmaps changed to cbm/pbm: slots whose bit is also in
 * old are copied, the (single) new bit gets nv, dropped bits vanish.
 */
static struct fib_node *fib_node_rebuild(struct vrs_fib *t,
					 const struct fib_node *old,
					 u64 cbm, u64 pbm, unsigned long nv)
{
	unsigned int b, i = 0, base = fib_popcount64(old->cbm);
	struct fib_node *n = fib_node_alloc(t, cbm, pbm);
	u64 m;

	if (!n)
		return NULL;
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
	return n;
}

/* Slot of path[d] that leads towards the key (must exist). */
static unsigned long *fib_child_slot(struct fib_upd *u, unsigned int d)
{
	struct fib_node *n = u->path[d];

	return &n->slot[fib_rank(n->cbm, fib_chunk(&u->k, d))];
}

/* Make nn visible in place of path[d]. */
static void fib_publish(struct fib_upd *u, unsigned int d,
			struct fib_node *nn)
{
	if (d == 0)
		fib_store_release(&u->t->root, nn);
	else
		fib_store_release(fib_child_slot(u, d - 1), fib_from_node(nn));
}

/* Free a chain built by fib_build_chain() (one child per node). */
static void fib_discard_chain(struct vrs_fib *t, unsigned long s)
{
	struct fib_node *n;

	while (fib_is_node(s)) {
		n = fib_to_node(s);
		s = n->cbm ? n->slot[0] : 0;
		fib_node_discard(t, n);
	}
}

/*
 * Build the nodes for depths f..td holding the new prefix (length
 * 6D + r, result res) and, if fv is not 0, the fringe result fv that was
 * in the slot above depth f (it becomes pbm index 1 of the depth-f node).
 * Returns the tagged top node, or 0 on allocation failure.
 */
static unsigned long fib_build_chain(struct fib_upd *u, unsigned int f,
				     unsigned int td, unsigned int r,
				     unsigned long res, unsigned long fv)
{
	struct vrs_fib *t = u->t;
	struct fib_node *n;
	unsigned long sub;
	unsigned int idx;
	int d, lo = td - 1;

	if (r == 0) {
		sub = res;	/* a fringe in the depth td - 1 node */
	} else {
		bool top = td == f && fv;

		idx = fib_pidx(fib_chunk(&u->k, td), r);
		n = fib_node_new(t, td, 0, (1ULL << idx) |
				 (top ? 1ULL << 1 : 0));
		if (!n)
			return 0;
		n->slot[fib_pslot(n, idx)] = res;
		if (top)	/* index 1 < idx */
			n->slot[fib_pslot(n, 1)] = fv;
		sub = fib_from_node(n);
	}
	for (d = lo; d >= (int)f; d--) {
		u64 cbm = 1ULL << fib_chunk(&u->k, d);
		bool top = d == (int)f && fv;

		n = fib_node_new(t, d, cbm, top ? 1ULL << 1 : 0);
		if (!n) {
			fib_discard_chain(t, sub);
			return 0;
		}
		n->slot[0] = sub;
		if (top)
			n->slot[fib_pslot(n, 1)] = fv;
		sub = fib_from_node(n);
	}
	return sub;
}

static int fib_ins_exists(unsigned long *sp, void *res, unsigned int flags,
			  void **old)
{
	unsigned long prev = *sp;

	if (!(flags & VRS_FIB_REPLACE))
		return -EEXIST;
	fib_store_release(sp, (unsigned long)res);
	if (old)
		*old = (void *)prev;
	return 0;
}

/* path[d] has no child for chunk v: add one. */
static int fib_ins_empty(struct fib_upd *u, unsigned int d, unsigned int td,
			 unsigned int r, unsigned long res)
{
	struct fib_node *n = u->path[d], *nn;
	unsigned int v = fib_chunk(&u->k, d);
	unsigned long sub = res;

	if (d + 1 != td || r != 0) {
		sub = fib_build_chain(u, d + 1, td, r, res, 0);
		if (!sub)
			return -ENOMEM;
	}
	nn = fib_node_rebuild(u->t, n, n->cbm | (1ULL << v), n->pbm, sub);
	if (!nn) {
		fib_discard_chain(u->t, sub);
		return -ENOMEM;
	}
	fib_publish(u, d, nn);
	fib_upd_retire(u, d, d);
	return 0;
}

static int fib_insert_walk(struct fib_upd *u, unsigned int plen, void *res,
			   unsigned int flags, void **old)
{
	unsigned int d, td = plen / FIB_STRIDE, r = plen % FIB_STRIDE, idx;
	struct fib_node *n = u->t->root, *nn;
	unsigned long *sp, sub;

	for (d = 0; d < td; d++) {
		u->path[d] = n;
		if (!((n->cbm >> fib_chunk(&u->k, d)) & 1))
			return fib_ins_empty(u, d, td, r, (unsigned long)res);
		sp = fib_child_slot(u, d);
		if (fib_is_node(*sp)) {
			n = fib_to_node(*sp);
			continue;
		}
		if (d + 1 == td && r == 0)
			return fib_ins_exists(sp, res, flags, old);
		/* A shorter fringe is in the way: push it down one level. */
		sub = fib_build_chain(u, d + 1, td, r, (unsigned long)res, *sp);
		if (!sub)
			return -ENOMEM;
		fib_store_release(sp, sub);
		return 0;
	}
	u->path[td] = n;
	idx = fib_pidx(fib_chunk(&u->k, td), r);
	if ((n->pbm >> idx) & 1)
		return fib_ins_exists(&n->slot[fib_pslot(n, idx)], res, flags,
				      old);
	nn = fib_node_rebuild(u->t, n, n->cbm, n->pbm | (1ULL << idx),
			      (unsigned long)res);
	if (!nn)
		return -ENOMEM;
	fib_publish(u, td, nn);
	fib_upd_retire(u, td, td);
	return 0;
}

/*
 * Recompute dir[] for the 18-bit blocks lo..hi (all below node n at depth
 * d < 3, whose first block is base; block x is dir[x - off]) and the
 * inherited default of the depth-3 nodes there; best is the result of
 * the longest prefix above n covering them.  A depth-3 node's default is
 * stored before the dir[] entry that leads lookups to it.  Recursion
 * depth is 3.
 */
static void fib_dir_fill(unsigned long *dir, u32 off,
			 const struct fib_node *n, unsigned int d, u32 base,
			 u32 lo, u32 hi, unsigned long best)
{
	unsigned int sh = FIB_STRIDE * (FIB_DIR_DEPTH - 1 - d);
	unsigned int v, vhi = (hi - base) >> sh;
	unsigned long bv, s;
	struct fib_node *c;
	u32 b0, b1, i;
	u64 m;

	for (v = (lo - base) >> sh; v <= vhi; v++) {
		b0 = base + (v << sh);
		b1 = b0 + (1U << sh) - 1;
		b0 = b0 < lo ? lo : b0;
		b1 = b1 > hi ? hi : b1;
		m = n->pbm & fib_anc[v];
		bv = m ? n->slot[fib_pslot(n, fib_fls64(m) - 1)] : best;
		s = bv;
		if ((n->cbm >> v) & 1)
			s = n->slot[fib_rank(n->cbm, v)];
		if (fib_is_node(s)) {
			c = fib_to_node(s);
			if (d + 1 < FIB_DIR_DEPTH) {
				fib_dir_fill(dir, off, c, d + 1,
					     base + (v << sh), b0, b1, bv);
				continue;
			}
			fib_store(&c->slot[fib_popcount64(c->cbm)], bv);
		}
		for (i = b0; i <= b1; i++)
			fib_store_release(&dir[i - off], s);
	}
}

/* After a change to key/plen: refresh the dir[] entries it can affect. */
static void fib_dir_refresh(struct vrs_fib *t, const struct fib_key *k,
			    unsigned int plen)
{
	u32 lo = k->hi >> (64 - FIB_DIR_BITS), hi = lo, off = fib_dir_base(t);

	if (!t->dir)
		return;
	if (plen < FIB_DIR_BITS)
		hi += (1U << (FIB_DIR_BITS - plen)) - 1;
	/* IPv6: only the part inside 2000::/3 */
	lo = lo < off ? off : lo;
	hi = hi > off + fib_dir_size(t) - 1 ? off + fib_dir_size(t) - 1 : hi;
	if (lo <= hi)
		fib_dir_fill(t->dir, off, t->root, 0, 0, lo, hi, 0);
}

/*
 * dir[] comes and goes with the table's size.  Failing to allocate it is
 * not an error: the table works without it.
 */
static void fib_dir_resize(struct vrs_fib *t)
{
	size_t sz = fib_dir_size(t) * sizeof(unsigned long);
	u32 off = fib_dir_base(t);
	unsigned long *dir = t->dir;

	if (dir && (t->count < t->dir_on / 2 || !t->count || !t->dir_on)) {
		fib_store_release(&t->dir, NULL);
		t->bytes -= sz;
		t->ops->free_deferred(dir, t->ctx);
	} else if (!dir && t->dir_on && t->count >= t->dir_on) {
		dir = t->ops->alloc(sz, t->ctx);
		if (!dir)
			return;
		t->bytes += sz;
		fib_dir_fill(dir, off, t->root, 0, 0, off,
			     off + fib_dir_size(t) - 1, 0);
		fib_store_release(&t->dir, dir);
	}
}

void vrs_fib_set_direct(struct vrs_fib *t, unsigned long min_prefixes)
{
	t->dir_on = min_prefixes > 1UL << 30 ? 1U << 30 : min_prefixes;
}

/*
 * A successful change has been published: bring dir[] up to date, then
 * retire what was replaced (dir[] may have pointed to it until now).
 */
static void fib_upd_finish(struct fib_upd *u, unsigned int plen)
{
	int i;

	fib_dir_refresh(u->t, &u->k, plen);
	for (i = u->rlo; i <= u->rhi; i++)
		fib_node_retire(u->t, u->path[i]);
	fib_dir_resize(u->t);
}

int vrs_fib_insert(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   void *result, unsigned int flags, void **old)
{
	struct fib_upd u;
	void *prev = NULL;
	int ret;

	if (old)
		*old = NULL;
	if (plen > t->bits || !result ||
	    ((unsigned long)result & FIB_TAG_MASK))
		return -EINVAL;
	u.t = t;
	u.rlo = 0;
	u.rhi = -1;
	fib_key_load(&u.k, addr, t->bits);
	fib_key_mask(&u.k, plen);
	ret = fib_insert_walk(&u, plen, result, flags, &prev);
	if (ret)
		return ret;
	if (prev) {
		if (old)
			*old = prev;
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
	struct fib_node *n, *nn;
	u64 cbm, pbm;

	for (;; d--) {
		n = u->path[d];
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
	nn = fib_node_rebuild(u->t, n, cbm, pbm, 0);
	if (!nn)
		return -ENOMEM;
	fib_publish(u, d, nn);
retire:
	fib_upd_retire(u, d, dend);
	return 0;
}

int vrs_fib_delete(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   void **old)
{
	unsigned int d, td = plen / FIB_STRIDE, r = plen % FIB_STRIDE, idx;
	struct fib_node *n = t->root;
	struct fib_upd u;
	unsigned long s;
	int ret;

	if (plen > t->bits)
		return -EINVAL;
	u.t = t;
	u.rlo = 0;
	u.rhi = -1;
	fib_key_load(&u.k, addr, t->bits);
	fib_key_mask(&u.k, plen);
	for (d = 0; d < td; d++) {
		u.path[d] = n;
		if (!((n->cbm >> fib_chunk(&u.k, d)) & 1))
			return -ENOENT;
		s = *fib_child_slot(&u, d);
		if (!fib_is_node(s)) {
			if (d + 1 != td || r != 0)
				return -ENOENT;
			ret = fib_del_bit(&u, d, true, fib_chunk(&u.k, d));
			goto out;
		}
		n = fib_to_node(s);
	}
	u.path[td] = n;
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
		*old = (void *)s;
	return 0;
}
