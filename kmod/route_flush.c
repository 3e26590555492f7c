// SPDX-License-Identifier: GPL-2.0
/*
 * The routes of a port that leaves its VR: every route with a next hop
 * through it goes, as the kernel removes the routes through a device that
 * unregisters.  The FIB is walked in batches of prefixes and the routes
 * are deleted between batches (a walk must not see the FIB change).
 */
#include <linux/rculist.h>
#include <linux/slab.h>

#include "fib/fib.h"
#include "route_core.h"
#include "vrs.h"

struct vrs_rt_flush {
	struct vrs_vr *vr;
	struct vrs_port *port;		/* NULL: every route */
	union vrs_addr prefix[32];	/* a batch of prefixes to visit */
	u8 plen[32];
	int n;
};

static bool vrs_rt_uses_port(const struct vrs_route *r,
			     const struct vrs_port *port)
{
	int i;

	for (i = 0; i < r->nh_count; i++)
		if (r->nh[i].port == port)
			return true;
	return false;
}

static int vrs_rt_flush_collect(const u8 *addr, unsigned int plen, u32 h,
				void *arg)
{
	struct vrs_rt_flush *f = arg;
	struct vrs_rt_node *node = vrs_rt_node_locked(f->vr, h);
	struct vrs_route *r;

	list_for_each_entry(r, &node->routes, node) {
		if (vrs_rt_uses_port(r, f->port)) {
			memcpy(f->prefix[f->n].bytes, addr, 16);
			f->plen[f->n] = plen;
			return ++f->n == ARRAY_SIZE(f->plen);
		}
	}
	return 0;
}

/* Deletes the routes through @port of prefix @i of the batch. */
static void vrs_rt_flush_prefix(struct vrs_vr *vr, int family,
				struct vrs_rt_flush *f, int i)
{
	struct vrs_rt_node *node;
	struct vrs_route *r, *tmp;

	node = vrs_rt_node_get(vr, family, &f->prefix[i], f->plen[i]);
	if (!node)
		return;
	list_for_each_entry_safe(r, tmp, &node->routes, node) {
		if (!vrs_rt_uses_port(r, f->port))
			continue;
		/* Cannot fail: vr->rt.nofail is set (vrs_route_flush_port). */
		if (WARN_ON_ONCE(vrs_rt_unlink(vr, node, r)))
			continue;
		kfree_rcu(r, rcu);
	}
}

void vrs_route_flush_port(struct vrs_vr *vr, struct vrs_port *port)
{
	struct vrs_rt_flush *f;
	int fam, i, more;
	static const int families[] = { AF_INET, AF_INET6 };

	lockdep_assert_held(&vr->lock);
	f = kmalloc(sizeof(*f), GFP_KERNEL | __GFP_NOFAIL);
	f->vr = vr;
	f->port = port;
	vr->rt.nofail = true;
	for (fam = 0; fam < ARRAY_SIZE(families); fam++) {
		struct vrs_fib *fib = vr->rt.fib[vrs_rt_family_index(families[fam])];
		const u8 *cursor = NULL;
		u8 cur[16], cplen = 0;

		do {
			f->n = 0;
			more = vrs_fib_walk_from(fib, cursor, cplen,
						 vrs_rt_flush_collect, f);
			for (i = 0; i < f->n; i++)
				vrs_rt_flush_prefix(vr, families[fam], f, i);
			if (f->n) {
				memcpy(cur, f->prefix[f->n - 1].bytes, sizeof(cur));
				cursor = cur;
				cplen = f->plen[f->n - 1];
			}
		} while (more);
	}
	vr->rt.nofail = false;
	kfree(f);
}
