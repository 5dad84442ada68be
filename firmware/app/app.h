/* The program's private header: what the files of firmware/app/ share. Not
 * part of include/wallboard/, because nothing outside the program may use it:
 * the options, the config layers, the one-shot modes and the running board. */
#ifndef WALLBOARD_APP_H
#define WALLBOARD_APP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "wallboard/auth.h"
#include "wallboard/board.h"
#include "wallboard/bootreport.h"
#include "wallboard/config.h"
#include "wallboard/config_layers.h"
#include "wallboard/device.h"
#include "wallboard/display.h"
#include "wallboard/fleet.h"
#include "wallboard/limits.h"
#include "wallboard/metrics.h"
#include "wallboard/status.h"
#include "wallboard/timesync.h"
#include "wallboard/tlscert.h"
#include "wallboard/update.h"
#include "wallboard/view.h"

#define WB_APP_DEFAULT_CONFIG_PATH "/etc/wallboard/config.json"
#define WB_APP_DEFAULT_STATE_DIR "/var/lib/wallboard"
/* Where the web page is installed; a build tree falls back to its sources. */
#ifndef WB_WEB_DIR
#define WB_WEB_DIR "/usr/share/wallboard/web"
#endif

/* The command line, as parsed; strings point into argv. */
struct wb_app_options {
	const char *config_path; /* NULL: the default path if it exists */
	const char *feed_url;
	const char *token;
	const char *state_dir;
	const char *screenshot_path;
	const char *check_config_path;
	const char *import_config_path;
	const char *web_dir;
	const char *now_text;
	const char *describe_path;   /* with --screenshot: the frame's description (wb_renderer_describe) */
	int64_t now_ms;              /* --now as Unix ms; valid when now_text is set */
	const char *ntp_file;        /* timesyncd drop-in written from clock.ntp; NULL: none */
	const char *boot_report;     /* the image's first-boot report; NULL: none */
	const char *update_dir;      /* the image's update files; NULL: <state-dir>/update */
	const char *health_file;     /* written once healthy for an update commit; NULL: none */
	const char *mdns_dir;        /* the avahi service file is kept there; NULL: none */
	bool print_hostname;         /* print the resolved hostname and exit (the image's first boot) */
	bool log_polls;              /* a log line per poll, not only per change of state */
	struct wb_logring *log_ring; /* main()'s recent log lines, for GET /api/v1/log; NULL: none */
	int width, height;
	bool windowed;
};

/* log.c: one line on stderr, "wallboard: " first; flushed, because the
 * integration tests and journald read it as it comes. */
void wb_app_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Every line said from now on is also kept in ring (NULL: no longer). Only
 * main() calls it: before any thread starts and after the last has ended. */
struct wb_logring;
void wb_app_log_to(struct wb_logring *ring);

/* options.c. Returns -1 on a usage error (already reported), 1 when the
 * program should exit 0 (--help, --version), 0 to go on. */
int wb_app_parse_options(int argc, char **argv, struct wb_app_options *o);

/* config_layers.c: the layers of config_layers.h as the program reads them. */

/* Prints every problem of a config file, one line each. */
void wb_app_print_problems(const char *path, const struct wb_problems *problems);
/* Reads a config file over cfg. Prints every problem; returns 0 when valid. */
int wb_app_load_config_file(const char *path, struct wb_config *cfg);
/* --feed and --token over cfg; -1 (reported) when one does not fit. */
int wb_app_apply_overrides(const struct wb_app_options *o, struct wb_config *cfg);
/* Defaults, then the --config file. strict: a bad file is an error (one-shot
 * commands); else the board runs without it and says so in *warning, because
 * a screen stuck in a restart loop helps nobody. Returns where the config
 * came from ("defaults" or "file"), or NULL on error. */
const char *wb_app_load_base_config(const struct wb_app_options *o, struct wb_config *cfg, bool strict,
				    char *warning, size_t warning_size);
