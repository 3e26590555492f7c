// SPDX-License-Identifier: GPL-2.0
/* vrnl -batch: run commands from a file or stdin, one per line, as
 * `ip -batch` does (same line splitting, comments and failure report).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrnl.h"

#define MAX_ARGS 512

/* Splits @line in place into words; quotes group, '#' starts a comment.
 * Returns the number of words or -1 if there are too many.
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
			if (!cp) {
				fprintf(stderr, "Unterminated quoted string\n");
				return -1;
			}
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

int do_batch(struct vrnl_ctx *c, const char *name)
{
	char *line = NULL, *argv[MAX_ARGS];
	size_t cap = 0;
	int ret = 0, argc;
	FILE *f = stdin;

	if (strcmp(name, "-")) {
		f = fopen(name, "r");
		if (!f) {
			fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
				name, strerror(errno));
			return VRNL_EXIT_LOOKUP;
		}
	}
	c->batch_file = name;
	c->batch_line = 0;
	while (getline(&line, &cap, f) != -1) {
		int r;

		c->batch_line++;
		argc = makeargs(line, argv, MAX_ARGS);
		if (argc < 0) {
			fprintf(stderr, "Command failed %s:%u\n", name,
				c->batch_line);
			ret = 1;
			break;
		}
		if (!argc)
			continue;
		r = do_cmd(c, argc, argv);
		/* ip exits at once on invalid arguments, even in batch. */
		if (r == VRNL_EXIT_ARG) {
			ret = r;
			break;
		}
		if (r) {
			fprintf(stderr, "Command failed %s:%u\n", name,
				c->batch_line);
			ret = 1;
			if (!c->force)
				break;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
