/* The view rules shared by the renderer and the status report: which
 * channels are shown in which order, which alert leads the banner and whether
 * it pulses, rotation to a logical size, paging over the shown channels, and
 * when the identify screen is up. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/layout.h"
#include "wallboard/tz.h"
#include "wallboard/utf8.h"
#include "wallboard/view.h"

#define N_FEED 4
static const char *const feed_ids[N_FEED] = { "twitter", "facebook", "whatsapp", "webchat" };

/* A snapshot with the four channels above (ids only: all the rules read). */
struct fixture {
	struct wb_channel channels[30];
	struct wb_snapshot snap;
};

static void fixture_init(struct fixture *fx, size_t n)
{
	memset(fx, 0, sizeof *fx);
	for (size_t i = 0; i < n; i++) {
		if (i < N_FEED)
			snprintf(fx->channels[i].id, sizeof fx->channels[i].id, "%s", feed_ids[i]);
		else
			snprintf(fx->channels[i].id, sizeof fx->channels[i].id, "ch%zu", i);
	}
	fx->snap.channels = fx->channels;
	fx->snap.n_channels = n;
}

static void set_channels(struct wb_config *cfg, const char *const *ids, size_t n)
{
	cfg->display.n_channels = n;
	for (size_t i = 0; i < n; i++)
		snprintf(cfg->display.channels[i], sizeof cfg->display.channels[i], "%s", ids[i]);
}

struct channels_case {
	const char *name;
	const char *ids[6];
	size_t n_ids;
	size_t cap;
	size_t want[6];
	size_t n_want;
};

static const struct channels_case channels_cases[] = {
	{ "no list: all in feed order", { NULL }, 0, 64, { 0, 1, 2, 3 }, 4 },
	{ "order as listed", { "webchat", "twitter" }, 2, 64, { 3, 0 }, 2 },
	{ "full list reordered", { "whatsapp", "webchat", "facebook", "twitter" }, 4, 64, { 2, 3, 1, 0 }, 4 },
	{ "unknown ids skipped", { "tiktok", "facebook", "email" }, 3, 64, { 1 }, 1 },
	{ "repeats shown once, at the first place",
	  { "facebook", "twitter", "facebook" },
	  3,
	  64,
	  { 1, 0 },
	  2 },
	{ "nothing listed exists: nothing shown", { "tiktok" }, 1, 64, { 0 }, 0 },
	{ "cap respected", { "webchat", "whatsapp", "twitter" }, 3, 2, { 3, 2 }, 2 },
	{ "ids are case-sensitive", { "Twitter", "webchat" }, 2, 64, { 3 }, 1 },
};

static void test_channels_order_and_filter(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, N_FEED);
	for (size_t c = 0; c < sizeof channels_cases / sizeof channels_cases[0]; c++) {
		const struct channels_case *tc = &channels_cases[c];
		struct wb_config cfg;
		wb_config_defaults(&cfg);
		set_channels(&cfg, tc->ids, tc->n_ids);
		size_t order[64];
		memset(order, 0xff, sizeof order);
		size_t n = wb_view_channels(&fx.snap, &cfg, order, tc->cap);
		if (n != tc->n_want)
			fail_msg("%s: %zu channels, want %zu", tc->name, n, tc->n_want);
		for (size_t i = 0; i < n; i++)
			if (order[i] != tc->want[i])
				fail_msg("%s: [%zu] = %zu, want %zu", tc->name, i, order[i], tc->want[i]);
		assert_int_equal(order[n], (size_t)-1); /* nothing written past the count */
	}
	size_t order[4];
	assert_int_equal(wb_view_channels(NULL, NULL, order, 4), 0);
	assert_int_equal(wb_view_channels(&fx.snap, NULL, order, 4), 4);
}

static void test_channel_listed_and_ticker(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	assert_true(wb_view_channel_listed(&cfg, "twitter")); /* no list: everything */
	assert_true(wb_view_channel_listed(NULL, "twitter"));
	static const char *const ids[] = { "webchat", "whatsapp" };
	set_channels(&cfg, ids, 2);
	assert_true(wb_view_channel_listed(&cfg, "whatsapp"));
	assert_false(wb_view_channel_listed(&cfg, "twitter"));
	assert_true(wb_view_channel_listed(&cfg, NULL)); /* board-wide */

	struct fixture fx;
	fixture_init(&fx, N_FEED);
	struct wb_mention latest[2];
	memset(latest, 0, sizeof latest);
	char tw[] = "twitter", wa[] = "whatsapp";
	latest[0].channel = tw;
	latest[1].channel = wa;
	fx.snap.latest = latest;
	fx.snap.n_latest = 2;
	struct wb_view v;
	memset(&v, 0, sizeof v);
	v.snapshot = &fx.snap;
	v.config = &cfg;
	assert_true(wb_view_ticker_shown(&v));
	fx.snap.n_latest = 1; /* only twitter, which is hidden */
	assert_false(wb_view_ticker_shown(&v));
	latest[0].channel = NULL; /* board-wide mentions always show */
	assert_true(wb_view_ticker_shown(&v));
	cfg.display.ticker = false;
	assert_false(wb_view_ticker_shown(&v));
	v.snapshot = NULL;
	cfg.display.ticker = true;
	assert_false(wb_view_ticker_shown(&v));
}

