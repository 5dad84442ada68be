/* Out of memory at every allocation, in turn (WB_FAULT_INJECTION): the feed
 * parser, the config's parse, update and serialisation, the alert rules'
 * state and the trend record each get their 1st, 2nd, ... allocation refused until a run needs no
 * more. Every refused run must end in an error, leave nothing allocated and
 * leave the caller's last good data as it was; a run that hides the refusal
 * and reports success fails too. ASan and valgrind watch the same runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "wallboard/config.h"
#include "wallboard/feed.h"
#include "wallboard/rules.h"
#include "wallboard/trend.h"

/* A config that reaches every kind of field, rules included. */
static const char FULL_CONFIG[] =
	"{\"feed\": {\"url\": \"https://api.example.nl/wallboard/v1/feed\", \"token\": \"feed-secret-0123\","
	" \"interval_s\": 20},"
	" \"display\": {\"title\": \"Webcare NL\", \"language\": \"en\", \"theme\": \"light\", \"rotation\": "
	"90,"
	" \"channels\": [\"whatsapp\", \"x\"], \"scale\": 1.25},"
	" \"sla\": {\"warn_ratio\": 0.8, \"targets\": {\"webchat\": 300}, \"warn_ratios\": {\"x\": 0.5},"
	" \"time_zone\": \"Europe/Brussels\","
	" \"hours\": {\"mon\": [\"08:00-12:00\", \"13:00-22:00\"], \"sat\": [\"10:00-16:00\"]},"
	" \"channel_hours\": {\"linkedin\": {\"mon\": [\"09:00-17:00\"]}}},"
	" \"http\": {\"bind\": \"127.0.0.1\", \"port\": 8081},"
	" \"alerts\": {\"rules\": [{\"kind\": \"negative_share\", \"raise_pct\": 30, \"clear_pct\": 25,"
	" \"min_mentions\": 20}, {\"kind\": \"negative_spike\"},"
	" {\"kind\": \"influencer\", \"min_followers\": 10000}]},"
	" \"screen\": {\"on\": \"always\", \"burn_in\": {\"enabled\": false}}}";

static const char PATCH[] = "{\"display\": {\"title\": \"Vloer 2\", \"channels\": null},"
			    " \"sla\": {\"targets\": {\"x\": 600}}}";

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *data = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return data;
}

/* A failure the caller can report: out of memory says so by its status
 * alone; any other status must come with its reason. */
static void clear_error(enum wb_status st, bool has_reason)
{
	assert_int_not_equal(st, WB_OK);
	if (st != WB_ERR_NOMEM && !has_reason)
		fail_msg("status %d (%s) without a reason", st, wb_strerror(st));
}

/* ---- the feed parser ---- */

struct feed_ctx {
	char *body;
	size_t len;
};

static bool parse_feed(void *p)
{
	struct feed_ctx *c = p;
	struct wb_snapshot *snap = (struct wb_snapshot *)&snap; /* must be set to NULL on failure */
	struct wb_error err = { { 0 }, { 0 } };
	enum wb_status st = wb_feed_parse(c->body, c->len, &snap, &err);
	if (st == WB_OK) {
		wb_snapshot_free(snap);
		return true;
	}
	assert_null(snap);
	clear_error(st, err.message[0] != '\0');
	return false;
}

static void test_feed_parse(void **state)
{
	(void)state;
	struct feed_ctx c;
	c.body = read_file(WB_EXAMPLES "/feed-full.json", &c.len);
	long n = wb_fault_run_all("wb_feed_parse", parse_feed, &c);
	assert_true(n > 10); /* the document has channels, alerts and latest mentions */
	free(c.body);
}

/* ---- the config ---- */

struct config_ctx {
	struct wb_config good; /* the last good config, which no failure may touch */
	struct wb_config copy;
};

static bool parse_config(void *p)
{
	struct config_ctx *c = p;
	struct wb_config cfg = c->good;
	struct wb_problems problems;
	wb_problems_clear(&problems);
	enum wb_status st = wb_config_parse(FULL_CONFIG, sizeof FULL_CONFIG - 1, &cfg, &problems);
	if (st == WB_OK)
		return true;
	assert_memory_equal(&cfg, &c->good, sizeof cfg); /* "*cfg untouched" */
	clear_error(st, problems.count > 0);
	return false;
}

static bool update_config(void *p)
{
	struct config_ctx *c = p;
	struct wb_config next = c->good;
	struct wb_problems problems;
	bool not_json = false;
	wb_problems_clear(&problems);
	enum wb_status st =
		wb_config_update(&c->good, NULL, PATCH, sizeof PATCH - 1, true, &next, &not_json, &problems);
	assert_memory_equal(&c->good, &c->copy, sizeof c->good); /* current is never written */
	if (st == WB_OK)
		return true;
	assert_memory_equal(&next, &c->good, sizeof next); /* "*next untouched" */
	clear_error(st, problems.count > 0);
	return false;
}

static bool serialize_config(void *p)
{
	struct config_ctx *c = p;
	char *json = wb_config_to_json(&c->good, WB_CONFIG_FOR_STATE);
	free(json);
	return json != NULL;
}

