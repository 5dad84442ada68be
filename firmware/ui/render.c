/* The wallboard picture. A frame is two layers: the static layer (header,
 * stale bar, tiles, page indicator, or the start or identify screen) lives in
 * a target texture and is repainted only when a hash of everything it shows
 * changes (about once a second, for the clock and the SLA timers); the alert
 * banner and the ticker are drawn over it every frame because they move or
 * pulse. A rotated board draws that frame upright into one more texture and
 * turns it onto the output; the burn-in shift moves the final picture (a
 * viewport offset, or the turned copy), so the cached layer never depends on
 * it. Outside the screen's on-hours the frame is plain black. Colours come
 * from the theme's palette. */
#include "wallboard/render.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wallboard/fonts.h"
#include "wallboard/format.h"
#include "wallboard/i18n.h"
#include "wallboard/mathx.h"
#include "wallboard/schedule.h"
#include "wallboard/sla.h"
#include "wallboard/textcache.h"
#include "wallboard/tz.h"
#include "wallboard/utf8.h"

#define PRODUCT_NAME "Webcare Wallboard"

/* Text cache: room for a busy 12-tile page plus the ticker; strings unused
 * for 10 s (old clock seconds, old timers) are dropped. */
#define TEXT_CACHE_ENTRIES 1024
#define TEXT_IDLE_MS 10000
#define TEXT_SWEEP_EVERY_MS 1000

#define TICKER_MAX_CODEPOINTS 140
/* Ticker text is drawn in pieces of about this many code points: one texture
 * per mention could exceed the 2048 px texture limit of the older Pi GPUs. */
#define TICKER_CHUNK_CODEPOINTS 40
#define ANIM_FRAME_MS 33
#define PULSE_PERIOD_MS 1000 /* 1 Hz: well under the 2 Hz flashing limit */
#define CORNER_CACHE 16
#define SCREEN_OFF_WAKE_MS 60000

/* DejaVu's cap and digit height, as a share of the em: used to centre text
 * optically rather than by its line box. */
#define CAP_HEIGHT(px) (73 * (px) / 100) /* not (px) * 73: clang-format 14 takes (px)* for a cast */

struct rgb {
	Uint8 r, g, b;
};

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define RGB(hex) { (Uint8)((hex) >> 16), (Uint8)((hex) >> 8), (Uint8)(hex) }
/* clang-format on */

struct sla_style {
	struct rgb box, fg, edge;
	int edge_px_div; /* border width = pad / this; 0: the ordinary hairline */
};

struct severity_colours {
	struct rgb bg, pill;
};

struct pill_colours {
	struct rgb bg, fg;
};

/* Every colour on screen, one set per theme: drawing code asks the palette,
 * never the theme. Status colours (SLA boxes, banners, the stale bar) are
 * strong fills in both themes: they are what is read from 8 m. */
struct palette {
	struct rgb bg, header, card, edge, text, muted, orange;
	struct rgb bar_pos, bar_neu, bar_neg, bar_empty, pos_text, neg_text;
	struct rgb green, amber, red;
	struct rgb on_colour;  /* text on strong fills: banner, pills, badges, ticker label */
	struct rgb stale_text; /* text on amber */
	struct rgb ticker_label, ticker_channel;
	struct rgb identify_bg, identify_text;
	struct sla_style sla[WB_SLA_BREACHED + 1];
	/* Outside opening hours: a calm slate that no timer state uses, so
	 * "closed" never reads as "fine" (green) or "late" (red/amber). */
	struct sla_style closed;
	struct severity_colours severity[WB_SEVERITY_CRITICAL + 1];
	struct pill_colours attain[WB_SLA_ATTAIN_POOR + 1]; /* SLA attainment today */
};

/* The identify screen's violet is in no other state colour, so it reads as
 * "this one" among twenty boards, whatever their theme. */
#define IDENTIFY_BG RGB(0x6a1b9a)

static const struct palette palette_dark = {
	.bg = RGB(0x0b0f14),
	.header = RGB(0x121820),
	.card = RGB(0x161d26),
	.edge = RGB(0x2a3441),
	.text = RGB(0xe8edf2),
	.muted = RGB(0x8d99a8),
	.orange = RGB(0xf0883e),
	.bar_pos = RGB(0x2ea043),
	.bar_neu = RGB(0x5b6572),
	.bar_neg = RGB(0xe5484d),
	.bar_empty = RGB(0x2a3441),
	.pos_text = RGB(0x7ee08f),
	.neg_text = RGB(0xff8b85),
	.green = RGB(0x3fb950),
	.amber = RGB(0xe3a21a),
	.red = RGB(0xe5484d),
	.on_colour = RGB(0xe8edf2),
	.stale_text = RGB(0x1c1400),
	.ticker_label = RGB(0x1f6feb),
	.ticker_channel = RGB(0x79c0ff),
	.identify_bg = IDENTIFY_BG,
	.identify_text = RGB(0xffffff),
	.sla = {
		[WB_SLA_NONE] = { RGB(0x1b222b), RGB(0x8d99a8), RGB(0x2a3441), 0 },
		[WB_SLA_IDLE] = { RGB(0x172638), RGB(0x9cc3ea), RGB(0x2a3441), 0 },
		[WB_SLA_OK] = { RGB(0x0f3a22), RGB(0x56d87c), RGB(0x2a3441), 0 },
		[WB_SLA_WARN] = { RGB(0x5c4100), RGB(0xffc83d), RGB(0xc98a10), 6 },
		[WB_SLA_BREACHED] = { RGB(0xc0261f), RGB(0xffffff), RGB(0xe5484d), 4 },
	},
	.closed = { RGB(0x2a2e36), RGB(0xb9c1cc), RGB(0x2a3441), 0 },
	.severity = {
		[WB_SEVERITY_INFO] = { RGB(0x1d4f91), RGB(0x12335e) },
		[WB_SEVERITY_WARNING] = { RGB(0x9a5b00), RGB(0x5e3700) },
		[WB_SEVERITY_CRITICAL] = { RGB(0xc62828), RGB(0x7a1010) },
	},
	.attain = {
		[WB_SLA_ATTAIN_NONE] = { RGB(0x1b222b), RGB(0x8d99a8) },
		[WB_SLA_ATTAIN_GOOD] = { RGB(0x238636), RGB(0xffffff) },
		[WB_SLA_ATTAIN_FAIR] = { RGB(0xd29414), RGB(0x1c1400) },
		[WB_SLA_ATTAIN_POOR] = { RGB(0xc0261f), RGB(0xffffff) },
	},
};

/* Light: white cards on light grey, near-black text. The OK box is a solid
 * green here (a pale one vanishes on white from across the room). */
static const struct palette palette_light = {
	.bg = RGB(0xe9edf2),
	.header = RGB(0xffffff),
	.card = RGB(0xffffff),
	.edge = RGB(0xc3ccd6),
	.text = RGB(0x111821),
	.muted = RGB(0x525c68),
	.orange = RGB(0xb54700),
	.bar_pos = RGB(0x1f883d),
	.bar_neu = RGB(0x98a2ad),
	.bar_neg = RGB(0xcf222e),
	.bar_empty = RGB(0xd8dee4),
	.pos_text = RGB(0x116329),
	.neg_text = RGB(0xb42318),
	.green = RGB(0x1a7f37),
	.amber = RGB(0xb06f00),
	.red = RGB(0xcf222e),
	.on_colour = RGB(0xffffff),
	.stale_text = RGB(0x1c1400),
	.ticker_label = RGB(0x0969da),
	.ticker_channel = RGB(0x0550ae),
	.identify_bg = IDENTIFY_BG,
	.identify_text = RGB(0xffffff),
	.sla = {
		[WB_SLA_NONE] = { RGB(0xe4e8ed), RGB(0x525c68), RGB(0xc3ccd6), 0 },
		[WB_SLA_IDLE] = { RGB(0xdbe9f8), RGB(0x1b4f8a), RGB(0xc3ccd6), 0 },
		[WB_SLA_OK] = { RGB(0x1f883d), RGB(0xffffff), RGB(0xc3ccd6), 0 },
		[WB_SLA_WARN] = { RGB(0xf0a000), RGB(0x1c1400), RGB(0xa86800), 6 },
		[WB_SLA_BREACHED] = { RGB(0xc0261f), RGB(0xffffff), RGB(0x8e1b16), 4 },
	},
	.closed = { RGB(0xd3d8df), RGB(0x39424d), RGB(0xc3ccd6), 0 },
	.severity = {
		[WB_SEVERITY_INFO] = { RGB(0x1d4f91), RGB(0x12335e) },
		[WB_SEVERITY_WARNING] = { RGB(0x9a5b00), RGB(0x5e3700) },
		[WB_SEVERITY_CRITICAL] = { RGB(0xc62828), RGB(0x7a1010) },
	},
	.attain = {
		[WB_SLA_ATTAIN_NONE] = { RGB(0xe4e8ed), RGB(0x525c68) },
		[WB_SLA_ATTAIN_GOOD] = { RGB(0x1a7f37), RGB(0xffffff) },
		[WB_SLA_ATTAIN_FAIR] = { RGB(0xf0a000), RGB(0x1c1400) },
		[WB_SLA_ATTAIN_POOR] = { RGB(0xc0261f), RGB(0xffffff) },
	},
};

static const enum wb_msg severity_label[] = {
	[WB_SEVERITY_INFO] = WB_MSG_SEVERITY_INFO,
	[WB_SEVERITY_WARNING] = WB_MSG_SEVERITY_WARNING,
	[WB_SEVERITY_CRITICAL] = WB_MSG_SEVERITY_CRITICAL,
};

/* A render-target texture and its size. */
struct target {
	SDL_Texture *tex;
	int w, h;
};

struct corner {
	int radius;
	SDL_Texture *tex; /* white disc of 2*radius, anti-aliased alpha */
};

struct wb_renderer {
	SDL_Renderer *sdl;
	struct wb_fonts *fonts;
	struct wb_textcache *text;
	struct corner corners[CORNER_CACHE];
	size_t n_corners;

	struct target layer; /* the static layer; tex NULL when targets are unsupported */
	bool layer_valid;
	/* The whole frame at its logical size when display.rotation is not 0,
	 * copied turned onto the output. */
	struct target rotated;
	uint64_t layer_key;

