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
	/* Where the layer is behind the output: scrolled content moved on the
	 * output only. Repainted on the layer before the layer is copied whole. */
	struct wb_rect layer_behind;
	/* Layer pixels read back to be turned onto the output by hand. */
	Uint32 *turn_buf;
	size_t turn_cap; /* pixels */
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
	/* The last frame, for wb_renderer_describe: its logical size, and
	 * whether it was the screen-off black (nothing recorded). */
	int frame_w, frame_h;
	bool frame_off;
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

/* Where the logical rectangle rc of a lw x lh frame is on the output when
 * the frame is turned by now->rot about its centre (placed centred, moved
 * by the shift): exact for every pixel, as the turned whole frame has it. */
static struct wb_rect turn_rect(struct wb_rect rc, int lw, int lh, const struct shown *now)
{
	int cx = now->w / 2 + now->dx, cy = now->h / 2 + now->dy;
	switch (now->rot) {
	case 90:
		return (struct wb_rect){ cx + lh / 2 - rc.y - rc.h, cy - lw / 2 + rc.x, rc.h, rc.w };
	case 180:
		return (struct wb_rect){ cx + lw / 2 - rc.x - rc.w, cy + lh / 2 - rc.y - rc.h, rc.w, rc.h };
	case 270:
		return (struct wb_rect){ cx - lh / 2 + rc.y, cy + lw / 2 - rc.x - rc.w, rc.h, rc.w };
	default:
		return (struct wb_rect){ cx - lw / 2 + rc.x, cy - lh / 2 + rc.y, rc.w, rc.h };
	}
}

/* The logical rectangle that lands on the output rectangle o (turn_rect's
 * inverse). */
static struct wb_rect unturn_rect(struct wb_rect o, int lw, int lh, const struct shown *now)
{
	int cx = now->w / 2 + now->dx, cy = now->h / 2 + now->dy;
	switch (now->rot) {
	case 90:
		return (struct wb_rect){ o.y - cy + lw / 2, cx + lh / 2 - o.x - o.w, o.h, o.w };
	case 180:
		return (struct wb_rect){ cx + lw / 2 - o.x - o.w, cy + lh / 2 - o.y - o.h, o.w, o.h };
	case 270:
		return (struct wb_rect){ cy + lw / 2 - o.y - o.h, o.x - cx + lh / 2, o.h, o.w };
	default:
		return (struct wb_rect){ o.x - cx + lw / 2, o.y - cy + lh / 2, o.w, o.h };
	}
}

static Uint8 *pixel_at(SDL_Surface *px, int x, int y)
{
	return (Uint8 *)px->pixels + (size_t)y * (size_t)px->pitch + (size_t)x * 4;
}

/* Moves the output's pixels of a region whose content scrolled s->dx left
 * in the lw x lh frame: left upright, up turned 90, right turned 180, down
 * turned 270. False when it cannot (then the region is repainted). Where
 * the output cuts the region off, the logical strip that had no pixels to
 * move in is repainted too (the compositor's damage has the region's own
 * right end). */
static bool move_pixels(struct wb_renderer *r, const struct wb_scroll *s, int lw, int lh,
			const struct shown *now)
{
	SDL_Surface *px = output_pixels(r);
	if (!px || px->format->BytesPerPixel != 4)
		return false;
	struct wb_rect o =
		wb_rect_meet(turn_rect(s->region, lw, lh, now), (struct wb_rect){ 0, 0, px->w, px->h });
	int k = s->dx;
	bool along_y = now->rot == 90 || now->rot == 270;
	if ((along_y ? o.h : o.w) <= k)
		return false;
	if (SDL_MUSTLOCK(px) && SDL_LockSurface(px) != 0)
		return false;
	size_t row = (size_t)o.w * 4;
	if (now->rot == 90) {
		for (int y = o.y; y < o.y + o.h - k; y++)
			memcpy(pixel_at(px, o.x, y), pixel_at(px, o.x, y + k), row);
	} else if (now->rot == 270) {
		for (int y = o.y + o.h - 1; y >= o.y + k; y--)
			memcpy(pixel_at(px, o.x, y), pixel_at(px, o.x, y - k), row);
	} else {
		bool right = now->rot == 180;
		for (int y = o.y; y < o.y + o.h; y++) {
			Uint8 *p = pixel_at(px, o.x, y);
			memmove(right ? p + (size_t)k * 4 : p, right ? p : p + (size_t)k * 4,
				row - (size_t)k * 4);
		}
	}
	if (SDL_MUSTLOCK(px))
		SDL_UnlockSurface(px);
	struct wb_rect v = unturn_rect(o, lw, lh, now);
	if (v.x + v.w < s->region.x + s->region.w)
		add_repaint(r, (struct wb_rect){ v.x + v.w - k, v.y, k, v.h });
	return true;
}

