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
#include "wallboard/board.h"
#include "wallboard/display.h"
#include "wallboard/frameclock.h"
#include "wallboard/privacy.h"
#include "wallboard/render.h"
#include "wallboard/textcache.h"
#include "wallboard/tz.h"

#define WB_RENDER_TEST_MAX_DAMAGE 40
/* Far enough to reach the next animation frame at 60 fps. */
#define ONE_FRAME_MS 17

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
	c->r = wb_renderer_create(wb_display_renderer(&c->d), c->d.surface, &err);
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
	assert_int_equal(SDL_RenderReadPixels(wb_display_renderer(&c->d), NULL, SDL_PIXELFORMAT_ARGB8888,
					      img->px, c->w * 4),
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

/* The full fixture at RC_NOW_MS on one canvas: its view with the default
 * settings, changed by tweak when not NULL, and that view's layout. The view
 * points at cfg and snap, so a test changes them in place and draws again. */
struct board {
	struct wb_config cfg;
	struct wb_snapshot *snap;
	struct canvas c;
	struct wb_view view;
	struct wb_layout L;
};

/* The same with example, a file in docs/examples, or with no data yet (the
 * start screen) when example is NULL. */
static void board_open_with(struct board *b, const char *example, int w, int h, const char *name,
			    void (*tweak)(struct wb_config *))
{
	wb_config_defaults(&b->cfg);
	if (tweak)
		tweak(&b->cfg);
	b->snap = example ? rc_load_example(example) : NULL;
	canvas_open(&b->c, w, h, name);
	rc_view_init(&b->view, b->snap, &b->cfg);
	wb_renderer_layout(&b->view, w, h, &b->L);
}

static void board_open(struct board *b, int w, int h, const char *name, void (*tweak)(struct wb_config *))
{
	board_open_with(b, "feed-full.json", w, h, name, tweak);
}

/* The start screen's body: everything below the header. */
static struct wb_rect below_header(const struct board *b)
{
	int top = b->L.header.y + b->L.header.h;
	return (struct wb_rect){ 0, top, b->c.w, b->c.h - top };
}

static void board_close(struct board *b)
{
	canvas_close(&b->c);
	wb_snapshot_free(b->snap);
}

/* The full fixture twice on one canvas, a with the default settings and b
 * with one changed by tweak, both in time zone tz (NULL: the default zone,
 * rc_amsterdam): each view drawn (a first) and laid out. */
struct board_pair {
	struct wb_config cfg_a, cfg_b;
	struct wb_snapshot *snap;
	struct canvas c;
	struct wb_view a, b;
	struct rc_image img_a, img_b;
	struct wb_layout La, Lb;
};

static void pair_open(struct board_pair *p, int w, int h, const char *name, void (*tweak)(struct wb_config *),
		      const struct wb_tz *tz)
{
	wb_config_defaults(&p->cfg_a);
	wb_config_defaults(&p->cfg_b);
	tweak(&p->cfg_b);
	p->snap = rc_load_example("feed-full.json");
	canvas_open(&p->c, w, h, name);
	rc_view_init(&p->a, p->snap, &p->cfg_a);
	rc_view_init(&p->b, p->snap, &p->cfg_b);
	if (tz)
		p->a.tz = p->b.tz = tz;
	draw(&p->c, &p->a, &p->img_a);
	draw(&p->c, &p->b, &p->img_b);
	wb_renderer_layout(&p->a, w, h, &p->La);
	wb_renderer_layout(&p->b, w, h, &p->Lb);
}

static void pair_close(struct board_pair *p)
{
	rc_image_free(&p->img_a);
	rc_image_free(&p->img_b);
	canvas_close(&p->c);
	wb_snapshot_free(p->snap);
}

/* Tweaks for board_open and pair_open. */

/* The ticker moves by itself; tests of other motion turn it off. */
static void no_ticker(struct wb_config *cfg)
{
	cfg->display.ticker = false;
}

static void english(struct wb_config *cfg)
{
	cfg->display.language = WB_LANG_EN;
}

static void light_theme(struct wb_config *cfg)
{
	cfg->display.theme = WB_THEME_LIGHT;
}

/* ---- the full fixture in both orientations ------------------------------ */

static void test_full_feed(void **state)
{
	const struct size_case *sc = *state;
	struct board bd;
	board_open(&bd, sc->w, sc->h, "full", NULL);
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	const struct wb_layout *L = &bd.L;

	assert_int_equal(L->n_tiles, 6);
	assert_int_equal(L->n_pages, 1);
	assert_int_equal(L->page_indicator.h, 0);
	assert_int_equal(L->stale_bar.h, 0);
	rc_check_full_feed(&img, bd.snap, L);
	/* Readable from 8 m: the waited time's digits are at least 5% of the
	 * short side tall (cap height), in both orientations. */
	int short_side = sc->w < sc->h ? sc->w : sc->h;
	assert_true(73 * L->font_timer / 100 * 100 >= short_side * 5);

	/* The whole title fits in the header in both orientations: a title that
	 * differs only in its last character draws a different header (a cut
	 * "Webcare NL,…" would not). */
	struct wb_view other = bd.view;
	other.title = "Webcare NL, vloer 3";
	assert_string_equal(bd.view.title, "Webcare NL, vloer 2");
	struct rc_image img2;
	draw(&bd.c, &other, &img2);
	assert_true(rc_diff_inside(&img, &img2, L->header) > 20);
	assert_int_equal(rc_diff_outside(&img, &img2, L->header), 0);

	rc_image_free(&img2);
	rc_image_free(&img);
	board_close(&bd);
}

/* ---- the SLA box: the time waited, counting up --------------------------- */

struct waited_case {
	const char *channel;
	const char *state;       /* as the description notes it */
	const char *now, *later; /* the waited time at RC_NOW_MS and 61 s later; NULL: no timer */
};

/* From docs/examples/feed-full.json at 09:20:00Z: twitter waits since 09:05
 * against 1 h, facebook since 08:57 against 30 min (amber from 22:30),
 * instagram since 09:10, linkedin since 08:05 against 1 h, whatsapp since
 * 09:02 against 10 min; nobody waits on webchat. */
static const struct waited_case waited_cases[] = {
	{ "twitter", "ok", "15:00", "16:01" },        { "facebook", "warn", "23:00", "24:01" },
	{ "instagram", "ok", "10:00", "11:01" },      { "linkedin", "breached", "1:15:00", "1:16:01" },
	{ "whatsapp", "breached", "18:00", "19:01" }, { "webchat", "idle", NULL, NULL },
};

static void test_sla_box_shows_time_waited(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "waited", no_ticker);
	struct rc_image img;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			bd.view.server_now_ms += 61000;
		draw(&bd.c, &bd.view, &img);
		rc_image_free(&img);
		cJSON *desc = wb_renderer_describe(bd.c.r);
		assert_non_null(desc);
		for (size_t k = 0; k < sizeof waited_cases / sizeof waited_cases[0]; k++) {
			const struct waited_case *c = &waited_cases[k];
			const cJSON *box = rc_desc_element(desc, "sla_box", "channel", c->channel);
			if (!box)
				fail_msg("no SLA box described for %s", c->channel);
			assert_string_equal(rc_desc_str(box, "state"), c->state);
			int index = rc_desc_int(box, "index");
			const char *want = pass == 0 ? c->now : c->later;
			if (want && !rc_desc_text(desc, "sla_box", index, want))
				fail_msg("%s: no \"%s\" in its SLA box", c->channel, want);
			/* Never a countdown or an overrun sign: the wait itself. */
			const cJSON *t;
			cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
			{
				if (strcmp(rc_desc_str(t, "element"), "sla_box") == 0 &&
				    rc_desc_int(t, "index") == index && rc_desc_str(t, "text")[0] == '+')
					fail_msg("%s: \"%s\"", c->channel, rc_desc_str(t, "text"));
			}
		}
		/* The waiting count large, with its word; today's count with
		 * its word and yesterday's beside it (feed-full.json's
		 * same_time_yesterday for twitter). */
		int tw = rc_desc_int(rc_desc_element(desc, "tiles", "channel", "twitter"), "index");
		const cJSON *waiting = rc_desc_text(desc, "tiles", tw, "12");
		const cJSON *word = rc_desc_text(desc, "tiles", tw, "onbeantwoord");
		assert_non_null(waiting);
		assert_non_null(word);
		assert_true(rc_desc_int(waiting, "px") > rc_desc_int(word, "px"));
		assert_non_null(rc_desc_text_prefix(desc, "tiles", tw, "1.234 vandaag"));
		/* Sentiment as shares with their words and a direction against
		 * a named baseline, never a sign that reads as a trend ("−14%"). */
		assert_non_null(rc_desc_text_prefix(desc, "tiles", tw, "14% negatief"));
		assert_non_null(rc_desc_text_prefix(desc, "tiles", tw, "gisteren "));
		const cJSON *st;
		cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
		{
			const char *x = rc_desc_str(st, "text");
			if (strcmp(rc_desc_str(st, "element"), "tiles") == 0 &&
			    (x[0] == '+' || x[0] == '~' || strncmp(x, "\xE2\x88\x92", 3) == 0))
				fail_msg("tile text \"%s\"", x);
		}
		/* The target reads as a norm, in words, under the timer. */
		const cJSON *fb = rc_desc_element(desc, "sla_box", "channel", "facebook");
		assert_non_null(rc_desc_text(desc, "sla_box", rc_desc_int(fb, "index"), "norm 30:00"));
		cJSON_Delete(desc);
	}
	board_close(&bd);
}

/* ---- reading sizes (issue 15) ------------------------------------------ */

/* From the back of the room: on 1080p with 1, 6 and 12 channels every text
 * the frame describes has capitals of at least 2.5 % of the height, and
 * every running timer's digits at least 5 %. Read from the description,
 * so a text drawn small anywhere (a caption, a badge, the date) fails. */
static void test_smallest_text_at_reading_size(void **state)
{
	(void)state;
	static const struct {
		const char *feed;
		size_t n;
	} cases[] = { { "feed-full.json", 1 }, { "feed-full.json", 6 }, { "feed-many-channels.json", 12 } };
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct board bd;
		board_open_with(&bd, cases[k].feed, 1920, 1080, "reading", NULL);
		size_t all = bd.snap->n_channels; /* restored: the snapshot frees what it holds */
		assert_true(all >= cases[k].n);
		bd.snap->n_channels = cases[k].n;
		wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L);
		struct rc_image img;
		draw(&bd.c, &bd.view, &img);
		rc_image_free(&img);
		cJSON *desc = wb_renderer_describe(bd.c.r);
		assert_non_null(desc);
		const cJSON *t;
		int timers = 0, texts = 0;
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
		{
			int cap = rc_desc_int(t, "cap_px");
			texts++;
			if (cap * 1000 < 25 * 1080)
				fail_msg("%zu channels: \"%s\" (%s) is %d px", cases[k].n,
					 rc_desc_str(t, "text"), rc_desc_str(t, "element"), cap);
			if (strcmp(rc_desc_str(t, "element"), "sla_box") == 0 &&
			    strcmp(rc_desc_str(t, "face"), "mono-bold") == 0) {
				timers++;
				if (cap * 100 < 5 * 1080)
					fail_msg("%zu channels: timer \"%s\" is %d px", cases[k].n,
						 rc_desc_str(t, "text"), cap);
			}
		}
		assert_true(texts > 10 * (int)cases[k].n / 2);
		assert_true(timers >= 1);
		cJSON_Delete(desc);
		bd.snap->n_channels = all;
		board_close(&bd);
	}
}

/* ---- summary strip (issue 15) ------------------------------------------ */

/* feed-full.json at RC_NOW_MS: LinkedIn and WhatsApp are over time, LinkedIn
 * has waited longest, WhatsApp is the most negative (35 of 164, "21%" as
 * wb_format_percent writes it in Dutch). One line, large enough for the back
 * of the room, in its own band under the header. */
static void test_summary_strip(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "summary", NULL);
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(desc);
	const cJSON *el = rc_desc_element(desc, "summary", "breached", "2");
	if (!el)
		fail_msg("no summary strip saying 2 over time");
	assert_string_equal(rc_desc_str(el, "longest"), "linkedin");
	assert_string_equal(rc_desc_str(el, "waited"), "1:15:00");
	assert_string_equal(rc_desc_str(el, "negative"), "whatsapp");
	const char *line =
		"2 over tijd \xC2\xB7 langste wacht 1:15:00 LinkedIn \xC2\xB7 meest negatief WhatsApp 21%";
	const cJSON *t = rc_desc_text(desc, "summary", 0, line);
	if (!t)
		fail_msg("no \"%s\" in the summary strip", line);
	/* Readable from the back: at least 2.5% of the height, in cap height. */
	assert_true(rc_desc_int(t, "cap_px") * 1000 >= 25 * 1080);
	/* Its own band: under the header, above the banner and every tile. */
	struct wb_rect s = bd.L.summary;
	assert_true(s.h > 0 && s.y >= bd.L.header.y + bd.L.header.h);
	assert_true(s.y + s.h <= bd.L.alert_banner.y && s.y + s.h <= bd.L.grid.y);
	assert_true(rc_desc_int(t, "y") >= s.y && rc_desc_int(t, "y") + rc_desc_int(t, "h") <= s.y + s.h);
	cJSON_Delete(desc);
	/* Stale: the stale bar takes its place; old numbers are not summed up. */
	bd.view.stale = true;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	desc = wb_renderer_describe(bd.c.r);
	assert_non_null(desc);
	assert_null(rc_desc_element(desc, "summary", "breached", "2"));
	cJSON_Delete(desc);
	board_close(&bd);
}

/* Nothing over time: the strip stays calm, in every language. */
static void in_english(struct wb_config *cfg)
{
	cfg->display.language = WB_LANG_EN;
}

static void test_summary_strip_calm(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "summary_calm", in_english);
	/* An hour earlier LinkedIn (08:05) and WhatsApp (09:02) are not yet
	 * late; those that wait later have not started waiting. */
	bd.view.server_now_ms = RC_NOW_MS - 20 * 60 * 1000;
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(desc);
	const cJSON *el = rc_desc_element(desc, "summary", "breached", "0");
	if (!el)
		fail_msg("no calm summary strip");
	const cJSON *t;
	bool calm = false;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
	{
		if (strcmp(rc_desc_str(t, "element"), "summary") == 0)
			calm = strncmp(rc_desc_str(t, "text"), "All on time", 11) == 0;
	}
	assert_true(calm);
	cJSON_Delete(desc);
	board_close(&bd);
}

/* ---- stale: numbers kept but dimmed, amber bar --------------------------- */

