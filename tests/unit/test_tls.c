/* HTTPS's pure parts (core/tls.c): the plain-HTTP policy case by case, the
 * redirect's URL from hostile and missing Host headers, and the fingerprint
 * in openssl's form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/config.h"
#include "wallboard/tls.h"

static struct wb_config_http defaults(void)
{
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	return cfg.http;
}

static enum wb_tls_verdict decide(bool secure, bool local, const char *path, bool auth, bool running)
{
	struct wb_config_http http = defaults();
	struct wb_tls_request req = { secure, local, path, auth };
	return wb_tls_decide(&req, &http, running);
}

static void test_tls_and_this_host_are_served_everything(void **state)
{
	(void)state;
	const char *paths[] = { "/", "/api/v1/config", "/healthz", "/no/such" };
	for (size_t i = 0; i < 4; i++) {
		for (int auth = 0; auth < 2; auth++) {
			assert_int_equal(decide(true, false, paths[i], auth, true), WB_TLS_SERVE);
			assert_int_equal(decide(false, true, paths[i], auth, true), WB_TLS_SERVE);
			/* This host even when HTTPS did not start: local tools go on. */
			assert_int_equal(decide(false, true, paths[i], auth, false), WB_TLS_SERVE);
		}
	}
}

static void test_plain_from_another_host_serves_monitoring_and_redirects_the_rest(void **state)
{
	(void)state;
	assert_int_equal(decide(false, false, "/healthz", false, true), WB_TLS_SERVE);
	assert_int_equal(decide(false, false, "/metrics", false, true), WB_TLS_SERVE);
	assert_int_equal(decide(false, false, "/api/v1/status", false, true), WB_TLS_REDIRECT);
	assert_int_equal(decide(false, false, "/", false, true), WB_TLS_REDIRECT);
	/* Exact paths: no prefix, no trailing slash. */
	assert_int_equal(decide(false, false, "/healthz/", false, true), WB_TLS_REDIRECT);
	assert_int_equal(decide(false, false, "/metricsx", false, true), WB_TLS_REDIRECT);
	assert_int_equal(decide(false, false, NULL, false, true), WB_TLS_REDIRECT);
}

static void test_credentials_over_plain_http_are_refused_even_on_public_paths(void **state)
{
	(void)state;
	assert_int_equal(decide(false, false, "/api/v1/config", true, true), WB_TLS_REFUSE);
	assert_int_equal(decide(false, false, "/healthz", true, true), WB_TLS_REFUSE);
	assert_int_equal(decide(false, false, "/api/v1/config", true, false), WB_TLS_REFUSE);
}

static void test_https_that_did_not_start_is_never_a_fallback_to_plain(void **state)
{
	(void)state;
	assert_int_equal(decide(false, false, "/api/v1/status", false, false), WB_TLS_UNAVAILABLE);
	assert_int_equal(decide(false, false, "/metrics", false, false), WB_TLS_SERVE);
}

static void test_tls_off_by_config_serves_everything_and_the_list_is_configurable(void **state)
{
	(void)state;
	struct wb_config_http http = defaults();
	struct wb_tls_request req = { false, false, "/api/v1/config", true };
	http.tls_enabled = false;
	assert_int_equal(wb_tls_decide(&req, &http, false), WB_TLS_SERVE);
	http = defaults();
	assert_int_equal(http.n_plain_paths, 2);
	snprintf(http.plain_paths[0], sizeof http.plain_paths[0], "%s", "/api/v1/status");
	http.n_plain_paths = 1;
	req = (struct wb_tls_request){ false, false, "/api/v1/status", false };
	assert_int_equal(wb_tls_decide(&req, &http, true), WB_TLS_SERVE);
	req.path = "/metrics";
	assert_int_equal(wb_tls_decide(&req, &http, true), WB_TLS_REDIRECT);
}

static void test_redirect_url_takes_the_host_header_without_its_port(void **state)
{
	(void)state;
	char out[256];
	assert_true(wb_tls_redirect_url("192.168.1.20:8080", "wb.local", 8443, "/api/v1/status", out,
					sizeof out));
	assert_string_equal(out, "https://192.168.1.20:8443/api/v1/status");
	assert_true(wb_tls_redirect_url("[fd00::1]:8080", "wb.local", 8443, "/", out, sizeof out));
	assert_string_equal(out, "https://[fd00::1]:8443/");
	assert_true(wb_tls_redirect_url("wallboard-1a2b.local", "wb.local", 443, "/x", out, sizeof out));
	assert_string_equal(out, "https://wallboard-1a2b.local/x");
}

static void test_redirect_url_falls_back_to_the_board_name_for_a_bad_host(void **state)
{
	(void)state;
	char out[256];
	const char *bad[] = { NULL,       "",         "a b",       "evil.example/x", "h:80:80",
			      "[fd00::1", "h:123456", "x\r\nSet:", "user@h",         "h?q" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_true(wb_tls_redirect_url(bad[i], "wallboard-1a2b.local", 8443, "/", out, sizeof out));
		assert_string_equal(out, "https://wallboard-1a2b.local:8443/");
	}
}

static void test_redirect_url_encodes_the_path_and_refuses_what_does_not_fit(void **state)
{
	(void)state;
	char out[64];
	assert_true(wb_tls_redirect_url("h", "f", 8443, "/a b/\"<x>%\xC3\xA9", out, sizeof out));
	assert_string_equal(out, "https://h:8443/a%20b/%22%3Cx%3E%25%C3%A9");
	assert_true(wb_tls_redirect_url("h", "f", 8443, "relative", out, sizeof out));
	assert_string_equal(out, "https://h:8443/");
	char small[20];
	assert_false(wb_tls_redirect_url("h", "f", 8443, "/a-long-path", small, sizeof small));
	assert_string_equal(small, "");
}

static void test_fingerprint_is_openssls_form(void **state)
{
	(void)state;
	unsigned char digest[WB_TLS_SHA256_BYTES];
	for (size_t i = 0; i < sizeof digest; i++)
		digest[i] = (unsigned char)(i * 8 + 7);
	char out[WB_TLS_FINGERPRINT_MAX];
	assert_true(wb_tls_fingerprint_format(digest, sizeof digest, out, sizeof out));
	assert_int_equal(strlen(out), 95);
	assert_string_equal(out, "07:0F:17:1F:27:2F:37:3F:47:4F:57:5F:67:6F:77:7F:"
				 "87:8F:97:9F:A7:AF:B7:BF:C7:CF:D7:DF:E7:EF:F7:FF");
	assert_false(wb_tls_fingerprint_format(digest, sizeof digest, out, sizeof out - 1));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls_and_this_host_are_served_everything),
		cmocka_unit_test(test_plain_from_another_host_serves_monitoring_and_redirects_the_rest),
		cmocka_unit_test(test_credentials_over_plain_http_are_refused_even_on_public_paths),
		cmocka_unit_test(test_https_that_did_not_start_is_never_a_fallback_to_plain),
		cmocka_unit_test(test_tls_off_by_config_serves_everything_and_the_list_is_configurable),
		cmocka_unit_test(test_redirect_url_takes_the_host_header_without_its_port),
		cmocka_unit_test(test_redirect_url_falls_back_to_the_board_name_for_a_bad_host),
		cmocka_unit_test(test_redirect_url_encodes_the_path_and_refuses_what_does_not_fit),
		cmocka_unit_test(test_fingerprint_is_openssls_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
