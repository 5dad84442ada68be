/* The managed config layer (config_layers.h): a document from managed.url is
 * judged whole by wb_config_managed_read (a valid config fragment plus its
 * "$locked" list), its admin token sealed like the file's, and made the
 * managed layer; the layers are resolved again and the result applied live,
 * through the server while it runs (it owns the device's layer then). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "wallboard/auth.h"
#include "wallboard/server.h"

#include "app.h"

enum wb_status wb_app_validate_managed(const char *json, size_t len, struct wb_problems *problems, void *ctx)
{
	(void)ctx; /* called on the managed thread: nothing of the app is touched */
	char *fragment = NULL;
	struct wb_config_locks *locks = malloc(sizeof *locks);
	if (!locks)
		return WB_ERR_NOMEM;
	enum wb_status st = wb_config_managed_read(json, len, &fragment, locks, problems);
	free(fragment);
	free(locks);
	return st;
}

/* The admin token hash the fragment sets (sealed here, so the token itself
 * is never kept), "" when none. */
static void managed_admin_hash(const char *fragment, char *hash, size_t size)
{
	hash[0] = '\0';
	struct wb_config *cfg = fragment ? malloc(sizeof *cfg) : NULL;
	if (!cfg)
		return;
	wb_config_defaults(cfg);
	if (wb_config_parse(fragment, strlen(fragment), cfg, NULL) == WB_OK) {
		wb_auth_seal_config(cfg);
		snprintf(hash, size, "%s", cfg->admin.token_hash);
	}
	sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void wb_app_apply_managed(struct wb_app *app, const char *json, size_t len, bool live)
{
	char *fragment = NULL;
	struct wb_config_locks locks = { 0 };
	struct wb_problems problems;
	wb_problems_clear(&problems);
	if (json && wb_config_managed_read(json, len, &fragment, &locks, &problems) != WB_OK) {
		/* The validator passed it on the managed thread; only memory can fail here. */
		wb_app_say("managed: cannot apply the document: %s",
			   problems.count ? problems.items[0].message : "out of memory");
		return;
	}
	struct wb_config_layers *l = &app->layers;
	char hash[WB_ADMIN_HASH_MAX];
	managed_admin_hash(fragment, hash, sizeof hash);
	/* The same document again (the saved one handed over at the first pass,
	 * a restart of the thread): nothing to do. A token in it seals to a new
	 * salt each time, so the hash is compared by what it accepts. */
	bool same_admin =
		(!hash[0] && !l->admin_hash[WB_CONFIG_LAYER_MANAGED][0]) ||
		(hash[0] && l->admin_hash[WB_CONFIG_LAYER_MANAGED][0] && fragment &&
		 !strstr(fragment, "\"token\"") && strcmp(hash, l->admin_hash[WB_CONFIG_LAYER_MANAGED]) == 0);
	if (same_text(fragment, l->doc[WB_CONFIG_LAYER_MANAGED]) && same_admin &&
	    memcmp(&locks, &l->locks, sizeof locks) == 0) {
		free(fragment);
		return;
	}
	if (wb_config_layers_set(l, WB_CONFIG_LAYER_MANAGED, fragment) != WB_OK) {
		wb_app_say("managed: out of memory");
		free(fragment);
		return;
	}
	l->locks = locks;
	snprintf(l->admin_hash[WB_CONFIG_LAYER_MANAGED], sizeof l->admin_hash[0], "%s", hash);
	wb_app_say("managed: %s the central config (%zu bytes%s%zu keys locked)",
		   json ? "applying" : "dropping", json ? len : 0, ", ", locks.n);
	if (!live) {
		/* At start (configure): the caller resolves the layers. */
	} else if (app->server.http) {
		/* The server owns the device's layer: it resolves and announces. */
		if (wb_server_set_managed(app->server.http, fragment, &locks, hash) != WB_OK)
			wb_app_say("managed: out of memory");
	} else {
		struct wb_config *next = malloc(sizeof *next);
		if (next &&
		    wb_app_resolve_layers(l, next, app->config_warning, sizeof app->config_warning) == 0)
			wb_task_server_apply_config(app, next);
		if (next)
			sodium_memzero(next, sizeof *next);
		free(next);
	}
	sodium_memzero(hash, sizeof hash);
	free(fragment);
}
