/* One immutable feed v1 document after validation. The fetch thread builds it,
 * hands it over whole (wb_board_take_update), and from then on nobody writes to
 * it: the renderer reads it without locks. Times are milliseconds since the
 * Unix epoch, UTC, on the server's clock. */
#ifndef WALLBOARD_SNAPSHOT_H
#define WALLBOARD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/limits.h"

enum wb_severity {
	WB_SEVERITY_INFO = 0,
	WB_SEVERITY_WARNING = 1,
	WB_SEVERITY_CRITICAL = 2
};

/* "info", "warning", "critical": the feed's and the API's words; "info" for
 * anything out of range. */
const char *wb_severity_name(enum wb_severity severity);

enum wb_sentiment {
	WB_SENTIMENT_UNKNOWN = 0, /* absent in the feed */
	WB_SENTIMENT_POSITIVE,
	WB_SENTIMENT_NEUTRAL,
	WB_SENTIMENT_NEGATIVE,
};

struct wb_sentiment_counts {
	bool present;
	int64_t positive;
	int64_t neutral;
	int64_t negative;
};

struct wb_channel_sla {
	bool present;
	int64_t target_s; /* > 0 */
	bool has_oldest;  /* false: nothing is waiting (null or absent) */
	int64_t oldest_unanswered_ms;
	bool has_within_target_pct;
	double within_target_pct; /* 0..100 */
};

struct wb_channel {
	char id[WB_FEED_CHANNEL_ID_MAX + 1];
	char *label; /* owned; never NULL: the id when the feed has no label */
	int64_t mentions_today;
	int64_t mentions_last_hour;
	int64_t unanswered;
	struct wb_sentiment_counts sentiment;
	struct wb_channel_sla sla;
	/* Optional trend fields (issue 15). history: mentions per full clock
	 * hour, oldest first, the last the last complete hour before
	 * generated_at; n_history 0 when the feed sends none. */
	int64_t history[WB_FEED_HISTORY_MAX];
	size_t n_history;
	/* same_time_yesterday: mentions yesterday from midnight to this time of
	 * day, and the sentiment of the hour ending at this time yesterday. */
	bool has_yesterday_today;
	int64_t yesterday_today;
	struct wb_sentiment_counts yesterday_sentiment;
};

struct wb_alert {
	char *id; /* owned, never NULL */
	enum wb_severity severity;
	char *kind;    /* owned, NULL when absent */
	char *channel; /* owned, NULL when absent (board-wide alert) */
	char *message; /* owned, never NULL */
	bool has_since;
	int64_t since_ms;
	/* Set by the board, not the feed: an admin acknowledged it over the API.
	 * It stays on screen until the feed clears it, but stops pulsing. */
	bool acknowledged;
};

struct wb_mention {
	char *channel; /* owned, NULL when absent */
	char *author;  /* owned, NULL when absent */
	bool has_followers;
	int64_t followers;
	char *text; /* owned, never NULL */
	enum wb_sentiment sentiment;
	bool has_at;
	int64_t at_ms;
};

struct wb_snapshot {
	int64_t generated_at_ms;
	char *title; /* owned, NULL when absent */
	struct wb_channel *channels;
	size_t n_channels;
	struct wb_alert *alerts;
	size_t n_alerts;
	struct wb_mention *latest;
	size_t n_latest;
};

/* Frees everything the snapshot owns and the snapshot itself; NULL is fine. */
void wb_snapshot_free(struct wb_snapshot *snap);

/* Looks a channel up by id; NULL when there is none. */
const struct wb_channel *wb_snapshot_channel(const struct wb_snapshot *snap, const char *id);

#endif
