/* Pins the local alert rules: each threshold, its clearing level and hold
 * time, the spike baseline and how often it learns, the influencer alert,
 * per-channel rules over all-channel ones, the texts in both languages,
 * merging with the feed's alerts, and the state's JSON round trip including
 * damaged input. Snapshots are built in place; time is a plain counter. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/feed.h"
#include "wallboard/fsutil.h"
#include "wallboard/rules.h"
#include "rules/internal.h" /* wb_rules_state_count */

#define T0 1795425600000LL         /* 2026-11-23T09:20:00Z */
#define S(n) (1000 * (int64_t)(n)) /* not (n) * 1000: clang-format 14 takes (n)* for a cast */

/* A snapshot of up to four channels held in caller storage. */
struct fake {
	struct wb_snapshot snap;
	struct wb_channel ch[4];
	char labels[4][32];
	struct wb_mention latest[4];
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof *f);
	f->snap.channels = f->ch;
	f->snap.latest = f->latest;
}

static struct wb_channel *fake_channel(struct fake *f, const char *id, const char *label, int64_t pos,
				       int64_t neu, int64_t neg)
{
	struct wb_channel *c = &f->ch[f->snap.n_channels];
	snprintf(c->id, sizeof c->id, "%s", id);
	snprintf(f->labels[f->snap.n_channels], sizeof f->labels[0], "%s", label);
	c->label = f->labels[f->snap.n_channels];
	c->sentiment = (struct wb_sentiment_counts){ true, pos, neu, neg };
	f->snap.n_channels++;
	return c;
}

static void fake_mention(struct fake *f, char *channel, char *author, int64_t followers, enum wb_sentiment s,
			 char *text)
{
	struct wb_mention *m = &f->latest[f->snap.n_latest++];
	m->channel = channel;
	m->author = author;
	m->has_followers = followers >= 0;
	m->followers = followers;
	m->sentiment = s;
	m->text = text;
}

static struct wb_rules_config one_rule(enum wb_rule_kind kind, const char *channel)
{
	struct wb_rules_config cfg = { .n = 1 };
	wb_rule_defaults(&cfg.rules[0], kind);
	snprintf(cfg.rules[0].channel, sizeof cfg.rules[0].channel, "%s", channel);
	return cfg;
}

/* Alerts now, in lang; the test owns them. */
static struct wb_alert *alerts(const struct wb_rules_state *st, enum wb_lang lang, size_t *n)
{
	struct wb_alert *a = NULL;
	assert_int_equal(wb_rules_alerts(st, lang, &a, n), WB_OK);
	return a;
}

struct share_step {
	int64_t at_s;
	int64_t pos, neg; /* neutral 0 */
	bool active;
	const char *message_en; /* NULL: don't check */
};

/* raise 30 %, clear 25 %, >= 20 mentions, hold 600 s. */
static const struct share_step share_steps[] = {
	{ 0, 71, 29, false, NULL },                                    /* 29 %: below */
	{ 10, 70, 30, true, "Facebook 30% negative (threshold 30%)" }, /* exactly at */
	{ 20, 74, 26, true, "Facebook 26% negative (threshold 30%)" }, /* above clear */
	{ 30, 80, 20, true, "Facebook 26% negative (threshold 30%)" }, /* held; last figure */
	{ 609, 80, 20, true, NULL },                                   /* 599 s since raise */
	{ 610, 80, 20, false, NULL },                                  /* hold over: cleared */
	{ 620, 71, 29, false, NULL }, /* hysteresis: 29 % does not re-raise */
	{ 630, 9, 10, false, NULL },  /* 53 % of 19: too few */
	{ 640, 62, 38, true, "Facebook 38% negative (threshold 30%)" },
	{ 650, 75, 25, true, NULL },   /* exactly the clear level keeps it */
	{ 1240, 76, 24, false, NULL }, /* below clear after the hold */
};

