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
#include "wallboard/confstore.h"

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

static cJSON *problems_doc(const struct wb_problems *problems)
{
	cJSON *doc = wb_http_error_doc("invalid_config", "the config was not changed; see problems");
	cJSON *list = cJSON_AddArrayToObject(doc, "problems");
	for (size_t i = 0; i < problems->count; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddItemToArray(list, p);
		cJSON_AddStringToObject(p, "path",
					problems->items[i].path[0] ? problems->items[i].path : "$");
		cJSON_AddStringToObject(p, "message", problems->items[i].message);
	}
	return doc;
}

static void free_config(struct wb_config *cfg)
{
	if (cfg)
		sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
}

static enum MHD_Result precondition_failed(struct MHD_Connection *c)
{
	return wb_http_send_error(c, MHD_HTTP_PRECONDITION_FAILED, "precondition_failed",
				  "the config was changed since you read it; GET it again", NULL);
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
	if (if_match && strcmp(if_match, "*") != 0 && strcmp(if_match, s->etag) != 0) {
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
	uint64_t generation = s->generation;
	if (base)
		*base = s->cfg;
	pthread_mutex_unlock(&s->lock);

	bool not_json = false, raced = false;
	enum wb_status st = base && next ? wb_config_update(base, x->body.data ? x->body.data : "",
							    x->body.len, merge, next, &not_json, &problems)
					 : WB_ERR_NOMEM;
	struct wb_error err;
	wb_error_clear(&err);
	if (st == WB_OK) {
		wb_auth_seal_config(next);
		st = wb_confstore_save(s->state_dir, next, &err);
	}
	if (st == WB_OK) {
		pthread_mutex_lock(&s->lock);
		raced = s->generation != generation;
		if (!raced) {
			s->cfg = *next;
			s->generation++;
			s->config_saves++;
			wb_http_update_etag(s);
		}
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->save_lock);
	free_config(base);
	free_config(next);

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
	if (st == WB_ERR_INVALID)
		return wb_http_send_json(c, MHD_HTTP_UNPROCESSABLE_CONTENT, problems_doc(&problems), NULL);
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
