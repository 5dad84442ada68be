/* Text texture cache: a chained hash table on (face, px, string); each entry
 * holds one colour's texture, or only the size (a measure). Colour is part of
 * the entry, not a tint at draw time: SDL's software renderer blends a
 * colour-modulated texture through a generic per-pixel loop several times
 * slower than its plain alpha blend. Time is passed in; the cache never reads
 * a clock. */
#include "wallboard/textcache.h"
#include "wallboard/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The colour of an entry that holds only a size. */
#define MEASURE_ONLY UINT32_MAX
#define N_BUCKETS 1024 /* a power of two */

/* What a glyph strip holds (wb_textcache_run): a timer's, a count's, a
 * clock's and a percentage's code points. */
static const uint32_t run_alphabet[] = { ' ',   '%', '+', ',', '-', '.', '0', '1', '2',
					 '3',   '4', '5', '6', '7', '8', '9', ':', 0x2212 /* − */,
					 0x2016 /* ‖ */ };
#define N_RUN_GLYPHS (sizeof run_alphabet / sizeof run_alphabet[0])
#define RECENT_STRIPS 4

struct strip_glyph {
	bool ok;         /* the face has it and it fits the line height */
	int x, w;        /* its piece of the strip: the glyph rendered alone */
	int left, right; /* its box from the pen position (TTF_GlyphMetrics32) */
	int advance;
};

/* One strip entry's glyph table; the entry's texture is the strip. */
struct strip {
	struct strip_glyph g[N_RUN_GLYPHS];
};

struct entry {
	struct entry *next;
	uint64_t hash;
	enum wb_face face;
	int px;
	uint32_t colour;     /* 0xRRGGBB, or MEASURE_ONLY */
	size_t bytes;        /* of the texture */
	char *text;          /* NULL for a strip */
	struct strip *strip; /* NULL: a string's entry */
	struct wb_text t;
	int64_t last_used_ms;
};

struct wb_textcache {
	SDL_Renderer *renderer;
	struct wb_fonts *fonts;
	size_t max_bytes;
	struct entry **buckets; /* N_BUCKETS */
	/* The strips used last: a frame asks for the same few again and again. */
	struct entry *recent[RECENT_STRIPS];
	size_t next_recent;
	signed char ascii_run[128]; /* index into run_alphabet, or -1 */
	size_t n_entries, bytes;
	struct wb_textcache_stats stats;
};

static uint64_t key_hash(enum wb_face face, int px, const char *s)
{
	/* FNV-1a over the string, then the face and size. */
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h = (h ^ (uint64_t)face) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)px) * 1099511628211ull;
	return h;
}

struct wb_textcache *wb_textcache_create(SDL_Renderer *renderer, struct wb_fonts *fonts, size_t max_bytes)
{
	struct wb_textcache *tc = calloc(1, sizeof *tc);
	if (!tc)
		return NULL;
	tc->renderer = renderer;
	tc->fonts = fonts;
	tc->max_bytes = max_bytes;
	tc->buckets = calloc(N_BUCKETS, sizeof *tc->buckets);
	if (!tc->buckets) {
		free(tc);
		return NULL;
	}
	memset(tc->ascii_run, -1, sizeof tc->ascii_run);
	for (size_t i = 0; i < N_RUN_GLYPHS; i++)
		if (run_alphabet[i] < 128)
			tc->ascii_run[run_alphabet[i]] = (signed char)i;
	return tc;
}

void wb_textcache_set_budget(struct wb_textcache *tc, size_t max_bytes)
{
	if (tc)
		tc->max_bytes = max_bytes;
}

static void entry_free(struct entry *e)
{
	if (e->t.tex)
		SDL_DestroyTexture(e->t.tex);
	free(e->strip);
	free(e->text);
	free(e);
}

