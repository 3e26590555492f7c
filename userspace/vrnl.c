// SPDX-License-Identifier: GPL-2.0
/*
 * vrnl: configure VRS virtual routers over generic netlink.  The command
 * line, output, errors and exit codes follow iproute2's `ip`.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrnl.h"

#ifndef VRNL_VERSION
#define VRNL_VERSION "unknown"
#endif

static int usage(void)
{
	fprintf(stderr,
		"Usage: vrnl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       vrnl [ -force ] -batch filename\n"
		"where  OBJECT := { vr | link | route | monitor }\n"
		"       OPTIONS := { -V { VR_NAME | VR_ID } | -Version | -s[tatistics] |\n"
		"                    -d[etails] |\n"
		"                    -j[son] | -p[retty] | -o[neline] | -t[imestamp] |\n"
		"                    -4 | -6 | -n[etns] name | -force | -b[atch] filename }\n");
	return VRNL_EXIT_ARG;
}

static int do_help(struct vrnl_ctx *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return usage();
}

static const struct {
	const char *name;
	int (*func)(struct vrnl_ctx *c, int argc, char **argv);
} objects[] = {
	{ "vr", do_vr },
	{ "link", do_link },
	{ "route", do_route },
	{ "monitor", do_monitor },
	{ "help", do_help },
};

bool cmd_is_object(const char *word, const char *object)
{
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (matches(word, objects[i].name))
			return !strcmp(objects[i].name, object);
	return false;
}

int do_cmd(struct vrnl_ctx *c, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (matches(argv[0], objects[i].name))
			return objects[i].func(c, argc - 1, argv + 1);
	fprintf(stderr, "Object \"%s\" is unknown, try \"vrnl help\".\n",
		argv[0]);
	return VRNL_EXIT_LOOKUP;
}

static int enter_netns(const char *name)
{
	char path[4096];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Parses one option (and its argument); returns how many words it used,
 * 0 if @argv[0] is not an option, or -1 after printing an error.
 */
static int parse_option(struct vrnl_ctx *c, int argc, char **argv,
			const char **batch, const char **netns)
{
	const char *opt = argv[0];

	if (opt[0] != '-' || !opt[1])
		return 0;
	if (opt[1] == '-' && opt[2])
		opt++;
	if (!strcmp(opt, "-4")) {
		c->family = 4;
	} else if (!strcmp(opt, "-6")) {
		c->family = 6;
	} else if (matches(opt, "-json")) {
		c->json = true;
	} else if (matches(opt, "-pretty")) {
		c->pretty = true;
	} else if (matches(opt, "-statistics") || matches(opt, "-stats")) {
		c->stats = true;
	} else if (matches(opt, "-details")) {
		c->details = true;
	} else if (matches(opt, "-oneline")) {
		c->oneline = true;
	} else if (matches(opt, "-timestamp")) {
		c->timestamp = true;
	} else if (matches(opt, "-force")) {
		c->force = true;
	} else if (matches(opt, "-batch") || matches(opt, "-netns") ||
		   !strcmp(opt, "-V") || matches(opt, "-vr")) {
		if (argc < 2) {
			fprintf(stderr, "Option \"%s\" requires an argument\n",
				argv[0]);
			return -1;
		}
		if (matches(opt, "-batch"))
			*batch = argv[1];
		else if (matches(opt, "-netns"))
			*netns = argv[1];
		else
			c->vr = argv[1];
		return 2;
	} else if (matches(opt, "-Version")) {
		printf("vrnl utility, %s\n", VRNL_VERSION);
		exit(0);
	} else if (matches(opt, "-help")) {
		exit(usage());
	} else {
		fprintf(stderr,
			"Option \"%s\" is unknown, try \"vrnl -help\".\n",
			argv[0]);
		return -1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	const char *batch = NULL, *netns = NULL;
	struct vrnl_ctx c = { 0 };
	int ret, used;

	argc--;
	argv++;
	while (argc > 0) {
		if (!strcmp(argv[0], "--")) {
			argc--;
			argv++;
			break;
		}
		used = parse_option(&c, argc, argv, &batch, &netns);
		if (used < 0)
			return VRNL_EXIT_ARG;
		if (!used)
			break;
		argc -= used;
		argv += used;
	}
	if (netns && enter_netns(netns))
		return VRNL_EXIT_ARG;
	json_init(&c.js, stdout, c.pretty);

	if (batch)
		ret = do_batch(&c, batch);
	else if (argc > 0)
		ret = do_cmd(&c, argc, argv);
	else
		ret = usage();

	if (c.nl_open)
		vrnl_nl_close(&c.nl);
	return ret;
}