static void test_stale(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "stale", NULL);

	struct wb_view stale = bd.view;
	stale.stale = true;
	stale.conn = WB_CONN_OFFLINE;
	stale.data_age_s = 300;
	stale.stale_since_wall_ms = RC_NOW_MS - 5 * 60 * 1000;
	stale.stale_reason = "Storing bij feedserver (503)"; /* the words wb_board_view has for it */
	stale.stale_remedy = "meld het de leverancier";

	struct rc_image a, b;
	draw(&bd.c, &bd.view, &a);
	draw(&bd.c, &stale, &b);
	const struct wb_layout *La = &bd.L;
	struct wb_layout Lb;
	wb_renderer_layout(&stale, bd.c.w, bd.c.h, &Lb);

	assert_int_equal(La->stale_bar.h, 0);
	assert_true(Lb.stale_bar.h > 0);
	assert_true(rc_share(&b, Lb.stale_bar, RC_AMBER) > 0.5);
	assert_true(rc_detail(&b, Lb.stale_bar) > 200); /* the "since HH:MM: reason" line */
	for (size_t i = 0; i < Lb.n_tiles; i++) {
		/* Today's count, in the text colour while the data is live. */
		assert_true(Lb.tiles[i].trend.h > 0);
		int lit = rc_max_luma(&a, La->tiles[i].trend);
		int dim = rc_max_luma(&b, Lb.tiles[i].trend);
		/* Dimmed, visibly, but still there to read. */
		assert_true(dim * 100 <= lit * 75);
		assert_true(dim >= 60);
		assert_true(rc_detail(&b, Lb.tiles[i].trend) > 200);
	}
	/* Every timer says the data is old, and since when (09:15Z is 10:15 in
	 * Amsterdam). */
	cJSON *desc = wb_renderer_describe(bd.c.r);
	for (size_t i = 0; i < Lb.n_tiles; i++)
		if (!rc_desc_text(desc, "sla_box", (int)i, "laatste gegevens 10:15") &&
		    !rc_desc_text(desc, "sla_box", (int)i, "stand 10:15"))
			fail_msg("SLA box %zu does not say since when the data is old", i);
	cJSON_Delete(desc);
	rc_image_free(&a);
	rc_image_free(&b);

	/* Dimmed never below 4.5:1, in either theme: the counts of every tile
	 * (the row holds only their digits and captions on the card). */
	for (int theme = 0; theme < 2; theme++) {
		bd.cfg.display.theme = theme ? WB_THEME_LIGHT : WB_THEME_DARK;
		draw(&bd.c, &stale, &b);
		for (size_t i = 0; i < Lb.n_tiles; i++) {
			double c = rc_text_contrast(&b, Lb.tiles[i].counts);
			if (c < 4.5)
				fail_msg("theme %d tile %zu: counts %.2f:1", theme, i, c);
		}
		rc_image_free(&b);
	}
	board_close(&bd);
}

/* ---- a failed poll in words --------------------------------------------- */

/* The stale bar's right end, inside its padding: a line cut off with "…"
 * reaches into it, one that fits leaves it plain amber. */
static struct wb_rect bar_tail(const struct wb_layout *L)
{
	struct wb_rect r = L->stale_bar;
	return (struct wb_rect){ r.x + r.w * 95 / 100, r.y, r.w * 5 / 100, r.h };
}

/* The words the board's view has for a feed that answers 401, in cfg's
 * language (the real wb_board_view, as the main loop calls it). */
static void words_for_401(const struct wb_config *cfg, struct wb_view *out)
{
	struct wb_board board;
	wb_board_init(&board);
	struct wb_feed_update up = { .outcome = WB_FETCH_FAILED,
				     .reason = WB_FETCH_REASON_HTTP,
				     .http_status = 401,
				     .received_mono_ms = 1000 };
	strcpy(up.error, "HTTP 401");
	wb_board_apply(&board, &up);
	wb_board_view(&board, cfg, 2000, RC_NOW_MS, out);
	wb_board_fini(&board);
}

/* The stale bar for a 401 feed shows the Dutch words and remedy, exactly
 * the picture of those words (not the raw "HTTP 401"), and they fit. */
static void test_stale_bar_words_401(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "stale-401", NULL);
	struct wb_view words;
	words_for_401(&bd.cfg, &words);

	struct wb_view v = bd.view;
	v.stale = true;
	v.conn = WB_CONN_OFFLINE;
	v.stale_since_wall_ms = RC_NOW_MS - 5 * 60 * 1000;
	v.stale_reason = words.stale_reason;
	v.stale_remedy = words.stale_remedy;
	struct wb_view dutch = v;
	dutch.stale_reason = "De feed weigert het token (401)";
	dutch.stale_remedy = "controleer feed.token";
	struct wb_view raw = v;
	raw.stale_reason = "HTTP 401";
	raw.stale_remedy = "";

	struct rc_image a, b, c;
	draw(&bd.c, &v, &a);
	draw(&bd.c, &dutch, &b);
	draw(&bd.c, &raw, &c);
	struct wb_layout L;
	wb_renderer_layout(&v, bd.c.w, bd.c.h, &L);
	assert_true(L.stale_bar.h > 0);
	assert_int_equal(rc_diff_inside(&a, &b, L.stale_bar), 0);
	assert_true(rc_diff_inside(&a, &c, L.stale_bar) > 200);
	assert_int_equal(rc_detail(&a, bar_tail(&L)), 0); /* not cut off */
	rc_image_free(&a);
	rc_image_free(&b);
	rc_image_free(&c);
	board_close(&bd);
}

/* Every failure's words in every language fit the stale bar of a 1080p
 * screen at the default scale, next to "Data stale since 10:15": nothing
 * is cut off with "…" (the table in core/board.c, walked). */
static void test_stale_bar_words_fit(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "stale-fit", no_ticker);
	size_t n;
	const struct wb_fetch_words *rows = wb_fetch_words_table(&n);
	const enum wb_lang langs[] = { WB_LANG_NL, WB_LANG_EN, WB_LANG_FR };
	for (size_t l = 0; l < 3; l++) {
		bd.cfg.display.language = langs[l];
		for (size_t i = 0; i < n; i++) {
			char what[WB_VIEW_WORDS_MAX];
			/* a status of three digits, as the view adds it */
			snprintf(what, sizeof what, "%s%s", wb_i18n(langs[l], rows[i].message),
				 rows[i].reason == WB_FETCH_REASON_HTTP ? " (503)" : "");
			struct wb_view v = bd.view;
			v.stale = true;
			v.conn = WB_CONN_OFFLINE;
			v.stale_since_wall_ms = RC_NOW_MS - 5 * 60 * 1000;
			v.stale_reason = what;
			v.stale_remedy = wb_i18n(langs[l], rows[i].remedy);
			struct wb_layout L;
			struct rc_image img;
			wb_renderer_layout(&v, bd.c.w, bd.c.h, &L);
			draw(&bd.c, &v, &img);
			if (rc_detail(&img, bar_tail(&L)) != 0)
				fail_msg("%s: \"%s: %s\" does not fit the stale bar", wb_lang_name(langs[l]),
					 what, v.stale_remedy);
			rc_image_free(&img);
		}
	}
	board_close(&bd);
}

/* The start screen of a board whose first poll got a 401: the status line
 * is the Dutch words (as the main loop sets it) and the remedy is a line of
 * its own. */
static void test_start_screen_words_401(void **state)
{
	(void)state;
	struct board bd;
	board_open_with(&bd, NULL, 1920, 1080, "start-401", NULL);
	struct wb_view words;
	words_for_401(&bd.cfg, &words);
	bd.view.conn = WB_CONN_OFFLINE;
	bd.view.feed_host = "feed.example.nl";
	struct wb_view v = bd.view;
	v.status_line = v.stale_reason = words.stale_reason;
	v.stale_remedy = words.stale_remedy;
	struct wb_view dutch = bd.view;
	dutch.status_line = dutch.stale_reason = "De feed weigert het token (401)";
	dutch.stale_remedy = "controleer feed.token";
	struct wb_view raw = bd.view;
	raw.status_line = raw.stale_reason = "HTTP 401";
	raw.stale_remedy = "";

	struct rc_image a, b, c;
	draw(&bd.c, &v, &a);
	draw(&bd.c, &dutch, &b);
	draw(&bd.c, &raw, &c);
	wb_renderer_layout(&v, bd.c.w, bd.c.h, &bd.L);
	struct wb_rect body = below_header(&bd);
	assert_int_equal(rc_diff_inside(&a, &b, body), 0);
	assert_true(rc_diff_inside(&a, &c, body) > 1000);
	assert_true(rc_share(&a, body, RC_AMBER) > rc_share(&c, body, RC_AMBER)); /* the remedy line */
	rc_image_free(&a);
	rc_image_free(&b);
	rc_image_free(&c);
	board_close(&bd);
}

/* ---- start screen --------------------------------------------------------- */

static void test_start_screen(void **state)
{
	const struct size_case *sc = *state;
	struct board bd;
	board_open_with(&bd, NULL, sc->w, sc->h, "start", NULL);
	bd.view.conn = WB_CONN_CONNECTING;
	bd.view.feed_host = "feed.example.nl";
	bd.view.status_line = "Verbinden met feed.example.nl…";

	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L); /* connecting */
	struct wb_rect body = below_header(&bd);

	struct rc_image none, two;
	draw(&bd.c, &bd.view, &none);
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.addrs[1] = "fd00::1234:5678";
	bd.view.n_addrs = 2;
	draw(&bd.c, &bd.view, &two);

	assert_true(rc_mean_luma(&none, bd.L.header) > 10.0); /* never a black screen */
	assert_true(rc_share(&none, body, RC_BRIGHT) > 0.002);
	assert_true(rc_share(&none, body, RC_AMBER) > 0.0005); /* "no network" warning */
	assert_true(rc_share(&two, body, RC_BRIGHT) > rc_share(&none, body, RC_BRIGHT));
	assert_true(rc_diff_inside(&none, &two, body) > 1000);
	assert_int_equal(rc_diff_outside(&none, &two, body), 0);

	rc_image_free(&none);
	rc_image_free(&two);
	board_close(&bd);
}

/* The board's name on the network beside its addresses (issue 16): the
 * hostname as name.local and the URL by that name, at the reading size,
 * on the start screen and on the identify screen. */
static void expect_names(const cJSON *desc, const char *element, const char *where)
{
	static const char *const names[] = { "wallboard-1a2b3c4d.local",
					     "http://wallboard-1a2b3c4d.local:8080/", "192.168.10.23" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const cJSON *t = rc_desc_text(desc, element, 0, names[i]);
		if (!t)
			fail_msg("%s: no \"%s\"", where, names[i]);
		int cap = rc_desc_int(t, "cap_px");
		if (cap * 1000 < 25 * 1080)
			fail_msg("%s: \"%s\" is %d px, under the reading size", where, names[i], cap);
	}
}

static void test_hostname_on_start_and_identify(void **state)
{
	(void)state;
	struct board bd;
	board_open_with(&bd, NULL, 1920, 1080, "hostname", NULL);
	bd.view.conn = WB_CONN_CONNECTING;
	bd.view.feed_host = "feed.example.nl";
	bd.view.status_line = "Verbinden met feed.example.nl…";
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.addrs[1] = "fd00::1234:5678";
	bd.view.n_addrs = 2;
	bd.view.hostname = "wallboard-1a2b3c4d";
	bd.view.http_port = 8080;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L);
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(desc);
	expect_names(desc, "start", "start screen");
	cJSON_Delete(desc);

	/* Without a network there is no name to reach it by. */
	bd.view.n_addrs = 0;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	desc = wb_renderer_describe(bd.c.r);
	assert_null(rc_desc_text(desc, "start", 0, "wallboard-1a2b3c4d.local"));
	cJSON_Delete(desc);
	bd.view.n_addrs = 2;

	bd.view.identify_name = "Vloer 2 oost";
	bd.view.identify_until_ms = bd.view.anim_ms + 10000;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	desc = wb_renderer_describe(bd.c.r);
	assert_non_null(rc_desc_text(desc, "identify", 0, "Vloer 2 oost"));
	expect_names(desc, "identify", "identify screen");
	cJSON_Delete(desc);
	board_close(&bd);
}

/* HTTPS (issue 17): while it serves, the URLs shown are https on its port,
 * and the identify screen carries the certificate's SHA-256 in openssl's
 * form, in two readable halves and whole in its note; while HTTPS is on
 * but broken, the start screen says why. */
static void test_https_url_and_fingerprint(void **state)
{
	(void)state;
	static const char fp[] = "61:40:AA:57:29:95:F2:31:0A:6E:B7:B3:6D:8B:17:87:"
				 "59:4E:D5:5F:0F:AE:42:56:B0:62:86:03:31:3C:5F:E3";
	struct board bd;
	board_open_with(&bd, NULL, 1920, 1080, "https", NULL);
	bd.view.conn = WB_CONN_CONNECTING;
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.n_addrs = 1;
	bd.view.hostname = "wallboard-1a2b3c4d";
	bd.view.http_port = 8080;
	bd.view.https_port = 8443;
	bd.view.tls_fingerprint = fp;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L);
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(rc_desc_text(desc, "start", 0, "https://wallboard-1a2b3c4d.local:8443/"));
	assert_non_null(
		rc_desc_text(desc, "start", 0, "SHA-256 61:40:AA:57:29:95:F2:31:0A:6E:B7:B3:6D:8B:17:87"));
	assert_non_null(rc_desc_text(desc, "start", 0, "59:4E:D5:5F:0F:AE:42:56:B0:62:86:03:31:3C:5F:E3"));
	cJSON_Delete(desc);

	bd.view.identify_name = "Vloer 2 oost";
	bd.view.identify_until_ms = bd.view.anim_ms + 10000;
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	desc = wb_renderer_describe(bd.c.r);
	assert_non_null(rc_desc_element(desc, "identify", "fingerprint", fp));
	assert_non_null(
		rc_desc_text(desc, "identify", 0, "SHA-256 61:40:AA:57:29:95:F2:31:0A:6E:B7:B3:6D:8B:17:87"));
	assert_non_null(rc_desc_text(desc, "identify", 0, "59:4E:D5:5F:0F:AE:42:56:B0:62:86:03:31:3C:5F:E3"));
	assert_non_null(rc_desc_text(desc, "identify", 0, "https://wallboard-1a2b3c4d.local:8443/"));
	cJSON_Delete(desc);

	bd.view.identify_until_ms = 0;
	bd.view.https_port = 0;
	bd.view.tls_fingerprint = NULL;
	bd.view.tls_error = "tls: /etc/x.key is not the key of the certificate in /etc/x.pem";
	draw(&bd.c, &bd.view, &img);
	rc_image_free(&img);
	desc = wb_renderer_describe(bd.c.r);
	assert_non_null(rc_desc_text(desc, "start", 0, "http://wallboard-1a2b3c4d.local:8080/"));
	assert_non_null(
		rc_desc_text_prefix(desc, "start", 0, "\xE2\x9A\xA0 HTTPS \xE2\x80\x94 tls: /etc/x.key"));
	cJSON_Delete(desc);
	board_close(&bd);
}

