/* The renderer end to end on an offscreen surface: the example feeds drawn at
 * the fixture contract's instant, checked region by region through the
 * layout the renderer reports (colours of states, text present, what moves
 * and what must not). No byte-exact images: fonts and palette may change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "render_check.h"
#include "wallboard/display.h"
#include "wallboard/render.h"
#include "wallboard/textcache.h"

struct canvas {
	struct wb_display d;
	struct wb_renderer *r;
	int w, h;
	const char *name; /* for WB_RENDER_DUMP file names */
	int frames;
};

static void canvas_open(struct canvas *c, int w, int h, const char *name)
{
	struct wb_error err;
	wb_error_clear(&err);
	memset(c, 0, sizeof *c);
	if (wb_display_open_surface(&c->d, w, h, &err) != WB_OK)
		fail_msg("surface: %s", err.message);
	c->r = wb_renderer_create(wb_display_renderer(&c->d), &err);
	if (!c->r)
		fail_msg("renderer: %s", err.message);
	c->w = w;
	c->h = h;
	c->name = name;
}

static void canvas_close(struct canvas *c)
{
	wb_renderer_destroy(c->r);
	wb_display_close(&c->d);
}

/* Draws view and reads the frame back; img is the caller's to free. */
static void draw(struct canvas *c, const struct wb_view *view, struct rc_image *img)
{
	wb_renderer_draw(c->r, view, c->w, c->h);
	img->w = c->w;
	img->h = c->h;
	img->px = malloc((size_t)c->w * (size_t)c->h * 4);
	assert_non_null(img->px);
	assert_int_equal(SDL_RenderReadPixels(wb_display_renderer(&c->d), NULL, SDL_PIXELFORMAT_ARGB8888, img->px,
	                                      c->w * 4),
	                 0);
	/* WB_RENDER_DUMP=dir keeps every frame as a PNG, for people to look at. */
	const char *dir = getenv("WB_RENDER_DUMP");
	if (dir && dir[0]) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s-%dx%d-%02d.png", dir, c->name, c->w, c->h, c->frames++);
		SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(img->px, c->w, c->h, 32, c->w * 4,
		                                                    SDL_PIXELFORMAT_RGB888);
		assert_non_null(s);
		assert_int_equal(IMG_SavePNG(s, path), 0);
		SDL_FreeSurface(s);
	}
}

