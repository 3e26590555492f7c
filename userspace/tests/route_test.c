// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of vrnl route (ASan/UBSan): the command line to netlink
 * attributes and every diagnostic and exit code, and route messages to the
 * exact text, -o, -d and -j output of iproute2 6.1 (ip_cases.h and
 * ip_filter_cases.h were recorded from the real `ip` on a scratch netns).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/vrs.h>

#include "../../selftests/ktap.h"
#include "../route.h"
#include "../rt_names.h"
#include "ip_cases.h"
#include "ip_filter_cases.h"
#include "route_err_cases.h"

/* d0 and d1 as in the recording netns. */
static unsigned int test_name_to_index(const char *name)
{
	if (!strcmp(name, "lo"))
		return 1;
	if (!strcmp(name, "d0"))
		return 2;
	if (!strcmp(name, "d1"))
		return 3;
	return 0;
}

static const char *test_index_to_name(unsigned int ifindex, char *buf)
{
	static const char *const names[] = { NULL, "lo", "d0", "d1" };

	if (ifindex < 4 && names[ifindex])
		return names[ifindex];
	sprintf(buf, "if%u", ifindex);
	return buf;
}

/* Splits @s (copied into @buf) into words. */
static int split(char *buf, size_t len, const char *s, char **argv, int max)
{
	int argc = 0;
	char *w, *save = NULL;

	snprintf(buf, len, "%s", s);
	for (w = strtok_r(buf, " \t\n", &save); w && argc < max - 1;
	     w = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/* Output capture: the context's stream (text and JSON) and stderr. */
struct capture {
	char *out, *err;
	size_t outlen, errlen;
	FILE *fout, *ferr, *saved_err;
};

static void cap_start(struct capture *k, struct vrnl_ctx *c)
{
	memset(k, 0, sizeof(*k));
	k->fout = open_memstream(&k->out, &k->outlen);
	k->ferr = open_memstream(&k->err, &k->errlen);
	k->saved_err = stderr;
	stderr = k->ferr;
	json_init(&c->js, k->fout, c->pretty);
}

static void cap_end(struct capture *k)
{
	stderr = k->saved_err;
	fclose(k->fout);
	fclose(k->ferr);
}

static void cap_free(struct capture *k)
{
	free(k->out);
	free(k->err);
}

static char msgbuf[65536];

/* The dump reply the kernel would send for a route added with @args. */
static struct nlmsghdr *reply_for(int family, const char *args)
{
	static struct rt_req r;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	char buf[1024], *argv[128];
	int argc = split(buf, sizeof(buf), args, argv, 128);

	r.cmd = VRS_CMD_ROUTE_NEW;
	r.nlflags = NLM_F_CREATE | NLM_F_EXCL;
	if (rt_parse_modify(&r, family, argc, argv))
		return NULL;
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = 0x20;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = VRS_CMD_ROUTE_NEW;
	mnl_attr_put_u32(nlh, VRS_A_VR_ID, 1);
	if (r.family == AF_INET6 && !r.metric_ok) {
		r.metric_ok = true;	/* the kernel's IPv6 default */
		r.metric = 1024;
	}
	rt_req_put(&r, nlh);
	return nlh;
}

/* Prints one route as `vrnl [opts] route show` would. */
static char *show_one(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
		      const struct rt_filter *f)
{
	static struct rt_info ri;
	struct capture k;

	cap_start(&k, c);
	if (!rt_info_parse(nlh, &ri) && (!f || rt_filter_match(f, &ri))) {
		if (c->json)
			json_open_array(&c->js, NULL);
		rt_print(c, &ri, f, RT_PRINT_SHOW, NULL);
		if (c->json)
			json_close_array(&c->js);
	}
	cap_end(&k);
	free(k.err);
	if (k.outlen && k.out[k.outlen - 1] == '\n')
		k.out[k.outlen - 1] = '\0';
	return k.out;
}

static int check_str(const char *what, const char *got, const char *want)
{
	if (got && !strcmp(got, want))
		return 1;
	ktap_print("%s:\n#   got  \"%s\"\n#   want \"%s\"", what,
		   got ? got : "(null)", want);
	return 0;
}

enum out_kind { OUT_TEXT, OUT_JSON, OUT_DETAILS, OUT_DETAILS_JSON, OUT_ONELINE };

static int test_print(enum out_kind kind)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(ip_cases) / sizeof(ip_cases[0]); i++) {
		const struct ip_case *t = &ip_cases[i];
		struct vrnl_ctx c = { 0 };
		const char *want[] = { t->text, t->json, t->details,
				       t->details_json, t->oneline };
		struct nlmsghdr *nlh;
		char *got;

		c.json = kind == OUT_JSON || kind == OUT_DETAILS_JSON;
		c.details = kind == OUT_DETAILS || kind == OUT_DETAILS_JSON;
		c.oneline = kind == OUT_ONELINE;
		nlh = reply_for(t->family == 4 ? AF_INET : AF_INET6, t->args);
		got = nlh ? show_one(&c, nlh, NULL) : NULL;
		ok &= check_str(t->args, got, want[kind]);
		free(got);
	}
	return ok;
}

