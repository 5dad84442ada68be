/* The strict JSON reader (core/json.c): what cJSON alone let through in issue
 * 17's finding 12 (bytes 0x01-0x20 as whitespace, text after a NUL), \u0000
 * cutting a string short (11), duplicate keys (10), each refused with where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/config.h"
#include "wallboard/json.h"

#define T(s) s, sizeof s - 1

struct bad_case {
	const char *text;
	size_t len;
	unsigned flags;
	const char *message;
	size_t offset, line, column;
	const char *path;
};

static const struct bad_case bad_cases[] = {
	/* cJSON skipped these as whitespace. */
	{ T("\x01{}"), 0, "control character outside a string", 0, 1, 1, "" },
	{ T("\x01\x0c{\"version\":1}"), 0, "control character outside a string", 0, 1, 1, "" },
	{ T("{\"a\":\x0b"
	    "1}"),
	  0, "control character outside a string", 5, 1, 6, "" },
	{ T("{}\x1f"), 0, "control character outside a string", 2, 1, 3, "" },
	/* cJSON's trailing-text check stopped at the NUL. */
	{ T("{}\0garbage"), 0, "NUL byte", 2, 1, 3, "" },
	{ T("{}\0x"), 0, "NUL byte", 2, 1, 3, "" },
	{ T("{}\0"), 0, "NUL byte", 2, 1, 3, "" },
	/* \u0000 cut "a\u0000b" to "a". */
	{ T("{\"title\":\"a\\u0000b\"}"), 0, "NUL character (\\u0000) in a string", 11, 1, 12, "" },
	{ T("{\"t\":\n\"\t\"}"), 0, "unescaped control character in a string", 7, 2, 2, "" },
	{ T("{\"t\":\"caf\xC3\"}"), 0, "invalid UTF-8", 9, 1, 10, "" },
	/* A raw NUL or control byte right after a backslash (found by fuzz_config). */
	{ T("{\"t\":\"a\\\0b\"}"), 0, "NUL byte", 8, 1, 9, "" },
	{ T("{\"t\":\"a\\\nb\"}"), 0, "unescaped control character in a string", 8, 1, 9, "" },
	{ T("{\"a\":1} x"), 0, "unexpected data after the JSON value", 8, 1, 9, "" },
	{ T("{\"a\":1}{}"), 0, "unexpected data after the JSON value", 7, 1, 8, "" },
	{ T("{\"a\":}"), 0, "invalid JSON", 5, 1, 6, "" },
	{ "", 0, 0, "empty document", 0, 1, 1, "" },
	/* Last one wins in cJSON's lookups: refused where asked. */
	{ T("{\"display\":{\"title\":\"a\",\"title\":\"b\"}}"), WB_JSON_UNIQUE_KEYS, "duplicate key", 0, 1, 1,
	  "$.display.title" },
	{ T("{\"a\":[{},{\"k\":1,\"j\":2,\"k\":3}]}"), WB_JSON_UNIQUE_KEYS, "duplicate key", 0, 1, 1,
	  "$.a[1].k" },
	{ T("{\"\xff\":1,\"\xff\":2}"), WB_JSON_UNIQUE_KEYS | WB_JSON_UTF8_PER_VALUE, "duplicate key", 0, 1,
	  1, "$.\xef\xbf\xbd" },
};

static void test_refused_with_where(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct wb_json_error err;
		memset(&err, 0x55, sizeof err);
		cJSON *doc = wb_json_parse(c->text, c->len, c->flags, &err);
		if (doc)
			fail_msg("case %zu accepted", i);
		if (strcmp(err.message, c->message) != 0 || strcmp(err.path, c->path) != 0)
			fail_msg("case %zu: \"%s\" at \"%s\"", i, err.message, err.path);
		if (err.offset != c->offset || err.line != c->line || err.column != c->column)
			fail_msg("case %zu: offset %zu line %zu column %zu", i, err.offset, err.line,
				 err.column);
	}
	assert_null(wb_json_parse(T("\x01{}"), 0, NULL)); /* err may be NULL */
}

static void test_accepted(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
		unsigned flags;
	} good[] = {
		{ T(" \t\r\n{\"a\":[1, 2]}\r\n "), WB_JSON_UNIQUE_KEYS },
		{ T("{\"a\":\"\\u0001 \\\\u0000\"}"), 0 }, /* an escaped backslash, then text */
		{ T("{\"a\":{\"k\":1},\"b\":{\"k\":2}}"), WB_JSON_UNIQUE_KEYS },
		{ T("{\"k\":1,\"k\":2}"), 0 }, /* the feed's rule: the first one wins */
		{ T("{\"t\":\"caf\xC3\"}"), WB_JSON_UTF8_PER_VALUE },
		{ T("[]"), 0 },
		{ T("7"), 0 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct wb_json_error err = { 0 };
		cJSON *doc = wb_json_parse(good[i].text, good[i].len, good[i].flags, &err);
		if (!doc)
			fail_msg("case %zu refused: %s at %zu", i, err.message, err.offset);
		cJSON_Delete(doc);
	}
}

/* The attacks through the config's own entry points (PATCH, files). */
static void test_config_entry_points(void **state)
{
	(void)state;
	struct wb_config cur, next;
	wb_config_defaults(&cur);
	struct wb_problems p;
	bool not_json = false;

	/* Finding 10: a PATCH with a key twice is a 422 naming it, as PUT is. */
	wb_problems_clear(&p);
	assert_int_equal(wb_config_update(&cur, NULL, T("{\"display\":{\"title\":\"a\",\"title\":\"b\"}}"),
					  true, &next, &not_json, &p),
			 WB_ERR_INVALID);
	assert_false(not_json);
	assert_string_equal(p.items[0].path, "$.display.title");
	assert_string_equal(p.items[0].message, "duplicate key");

	/* Finding 12: "\x01{}" and "{}\0x" are not JSON (400), with the place. */
	wb_problems_clear(&p);
	assert_int_equal(wb_config_update(&cur, NULL, T("\x01{}"), true, &next, &not_json, &p),
			 WB_ERR_INVALID);
	assert_true(not_json);
	assert_string_equal(p.items[0].message, "control character outside a string at line 1, column 1");
	wb_problems_clear(&p);
	assert_int_equal(wb_config_update(&cur, NULL, T("{}\0x"), true, &next, &not_json, &p),
			 WB_ERR_INVALID);
	assert_true(not_json);
	assert_string_equal(p.items[0].message, "NUL byte at line 1, column 3");

	/* Finding 11: a title "a\u0000b" is refused, not cut to "a". */
	wb_problems_clear(&p);
	assert_int_equal(wb_config_parse(T("{\"display\":{\"title\":\"a\\u0000b\"}}"), &next, &p),
			 WB_ERR_INVALID);
	assert_non_null(strstr(p.items[0].message, "\\u0000"));
	/* A file "{}\0garbage" no longer parses. */
	assert_int_equal(wb_config_parse(T("{}\0garbage"), &next, NULL), WB_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_with_where),
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_config_entry_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
