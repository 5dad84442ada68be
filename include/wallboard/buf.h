/* One capped, growable byte buffer (curl's dynbuf): the fetched feed body,
 * an HTTP request body and the /metrics text all grow through it. Every
 * buffer has a cap from limits.h: past it an append fails with
 * WB_ERR_TOO_LARGE and the buffer keeps what it had. Data is always
 * NUL-terminated once anything was appended. */
#ifndef WALLBOARD_BUF_H
#define WALLBOARD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "wallboard/status.h"

struct wb_buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap; /* allocated, the NUL included */
	size_t max; /* the cap on len */
};

/* An empty buffer that may hold up to max bytes. Owns nothing yet. */
void wb_buf_init(struct wb_buf *b, size_t max);
/* Frees the data; the buffer is empty (same max) afterwards. */
void wb_buf_deinit(struct wb_buf *b);

/* WB_OK, WB_ERR_TOO_LARGE (over max; nothing appended) or WB_ERR_NOMEM. */
enum wb_status wb_buf_append(struct wb_buf *b, const void *data, size_t n);
enum wb_status wb_buf_printf(struct wb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum wb_status wb_buf_vprintf(struct wb_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Hands the data over: the caller owns (and frees) what is returned, never
 * NULL after an append; *len gets its length. The buffer is empty after. */
char *wb_buf_take(struct wb_buf *b, size_t *len);

#endif
