/* Strict JSON: a scan of the raw bytes for what cJSON lets through (see
 * json.h), then cJSON for the grammar, then its end pointer for trailing
 * text, then (on request) a walk for duplicate keys. */
#include "wallboard/json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/utf8.h"

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void fail(struct wb_json_error *err, const char *text, size_t len, size_t at, const char *what)
{
	if (!err)
		return;
	size_t line = 1, col = 1;
	for (size_t i = 0; i < at && i < len; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xC0u) != 0x80u) {
			col++;
		}
	}
	err->offset = at;
	err->line = line;
	err->column = col;
	err->path[0] = '\0';
	snprintf(err->message, sizeof err->message, "%s", what);
}

/* The first byte that is not a whole code point (wb_utf8_valid has said
 * there is one): the shortest valid prefix at each position is the code
 * point there. */
static size_t first_invalid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t k = 1;
		while (k <= 4 && k <= len - i && !wb_utf8_valid(s + i, k))
			k++;
		if (k > 4 || k > len - i)
			return i;
		i += k;
	}
	return len;
}

/* Offset of the first byte cJSON would wrongly accept, or len. Outside
 * strings only the four RFC 8259 whitespace bytes may be below 0x21; inside,
 * nothing below 0x20 raw, and no \u0000 (it would end the C string). */
static size_t find_bad_byte(const char *s, size_t len, const char **why)
{
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == 0) {
			*why = "NUL byte";
			return i;
		}
		if (!in_string) {
			if (ch < 0x21 && !is_space(ch)) {
				*why = "control character outside a string";
				return i;
			}
			in_string = ch == '"';
			continue;
		}
		if (ch < 0x20) {
			*why = "unescaped control character in a string";
			return i;
		}
		if (ch == '"') {
			in_string = false;
		} else if (ch == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && len - i >= 6 && memcmp(s + i + 2, "0000", 4) == 0) {
				*why = "NUL character (\\u0000) in a string";
				return i;
			}
			/* The escaped byte cannot end the string, but it is a byte of
			 * the text like any other: a NUL or control byte after a
			 * backslash is refused too (fuzz_config found "\\\0"). */
			i++;
			if (s[i] == 0) {
				*why = "NUL byte";
				return i;
			}
			if ((unsigned char)s[i] < 0x20) {
				*why = "unescaped control character in a string";
				return i;
			}
		}
	}
	return len;
}

static int by_key(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

/* Appends to path at used; returns the new length (capped: a deep path is
 * cut, never overrun). */
__attribute__((format(printf, 4, 5))) static size_t step(char *path, size_t size, size_t used,
							 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(path + used, size - used, fmt, ap);
	va_end(ap);
	size_t next = w < 0 ? used : used + (size_t)w;
	return next < size ? next : size - 1;
}

/* ".key", with the key cut short and made valid UTF-8 (it may be neither). */
static size_t key_step(char *path, size_t size, size_t used, const char *key)
{
	char shown[64];
	wb_utf8_truncate(key, 24, shown, sizeof shown);
	return step(path, size, used, ".%s", shown);
}

enum dup_result {
	DUP_NONE,
	DUP_FOUND,
	DUP_NOMEM
};

/* The first object (depth first) holding a key twice: its path and the key.
 * Sorting the members keeps this O(n log n) for a body full of keys. */
static enum dup_result find_duplicate(const cJSON *node, char *path, size_t size, size_t used)
{
	size_t n = 0;
	for (const cJSON *it = node->child; it; it = it->next)
		n++;
	if (cJSON_IsObject(node) && n > 1) {
		const cJSON **members = malloc(n * sizeof *members);
		if (!members)
			return DUP_NOMEM;
		size_t i = 0;
		for (const cJSON *it = node->child; it; it = it->next)
			members[i++] = it;
		qsort(members, n, sizeof *members, by_key);
		for (i = 1; i < n; i++)
			if (strcmp(members[i - 1]->string, members[i]->string) == 0)
				break;
		const char *dup = i < n ? members[i]->string : NULL;
		free(members);
		if (dup) {
			key_step(path, size, used, dup);
			return DUP_FOUND;
		}
	}
	size_t index = 0;
	for (const cJSON *it = node->child; it; it = it->next, index++) {
		size_t next = cJSON_IsObject(node) ? key_step(path, size, used, it->string)
						   : step(path, size, used, "[%zu]", index);
		enum dup_result r = find_duplicate(it, path, size, next);
		if (r != DUP_NONE)
			return r;
	}
	path[used] = '\0';
	return DUP_NONE;
}

cJSON *wb_json_parse(const char *text, size_t len, unsigned flags, struct wb_json_error *err)
{
	if (!text || len == 0) {
		fail(err, "", 0, 0, "empty document");
		return NULL;
	}
	if (!(flags & WB_JSON_UTF8_PER_VALUE) && !wb_utf8_valid(text, len)) {
		fail(err, text, len, first_invalid_utf8(text, len), "invalid UTF-8");
		return NULL;
	}
	const char *why = NULL;
	size_t bad = find_bad_byte(text, len, &why);
	if (bad < len) {
		fail(err, text, len, bad, why);
		return NULL;
	}
	/* Not require_null_terminated: in cJSON 1.7 that demands a NUL inside
	 * len, and text is not terminated. The end pointer is checked instead. */
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!doc) {
		/* cJSON points at where it gave up (the last byte when input ran out). */
		size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
		fail(err, text, len, at, "invalid JSON");
		return NULL;
	}
	size_t at = (size_t)(end - text);
	while (at < len && is_space((unsigned char)text[at]))
		at++;
	if (at < len) {
		cJSON_Delete(doc);
		fail(err, text, len, at, "unexpected data after the JSON value");
		return NULL;
	}
	if (flags & WB_JSON_UNIQUE_KEYS) {
		char path[sizeof err->path] = "$";
		enum dup_result r = find_duplicate(doc, path, sizeof path, 1);
		if (r != DUP_NONE) {
			cJSON_Delete(doc);
			fail(err, text, len, 0, r == DUP_FOUND ? "duplicate key" : "out of memory");
			if (err && r == DUP_FOUND)
				snprintf(err->path, sizeof err->path, "%s", path);
			return NULL;
		}
	}
	return doc;
}
