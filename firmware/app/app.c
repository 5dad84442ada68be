/* The running board: start-up in dependency order, the main loop, and
 * shutdown in reverse at one label. The fetch thread polls the feed, this
 * thread applies its results and draws. */
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <sodium.h>
#include <systemd/sd-daemon.h>

#include "wallboard/auth.h"
#include "wallboard/board.h"
#include "wallboard/burnin.h"
#include "wallboard/cec.h"
#include "wallboard/config.h"
#include "wallboard/display.h"
#include "wallboard/feed.h"
#include "wallboard/fetch.h"
#include "wallboard/i18n.h"
#include "wallboard/layout.h"
#include "wallboard/mergepatch.h"
#include "wallboard/metrics.h"
#include "wallboard/platform.h"
#include "wallboard/render.h"
#include "wallboard/report.h"
#include "wallboard/rules.h"
#include "wallboard/schedule.h"
#include "wallboard/server.h"
#include "wallboard/timeutil.h"
#include "wallboard/view.h"

#include "app.h"

#define ADDRESS_REFRESH_MS 5000
#define MAX_WAIT_MS 1000
#define STATUS_PUBLISH_MS 1000
#define IDENTIFY_MS 10000
#define RULES_SAVE_MS (5 * 60 * 1000) /* baselines change slowly; spare the SD card */
#define CEC_TIMEOUT_MS 5000
/* When the zone file cannot be read: Central European rules, right for the
 * Netherlands and Belgium, so opening hours still follow summer time. */
#define FALLBACK_TZ_RULE "CET-1CEST,M3.5.0,M10.5.0/3"
/* Where the web page is installed; a build tree falls back to its sources. */


/* Everything the running board owns; lives in main(). */
struct app {
	struct wb_config cfg;
	char state_dir[WB_PATH_MAX]; /* "" when no state can be kept */
	const char *config_source;   /* "defaults", "file" or "state" */
	char config_warning[WB_ERROR_TEXT_MAX];
	char pairing_code[WB_AUTH_PAIRING_CODE_SIZE]; /* "" once used, or when a token was set */
	char web_dir[WB_PATH_MAX];
	char hostname[256];
	int64_t started_mono_ms;
	struct wb_board board;
	struct wb_display display;
	struct wb_renderer *renderer;
	struct wb_fetcher *fetcher;
	struct wb_server *server;
	uint64_t config_generation; /* of the server's config last applied */
	Uint32 fetch_event;
	Uint32 server_event;
	struct wb_metrics metrics;
	int64_t status_published_ms;
	int64_t identify_until_ms;
	bool screenshot_wanted; /* the server waits for the next frame as PNG */
	struct wb_tz *tz;              /* of sla.time_zone */
	struct wb_rules_state *rules;  /* local alert rules and their baselines */
	char *rules_saved;             /* the state as last written, to skip equal writes */
	int64_t rules_saved_ms;
	bool screen_on;
	int shift_x, shift_y;
	atomic_bool cec_unavailable;   /* set by a CEC worker: no tool or device */
	int64_t watchdog_every_ms; /* 0: systemd watchdog off */
	int64_t watchdog_fed_ms;
	bool notified_ready;
	char feed_host[256];
	char status_line[WB_ERROR_TEXT_MAX + 64];
	char addrs[WB_VIEW_MAX_ADDRS][64];
	size_t n_addrs;
	int64_t addrs_refreshed_ms;
	bool was_stale;
	bool logged_first_data_frame;
	volatile sig_atomic_t *dump_requested; /* main.c's signal flag */
};

static void log_update(const struct wb_feed_update *up, const struct wb_snapshot *snap)
{
	switch (up->outcome) {
	case WB_FETCH_UPDATED:
		if (up->http_status > 0)
			wb_app_say("feed: updated: %zu channels (HTTP %ld, etag %s)", snap ? snap->n_channels : 0,
			    up->http_status, up->etag[0] ? up->etag : "none");
		else
			wb_app_say("feed: updated: %zu channels (file)", snap ? snap->n_channels : 0);
		break;
	case WB_FETCH_NOT_MODIFIED:
		wb_app_say("feed: not modified (HTTP 304)");
		break;
	case WB_FETCH_FAILED:
	default:
		wb_app_say("feed: error: %s; keeping last good data", up->error);
		break;
	}
}

