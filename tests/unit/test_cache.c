/* The last-good-document cache and the atomic file writes under it, on a
 * real temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wallboard/cache.h"
#include "wallboard/fsutil.h"

struct fixture {
	char dir[64];
	char file[128];
};

static int make_dir(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	strcpy(fx->dir, "/tmp/wb-test-cache-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->file, sizeof(fx->file), "%s/last-good-feed.json.cache", fx->dir);
	*state = fx;
	return 0;
}

static int remove_dir(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	int rc = system(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

static void write_raw(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void round_trip_keeps_body_etag_and_time(void **state)
{
	struct fixture *fx = *state;
	struct wb_error err;
	const char body[] = "{\"version\":1,\n\"x\":\"caf\xc3\xa9\"}";
	assert_int_equal(wb_cache_save(fx->dir, body, sizeof(body) - 1, "W/\"abc-1\"", 1795425302123, &err),
			 WB_OK);
	struct wb_cache_entry e;
	assert_int_equal(wb_cache_load(fx->dir, 1024, &e, &err), WB_OK);
	assert_int_equal(e.body_len, sizeof(body) - 1);
	assert_memory_equal(e.body, body, sizeof(body)); /* includes the NUL */
	assert_string_equal(e.etag, "W/\"abc-1\"");
	assert_int_equal(e.received_wall_ms, 1795425302123);
	wb_cache_entry_fini(&e);
	wb_cache_entry_fini(&e); /* idempotent */
	/* No temp file is left behind. */
	char tmp[160];
	snprintf(tmp, sizeof(tmp), "%s.tmp", fx->file);
	assert_int_not_equal(access(tmp, F_OK), 0);
}

static void missing_cache_is_not_found(void **state)
{
	struct fixture *fx = *state;
	struct wb_error err;
	struct wb_cache_entry e;
	assert_int_equal(wb_cache_load(fx->dir, 1024, &e, &err), WB_ERR_NOT_FOUND);
	assert_null(e.body);
}

static void damaged_cache_is_invalid(void **state)
{
	struct fixture *fx = *state;
	static const char *const damaged[] = {
		"",
		"{\"version\":1}",
		"wallboard-cache 1 notanumber \"x\"\n{}",
		"wallboard-cache 2 123 \"x\"\n{}",
		"wallboard-cache 1 123",
		/* Issue 17 finding 8: received times no timestamp can name, which
		 * overflowed wb_board_adopt_cached's subtraction at every start. */
		"wallboard-cache 1 -9223372036854775807 \"x\"\n{}",
		"wallboard-cache 1 -9223372036854775808 \"x\"\n{}",
		"wallboard-cache 1 99999999999999999999 \"x\"\n{}",
		"wallboard-cache 1 253402300800000 \"x\"\n{}",
		"wallboard-cache 1 -62135596800001 \"x\"\n{}",
		/* Finding 4: an ETag that is no ETag (it would be sent back). */
		"wallboard-cache 1 123 \"\xff\"\n{}",
		"wallboard-cache 1 123 x\ry\n{}",
	};
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		write_raw(fx->file, damaged[i]);
		struct wb_error err;
		struct wb_cache_entry e;
		assert_int_equal(wb_cache_load(fx->dir, 1024, &e, &err), WB_ERR_INVALID);
		assert_non_null(strstr(err.message, "damaged"));
	}
}

static void cache_over_the_body_cap_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct wb_error err;
	char body[2048];
	memset(body, ' ', sizeof(body));
	assert_int_equal(wb_cache_save(fx->dir, body, sizeof(body), "", 1, &err), WB_OK);
	struct wb_cache_entry e;
	assert_int_equal(wb_cache_load(fx->dir, 1024, &e, &err), WB_ERR_TOO_LARGE);
}

static void etag_with_newline_is_dropped(void **state)
{
	struct fixture *fx = *state;
	struct wb_error err;
	/* Finding 4: bytes no ETag may hold (a newline, a space, obs-text that
	 * is not UTF-8) are never stored. */
	static const char *const bad[] = { "\"a\"\nX-Evil: 1", "\"a b\"", "\"\xff\xfe\"", "abc", "W/" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(wb_cache_save(fx->dir, "{}", 2, bad[i], 5, &err), WB_OK);
		struct wb_cache_entry e;
		assert_int_equal(wb_cache_load(fx->dir, 1024, &e, &err), WB_OK);
		assert_string_equal(e.etag, "");
		assert_string_equal(e.body, "{}");
		wb_cache_entry_fini(&e);
	}
}

static void save_into_missing_dir_fails_cleanly(void **state)
{
	struct fixture *fx = *state;
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/does/not/exist", fx->dir);
	struct wb_error err;
	assert_int_equal(wb_cache_save(dir, "{}", 2, "", 1, &err), WB_ERR_IO);
	assert_non_null(strstr(err.message, "cannot create"));
}

static void mkdirs_creates_nested_dirs(void **state)
{
	struct fixture *fx = *state;
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/a/b/c", fx->dir);
	struct wb_error err;
	assert_int_equal(wb_fs_mkdirs(dir, &err), WB_OK);
	assert_int_equal(access(dir, W_OK), 0);
	assert_int_equal(wb_fs_mkdirs(dir, &err), WB_OK); /* exists: fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip_keeps_body_etag_and_time, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(missing_cache_is_not_found, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(damaged_cache_is_invalid, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(cache_over_the_body_cap_is_refused, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(etag_with_newline_is_dropped, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(save_into_missing_dir_fails_cleanly, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(mkdirs_creates_nested_dirs, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
