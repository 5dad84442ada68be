/* Sending answers: the security headers every response carries, JSON bodies
 * with Cache-Control: no-store, and the {"error", "message"} shape of every
 * 4xx/5xx (docs/openapi.yaml). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void wb_http_secure_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'");
}

/* Headers and queueing for a response made by the callers below; takes r. */
static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, const char *type,
			     struct MHD_Response *r, const char *const *headers)
{
	wb_http_secure_headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; headers && headers[i]; i += 2)
		MHD_add_response_header(r, headers[i], headers[i + 1]);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result wb_http_send_body(struct MHD_Connection *c, unsigned status, const char *type, void *body,
				  size_t len, const char *const *headers)
{
	/* No body (out of memory on the way here) sends an empty one, never len bytes of "". */
	struct MHD_Response *r =
		body ? MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE)
		     : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	return queue(c, status, type, r, headers);
}

enum MHD_Result wb_http_send_json(struct MHD_Connection *c, unsigned status, cJSON *doc,
				  const char *const *headers)
{
	/* Sent from static memory: out of memory must not need memory to say so. */
	static const char oom[] = "{\"error\":\"internal\",\"message\":\"out of memory\"}";
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	if (!text) {
		struct MHD_Response *r =
			MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
		return r ? queue(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json", r, NULL) : MHD_NO;
	}
	return wb_http_send_body(c, status, "application/json", text, strlen(text), headers);
}

cJSON *wb_http_error_doc(const char *code, const char *message)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "error", code);
	cJSON_AddStringToObject(doc, "message", message);
	return doc;
}

enum MHD_Result wb_http_send_error(struct MHD_Connection *c, unsigned status, const char *code,
				   const char *message, const char *const *headers)
{
	return wb_http_send_json(c, status, wb_http_error_doc(code, message), headers);
}

cJSON *wb_http_problems_doc(const char *code, const char *message, const struct wb_problems *problems)
{
	cJSON *doc = wb_http_error_doc(code, message);
	cJSON *list = cJSON_AddArrayToObject(doc, "problems");
	for (size_t i = 0; list && i < problems->count; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddItemToArray(list, p);
		cJSON_AddStringToObject(p, "path",
					problems->items[i].path[0] ? problems->items[i].path : "$");
		cJSON_AddStringToObject(p, "message", problems->items[i].message);
	}
	return doc;
}

void wb_http_free_config(struct wb_config *cfg)
{
	if (cfg)
		sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
}
