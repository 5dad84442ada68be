/* Pins the pure half of A/B updates: dpkg's version order (the image's
 * scripts use dpkg --compare-versions, so both must agree), the manifest
 * with the JSON path of each problem, the decision to install, the
 * maintenance window and its automatic rule, and state.json as untrusted
 * input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wallboard/update.h"

/* ---- versions ---- */

static void test_version_order(void **state)
{
	(void)state;
	/* a < b in every row (checked both ways). */
	static const struct {
		const char *a, *b;
	} less[] = {
		{ "1.0", "1.0.1" },
		{ "1.0~rc1", "1.0" },
		{ "1.0~~", "1.0~" },
		{ "1.0~rc1", "1.0~rc2" },
		{ "0.5.0+412.g1a2b3c4", "0.5.0+412.g1a2b3c4+t1" },
		{ "0.5.0+412.g1a2b3c4+t1", "0.5.0+412.g1a2b3c4+t2" },
		{ "0.5.0+412.g1a2b3c4+t2", "0.5.0+412.g1a2b3c4+t10" },
		{ "0.5.0+409.gdeadbee", "0.5.0+412.g1a2b3c4" },
		{ "0.5.0+412.g1a2b3c4", "0.5.1" },
		{ "1.9", "1.10" },
		{ "2.0", "1:0.1" },
		{ "1:2.0", "2:0.1" },
		{ "1.0a", "1.0+" }, /* letters before non-letters */
		{ "1.0", "1.0a" },  /* the end before a letter */
		{ "1.0-1", "1.0-2" },
		{ "1.0-9", "1.0-10" },
		{ "1.0-1", "1.0.1-1" },
		{ "9", "10" },
		{ "99999999999999999999", "100000000000000000000" }, /* longer than any integer */
	};
	static const struct {
		const char *a, *b;
	} same[] = {
		{ "1.0", "1.0" },
		{ "0:1.0", "1.0" },
		{ "1.0", "1.0-0" },
		{ "01.0", "1.00" },
		{ "0.5.0+412.g1a2b3c4", "0.5.0+412.g1a2b3c4" },
	};
	for (size_t i = 0; i < sizeof less / sizeof less[0]; i++) {
		if (wb_update_version_cmp(less[i].a, less[i].b) >= 0 ||
		    wb_update_version_cmp(less[i].b, less[i].a) <= 0)
			fail_msg("%s < %s does not hold", less[i].a, less[i].b);
	}
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		if (wb_update_version_cmp(same[i].a, same[i].b) != 0 ||
		    wb_update_version_cmp(same[i].b, same[i].a) != 0)
			fail_msg("%s == %s does not hold", same[i].a, same[i].b);
	}
}

static void test_version_valid(void **state)
{
	(void)state;
	static const char *const good[] = { "1.0",    "0.5.0+412.g1a2b3c4+t1", "1:0.1", "1.0~rc1", "2.0-1",
					    "1.0-1-2" };
	static const char *const bad[] = { "",     "v1.0", "a:1.0", "1.0 ", "1.0/2",
					   ":1.0", "1:",   "1.0_2", "1.0:2" };
	char longest[WB_UPDATE_VERSION_MAX + 2];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!wb_update_version_valid(good[i]))
			fail_msg("\"%s\" should be a version", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wb_update_version_valid(bad[i]))
			fail_msg("\"%s\" should not be a version", bad[i]);
	memset(longest, '1', sizeof longest);
	longest[WB_UPDATE_VERSION_MAX] = '\0';
	assert_true(wb_update_version_valid(longest));
	longest[WB_UPDATE_VERSION_MAX] = '1';
	longest[WB_UPDATE_VERSION_MAX + 1] = '\0';
	assert_false(wb_update_version_valid(longest));
}

/* ---- URLs ---- */

