/* SIGUSR1: writes status.json and screenshot.png of the next frame into the
 * state directory, for looking at a board nobody can stand in front of. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/layout.h"
#include "wallboard/fsutil.h"
#include "wallboard/report.h"

#include "app.h"

static void dump_state(struct wb_app *app, const struct wb_view *view)
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
	if (w <= 0 || h <= 0) {
		wb_app_say("dump: no display yet, so no frame to write");
		return;
	}
	struct wb_layout layout;
	wb_view_layout(view, w, h, &layout);
	char *json = wb_report_status_json(view, &layout, w, h, app->board.etag);
	if (!json) {
		wb_app_say("dump: out of memory");
		return;
	}
	/* 0600 like every file in the state directory. The frame handed here
	 * was drawn without the pairing code (loop.c's draw). */
	snprintf(path, sizeof(path), "%s/screenshot.png", app->state_dir);
	enum wb_status st = wb_display_save_png(&app->display, path, 0600, &err);
	if (st == WB_OK) {
		snprintf(path, sizeof(path), "%s/status.json", app->state_dir);
		st = wb_fs_write_atomic(path, json, strlen(json), &err);
	}
	free(json);
	if (st != WB_OK)
		wb_app_say("dump: %s", err.message);
	else
		wb_app_say("dump: wrote %s/status.json and %s/screenshot.png", app->state_dir,
			   app->state_dir);
}

/* Takes the flag the signal handler set: this pass draws, and dumps. */
static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	(void)mono_ms;
	if (!*app->dump.requested)
		return false;
	*app->dump.requested = 0;
	app->dump.wanted = true;
	return true;
}

static void on_frame(struct wb_app *app, const struct wb_view *view)
{
	if (!app->dump.wanted)
		return;
	app->dump.wanted = false;
	dump_state(app, view);
}

static bool sends_frame(const struct wb_app *app)
{
	return app->dump.wanted;
}

const struct wb_task wb_task_dump = {
	.name = "dump",
	.before_draw = before_draw,
	.on_frame = on_frame,
	.sends_frame = sends_frame,
};