/* ---- paging ------------------------------------------------------------- */

static void test_paging(void **state)
{
	(void)state;
	struct board bd;
	board_open_with(&bd, "feed-many-channels.json", 1920, 1080, "paging", NULL);
	assert_int_equal(bd.snap->n_channels, 30);

	struct wb_layout L1, L2;
	struct rc_image p1, p2;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &L1);
	draw(&bd.c, &bd.view, &p1);
	bd.view.anim_ms = (int64_t)bd.cfg.display.page_s * 1000;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &L2);
	draw(&bd.c, &bd.view, &p2);

	assert_int_equal(L1.n_pages, 2); /* two pages of 15 */
	assert_int_equal(L1.page, 0);
	assert_int_equal(L2.page, 1);
	assert_int_equal(L1.n_tiles, 15);
	assert_int_equal(L2.first_tile, 15);
	assert_true(L1.page_indicator.h > 0);
	assert_true(rc_share(&p1, L1.page_indicator, RC_BRIGHT) > 0.01);
	/* Same geometry, other channels and another page number. */
	assert_memory_equal(&L1.grid, &L2.grid, sizeof L1.grid);
	assert_true(rc_diff_inside(&p1, &p2, L1.page_indicator) > 50);
	assert_true(rc_diff_inside(&p1, &p2, L1.tiles[0].label) > 50);
	for (size_t i = 0; i < L1.n_tiles; i++)
		assert_true(rc_detail(&p2, L2.tiles[i].label) > 100);
	/* Fifteen tiles on a 1080p landscape screen stay readable too: the
	 * waited time at 5 % of the height, every word at 2.5 %. */
	assert_true(73 * L1.font_timer / 100 * 100 >= 5 * 1080);
	assert_true(73 * L1.font_min / 100 * 1000 >= 25 * 1080);

	rc_image_free(&p1);
	rc_image_free(&p2);
	board_close(&bd);
}

/* 30 channels page as two of 15; every channel in trouble is on the first
 * page, worst first, and the page dots say which page holds trouble. 13 and
 * 16 channels fit one page. */
static void test_paging_trouble_first(void **state)
{
	(void)state;
	struct board bd;
	board_open_with(&bd, "feed-many-channels.json", 1920, 1080, "trouble", no_ticker);
	size_t n = bd.snap->n_channels;
	enum wb_view_trouble of[WB_FEED_MAX_CHANNELS];
	size_t severe = 0, warn = 0;
	for (size_t i = 0; i < n; i++) {
		of[i] = wb_view_channel_trouble(&bd.view, &bd.snap->channels[i]);
		severe += of[i] == WB_VIEW_TROUBLE_SEVERE;
		warn += of[i] == WB_VIEW_TROUBLE_WARN;
	}
	/* The fixture has both kinds, fewer than a page, and calm ones. */
	assert_true(severe > 0 && warn > 0 && severe + warn < 15);

	struct rc_image img;
	for (int page = 0; page < 2; page++) {
		bd.view.anim_ms = (int64_t)page * bd.cfg.display.page_s * 1000;
		draw(&bd.c, &bd.view, &img);
		rc_image_free(&img);
		cJSON *desc = wb_renderer_describe(bd.c.r);
		assert_non_null(desc);
		const cJSON *el;
		enum wb_view_trouble prev = WB_VIEW_TROUBLE_SEVERE;
		size_t tiles = 0;
		cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(desc, "elements"))
		{
			if (strcmp(rc_desc_str(el, "element"), "tiles") != 0)
				continue;
			tiles++;
			enum wb_view_trouble t = of[rc_channel_index(bd.snap, rc_desc_str(el, "channel"))];
			if (page == 1 && t != WB_VIEW_TROUBLE_NONE)
				fail_msg("%s is in trouble but on page 2", rc_desc_str(el, "channel"));
			if (t > prev)
				fail_msg("%s comes after a calmer channel", rc_desc_str(el, "channel"));
			prev = t;
		}
		assert_int_equal(tiles, 15);
		const cJSON *dots = rc_desc_element(desc, "page_indicator", "page1", "severe");
		assert_non_null(dots);
		assert_string_equal(rc_desc_str(dots, "page2"), "none");
		cJSON_Delete(desc);
	}
	/* 13 and 16 channels: one page, in feed order. */
	for (size_t keep = 13; keep <= 16; keep += 3) {
		bd.snap->n_channels = keep;
		bd.view.anim_ms = 0;
		wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L);
		assert_int_equal(bd.L.n_pages, 1);
		assert_int_equal(bd.L.n_tiles, keep);
		draw(&bd.c, &bd.view, &img);
		rc_image_free(&img);
		cJSON *desc = wb_renderer_describe(bd.c.r);
		const cJSON *first = rc_desc_element(desc, "tiles", "channel", bd.snap->channels[0].id);
		assert_non_null(first);
		assert_int_equal(rc_desc_int(first, "index"), 0);
		cJSON_Delete(desc);
	}
	bd.snap->n_channels = n;
	board_close(&bd);
}

/* ---- odd channel counts: 0, 1, 12 ---------------------------------------- */

static void test_channel_counts(void **state)
{
	(void)state;
	struct board bd;
	board_open_with(&bd, "feed-many-channels.json", 1920, 1080, "counts", NULL);
	size_t all = bd.snap->n_channels;
	static const size_t counts[] = { 0, 1, 12 };
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		/* Draw a prefix of the channel list; restored before the free. */
		bd.snap->n_channels = counts[k];
		rc_view_init(&bd.view, bd.snap, &bd.cfg);
		wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L);
		struct rc_image img;
		draw(&bd.c, &bd.view, &img);
		assert_int_equal(bd.L.n_tiles, counts[k]);
		assert_int_equal(bd.L.n_pages, 1);
		assert_int_equal(bd.L.page_indicator.h, 0);
		if (counts[k] == 0)
			assert_true(rc_share(&img, bd.L.grid, RC_BRIGHT) + rc_detail(&img, bd.L.grid) >
				    500); /* "no channels" */
		for (size_t i = 0; i < bd.L.n_tiles; i++) {
			assert_true(rc_detail(&img, bd.L.tiles[i].label) > 100);
			assert_true(rc_detail(&img, bd.L.tiles[i].sla) > 100);
		}
		if (counts[k] == 1)
			assert_true(73 * bd.L.font_timer / 100 * 100 >= bd.c.h * 5);
		rc_image_free(&img);
	}
	bd.snap->n_channels = all;
	board_close(&bd);
}

/* ---- language ------------------------------------------------------------ */

static void test_language(void **state)
{
	(void)state;
	struct board_pair p;
	pair_open(&p, 1920, 1080, "lang", english, NULL);
	/* Captions sit in the lower part of the counts row: "VANDAAG" vs "TODAY". */
	struct wb_rect cr = p.La.tiles[0].counts;
	struct wb_rect captions = { cr.x, cr.y + cr.h * 2 / 3, cr.w, cr.h - cr.h * 2 / 3 };
	assert_true(rc_diff_inside(&p.img_a, &p.img_b, captions) > 200);
	rc_check_full_feed(&p.img_b, p.snap, &p.La);
	pair_close(&p);
}

static void french(struct wb_config *cfg)
{
	cfg->display.language = WB_LANG_FR;
}

/* Whether s holds word, ASCII letters compared without case (captions are
 * upper-cased). */
static bool holds_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++) {
		size_t k = 0;
		while (k < n && s[k] && (s[k] | 0x20) == (word[k] | 0x20))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* Whether s is the feed's own text (title, labels, alert messages,
 * mentions), which is shown in the language it was sent in. */
static bool from_feed(const struct wb_snapshot *snap, const char *s)
{
	if (snap->title && strstr(snap->title, s))
		return true;
	for (size_t i = 0; i < snap->n_channels; i++)
		if (strstr(snap->channels[i].label, s))
			return true;
	for (size_t i = 0; i < snap->n_alerts; i++)
		if (strstr(snap->alerts[i].message, s))
			return true;
	for (size_t i = 0; i < snap->n_latest; i++)
		if (strstr(snap->latest[i].text, s) ||
		    (snap->latest[i].author && strstr(snap->latest[i].author, s)))
			return true;
	return false;
}

/* French: every word the board itself draws is French; no Dutch or English
 * word of the catalogue appears, in the live board and stale. */
static void test_french_has_no_other_words(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "fr", french);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			bd.view.stale = true;
			bd.view.conn = WB_CONN_OFFLINE;
			bd.view.stale_since_wall_ms = RC_NOW_MS - 5 * 60 * 1000;
		}
		struct rc_image img;
		draw(&bd.c, &bd.view, &img);
		rc_image_free(&img);
		cJSON *desc = wb_renderer_describe(bd.c.r);
		const cJSON *t;
		size_t checked = 0;
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
		{
			const char *text = rc_desc_str(t, "text");
			if (from_feed(bd.snap, text))
				continue;
			checked++;
			for (int m = 0; m < WB_MSG_COUNT_; m++) {
				const char *fr = wb_i18n(WB_LANG_FR, (enum wb_msg)m);
				const char *other[] = { wb_i18n(WB_LANG_NL, (enum wb_msg)m),
							wb_i18n(WB_LANG_EN, (enum wb_msg)m) };
				for (size_t k = 0; k < 2; k++)
					if (strlen(other[k]) >= 4 && !holds_word(fr, other[k]) &&
					    holds_word(text, other[k]))
						fail_msg("\"%s\" (%s) holds \"%s\"", text,
							 rc_desc_str(t, "element"), other[k]);
			}
		}
		assert_true(checked > 20);
		/* The waiting count's word, accents kept. */
		assert_non_null(rc_desc_text(desc, "tiles", 0, "sans r\xC3\xA9ponse"));
		cJSON_Delete(desc);
	}
	board_close(&bd);
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
	/* Versions 14 and 19 of clang-format measure this line's width differently. */
	/* clang-format off */
	static const char unit[] = "漢字かな 🙂👍🏽👨‍👩‍👧 \xee\x80\x80 \xf4\x8f\xbf\xbf שלום e\xcc\x81\xcc\xa7 ";
	/* clang-format on */
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

/* ---- ticker privacy (display.privacy) ------------------------------------- */

static void set_mention(struct wb_mention *m, const char *author, const char *text)
{
	free(m->author);
	m->author = strdup(author);
	assert_non_null(m->author);
	replace_text(m, text);
}

static size_t diff_all(const struct rc_image *a, const struct rc_image *b)
{
	return rc_diff_inside(a, b, (struct wb_rect){ 0, 0, a->w, a->h });
}

/* "names": two feeds whose mentions differ only in the author, the @handle,
 * an e-mail address and the author's name typed into the text draw the same
 * frame, pixel for pixel; other words of the text still show. "text": the
 * text does not matter at all, the sentiment still does. */
static void test_ticker_privacy(void **state)
{
	(void)state;
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *jan = rc_load_example("feed-full.json");
	struct wb_snapshot *piet = rc_load_example("feed-full.json");
	struct wb_snapshot *other = rc_load_example("feed-full.json");
	assert_true(jan->n_latest >= 3);
	for (size_t i = 0; i < jan->n_latest; i++) {
		set_mention(&jan->latest[i], "Jan Jansen",
			    "@jan_j: pakket kwijt, mail jan@example.nl, Jan Jansen");
		set_mention(&piet->latest[i], "@pietk", "@pietk: pakket kwijt, mail p.k@example.nl, pietk");
		set_mention(&other->latest[i], "Jan Jansen",
			    "@jan_j: pakket terug, mail jan@example.nl, Jan Jansen");
	}
	struct canvas c;
	canvas_open(&c, 1920, 1080, "privacy");
	struct wb_view vj, vp, vo;
	rc_view_init(&vj, jan, &cfg);
	rc_view_init(&vp, piet, &cfg);
	rc_view_init(&vo, other, &cfg);
	struct wb_layout L;
	wb_renderer_layout(&vj, c.w, c.h, &L);
	assert_true(L.ticker.h > 0);
	static const int64_t times[] = { 0, 1234, 20000 };
	static const enum wb_privacy modes[] = { WB_PRIVACY_OFF, WB_PRIVACY_HIDE_NAMES,
						 WB_PRIVACY_HIDE_TEXT };
	for (size_t t = 0; t < sizeof times / sizeof times[0]; t++) {
		for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
			cfg.display.privacy = modes[k];
			vj.anim_ms = vp.anim_ms = vo.anim_ms = times[t];
			struct rc_image j, p, o;
			draw(&c, &vj, &j);
			draw(&c, &vp, &p);
			draw(&c, &vo, &o);
			assert_true(rc_detail(&j, L.ticker) > 500); /* time, channel, sentiment at least */
			assert_int_equal(rc_diff_outside(&j, &p, L.ticker), 0);
			if (modes[k] == WB_PRIVACY_OFF)
				assert_true(rc_diff_inside(&j, &p, L.ticker) > 100);
			else
				assert_int_equal(diff_all(&j, &p), 0);
			if (modes[k] == WB_PRIVACY_HIDE_TEXT)
				assert_int_equal(diff_all(&j, &o), 0);
			else
				assert_true(rc_diff_inside(&j, &o, L.ticker) > 100);
			rc_image_free(&j);
			rc_image_free(&p);
			rc_image_free(&o);
		}
	}
	/* Without the text, the sentiment is still there (in words and colour). */
	cfg.display.privacy = WB_PRIVACY_HIDE_TEXT;
	vj.anim_ms = vo.anim_ms = 0;
	for (size_t i = 0; i < other->n_latest; i++)
		other->latest[i].sentiment = other->latest[i].sentiment == WB_SENTIMENT_NEGATIVE
						     ? WB_SENTIMENT_POSITIVE
						     : WB_SENTIMENT_NEGATIVE;
	struct rc_image j, o;
	draw(&c, &vj, &j);
	draw(&c, &vo, &o);
	assert_true(rc_diff_inside(&j, &o, L.ticker) > 100);
	rc_image_free(&j);
	rc_image_free(&o);
	canvas_close(&c);
	wb_snapshot_free(jan);
	wb_snapshot_free(piet);
	wb_snapshot_free(other);
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
	struct wb_textcache *tc = wb_textcache_create(wb_display_renderer(&c.d), fonts, 1u << 20);
	assert_non_null(tc);
	struct wb_text plain = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "a", 0xffffff, 0);
	struct wb_text mixed = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "a\xF0\x9F\x91\x8D", 0xffffff, 0);
	struct wb_text only =
		wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xF0\x9F\x91\x8D\xF0\x9F\xAB\xA0", 0xffffff, 0);
	assert_non_null(plain.tex);
	assert_non_null(mixed.tex);
	assert_int_equal(mixed.w, plain.w);
	assert_null(only.tex);
	/* What the font has stays: accents and the euro sign. */
	struct wb_text accents =
		wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xC3\xA9\xE2\x82\xAC", 0xffffff, 0);
	struct wb_text e = wb_textcache_get(tc, WB_FACE_REGULAR, 40, "\xC3\xA9", 0xffffff, 0);
	assert_true(accents.w > e.w);
	wb_textcache_destroy(tc);
	wb_fonts_destroy(fonts);
	canvas_close(&c);
}

