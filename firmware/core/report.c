/* status.json: what the screen shows, as data. Tests and remote support read
 * it instead of guessing from pixels. */
#include "wallboard/report.h"

#include <cjson/cJSON.h>

#include "wallboard/timeutil.h"

static const char *conn_name(enum wb_conn_state conn)
{
	switch (conn) {
	case WB_CONN_ONLINE:
		return "online";
	case WB_CONN_OFFLINE:
		return "offline";
	case WB_CONN_CONNECTING:
	default:
		return "connecting";
	}
}

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

char *wb_report_status_json(const struct wb_view *view, const struct wb_layout *layout,
                            int width, int height, const char *etag)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	const struct wb_snapshot *snap = view->snapshot;
	cJSON_AddStringToObject(root, "conn", conn_name(view->conn));
	cJSON_AddBoolToObject(root, "stale", view->stale);
	cJSON_AddStringToObject(root, "stale_reason", view->stale_reason ? view->stale_reason : "");
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
