/* The running board's life: the config and state directory first, then every
 * handle in dependency order, the loop, and teardown in reverse at one label
 * (foot's main.c). The fetch thread polls the feed; this thread draws. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <sodium.h>

#include "wallboard/fetch.h"
#include "wallboard/clock.h"
#include "wallboard/deviceid.h"
#include "wallboard/fsutil.h"
#include "wallboard/managed.h"
#include "wallboard/render.h"
#include "wallboard/tz.h"
#include "wallboard/updater.h"

#include "app.h"

/* When the zone file cannot be read: Central European rules, right for the
 * Netherlands and Belgium, so opening hours still follow summer time. */
#define FALLBACK_TZ_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

enum wb_status wb_app_sdl_init(bool events, struct wb_error *err)
{
	/* SIGINT/SIGTERM become SDL_QUIT events so shutdown runs the cleanup. */
	if (SDL_Init(events ? SDL_INIT_EVENTS : 0) != 0) {
		wb_error_set(err, "", "SDL: %s", SDL_GetError());
		return WB_ERR_DISPLAY;
	}
	if (TTF_Init() != 0) {
		wb_error_set(err, "", "SDL_ttf: %s", TTF_GetError());
		SDL_Quit();
		return WB_ERR_DISPLAY;
	}
	if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
		wb_error_set(err, "", "SDL_image: %s", IMG_GetError());
		TTF_Quit();
		SDL_Quit();
		return WB_ERR_DISPLAY;
	}
	return WB_OK;
}

void wb_app_sdl_quit(void)
{
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

struct wb_tz *wb_app_open_time_zone(const char *name)
{
	struct wb_tz *tz = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_tz_load(name, &tz, &err) != WB_OK) {
		wb_app_say("time zone: %s; using Central European rules instead", err.message);
		wb_error_clear(&err);
		if (wb_tz_create_posix(FALLBACK_TZ_RULE, &tz, &err) != WB_OK)
			tz = NULL; /* UTC: still a working board */
	}
	return tz;
}

void wb_app_load_time_zone(struct wb_app *app)
{
	struct wb_tz *tz = wb_app_open_time_zone(app->cfg.sla.time_zone);
	wb_tz_destroy(app->tz);
	app->tz = tz;
}

static void prepare_state_dir(struct wb_app *app, const struct wb_app_options *o)
{
	const char *dir = o->state_dir ? o->state_dir : WB_APP_DEFAULT_STATE_DIR;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fs_mkdirs(dir, &err) != WB_OK || access(dir, W_OK) != 0) {
		wb_app_say("state: cannot use %s (%s); running without a cache of the last good data", dir,
			   err.message[0] ? err.message : "not writable");
		app->state_dir[0] = '\0';
		return;
	}
	snprintf(app->state_dir, sizeof(app->state_dir), "%s", dir);
	/* A power cut in the middle of an atomic write leaves its temp file. */
	size_t removed = 0;
	if (wb_fs_remove_temp(dir, &removed, &err) != WB_OK)
		wb_app_say("state: %s", err.message);
	else if (removed)
		wb_app_say("state: removed %zu unfinished file%s left by an interrupted write", removed,
			   removed == 1 ? "" : "s");
}

void wb_app_resolve_device(const struct wb_config *cfg, const char *system_hostname,
			   struct wb_device_identity *out)
{
	struct wb_deviceid_files files;
	struct wb_device_sources src;
	wb_deviceid_read(getenv("WALLBOARD_TEST_DEVICE_ROOT"), &files, &src);
	wb_device_resolve(cfg->device.id, &src, system_hostname, out);
}

/* What comes before any handle: where state is kept, the config layers and
 * who the board is. Returns 0, or -1 (reported) for a command line that
 * cannot apply. */
static int configure(struct wb_app *app, const struct wb_app_options *o)
{
	app->started_mono_ms = wb_clock_mono_ms();
	if (gethostname(app->hostname, sizeof app->hostname - 1) != 0)
		snprintf(app->hostname, sizeof app->hostname, "%s", "wallboard");
	prepare_state_dir(app, o);
	wb_config_layers_init(&app->layers);
	if (wb_app_load_layers(o, app->state_dir, true, &app->layers, app->config_warning,
			       sizeof app->config_warning, &app->config_warning_is_saved) != 0 ||
	    wb_app_resolve_layers(&app->layers, &app->cfg, app->config_warning, sizeof app->config_warning) !=
		    0)
		return -1;
	/* Before any thread: they read it without a lock. */
	struct wb_device_identity who;
	wb_app_resolve_device(&app->cfg, app->hostname, &who);
	snprintf(app->device_id, sizeof app->device_id, "%s", who.id);
	snprintf(app->device_hostname, sizeof app->device_hostname, "%s", who.hostname);
	wb_app_say("device: id %s (%s), hostname %s", who.id,
		   who.configured ? "device.id" : wb_device_source_name(who.source), who.hostname);
	/* The managed document's last good copy, when it is for the managed.url
	 * the layers below name: before any thread starts, so the first feed
	 * poll already follows it. */
	wb_task_managed_load(app, app->device_id);
	if (app->layers.doc[WB_CONFIG_LAYER_MANAGED] &&
	    wb_app_resolve_layers(&app->layers, &app->cfg, app->config_warning, sizeof app->config_warning) !=
		    0)
		return -1;
	app->config_source = wb_app_config_source(&app->layers);
	return 0;
}

