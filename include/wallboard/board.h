/* The main thread's model of the feed: the snapshot on screen, how we got it
 * and how old it is. The fetch thread produces wb_feed_update values; the main
 * thread applies them here. Pure: clocks are passed in (mono for intervals,
 * wall for what people read). */
#ifndef WALLBOARD_BOARD_H
#define WALLBOARD_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"
#include "wallboard/limits.h"
#include "wallboard/snapshot.h"
#include "wallboard/view.h"

enum wb_fetch_outcome {
	WB_FETCH_UPDATED = 0,  /* 200 with a valid document */
	WB_FETCH_NOT_MODIFIED, /* 304: the document we have is current */
	WB_FETCH_FAILED,       /* transport, HTTP or validation error */
};

/* Why a poll failed, for /metrics; the text in error is for people. */
enum wb_fetch_reason {
	WB_FETCH_REASON_NONE = 0,
	WB_FETCH_REASON_NO_URL,
	WB_FETCH_REASON_DNS,
	WB_FETCH_REASON_NETWORK, /* connect, reset, other transport errors */
	WB_FETCH_REASON_TIMEOUT,
	WB_FETCH_REASON_TLS,
	WB_FETCH_REASON_HTTP, /* a status other than 200/304 */
	WB_FETCH_REASON_TOO_LARGE,
	WB_FETCH_REASON_INVALID, /* content type, JSON or contract */
	/* TLS failed on the certificate's dates while the system clock is not
	 * synchronised: the clock is the problem, not the certificate. */
	WB_FETCH_REASON_CLOCK,
	WB_FETCH_REASON_COUNT,
};

/* Stable lowercase name ("timeout"), used as a metrics label. */
const char *wb_fetch_reason_name(enum wb_fetch_reason reason);

/* What the fetcher could tell about a TLS failure from libcurl's verify
 * result (CURLINFO_SSL_VERIFYRESULT), for the words on screen. */
enum wb_tls_problem {
	WB_TLS_OTHER = 0, /* handshake, host name, a CA file that does not load, ... */
	WB_TLS_UNTRUSTED, /* the chain ends at a CA the board does not trust (self-signed, private CA) */
	WB_TLS_CERT_TIME, /* the certificate is not yet valid or has expired at the device's time */
};

/* How the screen words a failed poll, in the board's language: what is wrong
 * and what to do. One row per kind of failure in the table in board.c (a
 * reason, for HTTP a range of statuses, for TLS a problem); the first row
 * that matches wins. The remedy names only config keys that exist
 * (tests/unit/test_board.c checks them against the config's field table). */
struct wb_fetch_words {
	enum wb_fetch_reason reason;
	long status_lo, status_hi; /* HTTP: the statuses of this row; 0, 0: any (the last HTTP row) */
	enum wb_tls_problem tls;   /* TLS: the problem of this row; else WB_TLS_OTHER */
	enum wb_msg message;       /* a short phrase; for HTTP the view adds the status: " (404)" */
	enum wb_msg remedy;        /* starts in lower case: it follows "message: " */
};

/* The table, for tests that walk it; static, never NULL. */
const struct wb_fetch_words *wb_fetch_words_table(size_t *n);

/* The row for a failure, or NULL for WB_FETCH_REASON_NONE and values out of
 * range. http_status counts only for HTTP, tls only for TLS. */
const struct wb_fetch_words *wb_fetch_words_find(enum wb_fetch_reason reason, long http_status,
						 enum wb_tls_problem tls);

#define WB_ERROR_TEXT_MAX 400

/* One finished poll, handed from the fetch thread to the main thread. */
struct wb_feed_update {
	enum wb_fetch_outcome outcome;
	struct wb_snapshot *snapshot;  /* UPDATED only; owned until wb_board_apply takes it */
	char etag[WB_ETAG_MAX];        /* UPDATED: the new ETag, "" when the server sent none */
	long http_status;              /* 0 when no HTTP answer */
	enum wb_fetch_reason reason;   /* FAILED: the kind of failure */
	char error[WB_ERROR_TEXT_MAX]; /* FAILED: why, for people */
	/* FAILED, TLS: what was wrong, when libcurl says. WB_TLS_CERT_TIME: the
	 * main thread asks whether the clock is set and makes the reason
	 * WB_FETCH_REASON_CLOCK when it is not. */
	enum wb_tls_problem tls;
	int64_t received_mono_ms;
	int64_t received_wall_ms;
	int64_t latency_ms;
	struct wb_feed_update *next; /* queue link, owned by the fetcher's queue */
};

