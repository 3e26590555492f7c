/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deliberately naive reference FIB: an unsorted array, linear scans.
 * Used by the unit tests and the fuzzer as the oracle.
 */
#ifndef VRS_FIB_REF_H
#define VRS_FIB_REF_H

#include <stddef.h>
#include <stdint.h>
#include "fib.h"

struct ref_ent {
	uint8_t addr[16];
	unsigned int plen;
	u32 res;	/* handle, 1..VRS_FIB_RESULT_MAX */
};

struct ref_fib {
	unsigned int bits;
	size_t n, cap;
	struct ref_ent *e;
};

void ref_init(struct ref_fib *r, unsigned int bits);
void ref_free(struct ref_fib *r);
void ref_mask(uint8_t *a, unsigned int plen, unsigned int bits);
/* 1 if the first plen bits of a and b agree. */
int ref_covers(const uint8_t *p, unsigned int plen, const uint8_t *a);
struct ref_ent *ref_find(struct ref_fib *r, const uint8_t *a,
			 unsigned int plen);
/* Same return conventions as vrs_fib_insert/delete. */
int ref_insert(struct ref_fib *r, const uint8_t *a, unsigned int plen,
	       u32 res, int replace, u32 *old);
int ref_delete(struct ref_fib *r, const uint8_t *a, unsigned int plen,
	       u32 *old);
/* 0 if nothing covers a. */
u32 ref_lookup(const struct ref_fib *r, const uint8_t *a,
	       unsigned int *plen);
/* Compare (addr, plen) keys the way vrs_fib_walk_from orders them. */
int ref_cmp(const uint8_t *a, unsigned int al, const uint8_t *b,
	    unsigned int bl, unsigned int bits);
/* Sort entries in walk order. */
void ref_sort(struct ref_fib *r);

#endif
