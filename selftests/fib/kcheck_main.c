// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include "fib.h"

static void *ft_alloc(size_t size, void *ctx)
{
	return kvmalloc(size, GFP_KERNEL);
}

static void ft_free(void *p, void *ctx)
{
	kvfree(p);
}

static void ft_free_deferred(void *p, void *ctx)
{
	kvfree_rcu(p);
}

static const struct vrs_fib_ops ft_ops = {
	.alloc = ft_alloc,
	.free = ft_free,
	.free_deferred = ft_free_deferred,
};

static int __init ft_init(void)
{
	static const u8 a[4] = { 10, 1, 2, 3 };
	struct vrs_fib *t = vrs_fib_create(VRS_FIB_AF_INET, &ft_ops, NULL);
	u32 r;
	u8 plen;

	if (!t)
		return -ENOMEM;
	vrs_fib_insert(t, a, 8, 1, 0, NULL);
	rcu_read_lock();
	r = vrs_fib_lookup(t, a, &plen);
	rcu_read_unlock();
	pr_info("fibtest: %u/%u %zu bytes\n", r, plen, vrs_fib_bytes(t));
	vrs_fib_destroy(t, NULL, NULL);
	return 0;
}

static void __exit ft_exit(void)
{
}

module_init(ft_init);
module_exit(ft_exit);
MODULE_LICENSE("GPL");
