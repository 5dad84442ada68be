/* SLA timer state of one channel: how long the oldest unanswered mention has
 * waited against its response target. Pure: the server's "now" is passed in. */
#ifndef WALLBOARD_SLA_H
#define WALLBOARD_SLA_H

#include <stdint.h>

#include "wallboard/hours.h"
#include "wallboard/snapshot.h"
#include "wallboard/tz.h"

enum wb_sla_state {
	WB_SLA_NONE = 0, /* the feed gives no SLA for this channel */
	WB_SLA_IDLE,     /* nothing waiting: the calm state */
	WB_SLA_OK,       /* waiting, below the warn ratio */
	WB_SLA_WARN,     /* waited >= warn_ratio * target (amber) */
	WB_SLA_BREACHED, /* waited >= target (red, counting the overrun) */
};

struct wb_sla_view {
	enum wb_sla_state state;
	int64_t target_s;
	int64_t waited_s;    /* whole seconds, never negative (clock skew clamps to 0) */
	int64_t remaining_s; /* target - waited while not breached, else 0 */
	int64_t overrun_s;   /* waited - target once breached, else 0 */
};

/* warn_ratio in (0, 1]; target_override_s > 0 replaces the feed's target. */
struct wb_sla_view wb_sla_evaluate(const struct wb_channel_sla *sla, int64_t target_override_s,
				   double warn_ratio, int64_t server_now_ms);

/* The same timer counting only the channel's open time (issue 5): waiting
 * pauses while the channel is closed. A separate flag rather than a new
 * wb_sla_state so code that switches over the states keeps compiling. */
struct wb_sla_hours_view {
	struct wb_sla_view sla; /* NONE/IDLE/OK/WARN/BREACHED, waited_s = open time waited */
	bool closed;            /* closed now: show "gesloten", the timer stands still */
	bool has_next_open;     /* closed and it opens again at next_open_ms */
	int64_t next_open_ms;
	bool has_breach_at; /* waiting, not yet breached: the target is reached then */
	int64_t breach_at_ms;
};

/* hours NULL means always open (then .sla equals wb_sla_evaluate's). */
struct wb_sla_hours_view wb_sla_evaluate_hours(const struct wb_channel_sla *sla, int64_t target_override_s,
					       double warn_ratio, const struct wb_hours *hours,
					       const struct wb_tz *tz, int64_t server_now_ms);

/* Colour band of "SLA attainment today" (within_target_pct). */
enum wb_sla_attainment {
	WB_SLA_ATTAIN_NONE = 0, /* the feed gives no within_target_pct */
	WB_SLA_ATTAIN_GOOD,     /* >= good_pct: green */
	WB_SLA_ATTAIN_FAIR,     /* >= fair_pct: amber */
	WB_SLA_ATTAIN_POOR,     /* below fair_pct: red */
};

/* Defaults used by the config: green from 90 %, amber from 75 %. */
#define WB_SLA_ATTAIN_GOOD_PCT 90.0
#define WB_SLA_ATTAIN_FAIR_PCT 75.0

enum wb_sla_attainment wb_sla_attainment(const struct wb_channel_sla *sla, double good_pct, double fair_pct);

#endif
