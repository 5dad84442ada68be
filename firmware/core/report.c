/* status.json: what the screen shows, as data. Tests and remote support read
 * it instead of guessing from pixels. */
#include "wallboard/report.h"

#include <cjson/cJSON.h>

#include "wallboard/timeutil.h"
#include "wallboard/trend.h"

static void add_rect(cJSON *parent, const char *name, const struct wb_rect *r)
{
	cJSON *o = cJSON_AddObjectToObject(parent, name);
	cJSON_AddNumberToObject(o, "x", r->x);
	cJSON_AddNumberToObject(o, "y", r->y);
	cJSON_AddNumberToObject(o, "w", r->w);
	cJSON_AddNumberToObject(o, "h", r->h);
}

static void add_time(cJSON *parent, const char *name, int64_t ms)
{
	char buf[32];
	wb_time_format_rfc3339(ms, buf, sizeof(buf));
	cJSON_AddStringToObject(parent, name, buf);
}

static void add_layout(cJSON *root, const struct wb_layout *layout, int width, int height)
{
	cJSON *l = cJSON_AddObjectToObject(root, "layout");
	cJSON_AddNumberToObject(l, "width", width);
	cJSON_AddNumberToObject(l, "height", height);
	add_rect(l, "header", &layout->header);
	add_rect(l, "stale_bar", &layout->stale_bar);
	add_rect(l, "alert_banner", &layout->alert_banner);
	add_rect(l, "grid", &layout->grid);
	add_rect(l, "ticker", &layout->ticker);
	cJSON_AddNumberToObject(l, "page", (double)layout->page);
	cJSON_AddNumberToObject(l, "pages", (double)layout->n_pages);
	cJSON *tiles = cJSON_AddArrayToObject(l, "tiles");
	for (size_t i = 0; i < layout->n_tiles; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddItemToArray(tiles, t);
		add_rect(t, "frame", &layout->tiles[i].frame);
		add_rect(t, "sla", &layout->tiles[i].sla);
	}
}

char *wb_report_status_json(const struct wb_view *view, const struct wb_layout *layout, int width, int height,
			    const char *etag)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	const struct wb_snapshot *snap = view->snapshot;
	cJSON_AddStringToObject(root, "conn", wb_view_conn_name(view->conn));
	cJSON_AddBoolToObject(root, "stale", view->stale);
	cJSON_AddStringToObject(root, "stale_reason", view->stale_reason ? view->stale_reason : "");
	cJSON_AddStringToObject(root, "stale_remedy", view->stale_remedy ? view->stale_remedy : "");
	/* the start screen's line under the name: the failure in words, or what the board does */
	cJSON_AddStringToObject(root, "status_line", view->status_line ? view->status_line : "");
	cJSON_AddNumberToObject(root, "data_age_s", (double)view->data_age_s);
	cJSON_AddStringToObject(root, "title", view->title ? view->title : "");
	cJSON_AddStringToObject(root, "etag", etag ? etag : "");
	add_time(root, "server_now", view->server_now_ms);
	cJSON *channels = cJSON_AddArrayToObject(root, "channels");
	if (snap) {
		add_time(root, "generated_at", snap->generated_at_ms);
		for (size_t i = 0; i < snap->n_channels; i++)
			cJSON_AddItemToArray(channels, cJSON_CreateString(snap->channels[i].id));
		cJSON_AddNumberToObject(root, "alerts", (double)snap->n_alerts);
	} else {
		cJSON_AddNullToObject(root, "generated_at");
		cJSON_AddNumberToObject(root, "alerts", 0);
	}
	if (layout)
		add_layout(root, layout, width, height);
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

static void add_text_or_null(cJSON *parent, const char *name, const char *text)
{
	if (text && text[0])
		cJSON_AddStringToObject(parent, name, text);
	else
		cJSON_AddNullToObject(parent, name);
}

static const char *feed_state(const struct wb_view *view, const struct wb_status_info *info)
{
	if (!info->has_feed_url)
		return "none";
	if (view->stale)
		return "stale";
	switch (view->conn) {
	case WB_CONN_ONLINE:
		return "ok";
	case WB_CONN_OFFLINE:
		return "error";
	case WB_CONN_CONNECTING:
	default:
		return "connecting";
	}
}

static void add_alerts(cJSON *root, const struct wb_snapshot *snap)
{
	cJSON *alerts = cJSON_AddArrayToObject(root, "alerts");
	for (size_t i = 0; snap && i < snap->n_alerts; i++) {
		const struct wb_alert *a = &snap->alerts[i];
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(alerts, o)) {
			cJSON_Delete(o);
			return;
		}
		cJSON_AddStringToObject(o, "id", a->id);
		cJSON_AddStringToObject(o, "severity", wb_severity_name(a->severity));
		add_text_or_null(o, "channel", a->channel);
		add_text_or_null(o, "kind", a->kind);
		cJSON_AddStringToObject(o, "message", a->message);
		if (a->has_since)
			add_time(o, "since", a->since_ms);
		else
			cJSON_AddNullToObject(o, "since");
		cJSON_AddBoolToObject(o, "acknowledged", a->acknowledged);
	}
}

