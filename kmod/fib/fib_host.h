/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host abstraction for the VRS FIB.
 *
 * The FIB sources are compiled both into vrs.ko and into userspace test,
 * fuzz and benchmark programs.  This header is the only place that knows
 * which one it is: everything else uses the fib_* helpers below.
 */
#ifndef VRS_FIB_HOST_H
#define VRS_FIB_HOST_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include <linux/compiler.h>
#include <asm/barrier.h>
#include <linux/prefetch.h>
#include <linux/limits.h>
#include <asm/byteorder.h>
#include <linux/build_bug.h>	/* static_assert() */

/* hweight64() is patched to POPCNT at boot via alternatives on x86. */
#define fib_popcount64(x)	hweight64(x)
/* Callers guarantee x != 0. */
#define fib_fls64(x)		fls64(x)
#define fib_ffs64(x)		__ffs64(x)
/* Load of a pointer readers then dereference (dependency ordering). */
#define fib_deref(p)		READ_ONCE(*(p))
#define fib_prefetch(p)		prefetch(p)
/* Pairs with fib_store_release(): the root pointer of the table. */
#define fib_load_acquire(p)	smp_load_acquire(p)
#define fib_store(p, v)		WRITE_ONCE(*(p), (v))
/* Orders node initialization before the store that publishes it. */
#define fib_store_release(p, v)	smp_store_release((p), (v))

/* 8 or 4 bytes in network order at p (no alignment needed) */
static inline u64 fib_load_be64(const void *p)
{
	__be64 v;

	memcpy(&v, p, sizeof(v));
	return be64_to_cpu(v);
}

static inline u32 fib_load_be32(const void *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

#else /* !__KERNEL__ */

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <errno.h>
#include <string.h>
#include <assert.h>		/* static_assert() */
/* glibc's <sys/cdefs.h> (via <stdint.h>) provides __always_inline. */

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;

#define fib_popcount64(x)	((unsigned int)__builtin_popcountll(x))
/* Position of the highest set bit, 1-based; x != 0. */
#define fib_fls64(x)		(64 - __builtin_clzll(x))
/* Position of the lowest set bit, 0-based; x != 0. */
#define fib_ffs64(x)		((unsigned int)__builtin_ctzll(x))
/* Acquire stands in for consume; it is free on x86. */
#define fib_deref(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define fib_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define fib_prefetch(p)		__builtin_prefetch(p)
#define fib_store(p, v)		__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define fib_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

static inline u64 fib_load_be64(const void *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline u32 fib_load_be32(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

#ifndef noinline
#define noinline		__attribute_noinline__
#endif
#ifndef BIT
#define BIT(n)			(1UL << (n))
#endif
#ifndef U32_MAX
#define U32_MAX			0xffffffffU
#endif
#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif

#endif /* __KERNEL__ */

#endif /* VRS_FIB_HOST_H */
