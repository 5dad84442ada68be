/* Sentiment alerts computed on the board itself (issue 5), so a floor gets
 * alerts even from a plain counting API: negative share, negative spike
 * against a learned baseline, negative post by an influencer. Each rule has
 * hysteresis (raise at one level, clear at a lower one, hold a minimum time).
 * Pure: the state is updated from (snapshot, config, time) once per poll and
 * round-trips through JSON so the baseline survives restarts. */
#ifndef WALLBOARD_RULES_H
#define WALLBOARD_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/i18n.h"
#include "wallboard/limits.h"
#include "wallboard/snapshot.h"
#include "wallboard/status.h"

enum wb_rule_kind {
	WB_RULE_NEGATIVE_SHARE = 0, /* warning; alert kind "negative_share" */
	WB_RULE_NEGATIVE_SPIKE,     /* critical; alert kind "sentiment_spike" (the feed's word) */
	WB_RULE_INFLUENCER,         /* warning; alert kind "influencer" */
};
#define WB_RULE_KIND_COUNT 3

#define WB_RULES_MAX 16

/* One rule. The channel's sentiment counts are the feed's last-hour figures.
 * A rule for one channel replaces an all-channels rule of the same kind for
 * that channel, so there is at most one rule per (kind, channel). */
struct wb_rule {
	enum wb_rule_kind kind;
	char channel[WB_FEED_CHANNEL_ID_MAX + 1]; /* "": every channel */
	int64_t hold_s;                           /* once raised, shown at least this long */

	/* negative_share: raise when negative / (pos+neu+neg) >= raise_pct with
	 * at least min_mentions counted; stays while >= clear_pct (and the
	 * minimum still met). */
	double raise_pct, clear_pct;
	int64_t min_mentions;

	/* negative_spike: raise when the negative count x >= raise_factor *
	 * baseline and x >= min_negative; stays while x > 0 and x >=
	 * clear_factor * baseline. The baseline is an EWMA of x, sampled at
	 * most every sample_every_s, newest weight alpha in (0, 1]; it is
	 * compared before it learns the current sample. */
	double raise_factor, clear_factor;
	int64_t min_negative;
	double alpha;
	int64_t sample_every_s;

	/* influencer: raise while `latest` has a negative mention on the channel
	 * by an author with >= min_followers followers (the biggest one shown). */
	int64_t min_followers;
};

struct wb_rules_config {
	size_t n;
	struct wb_rule rules[WB_RULES_MAX];
};

/* The kind's defaults (its descriptor, rules/kind_*.c), channel "" (all).
 * Ranges and defaults of every key live in the descriptors (rule_kinds.h). */
void wb_rule_defaults(struct wb_rule *r, enum wb_rule_kind kind);

/* "negative_share", "negative_spike", "influencer" (config and state). */
const char *wb_rule_kind_name(enum wb_rule_kind kind);
bool wb_rule_kind_parse(const char *s, enum wb_rule_kind *out);

/* The kind's ranges and its checks across keys; WB_ERR_INVALID with the
 * reason in err. */
enum wb_status wb_rule_validate(const struct wb_rule *r, struct wb_error *err);

struct wb_rules_state;

struct wb_rules_state *wb_rules_state_create(void); /* NULL: out of memory */
void wb_rules_state_destroy(struct wb_rules_state *st);

/* Once per new snapshot (per poll): learns baselines, raises and clears.
 * now_ms is the server's time (snapshot generated_at), like SLA timers.
 * Only WB_ERR_NOMEM can fail; the state stays consistent then. */
enum wb_status wb_rules_update(struct wb_rules_state *st, const struct wb_rules_config *cfg,
			       const struct wb_snapshot *snap, int64_t now_ms);

/* The raised local alerts, in rule-kind then channel order, messages in
 * lang. *out is a new array (wb_alerts_free); NULL with 0 when none. */
enum wb_status wb_rules_alerts(const struct wb_rules_state *st, enum wb_lang lang, struct wb_alert **out,
			       size_t *n_out);

/* Feed alerts plus local ones without duplicates: an alert with the same
 * kind and channel (both absent counts as the same board-wide channel) as
 * another is one alert. The more severe one is kept; at equal severity the
 * feed's, since it is the central team's wording and what an admin
 * acknowledges. Order: feed order (a replaced alert keeps its place), then
 * the remaining local ones. Alerts without a kind are never merged. Deep
 * copies: *out is new (wb_alerts_free). */
enum wb_status wb_alerts_merge(const struct wb_alert *feed, size_t n_feed, const struct wb_alert *local,
			       size_t n_local, struct wb_alert **out, size_t *n_out);

/* Frees n alerts and the array; NULL is fine. */
void wb_alerts_free(struct wb_alert *alerts, size_t n);

/* The whole state as a JSON document (new string, caller frees; NULL: out
 * of memory). Write it with wb_fs_write_atomic. */
char *wb_rules_state_serialize(const struct wb_rules_state *st);

/* Back from JSON. Anything malformed (wrong version, bad kind or channel,
 * non-finite or negative numbers) is WB_ERR_INVALID with *out NULL: start
 * with a fresh state then, a lost baseline only delays spike alerts. */
enum wb_status wb_rules_state_deserialize(const char *json, size_t len, struct wb_rules_state **out,
					  struct wb_error *err);

#endif
