/* The main thread's model of the feed. Two clocks on purpose: intervals and
 * staleness run on the monotonic clock (immune to NTP steps on a Pi without an
 * RTC), SLA timers on the server's clock as read from generated_at, and only
 * what people read ("stale since 10:15") uses the device's wall clock. */
#include "wallboard/board.h"
#include "wallboard/mathx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/rules.h"
#include "wallboard/timeutil.h"

#define STALE_AFTER_INTERVALS 3

const char *wb_fetch_reason_name(enum wb_fetch_reason reason)
{
	static const char *const names[WB_FETCH_REASON_COUNT] = {
		[WB_FETCH_REASON_NONE] = "none",       [WB_FETCH_REASON_NO_URL] = "no_url",
		[WB_FETCH_REASON_DNS] = "dns",         [WB_FETCH_REASON_NETWORK] = "network",
		[WB_FETCH_REASON_TIMEOUT] = "timeout", [WB_FETCH_REASON_TLS] = "tls",
		[WB_FETCH_REASON_HTTP] = "http",       [WB_FETCH_REASON_TOO_LARGE] = "too_large",
		[WB_FETCH_REASON_INVALID] = "invalid", [WB_FETCH_REASON_CLOCK] = "clock",
	};
	return (unsigned)reason < WB_FETCH_REASON_COUNT ? names[reason] : "unknown";
}

/* How the screen words each kind of failed poll. To add one: a pair of
 * messages in i18n.h/i18n.c and a row here, before any row it narrows. */
static const struct wb_fetch_words words_table[] = {
	{ WB_FETCH_REASON_NO_URL, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_NO_URL, WB_MSG_ERR_NO_URL_REMEDY },
	{ WB_FETCH_REASON_DNS, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_DNS, WB_MSG_ERR_DNS_REMEDY },
	{ WB_FETCH_REASON_NETWORK, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_NETWORK, WB_MSG_ERR_NETWORK_REMEDY },
	{ WB_FETCH_REASON_TIMEOUT, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_TIMEOUT, WB_MSG_ERR_TIMEOUT_REMEDY },
	{ WB_FETCH_REASON_TLS, 0, 0, WB_TLS_UNTRUSTED, WB_MSG_ERR_TLS_UNTRUSTED,
	  WB_MSG_ERR_TLS_UNTRUSTED_REMEDY },
	{ WB_FETCH_REASON_TLS, 0, 0, WB_TLS_CERT_TIME, WB_MSG_ERR_TLS_CERT_TIME,
	  WB_MSG_ERR_TLS_CERT_TIME_REMEDY },
	{ WB_FETCH_REASON_TLS, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_TLS, WB_MSG_ERR_TLS_REMEDY },
	{ WB_FETCH_REASON_HTTP, 401, 401, WB_TLS_OTHER, WB_MSG_ERR_HTTP_TOKEN, WB_MSG_ERR_HTTP_TOKEN_REMEDY },
	{ WB_FETCH_REASON_HTTP, 403, 403, WB_TLS_OTHER, WB_MSG_ERR_HTTP_TOKEN, WB_MSG_ERR_HTTP_TOKEN_REMEDY },
	{ WB_FETCH_REASON_HTTP, 404, 404, WB_TLS_OTHER, WB_MSG_ERR_HTTP_NOT_FOUND,
	  WB_MSG_ERR_HTTP_NOT_FOUND_REMEDY },
	{ WB_FETCH_REASON_HTTP, 429, 429, WB_TLS_OTHER, WB_MSG_ERR_HTTP_TOO_MANY,
	  WB_MSG_ERR_HTTP_TOO_MANY_REMEDY },
	{ WB_FETCH_REASON_HTTP, 500, 599, WB_TLS_OTHER, WB_MSG_ERR_HTTP_SERVER,
	  WB_MSG_ERR_HTTP_SERVER_REMEDY },
	{ WB_FETCH_REASON_HTTP, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_HTTP_OTHER, WB_MSG_ERR_HTTP_OTHER_REMEDY },
	{ WB_FETCH_REASON_TOO_LARGE, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_TOO_LARGE, WB_MSG_ERR_TOO_LARGE_REMEDY },
	{ WB_FETCH_REASON_INVALID, 0, 0, WB_TLS_OTHER, WB_MSG_ERR_INVALID, WB_MSG_ERR_INVALID_REMEDY },
	{ WB_FETCH_REASON_CLOCK, 0, 0, WB_TLS_OTHER, WB_MSG_CLOCK_NOT_SET, WB_MSG_CLOCK_REMEDY },
};

