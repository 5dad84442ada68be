/* Every colour on screen, one set per theme, as data: drawing code asks the
 * palette, never the theme. Internal to ui/. */
#ifndef WB_UI_PALETTE_H
#define WB_UI_PALETTE_H

#include "draw.h"
#include "wallboard/sla.h"
#include "wallboard/view.h"

struct wb_sla_style {
	struct rgb box, fg, edge;
	int edge_px_div; /* border width = pad / this; 0: the ordinary hairline */
};

struct wb_severity_colours {
	struct rgb bg, pill;
};

struct wb_pill_colours {
	struct rgb bg, fg;
};

/* Every colour on screen, one set per theme: drawing code asks the palette,
 * never the theme. Status colours (SLA boxes, banners, the stale bar) are
 * strong fills in both themes: they are what is read from 8 m. */
struct wb_palette {
	struct rgb bg, header, card, edge, text, muted, orange;
	struct rgb bar_pos, bar_neu, bar_neg, bar_empty, pos_text, neg_text;
	struct rgb green, amber, red;
	struct rgb on_colour;  /* text on strong fills: banner, pills, badges, ticker label */
	struct rgb stale_text; /* text on amber */
	struct rgb ticker_label, ticker_channel;
	struct rgb identify_bg, identify_text;
	struct wb_sla_style sla[WB_SLA_BREACHED + 1];
	/* Outside opening hours: a calm slate that no timer state uses, so
	 * "closed" never reads as "fine" (green) or "late" (red/amber). */
	struct wb_sla_style closed;
	struct wb_severity_colours severity[WB_SEVERITY_CRITICAL + 1];
	struct wb_pill_colours attain[WB_SLA_ATTAIN_POOR + 1]; /* SLA attainment today */
};

/* display.theme's palette (dark without a config). */
const struct wb_palette *wb_palette_of(const struct wb_view *v);

/* The palette for stale data, from the live one: every text colour that
 * says "live" (text, the unanswered orange, sentiment, ticker channel)
 * becomes the muted grey, which keeps at least 4.5:1 on the cards and the
 * background in both themes; state fills (SLA boxes, banner, stale bar)
 * stay as they are. Dimmed, never unreadable: a veil over the picture took
 * light-theme timers to 1.8:1. */
void wb_palette_stale(const struct wb_palette *live, struct wb_palette *out);

/* The colours of an SLA box (and its tile's frame) as the view decided it. */
const struct wb_sla_style *wb_palette_sla_style(const struct wb_palette *p,
						const struct wb_view_sla_box *box);

#endif
