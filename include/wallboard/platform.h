/* Thin operating-system edges that pure modules must not touch: clocks, files
 * written so a power cut never leaves half a file, network addresses. */
#ifndef WALLBOARD_PLATFORM_H
#define WALLBOARD_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "wallboard/limits.h"
#include "wallboard/status.h"

int64_t wb_clock_mono_ms(void); /* CLOCK_MONOTONIC: intervals and animation */
int64_t wb_clock_wall_ms(void); /* CLOCK_REALTIME: what people read */
int64_t wb_clock_mono_us(void); /* CLOCK_MONOTONIC in microseconds: timing a frame */

struct timespec;
/* CLOCK_MONOTONIC now + ms, for pthread_cond_timedwait on a condition
 * variable set to CLOCK_MONOTONIC (immune to the wall clock being set). */
void wb_clock_mono_deadline(int64_t from_now_ms, struct timespec *out);

/* Writes data to path through a temp file in the same directory: write, fsync,
 * rename, fsync the directory. Afterwards path holds the old or the new
 * content, never a mix. */
enum wb_status wb_fs_write_atomic(const char *path, const void *data, size_t len,
                                  struct wb_error *err);

/* The same with the file's permission bits (0600 for files holding secrets). */
enum wb_status wb_fs_write_atomic_mode(const char *path, const void *data, size_t len,
                                       unsigned mode, struct wb_error *err);

/* Reads a whole file of at most max_len bytes into a new NUL-terminated buffer
 * (*out, caller frees). WB_ERR_NOT_FOUND when absent, WB_ERR_TOO_LARGE over max. */
enum wb_status wb_fs_read_file(const char *path, size_t max_len, char **out, size_t *out_len,
                               struct wb_error *err);

/* Creates dir (and parents) with mode 0755 when missing. */
enum wb_status wb_fs_mkdirs(const char *dir, struct wb_error *err);

/* Non-loopback IPv4 and IPv6 addresses of the up interfaces, as text, at most
 * max of them. Returns how many were written. */
size_t wb_netinfo_addresses(char (*out)[64], size_t max);

/* The last good feed document, kept in state_dir across reboots. */
struct wb_cache_entry {
	char *body; /* owned, NUL-terminated */
	size_t body_len;
	char etag[256];
	int64_t received_wall_ms;
};
enum wb_status wb_cache_save(const char *state_dir, const char *body, size_t len, const char *etag,
                             int64_t received_wall_ms, struct wb_error *err);
/* WB_ERR_NOT_FOUND when there is no cache; WB_ERR_INVALID when it is damaged. */
enum wb_status wb_cache_load(const char *state_dir, size_t max_body, struct wb_cache_entry *out,
                             struct wb_error *err);
void wb_cache_entry_fini(struct wb_cache_entry *entry);

/* The runtime config kept in the state directory: config.json, written
 * atomically (0600: it holds the feed token), and config.last-good.json, the
 * previous version, which start-up falls back to when config.json is found
 * corrupt. */
struct wb_config;
struct wb_problems;

/* Reads a config file over cfg (untouched unless valid). WB_ERR_NOT_FOUND
 * when there is no file; WB_ERR_INVALID with problems filled. */
enum wb_status wb_confstore_read(const char *path, struct wb_config *cfg,
                                 struct wb_problems *problems, struct wb_error *err);

/* Reads the state layer over cfg. WB_ERR_NOT_FOUND: none kept yet. When
 * config.json is unusable but the last good copy is fine, returns WB_OK and
 * describes the fallback in warning (else warning is ""). */
enum wb_status wb_confstore_load_state(const char *state_dir, struct wb_config *cfg,
                                       char *warning, size_t warning_size, struct wb_error *err);

/* Saves cfg as the state layer, keeping the current file as the last good copy. */
enum wb_status wb_confstore_save(const char *state_dir, const struct wb_config *cfg,
                                 struct wb_error *err);

#endif
