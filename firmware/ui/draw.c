/* The draw list (draw.h): commands recorded per frame, hashed per element by
 * the compositor, replayed clipped to the damaged rectangles. Text is measured
 * while recording (its size decides the layout) and only what shows is
 * rasterised, in its colour; the texture stays valid until the frame is
 * replayed, because the cache never evicts an entry stamped with the frame
 * being drawn. */
#include "draw.h"

#include <stdlib.h>
#include <string.h>

#include "wallboard/mathx.h"
#include "wallboard/utf8.h"

#define CORNER_CACHE 16

enum cmd_kind {
	CMD_FILL,
	CMD_ROUND,
	CMD_TEXT,
	CMD_NOTE /* draws nothing: a fact for the frame's description */
};

struct cmd {
	enum cmd_kind kind;
	struct wb_rect rect;   /* the fill, or where the text texture goes */
	struct wb_rect bounds; /* rect within the clip: all the command can touch */
	bool clipped;
	struct wb_rect clip;
	bool scrolls; /* the clip is a scrolling region: content drawn scroll px left */
	int64_t scroll;
	struct rgb c;
	Uint8 a;
	int radius; /* CMD_ROUND */
	/* CMD_TEXT: the string as drawn (after shrinking or cutting) at face/px,
	 * at str in the frame's string buffer, and the cache's texture for it. */
	enum wb_face face;
	int px;
	int seen_px; /* px as it shows: smaller where the texture was scaled down to fit */
	size_t str;
	size_t value;     /* CMD_NOTE: str is the key, this the value */
	SDL_Texture *tex; /* the string's, or the glyph strip's (run) */
	bool run;         /* drawn glyph by glyph from a strip (wb_textcache_run) */
};

struct corner {
	int radius;
	SDL_Texture *tex; /* white disc of 2*radius, anti-aliased alpha */
};

struct wb_draw {
	SDL_Renderer *sdl;
	struct wb_textcache *text;
	int64_t now_ms;
	struct cmd *cmds;
	size_t n, cap;
	char *strs;
	size_t len, str_cap;
	bool clipped;
	struct wb_rect clip;
	bool scrolls;
	int64_t scroll;
	bool lost;  /* a command was dropped for lack of memory */
	int min_px; /* the reading size: fitting text never shrinks below it */
	struct corner corners[CORNER_CACHE];
	size_t n_corners;
};

struct wb_draw *wb_draw_create(SDL_Renderer *sdl, struct wb_textcache *text)
{
	struct wb_draw *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->sdl = sdl;
	d->text = text;
	return d;
}

void wb_draw_destroy(struct wb_draw *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_corners; i++)
		SDL_DestroyTexture(d->corners[i].tex);
	free(d->cmds);
	free(d->strs);
	free(d);
}

void wb_draw_reset(struct wb_draw *d, int64_t now_ms)
{
	d->n = 0;
	d->len = 0;
	d->clipped = false;
	d->scrolls = false;
	d->lost = false;
	d->now_ms = now_ms;
}

void wb_draw_set_min_px(struct wb_draw *d, int px)
{
	d->min_px = px;
}

size_t wb_draw_mark(const struct wb_draw *d)
{
	return d->n;
}

bool wb_draw_complete(const struct wb_draw *d)
{
	return !d->lost;
}

/* ---- rectangles --------------------------------------------------------- */

static SDL_Rect sdl_rect(struct wb_rect r)
{
	SDL_Rect s = { r.x, r.y, r.w, r.h };
	return s;
}

/* ---- recording ---------------------------------------------------------- */

/* Room for one more command, or NULL (and the frame marked incomplete) when
 * there is no memory for it. */
static struct cmd *push(struct wb_draw *d)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct cmd *grown = realloc(d->cmds, cap * sizeof *grown);
		if (!grown) {
			d->lost = true;
			return NULL;
		}
		d->cmds = grown;
		d->cap = cap;
	}
	return &d->cmds[d->n++];
}

/* A new command over rect, or NULL when it would draw nothing (outside the
 * clip) or there is no memory for it. */
