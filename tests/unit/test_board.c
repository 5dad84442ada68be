/* Board state: which snapshot is shown, the server clock, staleness and the
 * connection state, driven by hand-made poll results and injected clocks. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/board.h"
#include "wallboard/timeutil.h"
#include "wallboard/config_fields.h"
#include "wallboard/mathx.h"

#define MINUTE_MS (60 * 1000)
/* 2026-11-23T09:15:02Z */
#define GENERATED_AT_MS 1795425302000LL

static struct wb_snapshot *make_snapshot(int64_t generated_at_ms)
{
	struct wb_snapshot *snap = calloc(1, sizeof(*snap));
	assert_non_null(snap);
	snap->generated_at_ms = generated_at_ms;
	return snap;
}

static struct wb_feed_update make_update(enum wb_fetch_outcome outcome, int64_t mono_ms, int64_t wall_ms)
{
	struct wb_feed_update up;
	memset(&up, 0, sizeof(up));
	up.outcome = outcome;
	up.received_mono_ms = mono_ms;
	up.received_wall_ms = wall_ms;
	if (outcome == WB_FETCH_UPDATED) {
		up.snapshot = make_snapshot(GENERATED_AT_MS);
		strcpy(up.etag, "\"v1\"");
		up.http_status = 200;
	} else if (outcome == WB_FETCH_NOT_MODIFIED) {
		up.http_status = 304;
	} else {
		up.http_status = 500;
		up.reason = WB_FETCH_REASON_HTTP;
		strcpy(up.error, "HTTP 500");
	}
	return up;
}

static void starts_connecting_without_data(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	assert_null(board.snapshot);
	assert_int_equal(board.conn, WB_CONN_CONNECTING);
	assert_false(wb_board_is_stale(&board, 1000000, 10));
	wb_board_fini(&board);
}

static void update_takes_snapshot_and_pins_server_clock(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	/* The device's wall clock is a year off (no RTC, no NTP yet): irrelevant. */
	struct wb_feed_update up = make_update(WB_FETCH_UPDATED, 5000, 0);
	assert_true(wb_board_apply(&board, &up));
	assert_null(up.snapshot);
	assert_non_null(board.snapshot);
	assert_string_equal(board.etag, "\"v1\"");
	assert_int_equal(board.conn, WB_CONN_ONLINE);
	assert_int_equal(wb_board_server_now_ms(&board, 5000), GENERATED_AT_MS);
	assert_int_equal(wb_board_server_now_ms(&board, 5000 + 90 * 1000), GENERATED_AT_MS + 90 * 1000);
	wb_board_fini(&board);
}

static void stale_after_three_intervals_then_fresh_again(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	struct wb_feed_update up = make_update(WB_FETCH_UPDATED, 1000, 1000);
	wb_board_apply(&board, &up);
	assert_false(wb_board_is_stale(&board, 1000 + 30 * 1000, 10));
	assert_true(wb_board_is_stale(&board, 1000 + 30 * 1000 + 1, 10));

	struct wb_feed_update fail = make_update(WB_FETCH_FAILED, 40000, 40000);
	assert_true(wb_board_apply(&board, &fail));
	assert_int_equal(board.conn, WB_CONN_OFFLINE);
	assert_string_equal(board.last_error, "HTTP 500");
	assert_non_null(board.snapshot); /* the last good data stays */

	struct wb_feed_update same = make_update(WB_FETCH_NOT_MODIFIED, 50000, 50000);
	assert_true(wb_board_apply(&board, &same));
	assert_int_equal(board.conn, WB_CONN_ONLINE);
	assert_false(wb_board_is_stale(&board, 50000, 10));
	assert_string_equal(board.last_error, "");
	/* A 304 keeps the server clock of the original document running. */
	assert_int_equal(wb_board_server_now_ms(&board, 51000), GENERATED_AT_MS + 50000);
	wb_board_fini(&board);
}

static void repeated_not_modified_changes_nothing(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	struct wb_feed_update up = make_update(WB_FETCH_UPDATED, 1000, 1000);
	wb_board_apply(&board, &up);
	struct wb_feed_update same = make_update(WB_FETCH_NOT_MODIFIED, 11000, 11000);
	assert_false(wb_board_apply(&board, &same));
	wb_board_fini(&board);
}

