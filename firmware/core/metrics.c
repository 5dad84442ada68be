/* Prometheus text format by hand: a dozen series do not justify a client
 * library, and the format is checked by promtool in the integration tests. */
#include "wallboard/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/buf.h"
#include "wallboard/limits.h"

/* Feed polls: a healthy LAN answers in tens of ms; 15 s is the default timeout. */
const double wb_metrics_fetch_buckets[WB_HISTOGRAM_BUCKETS] = {
	0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15
};
/* Frames: a 60 Hz budget is 16.7 ms; a full static-layer repaint may take longer. */
const double wb_metrics_frame_buckets[WB_HISTOGRAM_BUCKETS] = { 0.001, 0.002, 0.004, 0.008, 0.016,
								0.033, 0.066, 0.1,   0.25,  1 };

void wb_histogram_observe(struct wb_histogram *h, const double *bounds, double seconds)
{
	size_t i = 0;
	while (i < WB_HISTOGRAM_BUCKETS && seconds > bounds[i])
		i++;
	if (i < WB_HISTOGRAM_BUCKETS)
		h->counts[i]++;
	h->count++;
	h->sum_s += seconds;
}

void wb_metrics_count_fetch(struct wb_metrics *m, const struct wb_feed_update *update)
{
	switch (update->outcome) {
	case WB_FETCH_UPDATED:
		m->fetch_updated++;
		break;
	case WB_FETCH_NOT_MODIFIED:
		m->fetch_not_modified++;
		break;
	case WB_FETCH_FAILED:
	default:
		m->fetch_failed[(unsigned)update->reason < WB_FETCH_REASON_COUNT ? update->reason
										 : WB_FETCH_REASON_NONE]++;
		break;
	}
	if (update->reason != WB_FETCH_REASON_NO_URL)
		wb_histogram_observe(&m->fetch_latency, wb_metrics_fetch_buckets,
				     (double)update->latency_ms / 1000.0);
}

bool wb_metrics_healthy(int64_t render_age_ms, int64_t fetch_age_ms, char *problem, size_t problem_size)
{
	problem[0] = '\0';
	if (render_age_ms < 0)
		snprintf(problem, problem_size, "render loop has not drawn a frame yet");
	else if (render_age_ms > WB_HEALTH_RENDER_SILENT_MS)
		snprintf(problem, problem_size, "render loop silent for %lld ms", (long long)render_age_ms);
	else if (fetch_age_ms < 0)
		snprintf(problem, problem_size, "fetcher has not started");
	else if (fetch_age_ms > WB_HEALTH_FETCH_SILENT_MS)
		snprintf(problem, problem_size, "fetcher silent for %lld ms", (long long)fetch_age_ms);
	return problem[0] == '\0';
}

/* A growing text buffer; on allocation failure it stays failed and the
 * result is NULL. */
/* The exposition text. An append that fails (out of memory, over the cap)
 * marks the whole text failed: a half document must never be served. */
