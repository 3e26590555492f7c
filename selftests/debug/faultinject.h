/* SPDX-License-Identifier: GPL-2.0 */
/* faultinject: what the per-object-kind files share (see faultinject.c). */
#ifndef VRS_FAULTINJECT_H
#define VRS_FAULTINJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/vrs.h>

#include "../../userspace/nl.h"

#define SNAP_MAX	(256 * 1024)

extern struct vrnl_nl nl;	/* set-up and snapshots; never armed */

struct snap {
	char *buf;
	size_t len;
};

void snap_add(struct snap *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Runs a shell command built from @fmt; 0 if it exited 0. */
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int vr_new(struct vrnl_nl *n, const char *name, uint32_t id,
	   struct vrnl_err *e);
int vr_del_all(void);
/* The ids of the VRs of the namespace, ids[0] = count (at most @max). */
int vr_ids(uint32_t *ids, uint32_t max);

/* Ports (faultinject_port.c). */
int snap_ports(struct snap *s);
int port_attach(struct vrnl_nl *n, const char *vr, const char *dev,
		const char *vport, struct vrnl_err *e);
int setup_net(void);
int rq_port_new(struct vrnl_nl *n, struct vrnl_err *e);
int rq_port_new_default(struct vrnl_nl *n, struct vrnl_err *e);
int rq_port_del(struct vrnl_nl *n, struct vrnl_err *e);
int rq_port_get(struct vrnl_nl *n, struct vrnl_err *e);
int rq_port_dump(struct vrnl_nl *n, struct vrnl_err *e);
int undo_port_new(void);

/* Routes (faultinject_route.c). */
int snap_routes(struct snap *s);
int wait_routes(uint32_t vr_id, unsigned int n);
int setup_routes(void);
int setup_many_routes(void);
int rq_route_new_v4(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_new_v6(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_new_mp(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_replace(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_append_v6(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_del(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_del_nh(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_batch(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_get(struct vrnl_nl *n, struct vrnl_err *e);
int rq_route_dump(struct vrnl_nl *n, struct vrnl_err *e);
int undo_route_new_v4(void);
int undo_route_new_v6(void);
int undo_route_new_mp(void);
int undo_route_replace(void);
int undo_route_append_v6(void);
int undo_route_del(void);
int undo_route_del_nh(void);
int undo_port_del(void);

#endif
