/* Draws a struct wb_view with SDL2: header, stale bar, alert banner, channel
 * tiles, ticker, or the start screen. The static part of the frame is kept in
 * a texture and redrawn only when its content changes; the ticker and the
 * critical pulse animate over it. Needs TTF_Init() before create (the caller
 * owns SDL/TTF/IMG init and quit); finds its fonts with fontconfig or
 * WALLBOARD_FONT_DIR. */
#ifndef WALLBOARD_RENDER_H
#define WALLBOARD_RENDER_H

#include <stdint.h>

#include <SDL.h>

#include "wallboard/layout.h"
#include "wallboard/status.h"
#include "wallboard/view.h"

struct wb_renderer;

/* Borrows sdl (destroy the renderer before it). NULL on failure with err set:
 * a missing font names the font and the package to install. */
struct wb_renderer *wb_renderer_create(SDL_Renderer *sdl, struct wb_error *err);
void wb_renderer_destroy(struct wb_renderer *r);

/* Draws one whole frame of w x h into the current render target (no present).
 * view and everything it points to are only read during the call. */
void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h);

/* Forget the cached static layer (e.g. after SDL_RENDER_TARGETS_RESET or
 * SDL_RENDER_DEVICE_RESET); the next draw repaints everything. */
void wb_renderer_invalidate(struct wb_renderer *r);

/* Milliseconds until the picture would change by itself: ~33 while the
 * ticker moves or a critical alert pulses, else until the next wall-clock or
 * server second, or the next page turn. Always >= 1. The main loop sleeps on
 * this (or until new data arrives). */
int64_t wb_renderer_next_change_ms(const struct wb_view *view);

/* The geometry draw uses for this view at w x h (which bands are shown, which
 * page): lets tests and tools find the regions of a frame. */
void wb_renderer_layout(const struct wb_view *view, int w, int h, struct wb_layout *out);

#endif
