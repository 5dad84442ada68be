/* Publishes what /api/v1/status, /metrics and /healthz read: the loop's beat
 * every pass, the status at most once a second, and at once after a change,
 * so the API never lags what the screen shows by more than a second. */
#include <stdio.h>
#include <stdlib.h>

#include "wallboard/fetch.h"
#include "wallboard/clock.h"
#include "wallboard/report.h"
#include "wallboard/server.h"

#include "app.h"

#define STATUS_PUBLISH_MS 1000

static void count_alerts(const struct wb_snapshot *snap, struct wb_metrics_gauges *g)
{
	for (size_t i = 0; snap && i < snap->n_alerts; i++) {
		g->alerts_by_severity[snap->alerts[i].severity]++;
		g->alerts_acknowledged += snap->alerts[i].acknowledged;
		g->alerts_unacknowledged[snap->alerts[i].severity] += !snap->alerts[i].acknowledged;
	}
}

static void publish(struct wb_app *app, const struct wb_view *view, int64_t mono_ms, bool force)
{
	/* The status goes to the API and, when reports are on, to the central side. */
	bool reports = app->managed.m && app->cfg.managed.report_url[0];
	if (!app->server.http && !reports)
		return;
	if (app->server.http)
		wb_server_beat(app->server.http, mono_ms, wb_fetcher_heartbeat_ms(app->feed.fetcher));
	if (!force && mono_ms - app->publish.published_ms < STATUS_PUBLISH_MS)
		return;
	app->publish.published_ms = mono_ms;
	int w, h;
	wb_display_size(&app->display, &w, &h);
	const struct wb_board *b = &app->board;
	/* The raw text, for admins (the screen has the words), except that a
	 * clock that is not set is the cause, not the certificate: the clock
	 * message with its remedy, as docs/openapi.yaml promises. */
	char last_error[WB_ERROR_TEXT_MAX + 256];
	if (b->last_reason == WB_FETCH_REASON_CLOCK)
		snprintf(last_error, sizeof last_error, "%s%s%s", view->stale_reason,
			 wb_i18n(app->cfg.display.language, WB_MSG_COLON), view->stale_remedy);
	else
		snprintf(last_error, sizeof last_error, "%s", b->last_error);
	/* A write to the state directory that fails (a full disk): the first
	 * one found, so the status says why the cache or the records stop. */
	char storage_error[240] = "";
	if (!(app->feed.fetcher &&
	      wb_fetcher_cache_error(app->feed.fetcher, storage_error, sizeof storage_error)))
		snprintf(storage_error, sizeof storage_error, "%s",
			 app->rules.file.error[0] ? app->rules.file.error : app->trend.file.error);
	struct wb_status_info info = {
		.version = WB_VERSION,
		.storage_error = storage_error,
		.uptime_s = (mono_ms - app->started_mono_ms) / 1000,
		.hostname = app->hostname,
		.device_id = app->device_id,
		.device_name = app->cfg.device.name,
		.device_hostname = app->device_hostname,
		.tls_enabled = app->cfg.http.enabled && app->cfg.http.tls_enabled,
		.tls_port = app->server.tls_port,
		.tls_fingerprint = app->server.tls.fingerprint,
		.tls_source = wb_tlscert_source_name(app->server.tls.source),
		.tls_error = app->server.tls_error,
		.pairing_pending = app->server.pairing_code[0] != '\0',
		.config_source = app->config_source,
		.config_warning = app->config_warning,
		.has_feed_url = app->cfg.feed.url[0] != '\0',
		.last_success_wall_ms = b->snapshot ? b->last_success_wall_ms : 0,
		.last_error = last_error,
		.etag = b->etag,
		.polls_ok = b->polls_ok,
		.polls_failed = b->polls_failed,
		.width = w,
		.height = h,
		.display_connected = app->renderer != NULL,
		.video_driver =
			app->renderer && SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "",
		.renderer = app->renderer ? app->display.renderer_name : "",
		.gl_renderer = app->renderer ? app->display.gl_renderer : "",
		.identify_active = app->server.identify_until_ms > mono_ms,
		.clock_synchronized = wb_task_clock_synchronized(app),
		.boot_report = &app->clock.boot,
		.update = app->update.updater ? &app->update.status : NULL,
		.managed = app->managed.m ? &app->managed.status : NULL,
	};
	struct wb_metrics_gauges g = {
		.data_age_s = view->snapshot ? (double)view->data_age_s : -1.0,
		.stale = view->stale,
		.has_update = app->update.updater != NULL,
		.update = app->update.status,
	};
	count_alerts(view->snapshot, &g);
	char *status = wb_report_api_status(view, &info);
	wb_task_managed_publish(app, view, status);
	if (app->server.http)
		wb_server_publish(app->server.http, status, &app->publish.metrics, &g);
	else
		free(status);
}

void wb_task_publish_now(struct wb_app *app)
{
	int64_t mono = wb_clock_mono_ms();
	struct wb_view view;
	wb_app_build_view(app, mono, &view);
	publish(app, &view, mono, true);
}

static bool after_draw(struct wb_app *app, const struct wb_pass *pass)
{
	publish(app, pass->view, pass->mono_ms, pass->drew && pass->changed);
	/* Logged after publishing: whoever waits for this line finds the same
	 * data in /api/v1/status. */
	if (pass->drew && pass->view->snapshot && !app->publish.logged_first_data_frame) {
		app->publish.logged_first_data_frame = true;
		wb_app_say("frame: first frame with data");
	}
	return false;
}

const struct wb_task wb_task_publish = {
	.name = "publish",
	.after_draw = after_draw,
};
