/* The main loop, one pass at a time: tasks update state, the view is built,
 * drawn and presented when something changed or moves by itself, then the
 * loop sleeps until the next deadline or event: in SDL_WaitEventTimeout
 * where the video driver blocks in it (X11, Wayland), else in poll(2) on a
 * wake-up fd, because there SDL's wait naps 1 ms at a time (hundreds of
 * wake-ups a second for nothing). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "wallboard/i18n.h"
#include "wallboard/clock.h"
#include "wallboard/frameclock.h"
#include "wallboard/netinfo.h"
#include "wallboard/render.h"
#include "wallboard/server.h"

#include "app.h"

#define ADDRESS_REFRESH_MS 5000
/* The loop never sleeps past a beat /healthz or the watchdog expects. */
#define MAX_WAIT_MS 1000

void wb_app_wake(const struct wb_app *app, Uint32 type)
{
	/* SDL_PushEvent is thread-safe. The fd is written after the push, so a
	 * loop that found no event and then sleeps on the fd still sees it. */
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = type;
	SDL_PushEvent(&ev);
	if (app->sleep.wake_fd >= 0) {
		uint64_t one = 1;
		ssize_t n = write(app->sleep.wake_fd, &one, sizeof one);
		(void)n; /* full (2^64 - 2 wake-ups pending) or closed: it is awake anyway */
	}
}

/* Video drivers whose SDL_WaitEventTimeout blocks on the display
 * connection; on the others (offscreen, KMSDRM, dummy) it polls. */
static bool driver_waits(const char *driver)
{
	static const char *const waiting[] = { "x11", "wayland" };
	for (size_t i = 0; driver && i < sizeof waiting / sizeof waiting[0]; i++)
		if (strcmp(driver, waiting[i]) == 0)
			return true;
	return false;
}

void wb_app_sleep_init(struct wb_app *app)
{
	app->sleep.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (app->sleep.wake_fd < 0)
		wb_app_say("loop: no eventfd (%s): sleeping in SDL's wait, which polls", strerror(errno));
}

void wb_app_sleep_fini(struct wb_app *app)
{
	if (app->sleep.wake_fd >= 0)
		close(app->sleep.wake_fd);
	app->sleep.wake_fd = -1;
}

static void refresh_addresses(struct wb_app *app, int64_t mono_ms)
{
	if (app->view.addrs_refreshed_ms && mono_ms - app->view.addrs_refreshed_ms < ADDRESS_REFRESH_MS)
		return;
	app->view.n_addrs = wb_netinfo_addresses(app->view.addrs, WB_VIEW_MAX_ADDRS);
	app->view.addrs_refreshed_ms = mono_ms;
}

void wb_app_build_view(struct wb_app *app, int64_t mono_ms, struct wb_view *view)
{
	wb_board_view(&app->board, &app->cfg, mono_ms, wb_clock_wall_ms(), view);
	enum wb_lang lang = app->cfg.display.language;
	char *line = app->view.status_line;
	size_t line_size = sizeof app->view.status_line;
	/* The failure in words (a missing feed URL too); its remedy is a line
	 * of its own below. */
	if (view->stale_reason[0])
		snprintf(line, line_size, "%s", view->stale_reason);
	else
		snprintf(line, line_size, "%s %s", wb_i18n(lang, WB_MSG_CONNECTING), app->feed.host);
	view->feed_host = app->feed.host;
	view->status_line = line;
	view->pairing_code = app->server.pairing_code;
	view->started_ms = app->started_mono_ms;
	view->config_warning = app->config_warning;
	view->boot_report = &app->clock.boot;
	view->update_notice = app->update.notice;
	view->identify_until_ms = app->server.identify_until_ms;
	/* The name people gave the board, else the one the network knows. */
	view->identify_name = app->cfg.device.name[0] ? app->cfg.device.name : app->device_hostname;
	view->hostname = app->device_hostname;
	view->tz = app->tz;
	view->trend = app->trend.record;
	/* An admin looking for this screen must see it, even at night. */
	view->screen_off = !app->screen.on && app->server.identify_until_ms <= mono_ms;
	view->http_port = app->server.http ? wb_server_port(app->server.http) : 0;
	view->https_port = app->server.tls_port;
	view->tls_fingerprint = app->server.tls_port ? app->server.tls.fingerprint : NULL;
	view->tls_error = app->server.tls_error;
	view->shift_x = app->screen.shift_x;
	view->shift_y = app->screen.shift_y;
	/* Addresses: on the start screen, when identifying, and in /status. */
	refresh_addresses(app, mono_ms);
	for (size_t i = 0; i < app->view.n_addrs; i++)
		view->addrs[i] = app->view.addrs[i];
	view->n_addrs = app->view.n_addrs;
}

/* Returns false on quit. Marks *dirty for events that change the picture. */
static bool handle_event(struct wb_app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type == SDL_QUIT)
		return false;
	if (ev->type == SDL_WINDOWEVENT || ev->type == SDL_RENDER_TARGETS_RESET ||
	    ev->type == SDL_RENDER_DEVICE_RESET) {
		/* The renderer repaints only what changed onto what the output
		 * kept: after any of these it may have kept nothing. */
		wb_renderer_invalidate(app->renderer);
		*dirty = true;
		return true;
	}
	if (ev->type == SDL_KEYDOWN && (ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q))
		return false;
	for (size_t i = 0; i < wb_n_tasks; i++)
		if (wb_tasks[i]->on_event && wb_tasks[i]->on_event(app, ev, dirty))
			break;
	return true;
}