/* The compositor's damage, plus the regions of scrolls not done by moving
 * the output's pixels (move false: the target cannot, e.g. a GPU's back
 * buffer). What moved on the output only is noted as the layer's lag. */
static void plan_repaint(struct wb_renderer *r, bool move, int lw, int lh, const struct shown *now)
{
	r->n_repaint = 0;
	const struct wb_scroll *scrolls;
	size_t n = wb_compositor_scrolls(r->compositor, &scrolls);
	if (n > 0 && move)
		SDL_RenderFlush(r->sdl); /* what is queued lands before pixels move */
	for (size_t i = 0; i < n; i++) {
		if (move && move_pixels(r, &scrolls[i], lw, lh, now)) {
			r->layer_behind = wb_rect_join(r->layer_behind, scrolls[i].region);
			note_changed(r, turn_rect(scrolls[i].region, lw, lh, now), now->w, now->h);
		} else
			add_repaint(r, scrolls[i].region);
	}
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
	r->n_changed = 0;
	plan_repaint(r, r->persistent, f->w, f->h, now);
	r->layer_behind = (struct wb_rect){ 0, 0, 0, 0 }; /* no layer on this path */
	SDL_Rect vp = { now->dx, now->dy, f->w, f->h };
	SDL_RenderSetViewport(r->sdl, &vp);
	for (size_t i = 0; i < r->n_repaint; i++)
		wb_draw_replay(r->draw, r->repaint[i], bg);
	SDL_RenderSetViewport(r->sdl, NULL);
	if (full || !r->persistent) {
		all_changed(r, now->w, now->h);
		return;
	}
	for (size_t i = 0; i < r->n_repaint; i++)
		note_changed(r, turn_rect(r->repaint[i], f->w, f->h, now), now->w, now->h);
}

/* Copies the layer's rectangle rc, turned by now->rot, onto the output's
 * pixels by hand: SDL's software RenderCopyEx allocates, clears and
 * converts a surface for every call, which cost a turned board twice the CPU
 * of an upright one. The same pixels as turn_rect says (the render tests
 * compare with SDL's own turn of the whole frame). False when it cannot. */
