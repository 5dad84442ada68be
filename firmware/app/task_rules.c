/* Local alert rules: run on each applied poll (task_feed.c) and after a
 * config change, merged into the alerts on screen. Their baselines survive
 * restarts in the state directory; not a row of the task table, because
 * nothing here happens per pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/clock.h"
#include "wallboard/fsutil.h"
#include "wallboard/rules.h"

#include "app.h"

#define RULES_SAVE_MS (5 * 60 * 1000) /* baselines change slowly; spare the SD card */
#define RULES_STATE_MAX_BYTES (1024 * 1024)

static void rules_state_path(const struct wb_app *app, char *out, size_t size)
{
	snprintf(out, size, "%s/rules-state.json", app->state_dir);
}

void wb_task_rules_init(struct wb_app *app)
{
	char path[WB_PATH_MAX + 32];
	char *text = NULL;
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	if (app->state_dir[0]) {
		rules_state_path(app, path, sizeof path);
		enum wb_status st = wb_fs_read_file(path, RULES_STATE_MAX_BYTES, &text, &len, &err);
		if (st == WB_OK && wb_rules_state_deserialize(text, len, &app->rules.state, &err) != WB_OK)
			wb_app_say("alerts: %s is damaged (%s); spike baselines start again", path,
				   err.message);
		else if (st != WB_OK && st != WB_ERR_NOT_FOUND)
			wb_app_say("alerts: %s", err.message);
		free(text);
	}
	if (!app->rules.state)
		app->rules.state = wb_rules_state_create();
}

/* Baselines survive restarts; written when changed, at most every few
 * minutes (and at exit), so the SD card is not worn by every poll. */
static void save_rules_state(struct wb_app *app, int64_t mono_ms, bool force)
{
	if (!app->rules.state || !app->state_dir[0])
		return;
	if (!force && app->rules.saved_ms && mono_ms - app->rules.saved_ms < RULES_SAVE_MS)
		return;
	char *json = wb_rules_state_serialize(app->rules.state);
	if (!json || (app->rules.saved && strcmp(json, app->rules.saved) == 0)) {
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
	free(app->rules.saved);
	app->rules.saved = json;
	app->rules.saved_ms = mono_ms;
}

void wb_task_rules_update(struct wb_app *app, int64_t mono_ms, bool learn)
{
	if (!app->rules.state || !app->board.snapshot)
		return;
	if (learn && wb_rules_update(app->rules.state, &app->cfg.alerts, app->board.snapshot,
				     wb_board_server_now_ms(&app->board, mono_ms)) != WB_OK)
		wb_app_say("alerts: out of memory while applying the alert rules");
	struct wb_alert *local = NULL;
	size_t n = 0;
	if (wb_rules_alerts(app->rules.state, app->cfg.display.language, &local, &n) == WB_OK) {
		if (wb_board_merge_local_alerts(&app->board, local, n) != WB_OK)
			wb_app_say("alerts: out of memory; showing the feed's alerts only");
		wb_alerts_free(local, n);
	}
	save_rules_state(app, mono_ms, false);
}

void wb_task_rules_fini(struct wb_app *app)
{
	save_rules_state(app, wb_clock_mono_ms(), true);
	wb_rules_state_destroy(app->rules.state);
	app->rules.state = NULL;
	free(app->rules.saved);
	app->rules.saved = NULL;
}
