// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a byte string is decoded into a sequence of FIB
 * operations that run against both the FIB and the naive reference; any
 * difference aborts.  Built with -DFUZZ_REPLAY it gets a main() that runs
 * the files given on the command line (used by `make check` to replay the
 * committed corpus without libFuzzer).
 *
 * Input: byte 0 selects the family (bit 0), an address-space squeeze
 * (bits 1-2: keep 2..alen bytes random so prefixes collide), direct
 * pointing (bits 3-5: k != 0 builds dir[] from 4^(k-1) prefixes on) and
 * grace periods (bits 6-7: 0 no gp ops, so replaced nodes are only
 * reclaimed by compaction; else gp ops with a grace period over every
 * 1, 3 or 17 changes, so their space is reused).
 * Then each operation is: op byte, plen byte, address bytes.  The op
 * byte's low 3 bits pick the operation; its top 5 bits f inject an
 * allocation failure (f < 4: the (f+1)-th allocation of the operation
 * fails) or, for inserts, pick an unusual result handle (f == 31: 0,
 * f == 30: VRS_FIB_RESULT_MAX + 1, both -EINVAL; f == 29:
 * VRS_FIB_RESULT_MAX); otherwise the result is a fresh handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "testlib.h"
#include "ref.h"

#define MAX_OPS 300

static void fail(const char *what, int line)
{
	fprintf(stderr, "fuzz_fib: mismatch: %s (line %d)\n", what, line);
	abort();
}

#define ASSERT(c) do { if (!(c)) fail(#c, __LINE__); } while (0)

struct wcol {
	struct ref_ent e[8];
	int n;
	unsigned int bits;
};

static int wcol_cb(const u8 *addr, unsigned int plen, u32 res, void *arg)
{
	struct wcol *w = arg;

	memset(&w->e[w->n], 0, sizeof(w->e[0]));
	memcpy(w->e[w->n].addr, addr, w->bits / 8);
	w->e[w->n].plen = plen;
	w->e[w->n].res = res;
	return ++w->n == 8;
}

/* Walk from a cursor must match the sorted reference after the cursor. */
static void check_walk(struct vrs_fib *t, struct ref_fib *r,
		       const uint8_t *cur, unsigned int cplen)
{
	struct wcol w = { .bits = r->bits };
	size_t j = 0;
	int i;

	ref_sort(r);
	if (cur) {
		uint8_t c[16] = { 0 };

		memcpy(c, cur, r->bits / 8);
		ref_mask(c, cplen, r->bits);
		while (j < r->n &&
		       ref_cmp(r->e[j].addr, r->e[j].plen, c, cplen,
			       r->bits) <= 0)
			j++;
	}
	ASSERT(vrs_fib_walk_from(t, cur, cplen, wcol_cb, &w) ==
	       (w.n == 8 ? 1 : 0));
	for (i = 0; i < w.n; i++, j++) {
		ASSERT(j < r->n);
		ASSERT(w.e[i].plen == r->e[j].plen);
		ASSERT(w.e[i].res == r->e[j].res);
		ASSERT(!memcmp(w.e[i].addr, r->e[j].addr, r->bits / 8));
	}
	ASSERT(w.n == 8 || j == r->n);
}

struct wall {
	const struct ref_fib *r;
	size_t i;
};

static int wall_cb(const u8 *addr, unsigned int plen, u32 res, void *arg)
{
	struct wall *w = arg;
	const struct ref_ent *e = &w->r->e[w->i++];

	ASSERT(w->i <= w->r->n);
	ASSERT(e->plen == plen && e->res == res);
	ASSERT(!memcmp(e->addr, addr, w->r->bits / 8));
	return 0;
}

/* After a failed operation: all of the content is as in the reference. */
static void check_all(struct vrs_fib *t, struct ref_fib *r)
{
	struct wall w = { .r = r };
	size_t i;

	ref_sort(r);
	ASSERT(vrs_fib_walk_from(t, NULL, 0, wall_cb, &w) == 0);
	ASSERT(w.i == r->n);
	for (i = 0; i < r->n; i++) {
		ASSERT(vrs_fib_get_exact(t, r->e[i].addr, r->e[i].plen) ==
		       r->e[i].res);
		ASSERT(vrs_fib_lookup(t, r->e[i].addr, NULL) ==
		       ref_lookup(r, r->e[i].addr, NULL));
	}
}

static const unsigned int gp_periods[4] = { 0, 1, 3, 17 };

