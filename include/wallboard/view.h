/* Everything one frame shows, as plain data: the main thread fills it from the
 * board state each frame and the renderer draws it. No SDL, no curl, so both
 * sides can be tested alone. All pointers are borrowed for the frame. */
#ifndef WALLBOARD_VIEW_H
#define WALLBOARD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"
#include "wallboard/i18n.h"
#include "wallboard/snapshot.h"

enum wb_conn_state {
	WB_CONN_CONNECTING = 0, /* no poll has finished yet */
	WB_CONN_ONLINE,         /* last poll succeeded (200 or 304) */
	WB_CONN_OFFLINE,        /* last poll failed */
};

#define WB_VIEW_MAX_ADDRS 8

struct wb_view {
	const struct wb_snapshot *snapshot; /* NULL: the start screen */
	const struct wb_config *config;     /* title override, language, sla, ticker */
	const char *title;                  /* resolved: config title, else feed title, else default */

	int64_t server_now_ms; /* drives SLA timers and alert ages */
	int64_t wall_now_ms;   /* header clock, shown in the system time zone */
	int64_t anim_ms;       /* monotonic; drives the ticker, pulses and paging */

	enum wb_conn_state conn;
	int64_t data_age_s; /* since the last successful poll; -1 when unknown */
	bool stale;
	int64_t stale_since_wall_ms; /* last success (or the cached document's receipt) */
	const char *stale_reason;    /* last error, "" when none */

	/* start screen */
	const char *feed_host;   /* host of the feed URL, "" when none */
	const char *status_line; /* what the board is doing now */
	const char *addrs[WB_VIEW_MAX_ADDRS];
	size_t n_addrs;
};

/* The layout a view is drawn with at width x height: which bars are shown
 * and which page of channels. One rule for the renderer, the status report
 * and the render tests. */
struct wb_layout;
void wb_view_layout(const struct wb_view *view, int width, int height, struct wb_layout *out);

/* Which page of channels is on screen at view->anim_ms. */
size_t wb_view_page(const struct wb_view *view);

#endif
