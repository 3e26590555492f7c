// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency test: reader threads do lookups and walks without locks
 * while one writer inserts, replaces and deletes.  A small userspace RCU
 * stand-in (per-reader epoch counters, grace period = every reader is
 * outside or has entered after the period began) defers every free the
 * FIB hands to free_deferred (its node blocks, retired when the writer
 * grows or compacts them), and also the release of the test's result
 * handles: a handle indexes routes[], and its slot is only poisoned and
 * reused after a grace period, as the data path does with route entries.
 *
 * Readers check that every result is 0 or the handle of a live route
 * whose prefix covers the address with the reported length, that
 * "anchor" prefixes the writer never touches are never lost, and that
 * walks are strictly ordered with consistent results.  The "big" runs
 * fill a 200k-prefix table and churn it while the readers run, so the
 * readers see the block grow and be compacted under them many times.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testlib.h"
#include "ref.h"

#define NREADERS	2
#define ROUTE_MAGIC	0x524f555445ULL
#define NANCHOR		64
#define NCAND		4000
#define NBIG		200000	/* prefixes of the big table */
#define NROUTES		(1 << 19)	/* handles: anchors + live + deferred */
/* free_deferred() of at least this many bytes: a retired node block */
#define BIG_BLOCK	(64 << 10)

struct route {
	uint64_t magic;
	uint8_t addr[16];
	unsigned int plen;
};

/* Route entries by handle; handles 1..NANCHOR are the anchors. */
static struct route routes[NROUTES];

/* --- userspace RCU stand-in ------------------------------------------ */

struct reader_state {
	uint64_t epoch;		/* 0: outside a read-side section */
	char pad[56];
};

static uint64_t gp_epoch = 1;
static uint64_t gp_completed;	/* last grace period over (writer only) */
static struct reader_state readers[NREADERS];

static void rcu_read_lock(int id)
{
	__atomic_store_n(&readers[id].epoch,
			 __atomic_load_n(&gp_epoch, __ATOMIC_SEQ_CST),
			 __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void rcu_read_unlock(int id)
{
	__atomic_store_n(&readers[id].epoch, 0, __ATOMIC_RELEASE);
}

static void synchronize_rcu(void)
{
	uint64_t g = __atomic_add_fetch(&gp_epoch, 1, __ATOMIC_SEQ_CST);
	int i;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < NREADERS; i++) {
		for (;;) {
			uint64_t e = __atomic_load_n(&readers[i].epoch,
						     __ATOMIC_ACQUIRE);

			if (!e || e >= g)
				break;
			sched_yield();
		}
	}
	gp_completed = g;
}

/*
 * Polled grace periods (get_state_synchronize_rcu() and
 * poll_state_synchronize_rcu() in the kernel): a reader still inside
 * since before the cookie was taken has an epoch <= cookie, so grace
 * period cookie + 1 waited for it.
 */
static unsigned long gp_cookie(void)
{
	return __atomic_load_n(&gp_epoch, __ATOMIC_SEQ_CST);
}

static bool gp_over(unsigned long cookie)
{
	return gp_completed > cookie;
}

/*
 * Only the writer defers frees and handle releases, so the pending lists
 * need no lock.  Freed handles go to the free stack after the grace
 * period; the writer takes new handles from it.
 */
struct deferred {
	void **v;
	size_t n, cap;
	u32 *h;			/* handles to release */
	size_t nh, caph;
	u32 *free_h;		/* stack of free handles */
	size_t nfree;
	long freed, released;
	long blocks;		/* big blocks retired (growth/compaction) */
	size_t max_block;
	long gp_polls, gp_over;	/* gp_done() calls, and how many said yes */
};

static void defer(struct deferred *d, void *p)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = p;
}

static void defer_handle(struct deferred *d, u32 h)
{
	if (h <= NANCHOR || h >= NROUTES) {
		printf("# writer got back bad handle %#x\n", h);
		abort();
	}
	if (d->nh == d->caph) {
		d->caph = d->caph ? 2 * d->caph : 1024;
		d->h = realloc(d->h, d->caph * sizeof(*d->h));
	}
	d->h[d->nh++] = h;
}