static struct cmd *record(struct wb_draw *d, enum cmd_kind kind, struct wb_rect rect)
{
	struct wb_rect bounds = d->clipped ? wb_rect_meet(rect, d->clip) : rect;
	if (wb_rect_empty(bounds))
		return NULL;
	struct cmd *c = push(d);
	if (c)
		*c = (struct cmd){ .kind = kind,
				   .rect = rect,
				   .bounds = bounds,
				   .clipped = d->clipped,
				   .clip = d->clip,
				   .scrolls = d->clipped && d->scrolls,
				   .scroll = d->scroll };
	return c;
}

/* Copies s into the frame's string buffer; false when out of memory. */
static bool keep_string(struct wb_draw *d, const char *s, size_t *at)
{
	size_t n = strlen(s) + 1;
	if (d->len + n > d->str_cap) {
		size_t cap = d->str_cap ? d->str_cap : 4096;
		while (d->len + n > cap)
			cap *= 2;
		char *grown = realloc(d->strs, cap);
		if (!grown) {
			d->lost = true;
			return false;
		}
		d->strs = grown;
		d->str_cap = cap;
	}
	memcpy(d->strs + d->len, s, n);
	*at = d->len;
	d->len += n;
	return true;
}

void wb_draw_fill(struct wb_draw *d, struct wb_rect rc, struct rgb c, Uint8 a)
{
	if (wb_rect_empty(rc))
		return;
	struct cmd *cmd = record(d, CMD_FILL, rc);
	if (cmd) {
		cmd->c = c;
		cmd->a = a;
	}
}

void wb_draw_round(struct wb_draw *d, struct wb_rect rc, int radius, struct rgb c, Uint8 a)
{
	if (wb_rect_empty(rc))
		return;
	struct cmd *cmd = record(d, CMD_ROUND, rc);
	if (cmd) {
		cmd->c = c;
		cmd->a = a;
		cmd->radius = wb_imin(radius, wb_imin(rc.w, rc.h) / 2);
	}
}

void wb_draw_disc(struct wb_draw *d, int cx, int cy, int radius, struct rgb c)
{
	wb_draw_round(d, (struct wb_rect){ cx - radius, cy - radius, 2 * radius, 2 * radius }, radius, c,
		      255);
}

void wb_draw_card(struct wb_draw *d, struct wb_rect rc, int radius, int bw, struct rgb edge, struct rgb body)
{
	wb_draw_round(d, rc, radius, edge, 255);
	wb_draw_round(d, wb_draw_inset(rc, bw, bw), wb_imax(radius - bw, 0), body, 255);
}

void wb_draw_note(struct wb_draw *d, const char *key, const char *value)
{
	struct cmd *cmd = push(d);
	if (!cmd)
		return;
	*cmd = (struct cmd){ .kind = CMD_NOTE };
	if (!keep_string(d, key, &cmd->str) || !keep_string(d, value, &cmd->value))
		d->n--; /* lost is set: the frame's hashes are not trusted */
}

void wb_draw_clip(struct wb_draw *d, struct wb_rect rc)
{
	d->clipped = true;
	d->clip = rc;
}

void wb_draw_clip_scroll(struct wb_draw *d, struct wb_rect rc, int64_t offset)
{
	wb_draw_clip(d, rc);
	d->scrolls = true;
	d->scroll = offset;
}

void wb_draw_unclip(struct wb_draw *d)
{
	d->clipped = false;
	d->scrolls = false;
}

/* ---- text --------------------------------------------------------------- */

static uint32_t rgb_of(struct rgb c)
{
	return ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
}

/* The size s rasterises to: w == 0 when it draws nothing. */
static struct wb_text text_size(struct wb_draw *d, enum wb_face face, int px, const char *s)
{
	return wb_textcache_measure(d->text, face, px, s, d->now_ms);
}

int wb_draw_text_width(struct wb_draw *d, enum wb_face face, int px, const char *s)
{
	return text_size(d, face, px, s).w;
}

/* Sizes used for shrink-to-fit are rounded down to a few steps so a screen of
 * differently long numbers does not open a font per pixel size. */
static int fit_px(int px, int max_w, int w)
{
	int want = (int)((long)px * max_w / w);
	int step = wb_imax(px / 12, 1);
	return wb_imax(want - want % step, 1);
}

/* Text in s that fits max_w at face/px when cut with "…"; writes into out
 * (which then holds the string the texture shows). */