static struct wb_alert alert(enum wb_severity sev, bool acked, bool has_since, int64_t since_ms)
{
	struct wb_alert a;
	memset(&a, 0, sizeof a);
	a.severity = sev;
	a.acknowledged = acked;
	a.has_since = has_since;
	a.since_ms = since_ms;
	return a;
}

struct alert_case {
	const char *name;
	struct wb_alert alerts[3];
	size_t n;
	size_t want;
};

static void test_top_alert(void **state)
{
	(void)state;
	const struct alert_case cases[] = {
		{ "most severe wins",
		  { alert(WB_SEVERITY_INFO, false, true, 1), alert(WB_SEVERITY_CRITICAL, false, true, 9) },
		  2,
		  1 },
		{ "unacknowledged before acknowledged of the same severity",
		  { alert(WB_SEVERITY_CRITICAL, true, true, 1), alert(WB_SEVERITY_CRITICAL, false, true, 9) },
		  2,
		  1 },
		{ "acknowledged critical still beats a warning",
		  { alert(WB_SEVERITY_WARNING, false, true, 1), alert(WB_SEVERITY_CRITICAL, true, true, 9) },
		  2,
		  1 },
		{ "oldest first",
		  { alert(WB_SEVERITY_WARNING, false, true, 9), alert(WB_SEVERITY_WARNING, false, true, 1) },
		  2,
		  1 },
		{ "a start time before none",
		  { alert(WB_SEVERITY_INFO, false, false, 0), alert(WB_SEVERITY_INFO, false, true, 5) },
		  2,
		  1 },
		{ "feed order breaks ties",
		  { alert(WB_SEVERITY_INFO, true, false, 0), alert(WB_SEVERITY_INFO, false, false, 0),
		    alert(WB_SEVERITY_INFO, false, false, 0) },
		  3,
		  1 },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct wb_snapshot snap;
		memset(&snap, 0, sizeof snap);
		struct wb_alert alerts[3];
		memcpy(alerts, cases[c].alerts, sizeof alerts);
		snap.alerts = alerts;
		snap.n_alerts = cases[c].n;
		size_t got = wb_view_top_alert(&snap);
		if (got != cases[c].want)
			fail_msg("%s: alert %zu, want %zu", cases[c].name, got, cases[c].want);
	}
	struct wb_snapshot empty;
	memset(&empty, 0, sizeof empty);
	assert_int_equal(wb_view_top_alert(&empty), 0);
	assert_int_equal(wb_view_top_alert(NULL), 0);
}

static void test_alert_pulses(void **state)
{
	(void)state;
	struct wb_alert a = alert(WB_SEVERITY_CRITICAL, false, false, 0);
	assert_true(wb_view_alert_pulses(&a));
	a.acknowledged = true;
	assert_false(wb_view_alert_pulses(&a));
	a = alert(WB_SEVERITY_WARNING, false, false, 0);
	assert_false(wb_view_alert_pulses(&a));
}

static void view_init(struct wb_view *v, const struct wb_snapshot *snap, const struct wb_config *cfg)
{
	memset(v, 0, sizeof *v);
	v->snapshot = snap;
	v->config = cfg;
}

/* A fixture of n channels, default settings and a view of both: tests change
 * b->cfg and see the change through b->v. */
struct board {
	struct fixture fx;
	struct wb_config cfg;
	struct wb_view v;
};

static void board_init(struct board *b, size_t n)
{
	fixture_init(&b->fx, n);
	wb_config_defaults(&b->cfg);
	view_init(&b->v, &b->fx.snap, &b->cfg);
}

static void test_rotation(void **state)
{
	(void)state;
	/* Anything but the four right angles is upright. */
	const struct {
		int rotation, w, h, want;
	} cases[] = { { 0, 1920, 1080, 0 },     { 90, 1080, 1920, 90 }, { 180, 1920, 1080, 180 },
		      { 270, 1080, 1920, 270 }, { 45, 1920, 1080, 0 },  { -90, 1920, 1080, 0 } };
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_view v;
	view_init(&v, NULL, &cfg);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cfg.display.rotation = cases[i].rotation;
		int lw, lh;
		wb_view_logical_size(&v, 1920, 1080, &lw, &lh);
		assert_int_equal(lw, cases[i].w);
		assert_int_equal(lh, cases[i].h);
		assert_int_equal(wb_view_rotation(&v), cases[i].want);
	}
	/* No config: upright. */
	v.config = NULL;
	assert_int_equal(wb_view_rotation(&v), 0);
}