static void test_resolve_url(void **state)
{
	(void)state;
	static const struct {
		const char *base, *ref, *want;
	} rows[] = {
		{ "http://u.example/fleet/manifest.json", "b.raucb", "http://u.example/fleet/b.raucb" },
		{ "http://u.example/fleet/manifest.json?x=1", "b.raucb", "http://u.example/fleet/b.raucb" },
		{ "http://u.example/fleet/manifest.json", "/b.raucb", "http://u.example/b.raucb" },
		{ "http://u.example/fleet/manifest.json", "../b.raucb?v=2", "http://u.example/b.raucb?v=2" },
		{ "http://u.example/fleet/a/manifest.json", "./x/../b", "http://u.example/fleet/a/b" },
		{ "http://u.example", "b.raucb", "http://u.example/b.raucb" },
		{ "https://u.example/m.json", "//cdn.example/b", "https://cdn.example/b" },
		{ "https://u.example/m.json", "http://cdn.example/b", "http://cdn.example/b" },
		{ "http://127.0.0.1:8000/m.json", "../../b", "http://127.0.0.1:8000/b" },
	};
	char out[WB_URL_MAX];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!wb_update_resolve_url(rows[i].base, rows[i].ref, out, sizeof out) ||
		    strcmp(out, rows[i].want) != 0)
			fail_msg("%s + %s: got %s, want %s", rows[i].base, rows[i].ref, out, rows[i].want);
	}
	assert_false(wb_update_resolve_url("manifest.json", "b", out, sizeof out));
	assert_false(wb_update_resolve_url("http://u.example/m.json", "b", out, 10));
}

/* ---- the manifest ---- */

#define HASH "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define BASE "http://updates.example/fleet/manifest.json"

static enum wb_status manifest(const char *json, struct wb_update_manifest *m, struct wb_error *err)
{
	wb_error_clear(err);
	return wb_update_manifest_parse(json, strlen(json), BASE, m, err);
}

static void test_manifest_good(void **state)
{
	(void)state;
	struct wb_update_manifest m;
	struct wb_error err;
	assert_int_equal(manifest("{\"version\":\"0.5.0+413.gabcdef0\",\"url\":\"bundle-413.raucb\","
				  "\"sha256\":\"" HASH "\",\"published\":\"ignored\"}",
				  &m, &err),
			 WB_OK);
	assert_string_equal(m.version, "0.5.0+413.gabcdef0");
	assert_string_equal(m.url, "http://updates.example/fleet/bundle-413.raucb");
	assert_string_equal(m.sha256, HASH);
	assert_string_equal(m.min_version, "");
	assert_false(m.force);

	assert_int_equal(manifest("{\"version\":\"1.0\",\"url\":\"https://cdn.example/b.raucb\",\"sha256\":\""
				  "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\","
				  "\"min_version\":\"0.4\",\"force\":true}",
				  &m, &err),
			 WB_OK);
	assert_string_equal(m.url, "https://cdn.example/b.raucb");
	assert_string_equal(m.sha256, HASH); /* lower case, as request.json carries it */
	assert_string_equal(m.min_version, "0.4");
	assert_true(m.force);
	assert_int_equal(manifest("{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"" HASH
				  "\",\"min_version\":null}",
				  &m, &err),
			 WB_OK);
}

static void test_manifest_bad(void **state)
{
	(void)state;
	static const struct {
		const char *json, *path;
	} rows[] = {
		{ "", "$" },
		{ "[]", "$" },
		{ "{\"version\":\"1.0\"", "$" },
		{ "{} {}", "$" },
		{ "{\"url\":\"b\",\"sha256\":\"" HASH "\"}", "$.version" },
		{ "{\"version\":1,\"url\":\"b\",\"sha256\":\"" HASH "\"}", "$.version" },
		{ "{\"version\":\"v1\",\"url\":\"b\",\"sha256\":\"" HASH "\"}", "$.version" },
		{ "{\"version\":\"1.0\",\"sha256\":\"" HASH "\"}", "$.url" },
		{ "{\"version\":\"1.0\",\"url\":null,\"sha256\":\"" HASH "\"}", "$.url" },
		{ "{\"version\":\"1.0\",\"url\":\"ftp://x/b\",\"sha256\":\"" HASH "\"}", "$.url" },
		{ "{\"version\":\"1.0\",\"url\":\"b\\u0001\",\"sha256\":\"" HASH "\"}", "$.url" },
		{ "{\"version\":\"1.0\",\"url\":\"b\"}", "$.sha256" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"abc\"}", "$.sha256" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"" HASH "0\"}", "$.sha256" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"zz" HASH "\"}", "$.sha256" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"" HASH "\",\"min_version\":\"x\"}",
		  "$.min_version" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"" HASH "\",\"min_version\":3}",
		  "$.min_version" },
		{ "{\"version\":\"1.0\",\"url\":\"b\",\"sha256\":\"" HASH "\",\"force\":\"yes\"}",
		  "$.force" },
	};
	struct wb_update_manifest m;
	struct wb_error err;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (manifest(rows[i].json, &m, &err) != WB_ERR_INVALID || strcmp(err.path, rows[i].path) != 0)
			fail_msg("%s: problem at \"%s\" (%s), want %s", rows[i].json, err.path, err.message,
				 rows[i].path);
		assert_string_equal(m.version, ""); /* nothing half-read is kept */
	}
}

