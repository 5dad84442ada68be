/* The one-shot modes: check a config file (--check-config), merge one into
 * the saved config (--import-config, the image's first boot), or render one
 * frame to a PNG (--screenshot). Each returns the program's exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "wallboard/auth.h"
#include "wallboard/board.h"
#include "wallboard/config.h"
#include "wallboard/display.h"
#include "wallboard/fetch.h"
#include "wallboard/limits.h"
#include "wallboard/clock.h"
#include "wallboard/confstore.h"
#include "wallboard/fsutil.h"
#include "wallboard/render.h"
#include "wallboard/view.h"

#include "app.h"

int wb_app_check_config(const char *path)
{
	struct wb_config cfg;
	wb_config_defaults(&cfg);
	if (wb_app_load_config_file(path, &cfg) != 0)
		return 2;
	printf("%s: ok\n", path);
	return 0;
}

static const char *state_dir_of(const struct wb_app_options *o)
{
	return o->state_dir ? o->state_dir : WB_APP_DEFAULT_STATE_DIR;
}

/* --print-hostname: what the image's first-boot service names the system,
 * from the config layers (the saved state included) and the hardware, never
 * from the name the system has now. Writes nothing. */
int wb_app_print_hostname(const struct wb_app_options *o)
{
	struct wb_config *cfg = malloc(sizeof *cfg);
	struct wb_config_layers layers;
	char warning[WB_ERROR_TEXT_MAX] = "";
	bool saved_warning;
	wb_config_layers_init(&layers);
	int rc = cfg &&
				 wb_app_load_layers(o, state_dir_of(o), false, &layers, warning,
						    sizeof warning, &saved_warning) == 0 &&
				 wb_app_resolve_layers(&layers, cfg, warning, sizeof warning) == 0
			 ? 0
			 : 2;
	if (rc == 0) {
		struct wb_device_identity who;
		wb_app_resolve_device(cfg, NULL, &who);
		printf("%s\n", who.hostname);
		rc = fflush(stdout) == 0 ? 0 : 1;
	}
	wb_config_layers_fini(&layers);
	if (cfg)
		sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
	return rc;
}

/* --import-config: what the image's first-boot service runs for a
 * wallboard.json found on the boot partition. */
int wb_app_import_config(const struct wb_app_options *o)
{
	char warning[WB_ERROR_TEXT_MAX] = "";
	struct wb_error err;
	wb_error_clear(&err);
	const char *dir = state_dir_of(o);
	if (wb_auth_init(&err) != WB_OK || wb_fs_mkdirs(dir, &err) != WB_OK) {
		wb_app_say("import: %s", err.message);
		return 1;
	}
	/* Large (the config's buffers): on the heap. cur: what the board runs
	 * on now; lower: the layers under the device's own changes. */
	struct wb_config *cur = malloc(sizeof *cur), *next = malloc(sizeof *next),
			 *lower = malloc(sizeof *lower);
	struct wb_config_layers layers;
	wb_config_layers_init(&layers);
	char *text = NULL, *fragment = NULL;
	size_t len = 0;
	int rc = 2;
	enum wb_status st = WB_ERR_NOMEM;
	if (!cur || !next || !lower)
		goto out;
	/* The file alone must be valid: its problems carry its own paths. */
	wb_config_defaults(cur);
	if (wb_app_load_config_file(o->import_config_path, cur) != 0)
		goto out;
	rc = 1;
	bool saved_warning;
	if (wb_app_load_layers(o, dir, true, &layers, warning, sizeof warning, &saved_warning) != 0 ||
	    wb_app_resolve_layers(&layers, cur, warning, sizeof warning) != 0 ||
	    wb_config_layers_resolve(&layers, WB_CONFIG_LAYER_MANAGED, lower, NULL, NULL) != WB_OK)
		goto out;
	st = wb_fs_read_file(o->import_config_path, WB_CONFIG_FILE_MAX_BYTES, &text, &len, &err);
	if (st != WB_OK)
		goto out;
	/* The file as a merge patch over what the board runs on (config module). */
	struct wb_problems problems;
	wb_problems_clear(&problems);
	st = wb_config_import(cur, text, len, next, &problems);
	if (st == WB_ERR_INVALID) {
		wb_app_print_problems(o->import_config_path, &problems);
		rc = 2;
		goto out;
	}
	if (st != WB_OK)
		goto out;
	wb_auth_seal_config(next);
	if (strcmp(next->admin.token_hash, cur->admin.token_hash) != 0 &&
	    (st = wb_confstore_save_admin(dir, next->admin.token_hash, &err)) != WB_OK)
		goto out;
	st = (fragment = wb_config_layers_diff(next, lower)) ? wb_confstore_save_device(dir, fragment, &err)
							     : WB_ERR_NOMEM;
	if (st == WB_OK) {
		wb_app_say("import: merged %s into %s/config.json", o->import_config_path, dir);
		rc = 0;
	}
out:
	if (rc == 1)
		wb_app_say("import: %s", err.message[0] ? err.message : wb_strerror(st));
	free(text);
	free(fragment);
	wb_config_layers_fini(&layers);
	if (cur)
		sodium_memzero(cur, sizeof *cur);
	if (next)
		sodium_memzero(next, sizeof *next);
	if (lower)
		sodium_memzero(lower, sizeof *lower);
	free(cur);
	free(next);
	free(lower);
	return rc;
}

