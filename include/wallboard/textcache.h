/* Rasterised strings as textures, so an unchanged string is never rendered
 * twice: key (face, size, string) -> white SDL_Texture, coloured at draw time
 * with SDL_SetTextureColorMod (one texture serves every colour of a string).
 * Bounded: entries unused for a while are evicted by wb_textcache_sweep(). */
#ifndef WALLBOARD_TEXTCACHE_H
#define WALLBOARD_TEXTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "wallboard/fonts.h"

struct wb_textcache;

struct wb_text {
	SDL_Texture *tex; /* NULL for "" or when rasterising failed; owned by the cache */
	int w, h;         /* texture size in px */
	int ascent;       /* px from the top of the texture to the baseline */
};

/* max_entries bounds the textures kept between sweeps. Borrows renderer and
 * fonts; destroy the cache before either of them. */
struct wb_textcache *wb_textcache_create(SDL_Renderer *renderer, struct wb_fonts *fonts, size_t max_entries);
void wb_textcache_destroy(struct wb_textcache *tc);

/* The texture for s (UTF-8) at face/px, stamped as used at now_ms. The texture
 * stays valid until a sweep, or until a later get with a newer now_ms has to
 * make room: entries used at the current now_ms are never evicted by a get. */
struct wb_text wb_textcache_get(struct wb_textcache *tc, enum wb_face face, int px, const char *s,
				int64_t now_ms);

/* Evicts entries last used more than max_idle_ms before now_ms, and the least
 * recently used ones while over max_entries. */
void wb_textcache_sweep(struct wb_textcache *tc, int64_t now_ms, int64_t max_idle_ms);

struct wb_textcache_stats {
	size_t entries;
	uint64_t hits, misses, evictions;
};
struct wb_textcache_stats wb_textcache_stats(const struct wb_textcache *tc);

#endif