static struct wb_text ellipsise(struct wb_draw *d, enum wb_face face, int px, const char *s, int max_w,
				char *out, size_t size)
{
	size_t lo = 1, hi = wb_utf8_length(s, strlen(s));
	struct wb_text best = { 0 };
	char probe[1024];
	/* Binary search on code points: each probe is a cache hit on later frames. */
	while (lo <= hi) {
		size_t mid = (lo + hi) / 2;
		wb_utf8_truncate(s, mid, probe, sizeof probe);
		struct wb_text t = text_size(d, face, px, probe);
		if (t.w > 0 && t.w <= max_w) {
			best = t;
			snprintf(out, size, "%s", probe);
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best.w == 0) {
		snprintf(out, size, "%s", "…");
		return text_size(d, face, px, "…");
	}
	return best;
}

int wb_draw_text(struct wb_draw *d, const char *s, const struct wb_text_style *st, int x, int baseline,
		 int max_w)
{
	int px = st->px;
	if (!s || !s[0] || px <= 0)
		return 0;
	enum wb_face face = st->face;
	uint32_t rgb = rgb_of(st->colour);
	/* Size and, drawn unchanged in a colour it had before, texture: one
	 * lookup for a string drawn every frame. */
	struct wb_text t = wb_textcache_peek(d->text, face, px, s, rgb, d->now_ms);
	struct wb_text as_is = t;
	if (t.w == 0)
		return 0;
	const char *shown = s;
	int shown_px = px;
	char cut[1024];
	if (max_w > 0 && t.w > max_w) {
		int px2 = fit_px(px, max_w, t.w);
		if (st->fit == FIT_ELLIPSIS)
			px2 = wb_imax(px2, px * 4 / 5);
		/* Never below the reading size: text that would have to shrink
		 * further is cut with "…" instead, numbers too, so what shows can
		 * be read from the back of the room (and the cut says so). */
		bool floored = px2 < wb_imin(px, d->min_px);
		px2 = wb_imax(px2, wb_imin(px, d->min_px));
		if (px2 < px) {
			struct wb_text t2 = text_size(d, face, px2, s);
			if (t2.w > 0) {
				t = t2;
				shown_px = px2;
			}
		}
		if (t.w > max_w && (st->fit == FIT_ELLIPSIS || floored)) {
			struct wb_text t2 = ellipsise(d, face, px2, s, max_w, cut, sizeof cut);
			if (t2.w > 0) {
				t = t2;
				shown = cut;
				shown_px = px2;
			}
		}
	}
	int w = t.w, h = t.h, ascent = t.ascent;
	if (max_w > 0 && w > max_w) {
		/* Last resort (very narrow boxes): scale the texture down. */
		h = (int)((long)h * max_w / w);
		ascent = (int)((long)ascent * max_w / t.w);
		w = max_w;
	}
	int left = st->align == ALIGN_LEFT ? x : st->align == ALIGN_CENTER ? x - w / 2 : x - w;
	struct cmd *cmd = record(d, CMD_TEXT, (struct wb_rect){ left, baseline - ascent, w, h });
	/* Only text that shows is rasterised, in its own colour; digits come
	 * from a strip (a scaled-down texture cannot). */
	struct wb_text_run run;
	bool unchanged = shown == s && shown_px == px && w == as_is.w;
	bool from_strip =
		cmd && w == t.w &&
		(unchanged ? as_is.strip
			   : wb_textcache_run(d->text, face, shown_px, shown, rgb, d->now_ms, &run));
	SDL_Texture *tex = NULL;
	if (cmd && unchanged && as_is.tex)
		tex = as_is.tex;
	else if (cmd && from_strip)
		tex = run.t.tex;
	else if (cmd)
		tex = wb_textcache_get(d->text, face, shown_px, shown, rgb, d->now_ms).tex;
	if (cmd && !tex) {
		d->n--; /* nothing to draw */
	} else if (cmd && keep_string(d, shown, &cmd->str)) {
		cmd->c = st->colour;
		cmd->a = st->alpha;
		cmd->face = face;
		cmd->px = shown_px;
		cmd->seen_px = w == t.w ? shown_px : (int)((long)shown_px * w / t.w);
		cmd->tex = tex;
		cmd->run = from_strip;
	} else if (cmd) {
		d->n--; /* no string: the hash could not tell it from another */
	}
	return w;
}

/* ---- hashing and bounds ------------------------------------------------- */

struct hasher {
	uint64_t h;
};

/* A word at a time (every frame hashes every command it records): xor,
 * multiply by an odd constant, fold the high half down. */
static void hash_int(struct hasher *hs, uint64_t v)
{
	uint64_t h = (hs->h ^ v) * 0x9E3779B97F4A7C15ull;
	hs->h = h ^ (h >> 32);
}

static void hash_bytes(struct hasher *hs, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (; n >= 8; b += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, b, 8);
		hash_int(hs, w);
	}
	uint64_t tail = 0;
	memcpy(&tail, b, n);
	hash_int(hs, tail ^ ((uint64_t)n << 56));
}