	int64_t now_ms; /* anim time of the frame being drawn (text cache stamp) */
	int64_t last_sweep_ms;
};

/* Everything one draw needs, so helpers take one argument, not ten. */
struct frame {
	struct wb_renderer *r;
	const struct wb_view *view;
	const struct wb_snapshot *snap;
	const struct palette *pal;
	enum wb_lang lang;
	struct wb_layout L;
	int w, h; /* logical: after rotation */
	/* The channels shown, as indices into snap->channels (wb_view_channels). */
	size_t order[WB_FEED_MAX_CHANNELS];
	size_t n_shown;
};

enum align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT
};
enum fit {
	FIT_SCALE,    /* numbers: shrink as far as needed, never cut */
	FIT_ELLIPSIS, /* words: shrink a little, then cut with "…" */
};

/* ---- small helpers ------------------------------------------------------ */

static struct rgb scale_rgb(struct rgb c, double f)
{
	struct rgb o = { (Uint8)fmin(255.0, c.r * f), (Uint8)fmin(255.0, c.g * f),
			 (Uint8)fmin(255.0, c.b * f) };
	return o;
}

static SDL_Rect sdl_rect(struct wb_rect r)
{
	SDL_Rect s = { r.x, r.y, r.w, r.h };
	return s;
}

static struct wb_rect inset(struct wb_rect r, int dx, int dy)
{
	struct wb_rect o = { r.x + dx, r.y + dy, wb_imax(r.w - 2 * dx, 0), wb_imax(r.h - 2 * dy, 0) };
	return o;
}

/* A wall time people read, in the board's zone (sla.time_zone, view->tz;
 * NULL: UTC), never the process's TZ, which is UTC on the image. */
static void local_tm(const struct wb_view *v, int64_t ms, struct tm *tm)
{
	wb_tz_to_tm(v->tz, wb_floor_div(ms, 1000), tm);
}

/* ASCII upper case; other bytes (UTF-8 sequences) pass through untouched. */
static void upper_ascii(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	out[i] = '\0';
	size_t cut = wb_utf8_floor(out, i, i);
	out[cut] = '\0';
}

/* ---- primitives --------------------------------------------------------- */

static void fill(struct wb_renderer *r, struct wb_rect rc, struct rgb c, Uint8 a)
{
	if (rc.w <= 0 || rc.h <= 0)
		return;
	SDL_SetRenderDrawBlendMode(r->sdl, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, a);
	SDL_Rect s = sdl_rect(rc);
	SDL_RenderFillRect(r->sdl, &s);
}

/* A disc texture per radius, with coverage from 4x4 supersampling, so round
 * corners are smooth at every size without the GPU scaling anything. */
static SDL_Texture *corner_texture(struct wb_renderer *r, int radius)
{
	for (size_t i = 0; i < r->n_corners; i++)
		if (r->corners[i].radius == radius)
			return r->corners[i].tex;
	int d = 2 * radius;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	for (int y = 0; y < d; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < d; x++) {
			int inside = 0;
			for (int sy = 0; sy < 4; sy++) {
				for (int sx = 0; sx < 4; sx++) {
					double px = x + (sx + 0.5) / 4.0 - radius;
					double py = y + (sy + 0.5) / 4.0 - radius;
					inside += px * px + py * py <= (double)radius * radius;
				}
			}
			Uint32 alpha = (Uint32)(inside * 255 / 16);
			row[x] = (alpha << 24) | 0xffffffu;
		}
	}
	SDL_Texture *tex = SDL_CreateTextureFromSurface(r->sdl, s);
	SDL_FreeSurface(s);
	if (!tex)
		return NULL;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	size_t slot = r->n_corners < CORNER_CACHE ? r->n_corners++ : (size_t)radius % CORNER_CACHE;
	if (r->corners[slot].tex)
		SDL_DestroyTexture(r->corners[slot].tex);
	r->corners[slot] = (struct corner){ radius, tex };
	return tex;
}

static void fill_round(struct wb_renderer *r, struct wb_rect rc, int radius, struct rgb c, Uint8 a)
{
	radius = wb_imin(radius, wb_imin(rc.w, rc.h) / 2);
	SDL_Texture *disc = radius >= 2 ? corner_texture(r, radius) : NULL;
	if (!disc) {
		fill(r, rc, c, a);
		return;
	}
	SDL_SetTextureColorMod(disc, c.r, c.g, c.b);
	SDL_SetTextureAlphaMod(disc, a);
	const int q = radius;
	const SDL_Rect src[4] = { { 0, 0, q, q }, { q, 0, q, q }, { 0, q, q, q }, { q, q, q, q } };
	const SDL_Rect dst[4] = { { rc.x, rc.y, q, q },
				  { rc.x + rc.w - q, rc.y, q, q },
				  { rc.x, rc.y + rc.h - q, q, q },
				  { rc.x + rc.w - q, rc.y + rc.h - q, q, q } };
	for (int i = 0; i < 4; i++)
		SDL_RenderCopy(r->sdl, disc, &src[i], &dst[i]);
	fill(r, (struct wb_rect){ rc.x + q, rc.y, rc.w - 2 * q, rc.h }, c, a);
	fill(r, (struct wb_rect){ rc.x, rc.y + q, q, rc.h - 2 * q }, c, a);
	fill(r, (struct wb_rect){ rc.x + rc.w - q, rc.y + q, q, rc.h - 2 * q }, c, a);
}

static void fill_disc(struct wb_renderer *r, int cx, int cy, int radius, struct rgb c)
{
	fill_round(r, (struct wb_rect){ cx - radius, cy - radius, 2 * radius, 2 * radius }, radius, c, 255);
}

/* A rounded card with a border of width bw in edge colour. */
static void card(struct wb_renderer *r, struct wb_rect rc, int radius, int bw, struct rgb edge,
		 struct rgb body)
{
	fill_round(r, rc, radius, edge, 255);
	fill_round(r, inset(rc, bw, bw), wb_imax(radius - bw, 0), body, 255);
}

/* ---- text --------------------------------------------------------------- */

static struct wb_text text_get(struct wb_renderer *r, enum wb_face face, int px, const char *s)
{
	return wb_textcache_get(r->text, face, px, s, r->now_ms);
}

static int text_width(struct wb_renderer *r, enum wb_face face, int px, const char *s)
{
	return text_get(r, face, px, s).w;
}

/* Sizes used for shrink-to-fit are rounded down to a few steps so a screen of
 * differently long numbers does not open a font per pixel size. */
static int fit_px(int px, int max_w, int w)
{
	int want = (int)((long)px * max_w / w);
	int step = wb_imax(px / 12, 1);
	return wb_imax(want - want % step, 1);
}