/* The text cache: a measure rasterises nothing and agrees with the texture;
 * each colour is its own texture; the byte budget evicts the least recently
 * used strings, never one the frame being drawn uses. */
/* Pixels of w x h at the canvas's top left. */
static void read_back(struct canvas *c, int w, int h, uint32_t *out)
{
	SDL_Rect rc = { 0, 0, w, h };
	if (SDL_RenderReadPixels(wb_display_renderer(&c->d), &rc, SDL_PIXELFORMAT_ARGB8888, out, w * 4) != 0)
		fail_msg("read back: %s", SDL_GetError());
}

struct strip_check {
	struct canvas c;
	struct wb_textcache *tc;
	uint32_t *whole, *strip; /* read-back pixels */
	int64_t now;
	size_t checked;
};

/* s at face/px from the strip against SDL_ttf's rendering of it whole:
 * the same size, measure and pixels, over an opaque background. */
static void check_strip_string(struct strip_check *k, enum wb_face face, int px, const char *s)
{
	/* Not the background's colour, so edges show. */
	const uint32_t fg = 0x3fc0e0;
	SDL_Renderer *sdl = wb_display_renderer(&k->c.d);
	k->now++; /* lets the cache evict the strings already checked */
	struct wb_text_run run, zero;
	assert_true(wb_textcache_run(k->tc, face, px, "0", fg, k->now, &zero));
	bool from_strip = wb_textcache_run(k->tc, face, px, s, fg, k->now, &run);
	struct wb_text m = wb_textcache_measure(k->tc, face, px, s, k->now);
	struct wb_text t = wb_textcache_get(k->tc, face, px, s, fg, k->now);
	if (!from_strip) {
		/* Only a glyph taller than the line (‖ at some sizes) keeps a
		 * string off the strip. */
		if (t.h <= zero.t.h)
			fail_msg("face %d, %d px: \"%s\" not from the strip", face, px, s);
		return;
	}
	if (!t.tex)
		return; /* "  ": SDL_ttf draws no surface for blanks alone */
	if (run.t.w != t.w || run.t.h != t.h || m.w != t.w || run.t.ascent != t.ascent)
		fail_msg("face %d, %d px, \"%s\": strip %dx%d, measured %d, SDL_ttf %dx%d", face, px, s,
			 run.t.w, run.t.h, m.w, t.w, t.h);
	SDL_SetRenderDrawColor(sdl, 20, 24, 28, 255);
	SDL_RenderClear(sdl);
	SDL_SetTextureAlphaMod(t.tex, 255);
	SDL_RenderCopy(sdl, t.tex, NULL, &(SDL_Rect){ 0, 0, t.w, t.h });
	read_back(&k->c, t.w, t.h, k->whole);
	SDL_RenderClear(sdl);
	SDL_SetTextureAlphaMod(run.t.tex, 255);
	for (size_t i = 0; i < run.n; i++)
		SDL_RenderCopy(sdl, run.t.tex, &run.src[i],
			       &(SDL_Rect){ run.x[i], 0, run.src[i].w, run.src[i].h });
	read_back(&k->c, t.w, t.h, k->strip);
	for (int p = 0; p < t.w * t.h; p++)
		if (k->whole[p] != k->strip[p])
			fail_msg("face %d, %d px, \"%s\": pixel %d,%d is %06x, SDL_ttf's %06x", face, px, s,
				 p % t.w, p / t.w, (unsigned)(k->strip[p] & 0xffffff),
				 (unsigned)(k->whole[p] & 0xffffff));
	k->checked++;
}

/* A timer's digits drawn from the glyph strip are exactly the string SDL_ttf
 * renders whole: same size, same pixels, for every pair of the strip's code
 * points (kerning and glyph boxes are pairwise) and real timers, in the
 * three faces at a small, a middle and a large size. */
static void test_textcache_digit_strip(void **state)
{
	(void)state;
	static const char *const glyphs[] = { " ",           "%", "+", ",", "-", ".",
					      "0",           "1", "2", "3", "4", "5",
					      "6",           "7", "8", "9", ":", "\xE2\x88\x92",
					      "\xE2\x80\x96" };
	static const char *const timers[] = { "12:34",
					      "+8:00",
					      "\xE2\x88\x92"
					      "14%",
					      "1.234",
					      "\xE2\x80\x96 23:00",
					      "10:00:00",
					      "100%" };
	static const enum wb_face faces[] = { WB_FACE_REGULAR, WB_FACE_BOLD, WB_FACE_MONO_BOLD };
	static const int sizes[] = { 13, 48, 131 };
	const size_t n_glyphs = sizeof glyphs / sizeof glyphs[0];
	struct strip_check k = { .now = 0 };
	canvas_open(&k.c, 1024, 192, "strip");
	struct wb_error err;
	wb_error_clear(&err);
	struct wb_fonts *fonts = wb_fonts_create(&err);
	assert_non_null(fonts);
	k.tc = wb_textcache_create(wb_display_renderer(&k.c.d), fonts, 8u << 20);
	assert_non_null(k.tc);
	k.whole = malloc(1024 * 192 * 4);
	k.strip = malloc(1024 * 192 * 4);
	assert_non_null(k.whole);
	assert_non_null(k.strip);
	for (size_t f = 0; f < sizeof faces / sizeof faces[0]; f++) {
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			char s[32];
			for (size_t i = 0; i < n_glyphs * n_glyphs; i++) {
				snprintf(s, sizeof s, "%s%s", glyphs[i / n_glyphs], glyphs[i % n_glyphs]);
				check_strip_string(&k, faces[f], sizes[z], s);
			}
			for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++)
				check_strip_string(&k, faces[f], sizes[z], timers[i]);
		}
	}
	/* Most of them were compared, not let off. */
	assert_true(k.checked > 9 * (n_glyphs - 1) * (n_glyphs - 1));
	/* Anything else is not from the strip. */
	struct wb_text_run run;
	assert_false(wb_textcache_run(k.tc, WB_FACE_BOLD, 48, "Nog 7:00", 0, k.now, &run));
	assert_false(wb_textcache_run(k.tc, WB_FACE_BOLD, 48, "", 0, k.now, &run));
	assert_false(wb_textcache_run(k.tc, WB_FACE_BOLD, 48, "1\xC3", 0, k.now, &run));
	assert_false(wb_textcache_run(k.tc, WB_FACE_BOLD, 48, "1234567890123456789012345", 0, k.now, &run));
	free(k.whole);
	free(k.strip);
	wb_textcache_destroy(k.tc);
	wb_fonts_destroy(fonts);
	canvas_close(&k.c);
}

