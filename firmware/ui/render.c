/* The renderer (render.h). Each frame the compositor's elements are recorded
 * and only the rectangles whose drawing changed are repainted (a ticking
 * timer repaints its SLA box, a ticker frame the ticker strip). Where they
 * are repainted depends on the output:
 * - a software renderer, upright: straight onto the output, which keeps its
 *   pixels between frames (SDL's window surface, our own surface);
 * - a software renderer, turned (display.rotation): onto a layer texture at
 *   the logical size, then only those rectangles turned onto the output;
 * - a GPU: onto the layer, then the whole layer onto the output (a back
 *   buffer keeps nothing), which the GPU does for next to nothing.
 * The layer is in the output's pixel format, so a copy is a plain copy. The
 * burn-in shift moves the picture on the output and fills only the uncovered
 * edge; a change of shift, size or theme repaints everything. Outside the
 * screen's on-hours the frame is plain black. */
#include "wallboard/render.h"

#include <stdlib.h>
#include <string.h>

#include "compositor.h"
#include "draw.h"
#include "element.h"
#include "wallboard/fonts.h"
#include "wallboard/mathx.h"
#include "wallboard/textcache.h"

/* Text cache: twice a frame's pixels (a busy 12-tile page and the ticker use
 * well under one), at least 8 MiB; strings not drawn for 2 s (old clock
 * seconds, old timers, the last page) are dropped. */
#define TEXT_CACHE_FRAMES 2
#define TEXT_CACHE_MIN_BYTES (8u << 20)
#define TEXT_IDLE_MS 2000
#define TEXT_SWEEP_EVERY_MS 1000

/* What the output shows now, so a frame knows what it must put there. */
struct shown {
	bool valid;
	int w, h, dx, dy, rot;
	struct rgb bg;
	bool on_layer; /* composed on the layer (else straight onto the output) */
};

#define MAX_REPAINT (WB_COMPOSITOR_MAX_DAMAGE + WB_COMPOSITOR_MAX_SCROLLS)

struct wb_renderer {
	SDL_Renderer *sdl;
	struct wb_fonts *fonts;
	struct wb_textcache *text;
	struct wb_draw *draw;
	struct wb_compositor *compositor;

	/* The frame at its logical size; tex NULL when the renderer cannot
	 * render to textures (then frames are drawn straight to the output). */
	SDL_Texture *layer;
	int layer_w, layer_h;
	bool layer_valid;
	/* A software renderer draws into memory that keeps its pixels between
	 * frames (SDL's window surface, or our own surface). */
	bool persistent;
	struct shown shown;
	/* The output's pixels where we may touch them (our own surface, or the
	 * window surface a software renderer draws into): scrolling content is
	 * moved there, not repainted. NULL: ask the window each frame. */
	SDL_Surface *pixels;
	/* What the last frame repainted (wb_renderer_damage), and where the
	 * output changed (wb_renderer_changed; more than fit: all of it). */
	struct wb_rect repaint[MAX_REPAINT];
	size_t n_repaint;
	SDL_Rect changed[WB_RENDER_MAX_CHANGED];
	size_t n_changed;

	int64_t last_sweep_ms;
};

void wb_renderer_layout(const struct wb_view *view, int w, int h, struct wb_layout *out)
{
	/* The same rule as the status report: logical size, shown channels. */
	wb_view_layout(view, w, h, out);
}

/* The output's own pixel format where the renderer can target it: copying
 * between equal formats is a plain copy, not SDL's per-pixel conversion. */
static Uint32 layer_format(SDL_Renderer *sdl, const SDL_RendererInfo *info)
{
	SDL_Window *win = SDL_RenderGetWindow(sdl);
	Uint32 want = win ? SDL_GetWindowPixelFormat(win) : SDL_PIXELFORMAT_UNKNOWN;
	for (Uint32 i = 0; want != SDL_PIXELFORMAT_UNKNOWN && i < info->num_texture_formats; i++)
		if (info->texture_formats[i] == want)
			return want;
	return SDL_PIXELFORMAT_ARGB8888;
}

