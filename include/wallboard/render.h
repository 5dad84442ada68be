/* Draws a struct wb_view with SDL2: header, stale bar, alert banner, channel
 * tiles, ticker, or the start screen. The frame is kept in a texture and only
 * the parts whose drawing changed are repainted (ui/compositor.c); when the
 * next frame is due is wb_frameclock_next_ms (core). Needs TTF_Init() before create (the caller
 * owns SDL/TTF/IMG init and quit); finds its fonts with fontconfig or
 * WALLBOARD_FONT_DIR. */
#ifndef WALLBOARD_RENDER_H
#define WALLBOARD_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <cjson/cJSON.h>

#include "wallboard/layout.h"
#include "wallboard/status.h"
#include "wallboard/textcache.h"
#include "wallboard/view.h"

struct wb_renderer;

/* Borrows sdl (destroy the renderer before it). pixels: the surface a
 * software renderer draws into, when the caller made it (NULL for a window:
 * its surface is asked for). NULL on failure with err set: a missing font
 * names the font and the package to install. */
struct wb_renderer *wb_renderer_create(SDL_Renderer *sdl, SDL_Surface *pixels, struct wb_error *err);
void wb_renderer_destroy(struct wb_renderer *r);

/* Draws one whole frame of w x h (the output's size) into the current render
 * target (no present). With display.rotation 90/180/270 the frame is laid out
 * at the turned size (1080x1920 for 90 on 1920x1080) in a target texture and
 * copied turned clockwise onto the output. Colours follow display.theme, text
 * sizes display.scale, channels display.channels (wb_view_channels); while
 * view->identify_until_ms is ahead of anim_ms the whole frame is the identify
 * screen. view->screen_off: the whole frame is black and nothing else. The
 * picture is moved by (view->shift_x, view->shift_y) output pixels for
 * burn-in care, the uncovered edge in background colour; the cached static
 * layer does not depend on the shift. SLA boxes follow wb_view_sla_box.
 * view and everything it points to are only read during the call. */
void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h);

/* What the last draw showed, as JSON (owned by the caller; NULL when out of
 * memory or nothing was drawn yet), so tests and remote support can read a
 * frame without a picture: "width", "height" (the logical frame, before
 * "rotation"), "screen_off", "elements" (each element instance shown, in
 * drawing order: "element", "index", its rectangle "x", "y", "w", "h", and
 * the facts it noted, such as an SLA box's "state" or a tile's "channel")
 * and "texts" (each string drawn: "text", "element", "index", the part that
 * shows "x", "y", "w", "h", "px" per em as it shows, "cap_px", "face",
 * "colour" as "#rrggbb" and "alpha"). Coordinates are the logical frame's. */
cJSON *wb_renderer_describe(const struct wb_renderer *r);

/* Forget the cached static layer (e.g. after SDL_RENDER_TARGETS_RESET or
 * SDL_RENDER_DEVICE_RESET); the next draw repaints everything. */
void wb_renderer_invalidate(struct wb_renderer *r);

/* The rectangles (logical coordinates, see wb_renderer_layout) the last
 * draw repainted: where what an element drew changed since the frame
 * before, or the whole frame after a resize, a theme change or an
 * invalidate. Writes at most max; returns how many there were. */
size_t wb_renderer_damage(const struct wb_renderer *r, struct wb_rect *out, size_t max);

/* Where the output's pixels changed in the last draw, in output pixels,
 * for a display that can present part of a frame: at most max written; a
 * return above WB_RENDER_MAX_CHANGED (or above max) means present it all,
 * 0 that nothing changed. */
#define WB_RENDER_MAX_CHANGED 40
size_t wb_renderer_changed(const struct wb_renderer *r, SDL_Rect *out, size_t max);

/* The text cache's counters: a frame that only ticks a timer on misses
 * nothing (its digits come from a glyph strip). */
struct wb_textcache_stats wb_renderer_text_stats(const struct wb_renderer *r);

/* The geometry draw uses for this view on an output of w x h (which bands are
 * shown, which page), in logical coordinates: before the rotation, so with
 * rotation 90 on 1920x1080 it is a 1080x1920 layout. The same as
 * wb_view_layout. Lets tests and tools find the regions of a frame. */
void wb_renderer_layout(const struct wb_view *view, int w, int h, struct wb_layout *out);

#endif