static void hash_rect(struct hasher *hs, struct wb_rect r)
{
	/* Unsigned: a negative x shifted as signed is undefined (UBSan). */
	hash_int(hs, ((uint64_t)(uint32_t)r.x << 32) | (uint32_t)r.y);
	hash_int(hs, ((uint64_t)(uint32_t)r.w << 32) | (uint32_t)r.h);
}

/* unscroll: scrolling commands are hashed where they are at offset 0. */
static uint64_t hash_range(const struct wb_draw *d, size_t from, size_t to, bool unscroll)
{
	struct hasher hs = { 1469598103934665603ull };
	for (size_t i = from; i < to && i < d->n; i++) {
		const struct cmd *c = &d->cmds[i];
		hash_int(&hs, c->kind);
		struct wb_rect at = c->rect;
		if (unscroll && c->scrolls)
			at.x = (int)(at.x + c->scroll);
		hash_rect(&hs, at);
		hash_int(&hs, c->clipped);
		if (c->clipped)
			hash_rect(&hs, c->clip);
		hash_int(&hs,
			 ((int64_t)c->c.r << 24) | ((int64_t)c->c.g << 16) | ((int64_t)c->c.b << 8) | c->a);
		if (c->kind == CMD_ROUND)
			hash_int(&hs, c->radius);
		if (c->kind == CMD_TEXT) {
			hash_int(&hs, c->face);
			hash_int(&hs, c->px);
		}
		if (c->kind == CMD_TEXT || c->kind == CMD_NOTE) {
			const char *s = d->strs + c->str;
			hash_bytes(&hs, s, strlen(s) + 1);
		}
		if (c->kind == CMD_NOTE) {
			const char *v = d->strs + c->value;
			hash_bytes(&hs, v, strlen(v) + 1);
		}
	}
	return hs.h;
}

uint64_t wb_draw_hash(const struct wb_draw *d, size_t from, size_t to)
{
	return hash_range(d, from, to, false);
}

bool wb_draw_scroll_of(const struct wb_draw *d, size_t from, size_t to, struct wb_rect *region,
		       int64_t *offset, uint64_t *shape)
{
	for (size_t i = from; i < to && i < d->n; i++) {
		if (d->cmds[i].scrolls) {
			*region = d->cmds[i].clip;
			*offset = d->cmds[i].scroll;
			*shape = hash_range(d, from, to, true);
			return true;
		}
	}
	return false;
}

struct wb_rect wb_draw_bounds(const struct wb_draw *d, size_t from, size_t to)
{
	struct wb_rect b = { 0, 0, 0, 0 };
	for (size_t i = from; i < to && i < d->n; i++)
		b = wb_rect_join(b, d->cmds[i].bounds);
	return b;
}

bool wb_draw_item(const struct wb_draw *d, size_t i, struct wb_draw_item *out)
{
	if (i >= d->n || (d->cmds[i].kind != CMD_TEXT && d->cmds[i].kind != CMD_NOTE))
		return false;
	const struct cmd *c = &d->cmds[i];
	*out = (struct wb_draw_item){ .note = c->kind == CMD_NOTE, .str = d->strs + c->str };
	if (out->note) {
		out->value = d->strs + c->value;
		return true;
	}
	out->rect = c->bounds;
	out->face = c->face;
	out->px = c->seen_px;
	out->colour = c->c;
	out->alpha = c->a;
	return true;
}

/* ---- replay ------------------------------------------------------------- */

