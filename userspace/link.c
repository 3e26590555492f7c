// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl link: attach host devices to VRs as ports, detach them, list them.
 *
 *   vrnl link set dev DEV vr VR [ vport NAME ]   attach (ip's "master")
 *   vrnl link set dev DEV nomaster               detach (ip's idiom)
 *   vrnl link show [ dev DEV ] [ vr VR ]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <linux/vrs.h>

#include "vrnl.h"

static int link_usage(void)
{
	fprintf(stderr,
		"Usage: vrnl link set dev DEV vr VR [ vport NAME ]\n"
		"       vrnl link set dev DEV nomaster\n"
		"       vrnl link show [ dev DEV ] [ vr VR ]\n"
		"       vrnl link help\n"
		"DEV := a host device (Ethernet, VLAN, veth, or an L3 tunnel: GRE, IPIP)\n"
		"VR := { NAME | ID }\n"
		"NAME := the vport's name, default \"v\" + DEV\n");
	return VRNL_EXIT_ARG;
}

/* Names a device by name (looked up in the caller's namespace). */
static void put_dev(struct nlmsghdr *nlh, const char *dev)
{
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
}

/* ip's wording for a device that does not exist; other errors as usual. */
static int link_failed(const struct vrnl_err *e, const char *dev)
{
	if (e->err == ENODEV && dev) {
		fprintf(stderr, "Cannot find device \"%s\"\n", dev);
		return VRNL_EXIT_LOOKUP;
	}
	return kernel_failed(e);
}

static int check_ifname(const char *name)
{
	if (strlen(name) >= IFNAMSIZ) {
		invarg("\"name\" not a valid ifname", name);
		return -1;
	}
	return 0;
}

/* Attaches @dev to @vr, or detaches it when @vr is NULL. */
static int link_request(struct vrnl_ctx *c, const char *dev, const char *vr,
			const char *vport)
{
	struct nlmsghdr *nlh;
	struct vrnl_nl *nl;
	struct vrnl_err e;
	int ret;

	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	nlh = vrnl_nl_req(nl, vr ? VRS_CMD_PORT_NEW : VRS_CMD_PORT_DEL,
			  NLM_F_ACK);
	put_dev(nlh, dev);
	if (vr)
		vr_put_ref(nlh, vr);
	if (vport)
		mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, vport);
	if (vrnl_nl_talk(nl, nlh, NULL, NULL, &e))
		return link_failed(&e, dev);
	return 0;
}

static int link_set(struct vrnl_ctx *c, int argc, char **argv)
{
	const char *dev = NULL, *vr = NULL, *vport = NULL;
	bool nomaster = false;

	for (; argc > 0; argc--, argv++) {
		const char **slot = NULL, *key = *argv;

		if (!strcmp(key, "dev"))
			slot = &dev;
		else if (!strcmp(key, "vr") || !strcmp(key, "master"))
			slot = &vr;
		else if (!strcmp(key, "vport"))
			slot = &vport;
		else if (!strcmp(key, "nomaster"))
			nomaster = true;
		else if (matches(key, "help"))
			return link_usage();
		else if (!dev)
			dev = key;	/* "link set DEV ...", as ip takes it */
		else {
			fprintf(stderr, "Error: either \"dev\" is duplicate, or \"%s\" is a garbage.\n",
				key);
			return VRNL_EXIT_ARG;
		}
		if (!slot)
			continue;
		if (--argc <= 0)
			return incomplete_command();
		argv++;
		if (*slot)
			return duparg(key, *argv);
		*slot = *argv;
	}
	if (!dev) {
		fprintf(stderr, "Not enough information: \"dev\" argument is required.\n");
		return VRNL_EXIT_ARG;
	}
	if (nomaster == !!vr) {
		fprintf(stderr, "Not enough information: exactly one of \"vr\" and \"nomaster\" is required.\n");
		return VRNL_EXIT_ARG;
	}
	if (nomaster && vport)
		return invarg("\"vport\" only goes with \"vr\"", vport);
	if (check_ifname(dev) || (vport && check_ifname(vport)))
		return VRNL_EXIT_ARG;
	return link_request(c, dev, vr, vport);
}

static const struct {
	const char *json;
	int stat;
} stat_names[] = {
	{ "rx_packets", VRS_STAT_RX_PACKETS },
	{ "rx_bytes", VRS_STAT_RX_BYTES },
	{ "fwd_packets", VRS_STAT_FWD_PACKETS },
	{ "fwd_bytes", VRS_STAT_FWD_BYTES },
	{ "punt_packets", VRS_STAT_PUNT_PACKETS },
	{ "tx_packets", VRS_STAT_TX_PACKETS },
	{ "drop_hdr", VRS_STAT_DROP_HDR },
	{ "drop_ttl", VRS_STAT_DROP_TTL },
	{ "drop_noroute", VRS_STAT_DROP_NOROUTE },
	{ "drop_blackhole", VRS_STAT_DROP_BLACKHOLE },
	{ "drop_unreachable", VRS_STAT_DROP_UNREACHABLE },
	{ "drop_prohibit", VRS_STAT_DROP_PROHIBIT },
	{ "drop_mtu", VRS_STAT_DROP_MTU },
	{ "drop_neigh", VRS_STAT_DROP_NEIGH },
	{ "drop_txerr", VRS_STAT_DROP_TXERR },
	{ "icmp_sent", VRS_STAT_ICMP_SENT },
	{ "icmp_ratelimited", VRS_STAT_ICMP_RATELIMITED },
};

/* Counters of a VRS_A_*_STATS nest, ip -s style or as a JSON object. */
void stats_print(struct vrnl_ctx *c, const struct nlattr *nest)
{
	uint64_t v[VRS_STAT_MAX + 1] = { 0 };
	const struct nlattr *a;
	size_t i;

	if (!nest)
		return;
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t <= VRS_STAT_MAX && mnl_attr_get_payload_len(a) == 8)
			v[t] = mnl_attr_get_u64(a);
	}
	if (c->json) {
		json_open_object(&c->js, "stats");
		for (i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]); i++)
			json_uint(&c->js, stat_names[i].json, v[stat_names[i].stat]);
		json_close_object(&c->js);
		return;
	}
	printf("    RX:  packets    bytes  forwarded  fwd-bytes     punted\n");
	printf("    %12" PRIu64 " %8" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n",
	       v[VRS_STAT_RX_PACKETS], v[VRS_STAT_RX_BYTES],
	       v[VRS_STAT_FWD_PACKETS], v[VRS_STAT_FWD_BYTES],
	       v[VRS_STAT_PUNT_PACKETS]);
	printf("    TX:  packets   errors\n");
	printf("    %12" PRIu64 " %8" PRIu64 "\n",
	       v[VRS_STAT_TX_PACKETS], v[VRS_STAT_DROP_TXERR]);
	printf("    dropped: header  ttl  noroute  blackhole  unreachable  prohibit  mtu  neigh\n");
	printf("    %15" PRIu64 " %4" PRIu64 " %8" PRIu64 " %10" PRIu64 " %12" PRIu64
	       " %9" PRIu64 " %4" PRIu64 " %6" PRIu64 "\n",
	       v[VRS_STAT_DROP_HDR], v[VRS_STAT_DROP_TTL],
	       v[VRS_STAT_DROP_NOROUTE], v[VRS_STAT_DROP_BLACKHOLE],
	       v[VRS_STAT_DROP_UNREACHABLE], v[VRS_STAT_DROP_PROHIBIT],
	       v[VRS_STAT_DROP_MTU], v[VRS_STAT_DROP_NEIGH]);
	printf("    ICMP: sent  ratelimited\n");
	printf("    %10" PRIu64 " %12" PRIu64 "\n",
	       v[VRS_STAT_ICMP_SENT], v[VRS_STAT_ICMP_RATELIMITED]);
}

