/* The board's own hourly record for the tiles' trends (issue 15): observed
 * on each applied poll (task_feed.c, next to the alert rules), handed to the
 * view, and kept across restarts in the state directory. Not a row of the
 * task table: nothing here happens per pass. */
#include <stdlib.h>

#include "wallboard/clock.h"
#include "wallboard/mathx.h"
#include "wallboard/trend.h"

#include "app.h"

void wb_task_trend_init(struct wb_app *app)
{
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	app->trend.file = (struct wb_app_state_file){ .name = "trend-state.json", .what = "trends" };
	char *text = wb_app_state_read(app, app->trend.file.name, app->trend.file.what, &len);
	if (text && wb_trend_deserialize(text, len, &app->trend.record, &err) != WB_OK)
		wb_app_say("trends: %s/%s is damaged (%s at %s); the hourly series start again",
			   app->state_dir, app->trend.file.name, err.message, err.path);
	else if (text)
		wb_app_say("trends: loaded %s/%s", app->state_dir, app->trend.file.name);
	free(text);
	if (!app->trend.record)
		app->trend.record = wb_trend_create();
	if (!app->trend.record)
		wb_app_say("trends: out of memory; tiles show the feed's trends only");
}

void wb_task_trend_update(struct wb_app *app, int64_t mono_ms)
{
	if (!app->trend.record || !app->board.snapshot)
		return;
	wb_trend_observe(app->trend.record, app->board.snapshot);
	/* Saved when a poll opens a new feed hour, not every few minutes: the
	 * hour just completed is then on disk, and a power cut loses at most
	 * the hour in progress, which the next poll in it fills again. Every
	 * save is two flushes of the SD card; the image's boot test holds the
	 * board to at most 1000 a day. */
	int64_t hour = wb_floor_div(app->board.snapshot->generated_at_ms, 3600000);
	if (app->trend.saved_any && hour == app->trend.saved_hour)
		return;
	app->trend.saved_hour = hour;
	app->trend.saved_any = true;
	wb_app_state_write(app, &app->trend.file, wb_trend_serialize(app->trend.record), mono_ms, true);
}

void wb_task_trend_fini(struct wb_app *app)
{
	if (app->trend.record)
		wb_app_state_write(app, &app->trend.file, wb_trend_serialize(app->trend.record),
				   wb_clock_mono_ms(), true);
	wb_trend_destroy(app->trend.record);
	app->trend.record = NULL;
	wb_app_state_fini(&app->trend.file);
}