struct text {
	struct wb_buf buf;
	bool failed;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	if (t->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	t->failed = wb_buf_vprintf(&t->buf, fmt, ap) != WB_OK;
	va_end(ap);
}

static void header(struct text *t, const char *name, const char *type, const char *help)
{
	add(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void histogram(struct text *t, const char *name, const char *help, const struct wb_histogram *h,
		      const double *bounds)
{
	uint64_t cumulative = 0;
	header(t, name, "histogram", help);
	for (size_t i = 0; i < WB_HISTOGRAM_BUCKETS; i++) {
		cumulative += h->counts[i];
		add(t, "%s_bucket{le=\"%g\"} %llu\n", name, bounds[i], (unsigned long long)cumulative);
	}
	add(t, "%s_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)h->count);
	add(t, "%s_sum %.6f\n%s_count %llu\n", name, h->sum_s, name, (unsigned long long)h->count);
}

/* A label value: \\, " and newlines escaped. state.json's strings are
 * free of control characters already; this keeps a quote from ending one. */
static void label(struct text *t, const char *s)
{
	for (; *s; s++)
		add(t, "%s%c", *s == '"' || *s == '\\' ? "\\" : "", *s);
}

static void update_metrics(struct text *t, const struct wb_update_status *u)
{
	enum wb_update_state now = wb_update_status_state(u);
	header(t, "wallboard_update_state", "gauge", "The A/B update state: 1 for the current one.");
	for (int s = 0; s < WB_UPDATE_STATE_COUNT_; s++)
		add(t, "wallboard_update_state{state=\"%s\"} %d\n",
		    wb_update_state_name((enum wb_update_state)s), s == (int)now ? 1 : 0);
	header(t, "wallboard_image_info", "gauge", "The running image: its version and boot slot.");
	add(t, "wallboard_image_info{version=\"");
	label(t, wb_update_running_version(u));
	add(t, "\",slot=\"");
	label(t, u->info.booted.present ? u->info.booted.slot : "");
	add(t, "\"} 1\n");
	header(t, "wallboard_update_last_result", "gauge",
	       "The last update's result (committed, rolled_back, refused, failed, interrupted) and version; "
	       "none before "
	       "the first.");
	if (u->info.last.present) {
		add(t, "wallboard_update_last_result{result=\"");
		label(t, u->info.last.result);
		add(t, "\",version=\"");
		label(t, u->info.last.version);
		add(t, "\"} 1\n");
	}
	header(t, "wallboard_update_rolled_back", "gauge", "1 while the last update has rolled back.");
	add(t, "wallboard_update_rolled_back %d\n", wb_update_rolled_back(&u->info) ? 1 : 0);
}

char *wb_metrics_format(const struct wb_metrics *m, const struct wb_metrics_gauges *g)
{
	static const char *const severities[3] = { "info", "warning", "critical" };
	struct text t = { .failed = false };
	wb_buf_init(&t.buf, WB_METRICS_MAX_BYTES);

	header(&t, "wallboard_uptime_seconds", "gauge", "Seconds since the wallboard started.");
	add(&t, "wallboard_uptime_seconds %.3f\n", g->uptime_s);

	header(&t, "wallboard_fetch_total", "counter", "Finished feed polls by result; failures by reason.");
	add(&t, "wallboard_fetch_total{result=\"updated\",reason=\"\"} %llu\n",
	    (unsigned long long)m->fetch_updated);
	add(&t, "wallboard_fetch_total{result=\"not_modified\",reason=\"\"} %llu\n",
	    (unsigned long long)m->fetch_not_modified);
	for (int r = WB_FETCH_REASON_NONE + 1; r < WB_FETCH_REASON_COUNT; r++)
		add(&t, "wallboard_fetch_total{result=\"failed\",reason=\"%s\"} %llu\n",
		    wb_fetch_reason_name((enum wb_fetch_reason)r), (unsigned long long)m->fetch_failed[r]);

	histogram(&t, "wallboard_fetch_duration_seconds", "Time of feed polls, request to last byte.",
		  &m->fetch_latency, wb_metrics_fetch_buckets);
	histogram(&t, "wallboard_frame_render_seconds", "Time to draw one frame.", &m->frame_render,
		  wb_metrics_frame_buckets);

	header(&t, "wallboard_data_age_seconds", "gauge",
	       "Seconds since the data on screen was last confirmed by the feed; -1 without data.");
	add(&t, "wallboard_data_age_seconds %.3f\n", g->data_age_s);
	header(&t, "wallboard_stale", "gauge", "1 while the screen marks its data as stale.");
	add(&t, "wallboard_stale %d\n", g->stale ? 1 : 0);

	header(&t, "wallboard_alerts", "gauge", "Alerts on screen by severity.");
	for (size_t i = 0; i < 3; i++)
		add(&t, "wallboard_alerts{severity=\"%s\"} %llu\n", severities[i],
		    (unsigned long long)g->alerts_by_severity[i]);
	header(&t, "wallboard_alerts_acknowledged", "gauge", "Alerts on screen that an admin acknowledged.");
	add(&t, "wallboard_alerts_acknowledged %llu\n", (unsigned long long)g->alerts_acknowledged);
	/* Per severity, so an alert rule can say "a critical alert nobody has
	 * acknowledged" without subtracting series of different severities. */
	header(&t, "wallboard_alerts_unacknowledged", "gauge",
	       "Alerts on screen by severity that no admin has acknowledged yet.");
	for (size_t i = 0; i < 3; i++)
		add(&t, "wallboard_alerts_unacknowledged{severity=\"%s\"} %llu\n", severities[i],
		    (unsigned long long)g->alerts_unacknowledged[i]);

	header(&t, "wallboard_http_auth_failures_total", "counter",
	       "Requests to the admin API with a missing or wrong token.");
	add(&t, "wallboard_http_auth_failures_total %llu\n", (unsigned long long)m->http_auth_failures);
	header(&t, "wallboard_config_saves_total", "counter", "Config changes saved through the API.");
	add(&t, "wallboard_config_saves_total %llu\n", (unsigned long long)m->config_saves);

	if (g->has_update)
		update_metrics(&t, &g->update);

	if (t.failed) {
		wb_buf_deinit(&t.buf);
		return NULL;
	}
	return wb_buf_take(&t.buf, NULL);
}
