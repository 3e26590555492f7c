// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl -batch, routes: consecutive add/del/change/replace/append/prepend
 * lines for one VR travel together in VRS_CMD_ROUTE_BATCH requests, so a
 * bulk load costs a request per few hundred routes instead of one per
 * line.  What the user sees stays `ip -batch`'s: the kernel applies the
 * ops in order and stops at the first that fails, whose index maps back
 * to its line; that line's error is printed as the single command prints
 * it, and the rest is resent (-force) or dropped unapplied.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/vrs.h>

#include "route.h"
#include "route_batch.h"
#include "vrnl.h"

/* A request stays within what one socket write and the kernel's receive
 * buffer take comfortably; the largest op (RT_NH_MAX next hops) is a
 * quarter of it.
 */
#define RB_MSG_MAX	(64 * 1024)
#define RB_OP_MAX(nnh)	(256 + (size_t)(nnh) * 64)
#define RB_REF_MAX	256

/* One request being filled, and the VR its routes are for. */
struct route_batch {
	char *buf;
	struct nlmsghdr *nlh;
	struct nlattr *list;
	uint32_t vr_off;
	unsigned int n, max_ops;
	unsigned int line[RB_MSG_MAX / 16];	/* of each op */
	uint32_t off[RB_MSG_MAX / 16];		/* of each op's nest */
	bool have_vr;			/* ref/id below name the VR */
	char *ref;			/* "table"/-V, or NULL: the only VR */
	uint32_t id;
	struct rt_req req;
	FILE *held;			/* diagnostics of the line being parsed */
	char *held_buf;
	size_t held_len, held_cap;
};

/* ---- diagnostics held back while a line is parsed ------------------- */

static ssize_t held_write(void *cookie, const char *data, size_t n)
{
	struct route_batch *b = cookie;

	if (b->held_len + n > b->held_cap) {
		size_t cap = (b->held_len + n) * 2;
		char *p = realloc(b->held_buf, cap);

		if (!p)
			return -1;
		b->held_buf = p;
		b->held_cap = cap;
	}
	memcpy(b->held_buf + b->held_len, data, n);
	b->held_len += n;
	return (ssize_t)n;
}

/* ---- device names ----------------------------------------------------- */

/* Route lines name the same few devices over and over; as ip does, the
 * batch remembers them (until a line other than a route change runs,
 * which may create, rename or delete devices).
 */
static struct {
	char name[IF_NAMESIZE];
	unsigned int index;
} names[8];
static unsigned int names_next;
static unsigned int (*names_lookup)(const char *name);

static unsigned int cached_name_to_index(const char *name)
{
	unsigned int i, idx;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].index && !strcmp(names[i].name, name))
			return names[i].index;
	idx = names_lookup(name);
	if (idx && strlen(name) < IF_NAMESIZE) {
		i = names_next++ % (sizeof(names) / sizeof(names[0]));
		strcpy(names[i].name, name);
		names[i].index = idx;
	}
	return idx;
}

/* ---- set-up ------------------------------------------------------------ */

struct route_batch *route_batch_new(void)
{
	struct route_batch *b = calloc(1, sizeof(*b));
	const char *max = getenv("VRNL_BATCH_MAX");

	if (!b)
		return NULL;
	b->buf = malloc(RB_MSG_MAX);
	b->held = fopencookie(b, "w", (cookie_io_functions_t){ .write = held_write });
	if (!b->buf || !b->held) {
		route_batch_free(b);
		return NULL;
	}
	setvbuf(b->held, NULL, _IONBF, 0);
	/* Ops per request: a test and benchmark knob (1 = a request per line). */
	b->max_ops = max && atoi(max) > 0 ? (unsigned int)atoi(max) :
		     sizeof(b->line) / sizeof(b->line[0]);
	names_lookup = rt_name_to_index;
	rt_name_to_index = cached_name_to_index;
	return b;
}