/* The host part of the feed URL (the path of a file:// URL), for the start
 * screen and the log; never credentials or the query. */
static void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	if (strncasecmp(url, "file://", 7) == 0) {
		snprintf(out, size, "%.*s", (int)strcspn(p, "?#"), p);
		return;
	}
	const char *at = strchr(p, '@');
	const char *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1; /* drop user:password@ */
	size_t n = strcspn(p, "/?#");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

enum wb_status wb_app_sdl_init(bool video, struct wb_error *err)
{
	/* SIGINT/SIGTERM become SDL_QUIT events so shutdown runs the cleanup. */
	if (SDL_Init(video ? SDL_INIT_VIDEO : 0) != 0) {
		wb_error_set(err, "", "no display available (SDL: %s); use --screenshot out.png to render "
		             "offscreen, or SDL_VIDEODRIVER=offscreen to run headless", SDL_GetError());
		return WB_ERR_DISPLAY;
	}
	if (video && !getenv("SDL_VIDEODRIVER") && wb_display_driver_is_headless(SDL_GetCurrentVideoDriver())) {
		/* SDL falls back to these when nothing else works: a board nobody
		 * can see is a failure, unless asked for explicitly. */
		wb_error_set(err, "", "no display available (no X11 or Wayland session, no KMS/DRM device); "
		             "use --screenshot out.png to render offscreen, or SDL_VIDEODRIVER=offscreen to "
		             "run headless");
		SDL_Quit();
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

/* Called on other threads (fetcher, HTTP server): SDL_PushEvent is thread-safe. */
static void push_wake_event(Uint32 type)
{
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = type;
	SDL_PushEvent(&ev);
}

static void wake_main_thread(void *ctx)
{
	push_wake_event(((const struct app *)ctx)->fetch_event);
}

static void prepare_state_dir(struct app *app, const struct wb_app_options *o)
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
}

static void load_cached_document(struct app *app)
{
	if (!app->state_dir[0])
		return;
	struct wb_cache_entry entry;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_cache_load(app->state_dir, app->cfg.feed.max_body_bytes, &entry, &err);
	if (st == WB_ERR_NOT_FOUND)
		return;
	if (st != WB_OK) {
		wb_app_say("cache: ignoring the cached document: %s", err.message);
		return;
	}
	struct wb_snapshot *snap = NULL;
	if (wb_feed_parse(entry.body, entry.body_len, &snap, &err) != WB_OK) {
		char where[sizeof(err.path) + sizeof(err.message) + 4];
		wb_error_format(&err, where, sizeof(where));
		wb_app_say("cache: ignoring the cached document: %s", where);
		wb_cache_entry_fini(&entry);
		return;
	}
	char received[32];
	wb_time_format_rfc3339(entry.received_wall_ms, received, sizeof(received));
	wb_board_adopt_cached(&app->board, snap, entry.etag, entry.received_wall_ms, wb_clock_mono_ms(),
	                      wb_clock_wall_ms());
	wb_app_say("cache: showing last good document from %s/last-good-feed.json.cache (received %s)",
	    app->state_dir, received);
	wb_cache_entry_fini(&entry);
}

static void refresh_addresses(struct app *app, int64_t mono_ms)
{
	if (app->addrs_refreshed_ms && mono_ms - app->addrs_refreshed_ms < ADDRESS_REFRESH_MS)
		return;
	app->n_addrs = wb_netinfo_addresses(app->addrs, WB_VIEW_MAX_ADDRS);
	app->addrs_refreshed_ms = mono_ms;
}

static void build_view(struct app *app, int64_t mono_ms, struct wb_view *view)
{
	wb_board_view(&app->board, &app->cfg, mono_ms, wb_clock_wall_ms(), view);
	enum wb_lang lang = app->cfg.display.language;
	if (!app->cfg.feed.url[0])
		snprintf(app->status_line, sizeof(app->status_line), "%s", "--feed URL / feed.url?");
	else if (app->board.last_error[0])
		snprintf(app->status_line, sizeof(app->status_line), "%s", app->board.last_error);
	else
		snprintf(app->status_line, sizeof(app->status_line), "%s %s", wb_i18n(lang, WB_MSG_CONNECTING),
		         app->feed_host);
	view->feed_host = app->feed_host;
	view->status_line = app->status_line;
	view->pairing_code = app->pairing_code;
	view->config_warning = app->config_warning;
	view->identify_until_ms = app->identify_until_ms;
	view->identify_name = app->hostname;
	view->tz = app->tz;
	/* An admin looking for this screen must see it, even at night. */
	view->screen_off = !app->screen_on && app->identify_until_ms <= mono_ms;
	view->http_port = app->server ? wb_server_port(app->server) : 0;
	view->shift_x = app->shift_x;
	view->shift_y = app->shift_y;
	/* Addresses: on the start screen, when identifying, and in /status. */
	refresh_addresses(app, mono_ms);
	for (size_t i = 0; i < app->n_addrs; i++)
		view->addrs[i] = app->addrs[i];
	view->n_addrs = app->n_addrs;
}

static void log_stale_transition(struct app *app, const struct wb_view *view)
{
	if (view->stale == app->was_stale)
		return;
	app->was_stale = view->stale;
	if (!view->stale) {
		wb_app_say("board: fresh");
		return;
	}
	char since[8] = "--:--";
	time_t t = (time_t)(view->stale_since_wall_ms / 1000);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(since, sizeof(since), "%H:%M", &tm);
	wb_app_say("board: stale since %s: %s", since,
	    view->stale_reason[0] ? view->stale_reason : "no successful poll yet");
}

static void dump_state(struct app *app, const struct wb_view *view)
{
	char path[WB_PATH_MAX + 32];
	struct wb_error err;
	wb_error_clear(&err);
	if (!app->state_dir[0]) {
		wb_app_say("dump: no state directory to write to");
		return;
	}
	int w, h;
	wb_display_size(&app->display, &w, &h);
	struct wb_layout layout;
	wb_view_layout(view, w, h, &layout);
	char *json = wb_report_status_json(view, &layout, w, h, app->board.etag);
	if (!json) {
		wb_app_say("dump: out of memory");
		return;
	}
	snprintf(path, sizeof(path), "%s/screenshot.png", app->state_dir);
	enum wb_status st = wb_display_save_png(&app->display, path, &err);
	if (st == WB_OK) {
		snprintf(path, sizeof(path), "%s/status.json", app->state_dir);
		st = wb_fs_write_atomic(path, json, strlen(json), &err);
	}
	free(json);
	if (st != WB_OK)
		wb_app_say("dump: %s", err.message);
	else
		wb_app_say("dump: wrote %s/status.json and %s/screenshot.png", app->state_dir, app->state_dir);
}

/* ---- local alerts, opening hours and the screen schedule ---- */

static void load_time_zone(struct app *app)
{
	struct wb_tz *tz = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_tz_load(app->cfg.sla.time_zone, &tz, &err) != WB_OK) {
		wb_app_say("time zone: %s; using Central European rules instead", err.message);
		wb_error_clear(&err);
		if (wb_tz_create_posix(FALLBACK_TZ_RULE, &tz, &err) != WB_OK)
			tz = NULL; /* UTC: still a working board */
	}
	wb_tz_destroy(app->tz);
	app->tz = tz;
}