/* However far apart the server's and the board's clocks are, the server
 * time the screen shows is the wall clock plus whole seconds, at most half a
 * second from the server's: one wake-up a second for both. */
static void shown_server_time_keeps_the_wall_seconds(void **state)
{
	(void)state;
	static const int64_t skews[] = { 0,  1,    499,  500,  501,   999,      1000,
					 -1, -499, -500, -501, -1999, 123456789 };
	struct wb_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.feed.interval_s = 10;
	for (size_t i = 0; i < sizeof skews / sizeof skews[0]; i++) {
		struct wb_board board;
		wb_board_init(&board);
		struct wb_feed_update up = make_update(WB_FETCH_UPDATED, 1000, 1000);
		wb_board_apply(&board, &up);
		int64_t mono = 5000 + (int64_t)i * 37;
		int64_t server = wb_board_server_now_ms(&board, mono);
		int64_t wall = server - skews[i];
		struct wb_view view;
		wb_board_view(&board, &cfg, mono, wall, &view);
		int64_t off = view.server_now_ms - server;
		assert_int_equal(wb_floor_mod(view.server_now_ms - wall, 1000), 0);
		assert_true(off > -500 && off <= 500);
		wb_board_fini(&board);
	}
}

/* Issue 17 finding 8: a received time near INT64_MIN (a damaged cache that
 * got past its reader) overflowed the subtraction; now it counts as "now". */
static void cached_received_time_out_of_range_is_clamped(void **state)
{
	(void)state;
	static const int64_t odd[] = { INT64_MIN, INT64_MIN + 1, INT64_MAX, WB_TIME_MAX_MS + 1 };
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		struct wb_board board;
		wb_board_init(&board);
		int64_t wall_now = GENERATED_AT_MS + MINUTE_MS;
		wb_board_adopt_cached(&board, make_snapshot(GENERATED_AT_MS), "", odd[i], 700, wall_now);
		assert_int_equal(board.last_success_wall_ms, wall_now);
		assert_int_equal(wb_board_server_now_ms(&board, 700), GENERATED_AT_MS);
		wb_board_fini(&board);
	}
}

static void cached_document_is_stale_until_confirmed(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	int64_t received_wall = GENERATED_AT_MS + 2000; /* device clock was 2 s ahead */
	int64_t wall_now = received_wall + 10 * MINUTE_MS;
	wb_board_adopt_cached(&board, make_snapshot(GENERATED_AT_MS), "\"v1\"", received_wall, 700, wall_now);
	assert_true(wb_board_is_stale(&board, 700, 10));
	assert_int_equal(board.conn, WB_CONN_CONNECTING);
	assert_int_equal(wb_board_server_now_ms(&board, 700), GENERATED_AT_MS + 10 * MINUTE_MS);

	struct wb_view view;
	struct wb_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.feed.interval_s = 10;
	wb_board_view(&board, &cfg, 700, wall_now, &view);
	assert_true(view.stale);
	assert_int_equal(view.data_age_s, 600);
	assert_int_equal(view.stale_since_wall_ms, received_wall);
	/* Shown server time turns over with the wall clock's seconds. */
	assert_int_equal(view.server_now_ms, wall_now - 2000);
	wb_board_view(&board, &cfg, 700 + 10 * 1000 + 499, wall_now + 10 * 1000 + 499, &view);
	assert_int_equal(view.server_now_ms, wall_now - 2000 + 10 * 1000 + 499);

	/* The server confirms the cached ETag: fresh, without a new download. */
	struct wb_feed_update same = make_update(WB_FETCH_NOT_MODIFIED, 900, wall_now);
	assert_true(wb_board_apply(&board, &same));
	assert_false(wb_board_is_stale(&board, 900, 10));
	assert_false(board.from_cache);
	wb_board_fini(&board);
}

