/* GET, PUT and PATCH /api/v1/config: the redacted document with its ETag, and
 * changes that are validated by pure code (wb_config_update), saved and only
 * then made the server's config and announced to the main thread. The disk
 * write happens outside the server lock, under the writers' save_lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/auth.h"
#include "wallboard/config_layers.h"
#include "wallboard/confstore.h"

/* GET /api/v1/config/sources: which layer each key that is not at its
 * default comes from, the layers in the order they apply, and what the
 * managed document locks. Apart from the document so that stays exactly
 * what PUT takes back. */
static cJSON *sources_doc(struct wb_server *s)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *order = doc ? cJSON_AddArrayToObject(doc, "order") : NULL;
	for (int i = 0; order && i < WB_CONFIG_LAYER_COUNT; i++)
		cJSON_AddItemToArray(order,
				     cJSON_CreateString(wb_config_layer_name((enum wb_config_layer)i)));
	cJSON *sources = doc ? cJSON_AddObjectToObject(doc, "sources") : NULL;
	size_t count = wb_config_key_count();
	for (size_t i = 0; sources && i < count && i < WB_CONFIG_KEYS_MAX; i++) {
		char key[WB_CONFIG_KEY_MAX];
		enum wb_config_layer layer = (enum wb_config_layer)s->sources.layer[i];
		wb_config_key_name(i, key, sizeof key);
		if (layer != WB_CONFIG_LAYER_DEFAULT)
			cJSON_AddStringToObject(sources, key, wb_config_layer_name(layer));
	}
	cJSON *locked = doc ? cJSON_AddArrayToObject(doc, "locked") : NULL;
	for (size_t i = 0; locked && i < s->layers.locks.n; i++)
		cJSON_AddItemToArray(locked, cJSON_CreateString(s->layers.locks.key[i]));
	if (order && sources && locked)
		return doc;
	cJSON_Delete(doc);
	return NULL;
}

int wb_http_get_config_sources(struct wb_http_exchange *x)
{
	pthread_mutex_lock(&x->s->lock);
	cJSON *doc = sources_doc(x->s);
	pthread_mutex_unlock(&x->s->lock);
	if (!doc)
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	return wb_http_send_json(x->c, MHD_HTTP_OK, doc, NULL);
}

static enum MHD_Result send_config(struct wb_http_exchange *x, unsigned status)
{
	struct wb_server *s = x->s;
	pthread_mutex_lock(&s->lock);
	char *json = wb_config_to_json(&s->cfg, WB_CONFIG_FOR_API);
	char etag[sizeof s->etag];
	memcpy(etag, s->etag, sizeof etag);
	pthread_mutex_unlock(&s->lock);
	if (!json)
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	const char *headers[] = { MHD_HTTP_HEADER_ETAG, etag, NULL };
	return wb_http_send_body(x->c, status, "application/json", json, strlen(json), headers);
}

static enum MHD_Result precondition_failed(struct MHD_Connection *c)
{
	return wb_http_send_error(c, MHD_HTTP_PRECONDITION_FAILED, "precondition_failed",
				  "the config was changed since you read it; GET it again", NULL);
}

/* The device's layer after a change: the admin hash apart when it changed,
 * the fragment of what differs from the layers below, each saved, then the
 * layers resolved again. WB_ERR_INVALID (problems say which) when the change
 * touches a key the managed document locks. */
static enum wb_status save_change(struct wb_server *s, struct wb_config_layers *layers,
				  const struct wb_config *base, const struct wb_config *lower,
				  const struct wb_config *next, struct wb_config *resolved,
				  struct wb_config_sources *sources, struct wb_problems *problems,
				  struct wb_error *err)
{
	enum wb_status st = wb_config_check_locks(&layers->locks, next, lower, problems);
	bool new_admin = strcmp(next->admin.token_hash, base->admin.token_hash) != 0;
	if (new_admin && wb_config_locked(&layers->locks, "admin.token")) {
		wb_problems_add(
			problems, "$.admin.token", "%s",
			"is set by the managed config and locked there; change it in the managed document");
		st = WB_ERR_INVALID;
	}
	if (st != WB_OK)
		return st;
	char *diff = wb_config_layers_diff(next, lower);
	char *fragment =
		diff ? wb_config_keep_locked(diff, layers->doc[WB_CONFIG_LAYER_DEVICE], &layers->locks)
		     : NULL;
	free(diff);
	st = fragment ? wb_config_layers_set(layers, WB_CONFIG_LAYER_DEVICE, fragment) : WB_ERR_NOMEM;
	if (st == WB_OK)
		st = wb_confstore_save_device(s->state_dir, fragment, err);
	free(fragment);
	/* The admin hash last: a change that could not be saved whole must not
	 * leave a new token to apply after a restart. */
	if (st == WB_OK && new_admin) {
		snprintf(layers->admin_hash[WB_CONFIG_LAYER_DEVICE], sizeof layers->admin_hash[0], "%s",
			 next->admin.token_hash);
		st = wb_confstore_save_admin(s->state_dir, next->admin.token_hash, err);
	}
	if (st == WB_OK)
		st = wb_config_layers_resolve(layers, WB_CONFIG_LAYER_COUNT - 1, resolved, sources, NULL);
	if (st == WB_ERR_NOMEM && !err->message[0])
		wb_error_set(err, "", "out of memory");
	return st;
}

