/* Region measurements for the render tests (see render_check.h). Colour
 * classes are loose on purpose: they say "a person sees red here", so a
 * palette tweak does not break them but a wrong state colour does. */
#include "render_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/feed.h"
#include "wallboard/tz.h"

#ifndef WB_EXAMPLES
#error "WB_EXAMPLES must name docs/examples"
#endif

void rc_image_free(struct rc_image *img)
{
	if (!img)
		return;
	free(img->px);
	img->px = NULL;
	img->w = img->h = 0;
}

struct wb_snapshot *rc_load_example(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", WB_EXAMPLES, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	assert_true(len > 0);
	char *body = malloc((size_t)len);
	assert_non_null(body);
	assert_int_equal(fread(body, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	struct wb_snapshot *snap = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_feed_parse(body, (size_t)len, &snap, &err);
	free(body);
	if (st != WB_OK)
		fail_msg("%s: %s: %s", name, err.path, err.message);
	return snap;
}

static struct wb_tz *board_zone;

static void free_board_zone(void)
{
	wb_tz_destroy(board_zone);
}

const struct wb_tz *rc_amsterdam(void)
{
	if (!board_zone) {
		struct wb_error err;
		wb_error_clear(&err);
		if (wb_tz_create_posix("CET-1CEST,M3.5.0,M10.5.0/3", &board_zone, &err) != WB_OK)
			fail_msg("tz: %s", err.message);
		atexit(free_board_zone); /* one zone for the whole run; freed for valgrind */
	}
	return board_zone;
}

void rc_view_init(struct wb_view *view, const struct wb_snapshot *snap, const struct wb_config *cfg)
{
	memset(view, 0, sizeof *view);
	view->snapshot = snap;
	view->config = cfg;
	view->tz = rc_amsterdam();
	view->title = cfg->display.title[0] ? cfg->display.title
		      : snap && snap->title ? snap->title
					    : "Webcare";
	view->server_now_ms = RC_NOW_MS;
	view->wall_now_ms = RC_NOW_MS;
	view->anim_ms = 0;
	view->conn = WB_CONN_ONLINE;
	view->data_age_s = snap ? 0 : -1;
	view->stale_reason = "";
	view->feed_host = "";
	view->status_line = "";
}

size_t rc_channel_index(const struct wb_snapshot *snap, const char *id)
{
	for (size_t i = 0; i < snap->n_channels; i++)
		if (strcmp(snap->channels[i].id, id) == 0)
			return i;
	fail_msg("no channel %s in the snapshot", id);
	return 0;
}

static const struct wb_tile_layout *tile(const struct wb_layout *L, size_t i)
{
	if (i < L->first_tile || i >= L->first_tile + L->n_tiles)
		fail_msg("channel %zu is not on page %zu", i, L->page);
	return &L->tiles[i - L->first_tile];
}

struct wb_rect rc_tile_sla(const struct wb_layout *L, size_t i)
{
	return tile(L, i)->sla;
}

struct wb_rect rc_tile_counts(const struct wb_layout *L, size_t i)
{
	return tile(L, i)->counts;
}

static void split(uint32_t p, int *r, int *g, int *b)
{
	*r = (int)((p >> 16) & 0xff);
	*g = (int)((p >> 8) & 0xff);
	*b = (int)(p & 0xff);
}

static int luma(uint32_t p)
{
	int r, g, b;
	split(p, &r, &g, &b);
	return (r * 299 + g * 587 + b * 114) / 1000;
}

static bool in_class(uint32_t p, enum rc_class c)
{
	int r, g, b;
	split(p, &r, &g, &b);
	switch (c) {
	case RC_RED:
		return r >= 120 && g * 2 < r && b * 2 < r;
	case RC_AMBER:
		return r >= 70 && g * 100 >= r * 50 && g * 100 <= r * 88 && b * 10 <= r * 4;
	case RC_GREEN:
		return g >= 40 && g * 10 >= r * 13 && g * 10 >= b * 13;
	case RC_BRIGHT:
		return luma(p) >= 160;
	}
	return false;
}

/* r clipped to the image; the tests must never read outside it. */
static struct wb_rect clip(const struct rc_image *img, struct wb_rect r)
{
	assert_true(r.w > 0 && r.h > 0);
	assert_true(r.x >= 0 && r.y >= 0 && r.x + r.w <= img->w && r.y + r.h <= img->h);
	return r;
}

static uint32_t at(const struct rc_image *img, int x, int y)
{
	return img->px[(size_t)y * (size_t)img->w + (size_t)x];
}

double rc_share(const struct rc_image *img, struct wb_rect r, enum rc_class c)
{
	r = clip(img, r);
	size_t hits = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			hits += in_class(at(img, x, y), c);
	return (double)hits / ((double)r.w * r.h);
}

int rc_max_luma(const struct rc_image *img, struct wb_rect r)
{
	r = clip(img, r);
	int best = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			if (luma(at(img, x, y)) > best)
				best = luma(at(img, x, y));
	return best;
}

double rc_mean_luma(const struct rc_image *img, struct wb_rect r)
{
	r = clip(img, r);
	double sum = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			sum += luma(at(img, x, y));
	return sum / ((double)r.w * r.h);
}

static bool inside(struct wb_rect r, int x, int y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static size_t diff(const struct rc_image *a, const struct rc_image *b, struct wb_rect r, bool want_inside)
{
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	size_t n = 0;
	for (int y = 0; y < a->h; y++)
		for (int x = 0; x < a->w; x++)
			if (inside(r, x, y) == want_inside &&
			    (at(a, x, y) & 0xffffff) != (at(b, x, y) & 0xffffff))
				n++;
	return n;
}

size_t rc_diff_inside(const struct rc_image *a, const struct rc_image *b, struct wb_rect r)
{
	return diff(a, b, r, true);
}

size_t rc_diff_outside(const struct rc_image *a, const struct rc_image *b, struct wb_rect r)
{
	return diff(a, b, r, false);
}

double rc_share_near(const struct rc_image *img, struct wb_rect r, uint32_t rgb, int tol)
{
	r = clip(img, r);
	int wr, wg, wb;
	split(rgb, &wr, &wg, &wb);
	size_t hits = 0;
	for (int y = r.y; y < r.y + r.h; y++) {
		for (int x = r.x; x < r.x + r.w; x++) {
			int pr, pg, pb;
			split(at(img, x, y), &pr, &pg, &pb);
			hits += abs(pr - wr) <= tol && abs(pg - wg) <= tol && abs(pb - wb) <= tol;
		}
	}
	return (double)hits / ((double)r.w * r.h);
}

struct wb_rect rc_diff_bbox(const struct rc_image *a, const struct rc_image *b)
{
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	int x0 = a->w, y0 = a->h, x1 = -1, y1 = -1;
	for (int y = 0; y < a->h; y++) {
		for (int x = 0; x < a->w; x++) {
			if ((at(a, x, y) & 0xffffff) == (at(b, x, y) & 0xffffff))
				continue;
			x0 = x < x0 ? x : x0;
			y0 = y < y0 ? y : y0;
			x1 = x > x1 ? x : x1;
			y1 = y > y1 ? y : y1;
		}
	}
	struct wb_rect r = { 0, 0, 0, 0 };
	if (x1 >= 0)
		r = (struct wb_rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
	return r;
}

size_t rc_diff_moved(const struct rc_image *a, const struct rc_image *b, int dx, int dy)
{
	assert_int_equal(a->w, b->w);
	assert_int_equal(a->h, b->h);
	size_t differ = 0;
	for (int y = 0; y < a->h; y++) {
		int sy = y - dy;
		if (sy < 0 || sy >= b->h)
			continue;
		for (int x = 0; x < a->w; x++) {
			int sx = x - dx;
			if (sx >= 0 && sx < b->w && ((at(a, x, y) ^ at(b, sx, sy)) & 0xffffffu) != 0)
				differ++;
		}
	}
	return differ;
}

size_t rc_detail(const struct rc_image *img, struct wb_rect r)
{
	r = clip(img, r);
	uint32_t ref = at(img, r.x, r.y) & 0xffffff;
	size_t n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			n += (at(img, x, y) & 0xffffff) != ref;
	return n;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

uint32_t rc_mode_rgb(const struct rc_image *img, struct wb_rect r)
{
	r = clip(img, r);
	size_t n = (size_t)r.w * (size_t)r.h, k = 0;
	assert_true(n > 0);
	uint32_t *px = malloc(n * sizeof *px);
	assert_non_null(px);
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			px[k++] = at(img, x, y) & 0xffffffu;
	qsort(px, n, sizeof *px, cmp_u32);
	uint32_t best = px[0];
	size_t best_run = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && px[j] == px[i])
			j++;
		if (j - i > best_run) {
			best_run = j - i;
			best = px[i];
		}
		i = j;
	}
	free(px);
	return best;
}

/* Colour-vision deficiency as Machado, Oliveira and Fernandes model it
 * (IEEE TVCG 15(6), 2009, severity 1.0), on linear RGB. */
static const double cvd[][3][3] = {
	[RC_VISION_NORMAL] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
	[RC_VISION_PROTANOPIA] = { { 0.152286, 1.052583, -0.204868 },
				   { 0.114503, 0.786281, 0.099216 },
				   { -0.003882, -0.048116, 1.051998 } },
	[RC_VISION_DEUTERANOPIA] = { { 0.367322, 0.860646, -0.227968 },
				     { 0.280085, 0.672501, 0.047413 },
				     { -0.011820, 0.042940, 0.968881 } },
};

static double linear(uint32_t c)
{
	double v = (double)(c & 0xffu) / 255.0;
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of 0xRRGGBB as seen with vision. */
static double luminance(uint32_t rgb, enum rc_vision vision)
{
	double in[3] = { linear(rgb >> 16), linear(rgb >> 8), linear(rgb) }, out[3];
	for (int i = 0; i < 3; i++) {
		double v = cvd[vision][i][0] * in[0] + cvd[vision][i][1] * in[1] + cvd[vision][i][2] * in[2];
		out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
	}
	return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2];
}

double rc_contrast(uint32_t a, uint32_t b, enum rc_vision vision)
{
	double la = luminance(a, vision), lb = luminance(b, vision);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

double rc_text_contrast(const struct rc_image *img, struct wb_rect r)
{
	uint32_t back = rc_mode_rgb(img, r);
	r = clip(img, r);
	double best = 1.0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			double c = rc_contrast(at(img, x, y) & 0xffffffu, back, RC_VISION_NORMAL);
			best = c > best ? c : best;
		}
	return best;
}

static uint32_t box_rgb(const struct rc_image *img, const struct wb_snapshot *snap, const struct wb_layout *L,
			const char *id)
{
	return rc_mode_rgb(img, rc_tile_sla(L, rc_channel_index(snap, id)));
}

void rc_check_sla_states(const struct rc_image *img, const struct wb_snapshot *snap,
			 const struct wb_layout *L)
{
	/* The same state, the same fill; breached is red in every theme. */
	uint32_t ok = box_rgb(img, snap, L, "twitter"), warn = box_rgb(img, snap, L, "facebook"),
		 late = box_rgb(img, snap, L, "linkedin");
	assert_int_equal(box_rgb(img, snap, L, "instagram"), ok);
	assert_int_equal(box_rgb(img, snap, L, "whatsapp"), late);
	const char *lr[] = { "linkedin", "whatsapp" };
	for (size_t i = 0; i < 2; i++) {
		double share = rc_share(img, rc_tile_sla(L, rc_channel_index(snap, lr[i])), RC_RED);
		if (share < 0.5)
			fail_msg("%s SLA box: only %.0f%% red (breached)", lr[i], share * 100);
	}
	/* Apart by luminance, so also for the colour-blind. */
	static const char *const names[] = { "normal", "protanopia", "deuteranopia" };
	for (int v = RC_VISION_NORMAL; v <= RC_VISION_DEUTERANOPIA; v++) {
		double c[3] = { rc_contrast(ok, warn, v), rc_contrast(ok, late, v),
				rc_contrast(warn, late, v) };
		if (c[0] < 3.0 || c[1] < 3.0 || c[2] < 3.0)
			fail_msg("%s: SLA boxes %06x/%06x/%06x only %.2f/%.2f/%.2f:1 apart", names[v], ok,
				 warn, late, c[0], c[1], c[2]);
	}
}

void rc_check_full_feed(const struct rc_image *img, const struct wb_snapshot *snap, const struct wb_layout *L)
{
	rc_check_sla_states(img, snap, L);
	/* Idle: nothing waiting is neither an alarm nor a warning. */
	struct wb_rect idle = rc_tile_sla(L, rc_channel_index(snap, "webchat"));
	assert_true(rc_share(img, idle, RC_RED) < 0.05);
	assert_true(rc_share(img, idle, RC_AMBER) < 0.05);
	assert_true(rc_detail(img, idle) > 50); /* the "nothing waiting" text */
	/* A fine box must not look breached. */
	assert_true(rc_share(img, rc_tile_sla(L, rc_channel_index(snap, "twitter")), RC_RED) < 0.05);

	/* The critical alert wins the banner, and the banner is red. */
	assert_true(L->alert_banner.h > 0);
	double red = rc_share(img, L->alert_banner, RC_RED);
	if (red < 0.5)
		fail_msg("alert banner only %.0f%% red", red * 100);

	/* Every tile shows something in every row it has (a short tile leaves
	 * rows out rather than shrinking their words): the name, the timer, the
	 * count and its word, the sentiment bar. */
	for (size_t i = 0; i < L->n_tiles; i++) {
		const struct wb_tile_layout *t = &L->tiles[i];
		assert_true(rc_detail(img, t->label) > 100);
		assert_true(rc_detail(img, t->sla) > 100);
		if (t->counts.h > 0)
			assert_true(rc_detail(img, t->counts) > 100);
		assert_true(t->bar.h > 0);
		assert_true(rc_detail(img, t->bar) > 10);
	}
	assert_true(L->ticker.h > 0);
	assert_true(rc_detail(img, L->ticker) > 500);
	assert_true(rc_share(img, L->header, RC_BRIGHT) > 0.01);
}

/* ---- the frame's description ------------------------------------------- */

const char *rc_desc_str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	return s ? s : "";
}

int rc_desc_int(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(n))
		fail_msg("description: no number \"%s\"", key);
	return (int)n->valuedouble;
}

const cJSON *rc_desc_element(const cJSON *desc, const char *element, const char *key, const char *value)
{
	const cJSON *el;
	cJSON_ArrayForEach(el, cJSON_GetObjectItemCaseSensitive(desc, "elements"))
	{
		if (strcmp(rc_desc_str(el, "element"), element) == 0 &&
		    strcmp(rc_desc_str(el, key), value) == 0)
			return el;
	}
	return NULL;
}

static const cJSON *desc_text(const cJSON *desc, const char *element, int index, const char *s, size_t n)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(desc, "texts"))
	{
		if (strcmp(rc_desc_str(t, "element"), element) == 0 && rc_desc_int(t, "index") == index &&
		    strncmp(rc_desc_str(t, "text"), s, n) == 0)
			return t;
	}
	return NULL;
}

const cJSON *rc_desc_text(const cJSON *desc, const char *element, int index, const char *s)
{
	return desc_text(desc, element, index, s, strlen(s) + 1);
}

const cJSON *rc_desc_text_prefix(const cJSON *desc, const char *element, int index, const char *s)
{
	return desc_text(desc, element, index, s, strlen(s));
}