/* The layers for the running board into *l (initialised): the file
 * leniently (its problems named in *warning), the command line, and from
 * state_dir ("" skips them) the device's changes and admin hash (a damaged
 * saved change is the warning then, and *warning_is_saved says so). An
 * older whole state file is narrowed, and written back only when may_write
 * (the board; never --print-hostname, which runs as root at every boot).
 * Returns 0, or -1 (reported) when an
 * override does not fit. */
int wb_app_load_layers(const struct wb_app_options *o, const char *state_dir, bool may_write,
		       struct wb_config_layers *l, char *warning, size_t warning_size,
		       bool *warning_is_saved);
/* The effective config of l; conflicts between layers are logged (and named
 * in *warning when it is still empty). -1 only when out of memory. */
int wb_app_resolve_layers(const struct wb_config_layers *l, struct wb_config *cfg, char *warning,
			  size_t warning_size);
/* "defaults", "file", "managed" or "state": the strongest layer that sets anything. */
const char *wb_app_config_source(const struct wb_config_layers *l);

/* oneshot.c: the modes that do one thing and exit; each returns the exit
 * code (0 done, 1 failed, 2 bad input). */
int wb_app_check_config(const char *path);
int wb_app_import_config(const struct wb_app_options *o);
int wb_app_screenshot(const struct wb_app_options *o);
/* --print-hostname: the hostname the config and hardware give (not the
 * system's current one), for the image to set at boot. */
int wb_app_print_hostname(const struct wb_app_options *o);

/* app.c: the board's identity from cfg's device.id and the hardware
 * (WALLBOARD_TEST_DEVICE_ROOT=DIR: read DIR/proc/..., DIR/sys/..., DIR/etc/
 * machine-id instead, for tests); system_hostname NULL ignores the system's. */
void wb_app_resolve_device(const struct wb_config *cfg, const char *system_hostname,
			   struct wb_device_identity *out);

/* app.c, for the board and --screenshot: SDL, SDL_ttf and SDL_image
 * together (events: the event queue, and SIGINT/SIGTERM as SDL_QUIT, for
 * the board; video comes with its display, task_display.c);
 * wb_app_sdl_quit undoes it. */
enum wb_status wb_app_sdl_init(bool events, struct wb_error *err);
void wb_app_sdl_quit(void);

/* app.c: runs the board until asked to quit; returns the exit code.
 * dump_requested is the program's signal flag, set by on_dump (SIGUSR1). */
int wb_app_run(const struct wb_app_options *o, volatile sig_atomic_t *dump_requested,
	       void (*on_dump)(int sig));

/* ---- the running board ---- */

struct wb_task_screen_cec; /* shared with the CEC worker threads (task_screen.c) */

/* A module's state file in the state dir (state_file.c): its name, the
 * subject of its log lines, and what was last written, to skip equal writes. */
struct wb_app_state_file {
	const char *name; /* "rules-state.json" */
	const char *what; /* "alerts" */
	char *saved;
	int64_t saved_ms; /* monotonic */
	char error[240];  /* the last write's failure, "" while writes work (said once) */
};

/* Changed state is written at most this often (and at exit): the figures
 * move slowly, and the SD card should not be worn by every poll. */
#define WB_APP_STATE_SAVE_MS (5 * 60 * 1000)

/* Everything the running board owns, allocated by wb_app_run. The first part
 * is what every task reads; then one group per task, written only by the
 * file named at the group (others may read it). */
