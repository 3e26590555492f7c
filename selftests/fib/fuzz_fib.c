// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a byte string is decoded into a sequence of FIB
 * operations that run against both the FIB and the naive reference; any
 * difference aborts.  Built with -DFUZZ_REPLAY it gets a main() that runs
 * the files given on the command line (used by `make check` to replay the
 * committed corpus without libFuzzer).
 *
 * Input: byte 0 selects the family (bit 0), an address-space squeeze
 * (bits 1-2: keep 2..alen bytes random so prefixes collide) and direct
 * pointing (bits 3-5: k != 0 builds dir[] from 4^(k-1) prefixes on).
 * Then each operation is: op byte, plen byte, address bytes.
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

static int wcol_cb(const u8 *addr, unsigned int plen, void *res, void *arg)
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

static void run_ops(const uint8_t *data, size_t size)
{
	unsigned int bits, alen, keep;
	struct talloc ta;
	struct ref_fib r;
	struct vrs_fib *t;
	size_t pos = 1;
	int nops = 0;

	if (size < 1)
		return;
	bits = data[0] & 1 ? 128 : 32;
	alen = bits / 8;
	keep = 2 + ((data[0] >> 1) & 3) * (alen - 2) / 3;
	talloc_init(&ta);
	ref_init(&r, bits);
	t = vrs_fib_create(bits == 32 ? 4 : 6, &talloc_ops, &ta);
	ASSERT(t);
	if ((data[0] >> 3) & 7)
		vrs_fib_set_direct(t, 1UL << (2 * (((data[0] >> 3) & 7) - 1)));
	while (pos + 2 + keep <= size && nops++ < MAX_OPS) {
		unsigned int op = data[pos] & 7, fail_after = data[pos] >> 3;
		unsigned int plen = data[pos + 1] % (bits + 2);
		uint8_t a[16] = { 0 };
		void *o1 = NULL, *o2 = NULL, *res = res_of(nops);
		int e1, e2, injected = fail_after < 4;

		memcpy(a, data + pos + 2, keep);
		pos += 2 + keep;
		if (injected)
			ta.fail_after = fail_after;
		switch (op) {
		case 0:
		case 1:
			e1 = vrs_fib_insert(t, a, plen, res,
					    op ? VRS_FIB_REPLACE : 0, &o1);
			if (e1 == -ENOMEM)
				break;
			e2 = ref_insert(&r, a, plen, res, op, &o2);
			ASSERT(e1 == e2 && o1 == o2);
			break;
		case 2:
			e1 = vrs_fib_delete(t, a, plen, &o1);
			if (e1 == -ENOMEM)
				break;
			e2 = ref_delete(&r, a, plen, &o2);
			ASSERT(e1 == e2 && (e1 || o1 == o2));
			break;
		case 3:
		case 4: {
			unsigned int rl;
			void *rv = ref_lookup(&r, a, &rl);
			u8 fl = 0;

			const u8 *ap = a;
			void *br;

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
			       (e ? e->res : NULL));
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
		void *o;

		ASSERT(!vrs_fib_delete(t, r.e[r.n - 1].addr,
				       r.e[r.n - 1].plen, &o));
		ASSERT(o == r.e[r.n - 1].res);
		r.n--;
	}
	ASSERT(vrs_fib_count(t) == 0);
	ASSERT(ta.live_allocs == 2);	/* table + root */
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
