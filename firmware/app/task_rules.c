/* Local alert rules: run on each applied poll (task_feed.c) and after a
 * config change, merged into the alerts on screen. Their baselines survive
 * restarts in the state directory; not a row of the task table, because
 * nothing here happens per pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/clock.h"
#include "wallboard/rules.h"

#include "app.h"

void wb_task_rules_init(struct wb_app *app)
{
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	app->rules.file = (struct wb_app_state_file){ .name = "rules-state.json", .what = "alerts" };
	char *text = wb_app_state_read(app, app->rules.file.name, app->rules.file.what, &len);
	if (text && wb_rules_state_deserialize(text, len, &app->rules.state, &err) != WB_OK)
		wb_app_say("alerts: %s/%s is damaged (%s); spike baselines start again", app->state_dir,
			   app->rules.file.name, err.message);
	free(text);
	if (!app->rules.state)
		app->rules.state = wb_rules_state_create();
}

/* Baselines survive restarts (state_file.c says how often they are written). */
static void save_rules_state(struct wb_app *app, int64_t mono_ms, bool force)
{
	if (app->rules.state)
		wb_app_state_write(app, &app->rules.file, wb_rules_state_serialize(app->rules.state), mono_ms,
				   force);
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
	wb_app_state_fini(&app->rules.file);
}