static void test_manifest_caps(void **state)
{
	(void)state;
	struct wb_update_manifest m;
	struct wb_error err;
	size_t big = WB_UPDATE_MANIFEST_MAX_BYTES + 1;
	char *json = malloc(big + 1);
	assert_non_null(json);
	memset(json, ' ', big);
	memcpy(json, "{}", 2);
	json[big] = '\0';
	assert_int_equal(wb_update_manifest_parse(json, big, BASE, &m, &err), WB_ERR_TOO_LARGE);
	free(json);

	char url[WB_URL_MAX + 64];
	char doc[sizeof url + 200];
	memset(url, 'a', sizeof url - 1);
	url[sizeof url - 1] = '\0';
	snprintf(doc, sizeof doc, "{\"version\":\"1.0\",\"url\":\"%s\",\"sha256\":\"" HASH "\"}", url);
	assert_int_equal(manifest(doc, &m, &err), WB_ERR_INVALID);
	assert_string_equal(err.path, "$.url");
}

/* ---- the decision ---- */

static void test_decide(void **state)
{
	(void)state;
	static const struct {
		const char *version, *min_version;
		bool force;
		const char *running;
		bool in_window;
		enum wb_update_decision want;
	} rows[] = {
		{ "0.5.0+413.gabc", "", false, "0.5.0+412.g1a2b3c4", true, WB_UPDATE_INSTALL },
		{ "0.5.0+412.g1a2b3c4", "", false, "0.5.0+412.g1a2b3c4", true, WB_UPDATE_NOT_NEWER },
		{ "0.5.0+411.gabc", "", false, "0.5.0+412.g1a2b3c4", true, WB_UPDATE_NOT_NEWER },
		{ "0.5.0+411.gabc", "", true, "0.5.0+412.g1a2b3c4", true, WB_UPDATE_INSTALL },
		{ "0.5.0+412.g1a2b3c4", "", true, "0.5.0+412.g1a2b3c4", true, WB_UPDATE_INSTALL },
		{ "0.6.0", "0.5.0", false, "0.5.0~rc1", true, WB_UPDATE_BELOW_MINIMUM },
		{ "0.6.0", "0.5.0", false, "0.5.0", true, WB_UPDATE_INSTALL },
		{ "0.6.0", "0.5.0", true, "0.4.0", true, WB_UPDATE_BELOW_MINIMUM },
		{ "0.6.0", "", false, "0.5.0", false, WB_UPDATE_OUTSIDE_WINDOW },
		{ "0.4.0", "", false, "0.5.0", false, WB_UPDATE_NOT_NEWER },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct wb_update_manifest m = { .force = rows[i].force };
		snprintf(m.version, sizeof m.version, "%s", rows[i].version);
		snprintf(m.min_version, sizeof m.min_version, "%s", rows[i].min_version);
		enum wb_update_decision d = wb_update_decide(&m, rows[i].running, NULL, rows[i].in_window);
		if (d != rows[i].want)
			fail_msg("row %zu: %s, want %s", i, wb_update_decision_name(d),
				 wb_update_decision_name(rows[i].want));
	}
}

/* A version that failed here is not pulled again; a committed one, or one
 * whose install a power cut interrupted, is decided on its version alone. */