char *wb_report_api_status(const struct wb_view *view, const struct wb_status_info *info)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	const struct wb_config *cfg = view->config;
	cJSON_AddStringToObject(root, "version", info->version);
	cJSON_AddNumberToObject(root, "uptime_s", (double)info->uptime_s);
	cJSON_AddStringToObject(root, "name", view->title ? view->title : "");
	cJSON_AddStringToObject(root, "hostname", info->hostname);
	/* Who the board is: what a fleet tool keys on (and mDNS announces). */
	cJSON *device = cJSON_AddObjectToObject(root, "device");
	cJSON_AddStringToObject(device, "id", info->device_id ? info->device_id : "");
	cJSON_AddStringToObject(device, "name", info->device_name ? info->device_name : "");
	cJSON_AddStringToObject(device, "hostname", info->device_hostname ? info->device_hostname : "");
	cJSON_AddStringToObject(device, "version", info->version);
	/* Public: what a laptop compares before it trusts the board. */
	cJSON *tls = cJSON_AddObjectToObject(device, "tls");
	cJSON_AddBoolToObject(tls, "enabled", info->tls_enabled);
	if (info->tls_port > 0)
		cJSON_AddNumberToObject(tls, "port", info->tls_port);
	else
		cJSON_AddNullToObject(tls, "port");
	add_text_or_null(tls, "fingerprint", info->tls_port > 0 ? info->tls_fingerprint : "");
	add_text_or_null(tls, "source", info->tls_port > 0 ? info->tls_source : "");
	add_text_or_null(tls, "error", info->tls_error);
	cJSON *addrs = cJSON_AddArrayToObject(root, "addresses");
	for (size_t i = 0; i < view->n_addrs; i++)
		cJSON_AddItemToArray(addrs, cJSON_CreateString(view->addrs[i]));
	cJSON *pairing = cJSON_AddObjectToObject(root, "pairing");
	cJSON_AddBoolToObject(pairing, "pending", info->pairing_pending);
	cJSON *config = cJSON_AddObjectToObject(root, "config");
	cJSON_AddStringToObject(config, "source", info->config_source);
	add_text_or_null(config, "warning", info->config_warning);

	cJSON *feed = cJSON_AddObjectToObject(root, "feed");
	cJSON_AddStringToObject(feed, "host", view->feed_host ? view->feed_host : "");
	cJSON_AddStringToObject(feed, "state", feed_state(view, info));
	if (info->last_success_wall_ms > 0)
		add_time(feed, "last_success", info->last_success_wall_ms);
	else
		cJSON_AddNullToObject(feed, "last_success");
	add_text_or_null(feed, "last_error", info->last_error);
	if (view->snapshot && view->data_age_s >= 0)
		cJSON_AddNumberToObject(feed, "data_age_s", (double)view->data_age_s);
	else
		cJSON_AddNullToObject(feed, "data_age_s");
	add_text_or_null(feed, "etag", info->etag);
	cJSON_AddNumberToObject(feed, "polls_ok", (double)info->polls_ok);
	cJSON_AddNumberToObject(feed, "polls_failed", (double)info->polls_failed);

	cJSON *display = cJSON_AddObjectToObject(root, "display");
	cJSON_AddBoolToObject(display, "connected", info->display_connected);
	add_text_or_null(display, "driver", info->video_driver);
	add_text_or_null(display, "renderer", info->renderer);
	add_text_or_null(display, "gl", info->gl_renderer);
	cJSON_AddNumberToObject(display, "width", info->width);
	cJSON_AddNumberToObject(display, "height", info->height);
	cJSON_AddNumberToObject(display, "rotation", cfg ? cfg->display.rotation : 0);
	cJSON_AddStringToObject(display, "theme",
				cfg && cfg->display.theme == WB_THEME_LIGHT ? "light" : "dark");
	cJSON_AddStringToObject(display, "language", wb_lang_name(cfg ? cfg->display.language : WB_LANG_NL));
	add_alerts(root, view->snapshot);
	/* How many hours of its own record the board holds per channel: shows
	 * an admin whether the sparkline has survived a restart. */
	cJSON *trend = cJSON_AddObjectToObject(root, "trend_hours");
	for (size_t i = 0; view->snapshot && i < view->snapshot->n_channels; i++) {
		const char *id = view->snapshot->channels[i].id;
		cJSON_AddNumberToObject(trend, id,
					(double)wb_trend_hours(view->trend, id, view->server_now_ms));
	}
	cJSON_AddBoolToObject(root, "identify_active", info->identify_active);

	cJSON *clock = cJSON_AddObjectToObject(root, "clock");
	cJSON_AddBoolToObject(clock, "synchronized", info->clock_synchronized);
	cJSON *ntp = cJSON_AddArrayToObject(clock, "ntp");
	for (size_t i = 0; cfg && i < cfg->clock.n_ntp && i < WB_NTP_SERVERS_MAX; i++)
		cJSON_AddItemToArray(ntp, cJSON_CreateString(cfg->clock.ntp[i]));
	cJSON *boot = cJSON_AddArrayToObject(root, "first_boot");
	for (size_t i = 0; info->boot_report && i < info->boot_report->n; i++) {
		const struct wb_boot_entry *e = &info->boot_report->entries[i];
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(boot, o)) {
			cJSON_Delete(o);
			break;
		}
		cJSON_AddStringToObject(o, "file", e->file);
		cJSON_AddStringToObject(o, "result", wb_boot_result_name(e->result));
		cJSON_AddStringToObject(o, "message", e->message);
	}

	cJSON *storage = cJSON_AddObjectToObject(root, "storage");
	bool storage_ok = !info->storage_error || !info->storage_error[0];
	cJSON_AddBoolToObject(storage, "ok", storage_ok);
	cJSON_AddStringToObject(storage, "error", storage_ok ? "" : info->storage_error);

	if (info->update) {
		cJSON *update = wb_update_status_json(info->update);
		if (!update || !cJSON_AddItemToObject(root, "update", update)) {
			cJSON_Delete(update);
			cJSON_Delete(root);
			return NULL;
		}
	}
	if (info->managed) {
		cJSON *managed = wb_fleet_status_json(info->managed);
		if (!managed || !cJSON_AddItemToObject(root, "managed", managed)) {
			cJSON_Delete(managed);
			cJSON_Delete(root);
			return NULL;
		}
	}

	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}