/* Keeps the layer a render target of w x h; false when the renderer cannot
 * render to textures. */
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
	r->layer = SDL_CreateTexture(r->sdl, layer_format(r->sdl, &info), SDL_TEXTUREACCESS_TARGET, w, h);
	if (!r->layer)
		return false;
	SDL_SetTextureBlendMode(r->layer, SDL_BLENDMODE_NONE);
	r->layer_w = w;
	r->layer_h = h;
	return true;
}

static void fill_rect(SDL_Renderer *sdl, int x, int y, int w, int h, struct rgb c)
{
	if (w <= 0 || h <= 0)
		return;
	SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, 255);
	SDL_Rect s = { x, y, w, h };
	SDL_RenderFillRect(sdl, &s);
}

/* The strips of a w x h output that a picture moved by (dx, dy) leaves
 * uncovered: only they need the background, not the whole output. */
static void fill_edges(SDL_Renderer *sdl, int w, int h, int dx, int dy, struct rgb c)
{
	fill_rect(sdl, dx < 0 ? w + dx : 0, 0, abs(dx), h, c);
	fill_rect(sdl, 0, dy < 0 ? h + dy : 0, w, abs(dy), c);
}

static bool same_rgb(struct rgb a, struct rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

static bool same_shown(const struct shown *a, const struct shown *b)
{
	return a->valid && b->valid && a->w == b->w && a->h == b->h && a->dx == b->dx && a->dy == b->dy &&
	       a->rot == b->rot && same_rgb(a->bg, b->bg) && a->on_layer == b->on_layer;
}

/* Where the upright rectangle rc of a lw x lh frame lands on a w x h output
 * when the frame is turned by rot about its centre (placed centred, moved by
 * dx, dy): the rectangle to give SDL_RenderCopyEx, before it turns it. */
static SDL_Rect turned_dst(struct wb_rect rc, int lw, int lh, int w, int h, int dx, int dy, int rot)
{
	int cx = w / 2 + dx, cy = h / 2 + dy; /* the frame's centre on the output */
	int vx = rc.x + rc.w / 2 - lw / 2, vy = rc.y + rc.h / 2 - lh / 2;
	int tx = rot == 90 ? -vy : rot == 180 ? -vx : rot == 270 ? vy : vx;
	int ty = rot == 90 ? vx : rot == 180 ? -vy : rot == 270 ? -vx : vy;
	SDL_Rect d = { cx + tx - rc.w / 2, cy + ty - rc.h / 2, rc.w, rc.h };
	return d;
}

/* Grows rc to even edges inside a frame of w x h (both even), so a turned
 * copy of it has a whole-pixel centre and lands exactly where the turned
 * whole frame puts those pixels. */
static struct wb_rect even_rect(struct wb_rect rc, int w, int h)
{
	int x0 = rc.x & ~1, y0 = rc.y & ~1;
	int x1 = wb_imin((rc.x + rc.w + 1) & ~1, w), y1 = wb_imin((rc.y + rc.h + 1) & ~1, h);
	struct wb_rect o = { x0, y0, x1 - x0, y1 - y0 };
	return o;
}

/* Where the output changed: rc (output pixels), clipped to the w x h output. */
static void note_changed(struct wb_renderer *r, struct wb_rect rc, int w, int h)
{
	rc = wb_rect_meet(rc, (struct wb_rect){ 0, 0, w, h });
	if (wb_rect_empty(rc))
		return;
	if (r->n_changed < WB_RENDER_MAX_CHANGED)
		r->changed[r->n_changed] = (SDL_Rect){ rc.x, rc.y, rc.w, rc.h };
	r->n_changed++;
}

static void all_changed(struct wb_renderer *r, int w, int h)
{
	r->n_changed = 0;
	note_changed(r, (struct wb_rect){ 0, 0, w, h }, w, h);
}

static void add_repaint(struct wb_renderer *r, struct wb_rect rc)
{
	if (r->n_repaint < MAX_REPAINT)
		r->repaint[r->n_repaint++] = rc;
}

/* The output's pixels, when they are ours to move. */
static SDL_Surface *output_pixels(struct wb_renderer *r)
{
	if (r->pixels)
		return r->pixels;
	SDL_Window *win = r->persistent ? SDL_RenderGetWindow(r->sdl) : NULL;
	return win ? SDL_GetWindowSurface(win) : NULL;
}

/* Moves the pixels of a scrolled region left on the output (at the shift
 * dx, dy), as far as the output shows it; false when it cannot, and the
 * region is to be repainted. A region the shift pushes past the output's
 * right edge gets its new right end, which had no pixels to move, repainted
 * too. */
static bool move_pixels(struct wb_renderer *r, const struct wb_scroll *s, int dx, int dy)
{
	SDL_Surface *px = output_pixels(r);
	if (!px || px->format->BytesPerPixel != 4)
		return false;
	int x0 = wb_imax(s->region.x + dx, 0), x1 = wb_imin(s->region.x + s->region.w + dx, px->w);
	int y0 = wb_imax(s->region.y + dy, 0), y1 = wb_imin(s->region.y + s->region.h + dy, px->h);
	if (x1 - x0 <= s->dx || y1 <= y0)
		return false;
	if (SDL_MUSTLOCK(px) && SDL_LockSurface(px) != 0)
		return false;
	for (int row = y0; row < y1; row++) {
		Uint8 *p = (Uint8 *)px->pixels + (size_t)row * (size_t)px->pitch + (size_t)x0 * 4;
		memmove(p, p + (size_t)s->dx * 4, (size_t)(x1 - x0 - s->dx) * 4);
	}
	if (SDL_MUSTLOCK(px))
		SDL_UnlockSurface(px);
	if (x1 < s->region.x + s->region.w + dx)
		add_repaint(r, (struct wb_rect){ x1 - s->dx - dx, s->region.y, s->dx, s->region.h });
	return true;
}

/* The compositor's damage, plus the regions of scrolls not done by moving
 * pixels (move false: the target cannot, e.g. a texture). */
static void plan_repaint(struct wb_renderer *r, bool move, int dx, int dy)
{
	r->n_repaint = 0;
	const struct wb_scroll *scrolls;
	size_t n = wb_compositor_scrolls(r->compositor, &scrolls);
	if (n > 0 && move)
		SDL_RenderFlush(r->sdl); /* what is queued lands before pixels move */
	for (size_t i = 0; i < n; i++)
		if (!move || !move_pixels(r, &scrolls[i], dx, dy))
			add_repaint(r, scrolls[i].region);
	const struct wb_rect *damage;
	n = wb_compositor_damage(r->compositor, &damage);
	for (size_t i = 0; i < n; i++)
		add_repaint(r, damage[i]);
}

/* Upright on a software renderer: the output keeps its pixels between
 * frames, so the damage is repainted on it directly, moved by the shift,
 * and a ticker that only scrolled is moved, with only the strip it uncovers
 * drawn. */
static void draw_direct(struct wb_renderer *r, const struct wb_frame *f, const struct shown *now, bool full)
{
	struct rgb bg = f->pal->bg;
	wb_compositor_record(r->compositor, r->draw, f, full);
	if (full)
		fill_edges(r->sdl, now->w, now->h, now->dx, now->dy, bg);
	plan_repaint(r, r->persistent, now->dx, now->dy);
	SDL_Rect vp = { now->dx, now->dy, f->w, f->h };
	SDL_RenderSetViewport(r->sdl, &vp);
	for (size_t i = 0; i < r->n_repaint; i++)
		wb_draw_replay(r->draw, r->repaint[i], bg);
	SDL_RenderSetViewport(r->sdl, NULL);
	if (full || !r->persistent) {
		all_changed(r, now->w, now->h);
		return;
	}
	r->n_changed = 0;
	const struct wb_scroll *scrolls;
	size_t n = wb_compositor_scrolls(r->compositor, &scrolls);
	for (size_t i = 0; i < n + r->n_repaint; i++) {
		struct wb_rect rc = i < n ? scrolls[i].region : r->repaint[i - n];
		note_changed(r, (struct wb_rect){ rc.x + now->dx, rc.y + now->dy, rc.w, rc.h }, now->w,
			     now->h);
	}
}

/* The damage repainted on the layer, then the layer onto the output: all of
 * it where the output keeps nothing (a GPU's back buffer) or changed,
 * otherwise only the damaged rectangles, turned (display.rotation on a
 * software renderer costs what upright does). */
static void draw_layered(struct wb_renderer *r, const struct wb_frame *f, const struct shown *now, bool full,
			 bool out_same)
{
	struct rgb bg = f->pal->bg;
	int even = f->w % 2 == 0 && f->h % 2 == 0 && now->w % 2 == 0 && now->h % 2 == 0;
	bool partial = r->persistent && out_same && (now->rot == 0 || even);
	wb_compositor_record(r->compositor, r->draw, f, full);
	plan_repaint(r, false, 0, 0); /* the layer is a texture: scrolls are repainted */
	size_t n = r->n_repaint;
	struct wb_rect rects[MAX_REPAINT];
	for (size_t i = 0; i < n; i++)
		rects[i] = partial && now->rot != 0 ? even_rect(r->repaint[i], f->w, f->h) : r->repaint[i];
	SDL_Texture *out = SDL_GetRenderTarget(r->sdl);
	SDL_SetRenderTarget(r->sdl, r->layer);
	for (size_t i = 0; i < n; i++)
		wb_draw_replay(r->draw, rects[i], bg);
	SDL_SetRenderTarget(r->sdl, out);
	if (!partial) {
		/* Centred on the output, so turning it a quarter about its centre
		 * covers the output exactly; the burn-in shift moves this final
		 * copy (in output pixels, which are what burn in). */
		fill_edges(r->sdl, now->w, now->h, now->dx, now->dy, bg);
		n = 1;
		rects[0] = (struct wb_rect){ 0, 0, f->w, f->h };
	}
	r->n_changed = 0;
	for (size_t i = 0; i < n; i++) {
		SDL_Rect src = { rects[i].x, rects[i].y, rects[i].w, rects[i].h };
		SDL_Rect dst = turned_dst(rects[i], f->w, f->h, now->w, now->h, now->dx, now->dy, now->rot);
		if (now->rot != 0)
			SDL_RenderCopyEx(r->sdl, r->layer, &src, &dst, (double)now->rot, NULL, SDL_FLIP_NONE);
		else
			SDL_RenderCopy(r->sdl, r->layer, &src, &dst);
		/* A quarter turn about its centre swaps its width and height. */
		bool quarter = now->rot == 90 || now->rot == 270;
		struct wb_rect on = { dst.x, dst.y, dst.w, dst.h };
		if (quarter)
			on = (struct wb_rect){ dst.x + dst.w / 2 - dst.h / 2, dst.y + dst.h / 2 - dst.w / 2,
					       dst.h, dst.w };
		note_changed(r, on, now->w, now->h);
	}
	if (!partial)
		all_changed(r, now->w, now->h);
}

void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h)
{
	if (!r || !view || w <= 0 || h <= 0)
		return;
	int64_t now_ms = view->anim_ms;
	size_t budget = (size_t)w * (size_t)h * 4 * TEXT_CACHE_FRAMES;
	wb_textcache_set_budget(r->text, budget > TEXT_CACHE_MIN_BYTES ? budget : TEXT_CACHE_MIN_BYTES);
	if (view->screen_off) {
		/* Outside the on-hours: black in every theme, nothing else. The
		 * layer keeps the last picture for when the screen comes on. */
		fill_rect(r->sdl, 0, 0, w, h, (struct rgb){ 0, 0, 0 });
		r->shown.valid = false;
		all_changed(r, w, h);
	} else {
		struct shown now = { .valid = true, .w = w, .h = h, .rot = wb_view_rotation(view) };
		now.dx = view->shift_x;
		now.dy = view->shift_y;
		int lw, lh;
		wb_view_logical_size(view, w, h, &lw, &lh);
		struct wb_frame f;
		wb_frame_init(&f, view, lw, lh);
		now.bg = f.pal->bg;
		wb_draw_reset(r->draw, now_ms);
		bool direct = r->persistent && now.rot == 0;
		if (!direct && ensure_layer(r, lw, lh)) {
			now.on_layer = true;
			/* The layer holds what the compositor last composed on it. */
			bool layer_same =
				r->layer_valid && r->shown.on_layer && same_rgb(now.bg, r->shown.bg);
			draw_layered(r, &f, &now, !layer_same, same_shown(&r->shown, &now));
			r->layer_valid = true;
		} else {
			/* Upright straight onto the output: a software renderer's
			 * output keeps its pixels; without render targets (no known
			 * driver of ours) it is all repainted every frame. */
			if (!direct)
				wb_frame_init(&f, view, w, h);
			draw_direct(r, &f, &now, !r->persistent || !same_shown(&r->shown, &now));
		}
		r->shown = now;
	}
	if (now_ms - r->last_sweep_ms >= TEXT_SWEEP_EVERY_MS || now_ms < r->last_sweep_ms) {
		wb_textcache_sweep(r->text, now_ms, TEXT_IDLE_MS);
		r->last_sweep_ms = now_ms;
	}
}

