// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB memory: the one block of 32-bit words a table's nodes and
 * dir[] live in (struct fib_mem, fib_int.h).
 *
 * Why one block: with nodes addressed by 32-bit offsets and results by
 * 32-bit handles, a slot is 4 bytes instead of 8, which halves the table
 * and keeps a full BGP table mostly in cache; per-node allocations would
 * also cost an allocator header each.
 *
 * Space of replaced nodes is reused after a grace period (fib_reuse.c).
 * Without the host's gp ops, and for what the free lists do not absorb,
 * the block is compacted once unused space exceeds an eighth of what is
 * live: copying is linear, so that costs about eight words copied per
 * word reclaimed.
 */
#include "fib_int.h"

/* Spare words a new block gets beyond what it must hold. */
#define FIB_SLACK_MIN	16U
#define FIB_SLACK_DIV	8U
/*
 * Words one insert or delete may append: a rebuilt node (at most 64
 * children, 63 prefixes, the default) and a chain of small nodes down to
 * /128.  Small tables get less slack than this and simply grow.
 */
#define FIB_UPD_WORDS	(2 * (FIB_HDR_WORDS + 128) + FIB_MAXDEPTH * 8)

static u32 fib_slack(u32 words)
{
	return words / FIB_SLACK_DIV + FIB_SLACK_MIN;
}

/* Free words below which settling compacts rather than let a change grow. */
static u32 fib_reserve_words(u32 live)
{
	u32 half = fib_slack(live) / 2;

	return half < FIB_UPD_WORDS ? half : FIB_UPD_WORDS;
}

/* The block of a new or emptied table: the root and some slack. */
static size_t fib_round_up(size_t size, size_t unit)
{
	return (size + unit - 1) / unit * unit;
}

/*
 * The huge rounding is decided on the page-rounded size: deciding it on
 * size itself made a page-rounded result round again to a huge page
 * (sizes within a page below 8/9 of a huge multiple).
 */
size_t vrs_fib_round_pages(size_t size, size_t page, size_t huge)
{
	size_t h;

	size = fib_round_up(size, page);
	h = fib_round_up(size, huge);
	return h - size <= size / 8 ? h : size;
}

u32 fib_mem_min_cap(void)
{
	return FIB_HDR_WORDS + fib_slack(FIB_HDR_WORDS);
}

void fib_mem_account(struct vrs_fib *t)
{
	fib_store(&t->bytes, fib_alloc_bytes(t, sizeof(*t)) +
		  fib_alloc_bytes(t, fib_mem_size(t->mem->cap)) +
		  fib_reuse_bytes(t));
}

void fib_mem_destroy(struct vrs_fib *t)
{
	fib_reuse_free(t);
	t->ops->free_deferred(t->mem, t->ctx);
}

/* Largest block: fib_mem_reserve() keeps used + words below this. */
#define FIB_CAP_MAX	(U32_MAX / 2)

/* Words a block asked for cap words gets: all the allocator gives. */
static u32 fib_mem_cap(const struct vrs_fib *t, u32 cap)
{
	size_t real;

	if (!t->ops->alloc_size)
		return cap;
	real = t->ops->alloc_size(fib_mem_size(cap), t->ctx);
	if (real <= fib_mem_size(cap))
		return cap;
	real = (real - sizeof(struct fib_mem)) / sizeof(u32);
	return real <= FIB_CAP_MAX ? real : cap;
}

struct fib_mem *fib_mem_new(struct vrs_fib *t, u32 cap, u32 ndir)
{
	struct fib_mem *m;

	cap = fib_mem_cap(t, cap);
	m = t->ops->alloc(fib_mem_size(cap), t->ctx);

	if (!m)
		return NULL;
	m->root = 0;
	m->ndir = ndir;
	m->cap = cap;
	m->pad = 0;
	return m;
}

/* Make m the table's block; the old one goes once readers are done. */
static void fib_mem_publish(struct vrs_fib *t, struct fib_mem *m)
{
	struct fib_mem *old = t->mem;

	fib_store_release(&t->mem, m);
	t->ops->free_deferred(old, t->ctx);
	fib_mem_account(t);
}

/*
 * Room for words more words.  Growing copies the block as it is, so
 * every reference (including those of nodes the current update has
 * built but not yet linked) stays valid; node pointers do not.
 */
static int fib_mem_reserve(struct vrs_fib *t, u32 words)
{
	const struct fib_mem *cur = t->mem;
	struct fib_mem *m;
	u32 need;

	if (cur->cap - t->used >= words)
		return 0;
	if (words > U32_MAX / 2 - t->used)
		return -ENOMEM;
	need = t->used + words;
	m = fib_mem_new(t, need + fib_slack(need), cur->ndir);
	if (!m)
		return -ENOMEM;
	m->root = cur->root;
	memcpy(m->w, cur->w, (size_t)t->used * sizeof(u32));
	fib_mem_publish(t, m);
	return 0;
}

