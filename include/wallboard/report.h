/* Machine-readable state of the board (status.json on SIGUSR1, and the
 * status API), built from the same view the screen is drawn from so the two
 * can never disagree. No secrets: the token is never part of a view. */
#ifndef WALLBOARD_REPORT_H
#define WALLBOARD_REPORT_H

#include "wallboard/bootreport.h"
#include "wallboard/fleet.h"
#include "wallboard/layout.h"
#include "wallboard/update.h"
#include "wallboard/view.h"

/* A new NUL-terminated JSON text (caller frees), or NULL when out of memory. */
char *wb_report_status_json(const struct wb_view *view, const struct wb_layout *layout, int width, int height,
			    const char *etag);

/* What GET /api/v1/status adds to the view: facts about the device and the
 * feed connection that the screen does not draw. */
struct wb_status_info {
	const char *version;
	int64_t uptime_s;
	const char *hostname;        /* the system's */
	const char *device_id;       /* device.id, else derived (device.h) */
	const char *device_name;     /* device.name; "" none */
	const char *device_hostname; /* the one shown and announced, without ".local" */
	/* HTTPS: on by config, the port it serves on (0: not serving), the
	 * certificate's fingerprint and source ("generated", "admin"), and why
	 * it does not serve ("" when it does). */
	bool tls_enabled;
	int tls_port;
	const char *tls_fingerprint;
	const char *tls_source;
	const char *tls_error;
	bool pairing_pending;
	const char *config_source;  /* "defaults", "file" or "state" */
	const char *config_warning; /* "" when none */
	bool has_feed_url;
	int64_t last_success_wall_ms; /* 0: none yet */
	const char *last_error;       /* "" when none */
	const char *etag;             /* "" when none */
	int64_t polls_ok, polls_failed;
	int width, height;        /* the output, before rotation; 0 x 0 without one */
	bool display_connected;   /* false while waiting for a display (a TV off at start) */
	const char *video_driver; /* SDL's ("KMSDRM", "x11"); "" without a display */
	const char *renderer;     /* SDL's renderer ("opengles2", "software"); "" without one */
	const char *gl_renderer;  /* the GL implementation ("V3D 4.2"); "" for none */
	bool identify_active;
	bool clock_synchronized;                  /* the system clock, as an NTP client set it */
	const struct wb_boot_report *boot_report; /* NULL: nothing to report */
	const struct wb_update_status *update;    /* NULL: no updates (no "update" key) */
	const struct wb_fleet_status *managed;    /* NULL: no "managed" key */
	const char *storage_error; /* a failing write to the state directory; "" or NULL: none */
};

/* The status document of docs/openapi.yaml; caller frees, NULL when out of memory. */
char *wb_report_api_status(const struct wb_view *view, const struct wb_status_info *info);

#endif