static void test_textcache_colours_measures_and_budget(void **state)
{
	(void)state;
	struct canvas c;
	canvas_open(&c, 64, 64, "textcache");
	struct wb_error err;
	wb_error_clear(&err);
	struct wb_fonts *fonts = wb_fonts_create(&err);
	assert_non_null(fonts);
	struct wb_textcache *tc = wb_textcache_create(wb_display_renderer(&c.d), fonts, 1u << 20);
	assert_non_null(tc);

	struct wb_text m = wb_textcache_measure(tc, WB_FACE_BOLD, 48, "12:34", 0);
	assert_null(m.tex);
	assert_true(m.w > 0 && m.h > 0);
	assert_int_equal(wb_textcache_stats(tc).bytes, 0);
	struct wb_text red = wb_textcache_get(tc, WB_FACE_BOLD, 48, "12:34", 0xff0000, 0);
	struct wb_text green = wb_textcache_get(tc, WB_FACE_BOLD, 48, "12:34", 0x00ff00, 0);
	assert_non_null(red.tex);
	assert_non_null(green.tex);
	assert_ptr_not_equal(red.tex, green.tex);
	assert_int_equal(red.w, m.w);
	assert_int_equal(red.h, m.h);
	assert_int_equal(red.ascent, m.ascent);
	assert_int_equal(wb_textcache_stats(tc).bytes, (size_t)m.w * (size_t)m.h * 4 * 2);

	/* A budget of about three such strings: at one instant all stay (the
	 * frame needs them), a later one makes room from the oldest. */
	wb_textcache_set_budget(tc, (size_t)m.w * (size_t)m.h * 4 * 3);
	struct wb_text a = wb_textcache_get(tc, WB_FACE_BOLD, 48, "56:78", 0xffffff, 0);
	struct wb_text b = wb_textcache_get(tc, WB_FACE_BOLD, 48, "90:12", 0xffffff, 0);
	assert_non_null(a.tex);
	assert_non_null(b.tex);
	assert_int_equal(wb_textcache_stats(tc).evictions, 0);
	assert_true(wb_textcache_stats(tc).bytes > (size_t)m.w * (size_t)m.h * 4 * 3);
	struct wb_text later = wb_textcache_get(tc, WB_FACE_BOLD, 48, "34:56", 0xffffff, 1);
	assert_non_null(later.tex);
	struct wb_textcache_stats st = wb_textcache_stats(tc);
	assert_true(st.evictions >= 2);
	assert_true(st.bytes <= (size_t)m.w * (size_t)m.h * 4 * 3);
	/* The newest is still there: a hit, not a new rasterisation. */
	uint64_t misses = st.misses;
	assert_ptr_equal(wb_textcache_get(tc, WB_FACE_BOLD, 48, "34:56", 0xffffff, 1).tex, later.tex);
	assert_int_equal(wb_textcache_stats(tc).misses, misses);
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
	struct board bd;
	board_open(&bd, 960, 540, "pulse", no_ticker); /* keep only the pulse */
	struct canvas *c = &bd.c;
	struct wb_view *view = &bd.view;
	const struct wb_layout *L = &bd.L;
	assert_int_equal(L->ticker.h, 0);

	/* While a critical alert is up the picture changes by itself: the main
	 * loop must come back for the pulse's next brightness step. */
	assert_true(wb_frameclock_next_ms(view) <= WB_FRAMECLOCK_PULSE_PERIOD_MS / WB_FRAMECLOCK_PULSE_STEPS);

	struct rc_image a, b;
	draw(c, view, &a);
	view->anim_ms = 500;
	draw(c, view, &b);
	assert_true(rc_diff_inside(&a, &b, L->alert_banner) > 100);
	assert_int_equal(rc_diff_outside(&a, &b, L->alert_banner), 0);
	rc_image_free(&a);
	rc_image_free(&b);

	/* Sample three seconds of animation every 25 ms: successive brightness
	 * peaks must be at least 500 ms apart (never faster than 2 Hz). */
	enum {
		STEP_MS = 25,
		SAMPLES = 121
	};
	int level[SAMPLES];
	for (int i = 0; i < SAMPLES; i++) {
		view->anim_ms = (int64_t)i * STEP_MS;
		struct rc_image f;
		draw(c, view, &f);
		level[i] = banner_level(&f, L);
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
	struct wb_snapshot *snap = bd.snap;
	size_t n_alerts = snap->n_alerts;
	for (size_t i = 0; i < n_alerts; i++)
		if (snap->alerts[i].severity == WB_SEVERITY_CRITICAL)
			snap->alerts[i].severity = WB_SEVERITY_WARNING;
	view->anim_ms = 0;
	view->wall_now_ms = view->server_now_ms = RC_NOW_MS + 200;
	assert_int_equal(wb_frameclock_next_ms(view), 800);
	draw(c, view, &a);
	view->anim_ms = 500;
	draw(c, view, &b);
	assert_int_equal(rc_diff_inside(&a, &b, L->alert_banner), 0);
	rc_image_free(&a);
	rc_image_free(&b);

	board_close(&bd);
}

/* ---- remote configuration: theme, rotation, filter, scale ------------------ */

/* Mean luma of the margin between the bands under the header (the summary
 * strip) and the alert banner: pure page background. */
static double background_luma(const struct rc_image *img, const struct wb_layout *L)
{
	int top = L->header.y + L->header.h + L->stale_bar.h + L->summary.h;
	struct wb_rect gap = { 0, top, img->w, L->pad };
	return rc_mean_luma(img, gap);
}

static void test_theme_light(void **state)
{
	(void)state;
	struct board_pair p;
	pair_open(&p, 1920, 1080, "light", light_theme, NULL);
	const struct rc_image *a = &p.img_a, *b = &p.img_b;
	const struct wb_layout *L = &p.Lb;

	assert_true(background_luma(a, L) < 40.0);
	assert_true(background_luma(b, L) > 200.0);
	assert_true(rc_mean_luma(b, L->header) > 200.0);
	/* Dark text on light cards: the labels average light but have dark ink. */
	for (size_t i = 0; i < L->n_tiles; i++) {
		/* The name, not the attainment pill at the row's end. */
		struct wb_rect name = L->tiles[i].label;
		name.w = L->tiles[i].attain.x - name.x;
		assert_true(rc_mean_luma(b, name) > 150.0);
		assert_true(rc_mean_luma(a, name) < 100.0);
		assert_true(rc_detail(b, L->tiles[i].label) > 100);
	}
	/* A calm card's border stands out from the background at 3:1 (the
	 * white card alone is about 1.2:1 on the light grey). */
	struct wb_rect fr = L->tiles[rc_channel_index(p.snap, "webchat")].frame;
	struct wb_rect edge = { fr.x, fr.y + fr.h / 3, 1, fr.h / 3 };
	struct wb_rect out = { fr.x - 3, fr.y + fr.h / 3, 1, fr.h / 3 };
	double c = rc_contrast(rc_mode_rgb(b, edge), rc_mode_rgb(b, out), RC_VISION_NORMAL);
	if (c < 3.0)
		fail_msg("light card border %.2f:1 against the background", c);
	/* The states read the same from 8 m: breached red, warning amber, ok
	 * green, the critical banner red. */
	rc_check_full_feed(b, p.snap, L);
	pair_close(&p);
}

/* out = img turned a quarter clockwise (w and h swap). */
static void turn_cw(const struct rc_image *img, struct rc_image *out)
{
	out->w = img->h;
	out->h = img->w;
	out->px = malloc((size_t)img->w * (size_t)img->h * 4);
	assert_non_null(out->px);
	for (int y = 0; y < out->h; y++)
		for (int x = 0; x < out->w; x++)
			out->px[(size_t)y * (size_t)out->w + (size_t)x] =
				img->px[(size_t)(img->h - 1 - x) * (size_t)img->w + (size_t)y];
}

static void assert_same_image(const struct rc_image *a, const struct rc_image *b)
{
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	struct wb_rect all = { 0, 0, a->w, a->h };
	size_t differ = rc_diff_inside(a, b, all);
	if (differ > 0)
		fail_msg("%zu pixels differ", differ);
}

/* A portrait board on a landscape TV: the frame is laid out at 1080x1920 and
 * turned onto the 1920x1080 output. Every right angle gives exactly the
 * upright frame, turned. */
static void test_rotation(void **state)
{
	(void)state;
	struct wb_config upright, turned;
	wb_config_defaults(&upright);
	wb_config_defaults(&turned);
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas land, port;
	canvas_open(&land, 1920, 1080, "rotate");
	canvas_open(&port, 1080, 1920, "rotate");
	struct wb_view vu, vt;
	rc_view_init(&vu, snap, &upright);
	rc_view_init(&vt, snap, &turned);
	vu.anim_ms = vt.anim_ms = 1234; /* ticker mid-scroll, pulse mid-way */

	struct rc_image land0, port0;
	draw(&land, &vu, &land0); /* the cached layer must follow the size change */
	draw(&port, &vu, &port0);

	turned.display.rotation = 90;
	struct wb_layout L90, Lport;
	wb_renderer_layout(&vt, land.w, land.h, &L90);
	wb_renderer_layout(&vu, port.w, port.h, &Lport);
	assert_int_equal(L90.header.w, 1080);
	assert_true(L90.grid.y + L90.grid.h > 1080);
	assert_memory_equal(&L90, &Lport, sizeof L90);
	struct rc_image r90, want;
	draw(&land, &vt, &r90);
	turn_cw(&port0, &want);
	assert_same_image(&r90, &want);
	/* The header band runs down the right edge, along the 1080 side. */
	struct wb_rect right = { land.w - L90.header.h, 0, L90.header.h, land.h };
	struct wb_rect top = { 0, 0, land.w, L90.header.h };
	struct wb_rect edge = { land.w - 4, 0, 4, land.h };
	assert_true(rc_share_near(&r90, edge, 0x121820, 2) > 0.9); /* header colour (dark theme) */
	assert_true(rc_share(&r90, right, RC_BRIGHT) > 0.02);      /* title and clock */
	assert_true(rc_share_near(&r90, top, 0x121820, 2) < 0.5);
	rc_image_free(&want);

	/* 270: the upright frame turned three quarters. */
	turned.display.rotation = 270;
	struct rc_image r270, t1, t2;
	draw(&land, &vt, &r270);
	turn_cw(&port0, &t1);
	turn_cw(&t1, &t2);
	rc_image_free(&t1);
	turn_cw(&t2, &want);
	rc_image_free(&t2);
	assert_same_image(&r270, &want);
	rc_image_free(&want);

	/* 180: the landscape frame upside down, and the same layout. */
	turned.display.rotation = 180;
	struct wb_layout L180, L0;
	wb_renderer_layout(&vt, land.w, land.h, &L180);
	wb_renderer_layout(&vu, land.w, land.h, &L0);
	assert_memory_equal(&L180, &L0, sizeof L0);
	struct rc_image r180;
	draw(&land, &vt, &r180);
	turn_cw(&land0, &t1);
	turn_cw(&t1, &want);
	rc_image_free(&t1);
	assert_same_image(&r180, &want);
	rc_image_free(&want);

	/* Back to upright on the same renderer: the cached layer is not stale. */
	struct rc_image again;
	draw(&land, &vu, &again);
	assert_same_image(&again, &land0);

	rc_image_free(&again);
	rc_image_free(&r180);
	rc_image_free(&r270);
	rc_image_free(&r90);
	rc_image_free(&land0);
	rc_image_free(&port0);
	canvas_close(&land);
	canvas_close(&port);
	wb_snapshot_free(snap);
}

static void swap_channels(struct wb_snapshot *s, size_t i, size_t j)
{
	struct wb_channel t = s->channels[i];
	s->channels[i] = s->channels[j];
	s->channels[j] = t;
}

/* display.channels ["whatsapp", "twitter"] (plus an id the feed lacks and a
 * repeat): exactly the frame of a feed with only those two, in that order. */
static void test_channel_filter(void **state)
{
	(void)state;
	struct wb_config cfg, plain;
	wb_config_defaults(&cfg);
	wb_config_defaults(&plain);
	cfg.display.ticker = plain.display.ticker = false; /* mentions name hidden channels */
	static const char *const ids[] = { "whatsapp", "twitter", "tiktok", "whatsapp" };
	cfg.display.n_channels = 4;
	for (size_t i = 0; i < 4; i++)
		snprintf(cfg.display.channels[i], sizeof cfg.display.channels[i], "%s", ids[i]);

	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct wb_snapshot *ref = rc_load_example("feed-full.json");
	size_t all = ref->n_channels;
	swap_channels(ref, 0, rc_channel_index(ref, "whatsapp"));
	swap_channels(ref, 1, rc_channel_index(ref, "twitter"));
	ref->n_channels = 2;

	struct canvas c;
	canvas_open(&c, 1920, 1080, "filter");
	struct wb_view vf, vr;
	rc_view_init(&vf, snap, &cfg);
	rc_view_init(&vr, ref, &plain);
	struct wb_layout Lf, Lr;
	wb_renderer_layout(&vf, c.w, c.h, &Lf);
	wb_renderer_layout(&vr, c.w, c.h, &Lr);
	assert_int_equal(Lf.n_tiles, 2);
	assert_memory_equal(&Lf, &Lr, sizeof Lf);
	struct rc_image a, b;
	draw(&c, &vf, &a);
	draw(&c, &vr, &b);
	assert_same_image(&a, &b);
	/* whatsapp (breached) first, twitter (ok) second. */
	assert_true(rc_share(&a, Lf.tiles[0].sla, RC_RED) > 0.5);
	assert_true(rc_share(&a, Lf.tiles[1].sla, RC_RED) < 0.05);
	assert_true(rc_contrast(rc_mode_rgb(&a, Lf.tiles[0].sla), rc_mode_rgb(&a, Lf.tiles[1].sla),
				RC_VISION_NORMAL) >= 3.0);
	/* The tiles really differ (different channels, not one drawn twice). */
	struct rc_image none;
	cfg.display.n_channels = 1;
	draw(&c, &vf, &none);
	assert_true(rc_diff_inside(&a, &none, Lf.grid) > 1000);

	rc_image_free(&none);
	rc_image_free(&a);
	rc_image_free(&b);

	/* The ticker hides mentions of hidden channels: the same as a feed whose
	 * latest list has only the listed channels' mentions, in feed order. */
	cfg.display.n_channels = 4;
	cfg.display.ticker = plain.display.ticker = true;
	size_t all_latest = ref->n_latest, kept = 0;
	for (size_t i = 0; i < ref->n_latest; i++) {
		const char *ch = ref->latest[i].channel;
		if (ch && (strcmp(ch, "whatsapp") == 0 || strcmp(ch, "twitter") == 0)) {
			struct wb_mention m = ref->latest[i];
			memmove(&ref->latest[kept + 1], &ref->latest[kept], (i - kept) * sizeof m);
			ref->latest[kept++] = m;
		}
	}
	assert_true(kept >= 2 && kept < all_latest);
	ref->n_latest = kept;
	wb_renderer_layout(&vf, c.w, c.h, &Lf);
	assert_true(Lf.ticker.h > 0);
	for (int64_t t = 0; t <= 6000; t += 3000) {
		vf.anim_ms = vr.anim_ms = t;
		draw(&c, &vf, &a);
		draw(&c, &vr, &b);
		assert_same_image(&a, &b);
		rc_image_free(&a);
		rc_image_free(&b);
	}
	/* Nothing of the listed channels in the latest list: no ticker band. */
	snprintf(cfg.display.channels[0], sizeof cfg.display.channels[0], "%s", "nosuch");
	cfg.display.n_channels = 1;
	wb_renderer_layout(&vf, c.w, c.h, &Lf);
	assert_int_equal(Lf.ticker.h, 0);

	canvas_close(&c);
	ref->n_latest = all_latest;
	ref->n_channels = all;
	wb_snapshot_free(ref);
	wb_snapshot_free(snap);
}

/* Scale 0.5 and 2.0 in both orientations: every state still reads right and
 * every tile has its content; text grows with the scale; a long title is cut
 * inside the header, never drawn over the tiles. */
static void test_scale(void **state)
{
	const struct size_case *sc = *state;
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas c;
	canvas_open(&c, sc->w, sc->h, "scale");
	static const double scales[] = { 0.5, 2.0 };
	int title_px[2];
	for (size_t k = 0; k < 2; k++) {
		struct wb_config cfg;
		wb_config_defaults(&cfg);
		cfg.display.scale = scales[k];
		struct wb_view view;
		rc_view_init(&view, snap, &cfg);
		struct wb_layout L;
		wb_renderer_layout(&view, c.w, c.h, &L);
		title_px[k] = L.font_title;
		struct rc_image img, longer;
		draw(&c, &view, &img);
		rc_check_full_feed(&img, snap, &L);
		view.title = "Webcare Nederland, vloer 2, team sociale media en chat, avonddienst en weekend";
		draw(&c, &view, &longer);
		assert_true(rc_diff_inside(&img, &longer, L.header) > 20);
		assert_int_equal(rc_diff_outside(&img, &longer, L.header), 0);
		rc_image_free(&img);
		rc_image_free(&longer);
	}
	assert_true(title_px[1] > title_px[0] * 2);
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- remote configuration: identify, pairing, warnings, acks -------------- */

#define IDENTIFY_RGB 0x6a1b9au

static void test_identify(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "identify", NULL);
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.n_addrs = 1;
	bd.view.identify_name = "Vloer 2 \xC2\xB7 scherm 7";
	bd.view.anim_ms = 4000;
	/* Ends where the banner's turn is back at the most urgent alert. */
	bd.view.identify_until_ms = 3 * WB_VIEW_ALERT_MS;
	struct wb_rect all = { 0, 0, bd.c.w, bd.c.h };

	struct rc_image id, other, after;
	draw(&bd.c, &bd.view, &id);
	assert_true(rc_share_near(&id, all, IDENTIFY_RGB, 6) > 0.6);
	assert_true(rc_share(&id, all, RC_BRIGHT) > 0.03); /* large white text */
	assert_true(rc_detail(&id, (struct wb_rect){ 0, bd.c.h / 4, bd.c.w, bd.c.h / 2 }) > 20000);
	/* The name and the address are what is drawn. */
	bd.view.identify_name = "Vloer 2 \xC2\xB7 scherm 8";
	draw(&bd.c, &bd.view, &other);
	struct wb_rect d = rc_diff_bbox(&id, &other);
	assert_true(d.h * 100 >= bd.c.h * 8); /* a digit taller than 8% of the screen */
	rc_image_free(&other);
	bd.view.addrs[0] = "192.168.10.24";
	draw(&bd.c, &bd.view, &other);
	assert_true(rc_diff_bbox(&id, &other).h > 0);
	rc_image_free(&other);

	/* The loop wakes when it ends, not an animation frame at a time. */
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 1000);
	bd.view.anim_ms = bd.view.identify_until_ms - 10;
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 10);
	bd.view.anim_ms = bd.view.identify_until_ms;
	assert_true(wb_frameclock_next_ms(&bd.view) <= 40); /* the ticker again */
	draw(&bd.c, &bd.view, &after);
	assert_true(rc_share_near(&after, all, IDENTIFY_RGB, 6) < 0.01);
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L); /* of the board as it is now */
	rc_check_full_feed(&after, bd.snap, &bd.L);

	rc_image_free(&id);
	rc_image_free(&after);
	board_close(&bd);
}

/* The generated admin token on the start screen: large (read from 2-3 m),
 * with the address to use it at, and gone once the board has no code. */
static void test_pairing_code(void **state)
{
	const struct size_case *sc = *state;
	struct board bd;
	board_open_with(&bd, NULL, sc->w, sc->h, "pairing", NULL);
	bd.view.status_line = "Verbinden met feed.example.nl\xE2\x80\xA6";
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.addrs[1] = "fd00::1234:5678";
	bd.view.n_addrs = 2;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L); /* with the addresses */
	struct wb_rect body = below_header(&bd);

	struct rc_image none, code, code2;
	draw(&bd.c, &bd.view, &none);
	bd.view.pairing_code = "7KQ2-9XPL-M4TD";
	draw(&bd.c, &bd.view, &code);
	bd.view.pairing_code = "7KQ2-9XPL-M4TE";
	draw(&bd.c, &bd.view, &code2);
	assert_true(rc_diff_inside(&none, &code, body) > 5000);
	assert_int_equal(rc_diff_outside(&none, &code, body), 0);
	/* One character of the code: its glyph is at least 5% of the short
	 * side tall, and inside the body. */
	struct wb_rect d = rc_diff_bbox(&code, &code2);
	int short_side = bd.c.w < bd.c.h ? bd.c.w : bd.c.h;
	assert_true(d.h * 100 >= short_side * 5);
	assert_true(d.y >= body.y);
	/* The instruction names the address to use it at. */
	struct rc_image other_addr;
	bd.view.pairing_code = "7KQ2-9XPL-M4TD";
	bd.view.addrs[0] = "192.168.10.99";
	draw(&bd.c, &bd.view, &other_addr);
	assert_true(rc_diff_inside(&code, &other_addr, body) > 200);

	rc_image_free(&other_addr);
	rc_image_free(&none);
	rc_image_free(&code);
	rc_image_free(&code2);
	board_close(&bd);
}

/* A corrupt config file: the reason on the start screen, and with data a
 * small amber mark in the header and nothing else changed. */