static void test_decide_after_failure(void **state)
{
	(void)state;
	struct wb_update_manifest m = { .force = true };
	struct wb_update_last last = { .present = true };
	snprintf(m.version, sizeof m.version, "0.5.0+414.gbad");
	snprintf(last.version, sizeof last.version, "0.5.0+414.gbad");
	static const char *const failing[] = { "rolled_back", "refused", "failed" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(last.result, sizeof last.result, "%s", failing[i]);
		assert_int_equal(wb_update_decide(&m, "0.5.0+413.g1", &last, true), WB_UPDATE_FAILED_BEFORE);
	}
	snprintf(last.result, sizeof last.result, "committed");
	assert_int_equal(wb_update_decide(&m, "0.5.0+413.g1", &last, true), WB_UPDATE_INSTALL);
	snprintf(last.result, sizeof last.result, "interrupted");
	assert_int_equal(wb_update_decide(&m, "0.5.0+413.g1", &last, true), WB_UPDATE_INSTALL);
	snprintf(last.result, sizeof last.result, "rolled_back");
	snprintf(m.version, sizeof m.version, "0.5.0+415.gfixed");
	assert_int_equal(wb_update_decide(&m, "0.5.0+413.g1", &last, true), WB_UPDATE_INSTALL);
	assert_string_equal(wb_update_decision_name(WB_UPDATE_FAILED_BEFORE), "failed_before");
}

/* ---- the window ---- */

static struct wb_tz *amsterdam(void)
{
	struct wb_tz *tz = NULL;
	struct wb_error err;
	assert_int_equal(wb_tz_create_posix("CET-1CEST,M3.5.0,M10.5.0/3", &tz, &err), WB_OK);
	return tz;
}

/* 2026-12-0d hh:mm in Amsterdam (CET, UTC+1), in UTC ms. 2026-12-02 is a Wednesday. */
static int64_t dec(struct wb_tz *tz, unsigned day, unsigned h, unsigned m)
{
	return wb_tz_from_civil(tz, 2026, 12, day, h, m, 0) * 1000;
}

static void test_window(void **state)
{
	(void)state;
	struct wb_tz *tz = amsterdam();
	struct wb_update_window auto_w, own;
	struct wb_hours always, office;

	wb_update_window_init_automatic(&auto_w);
	wb_hours_init_always(&always);
	wb_hours_init_closed(&office);
	for (int d = 1; d <= 5; d++)
		assert_int_equal(wb_hours_add(&office, d, 8 * 60, 18 * 60), WB_OK);

	/* Automatic, always-on screen: 02:00-05:00 in the board's zone. */
	assert_false(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 1, 59)));
	assert_true(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 2, 0)));
	assert_true(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 4, 59)));
	assert_false(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 5, 0)));
	assert_false(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 12, 0)));
	/* 05:30 in Amsterdam is 04:30 UTC: the board's zone counts, not UTC. */
	assert_false(wb_update_in_window(&auto_w, &always, tz, dec(tz, 2, 5, 30)));
	assert_true(wb_update_in_window(&auto_w, &always, NULL, dec(tz, 2, 5, 30)));
	assert_true(wb_update_in_window(&auto_w, NULL, tz, dec(tz, 2, 3, 0)));

	/* Automatic with on-hours: whenever the screen is off. */
	assert_false(wb_update_in_window(&auto_w, &office, tz, dec(tz, 2, 12, 0)));
	assert_true(wb_update_in_window(&auto_w, &office, tz, dec(tz, 2, 18, 0)));
	assert_true(wb_update_in_window(&auto_w, &office, tz, dec(tz, 2, 3, 0)));
	assert_true(wb_update_in_window(&auto_w, &office, tz, dec(tz, 5, 12, 0))); /* Saturday */

	/* Its own window, over midnight: Wed 22:00-24:00 + Thu 00:00-01:00. */
	own.automatic = false;
	wb_hours_init_closed(&own.hours);
	assert_int_equal(wb_hours_add(&own.hours, 3, 22 * 60, 24 * 60), WB_OK);
	assert_int_equal(wb_hours_add(&own.hours, 4, 0, 60), WB_OK);
	assert_false(wb_update_in_window(&own, &office, tz, dec(tz, 2, 21, 59)));
	assert_true(wb_update_in_window(&own, &office, tz, dec(tz, 2, 23, 30)));
	assert_true(wb_update_in_window(&own, &office, tz, dec(tz, 3, 0, 30)));
	assert_false(wb_update_in_window(&own, &office, tz, dec(tz, 3, 1, 0)));
	assert_false(wb_update_in_window(&own, &always, tz, dec(tz, 3, 3, 0))); /* not the night rule */
	wb_hours_init_always(&own.hours);
	assert_true(wb_update_in_window(&own, &office, tz, dec(tz, 2, 12, 0)));
	wb_tz_destroy(tz);
}

