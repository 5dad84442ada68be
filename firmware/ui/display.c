/* Display backends behind one small ops table: an SDL window (any video
 * driver) and a software surface that needs no video at all. The renderer
 * only ever sees the SDL_Renderer, so both produce identical frames. */
#include "wallboard/display.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_image.h>

struct wb_display_ops {
	const char *name;
	void (*present)(struct wb_display *d);
	void (*close)(struct wb_display *d);
};

static void window_present(struct wb_display *d)
{
	SDL_RenderPresent(d->renderer);
}

static void window_close(struct wb_display *d)
{
	if (d->renderer)
		SDL_DestroyRenderer(d->renderer);
	if (d->window)
		SDL_DestroyWindow(d->window);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

static void surface_present(struct wb_display *d)
{
	/* Pixels are already in the surface; this only flushes queued commands. */
	SDL_RenderPresent(d->renderer);
}

static void surface_close(struct wb_display *d)
{
	if (d->renderer)
		SDL_DestroyRenderer(d->renderer);
	SDL_FreeSurface(d->surface);
}

static const struct wb_display_ops window_ops = { "window", window_present, window_close };
static const struct wb_display_ops surface_ops = { "surface", surface_present, surface_close };

/* The GL_RENDERER string of the renderer's context, or "" when it is not a
 * GL renderer. SDL leaves its context current after creating the renderer. */
static void gl_renderer_name(SDL_Renderer *r, char *out, size_t size)
{
	out[0] = '\0';
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
		return;
	typedef const unsigned char *(*get_string_fn)(unsigned int);
	void *sym = SDL_GL_GetProcAddress("glGetString");
	get_string_fn get_string;
	if (!sym)
		return;
	memcpy(&get_string, &sym, sizeof get_string); /* ISO C has no object-to-function cast */
	const char *name = (const char *)get_string(0x1F01 /* GL_RENDERER */);
	if (name)
		snprintf(out, size, "%s", name);
}

/* Mesa's CPU rasterisers: "accelerated" on them is slower than SDL's own
 * software renderer and maps libLLVM besides (bench/README.md). */
static bool gl_is_software(const char *gl_renderer)
{
	static const char *const names[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strstr(gl_renderer, names[i]))
			return true;
	return false;
}

/* Where the GPU device nodes are; tests point WALLBOARD_TEST_DRI_DIR at a
 * folder of their own to have (or not have) a render node. */
static const char *dri_dir(void)
{
	const char *dir = getenv("WALLBOARD_TEST_DRI_DIR");
	return dir && dir[0] ? dir : "/dev/dri";
}

/* Whether dir has an entry whose name starts with prefix. */
static bool has_entry(const char *dir_path, const char *prefix)
{
	DIR *dir = opendir(dir_path);
	if (!dir)
		return false;
	bool found = false;
	for (struct dirent *e; !found && (e = readdir(dir)) != NULL;)
		found = strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(dir);
	return found;
}

/* SDL's software renderer, on a framebuffer that is not itself drawn with
 * OpenGL (which would be llvmpipe again underneath). Default priority: the
 * SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION variables still win. */
static void use_software_framebuffer(void)
{
	SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
	SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_DEFAULT);
}

static void note_renderer(struct wb_display *d)
{
	SDL_RendererInfo info;
	snprintf(d->renderer_name, sizeof d->renderer_name, "%s",
		 SDL_GetRendererInfo(d->renderer, &info) == 0 ? info.name : "unknown");
	if (!d->software_why[0] && !d->gl_renderer[0])
		gl_renderer_name(d->renderer, d->gl_renderer, sizeof d->gl_renderer);
}

bool wb_display_driver_is_headless(const char *driver)
{
	return driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0);
}

bool wb_display_system_present(void)
{
	if (getenv("SDL_VIDEODRIVER") || getenv("DISPLAY") || getenv("WAYLAND_DISPLAY"))
		return true;
	/* A KMS device: its connectors may all be unplugged or off for now. */
	return has_entry("/dev/dri", "card");
}

