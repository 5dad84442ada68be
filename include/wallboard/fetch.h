/* The fetch thread: polls the feed URL with libcurl (ETag, gzip, bearer token,
 * verified TLS, body cap, timeouts), validates the body into a snapshot off the
 * main thread, keeps the last good body on disk, and hands each finished poll
 * to the main thread through a small queue. It never draws. */
#ifndef WALLBOARD_FETCH_H
#define WALLBOARD_FETCH_H

#include <stddef.h>

#include "wallboard/board.h"
#include "wallboard/config.h"
#include "wallboard/status.h"

struct wb_fetcher;

/* Called on the fetch thread after an update was queued, to wake the main
 * thread (main pushes an SDL event). Must be thread-safe and quick. */
typedef void (*wb_fetch_notify_fn)(void *ctx);

/* Call once before any thread starts (libcurl's global init is not thread-safe). */
enum wb_status wb_fetch_global_init(struct wb_error *err);
void wb_fetch_global_cleanup(void);

/* Starts the thread. cfg is copied; state_dir (may be NULL or "") is where the
 * last good document is cached, when it changed and at most every
 * feed.cache_interval_s (the newest one held back is written when the
 * thread stops); initial_etag (may be NULL) is sent with the
 * first poll so a cached document can be confirmed by a 304. */
/* device_id goes with every poll as X-Wallboard-Id (NULL or "": none). */
struct wb_fetcher *wb_fetcher_create(const struct wb_config *cfg, const char *state_dir,
				     const char *device_id, const char *initial_etag,
				     wb_fetch_notify_fn notify, void *notify_ctx, struct wb_error *err);
/* Stops and joins the thread, frees queued updates; NULL is fine. */
void wb_fetcher_destroy(struct wb_fetcher *fetcher);

/* The oldest finished poll not yet taken, or NULL. The caller owns it
 * (wb_feed_update_free). */
struct wb_feed_update *wb_fetcher_take(struct wb_fetcher *fetcher);

/* Hands the thread a new config, applied before its next poll; a changed
 * feed section (URL, token, timeouts...) starts that poll at once. */
void wb_fetcher_set_config(struct wb_fetcher *fetcher, const struct wb_config *cfg);

/* The thread beats at least every WB_FETCH_HEARTBEAT_MS while alive, also
 * during long waits and transfers. Monotonic ms of the last beat. */
#define WB_FETCH_HEARTBEAT_MS 2000
int64_t wb_fetcher_heartbeat_ms(struct wb_fetcher *fetcher);

/* Whether the last write of the feed cache failed (a full or read-only
 * disk), with why in out; "" and false while writes work. Any thread. */
bool wb_fetcher_cache_error(struct wb_fetcher *fetcher, char *out, size_t size);

/* One synchronous poll without a thread, for --screenshot. Returns a new
 * update (never NULL unless out of memory); its outcome says what happened. */
struct wb_feed_update *wb_fetch_once(const struct wb_config *cfg, const char *device_id);

#endif
