/* Where everything goes on a screen of a given size: header, banners, the tile
 * grid (paged past 16 channels) and the ticker, with font sizes that keep the
 * text readable from 8 m: nothing a person must read below a cap height of
 * 2.5 % of the short side, the waited time at least 5 %. Pure integer geometry; the renderer and the render
 * tests both use it. */
#ifndef WALLBOARD_LAYOUT_H
#define WALLBOARD_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/mathx.h"

#define WB_LAYOUT_MAX_TILES 16
#define WB_LAYOUT_SCALE_MIN_PCT 50
#define WB_LAYOUT_SCALE_MAX_PCT 200

struct wb_rect {
	int x, y, w, h;
};

static inline bool wb_rect_empty(struct wb_rect r)
{
	return r.w <= 0 || r.h <= 0;
}

static inline bool wb_rect_same(struct wb_rect a, struct wb_rect b)
{
	return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

/* The overlap of a and b (w or h 0 when they do not overlap). */
static inline struct wb_rect wb_rect_meet(struct wb_rect a, struct wb_rect b)
{
	int x0 = wb_imax(a.x, b.x), y0 = wb_imax(a.y, b.y);
	int x1 = wb_imin(a.x + a.w, b.x + b.w), y1 = wb_imin(a.y + a.h, b.y + b.h);
	struct wb_rect o = { x0, y0, wb_imax(x1 - x0, 0), wb_imax(y1 - y0, 0) };
	return o;
}

/* The smallest rectangle holding a and b (an empty one adds nothing). */
static inline struct wb_rect wb_rect_join(struct wb_rect a, struct wb_rect b)
{
	if (wb_rect_empty(a))
		return b;
	if (wb_rect_empty(b))
		return a;
	int x0 = wb_imin(a.x, b.x), y0 = wb_imin(a.y, b.y);
	int x1 = wb_imax(a.x + a.w, b.x + b.w), y1 = wb_imax(a.y + a.h, b.y + b.h);
	struct wb_rect o = { x0, y0, x1 - x0, y1 - y0 };
	return o;
}

struct wb_tile_layout {
	struct wb_rect frame; /* the whole tile */
	struct wb_rect label; /* channel name row */
	struct wb_rect sla;   /* SLA timer box, under the label */
	/* The rows under the SLA box, each h == 0 when the tile is too short
	 * for it at the reading size (they give way from the bottom up). */
	struct wb_rect counts; /* "12 onbeantwoord", "87 laatste uur" */
	struct wb_rect bar;    /* sentiment bar; its words under it when taller than font_caption / 5 */
	struct wb_rect trend;  /* mentions per hour (sparkline) and vs. yesterday */
	/* The "SLA attainment today" pill at the right end of the label row
	 * (inside label; the name stops short of it when it is drawn). */
	struct wb_rect attain;
};

struct wb_layout_input {
	int width, height;
	size_t n_channels;
	bool alert_banner; /* one or more alerts to show */
	bool stale_bar;
	bool ticker;
	bool summary; /* the summary strip under the header (and the stale bar) */
	size_t page;  /* which page of channels (wrapped modulo n_pages) */
	/* Text and band size in percent (display.scale x 100), clamped to
	 * WB_LAYOUT_SCALE_MIN_PCT..MAX_PCT; 0 means 100. Tile fonts still never
	 * outgrow their tile: a large scale gives larger text where there is
	 * room, not overlap. */
	int scale_pct;
};

struct wb_layout {
	struct wb_rect header;
	struct wb_rect stale_bar;    /* h == 0 when absent */
	struct wb_rect alert_banner; /* h == 0 when absent */
	/* The summary strip (issue 15): over time, longest wait, most negative;
	 * full width under the header and the stale bar, above the alert
	 * banner. h == 0 when absent. */
	struct wb_rect summary;
	struct wb_rect grid;
	struct wb_rect ticker; /* h == 0 when absent */
	/* Strip under the tiles naming the page ("Pagina 2/3"); h == 0 when every
	 * channel fits on one page. Taken from the grid so it never covers a tile. */
	struct wb_rect page_indicator;

	int cols, rows;
	size_t n_pages;
	size_t page;       /* the page shown, < n_pages */
	size_t first_tile; /* index of the first channel on this page */
	size_t n_tiles;    /* channels on this page */
	struct wb_tile_layout tiles[WB_LAYOUT_MAX_TILES];

	/* pixel heights of fonts */
	int font_title, font_clock, font_label, font_number, font_caption, font_timer, font_banner,
		font_ticker;
	int font_summary; /* at least 2.5% of the height on landscape 1080p, in cap height */
	int font_status;  /* header date, connection state, data age, page indicator */
	/* The reading sizes (font px): font_min's capitals are 2.5 % of the
	 * short side (x scale), font_key's 5 %. Every text is drawn at least
	 * font_min; the waited time at least font_key. */
	int font_min, font_key;
	int pad; /* outer margin and gap between tiles, px */
};

void wb_layout_compute(const struct wb_layout_input *in, struct wb_layout *out);

/* display.scale as wb_layout_input.scale_pct: 100 for 0 or NaN (unset),
 * clamped to the supported range otherwise. */
int wb_layout_scale_pct(double scale);

/* Number of pages for n channels (at least 1): up to WB_LAYOUT_MAX_TILES
 * (a 4x4 grid) on one page. */
size_t wb_layout_pages(size_t n_channels);
/* Tiles on a full page: the channels shared evenly over the pages (30 are
 * two pages of 15, not 16 and 14; 17 two of 9), so no page is a lone tile. */
size_t wb_layout_page_size(size_t n_channels);

#endif
