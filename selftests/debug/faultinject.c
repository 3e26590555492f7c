// SPDX-License-Identifier: GPL-2.0
/*
 * Systematic allocation-failure injection into every command of the "vrs"
 * generic netlink family (debug kernel only: CONFIG_FAULT_INJECTION,
 * FAILSLAB, FAIL_PAGE_ALLOC).
 *
 * For each case of the table below: bring a fresh network namespace to a
 * known state, snapshot it, run the request once to learn the expected
 * post-state, then for n = 1, 2, ... arm /proc/self/task/<tid>/fail-nth
 * with n (the n-th allocation of this task fails), send the request on a
 * fresh socket and read the whole answer.  Then:
 *
 *   - request failed: the state must be the pre-state, except when the
 *     error is ENOBUFS and the state is the post-state (the netlink core
 *     could not allocate the ACK of a request that did succeed);
 *   - request succeeded with the fault consumed (an optional allocation,
 *     e.g. a notification): the state must be the post-state;
 *   - request succeeded with fail-nth still armed: no allocation point is
 *     left, the walk is complete.
 *
 * Leaks are the harness's business (kmemleak scan after the run).
 * Every command the kernel family advertises (CTRL_ATTR_OPS) must have a
 * case: a new command without one fails the "coverage" test.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

#include "../ktap.h"
#include "faultinject.h"

#define MAX_FAULTS	10000	/* a walk longer than this is a bug */

struct vrnl_nl nl;
static int fail_nth_fd = -1;

/* ---- state snapshots: one function per object kind ------------------ */

void snap_add(struct snap *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, SNAP_MAX - s->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->len += (size_t)n < SNAP_MAX - s->len ? (size_t)n : 0;
}

static int snap_vr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ID] || !tb[VRS_A_VR_NAME])
		return MNL_CB_ERROR;
	snap_add(data, "vr %u %s\n", mnl_attr_get_u32(tb[VRS_A_VR_ID]),
		 mnl_attr_get_str(tb[VRS_A_VR_NAME]));
	return MNL_CB_OK;
}

static int snap_vrs(struct snap *s)
{
	struct vrnl_err e;

	return vrnl_nl_talk(&nl, vrnl_nl_req(&nl, VRS_CMD_VR_GET, NLM_F_DUMP),
			    snap_vr_cb, s, &e);
}

/* One per object kind; snap_ports() also lists the namespace's links. */
static int (*const snappers[])(struct snap *s) = {
	snap_vrs,
	snap_ports,
	snap_routes,
};

static int snapshot(struct snap *s)
{
	size_t i;

	s->len = 0;
	s->buf[0] = '\0';
	for (i = 0; i < sizeof(snappers) / sizeof(snappers[0]); i++)
		if (snappers[i](s))
			return -1;
	return 0;
}

static bool snap_eq(const struct snap *a, const struct snap *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

static void snap_print(const char *what, const struct snap *s)
{
	const char *p = s->buf, *nl_;
	int lines = 0;

	ktap_print("%s (%zu bytes):", what, s->len);
	while (*p && lines++ < 400) {
		nl_ = strchr(p, '\n');
		ktap_print("  %.*s", (int)(nl_ ? nl_ - p : (long)strlen(p)), p);
		if (!nl_)
			break;
		p = nl_ + 1;
	}
}

/* ---- set-up helpers --------------------------------------------------- */

int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	rc = system(cmd);
	if (rc)
		ktap_print("command failed (%d): %s", rc, cmd);
	return rc;
}

int vr_new(struct vrnl_nl *n, const char *name, uint32_t id,
		  struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_VR_NEW, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	if (id)
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

struct vr_ids {
	uint32_t *ids, max;
};

static int vr_ids_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct vr_ids *v = data;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ID] || v->ids[0] >= v->max)
		return MNL_CB_ERROR;
	v->ids[++v->ids[0]] = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	return MNL_CB_OK;
}

int vr_ids(uint32_t *ids, uint32_t max)
{
	struct vr_ids v = { ids, max };
	struct vrnl_err e;

	ids[0] = 0;
	return vrnl_nl_talk(&nl, vrnl_nl_req(&nl, VRS_CMD_VR_GET, NLM_F_DUMP),
			    vr_ids_cb, &v, &e);
}

int vr_del_all(void)
{
	static uint32_t ids[4097];
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint32_t i;

	if (vr_ids(ids, 4096))
		return -1;
	for (i = 1; i <= ids[0]; i++) {
		nlh = vrnl_nl_req(&nl, VRS_CMD_VR_DEL, NLM_F_ACK);
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, ids[i]);
		if (vrnl_nl_talk(&nl, nlh, NULL, NULL, &e))
			return -1;
	}
	return 0;
}

