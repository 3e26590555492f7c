// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB: table lifetime, lockless lookups and statistics.
 * See fib_int.h for the data structure.
 */
#include "fib_int.h"

/*
 * fib_anc[v] = bits (1 << l) | (v >> (6 - l)) for l = 0..5, i.e. every
 * in-node prefix covering chunk v.  The highest set bit of pbm & fib_anc[v]
 * is the longest match inside the node.
 */
const u64 fib_anc[64] = {
	0x0000000100010116ULL, 0x0000000100010116ULL,
	0x0000000200010116ULL, 0x0000000200010116ULL,
	0x0000000400020116ULL, 0x0000000400020116ULL,
	0x0000000800020116ULL, 0x0000000800020116ULL,
	0x0000001000040216ULL, 0x0000001000040216ULL,
	0x0000002000040216ULL, 0x0000002000040216ULL,
	0x0000004000080216ULL, 0x0000004000080216ULL,
	0x0000008000080216ULL, 0x0000008000080216ULL,
	0x0000010000100426ULL, 0x0000010000100426ULL,
	0x0000020000100426ULL, 0x0000020000100426ULL,
	0x0000040000200426ULL, 0x0000040000200426ULL,
	0x0000080000200426ULL, 0x0000080000200426ULL,
	0x0000100000400826ULL, 0x0000100000400826ULL,
	0x0000200000400826ULL, 0x0000200000400826ULL,
	0x0000400000800826ULL, 0x0000400000800826ULL,
	0x0000800000800826ULL, 0x0000800000800826ULL,
	0x000100000100104aULL, 0x000100000100104aULL,
	0x000200000100104aULL, 0x000200000100104aULL,
	0x000400000200104aULL, 0x000400000200104aULL,
	0x000800000200104aULL, 0x000800000200104aULL,
	0x001000000400204aULL, 0x001000000400204aULL,
	0x002000000400204aULL, 0x002000000400204aULL,
	0x004000000800204aULL, 0x004000000800204aULL,
	0x008000000800204aULL, 0x008000000800204aULL,
	0x010000001000408aULL, 0x010000001000408aULL,
	0x020000001000408aULL, 0x020000001000408aULL,
	0x040000002000408aULL, 0x040000002000408aULL,
	0x080000002000408aULL, 0x080000002000408aULL,
	0x100000004000808aULL, 0x100000004000808aULL,
	0x200000004000808aULL, 0x200000004000808aULL,
	0x400000008000808aULL, 0x400000008000808aULL,
	0x800000008000808aULL, 0x800000008000808aULL,
};

void fib_key_load(struct fib_key *k, const u8 *addr, unsigned int bits)
{
	unsigned int i;

	k->hi = 0;
	k->lo = 0;
	if (bits == 32) {
		for (i = 0; i < 4; i++)
			k->hi |= (u64)addr[i] << (56 - 8 * i);
		return;
	}
	k->hi = fib_load_be64(addr);
	k->lo = fib_load_be64(addr + 8);
}

void fib_key_store(const struct fib_key *k, u8 *addr, unsigned int bits)
{
	unsigned int i;

	for (i = 0; i < bits / 8 && i < 8; i++)
		addr[i] = k->hi >> (56 - 8 * i);
	for (; i < bits / 8; i++)
		addr[i] = k->lo >> (56 - 8 * (i - 8));
}

/* Clear every bit at position >= plen (plen <= 128). */
void fib_key_mask(struct fib_key *k, unsigned int plen)
{
	if (plen == 0) {
		k->hi = 0;
		k->lo = 0;
	} else if (plen < 64) {
		k->hi &= ~0ULL << (64 - plen);
		k->lo = 0;
	} else if (plen == 64) {
		k->lo = 0;
	} else if (plen < 128) {
		k->lo &= ~0ULL << (128 - plen);
	}
}

struct vrs_fib *vrs_fib_create(int family, const struct vrs_fib_ops *ops,
			       void *ctx)
{
	struct vrs_fib *t;
	struct fib_node *root;

	if (family != VRS_FIB_AF_INET && family != VRS_FIB_AF_INET6)
		return NULL;
	if (!ops || !ops->alloc || !ops->free || !ops->free_deferred)
		return NULL;
	t = ops->alloc(sizeof(*t), ctx);
	if (!t)
		return NULL;
	root = ops->alloc(fib_node_size(0), ctx);
	if (!root) {
		ops->free(t, ctx);
		return NULL;
	}
	root->cbm = 0;
	root->pbm = 0;
	t->root = root;
	t->dir = NULL;
	t->dir_on = FIB_DIR_ON;
	t->ops = ops;
	t->ctx = ctx;
	t->bits = family == VRS_FIB_AF_INET ? 32 : 128;
	t->count = 0;
	t->bytes = sizeof(*t) + fib_node_size(0);
	return t;
}