static void test_negative_share(void **state)
{
	struct wb_rules_config cfg = one_rule(WB_RULE_NEGATIVE_SHARE, "");
	struct wb_rules_state *st = wb_rules_state_create();
	(void)state;

	cfg.rules[0].raise_pct = 30;
	cfg.rules[0].clear_pct = 25;
	cfg.rules[0].min_mentions = 20;
	cfg.rules[0].hold_s = 600;
	for (size_t i = 0; i < sizeof share_steps / sizeof share_steps[0]; i++) {
		const struct share_step *s = &share_steps[i];
		struct fake f;
		struct wb_alert *a;
		size_t n;

		fake_init(&f);
		fake_channel(&f, "facebook", "Facebook", s->pos, 0, s->neg);
		assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(s->at_s)), WB_OK);
		a = alerts(st, WB_LANG_EN, &n);
		if (n != (s->active ? 1u : 0u))
			fail_msg("step %zu (t=%lld): %zu alerts", i, (long long)s->at_s, n);
		if (s->message_en && strcmp(a[0].message, s->message_en) != 0)
			fail_msg("step %zu: '%s'", i, a[0].message);
		wb_alerts_free(a, n);
	}
	wb_rules_state_destroy(st);
}

static void test_share_alert_fields_and_dutch(void **state)
{
	struct wb_rules_config cfg = one_rule(WB_RULE_NEGATIVE_SHARE, "facebook");
	struct wb_rules_state *st = wb_rules_state_create();
	struct fake f;
	struct wb_alert *a;
	size_t n;
	(void)state;

	fake_init(&f);
	fake_channel(&f, "facebook", "Facebook", 50, 12, 38);
	fake_channel(&f, "twitter", "X / Twitter", 0, 0, 100); /* rule is for facebook only */
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0), WB_OK);
	a = alerts(st, WB_LANG_NL, &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].id, "local:neg_share:facebook");
	assert_string_equal(a[0].kind, "negative_share");
	assert_string_equal(a[0].channel, "facebook");
	assert_int_equal(a[0].severity, WB_SEVERITY_WARNING);
	assert_true(a[0].has_since);
	assert_int_equal(a[0].since_ms, T0);
	assert_false(a[0].acknowledged);
	assert_string_equal(a[0].message, "Facebook 38% negatief (drempel 30%)");
	wb_alerts_free(a, n);
	a = alerts(st, WB_LANG_EN, &n);
	assert_string_equal(a[0].message, "Facebook 38% negative (threshold 30%)");
	wb_alerts_free(a, n);
	wb_rules_state_destroy(st);
}

struct spike_step {
	int64_t at_s, neg;
	bool active;
};

/* factor 3, clear 2, >= 10, alpha 0.5, learning on every poll, no hold:
 * baseline 4 -> 4.5 -> 9.25 -> 14.125 -> ... (compared before learning). */
static const struct spike_step spike_steps[] = {
	{ 0, 4, false },   /* seeds the baseline, never alerts */
	{ 10, 5, false },  /* 5 < 3 * 4 */
	{ 20, 14, true },  /* 14 >= 3 * 4.5 = 13.5 */
	{ 30, 19, true },  /* 19 >= 2 * 9.25 = 18.5 */
	{ 40, 20, false }, /* 20 < 2 * 14.125 */
};

static void test_negative_spike(void **state)
{
	struct wb_rules_config cfg = one_rule(WB_RULE_NEGATIVE_SPIKE, "");
	struct wb_rules_state *st = wb_rules_state_create();
	struct wb_alert *a;
	size_t n;
	(void)state;

	cfg.rules[0].alpha = 0.5;
	cfg.rules[0].sample_every_s = 0;
	cfg.rules[0].hold_s = 0;
	for (size_t i = 0; i < sizeof spike_steps / sizeof spike_steps[0]; i++) {
		struct fake f;
		fake_init(&f);
		fake_channel(&f, "twitter", "X / Twitter", 50, 20, spike_steps[i].neg);
		assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(spike_steps[i].at_s)), WB_OK);
		a = alerts(st, WB_LANG_NL, &n);
		if (n != (spike_steps[i].active ? 1u : 0u))
			fail_msg("step %zu: %zu alerts", i, n);
		if (i == 2) {
			assert_string_equal(a[0].id, "local:spike:twitter");
			assert_string_equal(a[0].kind, "sentiment_spike");
			assert_int_equal(a[0].severity, WB_SEVERITY_CRITICAL);
			assert_string_equal(a[0].message, "X / Twitter negatieve piek: 14 in het laatste "
							  "uur, normaal 4,5 (drempel 3×)");
			wb_alerts_free(a, n);
			a = alerts(st, WB_LANG_EN, &n);
			assert_string_equal(a[0].message, "X / Twitter negative spike: 14 in the last "
							  "hour, normally 4.5 (threshold 3×)");
		}
		wb_alerts_free(a, n);
	}
	wb_rules_state_destroy(st);
}