static void rules_state_path(const struct app *app, char *out, size_t size)
{
	snprintf(out, size, "%s/rules-state.json", app->state_dir);
}

static void load_rules_state(struct app *app)
{
	char path[WB_PATH_MAX + 32];
	char *text = NULL;
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	if (app->state_dir[0]) {
		rules_state_path(app, path, sizeof path);
		enum wb_status st = wb_fs_read_file(path, 1024 * 1024, &text, &len, &err);
		if (st == WB_OK && wb_rules_state_deserialize(text, len, &app->rules, &err) != WB_OK)
			wb_app_say("alerts: %s is damaged (%s); spike baselines start again", path, err.message);
		else if (st != WB_OK && st != WB_ERR_NOT_FOUND)
			wb_app_say("alerts: %s", err.message);
		free(text);
	}
	if (!app->rules)
		app->rules = wb_rules_state_create();
}

/* Baselines survive restarts; written when changed, at most every few
 * minutes (and at exit), so the SD card is not worn by every poll. */
static void save_rules_state(struct app *app, int64_t mono_ms, bool force)
{
	if (!app->rules || !app->state_dir[0])
		return;
	if (!force && app->rules_saved_ms && mono_ms - app->rules_saved_ms < RULES_SAVE_MS)
		return;
	char *json = wb_rules_state_serialize(app->rules);
	if (!json || (app->rules_saved && strcmp(json, app->rules_saved) == 0)) {
		free(json);
		return;
	}
	char path[WB_PATH_MAX + 32];
	struct wb_error err;
	wb_error_clear(&err);
	rules_state_path(app, path, sizeof path);
	if (wb_fs_write_atomic(path, json, strlen(json), &err) != WB_OK) {
		wb_app_say("alerts: cannot keep the baselines: %s", err.message);
		free(json);
		return;
	}
	free(app->rules_saved);
	app->rules_saved = json;
	app->rules_saved_ms = mono_ms;
}

