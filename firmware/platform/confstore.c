/* The runtime config on disk. Two files instead of one so that a file found
 * corrupt at start (a bad SD card sector, a hand edit) costs only the last
 * change, never the whole setup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/config.h"
#include "wallboard/limits.h"
#include "wallboard/confstore.h"
#include "wallboard/fsutil.h"

#define CONFIG_FILE "config.json"
#define LAST_GOOD_FILE "config.last-good.json"

static enum wb_status state_path(char *out, size_t size, const char *dir, const char *name,
				 struct wb_error *err)
{
	if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size) {
		wb_error_set(err, "", "state directory path too long: %s", dir);
		return WB_ERR_INVALID;
	}
	return WB_OK;
}

enum wb_status wb_confstore_read(const char *path, struct wb_config *cfg, struct wb_problems *problems,
				 struct wb_error *err)
{
	char *text;
	size_t len;
	enum wb_status st = wb_fs_read_file(path, WB_CONFIG_FILE_MAX_BYTES, &text, &len, err);
	if (st != WB_OK)
		return st;
	st = wb_config_parse(text, len, cfg, problems);
	free(text);
	if (st != WB_OK)
		wb_error_set(err, "", "%s is not a valid config", path);
	return st;
}

/* The first problem of a file, for a one-line warning. */
static void first_problem(const struct wb_problems *problems, const struct wb_error *err, char *out,
			  size_t size)
{
	if (problems->count > 0)
		wb_error_format(&problems->items[0], out, size);
	else
		snprintf(out, size, "%s", err->message);
}

enum wb_status wb_confstore_load_state(const char *state_dir, struct wb_config *cfg, char *warning,
				       size_t warning_size, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32];
	struct wb_problems problems;
	warning[0] = '\0';
	enum wb_status st = state_path(path, sizeof path, state_dir, CONFIG_FILE, err);
	if (st != WB_OK)
		return st;
	wb_problems_clear(&problems);
	st = wb_confstore_read(path, cfg, &problems, err);
	if (st == WB_OK || st == WB_ERR_NOT_FOUND)
		return st;

	char why[300];
	first_problem(&problems, err, why, sizeof why);
	char fallback[WB_PATH_MAX + 32];
	struct wb_error fallback_err;
	wb_error_clear(&fallback_err);
	wb_problems_clear(&problems);
	if (state_path(fallback, sizeof fallback, state_dir, LAST_GOOD_FILE, &fallback_err) == WB_OK &&
	    wb_confstore_read(fallback, cfg, &problems, &fallback_err) == WB_OK) {
		snprintf(warning, warning_size, "%s is damaged (%s); running on the last good copy", path,
			 why);
		return WB_OK;
	}
	wb_error_set(err, "", "%s is damaged (%s) and there is no good copy", path, why);
	return WB_ERR_INVALID;
}

enum wb_status wb_confstore_save(const char *state_dir, const struct wb_config *cfg, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32], last_good[WB_PATH_MAX + 32];
	enum wb_status st = state_path(path, sizeof path, state_dir, CONFIG_FILE, err);
	if (st == WB_OK)
		st = state_path(last_good, sizeof last_good, state_dir, LAST_GOOD_FILE, err);
	if (st != WB_OK)
		return st;
	char *json = wb_config_to_json(cfg, WB_CONFIG_FOR_STATE);
	if (!json) {
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	/* Only a current file that still reads back becomes the last good copy:
	 * a damaged one must not push out the copy we would need. */
	char *old;
	size_t old_len;
	struct wb_error read_err;
	wb_error_clear(&read_err);
	if (wb_fs_read_file(path, WB_CONFIG_FILE_MAX_BYTES, &old, &old_len, &read_err) == WB_OK) {
		struct wb_config scratch;
		wb_config_defaults(&scratch);
		if (wb_config_parse(old, old_len, &scratch, NULL) == WB_OK)
			st = wb_fs_write_atomic_mode(last_good, old, old_len, 0600, err);
		free(old);
	}
	if (st == WB_OK)
		st = wb_fs_write_atomic_mode(path, json, strlen(json), 0600, err);
	free(json);
	return st;
}