static void test_config(void **state)
{
	(void)state;
	struct config_ctx c;
	wb_config_defaults(&c.good);
	struct wb_problems problems;
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_parse(FULL_CONFIG, sizeof FULL_CONFIG - 1, &c.good, &problems), WB_OK);
	c.copy = c.good;
	assert_true(wb_fault_run_all("wb_config_parse", parse_config, &c) > 0);
	assert_true(wb_fault_run_all("wb_config_update", update_config, &c) > 0);
	assert_true(wb_fault_run_all("wb_config_to_json", serialize_config, &c) > 0);
}

/* ---- the alert rules' state ---- */

struct rules_ctx {
	struct wb_config cfg;
	struct wb_snapshot *snap;
	char *saved; /* a state with baselines, as written at exit */
};

static bool run_rules(void *p)
{
	struct rules_ctx *c = p;
	bool ok = false;
	struct wb_alert *alerts = NULL;
	size_t n_alerts = 0;
	char *json = NULL;
	struct wb_rules_state *st = wb_rules_state_create();
	struct wb_rules_state *back = NULL;
	struct wb_error err = { { 0 }, { 0 } };
	if (!st)
		goto out;
	/* Three polls a minute apart: baselines learnt, alerts raised. */
	for (int i = 0; i < 3; i++) {
		enum wb_status s =
			wb_rules_update(st, &c->cfg.alerts, c->snap, c->snap->generated_at_ms + i * 60000);
		if (s != WB_OK) {
			assert_int_equal(s, WB_ERR_NOMEM); /* the only way it may fail */
			goto out;
		}
	}
	if (wb_rules_alerts(st, WB_LANG_NL, &alerts, &n_alerts) != WB_OK)
		goto out;
	json = wb_rules_state_serialize(st);
	if (!json)
		goto out;
	enum wb_status s = wb_rules_state_deserialize(c->saved, strlen(c->saved), &back, &err);
	if (s != WB_OK) {
		assert_null(back);
		clear_error(s, err.message[0] != '\0');
		goto out;
	}
	ok = true;
out:
	wb_rules_state_destroy(back);
	free(json);
	wb_alerts_free(alerts, n_alerts);
	wb_rules_state_destroy(st);
	return ok;
}

static void test_rules(void **state)
{
	(void)state;
	struct rules_ctx c;
	struct wb_problems problems;
	struct wb_error err;
	size_t len;
	wb_config_defaults(&c.cfg);
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_parse(FULL_CONFIG, sizeof FULL_CONFIG - 1, &c.cfg, &problems), WB_OK);
	char *body = read_file(WB_EXAMPLES "/feed-full.json", &len);
	assert_int_equal(wb_feed_parse(body, len, &c.snap, &err), WB_OK);
	free(body);
	struct wb_rules_state *st = wb_rules_state_create();
	assert_non_null(st);
	assert_int_equal(wb_rules_update(st, &c.cfg.alerts, c.snap, c.snap->generated_at_ms), WB_OK);
	c.saved = wb_rules_state_serialize(st);
	assert_non_null(c.saved);
	wb_rules_state_destroy(st);

	assert_true(wb_fault_run_all("the alert rules", run_rules, &c) > 0);
	free(c.saved);
	wb_snapshot_free(c.snap);
}

/* ---- the trend record ---- */

struct trend_ctx {
	struct wb_snapshot *snap;
	char *saved; /* a record with hours, as written at exit */
};

static bool run_trend(void *p)
{
	struct trend_ctx *c = p;
	bool ok = false;
	char *json = NULL;
	struct wb_trend *t = wb_trend_create(), *back = NULL;
	struct wb_error err = { { 0 }, { 0 } };
	if (!t)
		goto out;
	wb_trend_observe(t, c->snap); /* allocates nothing: may not fail */
	json = wb_trend_serialize(t);
	if (!json)
		goto out;
	enum wb_status s = wb_trend_deserialize(c->saved, strlen(c->saved), &back, &err);
	if (s != WB_OK) {
		assert_null(back);
		clear_error(s, err.message[0] != '\0');
		goto out;
	}
	ok = true;
out:
	wb_trend_destroy(back);
	free(json);
	wb_trend_destroy(t);
	return ok;
}

static void test_trend(void **state)
{
	(void)state;
	struct trend_ctx c;
	struct wb_error err;
	size_t len;
	char *body = read_file(WB_EXAMPLES "/feed-full.json", &len);
	assert_int_equal(wb_feed_parse(body, len, &c.snap, &err), WB_OK);
	free(body);
	struct wb_trend *t = wb_trend_create();
	assert_non_null(t);
	wb_trend_observe(t, c.snap);
	c.saved = wb_trend_serialize(t);
	assert_non_null(c.saved);
	wb_trend_destroy(t);

	assert_true(wb_fault_run_all("the trend record", run_trend, &c) > 0);
	free(c.saved);
	wb_snapshot_free(c.snap);
}

int main(void)
{
	wb_fault_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feed_parse),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_trend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
