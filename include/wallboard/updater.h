/* The firmware's side of A/B updates (net/updater.c): takes a bundle, from
 * the pull (update.url's manifest, on a thread of its own) or an upload
 * (POST /api/v1/update, on the server's connection thread), checks its size,
 * room and sha256 while it streams to <update-dir>/incoming/, and hands it
 * to the image's installer with request.json; reads the image's state.json
 * back. The image's root scripts act only on those files (docs/updates.md). */
#ifndef WALLBOARD_UPDATER_H
#define WALLBOARD_UPDATER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"
#include "wallboard/status.h"
#include "wallboard/update.h"

struct wb_updater;

typedef void (*wb_updater_log_fn)(void *ctx, const char *line);

struct wb_updater_options {
	const char *update_dir;       /* state.json is here, incoming/ under it */
	const char *firmware_version; /* the running version when state.json has none */
	const char *device_id;        /* X-Wallboard-Id of manifest polls; copied; NULL: none */
	wb_updater_log_fn log;        /* a line per pull decision and per failure; called on any thread */
	void *ctx;
};

/* Why a bundle is not taken; the API's status codes in brackets. */
enum wb_updater_refusal {
	WB_UPDATER_TAKEN = 0,
	WB_UPDATER_BUSY,      /* an install pending or running, or another transfer (409) */
	WB_UPDATER_TOO_LARGE, /* over update.max_bundle_mb (413) */
	WB_UPDATER_NO_SPACE,  /* the data partition lacks room (507) */
	WB_UPDATER_FAILED,    /* cannot write, or the bundle is not what was promised (500 / 422) */
};

/* Copies what it needs of cfg and o. NULL (err set) when out of memory.
 * Starts nothing: the program runs wb_updater_main on a thread of its own. */
struct wb_updater *wb_updater_create(const struct wb_config *cfg, const struct wb_updater_options *o,
				     struct wb_error *err);
/* After the thread running wb_updater_main has been joined; NULL is fine. */
void wb_updater_destroy(struct wb_updater *u);

/* The pull loop (a pthread start routine, arg the updater): polls the
 * manifest every update.interval_s, at once after a config change, until
 * wb_updater_stop. */
void *wb_updater_main(void *u);
/* Wakes the loop and aborts a transfer in progress; the loop returns soon. */
void wb_updater_stop(struct wb_updater *u);
/* A new config (the update and time zone parts matter); polls at once when
 * the update section changed. */
void wb_updater_set_config(struct wb_updater *u, const struct wb_config *cfg);

/* The current status; re-reads state.json when it changed (mtime, size),
 * at most once a second. Any thread. */
void wb_updater_status(struct wb_updater *u, struct wb_update_status *out);

/* ---- uploads, on the server's connection thread ---- */

struct wb_update_upload;

/* Claims the incoming directory for an upload of length bytes (-1: not
 * declared). WB_UPDATER_TAKEN with *out set, or why not with why filled. */
enum wb_updater_refusal wb_updater_upload_begin(struct wb_updater *u, int64_t length, bool force,
						struct wb_update_upload **out, char *why, size_t why_size);
/* The next piece of the body. Not TAKEN: the upload is over (the partial
 * file already deleted); wb_updater_upload_abort still frees it. */
enum wb_updater_refusal wb_updater_upload_write(struct wb_update_upload *up, const void *data, size_t len,
						char *why, size_t why_size);
/* The whole body arrived: bundle.raucb, then request.json. Frees up. */
enum wb_updater_refusal wb_updater_upload_finish(struct wb_update_upload *up, char *why, size_t why_size);
/* The client went away, or an answer was sent early: nothing is left
 * behind. Frees up; NULL is fine. */
void wb_updater_upload_abort(struct wb_update_upload *up);

#endif