static void test_config_warning(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "cfgwarn", NULL);

	struct wb_view start;
	rc_view_init(&start, NULL, &bd.cfg);
	start.addrs[0] = "192.168.10.23";
	start.n_addrs = 1;
	struct wb_layout Ls;
	wb_renderer_layout(&start, bd.c.w, bd.c.h, &Ls);
	struct wb_rect body = { 0, Ls.header.h, bd.c.w, bd.c.h - Ls.header.h };
	struct rc_image s0, s1;
	draw(&bd.c, &start, &s0);
	start.config_warning = "config.json ongeldig; laatste goede versie in gebruik";
	draw(&bd.c, &start, &s1);
	assert_true(rc_share(&s1, body, RC_AMBER) > rc_share(&s0, body, RC_AMBER) + 0.001);
	/* Said in the board's language before the problem's own words. */
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(rc_desc_text_prefix(
		desc, "start", 0, "\xE2\x9A\xA0 Configuratiefout \xE2\x80\x94 config.json ongeldig"));
	cJSON_Delete(desc);
	rc_image_free(&s0);
	rc_image_free(&s1);

	bd.view.config_warning = "";
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L); /* with the empty warning */
	struct rc_image a, b;
	draw(&bd.c, &bd.view, &a);
	bd.view.config_warning = "config.json ongeldig";
	draw(&bd.c, &bd.view, &b);
	assert_true(rc_share(&a, bd.L.header, RC_AMBER) < 0.001);
	assert_true(rc_share(&b, bd.L.header, RC_AMBER) > 0.01);
	assert_int_equal(rc_diff_outside(&a, &b, bd.L.header), 0);
	rc_check_full_feed(&b, bd.snap, &bd.L);
	rc_image_free(&a);
	rc_image_free(&b);
	board_close(&bd);
}

/* Data on screen before anyone paired: the code moves to the header, in the
 * identify violet, and nothing else changes. */
static void test_pairing_code_with_data(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "pairdata", NULL);
	struct rc_image a, b;
	draw(&bd.c, &bd.view, &a);
	bd.view.pairing_code = "K7QF-M2XD-9RTA-WP4H-3NCB";
	draw(&bd.c, &bd.view, &b);
	assert_true(rc_share_near(&a, bd.L.header, 0x6a1b9a, 12) < 0.001);
	assert_true(rc_share_near(&b, bd.L.header, 0x6a1b9a, 12) > 0.01);
	assert_int_equal(rc_diff_outside(&a, &b, bd.L.header), 0);
	rc_check_full_feed(&b, bd.snap, &bd.L);
	rc_image_free(&a);
	rc_image_free(&b);
	board_close(&bd);
}

/* After the first minutes the live board no longer carries its admin
 * token: with data the frame is the one without a code, pixel for pixel;
 * the start screen and the identify screen still show it. */
static void test_pairing_code_only_early(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "pairlate", NULL);
	bd.view.started_ms = 5000;
	int64_t late[] = { 5000 + WB_PRIVACY_PAIRING_WINDOW_MS, 5000 + 8 * 3600 * 1000LL };
	for (size_t i = 0; i < sizeof late / sizeof late[0]; i++) {
		struct rc_image none, code;
		bd.view.anim_ms = late[i];
		bd.view.pairing_code = NULL;
		draw(&bd.c, &bd.view, &none);
		bd.view.pairing_code = "K7QF-M2XD-9RTA-WP4H-3NCB";
		draw(&bd.c, &bd.view, &code);
		assert_int_equal(rc_diff_inside(&none, &code, (struct wb_rect){ 0, 0, bd.c.w, bd.c.h }), 0);
		assert_true(rc_share_near(&code, bd.L.header, 0x6a1b9a, 12) < 0.001);
		rc_image_free(&none);
		rc_image_free(&code);
	}
	/* A millisecond before the window closes it is still there. */
	struct rc_image none, code;
	bd.view.anim_ms = late[0] - 1;
	bd.view.pairing_code = NULL;
	draw(&bd.c, &bd.view, &none);
	bd.view.pairing_code = "K7QF-M2XD-9RTA-WP4H-3NCB";
	draw(&bd.c, &bd.view, &code);
	assert_true(rc_share_near(&code, bd.L.header, 0x6a1b9a, 12) > 0.01);
	assert_int_equal(rc_diff_outside(&none, &code, bd.L.header), 0);
	rc_image_free(&none);
	rc_image_free(&code);

	/* Identify, hours later: the code under the name and address. */
	bd.view.anim_ms = late[1];
	bd.view.identify_until_ms = late[1] + 10000;
	bd.view.addrs[0] = "192.168.10.23";
	bd.view.n_addrs = 1;
	bd.view.pairing_code = NULL;
	draw(&bd.c, &bd.view, &none);
	bd.view.pairing_code = "K7QF-M2XD-9RTA-WP4H-3NCB";
	draw(&bd.c, &bd.view, &code);
	assert_true(rc_diff_inside(&none, &code, (struct wb_rect){ 0, 0, bd.c.w, bd.c.h }) > 2000);
	rc_image_free(&none);
	rc_image_free(&code);
	bd.view.identify_until_ms = 0;

	/* The start screen, hours later: still the code, nobody can pair without it. */
	struct wb_view start;
	rc_view_init(&start, NULL, &bd.cfg);
	start.started_ms = 5000;
	start.anim_ms = late[1];
	start.addrs[0] = "192.168.10.23";
	start.n_addrs = 1;
	struct wb_layout Ls;
	wb_renderer_layout(&start, bd.c.w, bd.c.h, &Ls);
	struct wb_rect body = { 0, Ls.header.h, bd.c.w, bd.c.h - Ls.header.h };
	draw(&bd.c, &start, &none);
	start.pairing_code = "K7QF-M2XD-9RTA-WP4H-3NCB";
	draw(&bd.c, &start, &code);
	assert_true(rc_diff_inside(&none, &code, body) > 5000);
	rc_image_free(&none);
	rc_image_free(&code);
	board_close(&bd);
}

static struct wb_alert *critical_alert(struct wb_snapshot *snap)
{
	for (size_t i = 0; i < snap->n_alerts; i++)
		if (snap->alerts[i].severity == WB_SEVERITY_CRITICAL)
			return &snap->alerts[i];
	fail_msg("no critical alert in the fixture");
	return NULL;
}

/* An acknowledged critical alert stays, but goes calm (no pulse, no red
 * field, a small mark; its tile keeps the chip but loses the red frame); an
 * unacknowledged critical one leads the banner. */
static void test_acknowledged_alert(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 960, 540, "ack", no_ticker); /* keep only the pulse */
	struct wb_alert *crit = critical_alert(bd.snap);

	struct rc_image live0, live1, ack0, ack1;
	draw(&bd.c, &bd.view, &live0);
	bd.view.anim_ms = 500;
	draw(&bd.c, &bd.view, &live1);
	assert_true(rc_diff_inside(&live0, &live1, bd.L.alert_banner) > 100);

	crit->acknowledged = true;
	bd.view.anim_ms = 0;
	draw(&bd.c, &bd.view, &ack0);
	bd.view.anim_ms = 500;
	draw(&bd.c, &bd.view, &ack1);
	assert_int_equal(rc_diff_inside(&ack0, &ack1, bd.L.alert_banner), 0);
	assert_true(rc_share(&live0, bd.L.alert_banner, RC_RED) > 0.5);
	assert_true(rc_share(&ack1, bd.L.alert_banner, RC_RED) < 0.1);
	/* The mark: only the banner and the alert's tile change. */
	assert_true(rc_diff_inside(&live0, &ack0, bd.L.alert_banner) > 100);
	size_t twitter = rc_channel_index(bd.snap, crit->channel);
	assert_true(twitter < bd.L.n_tiles);
	struct wb_rect tile = bd.L.tiles[twitter].frame;
	assert_true(rc_diff_inside(&live0, &ack0, tile) > 100);
	assert_int_equal(rc_diff_outside(&live0, &ack0, wb_rect_join(bd.L.alert_banner, tile)), 0);
	/* Nothing moves, so the loop may sleep to the next second. */
	bd.view.anim_ms = 0;
	bd.view.wall_now_ms = bd.view.server_now_ms = RC_NOW_MS + 200;
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 800);
	rc_image_free(&ack0);
	rc_image_free(&ack1);

	/* A second critical alert, not acknowledged, takes the banner: it pulses
	 * again although the first is older. */
	for (size_t i = 0; i < bd.snap->n_alerts; i++)
		if (&bd.snap->alerts[i] != crit && bd.snap->alerts[i].severity == WB_SEVERITY_WARNING)
			bd.snap->alerts[i].severity = WB_SEVERITY_CRITICAL;
	assert_true(wb_frameclock_next_ms(&bd.view) <=
		    WB_FRAMECLOCK_PULSE_PERIOD_MS / WB_FRAMECLOCK_PULSE_STEPS);
	bd.view.wall_now_ms = bd.view.server_now_ms = RC_NOW_MS;
	draw(&bd.c, &bd.view, &ack0);
	bd.view.anim_ms = 500;
	draw(&bd.c, &bd.view, &ack1);
	assert_true(rc_diff_inside(&ack0, &ack1, bd.L.alert_banner) > 100);

	rc_image_free(&ack0);
	rc_image_free(&ack1);
	rc_image_free(&live0);
	rc_image_free(&live1);
	board_close(&bd);
}

/* Alerts on the floor: each channel's alert marks its tile (chip and frame
 * in its colour), and the banner shows every alert in turn with its place
 * in the count, a second critical one included. */
static void test_alerts_mark_tiles_and_take_turns(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "alerts", no_ticker);
	/* The fixture's warning (whatsapp) becomes a second critical one. */
	critical_alert(bd.snap);
	for (size_t i = 0; i < bd.snap->n_alerts; i++)
		if (bd.snap->alerts[i].severity == WB_SEVERITY_WARNING)
			bd.snap->alerts[i].severity = WB_SEVERITY_CRITICAL;
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	cJSON *desc = wb_renderer_describe(bd.c.r);
	assert_non_null(desc);
	const char *marked[][2] = { { "twitter", "a-17" }, { "whatsapp", "a-18" } };
	for (size_t k = 0; k < 2; k++) {
		const cJSON *tile = rc_desc_element(desc, "tiles", "channel", marked[k][0]);
		assert_non_null(tile);
		assert_string_equal(rc_desc_str(tile, "alert"), marked[k][1]);
		assert_string_equal(rc_desc_str(tile, "alert_severity"), "critical");
		/* Framed in red, where the calm instagram tile is not. */
		size_t i = rc_channel_index(bd.snap, marked[k][0]);
		struct wb_rect f = bd.L.tiles[i].frame;
		struct wb_rect top_edge = { f.x + f.w / 4, f.y, f.w / 2, wb_imax(bd.L.pad / 4, 2) };
		assert_true(rc_share(&img, top_edge, RC_RED) > 0.8);
	}
	size_t calm = rc_channel_index(bd.snap, "instagram");
	struct wb_rect f = bd.L.tiles[calm].frame;
	assert_true(rc_share(&img, (struct wb_rect){ f.x + f.w / 4, f.y, f.w / 2, 2 }, RC_RED) < 0.1);
	assert_string_equal(rc_desc_str(rc_desc_element(desc, "tiles", "channel", "instagram"), "alert"), "");
	rc_image_free(&img);
	cJSON_Delete(desc);

	/* Turn by turn: the older critical, the second critical, the notice. */
	const char *turns[] = { "a-17", "a-18", "a-19", "a-17" };
	const char *counts[] = { "1 van 3", "2 van 3", "3 van 3", "1 van 3" };
	for (size_t k = 0; k < 4; k++) {
		bd.view.anim_ms = (int64_t)k * WB_VIEW_ALERT_MS;
		draw(&bd.c, &bd.view, &img);
		desc = wb_renderer_describe(bd.c.r);
		const cJSON *banner = rc_desc_element(desc, "banner", "alert", turns[k]);
		if (!banner)
			fail_msg("turn %zu: the banner does not show %s", k, turns[k]);
		assert_non_null(rc_desc_text(desc, "banner", 0, counts[k]));
		/* Critical ones are red; the notice is not. */
		double red = rc_share(&img, bd.L.alert_banner, RC_RED);
		assert_true(k == 2 ? red < 0.1 : red > 0.5);
		rc_image_free(&img);
		cJSON_Delete(desc);
	}
	board_close(&bd);
}

/* ---- issue 5: opening hours, attainment, local alerts, screen care -------- */

/* Amsterdam's rules without the tz database (what wb_tz_load would give for
 * 2026). */
static struct wb_tz *amsterdam(void)
{
	struct wb_tz *tz = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_tz_create_posix("CET-1CEST,M3.5.0,M10.5.0/3", &tz, &err) != WB_OK)
		fail_msg("tz: %s", err.message);
	return tz;
}

/* Tuesday to Friday 08:00-18:00 for one channel: on the fixture's Monday
 * morning it is closed, and opens on Tuesday. */
static void close_on_mondays(struct wb_config *cfg, const char *channel)
{
	struct wb_channel_hours *ch = &cfg->sla.channel_hours[cfg->sla.n_channel_hours++];
	snprintf(ch->channel, sizeof ch->channel, "%s", channel);
	wb_hours_init_closed(&ch->hours);
	for (int d = 2; d <= 5; d++)
		assert_int_equal(wb_hours_add(&ch->hours, d, 8 * 60, 18 * 60), WB_OK);
}

static void facebook_closed_on_mondays(struct wb_config *cfg)
{
	close_on_mondays(cfg, "facebook");
}

/* The screen on weekdays 07:00-10:21 only: the fixture's instant is 10:20 in
 * Amsterdam, a minute before it goes off. */
static void screen_on_until_1021(struct wb_config *cfg)
{
	wb_hours_init_closed(&cfg->screen.schedule.on);
	for (int d = 1; d <= 5; d++)
		assert_int_equal(wb_hours_add(&cfg->screen.schedule.on, d, 7 * 60, 10 * 60 + 21), WB_OK);
}

#define CLOSED_DARK_RGB 0x2a2e36u