struct wb_app {
	struct wb_config cfg;
	/* Where cfg comes from; the server keeps its own copy while it runs
	 * and hands back each change (task_server.c). */
	struct wb_config_layers layers;
	const char *config_source; /* wb_app_config_source */
	char config_warning[WB_ERROR_TEXT_MAX];
	/* The warning is about a damaged saved change: the next save replaces it. */
	bool config_warning_is_saved;
	char state_dir[WB_PATH_MAX]; /* "" when no state can be kept */
	char hostname[256];          /* the system's (gethostname) */
	/* device.id, else derived from the hardware, and the hostname shown
	 * (core/device.c): resolved in configure(), before any thread starts,
	 * and constant while the board runs, so any thread may read them
	 * (a request header naming the board, the status, mDNS). */
	char device_id[WB_DEVICE_ID_MAX];
	char device_hostname[WB_DEVICE_HOSTNAME_MAX]; /* "wallboard-<id>", without ".local" */
	int64_t started_mono_ms;
	struct wb_tz *tz; /* of sla.time_zone; NULL: UTC */
	struct wb_board board;
	struct wb_display display;    /* closed while waiting for one (task_display.c) */
	struct wb_renderer *renderer; /* NULL while there is no display */

	struct { /* loop.c: how the loop sleeps */
		/* An eventfd other threads write after pushing their SDL event,
		 * so the loop can sleep in poll(2) where SDL's own wait polls
		 * (offscreen, KMSDRM, dummy: 1 ms naps); -1: SDL's wait. */
		int wake_fd;
	} sleep;
	struct { /* loop.c: what the view adds to the board's */
		char status_line[WB_ERROR_TEXT_MAX + 64];
		char addrs[WB_VIEW_MAX_ADDRS][64];
		size_t n_addrs;
		int64_t addrs_refreshed_ms;
	} view;
	struct { /* task_feed.c */
		struct wb_fetcher *fetcher;
		Uint32 event;   /* the fetcher's wake-up */
		char host[256]; /* of the feed URL, for the screen and the log */
		bool was_stale;
		bool log_polls; /* --log-polls */
		/* What the log last said about the polls, so it speaks on a change
		 * of state only: none yet, ok, or failing (and of which kind). */
		enum {
			WB_APP_FEED_LOG_NONE,
			WB_APP_FEED_LOG_OK,
			WB_APP_FEED_LOG_FAILING
		} logged;
		enum wb_fetch_reason logged_reason;
		int64_t failed_since_logged; /* polls failed since the last ok, of any kind */
	} feed;
	struct {                                          /* task_clock.c */
		const char *ntp_file;                     /* --ntp-file; NULL: none */
		char ntp_written[WB_TIMESYNC_DROPIN_MAX]; /* its content as last written; "" none yet */
		int sync_override;          /* tests: -1 none, 0 not synchronised, 1 synchronised */
		struct wb_boot_report boot; /* --boot-report as read at start */
	} clock;
	struct {                            /* task_server.c */
		struct wb_server *http;     /* NULL: http.enabled false, or it did not start */
		Uint32 event;               /* the server's wake-up */
		uint64_t config_generation; /* of the server's config last applied */
		char web_dir[WB_PATH_MAX];
		char pairing_code[WB_AUTH_PAIRING_CODE_SIZE]; /* "" once used, or when a token was set */
		int64_t identify_until_ms;
		bool screenshot_wanted; /* the server waits for the next frame as PNG */
		/* HTTPS: the certificate served (its fingerprint for the screen
		 * and the status), the port it listens on (0: not serving) and
		 * why not ("" when it serves or is off by config). */
		struct wb_tlscert tls;
		int tls_port;
		char tls_error[WB_ERROR_TEXT_MAX];
	} server;
	struct { /* task_publish.c; the metrics are counted where things happen */
		struct wb_metrics metrics;
		int64_t published_ms;
		bool logged_first_data_frame;
	} publish;
	struct {                              /* task_rules.c */
		struct wb_rules_state *state; /* local alert rules and their baselines */
		struct wb_app_state_file file;
	} rules;
	struct {                         /* task_trend.c */
		struct wb_trend *record; /* the board's own hourly series per channel */
		/* The feed hour of the last save: the record is saved once an
		 * hour, when a poll opens a new one (see task_trend.c). */
		int64_t saved_hour;
		bool saved_any;
		struct wb_app_state_file file;
	} trend;
	struct { /* task_display.c */
		int width, height;
		bool fullscreen;
		bool waiting;     /* no display yet: retrying */
		int attempts;     /* opens tried so far */
		int64_t retry_ms; /* the current backoff */
		int64_t next_try_ms;
		const char *test_gate; /* tests: opens fail while this file exists (environment, not owned) */
	} display_wait;
	struct { /* task_screen.c */
		bool on;
		int shift_x, shift_y;
		struct wb_task_screen_cec *cec; /* NULL: no CEC */
	} screen;
	struct {                                  /* task_dump.c */
		volatile sig_atomic_t *requested; /* main.c's signal flag */
		bool wanted;
	} dump;
	struct {                            /* task_update.c; the pull runs on its own thread (app.c) */
		struct wb_updater *updater; /* NULL: no update directory */
		char dir[WB_PATH_MAX + 16];
		struct wb_update_status status; /* as last read, at most once a second */
		char notice[WB_UPDATE_MESSAGE_MAX + WB_UPDATE_VERSION_MAX + 64]; /* on the start screen */
		int64_t refreshed_ms;
	} update;
	struct {                      /* task_managed.c; the transfers run on their own thread (app.c) */
		struct wb_managed *m; /* NULL: out of memory at start */
		Uint32 event;         /* the managed thread's wake-up: a document to take */
		char device_id[128];  /* {id} and X-Wallboard-Id */
		struct wb_fleet_status status; /* as last read, at most once a second */
		int64_t refreshed_ms;
		struct wb_fleet_saved saved; /* loaded at start until init hands it over */
	} managed;
	struct {                 /* task_mdns.c */
		const char *dir; /* --mdns-dir; NULL: none */
		char path[WB_PATH_MAX];
		char written[WB_DEVICE_SERVICE_XML_MAX]; /* the file as last written; "" none */
		int64_t checked_ms;
		bool failing; /* a write failed: said once, until one works */
	} mdns;
	struct {                           /* task_health.c */
		const char *path;          /* --health-file; NULL: none */
		bool done;                 /* written (or failed, said once): once per process */
		int64_t polls_ok_seen;     /* board.polls_ok when a success was last noticed */
		bool feed_ok;              /* a poll succeeded ... */
		int64_t frames_after_feed; /* ... and this many frames were drawn after it */
		int64_t frames;
		int64_t healthy_since_ms; /* the render loop has been healthy since; 0: not now */
	} health;
	struct {                  /* task_watchdog.c */
		int64_t every_ms; /* 0: systemd watchdog off */
		int64_t fed_ms;
		bool notified_ready;
		bool notified_shown; /* the STATUS last sent: a display, or none yet */
	} watchdog;
};

