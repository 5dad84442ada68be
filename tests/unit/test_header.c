/* Header values from servers we don't control (core/header.c): issue 17
 * finding 4, where a feed server's ETag and Content-Type bytes reached the
 * status document, the cache file and the next request unchecked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/header.h"
#include "wallboard/utf8.h"

static void test_etag_syntax(void **state)
{
	(void)state;
	static const char *const good[] = { "\"abc\"", "W/\"abc\"", "\"\"", "\"a!#~-1\"" };
	static const char *const bad[] = { "abc",      "\"abc",        "abc\"", "\"a b\"", "\"a\"b\"",
					   "\"\xff\"", "\"\xc3\xa9\"", "W/abc", "w/\"a\"", "\"a\"\r\nX: 1",
					   "",         "\"",           "W/",    "\"\t\"" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!wb_header_etag_ok(good[i]))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wb_header_etag_ok(bad[i]))
			fail_msg("accepted case %zu", i);
	assert_false(wb_header_etag_ok(NULL));
}

static void test_printable(void **state)
{
	(void)state;
	char ct[] = "text/html\xff\xfe; x=\x01\x7f\xc3\xa9";
	wb_header_printable(ct);
	assert_string_equal(ct, "text/html??; x=????");
	assert_true(wb_utf8_valid(ct, strlen(ct)));
	wb_header_printable(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_etag_syntax),
		cmocka_unit_test(test_printable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