static void test_closed_tile(void **state)
{
	const struct size_case *sc = *state;
	struct wb_tz *tz = amsterdam();
	struct board_pair p;
	pair_open(&p, sc->w, sc->h, "closed", facebook_closed_on_mondays, tz);
	const struct rc_image *open_img = &p.img_a, *closed_img = &p.img_b;
	struct wb_view *closed_view = &p.b;
	size_t fb = rc_channel_index(p.snap, "facebook");
	struct wb_rect box = rc_tile_sla(&p.Lb, fb);
	struct wb_rect frame = p.Lb.tiles[fb - p.Lb.first_tile].frame;

	/* Open, facebook is nearly due (23 of 30 minutes); closed, the calm
	 * slate, far from the open colour. */
	assert_true(rc_contrast(rc_mode_rgb(open_img, box), CLOSED_DARK_RGB, RC_VISION_NORMAL) >= 3.0);
	assert_true(rc_share(closed_img, box, RC_AMBER) < 0.02);
	assert_true(rc_share(closed_img, box, RC_RED) < 0.02);
	assert_true(rc_share(closed_img, box, RC_GREEN) < 0.02);
	assert_true(rc_share_near(closed_img, box, CLOSED_DARK_RGB, 3) > 0.5);
	/* Words in it ("Gesloten", "opent di 08:00"), and only this tile changed. */
	assert_true(rc_detail(closed_img, box) > 500);
	assert_true(rc_diff_inside(open_img, closed_img, box) > 500);
	assert_int_equal(rc_diff_outside(open_img, closed_img, frame), 0);

	/* A minute later nothing in the box moves: no running timer. */
	struct rc_image later;
	closed_view->server_now_ms += 60 * 1000;
	draw(&p.c, closed_view, &later);
	assert_int_equal(rc_diff_inside(closed_img, &later, box), 0);
	rc_image_free(&later);

	/* The reopening time is drawn: Tuesday vs Wednesday differ in the box. */
	struct wb_channel_hours *h = &p.cfg_b.sla.channel_hours[0];
	wb_hours_init_closed(&h->hours);
	for (int d = 3; d <= 5; d++)
		assert_int_equal(wb_hours_add(&h->hours, d, 8 * 60, 18 * 60), WB_OK);
	closed_view->server_now_ms = RC_NOW_MS;
	draw(&p.c, closed_view, &later);
	assert_true(rc_diff_inside(closed_img, &later, box) > 20);
	assert_int_equal(rc_diff_outside(closed_img, &later, box), 0);
	rc_image_free(&later);

	pair_close(&p);
	wb_tz_destroy(tz);
}

struct attain_check {
	const char *id;
	double pct;
	enum rc_class want;
};

/* The attainment pill in its band's colour: green from 90 %, amber from
 * 75 %, red below (the defaults), and configurable. */
static void test_attainment_colours(void **state)
{
	const struct size_case *sc = *state;
	static const struct attain_check checks[] = {
		{ "twitter", 95.0, RC_GREEN },
		{ "facebook", 80.0, RC_AMBER },
		{ "linkedin", 60.0, RC_RED },
	};
	struct board bd;
	board_open(&bd, sc->w, sc->h, "attain", NULL);
	for (size_t i = 0; i < 3; i++)
		bd.snap->channels[rc_channel_index(bd.snap, checks[i].id)].sla.within_target_pct =
			checks[i].pct;
	size_t none = rc_channel_index(bd.snap, "webchat");
	bd.snap->channels[none].sla.has_within_target_pct = false;
	wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &bd.L); /* of the changed feed */
	struct rc_image img;
	draw(&bd.c, &bd.view, &img);
	/* The bands' pills: poor in red, and all three apart by luminance, for
	 * the colour-blind too (good, fair, poor in checks' order). */
	uint32_t fill[3];
	for (size_t i = 0; i < 3; i++) {
		struct wb_rect pill =
			bd.L.tiles[rc_channel_index(bd.snap, checks[i].id) - bd.L.first_tile].attain;
		assert_true(pill.w > 0 && pill.h > 0);
		fill[i] = rc_mode_rgb(&img, pill);
		double red = rc_share(&img, pill, RC_RED);
		assert_true(checks[i].want == RC_RED ? red > 0.4 : red < 0.05);
		assert_true(rc_detail(&img, pill) > 50); /* the percentage */
	}
	for (int v = RC_VISION_NORMAL; v <= RC_VISION_DEUTERANOPIA; v++)
		for (size_t i = 0; i < 3; i++)
			assert_true(rc_contrast(fill[i], fill[(i + 1) % 3], v) >= 3.0);
	/* No attainment in the feed: no pill, the card's own colour. */
	struct wb_rect empty = bd.L.tiles[none - bd.L.first_tile].attain;
	assert_int_equal(rc_detail(&img, empty), 0);

	/* Stricter bands from the config turn the 95 % pill amber. */
	bd.cfg.sla.attain_good_pct = 98.0;
	struct rc_image strict;
	draw(&bd.c, &bd.view, &strict);
	struct wb_rect tw = bd.L.tiles[rc_channel_index(bd.snap, "twitter") - bd.L.first_tile].attain;
	assert_int_equal(rc_mode_rgb(&strict, tw), fill[1]); /* fair, as facebook's */
	rc_image_free(&strict);
	rc_image_free(&img);
	board_close(&bd);
}

static void set_str(char **field, const char *value)
{
	free(*field);
	*field = strdup(value);
	assert_non_null(*field);
}

/* Makes alert 0 the local negative-share alert main.c merges in, leading the
 * banner (the others become info), with this message. */
static void make_local_alert(struct wb_snapshot *snap, enum wb_severity severity, const char *message)
{
	assert_true(snap->n_alerts >= 2);
	struct wb_alert *a = &snap->alerts[0];
	set_str(&a->id, "local:negative_share:facebook");
	set_str(&a->kind, "negative_share");
	set_str(&a->channel, "facebook");
	set_str(&a->message, message);
	a->severity = severity;
	a->acknowledged = false;
	a->has_since = true;
	a->since_ms = RC_NOW_MS - 4 * 60 * 1000;
	for (size_t i = 1; i < snap->n_alerts; i++)
		snap->alerts[i].severity = WB_SEVERITY_INFO;
}

/* A local alert looks like the feed's, and its reason is there in full in
 * both orientations: changing its last digit changes the picture (a message
 * cut with "…" would hide it). */
static void test_local_alert_banner(void **state)
{
	const struct size_case *sc = *state;
	struct board bd;
	board_open(&bd, sc->w, sc->h, "localalert", no_ticker);
	assert_true(bd.L.alert_banner.h > 0);

	struct rc_image warn30, warn31, crit;
	make_local_alert(bd.snap, WB_SEVERITY_WARNING, "Facebook 38% negatief (drempel 30%)");
	assert_int_equal(wb_view_top_alert(bd.snap), 0);
	draw(&bd.c, &bd.view, &warn30);
	make_local_alert(bd.snap, WB_SEVERITY_WARNING, "Facebook 38% negatief (drempel 31%)");
	draw(&bd.c, &bd.view, &warn31);
	assert_true(rc_share(&warn30, bd.L.alert_banner, RC_AMBER) > 0.5);
	assert_true(rc_detail(&warn30, bd.L.alert_banner) > 1000);
	struct wb_rect d = rc_diff_bbox(&warn30, &warn31);
	assert_true(d.w > 0);
	assert_true(d.y >= bd.L.alert_banner.y && d.y + d.h <= bd.L.alert_banner.y + bd.L.alert_banner.h);
	/* The digit is near the end of the message, in the right part of it. */
	assert_true(d.x > bd.L.alert_banner.x + bd.L.alert_banner.w / 3);

	/* Critical: red, like a critical alert from the feed. */
	make_local_alert(bd.snap, WB_SEVERITY_CRITICAL, "Facebook 38% negatief (drempel 30%)");
	draw(&bd.c, &bd.view, &crit);
	assert_true(rc_share(&crit, bd.L.alert_banner, RC_RED) > 0.5);

	rc_image_free(&crit);
	rc_image_free(&warn30);
	rc_image_free(&warn31);
	board_close(&bd);
}

/* A reason too long for any banner is still cut with "…", inside it. */
static void test_local_alert_too_long(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1080, 1920, "localalert-long", no_ticker);
	static const char head[] =
		"Facebook 38% negatief (drempel 30%) en verder een heel lange uitleg die nooit "
		"op een scherm past, ook niet op een breed scherm met kleine letters, ";
	char a_msg[512], b_msg[512];
	snprintf(a_msg, sizeof a_msg, "%sA", head);
	snprintf(b_msg, sizeof b_msg, "%sB", head);
	struct rc_image a, b;
	make_local_alert(bd.snap, WB_SEVERITY_WARNING, a_msg);
	draw(&bd.c, &bd.view, &a);
	make_local_alert(bd.snap, WB_SEVERITY_WARNING, b_msg);
	draw(&bd.c, &bd.view, &b);
	assert_int_equal(rc_diff_inside(&a, &b, (struct wb_rect){ 0, 0, bd.c.w, bd.c.h }), 0);
	assert_true(rc_detail(&a, bd.L.alert_banner) > 1000);
	rc_image_free(&a);
	rc_image_free(&b);
	board_close(&bd);
}

/* Outside the on-hours the frame is black, nothing else; the loop sleeps
 * until the schedule switches (at most a minute), never at animation rate. */
static void test_screen_off(void **state)
{
	(void)state;
	struct wb_tz *tz = amsterdam();
	struct board bd;
	board_open(&bd, 1920, 1080, "screenoff", screen_on_until_1021);
	bd.view.tz = tz;
	bd.view.anim_ms = 250; /* ticker mid-scroll, critical pulse mid-way */
	struct wb_rect all = { 0, 0, bd.c.w, bd.c.h };

	struct rc_image on, off, on_again;
	draw(&bd.c, &bd.view, &on);
	assert_true(wb_frameclock_next_ms(&bd.view) <= 40);
	bd.view.screen_off = true;
	draw(&bd.c, &bd.view, &off);
	assert_int_equal(rc_max_luma(&off, all), 0);
	assert_true(rc_share_near(&off, all, 0x000000, 0) > 0.999);
	/* 10:20 local; the screen is on until 10:21: wake at the switch. */
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 60 * 1000);
	bd.view.wall_now_ms += 30 * 1000;
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 30 * 1000);
	/* Far from any switch: once a minute. */
	bd.view.wall_now_ms = RC_NOW_MS + 3 * 3600 * 1000;
	assert_int_equal(wb_frameclock_next_ms(&bd.view), 60 * 1000);
	/* Back on: the cached layer was not spoilt by the black frames. */
	bd.view.wall_now_ms = RC_NOW_MS;
	bd.view.screen_off = false;
	draw(&bd.c, &bd.view, &on_again);
	assert_same_image(&on, &on_again);
	/* Light theme: still black, not the theme's background. */
	bd.cfg.display.theme = WB_THEME_LIGHT;
	bd.view.screen_off = true;
	rc_image_free(&off);
	draw(&bd.c, &bd.view, &off);
	assert_int_equal(rc_max_luma(&off, all), 0);

	rc_image_free(&on);
	rc_image_free(&off);
	rc_image_free(&on_again);
	board_close(&bd);
	wb_tz_destroy(tz);
}

/* Issue 13: the header clock, its date and "stale since" are in the board's
 * zone (view->tz, loaded from sla.time_zone), never the process's TZ: with
 * TZ=UTC, as on the image, a board in Amsterdam at 12:00Z shows 13:00 in
 * winter and 14:00 in summer. Each is drawn against the same board in UTC
 * one or two hours later, which shows those digits: header and stale bar
 * must be identical, and differ from UTC's own picture of the instant. */
static void test_clock_in_board_zone(void **state)
{
	(void)state;
	const char *tz_env = getenv("TZ");
	char saved_tz[128] = "";
	if (tz_env)
		snprintf(saved_tz, sizeof saved_tz, "%s", tz_env);
	setenv("TZ", "UTC", 1); /* what localtime_r would now use */
	tzset();
	struct board bd;
	board_open(&bd, 1920, 1080, "clockzone", NULL);
	struct wb_tz *zone = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	assert_string_equal(bd.cfg.sla.time_zone, "Europe/Amsterdam"); /* the default */
	if (wb_tz_load(bd.cfg.sla.time_zone, &zone, &err) != WB_OK)
		fail_msg("tz %s: %s", bd.cfg.sla.time_zone, err.message);
	const struct {
		int64_t at_ms;
		int offset_h;
	} cases[] = {
		{ 1795435200000LL, 1 }, /* 2026-11-23T12:00:00Z: 13:00 CET */
		{ 1784030400000LL, 2 }, /* 2026-07-14T12:00:00Z: 14:00 CEST */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t shift_ms = cases[i].offset_h * 3600 * 1000LL;
		bd.view.stale = true;
		bd.view.stale_reason = "timeout";
		bd.view.wall_now_ms = cases[i].at_ms;
		bd.view.stale_since_wall_ms = cases[i].at_ms - 7 * 60 * 1000; /* 11:53Z */
		struct wb_layout L;
		wb_renderer_layout(&bd.view, bd.c.w, bd.c.h, &L);
		assert_true(L.stale_bar.h > 0);

		struct rc_image local, utc_later, utc_now;
		bd.view.tz = zone;
		draw(&bd.c, &bd.view, &local);
		bd.view.tz = NULL; /* UTC */
		draw(&bd.c, &bd.view, &utc_now);
		bd.view.wall_now_ms += shift_ms;
		bd.view.stale_since_wall_ms += shift_ms;
		draw(&bd.c, &bd.view, &utc_later);

		assert_int_equal(rc_diff_inside(&local, &utc_later, L.header), 0);
		assert_int_equal(rc_diff_inside(&local, &utc_later, L.stale_bar), 0);
		assert_true(rc_diff_inside(&local, &utc_now, L.header) > 20);
		assert_true(rc_diff_inside(&local, &utc_now, L.stale_bar) > 20);
		rc_image_free(&local);
		rc_image_free(&utc_later);
		rc_image_free(&utc_now);
	}
	wb_tz_destroy(zone);
	board_close(&bd);
	if (tz_env)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

struct shift_case {
	int rotation;
	int dx, dy;
};

/* Burn-in care: a shifted frame is the plain one moved, the uncovered edge
 * in background colour; upright and rotated, and on the same renderer (so
 * the cached static layer follows the shift). */
static void test_burnin_shift(void **state)
{
	(void)state;
	static const struct shift_case cases[] = {
		{ 0, 4, 3 }, { 0, -4, -3 }, { 0, 0, 2 }, { 90, 4, 3 }, { 180, -2, 4 },
	};
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct canvas c;
	canvas_open(&c, 960, 540, "shift");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct shift_case *k = &cases[i];
		struct wb_config cfg;
		wb_config_defaults(&cfg);
		cfg.display.rotation = k->rotation;
		struct wb_view view;
		rc_view_init(&view, snap, &cfg);
		view.anim_ms = 1234; /* the banner and the ticker move with the rest */
		struct rc_image plain, moved, back;
		draw(&c, &view, &plain);
		view.shift_x = k->dx;
		view.shift_y = k->dy;
		draw(&c, &view, &moved);
		assert_int_equal(rc_diff_moved(&moved, &plain, k->dx, k->dy), 0);
		assert_true(rc_diff_inside(&plain, &moved, (struct wb_rect){ 0, 0, c.w, c.h }) > 1000);
		/* The uncovered strips: background (dark theme). */
		if (k->dx != 0) {
			int x = k->dx > 0 ? 0 : c.w + k->dx;
			struct wb_rect strip = { x, 0, abs(k->dx), c.h };
			assert_true(rc_share_near(&moved, strip, 0x0b0f14, 0) > 0.999);
		}
		if (k->dy != 0) {
			int y = k->dy > 0 ? 0 : c.h + k->dy;
			struct wb_rect strip = { 0, y, c.w, abs(k->dy) };
			assert_true(rc_share_near(&moved, strip, 0x0b0f14, 0) > 0.999);
		}
		/* And back: exactly the plain frame again. */
		view.shift_x = view.shift_y = 0;
		draw(&c, &view, &back);
		assert_same_image(&plain, &back);
		/* The shift never makes the loop wake on its own. */
		view.shift_x = k->dx;
		int64_t with = wb_frameclock_next_ms(&view);
		view.shift_x = 0;
		assert_int_equal(with, wb_frameclock_next_ms(&view));
		rc_image_free(&plain);
		rc_image_free(&moved);
		rc_image_free(&back);
	}
	canvas_close(&c);
	wb_snapshot_free(snap);
}

