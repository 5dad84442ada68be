/* Loads a named zone from the system tz database (Debian's tzdata) into a
 * struct wb_tz, instead of setenv("TZ") + localtime, which is process-wide
 * state that the render and fetch threads would share. */
#include <stdio.h>
#include <stdlib.h>

#include "wallboard/fsutil.h"
#include "wallboard/limits.h"
#include "wallboard/tz.h"

#define DEFAULT_TZDIR "/usr/share/zoneinfo"

enum wb_status wb_tz_load(const char *name, struct wb_tz **out, struct wb_error *err)
{
	const char *dir = getenv("TZDIR");
	char path[WB_PATH_MAX];
	char *data = NULL;
	size_t len = 0;
	enum wb_status st;
	int n;

	*out = NULL;
	if (!wb_tz_name_valid(name)) {
		wb_error_set(err, "", "invalid time zone name");
		return WB_ERR_INVALID;
	}
	if (!dir || dir[0] == '\0')
		dir = DEFAULT_TZDIR;
	n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path) {
		wb_error_set(err, "", "time zone path too long");
		return WB_ERR_TOO_LARGE;
	}
	st = wb_fs_read_file(path, WB_TZ_FILE_MAX, &data, &len, err);
	if (st == WB_OK) {
		st = wb_tz_create((const unsigned char *)data, len, out, err);
		if (st != WB_OK && err) {
			struct wb_error why = *err; /* the message must not alias its output */
			wb_error_set(err, "", "%s: %s", path, why.message);
		}
	}
	free(data);
	return st;
}
