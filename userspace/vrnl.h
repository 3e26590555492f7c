/* SPDX-License-Identifier: GPL-2.0 */
/* vrnl: the objects and their command entry points. */
#ifndef VRNL_H
#define VRNL_H

#include "utils.h"

int do_vr(struct vrnl_ctx *c, int argc, char **argv);
int do_monitor(struct vrnl_ctx *c, int argc, char **argv);
int do_link(struct vrnl_ctx *c, int argc, char **argv);
int do_route(struct vrnl_ctx *c, int argc, char **argv);

void vr_put_ref(struct nlmsghdr *nlh, const char *ref);
int vr_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
	     const char *prefix);

/* link.c */
int link_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
	       const char *prefix);
void stats_print(struct vrnl_ctx *c, const struct nlattr *nest);

/* batch.c */
int do_batch(struct vrnl_ctx *c, const char *name);
int do_cmd(struct vrnl_ctx *c, int argc, char **argv);
/* Does @word select @object, as do_cmd() reads it? */
bool cmd_is_object(const char *word, const char *object);

/* How a batch line went, ordered by severity; failures are reported as
 * they are found.
 */
enum {
	BATCH_OK,
	BATCH_FAILED,		/* reported; the next line runs (-force) */
	BATCH_STOP,		/* reported; nothing after it runs */
	BATCH_STOP_ARG,		/* invalid arguments: ip exits at once */
};

/* Reports a batch line that ended with exit code @code as ip does. */
int batch_line_failed(struct vrnl_ctx *c, unsigned int line, int code);

#endif
