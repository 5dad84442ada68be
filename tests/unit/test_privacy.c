/* What the board keeps off the wall (core/privacy.c): the pairing code's
 * window after start. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wallboard/privacy.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairing_code_on_the_start_screen_always),
		cmocka_unit_test(test_pairing_code_while_identifying),
		cmocka_unit_test(test_pairing_code_in_the_header_only_in_the_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
