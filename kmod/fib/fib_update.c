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

/* One update: the key and the nodes from the root down to the target. */
struct fib_upd {
	struct vrs_fib *t;
	struct fib_key k;
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
		idx = fib_pidx(fib_chunk(&u->k, td), r);
		if (td == f && fv) {
			n = fib_node_alloc(t, 0, (1ULL << 1) | (1ULL << idx));
			if (!n)
				return 0;
			n->slot[0] = fv;	/* index 1 < idx comes first */
			n->slot[1] = res;
			return fib_from_node(n);
		}
		n = fib_node_alloc(t, 0, 1ULL << idx);
		if (!n)
			return 0;
		n->slot[0] = res;
		sub = fib_from_node(n);
	}
	for (d = lo; d >= (int)f; d--) {
		u64 cbm = 1ULL << fib_chunk(&u->k, d);
		bool top = d == (int)f && fv;

		n = fib_node_alloc(t, cbm, top ? 1ULL << 1 : 0);
		if (!n) {
			fib_discard_chain(t, sub);
			return 0;
		}
		n->slot[0] = sub;
		if (top)
			n->slot[1] = fv;
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
	fib_node_retire(u->t, n);
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
		return fib_ins_exists(&n->slot[fib_popcount64(n->cbm) +
					       fib_rank(n->pbm, idx)],
				      res, flags, old);
	nn = fib_node_rebuild(u->t, n, n->cbm, n->pbm | (1ULL << idx),
			      (unsigned long)res);
	if (!nn)
		return -ENOMEM;
	fib_publish(u, td, nn);
	fib_node_retire(u->t, n);
	return 0;
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
	unsigned int i, dend = d;
	struct fib_node *n, *nn;
	u64 cbm, pbm;

	for (;; d--) {
		n = u->path[d];
		cbm = n->cbm & ~(is_child ? 1ULL << b : 0);
		pbm = n->pbm & ~(is_child ? 0 : 1ULL << b);
		if (d == 0 || cbm || (pbm & ~(1ULL << 1)))
			break;
		if (pbm) {
			/* Only index 1 is left: it is slot 0 of pbm's part. */
			fib_store_release(fib_child_slot(u, d - 1),
					  n->slot[fib_popcount64(n->cbm)]);
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
	for (i = d; i <= dend; i++)
		fib_node_retire(u->t, u->path[i]);
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
	s = n->slot[fib_popcount64(n->cbm) + fib_rank(n->pbm, idx)];
	ret = fib_del_bit(&u, td, false, idx);
out:
	if (ret)
		return ret;
	fib_store(&t->count, t->count - 1);
	if (old)
		*old = (void *)s;
	return 0;
}
