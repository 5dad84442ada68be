/* Screen geometry: every band and tile inside the screen, no overlaps, key
 * numbers large enough to read from 8 m, paging past 12 channels, optional
 * bands only when asked, and degenerate sizes that must not crash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "wallboard/layout.h"

static bool inside(struct wb_rect inner, struct wb_rect outer)
{
	return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
	       inner.y + inner.h <= outer.y + outer.h;
}

#define CAP(px) (73 * (px) / 100) /* DejaVu's capitals, as draw.h has it */

static bool overlap(struct wb_rect a, struct wb_rect b)
{
	if (a.w <= 0 || a.h <= 0 || b.w <= 0 || b.h <= 0)
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static struct wb_layout compute_scaled(int w, int h, size_t n, bool banner, bool stale, bool ticker,
				       size_t page, int scale_pct)
{
	struct wb_layout_input in = { .width = w,
				      .height = h,
				      .n_channels = n,
				      .alert_banner = banner,
				      .stale_bar = stale,
				      .ticker = ticker,
				      .summary = n > 0 && !stale, /* as wb_view_layout */
				      .page = page,
				      .scale_pct = scale_pct };
	struct wb_layout l;
	wb_layout_compute(&in, &l);
	return l;
}

static struct wb_layout compute(int w, int h, size_t n, bool banner, bool stale, bool ticker, size_t page)
{
	return compute_scaled(w, h, n, banner, stale, ticker, page, 0);
}

struct grid_case {
	int w, h;
	size_t n;
	size_t tiles_on_first_page;
	int cols, rows;
};

static const struct grid_case grid_cases[] = {
	{ 1920, 1080, 1, 1, 1, 1 },   { 1920, 1080, 6, 6, 3, 2 },   { 1920, 1080, 12, 12, 4, 3 },
	{ 1920, 1080, 13, 13, 4, 4 }, { 1920, 1080, 16, 16, 4, 4 }, { 1920, 1080, 30, 15, 4, 4 },
	{ 1080, 1920, 1, 1, 1, 1 },   { 1080, 1920, 6, 6, 2, 3 },   { 1080, 1920, 12, 12, 2, 6 },
	{ 1080, 1920, 30, 15, 2, 8 },
};

/* Everything inside the screen, nothing overlapping: bands, tiles, and the
 * parts of each tile. */
static void check_disjoint(const struct wb_layout *lp, int w, int h)
{
	const struct wb_layout l = *lp; /* short names below */
	struct wb_rect screen = { 0, 0, w, h };
	assert_true(inside(l.grid, screen));
	assert_true(inside(l.header, screen));
	if (l.ticker.h > 0)
		assert_true(inside(l.ticker, screen));
	if (l.alert_banner.h > 0)
		assert_true(inside(l.alert_banner, screen));
	assert_false(overlap(l.grid, l.header));
	assert_false(overlap(l.grid, l.stale_bar));
	assert_false(overlap(l.grid, l.alert_banner));
	assert_false(overlap(l.grid, l.ticker));
	assert_false(overlap(l.grid, l.page_indicator));
	assert_false(overlap(l.header, l.stale_bar));
	assert_false(overlap(l.alert_banner, l.stale_bar));
	if (l.summary.h > 0)
		assert_true(inside(l.summary, screen));
	const struct wb_rect bands[] = { l.header, l.stale_bar, l.alert_banner,
					 l.grid,   l.ticker,    l.page_indicator };
	for (size_t b = 0; b < sizeof bands / sizeof bands[0]; b++)
		assert_false(overlap(l.summary, bands[b]));
	for (size_t i = 0; i < l.n_tiles; i++) {
		const struct wb_tile_layout *t = &l.tiles[i];
		assert_true(inside(t->frame, l.grid));
		assert_true(t->frame.w > 0 && t->frame.h > 0);
		/* The name, the SLA box and the sentiment bar always; the count
		 * and trend rows only where the tile has room at the reading size. */
		const struct wb_rect parts[] = { t->label, t->sla, t->bar, t->counts, t->trend };
		for (size_t p = 0; p < 5; p++) {
			assert_true(p >= 3 || parts[p].h > 0);
			if (parts[p].h > 0)
				assert_true(inside(parts[p], t->frame));
			for (size_t q = p + 1; q < 5; q++)
				assert_false(overlap(parts[p], parts[q]));
		}
		for (size_t j = i + 1; j < l.n_tiles; j++)
			assert_false(overlap(t->frame, l.tiles[j].frame));
		/* The attainment pill: at the right end of the name row, at most a
		 * third of it, so the name keeps the rest. */
		assert_true(t->attain.w > 0 && t->attain.h > 0);
		assert_true(inside(t->attain, t->label));
		assert_int_equal(t->attain.x + t->attain.w, t->label.x + t->label.w);
		assert_true(t->attain.w <= t->label.w / 3);
	}
}

/* Tiles and their parts stay inside the grid and never overlap, each other or
 * the bands around them. */
static void test_tiles_inside_and_disjoint(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof grid_cases / sizeof grid_cases[0]; c++) {
		const struct grid_case *gc = &grid_cases[c];
		struct wb_layout l = compute(gc->w, gc->h, gc->n, true, true, true, 0);
		assert_int_equal(l.n_tiles, gc->tiles_on_first_page);
		assert_int_equal(l.cols, gc->cols);
		assert_int_equal(l.rows, gc->rows);
		check_disjoint(&l, gc->w, gc->h);
	}
}