size_t wb_renderer_changed(const struct wb_renderer *r, SDL_Rect *out, size_t max)
{
	if (!r)
		return 0;
	for (size_t i = 0; i < r->n_changed && i < max && i < WB_RENDER_MAX_CHANGED; i++)
		out[i] = r->changed[i];
	return r->n_changed;
}

size_t wb_renderer_damage(const struct wb_renderer *r, struct wb_rect *out, size_t max)
{
	if (!r)
		return 0;
	for (size_t i = 0; i < r->n_repaint && i < max; i++)
		out[i] = r->repaint[i];
	return r->n_repaint;
}

void wb_renderer_invalidate(struct wb_renderer *r)
{
	if (r) {
		r->layer_valid = false;
		r->shown.valid = false;
	}
}

struct wb_textcache_stats wb_renderer_text_stats(const struct wb_renderer *r)
{
	return wb_textcache_stats(r ? r->text : NULL);
}

struct wb_renderer *wb_renderer_create(SDL_Renderer *sdl, SDL_Surface *pixels, struct wb_error *err)
{
	struct wb_renderer *r = calloc(1, sizeof *r);
	if (!r) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	r->sdl = sdl;
	r->pixels = pixels;
	SDL_RendererInfo info;
	r->persistent = SDL_GetRendererInfo(sdl, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	r->fonts = wb_fonts_create(err);
	if (!r->fonts) {
		free(r);
		return NULL;
	}
	r->text = wb_textcache_create(sdl, r->fonts, TEXT_CACHE_MIN_BYTES);
	r->draw = r->text ? wb_draw_create(sdl, r->text) : NULL;
	r->compositor = wb_compositor_create();
	if (!r->draw || !r->compositor) {
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
	wb_compositor_destroy(r->compositor);
	wb_draw_destroy(r->draw);
	wb_textcache_destroy(r->text);
	wb_fonts_destroy(r->fonts);
	if (r->layer)
		SDL_DestroyTexture(r->layer);
	free(r);
}
