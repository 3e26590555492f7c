// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency test: reader threads do lookups and walks without locks
 * while one writer inserts, replaces and deletes.  A small userspace RCU
 * stand-in (per-reader epoch counters, grace period = every reader is
 * outside or has entered after the period began) defers every free the
 * FIB hands to free_deferred, and also the test's own route entries.
 *
 * Readers check that every result covers the address with the reported
 * length, that "anchor" prefixes the writer never touches are never lost,
 * and that walks are strictly ordered with consistent results.
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

struct route {
	uint64_t magic;
	uint8_t addr[16];
	unsigned int plen;
};

/* --- userspace RCU stand-in ------------------------------------------ */

struct reader_state {
	uint64_t epoch;		/* 0: outside a read-side section */
	char pad[56];
};

static uint64_t gp_epoch = 1;
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
}

/* Only the writer defers frees, so the pending list needs no lock. */
struct deferred {
	void **v;
	size_t n, cap;
	size_t bytes;
	long freed;
};

static void defer(struct deferred *d, void *p)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = p;
}

static void flush_deferred(struct deferred *d)
{
	size_t i;

	synchronize_rcu();
	for (i = 0; i < d->n; i++) {
		struct route *rt = d->v[i];

		/* poison route entries so a late reader would notice */
		if (rt->magic == ROUTE_MAGIC)
			rt->magic = 0xdead;
		free(d->v[i]);
	}
	d->freed += d->n;
	d->n = 0;
}

static void *u_alloc(size_t size, void *ctx)
{
	(void)ctx;
	return malloc(size);
}

static void u_free(void *p, void *ctx)
{
	(void)ctx;
	free(p);
}

static void u_free_deferred(void *p, void *ctx)
{
	defer(ctx, p);
}

static const struct vrs_fib_ops rcu_ops = {
	.alloc = u_alloc,
	.free = u_free,
	.free_deferred = u_free_deferred,
};

/* --- test ------------------------------------------------------------ */

struct shared {
	struct vrs_fib *t;
	unsigned int bits;
	struct route anchor[NANCHOR];
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

struct walk_check {
	uint8_t last[16];
	unsigned int last_plen, bits;
	int have, bad;
	long n;
};

static int walk_cb(const u8 *addr, unsigned int plen, void *res, void *arg)
{
	struct walk_check *w = arg;
	const struct route *rt = res;

	if (rt->magic != ROUTE_MAGIC || rt->plen != plen ||
	    memcmp(rt->addr, addr, w->bits / 8))
		w->bad++;
	if (w->have && ref_cmp(w->last, w->last_plen, addr, plen,
			       w->bits) >= 0)
		w->bad++;
	memcpy(w->last, addr, w->bits / 8);
	w->last_plen = plen;
	w->have = 1;
	return ++w->n >= 2000;
}

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

	while (!__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE)) {
		const struct route *an = NULL, *rt;
		uint64_t x = rng_next(&rng), y = rng_next(&rng);
		uint8_t a[16];
		u8 pl = 0;

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (x & 1) {
			an = &sh->anchor[(x >> 8) % NANCHOR];
			set_prefix_bits(a, an->addr, an->plen);
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
		rt = vrs_fib_lookup(sh->t, a, &pl);
		if (n & 1) {
			/* batched path: same checks, length from the route */
			const u8 *ap = a;
			void *br;

			vrs_fib_lookup_bulk(sh->t, &ap, 1, &br);
			rt = br;
			pl = rt ? rt->plen : 0;
		} else if (n & 2) {
			/* the data path's call, without plen */
			rt = vrs_fib_lookup(sh->t, a, NULL);
			pl = rt ? rt->plen : 0;
		}
		if (rt) {
			if (rt->magic != ROUTE_MAGIC || rt->plen != pl ||
			    !ref_covers(rt->addr, rt->plen, a)) {
				if (bad++ < 5)
					printf("# bad result %d/%u for %u.%u.%u.%u\n", pl, rt->plen, a[0], a[1], a[2], a[3]);
			}
		}
		if (an && an->plen && (!rt || pl < an->plen)) {
			if (bad++ < 5)
				printf("# lost anchor %u for %u.%u.%u.%u got %d\n", an->plen, a[0], a[1], a[2], a[3], pl);
		}
		rcu_read_unlock(ra->id);
		n++;
	}
	__atomic_add_fetch(&sh->lookups, n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sh->walks, walks, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sh->bad, bad, __ATOMIC_RELAXED);
	return NULL;
}

static void init_route(struct route *rt, const uint8_t *a,
		       unsigned int plen, unsigned int bits)
{
	rt->magic = ROUTE_MAGIC;
	memcpy(rt->addr, a, 16);
	ref_mask(rt->addr, plen, bits);
	rt->plen = plen;
}

