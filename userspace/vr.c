// SPDX-License-Identifier: GPL-2.0
/* vrnl vr: create, delete and list virtual routers. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/vrs.h>

#include "vrnl.h"

static int vr_usage(void)
{
	fprintf(stderr,
		"Usage: vrnl vr add NAME [ id ID ]\n"
		"       vrnl vr del { NAME | ID }\n"
		"       vrnl vr show [ NAME | ID ]\n"
		"       vrnl vr help\n"
		"NAME := STRING of 1..%d characters from [A-Za-z0-9_.-], not a number\n"
		"ID := { 1..4294967295 }\n", VRS_VR_NAME_MAX);
	return VRNL_EXIT_ARG;
}

/* Puts VRS_A_VR_ID for a number, VRS_A_VR_NAME otherwise. */
void vr_put_ref(struct nlmsghdr *nlh, const char *ref)
{
	uint32_t id;

	if (is_number(ref) && get_u32(&id, ref))
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	else
		mnl_attr_put_strz(nlh, VRS_A_VR_NAME, ref);
}

static int vr_add(struct vrnl_ctx *c, int argc, char **argv)
{
	const char *name = NULL, *idarg = NULL;
	struct nlmsghdr *nlh;
	struct vrnl_nl *nl;
	struct vrnl_err e;
	uint32_t id = 0;
	int ret;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "id")) {
			if (--argc <= 0)
				return incomplete_command();
			argv++;
			if (idarg)
				return duparg("id", *argv);
			if (!get_u32(&id, *argv) || !id)
				return invarg("\"id\" value is invalid", *argv);
			idarg = *argv;
		} else if (matches(*argv, "help")) {
			return vr_usage();
		} else {
			if (!strcmp(*argv, "name")) {
				if (--argc <= 0)
					return incomplete_command();
				argv++;
			}
			if (name)
				return duparg("name", *argv);
			name = *argv;
		}
	}
	if (!name) {
		fprintf(stderr, "Not enough information: \"name\" argument is required.\n");
		return VRNL_EXIT_ARG;
	}

	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	nlh = vrnl_nl_req(nl, VRS_CMD_VR_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, name);
	if (idarg)
		mnl_attr_put_u32(nlh, VRS_A_VR_ID, id);
	if (vrnl_nl_talk(nl, nlh, NULL, NULL, &e))
		return kernel_failed(&e);
	return 0;
}

static int vr_del(struct vrnl_ctx *c, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct vrnl_nl *nl;
	struct vrnl_err e;
	const char *ref;
	int ret;

	if (argc < 1)
		return incomplete_command();
	if (matches(*argv, "help"))
		return vr_usage();
	if ((!strcmp(*argv, "id") || !strcmp(*argv, "name")) && argc > 1) {
		argc--;
		argv++;
	}
	ref = *argv;
	if (argc > 1) {
		fprintf(stderr, "Error: either \"dev\" is duplicate, or \"%s\" is a garbage.\n",
			argv[1]);
		return VRNL_EXIT_ARG;
	}

	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	nlh = vrnl_nl_req(nl, VRS_CMD_VR_DEL, NLM_F_ACK);
	vr_put_ref(nlh, ref);
	if (vrnl_nl_talk(nl, nlh, NULL, NULL, &e))
		return kernel_failed(&e);
	return 0;
}

/* -s: the VR's routes per family and the bytes of its FIBs. */
static void routes_print(struct vrnl_ctx *c, const struct nlattr *nest)
{
	uint64_t v[VRS_VR_RT_A_MAX + 1] = { 0 };
	const struct nlattr *a;

	if (!nest)
		return;
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t > VRS_VR_RT_A_MAX)
			continue;
		if (mnl_attr_get_payload_len(a) == 4)
			v[t] = mnl_attr_get_u32(a);
		else if (mnl_attr_get_payload_len(a) == 8)
			v[t] = mnl_attr_get_u64(a);
	}
	if (c->json) {
		json_open_object(&c->js, "routes");
		json_uint(&c->js, "inet", v[VRS_VR_RT_A_COUNT4]);
		json_uint(&c->js, "inet6", v[VRS_VR_RT_A_COUNT6]);
		json_close_object(&c->js);
		json_open_object(&c->js, "fib_bytes");
		json_uint(&c->js, "inet", v[VRS_VR_RT_A_FIB_BYTES4]);
		json_uint(&c->js, "inet6", v[VRS_VR_RT_A_FIB_BYTES6]);
		json_close_object(&c->js);
		return;
	}
	printf("    routes:    inet    inet6  fib-bytes:    inet     inet6\n");
	printf("    %14" PRIu64 " %8" PRIu64 " %19" PRIu64 " %9" PRIu64 "\n",
	       v[VRS_VR_RT_A_COUNT4], v[VRS_VR_RT_A_COUNT6],
	       v[VRS_VR_RT_A_FIB_BYTES4], v[VRS_VR_RT_A_FIB_BYTES6]);
}

