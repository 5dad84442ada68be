/* Screen geometry: bands from top to bottom (header, stale bar, summary strip,
 * alert banner, tile grid, ticker) and the inside of each tile. Every size derives from the
 * short side of the screen (times the configured scale) so landscape and
 * portrait share one type scale; the grid shape is chosen to make the key
 * numbers as large as the tiles allow. */
#include "wallboard/layout.h"

#include <math.h>
#include <string.h>

#include "wallboard/mathx.h"

/* Sizes in thousandths of the short screen side. */
enum {
	PAD_PERMILLE = 15,
	HEADER_PERMILLE = 92,
	STALE_PERMILLE = 52,
	BANNER_PERMILLE = 66,
	TICKER_PERMILLE = 60,
	SUMMARY_PERMILLE = 48,
	FONT_TITLE_PERMILLE = 46,
	FONT_CLOCK_PERMILLE = 58,
	FONT_STATUS_PERMILLE = 35,
	FONT_BANNER_PERMILLE = 35,
	FONT_TICKER_PERMILLE = 35,
	FONT_SUMMARY_PERMILLE = 36, /* cap height 26 of 1000: read from the back of the room */
	NUMBER_MAX_PERMILLE = 160,  /* a lone tile need not shout louder than this */
	LABEL_MAX_PERMILLE = 60,
};

/* Reading sizes, as cap height in thousandths of the type unit: nothing a
 * person must read is smaller than MIN_READ (signage practice: viewing
 * distance / 200 per character, about 2.5 % of a 55" 1080p screen at 8 m),
 * and the waited time, the number the room looks for, is at least KEY_READ.
 * DejaVu's capitals are 0.73 em, so the font is the cap height / 0.73. */
enum {
	MIN_READ_CAP_PERMILLE = 25,
	KEY_READ_CAP_PERMILLE = 50
};

/* Heights inside a tile, in hundredths of the font that fills the row. */
enum {
	LINE_PCT = 125,       /* a line of words */
	LABEL_LINE_PCT = 118, /* the name row: badge and pills are this tall */
	COUNT_LINE_PCT = 112, /* the unanswered count and its word */
	SLA_MIN_PCT = 128,    /* the SLA box, of the timer font: digits and padding */
	SLA_MAX_PCT = 240,    /* past this the box is a slab of colour around small digits */
	TREND_MIN_PCT = 115,  /* the sparkline row, of the words font */
};

/* Width of the attainment pill in percent of the label font: "100%" in bold
 * (about 3 em) plus padding. */
enum {
	ATTAIN_PILL_EM_PCT = 360
};

/* At most this share (percent) of the screen height per band, so a large
 * scale on a short screen still leaves room for the tiles. */
enum {
	HEADER_MAX_PCT = 14,
	STALE_MAX_PCT = 8,
	BANNER_MAX_PCT = 10,
	TICKER_MAX_PCT = 9,
	SUMMARY_MAX_PCT = 5
};

/* Font sizes never go below this: SDL_ttf refuses size 0, and tiny screens
 * only need to not crash, not to be readable. */
#define MIN_FONT 4

static int permille(int v, int pm)
{
	return (int)((long)v * pm / 1000);
}

static int font_px(int px)
{
	return wb_imax(px, MIN_FONT);
}

/* A band of `pm` thousandths of em, at most max_pct of the height. */
static int band_px(int em, int pm, int h, int max_pct)
{
	return wb_imin(permille(em, pm), h * max_pct / 100);
}

/* A font of `font_pm` thousandths of em that keeps its share of a band that
 * was designed as band_pm thousandths of em but may have been capped. */
static int band_font(int em, int font_pm, int band_h, int band_pm)
{
	if (band_h >= permille(em, band_pm))
		return font_px(permille(em, font_pm)); /* not capped: no rounding loss */
	return font_px(band_h * font_pm / band_pm);
}

static struct wb_rect rect(int x, int y, int w, int h)
{
	struct wb_rect r = { x, y, wb_imax(w, 0), wb_imax(h, 0) };
	return r;
}

size_t wb_layout_pages(size_t n_channels)
{
	if (n_channels == 0)
		return 1;
	return (n_channels + WB_LAYOUT_MAX_TILES - 1) / WB_LAYOUT_MAX_TILES;
}

size_t wb_layout_page_size(size_t n_channels)
{
	size_t pages = wb_layout_pages(n_channels);
	return (n_channels + pages - 1) / pages;
}

/* The font (px per em) whose capitals are at least cap_pm thousandths of em. */
static int font_for_cap(int em, int cap_pm)
{
	return (int)(((long)em * cap_pm * 100 + 72999) / 73000);
}