const struct wb_fetch_words *wb_fetch_words_table(size_t *n)
{
	*n = sizeof words_table / sizeof words_table[0];
	return words_table;
}

const struct wb_fetch_words *wb_fetch_words_find(enum wb_fetch_reason reason, long http_status,
						 enum wb_tls_problem tls)
{
	for (size_t i = 0; i < sizeof words_table / sizeof words_table[0]; i++) {
		const struct wb_fetch_words *w = &words_table[i];
		if (w->reason != reason)
			continue;
		if (reason == WB_FETCH_REASON_HTTP && w->status_lo != 0 &&
		    (http_status < w->status_lo || http_status > w->status_hi))
			continue;
		if (reason == WB_FETCH_REASON_TLS && w->tls != tls)
			continue;
		return w;
	}
	return NULL;
}

void wb_feed_update_free(struct wb_feed_update *update)
{
	if (!update)
		return;
	wb_snapshot_free(update->snapshot);
	free(update);
}

void wb_board_init(struct wb_board *board)
{
	memset(board, 0, sizeof(*board));
	board->conn = WB_CONN_CONNECTING;
}

void wb_board_fini(struct wb_board *board)
{
	if (!board)
		return;
	wb_snapshot_free(board->snapshot);
	board->snapshot = NULL;
	wb_alerts_free(board->feed_alerts, board->n_feed_alerts);
	board->feed_alerts = NULL;
	board->n_feed_alerts = 0;
	for (size_t i = 0; i < board->n_acked; i++)
		free(board->acked[i]);
	board->n_acked = 0;
}

static bool is_acked(const struct wb_board *board, const char *id)
{
	for (size_t i = 0; i < board->n_acked; i++)
		if (strcmp(board->acked[i], id) == 0)
			return true;
	return false;
}

/* Marks the snapshot's acknowledged alerts and forgets acks of alerts the
 * feed has cleared, so an id the feed reuses later starts unacknowledged. */
static void sync_acks(struct wb_board *board)
{
	size_t kept = 0;
	for (size_t i = 0; i < board->n_acked; i++) {
		bool present = false;
		for (size_t a = 0; board->snapshot && a < board->snapshot->n_alerts; a++)
			present |= strcmp(board->snapshot->alerts[a].id, board->acked[i]) == 0;
		if (present)
			board->acked[kept++] = board->acked[i];
		else
			free(board->acked[i]);
	}
	board->n_acked = kept;
	for (size_t a = 0; board->snapshot && a < board->snapshot->n_alerts; a++)
		board->snapshot->alerts[a].acknowledged = is_acked(board, board->snapshot->alerts[a].id);
}

/* Keeps the feed's own alerts apart from the list on screen, which local
 * alerts may extend. Out of memory: the feed's list stays as shown. */
static void keep_feed_alerts(struct wb_board *board)
{
	struct wb_alert *copy = NULL;
	size_t n = 0;
	wb_alerts_free(board->feed_alerts, board->n_feed_alerts);
	board->feed_alerts = NULL;
	board->n_feed_alerts = 0;
	if (wb_alerts_merge(board->snapshot->alerts, board->snapshot->n_alerts, NULL, 0, &copy, &n) ==
	    WB_OK) {
		board->feed_alerts = copy;
		board->n_feed_alerts = n;
	}
}

