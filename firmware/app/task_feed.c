/* The feed on the main thread: starts the fetcher, applies the updates it
 * queues (waking the loop with an event), shows the cached last good document
 * at start-up, and logs when the board turns stale or fresh. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wallboard/feed.h"
#include "wallboard/fetch.h"
#include "wallboard/cache.h"
#include "wallboard/clock.h"
#include "wallboard/format.h"
#include "wallboard/timeutil.h"
#include "wallboard/tz.h"

#include "app.h"

/* --log-polls: a line for every poll, as the integration tests read them. */
static void log_poll(const struct wb_feed_update *up, const struct wb_snapshot *snap)
{
	switch (up->outcome) {
	case WB_FETCH_UPDATED:
		if (up->http_status > 0)
			wb_app_say("feed: updated: %zu channels (HTTP %ld, etag %s)",
				   snap ? snap->n_channels : 0, up->http_status,
				   up->etag[0] ? up->etag : "none");
		else
			wb_app_say("feed: updated: %zu channels (file)", snap ? snap->n_channels : 0);
		break;
	case WB_FETCH_NOT_MODIFIED:
		wb_app_say("feed: not modified (HTTP 304)");
		break;
	case WB_FETCH_FAILED:
	default:
		wb_app_say("feed: error: %s; keeping last good data", up->error);
		break;
	}
}

/* What goes into the journal in steady state: a line when the feed's state
 * changes (the first success, ok to failing, a different failure, recovered),
 * never one per poll, which on an SD card at a 10 s interval is 8,640 lines a
 * day for nothing. */
static void log_change(struct wb_app *app, const struct wb_feed_update *up, const struct wb_snapshot *snap)
{
	if (up->outcome != WB_FETCH_FAILED) {
		if (app->feed.logged == WB_APP_FEED_LOG_FAILING)
			wb_app_say("feed: recovered after %lld failed polls: %zu channels",
				   (long long)app->feed.failed_since_logged, snap ? snap->n_channels : 0);
		else if (app->feed.logged == WB_APP_FEED_LOG_NONE)
			wb_app_say("feed: ok: %zu channels%s", snap ? snap->n_channels : 0,
				   up->outcome == WB_FETCH_NOT_MODIFIED ? " (the cached document is current)"
									: "");
		app->feed.logged = WB_APP_FEED_LOG_OK;
		return;
	}
	/* The same kind with another text (a new byte offset in a broken
	 * document, another address) is the same state: said once. */
	bool failing = app->feed.logged == WB_APP_FEED_LOG_FAILING;
	/* "recovered after N failed polls" counts from ok to ok, across kinds. */
	app->feed.failed_since_logged = failing ? app->feed.failed_since_logged + 1 : 1;
	if (failing && app->feed.logged_reason == up->reason)
		return;
	wb_app_say("feed: failing (%s): %s; keeping last good data", wb_fetch_reason_name(up->reason),
		   up->error);
	app->feed.logged = WB_APP_FEED_LOG_FAILING;
	app->feed.logged_reason = up->reason;
}

/* The host part of the feed URL (the path of a file:// URL), for the start
 * screen and the log; never credentials or the query. */
static void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	if (strncasecmp(url, "file://", 7) == 0) {
		snprintf(out, size, "%.*s", (int)strcspn(p, "?#"), p);
		return;
	}
	const char *at = strchr(p, '@');
	const char *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1; /* drop user:password@ */
	size_t n = strcspn(p, "/?#");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

void wb_task_feed_set_host(struct wb_app *app)
{
	url_host(app->cfg.feed.url, app->feed.host, sizeof(app->feed.host));
}

