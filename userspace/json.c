// SPDX-License-Identifier: GPL-2.0
/* vrnl: streaming JSON writer (see json.h). */
#include <inttypes.h>

#include "json.h"

void json_init(struct json *j, FILE *out, bool pretty)
{
	j->out = out;
	j->pretty = pretty;
	j->depth = 0;
	j->sep = '\0';
}

static void eol(struct json *j)
{
	unsigned int i;

	if (!j->pretty)
		return;
	putc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("    ", j->out);
}

/* End of the previous element: its separator. */
static void eor(struct json *j)
{
	if (j->sep)
		putc(j->sep, j->out);
	j->sep = ',';
}

static void put_string(struct json *j, const char *s)
{
	putc('"', j->out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			fputs("\\\"", j->out);
			break;
		case '\\':
			fputs("\\\\", j->out);
			break;
		case '\n':
			fputs("\\n", j->out);
			break;
		case '\t':
			fputs("\\t", j->out);
			break;
		default:
			if (c < 0x20)
				fprintf(j->out, "\\u%04x", c);
			else
				putc(c, j->out);
		}
	}
	putc('"', j->out);
}

/* A member name inside an object, or nothing for an array element. */
static void key(struct json *j, const char *k)
{
	eor(j);
	if (!k)
		return;
	eol(j);
	put_string(j, k);
	putc(':', j->out);
	if (j->pretty)
		putc(' ', j->out);
}

static void open_container(struct json *j, const char *k, char c)
{
	key(j, k);
	putc(c, j->out);
	j->depth++;
	j->sep = '\0';
}

static void close_container(struct json *j, char c)
{
	if (j->depth)
		j->depth--;
	if (j->sep)
		eol(j);
	putc(c, j->out);
	j->sep = ',';
}

void json_open_object(struct json *j, const char *k)
{
	open_container(j, k, '{');
}

void json_close_object(struct json *j)
{
	close_container(j, '}');
}

/* iproute2 pads arrays with spaces in pretty mode: "[ 1,2 ]", "[ {". */
void json_open_array(struct json *j, const char *k)
{
	open_container(j, k, '[');
	if (j->pretty)
		putc(' ', j->out);
}

void json_close_array(struct json *j)
{
	if (j->pretty && j->sep)
		putc(' ', j->out);
	j->sep = '\0';
	close_container(j, ']');
}

void json_string(struct json *j, const char *k, const char *val)
{
	key(j, k);
	put_string(j, val);
}

void json_uint(struct json *j, const char *k, uint64_t val)
{
	key(j, k);
	fprintf(j->out, "%" PRIu64, val);
}

void json_int(struct json *j, const char *k, int64_t val)
{
	key(j, k);
	fprintf(j->out, "%" PRId64, val);
}

void json_bool(struct json *j, const char *k, bool val)
{
	key(j, k);
	fputs(val ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *k)
{
	key(j, k);
	fputs("null", j->out);
}
