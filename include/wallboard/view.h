/* Everything one frame shows, as plain data: the main thread fills it from the
 * board state each frame and the renderer draws it. No SDL, no curl, so both
 * sides can be tested alone. All pointers are borrowed for the frame. */
#ifndef WALLBOARD_VIEW_H
#define WALLBOARD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/bootreport.h"
#include "wallboard/config.h"
#include "wallboard/i18n.h"
#include "wallboard/sla.h"
#include "wallboard/snapshot.h"
#include "wallboard/trend.h"
#include "wallboard/tz.h"

enum wb_conn_state {
	WB_CONN_CONNECTING = 0, /* no poll has finished yet */
	WB_CONN_ONLINE,         /* last poll succeeded (200 or 304) */
	WB_CONN_OFFLINE,        /* last poll failed */
};

/* "connecting", "online", "offline": the status's and the reports' word. */
const char *wb_view_conn_name(enum wb_conn_state conn);

#define WB_VIEW_MAX_ADDRS 8
#define WB_VIEW_WORDS_MAX 128
#define WB_VIEW_HOST_MAX 80 /* "<hostname>.local" */

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
	/* The last failure in words, in the board's language ("Feed niet
	 * gevonden (404)"), and what to do about it ("controleer feed.url");
	 * "" when none. Never the raw error text, which is for admins. */
	const char *stale_reason;
	const char *stale_remedy;
	char stale_words[WB_VIEW_WORDS_MAX]; /* where stale_reason is composed */

	/* start screen */
	const char *feed_host;   /* host of the feed URL, "" when none */
	const char *status_line; /* what the board is doing now */
	const char *addrs[WB_VIEW_MAX_ADDRS];
	size_t n_addrs;
	/* The board's hostname without ".local" ("wallboard-1a2b3c4d"): shown
	 * as name.local and as the URL http://name.local:PORT/ beside the
	 * addresses (mDNS, docs/image.md); NULL or "": not shown. */
	const char *hostname;
	/* The generated admin token until it is first used; NULL or "" when
	 * there is none. Drawn only where wb_privacy_pairing_shown allows (the
	 * start screen, identify, the first minutes after started_ms), so the
	 * live floor board does not carry its admin token. */
	const char *pairing_code;
	int64_t started_ms; /* monotonic, like anim_ms: when the board started */
	/* The port the HTTP server really listens on (http.port 0 picks one);
	 * 0: take http.port from the config. */
	int http_port;
	/* HTTPS: the port it serves on (0: not serving; the URLs shown are
	 * then http), its certificate's SHA-256 fingerprint (shown when
	 * identifying, NULL or "" none) and why HTTPS does not serve although
	 * it is on (the start screen; NULL or "" none). */
	int https_port;
	const char *tls_fingerprint;
	const char *tls_error;
	/* Why the board runs on its last good config (corrupt file), "" when all
	 * is well: shown on the start screen and as a small mark in the header. */
	const char *config_warning;
	/* What the image's first boot did with the files on the boot partition
	 * (applied, or why not); NULL or empty: nothing to report. */
	const struct wb_boot_report *boot_report;
	const char *update_notice; /* a rolled-back update and why; "" or NULL when none */

	/* POST /api/v1/identify: until this monotonic time the whole screen shows
	 * identify_name and the first address, so an admin finds the screen. */
	int64_t identify_until_ms;
	const char *identify_name;

	/* Opening hours (config sla.hours / channel_hours) are read in this zone;
	 * NULL: UTC. SLA tiles use wb_sla_evaluate_hours with it. */
	const struct wb_tz *tz;
	/* Outside the screen's on-hours (config screen.on): the frame is black. */
	bool screen_off;
	/* Burn-in care: the whole picture is drawn shifted by this many pixels. */
	int shift_x, shift_y;
	/* The board's own hourly record for the tiles' trends; NULL: none (the
	 * feed's history and same_time_yesterday still count). Ask
	 * wb_trend_channel(view->trend, ch, view->server_now_ms, &out). */
	const struct wb_trend *trend;
};

/* The timer in a tile's SLA box. */
enum wb_view_timer {
	WB_VIEW_TIMER_NONE = 0, /* nothing in the timer's place */
	WB_VIEW_TIMER_CHECK,    /* "✓": open and nobody waiting */
	WB_VIEW_TIMER_RUNNING,  /* open, someone waits: the time waited, counting up */
	WB_VIEW_TIMER_PAUSED,   /* closed with someone waiting: the open time waited, standing still */
};

