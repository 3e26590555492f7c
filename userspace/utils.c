// SPDX-License-Identifier: GPL-2.0
/* vrnl: argument helpers and iproute2-style diagnostics. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utils.h"

bool matches(const char *prefix, const char *word)
{
	if (!*prefix)
		return false;
	while (*word && *prefix == *word) {
		prefix++;
		word++;
	}
	return !*prefix;
}

bool get_u32(uint32_t *val, const char *arg)
{
	unsigned long long v;
	char *end;

	if (!arg || !*arg || *arg == '-' || isspace((unsigned char)*arg))
		return false;
	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*val = (uint32_t)v;
	return true;
}

bool is_number(const char *arg)
{
	if (!*arg)
		return false;
	for (; *arg; arg++)
		if (!isdigit((unsigned char)*arg))
			return false;
	return true;
}

void print_kernel_error(const struct vrnl_err *e)
{
	size_t len = strlen(e->msg);

	if (len) {
		fprintf(stderr, "Error: %s%s\n", e->msg,
			e->msg[len - 1] == '.' ? "" : ".");
		return;
	}
	fprintf(stderr, "RTNETLINK answers: %s\n", strerror(e->err));
}

int kernel_failed(const struct vrnl_err *e)
{
	print_kernel_error(e);
	return e->err == ENOENT ? VRNL_EXIT_LOOKUP : VRNL_EXIT_KERNEL;
}

int invarg(const char *msg, const char *arg)
{
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return VRNL_EXIT_ARG;
}

int incomplete_command(void)
{
	fprintf(stderr, "Command line is not complete. Try option \"help\"\n");
	return VRNL_EXIT_ARG;
}

int duparg(const char *key, const char *arg)
{
	fprintf(stderr,
		"Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return VRNL_EXIT_ARG;
}

int vrnl_nl(struct vrnl_ctx *c, struct vrnl_nl **nl)
{
	int err;

	if (!c->nl_open) {
		err = vrnl_nl_open(&c->nl);
		if (err) {
			vrnl_nl_close(&c->nl);
			if (err == -ENOENT)
				fprintf(stderr,
					"Error: the \"vrs\" generic netlink family is not available (is vrs.ko loaded?).\n");
			else
				fprintf(stderr, "Cannot talk to the kernel: %s\n",
					strerror(-err));
			return VRNL_EXIT_KERNEL;
		}
		c->nl_open = true;
	}
	*nl = &c->nl;
	return 0;
}
