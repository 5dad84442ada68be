/* Trends per channel (issue 15): mentions per hour for a sparkline, "vs.
 * yesterday at this time", and the negative share with a direction against a
 * stated baseline. The feed may send the series (channels[].history,
 * same_time_yesterday); when it does not, the board builds its own from the
 * polls it sees. Pure: times are passed in (the feed's generated_at, never a
 * local clock), and the board's record round-trips through JSON so it
 * survives a restart in the state directory. */
#ifndef WALLBOARD_TREND_H
#define WALLBOARD_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/snapshot.h"
#include "wallboard/status.h"

/* Points in a series: the 24 complete hours before now's hour, matching the
 * feed's longest history (WB_FEED_HISTORY_MAX). */
#define WB_TREND_POINTS 24
/* Hours kept per channel: the 24 of the series plus the current one, which
 * is also "yesterday at this time" 24 hours on. */
#define WB_TREND_HOURS 25
/* Channels remembered: those in the feed plus as many that left it, so a
 * channel that drops out for a while comes back with its record. When full,
 * the one seen least recently makes room. */
#define WB_TREND_MAX_CHANNELS (2 * WB_FEED_MAX_CHANNELS)
/* How far the negative share must be from its baseline, in percentage
 * points, for an arrow: small wobbles in a small hour are noise. */
#define WB_TREND_DIR_POINTS 5.0

enum wb_trend_dir {
	WB_TREND_UNKNOWN = 0,
	WB_TREND_FLAT,
	WB_TREND_UP,
	WB_TREND_DOWN
};
enum wb_trend_basis {
	WB_TREND_BASIS_NONE = 0,
	WB_TREND_BASIS_YESTERDAY,
	WB_TREND_BASIS_AVERAGE
};

/* What a tile shows about one channel. The rules, and why:
 * - Series: the feed's history when it sends one (the server counts every
 *   mention; the board only samples), else the board's own hours. An own
 *   hour is the last mentions.last_hour polled during that clock hour (UTC,
 *   by generated_at): a rolling-hour count read at 10:59 is close to the
 *   count of 10:00-11:00, one read at 10:05 is mostly 9:00-10:00, so the
 *   latest poll in an hour wins. An hour without a poll is a gap (known
 *   false), never a zero: a board that was off saw nothing, not silence.
 *   Leading gaps are left out (n counts from the first known hour).
 * - Yesterday: the feed's same_time_yesterday.mentions_today, else the
 *   mentions.today of the board's own hour 24 hours before now's hour (its
 *   last poll then, so up to an hour later in the day than now).
 * - Negative share: of the snapshot's sentiment, which is the last hour's.
 *   Baseline, first that exists: the feed's same_time_yesterday.sentiment,
 *   the board's own hour 24 hours back (both "yesterday": the same hour of
 *   the day has the same rhythm), else the mean share over the board's own
 *   known hours before the current one with sentiment, if there are at
 *   least 3 (fewer is an anecdote, not an average). Hours with no mentions
 *   have no share and count for nothing. */
struct wb_channel_trend {
	size_t n;                          /* points in series, 0: none known */
	int64_t mentions[WB_TREND_POINTS]; /* per hour, oldest first, the last = the last complete hour */
	bool known[WB_TREND_POINTS];       /* false: a gap (no poll that hour) */
	bool from_feed;
	bool has_yesterday;      /* "vs. yesterday at this time" */
	int64_t yesterday_today; /* mentions yesterday by this time of day */
	/* Negative share of the last hour (snapshot sentiment) vs a baseline */
	bool has_negative; /* sentiment present with total > 0 */
	double negative_pct;
	/* Yesterday's hour (feed, or own bucket 24 h back), else the mean of
	 * own known hours. */
	enum wb_trend_basis basis;
	double baseline_pct;
	/* UP when negative_pct >= baseline + WB_TREND_DIR_POINTS, DOWN when <=
	 * baseline - WB_TREND_DIR_POINTS, else FLAT; UNKNOWN without a baseline
	 * or without a share. */
	enum wb_trend_dir negative_dir;
};

struct wb_trend;

/* An empty record; NULL: out of memory. */
struct wb_trend *wb_trend_create(void);
/* NULL is fine. */
void wb_trend_destroy(struct wb_trend *t);

/* Records every channel of one applied poll in the hour of
 * snap->generated_at_ms. A later poll in the same hour overwrites an earlier
 * one; an older one (a server clock that stepped back) does not. */
void wb_trend_observe(struct wb_trend *t, const struct wb_snapshot *snap);

/* Hours of the board's own record for a channel that lie in the 25 hours
 * up to now's hour (for /api/v1/status); 0 for an unknown channel. */
size_t wb_trend_hours(const struct wb_trend *t, const char *channel_id, int64_t now_ms);

/* The tile's trend for ch at now_ms (server time, like SLA timers); t may
 * be NULL (only the feed's fields count then). Fills all of *out. */
void wb_trend_channel(const struct wb_trend *t, const struct wb_channel *ch, int64_t now_ms,
		      struct wb_channel_trend *out);

/* The whole record as a JSON document (new string, caller frees; NULL: out
 * of memory). Write it with wb_fs_write_atomic. */
char *wb_trend_serialize(const struct wb_trend *t);

/* Back from JSON. Anything malformed (not JSON, wrong version, too many
 * channels or hours, bad ids, non-integer or out-of-range numbers, two hours
 * in one slot) is WB_ERR_INVALID with the place in err and *out NULL: start
 * empty then, the series fills again within hours. */
enum wb_status wb_trend_deserialize(const char *json, size_t len, struct wb_trend **out,
				    struct wb_error *err);

#endif
