/* The wallboard picture. A frame is two layers: the static layer (header,
 * stale bar, tiles, page indicator, or the start screen) lives in a target
 * texture and is repainted only when a hash of everything it shows changes
 * (about once a second, for the clock and the SLA timers); the alert banner
 * and the ticker are drawn over it every frame because they move or pulse. */
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
#include "wallboard/sla.h"
#include "wallboard/textcache.h"
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

/* DejaVu's cap and digit height, as a share of the em: used to centre text
 * optically rather than by its line box. */
#define CAP_HEIGHT(px) ((px) * 73 / 100)

struct rgb {
	Uint8 r, g, b;
};

#define RGB(hex) { (Uint8)((hex) >> 16), (Uint8)((hex) >> 8), (Uint8)(hex) }

static const struct rgb C_BG = RGB(0x0b0f14);
static const struct rgb C_HEADER = RGB(0x121820);
static const struct rgb C_CARD = RGB(0x161d26);
static const struct rgb C_EDGE = RGB(0x2a3441);
static const struct rgb C_TEXT = RGB(0xe8edf2);
static const struct rgb C_MUTED = RGB(0x8d99a8);
static const struct rgb C_ORANGE = RGB(0xf0883e);
static const struct rgb C_BAR_POS = RGB(0x2ea043);
static const struct rgb C_BAR_NEU = RGB(0x5b6572);
static const struct rgb C_BAR_NEG = RGB(0xe5484d);
static const struct rgb C_BAR_EMPTY = RGB(0x2a3441);
static const struct rgb C_POS_TEXT = RGB(0x7ee08f);
static const struct rgb C_NEG_TEXT = RGB(0xff8b85);
static const struct rgb C_GREEN = RGB(0x3fb950);
static const struct rgb C_AMBER = RGB(0xe3a21a);
static const struct rgb C_RED = RGB(0xe5484d);
static const struct rgb C_STALE_TEXT = RGB(0x1c1400);
static const struct rgb C_TICKER_LABEL = RGB(0x1f6feb);
static const struct rgb C_TICKER_CHANNEL = RGB(0x79c0ff);

struct sla_style {
	struct rgb box, fg, edge;
	int edge_px_div; /* border width = pad / this; 0: the ordinary hairline */
};

static const struct sla_style sla_styles[] = {
	[WB_SLA_NONE] = { RGB(0x1b222b), RGB(0x8d99a8), RGB(0x2a3441), 0 },
	[WB_SLA_IDLE] = { RGB(0x172638), RGB(0x9cc3ea), RGB(0x2a3441), 0 },
	[WB_SLA_OK] = { RGB(0x0f3a22), RGB(0x56d87c), RGB(0x2a3441), 0 },
	[WB_SLA_WARN] = { RGB(0x5c4100), RGB(0xffc83d), RGB(0xc98a10), 6 },
	[WB_SLA_BREACHED] = { RGB(0xc0261f), RGB(0xffffff), RGB(0xe5484d), 4 },
};

struct severity_style {
	struct rgb bg, pill;
	enum wb_msg label;
};

static const struct severity_style severity_styles[] = {
	[WB_SEVERITY_INFO] = { RGB(0x1d4f91), RGB(0x12335e), WB_MSG_SEVERITY_INFO },
	[WB_SEVERITY_WARNING] = { RGB(0x9a5b00), RGB(0x5e3700), WB_MSG_SEVERITY_WARNING },
	[WB_SEVERITY_CRITICAL] = { RGB(0xc62828), RGB(0x7a1010), WB_MSG_SEVERITY_CRITICAL },
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

	SDL_Texture *layer; /* the static layer; NULL when targets are unsupported */
	int layer_w, layer_h;
	bool layer_valid;
	uint64_t layer_key;

	int64_t now_ms; /* anim time of the frame being drawn (text cache stamp) */
	int64_t last_sweep_ms;
};

/* Everything one draw needs, so helpers take one argument, not ten. */
struct frame {
	struct wb_renderer *r;
	const struct wb_view *view;
	const struct wb_snapshot *snap;
	enum wb_lang lang;
	struct wb_layout L;
	int w, h;
};

enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };
enum fit {
	FIT_SCALE,    /* numbers: shrink as far as needed, never cut */
	FIT_ELLIPSIS, /* words: shrink a little, then cut with "…" */
};

/* ---- small helpers ------------------------------------------------------ */

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static struct rgb scale_rgb(struct rgb c, double f)
{
	struct rgb o = { (Uint8)fmin(255.0, c.r * f), (Uint8)fmin(255.0, c.g * f), (Uint8)fmin(255.0, c.b * f) };
	return o;
}

static SDL_Rect sdl_rect(struct wb_rect r)
{
	SDL_Rect s = { r.x, r.y, r.w, r.h };
	return s;
}

static struct wb_rect inset(struct wb_rect r, int dx, int dy)
{
	struct wb_rect o = { r.x + dx, r.y + dy, imax(r.w - 2 * dx, 0), imax(r.h - 2 * dy, 0) };
	return o;
}