/* learn: a poll was applied, so the rules see new figures; otherwise only
 * the alerts' texts are rebuilt (a new language or rule set). */
static void update_local_alerts(struct app *app, int64_t mono_ms, bool learn)
{
	if (!app->rules || !app->board.snapshot)
		return;
	if (learn && wb_rules_update(app->rules, &app->cfg.alerts, app->board.snapshot,
	                             wb_board_server_now_ms(&app->board, mono_ms)) != WB_OK)
		wb_app_say("alerts: out of memory while applying the alert rules");
	struct wb_alert *local = NULL;
	size_t n = 0;
	if (wb_rules_alerts(app->rules, app->cfg.display.language, &local, &n) == WB_OK) {
		if (wb_board_merge_local_alerts(&app->board, local, n) != WB_OK)
			wb_app_say("alerts: out of memory; showing the feed's alerts only");
		wb_alerts_free(local, n);
	}
	save_rules_state(app, mono_ms, false);
}

static bool critical_unacknowledged(const struct wb_snapshot *snap)
{
	for (size_t i = 0; snap && i < snap->n_alerts; i++)
		if (snap->alerts[i].severity == WB_SEVERITY_CRITICAL && !snap->alerts[i].acknowledged)
			return true;
	return false;
}

struct cec_job {
	char device[WB_PATH_MAX];
	enum wb_cec_action action;
	atomic_bool *unavailable;
};

/* cec-ctl can take seconds; it runs on a short-lived thread of its own. */
static void *cec_worker(void *arg)
{
	struct cec_job *job = arg;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_cec_run(NULL, job->device, job->action, CEC_TIMEOUT_MS, &err);
	if (st == WB_ERR_NOT_FOUND) {
		atomic_store(job->unavailable, true);
		wb_app_say("screen: no HDMI-CEC (%s); the TV stays as it is", err.message);
	} else if (st != WB_OK) {
		wb_app_say("screen: HDMI-CEC %s failed: %s", job->action == WB_CEC_WAKE ? "wake" : "standby",
		    err.message);
	}
	free(job);
	return NULL;
}

static void switch_tv(struct app *app, bool on)
{
	if (!app->cfg.screen.cec || atomic_load(&app->cec_unavailable))
		return;
	struct cec_job *job = calloc(1, sizeof *job);
	if (!job)
		return;
	snprintf(job->device, sizeof job->device, "%s", app->cfg.screen.cec_device);
	job->action = on ? WB_CEC_WAKE : WB_CEC_STANDBY;
	job->unavailable = &app->cec_unavailable;
	pthread_t thread;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, cec_worker, job) != 0)
		free(job);
	pthread_attr_destroy(&attr);
}