/* What `ip route show` prints, fed back to `add`, prints the same; with
 * -d exactly, without it except where ip leaves out "scope global" of a
 * route without gateway (add then defaults to "scope link", as with ip).
 */
static int test_roundtrip(bool details)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(ip_cases) / sizeof(ip_cases[0]); i++) {
		const struct ip_case *t = &ip_cases[i];
		const char *line = details ? t->details : t->text;
		struct vrnl_ctx c = { .details = details };
		struct nlmsghdr *nlh;
		char *got;

		if (!details && strstr(t->details, "scope global") &&
		    !strstr(t->text, " via ") && !strstr(t->text, "nexthop") &&
		    !strncmp(t->details, "unicast", 7))
			continue;
		nlh = reply_for(t->family == 4 ? AF_INET : AF_INET6, line);
		got = nlh ? show_one(&c, nlh, NULL) : NULL;
		ok &= check_str(line, got, line);
		free(got);
	}
	return ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One selector over all routes of its family: the sorted output. */
static char *filter_output(const struct ip_filter_case *t, int *ret)
{
	int fam = t->family == 4 ? AF_INET : AF_INET6;
	char buf[512], *argv[32], *outs[64], *all;
	size_t i, n = 0, len = 1;
	struct vrnl_ctx c = { 0 };
	struct rt_filter f;
	struct capture k;

	cap_start(&k, &c);
	*ret = rt_parse_filter(&f, fam, split(buf, sizeof(buf), t->sel, argv, 32),
			       argv);
	cap_end(&k);
	cap_free(&k);
	if (*ret)
		return NULL;
	for (i = 0; i < sizeof(ip_cases) / sizeof(ip_cases[0]); i++) {
		char *s;

		if (ip_cases[i].family != t->family)
			continue;
		s = show_one(&c, reply_for(fam, ip_cases[i].args), &f);
		if (*s) {
			outs[n++] = s;
			len += strlen(s) + 1;
		} else {
			free(s);
		}
	}
	qsort(outs, n, sizeof(outs[0]), cmp_str);
	all = calloc(1, len);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(all, "\n");
		strcat(all, outs[i]);
		free(outs[i]);
	}
	return all;
}

static int test_filters(void)
{
	size_t i;
	int ok = 1, ret;

	for (i = 0; i < sizeof(ip_filter_cases) / sizeof(ip_filter_cases[0]); i++) {
		const struct ip_filter_case *t = &ip_filter_cases[i];
		char *got = filter_output(t, &ret);

		ok &= check_str(t->sel, got, t->out);
		free(got);
	}
	return ok;
}

static int nh_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= VRS_NH_A_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static void decode_addr(FILE *f, const char *key, const struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN];
	int len = (int)mnl_attr_get_payload_len(a);

	inet_ntop(len == 16 ? AF_INET6 : AF_INET, mnl_attr_get_payload(a), buf,
		  sizeof(buf));
	fprintf(f, " %s=%s", key, buf);
}