static void view_title_prefers_config_then_feed(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	struct wb_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.feed.interval_s = 10;
	struct wb_view view;

	wb_board_view(&board, &cfg, 0, 0, &view);
	assert_string_equal(view.title, "Webcare");
	assert_null(view.snapshot);
	assert_int_equal(view.data_age_s, -1);

	struct wb_feed_update up = make_update(WB_FETCH_UPDATED, 1000, 1000);
	up.snapshot->title = strdup("Webcare NL, vloer 2");
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 4000, 4000, &view);
	assert_string_equal(view.title, "Webcare NL, vloer 2");
	assert_int_equal(view.data_age_s, 3);

	strcpy(cfg.display.title, "Vloer 3");
	wb_board_view(&board, &cfg, 4000, 4000, &view);
	assert_string_equal(view.title, "Vloer 3");
	wb_board_fini(&board);
}

static void update_free_releases_unclaimed_snapshot(void **state)
{
	(void)state;
	struct wb_feed_update *up = calloc(1, sizeof(*up));
	assert_non_null(up);
	up->snapshot = make_snapshot(GENERATED_AT_MS);
	wb_feed_update_free(up); /* valgrind variant catches a leak here */
	wb_feed_update_free(NULL);
}

static struct wb_alert make_alert(const char *id, const char *kind, const char *channel,
				  enum wb_severity severity)
{
	struct wb_alert a;
	memset(&a, 0, sizeof a);
	a.id = strdup(id);
	a.kind = strdup(kind);
	a.channel = strdup(channel);
	a.message = strdup(id);
	a.severity = severity;
	assert_true(a.id && a.kind && a.channel && a.message);
	return a;
}

static struct wb_feed_update update_with_alerts(int64_t mono_ms, size_t n, const char *const *ids)
{
	struct wb_feed_update up = make_update(WB_FETCH_UPDATED, mono_ms, mono_ms);
	up.snapshot->alerts = calloc(n, sizeof(struct wb_alert));
	assert_non_null(up.snapshot->alerts);
	for (size_t i = 0; i < n; i++)
		up.snapshot->alerts[i] = make_alert(ids[i], "queue", ids[i], WB_SEVERITY_WARNING);
	up.snapshot->n_alerts = n;
	return up;
}

static void acks_hold_until_the_feed_clears_the_alert(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	static const char *const both[] = { "a1", "a2" }, *const second[] = { "a2" };
	struct wb_feed_update up = update_with_alerts(1000, 2, both);
	wb_board_apply(&board, &up);
	assert_int_equal(wb_board_ack(&board, "a1"), WB_OK);
	assert_int_equal(wb_board_ack(&board, "nope"), WB_ERR_NOT_FOUND);
	assert_true(board.snapshot->alerts[0].acknowledged);
	assert_false(board.snapshot->alerts[1].acknowledged);

	/* Still there in the next document: still acknowledged. */
	up = update_with_alerts(2000, 2, both);
	wb_board_apply(&board, &up);
	assert_true(board.snapshot->alerts[0].acknowledged);
	/* Cleared, then back with the same id: a new alert, not acknowledged. */
	up = update_with_alerts(3000, 1, second);
	wb_board_apply(&board, &up);
	up = update_with_alerts(4000, 2, both);
	wb_board_apply(&board, &up);
	assert_false(board.snapshot->alerts[0].acknowledged);
	wb_board_fini(&board);
}

static void local_alerts_are_merged_and_replaced_not_added_up(void **state)
{
	(void)state;
	struct wb_board board;
	wb_board_init(&board);
	static const char *const feed[] = { "f1" };
	struct wb_feed_update up = update_with_alerts(1000, 1, feed);
	wb_board_apply(&board, &up);
	struct wb_alert local[1] = { make_alert("local:neg_share:fb", "negative_share", "fb",
						WB_SEVERITY_WARNING) };
	assert_int_equal(wb_board_merge_local_alerts(&board, local, 1), WB_OK);
	assert_int_equal(board.snapshot->n_alerts, 2);
	assert_int_equal(wb_board_ack(&board, "local:neg_share:fb"), WB_OK);
	/* The next poll's merge starts from the feed's list again, keeping the ack. */
	assert_int_equal(wb_board_merge_local_alerts(&board, local, 1), WB_OK);
	assert_int_equal(board.snapshot->n_alerts, 2);
	assert_string_equal(board.snapshot->alerts[0].id, "f1");
	assert_true(board.snapshot->alerts[1].acknowledged);
	/* The rule cleared: only the feed's alert is left. */
	assert_int_equal(wb_board_merge_local_alerts(&board, NULL, 0), WB_OK);
	assert_int_equal(board.snapshot->n_alerts, 1);
	assert_string_equal(board.snapshot->alerts[0].id, "f1");
	free(local[0].id);
	free(local[0].kind);
	free(local[0].channel);
	free(local[0].message);
	wb_board_fini(&board);
}

