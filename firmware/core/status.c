/* Status codes and the error/problem records pure modules fill in instead of
 * printing. Text put here can quote feed or config input, so truncation is
 * done on a code point boundary to keep every message valid UTF-8. */
#include "wallboard/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/utf8.h"

const char *wb_strerror(enum wb_status status)
{
	switch (status) {
	case WB_OK:
		return "success";
	case WB_ERR_NOMEM:
		return "out of memory";
	case WB_ERR_INVALID:
		return "invalid input";
	case WB_ERR_UNSUPPORTED:
		return "unsupported version";
	case WB_ERR_TOO_LARGE:
		return "input too large";
	case WB_ERR_IO:
		return "input/output error";
	case WB_ERR_NETWORK:
		return "network error";
	case WB_ERR_HTTP:
		return "HTTP error status";
	case WB_ERR_NOT_FOUND:
		return "not found";
	case WB_ERR_DISPLAY:
		return "no usable display";
	}
	/* A value from a newer build or a cast: still never NULL. */
	return "unknown error";
}

/* vsnprintf cuts at a byte count; drop a code point it left half written. */
static void trim_partial_utf8(char *buf, size_t used)
{
	if (used == 0)
		return;
	size_t last = wb_utf8_floor(buf, used, used - 1);
	if (!wb_utf8_valid(buf + last, used - last))
		buf[last] = '\0';
}

static void format_into(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void format_into(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);
	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	if ((size_t)n >= size)
		trim_partial_utf8(buf, size - 1);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	if (len >= size) {
		len = size - 1;
		memcpy(dst, src, len);
		dst[len] = '\0';
		trim_partial_utf8(dst, len);
		return;
	}
	memcpy(dst, src, len + 1);
}

static void error_vset(struct wb_error *err, const char *path, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void error_vset(struct wb_error *err, const char *path, const char *fmt, va_list ap)
{
	copy_text(err->path, sizeof err->path, path ? path : "");
	format_into(err->message, sizeof err->message, fmt, ap);
}

void wb_error_clear(struct wb_error *err)
{
	if (!err)
		return;
	err->path[0] = '\0';
	err->message[0] = '\0';
}

void wb_error_set(struct wb_error *err, const char *path, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, path, fmt, ap);
	va_end(ap);
}

size_t wb_error_format(const struct wb_error *err, char *buf, size_t size)
{
	if (!buf || size == 0)
		return 0;
	buf[0] = '\0';
	if (!err)
		return 0;
	int n = err->path[0] ? snprintf(buf, size, "%s: %s", err->path, err->message)
			     : snprintf(buf, size, "%s", err->message);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	if ((size_t)n >= size) {
		trim_partial_utf8(buf, size - 1);
		return strlen(buf);
	}
	return (size_t)n;
}

void wb_problems_clear(struct wb_problems *p)
{
	if (!p)
		return;
	p->count = 0;
	p->dropped = 0;
}

void wb_problems_add(struct wb_problems *p, const char *path, const char *fmt, ...)
{
	if (!p)
		return;
	if (p->count >= WB_PROBLEMS_MAX) {
		p->dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	error_vset(&p->items[p->count], path, fmt, ap);
	va_end(ap);
	p->count++;
}