/* Recursion depth is bounded by FIB_MAXDEPTH. */
static void fib_free_rec(struct vrs_fib *t, struct fib_node *n)
{
	unsigned int i, nc = fib_popcount64(n->cbm);

	for (i = 0; i < nc; i++)
		if (fib_is_node(n->slot[i]))
			fib_free_rec(t, fib_to_node(n->slot[i]));
	t->ops->free_deferred(n, t->ctx);
}

struct fib_destroy_arg {
	void (*cb)(const u8 *addr, unsigned int plen, void *result, void *arg);
	void *arg;
};

static int fib_destroy_one(const u8 *addr, unsigned int plen, void *result,
			   void *arg)
{
	struct fib_destroy_arg *da = arg;

	da->cb(addr, plen, result, da->arg);
	return 0;
}

void vrs_fib_destroy(struct vrs_fib *t,
		     void (*cb)(const u8 *addr, unsigned int plen,
				void *result, void *arg),
		     void *arg)
{
	struct fib_destroy_arg da = { .cb = cb, .arg = arg };

	if (!t)
		return;
	if (cb)
		vrs_fib_walk_from(t, NULL, 0, fib_destroy_one, &da);
	fib_free_rec(t, t->root);
	if (t->dir)
		t->ops->free_deferred(t->dir, t->ctx);
	t->ops->free_deferred(t, t->ctx);
}

/*
 * Descend while the chunk has a child, remembering the deepest node with
 * an in-node match; a fringe hit is always the longest match because
 * nothing lives below a fringe.  The "best" bookkeeping is written so the
 * compiler can use conditional moves: those branches would be random.
 * Inlined twice so the IPv4 copy works on one 64-bit word (lo == 0).
 * Starts at node n of depth d with the bookkeeping of the levels above;
 * bm may hold FIB_PBM_DEF (inherited default) only if plen is NULL.
 */
static __always_inline void *fib_lookup_from(const struct fib_node *n,
					     unsigned int d,
					     const struct fib_node *best,
					     unsigned int bd, u64 bm,
					     u64 hi, u64 lo, u8 *plen)
{
	unsigned int v, idx;
	unsigned long s;
	u64 m;

	for (;; d++) {
		v = hi >> (64 - FIB_STRIDE);
		m = n->pbm & fib_anc[v];
		best = m ? n : best;
		bd = m ? d : bd;
		bm = m ? m : bm;
		if (!(n->cbm & (1ULL << v)))
			break;
		s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
		if (!fib_is_node(s)) {
			if (plen)
				*plen = (d + 1) * FIB_STRIDE;
			return (void *)s;
		}
		n = fib_to_node(s);
		hi = (hi << FIB_STRIDE) | (lo >> (64 - FIB_STRIDE));
		lo <<= FIB_STRIDE;
	}
	if (!bm)
		return NULL;
	idx = fib_fls64(bm) - 1;
	if (plen)
		*plen = bd * FIB_STRIDE + fib_fls64(idx) - 1;
	return (void *)fib_deref(&best->slot[fib_pslot(best, idx)]);
}

/* From the root, ignoring inherited defaults. */
void *fib_lookup_slow(const struct fib_node *root, u64 hi, u64 lo, u8 *plen)
{
	return fib_lookup_from(root, 0, root, 0, 0, hi, lo, plen);
}

/*
 * Through dir[]: the block's entry is either the answer or the depth-3
 * node.  In that node the slot to read (child, or the best in-node
 * prefix, or the inherited default in bit 0, which is always set) is
 * chosen without branches, so the only data-dependent branches are
 * "block has a node" and the rare "child is a node" (prefixes longer
 * than 24 bits for IPv4).  When plen is wanted and the answer came from
 * above depth 3, the slow path supplies the length.
 */
