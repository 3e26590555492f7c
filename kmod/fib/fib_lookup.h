/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRS FIB: the data path's lookup, inline.
 *
 * vrs_fib_lookup_inline(t, addr) == vrs_fib_lookup(t, addr, NULL), for
 * callers that do many lookups (the forwarding path, benchmarks).  An
 * IPv4 lookup through dir[] is two dependent cache misses (the dir[]
 * entry, then the depth-3 node) and a few dozen instructions.  The CPU
 * overlaps the misses of consecutive lookups only as far as its reorder
 * window reaches, so a call and the argument checks around it cost a
 * measured quarter of the single-lookup rate.  Same rules as
 * vrs_fib_lookup() (fib.h).  It pulls in the FIB internals: include it
 * only where that speed matters.
 */
#ifndef VRS_FIB_LOOKUP_H
#define VRS_FIB_LOOKUP_H

#include "fib_int.h"

/* Every case but the IPv4 one below; returns a slot value. */
u32 fib_lookup_general(const struct vrs_fib *t, const struct fib_mem *mem,
		       const u8 *addr, u8 *plen);
/* IPv4 below depth 3 (prefixes longer than /24); a slot value. */
u32 fib_lookup4_deep(const struct fib_mem *mem, const struct fib_node *n,
		     u32 s, u64 m, u64 a);

static __always_inline u32 vrs_fib_lookup_inline(const struct vrs_fib *t,
						 const u8 *addr)
{
	const struct fib_mem *mem = fib_load_acquire(&t->mem);
	const struct fib_node *n;
	unsigned long i;
	unsigned int c;
	u64 a, m;
	u32 s;

	if (unlikely(!fib_mem_dir4(mem)))
		return fib_slot_res(fib_lookup_general(t, mem, addr, NULL));
	a = (u64)fib_load_be32(addr) << 32;
	s = fib_deref(&mem->w[a >> (64 - FIB_DIR_BITS)]);
	if (!fib_is_node(s))
		return fib_slot_res(s);
	n = fib_node_at(mem, s);
	/*
	 * The slot's position depends on the header, but it is nine times
	 * in ten within the header's cache line or the next two (measured
	 * on a BGP table): fetch those along with the header.
	 */
	fib_prefetch((const u8 *)n + 64);
	fib_prefetch((const u8 *)n + 128);
	a <<= FIB_DIR_BITS;
	i = fib_dir_node_slot(n, a >> (64 - FIB_STRIDE), &m, &c);
	s = fib_deref(&n->slot[i]);
	if (likely(!(s & c & FIB_TAG_NODE)))
		return fib_slot_res(s);
	return fib_slot_res(fib_lookup4_deep(mem, n, s, m, a));
}

#endif /* VRS_FIB_LOOKUP_H */
