/* Pins central management's pure parts (core/fleet.c): {id} in the managed
 * URL, the state key whose change sends a report at once, managed.json's
 * format, the managed status as JSON, and that managed.token is a secret
 * like feed.token. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "wallboard/config.h"
#include "wallboard/fleet.h"

static void test_url_fills_in_the_id(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(
		wb_fleet_url("https://cms.example.nl/wb/{id}.json", "wallboard-1a2b", out, sizeof out),
		WB_OK);
	assert_string_equal(out, "https://cms.example.nl/wb/wallboard-1a2b.json");
	/* Every occurrence; a floor-wide URL without {id} stays as it is. */
	assert_int_equal(wb_fleet_url("http://h/{id}/{id}?x={id}", "a", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/a/a?x=a");
	assert_int_equal(wb_fleet_url("http://h/floor3.json", "a", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/floor3.json");
	/* Percent-encoded: an id cannot add a path segment or a query. */
	assert_int_equal(wb_fleet_url("http://h/{id}.json", "vloer 2/a?b&c=é~_.-", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/vloer%202%2Fa%3Fb%26c%3D%C3%A9~_.-.json");
	/* An unknown placeholder or half a brace is text. */
	assert_int_equal(wb_fleet_url("http://h/{name}{id", "a", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/{name}{id");
}

static void test_url_that_does_not_fit(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(wb_fleet_url("http://h/{id}", "123456", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/123456");
	assert_int_equal(wb_fleet_url("http://h/{id}", "1234567", out, sizeof out), WB_ERR_TOO_LARGE);
	assert_string_equal(out, "");
	/* An escape is three bytes or none. */
	assert_int_equal(wb_fleet_url("http://h/{id}", "1234 ", out, sizeof out), WB_ERR_TOO_LARGE);
	assert_int_equal(wb_fleet_url("http://h/{id}", "12 ", out, sizeof out), WB_OK);
	assert_string_equal(out, "http://h/12%20");
}

static void test_state_key(void **state)
{
	(void)state;
	struct wb_snapshot snap;
	memset(&snap, 0, sizeof snap);
	struct wb_alert alerts[2];
	memset(alerts, 0, sizeof alerts);
	struct wb_view view;
	memset(&view, 0, sizeof view);
	struct wb_update_status up;
	memset(&up, 0, sizeof up);
	wb_update_info_unknown(&up.info);
	char key[WB_FLEET_STATE_KEY_MAX], before[WB_FLEET_STATE_KEY_MAX];

	view.conn = WB_CONN_ONLINE;
	view.snapshot = &snap;
	wb_fleet_state_key(&view, true, NULL, key, sizeof key);
	assert_string_equal(key, "feed=online;stale=0;critical=0;update=none");
	wb_fleet_state_key(&view, false, NULL, key, sizeof key);
	assert_string_equal(key, "feed=none;stale=0;critical=0;update=none");

	/* Each input that matters changes the key. */
	wb_fleet_state_key(&view, true, &up, before, sizeof before);
	assert_string_equal(before, "feed=online;stale=0;critical=0;update=unknown");
	view.conn = WB_CONN_OFFLINE;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, "feed=offline;stale=0;critical=0;update=unknown");
	view.stale = true;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, "feed=offline;stale=1;critical=0;update=unknown");
	view.conn = WB_CONN_ONLINE;
	view.stale = false;

	/* A warning does not count; a critical alert does until acknowledged. */
	snap.alerts = alerts;
	snap.n_alerts = 2;
	snap.alerts[0].severity = WB_SEVERITY_WARNING;
	snap.alerts[1].severity = WB_SEVERITY_CRITICAL;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, "feed=online;stale=0;critical=1;update=unknown");
	snap.alerts[1].acknowledged = true;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, before);

	up.activity = WB_UPDATE_ACTIVITY_DOWNLOAD;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, "feed=online;stale=0;critical=0;update=downloading");

	/* What the board shows besides does not: the start screen's counts. */
	up.activity = WB_UPDATE_ACTIVITY_NONE;
	view.data_age_s = 4000;
	wb_fleet_state_key(&view, true, &up, key, sizeof key);
	assert_string_equal(key, before);
}

static void test_saved_round_trip(void **state)
{
	(void)state;
	const char *doc = "{\n  \"display\": {\"title\": \"Vloer \\\"3\\\" é\"}\n}\n";
	struct wb_fleet_saved s = { .doc = (char *)doc,
				    .len = strlen(doc),
				    .received_wall_ms = 1764000000000 };
	strcpy(s.etag, "\"abc\"");
	strcpy(s.url, "https://cms.example.nl/wb/x.json");
	char *text = wb_fleet_saved_to_json(&s);
	assert_non_null(text);
	struct wb_fleet_saved back;
	struct wb_error err;
	wb_error_clear(&err);
	assert_int_equal(wb_fleet_saved_parse(text, strlen(text), &back, &err), WB_OK);
	/* The exact bytes the server sent. */
	assert_int_equal(back.len, strlen(doc));
	assert_string_equal(back.doc, doc);
	assert_string_equal(back.etag, "\"abc\"");
	assert_string_equal(back.url, s.url);
	assert_true(back.received_wall_ms == 1764000000000);
	wb_fleet_saved_fini(&back);
	wb_fleet_saved_fini(&back); /* twice is fine */
	free(text);

	static const char *const bad[] = { "", "[]", "{\"url\": 1, \"etag\": \"\", \"document\": \"{}\"}",
					   "{\"url\": \"u\", \"etag\": \"\"}", "{\"url\": \"u\"" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		wb_error_clear(&err);
		assert_int_equal(wb_fleet_saved_parse(bad[i], strlen(bad[i]), &back, &err), WB_ERR_INVALID);
		assert_null(back.doc);
		assert_true(err.message[0] != '\0');
	}
}

static void test_status_json(void **state)
{
	(void)state;
	struct wb_fleet_status s;
	memset(&s, 0, sizeof s);
	cJSON *o = wb_fleet_status_json(&s);
	assert_non_null(o);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "url_set")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "off");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "last_ok")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "error_path")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "reports"), "last_ok")));
	cJSON_Delete(o);

	s.url_set = true;
	s.state = WB_FLEET_ERROR;
	s.last_ok_wall_ms = 1764000000000;
	strcpy(s.last_error, "document rejected: $.feed.interval_s: must be from 2 to 3600 (got 1)");
	strcpy(s.error_path, "$.feed.interval_s");
	strcpy(s.etag, "\"e1\"");
	s.reports.failures = 2;
	s.reports.backoff_s = 21;
	o = wb_fleet_status_json(&s);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "error");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "last_ok")), "2025-11-24T16:00:00Z");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "error_path")), "$.feed.interval_s");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "etag")), "\"e1\"");
	cJSON *r = cJSON_GetObjectItem(o, "reports");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "failures")), 2);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "backoff_s")), 21);
	cJSON_Delete(o);

	for (int i = WB_FLEET_OFF; i <= WB_FLEET_ERROR; i++)
		assert_true(strlen(wb_fleet_state_name((enum wb_fleet_state)i)) > 0);
	assert_string_equal(wb_fleet_state_name(WB_FLEET_WAITING), "waiting");
	assert_string_equal(wb_fleet_state_name(WB_FLEET_OK), "ok");
}