/* The shared type scale of all tiles of one size. Rows in the order they
 * give way when the tile is short: the name and the SLA box always; then
 * the trend row goes, then the sentiment's words (the bar stays), then the
 * unanswered count. Words never shrink below the reading size to make room:
 * a row that does not fit is left out, so what is drawn can be read. */
struct tile_metrics {
	int pad, gap, label_h, sla_h, counts_h, bar_h, trend_h;
	int font_label, font_number, font_caption, font_timer;
};

static int clampi(int v, int lo, int hi)
{
	return wb_imax(lo, wb_imin(v, hi));
}

/* s: the screen's short side (margins); em: the type unit (font caps). */
static struct tile_metrics tile_metrics(int tw, int th, int s, int em)
{
	struct tile_metrics m;
	int fm = font_px(font_for_cap(em, MIN_READ_CAP_PERMILLE));
	int fk = font_px(font_for_cap(em, KEY_READ_CAP_PERMILLE));
	m.pad = wb_imax(wb_imin(permille(wb_imin(tw, th), 50), permille(s, 13)), 2);
	int cw = wb_imax(tw - 2 * m.pad, 0);
	int ch = wb_imax(th - 2 * m.pad, 0);
	m.gap = wb_imax(ch * 2 / 100, 2);
	/* The name grows with the tile, but not past what a name of about
	 * fifteen letters beside its badge and pills leaves room for. */
	m.font_label = clampi(wb_imin(ch * 11 / 100, cw * 6 / 100), fm,
			      wb_imax(permille(em, LABEL_MAX_PERMILLE), fm));
	m.label_h = m.font_label * LABEL_LINE_PCT / 100;
	m.font_caption = clampi(ch * 8 / 100, fm, fm * 3 / 2);
	int line_h = m.font_caption * LINE_PCT / 100;
	/* "12 onbeantwoord": the number at least a quarter larger than its
	 * word, and "1.234" in two fifths of the row. */
	m.font_number = clampi(ch * 15 / 100, fm * 5 / 4, wb_imax(cw * 40 / 360, fm * 5 / 4));
	m.font_number = font_px(wb_imin(m.font_number, permille(em, NUMBER_MAX_PERMILLE)));
	m.counts_h = wb_imax(m.font_number * COUNT_LINE_PCT / 100, line_h);
	int thick = wb_imax(m.font_caption / 5, 3);
	int sla_min = fk * SLA_MIN_PCT / 100;
	int avail = ch - m.label_h - m.gap;

	m.trend_h = line_h * TREND_MIN_PCT / 100;
	m.bar_h = thick + m.gap + line_h;
	int rest = m.gap + m.counts_h + m.gap + m.bar_h + m.gap + m.trend_h;
	if (sla_min + rest > avail) {
		rest -= m.gap + m.trend_h;
		m.trend_h = 0;
	}
	if (sla_min + rest > avail) {
		rest -= m.bar_h - thick;
		m.bar_h = thick;
	}
	if (sla_min + rest > avail) {
		rest -= m.gap + m.counts_h;
		m.counts_h = 0;
	}
	if (sla_min + rest > avail) {
		/* Not even the name, the box and the bar at the reading size
		 * (a large display.scale on a crowded page): everything shrinks
		 * to fit rather than spill out of the tile. */
		m.label_h = wb_imin(m.label_h, ch * 35 / 100);
		m.font_label = font_px(wb_imin(m.font_label, m.label_h * 100 / LABEL_LINE_PCT));
		avail = wb_imax(ch - m.label_h - m.gap, 0);
		rest = wb_imin(rest, avail);
		m.bar_h = wb_imin(m.bar_h, rest);
		m.gap = wb_imin(m.gap, rest - m.bar_h);
	}
	/* What is left goes to the SLA box, the colour seen from afar, up to
	 * where its digits stop growing; then to the sparkline. */
	int timer_max = wb_imax(wb_imin(cw * 100 / 440, permille(em, NUMBER_MAX_PERMILLE)), fk);
	m.sla_h = wb_imax(avail - rest, 0);
	int sla_cap = timer_max * SLA_MAX_PCT / 100;
	if (m.sla_h > sla_cap && m.trend_h > 0) {
		m.trend_h += m.sla_h - sla_cap;
		m.sla_h = sla_cap;
	}
	m.font_timer = clampi(m.sla_h * 100 / SLA_MIN_PCT, wb_imin(fk, timer_max), timer_max);
	m.font_timer = wb_imin(m.font_timer, wb_imax(m.sla_h * 100 / 190, fk));
	m.font_timer = font_px(wb_imin(m.font_timer, m.sla_h * 100 / SLA_MIN_PCT + 1));
	return m;
}

