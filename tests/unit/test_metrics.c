/* Counting and the exposition text; promtool checks the syntax in the
 * integration tests, this checks the numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/metrics.h"

static void assert_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	print_error("missing line: %s\n", line);
	fail();
}

static void test_fetch_outcomes_and_reasons(void **state)
{
	(void)state;
	struct wb_metrics m = { 0 };
	struct wb_feed_update up = { .outcome = WB_FETCH_UPDATED, .latency_ms = 40 };
	wb_metrics_count_fetch(&m, &up);
	up = (struct wb_feed_update){ .outcome = WB_FETCH_NOT_MODIFIED, .latency_ms = 20 };
	wb_metrics_count_fetch(&m, &up);
	up = (struct wb_feed_update){ .outcome = WB_FETCH_FAILED,
				      .reason = WB_FETCH_REASON_TIMEOUT,
				      .latency_ms = 15000 };
	wb_metrics_count_fetch(&m, &up);
	wb_metrics_count_fetch(&m, &up);
	up = (struct wb_feed_update){ .outcome = WB_FETCH_FAILED, .reason = WB_FETCH_REASON_NO_URL };
	wb_metrics_count_fetch(&m, &up);

	struct wb_metrics_gauges g = { .uptime_s = 12.5, .data_age_s = 3, .alerts_by_severity = { 1, 0, 2 } };
	char *text = wb_metrics_format(&m, &g);
	assert_non_null(text);
	assert_has_line(text, "wallboard_fetch_total{result=\"updated\",reason=\"\"} 1");
	assert_has_line(text, "wallboard_fetch_total{result=\"not_modified\",reason=\"\"} 1");
	assert_has_line(text, "wallboard_fetch_total{result=\"failed\",reason=\"timeout\"} 2");
	assert_has_line(text, "wallboard_fetch_total{result=\"failed\",reason=\"no_url\"} 1");
	assert_has_line(text, "wallboard_fetch_total{result=\"failed\",reason=\"http\"} 0");
	/* A missing URL is not a transfer: it has no latency to observe. */
	assert_has_line(text, "wallboard_fetch_duration_seconds_count 4");
	assert_has_line(text, "wallboard_fetch_duration_seconds_bucket{le=\"0.025\"} 1");
	assert_has_line(text, "wallboard_fetch_duration_seconds_bucket{le=\"0.05\"} 2");
	assert_has_line(text, "wallboard_fetch_duration_seconds_bucket{le=\"10\"} 2");
	assert_has_line(text, "wallboard_fetch_duration_seconds_bucket{le=\"15\"} 4");
	assert_has_line(text, "wallboard_fetch_duration_seconds_bucket{le=\"+Inf\"} 4");
	assert_has_line(text, "wallboard_alerts{severity=\"critical\"} 2");
	assert_has_line(text, "wallboard_alerts{severity=\"info\"} 1");
	assert_has_line(text, "wallboard_uptime_seconds 12.500");
	free(text);
}

/* Unacknowledged alerts by severity: what "a critical alert nobody has
 * acknowledged" needs (docs/prometheus/wallboard-rules.yml), which the total
 * of acknowledged alerts of every severity cannot say. */
static void test_unacknowledged_alerts_by_severity(void **state)
{
	(void)state;
	struct wb_metrics m = { 0 };
	struct wb_metrics_gauges g = { .alerts_by_severity = { 1, 2, 3 },
				       .alerts_acknowledged = 3,
				       .alerts_unacknowledged = { 0, 2, 1 } };
	char *text = wb_metrics_format(&m, &g);
	assert_non_null(text);
	assert_has_line(text, "# TYPE wallboard_alerts_unacknowledged gauge");
	assert_has_line(text, "wallboard_alerts_unacknowledged{severity=\"info\"} 0");
	assert_has_line(text, "wallboard_alerts_unacknowledged{severity=\"warning\"} 2");
	assert_has_line(text, "wallboard_alerts_unacknowledged{severity=\"critical\"} 1");
	assert_has_line(text, "wallboard_alerts_acknowledged 3");
	free(text);
}

