/* The capped buffer (firmware/core/buf.c): appends up to the cap and not a
 * byte past it, keeping what it had; always NUL-terminated; printf sizes
 * exactly; take hands the bytes over and leaves the buffer empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wallboard/buf.h"

static void test_append_to_the_cap_and_not_past_it(void **state)
{
	(void)state;
	struct wb_buf b;
	wb_buf_init(&b, 10);
	assert_int_equal(wb_buf_append(&b, "hello", 5), WB_OK);
	assert_int_equal(wb_buf_append(&b, "world", 5), WB_OK);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "helloworld");
	assert_int_equal(wb_buf_append(&b, "!", 1), WB_ERR_TOO_LARGE);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "helloworld");
	assert_true(b.cap <= 11); /* never allocates past max + 1 */
	wb_buf_deinit(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 10);
}

static void test_one_append_over_the_cap_adds_nothing(void **state)
{
	(void)state;
	struct wb_buf b;
	wb_buf_init(&b, 8);
	assert_int_equal(wb_buf_append(&b, "abc", 3), WB_OK);
	assert_int_equal(wb_buf_append(&b, "defghi", 6), WB_ERR_TOO_LARGE);
	assert_string_equal(b.data, "abc");
	wb_buf_deinit(&b);
}

static void test_grows_across_many_appends(void **state)
{
	(void)state;
	struct wb_buf b;
	char chunk[1000];
	memset(chunk, 'x', sizeof chunk);
	wb_buf_init(&b, 100000);
	for (int i = 0; i < 100; i++)
		assert_int_equal(wb_buf_append(&b, chunk, sizeof chunk), WB_OK);
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(wb_buf_append(&b, "x", 1), WB_ERR_TOO_LARGE);
	wb_buf_deinit(&b);
}

static void test_printf_and_its_cap(void **state)
{
	(void)state;
	struct wb_buf b;
	wb_buf_init(&b, 12);
	assert_int_equal(wb_buf_printf(&b, "%s=%d\n", "a", 42), WB_OK);
	assert_int_equal(wb_buf_printf(&b, "%s=%d\n", "b", 7), WB_OK);
	assert_string_equal(b.data, "a=42\nb=7\n");
	assert_int_equal(wb_buf_printf(&b, "%s", "1234"), WB_ERR_TOO_LARGE); /* 9 + 4 > 12 */
	assert_string_equal(b.data, "a=42\nb=7\n");
	assert_int_equal(wb_buf_printf(&b, "%s", "123"), WB_OK); /* exactly the cap */
	assert_int_equal(b.len, 12);
	wb_buf_deinit(&b);
}

static void test_take_hands_over(void **state)
{
	(void)state;
	struct wb_buf b;
	size_t len = 99;
	wb_buf_init(&b, 64);
	assert_null(wb_buf_take(&b, &len)); /* nothing appended yet */
	assert_int_equal(len, 0);
	assert_int_equal(wb_buf_append(&b, "", 0), WB_OK); /* an empty body is still a body */
	char *empty = wb_buf_take(&b, &len);
	assert_non_null(empty);
	assert_string_equal(empty, "");
	free(empty);
	assert_int_equal(wb_buf_append(&b, "data", 4), WB_OK);
	char *data = wb_buf_take(&b, &len);
	assert_int_equal(len, 4);
	assert_string_equal(data, "data");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(wb_buf_append(&b, "again", 5), WB_OK); /* usable after a take */
	wb_buf_deinit(&b);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_to_the_cap_and_not_past_it),
		cmocka_unit_test(test_one_append_over_the_cap_adds_nothing),
		cmocka_unit_test(test_grows_across_many_appends),
		cmocka_unit_test(test_printf_and_its_cap),
		cmocka_unit_test(test_take_hands_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
