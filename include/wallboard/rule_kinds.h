/* The descriptor of one alert rule kind (firmware/core/rules/kind_*.c): its
 * config keys with ranges and defaults, the check across them, its judgement
 * and its wording. For the rules and config modules and the tests that walk
 * the kinds against docs/config.schema.json; others use rules.h. */
#ifndef WALLBOARD_RULE_KINDS_H
#define WALLBOARD_RULE_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/rules.h"

struct wb_rule_entry;   /* the state of one (kind, channel) (rules/internal.h) */
struct wb_rule_verdict; /* what one evaluation found (rules/internal.h) */

enum wb_rule_value {
	WB_RULE_VALUE_INT,    /* int64_t, whole numbers only */
	WB_RULE_VALUE_NUMBER, /* double */
};

/* One config key of a kind; the only copy of its range and default. */
struct wb_rule_key {
	const char *key;
	enum wb_rule_value type;
	size_t offset; /* into struct wb_rule */
	double lo, hi; /* accepted range; (lo, hi] with lo_open */
	bool lo_open;
	double def;
	/* The check across keys: the key of the same kind this one must not
	 * exceed (clear_pct not above raise_pct); NULL: none. */
	const char *not_above;
};

/* Named so because struct and enum tags share one namespace in C and
 * enum wb_rule_kind is taken. */
struct wb_rule_kind_desc {
	const char *name;       /* in config and state: "negative_share" */
	const char *alert_kind; /* the alert's kind; may be the feed's word so the two merge */
	const char *id_part;    /* alert id "local:<id_part>:<channel>" */
	enum wb_severity severity;
	const struct wb_rule_key *keys; /* hold_s first, then the kind's own */
	size_t n_keys;
	/* Once per poll and channel the rule applies to: whether the raise and
	 * keep conditions hold and the figures to show. May update the entry's
	 * learned state (the spike's baseline). */
	void (*judge)(const struct wb_rule *r, const struct wb_snapshot *snap, const struct wb_channel *c,
		      struct wb_rule_entry *e, int64_t now_ms, struct wb_rule_verdict *v);
	/* The alert text in lang; label is the channel's. */
	void (*message)(const struct wb_rule_entry *e, const char *label, enum wb_lang lang, char *buf,
			size_t size);
};

/* The descriptor of a kind, or NULL when kind is out of range. */
const struct wb_rule_kind_desc *wb_rule_kind_desc(enum wb_rule_kind kind);

/* A key of a kind by name, or NULL. */
const struct wb_rule_key *wb_rule_key_find(const struct wb_rule_kind_desc *d, const char *key);

#endif