/* Grid shape for a page of `cap` tiles: the one that gives the largest
 * numbers, discounted a little for odd-shaped tiles and empty cells so that a
 * few pixels of font do not buy a grid that looks wrong. */
static void choose_grid(int gw, int gh, int gap, int s, int em, int cap, int *cols, int *rows)
{
	double best = -1.0;
	*cols = 1;
	*rows = 1;
	for (int c = 1; c <= cap; c++) {
		int r = (cap + c - 1) / c;
		if ((r - 1) * c >= cap)
			continue; /* a whole empty row */
		int tw = (gw - (c - 1) * gap) / c;
		int th = (gh - (r - 1) * gap) / r;
		if (tw <= 0 || th <= 0)
			continue;
		/* The waited time's size, and every row the tile keeps at the
		 * reading size; a tile too narrow for a name beside its pills
		 * (about ten letters) is a poor trade for larger digits. */
		struct tile_metrics m = tile_metrics(tw, th, s, em);
		double keep = 1.0 + 0.25 * (m.counts_h > 0) + 0.25 * (m.bar_h > m.font_caption / 5 + 3) +
			      0.15 * (m.trend_h > 0);
		double narrow = tw - 2 * m.pad < m.font_caption * 10 ? 0.5 : 1.0;
		int empty = r * c - cap;
		double odd_shape = fabs(log((double)tw / (double)th / 1.6));
		double score = m.font_timer * keep * narrow / (1.0 + 0.15 * odd_shape) * (1.0 - 0.04 * empty);
		if (score > best) {
			best = score;
			*cols = c;
			*rows = r;
		}
	}
}

static void place_tile(struct wb_tile_layout *t, struct wb_rect frame, const struct tile_metrics *m)
{
	int x = frame.x + m->pad;
	int w = wb_imax(frame.w - 2 * m->pad, 0);
	int y = frame.y + m->pad;
	t->frame = frame;
	t->label = rect(x, y, w, m->label_h);
	/* Room for "100%" at the words size, never more than a third of the
	 * row: the channel name stays the first thing read. */
	int pill_h = m->label_h;
	int pill_w = wb_imin(m->font_caption * ATTAIN_PILL_EM_PCT / 100, w / 3);
	t->attain = rect(x + w - pill_w, y + (m->label_h - pill_h) / 2, pill_w, pill_h);
	y += m->label_h + m->gap;
	t->sla = rect(x, y, w, m->sla_h);
	y += m->sla_h;
	const struct {
		struct wb_rect *r;
		int h;
	} rows[] = { { &t->counts, m->counts_h }, { &t->bar, m->bar_h }, { &t->trend, m->trend_h } };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].h <= 0) {
			*rows[i].r = rect(x, y, w, 0);
			continue;
		}
		y += m->gap;
		*rows[i].r = rect(x, y, w, rows[i].h);
		y += rows[i].h;
	}
}

static void layout_tiles(const struct wb_layout_input *in, struct wb_layout *out, int s, int em)
{
	size_t n_pages = wb_layout_pages(in->n_channels);
	out->n_pages = n_pages;
	out->page = in->page % n_pages;
	size_t per = wb_layout_page_size(in->n_channels);
	out->first_tile = out->page * per;
	size_t left = in->n_channels - (in->n_channels < out->first_tile ? in->n_channels : out->first_tile);
	out->n_tiles = left < per ? left : per;
	if (in->n_channels == 0)
		return;

	/* Every page uses the grid of a full page so tiles keep their place and
	 * size while the pages turn. */
	int cap = (int)per;
	struct wb_rect g = out->grid;
	int gap = out->pad;
	choose_grid(g.w, g.h, gap, s, em, cap, &out->cols, &out->rows);
	int tw = wb_imax((g.w - (out->cols - 1) * gap) / out->cols, 0);
	int th = wb_imax((g.h - (out->rows - 1) * gap) / out->rows, 0);
	struct tile_metrics m = tile_metrics(tw, th, s, em);
	out->font_label = m.font_label;
	out->font_number = m.font_number;
	out->font_caption = m.font_caption;
	out->font_timer = m.font_timer;
	out->font_key = font_px(font_for_cap(em, KEY_READ_CAP_PERMILLE));

	int n = (int)out->n_tiles;
	for (int i = 0; i < n; i++) {
		int row = i / out->cols;
		int col = i % out->cols;
		/* An incomplete last row is centred rather than left hanging. */
		int in_row = wb_imin(n - row * out->cols, out->cols);
		int shift = (out->cols - in_row) * (tw + gap) / 2;
		struct wb_rect frame = rect(g.x + shift + col * (tw + gap), g.y + row * (th + gap), tw, th);
		place_tile(&out->tiles[i], frame, &m);
	}
}