#define WB_VIEW_SLA_TEXT_MAX 96

/* What one tile's SLA box shows (issue 5), decided here so the renderer only
 * draws it and the decision is unit-tested without pixels. */
struct wb_view_sla_box {
	/* wb_sla_evaluate_hours with the channel's target, warn ratio and
	 * opening hours (wb_config_channel_hours) in view->tz. */
	struct wb_sla_hours_view eval;
	/* Outside opening hours: the calm closed colour, whatever eval.sla.state,
	 * and never a running timer. Otherwise the colour of eval.sla.state. */
	bool closed;
	/* The state in words, so colour is never the only signal: "Op tijd",
	 * "Bijna te laat", "Over tijd", "Niemand wacht", "Gesloten", "Geen SLA". */
	enum wb_msg head;
	enum wb_view_timer timer_kind;
	char timer[32]; /* waited "12:34" or "1:05:14", "✓", paused "23:00"; "" with NONE */
	/* RUNNING: how far the wait is towards the target, 0..1000 (1000 from
	 * the moment it is reached): the thin bar under the timer. */
	int progress_permille;
	/* Second line: "norm 30:00" while open; closed, when it opens again
	 * in view->tz: "opent 13:00" later the same local day, else "opent ma
	 * 08:00"; "" when there is nothing to say. */
	char detail[WB_VIEW_SLA_TEXT_MAX];
	/* The same in fewer words for a narrow box ("stand 10:15"); "" when
	 * detail has no shorter form. */
	char detail_short[WB_VIEW_SLA_TEXT_MAX];
	/* "SLA attainment today" band (sla.attain_good_pct / attain_fair_pct)
	 * and its text ("93%"); NONE and "" when the feed gives none. */
	enum wb_sla_attainment attain;
	char attain_text[16];
	/* What the pill means, "93% binnen doel": the renderer adds it to an
	 * open box's second line where it fits at full size. */
	char attain_words[48];
};

/* Fills *out for channel ch at view->server_now_ms. view->config may be NULL
 * (defaults: feed target, warn 0.75, always open, Dutch). */
void wb_view_sla_box(const struct wb_view *view, const struct wb_channel *ch, struct wb_view_sla_box *out);

/* The layout a view is drawn with on an output of width x height: which bars
 * are shown and which page of channels, at the logical (rotated) size and the
 * configured scale. One rule for the renderer, the status report and the
 * render tests. */
struct wb_layout;
void wb_view_layout(const struct wb_view *view, int width, int height, struct wb_layout *out);
/* The same at a size that is already logical (what the renderer draws into
 * before turning the frame). */
void wb_view_layout_logical(const struct wb_view *view, int lw, int lh, struct wb_layout *out);

/* Which page of channels is on screen at view->anim_ms (already wrapped to
 * the number of pages of the channels shown). */
size_t wb_view_page(const struct wb_view *view);

/* Milliseconds per page: display.page_s, 15 s when unset. */
int64_t wb_view_page_ms(const struct wb_view *view);

/* The channels shown, in display order, as indices into snap->channels:
 * display.channels lists ids in the order to show them (ids the feed lacks
 * and repeats are skipped, channels it does not list are hidden); with an
 * empty list every channel in feed order. Writes at most cap indices into
 * order and returns how many. snap NULL: 0. Layout and paging count these,
 * so page numbers match what is drawn. */
size_t wb_view_channels(const struct wb_snapshot *snap, const struct wb_config *cfg, size_t *order,
			size_t cap);

/* How much a channel needs the room's attention now: its SLA box's state
 * (breached, or past the warn ratio; never while closed) and its leading
 * unacknowledged alert (critical, warning), whichever is worse. */
enum wb_view_trouble {
	WB_VIEW_TROUBLE_NONE = 0,
	WB_VIEW_TROUBLE_WARN,   /* amber: nearly due, or a warning alert */
	WB_VIEW_TROUBLE_SEVERE, /* red: over time, or a critical alert */
};
enum wb_view_trouble wb_view_channel_trouble(const struct wb_view *view, const struct wb_channel *ch);

/* The channels drawn, in tile order: wb_view_channels' order, except that
 * when they do not fit on one page the channels in trouble come first
 * (worst first, each group in its configured order), so a breach is on the
 * first page, never hidden on another for a page's time. Fills trouble[k]
 * for order[k] when trouble is not NULL. Returns how many. */
