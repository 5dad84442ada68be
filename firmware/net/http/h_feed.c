/* POST /api/v1/feed/test: one poll of a feed with the settings in the body
 * (the config's `feed` section, a merge over the saved one, "********"
 * keeping the saved token), judged exactly as the fetch thread judges a poll
 * (wb_fetch_once: the same request, caps and feed validation) and worded as
 * the screen words a failed one (wb_fetch_words_find). Nothing is saved.
 * It runs on the request's thread with its own curl handle, bounded by the
 * settings' timeouts, one at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/board.h"
#include "wallboard/json.h"
#include "wallboard/fetch.h"
#include "wallboard/i18n.h"
#include "wallboard/timeutil.h"

/* {"feed": body} as text for a merge over the saved config, or NULL (with
 * *message) when the body is no JSON object. */
static char *feed_patch(const struct wb_http_exchange *x, const char **message)
{
	cJSON *body =
		x->body.data ? wb_json_parse(x->body.data, x->body.len, WB_JSON_UNIQUE_KEYS, NULL) : NULL;
	if (!cJSON_IsObject(body)) {
		cJSON_Delete(body);
		*message = "the body must be a JSON object with the feed settings";
		return NULL;
	}
	cJSON *patch = cJSON_CreateObject();
	char *text = NULL;
	if (patch && cJSON_AddItemToObject(patch, "feed", body)) {
		body = NULL;
		text = cJSON_PrintUnformatted(patch);
	}
	cJSON_Delete(body);
	cJSON_Delete(patch);
	*message = "out of memory";
	return text;
}

/* The answer to one finished poll, worded in lang. */
static cJSON *result_doc(const struct wb_feed_update *up, enum wb_lang lang)
{
	cJSON *doc = cJSON_CreateObject();
	bool ok = up->outcome != WB_FETCH_FAILED && up->snapshot;
	cJSON_AddBoolToObject(doc, "ok", ok);
	cJSON_AddNumberToObject(doc, "http_status", (double)up->http_status);
	cJSON_AddNumberToObject(doc, "latency_ms", (double)up->latency_ms);
	if (ok) {
		char when[32];
		wb_time_format_rfc3339(up->snapshot->generated_at_ms, when, sizeof when);
		cJSON_AddNumberToObject(doc, "channels", (double)up->snapshot->n_channels);
		cJSON_AddStringToObject(doc, "generated_at", when);
		cJSON_AddStringToObject(doc, "message", wb_i18n(lang, WB_MSG_ONLINE));
		return doc;
	}
	cJSON_AddNullToObject(doc, "channels");
	cJSON_AddNullToObject(doc, "generated_at");
	const struct wb_fetch_words *w = wb_fetch_words_find(up->reason, up->http_status, up->tls);
	char words[400] = "";
	if (w && up->reason == WB_FETCH_REASON_HTTP && up->http_status > 0)
		snprintf(words, sizeof words, "%s (%ld)%s%s", wb_i18n(lang, w->message), up->http_status,
			 wb_i18n(lang, WB_MSG_COLON), wb_i18n(lang, w->remedy));
	else if (w)
		snprintf(words, sizeof words, "%s%s%s", wb_i18n(lang, w->message),
			 wb_i18n(lang, WB_MSG_COLON), wb_i18n(lang, w->remedy));
	cJSON_AddStringToObject(doc, "message", words[0] ? words : up->error);
	cJSON_AddStringToObject(doc, "reason", wb_fetch_reason_name(up->reason));
	/* libcurl's or the validator's English, for admins; never the token. */
	cJSON_AddStringToObject(doc, "detail", up->error);
	return doc;
}

int wb_http_post_feed_test(struct wb_http_exchange *x)
{
	struct wb_server *s = x->s;
	const char *message = "";
	char *patch = feed_patch(x, &message);
	if (!patch)
		return wb_http_send_error(x->c, MHD_HTTP_BAD_REQUEST, "bad_request", message, NULL);

	pthread_mutex_lock(&s->lock);
	bool busy = s->feed_test_running;
	struct wb_config *base = busy ? NULL : malloc(sizeof *base);
	if (base) {
		*base = s->cfg;
		s->feed_test_running = true;
	}
	pthread_mutex_unlock(&s->lock);
	if (busy || !base) {
		cJSON_free(patch);
		return busy ? wb_http_send_error(x->c, MHD_HTTP_CONFLICT, "busy",
						 "a feed test is running; try again when it is done", NULL)
			    : wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
						 "out of memory", NULL);
	}

	struct wb_config *next = malloc(sizeof *next);
	struct wb_problems problems;
	wb_problems_clear(&problems);
	bool not_json = false;
	enum wb_status st =
		next ? wb_config_update(base, NULL, patch, strlen(patch), true, next, &not_json, &problems)
		     : WB_ERR_NOMEM;
	cJSON_free(patch);
	struct wb_feed_update *up = st == WB_OK ? wb_fetch_once(next, x->s->device_id) : NULL;
	enum wb_lang lang = base->display.language;
	const char *asked = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "lang");
	if (asked && !wb_lang_parse(asked, &lang))
		lang = base->display.language;
	wb_http_free_config(base);
	wb_http_free_config(next);

	pthread_mutex_lock(&s->lock);
	s->feed_test_running = false;
	pthread_mutex_unlock(&s->lock);

	if (st == WB_ERR_INVALID)
		return wb_http_send_json(x->c, MHD_HTTP_UNPROCESSABLE_CONTENT,
					 wb_http_problems_doc("invalid_config",
							      "the feed was not tested; see problems",
							      &problems),
					 NULL);
	if (!up) /* out of memory, for the config copy or the poll */
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	wb_http_log(s, "feed: tested from %s: %s%s", x->client,
		    up->outcome == WB_FETCH_FAILED ? "failed, " : "ok",
		    up->outcome == WB_FETCH_FAILED ? wb_fetch_reason_name(up->reason) : "");
	cJSON *doc = result_doc(up, lang);
	wb_feed_update_free(up);
	return wb_http_send_json(x->c, MHD_HTTP_OK, doc, NULL);
}