/* ---- state.json ---- */

#define STATE_GOOD                                                                                     \
	"{\"state\":\"trial\",\"message\":\"booted B, waiting for health\",\"progress\":null,"         \
	"\"booted\":{\"slot\":\"B\",\"version\":\"0.5.0+413.gabcdef0\"},"                              \
	"\"other\":{\"slot\":\"A\",\"version\":\"0.5.0+412.g1a2b3c4\",\"bootable\":true},"             \
	"\"last\":{\"version\":\"0.5.0+413.gabcdef0\",\"source\":\"api\",\"result\":\"committed\","    \
	"\"reason\":\"\",\"finished\":\"2026-12-02T03:00:00Z\"},\"updated\":\"2026-12-02T03:01:00Z\"," \
	"\"future\":{\"x\":1}}"

static enum wb_status info(const char *json, struct wb_update_info *out, struct wb_error *err)
{
	wb_error_clear(err);
	return wb_update_info_parse(json, strlen(json), out, err);
}

static void test_state_good(void **state)
{
	(void)state;
	struct wb_update_info in;
	struct wb_error err;
	assert_int_equal(info(STATE_GOOD, &in, &err), WB_OK);
	assert_int_equal(in.state, WB_UPDATE_TRIAL);
	assert_string_equal(in.message, "booted B, waiting for health");
	assert_int_equal(in.progress, -1);
	assert_true(in.booted.present);
	assert_string_equal(in.booted.slot, "B");
	assert_string_equal(in.booted.version, "0.5.0+413.gabcdef0");
	assert_false(in.booted.has_bootable);
	assert_true(in.other.has_bootable && in.other.bootable);
	assert_true(in.last.present);
	assert_string_equal(in.last.result, "committed");
	assert_string_equal(in.last.source, "api");
	assert_string_equal(in.updated, "2026-12-02T03:01:00Z");
	assert_false(wb_update_rolled_back(&in));
	assert_false(wb_update_busy(&in, false));
	assert_true(wb_update_busy(&in, true));

	assert_int_equal(info("{\"state\":\"rolled_back\",\"message\":\"B never became healthy\","
			      "\"other\":{\"slot\":\"B\",\"version\":null,\"bootable\":false},\"last\":null}",
			      &in, &err),
			 WB_OK);
	assert_true(wb_update_rolled_back(&in));
	assert_false(in.last.present);
	assert_string_equal(in.other.version, "");
	assert_int_equal(info("{\"state\":\"idle\",\"last\":{\"result\":\"rolled_back\",\"reason\":\"no "
			      "frames\"}}",
			      &in, &err),
			 WB_OK);
	assert_true(wb_update_rolled_back(&in)); /* the last result says so */
	assert_int_equal(info("{\"state\":\"installing\",\"progress\":42}", &in, &err), WB_OK);
	assert_int_equal(in.progress, 42);
	assert_true(wb_update_busy(&in, false));
	/* A newer install on its way hides the old rollback. */
	assert_int_equal(info("{\"state\":\"installing\",\"last\":{\"result\":\"rolled_back\"}}", &in, &err),
			 WB_OK);
	assert_false(wb_update_rolled_back(&in));
}