static void handles_init(struct deferred *d)
{
	u32 h;

	d->free_h = malloc(NROUTES * sizeof(*d->free_h));
	d->nfree = 0;
	for (h = NROUTES - 1; h > NANCHOR; h--) {
		routes[h].magic = 0xdead;
		d->free_h[d->nfree++] = h;
	}
}

static u32 new_handle(struct deferred *d, const uint8_t *a,
		      unsigned int plen, unsigned int bits)
{
	struct route *rt;
	u32 h;

	if (!d->nfree) {
		printf("# out of handles\n");
		abort();
	}
	h = d->free_h[--d->nfree];
	rt = &routes[h];
	memcpy(rt->addr, a, 16);
	ref_mask(rt->addr, plen, bits);
	rt->plen = plen;
	rt->magic = ROUTE_MAGIC;
	return h;
}

/*
 * Back to the free stack, poisoned: a handle that never got into the
 * table, or one whose grace period is over.
 */
static void put_handle(struct deferred *d, u32 h)
{
	routes[h].magic = 0xdead;
	d->free_h[d->nfree++] = h;
}

static size_t blk_size(void *p)
{
	return ((size_t *)p)[-2];
}

static void flush_deferred(struct deferred *d)
{
	size_t i;

	synchronize_rcu();
	for (i = 0; i < d->n; i++)
		free((size_t *)d->v[i] - 2);
	/* poison route entries so a late reader would notice */
	for (i = 0; i < d->nh; i++)
		put_handle(d, d->h[i]);
	d->freed += d->n;
	d->released += d->nh;
	d->n = 0;
	d->nh = 0;
}

/* 16-byte header with the size, so retired blocks can be told apart. */
static void *u_alloc(size_t size, void *ctx)
{
	size_t *p = malloc(size + 16);

	(void)ctx;
	if (!p)
		return NULL;
	p[0] = size;
	return p + 2;
}

static void u_free(void *p, void *ctx)
{
	(void)ctx;
	free((size_t *)p - 2);
}

static void u_free_deferred(void *p, void *ctx)
{
	struct deferred *d = ctx;

	if (blk_size(p) >= BIG_BLOCK) {
		d->blocks++;
		if (blk_size(p) > d->max_block)
			d->max_block = blk_size(p);
	}
	defer(d, p);
}

static unsigned long u_gp_start(void *ctx)
{
	(void)ctx;
	return gp_cookie();
}

static bool u_gp_done(unsigned long cookie, void *ctx)
{
	struct deferred *d = ctx;
	bool over = gp_over(cookie);

	d->gp_polls++;
	d->gp_over += over;
	return over;
}

static const struct vrs_fib_ops rcu_ops = {
	.alloc = u_alloc,
	.free = u_free,
	.free_deferred = u_free_deferred,
};

/* The same with grace-period polling: freed nodes are reused. */
static const struct vrs_fib_ops rcu_gp_ops = {
	.alloc = u_alloc,
	.free = u_free,
	.free_deferred = u_free_deferred,
	.gp_start = u_gp_start,
	.gp_done = u_gp_done,
};

/* --- test ------------------------------------------------------------ */

struct pfx_ent {
	uint8_t addr[16];
	unsigned int plen;
};

struct shared {
	struct vrs_fib *t;
	unsigned int bits;
	const struct pfx_ent *pool;	/* readers aim inside these too */
	size_t npool;			/* release-published */
	int stop;
	long lookups, walks, bad;
};

static void set_prefix_bits(uint8_t *a, const uint8_t *p, unsigned int plen)
{
	unsigned int b;

	for (b = 0; b < plen; b++) {
		a[b / 8] &= ~(0x80 >> (b % 8));
		a[b / 8] |= p[b / 8] & (0x80 >> (b % 8));
	}
}

/* The live route of handle h, or NULL (reported) if h is not one. */
static const struct route *route_of(u32 h)
{
	if (h >= NROUTES || routes[h].magic != ROUTE_MAGIC)
		return NULL;
	return &routes[h];
}

