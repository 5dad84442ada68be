/* The config layers, from weakest to strongest: defaults, the --config file,
 * the state directory's saved changes (made over HTTP), then --feed and
 * --token. Shared by the board and the one-shot commands. */
#include <stdio.h>
#include <unistd.h>

#include "wallboard/auth.h"
#include "wallboard/board.h" /* WB_ERROR_TEXT_MAX */
#include "wallboard/config.h"
#include "wallboard/confstore.h"

#include "app.h"

void wb_app_print_problems(const char *path, const struct wb_problems *problems)
{
	for (size_t i = 0; i < problems->count; i++) {
		char line[sizeof(problems->items[i].path) + sizeof(problems->items[i].message) + 4];
		wb_error_format(&problems->items[i], line, sizeof(line));
		wb_app_say("%s: %s", path, line);
	}
	if (problems->dropped)
		wb_app_say("%s: … and %zu more problems", path, problems->dropped);
}

int wb_app_load_config_file(const char *path, struct wb_config *cfg)
{
	struct wb_error err;
	struct wb_problems problems;
	wb_error_clear(&err);
	wb_problems_clear(&problems);
	enum wb_status st = wb_confstore_read(path, cfg, &problems, &err);
	if (st == WB_ERR_INVALID) {
		wb_app_print_problems(path, &problems);
		return -1;
	}
	if (st != WB_OK) {
		wb_app_say("config: %s", err.message);
		return -1;
	}
	return 0;
}

int wb_app_apply_overrides(const struct wb_app_options *o, struct wb_config *cfg)
{
	if (o->feed_url) {
		if ((size_t)snprintf(cfg->feed.url, sizeof(cfg->feed.url), "%s", o->feed_url) >=
		    sizeof(cfg->feed.url)) {
			wb_app_say("--feed: URL longer than %zu bytes", sizeof(cfg->feed.url) - 1);
			return -1;
		}
	}
	if (o->token) {
		if ((size_t)snprintf(cfg->feed.token, sizeof(cfg->feed.token), "%s", o->token) >=
		    sizeof(cfg->feed.token)) {
			wb_app_say("--token: longer than %zu bytes", sizeof(cfg->feed.token) - 1);
			return -1;
		}
	}
	return 0;
}

const char *wb_app_load_base_config(const struct wb_app_options *o, struct wb_config *cfg, bool strict,
				    char *warning, size_t warning_size)
{
	wb_config_defaults(cfg);
	const char *path = o->config_path;
	if (!path && access(WB_APP_DEFAULT_CONFIG_PATH, F_OK) == 0)
		path = WB_APP_DEFAULT_CONFIG_PATH;
	if (!path)
		return "defaults";
	if (wb_app_load_config_file(path, cfg) == 0) {
		wb_auth_seal_config(cfg);
		return "file";
	}
	if (strict)
		return NULL;
	snprintf(warning, warning_size, "%s is not valid and is ignored; see the log", path);
	wb_app_say("config: %s", warning);
	return "defaults";
}

int wb_app_load_board_config(const struct wb_app_options *o, const char *state_dir, struct wb_config *cfg,
			     const char **source, char *warning, size_t warning_size)
{
	*source = wb_app_load_base_config(o, cfg, false, warning, warning_size);
	if (state_dir[0]) {
		struct wb_error err;
		wb_error_clear(&err);
		char saved_warning[WB_ERROR_TEXT_MAX];
		enum wb_status st =
			wb_confstore_load_state(state_dir, cfg, saved_warning, sizeof saved_warning, &err);
		if (st == WB_OK) {
			*source = "state";
			if (saved_warning[0]) {
				snprintf(warning, warning_size, "%s", saved_warning);
				wb_app_say("config: %s", saved_warning);
			}
		} else if (st != WB_ERR_NOT_FOUND) {
			snprintf(warning, warning_size, "%s", err.message);
			wb_app_say("config: %s", err.message);
		}
	}
	return wb_app_apply_overrides(o, cfg);
}
