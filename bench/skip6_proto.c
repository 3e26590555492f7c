// SPDX-License-Identifier: GPL-2.0
/*
 * Scratch prototype (not part of the FIB): would a /42 skip table make
 * IPv6 lookups of the real table 2x rte_lpm6?  Built once from a filled
 * vrs_fib (static: no writer support), measured against
 * vrs_fib_lookup_inline() on the bench's (a) destinations, alternating.
 *
 * skip[]: 2-way buckets keyed by the top 42 address bits of every
 * depth-7 node (covering a /42 that holds longer prefixes), each with the
 * node's reference and the leaf-pushed answer above it (longest prefix
 * shorter than /42 covering the block).  A lookup reads its dir[] entry
 * and its bucket in parallel (both addresses come from the address
 * alone), picks the start node without a branch (depth 7 on a hit, the
 * depth-3 node from dir[] otherwise) and walks from there.
 *
 * Result (2026-11-22 10:58 UTC, quiet machine, 7 alternating runs): 61 %
 * of the (a) lookups start at depth 7, yet skip / inline = 0.93-1.03x.
 * With the destinations sorted (every node warm in cache) the inline
 * walk does 40 M/s, the skip 30.  So the levels above depth 7 are not
 * what an IPv6 lookup waits for; see bench/fib.md.  SORTED=1 adds the
 * sorted runs.  Built by `make -C selftests/fib` so that it keeps
 * compiling; not run by any test.
 *
 * Build and run (from the repo root):
 *   gcc -std=gnu11 -O2 -march=native -Ikmod/fib -Iselftests/fib -Ibench \
 *     $(pkg-config --cflags libdpdk) -DHAVE_DPDK \
 *     -o /tmp/skip6 bench/skip6_proto.c bench/bintrie.c \
 *     selftests/fib/testlib.c selftests/fib/ref.c kmod/fib/[a-z]*.c \
 *     $(pkg-config --libs libdpdk)
 *   /tmp/skip6 ../shared/data/bgp-prefixes-2026.txt.gz
 */
#define main fib_bench_main
#include "fib_bench.c"
#undef main

#define SK_BITS		16
#define SK_DEPTH	7
#define SK_KEYBITS	(SK_DEPTH * FIB_STRIDE)

struct sk_ent {
	u64 key;	/* top 42 bits + 1 (0: empty) */
	u32 ref;	/* depth-7 node */
	u32 above;	/* slot value of the answer above it */
};

struct sk_bucket {
	struct sk_ent e[2];
};

static struct sk_bucket *skip;
static size_t sk_n, sk_lost;
static const struct vrs_fib *sk_t;

static u32 sk_hash(u64 key)
{
	return (u32)((key * 0x9e3779b97f4a7c15ULL) >> (64 - SK_BITS));
}

static void sk_add(u64 key, u32 ref, u32 above)
{
	struct sk_bucket *b = &skip[sk_hash(key)];
	int w;

	for (w = 0; w < 2; w++) {
		if (!b->e[w].key) {
			b->e[w].key = key + 1;
			b->e[w].ref = ref;
			b->e[w].above = above;
			sk_n++;
			return;
		}
	}
	sk_lost++;	/* not in the table: its lookups walk from dir[] */
}

/* DFS: every depth-7 node with the answer above it. */
static void sk_build(const struct fib_mem *m, const struct fib_node *n,
		     unsigned int d, u64 path, u32 above)
{
	unsigned int v;

	for (v = 0; v < 64; v++) {
		u64 pm = n->pbm & fib_anc[v] & ~FIB_PBM_DEF;
		u32 best = above, s;

		if (pm)
			best = n->slot[fib_pslot(n, fib_fls64(pm) - 1)];

		if (!((n->cbm >> v) & 1))
			continue;
		s = n->slot[fib_rank(n->cbm, v)];
		if (!fib_is_node(s))
			continue;
		if (d + 1 == SK_DEPTH)
			sk_add((path << 6) | v, s, best);
		else
			sk_build(m, fib_node_at(m, s), d + 1, (path << 6) | v,
				 best);
	}
}

