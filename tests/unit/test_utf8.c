/* Pins the UTF-8 rules text from the feed is held to: the strict validator
 * (the classic malformed-sequence cases) and truncation that never produces
 * invalid output, whatever the input and the buffer size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wallboard/utf8.h"

#define ELL "\xE2\x80\xA6"

struct valid_case {
	const char *name;
	const char *bytes;
	size_t len;
	bool valid;
};

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define V(name, lit, ok) { name, lit, sizeof(lit) - 1, ok }
/* clang-format on */

static const struct valid_case valid_cases[] = {
	V("empty", "", true),
	V("ascii", "Hallo wereld", true),
	V("two-byte", "caf\xC3\xA9", true),
	V("euro", "\xE2\x82\xAC 5", true),
	V("emoji", "\xF0\x9F\x98\x80", true),
	V("embedded nul is U+0000", "a\0b", true),
	V("last before surrogates U+D7FF", "\xED\x9F\xBF", true),
	V("first after surrogates U+E000", "\xEE\x80\x80", true),
	V("max U+10FFFF", "\xF4\x8F\xBF\xBF", true),
	V("smallest 3-byte U+0800", "\xE0\xA0\x80", true),
	V("smallest 4-byte U+10000", "\xF0\x90\x80\x80", true),
	V("overlong slash C0 AF", "\xC0\xAF", false),
	V("overlong C1", "\xC1\xBF", false),
	V("overlong 3-byte", "\xE0\x80\xAF", false),
	V("overlong 3-byte top", "\xE0\x9F\xBF", false),
	V("overlong 4-byte", "\xF0\x80\x80\xAF", false),
	V("overlong 4-byte top", "\xF0\x8F\xBF\xBF", false),
	V("surrogate D800", "\xED\xA0\x80", false),
	V("surrogate DFFF", "\xED\xBF\xBF", false),
	V("above U+10FFFF", "\xF4\x90\x80\x80", false),
	V("F5 lead", "\xF5\x80\x80\x80", false),
	V("FF byte", "\xFF", false),
	V("lone continuation", "a\x80", false),
	V("truncated 2-byte", "caf\xC3", false),
	V("truncated 3-byte", "\xE2\x82", false),
	V("truncated 4-byte", "\xF0\x9F\x98", false),
	V("bad continuation", "\xC3\x28", false),
	V("ascii after lead",
	  "\xE2\x82"
	  "A",
	  false),
};

static void test_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
		const struct valid_case *c = &valid_cases[i];
		if (wb_utf8_valid(c->bytes, c->len) != c->valid)
			fail_msg("case '%s': expected %s", c->name, c->valid ? "valid" : "invalid");
	}
}

static void test_valid_respects_len(void **state)
{
	(void)state;
	/* The length, not a NUL, ends the input: cutting "é" in half is invalid. */
	assert_false(wb_utf8_valid("caf\xC3\xA9", 4));
	assert_true(wb_utf8_valid("caf\xC3\xA9", 3));
	assert_true(wb_utf8_valid(NULL, 0));
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(wb_utf8_length("", 0), 0);
	assert_int_equal(wb_utf8_length("abc", 3), 3);
	assert_int_equal(wb_utf8_length("caf\xC3\xA9", 5), 4);
	assert_int_equal(wb_utf8_length("\xE2\x82\xAC\xF0\x9F\x98\x80", 7), 2);
}

/* One code point at a time; an ill-formed sequence is one U+FFFD spanning
 * its maximal subpart, and a sequence cut by len is ill-formed. */
