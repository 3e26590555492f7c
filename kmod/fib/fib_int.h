/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRS FIB internals: a popcount-compressed multibit trie with 6-bit
 * strides (one 64-bit bitmap per node level, so one POPCNT per rank).
 *
 * A node at depth d covers address bits [6d, 6d + 6).  It holds:
 *  - cbm: bit v set if chunk value v has a child slot.  A child slot is
 *    either a tagged node pointer (depth d + 1) or a "fringe": the result
 *    of the prefix of length 6(d + 1) whose last chunk is v, stored
 *    directly when nothing longer lives below it (most IPv4 /24s and IPv6
 *    /48s end up as fringes, which keeps big tables small).
 *  - pbm: prefixes of length 6d + l, l in [0, 5], numbered as a complete
 *    binary tree: index (1 << l) | top l bits of the chunk, 1..63.
 * slot[] holds popcount(cbm) children followed by popcount(pbm) results,
 * both in bit order.  Nodes are immutable once published except for
 * single aligned slot stores (replace a result, swap a child pointer),
 * so readers never see a torn node.
 *
 * Direct pointing (large tables only): once a table holds dir_on
 * prefixes, dir[] (indexed by the top FIB_DIR_BITS = 3 strides of the
 * address) is allocated: 2^18 words for IPv4; for IPv6 only the 2^15
 * blocks of 2000::/3 (global unicast, where all announced IPv6 space
 * is), so that addresses elsewhere are answered at the root without
 * touching dir[].  The entry of the 18-bit block x, dir[x - base], is
 * the tagged depth-3 node covering block x if there is one; otherwise the block's answer itself:
 * the result of the longest prefix covering the whole block (a fringe or
 * an in-node prefix above it, pushed down), or 0.  A lookup then starts
 * at depth 3 instead of walking three levels.  For it to need nothing
 * from those levels, every depth-3 node carries pbm bit 0 (index 0 is
 * not a prefix index): its slot holds the inherited default, the result
 * of the longest prefix of length < 18 covering the node (or 0).  The
 * default is only maintained while dir[] exists (a full refresh runs when
 * dir[] is created); lookups that start at the root never look at bit 0
 * (fib_anc[] does not contain it).  The writer updates dir[] and the
 * defaults after each change, before retiring replaced nodes, with single
 * aligned stores: a lookup sees the old or the new answer.
 *
 * Invariants kept by the writer (they keep the trie canonical, so memory
 * does not leak across insert/delete cycles):
 *  - no node below the root is empty (bit 0 alone counts as empty);
 *  - no node below the root holds only pbm index 1 (plus bit 0) and no
 *    children (that prefix is stored as a fringe in the parent instead);
 *  - nodes at depth FIB_DIR_DEPTH have pbm bit 0 set, no others do.
 */
#ifndef VRS_FIB_INT_H
#define VRS_FIB_INT_H

#include "fib.h"

#define FIB_STRIDE	6
/* Nodes on the longest path: 128 / 6 rounded up, plus one. */
#define FIB_MAXDEPTH	22
#define FIB_TAG_NODE	1UL
#define FIB_TAG_MASK	3UL

/* Direct pointing of the top 3 strides (see above). */
#define FIB_DIR_DEPTH	3
#define FIB_DIR_BITS	(FIB_DIR_DEPTH * FIB_STRIDE)
#define FIB_DIR_SIZE	BIT(FIB_DIR_BITS)
/* IPv6 dir[]: 18-bit blocks FIB_DIR6_BASE.. (2000::/3), 2^15 of them */
#define FIB_DIR6_BASE	0x8000U
#define FIB_DIR6_SIZE	0x8000U
/* pbm bit 0 of depth-3 nodes: the inherited default. */
#define FIB_PBM_DEF	1ULL
/* dir[] appears at this many prefixes and goes below half of it. */
#define FIB_DIR_ON	65536

struct fib_node {
	u64 cbm;
	u64 pbm;
	unsigned long slot[];
};

struct vrs_fib {
	struct fib_node *root;		/* never NULL; release-published */
	unsigned long *dir;		/* NULL or fib_dir_size() entries */
	const struct vrs_fib_ops *ops;
	void *ctx;
	unsigned int bits;		/* 32 or 128 */
	unsigned int dir_on;		/* 0: never build dir[] */
	unsigned long count;
	size_t bytes;
};

/* First 18-bit block dir[] covers, and its number of entries. */
static inline u32 fib_dir_base(const struct vrs_fib *t)
{
	return t->bits == 32 ? 0 : FIB_DIR6_BASE;
}

static inline u32 fib_dir_size(const struct vrs_fib *t)
{
	return t->bits == 32 ? FIB_DIR_SIZE : FIB_DIR6_SIZE;
}

/* Address as a left-aligned 128-bit number. */
struct fib_key {
	u64 hi;
	u64 lo;
};

/* fib_anc[v]: pbm indices of all prefixes in a node that cover chunk v. */
extern const u64 fib_anc[64];

static inline bool fib_is_node(unsigned long s)
{
	return s & FIB_TAG_NODE;
}

static inline struct fib_node *fib_to_node(unsigned long s)
{
	return (struct fib_node *)(s - FIB_TAG_NODE);
}

static inline unsigned long fib_from_node(const struct fib_node *n)
{
	return (unsigned long)n + FIB_TAG_NODE;
}

static inline unsigned int fib_nslots(const struct fib_node *n)
{
	return fib_popcount64(n->cbm) + fib_popcount64(n->pbm);
}

static inline size_t fib_node_size(unsigned int nslots)
{
	return sizeof(struct fib_node) + nslots * sizeof(unsigned long);
}

/* Rank of bit b among the set bits of m below it. */
static inline unsigned int fib_rank(u64 m, unsigned int b)
{
	return fib_popcount64(m & ((1ULL << b) - 1));
}

/* 6-bit chunk of k at depth d (zero-padded past the end of the key). */
static inline unsigned int fib_chunk(const struct fib_key *k, unsigned int d)
{
	unsigned int p = d * FIB_STRIDE;

	if (p >= 64)
		return (k->lo << (p - 64)) >> 58;
	if (p <= 58)
		return (k->hi << p) >> 58;
	return ((k->hi << p) >> 58) | (k->lo >> (122 - p));
}

/* pbm index of a prefix of relative length l (< 6) ending in chunk v. */
static inline unsigned int fib_pidx(unsigned int v, unsigned int l)
{
	return (1U << l) | (v >> (FIB_STRIDE - l));
}

/* Slot of the in-node prefix with pbm index idx (bit idx set). */
static inline unsigned int fib_pslot(const struct fib_node *n,
				     unsigned int idx)
{
	return fib_popcount64(n->cbm) + fib_rank(n->pbm, idx);
}

/*
 * IPv6 lookups below dir[] go on from the depth-3 node with only the top
 * 64 address bits (depths 3 to 9, prefixes up to /60); deeper walks
 * continue here (n at depth d, best/bm: the longest match so far).
 */
void *fib6_deep(const struct fib_node *n, unsigned int d,
		const struct fib_node *best, u64 bm, u64 hi, u64 lo);
void fib_key_load(struct fib_key *k, const u8 *addr, unsigned int bits);
void fib_key_store(const struct fib_key *k, u8 *addr, unsigned int bits);
void fib_key_mask(struct fib_key *k, unsigned int plen);
void *fib_lookup_slow(const struct fib_node *root, u64 hi, u64 lo, u8 *plen);

#endif /* VRS_FIB_INT_H */
