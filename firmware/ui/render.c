/* The renderer (render.h): a frame is the compositor's elements on one layer
 * texture at the logical size, in the output's pixel format so putting it on
 * the output is a plain copy. Each frame the elements are recorded and only
 * the rectangles whose drawing changed are repainted on the layer (a ticking
 * timer repaints its SLA box, a ticker frame the ticker strip). A rotated
 * board turns the layer onto the output; the burn-in shift moves that final
 * copy and fills the uncovered edge, so the layer never depends on it.
 * Outside the screen's on-hours the frame is plain black. */
#include "wallboard/render.h"

#include <stdlib.h>

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
	struct rgb layer_bg; /* the background the layer was painted on */

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

/* Records the frame and repaints its damage on the layer (or, without a
 * layer, the whole frame straight onto the output, moved by dx, dy). */
static void compose(struct wb_renderer *r, const struct wb_frame *f, bool layered, int dx, int dy, int out_w,
		    int out_h)
{
	struct rgb bg = f->pal->bg;
	bool full = !r->layer_valid || !same_rgb(bg, r->layer_bg);
	wb_compositor_record(r->compositor, r->draw, f, full || !layered);
	if (!layered) {
		fill_edges(r->sdl, out_w, out_h, dx, dy, bg);
		SDL_Rect vp = { dx, dy, f->w, f->h };
		SDL_RenderSetViewport(r->sdl, &vp);
		wb_draw_replay(r->draw, (struct wb_rect){ 0, 0, f->w, f->h }, bg);
		SDL_RenderSetViewport(r->sdl, NULL);
		return;
	}
	SDL_Texture *out = SDL_GetRenderTarget(r->sdl);
	SDL_SetRenderTarget(r->sdl, r->layer);
	const struct wb_rect *damage;
	size_t n = wb_compositor_damage(r->compositor, &damage);
	for (size_t i = 0; i < n; i++)
		wb_draw_replay(r->draw, damage[i], bg);
	SDL_SetRenderTarget(r->sdl, out);
	r->layer_valid = true;
	r->layer_bg = bg;
}

void wb_renderer_draw(struct wb_renderer *r, const struct wb_view *view, int w, int h)
{
	if (!r || !view || w <= 0 || h <= 0)
		return;
	int64_t now = view->anim_ms;
	size_t budget = (size_t)w * (size_t)h * 4 * TEXT_CACHE_FRAMES;
	wb_textcache_set_budget(r->text, budget > TEXT_CACHE_MIN_BYTES ? budget : TEXT_CACHE_MIN_BYTES);
	if (view->screen_off) {
		/* Outside the on-hours: black in every theme, nothing else. The
		 * layer keeps the last picture for when the screen comes on. */
		fill_rect(r->sdl, 0, 0, w, h, (struct rgb){ 0, 0, 0 });
	} else {
		int rot = wb_view_rotation(view);
		int lw, lh;
		wb_view_logical_size(view, w, h, &lw, &lh);
		struct wb_frame f;
		wb_frame_init(&f, view, lw, lh);
		wb_draw_reset(r->draw, now);
		int dx = view->shift_x, dy = view->shift_y;
		if (ensure_layer(r, lw, lh)) {
			compose(r, &f, true, dx, dy, w, h);
			/* Centred on the output, so turning it a quarter about its
			 * centre covers the output exactly; the burn-in shift moves
			 * this final copy (in output pixels, which are what burn in). */
			fill_edges(r->sdl, w, h, dx, dy, f.pal->bg);
			SDL_Rect dst = { (w - lw) / 2 + dx, (h - lh) / 2 + dy, lw, lh };
			if (rot != 0)
				SDL_RenderCopyEx(r->sdl, r->layer, NULL, &dst, (double)rot, NULL,
						 SDL_FLIP_NONE);
			else
				SDL_RenderCopy(r->sdl, r->layer, NULL, &dst);
		} else {
			/* No render targets (no known driver of ours): upright. */
			wb_frame_init(&f, view, w, h);
			compose(r, &f, false, dx, dy, w, h);
		}
	}
	if (now - r->last_sweep_ms >= TEXT_SWEEP_EVERY_MS || now < r->last_sweep_ms) {
		wb_textcache_sweep(r->text, now, TEXT_IDLE_MS);
		r->last_sweep_ms = now;
	}
}

size_t wb_renderer_damage(const struct wb_renderer *r, struct wb_rect *out, size_t max)
{
	if (!r)
		return 0;
	const struct wb_rect *damage;
	size_t n = wb_compositor_damage(r->compositor, &damage);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = damage[i];
	return n;
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
