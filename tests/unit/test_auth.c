/* Admin token hashing: salted, verifiable, never the token itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/auth.h"

static int setup(void **state)
{
	(void)state;
	struct wb_error err;
	return wb_auth_init(&err) == WB_OK ? 0 : -1;
}

static void test_hash_verifies_only_its_token(void **state)
{
	(void)state;
	char a[WB_ADMIN_HASH_MAX], b[WB_ADMIN_HASH_MAX];
	wb_auth_hash("correct-horse-battery", a, sizeof a);
	wb_auth_hash("correct-horse-battery", b, sizeof b);
	assert_string_not_equal(a, b); /* salted */
	assert_null(strstr(a, "correct-horse"));
	assert_true(wb_auth_verify("correct-horse-battery", a));
	assert_true(wb_auth_verify("correct-horse-battery", b));
	assert_false(wb_auth_verify("correct-horse-batterz", a));
	assert_false(wb_auth_verify("", a));
	assert_false(wb_auth_verify("correct-horse-battery", ""));
	a[strlen(a) - 1] = a[strlen(a) - 1] == '0' ? '1' : '0';
	assert_false(wb_auth_verify("correct-horse-battery", a));
	assert_false(wb_auth_verify("correct-horse-battery", "wbh1$zz$zz"));
}

static void test_pairing_codes_are_readable_and_differ(void **state)
{
	(void)state;
	char a[WB_AUTH_PAIRING_CODE_SIZE], b[WB_AUTH_PAIRING_CODE_SIZE];
	wb_auth_generate_code(a);
	wb_auth_generate_code(b);
	assert_int_equal(strlen(a), WB_AUTH_PAIRING_CODE_SIZE - 1);
	assert_string_not_equal(a, b);
	for (size_t i = 0; a[i]; i++) {
		if (i % 5 == 4)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	}
}

/* Issue 17 finding 15: the code as someone types it from the screen. */
static void test_a_pairing_code_is_read_in_any_case_and_grouping(void **state)
{
	(void)state;
	char code[WB_AUTH_PAIRING_CODE_SIZE], hash[WB_ADMIN_HASH_MAX], form[WB_AUTH_PAIRING_CODE_SIZE];
	strcpy(code, "DFD5-3SEK-0M1Q-7TVW-XYZ9");
	wb_auth_hash(code, hash, sizeof hash);
	static const char *const same[] = {
		"DFD5-3SEK-0M1Q-7TVW-XYZ9", "dfd5-3sek-0m1q-7tvw-xyz9",   "DFD53SEK0M1Q7TVWXYZ9",
		"dfd5 3sek 0m1q 7tvw xyz9", " DfD5-3seK0M1q -7TVW-xyz9 ", "DFD5-3SEK-OM1Q-7TVW-XYZ9",
		"DFD5-3SEK-0MIQ-7TVW-XYZ9", "dfd5-3sek-0mlq-7tvw-xyz9",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		assert_true(wb_auth_pairing_form(same[i], form));
		assert_string_equal(form, code);
		assert_true(wb_auth_verify_admin(same[i], hash));
	}
	static const char *const other[] = {
		"DFD5-3SEK-0M1Q-7TVW-XYZ8",
		"DFD5-3SEK-0M1Q-7TVW-XYZ",
		"DFD5-3SEK-0M1Q-7TVW-XYZ99",
		"DFD5-3SEK-0M1Q-7TVW-XYZU",
		"DFD5_3SEK_0M1Q_7TVW_XYZ9",
		"",
		"----",
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		assert_false(wb_auth_verify_admin(other[i], hash));
	assert_false(wb_auth_pairing_form("DFD5-3SEK-0M1Q-7TVW-XYZ", form));
	assert_false(wb_auth_pairing_form(NULL, form));
	/* Any other token is compared as sent: case matters there. */
	wb_auth_hash("Correct-Horse-Battery", hash, sizeof hash);
	assert_true(wb_auth_verify_admin("Correct-Horse-Battery", hash));
	assert_false(wb_auth_verify_admin("correct-horse-battery", hash));
}

static void test_seal_replaces_the_token_by_its_hash(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	strcpy(cfg.admin.token, "a-long-enough-token");
	wb_auth_seal_config(&cfg);
	assert_string_equal(cfg.admin.token, "");
	assert_true(wb_auth_verify("a-long-enough-token", cfg.admin.token_hash));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verifies_only_its_token),
		cmocka_unit_test(test_pairing_codes_are_readable_and_differ),
		cmocka_unit_test(test_seal_replaces_the_token_by_its_hash),
		cmocka_unit_test(test_a_pairing_code_is_read_in_any_case_and_grouping),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