static void test_values_past_the_last_bucket_count_only_in_inf(void **state)
{
	(void)state;
	struct wb_histogram h = { 0 };
	wb_histogram_observe(&h, wb_metrics_frame_buckets, 5.0);
	wb_histogram_observe(&h, wb_metrics_frame_buckets, 0.001);
	uint64_t in_buckets = 0;
	for (size_t i = 0; i < WB_HISTOGRAM_BUCKETS; i++)
		in_buckets += h.counts[i];
	assert_int_equal(in_buckets, 1);
	assert_int_equal(h.count, 2);
	assert_true(h.sum_s > 5.0);
}

static void test_health_needs_both_loops_beating(void **state)
{
	(void)state;
	static const struct {
		int64_t render_age, fetch_age;
		bool healthy;
		const char *says;
	} rows[] = {
		{ 0, 0, true, "" },
		{ WB_HEALTH_RENDER_SILENT_MS, WB_HEALTH_FETCH_SILENT_MS, true, "" },
		{ WB_HEALTH_RENDER_SILENT_MS + 1, 0, false, "render loop silent for 10001 ms" },
		{ 0, WB_HEALTH_FETCH_SILENT_MS + 1, false, "fetcher silent for 15001 ms" },
		{ -1, 0, false, "render loop has not drawn a frame yet" },
		{ 5, -1, false, "fetcher has not started" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char problem[128];
		assert_int_equal(
			wb_metrics_healthy(rows[i].render_age, rows[i].fetch_age, problem, sizeof problem),
			rows[i].healthy);
		assert_string_equal(problem, rows[i].says);
	}
}

/* The update lines: one state at 1, the image's labels escaped (state.json
 * is another program's file), the last result only once there is one. */
static void test_update_lines(void **state)
{
	(void)state;
	struct wb_metrics m = { 0 };
	struct wb_metrics_gauges g = { .has_update = true };
	wb_update_info_unknown(&g.update.info);
	g.update.info.state = WB_UPDATE_TRIAL;
	g.update.info.booted.present = true;
	snprintf(g.update.info.booted.slot, sizeof g.update.info.booted.slot, "B\"x\\");
	snprintf(g.update.firmware_version, sizeof g.update.firmware_version, "0.5.0");
	char *text = wb_metrics_format(&m, &g);
	assert_non_null(text);
	assert_non_null(strstr(text, "wallboard_update_state{state=\"trial\"} 1\n"));
	assert_non_null(strstr(text, "wallboard_update_state{state=\"idle\"} 0\n"));
	assert_non_null(strstr(text, "wallboard_image_info{version=\"0.5.0\",slot=\"B\\\"x\\\\\"} 1\n"));
	assert_null(strstr(text, "wallboard_update_last_result{"));
	assert_non_null(strstr(text, "wallboard_update_rolled_back 0\n"));
	free(text);

	g.update.activity = WB_UPDATE_ACTIVITY_DOWNLOAD;
	g.update.info.last.present = true;
	snprintf(g.update.info.last.result, sizeof g.update.info.last.result, "rolled_back");
	snprintf(g.update.info.last.version, sizeof g.update.info.last.version, "0.6");
	text = wb_metrics_format(&m, &g);
	assert_non_null(strstr(text, "wallboard_update_state{state=\"downloading\"} 1\n"));
	assert_non_null(
		strstr(text, "wallboard_update_last_result{result=\"rolled_back\",version=\"0.6\"} 1\n"));
	free(text);

	g.has_update = false;
	text = wb_metrics_format(&m, &g);
	assert_null(strstr(text, "wallboard_update_state"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_outcomes_and_reasons),
		cmocka_unit_test(test_unacknowledged_alerts_by_severity),
		cmocka_unit_test(test_values_past_the_last_bucket_count_only_in_inf),
		cmocka_unit_test(test_health_needs_both_loops_beating),
		cmocka_unit_test(test_update_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
