/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers for the FIB selftests: TAP output, allocator, RNG. */
#ifndef VRS_FIB_TESTLIB_H
#define VRS_FIB_TESTLIB_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "fib.h"

/* TAP / kselftest output */
void tap_plan(int n);
void tap_result(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the Totals line; returns the process exit code. */
int tap_finish(void);
#define tap_diag(...) do { printf("# " __VA_ARGS__); printf("\n"); } while (0)

/* Failures in the current test case; CHECK() prints the first ten. */
extern int fails;
#define CHECK(c, ...) do {						\
	if (!(c)) {							\
		if (fails++ < 10) {					\
			printf("# %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	}								\
} while (0)

/* An address for messages (one of four static buffers). */
const char *fmt_addr(const uint8_t *a, unsigned int bits);

/* An emptied table may keep this much more than a new one (gp ops). */
#define EMPTY_SLACK	4096

/* Counting allocator with failure injection. */
struct talloc {
	size_t live_bytes;
	long live_allocs;
	long fail_after;	/* < 0: never fail; 0: fail the next alloc */
	long fail_once;		/* < 0: off; n: fail only the (n+1)-th alloc */
	long nallocs;		/* successful allocations */
	long nfailed;		/* injected failures */
	/*
	 * Grace periods for talloc_gp_ops: gp_start() returns gp_now,
	 * gp_done(c) is gp_now > c.  gp_now advances by one every gp_period
	 * gp_start() calls (1: every cookie is done at once; 0: only when
	 * the test bumps it).
	 */
	unsigned long gp_now;
	unsigned int gp_period, gp_calls;
	/*
	 * talloc_round_ops: allocations of more than 64 bytes take a
	 * multiple of round bytes (as the kernel's do pages) and are
	 * counted so; alloc_size() tells the FIB.
	 */
	size_t round;
};
/* talloc_gp_ops: the same, plus gp_start/gp_done (node reuse). */
extern const struct vrs_fib_ops talloc_ops, talloc_gp_ops;
/* talloc_gp_ops plus alloc_size (the round field above). */
extern const struct vrs_fib_ops talloc_round_ops;
void talloc_init(struct talloc *a);

/* xorshift64* */
static inline uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/*
 * Result handle for id: distinct for distinct ids (up to 2^31 - 1), in
 * 1..VRS_FIB_RESULT_MAX, and spread over all 31 bits (odd multiplier, a
 * bijection mod 2^31) so that a table mangling high bits or the tag bit
 * is caught.  res_id() inverts it.
 */
#define RES_MUL		0x9e3779b1U
#define RES_MUL_INV	0x0e8b2f51U	/* RES_MUL * RES_MUL_INV == 1 mod 2^32 */
static inline u32 res_of(unsigned long id)
{
	return (u32)((id + 1) * RES_MUL) & VRS_FIB_RESULT_MAX;
}

static inline unsigned long res_id(u32 res)
{
	return ((res * RES_MUL_INV) & VRS_FIB_RESULT_MAX) - 1;
}

/* A random prefix shaped like a BGP table (testlib.c). */
void rand_bgp_prefix(uint64_t *rng, unsigned int bits, uint8_t *a,
		     unsigned int *plen);

/* Prefix list from a file (one CIDR per line, gzip ok). */
struct pfx {
	uint8_t addr[16];
	uint8_t plen;
};
struct pfx_list {
	struct pfx *v4, *v6;
	size_t n4, n6;
};
/* Returns 0, or -1 if the file is missing/unreadable. */
int pfx_load(const char *path, struct pfx_list *l);
void pfx_free(struct pfx_list *l);
/* Path of the real table: $FIB_DATA or <repo>/../shared/data/... */
const char *pfx_default_path(void);

#endif
