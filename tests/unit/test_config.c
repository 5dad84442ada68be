/* Pins the config reader: defaults, a complete valid file, one case per kind
 * of problem with its exact path, several problems reported together, and
 * *cfg left alone whenever anything is wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/config.h"

static enum wb_status parse(const char *json, struct wb_config *cfg, struct wb_problems *p)
{
	wb_problems_clear(p);
	return wb_config_parse(json, strlen(json), cfg, p);
}

static bool has_problem(const struct wb_problems *p, const char *path)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].path, path) == 0)
			return true;
	return false;
}

/* wb_config_defaults over garbage: it must set every field itself. */
static void defaults_over_garbage(struct wb_config *cfg)
{
	memset(cfg, 0x5A, sizeof *cfg);
	wb_config_defaults(cfg);
}

static void test_defaults(void **state)
{
	struct wb_config cfg;
	(void)state;

	defaults_over_garbage(&cfg);
	assert_string_equal(cfg.feed.url, "");
	assert_string_equal(cfg.feed.token, "");
	assert_int_equal(cfg.feed.interval_s, 10);
	assert_int_equal(cfg.feed.timeout_s, 15);
	assert_int_equal(cfg.feed.connect_timeout_s, 5);
	assert_int_equal(cfg.feed.backoff_max_s, 300);
	assert_string_equal(cfg.feed.ca_file, "");
	assert_int_equal(cfg.feed.max_body_bytes, 1024 * 1024);
	assert_string_equal(cfg.display.title, "");
	assert_int_equal(cfg.display.language, WB_LANG_NL);
	assert_true(cfg.display.ticker);
	assert_int_equal(cfg.display.page_s, 15);
	assert_true(cfg.sla.warn_ratio == 0.75);
	assert_int_equal(cfg.sla.n_targets, 0);
	assert_int_equal(wb_config_sla_target(&cfg, "twitter"), 0);
}

static void test_empty_object_keeps_defaults(void **state)
{
	struct wb_config cfg, before;
	struct wb_problems p;
	(void)state;

	wb_config_defaults(&cfg);
	before = cfg;
	assert_int_equal(parse(" { } \n", &cfg, &p), WB_OK);
	assert_int_equal(p.count, 0);
	assert_memory_equal(&cfg, &before, sizeof cfg);
}

static const char full_json[] =
	"{\n"
	"  \"$schema\": \"../../docs/config.schema.json\",\n"
	"  \"feed\": {\n"
	"    \"url\": \"https://feed.example.nl/v1/board\",\n"
	"    \"token\": \"s3cr3t-t0ken\",\n"
	"    \"interval_s\": 2,\n"
	"    \"timeout_s\": 300,\n"
	"    \"connect_timeout_s\": 7,\n"
	"    \"backoff_max_s\": 600,\n"
	"    \"ca_file\": \"/etc/wallboard/ca.pem\",\n"
	"    \"max_body_bytes\": 2097152\n"
	"  },\n"
	"  \"display\": {\"title\": \"Webcare NL, vloer 2 \\u2013 caf\\u00e9\", \"language\": \"en\",\n"
	"               \"ticker\": false, \"page_s\": 600},\n"
	"  \"sla\": {\"warn_ratio\": 1, \"targets\": {\"twitter\": 3600, \"whats_app-2\": 1}}\n"
	"}\n";

static void test_full_file(void **state)
{
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	wb_config_defaults(&cfg);
	assert_int_equal(parse(full_json, &cfg, &p), WB_OK);
	assert_int_equal(p.count, 0);
	assert_string_equal(cfg.feed.url, "https://feed.example.nl/v1/board");
	assert_string_equal(cfg.feed.token, "s3cr3t-t0ken");
	assert_int_equal(cfg.feed.interval_s, 2);
	assert_int_equal(cfg.feed.timeout_s, 300);
	assert_int_equal(cfg.feed.connect_timeout_s, 7);
	assert_int_equal(cfg.feed.backoff_max_s, 600);
	assert_string_equal(cfg.feed.ca_file, "/etc/wallboard/ca.pem");
	assert_int_equal(cfg.feed.max_body_bytes, 2097152);
	assert_string_equal(cfg.display.title, "Webcare NL, vloer 2 \xE2\x80\x93 caf\xC3\xA9");
	assert_int_equal(cfg.display.language, WB_LANG_EN);
	assert_false(cfg.display.ticker);
	assert_int_equal(cfg.display.page_s, 600);
	assert_true(cfg.sla.warn_ratio == 1.0);
	assert_int_equal(cfg.sla.n_targets, 2);
	assert_int_equal(wb_config_sla_target(&cfg, "twitter"), 3600);
	assert_int_equal(wb_config_sla_target(&cfg, "whats_app-2"), 1);
	assert_int_equal(wb_config_sla_target(&cfg, "facebook"), 0);
	assert_int_equal(wb_config_sla_target(NULL, "twitter"), 0);
}

/* The demo config shipped with the firmware must parse and say what the
 * demo needs. */