/* A certificate-date failure while the clock is not set is worded for people
 * in the board's language, with the remedy; the same failure with the clock
 * set is the certificate's dates, and the next success clears both. */
static void clock_failure_is_explained_in_words(void **state)
{
	(void)state;
	struct wb_board board;
	struct wb_config cfg;
	struct wb_view view;
	wb_board_init(&board);
	wb_config_defaults(&cfg);
	cfg.display.language = WB_LANG_EN;

	struct wb_feed_update up = make_update(WB_FETCH_FAILED, 1000, 1000);
	up.reason = WB_FETCH_REASON_CLOCK;
	up.http_status = 0;
	up.tls = WB_TLS_CERT_TIME;
	strcpy(up.error, "the system clock is not synchronised (SSL certificate problem: certificate is not "
			 "yet valid)");
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 2000, 2000, &view);
	assert_string_equal(view.stale_reason, wb_i18n(WB_LANG_EN, WB_MSG_CLOCK_NOT_SET));
	assert_string_equal(view.stale_remedy, wb_i18n(WB_LANG_EN, WB_MSG_CLOCK_REMEDY));
	assert_non_null(strstr(view.stale_remedy, "clock.ntp"));
	cfg.display.language = WB_LANG_NL;
	wb_board_view(&board, &cfg, 2000, 2000, &view);
	assert_string_equal(view.stale_reason, wb_i18n(WB_LANG_NL, WB_MSG_CLOCK_NOT_SET));

	up = make_update(WB_FETCH_FAILED, 3000, 3000);
	up.reason = WB_FETCH_REASON_TLS;
	up.http_status = 0;
	up.tls = WB_TLS_CERT_TIME;
	strcpy(up.error, "SSL certificate problem: certificate is not yet valid");
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 4000, 4000, &view);
	assert_string_equal(view.stale_reason, "Certificaat niet (meer) geldig");
	assert_string_equal(view.stale_remedy, "vernieuw het op de server");
	assert_string_equal(board.last_error, "SSL certificate problem: certificate is not yet valid");

	up = make_update(WB_FETCH_FAILED, 5000, 5000);
	up.reason = WB_FETCH_REASON_CLOCK;
	wb_board_apply(&board, &up);
	up = make_update(WB_FETCH_UPDATED, 6000, 6000);
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 7000, 7000, &view);
	assert_string_equal(view.stale_reason, "");
	assert_string_equal(view.stale_remedy, "");
	assert_string_equal(board.last_error, "");
	assert_int_equal(board.last_reason, WB_FETCH_REASON_NONE);
	assert_string_equal(wb_fetch_reason_name(WB_FETCH_REASON_CLOCK), "clock");
	wb_board_fini(&board);
}

/* Every reason has words (walking the enum), and for HTTP every status and
 * for TLS every problem; each row of the table is the answer for something,
 * so none is hidden behind an earlier, wider one. */
