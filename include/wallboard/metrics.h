/* Counters the board keeps for GET /metrics and their Prometheus text
 * exposition (format 0.0.4). The main thread counts; the HTTP thread formats
 * a copy. Pure. */
#ifndef WALLBOARD_METRICS_H
#define WALLBOARD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/board.h"
#include "wallboard/update.h"

#define WB_HISTOGRAM_BUCKETS 10

struct wb_histogram {
	uint64_t counts[WB_HISTOGRAM_BUCKETS]; /* per bucket, not cumulative */
	uint64_t count;
	double sum_s;
};

struct wb_metrics {
	uint64_t fetch_updated, fetch_not_modified;
	uint64_t fetch_failed[WB_FETCH_REASON_COUNT];
	struct wb_histogram fetch_latency; /* seconds */
	struct wb_histogram frame_render;  /* seconds */
	uint64_t http_auth_failures;
	uint64_t config_saves;
};

/* Point-in-time values read when /metrics is asked for. */
struct wb_metrics_gauges {
	double uptime_s;
	double data_age_s; /* < 0: no data yet */
	bool stale;
	uint64_t alerts_by_severity[3]; /* info, warning, critical */
	uint64_t alerts_acknowledged;
	uint64_t alerts_unacknowledged[3]; /* by severity, as alerts_by_severity */
	bool has_update;                   /* the board takes updates: update holds their status */
	struct wb_update_status update;
};

/* Upper bounds in seconds of the fetch latency and frame render buckets. */
extern const double wb_metrics_fetch_buckets[WB_HISTOGRAM_BUCKETS];
extern const double wb_metrics_frame_buckets[WB_HISTOGRAM_BUCKETS];

void wb_histogram_observe(struct wb_histogram *h, const double *bounds, double seconds);

/* Counts one finished poll. */
void wb_metrics_count_fetch(struct wb_metrics *m, const struct wb_feed_update *update);

/* /healthz: the main loop beats at least once a second and the fetcher every
 * 2 s (also mid-transfer), so silence this long means a hang, not load. */
#define WB_HEALTH_RENDER_SILENT_MS 10000
#define WB_HEALTH_FETCH_SILENT_MS 15000

/* Whether both loops are alive, from the age of their last beats (ms; < 0:
 * never beat). When not, problem says which one, for people. */
bool wb_metrics_healthy(int64_t render_age_ms, int64_t fetch_age_ms, char *problem, size_t problem_size);

/* The exposition text; caller frees. NULL when out of memory. */
char *wb_metrics_format(const struct wb_metrics *m, const struct wb_metrics_gauges *g);

#endif