static int group_setup(void **state)
{
	(void)state;
	if (SDL_Init(0) != 0 || TTF_Init() != 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	TTF_Quit();
	SDL_Quit();
	return 0;
}

struct size_case {
	int w, h;
};

/* ---- the full fixture in both orientations ------------------------------ */

static void test_full_feed(void **state)
{
	const struct size_case *sc = *state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct wb_view view;
	rc_view_init(&view, snap, &cfg);
	struct canvas c;
	canvas_open(&c, sc->w, sc->h, "full");
	struct rc_image img;
	draw(&c, &view, &img);
	struct wb_layout L;
	wb_renderer_layout(&view, sc->w, sc->h, &L);

	assert_int_equal(L.n_tiles, 6);
	assert_int_equal(L.n_pages, 1);
	assert_int_equal(L.page_indicator.h, 0);
	assert_int_equal(L.stale_bar.h, 0);
	rc_check_full_feed(&img, snap, &L);
	/* Readable from 8 m: the key numbers are at least 6% of the height of a
	 * landscape screen, and no smaller in portrait. */
	int short_side = sc->w < sc->h ? sc->w : sc->h;
	assert_true(L.font_number * 100 >= short_side * 6);

	/* The whole title fits in the header in both orientations: a title that
	 * differs only in its last character draws a different header (a cut
	 * "Webcare NL,…" would not). */
	struct wb_view other = view;
	other.title = "Webcare NL, vloer 3";
	assert_string_equal(view.title, "Webcare NL, vloer 2");
	struct rc_image img2;
	draw(&c, &other, &img2);
	assert_true(rc_diff_inside(&img, &img2, L.header) > 20);
	assert_int_equal(rc_diff_outside(&img, &img2, L.header), 0);

	rc_image_free(&img2);
	rc_image_free(&img);
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- stale: numbers kept but dimmed, amber bar --------------------------- */

static void test_stale(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas c;
	canvas_open(&c, 1920, 1080, "stale");

	struct wb_view fresh, stale;
	rc_view_init(&fresh, snap, &cfg);
	stale = fresh;
	stale.stale = true;
	stale.conn = WB_CONN_OFFLINE;
	stale.data_age_s = 300;
	stale.stale_since_wall_ms = RC_NOW_MS - 5 * 60 * 1000;
	stale.stale_reason = "HTTP 503 van de server";

	struct rc_image a, b;
	draw(&c, &fresh, &a);
	draw(&c, &stale, &b);
	struct wb_layout La, Lb;
	wb_renderer_layout(&fresh, c.w, c.h, &La);
	wb_renderer_layout(&stale, c.w, c.h, &Lb);

	assert_int_equal(La.stale_bar.h, 0);
	assert_true(Lb.stale_bar.h > 0);
	assert_true(rc_share(&b, Lb.stale_bar, RC_AMBER) > 0.5);
	assert_true(rc_detail(&b, Lb.stale_bar) > 200); /* the "since HH:MM: reason" line */
	for (size_t i = 0; i < Lb.n_tiles; i++) {
		int lit = rc_max_luma(&a, La.tiles[i].counts);
		int dim = rc_max_luma(&b, Lb.tiles[i].counts);
		/* Dimmed, visibly, but still there to read. */
		assert_true(dim * 100 <= lit * 75);
		assert_true(dim >= 60);
		assert_true(rc_detail(&b, Lb.tiles[i].counts) > 200);
	}
	rc_image_free(&a);
	rc_image_free(&b);
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- start screen --------------------------------------------------------- */

static void test_start_screen(void **state)
{
	const struct size_case *sc = *state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct canvas c;
	canvas_open(&c, sc->w, sc->h, "start");
	struct wb_view view;
	rc_view_init(&view, NULL, &cfg);
	view.conn = WB_CONN_CONNECTING;
	view.feed_host = "feed.example.nl";
	view.status_line = "Verbinden met feed.example.nl…";

	struct wb_layout L;
	wb_renderer_layout(&view, c.w, c.h, &L);
	struct wb_rect body = { 0, L.header.y + L.header.h, c.w, c.h - L.header.y - L.header.h };

	struct rc_image none, two;
	draw(&c, &view, &none);
	view.addrs[0] = "192.168.10.23";
	view.addrs[1] = "fd00::1234:5678";
	view.n_addrs = 2;
	draw(&c, &view, &two);

	assert_true(rc_mean_luma(&none, L.header) > 10.0); /* never a black screen */
	assert_true(rc_share(&none, body, RC_BRIGHT) > 0.002);
	assert_true(rc_share(&none, body, RC_AMBER) > 0.0005); /* "no network" warning */
	assert_true(rc_share(&two, body, RC_BRIGHT) > rc_share(&none, body, RC_BRIGHT));
	assert_true(rc_diff_inside(&none, &two, body) > 1000);
	assert_int_equal(rc_diff_outside(&none, &two, body), 0);

	rc_image_free(&none);
	rc_image_free(&two);
	canvas_close(&c);
}

/* ---- paging ------------------------------------------------------------- */

static void test_paging(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *snap = rc_load_example("feed-many-channels.json");
	assert_int_equal(snap->n_channels, 30);
	struct canvas c;
	canvas_open(&c, 1920, 1080, "paging");
	struct wb_view view;
	rc_view_init(&view, snap, &cfg);

	struct wb_layout L1, L2;
	struct rc_image p1, p2;
	wb_renderer_layout(&view, c.w, c.h, &L1);
	draw(&c, &view, &p1);
	view.anim_ms = (int64_t)cfg.display.page_s * 1000;
	wb_renderer_layout(&view, c.w, c.h, &L2);
	draw(&c, &view, &p2);

	assert_int_equal(L1.n_pages, 3);
	assert_int_equal(L1.page, 0);
	assert_int_equal(L2.page, 1);
	assert_int_equal(L1.n_tiles, WB_LAYOUT_MAX_TILES);
	assert_int_equal(L2.first_tile, WB_LAYOUT_MAX_TILES);
	assert_true(L1.page_indicator.h > 0);
	assert_true(rc_share(&p1, L1.page_indicator, RC_BRIGHT) > 0.01);
	/* Same geometry, other channels and another page number. */
	assert_memory_equal(&L1.grid, &L2.grid, sizeof L1.grid);
	assert_true(rc_diff_inside(&p1, &p2, L1.page_indicator) > 50);
	assert_true(rc_diff_inside(&p1, &p2, L1.tiles[0].label) > 50);
	for (size_t i = 0; i < L1.n_tiles; i++)
		assert_true(rc_share(&p2, L2.tiles[i].counts, RC_BRIGHT) > 0.01);
	/* Twelve tiles on a 1080p landscape screen stay readable too. */
	assert_true(L1.font_number >= 40);

	rc_image_free(&p1);
	rc_image_free(&p2);
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- odd channel counts: 0, 1, 12 ---------------------------------------- */

static void test_channel_counts(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *snap = rc_load_example("feed-many-channels.json");
	size_t all = snap->n_channels;
	struct canvas c;
	canvas_open(&c, 1920, 1080, "counts");
	static const size_t counts[] = { 0, 1, 12 };
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		/* Draw a prefix of the channel list; restored before the free. */
		snap->n_channels = counts[k];
		struct wb_view view;
		rc_view_init(&view, snap, &cfg);
		struct wb_layout L;
		wb_renderer_layout(&view, c.w, c.h, &L);
		struct rc_image img;
		draw(&c, &view, &img);
		assert_int_equal(L.n_tiles, counts[k]);
		assert_int_equal(L.n_pages, 1);
		assert_int_equal(L.page_indicator.h, 0);
		if (counts[k] == 0)
			assert_true(rc_share(&img, L.grid, RC_BRIGHT) + rc_detail(&img, L.grid) > 500); /* "no channels" */
		for (size_t i = 0; i < L.n_tiles; i++) {
			assert_true(rc_share(&img, L.tiles[i].counts, RC_BRIGHT) > 0.01);
			assert_true(rc_detail(&img, L.tiles[i].sla) > 100);
		}
		if (counts[k] == 1)
			assert_true(L.font_number * 100 >= c.h * 6);
		rc_image_free(&img);
	}
	snap->n_channels = all;
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- language ------------------------------------------------------------ */

static void test_language(void **state)
{
	(void)state;
	struct wb_config nl, en;
	wb_config_defaults(&nl);
	wb_config_defaults(&en);
	en.display.language = WB_LANG_EN;
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas c;
	canvas_open(&c, 1920, 1080, "lang");
	struct wb_view vn, ve;
	rc_view_init(&vn, snap, &nl);
	rc_view_init(&ve, snap, &en);
	struct rc_image a, b;
	draw(&c, &vn, &a);
	draw(&c, &ve, &b);
	struct wb_layout L;
	wb_renderer_layout(&vn, c.w, c.h, &L);
	/* Captions sit in the lower part of the counts row: "VANDAAG" vs "TODAY". */
	struct wb_rect cr = L.tiles[0].counts;
	struct wb_rect captions = { cr.x, cr.y + cr.h * 2 / 3, cr.w, cr.h - cr.h * 2 / 3 };
	assert_true(rc_diff_inside(&a, &b, captions) > 200);
	rc_check_full_feed(&b, snap, &L);
	rc_image_free(&a);
	rc_image_free(&b);
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- ticker with hostile text --------------------------------------------- */

static void replace_text(struct wb_mention *m, const char *s)
{
	free(m->text);
	m->text = strdup(s);
	assert_non_null(m->text);
}

static void test_ticker_hostile(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *plain = rc_load_example("feed-full.json");
	struct wb_snapshot *odd = rc_load_example("feed-full.json");
	assert_true(odd->n_latest >= 3);
	/* Far past WB_FEED_TEXT_MAX in bytes, mixed scripts, glyphs DejaVu does
	 * not have (CJK, private use, unassigned), emoji with modifiers and
	 * joiners, right-to-left text and combining marks. */
	size_t big = 12000;
	char *long_text = malloc(big + 1);
	assert_non_null(long_text);
	static const char unit[] = "漢字かな 🙂👍🏽👨‍👩‍👧 \xee\x80\x80 \xf4\x8f\xbf\xbf שלום e\xcc\x81\xcc\xa7 ";
	size_t n = 0;
	while (n + sizeof unit - 1 <= big) {
		memcpy(long_text + n, unit, sizeof unit - 1);
		n += sizeof unit - 1;
	}
	long_text[n] = '\0';
	replace_text(&odd->latest[0], long_text);
	replace_text(&odd->latest[1], "");
	replace_text(&odd->latest[2], "\xe2\x80\xae reversed \xe2\x80\xac\t tab");
	free(long_text);

	struct canvas c;
	canvas_open(&c, 1920, 1080, "ticker");
	struct wb_view vp, vo;
	rc_view_init(&vp, plain, &cfg);
	rc_view_init(&vo, odd, &cfg);
	struct wb_layout L;
	wb_renderer_layout(&vo, c.w, c.h, &L);
	assert_true(L.ticker.h > 0);
	/* Several scroll positions: whatever the ticker draws stays in its band. */
	static const int64_t times[] = { 0, 1234, 20000, 600000 };
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		vp.anim_ms = vo.anim_ms = times[i];
		struct rc_image a, b;
		draw(&c, &vp, &a);
		draw(&c, &vo, &b);
		assert_int_equal(rc_diff_outside(&a, &b, L.ticker), 0);
		assert_true(rc_detail(&b, L.ticker) > 500);
		rc_image_free(&a);
		rc_image_free(&b);
	}
	canvas_close(&c);
	wb_snapshot_free(plain);
	wb_snapshot_free(odd);
}

/* ---- critical pulse -------------------------------------------------------- */

/* Brightness of the banner's background just inside its right end, where no
 * text is drawn. */
/* A glyph the font lacks (emoji, in DejaVu) is left out rather than drawn as
 * a box: "a👍" rasterises exactly as wide as "a", and a string of nothing
 * but such glyphs (👍, 🫠) gives no texture at all. */
static void test_missing_glyphs_leave_no_boxes(void **state)
{
	(void)state;
	struct canvas c;
	canvas_open(&c, 64, 64, "glyphs");
	struct wb_error err;
	wb_error_clear(&err);
	struct wb_fonts *fonts = wb_fonts_create(&err);
	assert_non_null(fonts);
	struct wb_textcache *tc = wb_textcache_create(wb_display_renderer(&c.d), fonts, 16);
	assert_non_null(tc);
	struct wb_text plain = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "a", 0);
	struct wb_text mixed = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "a\xF0\x9F\x91\x8D", 0);
	struct wb_text only = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xF0\x9F\x91\x8D\xF0\x9F\xAB\xA0", 0);
	assert_non_null(plain.tex);
	assert_non_null(mixed.tex);
	assert_int_equal(mixed.w, plain.w);
	assert_null(only.tex);
	/* What the font has stays: accents and the euro sign. */
	struct wb_text accents = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xC3\xA9\xE2\x82\xAC", 0);
	struct wb_text e = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xC3\xA9", 0);
	assert_true(accents.w > e.w);
	wb_textcache_destroy(tc);
	wb_fonts_destroy(fonts);
	canvas_close(&c);
}

static int banner_level(const struct rc_image *img, const struct wb_layout *L)
{
	struct wb_rect b = L->alert_banner;
	struct wb_rect probe = { b.x + b.w - 6, b.y + b.h / 2 - 1, 3, 3 };
	return (int)rc_mean_luma(img, probe);
}

static void test_critical_pulse(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	cfg.display.ticker = false; /* the ticker moves too; keep only the pulse */
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas c;
	canvas_open(&c, 960, 540, "pulse");
	struct wb_view view;
	rc_view_init(&view, snap, &cfg);
	struct wb_layout L;
	wb_renderer_layout(&view, c.w, c.h, &L);
	assert_int_equal(L.ticker.h, 0);

	/* While a critical alert is up the picture changes by itself: the main
	 * loop must come back within an animation frame. */
	assert_true(wb_renderer_next_change_ms(&view) <= 40);

	struct rc_image a, b;
	draw(&c, &view, &a);
	view.anim_ms = 500;
	draw(&c, &view, &b);
	assert_true(rc_diff_inside(&a, &b, L.alert_banner) > 100);
	assert_int_equal(rc_diff_outside(&a, &b, L.alert_banner), 0);
	rc_image_free(&a);
	rc_image_free(&b);

	/* Sample three seconds of animation every 25 ms: successive brightness
	 * peaks must be at least 500 ms apart (never faster than 2 Hz). */
	enum { STEP_MS = 25, SAMPLES = 121 };
	int level[SAMPLES];
	for (int i = 0; i < SAMPLES; i++) {
		view.anim_ms = (int64_t)i * STEP_MS;
		struct rc_image f;
		draw(&c, &view, &f);
		level[i] = banner_level(&f, &L);
		rc_image_free(&f);
	}
	int lo = level[0], hi = level[0];
	for (int i = 1; i < SAMPLES; i++) {
		lo = level[i] < lo ? level[i] : lo;
		hi = level[i] > hi ? level[i] : hi;
	}
	assert_true(hi - lo >= 8); /* it does pulse */
	/* A peak is the middle of a run of samples in the top band; runs cut
	 * off by either end of the window have no reliable middle. */
	int64_t last_peak = -1;
	int peaks = 0;
	for (int i = 0; i < SAMPLES;) {
		if (level[i] < hi - 1) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 < SAMPLES && level[j + 1] >= hi - 1)
			j++;
		if (i > 0 && j < SAMPLES - 1) {
			int64_t peak = (int64_t)(i + j) * STEP_MS / 2;
			if (last_peak >= 0)
				assert_true(peak - last_peak >= 500);
			last_peak = peak;
			peaks++;
		}
		i = j + 1;
	}
	assert_true(peaks >= 2);

	/* Without the critical alert nothing pulses: only the clock and the
	 * timers' seconds change the picture. */
	size_t n_alerts = snap->n_alerts;
	for (size_t i = 0; i < n_alerts; i++)
		if (snap->alerts[i].severity == WB_SEVERITY_CRITICAL)
			snap->alerts[i].severity = WB_SEVERITY_WARNING;
	view.anim_ms = 0;
	view.wall_now_ms = view.server_now_ms = RC_NOW_MS + 200;
	assert_int_equal(wb_renderer_next_change_ms(&view), 800);
	draw(&c, &view, &a);
	view.anim_ms = 500;
	draw(&c, &view, &b);
	assert_int_equal(rc_diff_inside(&a, &b, L.alert_banner), 0);
	rc_image_free(&a);
	rc_image_free(&b);

	canvas_close(&c);
	wb_snapshot_free(snap);
}

int main(void)
{
	static const struct size_case landscape = { 1920, 1080 }, portrait = { 1080, 1920 };
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(test_full_feed, (void *)&landscape),
		cmocka_unit_test_prestate(test_full_feed, (void *)&portrait),
		cmocka_unit_test(test_stale),
		cmocka_unit_test_prestate(test_start_screen, (void *)&landscape),
		cmocka_unit_test_prestate(test_start_screen, (void *)&portrait),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_channel_counts),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_ticker_hostile),
		cmocka_unit_test(test_critical_pulse),
		cmocka_unit_test(test_missing_glyphs_leave_no_boxes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
