// SPDX-License-Identifier: GPL-2.0
/*
 * Route dumps: all routes of one VR (one family or both), IPv4 first, each
 * in FIB order (address, prefix length) then metric.  Lockless (RCU).
 *
 * A dump resumes after the last prefix it emitted completely; a prefix
 * whose routes did not all fit is re-entered and its first @skip routes
 * skipped.  NLM_F_DUMP_INTR marks parts made after the VR's routes
 * changed.
 */
#include <linux/rculist.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "fib/fib.h"
#include "route_nl.h"
#include "vrs.h"

struct vrs_rt_dump_ctx {
	u32 vr_id;		/* 0 until the first part resolved it */
	u8 fam;			/* VRS_RT_V4 / V6 being dumped */
	u8 last_fam;		/* the last family to dump */
	u8 plen;		/* cursor prefix length */
	u8 started;		/* cursor valid */
	u16 skip;		/* routes of the cursor prefix already sent */
	union vrs_addr cursor;
};

struct vrs_rt_dump_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct vrs_rt_dump_ctx *ctx;
	const struct vrs_vr *vr;
};

static struct vrs_rt_dump_ctx *vrs_rt_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct vrs_rt_dump_ctx) > sizeof(cb->ctx));
	return (struct vrs_rt_dump_ctx *)cb->ctx;
}

/* Emits the routes of one prefix from ctx->skip on; 1 when the skb is
 * full (the cursor then names this prefix), 0 to go on.
 */
static int vrs_rt_dump_node(const u8 *addr, unsigned int plen, u32 h,
			    void *arg)
{
	struct vrs_rt_dump_walk *w = arg;
	struct vrs_rt_dump_ctx *ctx = w->ctx;
	struct vrs_rt_node *node;
	struct vrs_route *r;
	int i = 0;

	/* NULL only if this CPU does not see the grown handle table yet;
	 * the prefix had just been added.
	 */
	node = vrs_rt_node_rcu(w->vr, h);
	if (!node)
		return 0;
	if (!ctx->started || plen != ctx->plen ||
	    memcmp(addr, &ctx->cursor, sizeof(ctx->cursor))) {
		memcpy(&ctx->cursor, addr, sizeof(ctx->cursor));
		ctx->plen = plen;
		ctx->skip = 0;
		ctx->started = 1;
	}
	list_for_each_entry_rcu(r, &node->routes, node) {
		if (i++ < ctx->skip)
			continue;
		if (vrs_route_fill(w->skb, w->vr, r,
				   NETLINK_CB(w->cb->skb).portid,
				   w->cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   VRS_CMD_ROUTE_NEW, w->cb))
			return 1;
		ctx->skip++;
	}
	return 0;
}

/* Dumps one family from the cursor on; 1 if the skb filled up. */
static int vrs_rt_dump_family(struct vrs_rt_dump_walk *w, struct vrs_fib *fib)
{
	struct vrs_rt_dump_ctx *ctx = w->ctx;
	u8 cur[16];
	u32 h;

	if (ctx->started) {
		/* Finish the prefix a previous part stopped in. */
		h = vrs_fib_get_exact(fib, ctx->cursor.bytes, ctx->plen);
		if (h && vrs_rt_dump_node(ctx->cursor.bytes, ctx->plen, h, w))
			return 1;
		memcpy(cur, ctx->cursor.bytes, sizeof(cur));
		return vrs_fib_walk_from(fib, cur, ctx->plen,
					 vrs_rt_dump_node, w);
	}
	return vrs_fib_walk_from(fib, NULL, 0, vrs_rt_dump_node, w);
}

/* Resolves the VR and the families on the first call.  Not in .start:
 * in 6.1 a genl start callback has no extack, and a rejection must say
 * why (the dump's first part carries it in NLMSG_DONE).
 */
static int vrs_rt_dump_resolve(struct netlink_callback *cb,
			       struct vrs_rt_dump_ctx *ctx)
{
	struct nlattr **tb = genl_dumpit_info(cb)->attrs;
	struct vrs_net *vn = vrs_net(sock_net(cb->skb->sk));
	struct vrs_vr *vr;
	int fam;

	ctx->last_fam = VRS_RT_V6;
	if (tb[VRS_A_RT_FAMILY]) {
		fam = vrs_check_family(tb[VRS_A_RT_FAMILY], cb->extack);
		if (fam < 0)
			return fam;
		ctx->fam = vrs_rt_family_index(fam);
		ctx->last_fam = ctx->fam;
	}
	vr = vrs_vr_from_nlattrs(vn, tb, cb->extack);
	if (IS_ERR(vr))
		return PTR_ERR(vr);
	ctx->vr_id = vr->id;
	return 0;
}

int vrs_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vrs_rt_dump_ctx *ctx = vrs_rt_dump_ctx(cb);
	struct vrs_rt_dump_walk w = { .skb = skb, .cb = cb, .ctx = ctx };
	struct vrs_net *vn = vrs_net(sock_net(skb->sk));
	int full = 0, err;

	rcu_read_lock();
	if (!ctx->vr_id) {
		err = vrs_rt_dump_resolve(cb, ctx);
		if (err) {
			rcu_read_unlock();
			return err;
		}
	}
	w.vr = vrs_vr_find_id(vn, ctx->vr_id);
	if (!w.vr)
		goto out;	/* deleted meanwhile: the dump ends */
	cb->seq = READ_ONCE(w.vr->rt.generation);
	for (; ctx->fam <= ctx->last_fam; ctx->fam++, ctx->started = 0) {
		full = vrs_rt_dump_family(&w, w.vr->rt.fib[ctx->fam]);
		if (full)
			break;
	}
out:
	rcu_read_unlock();
	if (full && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}
