/* negative_share: a warning when the negative share of the channel's last
 * hour reaches raise_pct with at least min_mentions counted; it stays while
 * the share is at least clear_pct. */
#include "internal.h"

#include "wallboard/format.h"

static const struct wb_rule_key keys[] = {
	WB_RULE_HOLD_KEY(600),
	{ .key = "raise_pct",
	  .type = WB_RULE_VALUE_NUMBER,
	  .offset = offsetof(struct wb_rule, raise_pct),
	  .lo = 0.0,
	  .hi = 100.0,
	  .lo_open = true,
	  .def = 30.0 },
	{ .key = "clear_pct",
	  .type = WB_RULE_VALUE_NUMBER,
	  .offset = offsetof(struct wb_rule, clear_pct),
	  .lo = 0.0,
	  .hi = 100.0,
	  .lo_open = true,
	  .def = 25.0,
	  .not_above = "raise_pct" },
	WB_RULE_COUNT_KEY("min_mentions", min_mentions, 20),
};

static void judge(const struct wb_rule *r, const struct wb_snapshot *snap, const struct wb_channel *c,
		  struct wb_rule_entry *e, int64_t now_ms, struct wb_rule_verdict *v)
{
	const struct wb_sentiment_counts *s = &c->sentiment;
	int64_t total;
	double share;

	(void)snap;
	(void)e;
	(void)now_ms;
	if (!s->present)
		return;
	total = s->positive + s->neutral + s->negative;
	if (total <= 0 || total < r->min_mentions)
		return;
	share = 100.0 * (double)s->negative / (double)total;
	v->raise = share >= r->raise_pct;
	v->keep = share >= r->clear_pct;
	v->figure = share;
	v->threshold = r->raise_pct;
}

static void message(const struct wb_rule_entry *e, const char *label, enum wb_lang lang, char *buf,
		    size_t size)
{
	char a[32], b[32];

	wb_format_percent(lang, e->figure, 0, a, sizeof a);
	wb_format_percent(lang, e->threshold, 0, b, sizeof b);
	wb_rules_localised(buf, size, lang, WB_ALERT_NEGATIVE_SHARE, label, a, b);
}

const struct wb_rule_kind_desc wb_rule_kind_negative_share = {
	.name = "negative_share",
	.alert_kind = "negative_share",
	.id_part = "neg_share",
	.severity = WB_SEVERITY_WARNING,
	.keys = keys,
	.n_keys = sizeof keys / sizeof keys[0],
	.judge = judge,
	.message = message,
};