static __always_inline u32 sk_lookup(const struct fib_mem *mem, const u8 *a)
{
	u64 hi = fib_load_be64(a), key = hi >> (64 - SK_KEYBITS);
	u32 x = (hi >> (64 - FIB_DIR_BITS)) - FIB_DIR6_BASE;
	const struct sk_bucket *b = &skip[sk_hash(key)];
	const struct fib_node *n;
	u64 k0 = b->e[0].key, k1 = b->e[1].key, m, bm, h;
	u32 s, ref, above, best = 0;
	unsigned int v, d, hit0, hit1;
	const struct fib_node *bn;

	if (x >= FIB_DIR6_SIZE)
		return fib_slot_res(fib_lookup_general(sk_t, mem, a, NULL));
	s = mem->w[x];
	if (!fib_is_node(s))
		return fib_slot_res(s);
	hit0 = k0 == key + 1;
	hit1 = k1 == key + 1;
	ref = hit0 ? b->e[0].ref : b->e[1].ref;
	above = hit0 ? b->e[0].above : b->e[1].above;
	hit0 |= hit1;
	n = fib_node_at(mem, hit0 ? ref : s);
	d = hit0 ? SK_DEPTH : FIB_DIR_DEPTH;
	best = hit0 ? above : 0;
	bm = hit0 ? 0 : FIB_PBM_DEF;
	fib_prefetch((const u8 *)n + 64);
	bn = n;
	h = hi << (d * FIB_STRIDE);
	for (; d < 64 / FIB_STRIDE; d++) {
		v = h >> (64 - FIB_STRIDE);
		m = n->pbm & fib_anc[v];
		bn = m ? n : bn;
		bm = m ? m : bm;
		if (!(n->cbm & (1ULL << v)))
			break;
		s = n->slot[fib_rank(n->cbm, v)];
		if (!fib_is_node(s))
			return fib_slot_res(s);
		n = fib_node_at(mem, s);
		fib_prefetch((const u8 *)n + 64);
		h <<= FIB_STRIDE;
	}
	if (unlikely(d == 64 / FIB_STRIDE)) {	/* prefixes longer than /60 */
		s = fib6_deep(mem, n, d, bn, bm, hi, fib_load_be64(a + 8));
		return fib_slot_res(s ? s : best);
	}
	if (!bm)
		return fib_slot_res(best);
	return fib_slot_res(bn->slot[fib_pslot(bn, fib_fls64(bm) - 1)]);
}

static unsigned long run_sk(const struct fib_mem *mem, const struct dests *d)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		acc += sk_lookup(mem, d->a + 16 * i);
	return acc;
}

static int cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/* runs alternating rounds of the inline lookup and the skip lookup */
static void compare(const struct vrs_fib *t, const struct fib_mem *mem,
		    const struct dests *d, int runs, const char *label)
{
	unsigned long c1, c2;
	int k;

	for (k = 0; k < runs; k++) {
		double t0 = now(), a, b;

		c1 = lookup_fib_inline(t, d, 16);
		a = d->n / (now() - t0) / 1e6;
		t0 = now();
		c2 = run_sk(mem, d);
		b = d->n / (now() - t0) / 1e6;
		printf("%sinline %6.2f M/s   skip %6.2f M/s   %.2fx%s\n", label,
		       a, b, b / a, c1 == c2 ? "" : "  CHECKSUM MISMATCH");
	}
}

/* how many lookups start at depth 7, and whether all agree */
static void check_skip(const struct vrs_fib *t, const struct fib_mem *mem,
		       const struct dests *d)
{
	size_t i, hits = 0, bad = 0;

	for (i = 0; i < d->n; i++) {
		u64 key = fib_load_be64(d->a + 16 * i) >> (64 - SK_KEYBITS);
		const struct sk_bucket *b = &skip[sk_hash(key)];

		hits += b->e[0].key == key + 1 || b->e[1].key == key + 1;
		bad += sk_lookup(mem, d->a + 16 * i) !=
		       vrs_fib_lookup(t, d->a + 16 * i, NULL);
	}
	printf("disagreements with vrs_fib_lookup(): %zu\n", bad);
	printf("hits: %zu of %zu\n", hits, d->n);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : pfx_default_path();
	struct arena *ar = arena_new();
	struct vrs_fib *t = vrs_fib_create(6, &arena_ops, ar);
	const struct fib_mem *mem;
	uint64_t rng = 0xbe4c4 + 6;
	struct pfx_list l;
	struct dests da;
	cpu_set_t cs;
	size_t i;

	CPU_ZERO(&cs);
	CPU_SET(0, &cs);
	sched_setaffinity(0, sizeof(cs), &cs);
	if (pfx_load(path, &l))
		return 1;
	for (i = 0; i < l.n6; i++)
		vrs_fib_insert(t, l.v6[i].addr, l.v6[i].plen, i + 1, 0, NULL);
	make_dests(&da, l.v6, l.n6, 16, 1, &rng);
	mem = t->mem;
	sk_t = t;
	skip = calloc(1UL << SK_BITS, sizeof(*skip));
	sk_build(mem, fib_node_at(mem, mem->root), 0, 0, 0);
	printf("skip: %zu depth-7 nodes in %lu KiB, %zu left out\n", sk_n,
	       (sizeof(*skip) << SK_BITS) >> 10, sk_lost);
	check_skip(t, mem, &da);
	compare(t, mem, &da, 7, "");
	if (getenv("SORTED")) {
		qsort(da.a, da.n, 16, cmp16);
		compare(t, mem, &da, 3, "sorted: ");
	}
	return 0;
}
