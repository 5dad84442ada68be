/* The capped buffer behind wallboard/buf.h. Growth doubles (from 4 KiB) but
 * never past max + 1, so a cap of 64 KiB never allocates a megabyte. */
#include "wallboard/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 4096

void wb_buf_init(struct wb_buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

void wb_buf_deinit(struct wb_buf *b)
{
	free(b->data);
	wb_buf_init(b, b->max);
}

/* Room for len + n bytes and the NUL; the caller checked the cap. */
static enum wb_status reserve(struct wb_buf *b, size_t n)
{
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return WB_OK;
	size_t cap = b->cap ? b->cap : FIRST_CAP;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *grown = realloc(b->data, cap);
	if (!grown)
		return WB_ERR_NOMEM;
	b->data = grown;
	b->cap = cap;
	return WB_OK;
}

enum wb_status wb_buf_append(struct wb_buf *b, const void *data, size_t n)
{
	if (n > b->max - b->len)
		return WB_ERR_TOO_LARGE;
	enum wb_status st = reserve(b, n);
	if (st != WB_OK)
		return st;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return WB_OK;
}

enum wb_status wb_buf_vprintf(struct wb_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	enum wb_status st = WB_OK;
	if (n < 0)
		st = WB_ERR_INVALID;
	else if ((size_t)n > b->max - b->len)
		st = WB_ERR_TOO_LARGE;
	else
		st = reserve(b, (size_t)n);
	if (st == WB_OK) {
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
	return st;
}

enum wb_status wb_buf_printf(struct wb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum wb_status st = wb_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

char *wb_buf_take(struct wb_buf *b, size_t *len)
{
	char *data = b->data;
	if (len)
		*len = b->len;
	wb_buf_init(b, b->max);
	return data;
}