static void test_managed_token_is_a_secret(void **state)
{
	(void)state;
	struct wb_config *cfg = malloc(sizeof *cfg);
	assert_non_null(cfg);
	wb_config_defaults(cfg);
	assert_int_equal(cfg->managed.interval_s, 300);
	assert_int_equal(cfg->managed.report_interval_s, 60);
	const char *file = "{\"managed\": {\"url\": \"https://cms.example.nl/{id}.json\", \"token\": "
			   "\"managed-secret-42\", \"report_url\": \"https://cms.example.nl/reports\"}}";
	assert_int_equal(wb_config_parse(file, strlen(file), cfg, NULL), WB_OK);
	char *api = wb_config_to_json(cfg, WB_CONFIG_FOR_API);
	assert_non_null(api);
	assert_null(strstr(api, "managed-secret-42"));
	assert_non_null(strstr(api, "https://cms.example.nl/{id}.json"));
	free(api);
	bool listed = false;
	for (size_t i = 0; wb_config_secret_paths[i]; i++)
		listed |= strcmp(wb_config_secret_paths[i], "$.managed.token") == 0;
	assert_true(listed);
	/* Fetched from a server: no file:// here, unlike feed.url. */
	const char *local = "{\"managed\": {\"url\": \"file:///etc/wallboard/managed.json\"}}";
	struct wb_problems problems;
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_parse(local, strlen(local), cfg, &problems), WB_ERR_INVALID);
	assert_string_equal(problems.items[0].path, "$.managed.url");
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_fills_in_the_id), cmocka_unit_test(test_url_that_does_not_fit),
		cmocka_unit_test(test_state_key),           cmocka_unit_test(test_saved_round_trip),
		cmocka_unit_test(test_status_json),         cmocka_unit_test(test_managed_token_is_a_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