static void test_demo_config(void **state)
{
	char buf[8192];
	size_t len;
	FILE *f = fopen(WB_FIXTURES "/../../assets/demo/config.json", "rb");
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	assert_non_null(f);
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_true(len > 0 && len < sizeof buf);
	wb_config_defaults(&cfg);
	wb_problems_clear(&p);
	assert_int_equal(wb_config_parse(buf, len, &cfg, &p), WB_OK);
	assert_string_equal(cfg.feed.url, "http://127.0.0.1:8765/feed");
	assert_int_equal(cfg.display.language, WB_LANG_NL);
	assert_true(cfg.display.title[0] != '\0');
}

static void test_partial_overlay(void **state)
{
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	wb_config_defaults(&cfg);
	assert_int_equal(parse("{\"feed\": {\"interval_s\": 30}}", &cfg, &p), WB_OK);
	assert_int_equal(cfg.feed.interval_s, 30);
	assert_int_equal(cfg.feed.timeout_s, 15);
	assert_int_equal(parse("{\"sla\": {\"targets\": {\"a\": 10, \"b\": 20}}}", &cfg, &p), WB_OK);
	/* A second file's targets replace the first's wholesale. */
	assert_int_equal(parse("{\"sla\": {\"targets\": {\"c\": 30}}}", &cfg, &p), WB_OK);
	assert_int_equal(cfg.sla.n_targets, 1);
	assert_int_equal(wb_config_sla_target(&cfg, "a"), 0);
	assert_int_equal(wb_config_sla_target(&cfg, "c"), 30);
	assert_int_equal(cfg.feed.interval_s, 30);
}

struct bad_case {
	const char *name;
	const char *json;
	const char *path; /* where the single problem must be reported */
};

static const struct bad_case bad_cases[] = {
	{ "not JSON", "{\"feed\": ", "$" },
	{ "trailing garbage", "{} x", "$" },
	{ "two documents", "{} {}", "$" },
	{ "empty", "", "$" },
	{ "root not an object", "[1, 2]", "$" },
	{ "unknown top-level key", "{\"fead\": {}}", "$.fead" },
	{ "unknown nested key", "{\"feed\": {\"intervals\": 5}}", "$.feed.intervals" },
	{ "odd key shown quoted", "{\"display\": {\"bad key\": 1}}", "$.display[\"bad key\"]" },
	{ "duplicate key", "{\"feed\": {\"interval_s\": 5, \"interval_s\": 6}}", "$.feed.interval_s" },
	{ "section not an object", "{\"display\": true}", "$.display" },
	{ "int as string", "{\"feed\": {\"interval_s\": \"10\"}}", "$.feed.interval_s" },
	{ "int with fraction", "{\"feed\": {\"interval_s\": 10.5}}", "$.feed.interval_s" },
	{ "interval below", "{\"feed\": {\"interval_s\": 1}}", "$.feed.interval_s" },
	{ "interval above", "{\"feed\": {\"interval_s\": 3601}}", "$.feed.interval_s" },
	{ "timeout zero", "{\"feed\": {\"timeout_s\": 0}}", "$.feed.timeout_s" },
	{ "timeout above", "{\"feed\": {\"timeout_s\": 301}}", "$.feed.timeout_s" },
	{ "connect timeout above", "{\"feed\": {\"connect_timeout_s\": 121}}", "$.feed.connect_timeout_s" },
	{ "backoff below", "{\"feed\": {\"backoff_max_s\": 4}}", "$.feed.backoff_max_s" },
	{ "backoff above", "{\"feed\": {\"backoff_max_s\": 3601}}", "$.feed.backoff_max_s" },
	{ "body below", "{\"feed\": {\"max_body_bytes\": 1023}}", "$.feed.max_body_bytes" },
	{ "body above", "{\"feed\": {\"max_body_bytes\": 16777217}}", "$.feed.max_body_bytes" },
	{ "huge number", "{\"feed\": {\"max_body_bytes\": 1e300}}", "$.feed.max_body_bytes" },
	{ "infinite number", "{\"feed\": {\"interval_s\": 1e999}}", "$.feed.interval_s" },
	{ "page below", "{\"display\": {\"page_s\": 2}}", "$.display.page_s" },
	{ "page above", "{\"display\": {\"page_s\": 601}}", "$.display.page_s" },
	{ "url wrong scheme", "{\"feed\": {\"url\": \"ftp://x/feed\"}}", "$.feed.url" },
	{ "url no scheme", "{\"feed\": {\"url\": \"127.0.0.1:8765/feed\"}}", "$.feed.url" },
	{ "url scheme only", "{\"feed\": {\"url\": \"https://\"}}", "$.feed.url" },
	{ "url not a string", "{\"feed\": {\"url\": null}}", "$.feed.url" },
	{ "token with newline", "{\"feed\": {\"token\": \"abc\\r\\nX-Evil: 1\"}}", "$.feed.token" },
	{ "title invalid UTF-8", "{\"display\": {\"title\": \"caf\xC3\"}}", "$.display.title" },
	{ "language unknown", "{\"display\": {\"language\": \"de\"}}", "$.display.language" },
	{ "language upper case", "{\"display\": {\"language\": \"NL\"}}", "$.display.language" },
	{ "language not a string", "{\"display\": {\"language\": 1}}", "$.display.language" },
	{ "ticker as string", "{\"display\": {\"ticker\": \"yes\"}}", "$.display.ticker" },
	{ "ticker as number", "{\"display\": {\"ticker\": 1}}", "$.display.ticker" },
	{ "ratio zero", "{\"sla\": {\"warn_ratio\": 0}}", "$.sla.warn_ratio" },
	{ "ratio above one", "{\"sla\": {\"warn_ratio\": 1.01}}", "$.sla.warn_ratio" },
	{ "ratio negative", "{\"sla\": {\"warn_ratio\": -0.5}}", "$.sla.warn_ratio" },
	{ "ratio as string", "{\"sla\": {\"warn_ratio\": \"0.8\"}}", "$.sla.warn_ratio" },
	{ "targets not an object", "{\"sla\": {\"targets\": [1]}}", "$.sla.targets" },
	{ "target id upper case", "{\"sla\": {\"targets\": {\"Twitter\": 60}}}", "$.sla.targets.Twitter" },
	{ "target id with space", "{\"sla\": {\"targets\": {\"x y\": 60}}}", "$.sla.targets[\"x y\"]" },
	{ "target id empty", "{\"sla\": {\"targets\": {\"\": 60}}}", "$.sla.targets[\"\"]" },
	{ "target id too long", "{\"sla\": {\"targets\": {\"abcdefghijklmnopqrstuvwxyz0123456\": 60}}}",
	  "$.sla.targets.abcdefghijklmnopqrstuvwxyz0123456" },
	{ "target zero", "{\"sla\": {\"targets\": {\"twitter\": 0}}}", "$.sla.targets.twitter" },
	{ "target above a week", "{\"sla\": {\"targets\": {\"twitter\": 604801}}}", "$.sla.targets.twitter" },
	{ "target duplicate", "{\"sla\": {\"targets\": {\"a\": 1, \"a\": 2}}}", "$.sla.targets.a" },
	/* Found by tests/fuzz/fuzz_config (regressions/config/rule-kind-twice.json). */
	{ "rule key duplicate",
	  "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"min_followers\": 5, \"min_followers\": "
	  "6}]}}",
	  "$.alerts.rules[0].min_followers" },
	{ "rule kind duplicate",
	  "{\"alerts\": {\"rules\": [{\"kind\": \"negative_share\", \"kind\": \"negative_spike\"}]}}",
	  "$.alerts.rules[0].kind" },
	{ "schema not a string", "{\"$schema\": 5}", "$.$schema" },
};

