/* The board's recent log lines in memory, for GET /api/v1/log: the newest
 * lines within a line count and a byte cap, each with its wall-clock time.
 * Several threads add lines (main, fetch, the server's): every call takes the
 * ring's own lock. Time is passed in; nothing here reads a clock. */
#ifndef WALLBOARD_LOGRING_H
#define WALLBOARD_LOGRING_H

#include <stddef.h>
#include <stdint.h>

/* Code points kept of a line; a longer one is cut and ends in "…". */
#define WB_LOGRING_LINE_MAX 500

struct wb_logring;

/* Keeps at most max_lines lines and max_bytes bytes of text (both > 0);
 * the oldest go first. NULL when out of memory. */
struct wb_logring *wb_logring_create(size_t max_lines, size_t max_bytes);
/* NULL is fine. */
void wb_logring_destroy(struct wb_logring *ring);

/* Copies line (control characters become spaces, ill-formed UTF-8 U+FFFD).
 * ring NULL: nothing. Lines that cannot be stored (no memory) are dropped
 * and counted. */
void wb_logring_add(struct wb_logring *ring, int64_t wall_ms, const char *line);

/* {"lines": [{"time": RFC 3339, "text": …}, …] oldest first, "dropped": n}
 * with at most limit lines (the newest; 0: all). The caller frees it; NULL
 * when out of memory. */
char *wb_logring_to_json(struct wb_logring *ring, size_t limit);

/* How many lines it holds now. */
size_t wb_logring_count(struct wb_logring *ring);

#endif
