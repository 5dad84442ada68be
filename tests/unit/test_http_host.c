/* The Host check (issue 17 finding 6, DNS rebinding), the absolute-form
 * request target and the head's size caps (finding 14), without sockets: the
 * board's names, addresses and http.allowed_hosts are passed in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/http_host.h"

static const char *const names[] = { "wallboard-3f9a2c", "pi-lobby" };
static const char addresses[][WB_HTTP_HOST_ADDRESS_MAX] = { "192.168.1.40", "2001:db8:1:2::40" };
static const char allowed[][WB_HTTP_HOST_MAX + 1] = { "board.office.example.nl", "10.0.0.7" };

static const struct wb_http_host_self self = {
	.names = names,
	.n_names = 2,
	.addresses = addresses,
	.n_addresses = 2,
	.allowed = allowed,
	.n_allowed = 2,
};

static void test_the_boards_own_names_and_addresses_pass(void **state)
{
	(void)state;
	static const char *const ok[] = {
		NULL,
		"",
		"wallboard-3f9a2c",
		"wallboard-3f9a2c:8080",
		"WallBoard-3F9A2C.local",
		"wallboard-3f9a2c.local.",
		"wallboard-3f9a2c.local:80",
		"pi-lobby",
		"localhost",
		"LOCALHOST:8080",
		"127.0.0.1",
		"127.0.0.1:8080",
		"127.1.2.3:1",
		"[::1]",
		"[::1]:8080",
		"192.168.1.40",
		"192.168.1.40:8080",
		"[2001:db8:1:2::40]",
		"[2001:DB8:1:2:0:0:0:40]:8080",
		"board.office.example.nl",
		"Board.Office.Example.NL:443",
		"10.0.0.7:8080",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!wb_http_host_allowed(ok[i], &self))
			fail_msg("refused: %s", ok[i] ? ok[i] : "(none)");
}

static void test_other_names_are_refused(void **state)
{
	(void)state;
	static const char *const refused[] = {
		"attacker.example",
		"attacker.example:8080",
		"wallboard-3f9a2c.attacker.example",
		"wallboard-3f9a2c.localx",
		"xwallboard-3f9a2c",
		"wallboard-3f9a2",
		"localhost.attacker.example",
		"192.168.1.41",
		"192.168.1.40.nip.io",
		"[2001:db8:1:2::41]",
		"2001:db8:1:2::40", /* IPv6 only in brackets */
		"[192.168.1.40]",   /* nothing else in them */
		"[::1",
		"[::1]x",
		"[::1]:",
		"wallboard-3f9a2c:",
		"wallboard-3f9a2c:80:80",
		"wallboard-3f9a2c:http",
		"0x7f.1",
		".",
		":8080",
		"board.office.example",
		"board.office.example.nl.evil",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (wb_http_host_allowed(refused[i], &self))
			fail_msg("allowed: %s", refused[i]);
	char long_name[WB_HTTP_HOST_MAX + 20];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_false(wb_http_host_allowed(long_name, &self));
}

static void test_without_names_only_loopback_and_localhost(void **state)
{
	(void)state;
	const struct wb_http_host_self none = { 0 };
	assert_true(wb_http_host_allowed("localhost", &none));
	assert_true(wb_http_host_allowed("127.0.0.1:9", &none));
	assert_false(wb_http_host_allowed("192.168.1.40", &none));
	assert_false(wb_http_host_allowed(".local", &none));
}

static void test_which_hosts_are_ip_literals(void **state)
{
	(void)state;
	assert_true(wb_http_host_is_ip("10.1.2.3"));
	assert_true(wb_http_host_is_ip("10.1.2.3:80"));
	assert_true(wb_http_host_is_ip("[fe80::1]:80"));
	assert_false(wb_http_host_is_ip("board"));
	assert_false(wb_http_host_is_ip(NULL));
}