static void every_failure_reason_has_a_row(void **state)
{
	(void)state;
	size_t n;
	const struct wb_fetch_words *rows = wb_fetch_words_table(&n);
	bool reached[64] = { false };
	assert_true(n <= sizeof reached / sizeof reached[0]);
	assert_null(wb_fetch_words_find(WB_FETCH_REASON_NONE, 0, WB_TLS_OTHER));
	assert_null(wb_fetch_words_find(WB_FETCH_REASON_COUNT, 0, WB_TLS_OTHER));
	for (int r = WB_FETCH_REASON_NONE + 1; r < WB_FETCH_REASON_COUNT; r++) {
		for (long status = 0; status < 600; status++) {
			for (int tls = WB_TLS_OTHER; tls <= WB_TLS_CERT_TIME; tls++) {
				const struct wb_fetch_words *w = wb_fetch_words_find(
					(enum wb_fetch_reason)r, status, (enum wb_tls_problem)tls);
				if (!w)
					fail_msg("no words for %s, status %ld, tls %d",
						 wb_fetch_reason_name((enum wb_fetch_reason)r), status, tls);
				assert_int_equal(w->reason, r);
				reached[w - rows] = true;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!reached[i])
			fail_msg("row %zu (%s) is never used", i, wb_fetch_reason_name(rows[i].reason));
		assert_int_not_equal(rows[i].message, rows[i].remedy);
		assert_true(rows[i].reason == WB_FETCH_REASON_HTTP ||
			    (rows[i].status_lo == 0 && rows[i].status_hi == 0));
		assert_true(rows[i].reason == WB_FETCH_REASON_TLS || rows[i].tls == WB_TLS_OTHER);
	}
	/* the brief's own split of HTTP */
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 401, WB_TLS_OTHER)->remedy,
			 WB_MSG_ERR_HTTP_TOKEN_REMEDY);
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 403, WB_TLS_OTHER)->remedy,
			 WB_MSG_ERR_HTTP_TOKEN_REMEDY);
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 404, WB_TLS_OTHER)->message,
			 WB_MSG_ERR_HTTP_NOT_FOUND);
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 429, WB_TLS_OTHER)->message,
			 WB_MSG_ERR_HTTP_TOO_MANY);
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 502, WB_TLS_OTHER)->message,
			 WB_MSG_ERR_HTTP_SERVER);
	assert_int_equal(wb_fetch_words_find(WB_FETCH_REASON_HTTP, 400, WB_TLS_OTHER)->message,
			 WB_MSG_ERR_HTTP_OTHER);
}

/* One real-looking failure per row: the reason, status and TLS problem the
 * fetcher sets, and the raw text it writes (curl's words, ours). */
struct failure_case {
	enum wb_fetch_reason reason;
	long status;
	enum wb_tls_problem tls;
	const char *raw;
};

static const struct failure_case failure_cases[] = {
	{ WB_FETCH_REASON_NO_URL, 0, WB_TLS_OTHER, "no feed URL configured" },
	{ WB_FETCH_REASON_DNS, 0, WB_TLS_OTHER, "Could not resolve host: feed.example.nl" },
	{ WB_FETCH_REASON_NETWORK, 0, WB_TLS_OTHER,
	  "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server" },
	{ WB_FETCH_REASON_TIMEOUT, 0, WB_TLS_OTHER,
	  "Operation timed out after 15001 milliseconds with 0 bytes received" },
	{ WB_FETCH_REASON_TLS, 0, WB_TLS_UNTRUSTED,
	  "SSL certificate problem: unable to get local issuer certificate" },
	{ WB_FETCH_REASON_TLS, 0, WB_TLS_CERT_TIME, "SSL certificate problem: certificate has expired" },
	{ WB_FETCH_REASON_TLS, 0, WB_TLS_OTHER,
	  "SSL: no alternative certificate subject name matches target host name '127.0.0.1'" },
	{ WB_FETCH_REASON_HTTP, 401, WB_TLS_OTHER, "HTTP 401" },
	{ WB_FETCH_REASON_HTTP, 403, WB_TLS_OTHER, "HTTP 403" },
	{ WB_FETCH_REASON_HTTP, 404, WB_TLS_OTHER, "HTTP 404" },
	{ WB_FETCH_REASON_HTTP, 429, WB_TLS_OTHER, "HTTP 429" },
	{ WB_FETCH_REASON_HTTP, 503, WB_TLS_OTHER, "HTTP 503" },
	{ WB_FETCH_REASON_HTTP, 418, WB_TLS_OTHER, "HTTP 418" },
	{ WB_FETCH_REASON_HTTP, 304, WB_TLS_OTHER, "HTTP 304 without a cached document" },
	{ WB_FETCH_REASON_TOO_LARGE, 200, WB_TLS_OTHER, "response larger than 1048576 bytes" },
	{ WB_FETCH_REASON_INVALID, 200, WB_TLS_OTHER, "invalid feed: $.channels[0].id: missing" },
	{ WB_FETCH_REASON_CLOCK, 0, WB_TLS_CERT_TIME,
	  "the system clock is not synchronised (SSL certificate problem: certificate is not yet valid)" },
};