/* app.c: the zone of sla.time_zone, the board's zone for every wall time
 * it shows and every schedule; Central European rules when it cannot be
 * read (said once), NULL (UTC) if even those fail. Caller destroys it. */
struct wb_tz *wb_app_open_time_zone(const char *name);
/* app.c: (re)loads app->tz from cfg.sla.time_zone, with that fallback. */
void wb_app_load_time_zone(struct wb_app *app);

/* loop.c */
void wb_app_loop(struct wb_app *app); /* returns on quit */
/* The board's view plus what the program adds (status line, addresses,
 * screen care, identify). The view points into app. */
void wb_app_build_view(struct wb_app *app, int64_t mono_ms, struct wb_view *view);
/* Wakes the main loop with an event of this type; thread-safe. */
void wb_app_wake(const struct wb_app *app, Uint32 type);
/* The wake-up fd (before any thread), and closing it (after them all). */
void wb_app_sleep_init(struct wb_app *app);
void wb_app_sleep_fini(struct wb_app *app);

/* ---- loop tasks (tasks.c has the table) ---- */

/* What a pass of the loop did, for the tasks after it. */
struct wb_pass {
	int64_t mono_ms;
	const struct wb_view *view;
	bool drew;    /* a frame was drawn and presented */
	bool changed; /* ... because something changed, not only the clock */
};

/* One task of the main loop. Every hook may be NULL; they run in table order.
 * The tasks' state is their group in struct wb_app. */
