/* wallboard: the program. Parses the command line and config, then either
 * renders one frame to a PNG (--screenshot) or runs the board: the fetch
 * thread polls the feed, this thread applies its results and draws. Handles
 * are created in dependency order and destroyed in reverse at one label. */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "wallboard/board.h"
#include "wallboard/config.h"
#include "wallboard/display.h"
#include "wallboard/feed.h"
#include "wallboard/fetch.h"
#include "wallboard/i18n.h"
#include "wallboard/layout.h"
#include "wallboard/platform.h"
#include "wallboard/render.h"
#include "wallboard/report.h"
#include "wallboard/timeutil.h"
#include "wallboard/view.h"

#define DEFAULT_CONFIG_PATH "/etc/wallboard/config.json"
#define DEFAULT_STATE_DIR "/var/lib/wallboard"
#define CONFIG_MAX_BYTES (64 * 1024)
#define ADDRESS_REFRESH_MS 5000
#define MAX_WAIT_MS 1000

/* Set from the signal handler, read by the main loop: the only async state. */
static volatile sig_atomic_t dump_requested;

struct options {
	const char *config_path; /* NULL: the default path if it exists */
	const char *feed_url;
	const char *token;
	const char *state_dir;
	const char *screenshot_path;
	const char *check_config_path;
	const char *now_text;
	int width, height;
	bool size_given;
	bool windowed;
};

/* Everything the running board owns; lives in main(). */
struct app {
	struct wb_config cfg;
	char state_dir[WB_PATH_MAX]; /* "" when no state can be kept */
	struct wb_board board;
	struct wb_display display;
	struct wb_renderer *renderer;
	struct wb_fetcher *fetcher;
	Uint32 fetch_event;
	char feed_host[256];
	char status_line[WB_ERROR_TEXT_MAX + 64];
	char addrs[WB_VIEW_MAX_ADDRS][64];
	size_t n_addrs;
	int64_t addrs_refreshed_ms;
	bool was_stale;
	bool logged_first_data_frame;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("wallboard: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fflush(stderr);
}

static void usage(FILE *out)
{
	fputs("Usage: wallboard [options]\n"
	      "Shows live webcare mention counts, sentiment, alerts and SLA timers from a feed.\n\n"
	      "  --feed URL            feed v1 URL (http, https or file); overrides the config\n"
	      "  --token TOKEN         bearer token for the feed (or env WALLBOARD_FEED_TOKEN)\n"
	      "  --config FILE         JSON config (default " DEFAULT_CONFIG_PATH " if present)\n"
	      "  --check-config FILE   validate a config file, print every problem, exit\n"
	      "  --state-dir DIR       where the last good feed is kept (default " DEFAULT_STATE_DIR ")\n"
	      "  --size WxH            window or screenshot size (default 1920x1080; full screen\n"
	      "                        takes the display's own mode)\n"
	      "  --windowed            a window instead of full screen\n"
	      "  --screenshot OUT.png  render one frame after the first successful fetch and exit\n"
	      "  --now RFC3339         with --screenshot: draw as if it were this time\n"
	      "  --version, --help\n\n"
	      "Send SIGUSR1 to write status.json and screenshot.png into the state directory.\n"
	      "Without a display, run with SDL_VIDEODRIVER=offscreen or use --screenshot.\n",
	      out);
}

static int parse_size(const char *s, int *w, int *h)
{
	char tail;
	if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 320 || *h < 240 || *w > 7680 || *h > 7680)
		return -1;
	return 0;
}

/* Returns -1 on a usage error, 1 when the program should exit 0 (help). */
static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_FEED = 256, OPT_TOKEN, OPT_CONFIG, OPT_CHECK, OPT_STATE, OPT_SIZE, OPT_WINDOWED,
	       OPT_SHOT, OPT_NOW, OPT_VERSION, OPT_HELP };
	static const struct option longopts[] = {
		{ "feed", required_argument, NULL, OPT_FEED },
		{ "token", required_argument, NULL, OPT_TOKEN },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "check-config", required_argument, NULL, OPT_CHECK },
		{ "state-dir", required_argument, NULL, OPT_STATE },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "windowed", no_argument, NULL, OPT_WINDOWED },
		{ "screenshot", required_argument, NULL, OPT_SHOT },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof(*o));
	o->width = 1920;
	o->height = 1080;
	o->token = getenv("WALLBOARD_FEED_TOKEN");
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FEED: o->feed_url = optarg; break;
		case OPT_TOKEN: o->token = optarg; break;
		case OPT_CONFIG: o->config_path = optarg; break;
		case OPT_CHECK: o->check_config_path = optarg; break;
		case OPT_STATE: o->state_dir = optarg; break;
		case OPT_WINDOWED: o->windowed = true; break;
		case OPT_SHOT: o->screenshot_path = optarg; break;
		case OPT_NOW: o->now_text = optarg; break;
		case OPT_SIZE:
			if (parse_size(optarg, &o->width, &o->height) != 0) {
				say("--size: expected WxH between 320x240 and 7680x7680, got \"%s\"", optarg);
				return -1;
			}
			o->size_given = true;
			break;
		case OPT_VERSION: printf("wallboard %s\n", WB_VERSION); return 1;
		case OPT_HELP: usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		say("unexpected argument \"%s\"", argv[optind]);
		return -1;
	}
	if (o->now_text && !o->screenshot_path) {
		say("--now only applies to --screenshot");
		return -1;
	}
	return 0;
}