/* json over the defaults must give exactly one problem, at path, with a
 * message, and leave the config untouched; what names the case in a failure. */
static void expect_one_problem(const char *what, const char *json, const char *path)
{
	struct wb_config cfg, before;
	struct wb_problems p;
	enum wb_status st;

	wb_config_defaults(&cfg);
	before = cfg;
	st = parse(json, &cfg, &p);
	if (st != WB_ERR_INVALID || p.count != 1 || strcmp(p.items[0].path, path) != 0)
		fail_msg("case %s: status %d, %zu problems, first at '%s' (%s)", what, (int)st, p.count,
			 p.count ? p.items[0].path : "", p.count ? p.items[0].message : "");
	assert_true(p.items[0].message[0] != '\0');
	assert_memory_equal(&cfg, &before, sizeof cfg);
}

static void test_each_problem(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		char what[128];
		snprintf(what, sizeof what, "'%s'", bad_cases[i].name);
		expect_one_problem(what, bad_cases[i].json, bad_cases[i].path);
	}
}

static void test_boundaries_accepted(void **state)
{
	static const char *const ok[] = {
		"{\"feed\": {\"interval_s\": 3600, \"timeout_s\": 1, \"connect_timeout_s\": 120,"
		" \"backoff_max_s\": 5, \"max_body_bytes\": 1024}}",
		"{\"feed\": {\"connect_timeout_s\": 1, \"backoff_max_s\": 3600,"
		" \"max_body_bytes\": 16777216}, \"display\": {\"page_s\": 3}}",
		"{\"sla\": {\"warn_ratio\": 0.001, \"targets\": {\"abcdefghijklmnopqrstuvwxyz012345\": "
		"604800}}}",
		"{\"feed\": {\"url\": \"\", \"token\": \"\", \"ca_file\": \"\"}}",
		"{\"feed\": {\"url\": \"file:///var/lib/wallboard/feed.json\"}}",
		"{\"feed\": {\"url\": \"HTTP://127.0.0.1/feed\"}}",
		"{\"feed\": {\"interval_s\": 10.0}}",
		"{\"sla\": {\"targets\": {}}}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct wb_config cfg;
		struct wb_problems p;
		wb_config_defaults(&cfg);
		if (parse(ok[i], &cfg, &p) != WB_OK)
			fail_msg("case %zu: %s: %s", i, p.items[0].path, p.items[0].message);
	}
}

static void test_string_length_limits(void **state)
{
	/* token holds WB_TOKEN_MAX - 1 bytes; one more is a problem. */
	size_t n = WB_TOKEN_MAX - 1;
	char *json = malloc(n + 64);
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	assert_non_null(json);
	for (int extra = 0; extra <= 1; extra++) {
		size_t len = n + (size_t)extra;
		memcpy(json, "{\"feed\":{\"token\":\"", 18);
		memset(json + 18, 'a', len);
		strcpy(json + 18 + len, "\"}}");
		wb_config_defaults(&cfg);
		if (extra == 0) {
			assert_int_equal(parse(json, &cfg, &p), WB_OK);
			assert_int_equal(strlen(cfg.feed.token), n);
		} else {
			assert_int_equal(parse(json, &cfg, &p), WB_ERR_INVALID);
			assert_string_equal(p.items[0].path, "$.feed.token");
			assert_string_equal(cfg.feed.token, "");
		}
	}
	free(json);
}