/* For every kind of failure in every language, the screen has words and a
 * remedy, never the raw English text, which the board keeps for admins. */
static void every_failure_is_worded_in_every_language(void **state)
{
	(void)state;
	const enum wb_lang langs[] = { WB_LANG_NL, WB_LANG_EN, WB_LANG_FR };
	size_t n;
	const struct wb_fetch_words *rows = wb_fetch_words_table(&n);
	bool covered[64] = { false };
	assert_true(n <= sizeof covered / sizeof covered[0]);
	for (size_t c = 0; c < sizeof failure_cases / sizeof failure_cases[0]; c++) {
		const struct failure_case *fc = &failure_cases[c];
		struct wb_board board;
		struct wb_config cfg;
		wb_board_init(&board);
		wb_config_defaults(&cfg);
		strcpy(cfg.feed.url, "https://feed.example.nl/v1/board");
		struct wb_feed_update up = make_update(WB_FETCH_FAILED, 1000, 1000);
		up.reason = fc->reason;
		up.http_status = fc->status;
		up.tls = fc->tls;
		strcpy(up.error, fc->raw);
		wb_board_apply(&board, &up);
		assert_string_equal(board.last_error, fc->raw);
		covered[wb_fetch_words_find(fc->reason, fc->status, fc->tls) - rows] = true;

		char words[3][WB_VIEW_WORDS_MAX];
		for (size_t l = 0; l < 3; l++) {
			struct wb_view view;
			cfg.display.language = langs[l];
			wb_board_view(&board, &cfg, 2000, 2000, &view);
			const char *what = view.stale_reason, *remedy = view.stale_remedy;
			if (!what[0] || !remedy[0])
				fail_msg("%s (%s): no words in %s", wb_fetch_reason_name(fc->reason), fc->raw,
					 wb_lang_name(langs[l]));
			if (strstr(what, fc->raw) || strstr(remedy, fc->raw) || strstr(fc->raw, what))
				fail_msg("%s: the raw text on screen in %s: %s", fc->raw,
					 wb_lang_name(langs[l]), what);
			assert_null(strstr(what, "HTTP"));
			assert_null(strstr(what, "SSL"));
			if (fc->reason == WB_FETCH_REASON_HTTP) {
				char status[16];
				snprintf(status, sizeof status, "(%ld)", fc->status);
				assert_non_null(strstr(what, status));
			}
			snprintf(words[l], sizeof words[l], "%s", what);
		}
		/* translated, not the English copied */
		assert_string_not_equal(words[0], words[1]);
		assert_string_not_equal(words[2], words[1]);
		wb_board_fini(&board);
	}
	for (size_t i = 0; i < n; i++)
		if (!covered[i])
			fail_msg("row %zu (%s) has no case here", i, wb_fetch_reason_name(rows[i].reason));
}

/* The words of the issue, in Dutch, as the stale bar and the start screen
 * show them. */