static void print_problems(const char *path, const struct wb_problems *problems)
{
	for (size_t i = 0; i < problems->count; i++) {
		char line[sizeof(problems->items[i].path) + sizeof(problems->items[i].message) + 4];
		wb_error_format(&problems->items[i], line, sizeof(line));
		say("%s: %s", path, line);
	}
	if (problems->dropped)
		say("%s: … and %zu more problems", path, problems->dropped);
}

/* Reads a config file over cfg. Prints every problem; returns 0 when valid. */
static int load_config_file(const char *path, struct wb_config *cfg)
{
	char *text;
	size_t len;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fs_read_file(path, CONFIG_MAX_BYTES, &text, &len, &err) != WB_OK) {
		say("config: %s", err.message);
		return -1;
	}
	struct wb_problems problems;
	wb_problems_clear(&problems);
	enum wb_status st = wb_config_parse(text, len, cfg, &problems);
	free(text);
	if (st != WB_OK) {
		print_problems(path, &problems);
		return -1;
	}
	return 0;
}

static int load_config(const struct options *o, struct wb_config *cfg)
{
	wb_config_defaults(cfg);
	const char *path = o->config_path;
	if (!path && access(DEFAULT_CONFIG_PATH, F_OK) == 0)
		path = DEFAULT_CONFIG_PATH;
	if (path && load_config_file(path, cfg) != 0)
		return -1;
	if (o->feed_url) {
		if ((size_t)snprintf(cfg->feed.url, sizeof(cfg->feed.url), "%s", o->feed_url) >=
		    sizeof(cfg->feed.url)) {
			say("--feed: URL longer than %zu bytes", sizeof(cfg->feed.url) - 1);
			return -1;
		}
	}
	if (o->token) {
		if ((size_t)snprintf(cfg->feed.token, sizeof(cfg->feed.token), "%s", o->token) >=
		    sizeof(cfg->feed.token)) {
			say("--token: longer than %zu bytes", sizeof(cfg->feed.token) - 1);
			return -1;
		}
	}
	return 0;
}

static int check_config(const char *path)
{
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	if (load_config_file(path, &cfg) != 0)
		return 2;
	printf("%s: ok\n", path);
	return 0;
}

