// SPDX-License-Identifier: GPL-2.0
/*
 * FIB benchmark: VRS FIB vs DPDK rte_lpm/rte_lpm6 vs a plain binary trie
 * on the real BGP table.  Single core.  Built by
 * `make -C selftests/fib bench` (see bench/fib.md).
 *
 * Lookups: (a) one destination inside every prefix (random host bits),
 * shuffled; (b) uniform random addresses, same count.  Each lookup set
 * is run REPS times; best and median rates are printed.
 *
 * Quick mode for iterating (FIB_BENCH_QUICK=1): 3 runs instead of 7, no
 * binary trie, and rte_lpm/rte_lpm6 are filled but not emptied one
 * prefix at a time (their deletes take minutes).  FIB_BENCH_ONLY_VRS=1
 * runs vrs_fib alone.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fib.h"
#include "fib_lookup.h"
#include "testlib.h"
#include "bintrie.h"
#ifdef HAVE_DPDK
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>
#include <rte_malloc.h>
#endif

#define REPS_MAX 7
static int REPS = REPS_MAX;
static int quick;

static volatile unsigned long sink;
static int mismatch;	/* checksums or bulk/single lookups disagree */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct rate {
	double best, med;
};

static struct rate summarize(double *v)
{
	struct rate r;

	qsort(v, REPS, sizeof(*v), dcmp);
	r.best = v[REPS - 1];
	r.med = v[REPS / 2];
	return r;
}

struct row {
	const char *name;
	double bytes, ins, del;
	/* single calls, inline (vrs_fib only), bulk (64 per call) */
	struct rate a, b, ia, ib, ba, bb;
	unsigned long check;
};

static void print_row(const struct row *r, size_t n)
{
	printf("  %-10s %8.2f B/prefix (%7.1f MiB)  insert %7.3f M/s  "
	       "delete %7.3f M/s\n", r->name, r->bytes / n,
	       r->bytes / 1048576.0, r->ins / 1e6, r->del / 1e6);
	printf("  %-10s lookup (a) in-prefix: best %6.2f M/s, median %6.2f "
	       "M/s | (b) uniform: best %6.2f M/s, median %6.2f M/s\n",
	       "", r->a.best / 1e6, r->a.med / 1e6, r->b.best / 1e6,
	       r->b.med / 1e6);
	if (r->ia.best)
		printf("  %-10s inline     in-prefix: best %6.2f M/s, median "
		       "%6.2f M/s | (b) uniform: best %6.2f M/s, median %6.2f "
		       "M/s\n", "", r->ia.best / 1e6, r->ia.med / 1e6,
		       r->ib.best / 1e6, r->ib.med / 1e6);
	if (r->ba.best)
		printf("  %-10s bulk(64)   in-prefix: best %6.2f M/s, median "
		       "%6.2f M/s | (b) uniform: best %6.2f M/s, median %6.2f "
		       "M/s\n", "", r->ba.best / 1e6, r->ba.med / 1e6,
		       r->bb.best / 1e6, r->bb.med / 1e6);
}

#define CHUNK 64

/* Destinations: alen-byte addresses, packed. */
struct dests {
	uint8_t *a;		/* n * alen bytes */
	uint32_t *v4;		/* host order copy for rte_lpm */
	size_t n;
};

static void make_dests(struct dests *d, const struct pfx *p, size_t n,
		       unsigned int alen, int inside, uint64_t *rng)
{
	size_t i, j;

	d->n = n;
	d->a = malloc(n * alen);
	d->v4 = malloc(n * sizeof(uint32_t));
	for (i = 0; i < n; i++) {
		uint8_t *a = d->a + i * alen;
		unsigned int b;

		for (j = 0; j < alen; j++)
			a[j] = rng_next(rng);
		if (inside) {
			for (b = 0; b < p[i].plen; b++) {
				a[b / 8] &= ~(0x80 >> (b % 8));
				a[b / 8] |= p[i].addr[b / 8] & (0x80 >> (b % 8));
			}
		}
	}
	for (i = n; i > 1; i--) {	/* shuffle */
		uint8_t tmp[16];

		j = rng_next(rng) % i;
		memcpy(tmp, d->a + (i - 1) * alen, alen);
		memcpy(d->a + (i - 1) * alen, d->a + j * alen, alen);
		memcpy(d->a + j * alen, tmp, alen);
	}
	for (i = 0; alen == 4 && i < n; i++)
		d->v4[i] = (uint32_t)d->a[4 * i] << 24 | d->a[4 * i + 1] << 16 |
			   d->a[4 * i + 2] << 8 | d->a[4 * i + 3];
}

