/* Pins the recent-lines ring behind GET /api/v1/log: oldest first, the line
 * count and the byte cap both held whatever the lines' lengths, long lines
 * cut, control characters flattened, the newest `limit`, and lines from
 * several threads at once all kept whole. */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wallboard/logring.h"

/* The JSON document, parsed; the caller deletes it. */
static cJSON *doc_of(struct wb_logring *ring, size_t limit)
{
	char *json = wb_logring_to_json(ring, limit);
	assert_non_null(json);
	cJSON *doc = cJSON_Parse(json);
	free(json);
	assert_non_null(doc);
	return doc;
}

static const char *text_at(cJSON *doc, int i)
{
	cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "lines"), i);
	return cJSON_GetStringValue(cJSON_GetObjectItem(item, "text"));
}

static int lines_in(cJSON *doc)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(doc, "lines"));
}

static void test_oldest_first_with_times(void **state)
{
	(void)state;
	struct wb_logring *ring = wb_logring_create(10, 4096);
	wb_logring_add(ring, 1795425302000, "feed: updated");
	wb_logring_add(ring, 1795425303500, "http: listening");
	cJSON *doc = doc_of(ring, 0);
	assert_int_equal(lines_in(doc), 2);
	assert_string_equal(text_at(doc, 0), "feed: updated");
	assert_string_equal(text_at(doc, 1), "http: listening");
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "lines"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "time")), "2026-11-23T09:15:02Z");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "dropped")), 0);
	cJSON_Delete(doc);
	wb_logring_destroy(ring);
}

static void test_line_count_cap(void **state)
{
	(void)state;
	struct wb_logring *ring = wb_logring_create(3, 4096);
	char line[32];
	for (int i = 0; i < 10; i++) {
		snprintf(line, sizeof line, "line %d", i);
		wb_logring_add(ring, 0, line);
	}
	assert_int_equal(wb_logring_count(ring), 3);
	cJSON *doc = doc_of(ring, 0);
	assert_string_equal(text_at(doc, 0), "line 7");
	assert_string_equal(text_at(doc, 2), "line 9");
	cJSON_Delete(doc);
	doc = doc_of(ring, 2); /* the newest two */
	assert_int_equal(lines_in(doc), 2);
	assert_string_equal(text_at(doc, 0), "line 8");
	cJSON_Delete(doc);
	wb_logring_destroy(ring);
}

static void test_byte_cap(void **state)
{
	(void)state;
	struct wb_logring *ring = wb_logring_create(100, 25);
	wb_logring_add(ring, 0, "0123456789"); /* 10 */
	wb_logring_add(ring, 0, "abcdefghij"); /* 20 */
	wb_logring_add(ring, 0, "ABCDEFGHIJ"); /* 30 > 25: the first goes */
	assert_int_equal(wb_logring_count(ring), 2);
	cJSON *doc = doc_of(ring, 0);
	assert_string_equal(text_at(doc, 0), "abcdefghij");
	cJSON_Delete(doc);
	/* A line over the whole cap is not kept, and counted. */
	char big[64];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	wb_logring_add(ring, 0, big);
	assert_int_equal(wb_logring_count(ring), 2);
	doc = doc_of(ring, 0);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "dropped")), 1);
	cJSON_Delete(doc);
	wb_logring_destroy(ring);
}

static void test_long_lines_cut_controls_flattened(void **state)
{
	(void)state;
	struct wb_logring *ring = wb_logring_create(4, 1 << 20);
	char *big = malloc(WB_LOGRING_LINE_MAX * 3);
	memset(big, 'y', WB_LOGRING_LINE_MAX * 3 - 1);
	big[WB_LOGRING_LINE_MAX * 3 - 1] = '\0';
	wb_logring_add(ring, 0, big);
	free(big);
	wb_logring_add(ring, 0, "two\nlines\tand \xff bad");
	cJSON *doc = doc_of(ring, 0);
	const char *cut = text_at(doc, 0);
	assert_int_equal(strlen(cut), WB_LOGRING_LINE_MAX - 1 + strlen("…"));
	assert_string_equal(cut + strlen(cut) - strlen("…"), "…");
	const char *flat = text_at(doc, 1);
	assert_null(strchr(flat, '\n'));
	assert_null(strchr(flat, '\t'));
	assert_non_null(strstr(flat, "two lines and"));
	cJSON_Delete(doc);
	wb_logring_destroy(ring);
}

static void test_null_and_bad_sizes(void **state)
{
	(void)state;
	assert_null(wb_logring_create(0, 10));
	assert_null(wb_logring_create(10, 0));
	wb_logring_destroy(NULL);
	wb_logring_add(NULL, 0, "nothing");
	assert_int_equal(wb_logring_count(NULL), 0);
	cJSON *doc = doc_of(NULL, 0);
	assert_int_equal(lines_in(doc), 0);
	cJSON_Delete(doc);
}

#define THREADS 4
#define PER_THREAD 500

struct writer {
	struct wb_logring *ring;
	int id;
};

static void *write_lines(void *arg)
{
	const struct writer *w = arg;
	char line[64];
	for (int i = 0; i < PER_THREAD; i++) {
		snprintf(line, sizeof line, "thread %d line %04d end", w->id, i);
		wb_logring_add(w->ring, i, line);
		if (i % 50 == 0)
			free(wb_logring_to_json(w->ring, 10));
	}
	return NULL;
}

static void test_several_threads(void **state)
{
	(void)state;
	struct wb_logring *ring = wb_logring_create(200, 1 << 20);
	pthread_t threads[THREADS];
	struct writer writers[THREADS];
	for (int i = 0; i < THREADS; i++) {
		writers[i] = (struct writer){ ring, i };
		assert_int_equal(pthread_create(&threads[i], NULL, write_lines, &writers[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	assert_int_equal(wb_logring_count(ring), 200);
	cJSON *doc = doc_of(ring, 0);
	for (int i = 0; i < 200; i++) {
		int id, n;
		char end[8];
		assert_int_equal(sscanf(text_at(doc, i), "thread %d line %d %7s", &id, &n, end), 3);
		assert_string_equal(end, "end");
	}
	cJSON_Delete(doc);
	wb_logring_destroy(ring);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oldest_first_with_times),
		cmocka_unit_test(test_line_count_cap),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_long_lines_cut_controls_flattened),
		cmocka_unit_test(test_null_and_bad_sizes),
		cmocka_unit_test(test_several_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
