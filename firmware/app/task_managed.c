/* Central management on the main thread: creates the managed object (with
 * the last good document from the state dir), takes each new document it
 * hands over and applies it (wb_app_apply_managed), hands it new configs and
 * the status to report, and copies its state once a second for
 * /api/v1/status. The transfers run on the thread app.c starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/clock.h"
#include "wallboard/managed.h"
#include "wallboard/timeutil.h"

#include "app.h"

#define STATUS_REFRESH_MS 1000

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	wb_app_say("%s", line);
}

static void notify(void *ctx)
{
	const struct wb_app *app = ctx;
	wb_app_wake(app, app->managed.event);
}

/* The saved document, when it is for the URL in use and still valid. */
static bool load_last_good(struct wb_app *app, struct wb_fleet_saved *saved)
{
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_managed_load_last_good(app->state_dir, saved, &err);
	if (st == WB_ERR_NOT_FOUND)
		return false;
	if (st != WB_OK) {
		wb_app_say("managed: ignoring the saved document: %s", err.message);
		return false;
	}
	char url[WB_URL_MAX];
	bool ok = false;
	if (!app->cfg.managed.url[0]) {
		/* Managed is off: the saved document does not apply. */
	} else if (wb_fleet_url(app->cfg.managed.url, app->managed.device_id, url, sizeof url) != WB_OK ||
		   strcmp(url, saved->url) != 0) {
		wb_app_say("managed: the saved document is from %s, not managed.url: ignored", saved->url);
	} else {
		struct wb_problems *problems = calloc(1, sizeof *problems);
		ok = problems && wb_app_validate_managed(saved->doc, saved->len, problems, app) == WB_OK;
		if (!ok)
			wb_app_say("managed: the saved document is no longer valid%s%s: ignored",
				   problems && problems->count ? ": " : "",
				   problems && problems->count ? problems->items[0].path : "");
		free(problems);
	}
	if (ok) {
		char when[40] = "";
		wb_time_format_rfc3339(saved->received_wall_ms, when, sizeof when);
		wb_app_say("managed: last good document from %s (received %s)", saved->url, when);
	} else {
		wb_fleet_saved_fini(saved);
	}
	return ok;
}

void wb_task_managed_load(struct wb_app *app, const char *device_id)
{
	snprintf(app->managed.device_id, sizeof app->managed.device_id, "%s", device_id);
	if (app->state_dir[0] && load_last_good(app, &app->managed.saved))
		wb_app_apply_managed(app, app->managed.saved.doc, app->managed.saved.len, false);
}

void wb_task_managed_init(struct wb_app *app)
{
	struct wb_error err;
	wb_error_clear(&err);
	struct wb_fleet_saved saved = app->managed.saved;
	app->managed.saved = (struct wb_fleet_saved){ 0 };
	bool have_saved = saved.doc != NULL;
	struct wb_managed_options opt = {
		.state_dir = app->state_dir,
		.device_id = app->managed.device_id,
		.version = WB_VERSION,
		.validate = wb_app_validate_managed,
		.validate_ctx = app,
		.notify = notify,
		.log = log_line,
		.ctx = app,
		.initial = have_saved ? &saved : NULL,
	};
	app->managed.m = wb_managed_create(&app->cfg, &opt, &err);
	if (!app->managed.m)
		wb_app_say("managed: off: %s", err.message);
	wb_fleet_saved_fini(&saved);
	if (app->managed.m)
		wb_managed_status(app->managed.m, &app->managed.status);
}

void wb_task_managed_fini(struct wb_app *app)
{
	wb_managed_destroy(app->managed.m);
	app->managed.m = NULL;
	wb_fleet_saved_fini(&app->managed.saved);
}

void wb_task_managed_set_config(struct wb_app *app)
{
	if (app->managed.m)
		wb_managed_set_config(app->managed.m, &app->cfg);
}

void wb_task_managed_publish(struct wb_app *app, const struct wb_view *view, const char *status_json)
{
	if (!app->managed.m || !app->cfg.managed.report_url[0])
		return;
	char key[WB_FLEET_STATE_KEY_MAX];
	wb_fleet_state_key(view, app->cfg.feed.url[0] != '\0',
			   app->update.updater ? &app->update.status : NULL, key, sizeof key);
	wb_managed_publish(app->managed.m, status_json, key);
}

/* Takes what the thread handed over; true when a document was applied. */
static bool take(struct wb_app *app)
{
	char *json = NULL;
	size_t len = 0;
	if (!app->managed.m || !wb_managed_take(app->managed.m, &json, &len))
		return false;
	wb_app_apply_managed(app, json, len, true);
	free(json);
	return true;
}

static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	bool changed = take(app);
	if (app->managed.m &&
	    (!app->managed.refreshed_ms || mono_ms - app->managed.refreshed_ms >= STATUS_REFRESH_MS)) {
		app->managed.refreshed_ms = mono_ms;
		wb_managed_status(app->managed.m, &app->managed.status);
	}
	return changed;
}

static bool on_event(struct wb_app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type != app->managed.event)
		return false;
	if (take(app))
		*dirty = true;
	return true;
}

const struct wb_task wb_task_managed = {
	.name = "managed",
	.before_draw = before_draw,
	.on_event = on_event,
};
