/* negative_spike: critical when the channel's negative last-hour count x
 * reaches raise_factor times its baseline (and min_negative); it stays while
 * x > 0 and x >= clear_factor times the baseline. The baseline is an EWMA of
 * x, sampled at most every sample_every_s, kept across restarts. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"

static const struct wb_rule_key keys[] = {
	WB_RULE_HOLD_KEY(900),
	{ .key = "raise_factor",
	  .type = WB_RULE_VALUE_NUMBER,
	  .offset = offsetof(struct wb_rule, raise_factor),
	  .lo = 1.0,
	  .hi = 1000.0,
	  .def = 3.0 },
	{ .key = "clear_factor",
	  .type = WB_RULE_VALUE_NUMBER,
	  .offset = offsetof(struct wb_rule, clear_factor),
	  .lo = 1.0,
	  .hi = 1000.0,
	  .def = 2.0,
	  .not_above = "raise_factor" },
	WB_RULE_COUNT_KEY("min_negative", min_negative, 10),
	{ .key = "alpha",
	  .type = WB_RULE_VALUE_NUMBER,
	  .offset = offsetof(struct wb_rule, alpha),
	  .lo = 0.0,
	  .hi = 1.0,
	  .lo_open = true,
	  .def = 0.2 },
	{ .key = "sample_every_s",
	  .type = WB_RULE_VALUE_INT,
	  .offset = offsetof(struct wb_rule, sample_every_s),
	  .lo = 0,
	  .hi = 86400,
	  .def = 300 },
};

/* Compares against the baseline as it was, then lets it learn the sample.
 * The first sample only seeds the baseline. */
static void judge(const struct wb_rule *r, const struct wb_snapshot *snap, const struct wb_channel *c,
		  struct wb_rule_entry *e, int64_t now_ms, struct wb_rule_verdict *v)
{
	double x;

	(void)snap;
	if (!c->sentiment.present)
		return;
	x = (double)c->sentiment.negative;
	if (e->has_baseline) {
		v->raise = c->sentiment.negative >= r->min_negative && x >= r->raise_factor * e->baseline;
		v->keep = x > 0.0 && x >= r->clear_factor * e->baseline;
		v->figure = x;
		v->threshold = r->raise_factor;
		v->base_shown = e->baseline;
		if (now_ms - e->last_sample_ms >= r->sample_every_s * 1000) {
			e->baseline = r->alpha * x + (1.0 - r->alpha) * e->baseline;
			e->last_sample_ms = now_ms;
		}
	} else {
		e->has_baseline = true;
		e->baseline = x;
		e->last_sample_ms = now_ms;
	}
}

/* "3" or "2,5" (nl, fr) / "2.5" (en): one decimal in the language's mark,
 * dropped when it is 0. */
static void fmt_decimal(enum wb_lang lang, double v, char *buf, size_t size)
{
	double r = round(v * 10.0) / 10.0;
	char tmp[32];
	const char *dot;

	if (fabs(r - round(r)) < 1e-9) {
		snprintf(buf, size, "%.0f", r);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.1f", r);
	dot = strchr(tmp, '.');
	if (dot)
		snprintf(buf, size, "%.*s%s%s", (int)(dot - tmp), tmp, wb_locale(lang)->decimal, dot + 1);
	else
		snprintf(buf, size, "%s", tmp);
}

static void message(const struct wb_rule_entry *e, const char *label, enum wb_lang lang, char *buf,
		    size_t size)
{
	char a[32], b[32], c[32];

	wb_format_count(lang, (int64_t)llround(e->figure), a, sizeof a);
	fmt_decimal(lang, e->base_shown, b, sizeof b);
	fmt_decimal(lang, e->threshold, c, sizeof c);
	wb_rules_localised(buf, size, lang, WB_ALERT_NEGATIVE_SPIKE, label, a, b, c);
}

const struct wb_rule_kind_desc wb_rule_kind_negative_spike = {
	.name = "negative_spike",
	.alert_kind = "sentiment_spike", /* the feed's own word, so the two merge */
	.id_part = "spike",
	.severity = WB_SEVERITY_CRITICAL,
	.keys = keys,
	.n_keys = sizeof keys / sizeof keys[0],
	.judge = judge,
	.message = message,
};
