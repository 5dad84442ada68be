/* The wallboard's settings: defaults, and a strict JSON reader that reports
 * every problem with its path (docs/configuration.md). Unknown keys are errors:
 * a typo in a config file must not be silently ignored. Pure: file reading is
 * the caller's. */
#ifndef WALLBOARD_CONFIG_H
#define WALLBOARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/i18n.h"
#include "wallboard/limits.h"
#include "wallboard/status.h"

struct wb_sla_target_override {
	char channel[WB_FEED_CHANNEL_ID_MAX + 1];
	int64_t target_s;
};

struct wb_config {
	struct {
		char url[WB_URL_MAX];       /* http, https or file URL; empty: none set */
		char token[WB_TOKEN_MAX];   /* bearer token; empty: none */
		int interval_s;             /* 2..3600, default 10 */
		int timeout_s;              /* total transfer timeout, 1..300, default 15 */
		int connect_timeout_s;      /* 1..120, default 5 */
		int backoff_max_s;          /* ceiling of the failure backoff, 5..3600, default 300 */
		char ca_file[WB_PATH_MAX];  /* extra CA bundle; empty: system store only */
		size_t max_body_bytes;      /* 1 KiB..16 MiB, default 1 MiB */
	} feed;
	struct {
		char title[WB_FEED_TITLE_MAX + 1]; /* empty: use the feed's title */
		enum wb_lang language;             /* default nl */
		bool ticker;                       /* default true */
		int page_s;                        /* seconds per page when channels are paged, 3..600, default 15 */
	} display;
	struct {
		double warn_ratio; /* amber from this share of the target, (0,1], default 0.75 */
		/* Per-channel overrides of the feed's target, each 1..604800 s (a
		 * week); ids as in the feed, [a-z0-9_-]{1,32}. A file that has
		 * "targets" replaces the whole list. */
		size_t n_targets;
		struct wb_sla_target_override targets[WB_FEED_MAX_CHANNELS];
	} sla;
};

void wb_config_defaults(struct wb_config *cfg);

/* Reads a JSON config document over *cfg (keys it does not name keep their
 * value). Every problem goes into problems with its path ("$.feed.interval_s");
 * problems are appended, so clear the list first (NULL: only the status).
 * Strings are limited to their buffer less the NUL, must be valid UTF-8 and
 * free of control characters. A top-level "$schema" string is allowed for
 * editors and ignored. Returns WB_OK, or WB_ERR_INVALID with *cfg untouched. */
enum wb_status wb_config_parse(const char *json, size_t len, struct wb_config *cfg,
                               struct wb_problems *problems);

/* Feed target override for a channel, or 0 when there is none. */
int64_t wb_config_sla_target(const struct wb_config *cfg, const char *channel_id);

#endif
