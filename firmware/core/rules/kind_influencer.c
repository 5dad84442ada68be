/* influencer: a warning while the feed's latest mentions hold a negative one
 * on the channel by an author with at least min_followers followers; the
 * biggest such author and the post's text are shown. */
#include "internal.h"

#include <string.h>

#include "wallboard/format.h"
#include "wallboard/utf8.h"

static const struct wb_rule_key keys[] = {
	WB_RULE_HOLD_KEY(1800),
	WB_RULE_COUNT_KEY("min_followers", min_followers, 10000),
};

static void judge(const struct wb_rule *r, const struct wb_snapshot *snap, const struct wb_channel *c,
		  struct wb_rule_entry *e, int64_t now_ms, struct wb_rule_verdict *v)
{
	const struct wb_mention *best = NULL;

	(void)e;
	(void)now_ms;
	for (size_t i = 0; i < snap->n_latest; i++) {
		const struct wb_mention *m = &snap->latest[i];
		if (!m->channel || strcmp(m->channel, c->id) != 0 || m->sentiment != WB_SENTIMENT_NEGATIVE ||
		    !m->has_followers || m->followers < r->min_followers)
			continue;
		if (!best || m->followers > best->followers)
			best = m;
	}
	if (!best)
		return;
	v->raise = v->keep = true;
	v->figure = (double)best->followers;
	v->threshold = (double)r->min_followers;
	v->mention = best;
}

static void message(const struct wb_rule_entry *e, const char *label, enum wb_lang lang, char *buf,
		    size_t size)
{
	char author[WB_RULES_AUTHOR_SHOWN_CP * 4 + 1], text[WB_RULES_TEXT_SHOWN_CP * 4 + 1], a[32];

	wb_utf8_truncate(e->author ? e->author : "?", WB_RULES_AUTHOR_SHOWN_CP, author, sizeof author);
	wb_utf8_truncate(e->text ? e->text : "", WB_RULES_TEXT_SHOWN_CP, text, sizeof text);
	wb_format_count(lang, e->followers, a, sizeof a);
	wb_rules_localised(buf, size, lang, WB_ALERT_INFLUENCER, label, author, a, text);
}

const struct wb_rule_kind_desc wb_rule_kind_influencer = {
	.name = "influencer",
	.alert_kind = "influencer",
	.id_part = "influencer",
	.severity = WB_SEVERITY_WARNING,
	.keys = keys,
	.n_keys = sizeof keys / sizeof keys[0],
	.judge = judge,
	.message = message,
};
