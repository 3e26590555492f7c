/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRS FIB internals: a popcount-compressed multibit trie with 6-bit
 * strides (one 64-bit bitmap per node level, so one POPCNT per rank).
 *
 * A node at depth d covers address bits [6d, 6d + 6).  It holds:
 *  - cbm: bit v set if chunk value v has a child slot.  A child slot is
 *    either a node reference (depth d + 1) or a "fringe": the result
 *    of the prefix of length 6(d + 1) whose last chunk is v, stored
 *    directly when nothing longer lives below it (most IPv4 /24s and IPv6
 *    /48s end up as fringes, which keeps big tables small).
 *  - pbm: prefixes of length 6d + l, l in [0, 5], numbered as a complete
 *    binary tree: index (1 << l) | top l bits of the chunk, 1..63.
 * slot[] holds popcount(cbm) children followed by popcount(pbm) results,
 * both in bit order.  Nodes are immutable once published except for
 * single aligned slot stores (replace a result, swap a child reference),
 * so readers never see a torn node.  Slots are 32 bits (struct fib_mem).
 *
 * Direct pointing (large tables only): once a table holds dir_on
 * prefixes, dir[] (indexed by the top FIB_DIR_BITS = 3 strides of the
 * address) is set up at the start of the block (a compaction makes room
 * for it): 2^18 words for IPv4; for IPv6 only the 2^15
 * blocks of 2000::/3 (global unicast, where all announced IPv6 space
 * is), so that addresses elsewhere are answered at the root without
 * touching dir[].  The entry of the 18-bit block x, dir[x - base], is
 * the reference of the depth-3 node covering block x if there is one;
 * otherwise the block's answer itself: the slot value of the longest
 * prefix covering the whole block (a fringe or
 * an in-node prefix above it, pushed down), or 0.  A lookup then starts
 * at depth 3 instead of walking three levels.  For it to need nothing
 * from those levels, every depth-3 node carries pbm bit 0 (index 0 is
 * not a prefix index): its slot holds the inherited default, the result
 * of the longest prefix of length < 18 covering the node (or 0).  The
 * default is only maintained while dir[] exists (a full refresh runs when
 * dir[] is set up); lookups that start at the root never look at bit 0
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
/* Slot tag: a node reference (else a result handle shifted left by 1). */
#define FIB_TAG_NODE	1U

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

/* Header words of a node (cbm, pbm); nodes start on even words. */
#define FIB_HDR_WORDS	4

struct fib_node {
	u64 cbm;
	u64 pbm;
	u32 slot[];
};

/*
 * The block all nodes of a table live in.  w[] holds dir[] (ndir
 * entries, if any) from word 0, then the nodes, each FIB_HDR_WORDS plus
 * its slots, rounded up to an even number of words so that cbm/pbm are
 * 8-byte aligned.  A slot (and a dir[] entry) is either a node
 * reference, the node's word offset + FIB_TAG_NODE, or a result handle
 * h stored as h << 1 (0: no result).  Nodes are never moved or reused
 * inside a block: a change appends the nodes it rewrites; growing copies
 * the block as it is (offsets stay valid), compaction copies only what
 * is reachable into a new block.  Either way the new block is published
 * by one release store of vrs_fib.mem and the old one goes to
 * free_deferred, so a reader works on one consistent block throughout.
 */
struct fib_mem {
	u32 root;		/* reference of the root; release-published */
	u32 ndir;		/* dir[] entries at w[0]; 0: no dir[] */
	u32 cap;		/* words in w[] */
	u32 pad;
	u32 w[];
};

struct fib_reuse;