void wb_textcache_destroy(struct wb_textcache *tc)
{
	if (!tc)
		return;
	for (size_t b = 0; b < N_BUCKETS; b++) {
		struct entry *e = tc->buckets[b];
		while (e) {
			struct entry *next = e->next;
			entry_free(e);
			e = next;
		}
	}
	free(tc->buckets);
	free(tc);
}

static void unlink_entry(struct wb_textcache *tc, struct entry **link)
{
	struct entry *e = *link;
	*link = e->next;
	for (size_t i = 0; i < RECENT_STRIPS; i++)
		if (tc->recent[i] == e)
			tc->recent[i] = NULL;
	tc->bytes -= e->bytes;
	entry_free(e);
	tc->n_entries--;
	tc->stats.evictions++;
}

/* Removes the least recently used entry older than keep_from_ms; false when
 * every entry is newer (all in use for the frame being drawn). */
static bool evict_oldest(struct wb_textcache *tc, int64_t keep_from_ms)
{
	struct entry **oldest = NULL;
	for (size_t b = 0; b < N_BUCKETS; b++) {
		for (struct entry **link = &tc->buckets[b]; *link; link = &(*link)->next) {
			if ((*link)->last_used_ms >= keep_from_ms)
				continue;
			if (!oldest || (*link)->last_used_ms < (*oldest)->last_used_ms)
				oldest = link;
		}
	}
	if (!oldest)
		return false;
	unlink_entry(tc, oldest);
	return true;
}

static bool font_has_glyph(uint32_t cp, void *font)
{
	return cp < 0x20 || TTF_GlyphIsProvided32(font, cp) != 0;
}

/* Rasterises s in colour, or with MEASURE_ONLY only sizes it: TTF_SizeUTF8
 * gives the size TTF_RenderUTF8_Blended makes its surface. */
static struct wb_text rasterise(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				uint32_t colour)
{
	struct wb_text t = { 0 };
	TTF_Font *font = wb_fonts_get(tc->fonts, face, px);
	if (!font)
		return t;
	t.ascent = TTF_FontAscent(font);
	/* Code points the face has no glyph for (emoji in a mention) would come
	 * out as boxes; leave them out. Only on a cache miss. */
	size_t size = strlen(s) + 1;
	char *drawable = malloc(size);
	if (!drawable)
		return t;
	wb_utf8_filter(s, font_has_glyph, font, drawable, size);
	if (colour == MEASURE_ONLY) {
		if (drawable[0] && TTF_SizeUTF8(font, drawable, &t.w, &t.h) != 0)
			t.w = t.h = 0;
		free(drawable);
		return t;
	}
	SDL_Color fg = { (Uint8)(colour >> 16), (Uint8)(colour >> 8), (Uint8)colour, 255 };
	SDL_Surface *surf = drawable[0] ? TTF_RenderUTF8_Blended(font, drawable, fg) : NULL;
	free(drawable);
	if (!surf)
		return t;
	t.tex = SDL_CreateTextureFromSurface(tc->renderer, surf);
	if (t.tex) {
		t.w = surf->w;
		t.h = surf->h;
		SDL_SetTextureBlendMode(t.tex, SDL_BLENDMODE_BLEND);
		/* Shrink-to-fit scales some texts down; linear keeps them smooth. */
		SDL_SetTextureScaleMode(t.tex, SDL_ScaleModeLinear);
	}
	SDL_FreeSurface(surf);
	return t;
}

/* The glyph strip for face/px in colour, or in any colour when colour is
 * MEASURE_ONLY (metrics are metrics); NULL when there is none. Strips are
 * filed under the key of "". */
static struct entry *find_strip(struct wb_textcache *tc, enum wb_face face, int px, uint32_t colour)
{
	uint64_t h = key_hash(face, px, "");
	for (struct entry *e = tc->buckets[h & (N_BUCKETS - 1)]; e; e = e->next)
		if (e->strip && e->face == face && e->px == px &&
		    (colour == MEASURE_ONLY || e->colour == colour))
			return e;
	return NULL;
}