static void local_tm(int64_t ms, struct tm *tm)
{
	time_t t = (time_t)floor_div(ms, 1000);
	if (!localtime_r(&t, tm))
		memset(tm, 0, sizeof *tm);
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
	radius = imin(radius, imin(rc.w, rc.h) / 2);
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
static void card(struct wb_renderer *r, struct wb_rect rc, int radius, int bw, struct rgb edge, struct rgb body)
{
	fill_round(r, rc, radius, edge, 255);
	fill_round(r, inset(rc, bw, bw), imax(radius - bw, 0), body, 255);
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
	int step = imax(px / 12, 1);
	return imax(want - want % step, 1);
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
static int draw_text(struct wb_renderer *r, const char *s, enum wb_face face, int px, struct rgb c, Uint8 alpha,
                     int x, int baseline, enum align align, int max_w, enum fit fit)
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
			px2 = imax(px2, px * 4 / 5);
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

static bool ticker_enabled(const struct wb_view *v)
{
	return v->snapshot && v->snapshot->n_latest > 0 && (!v->config || v->config->display.ticker);
}

static int64_t page_period_ms(const struct wb_view *v)
{
	int page_s = v->config ? v->config->display.page_s : 15;
	return (int64_t)(page_s > 0 ? page_s : 15) * 1000;
}

static bool has_critical(const struct wb_snapshot *s)
{
	for (size_t i = 0; s && i < s->n_alerts; i++)
		if (s->alerts[i].severity == WB_SEVERITY_CRITICAL)
			return true;
	return false;
}

static struct wb_sla_view channel_sla(const struct wb_view *v, const struct wb_channel *ch)
{
	double warn = v->config ? v->config->sla.warn_ratio : 0.75;
	int64_t target = v->config ? wb_config_sla_target(v->config, ch->id) : 0;
	return wb_sla_evaluate(&ch->sla, target, warn, v->server_now_ms);
}

void wb_renderer_layout(const struct wb_view *view, int w, int h, struct wb_layout *out)
{
	const struct wb_snapshot *s = view->snapshot;
	size_t n = s ? s->n_channels : 0;
	struct wb_layout_input in = {
		.width = w,
		.height = h,
		.n_channels = n,
		.alert_banner = s && s->n_alerts > 0,
		.stale_bar = s && view->stale,
		.ticker = ticker_enabled(view),
		.page = (size_t)floor_div(view->anim_ms, page_period_ms(view)) % wb_layout_pages(n),
	};
	wb_layout_compute(&in, out);
}

int64_t wb_renderer_next_change_ms(const struct wb_view *view)
{
	int64_t next = 1000 - floor_mod(view->wall_now_ms, 1000);
	const struct wb_snapshot *s = view->snapshot;
	if (s) {
		/* SLA timers and alert ages tick on the server's seconds. */
		next = imin((int)next, (int)(1000 - floor_mod(view->server_now_ms, 1000)));
		if (ticker_enabled(view) || has_critical(s))
			next = imin((int)next, ANIM_FRAME_MS);
		if (wb_layout_pages(s->n_channels) > 1) {
			int64_t period = page_period_ms(view);
			int64_t to_turn = period - floor_mod(view->anim_ms, period);
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
	hash_i64(hs, ch->sla.has_within_target_pct);
	hash_bytes(hs, &ch->sla.within_target_pct, sizeof ch->sla.within_target_pct);
	struct wb_sla_view sla = channel_sla(v, ch);
	hash_i64(hs, sla.state);
	hash_i64(hs, sla.target_s);
	hash_i64(hs, sla.waited_s);
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
	hash_str(&hs, v->title);
	hash_i64(&hs, floor_div(v->wall_now_ms, 1000));
	hash_i64(&hs, v->conn);
	hash_i64(&hs, v->data_age_s);
	hash_i64(&hs, v->stale);
	hash_i64(&hs, floor_div(v->stale_since_wall_ms, 1000));
	hash_str(&hs, v->stale_reason);
	hash_bytes(&hs, &f->L, sizeof f->L);
	if (!f->snap) {
		hash_str(&hs, v->feed_host);
		hash_str(&hs, v->status_line);
		for (size_t i = 0; i < v->n_addrs && i < WB_VIEW_MAX_ADDRS; i++)
			hash_str(&hs, v->addrs[i]);
		return hs.h;
	}
	hash_i64(&hs, (int64_t)f->snap->n_channels);
	for (size_t i = 0; i < f->L.n_tiles; i++)
		hash_channel(&hs, v, &f->snap->channels[f->L.first_tile + i]);
	return hs.h;
}

/* ---- header and bars ---------------------------------------------------- */

static struct rgb conn_colour(enum wb_conn_state c)
{
	return c == WB_CONN_ONLINE ? C_GREEN : c == WB_CONN_OFFLINE ? C_RED : C_AMBER;
}

static const char *conn_word(enum wb_lang lang, enum wb_conn_state c)
{
	return wb_i18n(lang, c == WB_CONN_ONLINE ? WB_MSG_ONLINE : c == WB_CONN_OFFLINE ? WB_MSG_OFFLINE
	                                                                                 : WB_MSG_CONNECTING);
}

/* "Live · Gegevens van 12 s", or just the connection word before any data. */
static void header_state(const struct frame *f, char *out, size_t size)
{
	const struct wb_view *v = f->view;
	if (v->data_age_s >= 0) {
		char age[32];
		wb_format_age(f->lang, v->data_age_s, age, sizeof age);
		snprintf(out, size, "%s · %s %s", conn_word(f->lang, v->conn), wb_i18n(f->lang, WB_MSG_DATA_AGE), age);
	} else {
		snprintf(out, size, "%s", conn_word(f->lang, v->conn));
	}
}

/* Connection dot and state text starting at x; returns the width used. */
static int draw_state(struct frame *f, const char *state, int x, int base, int max_w)
{
	int fs = f->L.font_status;
	int dot_r = imax(fs * 32 / 100, 2);
	fill_disc(f->r, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r, conn_colour(f->view->conn));
	return dot_r * 3 + draw_text(f->r, state, WB_FACE_BOLD, fs, C_TEXT, 255, x + dot_r * 3, base, ALIGN_LEFT,
	                             imax(max_w - dot_r * 3, 1), FIT_ELLIPSIS);
}

static void draw_header(struct frame *f)
{
	struct wb_renderer *r = f->r;
	const struct wb_view *v = f->view;
	struct wb_rect hd = f->L.header;
	int side = f->L.pad * 2;
	fill(r, hd, C_HEADER, 255);
	fill(r, (struct wb_rect){ hd.x, hd.y + hd.h - imax(f->L.pad / 8, 1), hd.w, imax(f->L.pad / 8, 1) }, C_EDGE, 255);

	struct tm tm;
	local_tm(v->wall_now_ms, &tm);
	char clock[16], date[64], state[96];
	wb_format_clock(&tm, 1, clock, sizeof clock);
	wb_format_date(f->lang, &tm, date, sizeof date);
	header_state(f, state, sizeof state);
	int right = hd.x + hd.w - side;
	int clock_w = draw_text(r, clock, WB_FACE_MONO_BOLD, f->L.font_clock, C_TEXT, 255, right,
	                        centred_baseline(hd, f->L.font_clock), ALIGN_RIGHT, hd.w / 3, FIT_SCALE);

	const char *title = v->title && v->title[0] ? v->title : PRODUCT_NAME;
	int ft = f->L.font_title, fs = f->L.font_status;
	int left = hd.x + side;
	int status_right = right - clock_w - side;
	int dot_r = imax(fs * 32 / 100, 2);
	int date_w = text_width(r, WB_FACE_REGULAR, fs, date);
	int state_w = text_width(r, WB_FACE_BOLD, fs, state) + dot_r * 3;
	int title_w = text_width(r, WB_FACE_BOLD, ft, title);
	int line_gap = fs * 55 / 100;

	if (left + title_w + side <= status_right - imax(date_w, state_w)) {
		/* Wide screens: date above state, right-aligned next to the clock. */
		int base1 = hd.y + hd.h / 2 - line_gap / 2;
		int base2 = base1 + CAP_HEIGHT(fs) + line_gap;
		draw_text(r, date, WB_FACE_REGULAR, fs, C_MUTED, 255, status_right, base1, ALIGN_RIGHT, 0, FIT_SCALE);
		draw_state(f, state, status_right - state_w, base2, state_w);
		draw_text(r, title, WB_FACE_BOLD, ft, C_TEXT, 255, left, centred_baseline(hd, ft), ALIGN_LEFT, title_w,
		          FIT_ELLIPSIS);
		return;
	}
	/* Narrow (portrait) screens: the title gets the whole width left of the
	 * clock, with state and date on a line of their own under it. */
	int room = imax(status_right - left, 1);
	ft = ft * 9 / 10; /* two lines in the same band: a little air above and below */
	int block = CAP_HEIGHT(ft) + line_gap + CAP_HEIGHT(fs);
	int base1 = hd.y + (hd.h - block) / 2 + CAP_HEIGHT(ft);
	int base2 = base1 + line_gap + CAP_HEIGHT(fs);
	draw_text(r, title, WB_FACE_BOLD, ft, C_TEXT, 255, left, base1, ALIGN_LEFT, room, FIT_ELLIPSIS);
	int used = draw_state(f, state, left, base2, room);
	int date_x = left + used + fs;
	if (date_x + fs * 3 < left + room)
		draw_text(r, date, WB_FACE_REGULAR, fs, C_MUTED, 255, date_x, base2, ALIGN_LEFT, left + room - date_x,
		          FIT_ELLIPSIS);
}

static void draw_stale_bar(struct frame *f)
{
	struct wb_rect sb = f->L.stale_bar;
	const struct wb_view *v = f->view;
	fill(f->r, sb, C_AMBER, 255);
	char when[16] = "--:--";
	if (v->stale_since_wall_ms > 0) {
		struct tm tm;
		local_tm(v->stale_since_wall_ms, &tm);
		wb_format_clock(&tm, 0, when, sizeof when);
	}
	char line[WB_FEED_MESSAGE_MAX + 128];
	const char *reason = v->stale_reason ? v->stale_reason : "";
	snprintf(line, sizeof line, "⚠ %s %s%s%s", wb_i18n(f->lang, WB_MSG_STALE_SINCE), when, reason[0] ? ": " : "",
	         reason);
	int px = imin(f->L.font_banner, sb.h * 60 / 100);
	draw_text(f->r, line, WB_FACE_BOLD, px, C_STALE_TEXT, 255, sb.x + f->L.pad * 2, centred_baseline(sb, px),
	          ALIGN_LEFT, sb.w - f->L.pad * 4, FIT_ELLIPSIS);
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
	int tw = draw_text(f->r, text, WB_FACE_BOLD, fs, C_TEXT, 255, pr.x + pr.w, base, ALIGN_RIGHT, pr.w / 2,
	                   FIT_SCALE);
	/* One dot per page, the current one lit: the board is visibly paging. */
	int dot_r = imax(fs / 3, 2);
	int step = dot_r * 3;
	int x = pr.x + pr.w - tw - fs - (int)f->L.n_pages * step;
	for (size_t i = 0; i < f->L.n_pages && x > pr.x; i++, x += step)
		fill_disc(f->r, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r, i == f->L.page ? C_TEXT : C_EDGE);
}

/* ---- tiles -------------------------------------------------------------- */

static struct rgb brand_colour(const char *id)
{
	static const struct {
		const char *id;
		unsigned hex;
	} brands[] = {
		{ "twitter", 0x0f1419 }, { "x", 0x0f1419 },         { "facebook", 0x1877f2 }, { "instagram", 0xc13584 },
		{ "linkedin", 0x0a66c2 }, { "whatsapp", 0x1fa855 }, { "webchat", 0x7c3aed },  { "email", 0x5b6572 },
	};
	for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
		if (strcmp(id, brands[i].id) == 0)
			return (struct rgb)RGB(brands[i].hex);
	static const unsigned palette[] = { 0x2f6f9f, 0x8a4baf, 0x2b8a6e, 0xa05a2c, 0x9c3d63, 0x4d6bb3 };
	struct hasher hs = { 1469598103934665603ull };
	hash_str(&hs, id);
	return (struct rgb)RGB(palette[hs.h % (sizeof palette / sizeof palette[0])]);
}

static void draw_tile_label(struct frame *f, const struct wb_channel *ch, struct wb_rect lr)
{
	struct wb_renderer *r = f->r;
	int px = f->L.font_label;
	int badge = imin(lr.h, px * 13 / 10);
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
	draw_text(r, letter, WB_FACE_BOLD, lp, C_TEXT, 255, b.x + b.w / 2, centred_baseline(b, lp), ALIGN_CENTER,
	          badge, FIT_SCALE);
	int x = lr.x + badge + px / 2;
	draw_text(r, ch->label, WB_FACE_BOLD, px, C_TEXT, 255, x, centred_baseline(lr, px), ALIGN_LEFT,
	          lr.x + lr.w - x, FIT_ELLIPSIS);
}

/* Splits width into three columns: equal thirds, except that a column whose
 * content (need) is wider than its third borrows what the others do not use,
 * so "1.234" keeps the size of "87" where the row has room for both. */
static void count_columns(const int need[3], int width, int out[3])
{
	int third = width / 3, surplus = 0, deficit = 0;
	for (int i = 0; i < 3; i++) {
		surplus += imax(third - need[i], 0);
		deficit += imax(need[i] - third, 0);
	}
	int give = imin(surplus, deficit);
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
		need[i] = imax(text_width(r, WB_FACE_BOLD, fn, num[i]), text_width(r, WB_FACE_REGULAR, fc, cap[i])) +
		          fn / 5;
	}
	count_columns(need, cr.w, colw);
	int x = cr.x;
	for (int i = 0; i < 3; i++) {
		int max_w = i < 2 ? colw[i] - fn / 5 : cr.x + cr.w - x;
		struct rgb c = C_TEXT;
		if (i == 2)
			c = values[i] > 0 ? C_ORANGE : C_MUTED;
		draw_text(r, num[i], WB_FACE_BOLD, fn, c, 255, x, num_base, ALIGN_LEFT, max_w, FIT_SCALE);
		draw_text(r, cap[i], WB_FACE_REGULAR, fc, C_MUTED, 255, x, cap_base, ALIGN_LEFT, max_w, FIT_ELLIPSIS);
		x += colw[i];
	}
}

static void draw_sentiment(struct frame *f, const struct wb_channel *ch, struct wb_rect br)
{
	struct wb_renderer *r = f->r;
	int fc = f->L.font_caption;
	int thick = imax(br.h - CAP_HEIGHT(fc) - fc * 45 / 100, 3);
	thick = imin(thick, imax(fc * 8 / 10, 3));
	struct wb_rect bar = { br.x, br.y, br.w, thick };
	const struct wb_sentiment_counts *s = &ch->sentiment;
	int64_t total = s->present ? s->positive + s->neutral + s->negative : 0;
	int text_base = br.y + br.h - fc * 15 / 100;
	if (total <= 0) {
		fill_round(r, bar, thick / 2, C_BAR_EMPTY, 255);
		draw_text(r, "—", WB_FACE_REGULAR, fc, C_MUTED, 255, br.x, text_base, ALIGN_LEFT, 0, FIT_SCALE);
		return;
	}
	/* One rounded bar per colour, each clipped to its share, so the two ends
	 * stay round whichever segments are empty. */
	const int64_t parts[3] = { s->positive, s->neutral, s->negative };
	const struct rgb colours[3] = { C_BAR_POS, C_BAR_NEU, C_BAR_NEG };
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
	draw_text(r, buf, WB_FACE_REGULAR, fc, C_POS_TEXT, 255, br.x, text_base, ALIGN_LEFT, third, FIT_SCALE);
	snprintf(buf, sizeof buf, "~%s", neu);
	draw_text(r, buf, WB_FACE_REGULAR, fc, C_MUTED, 255, br.x + br.w / 2, text_base, ALIGN_CENTER, third,
	          FIT_SCALE);
	/* The negative share is the one people act on: bold. */
	snprintf(buf, sizeof buf, "−%s %s", neg, wb_i18n(f->lang, WB_MSG_NEGATIVE));
	draw_text(r, buf, WB_FACE_BOLD, fc, C_NEG_TEXT, 255, br.x + br.w, text_base, ALIGN_RIGHT, third,
	          FIT_ELLIPSIS);
}

static void draw_sla_box(struct frame *f, const struct wb_channel *ch, const struct wb_sla_view *sla,
                         struct wb_rect sr)
{
	struct wb_renderer *r = f->r;
	const struct sla_style *st = &sla_styles[sla->state];
	fill_round(r, sr, imax(f->L.pad / 2, 3), st->box, 255);
	struct wb_rect in = inset(sr, imax(sr.h * 20 / 100, f->L.pad / 2), 0);

	char timer[32] = "";
	enum wb_face timer_face = WB_FACE_MONO_BOLD;
	if (sla->state == WB_SLA_IDLE) {
		snprintf(timer, sizeof timer, "✓");
		timer_face = WB_FACE_BOLD;
	} else if (sla->state != WB_SLA_NONE) {
		wb_format_sla(sla, timer, sizeof timer);
	}
	int ft = f->L.font_timer;
	int timer_w = draw_text(r, timer, timer_face, ft, st->fg, 255, in.x + in.w, centred_baseline(in, ft),
	                        ALIGN_RIGHT, in.w * 6 / 10, FIT_SCALE);

	enum wb_msg head = WB_MSG_NO_SLA;
	switch (sla->state) {
	case WB_SLA_NONE:
		head = WB_MSG_NO_SLA;
		break;
	case WB_SLA_IDLE:
		head = WB_MSG_NOTHING_WAITING;
		break;
	case WB_SLA_OK:
	case WB_SLA_WARN:
		head = WB_MSG_TIME_LEFT;
		break;
	case WB_SLA_BREACHED:
		head = WB_MSG_BREACHED;
		break;
	}
	char detail[128] = "";
	if (sla->state != WB_SLA_NONE) {
		char target[24], pct[24];
		wb_format_duration(sla->target_s, target, sizeof target);
		int n = snprintf(detail, sizeof detail, "%s %s", wb_i18n(f->lang, WB_MSG_SLA_TARGET), target);
		if (ch->sla.has_within_target_pct && n > 0 && (size_t)n < sizeof detail) {
			wb_format_percent(f->lang, ch->sla.within_target_pct, 0, pct, sizeof pct);
			snprintf(detail + n, sizeof detail - (size_t)n, " · %s %s", pct,
			         wb_i18n(f->lang, WB_MSG_WITHIN_TARGET));
		}
	}
	int text_w = in.w - timer_w - (timer_w > 0 ? ft / 3 : 0);
	int fl = imin(f->L.font_caption * 115 / 100, in.h * 30 / 100);
	int fd = imin(f->L.font_caption, in.h * 26 / 100);
	bool two_lines = detail[0] && in.h >= (CAP_HEIGHT(fl) + CAP_HEIGHT(fd)) * 2;
	if (!two_lines) {
		draw_text(r, wb_i18n(f->lang, head), WB_FACE_BOLD, fl, st->fg, 255, in.x, centred_baseline(in, fl),
		          ALIGN_LEFT, text_w, FIT_ELLIPSIS);
		return;
	}
	int gap = CAP_HEIGHT(fd) * 8 / 10;
	int block = CAP_HEIGHT(fl) + gap + CAP_HEIGHT(fd);
	int base1 = in.y + (in.h - block) / 2 + CAP_HEIGHT(fl);
	draw_text(r, wb_i18n(f->lang, head), WB_FACE_BOLD, fl, st->fg, 255, in.x, base1, ALIGN_LEFT, text_w,
	          FIT_ELLIPSIS);
	draw_text(r, detail, WB_FACE_REGULAR, fd, st->fg, 210, in.x, base1 + gap + CAP_HEIGHT(fd), ALIGN_LEFT, text_w,
	          FIT_ELLIPSIS);
}

static void draw_tile(struct frame *f, const struct wb_channel *ch, const struct wb_tile_layout *t)
{
	struct wb_sla_view sla = channel_sla(f->view, ch);
	const struct sla_style *st = &sla_styles[sla.state];
	int radius = imax(f->L.pad * 3 / 4, 4);
	/* A breached or warning channel gets a coloured frame: visible from the
	 * far end of the room even before the timer is read. */
	int bw = st->edge_px_div ? imax(f->L.pad / st->edge_px_div, 2) : imax(f->L.pad / 12, 1);
	card(f->r, t->frame, radius, bw, st->edge, C_CARD);
	draw_tile_label(f, ch, t->label);
	draw_counts(f, ch, t->counts);
	draw_sentiment(f, ch, t->bar);
	draw_sla_box(f, ch, &sla, t->sla);
}

static void draw_grid(struct frame *f)
{
	struct wb_rect g = f->L.grid;
	if (f->snap->n_channels == 0) {
		int px = f->L.font_title;
		card(f->r, g, f->L.pad, imax(f->L.pad / 12, 1), C_EDGE, C_CARD);
		draw_text(f->r, wb_i18n(f->lang, WB_MSG_NO_CHANNELS), WB_FACE_BOLD, px, C_MUTED, 255, g.x + g.w / 2,
		          centred_baseline(g, px), ALIGN_CENTER, g.w - 2 * f->L.pad, FIT_ELLIPSIS);
		return;
	}
	for (size_t i = 0; i < f->L.n_tiles; i++)
		draw_tile(f, &f->snap->channels[f->L.first_tile + i], &f->L.tiles[i]);
	draw_page_indicator(f);
	if (f->view->stale) {
		/* Old numbers stay readable but visibly not live. */
		struct wb_rect dim = g;
		if (f->L.page_indicator.h > 0)
			dim.h = f->L.page_indicator.y + f->L.page_indicator.h - g.y;
		fill(f->r, dim, C_BG, 150);
	}
}

/* ---- start screen ------------------------------------------------------- */

static void draw_start(struct frame *f)
{
	struct wb_renderer *r = f->r;
	const struct wb_view *v = f->view;
	int top = f->L.header.y + f->L.header.h;
	struct wb_rect area = { f->L.pad * 2, top, f->w - f->L.pad * 4, f->h - top };
	int cx = f->w / 2;
	int big = f->L.font_title * 3 / 2;
	int fb = f->L.font_banner;
	int fs = f->L.font_status;
	int addr_px = f->L.font_clock;
	int n_addr_lines = v->n_addrs > 0 ? (int)imin((int)v->n_addrs, WB_VIEW_MAX_ADDRS) : 1;

	/* Total height first, so the column sits in the middle of the area. */
	int line = fb * 2;
	int height = CAP_HEIGHT(big) + fs * 2 + line * 3 + fs * 2 + n_addr_lines * addr_px * 3 / 2;
	int y = area.y + imax((area.h - height) / 2, f->L.pad);

	y += CAP_HEIGHT(big);
	draw_text(r, PRODUCT_NAME, WB_FACE_BOLD, big, C_TEXT, 255, cx, y, ALIGN_CENTER, area.w, FIT_SCALE);
	y += fs * 2;
	draw_text(r, "v" WB_VERSION, WB_FACE_REGULAR, fs, C_MUTED, 255, cx, y, ALIGN_CENTER, area.w, FIT_SCALE);

	y += line;
	const char *status = v->status_line && v->status_line[0] ? v->status_line
	                                                          : wb_i18n(f->lang, WB_MSG_START_WAITING);
	int sw = text_width(r, WB_FACE_BOLD, fb, status);
	int dot = imax(fb / 3, 3);
	int sx = cx - imin(sw, area.w - dot * 4) / 2 + dot * 2;
	fill_disc(r, sx - dot * 3, y - CAP_HEIGHT(fb) / 2, dot, conn_colour(v->conn));
	draw_text(r, status, WB_FACE_BOLD, fb, C_TEXT, 255, sx, y, ALIGN_LEFT, area.w - dot * 4, FIT_ELLIPSIS);

	y += line;
	char feed[WB_URL_MAX + 16];
	snprintf(feed, sizeof feed, "%s: %s", wb_i18n(f->lang, WB_MSG_START_FEED),
	         v->feed_host && v->feed_host[0] ? v->feed_host : "—");
	draw_text(r, feed, WB_FACE_REGULAR, fb, C_MUTED, 255, cx, y, ALIGN_CENTER, area.w, FIT_ELLIPSIS);

	y += line;
	char caption[64];
	upper_ascii(wb_i18n(f->lang, WB_MSG_START_ADDRESSES), caption, sizeof caption);
	draw_text(r, caption, WB_FACE_BOLD, fs, C_MUTED, 255, cx, y, ALIGN_CENTER, area.w, FIT_SCALE);
	y += fs;
	if (v->n_addrs == 0) {
		y += addr_px * 3 / 2;
		draw_text(r, wb_i18n(f->lang, WB_MSG_START_NO_NETWORK), WB_FACE_BOLD, addr_px, C_AMBER, 255, cx, y,
		          ALIGN_CENTER, area.w, FIT_SCALE);
		return;
	}
	for (size_t i = 0; i < v->n_addrs && i < WB_VIEW_MAX_ADDRS; i++) {
		y += addr_px * 3 / 2;
		if (v->addrs[i])
			draw_text(r, v->addrs[i], WB_FACE_MONO_BOLD, addr_px, C_TEXT, 255, cx, y, ALIGN_CENTER, area.w,
			          FIT_SCALE);
	}
}

static void draw_static(struct frame *f)
{
	SDL_SetRenderDrawBlendMode(f->r->sdl, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(f->r->sdl, C_BG.r, C_BG.g, C_BG.b, 255);
	SDL_RenderClear(f->r->sdl);
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

/* Most severe first, then oldest first; alerts without a start time after
 * those with one; feed order breaks ties. */
static bool alert_before(const struct wb_alert *a, size_t ia, const struct wb_alert *b, size_t ib)
{
	if (a->severity != b->severity)
		return a->severity > b->severity;
	if (a->has_since != b->has_since)
		return a->has_since;
	if (a->has_since && a->since_ms != b->since_ms)
		return a->since_ms < b->since_ms;
	return ia < ib;
}

static size_t top_alert(const struct wb_snapshot *s)
{
	size_t best = 0;
	for (size_t i = 1; i < s->n_alerts; i++)
		if (alert_before(&s->alerts[i], i, &s->alerts[best], best))
			best = i;
	return best;
}

static void draw_banner(struct frame *f)
{
	struct wb_renderer *r = f->r;
	struct wb_rect b = f->L.alert_banner;
	if (b.h <= 0 || !f->snap || f->snap->n_alerts == 0)
		return;
	const struct wb_alert *a = &f->snap->alerts[top_alert(f->snap)];
	int sev = a->severity >= WB_SEVERITY_INFO && a->severity <= WB_SEVERITY_CRITICAL ? (int)a->severity : 0;
	const struct severity_style *st = &severity_styles[sev];
	struct rgb bg = st->bg;
	if (a->severity == WB_SEVERITY_CRITICAL) {
		/* Smooth 1 Hz breathing between full and 72% brightness. */
		double phase = (double)floor_mod(f->view->anim_ms, PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
		bg = scale_rgb(bg, 0.86 + 0.14 * cos(2.0 * M_PI * phase));
	}
	int pad = f->L.pad;
	fill_round(r, b, imax(pad / 2, 3), bg, 255);
	int fb = f->L.font_banner;
	int base = centred_baseline(b, fb);

	/* Severity pill on the left. */
	const char *label = wb_i18n(f->lang, st->label);
	int fp = fb * 80 / 100;
	int pill_h = imin(b.h * 64 / 100, fp * 2);
	int pill_w = text_width(r, WB_FACE_BOLD, fp, label) + fp;
	struct wb_rect pill = { b.x + pad, b.y + (b.h - pill_h) / 2, imin(pill_w, b.w / 3), pill_h };
	fill_round(r, pill, imax(pad / 3, 2), st->pill, 255);
	draw_text(r, label, WB_FACE_BOLD, fp, C_TEXT, 255, pill.x + pill.w / 2, centred_baseline(pill, fp),
	          ALIGN_CENTER, pill.w - fp / 2, FIT_SCALE);

	/* Right side: "+2 meer" and "actief 18 min". */
	int right = b.x + b.w - pad;
	if (f->snap->n_alerts > 1) {
		char more[48];
		snprintf(more, sizeof more, "+%zu %s", f->snap->n_alerts - 1, wb_i18n(f->lang, WB_MSG_MORE_ALERTS));
		int mw = draw_text(r, more, WB_FACE_BOLD, fb * 85 / 100, C_TEXT, 255, right, base, ALIGN_RIGHT, b.w / 5,
		                   FIT_SCALE);
		right -= mw + pad;
	}
	if (a->has_since) {
		char dur[24], since[64];
		int64_t age_s = (f->view->server_now_ms - a->since_ms) / 1000;
		wb_format_age(f->lang, age_s, dur, sizeof dur);
		snprintf(since, sizeof since, "%s %s", wb_i18n(f->lang, WB_MSG_ACTIVE_FOR), dur);
		int sw = draw_text(r, since, WB_FACE_REGULAR, fb * 85 / 100, C_TEXT, 230, right, base, ALIGN_RIGHT, b.w / 4,
		                   FIT_SCALE);
		right -= sw + pad;
	}
	int mx = pill.x + pill.w + pad;
	draw_text(r, a->message, WB_FACE_BOLD, fb, C_TEXT, 255, mx, base, ALIGN_LEFT, imax(right - mx, 1),
	          FIT_ELLIPSIS);
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
			width += draw_text(f->r, chunk, p->face, p->px, p->colour, 255, x + width, base, ALIGN_LEFT, 0,
			                   FIT_SCALE);
		else
			width += text_width(f->r, p->face, p->px, chunk);
	}
	return width;
}

static struct rgb sentiment_colour(enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? C_POS_TEXT : s == WB_SENTIMENT_NEGATIVE ? C_NEG_TEXT : C_TEXT;
}

static struct rgb sentiment_dot(enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? C_BAR_POS : s == WB_SENTIMENT_NEGATIVE ? C_BAR_NEG : C_BAR_NEU;
}

/* One mention as coloured pieces: time, channel, author, text. Returns the
 * width; draws only when asked (the first pass measures). */
static int ticker_item(struct frame *f, const struct wb_mention *m, int x, int base, bool draw)
{
	int px = f->L.font_ticker;
	int gap = px / 2;
	int dot = imax(px / 4, 2);
	char when[16] = "", text[TICKER_MAX_CODEPOINTS * 4 + 8], author[WB_FEED_AUTHOR_MAX + 8] = "";
	if (m->has_at) {
		struct tm tm;
		local_tm(m->at_ms, &tm);
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
		{ WB_FACE_REGULAR, px, C_MUTED, when },
		{ WB_FACE_BOLD, px, C_TICKER_CHANNEL, channel ? channel : "" },
		{ WB_FACE_BOLD, px, C_TEXT, author },
		{ WB_FACE_REGULAR, px, sentiment_colour(m->sentiment), text },
	};
	int w = 0;
	if (draw)
		fill_disc(f->r, x + dot, base - CAP_HEIGHT(px) / 2, dot, sentiment_dot(m->sentiment));
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
	fill(r, t, C_HEADER, 255);
	fill(r, (struct wb_rect){ t.x, t.y, t.w, imax(f->L.pad / 8, 1) }, C_EDGE, 255);
	int px = f->L.font_ticker;
	char label[64];
	upper_ascii(wb_i18n(f->lang, WB_MSG_LATEST), label, sizeof label);
	int lw = text_width(r, WB_FACE_BOLD, px, label) + px * 2;
	struct wb_rect box = { t.x, t.y, imin(lw, t.w / 3), t.h };

	int base = centred_baseline(t, px);
	int widths[WB_FEED_MAX_LATEST];
	size_t n = f->snap->n_latest < WB_FEED_MAX_LATEST ? f->snap->n_latest : WB_FEED_MAX_LATEST;
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		widths[i] = ticker_item(f, &f->snap->latest[i], 0, base, false);
		total += widths[i];
	}
	if (total <= 0)
		return;
	/* Position from the animation clock alone: ~0.1 screen heights a second,
	 * the same on every frame rate. */
	int64_t offset = floor_mod(f->view->anim_ms * f->h / 10000, total);
	struct wb_rect area = { box.x + box.w, t.y, t.w - box.w, t.h };
	SDL_Rect clip = sdl_rect(area);
	SDL_RenderSetClipRect(r->sdl, &clip);
	int64_t x = area.x - offset;
	for (size_t i = 0; x < area.x + area.w; i = (i + 1) % n) {
		if (x + widths[i] > area.x)
			ticker_item(f, &f->snap->latest[i], (int)x, base, true);
		x += widths[i];
	}
	SDL_RenderSetClipRect(r->sdl, NULL);
	fill(r, box, C_TICKER_LABEL, 255);
	draw_text(r, label, WB_FACE_BOLD, px, C_TEXT, 255, box.x + box.w / 2, base, ALIGN_CENTER, box.w, FIT_SCALE);
}

/* ---- frame -------------------------------------------------------------- */

static bool ensure_layer(struct wb_renderer *r, int w, int h)
{
	if (r->layer && r->layer_w == w && r->layer_h == h)
		return true;
	if (r->layer)
		SDL_DestroyTexture(r->layer);
	r->layer = NULL;
	r->layer_valid = false;
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r->sdl, &info) != 0 || !(info.flags & SDL_RENDERER_TARGETTEXTURE))
		return false;
	r->layer = SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
	if (!r->layer)
		return false;
	SDL_SetTextureBlendMode(r->layer, SDL_BLENDMODE_NONE);
	r->layer_w = w;
	r->layer_h = h;
	return true;
}

void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h)
{
	if (!r || !view || w <= 0 || h <= 0)
		return;
	struct frame f = { .r = r, .view = view, .snap = view->snapshot, .lang = view_lang(view), .w = w, .h = h };
	wb_renderer_layout(view, w, h, &f.L);
	r->now_ms = view->anim_ms;

	uint64_t key = static_key(&f);
	SDL_Texture *target = SDL_GetRenderTarget(r->sdl);
	if (ensure_layer(r, w, h)) {
		if (!r->layer_valid || key != r->layer_key) {
			SDL_SetRenderTarget(r->sdl, r->layer);
			draw_static(&f);
			SDL_SetRenderTarget(r->sdl, target);
			r->layer_key = key;
			r->layer_valid = true;
		}
		SDL_Rect all = { 0, 0, w, h };
		SDL_RenderCopy(r->sdl, r->layer, NULL, &all);
	} else {
		draw_static(&f);
	}
	draw_banner(&f);
	draw_ticker(&f);

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
	if (r->layer)
		SDL_DestroyTexture(r->layer);
	free(r);
}
