/* Feed v1 parser and validator (docs/feed-api.md). A document that breaks the
 * contract anywhere is rejected whole, with the JSON path of the first problem,
 * so the board keeps its last good snapshot. Pure: no I/O, no clock. */
#ifndef WALLBOARD_FEED_H
#define WALLBOARD_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/snapshot.h"
#include "wallboard/status.h"

/* body need not be NUL-terminated and is not kept. On WB_OK *out owns a new
 * snapshot (free with wb_snapshot_free). On failure *out is NULL and err says
 * where and why: WB_ERR_INVALID (not JSON, not UTF-8, breaks the contract) or
 * WB_ERR_UNSUPPORTED (a version other than 1). */
enum wb_status wb_feed_parse(const char *body, size_t len, struct wb_snapshot **out, struct wb_error *err);

/* A channel id as the contract allows it: [a-z0-9_-]{1,32}. The config's
 * per-channel settings use the same ids. */
bool wb_feed_channel_id_valid(const char *s);

#endif
