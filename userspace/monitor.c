// SPDX-License-Identifier: GPL-2.0
/* vrnl monitor: print changes as the kernel announces them, like
 * `ip monitor`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/vrs.h>

#include "route.h"
#include "vrnl.h"

static int monitor_usage(void)
{
	fprintf(stderr,
		"Usage: vrnl monitor [ all | OBJECTS ]\n"
		"OBJECTS := { vr | link | route }\n");
	return VRNL_EXIT_ARG;
}

static void print_timestamp(void)
{
	char buf[64];
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	printf("[%s.%06ld] ", buf, ts.tv_nsec / 1000);
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vrnl_ctx *c = data;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	if (c->timestamp)
		print_timestamp();
	switch (g->cmd) {
	case VRS_CMD_VR_NEW:
		vr_print(c, nlh, NULL);
		break;
	case VRS_CMD_VR_DEL:
		vr_print(c, nlh, "Deleted ");
		break;
	case VRS_CMD_PORT_NEW:
		link_print(c, nlh, NULL);
		break;
	case VRS_CMD_PORT_DEL:
		link_print(c, nlh, "Deleted ");
		break;
	case VRS_CMD_ROUTE_NEW:
	case VRS_CMD_ROUTE_DEL:
		route_monitor_print(c, nlh, g->cmd == VRS_CMD_ROUTE_DEL);
		break;
	}
	if (c->json)
		putchar('\n');
	fflush(stdout);
	return MNL_CB_OK;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int join(struct vrnl_nl *nl, const char *group)
{
	int ret = vrnl_nl_join(nl, group);

	if (ret)
		fprintf(stderr, "Failed to join the \"%s\" group: %s\n",
			group, strerror(-ret));
	return ret ? VRNL_EXIT_KERNEL : 0;
}

int do_monitor(struct vrnl_ctx *c, int argc, char **argv)
{
	static const char *const groups[] = { VRS_MCGRP_VR, VRS_MCGRP_LINK,
						 VRS_MCGRP_ROUTE };
	bool want[3] = { false, false, false }, any = false;
	struct vrnl_nl *nl;
	int ret, len;
	size_t i;

	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "help"))
			return monitor_usage();
		if (!strcmp(*argv, "all")) {
			want[0] = want[1] = want[2] = true;
		} else if (!strcmp(*argv, "vr")) {
			want[0] = true;
		} else if (!strcmp(*argv, "link")) {
			want[1] = true;
		} else if (!strcmp(*argv, "route")) {
			want[2] = true;
		} else {
			fprintf(stderr, "Argument \"%s\" is unknown, try \"vrnl monitor help\".\n",
				*argv);
			return VRNL_EXIT_ARG;
		}
	}
	ret = vrnl_nl(c, &nl);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		any |= want[i];
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		if (any && !want[i])
			continue;
		ret = join(nl, groups[i]);
		if (ret)
			return ret;
	}
	for (;;) {
		len = (int)mnl_socket_recvfrom(nl->sock, nl->buf, nl->bufsz);
		if (len < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr, "Warning: events were lost (ENOBUFS)\n");
				continue;
			}
			perror("recvmsg");
			return VRNL_EXIT_KERNEL;
		}
		if (mnl_cb_run(nl->buf, len, 0, 0, monitor_cb, c) < 0 &&
		    errno != ENOENT) {
			perror("mnl_cb_run");
			return VRNL_EXIT_KERNEL;
		}
	}
}