static void run_ops(const uint8_t *data, size_t size)
{
	unsigned int bits, alen, keep;
	struct talloc ta;
	struct ref_fib r;
	struct vrs_fib *t;
	size_t pos = 1, empty_bytes;
	long empty_allocs;
	int nops = 0, unsettled = 0;

	if (size < 1)
		return;
	bits = data[0] & 1 ? 128 : 32;
	alen = bits / 8;
	keep = 2 + ((data[0] >> 1) & 3) * (alen - 2) / 3;
	talloc_init(&ta);
	ref_init(&r, bits);
	t = vrs_fib_create(bits == 32 ? 4 : 6,
			   data[0] >> 6 ? &talloc_gp_ops : &talloc_ops, &ta);
	ASSERT(t);
	ta.gp_period = gp_periods[data[0] >> 6];
	empty_bytes = ta.live_bytes;
	empty_allocs = ta.live_allocs;
	if ((data[0] >> 3) & 7)
		vrs_fib_set_direct(t, 1UL << (2 * (((data[0] >> 3) & 7) - 1)));
	while (pos + 2 + keep <= size && nops++ < MAX_OPS) {
		unsigned int op = data[pos] & 7, fail_after = data[pos] >> 3;
		unsigned int plen = data[pos + 1] % (bits + 2);
		uint8_t a[16] = { 0 };
		u32 o1 = 0, o2 = 0, res = res_of(nops);
		int e1, e2, injected = fail_after < 4;
		long allocs0 = ta.live_allocs, f0 = ta.nfailed;

		memcpy(a, data + pos + 2, keep);
		pos += 2 + keep;
		if (injected)
			ta.fail_after = fail_after;
		else if (fail_after == 31)
			res = 0;
		else if (fail_after == 30)
			res = VRS_FIB_RESULT_MAX + 1;
		else if (fail_after == 29)
			res = VRS_FIB_RESULT_MAX;
		switch (op) {
		case 0:
		case 1:
			e1 = vrs_fib_insert(t, a, plen, res,
					    op ? VRS_FIB_REPLACE : 0, &o1);
			if (e1 == -ENOMEM) {
				/* nothing left allocated (the block may grow) */
				ASSERT(injected);
				ASSERT(ta.live_allocs == allocs0);
				check_all(t, &r);
				unsettled = 1;
				break;
			}
			e2 = ref_insert(&r, a, plen, res, op, &o2);
			ASSERT(e1 == e2 && o1 == o2);
			if (ta.nfailed != f0)
				unsettled = 1;
			else if (!e1)
				unsettled = 0;
			break;
		case 2:
			e1 = vrs_fib_delete(t, a, plen, &o1);
			if (e1 == -ENOMEM) {
				ASSERT(injected);
				ASSERT(ta.live_allocs == allocs0);
				check_all(t, &r);
				unsettled = 1;
				break;
			}
			e2 = ref_delete(&r, a, plen, &o2);
			ASSERT(e1 == e2 && (e1 || o1 == o2));
			if (ta.nfailed != f0)
				unsettled = 1;
			else if (!e1)
				unsettled = 0;
			break;
		case 3:
		case 4: {
			unsigned int rl;
			u32 rv = ref_lookup(&r, a, &rl);
			u8 fl = 0;

			const u8 *ap = a;
			u32 br;

			ASSERT(vrs_fib_lookup(t, a, &fl) == rv);
			ASSERT(!rv || fl == rl);
			ASSERT(vrs_fib_lookup(t, a, NULL) == rv);
			vrs_fib_lookup_bulk(t, &ap, 1, &br);
			ASSERT(br == rv);
			break;
		}
		case 5: {
			struct ref_ent *e = plen <= bits ?
					    ref_find(&r, a, plen) : NULL;

			ASSERT(vrs_fib_get_exact(t, a, plen) ==
			       (e ? e->res : 0));
			break;
		}
		case 6:
			if (plen <= bits)
				check_walk(t, &r, a, plen);
			break;
		default:
			check_walk(t, &r, NULL, 0);
			break;
		}
		ta.fail_after = -1;
		ASSERT(vrs_fib_count(t) == r.n);
		ASSERT(vrs_fib_bytes(t) == ta.live_bytes);
	}
	check_walk(t, &r, NULL, 0);
	/* delete everything: the table must shrink back to empty */
	while (r.n) {
		u32 o;

		ASSERT(!vrs_fib_delete(t, r.e[r.n - 1].addr,
				       r.e[r.n - 1].plen, &o));
		ASSERT(o == r.e[r.n - 1].res);
		r.n--;
		unsettled = 0;
	}
	ASSERT(vrs_fib_count(t) == 0);
	/*
	 * Table + block, and the block back to an empty table's size --
	 * unless the last change hit an injected failure (-ENOMEM may leave
	 * the block grown, a failed compaction leaves it as it is, until the
	 * next change that succeeds): then after one more change.  With gp
	 * ops the reuse lists stay (at most 2 more allocations, < 4 KiB).
	 */
	if (unsettled) {
		uint8_t z[16] = { 0 };

		ASSERT(!vrs_fib_insert(t, z, 0, 1, 0, NULL));
		ASSERT(!vrs_fib_delete(t, z, 0, NULL));
	}
	if (data[0] >> 6) {
		ASSERT(ta.live_allocs <= empty_allocs + 2);
		ASSERT(ta.live_bytes <= empty_bytes + 4096);
	} else {
		ASSERT(ta.live_allocs == empty_allocs);
		ASSERT(ta.live_bytes == empty_bytes);
	}
	vrs_fib_destroy(t, NULL, NULL);
	ASSERT(ta.live_allocs == 0);
	ref_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_ops(data, size);
	return 0;
}

#ifdef FUZZ_REPLAY
static int replay_file(const char *path)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	run_ops(buf, n);
	return 0;
}

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;
		char p[4096];

		if (stat(argv[i], &st) || !S_ISDIR(st.st_mode)) {
			n += !replay_file(argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", argv[i], de->d_name);
			n += !replay_file(p);
		}
		if (d)
			closedir(d);
	}
	printf("TAP version 13\n1..1\nok 1 - fuzz corpus replay: %d inputs\n"
	       "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n", n);
	return 0;
}
#endif
