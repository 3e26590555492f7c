// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route: `ip route` for a virtual router.  The VR is -V NAME|ID,
 * "table NAME|ID" (or "vrf"), or the only VR of the namespace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <linux/vrs.h>

#include "route.h"
#include "route_order.h"
#include "vrnl.h"

int route_usage(void)
{
	fprintf(stderr,
		"Usage: vrnl route { list | flush } SELECTOR\n"
		"       vrnl route get [ fibmatch ] ADDRESS [ table VR ]\n"
		"       vrnl route { add | del | change | append | replace | prepend } ROUTE\n"
		"SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n"
		"            [ table VR ] [ vrf VR ] [ proto RTPROTO ]\n"
		"            [ type TYPE ] [ scope SCOPE ] [ dev STRING ]\n"
		"            [ via [ FAMILY ] PREFIX ] [ src PREFIX ] [ metric METRIC ]\n"
		"ROUTE := NODE_SPEC [ INFO_SPEC ]\n"
		"NODE_SPEC := [ TYPE ] PREFIX [ table VR ] [ proto RTPROTO ]\n"
		"             [ scope SCOPE ] [ metric METRIC ]\n"
		"INFO_SPEC := NH OPTIONS FLAGS [ nexthop NH ]...\n"
		"NH := [ via [ FAMILY ] ADDRESS ] [ dev STRING ] [ weight NUMBER ] NHFLAGS\n"
		"FAMILY := [ inet | inet6 ]\n"
		"OPTIONS := FLAGS [ src ADDRESS ] [ pref medium ]\n"
		"TYPE := { unicast | local | unreachable | prohibit | blackhole }\n"
		"VR := { VR_NAME | VR_ID }\n"
		"SCOPE := [ host | link | global | NUMBER ]\n"
		"NHFLAGS := [ onlink ]\n"
		"RTPROTO := [ kernel | boot | static | NUMBER ]\n");
	return VRNL_EXIT_ARG;
}

int route_family(const struct vrnl_ctx *c)
{
	return c->family == 4 ? AF_INET : c->family == 6 ? AF_INET6 : AF_UNSPEC;
}

struct vr_count {
	unsigned int n;
	uint32_t id;
};

static int vr_count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct vr_count *vc = data;

	if (!vrnl_nl_parse(nlh, tb) && tb[VRS_A_VR_ID]) {
		if (!vc->n++)
			vc->id = mnl_attr_get_u32(tb[VRS_A_VR_ID]);
	}
	return MNL_CB_OK;
}

/* The VR a command is for: -V, "table", or the namespace's only VR.
 * Returns 0 with @ref (a name or id) or @id set, or an exit code.
 */
int route_select_vr(struct vrnl_ctx *c, const char *table, const char **ref,
		    uint32_t *id)
{
	struct vr_count vc = { 0 };
	struct nlmsghdr *nlh;
	struct vrnl_err e;

	*ref = table ? table : c->vr;
	if (*ref)
		return 0;
	nlh = vrnl_nl_req(&c->nl, VRS_CMD_VR_GET, NLM_F_DUMP);
	if (vrnl_nl_talk(&c->nl, nlh, vr_count_cb, &vc, &e))
		return kernel_failed(&e);
	if (vc.n == 1) {
		*id = vc.id;
		return 0;
	}
	if (!vc.n)
		fprintf(stderr, "Error: no VR exists in this network namespace; create one with \"vrnl vr add NAME\".\n");
	else
		fprintf(stderr, "Error: %u VRs exist in this network namespace; choose one with \"-V NAME|ID\" or \"table NAME|ID\".\n",
			vc.n);
	return VRNL_EXIT_LOOKUP;
}

int route_check_table(const struct vrnl_ctx *c, const char *table)
{
	if (c->vr && table && strcmp(c->vr, table)) {
		fprintf(stderr, "Error: \"table %s\" and \"-V %s\" name different VRs.\n",
			table, c->vr);
		return VRNL_EXIT_ARG;
	}
	return 0;
}

/* Starts a request for the selected VR; *vr_off is the offset of its
 * attribute, to tell "no such VR" from "no such route" (both ENOENT).
 */