/* Text in s that fits max_w at face/px when cut with "…"; writes into out. */
static struct wb_text ellipsise(struct wb_renderer *r, enum wb_face face, int px, const char *s, int max_w,
				char *out, size_t size)
{
	size_t lo = 1, hi = wb_utf8_length(s, strlen(s));
	struct wb_text best = { 0 };
	/* Binary search on code points: each probe is a cache hit on later frames. */
	while (lo <= hi) {
		size_t mid = (lo + hi) / 2;
		wb_utf8_truncate(s, mid, out, size);
		struct wb_text t = text_get(r, face, px, out);
		if (t.tex && t.w <= max_w) {
			best = t;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (!best.tex)
		return text_get(r, face, px, "…");
	return best;
}

/* Draws s with its baseline at `baseline`; x is the left edge, centre or right
 * edge per align. Never wider than max_w (if > 0). Returns the drawn width. */
static int draw_text(struct wb_renderer *r, const char *s, enum wb_face face, int px, struct rgb c,
		     Uint8 alpha, int x, int baseline, enum align align, int max_w, enum fit fit)
{
	if (!s || !s[0] || px <= 0)
		return 0;
	struct wb_text t = text_get(r, face, px, s);
	if (!t.tex)
		return 0;
	char cut[1024];
	if (max_w > 0 && t.w > max_w) {
		int px2 = fit_px(px, max_w, t.w);
		if (fit == FIT_ELLIPSIS)
			px2 = wb_imax(px2, px * 4 / 5);
		if (px2 < px) {
			struct wb_text t2 = text_get(r, face, px2, s);
			if (t2.tex)
				t = t2;
		}
		if (t.w > max_w && fit == FIT_ELLIPSIS) {
			struct wb_text t2 = ellipsise(r, face, px2, s, max_w, cut, sizeof cut);
			if (t2.tex)
				t = t2;
		}
	}
	int w = t.w, h = t.h, ascent = t.ascent;
	if (max_w > 0 && w > max_w) {
		/* Last resort (very narrow boxes): scale the texture down. */
		h = (int)((long)h * max_w / w);
		ascent = (int)((long)ascent * max_w / t.w);
		w = max_w;
	}
	int left = align == ALIGN_LEFT ? x : align == ALIGN_CENTER ? x - w / 2 : x - w;
	SDL_Rect dst = { left, baseline - ascent, w, h };
	SDL_SetTextureColorMod(t.tex, c.r, c.g, c.b);
	SDL_SetTextureAlphaMod(t.tex, alpha);
	SDL_RenderCopy(r->sdl, t.tex, NULL, &dst);
	return w;
}

/* Baseline that centres capitals/digits of px vertically in rc. */
static int centred_baseline(struct wb_rect rc, int px)
{
	return rc.y + (rc.h + CAP_HEIGHT(px)) / 2;
}

/* ---- view helpers ------------------------------------------------------- */

static enum wb_lang view_lang(const struct wb_view *v)
{
	return v->config ? v->config->display.language : WB_LANG_NL;
}

static const struct palette *view_palette(const struct wb_view *v)
{
	return v->config && v->config->display.theme == WB_THEME_LIGHT ? &palette_light : &palette_dark;
}

/* The banner pulses while its leading alert is critical and unacknowledged. */
static bool banner_pulses(const struct wb_snapshot *s)
{
	return s && s->n_alerts > 0 && wb_view_alert_pulses(&s->alerts[wb_view_top_alert(s)]);
}

static size_t shown_channels(const struct wb_view *v)
{
	size_t order[WB_FEED_MAX_CHANNELS];
	return wb_view_channels(v->snapshot, v->config, order, WB_FEED_MAX_CHANNELS);
}

void wb_renderer_layout(const struct wb_view *view, int w, int h, struct wb_layout *out)
{
	/* The same rule as the status report: logical size, shown channels. */
	wb_view_layout(view, w, h, out);
}

/* While the screen is off nothing is drawn but black: wake for the next
 * scheduled switch, and at least once a minute so a changed config or clock
 * is noticed (the main loop also wakes on events). */
static int64_t screen_off_wait_ms(const struct wb_view *view)
{
	int64_t next = SCREEN_OFF_WAKE_MS, at;
	if (view->config &&
	    wb_schedule_next_change(&view->config->screen.schedule, view->tz, view->wall_now_ms, &at) &&
	    at - view->wall_now_ms < next)
		next = at - view->wall_now_ms;
	return next < 1 ? 1 : next;
}

int64_t wb_renderer_next_change_ms(const struct wb_view *view)
{
	if (view->screen_off)
		return screen_off_wait_ms(view);
	int64_t next = 1000 - wb_floor_mod(view->wall_now_ms, 1000);
	const struct wb_snapshot *s = view->snapshot;
	if (wb_view_identifying(view)) {
		/* Nothing moves on the identify screen; wake when it ends. */
		int64_t to_end = view->identify_until_ms - view->anim_ms;
		return to_end < next ? to_end : next;
	}
	if (s) {
		/* SLA timers and alert ages tick on the server's seconds. */
		next = wb_imin((int)next, (int)(1000 - wb_floor_mod(view->server_now_ms, 1000)));
		if (wb_view_ticker_shown(view) || banner_pulses(s))
			next = wb_imin((int)next, ANIM_FRAME_MS);
		if (wb_layout_pages(shown_channels(view)) > 1) {
			int64_t period = wb_view_page_ms(view);
			int64_t to_turn = period - wb_floor_mod(view->anim_ms, period);
			if (to_turn < next)
				next = to_turn;
		}
	}
	return next < 1 ? 1 : next;
}

/* ---- static layer key --------------------------------------------------- */

struct hasher {
	uint64_t h;
};

static void hash_bytes(struct hasher *hs, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		hs->h = (hs->h ^ b[i]) * 1099511628211ull;
}

static void hash_i64(struct hasher *hs, int64_t v)
{
	hash_bytes(hs, &v, sizeof v);
}

static void hash_str(struct hasher *hs, const char *s)
{
	if (!s) {
		hash_i64(hs, -1);
		return;
	}
	hash_bytes(hs, s, strlen(s) + 1);
}

static void hash_channel(struct hasher *hs, const struct wb_view *v, const struct wb_channel *ch)
{
	hash_str(hs, ch->id);
	hash_str(hs, ch->label);
	hash_i64(hs, ch->mentions_today);
	hash_i64(hs, ch->mentions_last_hour);
	hash_i64(hs, ch->unanswered);
	hash_i64(hs, ch->sentiment.present);
	hash_i64(hs, ch->sentiment.positive);
	hash_i64(hs, ch->sentiment.neutral);
	hash_i64(hs, ch->sentiment.negative);
	/* What the SLA box and the attainment pill show, not the inputs: a
	 * closed channel's box stays the same picture while time passes. */
	struct wb_view_sla_box box;
	wb_view_sla_box(v, ch, &box);
	hash_i64(hs, box.closed);
	hash_i64(hs, box.eval.sla.state);
	hash_i64(hs, box.head);
	hash_i64(hs, box.timer_kind);
	hash_str(hs, box.timer);
	hash_str(hs, box.detail);
	hash_i64(hs, box.attain);
	hash_str(hs, box.attain_text);
	hash_str(hs, box.attain_words);
}

/* Hash of everything the static layer shows; equal keys mean an identical
 * picture, so the layer is reused. Content, not pointers: a new snapshot may
 * land at the address of the old one. */
static uint64_t static_key(const struct frame *f)
{
	const struct wb_view *v = f->view;
	struct hasher hs = { 1469598103934665603ull };
	hash_i64(&hs, f->w);
	hash_i64(&hs, f->h);
	hash_i64(&hs, f->lang);
	hash_i64(&hs, f->pal == &palette_light);
	hash_str(&hs, v->config_warning);
	hash_str(&hs, v->pairing_code);
	hash_i64(&hs, wb_view_identifying(v));
	if (wb_view_identifying(v)) {
		hash_str(&hs, v->identify_name);
		hash_str(&hs, v->n_addrs > 0 ? v->addrs[0] : NULL);
	}
	hash_str(&hs, v->title);
	hash_i64(&hs, wb_floor_div(v->wall_now_ms, 1000));
	/* The zone decides the digits of the clock and the stale bar. */
	hash_i64(&hs, wb_tz_offset(v->tz, wb_floor_div(v->wall_now_ms, 1000), NULL));
	hash_i64(&hs, wb_tz_offset(v->tz, wb_floor_div(v->stale_since_wall_ms, 1000), NULL));
	hash_i64(&hs, v->conn);
	hash_i64(&hs, v->data_age_s);
	hash_i64(&hs, v->stale);
	hash_i64(&hs, wb_floor_div(v->stale_since_wall_ms, 1000));
	hash_str(&hs, v->stale_reason);
	hash_str(&hs, v->stale_remedy);
	hash_bytes(&hs, &f->L, sizeof f->L);
	if (!f->snap) {
		hash_str(&hs, v->feed_host);
		hash_str(&hs, v->status_line);
		hash_str(&hs, v->update_notice ? v->update_notice : "");
		hash_i64(&hs, v->http_port ? v->http_port : v->config ? v->config->http.port : 0);
		for (size_t i = 0; i < v->n_addrs && i < WB_VIEW_MAX_ADDRS; i++)
			hash_str(&hs, v->addrs[i]);
		for (size_t i = 0; v->boot_report && i < v->boot_report->n; i++) {
			hash_str(&hs, v->boot_report->entries[i].file);
			hash_i64(&hs, v->boot_report->entries[i].result);
			hash_str(&hs, v->boot_report->entries[i].message);
		}
		return hs.h;
	}
	hash_i64(&hs, (int64_t)f->n_shown);
	for (size_t i = 0; i < f->L.n_tiles; i++)
		hash_channel(&hs, v, &f->snap->channels[f->order[f->L.first_tile + i]]);
	return hs.h;
}

/* ---- header and bars ---------------------------------------------------- */

static struct rgb conn_colour(const struct palette *p, enum wb_conn_state c)
{
	return c == WB_CONN_ONLINE ? p->green : c == WB_CONN_OFFLINE ? p->red : p->amber;
}

static const char *conn_word(enum wb_lang lang, enum wb_conn_state c)
{
	return wb_i18n(lang, c == WB_CONN_ONLINE    ? WB_MSG_ONLINE
			     : c == WB_CONN_OFFLINE ? WB_MSG_OFFLINE
						    : WB_MSG_CONNECTING);
}

/* "Live · Gegevens van 12 s", or just the connection word before any data. */
static void header_state(const struct frame *f, char *out, size_t size)
{
	const struct wb_view *v = f->view;
	if (v->data_age_s >= 0) {
		char age[32];
		wb_format_age(f->lang, v->data_age_s, age, sizeof age);
		snprintf(out, size, "%s · %s %s", conn_word(f->lang, v->conn),
			 wb_i18n(f->lang, WB_MSG_DATA_AGE), age);
	} else {
		snprintf(out, size, "%s", conn_word(f->lang, v->conn));
	}
}

/* Connection dot and state text starting at x; returns the width used. */
static int draw_state(struct frame *f, const char *state, int x, int base, int max_w)
{
	int fs = f->L.font_status;
	int dot_r = wb_imax(fs * 32 / 100, 2);
	fill_disc(f->r, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r, conn_colour(f->pal, f->view->conn));
	return dot_r * 3 + draw_text(f->r, state, WB_FACE_BOLD, fs, f->pal->text, 255, x + dot_r * 3, base,
				     ALIGN_LEFT, wb_imax(max_w - dot_r * 3, 1), FIT_ELLIPSIS);
}

/* A pill in the header, right edge at `right`, at most max_w wide, in a
 * colour nothing else in the header has. Returns its width. */
static int draw_header_pill(struct frame *f, int right, int max_w, const char *text, struct rgb bg,
			    struct rgb fg)
{
	struct wb_rect hd = f->L.header;
	int fs = f->L.font_status;
	int w = wb_imin(text_width(f->r, WB_FACE_BOLD, fs, text) + fs, max_w);
	int h = wb_imin(fs * 2, hd.h * 8 / 10);
	struct wb_rect box = { right - w, hd.y + (hd.h - h) / 2, w, h };
	fill_round(f->r, box, wb_imax(h / 4, 2), bg, 255);
	draw_text(f->r, text, WB_FACE_BOLD, fs, fg, 255, box.x + box.w / 2, centred_baseline(box, fs),
		  ALIGN_CENTER, box.w - fs / 2, FIT_ELLIPSIS);
	return w;
}

/* The amber "config error" pill; the reason itself is on the start screen
 * and in /status. */
static int draw_config_mark(struct frame *f, int right, int max_w)
{
	char text[96];
	snprintf(text, sizeof text, "\xE2\x9A\xA0 %s", wb_i18n(f->lang, WB_MSG_CONFIG_WARNING));
	return draw_header_pill(f, right, max_w, text, f->pal->amber, f->pal->stale_text);
}

/* A board that got its data before anyone paired shows no start screen, so
 * the pairing code stays in the header until it is used. */
static int draw_pairing_mark(struct frame *f, int right, int max_w)
{
	char text[96];
	snprintf(text, sizeof text, "%s %s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE), f->view->pairing_code);
	return draw_header_pill(f, right, max_w, text, f->pal->identify_bg, f->pal->identify_text);
}

static void draw_header(struct frame *f)
{
	struct wb_renderer *r = f->r;
	const struct wb_view *v = f->view;
	struct wb_rect hd = f->L.header;
	int side = f->L.pad * 2;
	fill(r, hd, f->pal->header, 255);
	fill(r,
	     (struct wb_rect){ hd.x, hd.y + hd.h - wb_imax(f->L.pad / 8, 1), hd.w, wb_imax(f->L.pad / 8, 1) },
	     f->pal->edge, 255);

	struct tm tm;
	local_tm(v, v->wall_now_ms, &tm);
	char clock[16], date[64], state[96];
	wb_format_clock(&tm, 1, clock, sizeof clock);
	wb_format_date(f->lang, &tm, date, sizeof date);
	header_state(f, state, sizeof state);
	int right = hd.x + hd.w - side;
	int clock_w = draw_text(r, clock, WB_FACE_MONO_BOLD, f->L.font_clock, f->pal->text, 255, right,
				centred_baseline(hd, f->L.font_clock), ALIGN_RIGHT, hd.w / 3, FIT_SCALE);

	const char *title = v->title && v->title[0] ? v->title : PRODUCT_NAME;
	int ft = f->L.font_title, fs = f->L.font_status;
	int left = hd.x + side;
	int status_right = right - clock_w - side;
	if (f->snap && v->config_warning && v->config_warning[0])
		status_right -= draw_config_mark(f, status_right, hd.w / 4) + side / 2;
	if (f->snap && v->pairing_code && v->pairing_code[0])
		status_right -= draw_pairing_mark(f, status_right, hd.w / 3) + side / 2;
	int dot_r = wb_imax(fs * 32 / 100, 2);
	int date_w = text_width(r, WB_FACE_REGULAR, fs, date);
	int state_w = text_width(r, WB_FACE_BOLD, fs, state) + dot_r * 3;
	int title_w = text_width(r, WB_FACE_BOLD, ft, title);
	int line_gap = fs * 55 / 100;

	if (left + title_w + side <= status_right - wb_imax(date_w, state_w)) {
		/* Wide screens: date above state, right-aligned next to the clock. */
		int base1 = hd.y + hd.h / 2 - line_gap / 2;
		int base2 = base1 + CAP_HEIGHT(fs) + line_gap;
		draw_text(r, date, WB_FACE_REGULAR, fs, f->pal->muted, 255, status_right, base1, ALIGN_RIGHT,
			  0, FIT_SCALE);
		draw_state(f, state, status_right - state_w, base2, state_w);
		draw_text(r, title, WB_FACE_BOLD, ft, f->pal->text, 255, left, centred_baseline(hd, ft),
			  ALIGN_LEFT, title_w, FIT_ELLIPSIS);
		return;
	}
	/* Narrow (portrait) screens: the title gets the whole width left of the
	 * clock, with state and date on a line of their own under it. */
	int room = wb_imax(status_right - left, 1);
	ft = ft * 9 / 10; /* two lines in the same band: a little air above and below */
	int block = CAP_HEIGHT(ft) + line_gap + CAP_HEIGHT(fs);
	int base1 = hd.y + (hd.h - block) / 2 + CAP_HEIGHT(ft);
	int base2 = base1 + line_gap + CAP_HEIGHT(fs);
	draw_text(r, title, WB_FACE_BOLD, ft, f->pal->text, 255, left, base1, ALIGN_LEFT, room, FIT_ELLIPSIS);
	int used = draw_state(f, state, left, base2, room);
	int date_x = left + used + fs;
	if (date_x + fs * 3 < left + room)
		draw_text(r, date, WB_FACE_REGULAR, fs, f->pal->muted, 255, date_x, base2, ALIGN_LEFT,
			  left + room - date_x, FIT_ELLIPSIS);
}

static void draw_stale_bar(struct frame *f)
{
	struct wb_rect sb = f->L.stale_bar;
	const struct wb_view *v = f->view;
	fill(f->r, sb, f->pal->amber, 255);
	char when[16] = "--:--";
	if (v->stale_since_wall_ms > 0) {
		struct tm tm;
		local_tm(v, v->stale_since_wall_ms, &tm);
		wb_format_clock(&tm, 0, when, sizeof when);
	}
	char line[WB_FEED_MESSAGE_MAX + 384];
	const char *reason = v->stale_reason ? v->stale_reason : "";
	const char *remedy = v->stale_remedy ? v->stale_remedy : "";
	snprintf(line, sizeof line, "⚠ %s %s%s%s%s%s", wb_i18n(f->lang, WB_MSG_STALE_SINCE), when,
		 reason[0] ? ": " : "", reason, remedy[0] ? " " : "", remedy);
	int px = wb_imin(f->L.font_banner, sb.h * 60 / 100);
	draw_text(f->r, line, WB_FACE_BOLD, px, f->pal->stale_text, 255, sb.x + f->L.pad * 2,
		  centred_baseline(sb, px), ALIGN_LEFT, sb.w - f->L.pad * 4, FIT_ELLIPSIS);
}

static void draw_page_indicator(struct frame *f)
{
	struct wb_rect pr = f->L.page_indicator;
	if (pr.h <= 0)
		return;
	int fs = f->L.font_status;
	char text[64];
	snprintf(text, sizeof text, "%s %zu/%zu", wb_i18n(f->lang, WB_MSG_PAGE), f->L.page + 1, f->L.n_pages);
	int base = centred_baseline(pr, fs);
	int tw = draw_text(f->r, text, WB_FACE_BOLD, fs, f->pal->text, 255, pr.x + pr.w, base, ALIGN_RIGHT,
			   pr.w / 2, FIT_SCALE);
	/* One dot per page, the current one lit: the board is visibly paging. */
	int dot_r = wb_imax(fs / 3, 2);
	int step = dot_r * 3;
	int x = pr.x + pr.w - tw - fs - (int)f->L.n_pages * step;
	for (size_t i = 0; i < f->L.n_pages && x > pr.x; i++, x += step)
		fill_disc(f->r, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r,
			  i == f->L.page ? f->pal->text : f->pal->edge);
}

/* ---- tiles -------------------------------------------------------------- */

static struct rgb brand_colour(const char *id)
{
	static const struct {
		const char *id;
		unsigned hex;
	} brands[] = {
		{ "twitter", 0x0f1419 },   { "x", 0x0f1419 },        { "facebook", 0x1877f2 },
		{ "instagram", 0xc13584 }, { "linkedin", 0x0a66c2 }, { "whatsapp", 0x1fa855 },
		{ "webchat", 0x7c3aed },   { "email", 0x5b6572 },
	};
	for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
		if (strcmp(id, brands[i].id) == 0)
			return (struct rgb)RGB(brands[i].hex);
	static const unsigned palette[] = { 0x2f6f9f, 0x8a4baf, 0x2b8a6e, 0xa05a2c, 0x9c3d63, 0x4d6bb3 };
	struct hasher hs = { 1469598103934665603ull };
	hash_str(&hs, id);
	return (struct rgb)RGB(palette[hs.h % (sizeof palette / sizeof palette[0])]);
}

/* "SLA attainment today" as a pill in its band's colour (the SLA box adds
 * "93% binnen doel" under the target where it fits, so the number is
 * explained there and coloured here); returns the x where
 * the row's other content has to stop (the pill's left edge less a gap, or
 * the row's end when the feed gives no attainment). */
static int draw_attain_pill(struct frame *f, const struct wb_view_sla_box *box, struct wb_rect lr,
			    struct wb_rect pill)
{
	if (box->attain == WB_SLA_ATTAIN_NONE || pill.w <= 0 || pill.h <= 0)
		return lr.x + lr.w;
	const struct pill_colours *pc = &f->pal->attain[box->attain];
	int px = f->L.font_label * 80 / 100;
	fill_round(f->r, pill, pill.h / 4, pc->bg, 255);
	draw_text(f->r, box->attain_text, WB_FACE_BOLD, px, pc->fg, 255, pill.x + pill.w / 2,
		  centred_baseline(pill, px), ALIGN_CENTER, pill.w - px / 2, FIT_SCALE);
	return pill.x - f->L.font_label / 2;
}

static void draw_tile_label(struct frame *f, const struct wb_channel *ch, const struct wb_view_sla_box *box,
			    const struct wb_tile_layout *t)
{
	struct wb_renderer *r = f->r;
	struct wb_rect lr = t->label;
	int name_end = draw_attain_pill(f, box, lr, t->attain);
	int px = f->L.font_label;
	int badge = wb_imin(lr.h, px * 13 / 10);
	struct wb_rect b = { lr.x, lr.y + (lr.h - badge) / 2, badge, badge };
	fill_round(r, b, badge / 4, brand_colour(ch->id), 255);
	/* First code point of the label as the badge letter. */
	char letter[8] = "";
	size_t end = ch->label[0] ? 1 : 0;
	while (((unsigned char)ch->label[end] & 0xc0) == 0x80)
		end++;
	if (end > 0 && end < sizeof letter)
		upper_ascii(ch->label, letter, end + 1);
	int lp = badge * 55 / 100;
	draw_text(r, letter, WB_FACE_BOLD, lp, f->pal->on_colour, 255, b.x + b.w / 2, centred_baseline(b, lp),
		  ALIGN_CENTER, badge, FIT_SCALE);
	int x = lr.x + badge + px / 2;
	draw_text(r, ch->label, WB_FACE_BOLD, px, f->pal->text, 255, x, centred_baseline(lr, px), ALIGN_LEFT,
		  wb_imax(name_end - x, 1), FIT_ELLIPSIS);
}

/* Splits width into three columns: equal thirds, except that a column whose
 * content (need) is wider than its third borrows what the others do not use,
 * so "1.234" keeps the size of "87" where the row has room for both. */
static void count_columns(const int need[3], int width, int out[3])
{
	int third = width / 3, surplus = 0, deficit = 0;
	for (int i = 0; i < 3; i++) {
		surplus += wb_imax(third - need[i], 0);
		deficit += wb_imax(need[i] - third, 0);
	}
	int give = wb_imin(surplus, deficit);
	for (int i = 0; i < 3; i++) {
		out[i] = third;
		if (give > 0 && need[i] > third)
			out[i] += (int)((long)give * (need[i] - third) / deficit);
		else if (give > 0 && need[i] < third)
			out[i] -= (int)((long)give * (third - need[i]) / surplus);
	}
}

static void draw_counts(struct frame *f, const struct wb_channel *ch, struct wb_rect cr)
{
	struct wb_renderer *r = f->r;
	int fn = f->L.font_number, fc = f->L.font_caption;
	int gap = fn * 20 / 100;
	int block = CAP_HEIGHT(fn) + gap + CAP_HEIGHT(fc);
	int num_base = cr.y + (cr.h - block) / 2 + CAP_HEIGHT(fn);
	int cap_base = num_base + gap + CAP_HEIGHT(fc);
	const int64_t values[3] = { ch->mentions_today, ch->mentions_last_hour, ch->unanswered };
	const enum wb_msg captions[3] = { WB_MSG_TODAY, WB_MSG_LAST_HOUR, WB_MSG_UNANSWERED };
	char num[3][32], cap[3][64];
	int need[3], colw[3];
	for (int i = 0; i < 3; i++) {
		wb_format_count(f->lang, values[i], num[i], sizeof num[i]);
		upper_ascii(wb_i18n(f->lang, captions[i]), cap[i], sizeof cap[i]);
		need[i] = wb_imax(text_width(r, WB_FACE_BOLD, fn, num[i]),
				  text_width(r, WB_FACE_REGULAR, fc, cap[i])) +
			  fn / 5;
	}
	count_columns(need, cr.w, colw);
	int x = cr.x;
	for (int i = 0; i < 3; i++) {
		int max_w = i < 2 ? colw[i] - fn / 5 : cr.x + cr.w - x;
		struct rgb c = f->pal->text;
		if (i == 2)
			c = values[i] > 0 ? f->pal->orange : f->pal->muted;
		draw_text(r, num[i], WB_FACE_BOLD, fn, c, 255, x, num_base, ALIGN_LEFT, max_w, FIT_SCALE);
		draw_text(r, cap[i], WB_FACE_REGULAR, fc, f->pal->muted, 255, x, cap_base, ALIGN_LEFT, max_w,
			  FIT_ELLIPSIS);
		x += colw[i];
	}
}

static void draw_sentiment(struct frame *f, const struct wb_channel *ch, struct wb_rect br)
{
	struct wb_renderer *r = f->r;
	int fc = f->L.font_caption;
	int thick = wb_imax(br.h - CAP_HEIGHT(fc) - fc * 45 / 100, 3);
	thick = wb_imin(thick, wb_imax(fc * 8 / 10, 3));
	struct wb_rect bar = { br.x, br.y, br.w, thick };
	const struct wb_sentiment_counts *s = &ch->sentiment;
	int64_t total = s->present ? s->positive + s->neutral + s->negative : 0;
	int text_base = br.y + br.h - fc * 15 / 100;
	if (total <= 0) {
		fill_round(r, bar, thick / 2, f->pal->bar_empty, 255);
		draw_text(r, "—", WB_FACE_REGULAR, fc, f->pal->muted, 255, br.x, text_base, ALIGN_LEFT, 0,
			  FIT_SCALE);
		return;
	}
	/* One rounded bar per colour, each clipped to its share, so the two ends
	 * stay round whichever segments are empty. */
	const int64_t parts[3] = { s->positive, s->neutral, s->negative };
	const struct rgb colours[3] = { f->pal->bar_pos, f->pal->bar_neu, f->pal->bar_neg };
	int x = bar.x;
	int64_t acc = 0;
	for (int i = 0; i < 3; i++) {
		acc += parts[i];
		int end = bar.x + (int)(acc * bar.w / total);
		if (end > x) {
			SDL_Rect clip = { x, bar.y, end - x, bar.h };
			SDL_RenderSetClipRect(r->sdl, &clip);
			fill_round(r, bar, thick / 2, colours[i], 255);
			SDL_RenderSetClipRect(r->sdl, NULL);
		}
		x = end;
	}
	char pos[24], neu[24], neg[24], buf[32];
	wb_format_percent(f->lang, (double)s->positive * 100.0 / (double)total, 0, pos, sizeof pos);
	wb_format_percent(f->lang, (double)s->neutral * 100.0 / (double)total, 0, neu, sizeof neu);
	wb_format_percent(f->lang, (double)s->negative * 100.0 / (double)total, 0, neg, sizeof neg);
	int third = br.w / 3;
	snprintf(buf, sizeof buf, "+%s", pos);
	draw_text(r, buf, WB_FACE_REGULAR, fc, f->pal->pos_text, 255, br.x, text_base, ALIGN_LEFT, third,
		  FIT_SCALE);
	snprintf(buf, sizeof buf, "~%s", neu);
	draw_text(r, buf, WB_FACE_REGULAR, fc, f->pal->muted, 255, br.x + br.w / 2, text_base, ALIGN_CENTER,
		  third, FIT_SCALE);
	/* The negative share is the one people act on: bold. */
	snprintf(buf, sizeof buf, "−%s %s", neg, wb_i18n(f->lang, WB_MSG_NEGATIVE));
	draw_text(r, buf, WB_FACE_BOLD, fc, f->pal->neg_text, 255, br.x + br.w, text_base, ALIGN_RIGHT, third,
		  FIT_ELLIPSIS);
}

static const struct sla_style *box_style(const struct palette *p, const struct wb_view_sla_box *box)
{
	return box->closed ? &p->closed : &p->sla[box->eval.sla.state];
}

/* The box as wb_view_sla_box decided it: words on the left (head, and the
 * target or the opening time under it when there is room), the timer right. */
static void draw_sla_box(struct frame *f, const struct wb_view_sla_box *box, struct wb_rect sr)
{
	struct wb_renderer *r = f->r;
	const struct sla_style *st = box_style(f->pal, box);
	fill_round(r, sr, wb_imax(f->L.pad / 2, 3), st->box, 255);
	struct wb_rect in = inset(sr, wb_imax(sr.h * 20 / 100, f->L.pad / 2), 0);

	int ft = f->L.font_timer;
	enum wb_face timer_face = box->timer_kind == WB_VIEW_TIMER_CHECK ? WB_FACE_BOLD : WB_FACE_MONO_BOLD;
	int timer_w = 0;
	if (box->timer_kind == WB_VIEW_TIMER_PAUSED) {
		/* A pause mark and the waited time, smaller and dimmer than a
		 * live timer: it is information, not an alarm. */
		char paused[48];
		snprintf(paused, sizeof paused, "\xE2\x80\x96 %s", box->timer); /* ‖ */
		int fp = ft * 75 / 100;
		timer_w = draw_text(r, paused, WB_FACE_MONO_BOLD, fp, st->fg, 220, in.x + in.w,
				    centred_baseline(in, fp), ALIGN_RIGHT, in.w * 5 / 10, FIT_SCALE);
	} else if (box->timer_kind != WB_VIEW_TIMER_NONE) {
		timer_w = draw_text(r, box->timer, timer_face, ft, st->fg, 255, in.x + in.w,
				    centred_baseline(in, ft), ALIGN_RIGHT, in.w * 6 / 10, FIT_SCALE);
	}

	const char *head = wb_i18n(f->lang, box->head);
	int text_w = in.w - timer_w - (timer_w > 0 ? ft / 3 : 0);
	int fl = wb_imin(f->L.font_caption * 115 / 100, in.h * 30 / 100);
	int fd = wb_imin(f->L.font_caption, in.h * 26 / 100);
	bool two_lines = box->detail[0] && in.h >= (CAP_HEIGHT(fl) + CAP_HEIGHT(fd)) * 2;
	/* "SLA-doel 30:00 · 93% binnen doel" where that fits unshrunk; else the
	 * target alone (the pill in the name row still shows the number). */
	char detail[WB_VIEW_SLA_TEXT_MAX + 64];
	snprintf(detail, sizeof detail, "%s", box->detail);
	if (!box->closed && box->attain_words[0]) {
		char longer[sizeof detail];
		snprintf(longer, sizeof longer, "%s \xC2\xB7 %s", box->detail, box->attain_words);
		if (text_width(r, WB_FACE_REGULAR, fd, longer) <= text_w)
			snprintf(detail, sizeof detail, "%s", longer);
	}
	if (!two_lines) {
		draw_text(r, head, WB_FACE_BOLD, fl, st->fg, 255, in.x, centred_baseline(in, fl), ALIGN_LEFT,
			  text_w, FIT_ELLIPSIS);
		return;
	}
	int gap = CAP_HEIGHT(fd) * 8 / 10;
	int block = CAP_HEIGHT(fl) + gap + CAP_HEIGHT(fd);
	int base1 = in.y + (in.h - block) / 2 + CAP_HEIGHT(fl);
	draw_text(r, head, WB_FACE_BOLD, fl, st->fg, 255, in.x, base1, ALIGN_LEFT, text_w, FIT_ELLIPSIS);
	draw_text(r, detail, WB_FACE_REGULAR, fd, st->fg, 210, in.x, base1 + gap + CAP_HEIGHT(fd), ALIGN_LEFT,
		  text_w, FIT_ELLIPSIS);
}

static void draw_tile(struct frame *f, const struct wb_channel *ch, const struct wb_tile_layout *t)
{
	struct wb_view_sla_box box;
	wb_view_sla_box(f->view, ch, &box);
	const struct sla_style *st = box_style(f->pal, &box);
	int radius = wb_imax(f->L.pad * 3 / 4, 4);
	/* A breached or warning channel gets a coloured frame: visible from the
	 * far end of the room even before the timer is read. */
	int bw = st->edge_px_div ? wb_imax(f->L.pad / st->edge_px_div, 2) : wb_imax(f->L.pad / 12, 1);
	card(f->r, t->frame, radius, bw, st->edge, f->pal->card);
	draw_tile_label(f, ch, &box, t);
	draw_counts(f, ch, t->counts);
	draw_sentiment(f, ch, t->bar);
	draw_sla_box(f, &box, t->sla);
}

static void draw_grid(struct frame *f)
{
	struct wb_rect g = f->L.grid;
	if (f->n_shown == 0) {
		int px = f->L.font_title;
		card(f->r, g, f->L.pad, wb_imax(f->L.pad / 12, 1), f->pal->edge, f->pal->card);
		draw_text(f->r, wb_i18n(f->lang, WB_MSG_NO_CHANNELS), WB_FACE_BOLD, px, f->pal->muted, 255,
			  g.x + g.w / 2, centred_baseline(g, px), ALIGN_CENTER, g.w - 2 * f->L.pad,
			  FIT_ELLIPSIS);
		return;
	}
	for (size_t i = 0; i < f->L.n_tiles; i++)
		draw_tile(f, &f->snap->channels[f->order[f->L.first_tile + i]], &f->L.tiles[i]);
	draw_page_indicator(f);
	if (f->view->stale) {
		/* Old numbers stay readable but visibly not live. */
		struct wb_rect dim = g;
		if (f->L.page_indicator.h > 0)
			dim.h = f->L.page_indicator.y + f->L.page_indicator.h - g.y;
		fill(f->r, dim, f->pal->bg, 150);
	}
}

/* ---- start screen ------------------------------------------------------- */

/* One centred line of the start screen: `lead` is the distance from the
 * previous baseline (or the column's top) to this one. */
struct start_line {
	const char *text;
	enum wb_face face;
	int px, lead;
	struct rgb colour;
	enum fit fit;
	bool conn_dot; /* the connection dot before the status line */
	bool framed;   /* in a card: the pairing code */
};

#define START_MAX_LINES (11 + WB_BOOT_REPORT_MAX_LINES + WB_VIEW_MAX_ADDRS)

/* Appends a plain line; returns it (to set a flag), or NULL when full. */
static struct start_line *add_line(struct start_line *lines, size_t *n, const char *text, enum wb_face face,
				   int px, int lead, struct rgb colour, enum fit fit)
{
	if (*n >= START_MAX_LINES)
		return NULL;
	struct start_line *l = &lines[(*n)++];
	*l = (struct start_line){
		.text = text, .face = face, .px = px, .lead = lead, .colour = colour, .fit = fit
	};
	return l;
}

/* "http://192.168.1.20:8080", "http://[fd00::1]:8080". */
static void admin_url(const struct wb_view *v, char *out, size_t size)
{
	const char *addr = v->n_addrs > 0 && v->addrs[0] ? v->addrs[0] : "";
	int port = v->http_port ? v->http_port : v->config ? v->config->http.port : 8080;
	bool v6 = strchr(addr, ':') != NULL;
	char port_s[16] = "";
	if (port != 80)
		snprintf(port_s, sizeof port_s, ":%d", port);
	snprintf(out, size, "http://%s%s%s%s", v6 ? "[" : "", addr, v6 ? "]" : "", port_s);
}

static void draw_start_line(struct frame *f, const struct start_line *l, int cx, int y, int max_w)
{
	struct wb_renderer *r = f->r;
	if (l->conn_dot) {
		int sw = text_width(r, l->face, l->px, l->text);
		int dot = wb_imax(l->px / 3, 3);
		int sx = cx - wb_imin(sw, max_w - dot * 4) / 2 + dot * 2;
		fill_disc(r, sx - dot * 3, y - CAP_HEIGHT(l->px) / 2, dot,
			  conn_colour(f->pal, f->view->conn));
		draw_text(r, l->text, l->face, l->px, l->colour, 255, sx, y, ALIGN_LEFT, max_w - dot * 4,
			  l->fit);
		return;
	}
	if (l->framed) {
		int pad = l->px / 2;
		int w = wb_imin(text_width(r, l->face, l->px, l->text) + 2 * pad, max_w);
		int h = CAP_HEIGHT(l->px) + 2 * pad;
		struct wb_rect box = { cx - w / 2, y - CAP_HEIGHT(l->px) - pad, w, h };
		card(r, box, wb_imax(pad / 2, 3), wb_imax(l->px / 16, 2), f->pal->ticker_label, f->pal->card);
		max_w = w - pad;
	}
	draw_text(r, l->text, l->face, l->px, l->colour, 255, cx, y, ALIGN_CENTER, max_w, l->fit);
}

/* A centred column: name, version, status, feed, the config warning, the
 * pairing code with where to use it, and the addresses. Shrunk as a whole
 * when it does not fit (a small screen at a large scale). */
static void draw_start(struct frame *f)
{
	const struct wb_view *v = f->view;
	const struct palette *p = f->pal;
	int top = f->L.header.y + f->L.header.h;
	struct wb_rect area = { f->L.pad * 2, top, f->w - f->L.pad * 4, f->h - top };
	int big = f->L.font_title * 3 / 2;
	int fb = f->L.font_banner;
	int fs = f->L.font_status;
	int addr_px = f->L.font_clock;
	int line = fb * 2;
	struct start_line lines[START_MAX_LINES];
	size_t n = 0;

	add_line(lines, &n, PRODUCT_NAME, WB_FACE_BOLD, big, CAP_HEIGHT(big), p->text, FIT_SCALE);
	add_line(lines, &n, "v" WB_VERSION, WB_FACE_REGULAR, fs, fs * 2, p->muted, FIT_SCALE);
	const char *status =
		v->status_line && v->status_line[0] ? v->status_line : wb_i18n(f->lang, WB_MSG_START_WAITING);
	struct start_line *l = add_line(lines, &n, status, WB_FACE_BOLD, fb, line, p->text, FIT_ELLIPSIS);
	if (l)
		l->conn_dot = true;
	if (v->stale_remedy && v->stale_remedy[0])
		add_line(lines, &n, v->stale_remedy, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	char feed[WB_URL_MAX + 16];
	snprintf(feed, sizeof feed, "%s: %s", wb_i18n(f->lang, WB_MSG_START_FEED),
		 v->feed_host && v->feed_host[0] ? v->feed_host : "—");
	add_line(lines, &n, feed, WB_FACE_REGULAR, fb, line, p->muted, FIT_ELLIPSIS);
	char warning[512];
	if (v->config_warning && v->config_warning[0]) {
		snprintf(warning, sizeof warning, "\xE2\x9A\xA0 %s", v->config_warning);
		add_line(lines, &n, warning, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	char notice[WB_UPDATE_MESSAGE_MAX + WB_UPDATE_VERSION_MAX + 96];
	if (v->update_notice && v->update_notice[0]) {
		snprintf(notice, sizeof notice, "\xE2\x86\xBA %s", v->update_notice);
		add_line(lines, &n, notice, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	/* The first boot's verdict on each file an admin put on the boot
	 * partition, where they look after putting the card back: "✓
	 * wallboard.json: applied", "✗ wifi.conf: rejected: no ssid= line".
	 * add_line keeps pointers, so the texts live until the column is drawn. */
	char boot_caption[64];
	char boot[WB_BOOT_REPORT_MAX_LINES][WB_BOOT_REPORT_NAME_MAX + WB_BOOT_REPORT_MESSAGE_MAX + 64];
	size_t n_boot = v->boot_report ? wb_imin((int)v->boot_report->n, WB_BOOT_REPORT_MAX_LINES) : 0;
	if (n_boot > 0) {
		upper_ascii(wb_i18n(f->lang, WB_MSG_BOOT_REPORT), boot_caption, sizeof boot_caption);
		add_line(lines, &n, boot_caption, WB_FACE_BOLD, fs, line * 3 / 2, p->muted, FIT_SCALE);
	}
	for (size_t i = 0; i < n_boot; i++) {
		const struct wb_boot_entry *e = &v->boot_report->entries[i];
		bool ok = e->result == WB_BOOT_APPLIED;
		enum wb_msg word = ok                              ? WB_MSG_BOOT_APPLIED
				   : e->result == WB_BOOT_REJECTED ? WB_MSG_BOOT_REJECTED
								   : WB_MSG_BOOT_INVALID;
		snprintf(boot[i], sizeof boot[i], "%s %s: %s%s%s", ok ? "\xE2\x9C\x93" : "\xE2\x9C\x97",
			 e->file, wb_i18n(f->lang, word), e->message[0] ? ": " : "", e->message);
		add_line(lines, &n, boot[i], WB_FACE_REGULAR, fs, i == 0 ? fs * 2 : fs * 3 / 2,
			 ok ? p->text : p->amber, FIT_ELLIPSIS);
	}
	char how[160];
	if (v->pairing_code && v->pairing_code[0]) {
		/* Read from 2-3 m while typing it in: large, monospaced, framed. */
		int code_px = addr_px * 3 / 2;
		char url[96];
		admin_url(v, url, sizeof url);
		if (v->n_addrs > 0)
			snprintf(how, sizeof how, "%s %s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE_FOR), url);
		else
			snprintf(how, sizeof how, "%s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE));
		add_line(lines, &n, how, WB_FACE_BOLD, fb, line * 3 / 2, p->text, FIT_ELLIPSIS);
		l = add_line(lines, &n, v->pairing_code, WB_FACE_MONO_BOLD, code_px, fb + code_px, p->text,
			     FIT_SCALE);
		if (l)
			l->framed = true;
	}
	char caption[64];
	upper_ascii(wb_i18n(f->lang, WB_MSG_START_ADDRESSES), caption, sizeof caption);
	add_line(lines, &n, caption, WB_FACE_BOLD, fs, line * 3 / 2, p->muted, FIT_SCALE);
	int first_lead = fs + addr_px * 3 / 2;
	if (v->n_addrs == 0)
		add_line(lines, &n, wb_i18n(f->lang, WB_MSG_START_NO_NETWORK), WB_FACE_BOLD, addr_px,
			 first_lead, p->amber, FIT_SCALE);
	for (size_t i = 0; i < v->n_addrs && i < WB_VIEW_MAX_ADDRS; i++)
		add_line(lines, &n, v->addrs[i] ? v->addrs[i] : "", WB_FACE_MONO_BOLD, addr_px,
			 i == 0 ? first_lead : addr_px * 3 / 2, p->text, FIT_SCALE);

	/* Total height first, so the column sits in the middle of the area. */
	int height = addr_px / 2;
	for (size_t i = 0; i < n; i++)
		height += lines[i].lead;
	int room = wb_imax(area.h - 2 * f->L.pad, 1);
	if (height > room) {
		for (size_t i = 0; i < n; i++) {
			lines[i].px = wb_imax((int)((long)lines[i].px * room / height), 4);
			lines[i].lead = (int)((long)lines[i].lead * room / height);
		}
		height = room;
	}
	int y = area.y + wb_imax((area.h - height) / 2, f->L.pad);
	for (size_t i = 0; i < n; i++) {
		y += lines[i].lead;
		draw_start_line(f, &lines[i], f->w / 2, y, area.w);
	}
}

/* POST /api/v1/identify: the whole screen in one colour no state uses, with
 * the board's name and address as large as they fit, so an admin walking
 * past twenty screens sees at once which one answered. */
static void draw_identify(struct frame *f)
{
	const struct wb_view *v = f->view;
	const struct palette *p = f->pal;
	struct wb_rect all = { 0, 0, f->w, f->h };
	fill(f->r, all, p->identify_bg, 255);
	int s = wb_imin(f->w, f->h);
	int border = wb_imax(s / 60, 2);
	struct wb_rect inner = inset(all, border * 2, border * 2);
	card(f->r, inner, border * 2, border, p->identify_text, p->identify_bg);
	const char *name = v->identify_name && v->identify_name[0] ? v->identify_name
			   : v->title && v->title[0]               ? v->title
								   : PRODUCT_NAME;
	const char *addr =
		v->n_addrs > 0 && v->addrs[0] ? v->addrs[0] : wb_i18n(f->lang, WB_MSG_START_NO_NETWORK);
	int name_px = s * 16 / 100;
	int addr_px = s * 9 / 100;
	int max_w = inner.w - border * 8;
	int block = CAP_HEIGHT(name_px) + addr_px + CAP_HEIGHT(addr_px);
	int base1 = f->h / 2 - block / 2 + CAP_HEIGHT(name_px);
	draw_text(f->r, name, WB_FACE_BOLD, name_px, p->identify_text, 255, f->w / 2, base1, ALIGN_CENTER,
		  max_w, FIT_ELLIPSIS);
	draw_text(f->r, addr, WB_FACE_MONO_BOLD, addr_px, p->identify_text, 255, f->w / 2,
		  base1 + addr_px + CAP_HEIGHT(addr_px), ALIGN_CENTER, max_w, FIT_SCALE);
}

static void draw_static(struct frame *f)
{
	SDL_SetRenderDrawBlendMode(f->r->sdl, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(f->r->sdl, f->pal->bg.r, f->pal->bg.g, f->pal->bg.b, 255);
	SDL_RenderClear(f->r->sdl);
	if (wb_view_identifying(f->view)) {
		draw_identify(f);
		return;
	}
	draw_header(f);
	if (!f->snap) {
		draw_start(f);
		return;
	}
	if (f->L.stale_bar.h > 0)
		draw_stale_bar(f);
	draw_grid(f);
}

/* ---- dynamic: alert banner and ticker ----------------------------------- */

/* Which of the banner's extras are shown right of the message. */
struct banner_extras {
	bool since;      /* "actief 18 min" */
	bool more_words; /* "+2 meer" rather than "+2" */
};

/* Draws (or with draw false only measures) the extras from the banner's
 * right end leftwards: "+2 meer", "actief 18 min", the acknowledged mark.
 * Returns the x where the message has to end. */
static int banner_extras(struct frame *f, const struct wb_alert *a, const struct banner_extras *ex,
			 int pill_h, bool draw)
{
	struct wb_renderer *r = f->r;
	struct wb_rect b = f->L.alert_banner;
	int pad = f->L.pad, fb = f->L.font_banner;
	int base = centred_baseline(b, fb);
	int sev =
		a->severity >= WB_SEVERITY_INFO && a->severity <= WB_SEVERITY_CRITICAL ? (int)a->severity : 0;
	int right = b.x + b.w - pad;
	if (f->snap->n_alerts > 1) {
		char more[48];
		int fm = fb * 85 / 100;
		if (ex->more_words)
			snprintf(more, sizeof more, "+%zu %s", f->snap->n_alerts - 1,
				 wb_i18n(f->lang, WB_MSG_MORE_ALERTS));
		else
			snprintf(more, sizeof more, "+%zu", f->snap->n_alerts - 1);
		int mw = draw ? draw_text(r, more, WB_FACE_BOLD, fm, f->pal->on_colour, 255, right, base,
					  ALIGN_RIGHT, b.w / 5, FIT_SCALE)
			      : wb_imin(text_width(r, WB_FACE_BOLD, fm, more), b.w / 5);
		right -= mw + pad;
	}
	if (a->has_since && ex->since) {
		char dur[24], since[64];
		int fs = fb * 85 / 100;
		int64_t age_s = (f->view->server_now_ms - a->since_ms) / 1000;
		wb_format_age(f->lang, age_s, dur, sizeof dur);
		snprintf(since, sizeof since, "%s %s", wb_i18n(f->lang, WB_MSG_ACTIVE_FOR), dur);
		int sw = draw ? draw_text(r, since, WB_FACE_REGULAR, fs, f->pal->on_colour, 230, right, base,
					  ALIGN_RIGHT, b.w / 4, FIT_SCALE)
			      : wb_imin(text_width(r, WB_FACE_REGULAR, fs, since), b.w / 4);
		right -= sw + pad;
	}
	if (a->acknowledged) {
		/* Small, but in a pill of its own: seen by whoever walks up to the
		 * board, without competing with the message from afar. */
		char ack[64];
		snprintf(ack, sizeof ack, "\xE2\x9C\x93 %s", wb_i18n(f->lang, WB_MSG_ACKNOWLEDGED));
		int fa = fb * 70 / 100;
		int aw = wb_imin(text_width(r, WB_FACE_BOLD, fa, ack) + fa, b.w / 4);
		if (draw) {
			struct wb_rect box = { right - aw, b.y + (b.h - pill_h) / 2, aw, pill_h };
			fill_round(r, box, wb_imax(pad / 3, 2), f->pal->severity[sev].pill, 255);
			draw_text(r, ack, WB_FACE_BOLD, fa, f->pal->on_colour, 255, box.x + box.w / 2,
				  centred_baseline(box, fa), ALIGN_CENTER, box.w - fa / 2, FIT_SCALE);
		}
		right -= aw + pad;
	}
	return right;
}

static void draw_banner(struct frame *f)
{
	struct wb_renderer *r = f->r;
	struct wb_rect b = f->L.alert_banner;
	if (b.h <= 0 || !f->snap || f->snap->n_alerts == 0)
		return;
	const struct wb_alert *a = &f->snap->alerts[wb_view_top_alert(f->snap)];
	int sev =
		a->severity >= WB_SEVERITY_INFO && a->severity <= WB_SEVERITY_CRITICAL ? (int)a->severity : 0;
	const struct severity_colours *st = &f->pal->severity[sev];
	struct rgb bg = st->bg;
	if (wb_view_alert_pulses(a)) {
		/* Smooth 1 Hz breathing between full and 72% brightness. */
		double phase = (double)wb_floor_mod(f->view->anim_ms, PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
		bg = scale_rgb(bg, 0.86 + 0.14 * cos(2.0 * M_PI * phase));
	}
	int pad = f->L.pad;
	fill_round(r, b, wb_imax(pad / 2, 3), bg, 255);
	int fb = f->L.font_banner;
	int base = centred_baseline(b, fb);

	/* Severity pill on the left. */
	const char *label = wb_i18n(f->lang, severity_label[sev]);
	int fp = fb * 80 / 100;
	int pill_h = wb_imin(b.h * 64 / 100, fp * 2);
	int pill_w = text_width(r, WB_FACE_BOLD, fp, label) + fp;
	struct wb_rect pill = { b.x + pad, b.y + (b.h - pill_h) / 2, wb_imin(pill_w, b.w / 3), pill_h };
	fill_round(r, pill, wb_imax(pad / 3, 2), st->pill, 255);
	draw_text(r, label, WB_FACE_BOLD, fp, f->pal->on_colour, 255, pill.x + pill.w / 2,
		  centred_baseline(pill, fp), ALIGN_CENTER, pill.w - fp / 2, FIT_SCALE);

	/* The message is what the banner is for (a local rule's reason reads
	 * "Facebook 38% negatief (drempel 30%)"): when it does not fit, the age
	 * goes first, then "+2 meer" becomes "+2"; only then is it shrunk and,
	 * as a last resort, cut with "…". */
	int mx = pill.x + pill.w + pad;
	struct banner_extras ex = { .since = a->has_since, .more_words = true };
	int need = text_width(r, WB_FACE_BOLD, fb, a->message);
	while (need > banner_extras(f, a, &ex, pill_h, false) - mx) {
		if (ex.since)
			ex.since = false;
		else if (ex.more_words && f->snap->n_alerts > 1)
			ex.more_words = false;
		else
			break;
	}
	int right = banner_extras(f, a, &ex, pill_h, true);
	draw_text(r, a->message, WB_FACE_BOLD, fb, f->pal->on_colour, 255, mx, base, ALIGN_LEFT,
		  wb_imax(right - mx, 1), FIT_ELLIPSIS);
}

/* Splits s into pieces of about TICKER_CHUNK_CODEPOINTS, preferably after a
 * space; calls draw_piece for each. Returns the total width. */
struct ticker_piece {
	enum wb_face face;
	int px;
	struct rgb colour;
	const char *s;
};

static int piece_run(struct frame *f, const struct ticker_piece *p, int x, int base, bool draw)
{
	char chunk[TICKER_CHUNK_CODEPOINTS * 8 + 8];
	const char *s = p->s;
	int width = 0;
	while (*s) {
		size_t bytes = 0, cps = 0, split = 0;
		while (s[bytes] && bytes + 4 < sizeof chunk - 1) {
			size_t len = 1;
			while (((unsigned char)s[bytes + len] & 0xc0) == 0x80)
				len++;
			bytes += len;
			cps++;
			if (s[bytes - 1] == ' ' && cps >= TICKER_CHUNK_CODEPOINTS / 2)
				split = bytes;
			if (cps >= TICKER_CHUNK_CODEPOINTS)
				break;
		}
		if (s[bytes] && split > 0)
			bytes = split;
		memcpy(chunk, s, bytes);
		chunk[bytes] = '\0';
		s += bytes;
		if (draw)
			width += draw_text(f->r, chunk, p->face, p->px, p->colour, 255, x + width, base,
					   ALIGN_LEFT, 0, FIT_SCALE);
		else
			width += text_width(f->r, p->face, p->px, chunk);
	}
	return width;
}

static struct rgb sentiment_colour(const struct palette *p, enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? p->pos_text : s == WB_SENTIMENT_NEGATIVE ? p->neg_text : p->text;
}

static struct rgb sentiment_dot(const struct palette *p, enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? p->bar_pos : s == WB_SENTIMENT_NEGATIVE ? p->bar_neg : p->bar_neu;
}

/* One mention as coloured pieces: time, channel, author, text. Returns the
 * width; draws only when asked (the first pass measures). */
static int ticker_item(struct frame *f, const struct wb_mention *m, int x, int base, bool draw)
{
	int px = f->L.font_ticker;
	int gap = px / 2;
	int dot = wb_imax(px / 4, 2);
	char when[16] = "", text[TICKER_MAX_CODEPOINTS * 4 + 8], author[WB_FEED_AUTHOR_MAX + 8] = "";
	if (m->has_at) {
		struct tm tm;
		local_tm(f->view, m->at_ms, &tm);
		wb_format_clock(&tm, 0, when, sizeof when);
	}
	const char *channel = NULL;
	if (m->channel) {
		const struct wb_channel *ch = wb_snapshot_channel(f->snap, m->channel);
		channel = ch ? ch->label : m->channel;
	}
	if (m->author && m->author[0])
		snprintf(author, sizeof author, "%s:", m->author);
	wb_utf8_truncate(m->text, TICKER_MAX_CODEPOINTS, text, sizeof text);
	const struct ticker_piece pieces[] = {
		{ WB_FACE_REGULAR, px, f->pal->muted, when },
		{ WB_FACE_BOLD, px, f->pal->ticker_channel, channel ? channel : "" },
		{ WB_FACE_BOLD, px, f->pal->text, author },
		{ WB_FACE_REGULAR, px, sentiment_colour(f->pal, m->sentiment), text },
	};
	int w = 0;
	if (draw)
		fill_disc(f->r, x + dot, base - CAP_HEIGHT(px) / 2, dot, sentiment_dot(f->pal, m->sentiment));
	w += dot * 2 + gap;
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		if (!pieces[i].s[0])
			continue;
		w += piece_run(f, &pieces[i], x + w, base, draw) + gap;
	}
	return w + px * 2; /* room before the next mention */
}

static void draw_ticker(struct frame *f)
{
	struct wb_renderer *r = f->r;
	struct wb_rect t = f->L.ticker;
	if (t.h <= 0 || !f->snap || f->snap->n_latest == 0)
		return;
	fill(r, t, f->pal->header, 255);
	fill(r, (struct wb_rect){ t.x, t.y, t.w, wb_imax(f->L.pad / 8, 1) }, f->pal->edge, 255);
	int px = f->L.font_ticker;
	char label[64];
	upper_ascii(wb_i18n(f->lang, WB_MSG_LATEST), label, sizeof label);
	int lw = text_width(r, WB_FACE_BOLD, px, label) + px * 2;
	struct wb_rect box = { t.x, t.y, wb_imin(lw, t.w / 3), t.h };

	int base = centred_baseline(t, px);
	int widths[WB_FEED_MAX_LATEST];
	size_t n = f->snap->n_latest < WB_FEED_MAX_LATEST ? f->snap->n_latest : WB_FEED_MAX_LATEST;
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		/* Mentions of channels the board hides are hidden too: 0 wide. */
		const struct wb_mention *m = &f->snap->latest[i];
		widths[i] = wb_view_channel_listed(f->view->config, m->channel)
				    ? ticker_item(f, m, 0, base, false)
				    : 0;
		total += widths[i];
	}
	if (total <= 0)
		return;
	/* Position from the animation clock alone: ~0.1 screen heights a second,
	 * the same on every frame rate. */
	int64_t offset = wb_floor_mod(f->view->anim_ms * f->h / 10000, total);
	struct wb_rect area = { box.x + box.w, t.y, t.w - box.w, t.h };
	SDL_Rect clip = sdl_rect(area);
	SDL_RenderSetClipRect(r->sdl, &clip);
	int64_t x = area.x - offset;
	for (size_t i = 0; x < area.x + area.w; i = (i + 1) % n) {
		if (widths[i] > 0 && x + widths[i] > area.x)
			ticker_item(f, &f->snap->latest[i], (int)x, base, true);
		x += widths[i];
	}
	SDL_RenderSetClipRect(r->sdl, NULL);
	fill(r, box, f->pal->ticker_label, 255);
	draw_text(r, label, WB_FACE_BOLD, px, f->pal->on_colour, 255, box.x + box.w / 2, base, ALIGN_CENTER,
		  box.w, FIT_SCALE);
}

/* ---- frame -------------------------------------------------------------- */

/* Keeps t a render-target texture of w x h. False when the renderer cannot
 * render to textures (then callers draw straight to the output). */
static bool ensure_target(struct wb_renderer *r, struct target *t, int w, int h)
{
	if (t->tex && t->w == w && t->h == h)
		return true;
	if (t->tex)
		SDL_DestroyTexture(t->tex);
	t->tex = NULL;
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r->sdl, &info) != 0 || !(info.flags & SDL_RENDERER_TARGETTEXTURE))
		return false;
	t->tex = SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
	if (!t->tex)
		return false;
	SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_NONE);
	t->w = w;
	t->h = h;
	return true;
}

static void clear_to(struct wb_renderer *r, struct rgb c)
{
	SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, 255);
	SDL_RenderClear(r->sdl); /* the whole target, whatever the viewport */
}

/* One upright frame of w x h into the current target, moved by (dx, dy) for
 * burn-in care: the cached static layer, then what moves over it. The shift
 * is a viewport offset, so the layer itself never depends on it and the edge
 * strip it uncovers is background. */
static void draw_frame(struct wb_renderer *r, const struct wb_view *view, int w, int h, int dx, int dy)
{
	struct frame f = { .r = r,
			   .view = view,
			   .snap = view->snapshot,
			   .pal = view_palette(view),
			   .lang = view_lang(view),
			   .w = w,
			   .h = h };
	f.n_shown = wb_view_channels(f.snap, view->config, f.order, WB_FEED_MAX_CHANNELS);
	wb_view_layout_logical(view, w, h, &f.L);

	uint64_t key = static_key(&f);
	SDL_Texture *target = SDL_GetRenderTarget(r->sdl);
	bool same_size = r->layer.tex && r->layer.w == w && r->layer.h == h;
	if (!same_size)
		r->layer_valid = false;
	bool cached = ensure_target(r, &r->layer, w, h);
	if (cached && (!r->layer_valid || key != r->layer_key)) {
		/* Switching targets resets the viewport: draw the layer first. */
		SDL_SetRenderTarget(r->sdl, r->layer.tex);
		draw_static(&f);
		SDL_SetRenderTarget(r->sdl, target);
		r->layer_key = key;
		r->layer_valid = true;
	}
	bool shifted = dx != 0 || dy != 0;
	if (shifted) {
		clear_to(r, f.pal->bg);
		SDL_Rect vp = { dx, dy, w, h };
		SDL_RenderSetViewport(r->sdl, &vp);
	}
	if (cached) {
		SDL_Rect all = { 0, 0, w, h };
		SDL_RenderCopy(r->sdl, r->layer.tex, NULL, &all);
	} else {
		draw_static(&f);
	}
	if (!wb_view_identifying(view)) {
		draw_banner(&f);
		draw_ticker(&f);
	}
	if (shifted)
		SDL_RenderSetViewport(r->sdl, NULL);
}

void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h)
{
	if (!r || !view || w <= 0 || h <= 0)
		return;
	r->now_ms = view->anim_ms;
	if (view->screen_off) {
		/* Outside the on-hours: black in every theme, nothing else. */
		clear_to(r, (struct rgb){ 0, 0, 0 });
	} else {
		int rot = wb_view_rotation(view);
		int lw, lh;
		wb_view_logical_size(view, w, h, &lw, &lh);
		if (rot != 0 && ensure_target(r, &r->rotated, lw, lh)) {
			SDL_Texture *out = SDL_GetRenderTarget(r->sdl);
			SDL_SetRenderTarget(r->sdl, r->rotated.tex);
			draw_frame(r, view, lw, lh, 0, 0);
			SDL_SetRenderTarget(r->sdl, out);
			/* Centred on the output, so turning it a quarter about its
			 * centre covers the output exactly; the burn-in shift moves
			 * this final copy (in output pixels, which are what burn in). */
			if (view->shift_x != 0 || view->shift_y != 0)
				clear_to(r, view_palette(view)->bg);
			SDL_Rect dst = { (w - lw) / 2 + view->shift_x, (h - lh) / 2 + view->shift_y, lw, lh };
			SDL_RenderCopyEx(r->sdl, r->rotated.tex, NULL, &dst, (double)rot, NULL,
					 SDL_FLIP_NONE);
		} else {
			/* No render targets (no known driver of ours): upright. */
			draw_frame(r, view, w, h, view->shift_x, view->shift_y);
		}
	}

	if (r->now_ms - r->last_sweep_ms >= TEXT_SWEEP_EVERY_MS || r->now_ms < r->last_sweep_ms) {
		wb_textcache_sweep(r->text, r->now_ms, TEXT_IDLE_MS);
		r->last_sweep_ms = r->now_ms;
	}
}

void wb_renderer_invalidate(struct wb_renderer *r)
{
	if (r)
		r->layer_valid = false;
}

struct wb_renderer *wb_renderer_create(SDL_Renderer *sdl, struct wb_error *err)
{
	struct wb_renderer *r = calloc(1, sizeof *r);
	if (!r) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	r->sdl = sdl;
	r->fonts = wb_fonts_create(err);
	if (!r->fonts) {
		free(r);
		return NULL;
	}
	r->text = wb_textcache_create(sdl, r->fonts, TEXT_CACHE_ENTRIES);
	if (!r->text) {
		wb_error_set(err, "", "out of memory");
		wb_renderer_destroy(r);
		return NULL;
	}
	return r;
}

void wb_renderer_destroy(struct wb_renderer *r)
{
	if (!r)
		return;
	wb_textcache_destroy(r->text);
	wb_fonts_destroy(r->fonts);
	for (size_t i = 0; i < r->n_corners; i++)
		SDL_DestroyTexture(r->corners[i].tex);
	if (r->layer.tex)
		SDL_DestroyTexture(r->layer.tex);
	if (r->rotated.tex)
		SDL_DestroyTexture(r->rotated.tex);
	free(r);
}
