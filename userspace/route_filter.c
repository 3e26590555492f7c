// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl route: the show/flush selector and the get command line, as
 * iproute2's iproute_list_flush_or_save() and iproute_get() read them.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/vrs.h>

#include "route.h"
#include "rt_names.h"

static bool get_unsupported(const char *w)
{
	return !strcmp(w, "tos") || matches(w, "dsfield") ||
	       matches(w, "from") || matches(w, "iif") || matches(w, "mark") ||
	       matches(w, "oif") || !strcmp(w, "dev") || matches(w, "notify") ||
	       matches(w, "connected") || matches(w, "uid") ||
	       !strcmp(w, "as") || !strcmp(w, "sport") ||
	       !strcmp(w, "dport") || !strcmp(w, "ipproto");
}

/* The address of "get" ("[ to ] ADDRESS"), with ip's warning for a
 * prefix length other than the full one.
 */
static int get_dst(struct rt_req *r, const char *arg)
{
	int ret, bits;

	ret = rt_get_prefix(&r->dst, arg, r->family);
	if (ret)
		return ret;
	if (r->family == AF_UNSPEC)
		r->family = r->dst.family;
	bits = af_bytes(r->family) * 8;
	if (bits && r->dst.bitlen != bits) {
		fprintf(stderr, "Warning: /%u as prefix is invalid, only /%d (or none) is supported.\n",
			r->dst.bitlen, bits);
		r->dst.bitlen = bits;
	}
	return 0;
}

/* ip route get: "[ fibmatch ] [ to ] ADDRESS [ table|vrf VR ]". */
int rt_parse_get(struct rt_req *r, bool *fibmatch, int family, int argc,
		 char **argv)
{
	int ret;

	rt_req_init(r, family);
	r->cmd = VRS_CMD_ROUTE_GET;
	*fibmatch = false;
	for (; argc > 0; argc--, argv++) {
		if (get_unsupported(*argv)) {
			return rt_unsupported(*argv);
		} else if (matches(*argv, "vrf") || matches(*argv, "table")) {
			NEXT_ARG();
			r->table = *argv;
		} else if (matches(*argv, "fibmatch")) {
			*fibmatch = true;
		} else {
			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if (matches(*argv, "help"))
				return route_usage();
			ret = get_dst(r, *argv);
			if (ret)
				return ret;
		}
	}
	if (r->dst.bitlen <= 0 || !r->dst.bytelen) {
		fprintf(stderr, "need at least a destination address\n");
		return VRNL_EXIT_LOOKUP;
	}
	return 0;
}

static bool filter_unsupported(const char *w)
{
	return matches(w, "cached") || matches(w, "cloned") ||
	       !strcmp(w, "tos") || matches(w, "dsfield") ||
	       !strcmp(w, "iif") || !strcmp(w, "mark") || !strcmp(w, "nhid") ||
	       matches(w, "realms") || matches(w, "from");
}

/* "[ to ] [ root | match | exact ] PREFIX" of a selector. */
static int filter_dst(struct rt_filter *f, int *argcp, char ***argvp)
{
	int argc = *argcp, ret;
	char **argv = *argvp;

	if (matches(*argv, "to"))
		NEXT_ARG();
	if (matches(*argv, "root")) {
		NEXT_ARG();
		ret = rt_get_prefix(&f->rdst, *argv, f->family);
	} else if (matches(*argv, "match")) {
		NEXT_ARG();
		ret = rt_get_prefix(&f->mdst, *argv, f->family);
	} else {
		if (matches(*argv, "exact"))
			NEXT_ARG();
		ret = rt_get_prefix(&f->mdst, *argv, f->family);
		f->rdst = f->mdst;
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

/* proto, scope and type selectors; "all" clears the first two. */
static int filter_class(struct rt_filter *f, const char *key, const char *arg)
{
	if (key[0] == 'p') {
		f->proto_ok = !!strcmp(arg, "all");
		if (rt_proto_a2n(&f->proto, arg) && f->proto_ok)
			return invarg("invalid \"protocol\"\n", arg);
	} else if (key[0] == 's') {
		f->scope_ok = !!strcmp(arg, "all");
		if (rt_scope_a2n(&f->scope, arg) && f->scope_ok)
			return invarg("invalid \"scope\"\n", arg);
	} else {
		if (rt_type_a2n(&f->type, arg))
			return invarg("node type value is invalid\n", arg);
		f->type_ok = true;
	}
	return 0;
}

static int filter_word(struct rt_filter *f, int *argcp, char ***argvp)
{
	int argc = *argcp, ret = 0, fam;
	char **argv = *argvp;

	if (matches(*argv, "table") || matches(*argv, "vrf")) {
		NEXT_ARG();
		f->table = *argv;
	} else if (filter_unsupported(*argv)) {
		return rt_unsupported(*argv);
	} else if (matches(*argv, "protocol") || matches(*argv, "scope") ||
		   matches(*argv, "type")) {
		const char *key = *argv;

		NEXT_ARG();
		ret = filter_class(f, key, *argv);
	} else if (!strcmp(*argv, "dev") || !strcmp(*argv, "oif")) {
		NEXT_ARG();
		f->oif = rt_name_to_index(*argv);
		if (!f->oif)
			return rt_nodev(*argv);
		f->oif_ok = true;
	} else if (matches(*argv, "metric") || matches(*argv, "priority") ||
		   !strcmp(*argv, "preference")) {
		NEXT_ARG();
		if (!get_u32(&f->metric, *argv))
			return invarg("\"metric\" value is invalid\n", *argv);
		f->metric_ok = true;
	} else if (!strcmp(*argv, "via")) {
		NEXT_ARG();
		fam = rt_read_family(*argv);
		if (fam == AF_UNSPEC)
			fam = f->family;
		else
			NEXT_ARG();
		ret = rt_get_prefix(&f->rvia, *argv, fam);
	} else if (!strcmp(*argv, "src")) {
		NEXT_ARG();
		ret = rt_get_prefix(&f->rprefsrc, *argv, f->family);
	} else {
		ret = filter_dst(f, &argc, &argv);
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

/* ip route show/flush selectors (iproute_list_flush_or_save). */
int rt_parse_filter(struct rt_filter *f, int family, int argc, char **argv)
{
	int ret;

	memset(f, 0, sizeof(*f));
	f->family = family;
	f->rdst.bitlen = f->mdst.bitlen = -1;
	f->rvia.bitlen = f->rprefsrc.bitlen = -1;
	for (; argc > 0; argc--, argv++) {
		ret = filter_word(f, &argc, &argv);
		if (ret)
			return ret;
	}
	/* Like ip with its main table: IPv4 unless told otherwise. */
	if (f->family == AF_UNSPEC)
		f->family = AF_INET;
	return 0;
}
