/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers for the FIB selftests: TAP output, allocator, RNG. */
#ifndef VRS_FIB_TESTLIB_H
#define VRS_FIB_TESTLIB_H

#include <stdint.h>
#include <stddef.h>
#include "fib.h"

/* TAP / kselftest output */
void tap_plan(int n);
void tap_result(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the Totals line; returns the process exit code. */
int tap_finish(void);
#define tap_diag(...) do { printf("# " __VA_ARGS__); printf("\n"); } while (0)

/* Counting allocator with failure injection. */
struct talloc {
	size_t live_bytes;
	long live_allocs;
	long fail_after;	/* < 0: never fail; 0: fail the next alloc */
	long nallocs;
};
extern const struct vrs_fib_ops talloc_ops;
void talloc_init(struct talloc *a);

/* xorshift64* */
static inline uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Fake, never dereferenced, 4-aligned result for id. */
static inline void *res_of(unsigned long id)
{
	return (void *)((id + 1) << 2);
}

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
