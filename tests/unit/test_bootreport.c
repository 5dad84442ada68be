/* Pins the first-boot report's reader: the lines the image's script writes,
 * and every way an untrusted file can be wrong, each turned into one
 * "invalid" entry that says which line and why, never a crash or half a
 * report. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "wallboard/bootreport.h"

static void parse(const char *text, struct wb_boot_report *r)
{
	wb_boot_report_parse(text, strlen(text), "boot-report.txt", r);
}

static void test_script_output(void **state)
{
	(void)state;
	struct wb_boot_report r;
	parse("wallboard.json\tapplied\t\n"
	      "wifi.conf\trejected\tcountry= must be two letters (e.g. country=NL)\n"
	      "ssh\tapplied\n",
	      &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.entries[0].file, "wallboard.json");
	assert_int_equal(r.entries[0].result, WB_BOOT_APPLIED);
	assert_string_equal(r.entries[0].message, "");
	assert_string_equal(r.entries[1].file, "wifi.conf");
	assert_int_equal(r.entries[1].result, WB_BOOT_REJECTED);
	assert_string_equal(r.entries[1].message, "country= must be two letters (e.g. country=NL)");
	assert_string_equal(r.entries[2].file, "ssh");
	assert_string_equal(r.entries[2].message, "");
	assert_string_equal(wb_boot_result_name(r.entries[1].result), "rejected");
}

static void test_empty_and_no_final_newline(void **state)
{
	(void)state;
	struct wb_boot_report r;
	parse("", &r);
	assert_int_equal(r.n, 0);
	parse("\n\n", &r);
	assert_int_equal(r.n, 0);
	parse("ssh\tapplied\t", &r);
	assert_int_equal(r.n, 1);
	/* UTF-8 in a message is fine: the error text of a Dutch admin's file. */
	parse("wallboard.json\trejected\t$.display.title: langer dan 200 bytes \xE2\x80\x94 ingekort\n", &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.entries[0].result, WB_BOOT_REJECTED);
}

struct bad_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen */
	const char *why;
};

static void expect_invalid(const struct bad_case *c)
{
	struct wb_boot_report r;
	wb_boot_report_parse(c->text, c->len ? c->len : strlen(c->text), "boot-report.txt", &r);
	if (r.n != 1 || r.entries[0].result != WB_BOOT_INVALID)
		fail_msg("%s: not reported as invalid (%zu entries)", c->name, r.n);
	assert_string_equal(r.entries[0].file, "boot-report.txt");
	if (!strstr(r.entries[0].message, c->why))
		fail_msg("%s: \"%s\" does not say \"%s\"", c->name, r.entries[0].message, c->why);
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "no tab", "wallboard.json applied\n", 0, "line 1: expected NAME" },
		{ "unknown result", "ssh\tdone\t\n", 0, "line 1: the result" },
		{ "second line bad", "ssh\tapplied\t\nwifi.conf\tok\n", 0, "line 2:" },
		{ "empty name", "\tapplied\t\n", 0, "file name is empty" },
		{ "name with a slash", "../etc/passwd\tapplied\t\n", 0, "file name has a character" },
		{ "name with a space", "wifi conf\tapplied\t\n", 0, "file name has a character" },
		{ "four fields", "ssh\tapplied\tok\tmore\n", 0, "more than three fields" },
		{ "carriage return", "ssh\tapplied\tok\r\n", 0, "control character" },
		{ "escape in message", "ssh\tapplied\t\x1b[2J\n", 0, "control character" },
		{ "not UTF-8", "ssh\trejected\t\xC3\x28\n", 0, "not valid UTF-8" },
		{ "NUL inside", "ssh\tapplied\tA\0B\n", 14, "control character" },
		{ "nine lines",
		  "a\tapplied\nb\tapplied\nc\tapplied\nd\tapplied\ne\tapplied\nf\tapplied\n"
		  "g\tapplied\nh\tapplied\ni\tapplied\n",
		  0, "more than 8 lines" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_invalid(&cases[i]);
}

static void test_caps(void **state)
{
	(void)state;
	char text[WB_BOOT_REPORT_MAX_BYTES + 2];
	struct wb_boot_report r;

	/* Name: 64 bytes are fine, 65 are not. */
	char name[WB_BOOT_REPORT_NAME_MAX + 2];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	snprintf(text, sizeof text, "%.*s\tapplied\t\n", WB_BOOT_REPORT_NAME_MAX, name);
	parse(text, &r);
	assert_int_equal(r.entries[0].result, WB_BOOT_APPLIED);
	snprintf(text, sizeof text, "%s\tapplied\t\n", name);
	expect_invalid(&(struct bad_case){ "long name", text, 0, "too long" });

	/* Message: 300 bytes are fine, 301 are not. */
	char msg[WB_BOOT_REPORT_MESSAGE_MAX + 2];
	memset(msg, 'm', sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';
	snprintf(text, sizeof text, "x\trejected\t%.*s\n", WB_BOOT_REPORT_MESSAGE_MAX, msg);
	parse(text, &r);
	assert_int_equal(r.entries[0].result, WB_BOOT_REJECTED);
	assert_int_equal(strlen(r.entries[0].message), WB_BOOT_REPORT_MESSAGE_MAX);
	snprintf(text, sizeof text, "x\trejected\t%s\n", msg);
	expect_invalid(&(struct bad_case){ "long message", text, 0, "message is too long" });

	/* The whole file: over the cap is invalid, whatever it holds. */
	memset(text, '\n', sizeof text);
	expect_invalid(&(struct bad_case){ "too large", text, WB_BOOT_REPORT_MAX_BYTES + 1, "larger than" });
}

/* A reason from the OS (read error) is cut at a character boundary. */
static void test_invalid_cut(void **state)
{
	(void)state;
	char why[WB_BOOT_REPORT_MESSAGE_MAX + 8];
	memset(why, 'a', sizeof why);
	memcpy(why + WB_BOOT_REPORT_MESSAGE_MAX - 1, "\xE2\x80\x94", 3); /* an em dash across the cut */
	why[sizeof why - 1] = '\0';
	struct wb_boot_report r;
	wb_boot_report_invalid("boot-report.txt", why, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(strlen(r.entries[0].message), WB_BOOT_REPORT_MESSAGE_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_output), cmocka_unit_test(test_empty_and_no_final_newline),
		cmocka_unit_test(test_malformed),     cmocka_unit_test(test_caps),
		cmocka_unit_test(test_invalid_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
