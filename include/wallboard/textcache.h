/* Rasterised strings as textures, so an unchanged string is never rendered
 * twice: key (face, size, string, colour) -> SDL_Texture in that colour, so
 * drawing it is a plain alpha blend, not SDL's much slower colour-modulate
 * loop. Measuring a string (its size decides the layout) rasterises nothing.
 * Bounded in bytes: entries unused for a while, and the least recently used
 * ones while over the budget, are evicted; never one the frame being drawn
 * uses. */
#ifndef WALLBOARD_TEXTCACHE_H
#define WALLBOARD_TEXTCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "wallboard/fonts.h"

struct wb_textcache;

struct wb_text {
	SDL_Texture *tex; /* NULL for "", when rasterising failed, or from a measure; owned by the cache */
	int w, h;         /* size in px (of the texture the string rasterises to) */
	int ascent;       /* px from the top to the baseline */
	bool strip;       /* tex is a glyph strip (wb_textcache_peek): draw with wb_textcache_run */
};

/* max_bytes bounds the textures kept (4 bytes a pixel) between sweeps.
 * Borrows renderer and fonts; destroy the cache before either of them. */
struct wb_textcache *wb_textcache_create(SDL_Renderer *renderer, struct wb_fonts *fonts, size_t max_bytes);
void wb_textcache_destroy(struct wb_textcache *tc);
/* A new budget (the frame grew); takes effect at the next get or sweep. */
void wb_textcache_set_budget(struct wb_textcache *tc, size_t max_bytes);

/* The texture for s (UTF-8) at face/px in colour 0xRRGGBB, stamped as used at
 * now_ms. The texture stays valid until a sweep, or until a later get with a
 * newer now_ms has to make room: entries used at the current now_ms are never
 * evicted by a get. */
struct wb_text wb_textcache_get(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				uint32_t rgb, int64_t now_ms);

/* The size s would rasterise to (tex NULL), without rasterising it: a ticker
 * of 100 mentions is measured every frame, but only what shows is drawn. */
struct wb_text wb_textcache_measure(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				    int64_t now_ms);

/* The size of s at face/px with, when the cache already holds it in colour
 * rgb, its texture: one lookup for a string drawn every frame. A string of
 * the strip's code points comes back with the strip (strip true). A string
 * not yet held in rgb comes back with tex NULL and is only measured. */
struct wb_text wb_textcache_peek(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				 uint32_t rgb, int64_t now_ms);

/* Strings made only of digits and the signs timers, counts and clocks use
 * (" %+,-.:", U+2212 minus, U+2016 pause mark; at most WB_TEXT_RUN_MAX code
 * points) are drawn glyph by glyph from one strip texture per face, size and
 * colour, so a timer that ticks every second rasterises nothing: true and
 * *run filled (size, and where each glyph's piece of the strip goes, x from
 * the run's left edge), or false for any other string, which then needs a
 * texture of its own (wb_textcache_get). The placement is SDL_ttf's own
 * (its hinted advances and glyph boxes), and tests check it against
 * TTF_RenderUTF8_Blended. rgb UINT32_MAX: only the size (no texture). */
#define WB_TEXT_RUN_MAX 24
struct wb_text_run {
	struct wb_text t; /* t.tex: the strip */
	size_t n;
	SDL_Rect src[WB_TEXT_RUN_MAX];
	int x[WB_TEXT_RUN_MAX];
};
bool wb_textcache_run(struct wb_textcache *tc, enum wb_face face, int px, const char *s, uint32_t rgb,
		      int64_t now_ms, struct wb_text_run *run);

/* Evicts entries last used more than max_idle_ms before now_ms, and the least
 * recently used ones while over the byte budget. */
void wb_textcache_sweep(struct wb_textcache *tc, int64_t now_ms, int64_t max_idle_ms);

struct wb_textcache_stats {
	size_t entries;
	size_t bytes; /* of the textures held */
	uint64_t hits, misses, evictions;
};
struct wb_textcache_stats wb_textcache_stats(const struct wb_textcache *tc);

#endif
