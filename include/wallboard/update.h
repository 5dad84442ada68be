/* A/B firmware updates, the pure part: Debian version order, the pull
 * manifest, the maintenance window, the decision to install, and the image's
 * state.json (docs/updates.md; the file contract in the issue 14 notes). No
 * clocks, files or network here: the updater and the server pass them in. */
#ifndef WALLBOARD_UPDATE_H
#define WALLBOARD_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/hours.h"
#include "wallboard/i18n.h"
#include "wallboard/limits.h"
#include "wallboard/status.h"
#include "wallboard/tz.h"

#define WB_UPDATE_SHA256_HEX 64

/* ---- versions ---- */

/* Compares two Debian versions as dpkg --compare-versions does ([epoch:]
 * upstream[-revision], "~" before everything, digit runs numerically,
 * letters before other characters): <0, 0 or >0. The image's scripts use
 * dpkg, so both sides must agree; strings that are not versions
 * (wb_update_version_valid) compare by the same rules anyway. */
int wb_update_version_cmp(const char *a, const char *b);

/* 1 to WB_UPDATE_VERSION_MAX bytes of [A-Za-z0-9.+~:-], starting with a
 * digit after an optional all-digit epoch. */
bool wb_update_version_valid(const char *v);

/* ---- the pull manifest ---- */

struct wb_update_manifest {
	char version[WB_UPDATE_VERSION_MAX + 1];
	char url[WB_URL_MAX];                        /* absolute: resolved against the manifest's */
	char sha256[WB_UPDATE_SHA256_HEX + 1];       /* lower-case hex */
	char min_version[WB_UPDATE_VERSION_MAX + 1]; /* "": any running version may take it */
	bool force;                                  /* install even when not newer */
};

/* Parses {"version", "url", "sha256", "min_version"?, "force"?} of len bytes,
 * fetched from manifest_url (relative bundle URLs resolve against it). All or
 * nothing: the first problem goes into err with its JSON path ("$.sha256")
 * and *out is left zeroed. Unknown keys are ignored so a newer publisher
 * can add some. WB_ERR_INVALID, WB_ERR_TOO_LARGE (over
 * WB_UPDATE_MANIFEST_MAX_BYTES). */
enum wb_status wb_update_manifest_parse(const char *json, size_t len, const char *manifest_url,
					struct wb_update_manifest *out, struct wb_error *err);

/* ref resolved against base (RFC 3986 section 5.2, dot segments removed)
 * into out; false when base is not absolute or out is too small. */
bool wb_update_resolve_url(const char *base, const char *ref, char *out, size_t size);

/* ---- the maintenance window ---- */

/* update.window. An automatic window (the default) is outside the screen's
 * on-hours when screen.schedule.on is set, else 02:00-05:00 every night: a
 * board that is always on would otherwise reboot into a new slot in the
 * middle of a shift. */
struct wb_update_window {
	bool automatic;
	struct wb_hours hours; /* when !automatic */
};

#define WB_UPDATE_NIGHT_OPEN_MIN (2 * 60)
#define WB_UPDATE_NIGHT_CLOSE_MIN (5 * 60)

void wb_update_window_init_automatic(struct wb_update_window *w);

/* Whether t_ms (UTC) lies in the window, in the board's zone tz (NULL: UTC). */
bool wb_update_in_window(const struct wb_update_window *w, const struct wb_hours *screen_on,
			 const struct wb_tz *tz, int64_t t_ms);

enum wb_update_decision {
	WB_UPDATE_INSTALL = 0,
	WB_UPDATE_NOT_NEWER,      /* the same or older than what runs, and not forced */
	WB_UPDATE_BELOW_MINIMUM,  /* what runs is older than min_version */
	WB_UPDATE_OUTSIDE_WINDOW, /* wanted, but not now */
	WB_UPDATE_FAILED_BEFORE,  /* this version already failed or rolled back here (the updater also
				   * uses it for a bundle that did not match its sha256) */
};

struct wb_update_last;

/* Whether a board running `running` installs m now. force (the manifest's)
 * only lifts "newer"; the minimum and the window still hold. last (NULL:
 * none) is the image's last result: a version that was refused, failed or
 * rolled back is not taken again, forced or not, or a broken bundle in the
 * manifest would be installed, rolled back and pulled again every interval;
 * the publisher fixes it with a new version. */
enum wb_update_decision wb_update_decide(const struct wb_update_manifest *m, const char *running,
					 const struct wb_update_last *last, bool in_window);

/* "install", "not_newer", "below_minimum", "outside_window", "failed_before". */
const char *wb_update_decision_name(enum wb_update_decision d);

/* ---- the image's state.json ---- */