static void test_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(wb_utf8_decode("1", 1, &cp), 1);
	assert_int_equal(cp, '1');
	assert_int_equal(wb_utf8_decode("\xE2\x88\x92x", 4, &cp), 3);
	assert_int_equal(cp, 0x2212);
	assert_int_equal(wb_utf8_decode("\xF0\x9F\x91\x8D", 4, &cp), 4);
	assert_int_equal(cp, 0x1F44D);
	assert_int_equal(wb_utf8_decode("\xE2\x88\x92", 2, &cp), 2);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(wb_utf8_decode("\xC0\xAF", 2, &cp), 1); /* overlong lead */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(wb_utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void test_floor(void **state)
{
	const char *s = "a\xE2\x82\xAC"
			"b"; /* a € b: offsets 0,1,4 start code points */
	static const size_t expect[] = { 0, 1, 1, 1, 4, 5 };
	(void)state;
	for (size_t pos = 0; pos < sizeof expect / sizeof expect[0]; pos++)
		assert_int_equal(wb_utf8_floor(s, 5, pos), expect[pos]);
	assert_int_equal(wb_utf8_floor(s, 5, 99), 5);
}

struct trunc_case {
	const char *name;
	const char *in;
	size_t max_cp;
	size_t out_size;
	const char *want;
};

static const struct trunc_case trunc_cases[] = {
	{ "fits", "hello", 10, 64, "hello" },
	{ "exactly max code points", "hello", 5, 64, "hello" },
	{ "one over: ellipsis counts as one", "hello!", 5, 64, "hell" ELL },
	{ "multibyte counted as one", "caf\xC3\xA9 au lait", 5, 64, "caf\xC3\xA9" ELL },
	{ "emoji kept whole", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 2, 64,
	  "\xF0\x9F\x98\x80" ELL },
	{ "max 1 is just the ellipsis", "hello", 1, 64, ELL },
	{ "max 0 is empty", "hello", 0, 64, "" },
	{ "controls become spaces",
	  "a\tb\nc\r\x7F"
	  "d",
	  20, 64, "a b c  d" },
	{ "C1 control becomes space",
	  "a\xC2\x85"
	  "b",
	  20, 64, "a b" },
	{ "invalid byte becomes U+FFFD",
	  "a\xFF"
	  "b",
	  20, 64,
	  "a\xEF\xBF\xBD"
	  "b" },
	{ "truncated sequence one U+FFFD",
	  "a\xE2\x82"
	  "b",
	  20, 64,
	  "a\xEF\xBF\xBD"
	  "b" },
	{ "bytes run out before code points", "abcdefgh", 100, 6, "ab" ELL },
	{ "bytes: whole string exactly fits", "abcde", 100, 6, "abcde" },
	{ "ellipsis cuts earlier multibyte", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 100, 7, "\xC3\xA9" ELL },
	{ "no room for ellipsis: plain prefix", "abcdef", 100, 3, "ab" },
	{ "no room for ellipsis, multibyte not split", "\xC3\xA9\xC3\xA9", 100, 3, "\xC3\xA9" },
	{ "one byte buffer", "abc", 100, 1, "" },
	{ "ellipsis input itself kept", ELL ELL, 2, 64, ELL ELL },
};

static void test_truncate_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof trunc_cases / sizeof trunc_cases[0]; i++) {
		const struct trunc_case *c = &trunc_cases[i];
		char out[64];
		size_t n;

		memset(out, 'X', sizeof out);
		n = wb_utf8_truncate(c->in, c->max_cp, out, c->out_size);
		if (strcmp(out, c->want) != 0 || n != strlen(c->want))
			fail_msg("case '%s': got '%s' (%zu bytes)", c->name, out, n);
		assert_true(wb_utf8_valid(out, n));
		assert_true(n < c->out_size);
	}
}

static void test_truncate_zero_size_writes_nothing(void **state)
{
	char out[4] = "XYZ";
	(void)state;
	assert_int_equal(wb_utf8_truncate("abc", 3, out, 0), 0);
	assert_string_equal(out, "XYZ");
	assert_int_equal(wb_utf8_truncate(NULL, 3, out, sizeof out), 0);
	assert_string_equal(out, "");
}

/* Every buffer size and every limit over a mixed string with broken bytes:
 * the output is valid, terminated, within both budgets. */
static void test_truncate_always_valid(void **state)
{
	const char *in = "Caf\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80\t\xFF\xE2\x82 ok";
	(void)state;
	for (size_t size = 1; size <= 40; size++) {
		for (size_t max = 0; max <= 20; max++) {
			char out[64];
			size_t n = wb_utf8_truncate(in, max, out, size);
			assert_true(n < size);
			assert_int_equal(strlen(out), n);
			assert_true(wb_utf8_valid(out, n));
			assert_true(wb_utf8_length(out, n) <= max);
		}
	}
}

/* Keeps what a pretend font has: ASCII and Latin-1, not emoji. */
static bool below_0x100(uint32_t cp, void *ctx)
{
	(void)ctx;
	return cp < 0x100;
}

static bool keep_all(uint32_t cp, void *ctx)
{
	(*(size_t *)ctx)++;
	(void)cp;
	return true;
}

static void test_filter(void **state)
{
	char out[64];
	(void)state;
	/* "Café 👍 top" with a thumbs-up the font lacks: dropped, rest intact. */
	assert_int_equal(
		wb_utf8_filter("Caf\xC3\xA9 \xF0\x9F\x91\x8D top", below_0x100, NULL, out, sizeof out), 10);
	assert_string_equal(out, "Caf\xC3\xA9  top");
	/* Ill-formed bytes are offered as U+FFFD, once per maximal subpart. */
	size_t seen = 0;
	wb_utf8_filter("a\xFF\xE2\x82"
		       "b",
		       keep_all, &seen, out, sizeof out);
	assert_string_equal(out, "a\xEF\xBF\xBD\xEF\xBF\xBD"
				 "b");
	assert_int_equal(seen, 4);
	assert_true(wb_utf8_valid(out, strlen(out)));
	/* A full buffer stops at a code point boundary: never half an "é". */
	assert_int_equal(wb_utf8_filter("abc\xC3\xA9", below_0x100, NULL, out, 5), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(wb_utf8_filter(NULL, below_0x100, NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(wb_utf8_filter("abc", below_0x100, NULL, out, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_table),
		cmocka_unit_test(test_valid_respects_len),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_truncate_table),
		cmocka_unit_test(test_truncate_zero_size_writes_nothing),
		cmocka_unit_test(test_truncate_always_valid),
		cmocka_unit_test(test_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