enum wb_status wb_board_merge_local_alerts(struct wb_board *board, const struct wb_alert *local,
					   size_t n_local)
{
	if (!board->snapshot)
		return WB_OK;
	struct wb_alert *merged = NULL;
	size_t n = 0;
	enum wb_status st =
		wb_alerts_merge(board->feed_alerts, board->n_feed_alerts, local, n_local, &merged, &n);
	if (st != WB_OK)
		return st;
	wb_alerts_free(board->snapshot->alerts, board->snapshot->n_alerts);
	board->snapshot->alerts = merged;
	board->snapshot->n_alerts = n;
	sync_acks(board);
	return WB_OK;
}

enum wb_status wb_board_ack(struct wb_board *board, const char *alert_id)
{
	struct wb_alert *found = NULL;
	for (size_t a = 0; board->snapshot && a < board->snapshot->n_alerts; a++)
		if (strcmp(board->snapshot->alerts[a].id, alert_id) == 0)
			found = &board->snapshot->alerts[a];
	if (!found)
		return WB_ERR_NOT_FOUND;
	if (!found->acknowledged) {
		char *copy = strdup(alert_id);
		if (!copy || board->n_acked >= WB_FEED_MAX_ALERTS) {
			free(copy);
			return WB_ERR_NOMEM;
		}
		board->acked[board->n_acked++] = copy;
		found->acknowledged = true;
	}
	return WB_OK;
}

static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void note_success(struct wb_board *board, const struct wb_feed_update *update)
{
	board->conn = WB_CONN_ONLINE;
	board->have_success = true;
	board->from_cache = false;
	board->last_success_mono_ms = update->received_mono_ms;
	board->last_success_wall_ms = update->received_wall_ms;
	board->last_error[0] = '\0';
	board->last_reason = WB_FETCH_REASON_NONE;
	board->last_http_status = 0;
	board->last_tls = WB_TLS_OTHER;
	board->polls_ok++;
}

bool wb_board_apply(struct wb_board *board, struct wb_feed_update *update)
{
	switch (update->outcome) {
	case WB_FETCH_UPDATED:
		wb_snapshot_free(board->snapshot);
		board->snapshot = update->snapshot;
		update->snapshot = NULL;
		copy_text(board->etag, sizeof(board->etag), update->etag);
		/* The server wrote generated_at just before answering; pinning it to
		 * our receipt time makes the server clock ours to read. */
		board->server_offset_ms = board->snapshot->generated_at_ms - update->received_mono_ms;
		keep_feed_alerts(board);
		sync_acks(board);
		note_success(board, update);
		return true;
	case WB_FETCH_NOT_MODIFIED: {
		bool changed = board->conn != WB_CONN_ONLINE || board->from_cache;
		note_success(board, update);
		return changed;
	}
	case WB_FETCH_FAILED:
	default:
		board->conn = WB_CONN_OFFLINE;
		copy_text(board->last_error, sizeof(board->last_error), update->error);
		/* A failure always has words: one without a reason is a
		 * transport error like any other (the enum's catch-all). */
		board->last_reason =
			update->reason != WB_FETCH_REASON_NONE ? update->reason : WB_FETCH_REASON_NETWORK;
		board->last_http_status = update->http_status;
		board->last_tls = update->tls;
		board->polls_failed++;
		return true;
	}
}

void wb_board_adopt_cached(struct wb_board *board, struct wb_snapshot *snap, const char *etag,
			   int64_t received_wall_ms, int64_t mono_now_ms, int64_t wall_now_ms)
{
	wb_snapshot_free(board->snapshot);
	board->snapshot = snap;
	keep_feed_alerts(board);
	copy_text(board->etag, sizeof(board->etag), etag ? etag : "");
	board->from_cache = true;
	/* The caller range-checks what it read (wb_cache_load); clamped here
	 * too, so no value makes the subtraction below overflow. */
	if (received_wall_ms < WB_TIME_MIN_MS || received_wall_ms > WB_TIME_MAX_MS)
		received_wall_ms = wall_now_ms;
	board->last_success_wall_ms = received_wall_ms;
	/* Server time then = generated_at at receipt; assume the device clock has
	 * run at the same pace since. Wrong if the device clock jumped, but the
	 * board marks this data stale until a poll confirms it. */
	int64_t server_now = snap->generated_at_ms + (wall_now_ms - received_wall_ms);
	board->server_offset_ms = server_now - mono_now_ms;
}

