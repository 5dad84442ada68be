/* GET /api/v1/log: the board's recent log lines from the ring main() made
 * (log.c fills it). The log never carries a secret, so neither does this;
 * the admin token is asked for all the same, as the lines name addresses. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/logring.h"

int wb_http_get_log(struct wb_http_exchange *x)
{
	/* ?limit=N: the newest N lines; anything else is all of them. */
	const char *limit_text = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "limit");
	size_t limit = 0;
	if (limit_text) {
		char *end = NULL;
		unsigned long n = strtoul(limit_text, &end, 10);
		if (end == limit_text || *end || n == 0 || n > 100000)
			return wb_http_send_error(x->c, MHD_HTTP_BAD_REQUEST, "bad_request",
						  "limit must be a whole number from 1 to 100000", NULL);
		limit = n;
	}
	char *json = wb_logring_to_json(x->s->log_ring, limit);
	if (!json)
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	return wb_http_send_body(x->c, MHD_HTTP_OK, "application/json", json, strlen(json), NULL);
}