/* No display yet: nothing is drawn, but the hooks that wait for a frame
 * (a screenshot, a dump) are answered, with an error, not left waiting. */
static void no_frame(struct wb_app *app, const struct wb_view *view)
{
	for (size_t i = 0; i < wb_n_tasks; i++)
		if (wb_tasks[i]->on_frame)
			wb_tasks[i]->on_frame(app, view);
}

static bool frame_is_sent(const struct wb_app *app)
{
	for (size_t i = 0; i < wb_n_tasks; i++)
		if (wb_tasks[i]->sends_frame && wb_tasks[i]->sends_frame(app))
			return true;
	return false;
}

static void draw(struct wb_app *app, const struct wb_view *view)
{
	int w, h;
	wb_display_size(&app->display, &w, &h);
	/* A frame that leaves the device (a screenshot, a dump) never holds
	 * the pairing code: it is drawn without it, read back, and then the
	 * screen's own frame is drawn over it. */
	struct wb_view sent = *view;
	sent.pairing_code = NULL;
	bool redraw = view->pairing_code && view->pairing_code[0] && frame_is_sent(app);
	const struct wb_view *first = redraw ? &sent : view;
	int64_t draw_start_us = wb_clock_mono_us();
	wb_renderer_draw(app->renderer, first, w, h);
	wb_histogram_observe(&app->publish.metrics.frame_render, wb_metrics_frame_buckets,
			     (double)(wb_clock_mono_us() - draw_start_us) / 1e6);
	/* Read the frame back here, if at all: after a swap a GPU back buffer
	 * holds nothing defined. */
	for (size_t i = 0; i < wb_n_tasks; i++)
		if (wb_tasks[i]->on_frame)
			wb_tasks[i]->on_frame(app, first);
	if (redraw) {
		/* The rectangles changed since the last presented frame are those
		 * of both draws: simply present it all (one frame per screenshot). */
		wb_renderer_draw(app->renderer, view, w, h);
		wb_display_present(&app->display);
		return;
	}
	SDL_Rect changed[WB_RENDER_MAX_CHANGED];
	size_t n = wb_renderer_changed(app->renderer, changed, WB_RENDER_MAX_CHANGED);
	if (n > WB_RENDER_MAX_CHANGED)
		wb_display_present(&app->display);
	else
		wb_display_present_rects(&app->display, changed, (int)n);
}

/* Sleeps up to wait_ms or until an event; handles what arrived. Returns
 * false on quit. */
static bool sleep_until_event(struct wb_app *app, int wait_ms, bool *dirty)
{
	SDL_Event ev;
	/* Asked each time: the display (and so the driver) may come later. */
	if (app->sleep.wake_fd < 0 || driver_waits(SDL_GetCurrentVideoDriver())) {
		if (SDL_WaitEventTimeout(&ev, wait_ms)) {
			do {
				if (!handle_event(app, &ev, dirty))
					return false;
			} while (SDL_PollEvent(&ev));
		}
		return true;
	}
	if (!SDL_PollEvent(&ev)) {
		/* Nothing queued: sleep for real. A signal (SIGTERM) ends the
		 * sleep early with EINTR; SDL turns it into SDL_QUIT. */
		struct pollfd p = { .fd = app->sleep.wake_fd, .events = POLLIN };
		if (poll(&p, 1, wait_ms) > 0) {
			uint64_t n;
			ssize_t got = read(app->sleep.wake_fd, &n, sizeof n);
			(void)got; /* EAGAIN: another pass read it */
		}
		if (!SDL_PollEvent(&ev))
			return true;
	}
	do {
		if (!handle_event(app, &ev, dirty))
			return false;
	} while (SDL_PollEvent(&ev));
	return true;
}

void wb_app_loop(struct wb_app *app)
{
	bool dirty = true;
	int64_t next_draw_ms = 0;
	for (;;) {
		int64_t mono = wb_clock_mono_ms();
		for (size_t i = 0; i < wb_n_tasks; i++)
			if (wb_tasks[i]->before_draw && wb_tasks[i]->before_draw(app, mono))
				dirty = true;
		struct wb_view view;
		wb_app_build_view(app, mono, &view);
		struct wb_pass pass = { .mono_ms = mono, .view = &view, .changed = dirty };
		if (!app->renderer) {
			if (dirty)
				no_frame(app, &view);
			dirty = false;
			next_draw_ms = mono + MAX_WAIT_MS; /* the display task retries in before_draw */
		} else if (dirty || mono >= next_draw_ms) {
			draw(app, &view);
			pass.drew = true;
			next_draw_ms = mono + wb_frameclock_next_ms(&view);
			dirty = false;
		}
		for (size_t i = 0; i < wb_n_tasks; i++)
			if (wb_tasks[i]->after_draw && wb_tasks[i]->after_draw(app, &pass))
				dirty = true;
		if (dirty)
			continue;
		int64_t wait = next_draw_ms - wb_clock_mono_ms();
		if (wait < 0)
			wait = 0;
		if (wait > MAX_WAIT_MS)
			wait = MAX_WAIT_MS;
		if (!sleep_until_event(app, (int)wait, &dirty))
			return;
	}
}