/* The layout is the logical one: a board turned 90 degrees lays out a
 * portrait screen, the header along the short side. */
static void test_layout_rotated(void **state)
{
	(void)state;
	struct board b;
	board_init(&b, N_FEED);
	struct wb_layout upright, turned, portrait;
	wb_view_layout(&b.v, 1920, 1080, &upright);
	b.cfg.display.rotation = 90;
	wb_view_layout(&b.v, 1920, 1080, &turned);
	wb_view_layout_logical(&b.v, 1080, 1920, &portrait);
	assert_int_equal(upright.header.w, 1920);
	assert_int_equal(turned.header.w, 1080);
	assert_true(turned.grid.y + turned.grid.h > 1080); /* runs down the long side */
	assert_memory_equal(&turned, &portrait, sizeof turned);
}

/* Paging counts the channels shown, not the feed's: 17 of 30 listed is two
 * pages, of 9 and 8. */
static void test_paging_counts_shown_channels(void **state)
{
	(void)state;
	struct board b;
	board_init(&b, 30);
	struct wb_layout l;
	wb_view_layout(&b.v, 1920, 1080, &l);
	assert_int_equal(l.n_pages, 2);

	b.cfg.display.n_channels = 17;
	for (size_t i = 0; i < 17; i++)
		snprintf(b.cfg.display.channels[i], sizeof b.cfg.display.channels[i], "%s",
			 b.fx.channels[29 - i].id);
	wb_view_layout(&b.v, 1920, 1080, &l);
	assert_int_equal(l.n_pages, 2);
	assert_int_equal(l.n_tiles, 9);
	b.v.anim_ms = wb_view_page_ms(&b.v);
	assert_int_equal(wb_view_page(&b.v), 1);
	wb_view_layout(&b.v, 1920, 1080, &l);
	assert_int_equal(l.page, 1);
	assert_int_equal(l.first_tile, 9);
	assert_int_equal(l.n_tiles, 8);
	/* Two pages: the third period is the first page again. */
	b.v.anim_ms = 2 * wb_view_page_ms(&b.v);
	assert_int_equal(wb_view_page(&b.v), 0);
	/* A clock before zero still pages forwards, without a negative page. */
	b.v.anim_ms = -1;
	assert_int_equal(wb_view_page(&b.v), 1);

	b.cfg.display.n_channels = 16;
	b.v.anim_ms = 0;
	wb_view_layout(&b.v, 1920, 1080, &l);
	assert_int_equal(l.n_pages, 1);
}

static void test_page_period(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_view v;
	view_init(&v, NULL, &cfg);
	cfg.display.page_s = 20;
	assert_int_equal(wb_view_page_ms(&v), 20000);
	cfg.display.page_s = 0;
	assert_int_equal(wb_view_page_ms(&v), 15000);
	v.config = NULL;
	assert_int_equal(wb_view_page_ms(&v), 15000);
}

static void test_scale_reaches_layout(void **state)
{
	(void)state;
	struct board b;
	board_init(&b, N_FEED);
	struct wb_layout small, normal, big;
	b.cfg.display.scale = 0.5;
	wb_view_layout(&b.v, 1920, 1080, &small);
	b.cfg.display.scale = 1.0;
	wb_view_layout(&b.v, 1920, 1080, &normal);
	b.cfg.display.scale = 2.0;
	wb_view_layout(&b.v, 1920, 1080, &big);
	assert_true(small.font_title < normal.font_title);
	assert_true(normal.font_title < big.font_title);
	assert_true(small.header.h < normal.header.h);
}

static void test_identifying(void **state)
{
	(void)state;
	struct wb_view v;
	view_init(&v, NULL, NULL);
	assert_false(wb_view_identifying(&v)); /* zeroed: never */
	v.identify_until_ms = 10000;
	v.anim_ms = 9999;
	assert_true(wb_view_identifying(&v));
	v.anim_ms = 10000;
	assert_false(wb_view_identifying(&v));
}

/* ---- SLA box with opening hours ------------------------------------------ */

/* Amsterdam without the tz database: the same rules for 2026. */
#define AMS_RULE "CET-1CEST,M3.5.0,M10.5.0/3"
#define NO_WAIT INT64_MIN

/* Local time in Amsterdam as UTC milliseconds. */
static int64_t ams_ms(const struct wb_tz *tz, unsigned month, unsigned day, unsigned hour, unsigned minute)
{
	return wb_tz_from_civil(tz, 2026, month, day, hour, minute, 0) * 1000;
}

enum hours_kind {
	ALWAYS,
	OFFICE,
	LUNCH
};