static void test_state_bad(void **state)
{
	(void)state;
	static const struct {
		const char *json, *path;
	} rows[] = {
		{ "", "$" },
		{ "garbage", "$" },
		{ "{\"state\":\"trial\",\"message\":\"cut", "$" }, /* truncated mid-write */
		{ "\"idle\"", "$" },
		{ "{}", "$.state" },
		{ "{\"state\":\"sleeping\"}", "$.state" },
		{ "{\"state\":\"downloading\"}", "$.state" }, /* the firmware's own phase */
		{ "{\"state\":\"unknown\"}", "$.state" },
		{ "{\"state\":\"idle\",\"message\":7}", "$.message" },
		{ "{\"state\":\"idle\",\"message\":\"two\\nlines\"}", "$.message" },
		{ "{\"state\":\"idle\",\"progress\":101}", "$.progress" },
		{ "{\"state\":\"idle\",\"progress\":\"5\"}", "$.progress" },
		{ "{\"state\":\"idle\",\"booted\":\"A\"}", "$.booted" },
		{ "{\"state\":\"idle\",\"booted\":{}}", "$.booted.slot" },
		{ "{\"state\":\"idle\",\"booted\":{\"slot\":\"A\",\"version\":\"not one\"}}",
		  "$.booted.version" },
		{ "{\"state\":\"idle\",\"other\":{\"slot\":\"B\",\"bootable\":1}}", "$.other.bootable" },
		{ "{\"state\":\"idle\",\"booted\":{\"slot\":\"AAAAAAAAAAAAAAAAA\"}}", "$.booted.slot" },
		{ "{\"state\":\"idle\",\"last\":{\"result\":\"exploded\"}}", "$.last.result" },
		{ "{\"state\":\"idle\",\"last\":{\"source\":\"usb\"}}", "$.last.source" },
		{ "{\"state\":\"idle\",\"last\":[]}", "$.last" },
		{ "{\"state\":\"idle\",\"updated\":false}", "$.updated" },
	};
	struct wb_update_info in;
	struct wb_error err;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (info(rows[i].json, &in, &err) != WB_ERR_INVALID || strcmp(err.path, rows[i].path) != 0)
			fail_msg("%s: problem at \"%s\" (%s), want %s", rows[i].json, err.path, err.message,
				 rows[i].path);
		assert_int_equal(in.state, WB_UPDATE_UNKNOWN);
		assert_false(in.booted.present);
	}
}

static void test_state_untrusted_text(void **state)
{
	(void)state;
	struct wb_update_info in;
	struct wb_error err;
	char doc[WB_UPDATE_MESSAGE_MAX + 100];
	char msg[WB_UPDATE_MESSAGE_MAX + 2];

	/* Invalid UTF-8 (an overlong "/"), and a lone continuation byte. */
	assert_int_equal(info("{\"state\":\"failed\",\"message\":\"bad \xc0\xaf\"}", &in, &err),
			 WB_ERR_INVALID);
	assert_string_equal(err.path, "$.message");
	assert_int_equal(info("{\"state\":\"failed\",\"last\":{\"reason\":\"\x80\"}}", &in, &err),
			 WB_ERR_INVALID);
	assert_string_equal(err.path, "$.last.reason");
	assert_int_equal(in.state, WB_UPDATE_UNKNOWN);
	/* Valid UTF-8 passes as it is. */
	assert_int_equal(info("{\"state\":\"failed\",\"message\":\"r\xc3\xa9"
			      "essayer\"}",
			      &in, &err),
			 WB_OK);
	assert_string_equal(in.message, "r\xc3\xa9"
					"essayer");

	/* The message at its cap, and one byte over. */
	memset(msg, 'm', WB_UPDATE_MESSAGE_MAX);
	msg[WB_UPDATE_MESSAGE_MAX] = '\0';
	snprintf(doc, sizeof doc, "{\"state\":\"failed\",\"message\":\"%s\"}", msg);
	assert_int_equal(info(doc, &in, &err), WB_OK);
	assert_int_equal(strlen(in.message), WB_UPDATE_MESSAGE_MAX);
	msg[WB_UPDATE_MESSAGE_MAX] = 'm';
	msg[WB_UPDATE_MESSAGE_MAX + 1] = '\0';
	snprintf(doc, sizeof doc, "{\"state\":\"failed\",\"message\":\"%s\"}", msg);
	assert_int_equal(info(doc, &in, &err), WB_ERR_INVALID);
	assert_string_equal(err.path, "$.message");

	/* Over the file cap: refused before it is parsed. */
	size_t big = WB_UPDATE_STATE_MAX_BYTES + 1;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, ' ', big);
	memcpy(huge, "{\"state\":\"idle\"}", 16);
	assert_int_equal(wb_update_info_parse(huge, big, &in, &err), WB_ERR_TOO_LARGE);
	assert_int_equal(in.state, WB_UPDATE_UNKNOWN);
	free(huge);
}