/* The screen schedule and the burn-in shift at this moment. Returns true
 * when the picture has to be redrawn from scratch. */
static bool update_screen_care(struct app *app, int64_t wall_ms)
{
	bool on = wb_schedule_screen_on(&app->cfg.screen.schedule, app->tz, wall_ms,
	                                critical_unacknowledged(app->board.snapshot));
	bool changed = false;
	if (on != app->screen_on) {
		app->screen_on = on;
		wb_app_say("screen: %s", on ? "on" : "off until its next on-hours");
		switch_tv(app, on);
		changed = true;
	}
	int dx = 0, dy = 0;
	wb_burnin_offset(&app->cfg.screen.burn_in, wall_ms, &dx, &dy);
	if (dx != app->shift_x || dy != app->shift_y) {
		app->shift_x = dx;
		app->shift_y = dy;
		changed = true;
	}
	if (changed)
		wb_renderer_invalidate(app->renderer);
	return changed;
}

static bool drain_updates(struct app *app)
{
	bool changed = false;
	struct wb_feed_update *up;
	while ((up = wb_fetcher_take(app->fetcher)) != NULL) {
		wb_metrics_count_fetch(&app->metrics, up);
		changed |= wb_board_apply(&app->board, up);
		log_update(up, app->board.snapshot);
		wb_feed_update_free(up);
		update_local_alerts(app, wb_clock_mono_ms(), true);
	}
	return changed;
}

/* ---- the remote-config server's side of the main thread ---- */

static void publish(struct app *app, const struct wb_view *view, int64_t mono_ms, bool force);

/* Publishes the state now, so that an API client that saw its change
 * confirmed (the response, or the log line after it) reads it back. */
static void publish_now(struct app *app)
{
	int64_t mono = wb_clock_mono_ms();
	struct wb_view view;
	build_view(app, mono, &view);
	publish(app, &view, mono, true);
}

static void apply_new_config(struct app *app)
{
	struct wb_config next;
	if (!wb_server_config(app->server, &app->config_generation, &next))
		return;
	bool feed_changed = memcmp(&next.feed, &app->cfg.feed, sizeof next.feed) != 0;
	bool http_changed = memcmp(&next.http, &app->cfg.http, sizeof next.http) != 0;
	bool tz_changed = strcmp(next.sla.time_zone, app->cfg.sla.time_zone) != 0;
	app->cfg = next;
	if (tz_changed)
		load_time_zone(app);
	update_local_alerts(app, wb_clock_mono_ms(), false);
	app->config_source = "state";
	app->config_warning[0] = '\0'; /* a fresh save supersedes the damaged file */
	url_host(app->cfg.feed.url, app->feed_host, sizeof(app->feed_host));
	if (feed_changed)
		wb_fetcher_set_config(app->fetcher, &app->cfg);
	wb_renderer_invalidate(app->renderer);
	publish_now(app);
	wb_app_say("config: applied%s%s", feed_changed ? "; polling the feed now" : "",
	    http_changed ? "; http.bind and http.port apply after a restart" : "");
}

static void answer_requests(struct app *app, int64_t mono_ms, bool *dirty)
{
	struct wb_server_request req;
	if (!app->server || app->screenshot_wanted || !wb_server_take_request(app->server, &req))
		return;
	switch (req.kind) {
	case WB_SERVER_REQ_ACK: {
		enum wb_status st = wb_board_ack(&app->board, req.alert_id);
		if (st == WB_OK) {
			wb_app_say("alert: %s acknowledged", req.alert_id);
			publish_now(app);
		}
		wb_server_answer(app->server, st, NULL, 0);
		*dirty = true;
		break;
	}
	case WB_SERVER_REQ_IDENTIFY:
		app->identify_until_ms = mono_ms + IDENTIFY_MS;
		publish_now(app);
		wb_server_answer(app->server, WB_OK, NULL, 0);
		*dirty = true;
		break;
	case WB_SERVER_REQ_SCREENSHOT:
		/* Answered between drawing and presenting the next frame. */
		app->screenshot_wanted = true;
		*dirty = true;
		break;
	default:
		wb_server_answer(app->server, WB_ERR_INVALID, NULL, 0);
		break;
	}
}

