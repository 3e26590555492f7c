/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRS: virtual-router substrate, module-internal definitions.
 *
 * Locking
 * -------
 * Each network namespace has one struct vrs_net.  Its mutex @lock
 * serializes every change to the set of VRs of that namespace: creation,
 * deletion and the two indexes (@vrs by id, @names by name).  Notifications
 * are sent with @lock held so that listeners see events in the order the
 * changes were made.  Helpers that need it assert it with lockdep.
 *
 * Readers (dumps, and later the data path) do not take @lock: both indexes
 * are RCU-safe and a VR is freed only after a grace period (kfree_rcu()).
 * The fields of a VR that readers use (@id, @name) never change after it
 * is published.
 *
 * Each VR has a mutex @lock that serializes changes to its routes and to
 * its list of ports.  Route changes take only that lock (found through
 * vrs_net.lock, which is dropped once vr->lock is held); a VR is unlinked
 * from the indexes first and then drained under vr->lock before it dies.
 * Port attach/detach and VR deletion also need RTNL (rx_handler and
 * net_device registration): they take it before vrs_net.lock, and a VR
 * is deleted only after its ports are detached (port.c).
 *
 * Ordering: rtnl_lock() -> vrs_net.lock -> vrs_vr.lock.
 *
 * The data path runs in softirq under RCU only: ports are found through
 * rx_handler_data, the VR through the port, routes through the FIB and
 * the VR's handle table (route.h); all of them are freed after a grace
 * period.  Counters are per-CPU.
 *
 * Lifetime: a VR lives in the namespace it was created in and never
 * outlives it; pernet exit deletes the namespace's VRs, and module exit
 * unregisters the generic netlink family before the pernet operations, so
 * no request can arrive while the VRs are torn down.
 */
#ifndef _VRS_H
#define _VRS_H

#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/netlink.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <uapi/linux/vrs.h>

#include "route.h"
#include "stats.h"

struct net;

struct vrs_net {
	struct net *net;
	struct mutex lock;		/* serializes VR changes, see above */
	struct xarray vrs;		/* id -> struct vrs_vr, RCU readable */
	struct rhashtable names;	/* name -> struct vrs_vr */
	unsigned int count;		/* VRs in this namespace */
	u32 generation;			/* bumped on every change; for dumps */
	u32 port_generation;		/* bumped on attach/detach; for dumps */
};

struct vrs_vr {
	u32 id;
	char name[VRS_VR_NAME_SIZ];	/* NUL padded: it is the hash key */
	struct rhash_head name_node;
	struct net *net;		/* owner; the VR dies with it */
	struct mutex lock;		/* routes and ports, see above */
	struct list_head ports;		/* struct vrs_port.vr_node, RCU */
	struct vrs_pcpu_stats __percpu *stats;
	struct vrs_rt_tables rt;	/* route.h */
	struct ratelimit_state icmp_rl;	/* ICMP errors this VR sends */
	bool dead;			/* unlinked; under lock */
	struct rcu_head rcu;
};

/* main.c */
extern unsigned int vrs_max_vrs;
extern unsigned int vrs_icmp_rate;
struct vrs_net *vrs_net(const struct net *net);

/* vr.c: the VR objects and their per-namespace indexes */
int vrs_vr_net_init(struct vrs_net *vn, struct net *net);
void vrs_vr_net_exit(struct vrs_net *vn);
struct vrs_vr *vrs_vr_create(struct vrs_net *vn, const char *name, u32 id,
			     struct netlink_ext_ack *extack);
/* Detaches the VR's ports first: RTNL and vn->lock held. */
void vrs_vr_destroy(struct vrs_net *vn, struct vrs_vr *vr);
struct vrs_vr *vrs_vr_find_id(struct vrs_net *vn, u32 id);
struct vrs_vr *vrs_vr_find_name(struct vrs_net *vn, const char *name);

/* addr.c: kernel routes that follow vport addresses */
int vrs_addr_init(void);
void vrs_addr_exit(void);

/* netlink.c: the generic netlink family; multicast groups by index */
enum vrs_nlgrp { VRS_NLGRP_VR, VRS_NLGRP_LINK, VRS_NLGRP_ROUTE };
extern struct genl_family vrs_genl_family;
extern bool vrs_genl_up;
int vrs_genl_register(void);
void vrs_genl_unregister(void);
void vrs_genl_notify(struct net *net, struct genl_info *info,
		     enum vrs_nlgrp group, struct sk_buff *skb);

/* vr_netlink.c: VR commands */
int vrs_validate_vr_name(const struct nlattr *attr,
			 struct netlink_ext_ack *extack);
/* Integer attributes get range policies, never validation functions:
 * see route_parse.c.
 */
#define VRS_POLICY_VR_ID	NLA_POLICY_MIN(NLA_U32, 1)
#define VRS_POLICY_VR_NAME	NLA_POLICY_VALIDATE_FN(NLA_STRING, \
						       vrs_validate_vr_name)
struct vrs_vr *vrs_vr_from_nlattrs(struct vrs_net *vn, struct nlattr **attrs,
				   struct netlink_ext_ack *extack);
extern const struct nla_policy vrs_vr_policy[VRS_A_VR_NAME + 1];
int vrs_nl_vr_new(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_vr_del(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_vr_get(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_vr_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* The VR named by VRS_A_VR_ID and/or VRS_A_VR_NAME of the request. */
struct vrs_vr *vrs_vr_from_attrs(struct vrs_net *vn, struct genl_info *info);

/* port.c */
void vrs_port_detach_all(struct vrs_vr *vr);

/* port_netlink.c: port commands */
extern const struct nla_policy vrs_port_policy[VRS_A_PORT_STATS + 1];
int vrs_nl_port_new(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_port_del(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_port_get(struct sk_buff *skb, struct genl_info *info);
int vrs_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _VRS_H */
