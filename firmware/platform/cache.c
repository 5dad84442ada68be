/* The last good feed document on disk, so a rebooted screen shows data (marked
 * stale) at once instead of a start screen while the network comes up. One
 * file, written atomically: a header line "wallboard-cache 1 <received_ms>
 * <etag>" and then the body exactly as the server sent it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/cache.h"
#include "wallboard/fsutil.h"
#include "wallboard/header.h"
#include "wallboard/limits.h"
#include "wallboard/timeutil.h"

#define CACHE_MAGIC "wallboard-cache 1 "
#define CACHE_FILE "last-good-feed.json.cache"
#define HEADER_MAX 512

static int cache_path(const char *state_dir, char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%s/%s", state_dir, CACHE_FILE) < size ? 0 : -1;
}

enum wb_status wb_cache_save(const char *state_dir, const char *body, size_t len, const char *etag,
			     int64_t received_wall_ms, struct wb_error *err)
{
	char path[WB_PATH_MAX];
	if (cache_path(state_dir, path, sizeof(path)) != 0) {
		wb_error_set(err, "", "state directory path too long");
		return WB_ERR_INVALID;
	}
	/* Only a well-formed ETag is kept: it goes back out as a header. */
	if (!wb_header_etag_ok(etag))
		etag = "";
	char header[HEADER_MAX];
	int hlen = snprintf(header, sizeof(header), CACHE_MAGIC "%" PRId64 " %s\n", received_wall_ms, etag);
	if (hlen < 0 || (size_t)hlen >= sizeof(header)) {
		wb_error_set(err, "", "cache header too long");
		return WB_ERR_INVALID;
	}
	char *data = malloc((size_t)hlen + len);
	if (!data)
		return WB_ERR_NOMEM;
	memcpy(data, header, (size_t)hlen);
	memcpy(data + hlen, body, len);
	enum wb_status st = wb_fs_write_atomic(path, data, (size_t)hlen + len, err);
	free(data);
	return st;
}

static enum wb_status damaged(struct wb_error *err, const char *path)
{
	wb_error_set(err, "", "%s is damaged (bad header)", path);
	return WB_ERR_INVALID;
}

enum wb_status wb_cache_load(const char *state_dir, size_t max_body, struct wb_cache_entry *out,
			     struct wb_error *err)
{
	memset(out, 0, sizeof(*out));
	char path[WB_PATH_MAX];
	if (cache_path(state_dir, path, sizeof(path)) != 0) {
		wb_error_set(err, "", "state directory path too long");
		return WB_ERR_INVALID;
	}
	char *raw;
	size_t raw_len;
	enum wb_status st = wb_fs_read_file(path, max_body + HEADER_MAX, &raw, &raw_len, err);
	if (st != WB_OK)
		return st;
	char *nl = memchr(raw, '\n', raw_len < HEADER_MAX ? raw_len : HEADER_MAX);
	size_t magic_len = strlen(CACHE_MAGIC);
	if (!nl || raw_len < magic_len || memcmp(raw, CACHE_MAGIC, magic_len) != 0) {
		free(raw);
		return damaged(err, path);
	}
	*nl = '\0';
	/* The header is outside data like any other: a received time beyond the
	 * years a timestamp can name would overflow the board's arithmetic, and
	 * the ETag goes back out as a header. */
	char *end;
	errno = 0;
	long long received = strtoll(raw + magic_len, &end, 10);
	if (end == raw + magic_len || *end != ' ' || errno == ERANGE || received < WB_TIME_MIN_MS ||
	    received > WB_TIME_MAX_MS || (end[1] && !wb_header_etag_ok(end + 1))) {
		free(raw);
		return damaged(err, path);
	}
	snprintf(out->etag, sizeof(out->etag), "%s", end + 1);
	out->received_wall_ms = received;
	out->body_len = raw_len - (size_t)(nl + 1 - raw);
	memmove(raw, nl + 1, out->body_len + 1); /* keeps the NUL */
	out->body = raw;
	return WB_OK;
}

void wb_cache_entry_fini(struct wb_cache_entry *entry)
{
	if (!entry)
		return;
	free(entry->body);
	entry->body = NULL;
}
