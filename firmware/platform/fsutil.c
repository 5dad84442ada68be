/* File helpers for data that must survive a power cut: the screen's state
 * lives on an SD card that is unplugged without warning. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wallboard/fsutil.h"
#include "wallboard/limits.h"

static enum wb_status io_error(struct wb_error *err, const char *what, const char *path)
{
	wb_error_set(err, "", "%s %s: %s", what, path, strerror(errno));
	return WB_ERR_IO;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_parent_dir(const char *path)
{
	char copy[WB_PATH_MAX + 16];
	snprintf(copy, sizeof(copy), "%s", path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

enum wb_status wb_fs_write_atomic(const char *path, const void *data, size_t len, struct wb_error *err)
{
	return wb_fs_write_atomic_mode(path, data, len, 0600, err);
}

/* exact: the mode whatever the umask (fchmod), for a file another user reads. */
static enum wb_status write_atomic(const char *path, const void *data, size_t len, unsigned mode, bool exact,
				   struct wb_error *err)
{
	char tmp[WB_PATH_MAX + 16];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		wb_error_set(err, "", "path too long: %s", path);
		return WB_ERR_INVALID;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
	if (fd < 0)
		return io_error(err, "cannot create", tmp);
	if ((exact && fchmod(fd, (mode_t)mode) != 0) || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		enum wb_status st = io_error(err, "cannot write", tmp);
		close(fd);
		unlink(tmp);
		return st;
	}
	if (close(fd) != 0) {
		unlink(tmp);
		return io_error(err, "cannot close", tmp);
	}
	enum wb_status st = wb_fs_rename_durable(tmp, path, err);
	if (st != WB_OK)
		unlink(tmp);
	return st;
}

enum wb_status wb_fs_write_atomic_mode(const char *path, const void *data, size_t len, unsigned mode,
				       struct wb_error *err)
{
	return write_atomic(path, data, len, mode, false, err);
}

enum wb_status wb_fs_write_atomic_readable(const char *path, const void *data, size_t len,
					   struct wb_error *err)
{
	return write_atomic(path, data, len, 0644, true, err);
}

/* The names write_atomic and wb_display_save_png give their temp files. */
static bool is_temp_name(const char *name)
{
	size_t n = strlen(name);
	if (n > 4 && strcmp(name + n - 4, ".tmp") == 0)
		return true;
	const char *png = strstr(name, ".png.");
	return png && strlen(png + 5) == 6;
}

enum wb_status wb_fs_remove_temp(const char *dir, size_t *removed, struct wb_error *err)
{
	*removed = 0;
	DIR *d = opendir(dir);
	if (!d)
		return io_error(err, "cannot read", dir);
	for (struct dirent *e; (e = readdir(d));) {
		struct stat st;
		if (!is_temp_name(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			(*removed)++;
	}
	closedir(d);
	return WB_OK;
}

enum wb_status wb_fs_rename_durable(const char *from, const char *to, struct wb_error *err)
{
	if (rename(from, to) != 0)
		return io_error(err, "cannot rename to", to);
	/* Without this the rename itself may be lost on power failure. */
	if (fsync_parent_dir(to) != 0)
		return io_error(err, "cannot sync directory of", to);
	return WB_OK;
}

enum wb_status wb_fs_read_file(const char *path, size_t max_len, char **out, size_t *out_len,
			       struct wb_error *err)
{
	*out = NULL;
	*out_len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT) {
			wb_error_set(err, "", "%s does not exist", path);
			return WB_ERR_NOT_FOUND;
		}
		return io_error(err, "cannot open", path);
	}
	char *buf = malloc(max_len + 1);
	if (!buf) {
		fclose(f);
		return WB_ERR_NOMEM;
	}
	/* Read one byte past the cap to tell "exactly max" from "too large". */
	size_t n = fread(buf, 1, max_len + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return io_error(err, "cannot read", path);
	}
	if (n > max_len) {
		free(buf);
		wb_error_set(err, "", "%s is larger than %zu bytes", path, max_len);
		return WB_ERR_TOO_LARGE;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return WB_OK;
}

enum wb_status wb_fs_mkdirs(const char *dir, struct wb_error *err)
{
	char path[WB_PATH_MAX];
	if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path)) {
		wb_error_set(err, "", "path too long: %s", dir);
		return WB_ERR_INVALID;
	}
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return io_error(err, "cannot create directory", path);
		*p = saved;
		if (saved == '\0')
			break;
	}
	return WB_OK;
}