struct walk_check {
	uint8_t last[16];
	unsigned int last_plen, bits;
	int have, bad;
	long n;
};

static int walk_cb(const u8 *addr, unsigned int plen, u32 res, void *arg)
{
	struct walk_check *w = arg;
	const struct route *rt = route_of(res);

	if (!rt || rt->plen != plen || memcmp(rt->addr, addr, w->bits / 8))
		w->bad++;
	if (w->have && ref_cmp(w->last, w->last_plen, addr, plen,
			       w->bits) >= 0)
		w->bad++;
	memcpy(w->last, addr, w->bits / 8);
	w->last_plen = plen;
	w->have = 1;
	return ++w->n >= 2000;
}

/* Readers' batched lookups: up to this many of their latest addresses. */
#define BATCH 40

struct reader_arg {
	struct shared *sh;
	int id;
};

static void *reader(void *arg)
{
	struct reader_arg *ra = arg;
	struct shared *sh = ra->sh;
	uint64_t rng = 77 + ra->id;
	long n = 0, bad = 0, walks = 0;
	uint8_t recent[BATCH][16] = { { 0 } };
	const u8 *ap[BATCH];
	u32 hv[BATCH];

	while (!__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE)) {
		const struct route *an = NULL, *rt = NULL;
		uint64_t x = rng_next(&rng), y = rng_next(&rng);
		uint8_t a[16];
		size_t np;
		u32 h;
		u8 pl = 0;

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		np = __atomic_load_n(&sh->npool, __ATOMIC_ACQUIRE);
		if (x & 1) {
			an = &routes[1 + (x >> 8) % NANCHOR];
			set_prefix_bits(a, an->addr, an->plen);
		} else if ((x & 2) && np) {
			/* inside a prefix of the big table */
			const struct pfx_ent *p = &sh->pool[(x >> 8) % np];

			set_prefix_bits(a, p->addr, p->plen);
		} else if (x & 2) {
			/* stay inside the writer's busy area */
			a[0] = 10;
		}
		rcu_read_lock(ra->id);
		if (n % 4096 == 0) {
			struct walk_check w = { .bits = sh->bits };

			vrs_fib_walk_from(sh->t, (x & 4) ? a : NULL, x % 24,
					  walk_cb, &w);
			bad += w.bad;
			if (w.bad)
				printf("# walk bad %d\n", w.bad);
			walks++;
		}
		h = vrs_fib_lookup(sh->t, a, &pl);
		if (h)
			rt = route_of(h);
		memcpy(recent[n % BATCH], a, sizeof(a));
		if (n & 1) {
			/*
			 * batched path, 1..BATCH lookups (IPv4 groups of 32
			 * and their rest), this one first; same checks,
			 * length from the route
			 */
			unsigned int k, cnt = 1 + (x >> 40) % BATCH;

			for (k = 0; k < cnt; k++)
				ap[k] = recent[(n + BATCH - k) % BATCH];
			vrs_fib_lookup_bulk(sh->t, ap, cnt, hv);
			h = hv[0];
			rt = h ? route_of(h) : NULL;
			pl = rt ? rt->plen : 0;
		} else if (n & 2) {
			/* the data path's call, without plen */
			h = vrs_fib_lookup(sh->t, a, NULL);
			rt = h ? route_of(h) : NULL;
			pl = rt ? rt->plen : 0;
		}
		if (h && (!rt || rt->plen != pl ||
			  !ref_covers(rt->addr, rt->plen, a))) {
			if (bad++ < 5)
				printf("# bad result %#x (%s) /%d for "
				       "%u.%u.%u.%u\n", h,
				       rt ? "live" : "not a live route", pl,
				       a[0], a[1], a[2], a[3]);
		}
		if (an && an->plen && (!h || pl < an->plen)) {
			if (bad++ < 5)
				printf("# lost anchor /%u for %u.%u.%u.%u got "
				       "%d\n", an->plen, a[0], a[1], a[2],
				       a[3], pl);
		}
		rcu_read_unlock(ra->id);
		n++;
	}
	__atomic_add_fetch(&sh->lookups, n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sh->walks, walks, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sh->bad, bad, __ATOMIC_RELAXED);
	return NULL;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return t1.tv_sec - t0->tv_sec + (t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* 1 if c is the very prefix of an anchor (the writer must not touch it) */
static int hits_anchor(const uint8_t *a, unsigned int plen)
{
	int i;

	for (i = 1; i <= NANCHOR; i++)
		if (routes[i].plen == plen &&
		    ref_covers(routes[i].addr, plen, a))
			return 1;
	return 0;
}

struct writer {
	struct vrs_fib *t;
	struct deferred *dq;
	unsigned int bits;
	long ops, err;
};

/* Insert (replacing) or delete one prefix; returns its handle or 0. */
static u32 w_insert(struct writer *w, const uint8_t *a, unsigned int plen)
{
	u32 h = new_handle(w->dq, a, plen, w->bits), old = 0;
	int e = vrs_fib_insert(w->t, a, plen, h, VRS_FIB_REPLACE, &old);

	if (e) {
		w->err++;
		put_handle(w->dq, h);
		h = 0;
	}
	if (old)
		defer_handle(w->dq, old);
	return h;
}

static void w_delete(struct writer *w, const uint8_t *a, unsigned int plen)
{
	u32 old = 0;
	int e = vrs_fib_delete(w->t, a, plen, &old);

	if (e && e != -ENOENT)
		w->err++;
	if (!e)
		defer_handle(w->dq, old);
}

static void w_tick(struct writer *w)
{
	if (++w->ops % 256 == 0)
		flush_deferred(w->dq);
}

/*
 * Big table: the readers start on an empty table; the writer fills it
 * with NBIG distinct prefixes (the block grows under the readers), then
 * until the time is up (and at least 4 blocks were retired meanwhile)
 * runs rounds of: delete a random 5% of the pool, put those back with
 * new handles, replace the handles of another 1%.  That keeps the table
 * at about its full size and the block filling up with replaced nodes,
 * so it is compacted again and again under the readers (without gp ops;
 * with them, the space of replaced nodes is mostly reused instead).
 */
static void run_big(struct writer *w, struct shared *sh, struct pfx_ent *pool,
		    uint64_t *rng, double seconds, int gp, long base,
		    long *swaps_fill, long *swaps_churn, long *rounds)
{
	unsigned int bits = w->bits;
	u32 *hp = calloc(NBIG, sizeof(*hp));
	size_t m = NBIG / 20, *pick = malloc(m * sizeof(*pick));
	struct timespec t0;
	size_t i, k, n = 0, live;
	long b0 = w->dq->blocks;

	while (n < NBIG) {
		struct pfx_ent *p = &pool[n];

		memset(p, 0, sizeof(*p));
		rand_bgp_prefix(rng, bits, p->addr, &p->plen);
		if (hits_anchor(p->addr, p->plen) ||
		    vrs_fib_get_exact(w->t, p->addr, p->plen))
			continue;
		hp[n] = w_insert(w, p->addr, p->plen);
		w_tick(w);
		if (!hp[n])
			break;
		n++;
		__atomic_store_n(&sh->npool, n, __ATOMIC_RELEASE);
	}
	*swaps_fill = w->dq->blocks - b0;
	b0 = w->dq->blocks;
	*rounds = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n == NBIG && !w->err &&
	       (elapsed(&t0) < seconds || (!gp && w->dq->blocks - b0 < 4)) &&
	       elapsed(&t0) < 20 * seconds + 30) {
		for (k = 0; k < m; k++) {
			i = pick[k] = rng_next(rng) % NBIG;
			if (hp[i]) {
				w_delete(w, pool[i].addr, pool[i].plen);
				hp[i] = 0;
				w_tick(w);
			}
		}
		for (k = 0; k < m; k++) {
			i = pick[k];
			if (!hp[i]) {
				hp[i] = w_insert(w, pool[i].addr,
						 pool[i].plen);
				w_tick(w);
			}
		}
		for (k = 0; k < m / 5; k++) {
			i = rng_next(rng) % NBIG;
			hp[i] = w_insert(w, pool[i].addr, pool[i].plen);
			w_tick(w);
		}
		++*rounds;
	}
	*swaps_churn = w->dq->blocks - b0;
	for (live = 0, i = 0; i < n; i++)
		live += !!hp[i];
	if (n != NBIG || (long)vrs_fib_count(w->t) != base + (long)live) {
		printf("# big table: %zu of %d prefixes, count %lu, expected "
		       "%ld\n", n, NBIG, vrs_fib_count(w->t),
		       base + (long)live);
		w->err++;
	}
	free(pick);
	free(hp);
}