/* Files a new entry and makes room after the fact, from entries this frame
 * does not use. */
static void insert(struct wb_textcache *tc, struct entry *e, int64_t now_ms)
{
	struct entry **bucket = &tc->buckets[e->hash & (N_BUCKETS - 1)];
	e->next = *bucket;
	*bucket = e;
	tc->n_entries++;
	tc->bytes += e->bytes;
	while (tc->bytes > tc->max_bytes && evict_oldest(tc, now_ms))
		;
}

/* The entry for (face, px, s) in colour if there is one, else in any colour
 * (*exact says which), in one walk of the bucket. */
static struct entry *find_sized(struct wb_textcache *tc, uint64_t h, enum wb_face face, int px, const char *s,
				uint32_t colour, bool *exact)
{
	struct entry *any = NULL;
	for (struct entry *e = tc->buckets[h & (N_BUCKETS - 1)]; e; e = e->next) {
		if (e->hash != h || e->face != face || e->px != px || e->strip || strcmp(e->text, s) != 0)
			continue;
		if (e->colour == colour) {
			*exact = true;
			return e;
		}
		any = e;
	}
	*exact = false;
	return any;
}

/* The entry for s in colour, made (rasterised) on a miss; with peek, a miss
 * in this colour only measures (and the texture comes back NULL). */
static struct wb_text lookup(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
			     uint32_t colour, int64_t now_ms, bool peek)
{
	struct wb_text none = { 0 };
	if (!tc || !s || !s[0] || px <= 0)
		return none;
	uint64_t h = key_hash(face, px, s);
	bool exact;
	struct entry *e = find_sized(tc, h, face, px, s, colour, &exact);
	if (e && (exact || peek || colour == MEASURE_ONLY)) {
		e->last_used_ms = now_ms;
		tc->stats.hits++;
		struct wb_text t = e->t;
		if (!exact)
			t.tex = NULL; /* a size, whichever colour it came from */
		return t;
	}
	if (peek)
		colour = MEASURE_ONLY;
	tc->stats.misses++;
	e = calloc(1, sizeof *e);
	if (!e)
		return none;
	size_t len = strlen(s);
	e->text = malloc(len + 1);
	if (!e->text) {
		free(e);
		return none;
	}
	memcpy(e->text, s, len + 1);
	e->hash = h;
	e->face = face;
	e->px = px;
	e->colour = colour;
	e->last_used_ms = now_ms;
	/* A failed rasterisation is cached too (tex NULL), so a string SDL_ttf
	 * cannot draw is not retried every frame. */
	e->t = rasterise(tc, face, px, s, colour);
	e->bytes = e->t.tex ? (size_t)e->t.w * (size_t)e->t.h * 4 : 0;
	insert(tc, e, now_ms);
	return e->t;
}

/* ---- glyph strips ------------------------------------------------------- */

/* Every string drawn is asked (most are words, turned away at their first
 * letter): ASCII by table, the rest by search. */
static int run_index(const struct wb_textcache *tc, uint32_t cp)
{
	if (cp < 128)
		return tc->ascii_run[cp];
	for (size_t i = 0; i < N_RUN_GLYPHS; i++)
		if (run_alphabet[i] == cp)
			return (int)i;
	return -1;
}

/* Each glyph of the alphabet rendered alone, side by side (or, with
 * MEASURE_ONLY, only their metrics): what TTF_RenderUTF8_Blended would put
 * down for it inside a string, as the string places it. */