static void on_server_event(struct app *app, bool *dirty)
{
	apply_new_config(app);
	if (app->pairing_code[0] && !wb_server_pairing_pending(app->server)) {
		sodium_memzero(app->pairing_code, sizeof app->pairing_code);
		*dirty = true;
	}
	answer_requests(app, wb_clock_mono_ms(), dirty);
	*dirty = true;
}

static void count_alerts(const struct wb_snapshot *snap, struct wb_metrics_gauges *g)
{
	for (size_t i = 0; snap && i < snap->n_alerts; i++) {
		g->alerts_by_severity[snap->alerts[i].severity]++;
		g->alerts_acknowledged += snap->alerts[i].acknowledged;
	}
}

/* What /api/v1/status, /metrics and /healthz read, at most once a second. */
static void publish(struct app *app, const struct wb_view *view, int64_t mono_ms, bool force)
{
	if (!app->server)
		return;
	wb_server_beat(app->server, mono_ms, wb_fetcher_heartbeat_ms(app->fetcher));
	if (!force && mono_ms - app->status_published_ms < STATUS_PUBLISH_MS)
		return;
	app->status_published_ms = mono_ms;
	int w, h;
	wb_display_size(&app->display, &w, &h);
	const struct wb_board *b = &app->board;
	struct wb_status_info info = {
		.version = WB_VERSION,
		.uptime_s = (mono_ms - app->started_mono_ms) / 1000,
		.hostname = app->hostname,
		.pairing_pending = app->pairing_code[0] != '\0',
		.config_source = app->config_source,
		.config_warning = app->config_warning,
		.has_feed_url = app->cfg.feed.url[0] != '\0',
		.last_success_wall_ms = b->snapshot ? b->last_success_wall_ms : 0,
		.last_error = b->last_error,
		.etag = b->etag,
		.polls_ok = b->polls_ok,
		.polls_failed = b->polls_failed,
		.width = w,
		.height = h,
		.identify_active = app->identify_until_ms > mono_ms,
	};
	struct wb_metrics_gauges g = {
		.data_age_s = view->snapshot ? (double)view->data_age_s : -1.0,
		.stale = view->stale,
	};
	count_alerts(view->snapshot, &g);
	wb_server_publish(app->server, wb_report_api_status(view, &info), &app->metrics, &g);
}

static void answer_screenshot(struct app *app)
{
	unsigned char *png = NULL;
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_display_png(&app->display, &png, &len, &err);
	if (st != WB_OK)
		wb_app_say("screenshot: %s", err.message);
	wb_server_answer(app->server, st, png, len);
	app->screenshot_wanted = false;
}

/* systemd: READY once the first frame is on screen, then the watchdog fed
 * from this loop, so a hung render loop gets the service restarted. */
static void feed_watchdog(struct app *app, int64_t mono_ms)
{
	if (!app->notified_ready) {
		app->notified_ready = true;
		sd_notify(0, "READY=1\nSTATUS=showing the board");
	}
	if (app->watchdog_every_ms && mono_ms - app->watchdog_fed_ms >= app->watchdog_every_ms) {
		app->watchdog_fed_ms = mono_ms;
		sd_notify(0, "WATCHDOG=1");
	}
}

/* Returns false on quit. Marks *dirty for events that change the picture. */
static bool handle_event(struct app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type == SDL_QUIT)
		return false;
	if (ev->type == app->fetch_event) {
		*dirty |= drain_updates(app);
	} else if (ev->type == app->server_event) {
		on_server_event(app, dirty);
	} else if (ev->type == SDL_WINDOWEVENT) {
		*dirty = true;
	} else if (ev->type == SDL_KEYDOWN &&
	           (ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q)) {
		return false;
	}
	return true;
}

