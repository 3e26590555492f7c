/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VRS_FIB_FIBCHECK_H
#define VRS_FIB_FIBCHECK_H

#include "testlib.h"
#include "ref.h"

/* vrs_fib_set_direct() for the tables of the current pass (0: default) */
extern unsigned long g_direct;
/* 0: tables without gp ops; else talloc_gp_ops with this gp_period */
extern unsigned int g_gp;
/* not 0: talloc_round_ops (with g_gp's period), ta->round = g_round */
extern size_t g_round;

/* Walk callback collecting the prefixes (up to limit, 0: all). */
struct collect {
	struct ref_ent *e;
	size_t n, cap, limit;
	unsigned int bits;
};

int collect_cb(const u8 *addr, unsigned int plen, u32 res, void *arg);

/* A table with the current pass's settings, allocating from ta. */
struct vrs_fib *new_fib(int family, struct talloc *ta);
void check_lookup(struct vrs_fib *t, struct ref_fib *r, const uint8_t *a);
/*
 * Full comparison: count, bytes, walk order, exact gets, nrand random
 * lookups (and, with nrand >= 1000, lookups at and around every prefix).
 */
void check_equal(struct vrs_fib *t, struct ref_fib *r, struct talloc *ta,
		 uint64_t *rng, int nrand);
/* Random prefix; clustered so that prefixes overlap and nest a lot. */
void rand_prefix(uint64_t *rng, struct ref_fib *r, uint8_t *a,
		 unsigned int *plen);

#endif
