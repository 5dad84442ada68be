/* The main thread's model of the feed. Two clocks on purpose: intervals and
 * staleness run on the monotonic clock (immune to NTP steps on a Pi without an
 * RTC), SLA timers on the server's clock as read from generated_at, and only
 * what people read ("stale since 10:15") uses the device's wall clock. */
#include "wallboard/board.h"

#include <stdlib.h>
#include <string.h>

#define STALE_AFTER_INTERVALS 3

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
	board->consecutive_failures = 0;
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
		board->consecutive_failures++;
		board->polls_failed++;
		return true;
	}
}

void wb_board_adopt_cached(struct wb_board *board, struct wb_snapshot *snap, const char *etag,
                           int64_t received_wall_ms, int64_t mono_now_ms, int64_t wall_now_ms)
{
	wb_snapshot_free(board->snapshot);
	board->snapshot = snap;
	copy_text(board->etag, sizeof(board->etag), etag ? etag : "");
	board->from_cache = true;
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
	view->server_now_ms = wb_board_server_now_ms(board, mono_now_ms);
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
	view->stale_reason = board->last_error;
	view->feed_host = "";
	view->status_line = "";
}