static __always_inline void *fib_lookup_dir(const struct fib_node *root,
					    const unsigned long *dir, u32 x,
					    u64 hi, u64 lo, u8 *plen)
{
	unsigned long s = fib_deref(&dir[x]);
	const struct fib_node *n;
	unsigned long cm, i;
	unsigned int v, c, idx;
	u64 m, h, l;

	if (!fib_is_node(s)) {
		if (plen && s)
			return fib_lookup_slow(root, hi, lo, plen);
		return (void *)s;
	}
	n = fib_to_node(s);
	h = (hi << FIB_DIR_BITS) | (lo >> (64 - FIB_DIR_BITS));
	l = lo << FIB_DIR_BITS;
	v = h >> (64 - FIB_STRIDE);
	m = n->pbm & (fib_anc[v] | FIB_PBM_DEF);
	c = (n->cbm >> v) & 1;
	idx = fib_fls64(m) - 1;
	/* a branch on c here would mispredict a third of the time */
	cm = 0 - (unsigned long)c;
	i = (fib_rank(n->cbm, v) & cm) | (fib_pslot(n, idx) & ~cm);
	s = fib_deref(&n->slot[i]);
	if (likely(!(s & c & FIB_TAG_NODE))) {
		if (!plen)
			return (void *)s;
		if (c) {
			*plen = (FIB_DIR_DEPTH + 1) * FIB_STRIDE;
			return (void *)s;
		}
		if (idx) {
			*plen = FIB_DIR_BITS + fib_fls64(idx) - 1;
			return (void *)s;
		}
		return s ? fib_lookup_slow(root, hi, lo, plen) : NULL;
	}
	if (plen)
		return fib_lookup_slow(root, hi, lo, plen);
	return fib_lookup_from(fib_to_node(s), FIB_DIR_DEPTH + 1, n,
			       FIB_DIR_DEPTH, m,
			       (h << FIB_STRIDE) | (l >> (64 - FIB_STRIDE)),
			       l << FIB_STRIDE, NULL);
}

noinline void *fib6_deep(const struct fib_node *n, unsigned int d,
			 const struct fib_node *best, u64 bm, u64 hi, u64 lo)
{
	unsigned int sh = FIB_STRIDE * d;

	return fib_lookup_from(n, d, best, 0, bm,
			       (hi << sh) | (lo >> (64 - sh)), lo << sh, NULL);
}

/*
 * IPv6 through dir[], without plen: from the depth-3 node down to depth
 * 9 every chunk is in the top 64 address bits (hi), so the loop shifts one
 * word; the inherited default of the depth-3 node (pbm bit 0, always set)
 * is the answer until a longer prefix matches.  Measured faster than a
 * branch-free walk of a fixed number of levels (fib_bulk.c) for single
 * lookups: it runs only the levels a lookup needs.
 */
#define FIB6_HI_DEPTH	(64 / FIB_STRIDE)

static __always_inline void *fib_lookup6_dir(const unsigned long *dir,
					     u32 x, u64 hi, u64 lo)
{
	unsigned long s = fib_deref(&dir[x]);
	const struct fib_node *n, *best;
	u64 bm = FIB_PBM_DEF, m, h = hi << FIB_DIR_BITS;
	unsigned int v, d;

	if (!fib_is_node(s))
		return (void *)s;
	n = fib_to_node(s);
	best = n;
	for (d = FIB_DIR_DEPTH; d < FIB6_HI_DEPTH; d++) {
		v = h >> (64 - FIB_STRIDE);
		m = n->pbm & fib_anc[v];
		best = m ? n : best;
		bm = m ? m : bm;
		if (!(n->cbm & (1ULL << v)))
			break;
		s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
		if (!fib_is_node(s))
			return (void *)s;
		n = fib_to_node(s);
		h <<= FIB_STRIDE;
	}
	if (unlikely(d == FIB6_HI_DEPTH))
		return fib6_deep(n, d, best, bm, hi, lo);
	s = fib_deref(&best->slot[fib_pslot(best, fib_fls64(bm) - 1)]);
	return (void *)s;
}