struct vrs_fib {
	struct fib_mem *mem;		/* never NULL; release-published */
	const struct vrs_fib_ops *ops;
	void *ctx;
	unsigned int bits;		/* 32 or 128 */
	unsigned int dir_on;		/* 0: never build dir[] */
	unsigned long count;
	size_t bytes;
	/* writer only */
	u32 used;			/* words of w[] in use */
	u32 garbage;			/* of those, not in the table */
	struct fib_reuse *reuse;	/* NULL until a node is freed */
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

/*
 * Block m has an IPv4 dir[] (the sizes differ, so the data path tells an
 * IPv4 table with dir[] by one compare, without reading the table).
 */
static inline bool fib_mem_dir4(const struct fib_mem *m)
{
	return m->ndir == FIB_DIR_SIZE;
}

static_assert(FIB_DIR6_SIZE != FIB_DIR_SIZE, "fib_mem_dir4() tells by size");

/*
 * Start fetching node n: its header and the next cache line, where the
 * slot a lookup reads is most of the time when it is not in the header's
 * line (nodes start on any 8-byte boundary).  Both lines arrive together
 * instead of one after the other (IPv6 lookups: 1.1-1.15x, bench/fib.md).
 */
static inline void fib_prefetch_node(const struct fib_node *n)
{
	fib_prefetch(n);
	fib_prefetch((const u8 *)n + 64);
}

static inline bool fib_is_node(u32 s)
{
	return s & FIB_TAG_NODE;
}

static inline struct fib_node *fib_node_at(const struct fib_mem *m, u32 s)
{
	return (struct fib_node *)&m->w[s - FIB_TAG_NODE];
}

static inline u32 fib_ref(const struct fib_mem *m, const struct fib_node *n)
{
	return (u32)((const u32 *)n - m->w) + FIB_TAG_NODE;
}

/* Slot value of result handle h, and back (0 stays 0). */
static inline u32 fib_res_slot(u32 h)
{
	return h << 1;
}

static inline u32 fib_slot_res(u32 s)
{
	return s >> 1;
}

static inline unsigned int fib_nslots(const struct fib_node *n)
{
	return fib_popcount64(n->cbm) + fib_popcount64(n->pbm);
}

static inline u32 fib_node_words(unsigned int nslots)
{
	return (FIB_HDR_WORDS + nslots + 1) & ~1U;
}

static inline size_t fib_mem_size(u32 cap)
{
	return sizeof(struct fib_mem) + (size_t)cap * sizeof(u32);
}

/* Bytes an allocation of size takes (vrs_fib_ops.alloc_size). */
static inline size_t fib_alloc_bytes(const struct vrs_fib *t, size_t size)
{
	return t->ops->alloc_size ? t->ops->alloc_size(size, t->ctx) : size;
}

/* Address as a left-aligned 128-bit number. */
struct fib_key {
	u64 hi;
	u64 lo;
};

/* fib_anc[v]: pbm indices of all prefixes in a node that cover chunk v. */
extern const u64 fib_anc[64];

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
 * The slot a lookup of chunk v reads in depth-3 node n (one that dir[]
 * points to): chunk v's child slot if cbm has it, else the slot of the
 * longest in-node prefix covering v, or of the inherited default (bit 0,
 * always set).  Chosen without a branch: one on *c would mispredict
 * about a third of the time.  *m: the node's prefixes covering v, with
 * bit 0; *c: 1 if the slot is a child slot (then it may be a node).
 */
static __always_inline unsigned long fib_dir_node_slot(const struct fib_node *n,
						       unsigned int v, u64 *m,
						       unsigned int *c)
{
	unsigned long cm;

	*m = n->pbm & (fib_anc[v] | FIB_PBM_DEF);
	*c = (n->cbm >> v) & 1;
	cm = 0 - (unsigned long)*c;
	return (fib_rank(n->cbm, v) & cm) |
	       (fib_pslot(n, fib_fls64(*m) - 1) & ~cm);
}

/*
 * IPv6 lookups below dir[] go on from the depth-3 node with only the top
 * 64 address bits (depths 3 to 9, prefixes up to /60); deeper walks
 * continue here (n at depth d, best/bm: the longest match so far).
 * Lookups return the slot value of the answer (fib_slot_res() of it is
 * the handle).
 */
u32 fib6_deep(const struct fib_mem *m, const struct fib_node *n,
	      unsigned int d, const struct fib_node *best, u64 bm, u64 hi,
	      u64 lo);
void fib_key_load(struct fib_key *k, const u8 *addr, unsigned int bits);
void fib_key_store(const struct fib_key *k, u8 *addr, unsigned int bits);
void fib_key_mask(struct fib_key *k, unsigned int plen);
u32 fib_lookup_slow(const struct fib_mem *m, u64 hi, u64 lo, u8 *plen);

/* fib_mem.c: the block */
u32 fib_mem_min_cap(void);
struct fib_mem *fib_mem_new(struct vrs_fib *t, u32 cap, u32 ndir);
u32 fib_mem_alloc(struct vrs_fib *t, u32 words);
void fib_mem_release(struct vrs_fib *t, u32 ref);
void fib_mem_destroy(struct vrs_fib *t);
void fib_mem_settle(struct vrs_fib *t);
void fib_mem_account(struct vrs_fib *t);
void fib_dir_build(struct vrs_fib *t, struct fib_mem *m);

/* fib_reuse.c: space of retired nodes, free after a grace period */
#define FIB_NONE	U32_MAX
size_t fib_reuse_bytes(const struct vrs_fib *t);
/* Free space of exactly this size, or FIB_NONE. */
u32 fib_reuse_take(struct vrs_fib *t, u32 words);
void fib_reuse_compacted(struct vrs_fib *t, u32 live);
unsigned long fib_reuse_gp_start(struct vrs_fib *t);
void fib_reuse_retire(struct vrs_fib *t, u32 ref, unsigned long cookie);
void fib_reuse_free(struct vrs_fib *t);

#endif /* VRS_FIB_INT_H */