size_t wb_view_shown_channels(const struct wb_view *view, size_t *order, enum wb_view_trouble *trouble,
			      size_t cap);

/* The mark on a channel's badge, so no two channels on the board look alike
 * (WhatsApp and Webchat were both "W"): the known platforms by their own
 * marks ("X", "f", "IG", "in", "WA", "C" for webchat), any other channel by
 * the first letter of its label, or its first two where another channel's
 * label starts with the same letter ("Te", "Th"). ASCII letters upper-cased
 * first; at most two code points. */
void wb_view_channel_mark(const struct wb_snapshot *snap, const struct wb_channel *ch, char *out,
			  size_t size);

#define WB_VIEW_SUMMARY_TEXT_MAX 256

/* The summary strip (issue 15): one line for the back of the room over the
 * channels shown (every page, wb_view_shown_channels), decided here so the
 * renderer only draws it. Closed channels count for nothing: their waits
 * stand still and are not the floor's to answer now. */
struct wb_view_summary {
	size_t breached; /* open channels over time */
	/* The longest open wait: the channel (index into snapshot->channels)
	 * and its time waited; the first in tile order on a tie. */
	bool has_longest;
	size_t longest;
	int64_t longest_waited_s;
	char longest_text[32]; /* "1:15:00" */
	/* The highest negative share of the sentiment counts (as the tiles
	 * draw it), when any is above 0; the first in tile order on a tie. */
	bool has_negative;
	size_t negative;
	double negative_pct;    /* 0..100 */
	char negative_text[24]; /* "21%", as wb_format_percent writes it */
	/* Nothing over time: the strip stays calm ("Alles op tijd"). */
	bool calm;
	/* The line: "2 over tijd · langste wacht 1:15:00 LinkedIn · meest
	 * negatief WhatsApp 21%"; parts without anything to say are left out. */
	char text[WB_VIEW_SUMMARY_TEXT_MAX];
};

/* Fills *out at view->server_now_ms; no snapshot: calm, nothing else. */
void wb_view_summary(const struct wb_view *view, struct wb_view_summary *out);

/* Whether things tied to a channel id (ticker mentions) are shown under
 * display.channels: always with an empty list or a NULL id (board-wide),
 * else only for listed ids. Alerts are never filtered: they matter even for a
 * channel this screen does not show. */
bool wb_view_channel_listed(const struct wb_config *cfg, const char *channel_id);

/* Whether the ticker band is shown: enabled, and at least one mention is of a
 * listed channel (or board-wide). */
bool wb_view_ticker_shown(const struct wb_view *view);

/* Index of the alert that leads the banner: most severe, then not yet
 * acknowledged, then oldest, then feed order. 0 when there are none. */
size_t wb_view_top_alert(const struct wb_snapshot *snap);

/* Every alert, as indices into snap->alerts, in the order the banner
 * shows them (wb_view_top_alert's: most severe, then unacknowledged, then
 * oldest, then feed order). Writes at most cap; returns how many. */
size_t wb_view_alert_order(const struct wb_snapshot *snap, size_t *order, size_t cap);

/* With several alerts the banner shows each in turn for this long, in
 * wb_view_alert_order, so a second critical one is never hidden. */
#define WB_VIEW_ALERT_MS 8000

/* The alert the banner shows at view->anim_ms: its index in
 * snap->alerts, its place in the order (0: the most urgent) and how many
 * there are. False when there are none. */
bool wb_view_banner_alert(const struct wb_view *view, size_t *index, size_t *rank, size_t *count);

/* The leading alert (in the banner's order) tied to this channel, which
 * marks its tile; NULL when it has none. Board-wide alerts mark no tile. */
const struct wb_alert *wb_view_channel_alert(const struct wb_snapshot *snap, const char *channel_id);

/* Whether the banner pulses for this alert: critical and not acknowledged. */
bool wb_view_alert_pulses(const struct wb_alert *alert);

/* display.rotation as 0, 90, 180 or 270 (anything else: 0). */
int wb_view_rotation(const struct wb_view *view);

/* The size the frame is laid out at on an output of width x height: the
 * output's with rotation 0/180, swapped with 90/270 (a portrait board on a
 * landscape TV). wb_view_layout takes the output size and does this itself. */
void wb_view_logical_size(const struct wb_view *view, int width, int height, int *lw, int *lh);

/* True while the identify screen is up (anim_ms < identify_until_ms). */
bool wb_view_identifying(const struct wb_view *view);

#endif
