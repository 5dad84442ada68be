/* Text texture cache: a chained hash table of (face, px, string) -> white
 * texture. Strings are drawn white and tinted per draw with colour mod, so a
 * number that changes colour (stale dimming, alert pulse) is not rasterised
 * again. Time is passed in; the cache never reads a clock. */
#include "wallboard/textcache.h"
#include "wallboard/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct entry *next;
	uint64_t hash;
	enum wb_face face;
	int px;
	char *text;
	struct wb_text t;
	int64_t last_used_ms;
};

struct wb_textcache {
	SDL_Renderer *renderer;
	struct wb_fonts *fonts;
	size_t max_entries;
	size_t n_buckets; /* power of two */
	struct entry **buckets;
	size_t n_entries;
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

struct wb_textcache *wb_textcache_create(SDL_Renderer *renderer, struct wb_fonts *fonts, size_t max_entries)
{
	struct wb_textcache *tc = calloc(1, sizeof *tc);
	if (!tc)
		return NULL;
	tc->renderer = renderer;
	tc->fonts = fonts;
	tc->max_entries = max_entries ? max_entries : 1;
	tc->n_buckets = 64;
	while (tc->n_buckets < tc->max_entries)
		tc->n_buckets *= 2;
	tc->buckets = calloc(tc->n_buckets, sizeof *tc->buckets);
	if (!tc->buckets) {
		free(tc);
		return NULL;
	}
	return tc;
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
	for (size_t b = 0; b < tc->n_buckets; b++) {
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
	entry_free(e);
	tc->n_entries--;
	tc->stats.evictions++;
}

/* Removes the least recently used entry older than keep_from_ms; false when
 * every entry is newer (all in use for the frame being drawn). */
static bool evict_oldest(struct wb_textcache *tc, int64_t keep_from_ms)
{
	struct entry **oldest = NULL;
	for (size_t b = 0; b < tc->n_buckets; b++) {
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

static struct wb_text rasterise(struct wb_textcache *tc, enum wb_face face, int px, const char *s)
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
	SDL_Color white = { 255, 255, 255, 255 };
	SDL_Surface *surf = drawable[0] ? TTF_RenderUTF8_Blended(font, drawable, white) : NULL;
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

struct wb_text wb_textcache_get(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				int64_t now_ms)
{
	struct wb_text none = { 0 };
	if (!tc || !s || !s[0] || px <= 0)
		return none;
	uint64_t h = key_hash(face, px, s);
	struct entry **bucket = &tc->buckets[h & (tc->n_buckets - 1)];
	for (struct entry *e = *bucket; e; e = e->next) {
		if (e->hash == h && e->face == face && e->px == px && strcmp(e->text, s) == 0) {
			e->last_used_ms = now_ms;
			tc->stats.hits++;
			return e->t;
		}
	}
	tc->stats.misses++;
	while (tc->n_entries >= tc->max_entries && evict_oldest(tc, now_ms))
		;
	struct entry *e = calloc(1, sizeof *e);
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
	e->last_used_ms = now_ms;
	/* A failed rasterisation is cached too (tex NULL), so a string SDL_ttf
	 * cannot draw is not retried every frame. */
	e->t = rasterise(tc, face, px, s);
	e->next = *bucket;
	*bucket = e;
	tc->n_entries++;
	return e->t;
}

void wb_textcache_sweep(struct wb_textcache *tc, int64_t now_ms, int64_t max_idle_ms)
{
	if (!tc)
		return;
	for (size_t b = 0; b < tc->n_buckets; b++) {
		struct entry **link = &tc->buckets[b];
		while (*link) {
			if (now_ms - (*link)->last_used_ms > max_idle_ms)
				unlink_entry(tc, link);
			else
				link = &(*link)->next;
		}
	}
	while (tc->n_entries > tc->max_entries && evict_oldest(tc, INT64_MAX))
		;
}

struct wb_textcache_stats wb_textcache_stats(const struct wb_textcache *tc)
{
	struct wb_textcache_stats s = { 0 };
	if (tc) {
		s = tc->stats;
		s.entries = tc->n_entries;
	}
	return s;
}