/* ---- VRS FIB -------------------------------------------------------- */


static void *b_alloc(size_t size, void *ctx)
{
	(void)ctx;
	return malloc(size);
}

static void b_free(void *p, void *ctx)
{
	(void)ctx;
	free(p);
}

/*
 * One thread, no concurrent readers: every grace period is over at once,
 * so freed node space is reused by the next change (in the kernel it waits
 * for an RCU grace period, a few ms, and the block compacts what piles up).
 */
static unsigned long b_gp_start(void *ctx)
{
	(void)ctx;
	return 0;
}

static bool b_gp_done(unsigned long cookie, void *ctx)
{
	(void)cookie;
	(void)ctx;
	return true;
}

static const struct vrs_fib_ops bench_ops = {
	.alloc = b_alloc, .free = b_free, .free_deferred = b_free,
	.gp_start = b_gp_start, .gp_done = b_gp_done,
};

/*
 * Kernel-like allocator: kmalloc memory lives in the huge-page-mapped
 * direct map, so nodes do not cost a TLB miss each.  Userspace stand-in:
 * a bump arena with MADV_HUGEPAGE and per-size free lists (8-byte header
 * to remember the size class; not counted in vrs_fib_bytes()).
 */
#define ARENA_SIZE (1UL << 30)
#define ARENA_CLASSES 160
struct arena {
	char *base, *cur;
	void *fl[ARENA_CLASSES];
};

static void *ar_alloc(size_t size, void *ctx)
{
	struct arena *a = ctx;
	size_t c = (size + 7) / 8 + 1;
	uint64_t *p;

	if (c >= ARENA_CLASSES) {
		/* large (dir[]): own 2 MiB-aligned block, header at +56 */
		char *b = aligned_alloc(1UL << 21, ((size + 64) | ((1UL << 21) - 1)) + 1);

		if (!b)
			return NULL;
		madvise(b, size + 64, MADV_HUGEPAGE);
		p = (uint64_t *)(b + 56);
		p[0] = c;
		return p + 1;
	}
	if (a->fl[c]) {
		p = a->fl[c];
		a->fl[c] = *(void **)p;
		return p;
	}
	if (a->cur + 8 * c > a->base + ARENA_SIZE)
		return NULL;
	p = (uint64_t *)a->cur;
	a->cur += 8 * c;
	p[0] = c;
	return p + 1;
}

static void ar_free(void *ptr, void *ctx)
{
	struct arena *a = ctx;
	uint64_t *p = (uint64_t *)ptr - 1;
	size_t c = p[0];

	if (c >= ARENA_CLASSES) {
		free((char *)ptr - 64);
		return;
	}
	*(void **)ptr = a->fl[c];
	a->fl[c] = ptr;
}

static const struct vrs_fib_ops arena_ops = {
	.alloc = ar_alloc, .free = ar_free, .free_deferred = ar_free,
	.gp_start = b_gp_start, .gp_done = b_gp_done,
};

static struct arena *arena_new(void)
{
	struct arena *a = calloc(1, sizeof(*a));

	a->base = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a->base == MAP_FAILED)
		abort();
	madvise(a->base, ARENA_SIZE, MADV_HUGEPAGE);
	a->cur = a->base;
	return a;
}

static void arena_free(struct arena *a)
{
	munmap(a->base, ARENA_SIZE);
	free(a);
}

static unsigned long lookup_fib(const struct vrs_fib *t,
				const struct dests *d, unsigned int alen)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		acc += vrs_fib_lookup(t, d->a + i * alen, NULL);
	return acc;
}

static unsigned long lookup_fib_inline(const struct vrs_fib *t,
				       const struct dests *d,
				       unsigned int alen)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		acc += vrs_fib_lookup_inline(t, d->a + i * alen);
	return acc;
}