static void test_spike_minimum_sampling_and_hold(void **state)
{
	struct wb_rules_config cfg = one_rule(WB_RULE_NEGATIVE_SPIKE, "twitter");
	struct wb_rules_state *st = wb_rules_state_create();
	struct fake f;
	struct wb_alert *a;
	size_t n;
	(void)state;

	cfg.rules[0].alpha = 0.5;
	cfg.rules[0].sample_every_s = 300;
	cfg.rules[0].hold_s = 900;
	fake_init(&f);
	struct wb_channel *c = fake_channel(&f, "twitter", "Twitter", 10, 10, 1);
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0), WB_OK); /* baseline 1 */
	c->sentiment.negative = 9;                                       /* 9x, but under the minimum of 10 */
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(10)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 0);
	/* Polls every 10 s do not teach the baseline (sampled every 300 s):
	 * still 1, so 10 raises. With per-poll learning it would be 5. */
	c->sentiment.negative = 10;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(20)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(a[0].message, "normally 1 "));
	wb_alerts_free(a, n);
	/* Back to 1: below the clear level, but held for 900 s from the raise. */
	c->sentiment.negative = 1;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(919)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(a[0].message, ": 10 in the last hour")); /* last justified figure */
	wb_alerts_free(a, n);
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(920)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 0);
	/* A zero baseline: any count at the minimum is a spike. */
	wb_rules_state_destroy(st);
	st = wb_rules_state_create();
	c->sentiment.negative = 0;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0), WB_OK);
	c->sentiment.negative = 10;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(10)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	wb_alerts_free(a, n);
	wb_rules_state_destroy(st);
}

static void test_influencer(void **state)
{
	struct wb_rules_config cfg = one_rule(WB_RULE_INFLUENCER, "");
	struct wb_rules_state *st = wb_rules_state_create();
	struct fake f;
	struct wb_alert *a;
	size_t n;
	char fb[] = "facebook", tw[] = "twitter";
	char jan[] = "@jan", big[] = "@big", small[] = "@small", happy[] = "@happy";
	char txt[] = "Waar blijft mijn terugbetaling van €49,95? 😡", meh[] = "meh";
	(void)state;

	cfg.rules[0].min_followers = 10000;
	cfg.rules[0].hold_s = 1800;
	fake_init(&f);
	fake_channel(&f, "facebook", "Facebook", 1, 1, 1);
	fake_channel(&f, "twitter", "X / Twitter", 1, 1, 1);
	fake_mention(&f, fb, small, 9999, WB_SENTIMENT_NEGATIVE, meh);  /* too small */
	fake_mention(&f, tw, happy, 90000, WB_SENTIMENT_POSITIVE, meh); /* not negative */
	fake_mention(&f, fb, jan, 15400, WB_SENTIMENT_NEGATIVE, txt);
	fake_mention(&f, tw, big, -1, WB_SENTIMENT_NEGATIVE, meh); /* followers unknown */
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0), WB_OK);
	a = alerts(st, WB_LANG_NL, &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].id, "local:influencer:facebook");
	assert_string_equal(a[0].kind, "influencer");
	assert_int_equal(a[0].severity, WB_SEVERITY_WARNING);
	assert_string_equal(a[0].message, "Facebook: negatief bericht van @jan (15.400 volgers): "
					  "Waar blijft mijn terugbetaling van €49,95? 😡");
	wb_alerts_free(a, n);
	a = alerts(st, WB_LANG_EN, &n);
	assert_string_equal(a[0].message, "Facebook: negative post by @jan (15,400 followers): "
					  "Waar blijft mijn terugbetaling van €49,95? 😡");
	wb_alerts_free(a, n);

	/* The post scrolls out of `latest`: shown for the hold time, then gone. */
	f.snap.n_latest = 2;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(1799)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(a[0].message, "@jan"));
	wb_alerts_free(a, n);
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(1800)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 0);
	wb_rules_state_destroy(st);
}

