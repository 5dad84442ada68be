/* The program's private header: what the files of firmware/app/ share. Not
 * part of include/wallboard/, because nothing outside the program may use it:
 * the options, the config layers, the one-shot modes and the running board. */
#ifndef WALLBOARD_APP_H
#define WALLBOARD_APP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"
#include "wallboard/status.h"

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
	int64_t now_ms; /* --now as Unix ms; valid when now_text is set */
	int width, height;
	bool size_given;
	bool windowed;
};

/* log.c: one line on stderr, "wallboard: " first; flushed, because the
 * integration tests and journald read it as it comes. */
void wb_app_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* options.c. Returns -1 on a usage error (already reported), 1 when the
 * program should exit 0 (--help, --version), 0 to go on. */
int wb_app_parse_options(int argc, char **argv, struct wb_app_options *o);

/* config_layers.c: defaults, then --config, then the state directory's saved
 * changes, then --feed/--token. */

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
/* All the layers for the running board; state_dir "" skips the saved
 * changes. *source becomes "defaults", "file" or "state". Returns 0, or -1
 * (reported) when an override does not fit. */
int wb_app_load_board_config(const struct wb_app_options *o, const char *state_dir, struct wb_config *cfg,
                             const char **source, char *warning, size_t warning_size);

/* oneshot.c: the modes that do one thing and exit; each returns the exit
 * code (0 done, 1 failed, 2 bad input). */
int wb_app_check_config(const char *path);
int wb_app_import_config(const struct wb_app_options *o);
int wb_app_screenshot(const struct wb_app_options *o);

/* SDL, SDL_ttf and SDL_image together (video: a display, not only a
 * software surface); wb_app_sdl_quit undoes it. */
enum wb_status wb_app_sdl_init(bool video, struct wb_error *err);
void wb_app_sdl_quit(void);

/* app.c: runs the board until asked to quit; returns the exit code.
 * dump_requested is the program's signal flag, set by on_dump (SIGUSR1). */
int wb_app_run(const struct wb_app_options *o, volatile sig_atomic_t *dump_requested,
               void (*on_dump)(int sig));

#endif
