// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route flush: as `ip route flush`, dump the VR's routes, delete
 * the ones the selector matches, and dump again until nothing matches.
 *
 * The deletes of a round travel in VRS_CMD_ROUTE_BATCH requests of a
 * few hundred ops each (ip, too, sends its deletes a buffer at a time
 * instead of waiting for each answer): one request per route made a
 * flush of a full table cost a netlink round trip, and a VR lock hold,
 * per route.  The kernel stops a batch at its first failing op and names
 * it in the extack cookie; a route that is gone already (deleted by a
 * concurrent flush or replaced meanwhile) is no error, and the ops after
 * it are sent again.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/vrs.h>

#include "route.h"
#include "vrnl.h"

/* Requests stay below what a socket write and the kernel's receive
 * buffer take comfortably (as vrnl -batch's).
 */
#define FLUSH_MSG_MAX	(64 * 1024)
/* Room a delete op may take (-batch's RB_OP_MAX for one next hop): an
 * IPv6 one with gateway, device and metric takes 124 bytes.  Should ops
 * grow past it (more attributes), put_delete() says so and the flush
 * stops: a bug to fix here, caught by any test that flushes.
 */
#define FLUSH_OP_MAX	320

/* What deletes one dumped route: its identity and single next hop. */
struct flush_key {
	uint8_t family, dst_len, type, proto, scope, gw_family;
	uint8_t dst[16], gw[16];
	uint32_t prio, ifindex;
};

struct flush_ctx {
	struct vrnl_ctx *c;
	const struct rt_filter *f;
	struct rt_info ri;
	struct rt_req req;		/* the op being put */
	char *buf;			/* the request being sent */
	unsigned int max_ops;
	struct flush_key *keys;
	size_t n, cap;
};

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flush_ctx *fc = data;
	const struct rt_info *ri = &fc->ri;
	struct flush_key *k;

	if (rt_info_parse(nlh, &fc->ri) || !rt_filter_match(fc->f, ri))
		return MNL_CB_OK;
	if (fc->n == fc->cap) {
		size_t cap = fc->cap ? fc->cap * 2 : 64;
		void *p = realloc(fc->keys, cap * sizeof(*k));

		if (!p)
			return MNL_CB_ERROR;
		fc->keys = p;
		fc->cap = cap;
	}
	k = &fc->keys[fc->n++];
	memset(k, 0, sizeof(*k));
	k->family = ri->family;
	k->dst_len = ri->dst_len;
	k->type = ri->type;
	k->proto = ri->proto;
	k->scope = ri->scope;
	memcpy(k->dst, ri->dst, sizeof(k->dst));
	k->prio = ri->has_prio ? ri->prio : 0;
	if (ri->nnh == 1) {
		k->gw_family = ri->nh[0].gw_family;
		memcpy(k->gw, ri->nh[0].gw, sizeof(k->gw));
		k->ifindex = ri->nh[0].ifindex;
	}
	return MNL_CB_OK;
}

/* Appends the delete of route @k to the batch in @nlh; false if it took
 * more than FLUSH_OP_MAX (a bug).
 */
static bool put_delete(struct flush_ctx *fc, struct nlmsghdr *nlh,
		       const struct flush_key *k)
{
	uint32_t start = nlh->nlmsg_len;
	struct rt_req *r = &fc->req;
	struct nlattr *op;

	memset(r, 0, offsetof(struct rt_req, nh) + sizeof(r->nh[0]));
	r->cmd = VRS_CMD_ROUTE_DEL;
	r->family = k->family;
	r->dst.family = k->family;
	r->dst.bytelen = (uint8_t)af_bytes(k->family);
	r->dst.bitlen = k->dst_len;
	memcpy(r->dst.data, k->dst, sizeof(k->dst));
	r->type = k->type;
	r->proto = k->proto;
	r->scope = k->scope;
	r->metric_ok = k->prio != 0;
	r->metric = k->prio;
	r->nnh = k->gw_family || k->ifindex;
	r->nh[0].gw_family = k->gw_family;
	memcpy(r->nh[0].gw, k->gw, sizeof(k->gw));
	r->nh[0].ifindex = k->ifindex;
	op = mnl_attr_nest_start(nlh, VRS_A_RT_OP);
	mnl_attr_put_u8(nlh, VRS_A_RT_OP_CMD, VRS_CMD_ROUTE_DEL);
	rt_req_put(r, nlh);
	mnl_attr_nest_end(nlh, op);
	return nlh->nlmsg_len - start <= FLUSH_OP_MAX;
}