static void test_state_names(void **state)
{
	(void)state;
	static const char *const names[] = { "idle",      "downloading", "installing", "installed", "trial",
					     "committed", "rolled_back", "failed",     "unknown" };
	assert_int_equal(sizeof names / sizeof names[0], WB_UPDATE_STATE_COUNT_);
	for (int i = 0; i < WB_UPDATE_STATE_COUNT_; i++) {
		enum wb_update_state s;
		assert_string_equal(wb_update_state_name((enum wb_update_state)i), names[i]);
		assert_true(wb_update_state_parse_name(names[i], &s));
		assert_int_equal(s, i);
	}
	assert_string_equal(wb_update_state_name(WB_UPDATE_STATE_COUNT_), "unknown");
	enum wb_update_state s = WB_UPDATE_IDLE;
	assert_false(wb_update_state_parse_name("Idle", &s));
	assert_false(wb_update_state_parse_name(NULL, &s));
}

/* The status merges the firmware's transfer into state.json's state. */
static void test_status_json(void **state)
{
	(void)state;
	struct wb_update_status st = { .activity = WB_UPDATE_ACTIVITY_NONE, .total = -1 };
	struct wb_error err;
	snprintf(st.firmware_version, sizeof st.firmware_version, "0.5.0+412.g1a2b3c4");
	wb_update_info_unknown(&st.info);
	assert_string_equal(wb_update_running_version(&st), "0.5.0+412.g1a2b3c4");
	cJSON *o = wb_update_status_json(&st);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "unknown");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "booted")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "progress")));
	cJSON_Delete(o);

	assert_int_equal(info(STATE_GOOD, &st.info, &err), WB_OK);
	st.activity = WB_UPDATE_ACTIVITY_UPLOAD;
	st.bytes = 250;
	st.total = 1000;
	o = wb_update_status_json(&st);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "downloading");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "image_state")), "trial");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "progress")), 25);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "version")), "0.5.0+413.gabcdef0");
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "transfer"), "source")),
		"api");
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "other"), "slot")), "A");
	cJSON_Delete(o);
}

/* The start screen's line after a rollback, in the board's language. */
static void test_notice(void **state)
{
	(void)state;
	struct wb_update_status st = { .total = -1 };
	struct wb_error err;
	char line[200];
	assert_int_equal(info(STATE_GOOD, &st.info, &err), WB_OK);
	wb_update_notice(&st, WB_LANG_EN, line, sizeof line);
	assert_string_equal(line, ""); /* committed: nothing to say */
	assert_int_equal(
		info("{\"state\":\"rolled_back\",\"message\":\"B did not start\",\"last\":{"
		     "\"version\":\"0.6\",\"result\":\"rolled_back\",\"reason\":\"no frame in 120 s\"}}",
		     &st.info, &err),
		WB_OK);
	wb_update_notice(&st, WB_LANG_EN, line, sizeof line);
	assert_string_equal(line, "Update rolled back (0.6): no frame in 120 s");
	wb_update_notice(&st, WB_LANG_NL, line, sizeof line);
	assert_string_equal(line, "Update teruggedraaid (0.6): no frame in 120 s");
	wb_update_notice(&st, WB_LANG_FR, line, sizeof line);
	assert_string_equal(line, "Mise \xC3\xA0 jour annul\xC3\xA9"
				  "e (0.6): no frame in 120 s");
	assert_int_equal(info("{\"state\":\"rolled_back\",\"message\":\"B did not start\"}", &st.info, &err),
			 WB_OK);
	wb_update_notice(&st, WB_LANG_EN, line, sizeof line);
	assert_string_equal(line, "Update rolled back: B did not start");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_order), cmocka_unit_test(test_version_valid),
		cmocka_unit_test(test_resolve_url),   cmocka_unit_test(test_manifest_good),
		cmocka_unit_test(test_manifest_bad),  cmocka_unit_test(test_manifest_caps),
		cmocka_unit_test(test_decide),        cmocka_unit_test(test_decide_after_failure),
		cmocka_unit_test(test_window),        cmocka_unit_test(test_state_good),
		cmocka_unit_test(test_state_bad),     cmocka_unit_test(test_state_untrusted_text),
		cmocka_unit_test(test_state_names),   cmocka_unit_test(test_status_json),
		cmocka_unit_test(test_notice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
