/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrnl: a streaming JSON writer laid out like iproute2's json_writer, so
 * `-j` and `-j -p` output looks like `ip -j` / `ip -j -p`.  Output is always
 * valid JSON: strings are escaped, and every open container is closed.
 */
#ifndef VRNL_JSON_H
#define VRNL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *out;
	bool pretty;
	unsigned int depth;
	char sep;		/* printed before the next element, or '\0' */
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_open_object(struct json *j, const char *key);	/* key may be NULL */
void json_close_object(struct json *j);
void json_open_array(struct json *j, const char *key);
void json_close_array(struct json *j);
void json_string(struct json *j, const char *key, const char *val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_int(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);

#endif
