/* The last good feed document on disk, shown marked stale after a reboot
 * until the first poll confirms or replaces it (platform/cache.c). */
#ifndef WALLBOARD_CACHE_H
#define WALLBOARD_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "wallboard/status.h"

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

#endif