static struct entry *strip_build(struct wb_textcache *tc, enum wb_face face, int px, uint32_t colour)
{
	TTF_Font *font = wb_fonts_get(tc->fonts, face, px);
	struct entry *e = font ? calloc(1, sizeof *e) : NULL;
	if (!e)
		return NULL;
	e->strip = calloc(1, sizeof *e->strip);
	SDL_Surface *alone[N_RUN_GLYPHS] = { 0 };
	int height = TTF_FontHeight(font), total = 0;
	SDL_Color fg = { (Uint8)(colour >> 16), (Uint8)(colour >> 8), (Uint8)colour, 255 };
	for (size_t i = 0; e->strip && i < N_RUN_GLYPHS; i++) {
		struct strip_glyph *g = &e->strip->g[i];
		int minx, maxx, adv;
		if (!TTF_GlyphIsProvided32(font, run_alphabet[i]) ||
		    TTF_GlyphMetrics32(font, run_alphabet[i], &minx, &maxx, NULL, NULL, &adv) != 0)
			continue;
		*g = (struct strip_glyph){ .left = minx, .right = maxx, .advance = adv };
		/* Alone, a glyph's surface starts at its box or its pen position,
		 * whichever is further left, and ends at its box or its advance. */
		g->w = (maxx > adv ? maxx : adv) - (minx < 0 ? minx : 0);
		if (colour != MEASURE_ONLY) {
			alone[i] = TTF_RenderGlyph32_Blended(font, run_alphabet[i], fg);
			/* A glyph taller than the line would make the string's
			 * surface taller: such strings get a texture of their own. */
			if (!alone[i] || alone[i]->h != height || alone[i]->w != g->w)
				continue;
		}
		g->ok = true;
		g->x = total;
		total += g->w;
	}
	SDL_Surface *strip = NULL;
	if (e->strip && colour != MEASURE_ONLY && total > 0)
		strip = SDL_CreateRGBSurfaceWithFormat(0, total, height, 32, SDL_PIXELFORMAT_ARGB8888);
	for (size_t i = 0; i < N_RUN_GLYPHS; i++) {
		if (strip && alone[i] && e->strip->g[i].ok) {
			SDL_SetSurfaceBlendMode(alone[i], SDL_BLENDMODE_NONE); /* a copy, alpha and all */
			SDL_Rect at = { e->strip->g[i].x, 0, e->strip->g[i].w, height };
			SDL_BlitSurface(alone[i], NULL, strip, &at);
		}
		SDL_FreeSurface(alone[i]);
	}
	if (strip) {
		e->t.tex = SDL_CreateTextureFromSurface(tc->renderer, strip);
		SDL_FreeSurface(strip);
		if (e->t.tex)
			SDL_SetTextureBlendMode(e->t.tex, SDL_BLENDMODE_BLEND);
	}
	if (!e->strip || (colour != MEASURE_ONLY && !e->t.tex)) {
		entry_free(e);
		return NULL;
	}
	e->t.w = total;
	e->t.h = height;
	e->t.ascent = TTF_FontAscent(font);
	e->hash = key_hash(face, px, "");
	e->face = face;
	e->px = px;
	e->colour = colour;
	e->bytes = e->t.tex ? (size_t)total * (size_t)height * 4 : 0;
	return e;
}

