/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRS FIB: longest-prefix-match table, one per address family per VR.
 *
 * Addresses are byte strings in network order: 4 bytes for IPv4, 16 for
 * IPv6.  Prefix bits beyond the prefix length are ignored everywhere (the
 * table masks them), so 10.1.2.3/8 and 10.0.0.0/8 are the same prefix.
 *
 * Results are 32-bit handles the caller chooses, 1..VRS_FIB_RESULT_MAX,
 * normally the index of the route entry in an array the caller keeps
 * (as rte_lpm's next-hop indices); 0 means "no result".  Four bytes, not
 * a pointer, because the result is most of what the table stores per
 * prefix: it keeps a large table at a few bytes per prefix and mostly in
 * cache.  A handle may be reused by the caller once the prefix holding it
 * is gone; a lockless reader that raced with that can then see the new
 * owner of the handle (see kmod/route.c for how the data path copes).
 *
 * Concurrency: the caller serializes all writers (insert, delete, destroy).
 * vrs_fib_lookup(), vrs_fib_get_exact() and vrs_fib_walk_from() may run
 * concurrently with a writer without locks (in the kernel: inside an RCU
 * read-side critical section).  Writers copy what they change and publish
 * it with one release store; memory a reader may still hold is handed to
 * ops->free_deferred, which must delay the free past a grace period
 * (kvfree_rcu-like in the kernel, immediate in single-threaded tests).
 *
 * Memory: all nodes of a table (and dir[], below) live in one block of
 * 32-bit words, referenced by offsets.  A change writes the nodes it
 * rewrites into free space of the block; the space of the nodes they
 * replace is reused once the host says a grace period has passed since
 * (ops->gp_start/gp_done), and the block is compacted into a fresh one
 * (the old one handed to free_deferred) when too much of it is unused.
 * So alloc is asked for a few large blocks, not many small ones.
 *
 * Allocation failure leaves the table unchanged and returns -ENOMEM; this
 * includes vrs_fib_delete(), which may need a smaller copy of a node.
 */
#ifndef VRS_FIB_H
#define VRS_FIB_H

#include "fib_host.h"

#define VRS_FIB_AF_INET		4	/* 32-bit addresses */
#define VRS_FIB_AF_INET6	6	/* 128-bit addresses */

/* Largest result handle (the table keeps one tag bit per slot). */
#define VRS_FIB_RESULT_MAX	0x7fffffffU

/* vrs_fib_insert() flags */
#define VRS_FIB_REPLACE		0x1	/* overwrite an existing prefix */

struct vrs_fib;

struct vrs_fib_ops {
	/* Allocate size bytes (no need to zero); NULL on failure. */
	void *(*alloc)(size_t size, void *ctx);
	/* Free memory that was never visible to readers. */
	void (*free)(void *ptr, void *ctx);
	/* Free memory readers may still see, after a grace period. */
	void (*free_deferred)(void *ptr, void *ctx);
	/*
	 * Optional (both or neither): a cookie for "now", and whether a
	 * grace period has passed since the cookie was taken, i.e. no
	 * reader that started before is still running (kernel:
	 * get_state_synchronize_rcu() / poll_state_synchronize_rcu()).
	 * Without them freed nodes are only reclaimed by compaction.
	 */
	unsigned long (*gp_start)(void *ctx);
	bool (*gp_done)(unsigned long cookie, void *ctx);
	/*
	 * Optional: the bytes an alloc() of size bytes really takes
	 * (>= size; the allocator's rounding).  The table's block is then
	 * sized to use them: the rounding becomes room to grow instead of
	 * waste, and vrs_fib_bytes() counts what the table really holds.
	 * Must be monotonic, and alloc_size(alloc_size(x)) == alloc_size(x).
	 */
	size_t (*alloc_size)(size_t size, void *ctx);
};

/*
 * For alloc_size ops of page allocators: size rounded up to whole pages
 * (page bytes each), or to whole huge pages (huge bytes, a multiple of
 * page) where that adds at most an eighth.  Monotonic and idempotent, as
 * alloc_size must be.
 */
size_t vrs_fib_round_pages(size_t size, size_t page, size_t huge);

/*
 * Create an empty table for family (VRS_FIB_AF_INET or VRS_FIB_AF_INET6).
 * ops must stay valid for the table's lifetime.  NULL on failure.
 */
struct vrs_fib *vrs_fib_create(int family, const struct vrs_fib_ops *ops,
			       void *ctx);

/*
 * Free the table.  If cb is not NULL it is called once per prefix (in walk
 * order) so the caller can release its results.  All memory goes through
 * free_deferred, so lookups still in flight stay safe; no new lookup may
 * start once destroy has been called.
 */
void vrs_fib_destroy(struct vrs_fib *t,
		     void (*cb)(const u8 *addr, unsigned int plen,
				u32 result, void *arg),
		     void *arg);

/*
 * Add addr/plen -> result.  If the prefix exists: -EEXIST, unless flags
 * has VRS_FIB_REPLACE, in which case the result is swapped atomically and
 * the previous one is stored in *old (if old is not NULL).  On a fresh
 * insert *old is set to 0.  -EINVAL for a bad plen or a result outside
 * 1..VRS_FIB_RESULT_MAX.
 */
int vrs_fib_insert(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   u32 result, unsigned int flags, u32 *old);

/* Remove addr/plen; its result is stored in *old.  -ENOENT if absent. */
int vrs_fib_delete(struct vrs_fib *t, const u8 *addr, unsigned int plen,
		   u32 *old);

/*
 * Longest-prefix match for addr; 0 if nothing covers it.  If plen is not
 * NULL it receives the matched prefix length.  Lockless.  The data path
 * uses vrs_fib_lookup_inline() (fib_lookup.h), the same without plen.
 */
u32 vrs_fib_lookup(const struct vrs_fib *t, const u8 *addr, u8 *plen);

/*
 * res[i] = vrs_fib_lookup(t, addrs[i], NULL) for i < n.  Walks up to
 * VRS_FIB_BULK lookups in lockstep, or for IPv4 tables with dir[] groups
 * of 32 one pass per dependent load, and prefetches what each reads
 * next, so the cache misses of independent lookups overlap.  Lockless.
 */
#define VRS_FIB_BULK		8
void vrs_fib_lookup_bulk(const struct vrs_fib *t, const u8 *const *addrs,
			 unsigned int n, u32 *res);

/* Result stored for exactly addr/plen, or 0.  Lockless. */
u32 vrs_fib_get_exact(const struct vrs_fib *t, const u8 *addr,
		      unsigned int plen);

/*
 * Walk callback: return 0 to continue, anything else stops the walk and
 * is returned by vrs_fib_walk_from().  addr is only valid during the call.
 */
typedef int (*vrs_fib_walk_cb)(const u8 *addr, unsigned int plen,
			       u32 result, void *arg);

/*
 * Visit prefixes in ascending order of (address, prefix length), starting
 * strictly after the cursor, or from the first prefix if cursor is NULL.
 * The cursor need not be in the table, so a dump can resume after the
 * last prefix it emitted even if the table changed in between.  Lockless:
 * under concurrent writes each prefix is seen in its old or new state.
 */
int vrs_fib_walk_from(const struct vrs_fib *t, const u8 *cursor,
		      unsigned int cursor_plen, vrs_fib_walk_cb cb, void *arg);

/*
 * Direct pointing for large tables: once the table holds min_prefixes
 * prefixes it allocates an array indexed by the top 18 address bits
 * (IPv4: 2^18 32-bit words, 1 MiB; IPv6: only the 2^15 blocks of
 * 2000::/3, 128 KiB), so a lookup skips the first three trie levels; the
 * array is freed when the table shrinks below half of min_prefixes.
 * 0 never builds it.  Default: 65536.  A writer-side call
 * (serialize it with inserts and deletes); it takes effect at the next
 * insert or delete.  If the array cannot be allocated the table works
 * without it and the next insert tries again.
 */
void vrs_fib_set_direct(struct vrs_fib *t, unsigned long min_prefixes);

/* Number of prefixes. */
unsigned long vrs_fib_count(const struct vrs_fib *t);

/* Bytes allocated by the table (excluding the caller's results). */
size_t vrs_fib_bytes(const struct vrs_fib *t);

/* Address length in bits (32 or 128). */
unsigned int vrs_fib_addr_bits(const struct vrs_fib *t);

#endif /* VRS_FIB_H */