struct wb_task {
	const char *name;
	/* Before the view is built: update state. true: the picture changed. */
	bool (*before_draw)(struct wb_app *app, int64_t mono_ms);
	/* Drawn but not yet presented: the only moment a frame can be read back,
	 * because after a swap a GPU back buffer holds nothing defined. Without
	 * a display it runs with no frame, so a request for one is answered
	 * (with an error) instead of waiting. */
	void (*on_frame)(struct wb_app *app, const struct wb_view *view);
	/* true: this pass's on_frame reads the frame back to send it off the
	 * device (a PNG over the API, a file in the state directory). Such a
	 * frame is drawn without the pairing code, whatever the screen shows. */
	bool (*sends_frame)(const struct wb_app *app);
	/* After presenting (or deciding not to draw). true: run the next pass
	 * at once instead of waiting. */
	bool (*after_draw)(struct wb_app *app, const struct wb_pass *pass);
	/* An SDL event. true: it was this task's (no other task sees it). Sets
	 * *dirty when the picture changed. */
	bool (*on_event)(struct wb_app *app, const SDL_Event *ev, bool *dirty);
};

extern const struct wb_task *const wb_tasks[];
extern const size_t wb_n_tasks;

extern const struct wb_task wb_task_display, wb_task_screen, wb_task_dump, wb_task_feed, wb_task_publish,
	wb_task_watchdog, wb_task_server, wb_task_update, wb_task_health, wb_task_managed, wb_task_mdns;

/* task_display.c: the display and its renderer. init reads the options
 * (and WALLBOARD_TEST_NO_DISPLAY_WHILE=FILE, which fails every open as "no
 * connector" while FILE exists, for tests without hardware). open is the first attempt: WB_OK
 * with the display up, or WB_OK and the board headless, waiting for it, when
 * a display system exists (app->renderer NULL meanwhile); WB_ERR_DISPLAY,
 * err set, when there is nothing a display could ever appear on. */
void wb_task_display_init(struct wb_app *app, const struct wb_app_options *o);
enum wb_status wb_task_display_open(struct wb_app *app, struct wb_error *err);

/* task_screen.c: the screen schedule, burn-in shift and HDMI-CEC. */
void wb_task_screen_init(struct wb_app *app);
void wb_task_screen_fini(struct wb_app *app);

/* task_feed.c: the fetcher and the updates it queues. */
void wb_task_feed_set_host(struct wb_app *app); /* after the feed URL changed */
void wb_task_feed_load_cache(struct wb_app *app);
enum wb_status wb_task_feed_start(struct wb_app *app, struct wb_error *err);
void wb_task_feed_stop(struct wb_app *app);

/* task_server.c: the HTTP server's side of the main thread. */
void wb_task_server_prepare_pairing(struct wb_app *app);
/* Not started (and WB_OK) when http.enabled is false. */
enum wb_status wb_task_server_start(struct wb_app *app, const struct wb_app_options *o, struct wb_error *err);
void wb_task_server_stop(struct wb_app *app);
/* A new config for the running board (the server's, or the layers
 * resolved again by the main thread when there is no server): everything
 * that depends on it follows (fetcher, rules, clock, updates, the picture). */
void wb_task_server_apply_config(struct wb_app *app, const struct wb_config *cfg);

/* task_publish.c: publishes now, so that an API client that saw its change
 * confirmed (the response, or the log line after it) reads it back. */
void wb_task_publish_now(struct wb_app *app);

/* state_file.c. read: the file's contents (caller frees), NULL when absent,
 * unreadable (said in the log) or without a state dir. write takes json
 * (NULL is fine) and writes it when it changed, at most every
 * WB_APP_STATE_SAVE_MS unless force. fini frees what was kept. */
struct wb_app;
char *wb_app_state_read(const struct wb_app *app, const char *name, const char *what, size_t *len);
void wb_app_state_write(struct wb_app *app, struct wb_app_state_file *f, char *json, int64_t mono_ms,
			bool force);