/* The common pre-state: three VRs with scattered ids. */
static int setup_vrs(void)
{
	struct vrnl_err e;

	if (vr_del_all() || vr_new(&nl, "fi-a", 1, &e) ||
	    vr_new(&nl, "fi-b", 7, &e) || vr_new(&nl, "fi-c", 1000, &e)) {
		ktap_print("set-up failed: %s %s", strerror(e.err), e.msg);
		return -1;
	}
	return 0;
}

/* Enough VRs for a dump of several parts (~80 VRs fit in one). */
static int setup_many_vrs(void)
{
	char name[VRS_VR_NAME_SIZ];
	struct vrnl_err e;
	uint32_t i;

	if (vr_del_all())
		return -1;
	for (i = 1; i <= 300; i++) {
		snprintf(name, sizeof(name), "fi-%u", i);
		if (vr_new(&nl, name, i * 3, &e))
			return -1;
	}
	return 0;
}

/* ---- the requests under test (run on a fresh, armed socket) --------- */

static int undo_vr_new(void)
{
	struct nlmsghdr *nlh = vrnl_nl_req(&nl, VRS_CMD_VR_DEL, NLM_F_ACK);
	struct vrnl_err e;

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "fi-new");
	return vrnl_nl_talk(&nl, nlh, NULL, NULL, &e);
}

static int rq_vr_new(struct vrnl_nl *n, struct vrnl_err *e)
{
	return vr_new(n, "fi-new", 0, e);
}

static int rq_vr_new_id(struct vrnl_nl *n, struct vrnl_err *e)
{
	return vr_new(n, "fi-new", 4242, e);
}

static int rq_vr_del(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_VR_DEL, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "fi-b");
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

static int rq_vr_get(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_VR_GET, NLM_F_ACK);

	mnl_attr_put_u32(nlh, VRS_A_VR_ID, 7);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

static int rq_vr_dump(struct vrnl_nl *n, struct vrnl_err *e)
{
	return vrnl_nl_talk(n, vrnl_nl_req(n, VRS_CMD_VR_GET, NLM_F_DUMP),
			    NULL, NULL, e);
}

/*
 * One case per (command, doit|dump) at least: a set-up (the pre-state)
 * and a request; the coverage test fails for a command without one.
 * Ports and routes share one set-up (setup_net(), setup_routes(): two
 * VRs, three veths of which two are ports with addresses, a few routes).
 */
struct fi_case {
	const char *name;
	uint8_t cmd;
	bool dump;
	int (*setup)(void);
	int (*request)(struct vrnl_nl *n, struct vrnl_err *e);
	/* Optional: back from the post-state to the pre-state faster than
	 * the set-up (which is the fallback if the result differs).
	 */
	int (*undo)(void);
};

