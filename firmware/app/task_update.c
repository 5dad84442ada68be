/* The updater on the main thread: creates it, hands it new configs, and
 * reads its status once a second for the start screen (a rollback line),
 * /api/v1/status and /metrics. The pull itself runs on a thread that app.c
 * starts; uploads arrive on the server's connection threads. */
#include <stdio.h>
#include <string.h>

#include "wallboard/updater.h"

#include "app.h"

#define STATUS_REFRESH_MS 1000

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	wb_app_say("%s", line);
}

void wb_task_update_init(struct wb_app *app, const struct wb_app_options *o)
{
	struct wb_error err;
	wb_error_clear(&err);
	wb_update_info_unknown(&app->update.status.info);
	if (o->update_dir)
		snprintf(app->update.dir, sizeof app->update.dir, "%s", o->update_dir);
	else if (app->state_dir[0])
		snprintf(app->update.dir, sizeof app->update.dir, "%s/update", app->state_dir);
	if (!app->update.dir[0]) {
		wb_app_say("update: off (no state directory for the update files)");
		return;
	}
	struct wb_updater_options opt = {
		.update_dir = app->update.dir,
		.firmware_version = WB_VERSION,
		.device_id = app->device_id,
		.log = log_line,
		.ctx = app,
	};
	app->update.updater = wb_updater_create(&app->cfg, &opt, &err);
	if (!app->update.updater)
		wb_app_say("update: off: %s", err.message);
}

void wb_task_update_fini(struct wb_app *app)
{
	wb_updater_destroy(app->update.updater);
	app->update.updater = NULL;
}

void wb_task_update_set_config(struct wb_app *app)
{
	if (app->update.updater)
		wb_updater_set_config(app->update.updater, &app->cfg);
}

/* true when the start screen's line changed. */
static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	if (!app->update.updater ||
	    (app->update.refreshed_ms && mono_ms - app->update.refreshed_ms < STATUS_REFRESH_MS))
		return false;
	app->update.refreshed_ms = mono_ms;
	wb_updater_status(app->update.updater, &app->update.status);
	char notice[sizeof app->update.notice];
	wb_update_notice(&app->update.status, app->cfg.display.language, notice, sizeof notice);
	if (strcmp(notice, app->update.notice) == 0)
		return false;
	if (notice[0])
		wb_app_say("update: %s", notice);
	memcpy(app->update.notice, notice, sizeof notice);
	return true;
}

const struct wb_task wb_task_update = {
	.name = "update",
	.before_draw = before_draw,
};