static void dutch_words_for_token_certificate_and_name(void **state)
{
	(void)state;
	const struct {
		enum wb_fetch_reason reason;
		long status;
		enum wb_tls_problem tls;
		const char *what, *remedy;
	} cases[] = {
		{ WB_FETCH_REASON_HTTP, 401, WB_TLS_OTHER, "De feed weigert het token (401)",
		  "controleer feed.token" },
		{ WB_FETCH_REASON_TLS, 0, WB_TLS_UNTRUSTED, "Certificaat niet vertrouwd",
		  "stel feed.ca_file in" },
		{ WB_FETCH_REASON_DNS, 0, WB_TLS_OTHER, "Naam onbekend", "controleer de URL of de DNS" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wb_board board;
		struct wb_config cfg;
		struct wb_view view;
		wb_board_init(&board);
		wb_config_defaults(&cfg);
		strcpy(cfg.feed.url, "https://feed.example.nl/v1/board");
		struct wb_feed_update up = make_update(WB_FETCH_FAILED, 1000, 1000);
		up.reason = cases[i].reason;
		up.http_status = cases[i].status;
		up.tls = cases[i].tls;
		wb_board_apply(&board, &up);
		wb_board_view(&board, &cfg, 2000, 2000, &view);
		assert_string_equal(view.stale_reason, cases[i].what);
		assert_string_equal(view.stale_remedy, cases[i].remedy);
		wb_board_fini(&board);
	}
}

/* A remedy names config keys ("feed.ca_file"): each must be a row of the
 * config's field table, so the screen never sends anyone after a key that
 * does not exist. */
static void remedies_name_only_config_keys_that_exist(void **state)
{
	(void)state;
	size_t n_root, n;
	const struct wb_config_field *root = wb_config_fields(&n_root);
	const struct wb_fetch_words *rows = wb_fetch_words_table(&n);
	const enum wb_lang langs[] = { WB_LANG_NL, WB_LANG_EN, WB_LANG_FR };
	size_t keys = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t l = 0; l < 3; l++) {
			const enum wb_msg msgs[] = { rows[i].message, rows[i].remedy };
			for (size_t m = 0; m < 2; m++) {
				const char *text = wb_i18n(langs[l], msgs[m]);
				for (const char *dot = strchr(text, '.'); dot; dot = strchr(dot + 1, '.')) {
					const char *a = dot, *z = dot + 1;
					while (a > text && (islower((unsigned char)a[-1]) || a[-1] == '_'))
						a--;
					while (islower((unsigned char)*z) || *z == '_')
						z++;
					if (a == dot || z == dot + 1)
						continue; /* not section.key */
					char section[32], key[32];
					snprintf(section, sizeof section, "%.*s", (int)(dot - a), a);
					snprintf(key, sizeof key, "%.*s", (int)(z - dot - 1), dot + 1);
					const struct wb_config_field *s =
						wb_config_field_find(root, n_root, section);
					if (!s || !s->sub || !wb_config_field_find(s->sub, s->n_sub, key))
						fail_msg("\"%s\" names %s.%s, which is no config key", text,
							 section, key);
					keys++;
				}
			}
		}
	}
	assert_true(keys >= 8 * 3); /* the scan found the keys that are there */
}

/* Without a feed URL the start screen says so, with the remedy, before the
 * fetcher's first poll fails on it; with a URL it says nothing yet. */
static void missing_url_is_worded_before_the_first_poll(void **state)
{
	(void)state;
	struct wb_board board;
	struct wb_config cfg;
	struct wb_view view;
	wb_board_init(&board);
	wb_config_defaults(&cfg);
	cfg.feed.url[0] = '\0';
	wb_board_view(&board, &cfg, 1000, 1000, &view);
	assert_string_equal(view.stale_reason, "Geen feed-URL");
	assert_string_equal(view.stale_remedy, "stel feed.url in of start met --feed");
	strcpy(cfg.feed.url, "https://feed.example.nl/v1/board");
	wb_board_view(&board, &cfg, 1000, 1000, &view);
	assert_string_equal(view.stale_reason, "");
	assert_string_equal(view.stale_remedy, "");
	wb_board_fini(&board);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts_connecting_without_data),
		cmocka_unit_test(update_takes_snapshot_and_pins_server_clock),
		cmocka_unit_test(stale_after_three_intervals_then_fresh_again),
		cmocka_unit_test(repeated_not_modified_changes_nothing),
		cmocka_unit_test(shown_server_time_keeps_the_wall_seconds),
		cmocka_unit_test(cached_document_is_stale_until_confirmed),
		cmocka_unit_test(cached_received_time_out_of_range_is_clamped),
		cmocka_unit_test(view_title_prefers_config_then_feed),
		cmocka_unit_test(update_free_releases_unclaimed_snapshot),
		cmocka_unit_test(acks_hold_until_the_feed_clears_the_alert),
		cmocka_unit_test(local_alerts_are_merged_and_replaced_not_added_up),
		cmocka_unit_test(clock_failure_is_explained_in_words),
		cmocka_unit_test(every_failure_reason_has_a_row),
		cmocka_unit_test(every_failure_is_worded_in_every_language),
		cmocka_unit_test(dutch_words_for_token_certificate_and_name),
		cmocka_unit_test(remedies_name_only_config_keys_that_exist),
		cmocka_unit_test(missing_url_is_worded_before_the_first_poll),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