/* An all-channels rule and a stricter one for facebook: facebook follows its
 * own; channels leaving the feed keep their alert for the hold time; a rule
 * removed from the config clears its alerts at once. */
static void test_rule_selection_and_lifecycle(void **state)
{
	struct wb_rules_config cfg = { .n = 2 };
	struct wb_rules_state *st = wb_rules_state_create();
	struct fake f;
	struct wb_alert *a;
	size_t n;
	(void)state;

	wb_rule_defaults(&cfg.rules[0], WB_RULE_NEGATIVE_SHARE);
	wb_rule_defaults(&cfg.rules[1], WB_RULE_NEGATIVE_SHARE);
	strcpy(cfg.rules[1].channel, "facebook");
	cfg.rules[1].raise_pct = 50;
	cfg.rules[1].clear_pct = 45;
	fake_init(&f);
	fake_channel(&f, "facebook", "Facebook", 60, 0, 40);
	fake_channel(&f, "twitter", "X / Twitter", 60, 0, 40);
	fake_channel(&f, "webchat", "Webchat", 90, 0, 10);
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].id, "local:neg_share:twitter");
	wb_alerts_free(a, n);

	/* twitter leaves the feed: held 600 s by default, then cleared */
	f.snap.n_channels = 1;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(599)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	wb_alerts_free(a, n);
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(600)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 0);

	f.snap.n_channels = 3;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(700)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 1);
	wb_alerts_free(a, n);
	cfg.n = 0;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(710)), WB_OK);
	a = alerts(st, WB_LANG_EN, &n);
	assert_int_equal(n, 0);
	assert_null(a);
	/* No config at all and no snapshot are fine too. */
	assert_int_equal(wb_rules_update(st, NULL, NULL, T0), WB_OK);
	wb_rules_state_destroy(st);
}

static struct wb_alert mk(const char *id, enum wb_severity sev, const char *kind, const char *ch)
{
	struct wb_alert a = { .severity = sev };
	a.id = (char *)id;
	a.kind = (char *)kind;
	a.channel = (char *)ch;
	a.message = (char *)id;
	return a;
}

static void test_merge(void **state)
{
	struct wb_alert feed[] = {
		mk("a-17", WB_SEVERITY_CRITICAL, "sentiment_spike", "twitter"),
		mk("a-18", WB_SEVERITY_INFO, "negative_share", "facebook"),
		mk("a-19", WB_SEVERITY_WARNING, "queue", "whatsapp"),
		mk("a-20", WB_SEVERITY_INFO, "notice", NULL),
		mk("a-21", WB_SEVERITY_INFO, NULL, "webchat"),
	};
	struct wb_alert local[] = {
		mk("local:spike:twitter", WB_SEVERITY_CRITICAL, "sentiment_spike", "twitter"),
		mk("local:neg_share:facebook", WB_SEVERITY_WARNING, "negative_share", "facebook"),
		mk("local:neg_share:whatsapp", WB_SEVERITY_WARNING, "negative_share", "whatsapp"),
		mk("local:notice", WB_SEVERITY_INFO, "notice", NULL),
		mk("local:nokind", WB_SEVERITY_INFO, NULL, "webchat"),
	};
	static const char *const want[] = {
		"a-17",                     /* equal severity: the feed's */
		"local:neg_share:facebook", /* more severe: the local one, in the feed's place */
		"a-19",
		"a-20", /* board-wide duplicates merge too */
		"a-21",
		"local:neg_share:whatsapp", /* different kind from the queue alert */
		"local:nokind",             /* no kind: never merged */
	};
	struct wb_alert *out;
	size_t n;
	(void)state;

	feed[0].acknowledged = true;
	feed[0].has_since = true;
	feed[0].since_ms = T0;
	assert_int_equal(wb_alerts_merge(feed, 5, local, 5, &out, &n), WB_OK);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i].id, want[i]) != 0)
			fail_msg("position %zu: %s, want %s", i, out[i].id, want[i]);
	/* deep copies keeping every field */
	assert_ptr_not_equal(out[0].id, feed[0].id);
	assert_true(out[0].acknowledged);
	assert_int_equal(out[0].since_ms, T0);
	assert_null(out[3].channel);
	wb_alerts_free(out, n);

	assert_int_equal(wb_alerts_merge(NULL, 0, NULL, 0, &out, &n), WB_OK);
	assert_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(wb_alerts_merge(NULL, 0, local, 2, &out, &n), WB_OK);
	assert_int_equal(n, 2);
	wb_alerts_free(out, n);
	wb_alerts_free(NULL, 3);
}