void wb_app_state_fini(struct wb_app_state_file *f);

/* task_trend.c: the board's own hourly record for the tiles' trends (issue
 * 15), observed per applied poll like the rules and kept in the state dir. */
void wb_task_trend_init(struct wb_app *app);
void wb_task_trend_update(struct wb_app *app, int64_t mono_ms);
void wb_task_trend_fini(struct wb_app *app); /* saves the record a last time */

/* task_rules.c: local alert rules; not a row of the table, because they run
 * per applied poll and config change, not per pass. */
void wb_task_rules_init(struct wb_app *app);
/* learn: a poll was applied, so the rules see new figures; otherwise only
 * the alerts' texts are rebuilt (a new language or rule set). */
void wb_task_rules_update(struct wb_app *app, int64_t mono_ms, bool learn);
void wb_task_rules_fini(struct wb_app *app); /* saves the baselines a last time */

/* task_clock.c: the system clock's state, clock.ntp for timesyncd and the
 * first-boot report; not a row of the table, nothing here runs per pass.
 * init reads the options and WALLBOARD_TEST_CLOCK_SYNCHRONIZED=0|1, which
 * tests use to say whether the clock counts as synchronised (a test host's
 * own clock may be either), and reads the boot report once. */
void wb_task_clock_init(struct wb_app *app, const struct wb_app_options *o);
/* After clock.ntp may have changed (and at start): writes --ntp-file when
 * its content differs from what was last written. */
void wb_task_clock_apply_config(struct wb_app *app);
bool wb_task_clock_synchronized(const struct wb_app *app);

/* task_update.c: the updater (uploads and the pull). init creates it when
 * there is an update directory (--update-dir, else <state-dir>/update);
 * app.c runs its pull on a thread. */
void wb_task_update_init(struct wb_app *app, const struct wb_app_options *o);
void wb_task_update_fini(struct wb_app *app); /* after the thread was joined */
void wb_task_update_set_config(struct wb_app *app);

/* task_managed.c: central management (managed.url, managed.report_url).
 * load (in configure, once app->cfg is resolved without it) reads the last
 * good document from the state dir (valid and for the URL in use) and makes
 * it app->layers' managed layer, so the first poll already follows it; init
 * creates the object with it (its ETag goes with the first poll); app.c runs
 * its thread. device_id is copied. */
void wb_task_managed_load(struct wb_app *app, const char *device_id);
void wb_task_managed_init(struct wb_app *app);
void wb_task_managed_fini(struct wb_app *app); /* after the thread was joined */
void wb_task_managed_set_config(struct wb_app *app);
/* Where the status is published: hands it (copied) and its state key to the
 * reports. */
void wb_task_managed_publish(struct wb_app *app, const struct wb_view *view, const char *status_json);

/* managed_apply.c: the managed layer. The validator judges a managed
 * document as a whole (wb_config_managed_read) on the managed thread (ctx:
 * the app, not touched there); apply runs on the main thread with each new
 * good document, or json NULL when managed.url was emptied: the layers are
 * resolved again (the server's, while it runs) and the result applied live;
 * live false (at start): only app->layers changes, the caller resolves. */
enum wb_status wb_app_validate_managed(const char *json, size_t len, struct wb_problems *problems, void *ctx);
void wb_app_apply_managed(struct wb_app *app, const char *json, size_t len, bool live);

/* task_health.c: --health-file, read by the image to commit a new slot. */
void wb_task_health_init(struct wb_app *app, const struct wb_app_options *o);

/* task_mdns.c: the avahi service file in --mdns-dir (docs/image.md),
 * rewritten when the id, name or port change; removed at exit. */
void wb_task_mdns_init(struct wb_app *app, const struct wb_app_options *o);
void wb_task_mdns_fini(struct wb_app *app);

/* task_watchdog.c: systemd's READY, WATCHDOG and STOPPING. */
void wb_task_watchdog_init(struct wb_app *app);
void wb_task_watchdog_fini(struct wb_app *app);

#endif