static void run_loop(struct app *app)
{
	bool dirty = true;
	int64_t next_draw_ms = 0;
	for (;;) {
		int64_t mono = wb_clock_mono_ms();
		dirty |= update_screen_care(app, wb_clock_wall_ms());
		struct wb_view view;
		build_view(app, mono, &view);
		log_stale_transition(app, &view);
		/* A dump reads the frame back between drawing and presenting: after a
		 * swap a GPU back buffer holds nothing defined. */
		bool dump = *app->dump_requested != 0;
		if (dump)
			*app->dump_requested = 0;
		bool drew = false, was_dirty = dirty;
		if (dirty || dump || app->screenshot_wanted || mono >= next_draw_ms) {
			int w, h;
			wb_display_size(&app->display, &w, &h);
			int64_t draw_start_us = wb_clock_mono_us();
			wb_renderer_draw(app->renderer, &view, w, h);
			wb_histogram_observe(&app->metrics.frame_render, wb_metrics_frame_buckets,
			                     (double)(wb_clock_mono_us() - draw_start_us) / 1e6);
			if (dump)
				dump_state(app, &view);
			if (app->screenshot_wanted)
				answer_screenshot(app);
			wb_display_present(&app->display);
			drew = true;
			next_draw_ms = mono + wb_renderer_next_change_ms(&view);
			dirty = false;
		}
		publish(app, &view, mono, drew && was_dirty);
		/* Logged after publishing: whoever waits for this line finds the same
		 * data in /api/v1/status. */
		if (drew && view.snapshot && !app->logged_first_data_frame) {
			app->logged_first_data_frame = true;
			wb_app_say("frame: first frame with data");
		}
		feed_watchdog(app, mono);
		/* The loop never sleeps past a beat /healthz or the watchdog expects. */
		answer_requests(app, mono, &dirty);
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

/* No admin token anywhere: make one and show it on screen until first used,
 * like pairing a TV. Only its hash is kept; a restart before it is used
 * shows a new one, so the code itself is never written to disk. */
static void prepare_pairing(struct app *app)
{
	if (app->cfg.admin.token_hash[0] || !app->cfg.http.enabled)
		return;
	wb_auth_generate_code(app->pairing_code);
	wb_auth_hash(app->pairing_code, app->cfg.admin.token_hash, sizeof app->cfg.admin.token_hash);
	wb_app_say("admin: no admin token set; a pairing code is shown on the screen until it is used");
}

static void log_server_line(void *ctx, const char *line)
{
	(void)ctx;
	wb_app_say("%s", line);
}

static void wake_for_server(void *ctx)
{
	push_wake_event(((const struct app *)ctx)->server_event);
}

static const char *web_dir_of(const struct wb_app_options *o)
{
	if (o->web_dir)
		return o->web_dir;
#ifdef WB_SOURCE_WEB_DIR
	if (access(WB_WEB_DIR "/index.html", R_OK) != 0)
		return WB_SOURCE_WEB_DIR;
#endif
	return WB_WEB_DIR;
}

static enum wb_status start_server(const struct wb_app_options *o, struct app *app, struct wb_error *err)
{
	if (!app->cfg.http.enabled) {
		wb_app_say("http: off (http.enabled is false)");
		return WB_OK;
	}
	snprintf(app->web_dir, sizeof app->web_dir, "%s", web_dir_of(o));
	struct wb_server_options opt = {
		.web_dir = app->web_dir,
		.state_dir = app->state_dir,
		.pairing_code = app->pairing_code,
		.started_mono_ms = app->started_mono_ms,
		.notify = wake_for_server,
		.log = log_server_line,
		.ctx = app,
	};
	app->server = wb_server_create(&app->cfg, &opt, err);
	if (!app->server)
		return WB_ERR_NETWORK;
	const char *host = app->cfg.http.bind;
	bool v6 = strchr(host, ':') != NULL;
	bool any = strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
	wb_app_say("http: listening on http://%s%s%s:%d/%s", v6 ? "[" : "", host, v6 ? "]" : "",
	    wb_server_port(app->server), any ? " (every interface)" : "");
	return WB_OK;
}

static void init_watchdog(struct app *app)
{
	uint64_t usec = 0;
	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
		app->watchdog_every_ms = (int64_t)(usec / 1000 / 4); /* well inside WatchdogSec */
}

static int run_board(const struct wb_app_options *o, struct app *app, void (*on_dump)(int sig))
{
	struct wb_error err;
	wb_error_clear(&err);
	int rc = 1;
	bool curl_up = false, sdl_up = false, display_up = false;

	app->started_mono_ms = wb_clock_mono_ms();
	if (gethostname(app->hostname, sizeof app->hostname - 1) != 0)
		snprintf(app->hostname, sizeof app->hostname, "%s", "wallboard");
	wb_board_init(&app->board);
	prepare_state_dir(app, o);
	if (wb_app_load_board_config(o, app->state_dir, &app->cfg, &app->config_source, app->config_warning,
	                             sizeof app->config_warning) != 0)
		return 2;
	prepare_pairing(app);
	init_watchdog(app);
	load_time_zone(app);
	load_rules_state(app);
	app->screen_on = true; /* the screen is on at boot; the schedule may switch it off */
	url_host(app->cfg.feed.url, app->feed_host, sizeof(app->feed_host));
	load_cached_document(app);
	update_local_alerts(app, wb_clock_mono_ms(), false);

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
	app->fetch_event = SDL_RegisterEvents(2);
	if (app->fetch_event == (Uint32)-1) {
		wb_app_say("SDL: no user events left");
		goto out;
	}
	app->server_event = app->fetch_event + 1;
	if (wb_display_open_window(&app->display, o->width, o->height, !o->windowed, &err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	display_up = true;
	app->renderer = wb_renderer_create(app->display.renderer, &err);
	if (!app->renderer) {
		wb_app_say("%s", err.message);
		goto out;
	}
	signal(SIGUSR1, on_dump);
	app->fetcher = wb_fetcher_create(&app->cfg, app->state_dir, app->board.etag, wake_main_thread,
	                                 app, &err);
	if (!app->fetcher) {
		wb_app_say("%s", err.message);
		goto out;
	}
	/* The board still shows its data without the API: a taken port is
	 * reported (and visible in the log), not fatal. */
	if (start_server(o, app, &err) != WB_OK)
		wb_app_say("%s", err.message);
	wb_app_say("running: feed %s, poll every %d s, %s", app->feed_host[0] ? app->feed_host : "(none)",
	    app->cfg.feed.interval_s, SDL_GetCurrentVideoDriver());
	run_loop(app);
	rc = 0;
out:
	sd_notify(0, "STOPPING=1");
	save_rules_state(app, wb_clock_mono_ms(), true);
	wb_rules_state_destroy(app->rules);
	free(app->rules_saved);
	wb_tz_destroy(app->tz);
	wb_server_destroy(app->server);
	wb_fetcher_destroy(app->fetcher);
	wb_renderer_destroy(app->renderer);
	if (display_up)
		wb_display_close(&app->display);
	if (sdl_up)
		wb_app_sdl_quit();
	if (curl_up)
		wb_fetch_global_cleanup();
	wb_board_fini(&app->board);
	sodium_memzero(&app->cfg, sizeof app->cfg);
	return rc;
}

int wb_app_run(const struct wb_app_options *o, volatile sig_atomic_t *dump_requested,
               void (*on_dump)(int sig))
{
	/* Large (config buffers): on the heap, and zero like a static. */
	struct app *app = calloc(1, sizeof *app);
	if (!app) {
		wb_app_say("out of memory");
		return 1;
	}
	app->dump_requested = dump_requested;
	int rc = run_board(o, app, on_dump);
	free(app);
	return rc;
}