/* The shared fixture with every rule at its defaults: only the influencer
 * (@jan, 15400 followers, negative) fires; merged with the feed's three. */
static void test_fixture_defaults(void **state)
{
	struct wb_rules_config cfg = { .n = 3 };
	struct wb_rules_state *st = wb_rules_state_create();
	struct wb_snapshot *snap = NULL;
	struct wb_alert *a, *merged;
	struct wb_error err;
	char *body = NULL;
	size_t len, n, nm;
	(void)state;

	for (int k = 0; k < WB_RULE_KIND_COUNT; k++)
		wb_rule_defaults(&cfg.rules[k], (enum wb_rule_kind)k);
	assert_int_equal(wb_fs_read_file(WB_EXAMPLES "/feed-full.json", 1 << 20, &body, &len, &err), WB_OK);
	assert_int_equal(wb_feed_parse(body, len, &snap, &err), WB_OK);
	assert_int_equal(wb_rules_update(st, &cfg, snap, snap->generated_at_ms), WB_OK);
	a = alerts(st, WB_LANG_NL, &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].id, "local:influencer:facebook");
	assert_non_null(strstr(a[0].message, "@jan (15.400 volgers)"));
	assert_int_equal(wb_alerts_merge(snap->alerts, snap->n_alerts, a, n, &merged, &nm), WB_OK);
	assert_int_equal(nm, snap->n_alerts + 1);
	assert_string_equal(merged[nm - 1].id, "local:influencer:facebook");
	wb_alerts_free(merged, nm);
	wb_alerts_free(a, n);
	wb_snapshot_free(snap);
	free(body);
	wb_rules_state_destroy(st);
}

/* Builds a state with a learned baseline, a raised spike and an influencer. */
static struct wb_rules_state *busy_state(struct wb_rules_config *cfg)
{
	struct wb_rules_state *st = wb_rules_state_create();
	struct fake f;
	char fb[] = "facebook", jan[] = "@jan \"quoted\"", txt[] = "Ik wacht al 3 dagen… €";

	cfg->n = 2;
	wb_rule_defaults(&cfg->rules[0], WB_RULE_NEGATIVE_SPIKE);
	cfg->rules[0].sample_every_s = 0;
	wb_rule_defaults(&cfg->rules[1], WB_RULE_INFLUENCER);
	fake_init(&f);
	struct wb_channel *c = fake_channel(&f, "facebook", "Facebook \"FB\"", 10, 10, 3);
	assert_int_equal(wb_rules_update(st, cfg, &f.snap, T0), WB_OK);
	c->sentiment.negative = 4;
	assert_int_equal(wb_rules_update(st, cfg, &f.snap, T0 + S(10)), WB_OK);
	c->sentiment.negative = 40;
	fake_mention(&f, fb, jan, 20000, WB_SENTIMENT_NEGATIVE, txt);
	assert_int_equal(wb_rules_update(st, cfg, &f.snap, T0 + S(20)), WB_OK);
	return st;
}