static const struct fi_case cases[] = {
	{ "VR_NEW",		VRS_CMD_VR_NEW, false, setup_vrs, rq_vr_new, undo_vr_new },
	{ "VR_NEW id",		VRS_CMD_VR_NEW, false, setup_vrs, rq_vr_new_id,
	  undo_vr_new },
	{ "VR_DEL",		VRS_CMD_VR_DEL, false, setup_vrs, rq_vr_del, NULL },
	{ "VR_GET",		VRS_CMD_VR_GET, false, setup_vrs, rq_vr_get, NULL },
	{ "VR_GET dump",	VRS_CMD_VR_GET, true, setup_many_vrs, rq_vr_dump, NULL },
	{ "PORT_NEW",		VRS_CMD_PORT_NEW, false, setup_net, rq_port_new, undo_port_new },
	{ "PORT_NEW default vport", VRS_CMD_PORT_NEW, false, setup_net,
	  rq_port_new_default, undo_port_new },
	{ "PORT_DEL",		VRS_CMD_PORT_DEL, false, setup_routes, rq_port_del,
	  undo_port_del },
	{ "PORT_GET",		VRS_CMD_PORT_GET, false, setup_net, rq_port_get, NULL },
	{ "PORT_GET dump",	VRS_CMD_PORT_GET, true, setup_net, rq_port_dump, NULL },
	{ "ROUTE_NEW v4 gw",	VRS_CMD_ROUTE_NEW, false, setup_routes,
	  rq_route_new_v4, undo_route_new_v4 },
	{ "ROUTE_NEW v6",	VRS_CMD_ROUTE_NEW, false, setup_routes,
	  rq_route_new_v6, undo_route_new_v6 },
	{ "ROUTE_NEW multipath", VRS_CMD_ROUTE_NEW, false, setup_routes,
	  rq_route_new_mp, undo_route_new_mp },
	{ "ROUTE_NEW replace",	VRS_CMD_ROUTE_NEW, false, setup_routes,
	  rq_route_replace, undo_route_replace },
	{ "ROUTE_NEW v6 append", VRS_CMD_ROUTE_NEW, false, setup_routes,
	  rq_route_append_v6, undo_route_append_v6 },
	{ "ROUTE_DEL",		VRS_CMD_ROUTE_DEL, false, setup_routes, rq_route_del, undo_route_del },
	{ "ROUTE_DEL v6 nexthop", VRS_CMD_ROUTE_DEL, false, setup_routes,
	  rq_route_del_nh, undo_route_del_nh },
	{ "ROUTE_BATCH",	VRS_CMD_ROUTE_BATCH, false, setup_routes,
	  rq_route_batch, undo_route_new_v4 },
	{ "ROUTE_GET",		VRS_CMD_ROUTE_GET, false, setup_routes, rq_route_get, NULL },
	{ "ROUTE_GET dump",	VRS_CMD_ROUTE_GET, true, setup_many_routes,
	  rq_route_dump, NULL },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* ---- fail-nth --------------------------------------------------------- */

static int fail_nth_open(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	fail_nth_fd = open(path, O_RDWR);
	return fail_nth_fd < 0 ? -1 : 0;
}

static int fail_nth_set(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(fail_nth_fd, buf, (size_t)len, 0) == len ? 0 : -1;
}

/* Disarms; returns what was left (0: the fault was injected). */
static unsigned int fail_nth_take(void)
{
	char buf[16] = "";
	unsigned int left;

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		left = 0;
	else
		left = (unsigned int)strtoul(buf, NULL, 10);
	fail_nth_set(0);
	return left;
}

/* Only fail-nth injects: probability stays 0; GFP_KERNEL may fail. */
static int fault_config(void)
{
	static const char *const knobs[][2] = {
		{ "failslab/ignore-gfp-wait", "N" },
		{ "failslab/verbose", "0" },
		{ "fail_page_alloc/ignore-gfp-wait", "N" },
		{ "fail_page_alloc/min-order", "0" },
		{ "fail_page_alloc/verbose", "0" },
	};
	char path[128];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s", knobs[i][0]);
		fd = open(path, O_WRONLY);
		if (fd < 0)
			return -1;
		if (write(fd, knobs[i][1], strlen(knobs[i][1])) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* ---- the walk --------------------------------------------------------- */

struct walk {
	unsigned int points;	/* allocation points walked */
	unsigned int failed;	/* injected faults that failed the request */
	unsigned int tolerated;	/* ... that the request absorbed */
	unsigned int acklost;	/* ... that cost the ACK of a done request */
	unsigned int setups;	/* restores that needed the full set-up */
};

/* Runs @c's request on a fresh socket with the @n-th allocation failing
 * (n = 0: none).  Returns -1 if the socket could not be set up.
 */
static int run_armed(const struct fi_case *c, unsigned int n, int *rc,
		     struct vrnl_err *e, unsigned int *left)
{
	struct timeval tv = { .tv_sec = 20 };
	struct vrnl_nl op;

	if (vrnl_nl_open(&op))
		return -1;
	setsockopt(mnl_socket_get_fd(op.sock), SOL_SOCKET, SO_RCVTIMEO,
		   &tv, sizeof(tv));
	memset(op.buf, 0, op.bufsz);	/* no page faults while armed */
	if (n && fail_nth_set(n)) {
		vrnl_nl_close(&op);
		return -1;
	}
	*rc = c->request(&op, e);
	*left = n ? fail_nth_take() : 0;
	vrnl_nl_close(&op);
	return 0;
}

/* Back to the pre-state after a request that changed it. */
static int restore(const struct fi_case *c, const struct snap *pre,
		   struct snap *cur, struct walk *w)
{
	if (c->undo && !c->undo() && !snapshot(cur) && snap_eq(pre, cur))
		return 0;
	w->setups++;
	if (c->setup() || snapshot(cur))
		return -1;
	if (!snap_eq(pre, cur)) {
		ktap_print("set-up is not reproducible");
		snap_print("pre-state", pre);
		snap_print("after set-up", cur);
		return -1;
	}
	return 0;
}

/* One injected fault: judges the outcome; 1 = walk complete, -1 = bug. */
static int judge(const struct fi_case *c, unsigned int n, int rc,
		 const struct vrnl_err *e, unsigned int left, struct walk *w,
		 const struct snap *pre, const struct snap *post,
		 struct snap *cur)
{
	bool is_pre, is_post;

	if (snapshot(cur))
		return -1;
	is_pre = snap_eq(cur, pre);
	is_post = snap_eq(cur, post);
	if (rc && left) {
		ktap_print("fault %u: request failed (%s: %s) without a fault",
			   n, strerror(e->err), e->msg);
		return -1;
	}
	if (!rc && left)
		return is_post ? 1 : (ktap_print("clean run, wrong state"), -1);
	if (rc && is_pre) {
		w->failed++;
		return 0;
	}
	if ((rc == -ENOBUFS && is_post) || (!rc && is_post)) {
		if (rc)
			w->acklost++;
		else
			w->tolerated++;
		return is_pre ? 0 : restore(c, pre, cur, w);
	}
	ktap_print("fault %u: request %s (%s%s%s), state changed", n,
		   rc ? "failed" : "succeeded", rc ? strerror(e->err) : "ok",
		   e->msg[0] ? ": " : "", e->msg);
	snap_print("pre-state", pre);
	snap_print("expected post-state", post);
	snap_print("state now", cur);
	return -1;
}

static bool is_get(uint8_t cmd)
{
	return cmd == VRS_CMD_VR_GET || cmd == VRS_CMD_PORT_GET ||
	       cmd == VRS_CMD_ROUTE_GET;
}

static int walk_case(const struct fi_case *c, struct walk *w,
		     struct snap *pre, struct snap *post, struct snap *cur)
{
	struct vrnl_err e;
	unsigned int n, left;
	int rc, v;

	memset(w, 0, sizeof(*w));
	if (c->setup() || snapshot(pre))
		return -1;
	if (run_armed(c, 0, &rc, &e, &left) || rc) {
		ktap_print("request fails without faults: %s %s",
			   strerror(e.err), e.msg);
		return -1;
	}
	if (snapshot(post))
		return -1;
	if (!is_get(c->cmd) && snap_eq(pre, post)) {
		ktap_print("the request changed nothing the snapshot shows");
		return -1;
	}
	if (restore(c, pre, cur, w))
		return -1;
	if (fail_nth_fd < 0)	/* FAULTINJECT_NOFAULT: set-ups only */
		return 0;
	for (n = 1; n <= MAX_FAULTS; n++) {
		if (run_armed(c, n, &rc, &e, &left))
			return -1;
		v = judge(c, n, rc, &e, left, w, pre, post, cur);
		if (v < 0)
			return -1;
		if (v > 0) {
			w->points = n - 1;
			return 0;
		}
	}
	ktap_print("more than %u allocation points?", MAX_FAULTS);
	return -1;
}

/* ---- coverage: every op of the family has a case ---------------------- */

struct ops_seen {
	uint32_t flags[256];
};

static int ops_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ops_seen *o = data;
	const struct nlattr *a, *op, *f;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CTRL_ATTR_OPS)
			continue;
		mnl_attr_for_each_nested(op, a) {
			uint32_t id = 0, flags = 0;

			mnl_attr_for_each_nested(f, op) {
				if (mnl_attr_get_type(f) == CTRL_ATTR_OP_ID)
					id = mnl_attr_get_u32(f);
				else if (mnl_attr_get_type(f) == CTRL_ATTR_OP_FLAGS)
					flags = mnl_attr_get_u32(f);
			}
			if (id < 256)
				o->flags[id] = flags | 0x80000000u;
		}
	}
	return MNL_CB_OK;
}