struct box_case {
	const char *name;
	enum hours_kind hours;
	enum wb_lang lang;
	unsigned now[4];    /* month, day, hour, minute local; Mon 23 Nov 2026 */
	unsigned oldest[4]; /* all 0: nobody waiting */
	int64_t target_s;
	bool closed;
	enum wb_msg head;
	enum wb_view_timer timer_kind;
	const char *timer;
	const char *detail;
	int progress_permille; /* RUNNING only; 0 otherwise */
};

/* One case a row or two, as a table reads. */
/* clang-format off */
static const struct box_case box_cases[] = {
	/* Office hours Mon-Fri 08:00-18:00. */
	{ "open, waiting: the time waited", OFFICE, WB_LANG_NL, { 11, 23, 10, 20 }, { 11, 23, 10, 5 }, 3600, false,
	  WB_MSG_ON_TIME, WB_VIEW_TIMER_RUNNING, "15:00", "norm 1:00:00", 250 },
	{ "open, nobody waiting", OFFICE, WB_LANG_NL, { 11, 23, 10, 20 }, { 0 }, 1800, false,
	  WB_MSG_NOTHING_WAITING, WB_VIEW_TIMER_CHECK, "\xE2\x9C\x93", "norm 30:00", 0 },
	{ "friday evening: opens monday", OFFICE, WB_LANG_NL, { 11, 27, 20, 0 }, { 0 }, 3600, true,
	  WB_MSG_CLOSED, WB_VIEW_TIMER_NONE, "", "opent ma 08:00", 0 },
	{ "friday evening in English", OFFICE, WB_LANG_EN, { 11, 27, 20, 0 }, { 0 }, 3600, true,
	  WB_MSG_CLOSED, WB_VIEW_TIMER_NONE, "", "opens Mon 08:00", 0 },
	{ "saturday noon, waiting since friday 17:30: paused", OFFICE, WB_LANG_NL, { 11, 28, 12, 0 },
	  { 11, 27, 17, 30 }, 3600, true, WB_MSG_CLOSED, WB_VIEW_TIMER_PAUSED, "30:00", "opent ma 08:00", 0 },
	{ "sunday night, the same wait still paused", OFFICE, WB_LANG_NL, { 11, 29, 23, 59 },
	  { 11, 27, 17, 30 }, 3600, true, WB_MSG_CLOSED, WB_VIEW_TIMER_PAUSED, "30:00", "opent ma 08:00", 0 },
	{ "paused past the target: the wait, not an overrun", OFFICE, WB_LANG_NL, { 11, 27, 19, 0 },
	  { 11, 27, 16, 30 }, 3600, true, WB_MSG_CLOSED, WB_VIEW_TIMER_PAUSED, "1:30:00", "opent ma 08:00", 0 },
	{ "monday 08:30 after the weekend: counting again", OFFICE, WB_LANG_NL, { 11, 30, 8, 30 },
	  { 11, 27, 17, 50 }, 3600, false, WB_MSG_ON_TIME, WB_VIEW_TIMER_RUNNING, "40:00", "norm 1:00:00", 666 },
	{ "monday 09:10 after the weekend: breached", OFFICE, WB_LANG_NL, { 11, 30, 9, 10 },
	  { 11, 27, 17, 50 }, 3600, false, WB_MSG_BREACHED, WB_VIEW_TIMER_RUNNING, "1:20:00", "norm 1:00:00", 1000 },
	{ "early monday: opens today, time only", OFFICE, WB_LANG_NL, { 11, 23, 6, 0 }, { 0 }, 3600, true,
	  WB_MSG_CLOSED, WB_VIEW_TIMER_NONE, "", "opent 08:00", 0 },
	/* 08:00-12:00 and 13:00-18:00 every day. */
	{ "lunch break", LUNCH, WB_LANG_EN, { 11, 23, 12, 30 }, { 0 }, 3600, true, WB_MSG_CLOSED,
	  WB_VIEW_TIMER_NONE, "", "opens 13:00", 0 },
	{ "after lunch", LUNCH, WB_LANG_NL, { 11, 23, 13, 0 }, { 0 }, 3600, false, WB_MSG_NOTHING_WAITING,
	  WB_VIEW_TIMER_CHECK, "\xE2\x9C\x93", "norm 1:00:00", 0 },
	{ "always open: the old timer at night", ALWAYS, WB_LANG_NL, { 11, 28, 23, 0 }, { 11, 28, 22, 50 }, 600,
	  false, WB_MSG_BREACHED, WB_VIEW_TIMER_RUNNING, "10:00", "norm 10:00", 1000 },
};
/* clang-format on */

static void set_hours(struct wb_hours *h, enum hours_kind kind)
{
	if (kind == ALWAYS) {
		wb_hours_init_always(h);
		return;
	}
	wb_hours_init_closed(h);
	for (int d = 0; d < 7; d++) {
		if (kind == OFFICE && d >= 1 && d <= 5)
			assert_int_equal(wb_hours_add(h, d, 8 * 60, 18 * 60), WB_OK);
		if (kind == LUNCH) {
			assert_int_equal(wb_hours_add(h, d, 8 * 60, 12 * 60), WB_OK);
			assert_int_equal(wb_hours_add(h, d, 13 * 60, 18 * 60), WB_OK);
		}
	}
}