static bool turn_onto_output(struct wb_renderer *r, struct wb_rect rc, int lw, int lh,
			     const struct shown *now)
{
	SDL_Surface *px = output_pixels(r);
	if (!px || px->format->BytesPerPixel != 4 || wb_rect_empty(rc))
		return false;
	size_t need = (size_t)rc.w * (size_t)rc.h;
	if (need > r->turn_cap) {
		Uint32 *grown = realloc(r->turn_buf, need * sizeof *grown);
		if (!grown)
			return false;
		r->turn_buf = grown;
		r->turn_cap = need;
	}
	SDL_Rect src = { rc.x, rc.y, rc.w, rc.h };
	SDL_Texture *out = SDL_GetRenderTarget(r->sdl);
	SDL_SetRenderTarget(r->sdl, r->layer);
	int read = SDL_RenderReadPixels(r->sdl, &src, px->format->format, r->turn_buf, rc.w * 4);
	SDL_SetRenderTarget(r->sdl, out);
	if (read != 0)
		return false;
	SDL_RenderFlush(r->sdl);
	struct wb_rect o = wb_rect_meet(turn_rect(rc, lw, lh, now), (struct wb_rect){ 0, 0, px->w, px->h });
	if (wb_rect_empty(o))
		return true;
	if (SDL_MUSTLOCK(px) && SDL_LockSurface(px) != 0)
		return false;
	int cx = now->w / 2 + now->dx, cy = now->h / 2 + now->dy;
	for (int oy = o.y; oy < o.y + o.h; oy++) {
		Uint32 *dst = (Uint32 *)pixel_at(px, o.x, oy);
		for (int ox = o.x; ox < o.x + o.w; ox++) {
			/* The logical pixel that lands here (turn_rect, backwards). */
			int lx, ly;
			if (now->rot == 90) {
				lx = oy - cy + lw / 2;
				ly = cx + lh / 2 - 1 - ox;
			} else if (now->rot == 180) {
				lx = cx + lw / 2 - 1 - ox;
				ly = cy + lh / 2 - 1 - oy;
			} else {
				lx = cy + lw / 2 - 1 - oy;
				ly = ox - cx + lh / 2;
			}
			*dst++ = r->turn_buf[(size_t)(ly - rc.y) * (size_t)rc.w + (size_t)(lx - rc.x)];
		}
	}
	if (SDL_MUSTLOCK(px))
		SDL_UnlockSurface(px);
	return true;
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
	/* Turned on a software output, scrolled content is moved there and only
	 * what it uncovers is painted on the layer and turned; a layer copied
	 * whole must first catch up where it lagged. */
	r->n_changed = 0;
	plan_repaint(r, partial && now->rot != 0, f->w, f->h, now);
	if (!partial || full) {
		if (!full && !wb_rect_empty(r->layer_behind))
			add_repaint(r, r->layer_behind);
		r->layer_behind = (struct wb_rect){ 0, 0, 0, 0 };
	}
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
	for (size_t i = 0; i < n; i++) {
		SDL_Rect src = { rects[i].x, rects[i].y, rects[i].w, rects[i].h };
		SDL_Rect dst = turned_dst(rects[i], f->w, f->h, now->w, now->h, now->dx, now->dy, now->rot);
		if (now->rot == 0)
			SDL_RenderCopy(r->sdl, r->layer, &src, &dst);
		else if (!partial || !turn_onto_output(r, rects[i], f->w, f->h, now))
			SDL_RenderCopyEx(r->sdl, r->layer, &src, &dst, (double)now->rot, NULL, SDL_FLIP_NONE);
		note_changed(r, turn_rect(rects[i], f->w, f->h, now), now->w, now->h);
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
		r->frame_off = true;
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
		r->frame_off = false;
		r->frame_w = lw;
		r->frame_h = lh;
		wb_draw_reset(r->draw, now_ms);
		wb_draw_set_min_px(r->draw, f.L.font_min);
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
			if (!direct) {
				wb_frame_init(&f, view, w, h);
				r->frame_w = w;
				r->frame_h = h;
			}
			draw_direct(r, &f, &now, !r->persistent || !same_shown(&r->shown, &now));
		}
		r->shown = now;
	}
	if (now_ms - r->last_sweep_ms >= TEXT_SWEEP_EVERY_MS || now_ms < r->last_sweep_ms) {
		wb_textcache_sweep(r->text, now_ms, TEXT_IDLE_MS);
		r->last_sweep_ms = now_ms;
	}
}

cJSON *wb_renderer_describe(const struct wb_renderer *r)
{
	if (!r || (r->frame_w == 0 && !r->frame_off))
		return NULL;
	cJSON *root = cJSON_CreateObject();
	cJSON *elements = cJSON_CreateArray(), *texts = cJSON_CreateArray();
	bool ok = root && elements && texts && cJSON_AddItemToObject(root, "elements", elements);
	if (!ok) {
		cJSON_Delete(elements);
		cJSON_Delete(texts);
		cJSON_Delete(root);
		return NULL;
	}
	ok = cJSON_AddItemToObject(root, "texts", texts);
	if (!ok)
		cJSON_Delete(texts);
	ok = ok && cJSON_AddNumberToObject(root, "width", r->frame_w) &&
	     cJSON_AddNumberToObject(root, "height", r->frame_h) &&
	     cJSON_AddNumberToObject(root, "rotation", r->shown.rot) &&
	     cJSON_AddBoolToObject(root, "screen_off", r->frame_off);
	if (ok && !r->frame_off)
		ok = wb_compositor_describe(r->compositor, r->draw, elements, texts);
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
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
	free(r->turn_buf);
	free(r);
}
