/* One status code for the whole firmware, curl-CURLcode style: 0 is success,
 * failures are negative, new codes are only ever appended. Pure modules return
 * these and describe the problem in a caller-provided struct wb_error; only the
 * edge (main, fetch thread) prints. */
#ifndef WALLBOARD_STATUS_H
#define WALLBOARD_STATUS_H

#include <stddef.h>

enum wb_status {
	WB_OK = 0,
	WB_ERR_NOMEM = -1,
	WB_ERR_INVALID = -2,     /* input breaks its contract (feed, config) */
	WB_ERR_UNSUPPORTED = -3, /* well-formed but a version we do not speak */
	WB_ERR_TOO_LARGE = -4,   /* over one of the caps in limits.h */
	WB_ERR_IO = -5,
	WB_ERR_NETWORK = -6, /* could not reach the server or transfer failed */
	WB_ERR_HTTP = -7,    /* server answered with a non-success status */
	WB_ERR_NOT_FOUND = -8,
	WB_ERR_DISPLAY = -9, /* no usable video driver / renderer */
};

/* Static English text for a status; never NULL. */
const char *wb_strerror(enum wb_status status);

/* Where and why input was rejected. path is a JSONPath-like location
 * ("$.channels[3].mentions.today"), empty when the problem is not tied to one
 * place. Both strings are always NUL-terminated. */
struct wb_error {
	char path[160];
	char message[240];
};

void wb_error_clear(struct wb_error *err);
/* printf-style; a NULL err is accepted and ignored so callers need not check. */
void wb_error_set(struct wb_error *err, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "path: message" (or just message when there is no path) into buf. */
size_t wb_error_format(const struct wb_error *err, char *buf, size_t size);

/* A list of problems, for validators that report everything at once
 * (wallboard --check-config, the config API's 422). Extra problems past the
 * capacity are counted in `dropped`, never silently lost. */
#define WB_PROBLEMS_MAX 32
struct wb_problems {
	size_t count;
	size_t dropped;
	struct wb_error items[WB_PROBLEMS_MAX];
};

void wb_problems_clear(struct wb_problems *p);
void wb_problems_add(struct wb_problems *p, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