static void test_many_problems_together(void **state)
{
	static const char json[] =
		"{\"feed\": {\"url\": \"gopher://x\", \"interval_s\": 0, \"timeout_s\": \"15\","
		" \"colour\": \"red\"},\n"
		" \"display\": {\"language\": \"de\", \"ticker\": null, \"page_s\": 15},\n"
		" \"sla\": {\"warn_ratio\": 2, \"targets\": {\"OK\": 5, \"good\": 99999999}},\n"
		" \"extra\": 1}";
	static const char *const paths[] = {
		"$.feed.url",         "$.feed.interval_s", "$.feed.timeout_s", "$.feed.colour",
		"$.display.language", "$.display.ticker",  "$.sla.warn_ratio", "$.sla.targets.OK",
		"$.sla.targets.good", "$.extra",
	};
	struct wb_config cfg, before;
	struct wb_problems p;
	(void)state;

	wb_config_defaults(&cfg);
	strcpy(cfg.feed.url, "http://keep.me/feed");
	before = cfg;
	assert_int_equal(parse(json, &cfg, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, sizeof paths / sizeof paths[0]);
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (!has_problem(&p, paths[i]))
			fail_msg("no problem reported at %s", paths[i]);
	/* page_s was fine but is not applied either: nothing is, on any error. */
	assert_memory_equal(&cfg, &before, sizeof cfg);
}

/* {"sla":{"targets":{"c0": target_s, "c1": ...}}} with n channels. */
static void targets_json(char *json, size_t size, int n, int target_s)
{
	size_t off = (size_t)snprintf(json, size, "{\"sla\":{\"targets\":{");
	for (int i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(json + off, size - off, "%s\"c%d\": %d", i ? "," : "", i, target_s);
	if (off < size)
		snprintf(json + off, size - off, "}}}");
}

static void test_overflowing_problem_list(void **state)
{
	char json[4096];
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	targets_json(json, sizeof json, 40, 0);
	wb_config_defaults(&cfg);
	assert_int_equal(parse(json, &cfg, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, WB_PROBLEMS_MAX);
	assert_int_equal(p.dropped, 40 - WB_PROBLEMS_MAX);
}

static void test_too_many_targets(void **state)
{
	char json[4096];
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	targets_json(json, sizeof json, WB_FEED_MAX_CHANNELS + 1, 60);
	wb_config_defaults(&cfg);
	assert_int_equal(parse(json, &cfg, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].path, "$.sla.targets");
	assert_int_equal(cfg.sla.n_targets, 0);
}

static void test_json_error_position(void **state)
{
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	wb_config_defaults(&cfg);
	assert_int_equal(parse("{\n  \"feed\": {\n    \"url\": ,\n  }\n}", &cfg, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].path, "$");
	assert_non_null(strstr(p.items[0].message, "line 3"));
}

static void test_null_problems_and_terminator(void **state)
{
	static const char with_nul[] = "{\"feed\": {\"interval_s\": 20}}";
	struct wb_config cfg;
	(void)state;

	wb_config_defaults(&cfg);
	/* A length that counts the terminating NUL is not one JSON text: cJSON
	 * alone stopped at the NUL and took "{...}\0garbage" too. */
	assert_int_equal(wb_config_parse(with_nul, sizeof with_nul, &cfg, NULL), WB_ERR_INVALID);
	assert_int_equal(wb_config_parse(with_nul, sizeof with_nul - 1, &cfg, NULL), WB_OK);
	assert_int_equal(cfg.feed.interval_s, 20);
	assert_int_equal(wb_config_parse("{\"x\":1}", 7, &cfg, NULL), WB_ERR_INVALID);
	assert_int_equal(wb_config_parse(NULL, 0, &cfg, NULL), WB_ERR_INVALID);
	assert_int_equal(cfg.feed.interval_s, 20);
}

/* ---- issue 5: time zone, opening hours, attainment, alert rules, screen ---- */

/* The screen settings apart from the on-hours, as a test expects them. */
struct screen_want {
	bool wake_on_critical, cec;
	const char *cec_device;
	bool burn_in;
	int max_px, step_s;
};

static void assert_screen(const struct wb_config *cfg, struct screen_want want)
{
	assert_int_equal(cfg->screen.schedule.wake_on_critical, want.wake_on_critical);
	assert_int_equal(cfg->screen.cec, want.cec);
	assert_string_equal(cfg->screen.cec_device, want.cec_device);
	assert_int_equal(cfg->screen.burn_in.enabled, want.burn_in);
	assert_int_equal(cfg->screen.burn_in.max_px, want.max_px);
	assert_int_equal(cfg->screen.burn_in.step_s, want.step_s);
}

static void test_issue5_defaults(void **state)
{
	struct wb_config cfg;
	(void)state;

	defaults_over_garbage(&cfg);
	assert_string_equal(cfg.sla.time_zone, "Europe/Amsterdam");
	assert_true(cfg.sla.hours.always_open);
	assert_int_equal(cfg.sla.n_channel_hours, 0);
	assert_ptr_equal(wb_config_channel_hours(&cfg, "twitter"), &cfg.sla.hours);
	assert_true(cfg.sla.attain_good_pct == 90.0);
	assert_true(cfg.sla.attain_fair_pct == 75.0);
	assert_int_equal(cfg.alerts.n, 0);
	assert_true(cfg.screen.schedule.on.always_open);
	assert_screen(&cfg, (struct screen_want){ .wake_on_critical = false,
						  .cec = true,
						  .cec_device = "/dev/cec0",
						  .burn_in = true,
						  .max_px = 4,
						  .step_s = 120 });
}

static const char issue5_doc[] =
	"{\"sla\": {\"time_zone\": \"America/Argentina/Buenos_Aires\","
	" \"hours\": {\"mon\": [\"08:00-22:00\"], \"tue\": [\"08:00-22:00\"], \"sat\": [\"10:00-16:00\"],"
	"   \"fri\": [\"08:00-12:30\", \"13:30-24:00\"], \"sun\": []},"
	" \"channel_hours\": {\"webchat\": {\"mon\": [\"09:00-17:00\"]}, \"twitter\": \"always\","
	"   \"closed\": {}},"
	" \"attainment\": {\"good_pct\": 95, \"fair_pct\": 80.5}},"
	" \"alerts\": {\"rules\": ["
	"   {\"kind\": \"negative_share\", \"raise_pct\": 35, \"clear_pct\": 28.5, \"min_mentions\": 15},"
	"   {\"kind\": \"negative_share\", \"channel\": \"linkedin\", \"hold_s\": 0},"
	"   {\"kind\": \"negative_spike\", \"channel\": \"\", \"raise_factor\": 4, \"clear_factor\": 1.5,"
	"    \"min_negative\": 12, \"alpha\": 0.3, \"sample_every_s\": 60, \"hold_s\": 1200},"
	"   {\"kind\": \"influencer\", \"min_followers\": 5000}]},"
	" \"screen\": {\"on\": {\"mon\": [\"07:00-19:00\"], \"tue\": [\"07:00-19:00\"]},"
	"   \"wake_on_critical\": true, \"cec\": false, \"cec_device\": \"/dev/cec1\","
	"   \"burn_in\": {\"enabled\": false, \"max_px\": 6, \"step_s\": 600}}}";

static void test_issue5_full(void **state)
{
	struct wb_config cfg;
	struct wb_problems p;
	const struct wb_hours *h;
	(void)state;

	wb_config_defaults(&cfg);
	assert_int_equal(parse(issue5_doc, &cfg, &p), WB_OK);
	assert_string_equal(cfg.sla.time_zone, "America/Argentina/Buenos_Aires");
	h = &cfg.sla.hours;
	assert_false(h->always_open);
	assert_int_equal(h->n[1], 1); /* Monday */
	assert_int_equal(h->iv[1][0].open_min, 480);
	assert_int_equal(h->iv[1][0].close_min, 1320);
	assert_int_equal(h->n[5], 2); /* Friday with a lunch break to midnight */
	assert_int_equal(h->iv[5][1].open_min, 810);
	assert_int_equal(h->iv[5][1].close_min, 1440);
	assert_int_equal(h->n[0], 0); /* Sunday [] */
	assert_int_equal(h->n[3], 0); /* Wednesday left out: closed */
	assert_int_equal(cfg.sla.n_channel_hours, 3);
	assert_int_equal(wb_config_channel_hours(&cfg, "webchat")->iv[1][0].open_min, 540);
	assert_true(wb_config_channel_hours(&cfg, "twitter")->always_open);
	h = wb_config_channel_hours(&cfg, "closed");
	assert_false(h->always_open);
	for (int d = 0; d < 7; d++)
		assert_int_equal(h->n[d], 0);
	assert_ptr_equal(wb_config_channel_hours(&cfg, "facebook"), &cfg.sla.hours);
	assert_true(cfg.sla.attain_good_pct == 95.0);
	assert_true(cfg.sla.attain_fair_pct == 80.5);

	assert_int_equal(cfg.alerts.n, 4);
	assert_int_equal(cfg.alerts.rules[0].kind, WB_RULE_NEGATIVE_SHARE);
	assert_string_equal(cfg.alerts.rules[0].channel, "");
	assert_true(cfg.alerts.rules[0].raise_pct == 35.0 && cfg.alerts.rules[0].clear_pct == 28.5);
	assert_int_equal(cfg.alerts.rules[0].min_mentions, 15);
	assert_int_equal(cfg.alerts.rules[0].hold_s, 600); /* default kept */
	assert_string_equal(cfg.alerts.rules[1].channel, "linkedin");
	assert_int_equal(cfg.alerts.rules[1].hold_s, 0);
	assert_true(cfg.alerts.rules[1].raise_pct == 30.0); /* defaults of its kind */
	assert_int_equal(cfg.alerts.rules[2].kind, WB_RULE_NEGATIVE_SPIKE);
	assert_true(cfg.alerts.rules[2].raise_factor == 4.0 && cfg.alerts.rules[2].clear_factor == 1.5);
	assert_int_equal(cfg.alerts.rules[2].min_negative, 12);
	assert_true(cfg.alerts.rules[2].alpha == 0.3);
	assert_int_equal(cfg.alerts.rules[2].sample_every_s, 60);
	assert_int_equal(cfg.alerts.rules[2].hold_s, 1200);
	assert_int_equal(cfg.alerts.rules[3].kind, WB_RULE_INFLUENCER);
	assert_int_equal(cfg.alerts.rules[3].min_followers, 5000);

	assert_int_equal(cfg.screen.schedule.on.n[2], 1);
	assert_int_equal(cfg.screen.schedule.on.iv[2][0].close_min, 19 * 60);
	assert_screen(&cfg, (struct screen_want){ .wake_on_critical = true,
						  .cec = false,
						  .cec_device = "/dev/cec1",
						  .burn_in = false,
						  .max_px = 6,
						  .step_s = 600 });

	/* "always" puts a schedule back; a new rules list replaces the old. */
	assert_int_equal(parse("{\"sla\": {\"hours\": \"always\"}, \"alerts\": {\"rules\": []}}", &cfg, &p),
			 WB_OK);
	assert_true(cfg.sla.hours.always_open);
	assert_int_equal(cfg.alerts.n, 0);
	assert_int_equal(cfg.sla.n_channel_hours, 3); /* not named: kept */
}

/* What a file says, what the board writes back, and that read again. */
static void test_issue5_round_trip(void **state)
{
	struct wb_config cfg, back;
	struct wb_problems p;
	char *json, *json2;
	(void)state;

	wb_config_defaults(&cfg);
	assert_int_equal(parse(issue5_doc, &cfg, &p), WB_OK);
	json = wb_config_to_json(&cfg, WB_CONFIG_FOR_STATE);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"fri\":\t[\"08:00-12:30\", \"13:30-24:00\"]"));
	wb_config_defaults(&back);
	assert_int_equal(parse(json, &back, &p), WB_OK);
	json2 = wb_config_to_json(&back, WB_CONFIG_FOR_STATE);
	assert_string_equal(json, json2);
	assert_int_equal(back.alerts.n, 4);
	assert_true(back.alerts.rules[2].alpha == 0.3);
	assert_int_equal(back.sla.n_channel_hours, 3);
	free(json);
	free(json2);

	/* Defaults write "always" and an empty rule list, and read back. */
	wb_config_defaults(&cfg);
	json = wb_config_to_json(&cfg, WB_CONFIG_FOR_API);
	assert_non_null(strstr(json, "\"hours\":\t\"always\""));
	assert_non_null(strstr(json, "\"rules\":\t[]"));
	wb_config_defaults(&back);
	back.screen.burn_in.max_px = 9;
	assert_int_equal(parse(json, &back, &p), WB_OK);
	assert_int_equal(back.screen.burn_in.max_px, 4);
	free(json);
}

struct issue5_bad {
	const char *json, *path;
};

static const struct issue5_bad issue5_bad_cases[] = {
	{ "{\"sla\": {\"time_zone\": \"../etc/passwd\"}}", "$.sla.time_zone" },
	{ "{\"sla\": {\"time_zone\": \"/Europe/Amsterdam\"}}", "$.sla.time_zone" },
	{ "{\"sla\": {\"time_zone\": 1}}", "$.sla.time_zone" },
	{ "{\"sla\": {\"hours\": \"sometimes\"}}", "$.sla.hours" },
	{ "{\"sla\": {\"hours\": {\"monday\": []}}}", "$.sla.hours.monday" },
	{ "{\"sla\": {\"hours\": {\"mon\": [], \"mon\": []}}}", "$.sla.hours.mon" },
	{ "{\"sla\": {\"hours\": {\"mon\": \"08:00-22:00\"}}}", "$.sla.hours.mon" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"8:00-22:00\"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"08:00-22:00 \"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"08:60-22:00\"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"22:00-08:00\"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"24:00-24:00\"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"08:00-24:01\"]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"08:00-12:00\", \"11:00-13:00\"]}}}", "$.sla.hours.mon[1]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [\"00:00-01:00\", \"02:00-03:00\", \"04:00-05:00\","
	  " \"06:00-07:00\", \"08:00-09:00\"]}}}",
	  "$.sla.hours.mon[4]" },
	{ "{\"sla\": {\"hours\": {\"mon\": [8]}}}", "$.sla.hours.mon[0]" },
	{ "{\"sla\": {\"channel_hours\": {\"Web\": \"always\"}}}", "$.sla.channel_hours.Web" },
	{ "{\"sla\": {\"channel_hours\": {\"web\": \"always\", \"web\": \"always\"}}}",
	  "$.sla.channel_hours.web" },
	{ "{\"sla\": {\"channel_hours\": {\"web\": {\"mon\": [\"x\"]}}}}", "$.sla.channel_hours.web.mon[0]" },
	{ "{\"sla\": {\"channel_hours\": []}}", "$.sla.channel_hours" },
	{ "{\"sla\": {\"attainment\": {\"good_pct\": 101}}}", "$.sla.attainment.good_pct" },
	{ "{\"sla\": {\"attainment\": {\"fair_pct\": \"75\"}}}", "$.sla.attainment.fair_pct" },
	{ "{\"sla\": {\"attainment\": {\"good_pct\": 70}}}", "$.sla.attainment" },
	{ "{\"sla\": {\"attainment\": {\"bad_pct\": 1}}}", "$.sla.attainment.bad_pct" },
	{ "{\"alerts\": {\"rules\": {}}}", "$.alerts.rules" },
	{ "{\"alerts\": {\"rules\": [7]}}", "$.alerts.rules[0]" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"mood\"}]}}", "$.alerts.rules[0].kind" },
	{ "{\"alerts\": {\"rules\": [{\"channel\": \"x\"}]}}", "$.alerts.rules[0].kind" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"raise_pct\": 3}]}}",
	  "$.alerts.rules[0].raise_pct" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"negative_share\", \"raise_pct\": 20}]}}",
	  "$.alerts.rules[0]" }, /* clear 25 above raise 20 */
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"negative_share\", \"raise_pct\": 120}]}}",
	  "$.alerts.rules[0].raise_pct" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"negative_spike\", \"alpha\": 0}]}}",
	  "$.alerts.rules[0].alpha" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"negative_spike\", \"raise_factor\": 0.5}]}}",
	  "$.alerts.rules[0].raise_factor" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"min_followers\": 0}]}}",
	  "$.alerts.rules[0].min_followers" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"hold_s\": 86401}]}}",
	  "$.alerts.rules[0].hold_s" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"channel\": \"Face\"}]}}",
	  "$.alerts.rules[0].channel" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\"}, {\"kind\": \"influencer\","
	  " \"channel\": \"\"}]}}",
	  "$.alerts.rules[1]" },
	{ "{\"alerts\": {\"rules\": [{\"kind\": \"influencer\", \"channel\": \"fb\"},"
	  " {\"kind\": \"influencer\", \"channel\": \"fb\"}]}}",
	  "$.alerts.rules[1]" },
	{ "{\"alerts\": {\"colour\": 1}}", "$.alerts.colour" },
	{ "{\"screen\": {\"on\": {\"mon\": [\"07:00-7:00\"]}}}", "$.screen.on.mon[0]" },
	{ "{\"screen\": {\"dim\": true}}", "$.screen.dim" },
	{ "{\"screen\": {\"cec\": 1}}", "$.screen.cec" },
	{ "{\"screen\": {\"burn_in\": {\"max_px\": 0}}}", "$.screen.burn_in.max_px" },
	{ "{\"screen\": {\"burn_in\": {\"max_px\": 33}}}", "$.screen.burn_in.max_px" },
	{ "{\"screen\": {\"burn_in\": {\"step_s\": 9}}}", "$.screen.burn_in.step_s" },
};