static void test_sla_box_hours(void **state)
{
	(void)state;
	struct wb_tz *tz = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	assert_int_equal(wb_tz_create_posix(AMS_RULE, &tz, &err), WB_OK);
	struct wb_config cfg;
	struct wb_channel ch;
	for (size_t i = 0; i < sizeof box_cases / sizeof box_cases[0]; i++) {
		const struct box_case *c = &box_cases[i];
		wb_config_defaults(&cfg);
		cfg.display.language = c->lang;
		set_hours(&cfg.sla.hours, c->hours);
		memset(&ch, 0, sizeof ch);
		snprintf(ch.id, sizeof ch.id, "facebook");
		ch.sla.present = true;
		ch.sla.target_s = c->target_s;
		ch.sla.has_oldest = c->oldest[0] != 0;
		if (ch.sla.has_oldest)
			ch.sla.oldest_unanswered_ms =
				ams_ms(tz, c->oldest[0], c->oldest[1], c->oldest[2], c->oldest[3]);
		struct wb_view view;
		memset(&view, 0, sizeof view);
		view.config = &cfg;
		view.tz = tz;
		view.server_now_ms = ams_ms(tz, c->now[0], c->now[1], c->now[2], c->now[3]);

		struct wb_view_sla_box box;
		wb_view_sla_box(&view, &ch, &box);
		print_message("%s\n", c->name);
		assert_int_equal(box.closed, c->closed);
		assert_int_equal(box.head, c->head);
		assert_int_equal(box.timer_kind, c->timer_kind);
		assert_string_equal(box.timer, c->timer);
		assert_string_equal(box.detail, c->detail);
		assert_int_equal(box.progress_permille, c->progress_permille);
		/* Closed never runs a timer; the box's own colour is not a state's. */
		if (box.closed)
			assert_int_not_equal(box.timer_kind, WB_VIEW_TIMER_RUNNING);
	}
	wb_tz_destroy(tz);
}

/* A paused box is the same a minute later (the static layer keeps it); an
 * open running one is not. */
static void test_sla_box_paused_stands_still(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	set_hours(&cfg.sla.hours, OFFICE);
	struct wb_channel ch;
	memset(&ch, 0, sizeof ch);
	snprintf(ch.id, sizeof ch.id, "twitter");
	ch.sla = (struct wb_channel_sla){ .present = true, .target_s = 3600, .has_oldest = true };
	/* Without a zone the hours are read in UTC: Fri 27 Nov 2026 17:30Z. */
	ch.sla.oldest_unanswered_ms = 1795800600000LL;
	struct wb_view view;
	memset(&view, 0, sizeof view);
	view.config = &cfg;
	struct wb_view_sla_box a, b;
	view.server_now_ms = ch.sla.oldest_unanswered_ms + 2 * 3600 * 1000; /* 19:30Z, closed */
	wb_view_sla_box(&view, &ch, &a);
	view.server_now_ms += 60 * 1000;
	wb_view_sla_box(&view, &ch, &b);
	assert_true(a.closed);
	assert_memory_equal(&a.timer, &b.timer, sizeof a.timer);
	assert_string_equal(a.timer, "30:00");

	set_hours(&cfg.sla.hours, ALWAYS);
	wb_view_sla_box(&view, &ch, &b);
	view.server_now_ms -= 60 * 1000;
	wb_view_sla_box(&view, &ch, &a);
	assert_false(a.closed);
	assert_string_not_equal(a.timer, b.timer);
}

struct attain_case {
	bool has;
	double pct;
	enum wb_sla_attainment want;
	const char *text;
};

