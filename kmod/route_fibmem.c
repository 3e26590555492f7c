// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a VR's FIBs (kmod/fib/fib.h): where their blocks are
 * allocated, how they are freed behind readers, and the grace periods
 * after which replaced nodes' space is reused.
 */
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "fib/fib.h"
#include "route_core.h"
#include "vrs.h"

/*
 * Where a FIB block of a given size lives: a slab object up to
 * KMALLOC_MAX_CACHE_SIZE; above, vmalloc's 4 KiB pages, or 2 MiB pages
 * where rounding up to them adds at most an eighth (so not a full IPv4
 * table's ~6.5 MiB, which would take 8).  kvmalloc() rounds 8 KiB..4 MiB
 * up to a power of two and larger sizes to 2 MiB: up to twice what the
 * table holds.  The FIB is told the rounded size and uses all of it.
 */
static size_t vrs_fib_ksize(size_t size, void *ctx)
{
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_size_roundup(size);
	return vrs_fib_round_pages(size, PAGE_SIZE, PMD_SIZE);
}

/* @ctx is the VR.  While it flushes the routes of a departing port, a
 * FIB delete must not fail (the routes would keep pointing at the port):
 * if the delete needs its table's block to grow, that is __GFP_NOFAIL.
 * Otherwise a failure is the request's ENOMEM (a tenant at its memory
 * cgroup's limit, say), reported without a warning in the log.  A table
 * that would pass INT_MAX bytes just stops growing.
 */
static void *vrs_fib_kalloc(size_t size, void *ctx)
{
	const struct vrs_vr *vr = ctx;
	gfp_t gfp = GFP_KERNEL_ACCOUNT |
		    (vr->rt.nofail ? __GFP_NOFAIL : __GFP_NOWARN);
	void *p;

	if (size > INT_MAX)
		return NULL;
	size = vrs_fib_ksize(size, ctx);
	if (size <= PAGE_SIZE)
		return kmalloc(size, gfp);
	if (size <= KMALLOC_MAX_CACHE_SIZE) {
		/* Two contiguous pages if they come easily, as kvmalloc()
		 * tries them, else two pages of vmalloc: the same 8 KiB.
		 */
		p = kmalloc(size, (gfp & ~__GFP_NOFAIL) | __GFP_NORETRY |
			    __GFP_NOWARN);
		return p ?: __vmalloc(size, gfp);
	}
	if (IS_ALIGNED(size, PMD_SIZE))
		return vmalloc_huge(size, gfp);
	return __vmalloc(size, gfp);
}

static void vrs_fib_kfree(void *ptr, void *ctx)
{
	kvfree(ptr);
}

static void vrs_fib_kfree_deferred(void *ptr, void *ctx)
{
	kvfree_rcu(ptr);
}

/* Space of replaced FIB nodes is reused once readers that may be on
 * them are gone; starting the grace period here keeps that to a few ms.
 */
static unsigned long vrs_fib_gp_start(void *ctx)
{
	return start_poll_synchronize_rcu();
}

static bool vrs_fib_gp_done(unsigned long cookie, void *ctx)
{
	return poll_state_synchronize_rcu(cookie);
}

const struct vrs_fib_ops vrs_fib_kops = {
	.alloc		= vrs_fib_kalloc,
	.free		= vrs_fib_kfree,
	.free_deferred	= vrs_fib_kfree_deferred,
	.gp_start	= vrs_fib_gp_start,
	.gp_done	= vrs_fib_gp_done,
	.alloc_size	= vrs_fib_ksize,
};