int route_req_in(struct vrnl_ctx *c, void *buf, uint8_t cmd, uint16_t flags,
		 const char *table, struct nlmsghdr **nlhp, uint32_t *vr_off)
{
	const char *ref = NULL;
	struct vrnl_nl *nl;
	uint32_t id = 0;
	int ret;

	ret = route_check_table(c, table);
	if (!ret)
		ret = vrnl_nl(c, &nl);
	if (!ret)
		ret = route_select_vr(c, table, &ref, &id);
	if (ret)
		return ret;
	*nlhp = buf ? vrnl_nl_req_in(nl, buf, cmd, flags) :
		      vrnl_nl_req(nl, cmd, flags);
	*vr_off = (uint32_t)((char *)mnl_nlmsg_get_payload_tail(*nlhp) -
			     (char *)*nlhp);
	if (ref)
		vr_put_ref(*nlhp, ref);
	else
		mnl_attr_put_u32(*nlhp, VRS_A_VR_ID, id);
	return 0;
}

static int route_req(struct vrnl_ctx *c, uint8_t cmd, uint16_t flags,
		     const char *table, struct nlmsghdr **nlhp,
		     uint32_t *vr_off)
{
	return route_req_in(c, NULL, cmd, flags, table, nlhp, vr_off);
}

/* ip's messages: the IPv4/IPv6 FIB gives no extack for a route that
 * exists, or is missing on delete or change; other refusals print ours.
 */
int route_failed(const struct vrnl_err *e, uint32_t vr_off)
{
	if (e->err == ENOENT && e->bad_attr_off == vr_off)
		return kernel_failed(e);
	/* ...but for IPv6's "change" of a prefix it does not have. */
	if (e->err == ENOENT &&
	    !strcmp(e->msg, "Can not replace route - no match found")) {
		print_kernel_error(e);
		return VRNL_EXIT_KERNEL;
	}
	if (e->err == EEXIST || e->err == ESRCH || e->err == ENOENT) {
		fprintf(stderr, "RTNETLINK answers: %s\n", strerror(e->err));
		return VRNL_EXIT_KERNEL;
	}
	print_kernel_error(e);
	return VRNL_EXIT_KERNEL;
}

