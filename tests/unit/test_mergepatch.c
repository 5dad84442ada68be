/* RFC 7396 Appendix A, row by row, plus what the config API relies on. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/mergepatch.h"

struct row {
	const char *original, *patch, *result;
};

/* The examples table of RFC 7396, Appendix A. */
static const struct row rfc_rows[] = {
	{ "{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
	{ "{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}" },
	{ "{\"a\":\"b\"}", "{\"a\":null}", "{}" },
	{ "{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}" },
	{ "{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
	{ "{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}" },
	{ "{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}" },
	{ "{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}" },
	{ "[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]" },
	{ "{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]" },
	{ "{\"a\":\"foo\"}", "null", "null" },
	{ "{\"a\":\"foo\"}", "\"bar\"", "\"bar\"" },
	{ "{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}" },
	{ "[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}" },
	{ "{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}" },
	/* What the config API relies on: nested sections merge, siblings stay. */
	{ "{\"display\":{\"title\":\"A\",\"ticker\":true},\"feed\":{\"url\":\"http://x\"}}",
	  "{\"display\":{\"title\":\"B\"}}",
	  "{\"display\":{\"title\":\"B\",\"ticker\":true},\"feed\":{\"url\":\"http://x\"}}" },
};

static void test_rfc_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rfc_rows / sizeof rfc_rows[0]; i++) {
		cJSON *target = cJSON_Parse(rfc_rows[i].original);
		cJSON *patch = cJSON_Parse(rfc_rows[i].patch);
		cJSON *want = cJSON_Parse(rfc_rows[i].result);
		assert_non_null(target);
		assert_non_null(patch);
		assert_non_null(want);
		cJSON *got = wb_merge_patch(target, patch);
		assert_non_null(got);
		if (!cJSON_Compare(got, want, true)) {
			char *text = cJSON_PrintUnformatted(got);
			print_error("row %zu: got %s, want %s\n", i, text, rfc_rows[i].result);
			free(text);
			fail();
		}
		cJSON_Delete(got);
		cJSON_Delete(patch);
		cJSON_Delete(want);
	}
}

static void test_patch_is_not_consumed(void **state)
{
	(void)state;
	cJSON *patch = cJSON_Parse("{\"a\":{\"b\":1}}");
	cJSON *got = wb_merge_patch(cJSON_Parse("{}"), patch);
	cJSON *again = wb_merge_patch(cJSON_Parse("{\"a\":{\"c\":2}}"), patch);
	cJSON *want = cJSON_Parse("{\"a\":{\"c\":2,\"b\":1}}");
	assert_true(cJSON_Compare(again, want, true));
	char *text = cJSON_PrintUnformatted(patch);
	assert_string_equal(text, "{\"a\":{\"b\":1}}");
	free(text);
	cJSON_Delete(got);
	cJSON_Delete(again);
	cJSON_Delete(want);
	cJSON_Delete(patch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_examples),
		cmocka_unit_test(test_patch_is_not_consumed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
