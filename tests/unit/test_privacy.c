/* What the board keeps off the wall (core/privacy.c): the pairing code's
 * window after start, and masking names in a mention's text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wallboard/privacy.h"
#include "wallboard/utf8.h"

#define STARTED_MS 123456LL

static void test_pairing_code_on_the_start_screen_always(void **state)
{
	(void)state;
	assert_true(wb_privacy_pairing_shown(false, false, STARTED_MS, STARTED_MS));
	assert_true(wb_privacy_pairing_shown(false, false, STARTED_MS, STARTED_MS + 86400000LL));
}

static void test_pairing_code_while_identifying(void **state)
{
	(void)state;
	assert_true(wb_privacy_pairing_shown(true, true, STARTED_MS, STARTED_MS + 86400000LL));
}

static void test_pairing_code_in_the_header_only_in_the_window(void **state)
{
	(void)state;
	int64_t end = STARTED_MS + WB_PRIVACY_PAIRING_WINDOW_MS;
	assert_int_equal(WB_PRIVACY_PAIRING_WINDOW_MS, 600000);
	assert_true(wb_privacy_pairing_shown(true, false, STARTED_MS, STARTED_MS));
	assert_true(wb_privacy_pairing_shown(true, false, STARTED_MS, end - 1));
	assert_false(wb_privacy_pairing_shown(true, false, STARTED_MS, end));
	assert_false(wb_privacy_pairing_shown(true, false, STARTED_MS, end + 86400000LL));
	/* Monotonic time before the start says nothing good: hidden. */
	assert_false(wb_privacy_pairing_shown(true, false, STARTED_MS, STARTED_MS - 1));
}

static void check_mask(const char *text, const char *author, const char *want)
{
	char out[256];
	size_t n = wb_privacy_mask_names(text, author, out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_mask_handles(void **state)
{
	(void)state;
	check_mask("@jan: pakket kwijt", NULL, "@\xE2\x80\xA6: pakket kwijt");
	check_mask("vraag aan @klantenservice en @Piet_K!", NULL,
		   "vraag aan @\xE2\x80\xA6 en @\xE2\x80\xA6!");
	check_mask("dank @jan.", NULL, "dank @\xE2\x80\xA6.");
	check_mask("(@jan-de-vries)", NULL, "(@\xE2\x80\xA6)");
	/* Non-ASCII handles go whole, never half a code point. */
	check_mask("@j\xC3\xB3zef zegt", NULL, "@\xE2\x80\xA6 zegt");
	/* E-mail addresses lose their local part too. */
	check_mask("mail jan.jansen@example.nl aub", NULL, "mail @\xE2\x80\xA6 aub");
	/* What is no handle stays. */
	check_mask("a @ b, @. en 100% ok", NULL, "a @ b, @. en 100% ok");
	check_mask("", NULL, "");
}

static void test_mask_the_authors_own_name(void **state)
{
	(void)state;
	check_mask("Met Jan Jansen hier, pakket kwijt", "Jan Jansen", "Met \xE2\x80\xA6 hier, pakket kwijt");
	check_mask("JAN JANSEN!", "jan jansen", "\xE2\x80\xA6!");
	/* A whole word only: "Januari" is no "Jan". */
	check_mask("Januari: Jan belt", "Jan", "Januari: \xE2\x80\xA6 belt");
	/* The author's own '@' is dropped before matching the bare name. */
	check_mask("groet, sanne", "@sanne", "groet, \xE2\x80\xA6");
	/* One letter would mask every "a": not matched. */
	check_mask("a b", "a", "a b");
	/* Typographic punctuation ends a name as a space does. */
	check_mask("\xE2\x80\x9CJan\xE2\x80\x9D klaagt", "Jan",
		   "\xE2\x80\x9C\xE2\x80\xA6\xE2\x80\x9D klaagt");
	check_mask("Jan\xE2\x80\x99s order", "Jan", "\xE2\x80\xA6\xE2\x80\x99s order");
	check_mask("\xC2\xABJan\xC2\xBB ok", "Jan", "\xC2\xAB\xE2\x80\xA6\xC2\xBB ok");
	/* A letter beyond ASCII still makes it part of a longer word. */
	check_mask("\xC3\xA9Jan Jan\xC3\xA9", "Jan", "\xC3\xA9Jan Jan\xC3\xA9");
}

static void test_mask_cuts_at_a_code_point_when_full(void **state)
{
	(void)state;
	char out[8];
	size_t n = wb_privacy_mask_names("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", NULL, out, sizeof out);
	assert_int_equal(n, 6); /* three of the four two-byte letters */
	assert_true(wb_utf8_valid(out, n));
	/* A mask that does not fit whole is left out, never half written. */
	n = wb_privacy_mask_names("abcd @jan", NULL, out, sizeof out);
	assert_string_equal(out, "abcd ");
	assert_int_equal(n, 5);
	assert_int_equal(wb_privacy_mask_names("x", NULL, out, 1), 0);
	assert_string_equal(out, "");
}

static void test_what_each_privacy_shows(void **state)
{
	(void)state;
	assert_true(wb_privacy_shows_author(WB_PRIVACY_OFF));
	assert_true(wb_privacy_shows_text(WB_PRIVACY_OFF));
	assert_false(wb_privacy_shows_author(WB_PRIVACY_HIDE_NAMES));
	assert_true(wb_privacy_shows_text(WB_PRIVACY_HIDE_NAMES));
	assert_false(wb_privacy_shows_author(WB_PRIVACY_HIDE_TEXT));
	assert_false(wb_privacy_shows_text(WB_PRIVACY_HIDE_TEXT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing_code_on_the_start_screen_always),
		cmocka_unit_test(test_pairing_code_while_identifying),
		cmocka_unit_test(test_pairing_code_in_the_header_only_in_the_window),
		cmocka_unit_test(test_mask_handles),
		cmocka_unit_test(test_mask_the_authors_own_name),
		cmocka_unit_test(test_mask_cuts_at_a_code_point_when_full),
		cmocka_unit_test(test_what_each_privacy_shows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
