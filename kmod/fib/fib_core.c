// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB: table lifetime, lockless lookups and statistics.
 * See fib_int.h for the data structure.
 */
#include "fib_lookup.h"

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
	if (!ops || !ops->alloc || !ops->free || !ops->free_deferred ||
	    !ops->gp_start != !ops->gp_done)
		return NULL;
	t = ops->alloc(sizeof(*t), ctx);
	if (!t)
		return NULL;
	t->ops = ops;
	t->ctx = ctx;
	t->mem = fib_mem_new(t, fib_mem_min_cap(), 0);
	if (!t->mem) {
		ops->free(t, ctx);
		return NULL;
	}
	root = fib_node_at(t->mem, FIB_TAG_NODE);
	root->cbm = 0;
	root->pbm = 0;
	t->mem->root = FIB_TAG_NODE;
	t->used = FIB_HDR_WORDS;
	t->garbage = 0;
	t->reuse = NULL;
	t->dir_on = FIB_DIR_ON;
	t->bits = family == VRS_FIB_AF_INET ? 32 : 128;
	t->count = 0;
	fib_mem_account(t);
	return t;
}

struct fib_destroy_arg {
	void (*cb)(const u8 *addr, unsigned int plen, u32 result, void *arg);
	void *arg;
};

static int fib_destroy_one(const u8 *addr, unsigned int plen, u32 result,
			   void *arg)
{
	struct fib_destroy_arg *da = arg;

	da->cb(addr, plen, result, da->arg);
	return 0;
}

void vrs_fib_destroy(struct vrs_fib *t,
		     void (*cb)(const u8 *addr, unsigned int plen,
				u32 result, void *arg),
		     void *arg)
{
	struct fib_destroy_arg da = { .cb = cb, .arg = arg };

	if (!t)
		return;
	if (cb)
		vrs_fib_walk_from(t, NULL, 0, fib_destroy_one, &da);
	fib_mem_destroy(t);
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
 * Returns the slot value of the answer (0: none).
 */
static __always_inline u32 fib_lookup_from(const struct fib_mem *mem,
					   const struct fib_node *n,
					   unsigned int d,
					   const struct fib_node *best,
					   unsigned int bd, u64 bm,
					   u64 hi, u64 lo, u8 *plen)
{
	unsigned int v, idx;
	u64 m;
	u32 s;

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
			return s;
		}
		n = fib_node_at(mem, s);
		hi = (hi << FIB_STRIDE) | (lo >> (64 - FIB_STRIDE));
		lo <<= FIB_STRIDE;
	}
	if (!bm)
		return 0;
	idx = fib_fls64(bm) - 1;
	if (plen)
		*plen = bd * FIB_STRIDE + fib_fls64(idx) - 1;
	return fib_deref(&best->slot[fib_pslot(best, idx)]);
}