/* --describe: the frame just drawn, as JSON, written whole or not at all. */
static int write_description(const struct wb_renderer *renderer, const char *path)
{
	cJSON *json = wb_renderer_describe(renderer);
	char *text = json ? cJSON_Print(json) : NULL;
	cJSON_Delete(json);
	if (!text) {
		wb_app_say("describe: out of memory");
		return 1;
	}
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_fs_write_atomic_mode(path, text, strlen(text), 0644, &err);
	free(text);
	if (st != WB_OK) {
		wb_app_say("describe: %s", err.message);
		return 1;
	}
	wb_app_say("describe: wrote %s", path);
	return 0;
}

static int render_screenshot(const struct wb_app_options *o, const struct wb_config *cfg)
{
	if (!cfg->feed.url[0]) {
		wb_app_say("screenshot: no feed URL (use --feed URL or feed.url in the config)");
		return 2;
	}
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fetch_global_init(&err) != WB_OK) {
		wb_app_say("%s", err.message);
		return 1;
	}
	int rc = 1;
	struct wb_board board;
	wb_board_init(&board);
	struct wb_display display;
	bool sdl_up = false, display_up = false;
	struct wb_renderer *renderer = NULL;
	struct wb_tz *tz = NULL;

	struct wb_feed_update *up = wb_fetch_once(cfg, NULL);
	if (!up) {
		wb_app_say("screenshot: out of memory");
		goto out;
	}
	if (up->outcome != WB_FETCH_UPDATED) {
		wb_app_say("screenshot: cannot get the feed from %s: %s", cfg->feed.url, up->error);
		goto out;
	}
	wb_board_apply(&board, up);

	if (wb_app_sdl_init(false, &err) != WB_OK) {
		wb_app_say("%s", err.message);
		goto out;
	}
	sdl_up = true;
	if (wb_display_open_surface(&display, o->width, o->height, &err) != WB_OK) {
		wb_app_say("screenshot: %s", err.message);
		goto out;
	}
	display_up = true;
	renderer = wb_renderer_create(display.renderer, display.surface, &err);
	if (!renderer) {
		wb_app_say("screenshot: %s", err.message);
		goto out;
	}
	struct wb_view view;
	int64_t mono = wb_clock_mono_ms();
	wb_board_view(&board, cfg, mono, wb_clock_wall_ms(), &view);
	tz = wb_app_open_time_zone(cfg->sla.time_zone); /* the clock as the board shows it */
	view.tz = tz;
	if (o->now_text) {
		/* A fixed instant makes the picture reproducible: timers, clock, ages. */
		view.server_now_ms = o->now_ms;
		view.wall_now_ms = o->now_ms;
		view.anim_ms = 0;
		view.data_age_s = 0;
	}
	wb_renderer_draw(renderer, &view, o->width, o->height);
	if (wb_display_save_png(&display, o->screenshot_path, 0644, &err) != WB_OK) {
		wb_app_say("screenshot: %s", err.message);
		goto out;
	}
	wb_app_say("screenshot: wrote %s (%dx%d)", o->screenshot_path, o->width, o->height);
	if (o->describe_path && write_description(renderer, o->describe_path) != 0)
		goto out;
	rc = 0;
out:
	wb_renderer_destroy(renderer);
	wb_tz_destroy(tz);
	if (display_up)
		wb_display_close(&display);
	if (sdl_up)
		wb_app_sdl_quit();
	wb_feed_update_free(up);
	wb_board_fini(&board);
	wb_fetch_global_cleanup();
	return rc;
}

/* --screenshot: the config as for the board, but a bad file is an error
 * here, since nobody would see the board's warning. */
int wb_app_screenshot(const struct wb_app_options *o)
{
	/* Large (the config's buffers): on the heap, not the stack. */
	struct wb_config *cfg = calloc(1, sizeof *cfg);
	if (!cfg) {
		wb_app_say("screenshot: out of memory");
		return 1;
	}
	char warning[WB_ERROR_TEXT_MAX] = "";
	int rc = 2;
	if (wb_app_load_base_config(o, cfg, true, warning, sizeof warning) &&
	    wb_app_apply_overrides(o, cfg) == 0)
		rc = render_screenshot(o, cfg);
	sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
	return rc;
}