static void test_absolute_form_targets(void **state)
{
	(void)state;
	char authority[64];
	const char *path;
	assert_true(wb_http_target_split("http://board:8080/healthz", authority, sizeof authority, &path));
	assert_string_equal(authority, "board:8080");
	assert_string_equal(path, "/healthz");
	assert_true(
		wb_http_target_split("HTTP://[::1]:8080/api/v1/status", authority, sizeof authority, &path));
	assert_string_equal(authority, "[::1]:8080");
	assert_string_equal(path, "/api/v1/status");
	assert_true(wb_http_target_split("https://board", authority, sizeof authority, &path));
	assert_string_equal(authority, "board");
	assert_string_equal(path, "");
	assert_false(wb_http_target_split("/healthz", authority, sizeof authority, &path));
	assert_false(wb_http_target_split("*", authority, sizeof authority, &path));
	assert_false(wb_http_target_split("ftp://board/x", authority, sizeof authority, &path));
	assert_false(wb_http_target_split("http://user@board/x", authority, sizeof authority, &path));
	assert_false(wb_http_target_split(
		"http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/", authority,
		sizeof authority, &path));
}

/* The whole head's decision, in its order: sizes first, then the target's
 * form, then Host. */
static void test_the_head_in_order(void **state)
{
	(void)state;
	static const struct {
		const char *target, *version, *host;
		size_t target_bytes, header_bytes;
		unsigned status;
		const char *error, *path;
	} cases[] = {
		{ "/healthz", "HTTP/1.1", "localhost", 8, 40, 0, NULL, "/healthz" },
		{ "/healthz", "HTTP/1.1", "attacker.example", 8, 40, 421, "misdirected_request", NULL },
		{ "/healthz", "HTTP/1.1", "localhost", WB_HTTP_URI_MAX, WB_HTTP_HEADERS_MAX, 0, NULL,
		  "/healthz" },
		{ "/healthz", "HTTP/1.1", "attacker.example", WB_HTTP_URI_MAX + 1, 40, 414, "uri_too_long",
		  NULL },
		{ "/healthz", "HTTP/1.1", "attacker.example", 8, WB_HTTP_HEADERS_MAX + 1, 431,
		  "header_fields_too_large", NULL },
		{ "/healthz", "HTTP/1.1", NULL, 8, 40, 400, "bad_request", NULL },
		{ "/healthz", "HTTP/1.0", NULL, 8, 40, 0, NULL, "/healthz" },
		{ "http://localhost:8080/healthz", "HTTP/1.1", "attacker.example", 29, 40, 0, NULL,
		  "/healthz" },
		{ "http://localhost", "HTTP/1.1", NULL, 16, 40, 0, NULL, "/" },
		{ "http://attacker.example/api/v1/status", "HTTP/1.1", "localhost", 37, 40, 421,
		  "misdirected_request", NULL },
		{ "ftp://localhost/", "HTTP/1.1", "localhost", 16, 40, 400, "bad_request", NULL },
		{ "http://u@localhost/", "HTTP/1.1", "localhost", 19, 40, 400, "bad_request", NULL },
		{ "*", "HTTP/1.1", "localhost", 1, 40, 0, NULL, "*" },
		/* Found by fuzz_http: neither form, and an authority not followed by a path. */
		{ "*/x", "HTTP/1.1", "localhost", 3, 40, 400, "bad_request", NULL },
		{ "x/healthz", "HTTP/1.1", "localhost", 9, 40, 400, "bad_request", NULL },
		{ "http://localhost#x", "HTTP/1.1", "localhost", 18, 40, 400, "bad_request", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct wb_http_head head = { .target = cases[i].target,
						   .target_bytes = cases[i].target_bytes,
						   .header_bytes = cases[i].header_bytes,
						   .version = cases[i].version,
						   .host = cases[i].host };
		struct wb_http_head_verdict v;
		bool ok = wb_http_head_judge(&head, &self, &v);
		if (ok != (cases[i].status == 0) || v.status != cases[i].status)
			fail_msg("%s (Host %s): %u, expected %u", cases[i].target,
				 cases[i].host ? cases[i].host : "none", v.status, cases[i].status);
		if (cases[i].error)
			assert_string_equal(v.error, cases[i].error);
		else
			assert_string_equal(v.path, cases[i].path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_boards_own_names_and_addresses_pass),
		cmocka_unit_test(test_other_names_are_refused),
		cmocka_unit_test(test_without_names_only_loopback_and_localhost),
		cmocka_unit_test(test_which_hosts_are_ip_literals),
		cmocka_unit_test(test_absolute_form_targets),
		cmocka_unit_test(test_the_head_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