static void test_issue5_problems(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof issue5_bad_cases / sizeof issue5_bad_cases[0]; i++) {
		char what[512];
		snprintf(what, sizeof what, "%zu (%s)", i, issue5_bad_cases[i].json);
		expect_one_problem(what, issue5_bad_cases[i].json, issue5_bad_cases[i].path);
	}
}

static void test_issue5_too_many_rules(void **state)
{
	char doc[4096] = "{\"alerts\": {\"rules\": [";
	struct wb_config cfg;
	struct wb_problems p;
	(void)state;

	for (int i = 0; i <= WB_RULES_MAX; i++) {
		char one[96];
		snprintf(one, sizeof one, "%s{\"kind\": \"influencer\", \"channel\": \"c%d\"}", i ? ", " : "",
			 i);
		strcat(doc, one);
	}
	strcat(doc, "]}}");
	wb_config_defaults(&cfg);
	assert_int_equal(parse(doc, &cfg, &p), WB_ERR_INVALID);
	assert_true(has_problem(&p, "$.alerts.rules"));
	assert_int_equal(cfg.alerts.n, 0);
}

/* Field-wise comparison: bytes after a string's end, padding and list slots
 * past their count do not make two configs differ; every real change does,
 * in its own section only. */
static void test_equal_section(void **state)
{
	struct wb_config a, b;
	static const char *const sections[] = {
		"feed", "display", "sla", "http", "admin", "alerts", "screen"
	};
	struct wb_problems p;
	(void)state;

	memset(&a, 0x11, sizeof a);
	memset(&b, 0x77, sizeof b);
	wb_config_defaults(&a);
	wb_config_defaults(&b);
	snprintf(a.feed.url, sizeof a.feed.url, "%s", "https://x.example/feed-long-name");
	snprintf(a.feed.url, sizeof a.feed.url, "%s", "https://x");
	snprintf(b.feed.url, sizeof b.feed.url, "%s", "https://x");
	a.display.channels[3][0] = 'z'; /* past n_channels: unused */
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		assert_true(wb_config_equal_section(&a, &b, sections[i]));
	assert_true(wb_config_equal(&a, &b));
	assert_false(wb_config_equal_section(&a, &b, "nope"));

	b.feed.interval_s = 11;
	assert_false(wb_config_equal_section(&a, &b, "feed"));
	assert_true(wb_config_equal_section(&a, &b, "http"));
	assert_false(wb_config_equal(&a, &b));
	b.feed.interval_s = a.feed.interval_s;
	b.http.port = 9090;
	assert_false(wb_config_equal_section(&a, &b, "http"));
	assert_true(wb_config_equal_section(&a, &b, "feed"));
	b.http.port = a.http.port;

	/* Lists and hours through a parse, as the API would set them. */
	assert_int_equal(parse("{\"display\": {\"channels\": [\"web\"]}, \"sla\": {\"hours\":"
			       " {\"mon\": [\"08:00-17:00\"]}}, \"alerts\": {\"rules\":"
			       " [{\"kind\": \"influencer\"}]}}",
			       &b, &p),
			 WB_OK);
	assert_false(wb_config_equal_section(&a, &b, "display"));
	assert_false(wb_config_equal_section(&a, &b, "sla"));
	assert_false(wb_config_equal_section(&a, &b, "alerts"));
	assert_true(wb_config_equal_section(&a, &b, "feed"));
	assert_int_equal(parse("{\"display\": {\"channels\": [\"web\"]}, \"sla\": {\"hours\":"
			       " {\"mon\": [\"08:00-17:00\"]}}, \"alerts\": {\"rules\":"
			       " [{\"kind\": \"influencer\"}]}}",
			       &a, &p),
			 WB_OK);
	assert_true(wb_config_equal(&a, &b));
	b.alerts.rules[0].min_followers++;
	assert_false(wb_config_equal_section(&a, &b, "alerts"));
	b.alerts.rules[0].min_followers--;
	b.alerts.rules[0].raise_pct = 99; /* not a key of an influencer rule */
	assert_true(wb_config_equal_section(&a, &b, "alerts"));
}

