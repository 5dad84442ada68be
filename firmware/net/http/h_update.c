/* /api/v1/update: the update status (public, like /api/v1/status), and a
 * bundle upload (admin) streamed piece by piece to the updater, which checks
 * its size and room and hands it to the image's installer. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/updater.h"

static enum MHD_Result send_status(struct wb_http_exchange *x, unsigned code)
{
	struct wb_update_status *st = malloc(sizeof *st);
	if (!st)
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	wb_updater_status(x->s->updater, st);
	cJSON *doc = wb_update_status_json(st);
	free(st);
	return wb_http_send_json(x->c, code, doc, NULL);
}

static enum MHD_Result no_updater(struct wb_http_exchange *x)
{
	return wb_http_send_error(x->c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
				  "this board takes no updates (no update directory)", NULL);
}

int wb_http_get_update(struct wb_http_exchange *x)
{
	return x->s->updater ? send_status(x, MHD_HTTP_OK) : no_updater(x);
}

/* A refusal as its answer; the reason goes to the client as it is. */
static int refusal_answer(struct wb_http_exchange *x, enum wb_updater_refusal r, const char *why)
{
	static const struct {
		unsigned status;
		const char *code;
	} answers[] = {
		[WB_UPDATER_BUSY] = { MHD_HTTP_CONFLICT, "busy" },
		[WB_UPDATER_TOO_LARGE] = { MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large" },
		[WB_UPDATER_NO_SPACE] = { MHD_HTTP_INSUFFICIENT_STORAGE, "insufficient_storage" },
		[WB_UPDATER_FAILED] = { MHD_HTTP_INTERNAL_SERVER_ERROR, "update_failed" },
	};
	unsigned i = (unsigned)r < sizeof answers / sizeof answers[0] && r != WB_UPDATER_TAKEN
			     ? (unsigned)r
			     : (unsigned)WB_UPDATER_FAILED;
	wb_http_log(x->s, "http: update from %s refused: %s", x->client, why);
	return wb_http_send_error(x->c, answers[i].status, answers[i].code, why, NULL);
}

static bool upload_begin(struct wb_http_exchange *x, int *rc)
{
	char why[WB_UPDATE_MESSAGE_MAX + 1];
	if (!x->s->updater) {
		*rc = no_updater(x);
		return false;
	}
	const char *length =
		MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *force = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "force");
	int64_t declared = length ? (int64_t)strtoll(length, NULL, 10) : -1;
	struct wb_update_upload *up = NULL;
	enum wb_updater_refusal r = wb_updater_upload_begin(
		x->s->updater, declared, force && strcmp(force, "1") == 0, &up, why, sizeof why);
	if (r != WB_UPDATER_TAKEN) {
		*rc = refusal_answer(x, r, why);
		return false;
	}
	x->stream_state = up;
	return true;
}

static bool upload_piece(struct wb_http_exchange *x, const char *data, size_t len, int *rc)
{
	char why[WB_UPDATE_MESSAGE_MAX + 1];
	enum wb_updater_refusal r = wb_updater_upload_write(x->stream_state, data, len, why, sizeof why);
	if (r == WB_UPDATER_TAKEN)
		return true;
	*rc = refusal_answer(x, r, why); /* the upload stays claimed until abort frees it */
	return false;
}

static void upload_abort(struct wb_http_exchange *x)
{
	wb_updater_upload_abort(x->stream_state);
	x->stream_state = NULL;
}

const struct wb_http_stream wb_http_update_upload = {
	.begin = upload_begin,
	.piece = upload_piece,
	.abort = upload_abort,
};

int wb_http_post_update(struct wb_http_exchange *x)
{
	char why[WB_UPDATE_MESSAGE_MAX + 1];
	struct wb_update_upload *up = x->stream_state;
	x->stream_state = NULL;
	enum wb_updater_refusal r = wb_updater_upload_finish(up, why, sizeof why);
	if (r != WB_UPDATER_TAKEN)
		return refusal_answer(x, r, why);
	wb_http_log(x->s, "http: update bundle from %s handed to the installer", x->client);
	return send_status(x, MHD_HTTP_ACCEPTED);
}
