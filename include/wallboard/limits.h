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
#define WB_FEED_HISTORY_MAX 24    /* channels[].history: hourly counts, a day at most */

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

/* What the board itself takes in or builds, besides the feed. */
#define WB_SERVER_MAX_BODY (64u * 1024u)         /* an HTTP request body */
#define WB_CONFIG_FILE_MAX_BYTES (64u * 1024u)   /* a config file on disk */
#define WB_STATIC_FILE_MAX_BYTES (1024u * 1024u) /* a file of the web page */
#define WB_METRICS_MAX_BYTES (256u * 1024u)      /* the /metrics text (a few KiB today) */
#define WB_TZ_FILE_MAX (256u * 1024u)            /* a TZif zone file (real ones are < 4 KiB) */
/* A managed config document (managed.url): a config fragment, so the file's cap. */
#define WB_MANAGED_MAX_BYTES WB_CONFIG_FILE_MAX_BYTES

/* clock.ntp: systemd-timesyncd takes any number, four is plenty (RFC 8633
 * suggests four to five); a DNS name is at most 253 bytes. */
#define WB_NTP_SERVERS_MAX 4
#define WB_NTP_NAME_MAX 253

/* The first-boot report (--boot-report), written by the image's script. */
#define WB_BOOT_REPORT_MAX_BYTES 4096u
#define WB_BOOT_REPORT_MAX_LINES 8
#define WB_BOOT_REPORT_NAME_MAX 64
#define WB_BOOT_REPORT_MESSAGE_MAX 300

/* A/B updates (update.h): the manifest and the image's state.json are
 * untrusted input; a version is a Debian version string. */
#define WB_UPDATE_MANIFEST_MAX_BYTES (64u * 1024u)
#define WB_UPDATE_STATE_MAX_BYTES (64u * 1024u)
#define WB_UPDATE_VERSION_MAX 128
#define WB_UPDATE_SLOT_MAX 16
#define WB_UPDATE_MESSAGE_MAX 500
#define WB_UPDATE_TIME_MAX 40 /* an RFC 3339 timestamp */

/* The HTTP server's edge (firmware/net/http/server.c, conns.c; docs/security.md):
 * at most WB_HTTP_CONNECTIONS requests at once, WB_HTTP_CONNECTIONS_PER_ADDRESS
 * from one address (libmicrohttpd's own limit has WB_HTTP_CONNECTIONS_SPARE
 * more, so a newcomer is accepted and the oldest connection still sending its
 * request is closed to make room); a request's headers and body within
 * WB_HTTP_REQUEST_DEADLINE_S of its start however steadily they trickle, and
 * no silence longer than WB_HTTP_IDLE_TIMEOUT_S. */
#define WB_HTTP_CONNECTIONS 32
#define WB_HTTP_CONNECTIONS_SPARE 8
#define WB_HTTP_CONNECTIONS_PER_ADDRESS 8
#define WB_HTTP_REQUEST_DEADLINE_S 15
#define WB_HTTP_IDLE_TIMEOUT_S 10
/* The request target and the header section, each answered 414 or 431 with
 * the JSON error body above these; libmicrohttpd's own memory per connection
 * (WB_HTTP_CONNECTION_MEMORY) is well above both. */
#define WB_HTTP_URI_MAX 8192u
#define WB_HTTP_HEADERS_MAX (32u * 1024u)
#define WB_HTTP_CONNECTION_MEMORY (128u * 1024u)
/* http.allowed_hosts: names a Host header may carry besides the board's own. */
#define WB_HTTP_ALLOWED_HOSTS_MAX 8
#define WB_HTTP_HOST_MAX 253

#define WB_ETAG_MAX 256
/* "X-Wallboard-Id: " and a device id (device.h: at most 32 characters). */
#define WB_DEVICE_ID_HEADER_MAX 64
#define WB_URL_MAX 2048
#define WB_TOKEN_MAX 1024
#define WB_PATH_MAX 1024
/* http.plain_paths: the paths plain HTTP keeps serving once TLS is on. */
#define WB_HTTP_PLAIN_PATHS_MAX 8
#define WB_HTTP_PLAIN_PATH_MAX 63
/* A PEM certificate (with its chain) or key file read for HTTPS. */
#define WB_TLS_PEM_MAX (64 * 1024)

#endif