/* Which op the kernel refused: the cookie's index, else the first. */
static size_t refused_op(const struct vrnl_err *e, size_t sent)
{
	uint32_t idx = 0;

	if (e->cookie_len == sizeof(idx))
		memcpy(&idx, e->cookie, sizeof(idx));
	return idx < sent ? idx : 0;
}

/* Deletes keys[0..n); 0 or ip's exit code after printing the error. */
static int delete_keys(struct flush_ctx *fc, const struct flush_key *keys,
		       size_t n)
{
	struct nlmsghdr *nlh;
	struct nlattr *list;
	struct vrnl_err e;
	uint32_t vr_off;
	size_t sent;
	int ret;

	while (n) {
		ret = route_req_in(fc->c, fc->buf, VRS_CMD_ROUTE_BATCH, NLM_F_ACK,
				   fc->f->table, &nlh, &vr_off);
		if (ret)
			return ret;
		list = mnl_attr_nest_start(nlh, VRS_A_RT_BATCH);
		for (sent = 0; sent < n && sent < fc->max_ops &&
		     nlh->nlmsg_len + FLUSH_OP_MAX <= FLUSH_MSG_MAX; sent++) {
			if (!put_delete(fc, nlh, &keys[sent])) {
				fprintf(stderr, "vrnl: a route delete outgrew FLUSH_OP_MAX\n");
				return VRNL_EXIT_KERNEL;
			}
		}
		mnl_attr_nest_end(nlh, list);
		if (!vrnl_nl_talk(&fc->c->nl, nlh, NULL, NULL, &e)) {
			keys += sent;
			n -= sent;
			continue;
		}
		if (e.err != ESRCH)
			return route_failed(&e, vr_off);
		sent = refused_op(&e, sent) + 1;
		keys += sent;
		n -= sent;
	}
	return 0;
}

/* Dump, delete what matches, until a dump finds none (or 30 s pass). */
static int flush_rounds(struct flush_ctx *fc)
{
	const struct vrnl_ctx *c = fc->c;
	time_t start = time(NULL);
	int ret, round = 0;

	for (;;) {
		fc->n = 0;
		ret = route_dump(fc->c, fc->f, flush_cb, fc);
		if (ret)
			return ret;
		if (!fc->n)
			break;
		round++;
		ret = delete_keys(fc, fc->keys, fc->n);
		if (ret) {
			fprintf(stderr, "Flush terminated\n");
			return ret;
		}
		if (time(NULL) - start > 30) {
			printf("\n*** Flush not completed after %ld seconds, %zu entries remain ***\n",
			       (long)(time(NULL) - start), fc->n);
			return VRNL_EXIT_LOOKUP;
		}
		if (c->stats)
			printf("\n*** Round %d, deleting %zu entries ***\n",
			       round, fc->n);
	}
	if (c->stats && !round)
		printf("Nothing to flush.\n");
	else if (c->stats)
		printf("*** Flush is complete after %d round%s ***\n", round,
		       round > 1 ? "s" : "");
	return 0;
}

int route_flush(struct vrnl_ctx *c, int argc, char **argv)
{
	const char *max = getenv("VRNL_BATCH_MAX");
	struct flush_ctx *fc;
	struct rt_filter f;
	int ret;

	if (argc <= 0) {
		fprintf(stderr, "\"vrnl route flush\" requires arguments.\n");
		return VRNL_EXIT_LOOKUP;
	}
	ret = rt_parse_filter(&f, route_family(c), argc, argv);
	if (ret)
		return ret;
	fc = calloc(1, sizeof(*fc));
	if (fc)
		fc->buf = malloc(FLUSH_MSG_MAX);
	if (!fc || !fc->buf) {
		free(fc);
		fprintf(stderr, "Cannot allocate memory\n");
		return VRNL_EXIT_KERNEL;
	}
	fc->c = c;
	fc->f = &f;
	/* Ops per request: -batch's test and benchmark knob. */
	fc->max_ops = max && atoi(max) > 0 ? (unsigned int)atoi(max) : ~0U;
	ret = flush_rounds(fc);
	fflush(stdout);
	free(fc->keys);
	free(fc->buf);
	free(fc);
	return ret;
}