/* First-boot import: the file over what the board has, as a merge patch. */
static void test_import(void **state)
{
	struct wb_config current, next;
	struct wb_problems p;
	const char *file;
	(void)state;

	wb_config_defaults(&current);
	snprintf(current.feed.url, sizeof current.feed.url, "%s", "https://old.example/feed");
	current.feed.interval_s = 30;
	current.display.theme = WB_THEME_LIGHT;
	snprintf(current.admin.token_hash, sizeof current.admin.token_hash, "%s", "wbh1$00$11");

	/* Keys the file names win, the others keep their value. */
	file = "{\"feed\": {\"url\": \"https://new.example/feed\"}, \"display\": {\"theme\": \"dark\"},"
	       " \"admin\": {\"token\": \"a-long-enough-token\"}}";
	wb_problems_clear(&p);
	memset(&next, 0x5A, sizeof next);
	assert_int_equal(wb_config_import(&current, file, strlen(file), &next, &p), WB_OK);
	assert_int_equal(p.count, 0);
	assert_string_equal(next.feed.url, "https://new.example/feed");
	assert_int_equal(next.feed.interval_s, 30);
	assert_int_equal(next.display.theme, WB_THEME_DARK);
	assert_string_equal(next.admin.token, "a-long-enough-token"); /* the caller seals it */
	assert_string_equal(next.admin.token_hash, "wbh1$00$11");

	/* A null is not a value of any key: the file alone is checked first. */
	file = "{\"display\": {\"theme\": null}}";
	wb_problems_clear(&p);
	assert_int_equal(wb_config_import(&current, file, strlen(file), &next, &p), WB_ERR_INVALID);
	assert_true(has_problem(&p, "$.display.theme"));

	/* The file alone must be valid: its own paths, and *next untouched. */
	memset(&next, 0x5A, sizeof next);
	file = "{\"feed\": {\"interval_s\": 1}, \"display\": {\"colour\": 1}}";
	wb_problems_clear(&p);
	assert_int_equal(wb_config_import(&current, file, strlen(file), &next, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, 2);
	assert_true(has_problem(&p, "$.feed.interval_s"));
	assert_true(has_problem(&p, "$.display.colour"));
	assert_int_equal(next.feed.interval_s, 0x5A5A5A5A);

	/* Broken JSON names its line; the merge never runs. */
	file = "{\"feed\":\n  {\"url\": }";
	wb_problems_clear(&p);
	assert_int_equal(wb_config_import(&current, file, strlen(file), &next, &p), WB_ERR_INVALID);
	assert_int_equal(p.count, 1);
	assert_non_null(strstr(p.items[0].message, "line 2"));

	/* Valid alone, invalid merged: the pair of attainment colours. */
	current.sla.attain_good_pct = 60;
	current.sla.attain_fair_pct = 50;
	file = "{\"sla\": {\"attainment\": {\"fair_pct\": 70}}}";
	wb_problems_clear(&p);
	assert_int_equal(wb_config_import(&current, file, strlen(file), &next, &p), WB_ERR_INVALID);
	assert_true(has_problem(&p, "$.sla.attainment"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_empty_object_keeps_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_demo_config),
		cmocka_unit_test(test_partial_overlay),
		cmocka_unit_test(test_each_problem),
		cmocka_unit_test(test_boundaries_accepted),
		cmocka_unit_test(test_string_length_limits),
		cmocka_unit_test(test_many_problems_together),
		cmocka_unit_test(test_overflowing_problem_list),
		cmocka_unit_test(test_too_many_targets),
		cmocka_unit_test(test_json_error_position),
		cmocka_unit_test(test_null_problems_and_terminator),
		cmocka_unit_test(test_issue5_defaults),
		cmocka_unit_test(test_issue5_full),
		cmocka_unit_test(test_issue5_round_trip),
		cmocka_unit_test(test_issue5_problems),
		cmocka_unit_test(test_issue5_too_many_rules),
		cmocka_unit_test(test_equal_section),
		cmocka_unit_test(test_import),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