static bool has_case(uint8_t cmd, bool dump)
{
	size_t i;

	for (i = 0; i < N_CASES; i++)
		if (cases[i].cmd == cmd && cases[i].dump == dump)
			return true;
	return false;
}

static void test_coverage(void)
{
	static struct ops_seen o;
	uint16_t family = nl.family;
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	unsigned int cmd, missing = 0, ops = 0;
	int rc;

	nl.family = GENL_ID_CTRL;
	nlh = vrnl_nl_req(&nl, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VRS_GENL_NAME);
	rc = vrnl_nl_talk(&nl, nlh, ops_cb, &o, &e);
	nl.family = family;
	for (cmd = 0; cmd < 256; cmd++) {
		if (!o.flags[cmd])
			continue;
		ops++;
		if ((o.flags[cmd] & GENL_CMD_CAP_DO) && !has_case(cmd, false)) {
			ktap_print("command %u (doit) has no fault-injection case", cmd);
			missing++;
		}
		if ((o.flags[cmd] & GENL_CMD_CAP_DUMP) && !has_case(cmd, true)) {
			ktap_print("command %u (dump) has no fault-injection case", cmd);
			missing++;
		}
	}
	ktap_result(!rc && ops && !missing,
		    "coverage: %u commands of the family, %u without a case",
		    ops, missing);
}

