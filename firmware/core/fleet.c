/* Central management's pure parts: {id} in the managed URL, the report state
 * key, managed.json's format, and the managed status as JSON. No clocks, no
 * files, no curl: the thread (net/managed.c) does those. */
#include "wallboard/fleet.h"
#include "wallboard/json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/timeutil.h"
#include "wallboard/header.h"

const char *wb_fleet_state_name(enum wb_fleet_state s)
{
	switch (s) {
	case WB_FLEET_WAITING:
		return "waiting";
	case WB_FLEET_OK:
		return "ok";
	case WB_FLEET_ERROR:
		return "error";
	case WB_FLEET_OFF:
	default:
		return "off";
	}
}

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == '_' || c == '~';
}

enum wb_status wb_fleet_url(const char *tmpl, const char *id, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	if (!size)
		return WB_ERR_TOO_LARGE;
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "{id}", 4) == 0) {
			for (const unsigned char *q = (const unsigned char *)id; *q; q++) {
				bool keep = unreserved(*q);
				if (n + (keep ? 1 : 3) >= size)
					goto too_large;
				if (keep) {
					out[n++] = (char)*q;
				} else {
					out[n++] = '%';
					out[n++] = hex[*q >> 4];
					out[n++] = hex[*q & 15];
				}
			}
			p += 4;
			continue;
		}
		if (n + 1 >= size)
			goto too_large;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return WB_OK;
too_large:
	out[0] = '\0';
	return WB_ERR_TOO_LARGE;
}

void wb_fleet_state_key(const struct wb_view *view, bool has_feed_url, const struct wb_update_status *update,
			char *out, size_t size)
{
	bool critical = false;
	for (size_t i = 0; view->snapshot && i < view->snapshot->n_alerts; i++) {
		const struct wb_alert *a = &view->snapshot->alerts[i];
		if (a->severity == WB_SEVERITY_CRITICAL && !a->acknowledged)
			critical = true;
	}
	snprintf(out, size, "feed=%s;stale=%d;critical=%d;update=%s",
		 has_feed_url ? wb_view_conn_name(view->conn) : "none", view->stale ? 1 : 0, critical ? 1 : 0,
		 update ? wb_update_state_name(wb_update_status_state(update)) : "none");
}

static void add_time_or_null(cJSON *o, const char *name, int64_t wall_ms)
{
	char buf[40];
	if (wall_ms > 0 && wb_time_format_rfc3339(wall_ms, buf, sizeof buf) > 0)
		cJSON_AddStringToObject(o, name, buf);
	else
		cJSON_AddNullToObject(o, name);
}

static void add_text_or_null(cJSON *o, const char *name, const char *s)
{
	if (s[0])
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

struct cJSON *wb_fleet_status_json(const struct wb_fleet_status *s)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddBoolToObject(o, "url_set", s->url_set);
	cJSON_AddStringToObject(o, "state", wb_fleet_state_name(s->state));
	add_time_or_null(o, "last_ok", s->last_ok_wall_ms);
	add_text_or_null(o, "last_error", s->last_error);
	add_text_or_null(o, "error_path", s->error_path);
	add_text_or_null(o, "etag", s->etag);
	cJSON *r = cJSON_AddObjectToObject(o, "reports");
	if (!r) {
		cJSON_Delete(o);
		return NULL;
	}
	add_time_or_null(r, "last_ok", s->reports.last_ok_wall_ms);
	add_text_or_null(r, "last_error", s->reports.last_error);
	cJSON_AddNumberToObject(r, "failures", (double)s->reports.failures);
	cJSON_AddNumberToObject(r, "backoff_s", (double)s->reports.backoff_s);
	return o;
}

char *wb_fleet_saved_to_json(const struct wb_fleet_saved *s)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char when[40] = "";
	wb_time_format_rfc3339(s->received_wall_ms, when, sizeof when);
	/* The document as a string: its exact bytes come back, so a restart
	 * validates and applies what the server sent, not a re-serialisation. */
	if (!cJSON_AddStringToObject(o, "url", s->url) || !cJSON_AddStringToObject(o, "etag", s->etag) ||
	    !cJSON_AddStringToObject(o, "received", when) ||
	    !cJSON_AddStringToObject(o, "document", s->doc ? s->doc : "")) {
		cJSON_Delete(o);
		return NULL;
	}
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	return text;
}

static const char *string_member(const cJSON *o, const char *name, size_t cap, struct wb_error *err)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
	if (!s) {
		wb_error_set(err, "", "$.%s is not a string", name);
		return NULL;
	}
	if (strlen(s) >= cap) {
		wb_error_set(err, "", "$.%s is too long", name);
		return NULL;
	}
	return s;
}

enum wb_status wb_fleet_saved_parse(const char *json, size_t len, struct wb_fleet_saved *out,
				    struct wb_error *err)
{
	memset(out, 0, sizeof *out);
	cJSON *o = wb_json_parse(json, len, 0, NULL);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		wb_error_set(err, "", "not a JSON object");
		return WB_ERR_INVALID;
	}
	enum wb_status st = WB_ERR_INVALID;
	const char *url = string_member(o, "url", sizeof out->url, err);
	const char *etag = url ? string_member(o, "etag", sizeof out->etag, err) : NULL;
	const char *doc = etag ? string_member(o, "document", WB_MANAGED_MAX_BYTES + 1, err) : NULL;
	const char *when = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "received"));
	if (doc) {
		out->doc = strdup(doc);
		if (!out->doc) {
			wb_error_set(err, "", "out of memory");
			st = WB_ERR_NOMEM;
		} else {
			out->len = strlen(doc);
			snprintf(out->url, sizeof out->url, "%s", url);
			/* Sent back as If-None-Match: well formed or none. */
			snprintf(out->etag, sizeof out->etag, "%s", wb_header_etag_ok(etag) ? etag : "");
			if (!when || wb_time_parse_rfc3339(when, &out->received_wall_ms) != WB_OK)
				out->received_wall_ms = 0;
			st = WB_OK;
		}
	}
	cJSON_Delete(o);
	return st;
}

void wb_fleet_saved_fini(struct wb_fleet_saved *s)
{
	if (!s)
		return;
	free(s->doc);
	s->doc = NULL;
	s->len = 0;
}