static int route_modify(struct vrnl_ctx *c, uint8_t cmd, uint32_t nlflags,
			int argc, char **argv)
{
	struct rt_req *r = calloc(1, sizeof(*r));
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint32_t vr_off;
	int ret;

	if (!r)
		return VRNL_EXIT_KERNEL;
	r->cmd = cmd;
	r->nlflags = nlflags;
	ret = rt_parse_modify(r, route_family(c), argc, argv);
	if (!ret)
		ret = route_req(c, cmd, NLM_F_ACK, r->table, &nlh, &vr_off);
	if (!ret) {
		rt_req_put(r, nlh);
		if (vrnl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
			ret = route_failed(&e, vr_off);
	}
	free(r);
	return ret;
}

struct show_ctx {
	struct vrnl_ctx *c;
	const struct rt_filter *f;
	struct rt_info ri;
	struct rt_sorted sorted;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *s = data;

	if (!rt_info_parse(nlh, &s->ri) && rt_filter_match(s->f, &s->ri) &&
	    rt_sorted_add(&s->sorted, nlh, &s->ri))
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

/* Prints what show_cb() collected, in the kernel's order. */
static void show_sorted(struct show_ctx *s)
{
	size_t i;

	rt_sorted_sort(&s->sorted);
	for (i = 0; i < s->sorted.n; i++)
		if (!rt_info_parse(s->sorted.v[i].msg, &s->ri))
			rt_print(s->c, &s->ri, s->f, RT_PRINT_SHOW, NULL);
	rt_sorted_free(&s->sorted);
}

int route_dump(struct vrnl_ctx *c, const struct rt_filter *f, mnl_cb_t cb,
	       void *data)
{
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint32_t vr_off;
	int ret;

	ret = route_req(c, VRS_CMD_ROUTE_GET, NLM_F_DUMP, f->table, &nlh,
			&vr_off);
	if (ret)
		return ret;
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, (uint8_t)f->family);
	/* A dump's only ENOENT is its VR's, reported in NLMSG_DONE, which
	 * carries the message but no attribute offset.
	 */
	if (vrnl_nl_talk(&c->nl, nlh, cb, data, &e))
		return e.err == ENOENT ? kernel_failed(&e) : route_failed(&e, vr_off);
	if (e.dump_intr)
		fprintf(stderr, "Dump was interrupted and may be inconsistent.\n");
	return 0;
}

static int route_show(struct vrnl_ctx *c, int argc, char **argv)
{
	struct show_ctx *s = calloc(1, sizeof(*s));
	struct rt_filter f;
	int ret;

	if (!s)
		return VRNL_EXIT_KERNEL;
	ret = rt_parse_filter(&f, route_family(c), argc, argv);
	if (!ret) {
		s->c = c;
		s->f = &f;
		if (c->json)
			json_open_array(&c->js, NULL);
		ret = route_dump(c, &f, show_cb, s);
		show_sorted(s);
		if (c->json) {
			json_close_array(&c->js);
			putchar('\n');
		}
	}
	fflush(stdout);
	free(s);
	return ret;
}

struct get_ctx {
	struct rt_info ri;
	bool found;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *g = data;

	if (!g->found && !rt_info_parse(nlh, &g->ri))
		g->found = true;
	return MNL_CB_OK;
}

/* ip route get's answers for the lookups the kernel's FIB refuses. */
static int get_refused(struct vrnl_ctx *c, const struct vrnl_err *e,
		       uint32_t vr_off)
{
	int err = e->err;

	(void)c;
	if (err == ENOENT && e->bad_attr_off == vr_off)
		return kernel_failed(e);
	if (err == ENOENT || err == ESRCH)
		err = ENETUNREACH;
	if (err != ENETUNREACH && err != EHOSTUNREACH && err != EACCES &&
	    e->msg[0]) {
		print_kernel_error(e);
		return VRNL_EXIT_KERNEL;
	}
	fprintf(stderr, "RTNETLINK answers: %s\n", strerror(err));
	return VRNL_EXIT_KERNEL;
}

static int get_print(struct vrnl_ctx *c, const struct rt_req *r,
		     const struct rt_info *ri, bool fibmatch)
{
	static const int reject[] = {
		[RTN_BLACKHOLE] = EINVAL, [RTN_UNREACHABLE] = EHOSTUNREACH,
		[RTN_PROHIBIT] = EACCES,
	};

	/* Reject routes fail the lookup, with fibmatch too. */
	if (ri->type < sizeof(reject) / sizeof(reject[0]) &&
	    reject[ri->type]) {
		fprintf(stderr, "RTNETLINK answers: %s\n",
			strerror(reject[ri->type]));
		return VRNL_EXIT_KERNEL;
	}
	if (c->json)
		json_open_array(&c->js, NULL);
	rt_print(c, ri, NULL, fibmatch ? RT_PRINT_SHOW : RT_PRINT_GET,
		 r->dst.data);
	if (c->json) {
		json_close_array(&c->js);
		putchar('\n');
	}
	fflush(stdout);
	return 0;
}

static int route_get(struct vrnl_ctx *c, int argc, char **argv)
{
	struct rt_req *r = calloc(1, sizeof(*r));
	struct get_ctx *g = calloc(1, sizeof(*g));
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint32_t vr_off;
	bool fibmatch;
	int ret = VRNL_EXIT_KERNEL;

	if (!r || !g)
		goto out;
	ret = rt_parse_get(r, &fibmatch, route_family(c), argc, argv);
	if (!ret)
		ret = route_req(c, VRS_CMD_ROUTE_GET, NLM_F_ACK, r->table, &nlh,
				&vr_off);
	if (ret)
		goto out;
	mnl_attr_put_u8(nlh, VRS_A_RT_FAMILY, (uint8_t)r->family);
	mnl_attr_put(nlh, VRS_A_RT_DST, af_bytes(r->family), r->dst.data);
	if (vrnl_nl_talk(&c->nl, nlh, get_cb, g, &e))
		ret = get_refused(c, &e, vr_off);
	else if (!g->found)
		ret = get_refused(c, &(struct vrnl_err){ .err = ENETUNREACH },
				  vr_off);
	if (!ret && g->found && !fibmatch)
		rt_get_fill_src(&g->ri, r->dst.data);
	if (!ret && g->found)
		ret = get_print(c, r, &g->ri, fibmatch);
out:
	free(r);
	free(g);
	return ret;
}

int route_monitor_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
			bool deleted)
{
	struct rt_info *ri = malloc(sizeof(*ri));

	if (ri && !rt_info_parse(nlh, ri)) {
		ri->deleted = deleted;
		rt_print(c, ri, NULL, RT_PRINT_SHOW, NULL);
	}
	free(ri);
	return MNL_CB_OK;
}