/* ---- damage: what is repainted ------------------------------------------ */

static void acknowledge_all(struct wb_snapshot *snap)
{
	for (size_t i = 0; i < snap->n_alerts; i++)
		snap->alerts[i].acknowledged = true; /* nothing pulses */
}

/* The damaged frame must be the frame drawn from scratch. */
static void assert_same_as_fresh(const struct wb_view *view, const struct rc_image *img, const char *name)
{
	struct canvas fresh;
	struct rc_image again;
	canvas_open(&fresh, img->w, img->h, name);
	draw(&fresh, view, &again);
	struct wb_rect d = rc_diff_bbox(img, &again);
	if (d.w != 0)
		fail_msg("%s: repainted frame differs from a fresh one at %d,%d %dx%d", name, d.x, d.y, d.w,
			 d.h);
	rc_image_free(&again);
	canvas_close(&fresh);
}

/* Damage comes from what the elements drew: nothing changed, nothing is
 * repainted; one channel waiting a second longer repaints its SLA box and
 * nothing else, and that frame is the one drawn from scratch. */
static void test_damage_one_timer(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "damage-timer", NULL);
	acknowledge_all(bd.snap);
	struct rc_image first, same, later;
	struct wb_rect dmg[WB_RENDER_TEST_MAX_DAMAGE];
	draw(&bd.c, &bd.view, &first);
	assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 1);
	assert_true(wb_rect_same(dmg[0], (struct wb_rect){ 0, 0, 1920, 1080 }));

	draw(&bd.c, &bd.view, &same);
	assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 0);
	assert_int_equal(rc_diff_bbox(&first, &same).w, 0);

	size_t ig = rc_channel_index(bd.snap, "instagram");
	struct wb_rect box = rc_tile_sla(&bd.L, ig);
	bd.snap->channels[ig].sla.oldest_unanswered_ms -= 1000;
	draw(&bd.c, &bd.view, &later);
	assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 1);
	if (!wb_rect_same(dmg[0], box))
		fail_msg("damage %d,%d %dx%d, SLA box %d,%d %dx%d", dmg[0].x, dmg[0].y, dmg[0].w, dmg[0].h,
			 box.x, box.y, box.w, box.h);
	assert_true(rc_diff_inside(&first, &later, box) > 0); /* the timer moved on */
	assert_int_equal(rc_diff_outside(&first, &later, box), 0);
	assert_same_as_fresh(&bd.view, &later, "damage-timer-fresh");
	/* Its new digits came from the glyph strip: nothing rasterised or even
	 * measured anew. */
	uint64_t misses = wb_renderer_text_stats(bd.c.r).misses;
	bd.snap->channels[ig].sla.oldest_unanswered_ms -= 1000;
	rc_image_free(&later);
	draw(&bd.c, &bd.view, &later);
	assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 1);
	assert_int_equal(wb_renderer_text_stats(bd.c.r).misses, misses);
	rc_image_free(&first);
	rc_image_free(&same);
	rc_image_free(&later);
	board_close(&bd);
}

static bool inside(struct wb_rect r, struct wb_rect outer)
{
	return r.w > 0 && r.h > 0 && r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
	       r.y + r.h <= outer.y + outer.h;
}

/* Every pixel that differs between two frames lies in what the renderer
 * says changed on the output (what a display presents). */
static void assert_changes_reported(const struct canvas *c, const struct rc_image *before,
				    const struct rc_image *after)
{
	SDL_Rect changed[WB_RENDER_MAX_CHANGED];
	size_t n = wb_renderer_changed(c->r, changed, WB_RENDER_MAX_CHANGED);
	assert_true(n > 0 && n <= WB_RENDER_MAX_CHANGED);
	for (int y = 0; y < after->h; y++) {
		for (int x = 0; x < after->w; x++) {
			size_t at = (size_t)y * (size_t)after->w + (size_t)x;
			if ((before->px[at] & 0xffffff) == (after->px[at] & 0xffffff))
				continue;
			bool covered = false;
			for (size_t i = 0; i < n && !covered; i++)
				covered = x >= changed[i].x && x < changed[i].x + changed[i].w &&
					  y >= changed[i].y && y < changed[i].y + changed[i].h;
			if (!covered)
				fail_msg("pixel %d,%d changed outside the %zu reported rectangles", x, y, n);
		}
	}
}

/* An animation frame of the ticker repaints only inside the ticker: on a
 * software output, where the scrolled pixels are moved, only the strip they
 * uncover at its right end, a few pixels wide. One of the critical pulse
 * repaints the banner too. Every such frame equals a fresh one. */
static void test_damage_ticker_and_pulse(void **state)
{
	(void)state;
	struct board bd;
	board_open(&bd, 1920, 1080, "damage-ticker", NULL);
	struct rc_image first, next, pulse;
	struct wb_rect dmg[WB_RENDER_TEST_MAX_DAMAGE];
	draw(&bd.c, &bd.view, &first);
	bd.view.anim_ms += ONE_FRAME_MS * 3; /* the pulse moves too */
	draw(&bd.c, &bd.view, &pulse);
	size_t n = wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE);
	assert_int_equal(n, 2);
	assert_true((wb_rect_same(dmg[0], bd.L.alert_banner) && inside(dmg[1], bd.L.ticker)) ||
		    (wb_rect_same(dmg[1], bd.L.alert_banner) && inside(dmg[0], bd.L.ticker)));
	assert_same_as_fresh(&bd.view, &pulse, "damage-pulse-fresh");

	acknowledge_all(bd.snap);
	rc_image_free(&first);
	draw(&bd.c, &bd.view, &first); /* the banner stops pulsing: repainted once */
	bd.view.anim_ms += ONE_FRAME_MS;
	draw(&bd.c, &bd.view, &next);
	assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 1);
	struct wb_rect t = bd.L.ticker;
	if (!inside(dmg[0], t) || dmg[0].x + dmg[0].w != t.x + t.w || dmg[0].w > 8)
		fail_msg("ticker frame repainted %d,%d %dx%d, not a strip at the end of %d,%d %dx%d",
			 dmg[0].x, dmg[0].y, dmg[0].w, dmg[0].h, t.x, t.y, t.w, t.h);
	assert_true(rc_diff_inside(&first, &next, t) > 0);
	assert_int_equal(rc_diff_outside(&first, &next, t), 0);
	assert_changes_reported(&bd.c, &first, &next);
	assert_same_as_fresh(&bd.view, &next, "damage-ticker-fresh");
	/* Many frames on: scrolling piece by piece stays the frame drawn whole,
	 * also across items entering and leaving. */
	for (int k = 0; k < 150; k++) {
		bd.view.anim_ms += ONE_FRAME_MS;
		wb_renderer_draw(bd.c.r, &bd.view, bd.c.w, bd.c.h);
	}
	rc_image_free(&next);
	draw(&bd.c, &bd.view, &next);
	assert_same_as_fresh(&bd.view, &next, "damage-ticker-fresh");
	rc_image_free(&first);
	rc_image_free(&next);
	rc_image_free(&pulse);
	board_close(&bd);
}

/* The same on a turned board and with the burn-in shift: a ticker frame
 * and a timer tick repaint only their rectangles (turned onto the output on
 * the software path), and every frame equals one drawn from scratch. */
static void test_damage_turned_and_shifted(void **state)
{
	(void)state;
	static const struct {
		int rotation, dx, dy;
	} cases[] = { { 90, 0, 0 }, { 180, 0, 0 }, { 270, 0, 0 }, { 0, 3, -2 }, { 0, -3, 4 }, { 90, -2, 4 } };
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct board bd;
		board_open(&bd, 1920, 1080, "damage-turned", NULL);
		bd.cfg.display.rotation = cases[k].rotation;
		bd.view.shift_x = cases[k].dx;
		bd.view.shift_y = cases[k].dy;
		wb_renderer_layout(&bd.view, 1920, 1080, &bd.L);
		acknowledge_all(bd.snap);
		struct rc_image first, ticked, timed;
		struct wb_rect dmg[WB_RENDER_TEST_MAX_DAMAGE];
		draw(&bd.c, &bd.view, &first);
		bd.view.anim_ms += ONE_FRAME_MS;
		draw(&bd.c, &bd.view, &ticked);
		size_t n = wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE);
		assert_true(n >= 1);
		/* Turned too, the scrolled pixels are moved on the output: only
		 * the strip they uncover is painted (and, where the shift cuts the
		 * ticker off, the strip that comes in at the output's edge). */
		struct wb_rect t = bd.L.ticker;
		bool at_end = false;
		for (size_t i = 0; i < n; i++) {
			if (!inside(dmg[i], t) || dmg[i].w > 8)
				fail_msg("rotation %d: ticker frame repainted %d,%d %dx%d, not a strip of "
					 "%d,%d %dx%d",
					 cases[k].rotation, dmg[i].x, dmg[i].y, dmg[i].w, dmg[i].h, t.x, t.y,
					 t.w, t.h);
			at_end = at_end || dmg[i].x + dmg[i].w == t.x + t.w;
		}
		assert_true(at_end);
		assert_true(rc_diff_bbox(&first, &ticked).w > 0);
		assert_changes_reported(&bd.c, &first, &ticked);
		assert_same_as_fresh(&bd.view, &ticked, "damage-turned-fresh");
		size_t ig = rc_channel_index(bd.snap, "instagram");
		bd.snap->channels[ig].sla.oldest_unanswered_ms -= 1000;
		draw(&bd.c, &bd.view, &timed);
		assert_changes_reported(&bd.c, &ticked, &timed);
		assert_int_equal(wb_renderer_damage(bd.c.r, dmg, WB_RENDER_TEST_MAX_DAMAGE), 1);
		assert_true(wb_rect_same(dmg[0], rc_tile_sla(&bd.L, ig)));
		assert_same_as_fresh(&bd.view, &timed, "damage-turned-fresh");
		/* A few frames later the burn-in shift steps: the whole picture
		 * is copied again, and where only the output had moved the
		 * ticker on, the layer has caught up. */
		struct rc_image moved;
		for (int i = 0; i < 3; i++) {
			bd.view.anim_ms += ONE_FRAME_MS;
			draw(&bd.c, &bd.view, &moved);
			rc_image_free(&moved);
		}
		bd.view.shift_x += 2;
		draw(&bd.c, &bd.view, &moved);
		assert_same_as_fresh(&bd.view, &moved, "damage-turned-shifted");
		rc_image_free(&moved);
		rc_image_free(&first);
		rc_image_free(&ticked);
		rc_image_free(&timed);
		board_close(&bd);
	}
}

int main(void)
{
	static const struct size_case landscape = { 1920, 1080 }, portrait = { 1080, 1920 };
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(test_full_feed, (void *)&landscape),
		cmocka_unit_test_prestate(test_full_feed, (void *)&portrait),
		cmocka_unit_test(test_sla_box_shows_time_waited),
		cmocka_unit_test(test_smallest_text_at_reading_size),
		cmocka_unit_test(test_summary_strip),
		cmocka_unit_test(test_summary_strip_calm),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_stale_bar_words_401),
		cmocka_unit_test(test_stale_bar_words_fit),
		cmocka_unit_test(test_start_screen_words_401),
		cmocka_unit_test_prestate(test_start_screen, (void *)&landscape),
		cmocka_unit_test_prestate(test_start_screen, (void *)&portrait),
		cmocka_unit_test(test_hostname_on_start_and_identify),
		cmocka_unit_test(test_https_url_and_fingerprint),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_paging_trouble_first),
		cmocka_unit_test(test_channel_counts),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_french_has_no_other_words),
		cmocka_unit_test(test_ticker_hostile),
		cmocka_unit_test(test_ticker_privacy),
		cmocka_unit_test(test_critical_pulse),
		cmocka_unit_test(test_missing_glyphs_leave_no_boxes),
		cmocka_unit_test(test_textcache_colours_measures_and_budget),
		cmocka_unit_test(test_textcache_digit_strip),
		cmocka_unit_test(test_theme_light),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_channel_filter),
		cmocka_unit_test_prestate(test_scale, (void *)&landscape),
		cmocka_unit_test_prestate(test_scale, (void *)&portrait),
		cmocka_unit_test(test_identify),
		cmocka_unit_test_prestate(test_pairing_code, (void *)&landscape),
		cmocka_unit_test_prestate(test_pairing_code, (void *)&portrait),
		cmocka_unit_test(test_config_warning),
		cmocka_unit_test(test_pairing_code_with_data),
		cmocka_unit_test(test_pairing_code_only_early),
		cmocka_unit_test(test_acknowledged_alert),
		cmocka_unit_test(test_alerts_mark_tiles_and_take_turns),
		cmocka_unit_test_prestate(test_closed_tile, (void *)&landscape),
		cmocka_unit_test_prestate(test_closed_tile, (void *)&portrait),
		cmocka_unit_test_prestate(test_attainment_colours, (void *)&landscape),
		cmocka_unit_test_prestate(test_attainment_colours, (void *)&portrait),
		cmocka_unit_test_prestate(test_local_alert_banner, (void *)&landscape),
		cmocka_unit_test_prestate(test_local_alert_banner, (void *)&portrait),
		cmocka_unit_test(test_local_alert_too_long),
		cmocka_unit_test(test_screen_off),
		cmocka_unit_test(test_clock_in_board_zone),
		cmocka_unit_test(test_burnin_shift),
		cmocka_unit_test(test_damage_one_timer),
		cmocka_unit_test(test_damage_ticker_and_pulse),
		cmocka_unit_test(test_damage_turned_and_shifted),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