/* ---- main ------------------------------------------------------------- */

/* FAULTINJECT_CASE: one case name or several, comma-separated. */
static bool case_selected(const char *only, const char *name)
{
	size_t len = strlen(name);
	const char *p = only;

	while ((p = strstr(p, name))) {
		if ((p == only || p[-1] == ',') && (!p[len] || p[len] == ','))
			return true;
		p += len;
	}
	return false;
}

/*
 * FAULTINJECT_SHARD=K/N: only the cases with index % N == K - 1 (the
 * coverage test goes with shard 1), so that several boots share the walk.
 * Sets *k and *n (1/1 without it); -1 for a malformed value.
 */
static int shard_get(unsigned int *k, unsigned int *n)
{
	const char *v = getenv("FAULTINJECT_SHARD");

	*k = 1;
	*n = 1;
	if (!v)
		return 0;
	if (sscanf(v, "%u/%u", k, n) != 2 || !*n || !*k || *k > *n) {
		ktap_print("bad FAULTINJECT_SHARD '%s' (want K/N, 1 <= K <= N)", v);
		return -1;
	}
	return 0;
}

static bool in_shard(size_t i, unsigned int k, unsigned int n)
{
	return i % n == k - 1;
}

static void run_cases(unsigned int k, unsigned int n)
{
	static char b[3][SNAP_MAX];
	struct snap pre = { b[0], 0 }, post = { b[1], 0 }, cur = { b[2], 0 };
	const char *only = getenv("FAULTINJECT_CASE");
	struct walk w;
	time_t start;
	size_t i;

	for (i = 0; i < N_CASES; i++) {
		if (!in_shard(i, k, n))
			continue;
		if (only && !case_selected(only, cases[i].name)) {
			ktap_skipped("FAULTINJECT_CASE", cases[i].name);
			continue;
		}
		start = time(NULL);
		if (walk_case(&cases[i], &w, &pre, &post, &cur)) {
			ktap_result(0, "%s", cases[i].name);
			vr_del_all();
			continue;
		}
		ktap_result(1, "%s: %u allocation points (%u failed cleanly, %u absorbed, %u lost the ACK; %u full set-ups) in %lds",
			    cases[i].name, w.points, w.failed, w.tolerated,
			    w.acklost, w.setups, (long)(time(NULL) - start));
	}
}

static int skip_all(unsigned int k, unsigned int n)
{
	size_t i;

	if (k == 1)
		ktap_skipped("needs CONFIG_FAULT_INJECTION_DEBUG_FS", "coverage");
	for (i = 0; i < N_CASES; i++)
		if (in_shard(i, k, n))
			ktap_skipped("needs CONFIG_FAULT_INJECTION_DEBUG_FS",
				     cases[i].name);
	return ktap_finish();
}

int main(void)
{
	unsigned int k, n, planned = 0;
	size_t i;
	int err;

	if (shard_get(&k, &n))
		return 1;
	for (i = 0; i < N_CASES; i++)
		planned += in_shard(i, k, n);
	ktap_plan(planned + (k == 1));
	if (fail_nth_open() || fault_config()) {
		ktap_print("no fail-nth or fault-injection debugfs: %s (not a debug kernel?)",
			   strerror(errno));
		if (!getenv("FAULTINJECT_NOFAULT"))
			return skip_all(k, n);
		ktap_print("FAULTINJECT_NOFAULT: set-ups, requests and snapshots only");
		if (fail_nth_fd >= 0)
			close(fail_nth_fd);
		fail_nth_fd = -1;
	}
	/* A namespace of our own: the snapshot is everything in it. */
	if (unshare(CLONE_NEWNET)) {
		ktap_print("unshare(CLONE_NEWNET): %s", strerror(errno));
		return 1;
	}
	err = vrnl_nl_open(&nl);
	if (err) {
		ktap_print("cannot reach the vrs family: %s", strerror(-err));
		return 1;
	}
	if (k == 1)
		test_coverage();
	run_cases(k, n);
	vr_del_all();
	vrnl_nl_close(&nl);
	return ktap_finish();
}
