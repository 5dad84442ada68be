/* The recent log lines: a circular array of heap copies, trimmed from the
 * oldest end whenever the line count or the byte cap would be passed, so the
 * ring never holds more than it says whatever the lines' lengths. */
#include "wallboard/logring.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/timeutil.h"
#include "wallboard/utf8.h"

struct entry {
	int64_t wall_ms;
	char *text; /* owned */
	size_t len;
};

struct wb_logring {
	pthread_mutex_t lock; /* guards everything below */
	struct entry *lines;  /* max_lines slots; [head, head + count) mod max_lines in use */
	size_t max_lines, max_bytes;
	size_t head, count, bytes;
	uint64_t dropped; /* lines that could not be kept (no memory) */
};

struct wb_logring *wb_logring_create(size_t max_lines, size_t max_bytes)
{
	if (max_lines == 0 || max_bytes == 0)
		return NULL;
	struct wb_logring *ring = calloc(1, sizeof *ring);
	if (!ring)
		return NULL;
	ring->lines = calloc(max_lines, sizeof *ring->lines);
	if (!ring->lines) {
		free(ring);
		return NULL;
	}
	ring->max_lines = max_lines;
	ring->max_bytes = max_bytes;
	pthread_mutex_init(&ring->lock, NULL);
	return ring;
}

void wb_logring_destroy(struct wb_logring *ring)
{
	if (!ring)
		return;
	for (size_t i = 0; i < ring->count; i++)
		free(ring->lines[(ring->head + i) % ring->max_lines].text);
	free(ring->lines);
	pthread_mutex_destroy(&ring->lock);
	free(ring);
}

/* The caller holds the lock. */
static void drop_oldest(struct wb_logring *ring)
{
	struct entry *e = &ring->lines[ring->head];
	ring->bytes -= e->len;
	free(e->text);
	memset(e, 0, sizeof *e);
	ring->head = (ring->head + 1) % ring->max_lines;
	ring->count--;
}

void wb_logring_add(struct wb_logring *ring, int64_t wall_ms, const char *line)
{
	if (!ring || !line)
		return;
	/* Outside the lock: the copy is the slow part. Each code point is at
	 * most 4 bytes, the ellipsis 3. */
	char cut[WB_LOGRING_LINE_MAX * 4 + 4];
	size_t len = wb_utf8_truncate(line, WB_LOGRING_LINE_MAX, cut, sizeof cut);
	char *text = malloc(len + 1);
	if (text)
		memcpy(text, cut, len + 1);
	pthread_mutex_lock(&ring->lock);
	if (!text || len > ring->max_bytes) {
		ring->dropped++;
		pthread_mutex_unlock(&ring->lock);
		free(text);
		return;
	}
	while (ring->count > 0 && (ring->count == ring->max_lines || ring->bytes + len > ring->max_bytes))
		drop_oldest(ring);
	struct entry *e = &ring->lines[(ring->head + ring->count) % ring->max_lines];
	e->wall_ms = wall_ms;
	e->text = text;
	e->len = len;
	ring->count++;
	ring->bytes += len;
	pthread_mutex_unlock(&ring->lock);
}

size_t wb_logring_count(struct wb_logring *ring)
{
	if (!ring)
		return 0;
	pthread_mutex_lock(&ring->lock);
	size_t n = ring->count;
	pthread_mutex_unlock(&ring->lock);
	return n;
}

char *wb_logring_to_json(struct wb_logring *ring, size_t limit)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *list = doc ? cJSON_AddArrayToObject(doc, "lines") : NULL;
	bool ok = list != NULL;
	uint64_t dropped = 0;
	if (ring && ok) {
		pthread_mutex_lock(&ring->lock);
		size_t first = limit && limit < ring->count ? ring->count - limit : 0;
		for (size_t i = first; ok && i < ring->count; i++) {
			const struct entry *e = &ring->lines[(ring->head + i) % ring->max_lines];
			char when[32];
			wb_time_format_rfc3339(e->wall_ms, when, sizeof when);
			cJSON *item = cJSON_CreateObject();
			ok = item && cJSON_AddItemToArray(list, item) &&
			     cJSON_AddStringToObject(item, "time", when) &&
			     cJSON_AddStringToObject(item, "text", e->text);
		}
		dropped = ring->dropped;
		pthread_mutex_unlock(&ring->lock);
	}
	ok = ok && cJSON_AddNumberToObject(doc, "dropped", (double)dropped);
	char *json = ok ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	return json;
}
