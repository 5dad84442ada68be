/* A module's state kept as one JSON file in the state directory (the alert
 * rules' baselines, the trend record): read at start, written atomically
 * when it changed, at most every WB_APP_STATE_SAVE_MS and at exit, so the SD
 * card is not worn by every poll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/fsutil.h"

#include "app.h"

#define STATE_FILE_MAX_BYTES (1024 * 1024)

static void state_path(const struct wb_app *app, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", app->state_dir, name);
}

char *wb_app_state_read(const struct wb_app *app, const char *name, const char *what, size_t *len)
{
	char path[WB_PATH_MAX + 64];
	char *text = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	*len = 0;
	if (!app->state_dir[0])
		return NULL;
	state_path(app, name, path, sizeof path);
	enum wb_status st = wb_fs_read_file(path, STATE_FILE_MAX_BYTES, &text, len, &err);
	if (st != WB_OK && st != WB_ERR_NOT_FOUND)
		wb_app_say("%s: %s", what, err.message);
	return st == WB_OK ? text : NULL;
}

void wb_app_state_write(struct wb_app *app, struct wb_app_state_file *f, char *json, int64_t mono_ms,
			bool force)
{
	if (!json || !app->state_dir[0] ||
	    (!force && f->saved_ms && mono_ms - f->saved_ms < WB_APP_STATE_SAVE_MS) ||
	    (f->saved && strcmp(json, f->saved) == 0)) {
		free(json);
		return;
	}
	char path[WB_PATH_MAX + 64];
	struct wb_error err;
	wb_error_clear(&err);
	state_path(app, f->name, path, sizeof path);
	if (wb_fs_write_atomic(path, json, strlen(json), &err) != WB_OK) {
		/* Once when it starts failing (a full disk would say it at every
		 * save), and kept for /api/v1/status's storage. */
		if (!f->error[0])
			wb_app_say("%s: cannot keep %s: %s", f->what, f->name, err.message);
		snprintf(f->error, sizeof f->error, "%s", err.message);
		f->saved_ms = mono_ms; /* the next try waits its turn like a save */
		free(json);
		return;
	}
	if (f->error[0])
		wb_app_say("%s: keeping %s again", f->what, f->name);
	f->error[0] = '\0';
	free(f->saved);
	f->saved = json;
	f->saved_ms = mono_ms;
}

void wb_app_state_fini(struct wb_app_state_file *f)
{
	free(f->saved);
	f->saved = NULL;
}
