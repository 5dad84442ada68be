/* What every harness shares: a property that fails aborts with a message
 * (libFuzzer keeps the input as a crash), reading parameters out of the
 * input, and the UTF-8 check every string that reaches a screen or a JSON
 * answer must pass. Header-only so each harness stays one file. */
#ifndef WB_FUZZ_H
#define WB_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "wallboard/status.h"
#include "wallboard/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((format(printf, 1, 2), noreturn)) static inline void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("property failed: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

#define FUZZ_CHECK(cond, ...)                   \
	do {                                    \
		if (!(cond))                    \
			fuzz_fail(__VA_ARGS__); \
	} while (0)

/* A NUL-terminated string: valid UTF-8, not longer than max bytes. */
static inline void fuzz_check_text(const char *what, const char *s, size_t max)
{
	if (!s)
		return;
	size_t len = strnlen(s, max + 1);
	FUZZ_CHECK(len <= max, "%s: longer than %zu bytes", what, max);
	FUZZ_CHECK(wb_utf8_valid(s, len), "%s: not valid UTF-8: \"%.*s\"", what, (int)len, s);
}

/* Parameters taken from the front of the input, zero once it runs out, so
 * every input means something and a short one still runs. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t fuzz_u64(struct fuzz_in *in, size_t bytes)
{
	uint64_t v = 0;
	for (size_t i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v = v << 8 | *in->p;
	return v;
}

/* A value in [lo, hi] (lo <= hi). */
static inline int64_t fuzz_range(struct fuzz_in *in, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	uint64_t v = fuzz_u64(in, 8);
	if (span == UINT64_MAX)
		return (int64_t)((uint64_t)lo + v);
	return (int64_t)((uint64_t)lo + v % (span + 1));
}

/* Splits data at its first NUL: the text before it (copied, NUL-terminated,
 * caller frees) and the bytes after it as parameters. No NUL: all text, no
 * parameters, so the seeds are plain documents. */
static inline char *fuzz_split(const uint8_t *data, size_t size, size_t *text_len, struct fuzz_in *rest)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *text = malloc(len + 1);
	if (!text)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';
	*text_len = len;
	rest->p = nul ? nul + 1 : data + size;
	rest->n = nul ? size - len - 1 : 0;
	return text;
}

/* The feed cache's file name in its directory (platform/cache.c). */
#define FUZZ_CACHE_FILE "last-good-feed.json.cache"

static inline char *fuzz_dir_buf(void)
{
	static char dir[256];
	return dir;
}

static inline void fuzz_dir_remove(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir_buf(), FUZZ_CACHE_FILE);
	unlink(path);
	rmdir(fuzz_dir_buf());
}

/* A private directory for the harnesses that go through the cache file:
 * under $TMPDIR, else /dev/shm (memory, no wear), else /tmp; never in the
 * repo. Made on first use, removed at exit. */
static inline const char *fuzz_cache_dir(void)
{
	char *dir = fuzz_dir_buf();
	if (dir[0])
		return dir;
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, 256, "%s/wb-fuzz-XXXXXX", base);
	FUZZ_CHECK(mkdtemp(dir), "no directory for the cache under %s", base);
	atexit(fuzz_dir_remove);
	return dir;
}

/* Whether any object in j names a member twice (RFC 8259 leaves that
 * undefined; the config readers must reject it). */
static inline bool fuzz_json_duplicates(const cJSON *j)
{
	const cJSON *a, *b;
	cJSON_ArrayForEach(a, j)
	{
		if (fuzz_json_duplicates(a))
			return true;
		if (!cJSON_IsObject(j))
			continue;
		for (b = a->next; b; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return true;
	}
	return false;
}

/* Every problem of a failed config read names where ("$..."), in UTF-8. */
static inline void fuzz_check_problems(const struct wb_problems *p)
{
	FUZZ_CHECK(p->count > 0, "rejected without a problem");
	for (size_t i = 0; i < p->count; i++) {
		FUZZ_CHECK(p->items[i].path[0] == '$', "problem without a JSON path: %s",
			   p->items[i].message);
		fuzz_check_text("problem path", p->items[i].path, sizeof p->items[i].path - 1);
		fuzz_check_text("problem message", p->items[i].message, sizeof p->items[i].message - 1);
	}
}

/* What RFC 8259 allows a JSON text to be (beyond what cJSON checks): no
 * NUL anywhere, only space, tab, CR and LF around the value, and no string
 * holding U+0000 (a C string would cut it short). NULL when s keeps to it,
 * else what it breaks. */
static inline const char *fuzz_json_text_problem(const char *s, size_t len)
{
	if (memchr(s, 0, len))
		return "a NUL byte";
	size_t i = 0, j = len;
	while (i < len && strchr(" \t\r\n", s[i]))
		i++;
	while (j > i && strchr(" \t\r\n", s[j - 1]))
		j--;
	if ((i < len && (unsigned char)s[i] <= 0x20) || (j > i && (unsigned char)s[j - 1] <= 0x20))
		return "a control byte as whitespace";
	for (size_t k = 0; k + 6 <= len; k++) {
		if (s[k] != '\\')
			continue;
		if (strncmp(s + k + 1, "u0000", 5) == 0)
			return "\\u0000 in a string";
		k++; /* an escaped character: "\\u0000" is text */
	}
	return NULL;
}

#endif
