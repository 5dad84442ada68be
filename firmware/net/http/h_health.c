/* The public read-only endpoints: /healthz (both loops beating), /api/v1/status
 * (the JSON the main thread last published) and /metrics (Prometheus text).
 * They only copy what the main thread published, under the server lock. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/clock.h"

int wb_http_get_healthz(struct wb_http_exchange *x)
{
	struct wb_server *s = x->s;
	int64_t now = wb_clock_mono_ms();
	pthread_mutex_lock(&s->lock);
	int64_t render_age = s->render_beat_ms ? now - s->render_beat_ms : -1;
	int64_t fetch_age = s->fetch_beat_ms ? now - s->fetch_beat_ms : -1;
	pthread_mutex_unlock(&s->lock);
	char problem[128];
	wb_metrics_healthy(render_age, fetch_age, problem, sizeof problem);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "status", problem[0] ? "unhealthy" : "ok");
	cJSON_AddNumberToObject(doc, "render_heartbeat_age_ms", (double)render_age);
	cJSON_AddNumberToObject(doc, "fetch_heartbeat_age_ms", (double)fetch_age);
	if (problem[0])
		cJSON_AddStringToObject(doc, "problem", problem);
	return wb_http_send_json(x->c, problem[0] ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_OK, doc, NULL);
}

int wb_http_get_status(struct wb_http_exchange *x)
{
	struct wb_server *s = x->s;
	pthread_mutex_lock(&s->lock);
	char *json = s->status_json ? strdup(s->status_json) : NULL;
	pthread_mutex_unlock(&s->lock);
	if (!json)
		return wb_http_send_error(x->c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
					  "the board has not drawn its first frame yet", NULL);
	return wb_http_send_body(x->c, MHD_HTTP_OK, "application/json", json, strlen(json), NULL);
}

int wb_http_get_metrics(struct wb_http_exchange *x)
{
	struct wb_server *s = x->s;
	pthread_mutex_lock(&s->lock);
	struct wb_metrics m = s->metrics;
	struct wb_metrics_gauges g = s->gauges;
	m.http_auth_failures = s->auth_failures;
	m.config_saves = s->config_saves;
	pthread_mutex_unlock(&s->lock);
	g.uptime_s = (double)(wb_clock_mono_ms() - s->started_mono_ms) / 1000.0;
	char *text = wb_metrics_format(&m, &g);
	if (!text)
		return wb_http_send_error(x->c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory",
					  NULL);
	return wb_http_send_body(x->c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text,
				 strlen(text), NULL);
}
