/* The endpoints that touch the screen: ack, identify, screenshot. Each hands
 * a request to the main thread through the server's one slot and waits at
 * most a few seconds, so no SDL call ever happens on a server thread. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"

#define IDENTIFY_SECONDS 10

static enum MHD_Result main_thread_timeout(struct MHD_Connection *c)
{
	return wb_http_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
				  "the screen did not answer in time", NULL);
}

int wb_http_post_ack(struct wb_http_exchange *x)
{
	const char *id = x->match.param;
	struct wb_server_request req = { .kind = WB_SERVER_REQ_ACK };
	if (!id[0] || strlen(id) >= sizeof req.alert_id)
		return wb_http_send_error(x->c, MHD_HTTP_NOT_FOUND, "not_found",
					  "no active alert has that id", NULL);
	memcpy(req.alert_id, id, strlen(id) + 1);
	enum wb_status st = wb_http_ask_main_thread(x->s, &req, NULL, NULL);
	if (st == WB_ERR_NOT_FOUND)
		return wb_http_send_error(x->c, MHD_HTTP_NOT_FOUND, "not_found",
					  "no active alert has that id", NULL);
	if (st != WB_OK)
		return main_thread_timeout(x->c);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	cJSON_AddBoolToObject(doc, "acknowledged", true);
	return wb_http_send_json(x->c, MHD_HTTP_OK, doc, NULL);
}

int wb_http_post_identify(struct wb_http_exchange *x)
{
	struct wb_server_request req = { .kind = WB_SERVER_REQ_IDENTIFY };
	if (wb_http_ask_main_thread(x->s, &req, NULL, NULL) != WB_OK)
		return main_thread_timeout(x->c);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "seconds", IDENTIFY_SECONDS);
	return wb_http_send_json(x->c, MHD_HTTP_ACCEPTED, doc, NULL);
}

int wb_http_get_screenshot(struct wb_http_exchange *x)
{
	struct wb_server_request req = { .kind = WB_SERVER_REQ_SCREENSHOT };
	unsigned char *png = NULL;
	size_t len = 0;
	if (wb_http_ask_main_thread(x->s, &req, &png, &len) != WB_OK || !png) {
		free(png);
		return main_thread_timeout(x->c);
	}
	return wb_http_send_body(x->c, MHD_HTTP_OK, "image/png", png, len, NULL);
}