/*
 * A node of the given size at the end of the block: its reference, or 0
 * if the block could not grow.  May move the block (see above).
 */
u32 fib_mem_alloc(struct vrs_fib *t, u32 words)
{
	u32 off = fib_reuse_take(t, words);

	if (off != FIB_NONE)
		return off + FIB_TAG_NODE;
	off = t->used;
	if (fib_mem_reserve(t, words))
		return 0;
	t->used += words;
	return off + FIB_TAG_NODE;
}

/* Node ref was never linked: garbage, for compaction to reclaim. */
void fib_mem_release(struct vrs_fib *t, u32 ref)
{
	t->garbage += fib_node_words(fib_nslots(fib_node_at(t->mem, ref)));
}

/* Where a compaction copies to, and dir[] entries to redirect. */
struct fib_copy {
	const struct fib_mem *src;
	struct fib_mem *dst;
	u32 used;
	u32 dir_base;		/* 18-bit block of dst->w[0] */
};

/*
 * Copy the subtree at ref (depth d, first 18-bit block x0 under it) and
 * return its new reference.  Depth-first order puts a node's children
 * right after it, and it reaches the depth-3 nodes in block order, which
 * is when their dir[] entries (copied from the old block) are pointed at
 * the new copies: no need to recompute dir[].  Recursion depth is bounded
 * by FIB_MAXDEPTH.
 */
static u32 fib_copy_subtree(struct fib_copy *cp, u32 ref, unsigned int d,
			    u32 x0)
{
	const struct fib_node *n = fib_node_at(cp->src, ref);
	unsigned int i, ns = fib_nslots(n), nc = fib_popcount64(n->cbm);
	u32 words = fib_node_words(ns), nref = cp->used + FIB_TAG_NODE;
	struct fib_node *c = fib_node_at(cp->dst, nref);
	unsigned int sh = FIB_STRIDE * (FIB_DIR_DEPTH - 1 - d);
	u64 m = n->cbm;
	u32 x;

	cp->used += words;
	memcpy(c, n, (FIB_HDR_WORDS + ns) * sizeof(u32));
	if (words > FIB_HDR_WORDS + ns)
		c->slot[ns] = 0;	/* alignment padding */
	for (i = 0; i < nc; i++, m &= m - 1) {
		if (!fib_is_node(c->slot[i]))
			continue;
		x = d < FIB_DIR_DEPTH ? x0 + (fib_ffs64(m) << sh) : 0;
		c->slot[i] = fib_copy_subtree(cp, c->slot[i], d + 1, x);
		if (d + 1 == FIB_DIR_DEPTH && cp->dst->ndir &&
		    x - cp->dir_base < cp->dst->ndir)
			cp->dst->w[x - cp->dir_base] = c->slot[i];
	}
	return nref;
}

/*
 * Copy what is reachable into a new block, with or without dir[], and
 * publish it.  Failing is harmless: the table keeps its block.
 */
static void fib_mem_compact(struct vrs_fib *t, bool dir)
{
	struct fib_copy cp = { .src = t->mem, .dir_base = fib_dir_base(t) };
	u32 ndir = dir ? fib_dir_size(t) : 0;
	u32 live = t->used - t->garbage - cp.src->ndir;

	cp.dst = fib_mem_new(t, ndir + live + fib_slack(live), ndir);
	if (!cp.dst)
		return;
	cp.used = ndir;
	if (ndir && cp.src->ndir)
		memcpy(cp.dst->w, cp.src->w, ndir * sizeof(u32));
	cp.dst->root = fib_copy_subtree(&cp, cp.src->root, 0, 0);
	if (dir && !cp.src->ndir)
		fib_dir_build(t, cp.dst);
	t->used = cp.used;
	t->garbage = 0;
	fib_reuse_compacted(t, live);
	fib_mem_publish(t, cp.dst);
}

/*
 * At the end of every change: dir[] comes and goes with the table's size
 * (a new block with or without it), and garbage is compacted away.
 */
void fib_mem_settle(struct vrs_fib *t)
{
	bool has = t->mem->ndir != 0, want;
	u32 live = t->used - t->garbage - t->mem->ndir;

	want = t->dir_on && t->count &&
	       t->count >= (has ? t->dir_on / 2 : t->dir_on);
	/*
	 * Compact when garbage passes its share, when the next change
	 * might have to grow the block (growing copies it too, without
	 * dropping garbage), and an emptied table back to a new one's size.
	 */
	if (want != has || t->garbage > live / FIB_SLACK_DIV + FIB_SLACK_MIN ||
	    t->mem->cap - t->used < fib_reserve_words(live) ||
	    (!t->count && t->mem->cap != fib_mem_cap(t, fib_mem_min_cap())))
		fib_mem_compact(t, want);
}