static struct route *new_route(const uint8_t *a, unsigned int plen,
			       unsigned int bits)
{
	struct route *rt = calloc(1, sizeof(*rt));

	rt->magic = ROUTE_MAGIC;
	memcpy(rt->addr, a, 16);
	ref_mask(rt->addr, plen, bits);
	rt->plen = plen;
	return rt;
}

/*
 * direct: dir[] is switched on and off every 2000 writer ops (created
 * and freed under the readers' feet); otherwise the default threshold,
 * which this table never reaches.
 */
static void run(int family, double seconds, int direct)
{
	unsigned int bits = family == 4 ? 32 : 128;
	struct reader_arg ra[NREADERS];
	struct deferred dq = { 0 };
	pthread_t th[NREADERS];
	static struct route cand[NCAND];
	struct shared sh;
	uint64_t rng = 31 + family;
	struct timespec t0, t1;
	long ops = 0, err = 0;
	int i;

	memset(&sh, 0, sizeof(sh));
	sh.bits = bits;
	sh.t = vrs_fib_create(family, &rcu_ops, &dq);
	if (direct)
		vrs_fib_set_direct(sh.t, 64);
	/* anchors: never modified; candidates: churned by the writer */
	for (i = 0; i < NANCHOR; i++) {
		uint64_t x = rng_next(&rng), y = rng_next(&rng);
		uint8_t a[16];

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (i % 2)
			a[0] = 10;
		init_route(&sh.anchor[i], a, 8 + i % (bits - 8), bits);
		if (vrs_fib_insert(sh.t, sh.anchor[i].addr, sh.anchor[i].plen,
				   &sh.anchor[i], 0, NULL))
			sh.anchor[i].plen = 0;	/* duplicate: any result ok */
	}
	for (i = 0; i < NCAND; i++) {
		uint64_t x = rng_next(&rng), y = rng_next(&rng);
		const struct route *an = &sh.anchor[x % NANCHOR];
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
	for (i = 0; i < NREADERS; i++) {
		ra[i].sh = &sh;
		ra[i].id = i;
		pthread_create(&th[i], NULL, reader, &ra[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		struct route *c = &cand[rng_next(&rng) % NCAND];
		struct route *rt = NULL;
		void *old = NULL;
		int e;

		/* skip candidates that collide with an anchor */
		for (i = 0; i < NANCHOR; i++)
			if (sh.anchor[i].plen == c->plen &&
			    ref_covers(sh.anchor[i].addr, c->plen, c->addr))
				break;
		if (i < NANCHOR)
			continue;
		if (rng_next(&rng) % 2) {
			rt = new_route(c->addr, c->plen, bits);
			e = vrs_fib_insert(sh.t, c->addr, c->plen, rt,
					   VRS_FIB_REPLACE, &old);
		} else {
			e = vrs_fib_delete(sh.t, c->addr, c->plen, &old);
			if (e == -ENOENT)
				e = 0;
		}
		if (e)
			err++;
		if (old)
			defer(&dq, old);
		if (++ops % 256 == 0)
			flush_deferred(&dq);
		if (direct && ops % 2000 == 0)
			vrs_fib_set_direct(sh.t, ops % 4000 ? 64 : 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) * 1e-9 <
		 seconds);
	__atomic_store_n(&sh.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NREADERS; i++)
		pthread_join(th[i], NULL);
	flush_deferred(&dq);
	tap_diag("IPv%d: %ld writer ops, %ld lookups, %ld walks, %ld deferred "
		 "frees, %lu prefixes at end", family, ops, sh.lookups,
		 sh.walks, dq.freed, vrs_fib_count(sh.t));
	/* free the routes still in the table (anchors are not malloc'd) */
	for (i = 0; i < NCAND; i++) {
		void *old;

		if (!vrs_fib_delete(sh.t, cand[i].addr, cand[i].plen, &old) &&
		    (old < (void *)sh.anchor ||
		     old >= (void *)(sh.anchor + NANCHOR)))
			defer(&dq, old);
	}
	vrs_fib_destroy(sh.t, NULL, NULL);
	flush_deferred(&dq);
	free(dq.v);
	tap_result(!sh.bad && !err && sh.lookups > 1000,
		   "IPv%d lockless readers during writes%s: %ld bad results",
		   family, direct ? " (dir[] on and off)" : "", sh.bad);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.5;

	tap_plan(4);
	run(4, secs, 0);
	run(6, secs, 0);
	run(4, secs, 1);
	run(6, secs, 1);
	return tap_finish();
}