/* Copy under the lock, validate and save outside it, commit under it. The
 * save_lock keeps every other writer out from the copy to the commit, so the
 * generation check only guards that invariant. */
static enum MHD_Result change_config(struct wb_http_exchange *x, bool merge)
{
	struct wb_server *s = x->s;
	struct MHD_Connection *c = x->c;
	struct wb_problems problems;
	wb_problems_clear(&problems);
	const char *if_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);

	pthread_mutex_lock(&s->save_lock);
	pthread_mutex_lock(&s->lock);
	if (!wb_http_if_match(if_match, s->etag)) {
		pthread_mutex_unlock(&s->lock);
		pthread_mutex_unlock(&s->save_lock);
		return precondition_failed(c);
	}
	if (!s->state_dir[0]) {
		pthread_mutex_unlock(&s->lock);
		pthread_mutex_unlock(&s->save_lock);
		return wb_http_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
					  "no writable state directory to save the config in", NULL);
	}
	struct wb_config *base = malloc(sizeof *base);
	struct wb_config *next = malloc(sizeof *next);
	struct wb_config *lower = malloc(sizeof *lower);
	struct wb_config *resolved = malloc(sizeof *resolved);
	struct wb_config_sources sources;
	struct wb_config_layers layers;
	wb_config_layers_init(&layers);
	uint64_t generation = s->generation;
	bool have = base && next && lower && resolved && wb_config_layers_copy(&layers, &s->layers) == WB_OK;
	if (have)
		*base = s->cfg;
	pthread_mutex_unlock(&s->lock);

	bool not_json = false, raced = false, locked = false;
	enum wb_status st =
		have ? wb_config_layers_resolve(&layers, WB_CONFIG_LAYER_MANAGED, lower, NULL, NULL)
		     : WB_ERR_NOMEM;
	if (st == WB_OK)
		st = wb_config_update(base, lower, x->body.data ? x->body.data : "", x->body.len, merge, next,
				      &not_json, &problems);
	struct wb_error err;
	wb_error_clear(&err);
	if (st == WB_OK) {
		wb_auth_seal_config(next);
		st = save_change(s, &layers, base, lower, next, resolved, &sources, &problems, &err);
		locked = st == WB_ERR_INVALID;
	}
	if (st == WB_OK) {
		pthread_mutex_lock(&s->lock);
		raced = s->generation != generation;
		if (!raced) {
			wb_http_commit_layers(s, &layers, resolved, &sources);
			s->config_saves++;
		}
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->save_lock);
	wb_http_free_config(base);
	wb_http_free_config(next);
	wb_http_free_config(lower);
	wb_http_free_config(resolved);
	wb_config_layers_fini(&layers);

	if (raced)
		return precondition_failed(c);
	if (st == WB_OK) {
		wb_http_log(s, "config: saved from %s, applying live", x->client);
		s->notify(s->ctx);
		return send_config(x, MHD_HTTP_OK);
	}
	if (not_json) {
		char message[400];
		snprintf(message, sizeof message, "body is not JSON: %s",
			 problems.count ? problems.items[0].message : "parse error");
		return wb_http_send_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", message, NULL);
	}
	if (locked)
		return wb_http_send_json(
			c, MHD_HTTP_CONFLICT,
			wb_http_problems_doc(
				"locked", "the config was not changed: a key is locked by the managed config",
				&problems),
			NULL);
	if (st == WB_ERR_INVALID)
		return wb_http_send_json(c, MHD_HTTP_UNPROCESSABLE_CONTENT,
					 wb_http_problems_doc("invalid_config",
							      "the config was not changed; see problems",
							      &problems),
					 NULL);
	const char *why = err.message[0] ? err.message : wb_strerror(st);
	wb_http_log(s, "config: cannot save: %s", why);
	return wb_http_send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", why, NULL);
}

int wb_http_get_config(struct wb_http_exchange *x)
{
	return send_config(x, MHD_HTTP_OK);
}

int wb_http_put_config(struct wb_http_exchange *x)
{
	return change_config(x, false);
}

int wb_http_patch_config(struct wb_http_exchange *x)
{
	return change_config(x, true);
}