static void put_fill(struct wb_draw *d, struct wb_rect rc, struct rgb c, Uint8 a)
{
	if (wb_rect_empty(rc))
		return;
	SDL_SetRenderDrawBlendMode(d->sdl, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(d->sdl, c.r, c.g, c.b, a);
	SDL_Rect s = sdl_rect(rc);
	SDL_RenderFillRect(d->sdl, &s);
}

/* A disc texture per radius, with coverage from 4x4 supersampling, so round
 * corners are smooth at every size without the GPU scaling anything. */
static SDL_Texture *corner_texture(struct wb_draw *d, int radius)
{
	for (size_t i = 0; i < d->n_corners; i++)
		if (d->corners[i].radius == radius)
			return d->corners[i].tex;
	int dia = 2 * radius;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, dia, dia, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	for (int y = 0; y < dia; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < dia; x++) {
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
	SDL_Texture *tex = SDL_CreateTextureFromSurface(d->sdl, s);
	SDL_FreeSurface(s);
	if (!tex)
		return NULL;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	size_t slot = d->n_corners < CORNER_CACHE ? d->n_corners++ : (size_t)radius % CORNER_CACHE;
	if (d->corners[slot].tex)
		SDL_DestroyTexture(d->corners[slot].tex);
	d->corners[slot] = (struct corner){ radius, tex };
	return tex;
}

static void put_round(struct wb_draw *d, const struct cmd *c)
{
	struct wb_rect rc = c->rect;
	int radius = c->radius;
	SDL_Texture *disc = radius >= 2 ? corner_texture(d, radius) : NULL;
	if (!disc) {
		put_fill(d, rc, c->c, c->a);
		return;
	}
	SDL_SetTextureColorMod(disc, c->c.r, c->c.g, c->c.b);
	SDL_SetTextureAlphaMod(disc, c->a);
	const int q = radius;
	const SDL_Rect src[4] = { { 0, 0, q, q }, { q, 0, q, q }, { 0, q, q, q }, { q, q, q, q } };
	const SDL_Rect dst[4] = { { rc.x, rc.y, q, q },
				  { rc.x + rc.w - q, rc.y, q, q },
				  { rc.x, rc.y + rc.h - q, q, q },
				  { rc.x + rc.w - q, rc.y + rc.h - q, q, q } };
	for (int i = 0; i < 4; i++)
		SDL_RenderCopy(d->sdl, disc, &src[i], &dst[i]);
	put_fill(d, (struct wb_rect){ rc.x + q, rc.y, rc.w - 2 * q, rc.h }, c->c, c->a);
	put_fill(d, (struct wb_rect){ rc.x, rc.y + q, q, rc.h - 2 * q }, c->c, c->a);
	put_fill(d, (struct wb_rect){ rc.x + rc.w - q, rc.y + q, q, rc.h - 2 * q }, c->c, c->a);
}

static void put_text(struct wb_draw *d, const struct cmd *c)
{
	SDL_Rect dst = sdl_rect(c->rect);
	SDL_SetTextureAlphaMod(c->tex, c->a); /* the colour is in the texture */
	struct wb_text_run run;
	if (!c->run) {
		SDL_RenderCopy(d->sdl, c->tex, NULL, &dst);
	} else if (wb_textcache_run(d->text, c->face, c->px, d->strs + c->str, rgb_of(c->c), d->now_ms,
				    &run)) {
		/* The strip recorded with the command: stamped with this frame, so
		 * still the same texture. */
		for (size_t i = 0; i < run.n; i++) {
			SDL_Rect at = { dst.x + run.x[i], dst.y, run.src[i].w, run.src[i].h };
			SDL_RenderCopy(d->sdl, run.t.tex, &run.src[i], &at);
		}
	}
}

void wb_draw_replay(struct wb_draw *d, struct wb_rect clip, struct rgb bg)
{
	if (wb_rect_empty(clip))
		return;
	SDL_Rect all = sdl_rect(clip);
	SDL_RenderSetClipRect(d->sdl, &all);
	put_fill(d, clip, bg, 255);
	for (size_t i = 0; i < d->n; i++) {
		const struct cmd *c = &d->cmds[i];
		if (wb_rect_empty(wb_rect_meet(c->bounds, clip)))
			continue;
		struct wb_rect cut = c->clipped ? wb_rect_meet(c->clip, clip) : clip;
		SDL_Rect s = sdl_rect(cut);
		SDL_RenderSetClipRect(d->sdl, &s);
		if (c->kind == CMD_FILL)
			put_fill(d, c->rect, c->c, c->a);
		else if (c->kind == CMD_ROUND)
			put_round(d, c);
		else if (c->kind == CMD_TEXT)
			put_text(d, c);
	}
	SDL_RenderSetClipRect(d->sdl, NULL);
}