enum wb_status wb_display_open_window(struct wb_display *d, int w, int h, bool fullscreen,
				      struct wb_error *err)
{
	memset(d, 0, sizeof *d);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		wb_error_set(err, "",
			     "no display available (SDL: %s); use --screenshot out.png to render "
			     "offscreen, or SDL_VIDEODRIVER=offscreen to run headless",
			     SDL_GetError());
		return WB_ERR_DISPLAY;
	}
	bool gpu = !wb_display_driver_is_headless(SDL_GetCurrentVideoDriver());
	/* A desktop session: a software framebuffer exists (not on KMSDRM). */
	bool desktop = gpu && SDL_strcasecmp(SDL_GetCurrentVideoDriver(), "KMSDRM") != 0;
	if (!gpu) {
		/* Headless drivers have no GPU behind them: "accelerated" would be
		 * Mesa's llvmpipe on the CPU (measured: 4-5x the memory and CPU of
		 * SDL's own software renderer, bench/README.md). */
		use_software_framebuffer();
	} else if (desktop && !has_entry(dri_dir(), "renderD")) {
		/* No GPU: SDL's OpenGL would be llvmpipe. Not even loaded. */
		snprintf(d->software_why, sizeof d->software_why, "no GPU render node (%s/renderD*)",
			 dri_dir());
		gpu = false;
		use_software_framebuffer();
	} else if (SDL_strcasecmp(SDL_GetCurrentVideoDriver(), "KMSDRM") == 0) {
		/* On a console SDL picks desktop OpenGL first. GLES2 is what a Pi's
		 * GPU speaks natively, and under QEMU desktop GL on KMS put only the
		 * clear colour on screen, even for a ten-line SDL program, while
		 * GLES2 showed the whole board (docs/image.md). */
		SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "opengles2", SDL_HINT_DEFAULT);
	}
	/* A headless driver's "desktop" is a made-up 1024x768: there the window
	 * is ours to size, and --size is what was asked for. */
	if (wb_display_driver_is_headless(SDL_GetCurrentVideoDriver()))
		fullscreen = false;
	Uint32 flags = SDL_WINDOW_SHOWN | (fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0u);
	d->window =
		SDL_CreateWindow("Wallboard", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w, h, flags);
	if (d->window) {
		Uint32 preferred =
			gpu ? SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC : SDL_RENDERER_SOFTWARE;
		d->renderer = SDL_CreateRenderer(d->window, -1, preferred);
		if (d->renderer && desktop) {
			gl_renderer_name(d->renderer, d->gl_renderer, sizeof d->gl_renderer);
			if (gl_is_software(d->gl_renderer)) {
				/* A new window, because SDL unloads libGL only with
				 * its last OpenGL window (Mesa keeps its code mapped
				 * all the same: better not to load it, above). */
				snprintf(d->software_why, sizeof d->software_why, "OpenGL here is %s",
					 d->gl_renderer);
				SDL_DestroyRenderer(d->renderer);
				SDL_DestroyWindow(d->window);
				use_software_framebuffer();
				d->window = SDL_CreateWindow("Wallboard", SDL_WINDOWPOS_UNDEFINED,
							     SDL_WINDOWPOS_UNDEFINED, w, h, flags);
				d->renderer =
					d->window ? SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE)
						  : NULL;
			}
		}
		if (!d->renderer && d->window)
			d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
	}
	if (!d->window || !d->renderer) {
		wb_error_set(err, "",
			     "no display available (SDL: %s, video driver %s); use --screenshot out.png to "
			     "render offscreen",
			     SDL_GetError(),
			     SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "none");
		window_close(d);
		memset(d, 0, sizeof *d);
		return WB_ERR_DISPLAY;
	}
	if (fullscreen)
		SDL_ShowCursor(SDL_DISABLE); /* a wall screen has no mouse to point with */
	note_renderer(d);
	d->ops = &window_ops;
	return WB_OK;
}

enum wb_status wb_display_open_surface(struct wb_display *d, int w, int h, struct wb_error *err)
{
	memset(d, 0, sizeof *d);
	if (w <= 0 || h <= 0) {
		wb_error_set(err, "", "invalid surface size %dx%d", w, h);
		return WB_ERR_INVALID;
	}
	d->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (d->surface)
		d->renderer = SDL_CreateSoftwareRenderer(d->surface);
	if (!d->renderer) {
		wb_error_set(err, "", "cannot create a %dx%d software surface (SDL: %s)", w, h,
			     SDL_GetError());
		SDL_FreeSurface(d->surface);
		memset(d, 0, sizeof *d);
		return WB_ERR_DISPLAY;
	}
	note_renderer(d);
	d->ops = &surface_ops;
	return WB_OK;
}

void wb_display_close(struct wb_display *d)
{
	if (!d || !d->ops)
		return;
	d->ops->close(d);
	memset(d, 0, sizeof *d);
}

SDL_Renderer *wb_display_renderer(const struct wb_display *d)
{
	return d && d->ops ? d->renderer : NULL;
}

