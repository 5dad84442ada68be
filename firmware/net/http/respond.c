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

enum MHD_Result wb_http_send_body(struct MHD_Connection *c, unsigned status, const char *type,
                                  void *body, size_t len, const char *const *headers)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE
		                                                                    : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	wb_http_secure_headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; headers && headers[i]; i += 2)
		MHD_add_response_header(r, headers[i], headers[i + 1]);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result wb_http_send_json(struct MHD_Connection *c, unsigned status, cJSON *doc,
                                  const char *const *headers)
{
	static const char oom[] = "{\"error\":\"internal\",\"message\":\"out of memory\"}";
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	if (!text)
		return wb_http_send_body(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json", strdup(oom),
		                         sizeof oom - 1, NULL);
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