/* Frees the update and the snapshot it still owns; NULL is fine. */
void wb_feed_update_free(struct wb_feed_update *update);

struct wb_board {
	struct wb_snapshot *snapshot; /* owned; NULL until the first document */
	char etag[WB_ETAG_MAX];
	enum wb_conn_state conn;
	bool from_cache;   /* snapshot came from disk, not yet confirmed by a poll */
	bool have_success; /* a poll succeeded in this process */
	int64_t last_success_mono_ms;
	int64_t last_success_wall_ms; /* or the cached document's receipt time */
	int64_t server_offset_ms;     /* server now = mono now + offset */
	/* The last failure, raw English for admins (logs, /api/v1/status); ""
	 * after a success. The screen says it in words instead, from the
	 * reason, status and TLS problem (wb_fetch_words_find). */
	char last_error[WB_ERROR_TEXT_MAX];
	enum wb_fetch_reason last_reason; /* WB_FETCH_REASON_NONE after a success */
	long last_http_status;            /* of the last failure; 0 when no HTTP answer */
	enum wb_tls_problem last_tls;
	int64_t polls_ok, polls_failed;
	/* Alert ids an admin acknowledged (owned), kept while the feed still has them. */
	char *acked[WB_FEED_MAX_ALERTS];
	size_t n_acked;
	/* The feed's alerts as received (owned); the snapshot's list is these
	 * merged with the board's own (wb_board_merge_local_alerts). */
	struct wb_alert *feed_alerts;
	size_t n_feed_alerts;
};

void wb_board_init(struct wb_board *board);
void wb_board_fini(struct wb_board *board);

/* Applies a finished poll. Takes the update's snapshot (sets it to NULL);
 * the update itself stays the caller's. Returns true when the picture changes. */
bool wb_board_apply(struct wb_board *board, struct wb_feed_update *update);

/* Shows a document kept on disk from an earlier run until a poll succeeds.
 * Takes snap. The server clock is estimated from the device's wall clock and
 * the offset seen when the document was received. */
void wb_board_adopt_cached(struct wb_board *board, struct wb_snapshot *snap, const char *etag,
			   int64_t received_wall_ms, int64_t mono_now_ms, int64_t wall_now_ms);

/* Shows the feed's alerts merged with local ones (alert rules, rules.h; only
 * read). Call after each applied poll; with none, the feed's list is shown.
 * On error the list on screen stays as it was. */
enum wb_status wb_board_merge_local_alerts(struct wb_board *board, const struct wb_alert *local,
					   size_t n_local);

/* Acknowledges an alert on screen: it stops pulsing and stays until the feed
 * clears it. WB_ERR_NOT_FOUND when no alert shown has that id. */
enum wb_status wb_board_ack(struct wb_board *board, const char *alert_id);

int64_t wb_board_server_now_ms(const struct wb_board *board, int64_t mono_now_ms);

/* Stale: the data shown was not confirmed by a poll within 3 intervals (or
 * only comes from the disk cache). Never stale without data. */
bool wb_board_is_stale(const struct wb_board *board, int64_t mono_now_ms, int interval_s);

/* Fills the data part of a frame's view (everything but the start-screen
 * fields feed_host, status_line and addrs, which are the caller's).
 * stale_reason and stale_remedy word the last failure in cfg's language
 * (wb_fetch_words_find; never the raw text); before the first poll without
 * a feed URL, the missing URL. "" and "" when there is nothing wrong. */
void wb_board_view(const struct wb_board *board, const struct wb_config *cfg, int64_t mono_now_ms,
		   int64_t wall_now_ms, struct wb_view *view);

#endif