static unsigned long lookup_fib_bulk(const struct vrs_fib *t,
				     const struct dests *d, unsigned int alen)
{
	unsigned long acc = 0;
	const u8 *ap[CHUNK];
	u32 res[CHUNK];
	size_t i, j, c;

	for (i = 0; i < d->n; i += c) {
		c = d->n - i < CHUNK ? d->n - i : CHUNK;
		for (j = 0; j < c; j++)
			ap[j] = d->a + (i + j) * alen;
		vrs_fib_lookup_bulk(t, ap, c, res);
		for (j = 0; j < c; j++)
			acc += res[j];
	}
	return acc;
}

static void bench_fib(struct row *r, int family, const struct pfx *p,
		      size_t n, const struct dests *da, const struct dests *db,
		      int huge)
{
	unsigned int alen = family == 4 ? 4 : 16;
	double t0, va[REPS_MAX], vb[REPS_MAX];
	struct arena *ar = huge ? arena_new() : NULL;
	struct vrs_fib *t = vrs_fib_create(family,
					   huge ? &arena_ops : &bench_ops, ar);
	size_t i;
	int k;

	memset(r, 0, sizeof(*r));
	r->name = huge ? "vrs_fib/2M" : "vrs_fib/4K";
	t0 = now();
	/* result handle: prefix index + 1 (rte_lpm's next hop: the index) */
	for (i = 0; i < n; i++)
		vrs_fib_insert(t, p[i].addr, p[i].plen, i + 1, 0, NULL);
	r->ins = n / (now() - t0);
	r->bytes = vrs_fib_bytes(t);
	for (k = 0; k < REPS; k++) {
		t0 = now();
		r->check = lookup_fib(t, da, alen);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += lookup_fib(t, db, alen);
		vb[k] = db->n / (now() - t0);
	}
	r->a = summarize(va);
	r->b = summarize(vb);
	for (k = 0; k < REPS; k++) {
		t0 = now();
		sink += lookup_fib_inline(t, da, alen);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += lookup_fib_inline(t, db, alen);
		vb[k] = db->n / (now() - t0);
	}
	r->ia = summarize(va);
	r->ib = summarize(vb);
	for (k = 0; k < REPS; k++) {
		t0 = now();
		sink += lookup_fib_bulk(t, da, alen);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += lookup_fib_bulk(t, db, alen);
		vb[k] = db->n / (now() - t0);
	}
	r->ba = summarize(va);
	r->bb = summarize(vb);
	if (lookup_fib_bulk(t, da, alen) != lookup_fib(t, da, alen) ||
	    lookup_fib_inline(t, da, alen) != lookup_fib(t, da, alen) ||
	    lookup_fib_inline(t, db, alen) != lookup_fib(t, db, alen)) {
		printf("  BULK/INLINE MISMATCH\n");
		mismatch = 1;
	}
	/* checksum in next-hop index space to compare with rte_lpm */
	r->check = 0;
	for (i = 0; i < da->n; i++) {
		u32 v = vrs_fib_lookup(t, da->a + i * alen, NULL);

		r->check += v ? v - 1 : 0;
	}
	t0 = now();
	for (i = 0; i < n; i++)
		vrs_fib_delete(t, p[i].addr, p[i].plen, NULL);
	r->del = n / (now() - t0);
	vrs_fib_destroy(t, NULL, NULL);
	if (ar)
		arena_free(ar);
}

/* ---- binary trie ---------------------------------------------------- */

static unsigned long lookup_bt(const struct bintrie *t,
			       const struct dests *d, unsigned int alen)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		acc += bt_lookup(t, d->a + i * alen);
	return acc;
}

static void bench_bt(struct row *r, int family, const struct pfx *p,
		     size_t n, const struct dests *da, const struct dests *db)
{
	unsigned int alen = family == 4 ? 4 : 16;
	double t0, va[REPS_MAX], vb[REPS_MAX];
	struct bintrie t;
	size_t i;
	int k;

	memset(r, 0, sizeof(*r));
	r->name = "bintrie";
	bt_init(&t, alen * 8);
	t0 = now();
	for (i = 0; i < n; i++)
		bt_insert(&t, p[i].addr, p[i].plen, i + 1);
	r->ins = n / (now() - t0);
	r->bytes = bt_bytes(&t);
	for (k = 0; k < REPS; k++) {
		t0 = now();
		r->check = lookup_bt(&t, da, alen);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += lookup_bt(&t, db, alen);
		vb[k] = db->n / (now() - t0);
	}
	r->a = summarize(va);
	r->b = summarize(vb);
	t0 = now();
	for (i = 0; i < n; i++)
		bt_delete(&t, p[i].addr, p[i].plen);
	r->del = n / (now() - t0);
	bt_destroy(&t);
}