bool wb_textcache_run(struct wb_textcache *tc, enum wb_face face, int px, const char *s, uint32_t rgb,
		      int64_t now_ms, struct wb_text_run *run)
{
	if (!tc || !s || !s[0] || px <= 0)
		return false;
	int idx[WB_TEXT_RUN_MAX];
	size_t n = 0;
	for (size_t at = 0; s[at]; n++) {
		uint32_t cp = (unsigned char)s[at];
		if (cp < 0x80)
			at++; /* most strings asked are words: turned away here */
		else
			at += wb_utf8_decode(s + at, strlen(s + at), &cp);
		int i = run_index(tc, cp);
		if (i < 0 || n == WB_TEXT_RUN_MAX)
			return false;
		idx[n] = i;
	}
	uint32_t colour = rgb == MEASURE_ONLY ? MEASURE_ONLY : rgb & 0xffffffu;
	struct entry *e = NULL;
	for (size_t i = 0; i < RECENT_STRIPS && !e; i++) {
		struct entry *r = tc->recent[i];
		if (r && r->face == face && r->px == px && (colour == MEASURE_ONLY || r->colour == colour))
			e = r;
	}
	if (!e) {
		e = find_strip(tc, face, px, colour);
		if (e) {
			tc->recent[tc->next_recent] = e;
			tc->next_recent = (tc->next_recent + 1) % RECENT_STRIPS;
		}
	}
	if (e) {
		tc->stats.hits++;
	} else {
		tc->stats.misses++;
		e = strip_build(tc, face, px, colour);
		if (!e)
			return false;
		e->last_used_ms = now_ms; /* before insert: making room never takes it */
		insert(tc, e, now_ms);
		tc->recent[tc->next_recent] = e;
		tc->next_recent = (tc->next_recent + 1) % RECENT_STRIPS;
	}
	e->last_used_ms = now_ms;
	/* SDL_ttf's TTF_Size: pen positions by advance, the box from the
	 * leftmost glyph edge (or the pen's start) to the rightmost edge (or
	 * the pen's end); every glyph drawn where the string would have it. */
	int pen = 0, minx = 0, maxx = 0, at[WB_TEXT_RUN_MAX];
	for (size_t k = 0; k < n; k++) {
		const struct strip_glyph *g = &e->strip->g[idx[k]];
		if (!g->ok)
			return false;
		at[k] = pen;
		minx = pen + g->left < minx ? pen + g->left : minx;
		maxx = pen + g->right > maxx ? pen + g->right : maxx;
		pen += g->advance;
	}
	maxx = pen > maxx ? pen : maxx;
	run->t = e->t;
	run->t.w = maxx - minx;
	if (colour == MEASURE_ONLY)
		run->t.tex = NULL;
	run->n = n;
	for (size_t k = 0; k < n; k++) {
		const struct strip_glyph *g = &e->strip->g[idx[k]];
		run->src[k] = (SDL_Rect){ g->x, 0, g->w, e->t.h };
		run->x[k] = at[k] - minx + (g->left < 0 ? g->left : 0);
	}
	return true;
}

struct wb_text wb_textcache_get(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				uint32_t rgb, int64_t now_ms)
{
	return lookup(tc, face, px, s, rgb & 0xffffffu, now_ms, false);
}

struct wb_text wb_textcache_peek(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				 uint32_t rgb, int64_t now_ms)
{
	struct wb_text_run run;
	if (wb_textcache_run(tc, face, px, s, rgb & 0xffffffu, now_ms, &run)) {
		run.t.strip = true;
		return run.t;
	}
	return lookup(tc, face, px, s, rgb & 0xffffffu, now_ms, true);
}

struct wb_text wb_textcache_measure(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				    int64_t now_ms)
{
	/* A timer's next second measures from the strip: no entry per string. */
	struct wb_text_run run;
	if (wb_textcache_run(tc, face, px, s, MEASURE_ONLY, now_ms, &run))
		return run.t;
	return lookup(tc, face, px, s, MEASURE_ONLY, now_ms, false);
}

void wb_textcache_sweep(struct wb_textcache *tc, int64_t now_ms, int64_t max_idle_ms)
{
	if (!tc)
		return;
	for (size_t b = 0; b < N_BUCKETS; b++) {
		struct entry **link = &tc->buckets[b];
		while (*link) {
			if (now_ms - (*link)->last_used_ms > max_idle_ms)
				unlink_entry(tc, link);
			else
				link = &(*link)->next;
		}
	}
	while (tc->bytes > tc->max_bytes && evict_oldest(tc, INT64_MAX))
		;
}

struct wb_textcache_stats wb_textcache_stats(const struct wb_textcache *tc)
{
	struct wb_textcache_stats s = { 0 };
	if (tc) {
		s = tc->stats;
		s.entries = tc->n_entries;
		s.bytes = tc->bytes;
	}
	return s;
}
