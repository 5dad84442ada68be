/* GET / and GET /{file}: the configuration page's files, straight from
 * web_dir. Only plain names of known types, opened without following links. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handlers.h"
#include "internal.h"
#include "wallboard/limits.h"

#define STATIC_NAME_MAX 64

static const char *type_for(const char *name)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".json", "application/json" },
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

bool wb_http_static_name_ok(const char *name)
{
	if (!name[0] || name[0] == '.' || strlen(name) > STATIC_NAME_MAX || !type_for(name))
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       strlen(name);
}

static enum MHD_Result static_file(struct wb_http_exchange *x, const char *name)
{
	char path[WB_PATH_MAX + 80];
	snprintf(path, sizeof path, "%s/%s", x->s->web_dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)WB_STATIC_FILE_MAX_BYTES) {
		if (fd >= 0)
			close(fd);
		return wb_http_send_error(x->c, MHD_HTTP_NOT_FOUND, "not_found", "no such page", NULL);
	}
	struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	wb_http_secure_headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type_for(name));
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	enum MHD_Result rc = MHD_queue_response(x->c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

int wb_http_get_index(struct wb_http_exchange *x)
{
	return static_file(x, "index.html");
}

int wb_http_get_file(struct wb_http_exchange *x)
{
	return static_file(x, x->match.param);
}