/* Small table: churn NCAND candidates around the anchors. */
static void run_small(struct writer *w, uint64_t *rng, double seconds,
		      int direct)
{
	static struct pfx_ent cand[NCAND];
	unsigned int bits = w->bits;
	struct timespec t0;
	int i;

	for (i = 0; i < NCAND; i++) {
		uint64_t x = rng_next(rng), y = rng_next(rng);
		const struct route *an = &routes[1 + x % NANCHOR];
		uint8_t a[16];

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (i % 3 == 0)
			set_prefix_bits(a, an->addr, an->plen);
		else if (i % 3 == 1)
			a[0] = 10;
		memcpy(cand[i].addr, a, 16);
		cand[i].plen = (y >> 3) % (bits + 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		const struct pfx_ent *c = &cand[rng_next(rng) % NCAND];

		/* skip candidates that collide with an anchor */
		if (hits_anchor(c->addr, c->plen))
			continue;
		if (rng_next(rng) % 2)
			w_insert(w, c->addr, c->plen);
		else
			w_delete(w, c->addr, c->plen);
		w_tick(w);
		if (direct && w->ops % 2000 == 0)
			vrs_fib_set_direct(w->t, w->ops % 4000 ? 64 : 0);
	} while (elapsed(&t0) < seconds);
}

struct destroy_check {
	unsigned int bits;
	long n, bad;
};

static void destroy_cb(const u8 *addr, unsigned int plen, u32 res,
		       void *arg)
{
	struct destroy_check *dc = arg;
	const struct route *rt = route_of(res);

	if (!rt || rt->plen != plen || memcmp(rt->addr, addr, dc->bits / 8))
		dc->bad++;
	dc->n++;
}

enum { MODE_SMALL, MODE_DIRECT, MODE_BIG };

/*
 * MODE_SMALL: a few thousand prefixes, default dir[] threshold (never
 * reached).  MODE_DIRECT: the same, dir[] switched on and off every 2000
 * writer ops (built into and dropped from the block under the readers'
 * feet).  MODE_BIG: see run_big().  gp: the FIB gets gp_start/gp_done,
 * so the space of replaced nodes is reused under the readers (after a
 * grace period) rather than only reclaimed by compaction.
 */
static void run(int family, double seconds, int mode, int gp)
{
	unsigned int bits = family == 4 ? 32 : 128;
	struct reader_arg ra[NREADERS];
	struct deferred dq = { 0 };
	struct destroy_check dc = { .bits = bits };
	pthread_t th[NREADERS];
	struct pfx_ent *pool = NULL;
	struct shared sh;
	struct writer w;
	uint64_t rng = 31 + family;
	long base = 0, swaps_fill = 0, swaps_churn = 0, rounds = 0;
	unsigned long left;
	int i, ok;

	memset(&sh, 0, sizeof(sh));
	sh.bits = bits;
	handles_init(&dq);
	sh.t = vrs_fib_create(family, gp ? &rcu_gp_ops : &rcu_ops, &dq);
	memset(&w, 0, sizeof(w));
	w.t = sh.t;
	w.dq = &dq;
	w.bits = bits;
	if (mode == MODE_DIRECT)
		vrs_fib_set_direct(sh.t, 64);
	if (mode == MODE_BIG) {
		pool = calloc(NBIG, sizeof(*pool));
		sh.pool = pool;
	}
	/* anchors: handles 1..NANCHOR, never modified */
	for (i = 1; i <= NANCHOR; i++) {
		uint64_t x = rng_next(&rng), y = rng_next(&rng);
		struct route *an = &routes[i];
		uint8_t a[16];

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (i % 2)
			a[0] = 10;
		an->magic = ROUTE_MAGIC;
		an->plen = 8 + i % (bits - 8);
		memcpy(an->addr, a, 16);
		ref_mask(an->addr, an->plen, bits);
		if (vrs_fib_insert(sh.t, an->addr, an->plen, i, 0, NULL))
			an->plen = 0;	/* duplicate: any result ok */
		else
			base++;
	}
	for (i = 0; i < NREADERS; i++) {
		ra[i].sh = &sh;
		ra[i].id = i;
		pthread_create(&th[i], NULL, reader, &ra[i]);
	}
	if (mode == MODE_BIG)
		run_big(&w, &sh, pool, &rng, seconds, gp, base, &swaps_fill,
			&swaps_churn, &rounds);
	else
		run_small(&w, &rng, seconds, mode == MODE_DIRECT);
	__atomic_store_n(&sh.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NREADERS; i++)
		pthread_join(th[i], NULL);
	flush_deferred(&dq);
	tap_diag("IPv%d: %ld writer ops, %ld lookups, %ld walks, %ld deferred "
		 "frees (%ld blocks >= %d KiB, largest %zu KiB), %ld handles "
		 "released, %lu prefixes at end, %zu bytes", family, w.ops,
		 sh.lookups, sh.walks, dq.freed, dq.blocks, BIG_BLOCK >> 10,
		 dq.max_block >> 10, dq.released, vrs_fib_count(sh.t),
		 vrs_fib_bytes(sh.t));
	if (mode == MODE_BIG)
		tap_diag("IPv%d big table: %d prefixes; %ld blocks retired "
			 "while filling, %ld during %ld churn rounds", family,
			 NBIG, swaps_fill, swaps_churn, rounds);
	if (gp)
		tap_diag("IPv%d: %ld grace-period polls, %ld over", family,
			 dq.gp_polls, dq.gp_over);
	/* every result left is a live route of the very prefix */
	left = vrs_fib_count(sh.t);
	vrs_fib_destroy(sh.t, destroy_cb, &dc);
	flush_deferred(&dq);
	ok = !sh.bad && !w.err && sh.lookups > 1000 && !dc.bad &&
	     dc.n == (long)left;
	if (dc.bad || dc.n != (long)left)
		printf("# destroy: %ld of %ld results are not their routes "
		       "(%lu prefixes)\n", dc.bad, dc.n, left);
	if (mode == MODE_BIG && !gp && swaps_churn < 2) {
		printf("# no compaction during churn (%ld blocks retired)\n",
		       swaps_churn);
		ok = 0;
	}
	if (gp && !dq.gp_over) {
		printf("# no grace period ever over: nothing reused\n");
		ok = 0;
	}
	free(dq.v);
	free(dq.h);
	free(dq.free_h);
	free(pool);
	tap_result(ok, "IPv%d lockless readers during writes%s, %s: %ld bad "
		   "results, %ld errors", family,
		   mode == MODE_DIRECT ? " (dir[] on and off)" :
		   mode == MODE_BIG && !gp ? " (200k prefixes, block grown "
					     "and compacted under them)" :
		   mode == MODE_BIG ? " (200k prefixes, block grown under "
				      "them)" : "",
		   gp ? "nodes reused after grace periods" : "no gp ops",
		   sh.bad, w.err);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.5;

	tap_plan(8);
	run(4, secs, MODE_SMALL, 1);
	run(6, secs, MODE_SMALL, 1);
	run(4, secs, MODE_DIRECT, 0);
	run(6, secs, MODE_DIRECT, 0);
	run(4, secs, MODE_BIG, 0);
	run(6, secs, MODE_BIG, 0);
	run(4, secs, MODE_BIG, 1);
	run(6, secs, MODE_BIG, 1);
	return tap_finish();
}