void wb_task_feed_load_cache(struct wb_app *app)
{
	if (!app->state_dir[0])
		return;
	struct wb_cache_entry entry;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_cache_load(app->state_dir, app->cfg.feed.max_body_bytes, &entry, &err);
	if (st == WB_ERR_NOT_FOUND)
		return;
	if (st != WB_OK) {
		wb_app_say("cache: ignoring the cached document: %s", err.message);
		return;
	}
	struct wb_snapshot *snap = NULL;
	if (wb_feed_parse(entry.body, entry.body_len, &snap, &err) != WB_OK) {
		char where[sizeof(err.path) + sizeof(err.message) + 4];
		wb_error_format(&err, where, sizeof(where));
		wb_app_say("cache: ignoring the cached document: %s", where);
		wb_cache_entry_fini(&entry);
		return;
	}
	char received[32];
	wb_time_format_rfc3339(entry.received_wall_ms, received, sizeof(received));
	wb_board_adopt_cached(&app->board, snap, entry.etag, entry.received_wall_ms, wb_clock_mono_ms(),
			      wb_clock_wall_ms());
	wb_app_say("cache: showing last good document from %s/last-good-feed.json.cache (received %s)",
		   app->state_dir, received);
	wb_cache_entry_fini(&entry);
}

/* Called on the fetch thread. */
static void wake_main_thread(void *ctx)
{
	const struct wb_app *app = ctx;
	wb_app_wake(app, app->feed.event);
}

enum wb_status wb_task_feed_start(struct wb_app *app, struct wb_error *err)
{
	app->feed.fetcher = wb_fetcher_create(&app->cfg, app->state_dir, app->device_id, app->board.etag,
					      wake_main_thread, app, err);
	return app->feed.fetcher ? WB_OK : WB_ERR_NETWORK;
}

void wb_task_feed_stop(struct wb_app *app)
{
	wb_fetcher_destroy(app->feed.fetcher);
	app->feed.fetcher = NULL;
}

static bool drain_updates(struct wb_app *app)
{
	bool changed = false;
	struct wb_feed_update *up;
	while ((up = wb_fetcher_take(app->feed.fetcher)) != NULL) {
		/* A certificate "not yet valid" or "expired" says little while
		 * the clock itself is not set (a Pi without RTC, NTP blocked). */
		if (up->outcome == WB_FETCH_FAILED && up->tls == WB_TLS_CERT_TIME &&
		    !wb_task_clock_synchronized(app)) {
			up->reason = WB_FETCH_REASON_CLOCK;
			char raw[sizeof up->error];
			memcpy(raw, up->error, sizeof raw);
			/* The TLS text, cut to leave room for what comes before it. */
			snprintf(up->error, sizeof up->error, "the system clock is not synchronised (%.*s)",
				 (int)sizeof up->error - 64, raw);
		}
		wb_metrics_count_fetch(&app->publish.metrics, up);
		changed |= wb_board_apply(&app->board, up);
		if (app->feed.log_polls)
			log_poll(up, app->board.snapshot);
		else
			log_change(app, up, app->board.snapshot);
		wb_feed_update_free(up);
		wb_task_rules_update(app, wb_clock_mono_ms(), true);
		wb_task_trend_update(app, wb_clock_mono_ms());
	}
	return changed;
}

static bool on_event(struct wb_app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type != app->feed.event)
		return false;
	*dirty |= drain_updates(app);
	return true;
}

static bool after_draw(struct wb_app *app, const struct wb_pass *pass)
{
	const struct wb_view *view = pass->view;
	if (view->stale == app->feed.was_stale)
		return false;
	app->feed.was_stale = view->stale;
	if (!view->stale) {
		wb_app_say("board: fresh");
		return false;
	}
	/* In the board's zone, like the stale bar on screen. */
	char since[8] = "--:--";
	if (view->stale_since_wall_ms > 0) {
		struct tm tm;
		wb_tz_to_tm(app->tz, view->stale_since_wall_ms / 1000, &tm);
		wb_format_clock(&tm, 0, since, sizeof since);
	}
	/* The raw text, for admins; the screen says it in words. */
	const char *error = app->board.last_error;
	wb_app_say("board: stale since %s: %s", since, error[0] ? error : "no successful poll yet");
	return false;
}

const struct wb_task wb_task_feed = {
	.name = "feed",
	.after_draw = after_draw,
	.on_event = on_event,
};
