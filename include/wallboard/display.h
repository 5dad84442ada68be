/* Where frames go: a real window (SDL video: x11, wayland, kmsdrm fullscreen
 * on a console, offscreen) or a plain software surface with no video driver at
 * all (--screenshot, tests). Both hand out an SDL_Renderer the same renderer
 * draws into. The caller owns SDL_Init(0)/SDL_Quit(); the window backend
 * starts and stops the video subsystem itself, so a failing video driver is
 * reported here, with what to do instead. */
#ifndef WALLBOARD_DISPLAY_H
#define WALLBOARD_DISPLAY_H

#include <stdbool.h>

#include <SDL.h>

#include "wallboard/status.h"

struct wb_display_ops;

/* Zero-initialise, then open with one of the wb_display_open_* functions. */
struct wb_display {
	const struct wb_display_ops *ops; /* NULL while closed */
	SDL_Window *window;               /* window backend only */
	SDL_Surface *surface;             /* surface backend only: the pixels */
	SDL_Renderer *renderer;
	/* What draws: SDL's renderer ("software", "opengles2", ...) and the GL
	 * implementation behind a GL renderer ("V3D 4.2", "llvmpipe (LLVM
	 * 15.0.6, 256 bits)"; "" for none). */
	char renderer_name[32];
	char gl_renderer[128];
	/* Why the window draws with SDL's software renderer although the
	 * driver has OpenGL ("" when it does not): there is no GPU render node,
	 * or SDL's OpenGL was a software one (gl_renderer names it). The
	 * software renderer does the same work for a fraction of the CPU and
	 * memory. */
	char software_why[192];
};

/* A window of w x h, or fullscreen at the display's own mode (w, h ignored;
 * not on the headless drivers, whose "display" is a made-up 1024x768).
 * Tries an accelerated renderer with vsync, then SDL's software renderer.
 * Under X11 or Wayland with no GPU render node (/dev/dri/renderD*) OpenGL
 * would be Mesa's llvmpipe on the CPU: SDL's software renderer is used with
 * framebuffer acceleration off, and OpenGL is never loaded (Mesa and LLVM
 * are 40 MiB). With a render node the GL renderer is tried, and dropped for
 * the software one if GL_RENDERER still names a CPU rasteriser (llvmpipe,
 * softpipe, swrast). On KMSDRM, which has no software framebuffer in SDL2,
 * the GL renderer stays.
 * WB_ERR_DISPLAY when there is no usable video driver: err then reads "no
 * display available (SDL: ...); use --screenshot out.png to render offscreen". */
enum wb_status wb_display_open_window(struct wb_display *d, int w, int h, bool fullscreen,
				      struct wb_error *err);

/* An ARGB8888 surface of w x h with SDL's software renderer; needs no video
 * driver. */
enum wb_status wb_display_open_surface(struct wb_display *d, int w, int h, struct wb_error *err);

/* True for SDL's video drivers that show nothing and have no GPU
 * ("offscreen", "dummy"); NULL is false. */
bool wb_display_driver_is_headless(const char *driver);

/* Whether a window could appear here later even if none opens now: an
 * X11 or Wayland session, an explicit SDL_VIDEODRIVER, or a KMS device
 * (/dev/dri/card*) whose screen may be off or unplugged. */
bool wb_display_system_present(void);

/* Destroys what open created (and stops video for a window); safe on a closed
 * or zeroed display, and twice. Destroy textures made with the renderer
 * (wb_renderer_destroy) first. */
void wb_display_close(struct wb_display *d);

/* The renderer to draw into; NULL while closed. Owned by the display. */
SDL_Renderer *wb_display_renderer(const struct wb_display *d);

/* Shows the frame drawn since the last present. */
void wb_display_present(struct wb_display *d);
/* The same, saying which parts changed (n of rects, output pixels): a
 * window drawn by SDL's software renderer then copies only those to the
 * screen (an X server is sent those, not the whole frame); anything else
 * presents the whole frame. n 0: nothing changed. */
void wb_display_present_rects(struct wb_display *d, const SDL_Rect *rects, int n);

/* Drawable size in pixels (a fullscreen or HiDPI window may differ from what
 * was asked). 0 x 0 while closed. */
void wb_display_size(const struct wb_display *d, int *w, int *h);

/* Writes the current frame as PNG, atomically: a temporary file next to path,
 * then rename; the file gets exactly mode (0600 in the state directory, 0644
 * for a picture asked for on the command line). Call after drawing and
 * before present (a window's back buffer is undefined after a swap). Needs
 * IMG_Init(IMG_INIT_PNG) by the caller. */
enum wb_status wb_display_save_png(struct wb_display *d, const char *path, unsigned mode,
				   struct wb_error *err);

/* The same frame as PNG bytes in memory (caller frees *png), for the API. */
enum wb_status wb_display_png(struct wb_display *d, unsigned char **png, size_t *png_len,
			      struct wb_error *err);

#endif
