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

struct entry {
	struct entry *next;
	uint64_t hash;
	enum wb_face face;
	int px;
	uint32_t colour; /* 0xRRGGBB, or MEASURE_ONLY */
	size_t bytes;    /* of the texture */
	char *text;
	struct wb_text t;
	int64_t last_used_ms;
};

struct wb_textcache {
	SDL_Renderer *renderer;
	struct wb_fonts *fonts;
	size_t max_bytes;
	struct entry **buckets; /* N_BUCKETS */
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

/* The entry for (face, px, s) in colour, or in any colour when colour is
 * MEASURE_ONLY (a size is a size); NULL when there is none. */
static struct entry *find(struct wb_textcache *tc, uint64_t h, enum wb_face face, int px, const char *s,
			  uint32_t colour)
{
	for (struct entry *e = tc->buckets[h & (N_BUCKETS - 1)]; e; e = e->next)
		if (e->hash == h && e->face == face && e->px == px &&
		    (colour == MEASURE_ONLY || e->colour == colour) && strcmp(e->text, s) == 0)
			return e;
	return NULL;
}

static struct wb_text lookup(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
			     uint32_t colour, int64_t now_ms)
{
	struct wb_text none = { 0 };
	if (!tc || !s || !s[0] || px <= 0)
		return none;
	uint64_t h = key_hash(face, px, s);
	struct entry *e = find(tc, h, face, px, s, colour);
	if (e) {
		e->last_used_ms = now_ms;
		tc->stats.hits++;
		struct wb_text t = e->t;
		if (colour == MEASURE_ONLY)
			t.tex = NULL; /* a size, whichever colour it came from */
		return t;
	}
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
	struct entry **bucket = &tc->buckets[h & (N_BUCKETS - 1)];
	e->next = *bucket;
	*bucket = e;
	tc->n_entries++;
	tc->bytes += e->bytes;
	/* Room is made after the fact, from entries this frame does not use. */
	while (tc->bytes > tc->max_bytes && evict_oldest(tc, now_ms))
		;
	return e->t;
}

struct wb_text wb_textcache_get(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				uint32_t rgb, int64_t now_ms)
{
	return lookup(tc, face, px, s, rgb & 0xffffffu, now_ms);
}

struct wb_text wb_textcache_measure(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				    int64_t now_ms)
{
	return lookup(tc, face, px, s, MEASURE_ONLY, now_ms);
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
