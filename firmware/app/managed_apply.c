/* LEAD: the managed config layer's two entry points. The managed thread
 * (net/managed.c) calls the validator on every 200 it receives (and the
 * start-up code on the saved managed.json); the managed task
 * (task_managed.c) calls wb_app_apply_managed on the main thread with each
 * new good document. Both bodies are placeholders until the layer logic
 * (defaults < file < managed < device, "$locked") replaces them. */
#include <stdlib.h>

#include "app.h"

/* Placeholder: the document must be a valid config fragment over the
 * defaults. Called on the managed thread: pure, no app state. */
enum wb_status wb_app_validate_managed(const char *json, size_t len, struct wb_problems *problems, void *ctx)
{
	(void)ctx;
	struct wb_config *cfg = malloc(sizeof *cfg);
	if (!cfg)
		return WB_ERR_NOMEM;
	wb_config_defaults(cfg);
	enum wb_status st = wb_config_parse(json, len, cfg, problems);
	free(cfg);
	return st;
}

/* LEAD: replace this body with the layer logic. json NULL (len 0): managed.url
 * was emptied, the managed layer goes. json is borrowed for the call. */
void wb_app_apply_managed(struct wb_app *app, const char *json, size_t len)
{
	(void)app;
	if (json)
		wb_app_say("managed config received, %zu bytes", len);
	else
		wb_app_say("managed config off");
}