/* display.scale: text and bands grow and shrink with it, the geometry stays
 * sound at both ends of the range, and tile fonts never outgrow their tile
 * (the counts row still holds the number font). */
static void test_scale(void **state)
{
	(void)state;
	static const int scales[] = { 50, 100, 200 };
	for (size_t c = 0; c < sizeof grid_cases / sizeof grid_cases[0]; c++) {
		const struct grid_case *gc = &grid_cases[c];
		struct wb_layout prev;
		for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
			struct wb_layout l =
				compute_scaled(gc->w, gc->h, gc->n, true, true, true, 0, scales[k]);
			assert_int_equal(l.n_tiles, gc->tiles_on_first_page);
			check_disjoint(&l, gc->w, gc->h);
			for (size_t i = 0; i < l.n_tiles; i++) {
				assert_true(l.tiles[i].counts.h == 0 || l.font_number <= l.tiles[i].counts.h);
				assert_true(l.font_label <= l.tiles[i].label.h);
			}
			/* Band text stays inside its band. */
			assert_true(l.font_clock * 73 / 100 < l.header.h);
			assert_true(l.font_banner < l.alert_banner.h);
			assert_true(l.font_ticker < l.ticker.h);
			if (l.summary.h > 0)
				assert_true(l.font_summary < l.summary.h);
			if (k > 0) {
				assert_true(l.font_title > prev.font_title);
				assert_true(l.header.h > prev.header.h);
			}
			prev = l;
		}
		/* Bands never take more than half the screen, at any scale. */
		struct wb_layout big = compute_scaled(gc->w, gc->h, gc->n, true, true, true, 0, 200);
		assert_true(
			(big.header.h + big.stale_bar.h + big.alert_banner.h + big.summary.h + big.ticker.h) *
				2 <=
			gc->h);
	}
	/* 0 is the default; out-of-range values are clamped. */
	struct wb_layout def = compute_scaled(1920, 1080, 6, false, false, false, 0, 0);
	struct wb_layout one = compute_scaled(1920, 1080, 6, false, false, false, 0, 100);
	assert_memory_equal(&def, &one, sizeof def);
	struct wb_layout huge = compute_scaled(1920, 1080, 6, false, false, false, 0, 900);
	struct wb_layout two = compute_scaled(1920, 1080, 6, false, false, false, 0, 200);
	assert_memory_equal(&huge, &two, sizeof huge);
	/* Half scale halves the reading sizes: the waited time then has the
	 * words' full-scale size, no less. */
	struct wb_layout half = compute_scaled(1920, 1080, 6, true, false, true, 0, 50);
	assert_true(CAP(half.font_timer) * 1000 >= 25 * 1080);
}

static void test_scale_pct(void **state)
{
	(void)state;
	assert_int_equal(wb_layout_scale_pct(1.0), 100);
	assert_int_equal(wb_layout_scale_pct(0.0), 100);
	assert_int_equal(wb_layout_scale_pct(-1.0), 100);
	assert_int_equal(wb_layout_scale_pct(0.0 / 0.0), 100);
	assert_int_equal(wb_layout_scale_pct(0.5), 50);
	assert_int_equal(wb_layout_scale_pct(0.25), 50);
	assert_int_equal(wb_layout_scale_pct(1.25), 125);
	assert_int_equal(wb_layout_scale_pct(2.0), 200);
	assert_int_equal(wb_layout_scale_pct(7.0), 200);
}

