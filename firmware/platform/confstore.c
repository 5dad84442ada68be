/* The device's config layer on disk, and its admin token hash apart. Two
 * files for the layer instead of one so that a file found corrupt at start
 * (a bad SD card sector, a hand edit) costs only the last change, never the
 * whole setup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wallboard/config.h"
#include "wallboard/config_fields.h"
#include "wallboard/config_layers.h"
#include "wallboard/limits.h"
#include "wallboard/confstore.h"
#include "wallboard/fsutil.h"

#define CONFIG_FILE "config.json"
#define LAST_GOOD_FILE "config.last-good.json"
#define ADMIN_FILE "admin.json"

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

/* A fragment file that reads as a config document: its text (caller frees)
 * and what it says, over the defaults. */
static enum wb_status read_fragment(const char *path, char **text, struct wb_config *cfg,
				    struct wb_problems *problems, struct wb_error *err)
{
	size_t len;
	enum wb_status st = wb_fs_read_file(path, WB_CONFIG_FILE_MAX_BYTES, text, &len, err);
	if (st != WB_OK)
		return st;
	wb_config_defaults(cfg);
	st = wb_config_parse(*text, len, cfg, problems);
	if (st != WB_OK) {
		wb_error_set(err, "", "%s is not a valid config", path);
		free(*text);
		*text = NULL;
	}
	return st;
}

/* Whether a state document names every key of the feed section: what only
 * the older whole-config state file did (a device change is never all of
 * them), or what makes no difference when kept whole. */
static bool names_whole_feed(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	cJSON *feed = cJSON_GetObjectItemCaseSensitive(doc, "feed");
	size_t n = 0;
	const struct wb_config_field *root = wb_config_fields(&n);
	const struct wb_config_field *sec = wb_config_field_find(root, n, "feed");
	bool whole = cJSON_IsObject(feed) && sec;
	for (size_t i = 0; whole && i < sec->n_sub; i++)
		whole = cJSON_GetObjectItemCaseSensitive(feed, sec->sub[i].key) != NULL;
	cJSON_Delete(doc);
	return whole;
}

/* The fragment without its admin section (the hash is kept apart). */
static char *without_admin(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "admin");
	char *out = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	return out;
}

enum wb_status wb_confstore_load_device(const char *state_dir, char **fragment, char *admin_hash,
					size_t admin_hash_size, bool *whole, char *warning,
					size_t warning_size, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32], fallback[WB_PATH_MAX + 32];
	struct wb_problems problems;
	*fragment = NULL;
	*whole = false;
	warning[0] = '\0';
	enum wb_status st = state_path(path, sizeof path, state_dir, CONFIG_FILE, err);
	if (st == WB_OK)
		st = state_path(fallback, sizeof fallback, state_dir, LAST_GOOD_FILE, err);
	if (st != WB_OK)
		return st;
	struct wb_config *cfg = malloc(sizeof *cfg);
	if (!cfg) {
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	char *text = NULL;
	wb_problems_clear(&problems);
	st = read_fragment(path, &text, cfg, &problems, err);
	if (st != WB_OK && st != WB_ERR_NOT_FOUND) {
		char why[300];
		first_problem(&problems, err, why, sizeof why);
		struct wb_error fallback_err;
		wb_error_clear(&fallback_err);
		wb_problems_clear(&problems);
		if (read_fragment(fallback, &text, cfg, &problems, &fallback_err) == WB_OK) {
			snprintf(warning, warning_size, "%s is damaged (%s); running on the last good copy",
				 path, why);
			st = WB_OK;
		} else {
			wb_error_set(err, "", "%s is damaged (%s) and there is no good copy", path, why);
		}
	}
	if (st == WB_OK) {
		if (cfg->admin.token_hash[0] && admin_hash_size && !admin_hash[0])
			snprintf(admin_hash, admin_hash_size, "%s", cfg->admin.token_hash);
		*whole = names_whole_feed(text);
		*fragment = without_admin(text);
		if (!*fragment) {
			wb_error_set(err, "", "out of memory");
			st = WB_ERR_NOMEM;
		}
	}
	if (text)
		wb_config_wipe(text, strlen(text));
	free(text);
	wb_config_wipe(cfg, sizeof *cfg);
	free(cfg);
	return st;
}

enum wb_status wb_confstore_save_device(const char *state_dir, const char *fragment, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32], last_good[WB_PATH_MAX + 32];
	enum wb_status st = state_path(path, sizeof path, state_dir, CONFIG_FILE, err);
	if (st == WB_OK)
		st = state_path(last_good, sizeof last_good, state_dir, LAST_GOOD_FILE, err);
	if (st != WB_OK)
		return st;
	/* Only a current file that still reads back becomes the last good copy:
	 * a damaged one must not push out the copy we would need. */
	char *old = NULL;
	size_t old_len = 0;
	struct wb_error read_err;
	wb_error_clear(&read_err);
	if (wb_fs_read_file(path, WB_CONFIG_FILE_MAX_BYTES, &old, &old_len, &read_err) != WB_OK)
		old = NULL;
	/* A change that changes nothing writes nothing: two fsyncs per PATCH
	 * are SD card wear for no new byte. */
	if (old && old_len == strlen(fragment) && memcmp(old, fragment, old_len) == 0) {
		wb_config_wipe(old, old_len);
		free(old);
		return WB_OK;
	}
	if (old) {
		struct wb_config *scratch = malloc(sizeof *scratch);
		if (scratch) {
			wb_config_defaults(scratch);
			if (wb_config_parse(old, old_len, scratch, NULL) == WB_OK)
				st = wb_fs_write_atomic_mode(last_good, old, old_len, 0600, err);
			wb_config_wipe(scratch, sizeof *scratch);
		}
		free(scratch);
		wb_config_wipe(old, old_len);
		free(old);
	}
	if (st == WB_OK)
		st = wb_fs_write_atomic_mode(path, fragment, strlen(fragment), 0600, err);
	return st;
}

enum wb_status wb_confstore_load_admin(const char *state_dir, char *hash, size_t size, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32];
	char *text = NULL;
	struct wb_problems problems;
	hash[0] = '\0';
	enum wb_status st = state_path(path, sizeof path, state_dir, ADMIN_FILE, err);
	struct wb_config *cfg = st == WB_OK ? malloc(sizeof *cfg) : NULL;
	if (st == WB_OK && !cfg) {
		wb_error_set(err, "", "out of memory");
		st = WB_ERR_NOMEM;
	}
	wb_problems_clear(&problems);
	if (st == WB_OK)
		st = read_fragment(path, &text, cfg, &problems, err);
	if (st == WB_OK)
		snprintf(hash, size, "%s", cfg->admin.token_hash);
	free(text);
	if (cfg)
		wb_config_wipe(cfg, sizeof *cfg);
	free(cfg);
	return st;
}

enum wb_status wb_confstore_save_admin(const char *state_dir, const char *hash, struct wb_error *err)
{
	char path[WB_PATH_MAX + 32], text[WB_ADMIN_HASH_MAX + 64];
	enum wb_status st = state_path(path, sizeof path, state_dir, ADMIN_FILE, err);
	if (st != WB_OK)
		return st;
	snprintf(text, sizeof text, "{\"admin\": {\"token_hash\": \"%s\"}}\n", hash);
	return wb_fs_write_atomic_mode(path, text, strlen(text), 0600, err);
}
