/* Board state: which snapshot is shown, the server clock, staleness and the
 * connection state, driven by hand-made poll results and injected clocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/board.h"
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
 * in the board's language, with the remedy; a plain TLS failure keeps its
 * text, and the next success clears both. */
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
	strcpy(up.error, "SSL certificate problem: certificate is not yet valid");
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 4000, 4000, &view);
	assert_string_equal(view.stale_reason, "SSL certificate problem: certificate is not yet valid");
	assert_string_equal(view.stale_remedy, "");

	up = make_update(WB_FETCH_FAILED, 5000, 5000);
	up.reason = WB_FETCH_REASON_CLOCK;
	wb_board_apply(&board, &up);
	up = make_update(WB_FETCH_UPDATED, 6000, 6000);
	wb_board_apply(&board, &up);
	wb_board_view(&board, &cfg, 7000, 7000, &view);
	assert_string_equal(view.stale_reason, "");
	assert_string_equal(view.stale_remedy, "");
	assert_string_equal(wb_fetch_reason_name(WB_FETCH_REASON_CLOCK), "clock");
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
		cmocka_unit_test(view_title_prefers_config_then_feed),
		cmocka_unit_test(update_free_releases_unclaimed_snapshot),
		cmocka_unit_test(acks_hold_until_the_feed_clears_the_alert),
		cmocka_unit_test(local_alerts_are_merged_and_replaced_not_added_up),
		cmocka_unit_test(clock_failure_is_explained_in_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