int wb_layout_scale_pct(double scale)
{
	if (!(scale > 0.0)) /* also NaN: the default */
		return 100;
	if (scale < WB_LAYOUT_SCALE_MIN_PCT / 100.0)
		return WB_LAYOUT_SCALE_MIN_PCT;
	if (scale > WB_LAYOUT_SCALE_MAX_PCT / 100.0)
		return WB_LAYOUT_SCALE_MAX_PCT;
	return (int)lround(scale * 100.0);
}

void wb_layout_compute(const struct wb_layout_input *in, struct wb_layout *out)
{
	memset(out, 0, sizeof *out);
	int w = wb_imax(in->width, 0);
	int h = wb_imax(in->height, 0);
	int s = wb_imin(w, h);
	int scale_pct = in->scale_pct > 0 ? wb_imin(wb_imax(in->scale_pct, WB_LAYOUT_SCALE_MIN_PCT),
						    WB_LAYOUT_SCALE_MAX_PCT)
					  : 100;
	/* The type unit: text and bands grow with the scale, margins do not. */
	int em = (int)((long)s * scale_pct / 100);
	int pad = permille(s, PAD_PERMILLE);
	out->pad = pad;

	int header_h = wb_imin(band_px(em, HEADER_PERMILLE, h, HEADER_MAX_PCT), h);
	int banner_h = band_px(em, BANNER_PERMILLE, h, BANNER_MAX_PCT);
	int ticker_h = band_px(em, TICKER_PERMILLE, h, TICKER_MAX_PCT);
	int summary_h = band_px(em, SUMMARY_PERMILLE, h, SUMMARY_MAX_PCT);
	out->font_title = band_font(em, FONT_TITLE_PERMILLE, header_h, HEADER_PERMILLE);
	out->font_clock = band_font(em, FONT_CLOCK_PERMILLE, header_h, HEADER_PERMILLE);
	out->font_status = band_font(em, FONT_STATUS_PERMILLE, header_h, HEADER_PERMILLE);
	out->font_banner = band_font(em, FONT_BANNER_PERMILLE, banner_h, BANNER_PERMILLE);
	out->font_ticker = band_font(em, FONT_TICKER_PERMILLE, ticker_h, TICKER_PERMILLE);
	out->font_summary = band_font(em, FONT_SUMMARY_PERMILLE, summary_h, SUMMARY_PERMILLE);
	/* Tile fonts get real values once the grid is known; these keep them
	 * sane when there are no tiles. */
	out->font_label = out->font_number = out->font_caption = out->font_timer = MIN_FONT;
	out->font_min = font_px(font_for_cap(em, MIN_READ_CAP_PERMILLE));
	out->font_key = font_px(font_for_cap(em, KEY_READ_CAP_PERMILLE));

	int top = 0;
	out->header = rect(0, 0, w, header_h);
	top = out->header.h;
	if (in->stale_bar) {
		out->stale_bar =
			rect(0, top, w, wb_imin(band_px(em, STALE_PERMILLE, h, STALE_MAX_PCT), h - top));
		top += out->stale_bar.h;
	}
	/* The summary strip sits under the header like the stale bar, full
	 * width and without margins of its own, so it costs the tiles no more
	 * than the stale bar does (the view shows one or the other). */
	if (in->summary) {
		out->summary = rect(0, top, w, wb_imin(summary_h, h - top));
		top += out->summary.h;
	}
	int bottom = h;
	if (in->ticker) {
		int th = wb_imin(ticker_h, wb_imax(h - top, 0));
		out->ticker = rect(0, h - th, w, th);
		bottom = out->ticker.y;
	}
	top += pad;
	if (in->alert_banner) {
		int bh = wb_imin(banner_h, wb_imax(bottom - top, 0));
		out->alert_banner = rect(pad, top, w - 2 * pad, bh);
		top += bh + pad;
	}
	top = wb_imin(top, bottom);
	int grid_bottom = wb_imax(bottom - pad, top);

	if (wb_layout_pages(in->n_channels) > 1) {
		int ph = wb_imin(out->font_status * 2, grid_bottom - top);
		out->page_indicator = rect(pad, grid_bottom - ph, w - 2 * pad, ph);
		grid_bottom -= ph;
	}
	out->grid = rect(pad, top, w - 2 * pad, grid_bottom - top);
	layout_tiles(in, out, s, em);
}