static void decode_nh(FILE *f, const struct nlattr *nest)
{
	const struct nlattr *tb[VRS_NH_A_MAX + 1] = { 0 };

	mnl_attr_parse_nested(nest, nh_cb, tb);
	fprintf(f, " nh(");
	if (tb[VRS_NH_A_GW_FAMILY])
		fprintf(f, "gwf=%u", mnl_attr_get_u8(tb[VRS_NH_A_GW_FAMILY]));
	if (tb[VRS_NH_A_GATEWAY])
		decode_addr(f, "gw", tb[VRS_NH_A_GATEWAY]);
	if (tb[VRS_NH_A_IFINDEX])
		fprintf(f, " if=%u", mnl_attr_get_u32(tb[VRS_NH_A_IFINDEX]));
	if (tb[VRS_NH_A_WEIGHT])
		fprintf(f, " w=%u", mnl_attr_get_u16(tb[VRS_NH_A_WEIGHT]));
	if (tb[VRS_NH_A_FLAGS])
		fprintf(f, " fl=%#x", mnl_attr_get_u32(tb[VRS_NH_A_FLAGS]));
	fprintf(f, ")");
}

/* The request's attributes, decoded back into one line. */
static char *decode(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[VRS_A_MAX + 1], *a;
	char *s = NULL;
	size_t len;
	FILE *f = open_memstream(&s, &len);

	vrnl_nl_parse(nlh, tb);
	fprintf(f, "fam=%u", mnl_attr_get_u8(tb[VRS_A_RT_FAMILY]));
	if (tb[VRS_A_RT_DST])
		decode_addr(f, "dst", tb[VRS_A_RT_DST]);
	fprintf(f, " len=%u", mnl_attr_get_u8(tb[VRS_A_RT_DST_LEN]));
	if (tb[VRS_A_RT_TYPE])
		fprintf(f, " type=%u", mnl_attr_get_u8(tb[VRS_A_RT_TYPE]));
	if (tb[VRS_A_RT_PROTOCOL])
		fprintf(f, " proto=%u", mnl_attr_get_u8(tb[VRS_A_RT_PROTOCOL]));
	if (tb[VRS_A_RT_SCOPE])
		fprintf(f, " scope=%u", mnl_attr_get_u8(tb[VRS_A_RT_SCOPE]));
	if (tb[VRS_A_RT_PRIORITY])
		fprintf(f, " metric=%u", mnl_attr_get_u32(tb[VRS_A_RT_PRIORITY]));
	if (tb[VRS_A_RT_PREFSRC])
		decode_addr(f, "src", tb[VRS_A_RT_PREFSRC]);
	if (tb[VRS_A_RT_NLFLAGS])
		fprintf(f, " nlflags=%#x", mnl_attr_get_u32(tb[VRS_A_RT_NLFLAGS]));
	if (tb[VRS_A_RT_NEXTHOPS])
		mnl_attr_for_each_nested(a, tb[VRS_A_RT_NEXTHOPS])
			decode_nh(f, a);
	fclose(f);
	return s;
}

struct enc_case {
	int family;
	const char *cmd, *args, *table, *want;
};

