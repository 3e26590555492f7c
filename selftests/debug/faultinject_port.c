// SPDX-License-Identifier: GPL-2.0
/*
 * faultinject: ports.  The snapshot is the port dump (device, ifindex,
 * vport, VR), the namespace's links by name (a vport left behind by an
 * unwound PORT_NEW shows there) and, for each of our veths that is not a
 * port, whether it can be attached now: a device left with our
 * rx_handler cannot ("Device already has an rx_handler").
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "../ktap.h"
#include "faultinject.h"

/* Created once per namespace; fi0 and fi1 are ports, fi2 is spare. */
static const char *const fi_devs[] = { "fi0", "fi1", "fi2" };
#define N_DEVS	(sizeof(fi_devs) / sizeof(fi_devs[0]))

/*
 * Whether our namespace has a device @name.  Not if_nametoindex(): its
 * ioctl asks the kernel to load a module "netdev-<name>" for a name it
 * does not know, and that usermode helper costs over a second in the
 * debug kernel, on every snapshot of a case without veths.
 */
static bool dev_exists(const char *name)
{
	char line[256], want[IFNAMSIZ + 2];
	bool found = false;
	FILE *f;

	f = fopen("/proc/self/net/dev", "r");
	if (!f)
		return false;
	snprintf(want, sizeof(want), "%s:", name);
	while (!found && fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " ");

		found = !strncmp(p, want, strlen(want));
	}
	fclose(f);
	return found;
}

int port_attach(struct vrnl_nl *n, const char *vr, const char *dev,
		const char *vport, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_PORT_NEW, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, vr);
	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
	if (vport)
		mnl_attr_put_strz(nlh, VRS_A_PORT_VPORT_NAME, vport);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

static int port_detach(struct vrnl_nl *n, const char *dev, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_PORT_DEL, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, dev);
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

/* ---- snapshot ---------------------------------------------------------- */

struct port_list {
	struct snap *s;
	char vr[VRS_VR_NAME_SIZ];	/* a VR to probe attaching to */
	bool attached[N_DEVS];
};

static int snap_port_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	struct port_list *pl = data;
	const char *dev;
	size_t i;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_PORT_IFNAME] ||
	    !tb[VRS_A_PORT_IFINDEX] || !tb[VRS_A_PORT_VPORT_NAME] ||
	    !tb[VRS_A_PORT_VPORT_IFINDEX] || !tb[VRS_A_VR_ID] ||
	    !tb[VRS_A_VR_NAME])
		return MNL_CB_ERROR;
	dev = mnl_attr_get_str(tb[VRS_A_PORT_IFNAME]);
	/* The vport's ifindex changes with every set-up: its name stays. */
	snap_add(pl->s, "port %s ifindex %u vport %s%s vr %u %s\n", dev,
		 mnl_attr_get_u32(tb[VRS_A_PORT_IFINDEX]),
		 mnl_attr_get_str(tb[VRS_A_PORT_VPORT_NAME]),
		 mnl_attr_get_u32(tb[VRS_A_PORT_VPORT_IFINDEX]) ? "" : " NO-IFINDEX",
		 mnl_attr_get_u32(tb[VRS_A_VR_ID]),
		 mnl_attr_get_str(tb[VRS_A_VR_NAME]));
	for (i = 0; i < N_DEVS; i++)
		if (!strcmp(dev, fi_devs[i]))
			pl->attached[i] = true;
	return MNL_CB_OK;
}

static int snap_vr_name_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VRS_A_MAX + 1];
	char *name = data;

	if (vrnl_nl_parse(nlh, tb) || !tb[VRS_A_VR_NAME])
		return MNL_CB_ERROR;
	if (!name[0])
		snprintf(name, VRS_VR_NAME_SIZ, "%s",
			 mnl_attr_get_str(tb[VRS_A_VR_NAME]));
	return MNL_CB_OK;
}

