/* The feed cache file (platform/cache.c) and the board adopting it at start
 * (wb_board_adopt_cached): whatever the file holds, a header that is
 * accepted has a receipt time and an ETag the board can use (in the range of
 * RFC 3339 times, valid UTF-8), adopting it at any sane "now" does no
 * overflowing arithmetic (UBSan), and saving what was loaded loads back the
 * same. The input is the whole file; it is written to a private directory
 * (under $TMPDIR, else /dev/shm or /tmp), never into the repo. */
#include "fuzz.h"
#include "wallboard/board.h"
#include "wallboard/cache.h"
#include "wallboard/feed.h"
#include "wallboard/timeutil.h"

static void write_file(const uint8_t *data, size_t size)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", fuzz_cache_dir(), FUZZ_CACHE_FILE);
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f && fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write %s", path);
}

/* The times a board may start at: wall clocks from 1970 (a Pi without RTC)
 * to 9999, monotonic clocks from boot to years of uptime. */
static const int64_t wall_nows[] = { 0, 1764000000000LL, 253402300799000LL };
static const int64_t mono_nows[] = { 0, 3600000LL, 100LL * 366 * 86400000LL };

static void adopt(const struct wb_cache_entry *e)
{
	static const char fallback[] =
		"{\"version\":1,\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[]}";
	for (size_t w = 0; w < sizeof wall_nows / sizeof wall_nows[0]; w++)
		for (size_t m = 0; m < sizeof mono_nows / sizeof mono_nows[0]; m++) {
			struct wb_snapshot *snap = NULL;
			struct wb_error err;
			if (wb_feed_parse(e->body, e->body_len, &snap, &err) != WB_OK)
				FUZZ_CHECK(wb_feed_parse(fallback, sizeof fallback - 1, &snap, &err) == WB_OK,
					   "the fallback feed does not parse");
			struct wb_board board;
			wb_board_init(&board);
			wb_board_adopt_cached(&board, snap, e->etag, e->received_wall_ms, mono_nows[m],
					      wall_nows[w]);
			(void)wb_board_server_now_ms(&board, mono_nows[m] + 1000);
			wb_board_fini(&board);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_cache_dir();
	write_file(data, size);
	struct wb_cache_entry e, again;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_cache_load(dir, WB_FEED_DEFAULT_MAX_BODY_BYTES, &e, &err) != WB_OK) {
		fuzz_check_text("error", err.message, sizeof err.message - 1);
		return 0;
	}
	char when[32];
	FUZZ_CHECK(wb_time_format_rfc3339(e.received_wall_ms, when, sizeof when) > 0,
		   "accepted a receipt time no RFC 3339 time names: %lld", (long long)e.received_wall_ms);
	fuzz_check_text("etag", e.etag, sizeof e.etag - 1);
	FUZZ_CHECK(!strpbrk(e.etag, "\r\n"), "an ETag with a line break");
	adopt(&e);

	FUZZ_CHECK(wb_cache_save(dir, e.body, e.body_len, e.etag, e.received_wall_ms, &err) == WB_OK,
		   "cannot save what was loaded: %s", err.message);
	FUZZ_CHECK(wb_cache_load(dir, WB_FEED_DEFAULT_MAX_BODY_BYTES, &again, &err) == WB_OK,
		   "saved, it does not load: %s", err.message);
	FUZZ_CHECK(again.body_len == e.body_len && memcmp(again.body, e.body, e.body_len) == 0 &&
			   strcmp(again.etag, e.etag) == 0 && again.received_wall_ms == e.received_wall_ms,
		   "load, save, load changed the entry");
	wb_cache_entry_fini(&again);
	wb_cache_entry_fini(&e);
	return 0;
}