/* ---- DPDK ----------------------------------------------------------- */
#ifdef HAVE_DPDK

static size_t heap_used(void)
{
	struct rte_malloc_socket_stats s;

	rte_malloc_get_socket_stats(0, &s);
	return s.heap_allocsz_bytes;
}

static unsigned long lookup_lpm(const struct rte_lpm *l,
				const struct dests *d)
{
	unsigned long acc = 0;
	uint32_t nh;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (rte_lpm_lookup((struct rte_lpm *)l, d->v4[i], &nh) == 0)
			acc += nh;
	return acc;
}

static unsigned long lookup_lpm6(const struct rte_lpm6 *l,
				 const struct dests *d)
{
	unsigned long acc = 0;
	uint32_t nh;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (rte_lpm6_lookup(l, d->a + 16 * i, &nh) == 0)
			acc += nh;
	return acc;
}

static unsigned long lookup_lpm_bulk(const struct rte_lpm *l,
				     const struct dests *d)
{
	unsigned long acc = 0;
	uint32_t nh[CHUNK];
	size_t i, j, c;

	for (i = 0; i < d->n; i += c) {
		c = d->n - i < CHUNK ? d->n - i : CHUNK;
		rte_lpm_lookup_bulk((struct rte_lpm *)l, d->v4 + i, nh, c);
		for (j = 0; j < c; j++)
			if (nh[j] & RTE_LPM_LOOKUP_SUCCESS)
				acc += nh[j] & 0xffffff;
	}
	return acc;
}

static unsigned long lookup_lpm6_bulk(const struct rte_lpm6 *l,
				      const struct dests *d)
{
	unsigned long acc = 0;
	int32_t nh[CHUNK];
	size_t i, j, c;

	for (i = 0; i < d->n; i += c) {
		c = d->n - i < CHUNK ? d->n - i : CHUNK;
		rte_lpm6_lookup_bulk_func(l, (uint8_t (*)[16])(d->a + 16 * i),
					  nh, c);
		for (j = 0; j < c; j++)
			if (nh[j] >= 0)
				acc += nh[j];
	}
	return acc;
}

static int bench_dpdk(struct row *r, int family, const struct pfx *p,
		      size_t n, const struct dests *da,
		      const struct dests *db)
{
	double t0, va[REPS_MAX], vb[REPS_MAX];
	size_t i, h0 = heap_used();
	struct rte_lpm *l4 = NULL;
	struct rte_lpm6 *l6 = NULL;
	int k;

	memset(r, 0, sizeof(*r));
	if (family == 4) {
		struct rte_lpm_config c = {
			.max_rules = n, .number_tbl8s = 1 << 16,
		};

		r->name = "rte_lpm";
		l4 = rte_lpm_create("bench4", 0, &c);
	} else {
		struct rte_lpm6_config c = {
			.max_rules = n, .number_tbl8s = 1 << 18,
		};

		r->name = "rte_lpm6";
		l6 = rte_lpm6_create("bench6", 0, &c);
	}
	if (!l4 && !l6) {
		printf("  %s: create failed: %s\n", r->name,
		       rte_strerror(rte_errno));
		return -1;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		int e;

		if (l4)
			e = rte_lpm_add(l4, (uint32_t)p[i].addr[0] << 24 |
					p[i].addr[1] << 16 | p[i].addr[2] << 8 |
					p[i].addr[3], p[i].plen, i);
		else
			e = rte_lpm6_add(l6, p[i].addr, p[i].plen, i);
		if (e) {
			printf("  %s: add %zu failed: %d\n", r->name, i, e);
			return -1;
		}
	}
	r->ins = n / (now() - t0);
	/* heap use after filling: tables, tbl8 groups, rule storage */
	r->bytes = heap_used() - h0;
	for (k = 0; k < REPS; k++) {
		t0 = now();
		r->check = l4 ? lookup_lpm(l4, da) : lookup_lpm6(l6, da);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += l4 ? lookup_lpm(l4, db) : lookup_lpm6(l6, db);
		vb[k] = db->n / (now() - t0);
	}
	r->a = summarize(va);
	r->b = summarize(vb);
	for (k = 0; k < REPS; k++) {
		t0 = now();
		sink += l4 ? lookup_lpm_bulk(l4, da) : lookup_lpm6_bulk(l6, da);
		va[k] = da->n / (now() - t0);
		t0 = now();
		sink += l4 ? lookup_lpm_bulk(l4, db) : lookup_lpm6_bulk(l6, db);
		vb[k] = db->n / (now() - t0);
	}
	r->ba = summarize(va);
	r->bb = summarize(vb);
	t0 = now();
	for (i = 0; i < n && !quick; i++) {
		if (l4)
			rte_lpm_delete(l4, (uint32_t)p[i].addr[0] << 24 |
				       p[i].addr[1] << 16 | p[i].addr[2] << 8 |
				       p[i].addr[3], p[i].plen);
		else
			rte_lpm6_delete(l6, p[i].addr, p[i].plen);
	}
	r->del = quick ? 0 : n / (now() - t0);
	if (l4)
		rte_lpm_free(l4);
	else
		rte_lpm6_free(l6);
	return 0;
}
#endif

