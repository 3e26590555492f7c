// SPDX-License-Identifier: GPL-2.0
/* vrnl -batch: run commands from a file or stdin, one per line, as
 * `ip -batch` does (same line splitting, comments and failure report).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route_batch.h"
#include "vrnl.h"

#define MAX_ARGS 512

/* Splits @line in place into words; quotes group, '#' starts a comment.
 * Returns the number of words, -1 if there are too many, -2 for an
 * unterminated quote.
 */
static int makeargs(char *line, char **argv, int maxargs)
{
	static const char ws[] = " \t\r\n";
	char *cp = line;
	int argc = 0;

	while (*cp) {
		cp += strspn(cp, ws);
		if (*cp == '\0' || *cp == '#')
			break;
		if (argc >= maxargs - 1)
			return -1;
		if (*cp == '"' || *cp == '\'') {
			char quote = *cp++;

			argv[argc++] = cp;
			cp = strchr(cp, quote);
			if (!cp)
				return -2;
		} else {
			argv[argc++] = cp;
			cp += strcspn(cp, ws);
			if (*cp == '\0')
				break;
		}
		*cp++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

int batch_line_failed(struct vrnl_ctx *c, unsigned int line, int code)
{
	/* ip exits at once on invalid arguments, even in batch. */
	if (code == VRNL_EXIT_ARG)
		return BATCH_STOP_ARG;
	fprintf(stderr, "Command failed %s:%u\n", c->batch_file, line);
	return c->force ? BATCH_FAILED : BATCH_STOP;
}

/* One line: route changes are queued, anything else runs after them. */
static int batch_line(struct vrnl_ctx *c, struct route_batch *b, char *line)
{
	char *argv[MAX_ARGS];
	int argc, st, ret;

	argc = makeargs(line, argv, MAX_ARGS);
	if (argc > 0 && route_batch_takes(argc, argv))
		return route_batch_add(c, b, argc, argv, c->batch_line);
	if (!argc)
		return BATCH_OK;
	st = route_batch_flush(c, b);
	if (st >= BATCH_STOP)
		return st;
	route_batch_forget(b);
	if (argc < 0) {
		if (argc == -2)
			fprintf(stderr, "Unterminated quoted string\n");
		batch_line_failed(c, c->batch_line, VRNL_EXIT_LOOKUP);
		return BATCH_STOP;
	}
	ret = do_cmd(c, argc, argv);
	if (ret)
		st = batch_line_failed(c, c->batch_line, ret);
	return st;
}

int do_batch(struct vrnl_ctx *c, const char *name)
{
	struct route_batch *b;
	int st = BATCH_OK, worst = BATCH_OK;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = stdin;

	if (strcmp(name, "-")) {
		f = fopen(name, "r");
		if (!f) {
			fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
				name, strerror(errno));
			return VRNL_EXIT_LOOKUP;
		}
	}
	b = route_batch_new();
	if (!b) {
		fprintf(stderr, "Cannot allocate the batch: %s\n", strerror(errno));
		worst = BATCH_STOP;
		goto out;
	}
	c->batch_file = name;
	c->batch_line = 0;
	while (st < BATCH_STOP && getline(&line, &cap, f) != -1) {
		c->batch_line++;
		st = batch_line(c, b, line);
		worst = st > worst ? st : worst;
	}
	if (st < BATCH_STOP) {
		st = route_batch_flush(c, b);
		worst = st > worst ? st : worst;
	}
	route_batch_free(b);
out:
	free(line);
	if (f != stdin)
		fclose(f);
	return worst == BATCH_STOP_ARG ? VRNL_EXIT_ARG : worst ? 1 : 0;
}