/* From the root, ignoring inherited defaults. */
u32 fib_lookup_slow(const struct fib_mem *m, u64 hi, u64 lo, u8 *plen)
{
	const struct fib_node *root = fib_node_at(m, fib_load_acquire(&m->root));

	return fib_lookup_from(m, root, 0, root, 0, 0, hi, lo, plen);
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
static __always_inline u32 fib_lookup_dir(const struct fib_mem *mem, u32 x,
					  u64 hi, u64 lo, u8 *plen)
{
	u32 s = fib_deref(&mem->w[x]);
	const struct fib_node *n;
	unsigned int c, idx;
	unsigned long i;
	u64 m, h, l;

	if (!fib_is_node(s)) {
		if (plen && s)
			return fib_lookup_slow(mem, hi, lo, plen);
		return s;
	}
	n = fib_node_at(mem, s);
	h = (hi << FIB_DIR_BITS) | (lo >> (64 - FIB_DIR_BITS));
	l = lo << FIB_DIR_BITS;
	i = fib_dir_node_slot(n, h >> (64 - FIB_STRIDE), &m, &c);
	s = fib_deref(&n->slot[i]);
	if (likely(!(s & c & FIB_TAG_NODE))) {
		if (!plen)
			return s;
		if (c) {
			*plen = (FIB_DIR_DEPTH + 1) * FIB_STRIDE;
			return s;
		}
		idx = fib_fls64(m) - 1;
		if (idx) {
			*plen = FIB_DIR_BITS + fib_fls64(idx) - 1;
			return s;
		}
		return s ? fib_lookup_slow(mem, hi, lo, plen) : 0;
	}
	if (plen)
		return fib_lookup_slow(mem, hi, lo, plen);
	return fib_lookup_from(mem, fib_node_at(mem, s), FIB_DIR_DEPTH + 1, n,
			       FIB_DIR_DEPTH, m,
			       (h << FIB_STRIDE) | (l >> (64 - FIB_STRIDE)),
			       l << FIB_STRIDE, NULL);
}

noinline u32 fib6_deep(const struct fib_mem *mem, const struct fib_node *n,
		       unsigned int d, const struct fib_node *best, u64 bm,
		       u64 hi, u64 lo)
{
	unsigned int sh = FIB_STRIDE * d;

	return fib_lookup_from(mem, n, d, best, 0, bm,
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

static __always_inline u32 fib_lookup6_dir(const struct fib_mem *mem, u32 x,
					   u64 hi, u64 lo)
{
	u32 s = fib_deref(&mem->w[x]);
	const struct fib_node *n, *best;
	u64 bm = FIB_PBM_DEF, m, h = hi << FIB_DIR_BITS;
	unsigned int v, d;

	if (!fib_is_node(s))
		return s;
	n = fib_node_at(mem, s);
	/* fib_prefetch_node() without the header, which is read next */
	fib_prefetch((const u8 *)n + 64);
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
			return s;
		n = fib_node_at(mem, s);
		fib_prefetch((const u8 *)n + 64);
		h <<= FIB_STRIDE;
	}
	if (unlikely(d == FIB6_HI_DEPTH))
		return fib6_deep(mem, n, d, best, bm, hi, lo);
	return fib_deref(&best->slot[fib_pslot(best, fib_fls64(bm) - 1)]);
}

noinline u32 fib_lookup_general(const struct vrs_fib *t,
				const struct fib_mem *mem, const u8 *addr,
				u8 *plen)
{
	const struct fib_node *root;
	struct fib_key k;
	u32 x;

	if (t->bits == 32) {
		u64 a = (u64)fib_load_be32(addr) << 32;

		if (mem->ndir)
			return fib_lookup_dir(mem, a >> (64 - FIB_DIR_BITS), a,
					      0, plen);
		return fib_lookup_slow(mem, a, 0, plen);
	}
	k.hi = fib_load_be64(addr);
	k.lo = fib_load_be64(addr + 8);
	/* dir[] covers 2000::/3 only */
	x = (k.hi >> (64 - FIB_DIR_BITS)) - FIB_DIR6_BASE;
	if (mem->ndir && x < FIB_DIR6_SIZE) {
		if (!plen)
			return fib_lookup6_dir(mem, x, k.hi, k.lo);
		return fib_lookup_dir(mem, x, k.hi, k.lo, plen);
	}
	root = fib_node_at(mem, fib_load_acquire(&mem->root));
	return fib_lookup_from(mem, root, 0, root, 0, 0, k.hi, k.lo, plen);
}

noinline u32 fib_lookup4_deep(const struct fib_mem *mem,
			      const struct fib_node *n, u32 s, u64 m, u64 a)
{
	return fib_lookup_from(mem, fib_node_at(mem, s), FIB_DIR_DEPTH + 1, n,
			       FIB_DIR_DEPTH, m, a << FIB_STRIDE, 0, NULL);
}

u32 vrs_fib_lookup(const struct vrs_fib *t, const u8 *addr, u8 *plen)
{
	if (plen)
		return fib_slot_res(fib_lookup_general(t,
						       fib_load_acquire(&t->mem),
						       addr, plen));
	return vrs_fib_lookup_inline(t, addr);
}

u32 vrs_fib_get_exact(const struct vrs_fib *t, const u8 *addr,
		      unsigned int plen)
{
	const struct fib_mem *mem = fib_load_acquire(&t->mem);
	const struct fib_node *n;
	unsigned int d, v, idx;
	struct fib_key k;
	u32 s;

	if (plen > t->bits)
		return 0;
	n = fib_node_at(mem, fib_load_acquire(&mem->root));
	fib_key_load(&k, addr, t->bits);
	fib_key_mask(&k, plen);
	for (d = 0; d < plen / FIB_STRIDE; d++) {
		v = fib_chunk(&k, d);
		if (!(n->cbm & (1ULL << v)))
			return 0;
		s = fib_deref(&n->slot[fib_rank(n->cbm, v)]);
		if (!fib_is_node(s)) {
			if ((d + 1) * FIB_STRIDE == plen)
				return fib_slot_res(s);
			return 0;
		}
		n = fib_node_at(mem, s);
	}
	idx = fib_pidx(fib_chunk(&k, d), plen % FIB_STRIDE);
	if (!(n->pbm & (1ULL << idx)))
		return 0;
	return fib_slot_res(fib_deref(&n->slot[fib_pslot(n, idx)]));
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
