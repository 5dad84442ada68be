/* SLA timer evaluation: turns a channel's "oldest unanswered since" and its
 * target into a state and the numbers the tile shows. Only the server's clock
 * is used, so a Pi with a wrong clock still shows the right timers. */
#include "wallboard/sla.h"

#include <math.h>
#include <stddef.h>

/* The warn ratio in thousandths, so all comparisons below are exact integer
 * arithmetic (0.75 * 1800 must be 1350, not 1349.9999). Out-of-contract
 * ratios are clamped: NaN or <= 0 disables amber (1000 = only at target),
 * tiny positive ratios become 1/1000. */
static int64_t ratio_milli(double warn_ratio)
{
	double r;

	if (!(warn_ratio > 0.0))
		return 1000;
	if (warn_ratio >= 1.0)
		return 1000;
	r = round(warn_ratio * 1000.0);
	return r < 1.0 ? 1 : (int64_t)r;
}

/* ceil(target * milli / 1000) without overflow for any target >= 0:
 * split target into thousands and a remainder below 1000. */
static int64_t warn_threshold_s(int64_t target_s, int64_t milli)
{
	int64_t q = target_s / 1000, r = target_s % 1000;
	return q * milli + (r * milli + 999) / 1000;
}

/* Whole seconds from oldest to now, floor, never negative. The difference
 * is taken so that it cannot overflow even for absurd timestamps. */
static int64_t waited_s(int64_t oldest_ms, int64_t now_ms)
{
	if (now_ms <= oldest_ms)
		return 0;
	if (oldest_ms < 0 && now_ms > INT64_MAX + oldest_ms)
		return INT64_MAX / 1000;
	return (now_ms - oldest_ms) / 1000;
}

struct wb_sla_view wb_sla_evaluate(const struct wb_channel_sla *sla, int64_t target_override_s,
				   double warn_ratio, int64_t server_now_ms)
{
	struct wb_sla_view v = { .state = WB_SLA_NONE };
	int64_t target;

	if (!sla || !sla->present)
		return v;
	target = target_override_s > 0 ? target_override_s : sla->target_s;
	if (target <= 0)
		return v; /* the feed promises > 0; without a target there is no timer */
	v.target_s = target;
	if (!sla->has_oldest) {
		v.state = WB_SLA_IDLE;
		v.remaining_s = target;
		return v;
	}
	v.waited_s = waited_s(sla->oldest_unanswered_ms, server_now_ms);
	if (v.waited_s >= target) {
		/* At exactly the target the customer has waited the full time:
		 * breached, with an overrun of 0. */
		v.state = WB_SLA_BREACHED;
		v.overrun_s = v.waited_s - target;
		return v;
	}
	v.remaining_s = target - v.waited_s;
	v.state = v.waited_s >= warn_threshold_s(target, ratio_milli(warn_ratio)) ? WB_SLA_WARN : WB_SLA_OK;
	return v;
}

struct wb_sla_hours_view wb_sla_evaluate_hours(const struct wb_channel_sla *sla, int64_t target_override_s,
					       double warn_ratio, const struct wb_hours *hours,
					       const struct wb_tz *tz, int64_t server_now_ms)
{
	struct wb_sla_hours_view hv = { .closed = false };
	int64_t effective_now = server_now_ms;

	if (hours && !hours->always_open) {
		hv.closed = !wb_hours_is_open(hours, tz, server_now_ms);
		if (hv.closed)
			hv.has_next_open = wb_hours_next_change(hours, tz, server_now_ms, &hv.next_open_ms);
		/* Evaluate as if only the open time had passed since the oldest
		 * mention: one timer definition for both cases. */
		if (sla && sla->present && sla->has_oldest && server_now_ms > sla->oldest_unanswered_ms)
			effective_now = sla->oldest_unanswered_ms +
					wb_hours_open_ms(hours, tz, sla->oldest_unanswered_ms, server_now_ms);
	}
	hv.sla = wb_sla_evaluate(sla, target_override_s, warn_ratio, effective_now);
	if (hv.sla.state == WB_SLA_OK || hv.sla.state == WB_SLA_WARN) {
		/* From now with what is left: the same instant as from the oldest
		 * mention with the whole target, without walking the days already
		 * waited (closed now: the open time starts at the next opening). */
		if (hours && !hours->always_open)
			hv.has_breach_at =
				server_now_ms > sla->oldest_unanswered_ms
					? wb_hours_deadline(
						  hours, tz, server_now_ms,
						  hv.sla.target_s * 1000 -
							  (effective_now - sla->oldest_unanswered_ms),
						  &hv.breach_at_ms)
					: wb_hours_deadline(hours, tz, sla->oldest_unanswered_ms,
							    hv.sla.target_s * 1000, &hv.breach_at_ms);
		else {
			hv.has_breach_at = true;
			hv.breach_at_ms = sla->oldest_unanswered_ms + hv.sla.target_s * 1000;
		}
	}
	return hv;
}

enum wb_sla_attainment wb_sla_attainment(const struct wb_channel_sla *sla, double good_pct, double fair_pct)
{
	double pct;

	if (!sla || !sla->present || !sla->has_within_target_pct || isnan(sla->within_target_pct))
		return WB_SLA_ATTAIN_NONE;
	pct = sla->within_target_pct;
	if (pct >= good_pct)
		return WB_SLA_ATTAIN_GOOD;
	return pct >= fair_pct ? WB_SLA_ATTAIN_FAIR : WB_SLA_ATTAIN_POOR;
}