static void test_state_round_trip(void **state)
{
	struct wb_rules_config cfg;
	struct wb_rules_state *st = busy_state(&cfg), *back = NULL;
	struct wb_alert *a1, *a2;
	size_t n1, n2;
	char *json = wb_rules_state_serialize(st), *json2;
	struct wb_error err;
	struct fake f;
	(void)state;

	assert_non_null(json);
	assert_int_equal(wb_rules_state_deserialize(json, strlen(json), &back, &err), WB_OK);
	assert_int_equal(wb_rules_state_count(back), 2);
	json2 = wb_rules_state_serialize(back);
	assert_string_equal(json, json2);
	/* Same alerts from the restored state... */
	a1 = alerts(st, WB_LANG_EN, &n1);
	a2 = alerts(back, WB_LANG_EN, &n2);
	assert_int_equal(n1, 2);
	assert_int_equal(n2, 2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(a1[i].id, a2[i].id);
		assert_string_equal(a1[i].message, a2[i].message);
		assert_int_equal(a1[i].since_ms, a2[i].since_ms);
	}
	wb_alerts_free(a1, n1);
	wb_alerts_free(a2, n2);
	/* ...and the restored baseline decides the next poll the same way: 13
	 * is under 2x the learned 10.56, so both clear (a fresh seed would
	 * have stayed silent without clearing anything). */
	fake_init(&f);
	fake_channel(&f, "facebook", "Facebook", 10, 10, 13);
	cfg.n = 1;
	cfg.rules[0].hold_s = 0;
	assert_int_equal(wb_rules_update(st, &cfg, &f.snap, T0 + S(30)), WB_OK);
	assert_int_equal(wb_rules_update(back, &cfg, &f.snap, T0 + S(30)), WB_OK);
	free(json);
	free(json2);
	json = wb_rules_state_serialize(st);
	json2 = wb_rules_state_serialize(back);
	assert_string_equal(json, json2);
	a1 = alerts(back, WB_LANG_EN, &n1);
	assert_int_equal(n1, 0);
	wb_alerts_free(a1, n1);
	free(json);
	free(json2);
	wb_rules_state_destroy(st);
	wb_rules_state_destroy(back);

	/* An empty state round-trips to an empty state. */
	st = wb_rules_state_create();
	json = wb_rules_state_serialize(st);
	assert_string_equal(json, "{\"version\":1,\"entries\":[]}");
	assert_int_equal(wb_rules_state_deserialize(json, strlen(json), &back, &err), WB_OK);
	assert_int_equal(wb_rules_state_count(back), 0);
	free(json);
	wb_rules_state_destroy(st);
	wb_rules_state_destroy(back);
}

static void test_state_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"null",
		"{\"version\":2,\"entries\":[]}",
		"{\"entries\":[]}",
		"{\"version\":1,\"entries\":{}}",
		"{\"version\":1,\"entries\":[1]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"nope\",\"channel\":\"x\"}]}",
		"{\"version\":1,\"entries\":[{\"channel\":\"x\"}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":\"../x\"}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":\"\"}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":"
		"\"a23456789012345678901234567890123\"}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"negative_spike\",\"channel\":\"x\",\"baseline\":-1}]"
		"}",
		"{\"version\":1,\"entries\":[{\"kind\":\"negative_spike\",\"channel\":\"x\",\"baseline\":"
		"\"4\"}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"negative_spike\",\"channel\":\"x\",\"baseline\":"
		"1e999}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"negative_spike\",\"channel\":\"x\",\"since_ms\":1.5}"
		"]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"negative_spike\",\"channel\":\"x\",\"active\":1}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":\"x\",\"author\":7}]}",
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":\"x\"},"
		"{\"kind\":\"influencer\",\"channel\":\"x\"}]}",
	};
	struct wb_rules_state *st;
	struct wb_error err;
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		st = (struct wb_rules_state *)&err; /* must be reset to NULL */
		if (wb_rules_state_deserialize(bad[i], strlen(bad[i]), &st, &err) != WB_ERR_INVALID ||
		    st != NULL)
			fail_msg("accepted case %zu: %s", i, bad[i]);
	}
	assert_int_equal(wb_rules_state_deserialize(NULL, 0, &st, &err), WB_ERR_INVALID);
	/* Keys may be missing (older writers): defaults. */
	static const char older[] =
		"{\"version\":1,\"entries\":[{\"kind\":\"influencer\",\"channel\":\"x\"}]}";
	assert_int_equal(wb_rules_state_deserialize(older, strlen(older), &st, &err), WB_OK);
	assert_int_equal(wb_rules_state_count(st), 1);
	wb_rules_state_destroy(st);
}