/* One port: "DEV vr VR vport NAME", which `link set dev` accepts back. */
int link_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
	       const char *prefix)
{
	const struct nlattr *tb[VRS_A_MAX + 1];

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_PORT_IFNAME] ||
	    !tb[VRS_A_VR_NAME] || !tb[VRS_A_PORT_VPORT_NAME] ||
	    !tb[VRS_A_VR_ID] || !tb[VRS_A_PORT_IFINDEX] ||
	    !tb[VRS_A_PORT_VPORT_IFINDEX])
		return MNL_CB_OK;
	if (c->json) {
		json_open_object(&c->js, NULL);
		if (prefix && *prefix)
			json_bool(&c->js, "deleted", true);
		json_string(&c->js, "ifname", mnl_attr_get_str(tb[VRS_A_PORT_IFNAME]));
		json_uint(&c->js, "ifindex", mnl_attr_get_u32(tb[VRS_A_PORT_IFINDEX]));
		json_string(&c->js, "vr", mnl_attr_get_str(tb[VRS_A_VR_NAME]));
		json_uint(&c->js, "vr_id", mnl_attr_get_u32(tb[VRS_A_VR_ID]));
		json_string(&c->js, "vport", mnl_attr_get_str(tb[VRS_A_PORT_VPORT_NAME]));
		json_uint(&c->js, "vport_ifindex",
			  mnl_attr_get_u32(tb[VRS_A_PORT_VPORT_IFINDEX]));
		if (c->stats)
			stats_print(c, tb[VRS_A_PORT_STATS]);
		json_close_object(&c->js);
		return MNL_CB_OK;
	}
	printf("%s%s vr %s vport %s", prefix ? prefix : "",
	       mnl_attr_get_str(tb[VRS_A_PORT_IFNAME]),
	       mnl_attr_get_str(tb[VRS_A_VR_NAME]),
	       mnl_attr_get_str(tb[VRS_A_PORT_VPORT_NAME]));
	if (c->details)
		printf(" ifindex %u vr-id %u vport-ifindex %u",
		       mnl_attr_get_u32(tb[VRS_A_PORT_IFINDEX]),
		       mnl_attr_get_u32(tb[VRS_A_VR_ID]),
		       mnl_attr_get_u32(tb[VRS_A_PORT_VPORT_IFINDEX]));
	putchar('\n');
	if (c->stats)
		stats_print(c, tb[VRS_A_PORT_STATS]);
	return MNL_CB_OK;
}