static const struct enc_case enc_cases[] = {
	{ 0, "add", "10.1.0.0/16 via 10.0.0.2", NULL,
	  "fam=2 dst=10.1.0.0 len=16 type=1 proto=3 scope=0 nlflags=0x600 nh(gwf=2 gw=10.0.0.2)" },
	{ 0, "add", "10.2.0.0/16 dev d0", NULL,
	  "fam=2 dst=10.2.0.0 len=16 type=1 proto=3 scope=253 nlflags=0x600 nh( if=2)" },
	{ 0, "a", "default via 10.0.0.1", NULL,
	  "fam=2 len=0 type=1 proto=3 scope=0 nlflags=0x600 nh(gwf=2 gw=10.0.0.1)" },
	{ 4, "add", "default dev d0", NULL,
	  "fam=2 len=0 type=1 proto=3 scope=253 nlflags=0x600 nh( if=2)" },
	{ 0, "add", "blackhole 10.3.0.0/16", NULL,
	  "fam=2 dst=10.3.0.0 len=16 type=6 proto=3 scope=0 nlflags=0x600" },
	{ 0, "add", "b 10.3.0.0/16", NULL,	/* ip: broadcast */
	  "fam=2 dst=10.3.0.0 len=16 type=3 proto=3 scope=253 nlflags=0x600" },
	{ 0, "add", "u 10.4.0.0/16", NULL,
	  "fam=2 dst=10.4.0.0 len=16 type=7 proto=3 scope=0 nlflags=0x600" },
	{ 0, "add", "uni 10.4.0.0/16 dev d1", NULL,
	  "fam=2 dst=10.4.0.0 len=16 type=1 proto=3 scope=253 nlflags=0x600 nh( if=3)" },
	{ 0, "add", "local 10.11.0.1 dev d0", NULL,
	  "fam=2 dst=10.11.0.1 len=32 type=2 proto=3 scope=254 nlflags=0x600 nh( if=2)" },
	{ 6, "add", "2001:db8::/32 dev d0", NULL,
	  "fam=10 dst=2001:db8:: len=32 type=1 proto=3 scope=0 nlflags=0x600 nh( if=2)" },
	{ 0, "add", "2001:db8::/32 via fe80::1 dev d0 onlink", NULL,
	  "fam=10 dst=2001:db8:: len=32 type=1 proto=3 scope=0 nlflags=0x600 nh(gwf=10 gw=fe80::1 if=2 fl=0x4)" },
	{ 0, "add", "10.7.0.0/16 nexthop via 10.0.0.2 dev d0 weight 2 nexthop via 10.0.1.2 dev d1 onlink", NULL,
	  "fam=2 dst=10.7.0.0 len=16 type=1 proto=3 scope=0 nlflags=0x600 nh(gwf=2 gw=10.0.0.2 if=2 w=2) nh(gwf=2 gw=10.0.1.2 if=3 fl=0x4)" },
	{ 0, "add", "10.12.0.0/16 via inet6 2001:db8::2 dev d0", NULL,
	  "fam=2 dst=10.12.0.0 len=16 type=1 proto=3 scope=0 nlflags=0x600 nh(gwf=10 gw=2001:db8::2 if=2)" },
	{ 0, "add", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0x600 nh( if=2)" },
	{ 0, "add", "10.0.0.0/255.255.0.0 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=16 type=1 proto=3 scope=253 nlflags=0x600 nh( if=2)" },
	{ 0, "add", "to unicast 10.1.0.0/16 dev d0 proto 0x10 metric 0x20 scope 200 src 10.0.0.1 table red onlink", "red",
	  "fam=2 dst=10.1.0.0 len=16 type=1 proto=16 scope=200 metric=32 src=10.0.0.1 nlflags=0x600 nh( if=2 fl=0x4)" },
	{ 0, "add", "10/8 dev d0 pr 7 pro static vrf blue", "blue",
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=4 scope=253 metric=7 nlflags=0x600 nh( if=2)" },
	{ 0, "add", "10/8 dev d0 p 7 preference 9 pref medium t 5", "5",
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 metric=9 nlflags=0x600 nh( if=2)" },
	{ 0, "change", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0x100 nh( if=2)" },
	{ 0, "chg", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0x100 nh( if=2)" },
	{ 0, "r", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0x500 nh( if=2)" },
	{ 0, "p", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0x400 nh( if=2)" },
	{ 0, "ap", "10/8 dev d0", NULL,
	  "fam=2 dst=10.0.0.0 len=8 type=1 proto=3 scope=253 nlflags=0xc00 nh( if=2)" },
	{ 0, "d", "10.1.0.0/16", NULL, "fam=2 dst=10.1.0.0 len=16" },
	{ 0, "del", "default", NULL, "fam=2 len=0" },
	{ 0, "delete", "10.1.0.0/16 via 10.0.0.2 dev d0 metric 5 proto static", NULL,
	  "fam=2 dst=10.1.0.0 len=16 proto=4 metric=5 nh(gwf=2 gw=10.0.0.2 if=2)" },
	{ 6, "del", "blackhole 2001:db8::/32", NULL,
	  "fam=10 dst=2001:db8:: len=32 type=6" },
};

static const struct route_cmd_flags {
	const char *name;
	uint8_t cmd;
	uint32_t flags;
} cmd_flags[] = {
	{ "add", VRS_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_EXCL },
	{ "change", VRS_CMD_ROUTE_NEW, NLM_F_REPLACE },
	{ "replace", VRS_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_REPLACE },
	{ "prepend", VRS_CMD_ROUTE_NEW, NLM_F_CREATE },
	{ "append", VRS_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_APPEND },
	{ "delete", VRS_CMD_ROUTE_DEL, 0 },
};

static char *encode(const struct enc_case *t, struct rt_req *r)
{
	const char *name = route_cmd_name(t->cmd);
	char buf[1024], *argv[128];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	size_t i;

	for (i = 0; i < sizeof(cmd_flags) / sizeof(cmd_flags[0]); i++)
		if (name && !strcmp(name, cmd_flags[i].name))
			break;
	if (i == sizeof(cmd_flags) / sizeof(cmd_flags[0]))
		return NULL;
	r->cmd = cmd_flags[i].cmd;
	r->nlflags = cmd_flags[i].flags;
	if (rt_parse_modify(r, t->family == 4 ? AF_INET : t->family == 6 ?
			    AF_INET6 : AF_UNSPEC,
			    split(buf, sizeof(buf), t->args, argv, 128), argv))
		return NULL;
	if ((t->table || r->table) &&
	    (!t->table || !r->table || strcmp(t->table, r->table)))
		return NULL;
	nlh = mnl_nlmsg_put_header(msgbuf);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = r->cmd;
	rt_req_put(r, nlh);
	return decode(nlh);
}

static int test_encode(void)
{
	static struct rt_req r;
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		char *got = encode(&enc_cases[i], &r);

		ok &= check_str(enc_cases[i].args, got, enc_cases[i].want);
		free(got);
	}
	return ok;
}

static int run_err_case(const struct err_case *t)
{
	char buf[1024], *argv[64];
	struct vrnl_ctx c = { .family = t->family, .vr = t->vr };
	struct capture k;
	size_t n = strlen(t->err);
	int code, ok;

	cap_start(&k, &c);
	code = do_route(&c, split(buf, sizeof(buf), t->args, argv, 64), argv);
	cap_end(&k);
	if (t->err[n - 1] == '*')
		ok = !strncmp(k.err, t->err, n - 1);
	else
		ok = !strcmp(k.err, t->err);
	ok &= code == t->code && !k.outlen;
	if (!ok)
		ktap_print("%s: exit %d (want %d), stderr \"%s\"", t->args, code,
			   t->code, k.err);
	cap_free(&k);
	return ok;
}

static int test_errors(void)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		ok &= run_err_case(&err_cases[i]);
	return ok;
}

/* do_iproute()'s precedence, checked against ip 6.1 on the host. */
static int test_abbrev(void)
{
	static const char *const t[][2] = {
		{ "a", "add" }, { "ad", "add" }, { "ap", "append" },
		{ "c", "change" }, { "chg", "change" }, { "r", "replace" },
		{ "re", "replace" }, { "res", "restore" }, { "p", "prepend" },
		{ "d", "delete" }, { "del", "delete" }, { "l", "list" },
		{ "ls", "list" }, { "lst", "list" }, { "s", "show" },
		{ "sa", "save" }, { "showd", "showdump" }, { "g", "get" },
		{ "f", "flush" }, { "t", "test" }, { "h", "help" },
		{ "x", NULL }, { "adds", NULL },
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = route_cmd_name(t[i][0]);

		if (got == t[i][1] || (got && t[i][1] && !strcmp(got, t[i][1])))
			continue;
		ktap_print("\"%s\" -> %s, want %s", t[i][0], got ? got : "NULL",
			   t[i][1] ? t[i][1] : "NULL");
		ok = 0;
	}
	return ok;
}

/* Names from rt_protos/rt_scopes files override the built-in ones. */
static int test_names(void)
{
	char dir[] = "/tmp/vrnl-rtnames-XXXXXX", path[128], buf[16];
	uint32_t id = 0;
	FILE *f;
	int ok;

	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/rt_protos", dir);
	f = fopen(path, "w");
	fprintf(f, "# comment\n0x2a\tmyproto\n4 mystatic\n");
	fclose(f);
	rt_names_set_dirs(dir);
	ok = !strcmp(rt_proto_n2a(42, buf, sizeof(buf)), "myproto") &&
	     !strcmp(rt_proto_n2a(4, buf, sizeof(buf)), "mystatic") &&
	     !strcmp(rt_proto_n2a(250, buf, sizeof(buf)), "250") &&
	     !rt_proto_a2n(&id, "myproto") && id == 42 &&
	     !rt_proto_a2n(&id, "bgp") && id == 186 &&
	     rt_proto_a2n(&id, "256") && rt_proto_a2n(&id, "nosuch") &&
	     !strcmp(rt_scope_n2a(253, buf, sizeof(buf)), "link") &&
	     !strcmp(rt_scope_n2a(7, buf, sizeof(buf)), "7");
	remove(path);
	remove(dir);
	rt_names_set_dirs(NULL);
	return ok;
}

/* Every case as one -j (and -j -p) document: python3's json accepts it. */
static int test_json_valid(bool pretty)
{
	struct vrnl_ctx c = { .json = true, .pretty = pretty };
	struct capture k;
	FILE *py;
	size_t i;
	int ok;

	cap_start(&k, &c);
	json_open_array(&c.js, NULL);
	for (i = 0; i < sizeof(ip_cases) / sizeof(ip_cases[0]); i++) {
		static struct rt_info ri;
		const struct ip_case *t = &ip_cases[i];

		rt_info_parse(reply_for(t->family == 4 ? AF_INET : AF_INET6,
					t->args), &ri);
		rt_print(&c, &ri, NULL, RT_PRINT_SHOW, NULL);
	}
	json_close_array(&c.js);
	cap_end(&k);
	py = popen("python3 -c 'import json,sys; d=json.load(sys.stdin); "
		   "sys.exit(0 if len(d) == 25 else 1)'", "w");
	if (!py) {
		cap_free(&k);
		return 0;
	}
	fwrite(k.out, 1, k.outlen, py);
	ok = pclose(py) == 0;
	cap_free(&k);
	return ok;
}

int main(void)
{
	rt_name_to_index = test_name_to_index;
	rt_index_to_name = test_index_to_name;
	rt_names_set_dirs(NULL);	/* built-in names only */

	ktap_plan(14);
	ktap_result(test_print(OUT_TEXT), "print: ip route show");
	ktap_result(test_print(OUT_ONELINE), "print: ip -o route show");
	ktap_result(test_print(OUT_DETAILS), "print: ip -d route show");
	ktap_result(test_print(OUT_JSON), "print: ip -j route show");
	ktap_result(test_print(OUT_DETAILS_JSON), "print: ip -d -j route show");
	ktap_result(test_roundtrip(false), "show output fed back to add");
	ktap_result(test_roundtrip(true), "-d show output fed back to add");
	ktap_result(test_filters(), "show selectors as ip's filter");
	ktap_result(test_encode(), "command line to attributes");
	ktap_result(test_errors(), "diagnostics and exit codes");
	ktap_result(test_abbrev(), "command abbreviations");
	ktap_result(test_names(), "rt_protos/rt_scopes names");
	ktap_result(test_json_valid(false), "json valid");
	ktap_result(test_json_valid(true), "json valid (pretty)");
	return ktap_finish();
}