void wb_display_present_rects(struct wb_display *d, const SDL_Rect *rects, int n)
{
	if (!d || !d->ops)
		return;
	if (d->ops == &window_ops && strcmp(d->renderer_name, "software") == 0) {
		SDL_RenderFlush(d->renderer);
		if (n == 0 || SDL_UpdateWindowSurfaceRects(d->window, rects, n) == 0)
			return;
	}
	d->ops->present(d);
}

void wb_display_present(struct wb_display *d)
{
	if (d && d->ops)
		d->ops->present(d);
}

void wb_display_size(const struct wb_display *d, int *w, int *h)
{
	*w = 0;
	*h = 0;
	if (d && d->ops && SDL_GetRendererOutputSize(d->renderer, w, h) != 0) {
		*w = 0;
		*h = 0;
	}
}

/* The frame as RGB24: no alpha channel in the file, so viewers do not show
 * the framebuffer's undefined alpha as transparency. NULL with err set. */
static SDL_Surface *read_frame(struct wb_display *d, struct wb_error *err)
{
	int w, h;
	wb_display_size(d, &w, &h);
	if (w <= 0 || h <= 0) {
		wb_error_set(err, "", "no frame to save: display is not open");
		return NULL;
	}
	SDL_Surface *shot = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
	if (!shot) {
		wb_error_set(err, "", "out of memory for a %dx%d screenshot (SDL: %s)", w, h, SDL_GetError());
		return NULL;
	}
	if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_RGB24, shot->pixels, shot->pitch) != 0) {
		wb_error_set(err, "", "cannot read the frame back (SDL: %s)", SDL_GetError());
		SDL_FreeSurface(shot);
		return NULL;
	}
	return shot;
}

enum wb_status wb_display_save_png(struct wb_display *d, const char *path, unsigned mode,
				   struct wb_error *err)
{
	SDL_Surface *shot = read_frame(d, err);
	if (!shot)
		return WB_ERR_DISPLAY;
	size_t len = strlen(path);
	char *tmp = malloc(len + sizeof ".XXXXXX");
	if (!tmp) {
		SDL_FreeSurface(shot);
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof ".XXXXXX");
	/* mkstemp reserves a unique name in the target directory, so the rename
	 * below stays on one file system and readers never see half a PNG. */
	int fd = mkstemp(tmp);
	enum wb_status st = WB_OK;
	if (fd < 0) {
		wb_error_set(err, "", "cannot create %s: %s", tmp, strerror(errno));
		st = WB_ERR_IO;
	} else {
		fchmod(fd, (mode_t)mode);
		close(fd);
		if (IMG_SavePNG(shot, tmp) != 0) {
			wb_error_set(err, "", "cannot write %s (SDL_image: %s)", path, IMG_GetError());
			st = WB_ERR_IO;
		} else if (rename(tmp, path) != 0) {
			wb_error_set(err, "", "cannot rename %s to %s: %s", tmp, path, strerror(errno));
			st = WB_ERR_IO;
		}
		if (st != WB_OK)
			unlink(tmp);
	}
	free(tmp);
	SDL_FreeSurface(shot);
	return st;
}

enum wb_status wb_display_png(struct wb_display *d, unsigned char **png, size_t *png_len,
			      struct wb_error *err)
{
	SDL_Surface *shot = read_frame(d, err);
	if (!shot)
		return WB_ERR_DISPLAY;
	/* SDL has no growing memory stream; a PNG is at most the raw pixels plus
	 * a filter byte per row and small zlib and chunk overheads. */
	size_t raw = (size_t)shot->h * ((size_t)shot->w * 3 + 1);
	size_t cap = raw + raw / 100 + 64 * 1024;
	unsigned char *buf = malloc(cap);
	SDL_RWops *rw = buf ? SDL_RWFromMem(buf, (int)cap) : NULL;
	enum wb_status st = WB_OK;
	if (!rw) {
		wb_error_set(err, "", "out of memory for a screenshot");
		st = WB_ERR_NOMEM;
	} else if (IMG_SavePNG_RW(shot, rw, 0) != 0) {
		wb_error_set(err, "", "cannot encode the screenshot (SDL_image: %s)", IMG_GetError());
		st = WB_ERR_IO;
	} else {
		*png_len = (size_t)SDL_RWtell(rw);
		*png = buf;
		buf = NULL;
	}
	if (rw)
		SDL_RWclose(rw);
	free(buf);
	SDL_FreeSurface(shot);
	return st;
}
