/* Files written so that a power cut never leaves half a file, and whole
 * files read back within a cap (platform/fsutil.c). */
#ifndef WALLBOARD_FSUTIL_H
#define WALLBOARD_FSUTIL_H

#include <stddef.h>

#include "wallboard/status.h"

/* Writes data to path through a temp file in the same directory: write, fsync,
 * rename, fsync the directory. Afterwards path holds the old or the new
 * content, never a mix. Mode 0600: the state directory's files (the feed's
 * texts, the status with its addresses) are the board's own. */
enum wb_status wb_fs_write_atomic(const char *path, const void *data, size_t len, struct wb_error *err);

/* The same with the file's permission bits (0644 for a file another user
 * reads; the umask applies). */
enum wb_status wb_fs_write_atomic_mode(const char *path, const void *data, size_t len, unsigned mode,
				       struct wb_error *err);

/* The same, readable by every user (0644) whatever the process's umask: a
 * file another service reads (the avahi service file of --mdns-dir). */
enum wb_status wb_fs_write_atomic_readable(const char *path, const void *data, size_t len,
					   struct wb_error *err);

/* Renames from to to (same directory or file system), then fsyncs to's
 * directory so the rename survives a power cut. The caller has fsynced the
 * file itself. */
enum wb_status wb_fs_rename_durable(const char *from, const char *to, struct wb_error *err);

/* Reads a whole file of at most max_len bytes into a new NUL-terminated buffer
 * (*out, caller frees). WB_ERR_NOT_FOUND when absent, WB_ERR_TOO_LARGE over max. */
enum wb_status wb_fs_read_file(const char *path, size_t max_len, char **out, size_t *out_len,
			       struct wb_error *err);

/* Removes the temp files an interrupted atomic write leaves in dir (a power
 * cut between create and rename): "<name>.tmp" and the PNG writer's
 * "<name>.png.XXXXXX". *removed counts them. Run before anything writes. */
enum wb_status wb_fs_remove_temp(const char *dir, size_t *removed, struct wb_error *err);

/* Creates dir (and parents) with mode 0755 when missing. */
enum wb_status wb_fs_mkdirs(const char *dir, struct wb_error *err);

#endif
