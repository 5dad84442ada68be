/* Every cap on input the firmware accepts, in one place (curl's dynbuf
 * "toobig" idea): a feed or request over these is an error, never a crash or
 * an unbounded allocation. The feed caps are part of the feed v1 contract and
 * are documented in docs/feed-api.md and docs/feed-v1.schema.json. */
#ifndef WALLBOARD_LIMITS_H
#define WALLBOARD_LIMITS_H

#define WB_FEED_DEFAULT_MAX_BODY_BYTES (1024u * 1024u)
#define WB_FEED_HARD_MAX_BODY_BYTES (16u * 1024u * 1024u)

#define WB_FEED_MAX_CHANNELS 64
#define WB_FEED_MAX_ALERTS 64
#define WB_FEED_MAX_LATEST 100
#define WB_FEED_CHANNEL_ID_MAX 32 /* bytes, [a-z0-9_-] */

/* String caps in bytes of UTF-8 (not counting the NUL). */
#define WB_FEED_TITLE_MAX 200
#define WB_FEED_LABEL_MAX 100
#define WB_FEED_ALERT_ID_MAX 100
#define WB_FEED_ALERT_KIND_MAX 64
#define WB_FEED_MESSAGE_MAX 500
#define WB_FEED_AUTHOR_MAX 200
#define WB_FEED_TEXT_MAX 2000

/* Counts are JSON integers; above 2^53 a double no longer holds them exactly. */
#define WB_FEED_COUNT_MAX 9007199254740991LL

#define WB_ETAG_MAX 256
#define WB_URL_MAX 2048
#define WB_TOKEN_MAX 1024
#define WB_PATH_MAX 1024

#endif