int64_t wb_board_server_now_ms(const struct wb_board *board, int64_t mono_now_ms)
{
	return mono_now_ms + board->server_offset_ms;
}

bool wb_board_is_stale(const struct wb_board *board, int64_t mono_now_ms, int interval_s)
{
	if (!board->snapshot)
		return false;
	if (board->from_cache || !board->have_success)
		return true;
	return mono_now_ms - board->last_success_mono_ms > (int64_t)STALE_AFTER_INTERVALS * interval_s * 1000;
}

/* The last failure in words (never its raw text, which is for admins).
 * Without a feed URL the fetcher fails at once; saying so before that first
 * poll keeps the start screen from showing "connecting" to nowhere. */
static void stale_words(const struct wb_board *board, const struct wb_config *cfg, struct wb_view *view)
{
	enum wb_lang lang = cfg->display.language;
	enum wb_fetch_reason reason = board->last_reason;
	if (reason == WB_FETCH_REASON_NONE && board->conn == WB_CONN_CONNECTING && !cfg->feed.url[0])
		reason = WB_FETCH_REASON_NO_URL;
	const struct wb_fetch_words *w =
		wb_fetch_words_find(reason, board->last_http_status, board->last_tls);
	view->stale_reason = view->stale_words;
	view->stale_remedy = w ? wb_i18n(lang, w->remedy) : "";
	if (!w)
		view->stale_words[0] = '\0';
	else if (reason == WB_FETCH_REASON_HTTP && board->last_http_status > 0)
		snprintf(view->stale_words, sizeof view->stale_words, "%s (%ld)", wb_i18n(lang, w->message),
			 board->last_http_status);
	else
		snprintf(view->stale_words, sizeof view->stale_words, "%s", wb_i18n(lang, w->message));
}

void wb_board_view(const struct wb_board *board, const struct wb_config *cfg, int64_t mono_now_ms,
		   int64_t wall_now_ms, struct wb_view *view)
{
	memset(view, 0, sizeof(*view));
	view->snapshot = board->snapshot;
	view->config = cfg;
	if (cfg->display.title[0])
		view->title = cfg->display.title;
	else if (board->snapshot && board->snapshot->title)
		view->title = board->snapshot->title;
	else
		view->title = "Webcare";
	/* The server's clock as shown: its distance from the wall clock rounded
	 * to whole seconds, so SLA timers and the header turn over at the same
	 * instant and an idle board wakes once a second, not twice. At most half
	 * a second off, finer than the feed's own timestamps. */
	int64_t skew = wb_board_server_now_ms(board, mono_now_ms) - wall_now_ms;
	view->server_now_ms = wall_now_ms + wb_floor_div(skew + 500, 1000) * 1000;
	view->wall_now_ms = wall_now_ms;
	view->anim_ms = mono_now_ms;
	view->conn = board->conn;
	if (board->have_success)
		view->data_age_s = (mono_now_ms - board->last_success_mono_ms) / 1000;
	else if (board->from_cache)
		view->data_age_s = (wall_now_ms - board->last_success_wall_ms) / 1000;
	else
		view->data_age_s = -1;
	if (view->data_age_s < -1)
		view->data_age_s = 0;
	view->stale = wb_board_is_stale(board, mono_now_ms, cfg->feed.interval_s);
	view->stale_since_wall_ms = board->last_success_wall_ms;
	stale_words(board, cfg, view);
	view->feed_host = "";
	view->status_line = "";
}
