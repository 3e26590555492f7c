// SPDX-License-Identifier: GPL-2.0
/*
 * VR objects and their per-namespace indexes (by id, by name).
 * Locking: see vrs.h.
 */
#include <linux/lockdep.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vrs.h"

static const struct rhashtable_params vrs_name_params = {
	.key_len	= VRS_VR_NAME_SIZ,
	.key_offset	= offsetof(struct vrs_vr, name),
	.head_offset	= offsetof(struct vrs_vr, name_node),
	.automatic_shrinking = true,
};

int vrs_vr_net_init(struct vrs_net *vn)
{
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

	mutex_lock(&vn->lock);
	xa_for_each(&vn->vrs, id, vr)
		vrs_vr_destroy(vn, vr);
	mutex_unlock(&vn->lock);

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

	vr = kzalloc(sizeof(*vr), GFP_KERNEL_ACCOUNT);
	if (!vr) {
		NL_SET_ERR_MSG(extack, "Out of memory allocating the VR");
		return ERR_PTR(-ENOMEM);
	}
	strscpy(vr->name, name, sizeof(vr->name));

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
	kfree_rcu(vr, rcu);	/* a dump may have seen it through the xarray */
	return ERR_PTR(err);
err_free:
	kfree(vr);
	return ERR_PTR(err);
}

void vrs_vr_destroy(struct vrs_net *vn, struct vrs_vr *vr)
{
	lockdep_assert_held(&vn->lock);

	rhashtable_remove_fast(&vn->names, &vr->name_node, vrs_name_params);
	xa_erase(&vn->vrs, vr->id);
	vn->count--;
	WRITE_ONCE(vn->generation, vn->generation + 1);
	kfree_rcu(vr, rcu);
}