static int route_unsupported(const char *cmd)
{
	fprintf(stderr, "Command \"%s\" is not supported by vrnl route.\n", cmd);
	return VRNL_EXIT_ARG;
}

enum route_kind { RK_MODIFY, RK_SHOW, RK_GET, RK_FLUSH, RK_HELP, RK_UNSUP };

/* iproute2's do_iproute(): the same commands in the same order, so the
 * same abbreviations win ("a" add, "c" change, "r" replace, "p" prepend,
 * "d" delete, "s" show, "g" get, "f" flush).
 */
static const struct route_cmd {
	const char *name;
	bool exact;
	enum route_kind kind;
	uint8_t cmd;
	uint32_t nlflags;
} route_cmds[] = {
	{ "add", false, RK_MODIFY, VRS_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_EXCL },
	{ "change", false, RK_MODIFY, VRS_CMD_ROUTE_NEW, NLM_F_REPLACE },
	{ "chg", true, RK_MODIFY, VRS_CMD_ROUTE_NEW, NLM_F_REPLACE },	/* change */
	{ "replace", false, RK_MODIFY, VRS_CMD_ROUTE_NEW,
	  NLM_F_CREATE | NLM_F_REPLACE },
	{ "prepend", false, RK_MODIFY, VRS_CMD_ROUTE_NEW, NLM_F_CREATE },
	{ "append", false, RK_MODIFY, VRS_CMD_ROUTE_NEW,
	  NLM_F_CREATE | NLM_F_APPEND },
	{ "test", false, RK_UNSUP, 0, 0 },
	{ "delete", false, RK_MODIFY, VRS_CMD_ROUTE_DEL, 0 },
	{ "list", false, RK_SHOW, 0, 0 },
	{ "show", false, RK_SHOW, 0, 0 },
	{ "lst", false, RK_SHOW, 0, 0 },
	{ "get", false, RK_GET, 0, 0 },
	{ "flush", false, RK_FLUSH, 0, 0 },
	{ "save", false, RK_UNSUP, 0, 0 },
	{ "restore", false, RK_UNSUP, 0, 0 },
	{ "showdump", false, RK_UNSUP, 0, 0 },
	{ "help", false, RK_HELP, 0, 0 },
};

static const struct route_cmd *route_cmd_find(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(route_cmds) / sizeof(route_cmds[0]); i++)
		if (route_cmds[i].exact ? !strcmp(w, route_cmds[i].name) :
					  matches(w, route_cmds[i].name))
			return &route_cmds[i];
	return NULL;
}

bool route_modify_cmd(const char *w, uint8_t *cmd, uint32_t *nlflags)
{
	const struct route_cmd *rc = route_cmd_find(w);

	if (!rc || rc->kind != RK_MODIFY)
		return false;
	*cmd = rc->cmd;
	*nlflags = rc->nlflags;
	return true;
}

const char *route_cmd_name(const char *w)
{
	const struct route_cmd *rc = route_cmd_find(w);

	if (rc && !strcmp(rc->name, "chg"))
		return "change";
	if (rc && !strcmp(rc->name, "lst"))
		return "list";
	return rc ? rc->name : NULL;
}

int do_route(struct vrnl_ctx *c, int argc, char **argv)
{
	const struct route_cmd *rc;

	if (argc < 1)
		return route_show(c, 0, NULL);
	rc = route_cmd_find(*argv);
	if (!rc) {
		fprintf(stderr, "Command \"%s\" is unknown, try \"vrnl route help\".\n",
			*argv);
		return VRNL_EXIT_ARG;
	}
	switch (rc->kind) {
	case RK_MODIFY:
		return route_modify(c, rc->cmd, rc->nlflags, argc - 1, argv + 1);
	case RK_SHOW:
		return route_show(c, argc - 1, argv + 1);
	case RK_GET:
		return route_get(c, argc - 1, argv + 1);
	case RK_FLUSH:
		return route_flush(c, argc - 1, argv + 1);
	case RK_UNSUP:
		return route_unsupported(*argv);
	default:
		return route_usage();
	}
}