static int link_show_cb(const struct nlmsghdr *nlh, void *data)
{
	return link_print(data, nlh, NULL);
}

static int link_show(struct vrnl_ctx *c, int argc, char **argv)
{
	const char *dev = NULL, *vr = c->vr;
	struct nlmsghdr *nlh;
	struct vrnl_nl *nl;
	struct vrnl_err e;
	int ret;

	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "help"))
			return link_usage();
		if (!strcmp(*argv, "vr") || !strcmp(*argv, "master")) {
			if (--argc <= 0)
				return incomplete_command();
			vr = *++argv;
			continue;
		}
		if (!strcmp(*argv, "dev")) {
			if (--argc <= 0)
				return incomplete_command();
			argv++;
		}
		if (dev)
			return duparg("dev", *argv);
		dev = *argv;
	}
	if (dev && check_ifname(dev))
		return VRNL_EXIT_ARG;

	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	nlh = vrnl_nl_req(nl, VRS_CMD_PORT_GET, dev ? NLM_F_ACK : NLM_F_DUMP);
	if (dev)
		put_dev(nlh, dev);
	else if (vr)
		vr_put_ref(nlh, vr);

	if (c->json)
		json_open_array(&c->js, NULL);
	ret = vrnl_nl_talk(nl, nlh, link_show_cb, c, &e);
	if (c->json) {
		json_close_array(&c->js);
		putchar('\n');
	}
	if (ret)
		return link_failed(&e, dev);
	if (e.dump_intr)
		fprintf(stderr, "Dump was interrupted and may be inconsistent.\n");
	return 0;
}

int do_link(struct vrnl_ctx *c, int argc, char **argv)
{
	if (argc < 1)
		return link_show(c, 0, NULL);
	if (matches(*argv, "set"))
		return link_set(c, argc - 1, argv + 1);
	if (matches(*argv, "show") || matches(*argv, "list") ||
	    matches(*argv, "lst"))
		return link_show(c, argc - 1, argv + 1);
	if (matches(*argv, "help"))
		return link_usage();
	fprintf(stderr, "Command \"%s\" is unknown, try \"vrnl link help\".\n",
		*argv);
	return VRNL_EXIT_ARG;
}
