/* SPDX-License-Identifier: GPL-2.0 */
/* vrnl: argument helpers and iproute2-style diagnostics and exit codes. */
#ifndef VRNL_UTILS_H
#define VRNL_UTILS_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "nl.h"

/* Exit codes, as `ip` uses them. */
enum {
	VRNL_EXIT_OK = 0,
	VRNL_EXIT_LOOKUP = 1,	/* usage and lookup errors */
	VRNL_EXIT_KERNEL = 2,	/* the kernel refused the request */
	VRNL_EXIT_ARG = 255,	/* invalid arguments (ip's exit(-1)) */
};

struct vrnl_ctx {
	struct vrnl_nl nl;
	bool nl_open;
	bool json, pretty, stats, details, oneline, force, timestamp;
	int family;			/* 0, AF_INET or AF_INET6 */
	const char *vr;			/* -V NAME|ID */
	const char *batch_file;		/* set while running -batch */
	unsigned int batch_line;
	struct json js;
};

/* iproute2's matches(): true when @prefix abbreviates @word. */
bool matches(const char *prefix, const char *word);

/* Parse an unsigned 32-bit decimal/hex number; false if invalid. */
bool get_u32(uint32_t *val, const char *arg);

/* True if @arg is all digits (an id, not a name). */
bool is_number(const char *arg);

/* Print "Error: <extack>." or "RTNETLINK answers: <strerror>", as ip. */
void print_kernel_error(const struct vrnl_err *e);

/* Diagnostics that end the command with ip's codes. */
int invarg(const char *msg, const char *arg);
int incomplete_command(void);
int duparg(const char *key, const char *arg);

/* The netlink connection, opened on first use. */
int vrnl_nl(struct vrnl_ctx *c, struct vrnl_nl **nl);

/* Prints the kernel's answer to a failed request and maps it to an exit
 * code: ENOENT (the object does not exist) is a lookup error, like ip's
 * "Cannot find device", anything else a kernel refusal.
 */
int kernel_failed(const struct vrnl_err *e);

#endif