static void test_sla_box_attainment(void **state)
{
	(void)state;
	static const struct attain_case cases[] = {
		{ true, 95.0, WB_SLA_ATTAIN_GOOD, "95%" }, { true, 90.0, WB_SLA_ATTAIN_GOOD, "90%" },
		{ true, 80.0, WB_SLA_ATTAIN_FAIR, "80%" }, { true, 60.0, WB_SLA_ATTAIN_POOR, "60%" },
		{ false, 0.0, WB_SLA_ATTAIN_NONE, "" },
	};
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_view view;
	memset(&view, 0, sizeof view);
	view.config = &cfg;
	struct wb_channel ch;
	memset(&ch, 0, sizeof ch);
	snprintf(ch.id, sizeof ch.id, "webchat");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ch.sla = (struct wb_channel_sla){ .present = true, .target_s = 300 };
		ch.sla.has_within_target_pct = cases[i].has;
		ch.sla.within_target_pct = cases[i].pct;
		struct wb_view_sla_box box;
		wb_view_sla_box(&view, &ch, &box);
		assert_int_equal(box.attain, cases[i].want);
		assert_string_equal(box.attain_text, cases[i].text);
		if (cases[i].has)
			assert_non_null(strstr(box.attain_words, cases[i].text));
		else
			assert_string_equal(box.attain_words, "");
	}
	/* Explained in the box, in the board's language. */
	ch.sla.has_within_target_pct = true;
	ch.sla.within_target_pct = 92.5;
	struct wb_view_sla_box en;
	cfg.display.language = WB_LANG_EN;
	wb_view_sla_box(&view, &ch, &en);
	assert_string_equal(en.detail, "target 5:00");
	assert_string_equal(en.attain_words, "93% within target");
	cfg.display.language = WB_LANG_NL;
	/* The configured bands, not the defaults. */
	cfg.sla.attain_good_pct = 98.0;
	cfg.sla.attain_fair_pct = 50.0;
	ch.sla.has_within_target_pct = true;
	ch.sla.within_target_pct = 60.0;
	struct wb_view_sla_box box;
	wb_view_sla_box(&view, &ch, &box);
	assert_int_equal(box.attain, WB_SLA_ATTAIN_FAIR);
	/* No config at all: default bands, always open. */
	view.config = NULL;
	wb_view_sla_box(&view, &ch, &box);
	assert_int_equal(box.attain, WB_SLA_ATTAIN_POOR);
	assert_false(box.closed);
	assert_int_equal(box.head, WB_MSG_NOTHING_WAITING);
}

/* The summary strip (issue 15). Four channels (twitter, facebook, whatsapp,
 * webchat), each with a target, how long its oldest has waited (NO_WAIT:
 * nobody), its sentiment counts and whether its hours have it closed now. */
#define SUM_NOW_MS 1795425600000LL
#define NONE_IDX ((size_t)-1)

struct sum_channel {
	int64_t target_s;
	int64_t waited_s; /* NO_WAIT: nobody waiting */
	int64_t negative, total;
	bool closed;
};

struct summary_case {
	const char *name;
	enum wb_lang lang;
	struct sum_channel ch[N_FEED];
	const char *shown[N_FEED]; /* display.channels; { NULL }: all */
	size_t breached;
	size_t longest; /* NONE_IDX: nobody waits where it counts */
	int64_t longest_s;
	size_t negative; /* NONE_IDX: no negative share anywhere */
	const char *text;
};