/* The firmware's own phases (downloading) and the image's (the rest). */
enum wb_update_state {
	WB_UPDATE_IDLE = 0,
	WB_UPDATE_DOWNLOADING,
	WB_UPDATE_INSTALLING,
	WB_UPDATE_INSTALLED, /* written to the other slot, waiting for the reboot */
	WB_UPDATE_TRIAL,     /* booted the new slot, not yet committed */
	WB_UPDATE_COMMITTED,
	WB_UPDATE_ROLLED_BACK,
	WB_UPDATE_FAILED,
	WB_UPDATE_UNKNOWN, /* no state.json, or one that cannot be read */
	WB_UPDATE_STATE_COUNT_
};

/* "idle" ... "unknown"; "unknown" out of range. */
const char *wb_update_state_name(enum wb_update_state s);
/* false when name is none of them. */
bool wb_update_state_parse_name(const char *name, enum wb_update_state *out);

struct wb_update_slot {
	bool present;
	char slot[WB_UPDATE_SLOT_MAX + 1];
	char version[WB_UPDATE_VERSION_MAX + 1]; /* "": unknown (null) */
	bool has_bootable;
	bool bootable;
};

struct wb_update_last {
	bool present;
	char version[WB_UPDATE_VERSION_MAX + 1];
	char source[8];  /* "api", "pull" or "" */
	char result[16]; /* "committed", "rolled_back", "refused", "failed" */
	char reason[WB_UPDATE_MESSAGE_MAX + 1];
	char finished[WB_UPDATE_TIME_MAX + 1];
};

/* What state.json says. Every string is valid UTF-8 free of control
 * characters and within its buffer: they end up in JSON answers and on the
 * screen. */
struct wb_update_info {
	enum wb_update_state state;
	char message[WB_UPDATE_MESSAGE_MAX + 1];
	int progress; /* 0..100, -1: none */
	struct wb_update_slot booted, other;
	struct wb_update_last last;
	char updated[WB_UPDATE_TIME_MAX + 1];
};

/* State unknown, nothing known about the slots. */
void wb_update_info_unknown(struct wb_update_info *info);

/* Parses state.json of len bytes into *info. All or nothing: on any problem
 * *info is "unknown" and err says where (WB_ERR_INVALID, WB_ERR_TOO_LARGE
 * over WB_UPDATE_STATE_MAX_BYTES). Unknown keys are ignored. */
enum wb_status wb_update_info_parse(const char *json, size_t len, struct wb_update_info *info,
				    struct wb_error *err);

/* Whether the last update rolled back (now or as the last result): the
 * screen says so until a later update replaces it. */
bool wb_update_rolled_back(const struct wb_update_info *info);

/* While the image has a request to act on or is installing, nothing else
 * may start (409): pending is "request.json exists". */
bool wb_update_busy(const struct wb_update_info *info, bool pending);

/* ---- the update status (GET /api/v1/update, the status's "update") ---- */

/* What the firmware itself is doing with a bundle. */
enum wb_update_activity {
	WB_UPDATE_ACTIVITY_NONE = 0,
	WB_UPDATE_ACTIVITY_DOWNLOAD, /* the pull */
	WB_UPDATE_ACTIVITY_UPLOAD,   /* POST /api/v1/update */
};

/* state.json merged with the firmware's own part. Plain data: copied to
 * whoever reports it. */
struct wb_update_status {
	struct wb_update_info info;
	bool pending; /* request.json waits for the image */
	enum wb_update_activity activity;
	int64_t bytes, total;                  /* of the bundle in transfer; total -1: unknown */
	char error[WB_UPDATE_MESSAGE_MAX + 1]; /* the firmware's last failure; "" none */
	char error_source[8];                  /* "api" or "pull" */
	char firmware_version[WB_UPDATE_VERSION_MAX + 1];
	bool pull_enabled;                         /* update.url is set */
	int64_t polls;                             /* manifest polls so far */
	long pull_http_status;                     /* of the last poll; 0 none or not HTTP */
	char available[WB_UPDATE_VERSION_MAX + 1]; /* the manifest's version; "" none */
	char decision[24];                         /* wb_update_decision_name of the last poll; "" none */
};

/* The state to report: downloading (or an upload) while the firmware moves
 * a bundle, else state.json's. */
enum wb_update_state wb_update_status_state(const struct wb_update_status *s);

/* The running version: booted.version from state.json, else the firmware's. */
const char *wb_update_running_version(const struct wb_update_status *s);

/* The start screen's line after a rollback, in lang: "Update rolled back
 * (0.5.0+414.gbad): <reason>"; "" when the last update did not roll back.
 * The reason is the image's (English) text. */
void wb_update_notice(const struct wb_update_status *s, enum wb_lang lang, char *out, size_t size);

/* The document of docs/openapi.yaml's UpdateStatus; NULL when out of memory. */
struct cJSON;
struct cJSON *wb_update_status_json(const struct wb_update_status *s);

#endif
