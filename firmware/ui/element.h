/* Screen elements: one drawer per thing on screen (header, stale bar, summary, tiles,
 * SLA boxes, page indicator, banner, ticker, start screen,
 * identify). To add one: an el_*.c with its struct wb_element, and a row in
 * the compositor's table (compositor.c), which is also the drawing order.
 * Internal to ui/. */
#ifndef WB_UI_ELEMENT_H
#define WB_UI_ELEMENT_H

#include <stddef.h>
#include <time.h>

#include "draw.h"
#include "palette.h"
#include "wallboard/feed.h"
#include "wallboard/i18n.h"
#include "wallboard/layout.h"
#include "wallboard/tls.h"
#include "wallboard/view.h"

#define WB_PRODUCT_NAME "Webcare Wallboard"

/* Everything one frame's elements read: the view and what follows from it. */
struct wb_frame {
	const struct wb_view *view;
	const struct wb_snapshot *snap; /* view->snapshot: NULL before any data */
	const struct wb_palette *pal;   /* the theme's, or stale_pal while the data is stale */
	struct wb_palette stale_pal;
	enum wb_lang lang;
	struct wb_layout L;
	int w, h; /* logical: after rotation */
	bool identifying;
	/* The pairing code to draw, NULL when this frame must not show it
	 * (wb_privacy_pairing_shown): read this, never view->pairing_code. */
	const char *pairing_code;
	/* The channels shown, as indices into snap->channels, in tile order
	 * (wb_view_shown_channels), and how much each is in trouble. */
	size_t order[WB_FEED_MAX_CHANNELS];
	enum wb_view_trouble trouble[WB_FEED_MAX_CHANNELS];
	size_t n_shown;
};

struct wb_element {
	const char *name; /* logs and tests */
	/* How many of it this frame has (a tile per channel on the page); NULL
	 * means one. */
	size_t (*count)(const struct wb_frame *f);
	/* Where instance i goes; w == 0 or h == 0: not shown this frame. */
	struct wb_rect (*area)(const struct wb_frame *f, size_t i);
	void (*draw)(struct wb_draw *d, const struct wb_frame *f, size_t i);
};

/* The frame for view on a logical w x h. */
void wb_frame_init(struct wb_frame *f, const struct wb_view *view, int w, int h);

/* Helpers more than one element needs. */
/* A wall time people read, in the board's zone (sla.time_zone, view->tz;
 * NULL: UTC), never the process's TZ, which is UTC on the image. */
void wb_frame_local_tm(const struct wb_frame *f, int64_t ms, struct tm *tm);
/* Upper case for ASCII and Latin-1 letters (é to É); other code points pass
 * through untouched. */
void wb_frame_upper(const char *s, char *out, size_t size);
/* The board's names on the network for the start and identify screens:
 * "wallboard-1a2b3c4d.local" and "http://wallboard-1a2b3c4d.local:8080/"
 * (no ":80"; https and its port while HTTPS serves); false, both "", when the view has no hostname. */
bool wb_frame_host_names(const struct wb_view *v, char *name, size_t name_size, char *url, size_t url_size);
/* "https://192.168.1.20:8443" while HTTPS serves, else "http://…:8080";
 * host is a name or an address ("[…]" added around IPv6). */
void wb_frame_admin_url(const struct wb_view *v, const char *host, char *out, size_t size);
/* The HTTPS certificate's fingerprint in two halves that fit at the
 * reading size: "SHA-256 AB:…" (16 pairs) and the other 16 pairs; false,
 * both "", when the view has none. */
bool wb_frame_fingerprint_halves(const struct wb_view *v, char *first, char *second, size_t size);
/* The connection state's colour: green online, red offline, else amber. */
struct rgb wb_frame_conn_colour(const struct wb_frame *f);

extern const struct wb_element wb_el_identify;
extern const struct wb_element wb_el_header;
extern const struct wb_element wb_el_start;
extern const struct wb_element wb_el_stale_bar;
extern const struct wb_element wb_el_summary;
extern const struct wb_element wb_el_tiles;
extern const struct wb_element wb_el_sla_box;
extern const struct wb_element wb_el_page_indicator;
extern const struct wb_element wb_el_banner;
extern const struct wb_element wb_el_ticker;

#endif
