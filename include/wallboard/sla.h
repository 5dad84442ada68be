/* SLA timer state of one channel: how long the oldest unanswered mention has
 * waited against its response target. Pure: the server's "now" is passed in. */
#ifndef WALLBOARD_SLA_H
#define WALLBOARD_SLA_H

#include <stdint.h>

#include "wallboard/snapshot.h"

enum wb_sla_state {
	WB_SLA_NONE = 0,  /* the feed gives no SLA for this channel */
	WB_SLA_IDLE,      /* nothing waiting: the calm state */
	WB_SLA_OK,        /* waiting, below the warn ratio */
	WB_SLA_WARN,      /* waited >= warn_ratio * target (amber) */
	WB_SLA_BREACHED,  /* waited >= target (red, counting the overrun) */
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

#endif
