/* The pure side of central management (issue 16; the thread is net/managed.c):
 * the managed document's URL with {id} filled in, the state key whose change
 * sends a status report at once, managed.json's format (the last good
 * document, its ETag and URL) and the managed part of /api/v1/status. */
#ifndef WALLBOARD_FLEET_H
#define WALLBOARD_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/limits.h"
#include "wallboard/status.h"
#include "wallboard/update.h"
#include "wallboard/view.h"

/* Where the managed side stands: no managed.url; set but not answered yet;
 * the last poll brought a good document or confirmed it (304); the last poll
 * failed or brought a document that was rejected. */
enum wb_fleet_state {
	WB_FLEET_OFF = 0,
	WB_FLEET_WAITING,
	WB_FLEET_OK,
	WB_FLEET_ERROR,
};

/* "off", "waiting", "ok", "error". */
const char *wb_fleet_state_name(enum wb_fleet_state s);

#define WB_FLEET_ERROR_MAX 300

/* The managed thread's state, copied by the main thread for the status. */
struct wb_fleet_status {
	bool url_set;
	enum wb_fleet_state state;
	int64_t last_ok_wall_ms;                 /* the last good answer (200 taken or 304); 0: none */
	char last_error[WB_FLEET_ERROR_MAX + 1]; /* the last failure or rejection; "" none */
	char error_path[160];                    /* JSON path of a rejected document's first problem; "" */
	char etag[WB_ETAG_MAX];                  /* of the document in use; "" none */
	struct {
		int64_t last_ok_wall_ms; /* 0: none yet */
		char last_error[WB_FLEET_ERROR_MAX + 1];
		int64_t failures;  /* failed reports since the last one that arrived */
		int64_t backoff_s; /* the wait before the next report: the interval, doubled per failure */
	} reports;
};

/* The managed part of GET /api/v1/status (docs/openapi.yaml's ManagedStatus);
 * NULL when out of memory. */
struct cJSON;
struct cJSON *wb_fleet_status_json(const struct wb_fleet_status *s);

/* tmpl with every "{id}" replaced by id, percent-encoded (RFC 3986
 * unreserved characters stay). WB_ERR_TOO_LARGE when it does not fit out
 * (out is "" then). */
enum wb_status wb_fleet_url(const char *tmpl, const char *id, char *out, size_t size);

/* What a status report's timing depends on: the feed's connection, stale,
 * a critical alert active and not acknowledged, the update state (update
 * NULL: none). A report goes out at once when this text changes. */
#define WB_FLEET_STATE_KEY_MAX 96
void wb_fleet_state_key(const struct wb_view *view, bool has_feed_url, const struct wb_update_status *update,
			char *out, size_t size);

/* managed.json: the last good document as it came (text), its ETag, the URL
 * it came from and when. */
struct wb_fleet_saved {
	char *doc; /* owned, NUL-terminated */
	size_t len;
	char etag[WB_ETAG_MAX];
	char url[WB_URL_MAX];
	int64_t received_wall_ms;
};

/* The file's text; caller frees; NULL when out of memory. */
char *wb_fleet_saved_to_json(const struct wb_fleet_saved *s);
/* Reads the file's text into *out (wb_fleet_saved_fini frees it).
 * WB_ERR_INVALID (err set) when it is not such a file. */
enum wb_status wb_fleet_saved_parse(const char *json, size_t len, struct wb_fleet_saved *out,
				    struct wb_error *err);
void wb_fleet_saved_fini(struct wb_fleet_saved *s);

#endif