void route_batch_free(struct route_batch *b)
{
	if (!b)
		return;
	if (names_lookup)
		rt_name_to_index = names_lookup;
	if (b->held)
		fclose(b->held);
	free(b->held_buf);
	free(b->ref);
	free(b->buf);
	free(b);
}

/* ---- sending ------------------------------------------------------------ */

/* Drops ops 0..@idx from the request (they ran or failed). */
static void drop_ops(struct route_batch *b, unsigned int idx)
{
	uint32_t start = b->off[0], end, delta, i;

	end = idx + 1 < b->n ? b->off[idx + 1] : b->nlh->nlmsg_len;
	delta = end - start;
	memmove(b->buf + start, b->buf + end, b->nlh->nlmsg_len - end);
	b->nlh->nlmsg_len -= delta;
	for (i = idx + 1; i < b->n; i++) {
		b->off[i - idx - 1] = b->off[i] - delta;
		b->line[i - idx - 1] = b->line[i];
	}
	b->n -= idx + 1;
}

/* Which op failed: the kernel's cookie, or the first when the request
 * failed as a whole (its VR), as the first line alone would have.
 */
static unsigned int failed_op(const struct route_batch *b,
			      const struct vrnl_err *e)
{
	uint32_t idx = 0;

	if (e->cookie_len == sizeof(idx))
		memcpy(&idx, e->cookie, sizeof(idx));
	return idx < b->n ? idx : 0;
}

int route_batch_flush(struct vrnl_ctx *c, struct route_batch *b)
{
	int worst = BATCH_OK, st;
	struct vrnl_err e;
	unsigned int idx;

	while (b->n) {
		mnl_attr_nest_end(b->nlh, b->list);
		b->nlh->nlmsg_seq = ++c->nl.seq;
		if (!vrnl_nl_talk(&c->nl, b->nlh, NULL, NULL, &e)) {
			b->n = 0;
			break;
		}
		idx = failed_op(b, &e);
		st = batch_line_failed(c, b->line[idx], route_failed(&e, b->vr_off));
		worst = st > worst ? st : worst;
		if (st >= BATCH_STOP) {
			b->n = 0;
			break;
		}
		drop_ops(b, idx);
	}
	return worst;
}

/* ---- queueing ----------------------------------------------------------- */

/* Starts a request for the batch's VR. */
static void start_msg(struct vrnl_ctx *c, struct route_batch *b)
{
	b->nlh = vrnl_nl_req_in(&c->nl, b->buf, VRS_CMD_ROUTE_BATCH, NLM_F_ACK);
	b->vr_off = b->nlh->nlmsg_len;
	if (b->ref)
		vr_put_ref(b->nlh, b->ref);
	else
		mnl_attr_put_u32(b->nlh, VRS_A_VR_ID, b->id);
	b->list = mnl_attr_nest_start(b->nlh, VRS_A_RT_BATCH);
}

static void route_batch_forget_vr(struct route_batch *b)
{
	free(b->ref);
	b->ref = NULL;
	b->have_vr = false;
}

static bool same_vr(const struct route_batch *b, const char *ref)
{
	return b->have_vr && (ref ? b->ref && !strcmp(b->ref, ref) : !b->ref);
}

/* Makes @ref (or the only VR) the batch's VR, after sending what was
 * queued for another (*@st: how that went).  Returns 0 or the line's
 * exit code, as the single command would fail.
 */
static int use_vr(struct vrnl_ctx *c, struct route_batch *b, const char *ref,
		  int *st)
{
	const char *found = NULL;
	struct vrnl_nl *nl;
	int ret;

	*st = BATCH_OK;
	if (same_vr(b, ref))
		return 0;
	*st = route_batch_flush(c, b);
	if (*st >= BATCH_STOP)
		return 0;
	route_batch_forget_vr(b);
	ret = vrnl_nl(c, &nl);
	if (!ret)
		ret = route_select_vr(c, ref, &found, &b->id);
	if (ret)
		return ret;
	if (ref) {
		b->ref = strdup(ref);
		if (!b->ref)
			return VRNL_EXIT_KERNEL;
	}
	b->have_vr = true;
	return 0;
}

