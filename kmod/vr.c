// SPDX-License-Identifier: GPL-2.0
/*
 * VR objects and their per-namespace indexes (by id, by name).
 * Locking: see vrs.h.
 */
#include <linux/lockdep.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vrs.h"

static const struct rhashtable_params vrs_name_params = {
	.key_len	= VRS_VR_NAME_SIZ,
	.key_offset	= offsetof(struct vrs_vr, name),
	.head_offset	= offsetof(struct vrs_vr, name_node),
	.automatic_shrinking = true,
};

int vrs_vr_net_init(struct vrs_net *vn, struct net *net)
{
	vn->net = net;
	mutex_init(&vn->lock);
	xa_init_flags(&vn->vrs, XA_FLAGS_ALLOC1);
	vn->count = 0;
	vn->generation = 1;
	return rhashtable_init(&vn->names, &vrs_name_params);
}

void vrs_vr_net_exit(struct vrs_net *vn)
{
	struct vrs_vr *vr;
	unsigned long id;

	/* Ports normally went with the namespace's devices (device pernet
	 * exit runs before ours); any left are detached here, under RTNL.
	 */
	rtnl_lock();
	mutex_lock(&vn->lock);
	xa_for_each(&vn->vrs, id, vr)
		vrs_vr_destroy(vn, vr);
	mutex_unlock(&vn->lock);
	rtnl_unlock();

	WARN_ON_ONCE(vn->count);
	rhashtable_destroy(&vn->names);
	xa_destroy(&vn->vrs);
	mutex_destroy(&vn->lock);
}

struct vrs_vr *vrs_vr_find_id(struct vrs_net *vn, u32 id)
{
	return xa_load(&vn->vrs, id);
}

/* @name must be a NUL-terminated string of at most VRS_VR_NAME_MAX bytes. */
struct vrs_vr *vrs_vr_find_name(struct vrs_net *vn, const char *name)
{
	char key[VRS_VR_NAME_SIZ] = {};
	struct vrs_vr *vr;

	strscpy(key, name, sizeof(key));
	rcu_read_lock();
	vr = rhashtable_lookup(&vn->names, key, vrs_name_params);
	rcu_read_unlock();
	/* Safe to return: callers hold vn->lock or are in an RCU section. */
	return vr;
}

static int vrs_vr_alloc_id(struct vrs_net *vn, struct vrs_vr *vr, u32 id,
			   struct netlink_ext_ack *extack)
{
	u32 new_id;
	int err;

	if (id) {
		err = xa_insert(&vn->vrs, id, vr, GFP_KERNEL);
		if (err == -EBUSY) {
			NL_SET_ERR_MSG(extack, "A VR with this id already exists");
			return -EEXIST;
		}
		new_id = id;
	} else {
		err = xa_alloc(&vn->vrs, &new_id, vr, xa_limit_32b, GFP_KERNEL);
		if (err == -EBUSY) {
			NL_SET_ERR_MSG(extack, "No free VR id left");
			return -ENOSPC;
		}
	}
	if (err) {
		NL_SET_ERR_MSG(extack, "Out of memory allocating the VR id");
		return err;
	}
	vr->id = new_id;
	return 0;
}

static void vrs_vr_free_rcu(struct rcu_head *head)
{
	struct vrs_vr *vr = container_of(head, struct vrs_vr, rcu);

	vrs_stats_free(vr->stats);
	kfree(vr);
}

/* Frees a VR nobody can reach any more, once readers are done. */
static void vrs_vr_free(struct vrs_vr *vr)
{
	vrs_rt_destroy(vr);
	mutex_destroy(&vr->lock);
	call_rcu(&vr->rcu, vrs_vr_free_rcu);
}

static struct vrs_vr *vrs_vr_alloc(const char *name,
				   struct netlink_ext_ack *extack)
{
	struct vrs_vr *vr;

	vr = kzalloc(sizeof(*vr), GFP_KERNEL_ACCOUNT);
	if (!vr)
		goto err;
	vr->stats = vrs_stats_alloc();
	if (!vr->stats)
		goto err_free;
	if (vrs_rt_init(vr))
		goto err_stats;
	strscpy(vr->name, name, sizeof(vr->name));
	mutex_init(&vr->lock);
	INIT_LIST_HEAD(&vr->ports);
	ratelimit_state_init(&vr->icmp_rl, HZ, vrs_icmp_rate);
	/* Suppressed errors are counted, not logged. */
	ratelimit_set_flags(&vr->icmp_rl, RATELIMIT_MSG_ON_RELEASE);
	return vr;

err_stats:
	vrs_stats_free(vr->stats);
err_free:
	kfree(vr);
err:
	NL_SET_ERR_MSG(extack, "Out of memory allocating the VR");
	return NULL;
}

struct vrs_vr *vrs_vr_create(struct vrs_net *vn, const char *name, u32 id,
			     struct netlink_ext_ack *extack)
{
	struct vrs_vr *vr;
	int err;

	lockdep_assert_held(&vn->lock);

	if (vn->count >= READ_ONCE(vrs_max_vrs)) {
		NL_SET_ERR_MSG(extack, "Too many VRs in this namespace (module parameter max_vrs)");
		return ERR_PTR(-ENOSPC);
	}
	if (vrs_vr_find_name(vn, name)) {
		NL_SET_ERR_MSG(extack, "A VR with this name already exists");
		return ERR_PTR(-EEXIST);
	}

	vr = vrs_vr_alloc(name, extack);
	if (!vr)
		return ERR_PTR(-ENOMEM);
	vr->net = vn->net;

	/* The id slot is reserved first so that a failure below can undo it
	 * before anybody can see the VR by name.
	 */
	err = vrs_vr_alloc_id(vn, vr, id, extack);
	if (err)
		goto err_free;

	err = rhashtable_insert_fast(&vn->names, &vr->name_node,
				     vrs_name_params);
	if (err) {
		NL_SET_ERR_MSG(extack, "Out of memory indexing the VR name");
		goto err_id;
	}

	vn->count++;
	WRITE_ONCE(vn->generation, vn->generation + 1);
	return vr;

err_id:
	xa_erase(&vn->vrs, vr->id);
err_free:
	vrs_vr_free(vr);	/* a dump may have seen it through the xarray */
	return ERR_PTR(err);
}

void vrs_vr_destroy(struct vrs_net *vn, struct vrs_vr *vr)
{
	ASSERT_RTNL();
	lockdep_assert_held(&vn->lock);

	vrs_port_detach_all(vr);

	rhashtable_remove_fast(&vn->names, &vr->name_node, vrs_name_params);
	xa_erase(&vn->vrs, vr->id);
	vn->count--;
	WRITE_ONCE(vn->generation, vn->generation + 1);

	/* Wait for a route change that found the VR before it was unlinked. */
	mutex_lock(&vr->lock);
	vr->dead = true;
	mutex_unlock(&vr->lock);
	vrs_vr_free(vr);
}
