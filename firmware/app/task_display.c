/* The display, opened at start and, when it is not there yet (a TV that is off
 * or unplugged at power-up: KMS finds no connected connector), retried with a
 * bounded backoff while the board runs headless: polling, API, watchdog. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wallboard/backoff.h"
#include "wallboard/clock.h"
#include "wallboard/render.h"

#include "app.h"

#define RETRY_FIRST_MS 2000
#define RETRY_MAX_MS 10000
/* Tests without hardware: while the file this names exists, every open fails
 * as "no connector", so a test decides when the TV comes on. */
#define TEST_GATE_ENV "WALLBOARD_TEST_NO_DISPLAY_WHILE"

void wb_task_display_init(struct wb_app *app, const struct wb_app_options *o)
{
	app->display_wait.width = o->width;
	app->display_wait.height = o->height;
	app->display_wait.fullscreen = !o->windowed;
	app->display_wait.test_gate = getenv(TEST_GATE_ENV);
}

/* One attempt: the window and the renderer, or nothing (err says why). */
static enum wb_status try_open(struct wb_app *app, struct wb_error *err)
{
	if (app->display_wait.test_gate && access(app->display_wait.test_gate, F_OK) == 0) {
		wb_error_set(err, "", "no display available (%s: no connected connector)", TEST_GATE_ENV);
		return WB_ERR_DISPLAY;
	}
	if (wb_display_open_window(&app->display, app->display_wait.width, app->display_wait.height,
				   app->display_wait.fullscreen, err) != WB_OK)
		return WB_ERR_DISPLAY;
	if (!getenv("SDL_VIDEODRIVER") && wb_display_driver_is_headless(SDL_GetCurrentVideoDriver())) {
		/* SDL falls back to these when nothing else works: a board nobody
		 * can see is a failure, unless asked for explicitly. */
		wb_display_close(&app->display);
		wb_error_set(err, "",
			     "no display available (no X11 or Wayland session, no KMS/DRM device); "
			     "use --screenshot out.png to render offscreen, or SDL_VIDEODRIVER=offscreen to "
			     "run headless");
		return WB_ERR_DISPLAY;
	}
	app->renderer = wb_renderer_create(app->display.renderer, app->display.surface, err);
	if (!app->renderer) {
		wb_display_close(&app->display);
		return WB_ERR_DISPLAY;
	}
	const struct wb_display *d = &app->display;
	if (d->software_why[0])
		wb_app_say("display: %s, %s: drawing with SDL's software renderer",
			   SDL_GetCurrentVideoDriver(), d->software_why);
	else
		wb_app_say("display: %s, renderer %s%s%s", SDL_GetCurrentVideoDriver(), d->renderer_name,
			   d->gl_renderer[0] ? " on " : "", d->gl_renderer);
	return WB_OK;
}

enum wb_status wb_task_display_open(struct wb_app *app, struct wb_error *err)
{
	app->display_wait.attempts = 1;
	if (try_open(app, err) == WB_OK)
		return WB_OK;
	/* Nothing a window could ever appear on: say so now, as before, rather
	 * than wait for ever. */
	if (!wb_display_system_present())
		return WB_ERR_DISPLAY;
	app->display_wait.waiting = true;
	app->display_wait.retry_ms = wb_backoff_delay_ms(RETRY_FIRST_MS, RETRY_MAX_MS, 1, 0.0);
	app->display_wait.next_try_ms = wb_clock_mono_ms() + app->display_wait.retry_ms;
	wb_app_say("display: none yet (%s); running headless, trying again every %d to %d s", err->message,
		   RETRY_FIRST_MS / 1000, RETRY_MAX_MS / 1000);
	wb_error_clear(err);
	return WB_OK;
}

/* Retries when due; true when the display appeared (draw the board now). */
static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	if (!app->display_wait.waiting || mono_ms < app->display_wait.next_try_ms)
		return false;
	struct wb_error err;
	wb_error_clear(&err);
	app->display_wait.attempts++;
	if (try_open(app, &err) != WB_OK) {
		/* Not logged: once when waiting began is enough for a TV that is
		 * off all night. */
		app->display_wait.retry_ms = wb_backoff_delay_ms(RETRY_FIRST_MS, RETRY_MAX_MS,
								 (unsigned)app->display_wait.attempts, 0.0);
		app->display_wait.next_try_ms = mono_ms + app->display_wait.retry_ms;
		return false;
	}
	app->display_wait.waiting = false;
	int w, h;
	wb_display_size(&app->display, &w, &h);
	wb_app_say("display: connected after %d attempts (%s, %dx%d)", app->display_wait.attempts,
		   SDL_GetCurrentVideoDriver(), w, h);
	return true;
}

const struct wb_task wb_task_display = {
	.name = "display",
	.before_draw = before_draw,
};