static void log_update(const struct wb_feed_update *up, const struct wb_snapshot *snap)
{
	switch (up->outcome) {
	case WB_FETCH_UPDATED:
		if (up->http_status > 0)
			say("feed: updated: %zu channels (HTTP %ld, etag %s)", snap ? snap->n_channels : 0,
			    up->http_status, up->etag[0] ? up->etag : "none");
		else
			say("feed: updated: %zu channels (file)", snap ? snap->n_channels : 0);
		break;
	case WB_FETCH_NOT_MODIFIED:
		say("feed: not modified (HTTP 304)");
		break;
	case WB_FETCH_FAILED:
	default:
		say("feed: error: %s; keeping last good data", up->error);
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

static enum wb_status init_sdl(bool video, struct wb_error *err)
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

static void quit_sdl(void)
{
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

static int run_screenshot(const struct options *o, const struct wb_config *cfg)
{
	int64_t now_ms = 0;
	if (o->now_text && wb_time_parse_rfc3339(o->now_text, &now_ms) != WB_OK) {
		say("--now: expected an RFC 3339 time such as 2026-11-23T09:20:00Z, got \"%s\"", o->now_text);
		return 2;
	}
	if (!cfg->feed.url[0]) {
		say("screenshot: no feed URL (use --feed URL or feed.url in the config)");
		return 2;
	}
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fetch_global_init(&err) != WB_OK) {
		say("%s", err.message);
		return 1;
	}
	int rc = 1;
	struct wb_board board;
	wb_board_init(&board);
	struct wb_display display;
	bool sdl_up = false, display_up = false;
	struct wb_renderer *renderer = NULL;

	struct wb_feed_update *up = wb_fetch_once(cfg);
	if (!up) {
		say("screenshot: out of memory");
		goto out;
	}
	if (up->outcome != WB_FETCH_UPDATED) {
		say("screenshot: cannot get the feed from %s: %s", cfg->feed.url, up->error);
		goto out;
	}
	wb_board_apply(&board, up);

	if (init_sdl(false, &err) != WB_OK) {
		say("%s", err.message);
		goto out;
	}
	sdl_up = true;
	if (wb_display_open_surface(&display, o->width, o->height, &err) != WB_OK) {
		say("screenshot: %s", err.message);
		goto out;
	}
	display_up = true;
	renderer = wb_renderer_create(display.renderer, &err);
	if (!renderer) {
		say("screenshot: %s", err.message);
		goto out;
	}
	struct wb_view view;
	int64_t mono = wb_clock_mono_ms();
	wb_board_view(&board, cfg, mono, wb_clock_wall_ms(), &view);
	if (o->now_text) {
		/* A fixed instant makes the picture reproducible: timers, clock, ages. */
		view.server_now_ms = now_ms;
		view.wall_now_ms = now_ms;
		view.anim_ms = 0;
		view.data_age_s = 0;
	}
	wb_renderer_draw(renderer, &view, o->width, o->height);
	if (wb_display_save_png(&display, o->screenshot_path, &err) != WB_OK) {
		say("screenshot: %s", err.message);
		goto out;
	}
	say("screenshot: wrote %s (%dx%d)", o->screenshot_path, o->width, o->height);
	rc = 0;
out:
	wb_renderer_destroy(renderer);
	if (display_up)
		wb_display_close(&display);
	if (sdl_up)
		quit_sdl();
	wb_feed_update_free(up);
	wb_board_fini(&board);
	wb_fetch_global_cleanup();
	return rc;
}

static void on_sigusr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

/* Called on the fetch thread: SDL_PushEvent is thread-safe. */
static void wake_main_thread(void *ctx)
{
	const struct app *app = ctx;
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = app->fetch_event;
	SDL_PushEvent(&ev);
}

static void prepare_state_dir(struct app *app, const struct options *o)
{
	const char *dir = o->state_dir ? o->state_dir : DEFAULT_STATE_DIR;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fs_mkdirs(dir, &err) != WB_OK || access(dir, W_OK) != 0) {
		say("state: cannot use %s (%s); running without a cache of the last good data", dir,
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
		say("cache: ignoring the cached document: %s", err.message);
		return;
	}
	struct wb_snapshot *snap = NULL;
	if (wb_feed_parse(entry.body, entry.body_len, &snap, &err) != WB_OK) {
		char where[sizeof(err.path) + sizeof(err.message) + 4];
		wb_error_format(&err, where, sizeof(where));
		say("cache: ignoring the cached document: %s", where);
		wb_cache_entry_fini(&entry);
		return;
	}
	char received[32];
	wb_time_format_rfc3339(entry.received_wall_ms, received, sizeof(received));
	wb_board_adopt_cached(&app->board, snap, entry.etag, entry.received_wall_ms, wb_clock_mono_ms(),
	                      wb_clock_wall_ms());
	say("cache: showing last good document from %s/last-good-feed.json.cache (received %s)",
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
	if (!view->snapshot) {
		refresh_addresses(app, mono_ms);
		for (size_t i = 0; i < app->n_addrs; i++)
			view->addrs[i] = app->addrs[i];
		view->n_addrs = app->n_addrs;
	}
}

static void log_stale_transition(struct app *app, const struct wb_view *view)
{
	if (view->stale == app->was_stale)
		return;
	app->was_stale = view->stale;
	if (!view->stale) {
		say("board: fresh");
		return;
	}
	char since[8] = "--:--";
	time_t t = (time_t)(view->stale_since_wall_ms / 1000);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(since, sizeof(since), "%H:%M", &tm);
	say("board: stale since %s: %s", since,
	    view->stale_reason[0] ? view->stale_reason : "no successful poll yet");
}

static void dump_state(struct app *app, const struct wb_view *view)
{
	char path[WB_PATH_MAX + 32];
	struct wb_error err;
	wb_error_clear(&err);
	if (!app->state_dir[0]) {
		say("dump: no state directory to write to");
		return;
	}
	int w, h;
	wb_display_size(&app->display, &w, &h);
	struct wb_layout layout;
	wb_view_layout(view, w, h, &layout);
	char *json = wb_report_status_json(view, &layout, w, h, app->board.etag);
	if (!json) {
		say("dump: out of memory");
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
		say("dump: %s", err.message);
	else
		say("dump: wrote %s/status.json and %s/screenshot.png", app->state_dir, app->state_dir);
}

static bool drain_updates(struct app *app)
{
	bool changed = false;
	struct wb_feed_update *up;
	while ((up = wb_fetcher_take(app->fetcher)) != NULL) {
		changed |= wb_board_apply(&app->board, up);
		log_update(up, app->board.snapshot);
		wb_feed_update_free(up);
	}
	return changed;
}

/* Returns false on quit. Marks *dirty for events that change the picture. */
static bool handle_event(struct app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type == SDL_QUIT)
		return false;
	if (ev->type == app->fetch_event) {
		*dirty |= drain_updates(app);
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
		struct wb_view view;
		build_view(app, mono, &view);
		log_stale_transition(app, &view);
		/* A dump reads the frame back between drawing and presenting: after a
		 * swap a GPU back buffer holds nothing defined. */
		bool dump = dump_requested != 0;
		if (dump)
			dump_requested = 0;
		if (dirty || dump || mono >= next_draw_ms) {
			int w, h;
			wb_display_size(&app->display, &w, &h);
			wb_renderer_draw(app->renderer, &view, w, h);
			if (dump)
				dump_state(app, &view);
			wb_display_present(&app->display);
			next_draw_ms = mono + wb_renderer_next_change_ms(&view);
			dirty = false;
			if (view.snapshot && !app->logged_first_data_frame) {
				app->logged_first_data_frame = true;
				say("frame: first frame with data");
			}
		}
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

static int run_board(const struct options *o, struct app *app)
{
	struct wb_error err;
	wb_error_clear(&err);
	int rc = 1;
	bool curl_up = false, sdl_up = false, display_up = false;

	wb_board_init(&app->board);
	url_host(app->cfg.feed.url, app->feed_host, sizeof(app->feed_host));
	prepare_state_dir(app, o);
	load_cached_document(app);

	if (wb_fetch_global_init(&err) != WB_OK) {
		say("%s", err.message);
		goto out;
	}
	curl_up = true;
	if (init_sdl(true, &err) != WB_OK) {
		say("%s", err.message);
		goto out;
	}
	sdl_up = true;
	app->fetch_event = SDL_RegisterEvents(1);
	if (app->fetch_event == (Uint32)-1) {
		say("SDL: no user events left");
		goto out;
	}
	if (wb_display_open_window(&app->display, o->width, o->height, !o->windowed, &err) != WB_OK) {
		say("%s", err.message);
		goto out;
	}
	display_up = true;
	app->renderer = wb_renderer_create(app->display.renderer, &err);
	if (!app->renderer) {
		say("%s", err.message);
		goto out;
	}
	signal(SIGUSR1, on_sigusr1);
	app->fetcher = wb_fetcher_create(&app->cfg, app->state_dir, app->board.etag, wake_main_thread,
	                                 app, &err);
	if (!app->fetcher) {
		say("%s", err.message);
		goto out;
	}
	say("running: feed %s, poll every %d s, %s", app->feed_host[0] ? app->feed_host : "(none)",
	    app->cfg.feed.interval_s, SDL_GetCurrentVideoDriver());
	run_loop(app);
	rc = 0;
out:
	wb_fetcher_destroy(app->fetcher);
	wb_renderer_destroy(app->renderer);
	if (display_up)
		wb_display_close(&app->display);
	if (sdl_up)
		quit_sdl();
	if (curl_up)
		wb_fetch_global_cleanup();
	wb_board_fini(&app->board);
	return rc;
}

int main(int argc, char **argv)
{
	struct options opts;
	int prc = parse_options(argc, argv, &opts);
	if (prc != 0)
		return prc > 0 ? 0 : 2;
	if (opts.check_config_path)
		return check_config(opts.check_config_path);

	static struct app app; /* large (config buffers); main's own, not shared */
	if (load_config(&opts, &app.cfg) != 0)
		return 2;
	if (opts.screenshot_path)
		return run_screenshot(&opts, &app.cfg);
	return run_board(&opts, &app);
}
