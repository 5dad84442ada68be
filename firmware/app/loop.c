/* The main loop, one pass at a time: tasks update state, the view is built,
 * drawn and presented when something changed or moves by itself, then the
 * loop sleeps in SDL_WaitEventTimeout until the next deadline or event. */
#include <stdio.h>

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

void wb_app_wake(Uint32 type)
{
	/* SDL_PushEvent is thread-safe. */
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = type;
	SDL_PushEvent(&ev);
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
	if (!app->cfg.feed.url[0])
		snprintf(line, line_size, "%s", "--feed URL / feed.url?");
	else if (view->stale_reason && view->stale_reason[0])
		snprintf(line, line_size, "%s",
			 view->stale_reason); /* the clock message if that is the cause */
	else
		snprintf(line, line_size, "%s %s", wb_i18n(lang, WB_MSG_CONNECTING), app->feed.host);
	view->feed_host = app->feed.host;
	view->status_line = line;
	view->pairing_code = app->server.pairing_code;
	view->config_warning = app->config_warning;
	view->boot_report = &app->clock.boot;
	view->update_notice = app->update.notice;
	view->identify_until_ms = app->server.identify_until_ms;
	view->identify_name = app->hostname;
	view->tz = app->tz;
	/* An admin looking for this screen must see it, even at night. */
	view->screen_off = !app->screen.on && app->server.identify_until_ms <= mono_ms;
	view->http_port = app->server.http ? wb_server_port(app->server.http) : 0;
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
	if (ev->type == SDL_WINDOWEVENT) {
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

static void draw(struct wb_app *app, const struct wb_view *view)
{
	int w, h;
	wb_display_size(&app->display, &w, &h);
	int64_t draw_start_us = wb_clock_mono_us();
	wb_renderer_draw(app->renderer, view, w, h);
	wb_histogram_observe(&app->publish.metrics.frame_render, wb_metrics_frame_buckets,
			     (double)(wb_clock_mono_us() - draw_start_us) / 1e6);
	/* Read the frame back here, if at all: after a swap a GPU back buffer
	 * holds nothing defined. */
	for (size_t i = 0; i < wb_n_tasks; i++)
		if (wb_tasks[i]->on_frame)
			wb_tasks[i]->on_frame(app, view);
	wb_display_present(&app->display);
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
		SDL_Event ev;
		if (SDL_WaitEventTimeout(&ev, (int)wait)) {
			do {
				if (!handle_event(app, &ev, &dirty))
					return;
			} while (SDL_PollEvent(&ev));
		}
	}
}