static int queue_op(struct vrnl_ctx *c, struct route_batch *b,
		    unsigned int line)
{
	struct nlattr *op;
	int st = BATCH_OK;

	if (b->n && (b->n >= b->max_ops ||
		     b->nlh->nlmsg_len + RB_OP_MAX(b->req.nnh) > RB_MSG_MAX))
		st = route_batch_flush(c, b);
	if (st >= BATCH_STOP)
		return st;
	if (!b->n)
		start_msg(c, b);
	b->off[b->n] = b->nlh->nlmsg_len;
	b->line[b->n++] = line;
	op = mnl_attr_nest_start(b->nlh, VRS_A_RT_OP);
	mnl_attr_put_u8(b->nlh, VRS_A_RT_OP_CMD, b->req.cmd);
	rt_req_put(&b->req, b->nlh);
	mnl_attr_nest_end(b->nlh, op);
	return st;
}

/* Parses a route change with its diagnostics held back: if it fails, the
 * lines queued before it must run, and report, first.
 */
static int parse_held(struct vrnl_ctx *c, struct route_batch *b, int argc,
		      char **argv, uint8_t cmd, uint32_t nlflags)
{
	FILE *saved = stderr;
	int ret;

	b->held_len = 0;
	stderr = b->held;	/* glibc's stderr is a plain variable */
	b->req.cmd = cmd;	/* the parser's defaults depend on them */
	b->req.nlflags = nlflags;
	ret = rt_parse_modify(&b->req, route_family(c), argc, argv);
	if (!ret)
		ret = route_check_table(c, b->req.table);
	stderr = saved;
	return ret;
}

bool route_batch_takes(int argc, char **argv)
{
	uint8_t cmd;
	uint32_t nlflags;

	return argc >= 2 && cmd_is_object(argv[0], "route") &&
	       route_modify_cmd(argv[1], &cmd, &nlflags);
}

static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* A line that goes the single way, after what was queued before it. */
static int run_single(struct vrnl_ctx *c, struct route_batch *b, int argc,
		      char **argv, unsigned int line)
{
	int st = route_batch_flush(c, b), ret;

	if (st >= BATCH_STOP)
		return st;
	ret = do_cmd(c, argc, argv);
	return worse(st, ret ? batch_line_failed(c, line, ret) : BATCH_OK);
}

int route_batch_add(struct vrnl_ctx *c, struct route_batch *b, int argc,
		    char **argv, unsigned int line)
{
	const char *ref;
	int ret, st;
	uint8_t cmd;
	uint32_t nlflags;

	route_modify_cmd(argv[1], &cmd, &nlflags);
	ret = parse_held(c, b, argc - 2, argv + 2, cmd, nlflags);
	if (ret || b->held_len) {
		/* ip never reaches this line if one before it fails. */
		st = route_batch_flush(c, b);
		if (st >= BATCH_STOP)
			return st;
		fwrite(b->held_buf, 1, b->held_len, stderr);
		if (ret)
			return worse(st, batch_line_failed(c, line, ret));
	}
	ref = b->req.table ? b->req.table : c->vr;
	/* A VR reference too long to share a request with routes. */
	if (ref && strlen(ref) > RB_REF_MAX)
		return run_single(c, b, argc, argv, line);
	ret = use_vr(c, b, ref, &st);
	if (st >= BATCH_STOP)
		return st;
	if (ret)
		return worse(st, batch_line_failed(c, line, ret));
	return worse(st, queue_op(c, b, line));
}

void route_batch_forget(struct route_batch *b)
{
	memset(names, 0, sizeof(names));
	route_batch_forget_vr(b);
}