static int run(struct wb_app *app, const struct wb_app_options *o, void (*on_dump)(int sig))
{
	struct wb_error err;
	wb_error_clear(&err);
	int rc = 1;
	bool curl_up = false, sdl_up = false, pull_up = false, managed_up = false;
	pthread_t pull_thread, managed_thread;
	app->sleep.wake_fd = -1; /* not stdin, before wb_app_sleep_init */

	wb_board_init(&app->board);
	wb_task_server_prepare_pairing(app);
	wb_task_watchdog_init(app);
	wb_app_load_time_zone(app);
	wb_task_rules_init(app);
	wb_task_trend_init(app);
	wb_task_screen_init(app);
	wb_task_display_init(app, o);
	wb_task_clock_init(app, o);
	wb_task_clock_apply_config(app);
	wb_task_update_init(app, o);
	wb_task_health_init(app, o);
	wb_task_managed_init(app);
	wb_task_mdns_init(app, o);
	app->feed.log_polls = o->log_polls;
	wb_task_feed_set_host(app);
	wb_task_feed_load_cache(app);
	wb_task_rules_update(app, wb_clock_mono_ms(), false);

	/* Before any thread: libcurl's global init is not thread-safe. */
	if (wb_fetch_global_init(&err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	curl_up = true;
	if (wb_app_sdl_init(true, &err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	sdl_up = true;
	app->feed.event = SDL_RegisterEvents(3);
	if (app->feed.event == (Uint32)-1) {
		wb_app_say("SDL: no user events left");
		goto out;
	}
	app->server.event = app->feed.event + 1;
	app->managed.event = app->feed.event + 2;
	wb_app_sleep_init(app);
	/* A TV that is off at power-up is not an error: the board runs headless
	 * and the display task retries, instead of systemd restarting us. */
	if (wb_task_display_open(app, &err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	signal(SIGUSR1, on_dump);
	if (wb_task_feed_start(app, &err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	/* The pull has a thread and a libcurl handle of its own: a bundle of
	 * hundreds of MiB must not hold up the feed. */
	if (app->update.updater) {
		pull_up = pthread_create(&pull_thread, NULL, wb_updater_main, app->update.updater) == 0;
		if (!pull_up)
			wb_app_say("update: cannot start the pull thread; uploads still work");
	}
	/* Central management: its own thread and libcurl handle, so a slow
	 * central server holds up neither the feed nor an update. */
	if (app->managed.m) {
		managed_up = pthread_create(&managed_thread, NULL, wb_managed_main, app->managed.m) == 0;
		if (!managed_up)
			wb_app_say("managed: cannot start its thread");
	}
	/* The board still shows its data without the API: a taken port is
	 * reported (and visible in the log), not fatal. */
	if (wb_task_server_start(app, o, &err) != WB_OK)
		wb_app_say("%s", err.message);
	wb_app_say("running: feed %s, poll every %d s, %s", app->feed.host[0] ? app->feed.host : "(none)",
		   app->cfg.feed.interval_s, app->renderer ? SDL_GetCurrentVideoDriver() : "no display yet");
	wb_app_loop(app);
	rc = 0;
out:
	wb_task_watchdog_fini(app);
	wb_task_mdns_fini(app);   /* withdrawn before the API goes */
	wb_task_server_stop(app); /* no upload is running after this */
	if (managed_up) {
		wb_managed_stop(app->managed.m);
		pthread_join(managed_thread, NULL);
	}
	if (pull_up) {
		wb_updater_stop(app->update.updater);
		pthread_join(pull_thread, NULL);
	}
	wb_task_managed_fini(app);
	wb_task_update_fini(app);
	wb_task_feed_stop(app);
	wb_renderer_destroy(app->renderer);
	wb_display_close(&app->display); /* closed or zeroed is fine */
	wb_app_sleep_fini(app);
	if (sdl_up)
		wb_app_sdl_quit();
	if (curl_up)
		wb_fetch_global_cleanup();
	wb_task_screen_fini(app);
	wb_task_trend_fini(app);
	wb_task_rules_fini(app);
	wb_tz_destroy(app->tz);
	wb_board_fini(&app->board);
	return rc;
}

int wb_app_run(const struct wb_app_options *o, volatile sig_atomic_t *dump_requested,
	       void (*on_dump)(int sig))
{
	/* Large (config buffers): on the heap, and zeroed like a static. */
	struct wb_app *app = calloc(1, sizeof *app);
	if (!app) {
		wb_app_say("out of memory");
		return 1;
	}
	app->dump.requested = dump_requested;
	int rc = configure(app, o) == 0 ? run(app, o, on_dump) : 2;
	wb_config_layers_fini(&app->layers);
	/* The config holds the feed token and the admin hash. */
	sodium_memzero(app, sizeof *app);
	free(app);
	return rc;
}