/* Issue 15: on 1080p, for every grid that fits on one page, with and
 * without the optional bands, the waited time's capitals are at least 5 %
 * of the height, every word's at least 2.5 % (font_min), and the tile's
 * words are drawn at least at that size. */
static void test_numbers_readable_from_8m(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 16; n++) {
		const struct wb_layout ls[] = { compute(1920, 1080, n, true, true, true, 0),
						compute(1920, 1080, n, false, false, false, 0),
						compute(1920, 1080, n, true, false, true, 0),
						compute(1080, 1920, n, true, false, true, 0) };
		for (size_t k = 0; k < sizeof ls / sizeof ls[0]; k++) {
			const struct wb_layout *l = &ls[k];
			assert_true(CAP(l->font_timer) * 100 >= 5 * 1080);
			assert_true(CAP(l->font_min) * 1000 >= 25 * 1080);
			assert_true(l->font_caption >= l->font_min && l->font_label >= l->font_min);
			assert_true(l->font_number > l->font_caption);
			assert_true(l->font_status >= l->font_min && l->font_ticker >= l->font_min);
			assert_true(l->font_banner >= l->font_min && l->font_summary >= l->font_min);
			/* The SLA box holds its digits, and is never a slab of
			 * colour three times their height. */
			assert_true(l->tiles[0].sla.h >= l->font_timer);
			assert_true(l->tiles[0].sla.h <= CAP(l->font_timer) * 3 + l->font_min * 2);
		}
		assert_true(ls[2].summary.h > 0);
	}
	struct wb_layout hdr = compute(1920, 1080, 6, false, false, true, 0);
	assert_true(hdr.font_clock * 100 >= 5 * 1080);
}

static void test_paging(void **state)
{
	(void)state;
	assert_int_equal(wb_layout_pages(0), 1);
	assert_int_equal(wb_layout_pages(1), 1);
	assert_int_equal(wb_layout_pages(12), 1);
	assert_int_equal(wb_layout_pages(16), 1); /* a 4x4 grid */
	assert_int_equal(wb_layout_pages(17), 2);
	assert_int_equal(wb_layout_pages(33), 3);
	/* Balanced: never a page with one lonely tile. */
	assert_int_equal(wb_layout_page_size(13), 13);
	assert_int_equal(wb_layout_page_size(17), 9);
	assert_int_equal(wb_layout_page_size(30), 15);
	assert_int_equal(wb_layout_page_size(33), 11);

	struct wb_layout p0 = compute(1920, 1080, 33, false, false, true, 0);
	struct wb_layout p1 = compute(1920, 1080, 33, false, false, true, 1);
	struct wb_layout p2 = compute(1920, 1080, 33, false, false, true, 2);
	struct wb_layout p3 = compute(1920, 1080, 33, false, false, true, 3);
	assert_int_equal(p0.n_pages, 3);
	assert_int_equal(p0.first_tile, 0);
	assert_int_equal(p0.n_tiles, 11);
	assert_int_equal(p1.first_tile, 11);
	assert_int_equal(p1.n_tiles, 11);
	assert_int_equal(p2.page, 2);
	assert_int_equal(p2.first_tile, 22);
	assert_int_equal(p2.n_tiles, 11);
	assert_int_equal(p3.page, 0); /* wraps */
	assert_int_equal(p3.first_tile, 0);
	struct wb_layout q1 = compute(1920, 1080, 17, false, false, true, 1);
	assert_int_equal(q1.first_tile, 9);
	assert_int_equal(q1.n_tiles, 8);
	/* Same tile size on every page, so turning pages does not jump. */
	assert_int_equal(p2.tiles[0].frame.w, p0.tiles[0].frame.w);
	assert_int_equal(p2.tiles[0].frame.h, p0.tiles[0].frame.h);
	assert_int_equal(p2.tiles[0].frame.x, p0.tiles[0].frame.x);
	/* A page indicator whenever there is more than one page. */
	assert_true(p0.page_indicator.h > 0);
	assert_int_equal(compute(1920, 1080, 12, false, false, true, 0).page_indicator.h, 0);
}

static void test_optional_bands(void **state)
{
	(void)state;
	for (unsigned mask = 0; mask < 8; mask++) {
		bool banner = mask & 1, stale = mask & 2, ticker = mask & 4;
		struct wb_layout l = compute(1920, 1080, 6, banner, stale, ticker, 0);
		assert_int_equal(l.alert_banner.h > 0, banner);
		assert_int_equal(l.stale_bar.h > 0, stale);
		assert_int_equal(l.ticker.h > 0, ticker);
		assert_true(l.header.h > 0);
		if (stale)
			assert_int_equal(l.stale_bar.y, l.header.y + l.header.h);
		if (ticker)
			assert_int_equal(l.ticker.y + l.ticker.h, 1080);
		if (banner)
			assert_true(l.alert_banner.y < l.grid.y);
	}
}