/* One VR as text ("NAME id ID", which `vr add` accepts back) or JSON. */
int vr_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh, const char *prefix)
{
	const struct nlattr *tb[VRS_A_MAX + 1];

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_ID] || !tb[VRS_A_VR_NAME])
		return MNL_CB_OK;
	if (c->json) {
		json_open_object(&c->js, NULL);
		if (prefix && *prefix)
			json_bool(&c->js, "deleted", true);
		json_string(&c->js, "name", mnl_attr_get_str(tb[VRS_A_VR_NAME]));
		json_uint(&c->js, "id", mnl_attr_get_u32(tb[VRS_A_VR_ID]));
		if (c->stats) {
			routes_print(c, tb[VRS_A_VR_ROUTES]);
			stats_print(c, tb[VRS_A_VR_STATS]);
		}
		json_close_object(&c->js);
		return MNL_CB_OK;
	}
	printf("%s%s id %u\n", prefix ? prefix : "",
	       mnl_attr_get_str(tb[VRS_A_VR_NAME]),
	       mnl_attr_get_u32(tb[VRS_A_VR_ID]));
	if (c->stats) {
		routes_print(c, tb[VRS_A_VR_ROUTES]);
		stats_print(c, tb[VRS_A_VR_STATS]);
	}
	return MNL_CB_OK;
}

static int vr_show_cb(const struct nlmsghdr *nlh, void *data)
{
	return vr_print(data, nlh, NULL);
}

static int vr_show(struct vrnl_ctx *c, int argc, char **argv)
{
	const char *ref = NULL;
	struct nlmsghdr *nlh;
	struct vrnl_nl *nl;
	struct vrnl_err e;
	int ret;

	if (argc > 0 && matches(*argv, "help"))
		return vr_usage();
	if (argc > 0 && (!strcmp(*argv, "id") || !strcmp(*argv, "name")) &&
	    argc > 1) {
		argc--;
		argv++;
	}
	if (argc > 1) {
		fprintf(stderr, "Error: either \"dev\" is duplicate, or \"%s\" is a garbage.\n",
			argv[1]);
		return VRNL_EXIT_ARG;
	}
	if (argc == 1)
		ref = *argv;

	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	if (ref) {
		nlh = vrnl_nl_req(nl, VRS_CMD_VR_GET, NLM_F_ACK);
		vr_put_ref(nlh, ref);
	} else {
		nlh = vrnl_nl_req(nl, VRS_CMD_VR_GET, NLM_F_DUMP);
	}

	if (c->json)
		json_open_array(&c->js, NULL);
	ret = vrnl_nl_talk(nl, nlh, vr_show_cb, c, &e);
	if (c->json) {
		json_close_array(&c->js);
		putchar('\n');
	}
	if (ret) {
		if (ref && e.err == ENOENT) {
			fprintf(stderr, "VR \"%s\" does not exist.\n", ref);
			return VRNL_EXIT_LOOKUP;
		}
		return kernel_failed(&e);
	}
	if (e.dump_intr)
		fprintf(stderr, "Dump was interrupted and may be inconsistent.\n");
	return 0;
}

int do_vr(struct vrnl_ctx *c, int argc, char **argv)
{
	if (argc < 1)
		return vr_show(c, 0, NULL);
	if (matches(*argv, "add"))
		return vr_add(c, argc - 1, argv + 1);
	if (matches(*argv, "delete"))
		return vr_del(c, argc - 1, argv + 1);
	if (matches(*argv, "show") || matches(*argv, "list") ||
	    matches(*argv, "lst"))
		return vr_show(c, argc - 1, argv + 1);
	if (matches(*argv, "help"))
		return vr_usage();
	fprintf(stderr, "Command \"%s\" is unknown, try \"vrnl vr help\".\n",
		*argv);
	return VRNL_EXIT_ARG;
}
