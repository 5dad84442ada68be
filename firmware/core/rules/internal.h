/* Shared by the rules module's files only: the per-(kind, channel) entry,
 * the verdict a kind's judge fills in, and helpers the kinds' wording uses. */
#ifndef WB_RULES_INTERNAL_H
#define WB_RULES_INTERNAL_H

#include "wallboard/rule_kinds.h"

#define WB_RULES_AUTHOR_SHOWN_CP 40
#define WB_RULES_TEXT_SHOWN_CP 100

/* The hold time every kind has, with the kind's own default. */
/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define WB_RULE_HOLD_KEY(dflt)                                                            \
	{ .key = "hold_s", .type = WB_RULE_VALUE_INT, .offset = offsetof(struct wb_rule, hold_s), \
	  .lo = 0, .hi = 86400, .def = dflt }
/* Whole numbers of at least one, up to what the feed's counts reach. */
#define WB_RULE_COUNT_KEY(k, member, dflt)                                                \
	{ .key = k, .type = WB_RULE_VALUE_INT, .offset = offsetof(struct wb_rule, member), .lo = 1, \
	  .hi = (double)WB_FEED_COUNT_MAX, .def = dflt }
/* clang-format on */

struct wb_rule_entry {
	enum wb_rule_kind kind;
	char channel[WB_FEED_CHANNEL_ID_MAX + 1];
	char *label; /* owned; the channel's label when last seen, for messages */
	bool active;
	int64_t since_ms;
	/* Figures of the last evaluation that met the keep condition. */
	double figure;    /* share in percent, the negative count, followers */
	double threshold; /* raise threshold then: percent, factor, followers */
	double base_shown;
	/* negative_spike */
	bool has_baseline;
	double baseline;
	int64_t last_sample_ms;
	/* influencer */
	char *author; /* owned, may be NULL */
	char *text;   /* owned, may be NULL */
	int64_t followers;
};

struct wb_rule_verdict {
	bool raise, keep;
	double figure, threshold, base_shown;
	const struct wb_mention *mention; /* influencer: whose post to show */
};

/* The alert message msg in the board's language, a printf format from the
 * language's table (lang/); the compiler can not check the arguments
 * against it, test_i18n holds every language's conversions to one list. */
void wb_rules_localised(char *buf, size_t size, enum wb_lang lang, enum wb_alert_msg msg, ...);

extern const struct wb_rule_kind_desc wb_rule_kind_negative_share;
extern const struct wb_rule_kind_desc wb_rule_kind_negative_spike;
extern const struct wb_rule_kind_desc wb_rule_kind_influencer;

/* How many (kind, channel) entries the state holds; 0 for NULL. Nothing in
 * the board needs the number: tests/unit/test_rules.c checks with it what a
 * round trip or a cleared rule keeps. */
size_t wb_rules_state_count(const struct wb_rules_state *st);

#endif
