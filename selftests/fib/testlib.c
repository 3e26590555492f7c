// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <time.h>
#include "testlib.h"
#include "ref.h"

static double tap_t0 = -1;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int tap_n, tap_pass, tap_fail, tap_skipped;

void tap_plan(int n)
{
	tap_t0 = now_s();
	printf("TAP version 13\n1..%d\n", n);
	fflush(stdout);
}

void tap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("# time %.2fs\n", now_s() - tap_t0);
	tap_t0 = now_s();
	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		tap_pass++;
	else
		tap_fail++;
}

void tap_skip(const char *fmt, ...)
{
	va_list ap;

	printf("ok %d # SKIP ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	tap_skipped++;
}

int tap_finish(void)
{
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       tap_pass, tap_fail, tap_skipped);
	return tap_fail ? 1 : 0;
}

static size_t ta_alloc_size(size_t size, void *ctx)
{
	const struct talloc *a = ctx;

	if (!a->round || size <= 64)
		return size;
	return (size + a->round - 1) / a->round * a->round;
}

/* 16-byte header keeps the size and preserves malloc alignment. */
static void *ta_alloc(size_t size, void *ctx)
{
	struct talloc *a = ctx;
	size_t *p;

	if (a->fail_after == 0) {
		a->nfailed++;
		return NULL;
	}
	if (a->fail_after > 0)
		a->fail_after--;
	if (a->fail_once >= 0 && a->fail_once-- == 0) {
		a->nfailed++;
		return NULL;
	}
	p = malloc(size + 16);
	if (!p)
		return NULL;
	p[0] = ta_alloc_size(size, a);
	a->live_bytes += p[0];
	a->live_allocs++;
	a->nallocs++;
	memset(p + 2, 0xa5, size);	/* the FIB must not rely on zeroing */
	return p + 2;
}

static void ta_free(void *ptr, void *ctx)
{
	struct talloc *a = ctx;
	size_t *p = (size_t *)ptr - 2;

	a->live_bytes -= p[0];
	a->live_allocs--;
	free(p);
}

static unsigned long ta_gp_start(void *ctx)
{
	struct talloc *a = ctx;
	unsigned long c = a->gp_now;

	if (a->gp_period && ++a->gp_calls >= a->gp_period) {
		a->gp_calls = 0;
		a->gp_now++;
	}
	return c;
}

static bool ta_gp_done(unsigned long cookie, void *ctx)
{
	const struct talloc *a = ctx;

	return a->gp_now > cookie;
}

const struct vrs_fib_ops talloc_ops = {
	.alloc = ta_alloc,
	.free = ta_free,
	.free_deferred = ta_free,
};

const struct vrs_fib_ops talloc_gp_ops = {
	.alloc = ta_alloc,
	.free = ta_free,
	.free_deferred = ta_free,
	.gp_start = ta_gp_start,
	.gp_done = ta_gp_done,
};

const struct vrs_fib_ops talloc_round_ops = {
	.alloc = ta_alloc,
	.free = ta_free,
	.free_deferred = ta_free,
	.gp_start = ta_gp_start,
	.gp_done = ta_gp_done,
	.alloc_size = ta_alloc_size,
};

void talloc_init(struct talloc *a)
{
	memset(a, 0, sizeof(*a));
	a->fail_after = -1;
	a->fail_once = -1;
}

int pfx_load(const char *path, struct pfx_list *l)
{
	size_t c4 = 0, c6 = 0;
	char line[256], cmd[4200];
	FILE *f;

	memset(l, 0, sizeof(*l));
	if (access(path, R_OK))
		return -1;
	snprintf(cmd, sizeof(cmd), "gzip -dcf '%s'", path);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *slash = strchr(line, '/');
		struct pfx p;
		int v6;

		if (!slash)
			continue;
		*slash = 0;
		memset(&p, 0, sizeof(p));
		p.plen = atoi(slash + 1);
		v6 = strchr(line, ':') != NULL;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, line, p.addr) != 1)
			continue;
		if (v6) {
			if (l->n6 == c6) {
				c6 = c6 ? 2 * c6 : 1024;
				l->v6 = realloc(l->v6, c6 * sizeof(p));
			}
			l->v6[l->n6++] = p;
		} else {
			if (l->n4 == c4) {
				c4 = c4 ? 2 * c4 : 1024;
				l->v4 = realloc(l->v4, c4 * sizeof(p));
			}
			l->v4[l->n4++] = p;
		}
	}
	pclose(f);
	return l->n4 + l->n6 ? 0 : -1;
}

void pfx_free(struct pfx_list *l)
{
	free(l->v4);
	free(l->v6);
	memset(l, 0, sizeof(*l));
}

const char *pfx_default_path(void)
{
	const char *e = getenv("FIB_DATA");

	if (e)
		return e;
#ifdef FIB_DATA_DEFAULT
	return FIB_DATA_DEFAULT;
#else
	return "../../../shared/data/bgp-prefixes-2026.txt.gz";
#endif
}

int fails;

const char *fmt_addr(const uint8_t *a, unsigned int bits)
{
	static char buf[4][64];
	static int i;
	char *p = buf[i++ & 3];
	unsigned int j, o = 0;

	for (j = 0; j < bits / 8; j++)
		o += sprintf(p + o, bits == 32 ? "%s%u" : "%s%02x",
			     j ? (bits == 32 ? "." : (j % 2 ? "" : ":")) : "",
			     a[j]);
	return p;
}

/*
 * A random prefix shaped like a BGP table (mostly /24, /48) plus some of
 * every length; a is masked and zero past the address.
 */
void rand_bgp_prefix(uint64_t *rng, unsigned int bits, uint8_t *a,
		     unsigned int *plen)
{
	uint64_t x = rng_next(rng), y = rng_next(rng);
	unsigned int r = x % 100;

	memcpy(a, &y, 8);
	y = rng_next(rng);
	memcpy(a + 8, &y, 8);
	if (bits == 32)
		*plen = r < 55 ? 24 : r < 88 ? 16 + (x >> 8) % 8 :
			(x >> 8) % 33;
	else
		*plen = r < 45 ? 48 : r < 85 ? 28 + (x >> 8) % 20 :
			(x >> 8) % 129;
	if (bits == 32 && r % 4 == 0)
		a[0] = 10;			/* dense, nested area */
	if (bits == 128 && r < 85)
		a[0] = 0x20 | (a[0] & 0x1f);	/* 2000::/3 */
	ref_mask(a, *plen, bits);
	memset(a + bits / 8, 0, 16 - bits / 8);
}