/* The summary strip (issue 15): only when asked, full width under the header
 * (and the stale bar, should both be asked for), above the banner and the
 * grid; 4-5% of a landscape 1080p screen, its text at least 2.5% of the
 * height in cap height, for the back of the room. */
static void test_summary_band(void **state)
{
	(void)state;
	struct wb_layout with = compute(1920, 1080, 6, true, false, true, 0);
	assert_int_equal(with.summary.y, with.header.h);
	assert_int_equal(with.summary.w, 1920);
	assert_true(with.summary.y + with.summary.h < with.alert_banner.y);
	assert_true(with.summary.y + with.summary.h <= with.grid.y);
	assert_true(with.summary.h * 100 >= 4 * 1080 && with.summary.h * 100 <= 5 * 1080);
	assert_true(with.font_summary * 73 / 100 * 1000 >= 25 * 1080);
	assert_true(with.font_summary < with.summary.h);
	/* Never more room than the stale bar it stands in for. */
	struct wb_layout stale = compute(1920, 1080, 6, true, true, true, 0);
	assert_int_equal(stale.summary.h, 0);
	assert_true(with.grid.h >= stale.grid.h);
	struct wb_layout_input in = {
		.width = 1920, .height = 1080, .n_channels = 6, .stale_bar = true, .summary = true
	};
	struct wb_layout both;
	wb_layout_compute(&in, &both);
	assert_int_equal(both.summary.y, both.stale_bar.y + both.stale_bar.h);
	check_disjoint(&both, 1920, 1080);
	in.stale_bar = in.summary = false;
	struct wb_layout none;
	wb_layout_compute(&in, &none);
	assert_int_equal(none.summary.h, 0);
	struct wb_layout portrait = compute(1080, 1920, 12, true, false, true, 0);
	assert_true(portrait.summary.h > 0);
	assert_true(portrait.font_summary * 73 / 100 * 1000 >= 25 * 1080);
	check_disjoint(&portrait, 1080, 1920);
}

static void test_no_channels(void **state)
{
	(void)state;
	struct wb_layout l = compute(1920, 1080, 0, true, false, true, 5);
	assert_int_equal(l.n_tiles, 0);
	assert_int_equal(l.n_pages, 1);
	assert_int_equal(l.page, 0);
	assert_true(l.grid.w > 0 && l.grid.h > 0); /* room for the "no channels" message */
}

/* Degenerate screens: every rect has non-negative size and stays on screen;
 * fonts stay positive so SDL_ttf can open them. */
static void test_tiny_sizes(void **state)
{
	(void)state;
	const int sizes[][2] = { { 0, 0 },    { 1, 1 },    { 10, 10 }, { 64, 48 },
				 { 320, 20 }, { 20, 320 }, { -5, 100 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		for (size_t n = 0; n <= 30; n += 6) {
			struct wb_layout l = compute(sizes[i][0], sizes[i][1], n, true, true, true, 1);
			int w = sizes[i][0] > 0 ? sizes[i][0] : 0, h = sizes[i][1] > 0 ? sizes[i][1] : 0;
			struct wb_rect screen = { 0, 0, w, h };
			const struct wb_rect bands[] = { l.header, l.stale_bar, l.alert_banner,
							 l.grid,   l.ticker,    l.page_indicator };
			for (size_t b = 0; b < 6; b++) {
				assert_true(bands[b].w >= 0 && bands[b].h >= 0);
				if (bands[b].w > 0 && bands[b].h > 0)
					assert_true(inside(bands[b], screen));
			}
			for (size_t t = 0; t < l.n_tiles; t++)
				assert_true(l.tiles[t].frame.w >= 0 && l.tiles[t].sla.h >= 0);
			assert_true(l.font_number > 0 && l.font_caption > 0 && l.font_ticker > 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiles_inside_and_disjoint),
		cmocka_unit_test(test_summary_band),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_scale_pct),
		cmocka_unit_test(test_numbers_readable_from_8m),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_optional_bands),
		cmocka_unit_test(test_no_channels),
		cmocka_unit_test(test_tiny_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
