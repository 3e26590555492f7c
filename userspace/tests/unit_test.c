// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of vrnl's parsing and output helpers (ASan/UBSan). */
#include <string.h>

#include "../../selftests/ktap.h"
#include "../json.h"
#include "../utils.h"

static int test_matches(void)
{
	return matches("sh", "show") && matches("show", "show") &&
	       !matches("shows", "show") && !matches("", "show") &&
	       matches("a", "add") && !matches("x", "add");
}

static int test_get_u32(void)
{
	uint32_t v = 0;

	return get_u32(&v, "4294967295") && v == UINT32_MAX &&
	       get_u32(&v, "0x10") && v == 16 &&
	       !get_u32(&v, "4294967296") && !get_u32(&v, "-1") &&
	       !get_u32(&v, "") && !get_u32(&v, "12a") && !get_u32(&v, " 1");
}

static int test_is_number(void)
{
	return is_number("123") && !is_number("") && !is_number("1a") &&
	       !is_number("-1");
}

/* Renders a fixed document and compares it with the expected text. */
static int json_case(bool pretty, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	int ok;

	json_init(&j, f, pretty);
	json_open_array(&j, NULL);
	json_open_object(&j, NULL);
	json_string(&j, "name", "a\"b\\c\n\x01");
	json_uint(&j, "id", 4294967295u);
	json_bool(&j, "up", true);
	json_open_array(&j, "list");
	json_int(&j, NULL, -1);
	json_null(&j, NULL);
	json_close_array(&j);
	json_close_object(&j);
	json_open_object(&j, NULL);
	json_close_object(&j);
	json_close_array(&j);
	fclose(f);
	ok = !strcmp(buf, want);
	if (!ok)
		ktap_print("got: %s", buf);
	free(buf);
	return ok;
}

static int test_json_compact(void)
{
	return json_case(false,
		"[{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"id\":4294967295,"
		"\"up\":true,\"list\":[-1,null]},{}]");
}

static int test_json_pretty(void)
{
	return json_case(true,
		"[ {\n"
		"        \"name\": \"a\\\"b\\\\c\\n\\u0001\",\n"
		"        \"id\": 4294967295,\n"
		"        \"up\": true,\n"
		"        \"list\": [ -1,null ]\n"
		"    },{} ]");
}

int main(void)
{
	ktap_plan(5);
	ktap_result(test_matches(), "matches");
	ktap_result(test_get_u32(), "get_u32");
	ktap_result(test_is_number(), "is_number");
	ktap_result(test_json_compact(), "json_compact");
	ktap_result(test_json_pretty(), "json_pretty");
	return ktap_finish();
}