/* clang-format off */
static const struct summary_case summary_cases[] = {
	{ "two over time, the longest and the most negative", WB_LANG_NL,
	  { { 3600, 4500, 12, 87, false }, { 1800, 1380, 10, 51, false }, { 600, 1080, 35, 164, false },
	    { 300, NO_WAIT, 2, 29, false } },
	  { NULL }, 2, 0, 4500, 2,
	  "2 over tijd \xC2\xB7 langste wacht 1:15:00 twitter \xC2\xB7 meest negatief whatsapp 21%" },
	{ "nothing over time: calm, still the facts", WB_LANG_EN,
	  { { 3600, 600, 0, 10, false }, { 1800, 60, 1, 10, false }, { 600, NO_WAIT, 0, 0, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { NULL }, 0, 0, 600, 1,
	  "All on time \xC2\xB7 longest wait 10:00 twitter \xC2\xB7 most negative facebook 10%" },
	{ "nobody waiting, nothing negative: the calm words alone", WB_LANG_FR,
	  { { 3600, NO_WAIT, 0, 10, false }, { 1800, NO_WAIT, 0, 0, false }, { 600, NO_WAIT, 0, 5, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { NULL }, 0, NONE_IDX, 0, NONE_IDX, "Tout dans les temps" },
	{ "ties go to the first in tile order", WB_LANG_NL,
	  { { 600, 900, 1, 4, false }, { 600, 900, 1, 4, false }, { 600, 900, 2, 8, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { NULL }, 3, 0, 900, 0,
	  "3 over tijd \xC2\xB7 langste wacht 15:00 twitter \xC2\xB7 meest negatief twitter 25%" },
	{ "tile order is the configured order", WB_LANG_NL,
	  { { 600, 900, 1, 4, false }, { 600, 900, 1, 4, false }, { 600, 60, 0, 8, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { "facebook", "twitter", "whatsapp", "webchat" }, 2, 1, 900, 1,
	  "2 over tijd \xC2\xB7 langste wacht 15:00 facebook \xC2\xB7 meest negatief facebook 25%" },
	{ "closed channels count for nothing", WB_LANG_NL,
	  { { 600, 7200, 9, 10, true }, { 1800, 120, 1, 10, false }, { 600, 3600, 5, 10, true },
	    { 300, NO_WAIT, 0, 0, false } },
	  { NULL }, 0, 1, 120, 1,
	  "Alles op tijd \xC2\xB7 langste wacht 2:00 facebook \xC2\xB7 meest negatief facebook 10%" },
	{ "hidden channels count for nothing", WB_LANG_NL,
	  { { 600, 7200, 9, 10, false }, { 1800, 120, 1, 10, false }, { 600, 60, 0, 10, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { "facebook", "whatsapp" }, 0, 1, 120, 1,
	  "Alles op tijd \xC2\xB7 langste wacht 2:00 facebook \xC2\xB7 meest negatief facebook 10%" },
	{ "over time while nobody else waits", WB_LANG_NL,
	  { { 600, NO_WAIT, 0, 0, false }, { 1800, NO_WAIT, 0, 0, false }, { 600, 601, 0, 0, false },
	    { 300, NO_WAIT, 0, 0, false } },
	  { NULL }, 1, 2, 601, NONE_IDX, "1 over tijd \xC2\xB7 langste wacht 10:01 whatsapp" },
};
/* clang-format on */

static void test_summary(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof summary_cases / sizeof summary_cases[0]; c++) {
		const struct summary_case *tc = &summary_cases[c];
		print_message("%s\n", tc->name);
		struct fixture fx;
		fixture_init(&fx, N_FEED);
		struct wb_config cfg;
		wb_config_defaults(&cfg);
		cfg.display.language = tc->lang;
		for (size_t i = 0; i < N_FEED; i++) {
			const struct sum_channel *sc = &tc->ch[i];
			struct wb_channel *ch = &fx.channels[i];
			ch->label = ch->id; /* the feed's rule without a label */
			ch->sla = (struct wb_channel_sla){ .present = true, .target_s = sc->target_s };
			ch->sla.has_oldest = sc->waited_s != NO_WAIT;
			if (ch->sla.has_oldest) /* NO_WAIT * 1000 would overflow */
				ch->sla.oldest_unanswered_ms = SUM_NOW_MS - sc->waited_s * 1000;
			ch->sentiment = (struct wb_sentiment_counts){ .present = true,
								      .negative = sc->negative,
								      .neutral = sc->total - sc->negative };
			if (sc->closed) {
				struct wb_channel_hours *h =
					&cfg.sla.channel_hours[cfg.sla.n_channel_hours++];
				snprintf(h->channel, sizeof h->channel, "%s", ch->id);
				wb_hours_init_closed(&h->hours);
			}
		}
		size_t n_shown = 0;
		while (n_shown < N_FEED && tc->shown[n_shown])
			n_shown++;
		set_channels(&cfg, tc->shown, n_shown);
		struct wb_view view;
		memset(&view, 0, sizeof view);
		view.snapshot = &fx.snap;
		view.config = &cfg;
		view.server_now_ms = SUM_NOW_MS;

		struct wb_view_summary sum;
		wb_view_summary(&view, &sum);
		assert_int_equal(sum.breached, tc->breached);
		assert_int_equal(sum.calm, tc->breached == 0);
		assert_int_equal(sum.has_longest, tc->longest != NONE_IDX);
		if (sum.has_longest) {
			assert_int_equal(sum.longest, tc->longest);
			assert_int_equal(sum.longest_waited_s, tc->longest_s);
		}
		assert_int_equal(sum.has_negative, tc->negative != NONE_IDX);
		if (sum.has_negative)
			assert_int_equal(sum.negative, tc->negative);
		assert_string_equal(sum.text, tc->text);
	}
	/* The start screen: no data, nothing to count, calm. */
	struct wb_view view;
	memset(&view, 0, sizeof view);
	struct wb_view_summary sum;
	wb_view_summary(&view, &sum);
	assert_true(sum.calm);
	assert_false(sum.has_longest || sum.has_negative);
	assert_string_equal(sum.text, "Alles op tijd");

	/* Labels of 33 "€" each (99 bytes): the line is cut, never inside a
	 * code point, and keeps the share. */
	struct fixture fx;
	fixture_init(&fx, 2);
	char long_label[2][100];
	for (size_t i = 0; i < 2; i++) {
		size_t at = 0;
		for (int k = 0; k < 33; k++, at += 3)
			memcpy(long_label[i] + at, "\xE2\x82\xAC", 3);
		long_label[i][at] = '\0';
		fx.channels[i].label = long_label[i];
	}
	fx.channels[0].sla = (struct wb_channel_sla){ .present = true,
						      .target_s = 60,
						      .has_oldest = true,
						      .oldest_unanswered_ms = SUM_NOW_MS - 999999000LL };
	fx.channels[1].sentiment =
		(struct wb_sentiment_counts){ .present = true, .positive = 1, .neutral = 1, .negative = 5 };
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	view.snapshot = &fx.snap;
	view.config = &cfg;
	view.server_now_ms = SUM_NOW_MS;
	wb_view_summary(&view, &sum);
	assert_true(sum.has_longest && sum.has_negative);
	assert_true(wb_utf8_valid(sum.text, strlen(sum.text)));
	assert_non_null(strstr(sum.text, sum.negative_text));
}

/* Every alert gets its turn in the banner, most urgent first, a second
 * critical one included; a tile is marked by its channel's leading alert. */
static void test_banner_turns_through_every_alert(void **state)
{
	(void)state;
	struct wb_alert alerts[4] = {
		alert(WB_SEVERITY_INFO, false, true, 1),
		alert(WB_SEVERITY_CRITICAL, false, true, 5),
		alert(WB_SEVERITY_WARNING, false, true, 2),
		alert(WB_SEVERITY_CRITICAL, false, true, 3),
	};
	char x[] = "x", y[] = "y";
	alerts[0].channel = x;
	alerts[1].channel = x;
	alerts[2].channel = y;
	struct wb_snapshot snap;
	memset(&snap, 0, sizeof snap);
	snap.alerts = alerts;
	snap.n_alerts = 4;
	const size_t want[4] = { 3, 1, 2, 0 };
	size_t order[4];
	assert_int_equal(wb_view_alert_order(&snap, order, 4), 4);
	for (size_t k = 0; k < 4; k++)
		assert_int_equal(order[k], want[k]);
	assert_int_equal(wb_view_alert_order(&snap, order, 2), 2); /* capped */

	struct wb_view view;
	memset(&view, 0, sizeof view);
	view.snapshot = &snap;
	for (int64_t k = 0; k < 9; k++) {
		view.anim_ms = k * WB_VIEW_ALERT_MS + WB_VIEW_ALERT_MS - 1;
		size_t index, rank, count;
		assert_true(wb_view_banner_alert(&view, &index, &rank, &count));
		assert_int_equal(count, 4);
		assert_int_equal(rank, (size_t)k % 4);
		assert_int_equal(index, want[k % 4]);
	}
	snap.n_alerts = 0;
	size_t index, rank, count;
	assert_false(wb_view_banner_alert(&view, &index, &rank, &count));
	snap.n_alerts = 4;

	assert_ptr_equal(wb_view_channel_alert(&snap, "x"), &alerts[1]); /* critical over info */
	assert_ptr_equal(wb_view_channel_alert(&snap, "y"), &alerts[2]);
	assert_null(wb_view_channel_alert(&snap, "z"));
	assert_null(wb_view_channel_alert(&snap, NULL));
	assert_null(wb_view_channel_alert(NULL, "x"));
}

/* Badges: WhatsApp and Webchat no longer both "W"; unknown channels that
 * share a first letter get two. */
static void test_channel_marks_distinct(void **state)
{
	(void)state;
	static const char *const ids[][2] = {
		{ "whatsapp", "WhatsApp" },
		{ "webchat", "Webchat" },
		{ "telegram", "telegram" },
		{ "threads", "Threads" },
		{ "tiktok", "TikTok" },
		{ "signal", "Signal" },
		{ "x", "X" },
		{ "xing", "\xC3\x89xing" },
	};
	static const char *const want[] = { "WA", "C", "Te", "Th", "Ti", "S", "X", "\xC3\x89" };
	enum {
		N = sizeof ids / sizeof ids[0]
	};
	struct wb_channel ch[N];
	char labels[N][16];
	memset(ch, 0, sizeof ch);
	for (size_t i = 0; i < N; i++) {
		snprintf(ch[i].id, sizeof ch[i].id, "%s", ids[i][0]);
		snprintf(labels[i], sizeof labels[i], "%s", ids[i][1]);
		ch[i].label = labels[i];
	}
	struct wb_snapshot snap;
	memset(&snap, 0, sizeof snap);
	snap.channels = ch;
	snap.n_channels = N;
	for (size_t i = 0; i < N; i++) {
		char mark[16];
		wb_view_channel_mark(&snap, &ch[i], mark, sizeof mark);
		if (strcmp(mark, want[i]) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", ids[i][0], mark, want[i]);
	}
	/* Alone, Telegram is plain "T". */
	snap.n_channels = 3;
	char mark[16];
	wb_view_channel_mark(&snap, &ch[2], mark, sizeof mark);
	assert_string_equal(mark, "T");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels_order_and_filter),
		cmocka_unit_test(test_channel_listed_and_ticker),
		cmocka_unit_test(test_top_alert),
		cmocka_unit_test(test_banner_turns_through_every_alert),
		cmocka_unit_test(test_channel_marks_distinct),
		cmocka_unit_test(test_alert_pulses),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_layout_rotated),
		cmocka_unit_test(test_paging_counts_shown_channels),
		cmocka_unit_test(test_page_period),
		cmocka_unit_test(test_scale_reaches_layout),
		cmocka_unit_test(test_identifying),
		cmocka_unit_test(test_sla_box_hours),
		cmocka_unit_test(test_sla_box_paused_stands_still),
		cmocka_unit_test(test_sla_box_attainment),
		cmocka_unit_test(test_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
