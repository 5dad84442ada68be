/* Central management's thread (net/managed.c): polls managed.url for a config
 * fragment with If-None-Match, validates it whole, keeps the last good one in
 * <state-dir>/managed.json and hands it to the main thread; POSTs the status
 * to managed.report_url on an interval and at once when the state changes.
 * One libcurl easy handle of its own; the pure parts are in fleet.h. */
#ifndef WALLBOARD_MANAGED_H
#define WALLBOARD_MANAGED_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/config.h"
#include "wallboard/fleet.h"
#include "wallboard/status.h"

struct wb_managed;

/* Judges a 200 body as a whole: WB_OK to take it, else problems say why
 * (the first one's path is logged and shown). Called on the managed thread,
 * and on the caller's at start for the saved document. */
typedef enum wb_status (*wb_managed_validate_fn)(const char *json, size_t len, struct wb_problems *problems,
						 void *ctx);
/* After a document was stored for wb_managed_take: wakes the main thread.
 * Thread-safe and quick. */
typedef void (*wb_managed_notify_fn)(void *ctx);
/* One line for the log (without "wallboard: "); any thread. */
typedef void (*wb_managed_log_fn)(void *ctx, const char *line);

struct wb_managed_options {
	const char *state_dir; /* managed.json is written here; "" or NULL: not kept */
	const char *device_id; /* {id} and X-Wallboard-Id; copied */
	const char *version;   /* X-Wallboard-Version; copied */
	wb_managed_validate_fn validate;
	void *validate_ctx; /* must outlive the thread */
	wb_managed_notify_fn notify;
	wb_managed_log_fn log;
	void *ctx; /* for notify and log */
	/* The document loaded at start (wb_managed_load_last_good), already
	 * validated; NULL: none. Taken: *initial is emptied. It is handed to the
	 * main thread like a fetched one, and its ETag sent with the first poll. */
	struct wb_fleet_saved *initial;
};

/* Copies what it needs. NULL (err set) when out of memory. Starts nothing:
 * the program runs wb_managed_main on a thread of its own. */
struct wb_managed *wb_managed_create(const struct wb_config *cfg, const struct wb_managed_options *o,
				     struct wb_error *err);
/* After the thread running wb_managed_main was joined; NULL is fine. */
void wb_managed_destroy(struct wb_managed *m);

/* The thread (a pthread start routine, arg the object): until wb_managed_stop. */
void *wb_managed_main(void *m);
/* Wakes the thread and aborts a transfer in progress; it returns promptly. */
void wb_managed_stop(struct wb_managed *m);
/* A new config; polls and reports at once when the managed section changed. */
void wb_managed_set_config(struct wb_managed *m, const struct wb_config *cfg);

/* The news for the main thread, if any: true with *json a new good document
 * (the caller owns it, free()) and *len its length; or true with *json NULL
 * when managed.url was emptied (the managed layer goes). false: nothing new. */
bool wb_managed_take(struct wb_managed *m, char **json, size_t *len);

/* The status the reports send (copied) and its state key
 * (wb_fleet_state_key); a key unlike the last one reports at once. Main
 * thread, whenever the status is published. */
void wb_managed_publish(struct wb_managed *m, const char *status_json, const char *state_key);

/* The state for /api/v1/status; any thread. */
void wb_managed_status(struct wb_managed *m, struct wb_fleet_status *out);

/* <state_dir>/managed.json into *out (wb_fleet_saved_fini). WB_ERR_NOT_FOUND
 * when there is none; another error (err set) when it cannot be read. */
enum wb_status wb_managed_load_last_good(const char *state_dir, struct wb_fleet_saved *out,
					 struct wb_error *err);

#endif