static void run(int family, const struct pfx *p, size_t n, int have_dpdk)
{
	unsigned int alen = family == 4 ? 4 : 16;
	uint64_t rng = 0xbe4c4 + family;
	struct dests da, db;
	unsigned long check;
	struct row r;

	make_dests(&da, p, n, alen, 1, &rng);
	make_dests(&db, p, n, alen, 0, &rng);
	printf("IPv%d: %zu prefixes, %zu lookups per run, %d runs\n", family,
	       n, n, REPS);
	bench_fib(&r, family, p, n, &da, &db, 0);
	print_row(&r, n);
	printf("  %-10s checksum %lu\n", "", r.check);
	check = r.check;
	bench_fib(&r, family, p, n, &da, &db, 1);
	print_row(&r, n);
	printf("  %-10s checksum %lu\n", "", r.check);
	if (r.check != check) {
		printf("  CHECKSUM MISMATCH between vrs_fib runs\n");
		mismatch = 1;
	}
	if (getenv("FIB_BENCH_ONLY_VRS"))
		goto out;
#ifdef HAVE_DPDK
	if (have_dpdk && !bench_dpdk(&r, family, p, n, &da, &db)) {
		print_row(&r, n);
		printf("  %-10s checksum %lu\n", "", r.check);
		if (r.check != check) {
			printf("  CHECKSUM MISMATCH: vrs_fib %lu, %s %lu\n",
			       check, r.name, r.check);
			mismatch = 1;
		}
	}
#else
	(void)have_dpdk;
#endif
	if (!quick) {
		bench_bt(&r, family, p, n, &da, &db);
		print_row(&r, n);
	}
out:
	free(da.a);
	free(da.v4);
	free(db.a);
	free(db.v4);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : pfx_default_path();
	struct pfx_list l;
	int have_dpdk = 0;
	cpu_set_t cs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("FIB_BENCH_QUICK")) {
		quick = 1;
		REPS = 3;
		printf("quick mode: %d runs, no bintrie, no rte_lpm deletes\n",
		       REPS);
	}
	CPU_ZERO(&cs);
	CPU_SET(0, &cs);
	sched_setaffinity(0, sizeof(cs), &cs);
#ifdef HAVE_DPDK
	{
		char prefix[64];
		char *eal[] = { "fib_bench", "--no-huge", "--no-pci", "-l", "0",
				"-m", "2048", "--log-level=1",
				"--no-telemetry", "--no-shconf", prefix, NULL };

		/* own runtime dir: do not collide with other DPDK users */
		snprintf(prefix, sizeof(prefix), "--file-prefix=fibbench%d",
			 (int)getpid());
		have_dpdk = rte_eal_init(10, eal) >= 0;
		if (!have_dpdk)
			printf("rte_eal_init failed: %s; DPDK rows skipped\n",
			       rte_strerror(rte_errno));
	}
#endif
	if (pfx_load(path, &l)) {
		printf("real table %s not found\n", path);
		return 1;
	}
	run(4, l.v4, l.n4, have_dpdk);
	run(6, l.v6, l.n6, have_dpdk);
	pfx_free(&l);
	return mismatch;
}