struct links {
	char name[64][IF_NAMESIZE];
	unsigned int n;
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct links *l = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(a) == IFLA_IFNAME && l->n < 64)
			snprintf(l->name[l->n++], IF_NAMESIZE, "%s",
				 mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The links of the namespace by name, sorted: the rtnetlink dump walks
 * the ifindex hash, whose order changes as ifindexes grow.
 */
static int snap_links(struct snap *s)
{
	static char buf[32768];
	struct mnl_socket *rt = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	static struct links l;
	unsigned int i;
	int ret = -1;
	ssize_t len;

	l.n = 0;
	if (!rt || mnl_socket_bind(rt, 0, MNL_SOCKET_AUTOPID))
		goto out;
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (mnl_socket_sendto(rt, nlh, nlh->nlmsg_len) < 0)
		goto out;
	do {
		len = mnl_socket_recvfrom(rt, buf, sizeof(buf));
		ret = len < 0 ? -1 : mnl_cb_run(buf, (size_t)len, 1,
						mnl_socket_get_portid(rt),
						link_cb, &l);
	} while (ret > 0);
	qsort(l.name, l.n, sizeof(l.name[0]), name_cmp);
	for (i = 0; i < l.n; i++)
		snap_add(s, "link %s\n", l.name[i]);
out:
	if (rt)
		mnl_socket_close(rt);
	if (ret)
		ktap_print("link dump failed");
	return ret ? -1 : 0;
}

/* A spare veth must attach (and detach again) cleanly. */
static void probe_attach(struct snap *s, const char *vr, const char *dev)
{
	struct vrnl_err e;
	int rc;

	if (!vr[0]) {
		snap_add(s, "spare %s: no VR to probe with\n", dev);
		return;
	}
	rc = port_attach(&nl, vr, dev, "vfiprobe", &e);
	if (rc) {
		snap_add(s, "spare %s: attach fails: %s (%s)\n", dev,
			 strerror(e.err), e.msg);
		return;
	}
	rc = port_detach(&nl, dev, &e);
	snap_add(s, "spare %s: attaches%s%s\n", dev,
		 rc ? ", detach fails: " : "", rc ? strerror(e.err) : "");
}

int snap_ports(struct snap *s)
{
	struct port_list pl = { .s = s };
	struct vrnl_err e;
	size_t i;

	if (vrnl_nl_talk(&nl, vrnl_nl_req(&nl, VRS_CMD_PORT_GET, NLM_F_DUMP),
			 snap_port_cb, &pl, &e) ||
	    vrnl_nl_talk(&nl, vrnl_nl_req(&nl, VRS_CMD_VR_GET, NLM_F_DUMP),
			 snap_vr_name_cb, pl.vr, &e)) {
		ktap_print("port snapshot: %s (%s)", strerror(e.err), e.msg);
		return -1;
	}
	for (i = 0; i < N_DEVS; i++)
		if (!pl.attached[i] && dev_exists(fi_devs[i]))
			probe_attach(s, pl.vr, fi_devs[i]);
	return snap_links(s);
}

/* ---- set-up ------------------------------------------------------------ */

/* The veths (peers down: no carrier, no traffic, stable counters). */
static int make_veths(void)
{
	size_t i;

	for (i = 0; i < N_DEVS; i++) {
		if (dev_exists(fi_devs[i]))
			continue;
		if (sh("ip link add %s type veth peer name %sp && ip link set %s up",
		       fi_devs[i], fi_devs[i], fi_devs[i]))
			return -1;
	}
	return 0;
}

/*
 * VRs fi-a (1) and fi-b (7); fi0 and fi1 ports of fi-a with vports vfi0
 * and vfi1 carrying IPv4 and IPv6 addresses (no link-local addresses:
 * they would come and go on their own); fi2 spare.  Waits for the eight
 * kernel routes of the addresses.
 */
int setup_net(void)
{
	struct vrnl_err e = { 0 };

	if (vr_del_all() || make_veths() || vr_new(&nl, "fi-a", 1, &e) ||
	    vr_new(&nl, "fi-b", 7, &e) ||
	    port_attach(&nl, "fi-a", "fi0", "vfi0", &e) ||
	    port_attach(&nl, "fi-a", "fi1", "vfi1", &e)) {
		ktap_print("set-up failed: %s %s", strerror(e.err), e.msg);
		return -1;
	}
	if (sh("ip link set vfi0 addrgenmode none && ip link set vfi1 addrgenmode none && "
	       "ip link set vfi0 up && ip link set vfi1 up && "
	       "ip addr add 10.0.0.1/24 dev vfi0 && ip addr add 10.1.0.1/24 dev vfi1 && "
	       "ip -6 addr add 2001:db8::1/64 dev vfi0 nodad && "
	       "ip -6 addr add 2001:db8:1::1/64 dev vfi1 nodad"))
		return -1;
	return wait_routes(1, 8);
}

/* ---- requests ---------------------------------------------------------- */

int rq_port_new(struct vrnl_nl *n, struct vrnl_err *e)
{
	return port_attach(n, "fi-a", "fi2", "vfi2", e);
}

int rq_port_new_default(struct vrnl_nl *n, struct vrnl_err *e)
{
	return port_attach(n, "fi-b", "fi2", NULL, e);
}

int rq_port_del(struct vrnl_nl *n, struct vrnl_err *e)
{
	return port_detach(n, "fi1", e);
}

int rq_port_get(struct vrnl_nl *n, struct vrnl_err *e)
{
	struct nlmsghdr *nlh = vrnl_nl_req(n, VRS_CMD_PORT_GET, NLM_F_ACK);

	mnl_attr_put_strz(nlh, VRS_A_PORT_IFNAME, "fi1");
	return vrnl_nl_talk(n, nlh, NULL, NULL, e);
}

int rq_port_dump(struct vrnl_nl *n, struct vrnl_err *e)
{
	return vrnl_nl_talk(n, vrnl_nl_req(n, VRS_CMD_PORT_GET, NLM_F_DUMP),
			    NULL, NULL, e);
}

int undo_port_new(void)
{
	struct vrnl_err e;

	return port_detach(&nl, "fi2", &e);
}