/* Every case but the IPv4 fast path below. */
static noinline void *fib_lookup_general(const struct vrs_fib *t,
					 const u8 *addr, u8 *plen)
{
	const struct fib_node *root = fib_load_acquire(&t->root);
	const unsigned long *dir = fib_load_acquire(&t->dir);
	struct fib_key k;
	u32 x;

	if (t->bits == 32) {
		u64 a = (u64)addr[0] << 56 | (u64)addr[1] << 48 |
			(u64)addr[2] << 40 | (u64)addr[3] << 32;

		if (dir)
			return fib_lookup_dir(root, dir,
					      a >> (64 - FIB_DIR_BITS), a, 0,
					      plen);
		return fib_lookup_from(root, 0, root, 0, 0, a, 0, plen);
	}
	k.hi = fib_load_be64(addr);
	k.lo = fib_load_be64(addr + 8);
	/* dir[] covers 2000::/3 only */
	x = (k.hi >> (64 - FIB_DIR_BITS)) - FIB_DIR6_BASE;
	if (dir && x < FIB_DIR6_SIZE) {
		if (!plen)
			return fib_lookup6_dir(dir, x, k.hi, k.lo);
		return fib_lookup_dir(root, dir, x, k.hi, k.lo, plen);
	}
	return fib_lookup_from(root, 0, root, 0, 0, k.hi, k.lo, plen);
}

/* Below depth 3 (IPv4 prefixes longer than /24). */
static noinline void *fib_lookup_deep(const struct fib_node *n,
				      unsigned long s, u64 m, u64 h)
{
	return fib_lookup_from(fib_to_node(s), FIB_DIR_DEPTH + 1, n,
			       FIB_DIR_DEPTH, m, h << FIB_STRIDE, 0, NULL);
}

/*
 * The data path's case, IPv4 through dir[] without plen, kept small
 * (few instructions and registers, no calls on the common paths) so
 * that the CPU can keep several independent lookups in flight.
 */
void *vrs_fib_lookup(const struct vrs_fib *t, const u8 *addr, u8 *plen)
{
	const unsigned long *dir = fib_load_acquire(&t->dir);
	const struct fib_node *n;
	unsigned long s, cm, i;
	unsigned int v, c;
	u64 a, m;

	if (!dir || plen || t->bits != 32)
		return fib_lookup_general(t, addr, plen);
	a = (u64)addr[0] << 56 | (u64)addr[1] << 48 | (u64)addr[2] << 40 |
	    (u64)addr[3] << 32;
	s = fib_deref(&dir[a >> (64 - FIB_DIR_BITS)]);
	if (!fib_is_node(s))
		return (void *)s;
	n = fib_to_node(s);
	a <<= FIB_DIR_BITS;
	v = a >> (64 - FIB_STRIDE);
	m = n->pbm & (fib_anc[v] | FIB_PBM_DEF);
	c = (n->cbm >> v) & 1;
	cm = 0 - (unsigned long)c;
	i = (fib_rank(n->cbm, v) & cm) |
	    (fib_pslot(n, fib_fls64(m) - 1) & ~cm);
	s = fib_deref(&n->slot[i]);
	if (likely(!(s & c & FIB_TAG_NODE)))
		return (void *)s;
	return fib_lookup_deep(n, s, m, a);
}

void *vrs_fib_get_exact(const struct vrs_fib *t, const u8 *addr,
			unsigned int plen)
{
	const struct fib_node *n = fib_load_acquire(&t->root);
	unsigned int d, v, idx;
	struct fib_key k;
	unsigned long s;

	if (plen > t->bits)
		return NULL;
	fib_key_load(&k, addr, t->bits);
	fib_key_mask(&k, plen);
	for (d = 0; d < plen / FIB_STRIDE; d++) {
		v = fib_chunk(&k, d);
		if (!(n->cbm & (1ULL << v)))
			return NULL;
		s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
		if (!fib_is_node(s)) {
			if ((d + 1) * FIB_STRIDE == plen)
				return (void *)s;
			return NULL;
		}
		n = fib_to_node(s);
	}
	idx = fib_pidx(fib_chunk(&k, d), plen % FIB_STRIDE);
	if (!(n->pbm & (1ULL << idx)))
		return NULL;
	s = fib_deref(&n->slot[fib_pslot(n, idx)]);
	return (void *)s;
}

unsigned long vrs_fib_count(const struct vrs_fib *t)
{
	return fib_deref(&t->count);
}

size_t vrs_fib_bytes(const struct vrs_fib *t)
{
	return fib_deref(&t->bytes);
}

unsigned int vrs_fib_addr_bits(const struct vrs_fib *t)
{
	return t->bits;
}
