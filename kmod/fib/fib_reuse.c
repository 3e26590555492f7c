// SPDX-License-Identifier: GPL-2.0
/*
 * VRS FIB memory reuse: space of a replaced node cannot be reused at once
 * (a reader may still be on it).  It waits in "limbo" with a grace-period
 * cookie from the host's gp ops, then joins the free list of its size:
 * nodes come in few sizes, and a node that grows by one slot mostly takes
 * the space another node just left.  What this does not absorb,
 * compaction reclaims (fib_mem.c).
 */
#include "fib_int.h"

/* Free lists by node size: class = words / 2 (nodes are 4..132 words). */
#define FIB_CLASSES	(FIB_HDR_WORDS / 2 + 65)
#define FIB_LIMBO_MIN	8U
/*
 * Below this many live words a table does without the reuse lists (they
 * would cost more than the table): compacting it is cheap anyway.
 */
#define FIB_REUSE_MIN	2048U

struct fib_limbo {
	unsigned long cookie;
	u32 off;
	u32 words;
};

struct fib_reuse {
	u32 head[FIB_CLASSES];		/* word offset, linked by w[off] */
	struct fib_limbo *limbo;	/* ring, oldest at first */
	u32 lcap, lfirst, llen;
};

size_t fib_reuse_bytes(const struct vrs_fib *t)
{
	const struct fib_reuse *r = t->reuse;

	if (!r)
		return 0;
	return fib_alloc_bytes(t, sizeof(*r)) +
	       (r->lcap ? fib_alloc_bytes(t, r->lcap * sizeof(*r->limbo)) : 0);
}

static void fib_reuse_reset(struct fib_reuse *r)
{
	unsigned int c;

	for (c = 0; c < FIB_CLASSES; c++)
		r->head[c] = FIB_NONE;
	r->lfirst = 0;
	r->llen = 0;
}

static struct fib_reuse *fib_reuse_get(struct vrs_fib *t)
{
	struct fib_reuse *r = t->reuse;

	if (r || !t->ops->gp_done ||
	    t->used - t->garbage - t->mem->ndir < FIB_REUSE_MIN)
		return r;
	r = t->ops->alloc(sizeof(*r), t->ctx);
	if (!r)
		return NULL;
	r->limbo = NULL;
	r->lcap = 0;
	fib_reuse_reset(r);
	t->reuse = r;
	fib_mem_account(t);
	return r;
}

/* Room for one more limbo entry; false if it cannot be had. */
static bool fib_limbo_room(struct vrs_fib *t, struct fib_reuse *r)
{
	u32 cap = r->lcap ? 2 * r->lcap : FIB_LIMBO_MIN, i;
	struct fib_limbo *l;

	if (r->llen < r->lcap)
		return true;
	if (r->lcap > U32_MAX / 4)
		return false;
	l = t->ops->alloc(cap * sizeof(*l), t->ctx);
	if (!l)
		return false;
	for (i = 0; i < r->llen; i++)
		l[i] = r->limbo[(r->lfirst + i) % r->lcap];
	if (r->limbo)
		t->ops->free(r->limbo, t->ctx);
	r->limbo = l;
	r->lcap = cap;
	r->lfirst = 0;
	fib_mem_account(t);
	return true;
}

unsigned long fib_reuse_gp_start(struct vrs_fib *t)
{
	return t->ops->gp_start ? t->ops->gp_start(t->ctx) : 0;
}

/*
 * Node ref was unlinked before cookie was taken: garbage now, free space
 * once the grace period is over (if the host tells us; else, or if the
 * limbo cannot grow, compaction reclaims it).
 */
void fib_reuse_retire(struct vrs_fib *t, u32 ref, unsigned long cookie)
{
	u32 words = fib_node_words(fib_nslots(fib_node_at(t->mem, ref)));
	struct fib_reuse *r = fib_reuse_get(t);

	t->garbage += words;
	if (!r || !fib_limbo_room(t, r))
		return;
	r->limbo[(r->lfirst + r->llen) % r->lcap] = (struct fib_limbo) {
		.cookie = cookie, .off = ref - FIB_TAG_NODE, .words = words,
	};
	r->llen++;
}

/* Limbo entries whose grace period is over join the free lists. */
static void fib_limbo_drain(struct vrs_fib *t, struct fib_reuse *r)
{
	const struct fib_limbo *l;

	while (r->llen) {
		l = &r->limbo[r->lfirst];
		if (!t->ops->gp_done(l->cookie, t->ctx))
			break;
		t->mem->w[l->off] = r->head[l->words / 2];
		r->head[l->words / 2] = l->off;
		r->lfirst = (r->lfirst + 1) % r->lcap;
		r->llen--;
	}
}

/* Free space of exactly this size, or FIB_NONE. */
u32 fib_reuse_take(struct vrs_fib *t, u32 words)
{
	struct fib_reuse *r = t->reuse;
	u32 off;

	if (!r)
		return FIB_NONE;
	fib_limbo_drain(t, r);
	off = r->head[words / 2];
	if (off != FIB_NONE) {
		r->head[words / 2] = t->mem->w[off];
		t->garbage -= words;
	}
	return off;
}

void fib_reuse_free(struct vrs_fib *t)
{
	struct fib_reuse *r = t->reuse;

	if (!r)
		return;
	if (r->limbo)
		t->ops->free(r->limbo, t->ctx);
	t->ops->free(r, t->ctx);
	t->reuse = NULL;
}

/* After a compaction: what the lists held was in the old block. */
void fib_reuse_compacted(struct vrs_fib *t, u32 live)
{
	if (live < FIB_REUSE_MIN)
		fib_reuse_free(t);
	else if (t->reuse)
		fib_reuse_reset(t->reuse);
}