static void test_validate_and_names(void **state)
{
	struct {
		enum wb_rule_kind kind;
		const char *field;
		double value;
		enum wb_status want;
	} cases[] = {
		{ WB_RULE_NEGATIVE_SHARE, "", 0, WB_OK },
		{ WB_RULE_NEGATIVE_SHARE, "clear_pct", 31, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SHARE, "clear_pct", 0, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SHARE, "raise_pct", 101, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SHARE, "min_mentions", 0, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SHARE, "hold_s", -1, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SPIKE, "", 0, WB_OK },
		{ WB_RULE_NEGATIVE_SPIKE, "alpha", 0, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SPIKE, "alpha", 1, WB_OK },
		{ WB_RULE_NEGATIVE_SPIKE, "clear_factor", 0.5, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SPIKE, "clear_factor", 3.5, WB_ERR_INVALID },
		{ WB_RULE_NEGATIVE_SPIKE, "min_negative", 0, WB_ERR_INVALID },
		{ WB_RULE_INFLUENCER, "", 0, WB_OK },
		{ WB_RULE_INFLUENCER, "min_followers", 0, WB_ERR_INVALID },
		{ WB_RULE_INFLUENCER, "hold_s", 86401, WB_ERR_INVALID },
	};
	struct wb_error err;
	enum wb_rule_kind k;
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wb_rule r;
		wb_rule_defaults(&r, cases[i].kind);
		if (!strcmp(cases[i].field, "clear_pct"))
			r.clear_pct = cases[i].value;
		if (!strcmp(cases[i].field, "raise_pct"))
			r.raise_pct = cases[i].value;
		if (!strcmp(cases[i].field, "min_mentions"))
			r.min_mentions = (int64_t)cases[i].value;
		if (!strcmp(cases[i].field, "hold_s"))
			r.hold_s = (int64_t)cases[i].value;
		if (!strcmp(cases[i].field, "alpha"))
			r.alpha = cases[i].value;
		if (!strcmp(cases[i].field, "clear_factor"))
			r.clear_factor = cases[i].value;
		if (!strcmp(cases[i].field, "min_negative"))
			r.min_negative = (int64_t)cases[i].value;
		if (!strcmp(cases[i].field, "min_followers"))
			r.min_followers = (int64_t)cases[i].value;
		if (wb_rule_validate(&r, &err) != cases[i].want)
			fail_msg("case %zu (%s)", i, cases[i].field);
	}
	{
		struct wb_rule r;
		wb_rule_defaults(&r, WB_RULE_INFLUENCER);
		strcpy(r.channel, "Face book");
		assert_int_equal(wb_rule_validate(&r, &err), WB_ERR_INVALID);
		assert_non_null(strstr(err.message, "channel"));
	}
	for (int i = 0; i < WB_RULE_KIND_COUNT; i++) {
		assert_true(wb_rule_kind_parse(wb_rule_kind_name((enum wb_rule_kind)i), &k));
		assert_int_equal(k, i);
	}
	assert_false(wb_rule_kind_parse("sentiment_spike", &k));
	assert_false(wb_rule_kind_parse(NULL, &k));
	assert_string_equal(wb_rule_kind_name((enum wb_rule_kind)9), "unknown");
	wb_rules_state_destroy(NULL);
	assert_int_equal(wb_rules_state_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negative_share),
		cmocka_unit_test(test_share_alert_fields_and_dutch),
		cmocka_unit_test(test_negative_spike),
		cmocka_unit_test(test_spike_minimum_sampling_and_hold),
		cmocka_unit_test(test_influencer),
		cmocka_unit_test(test_rule_selection_and_lifecycle),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_fixture_defaults),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_corrupt),
		cmocka_unit_test(test_validate_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
