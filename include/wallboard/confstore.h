/* The config as changed over HTTP, in the state directory, with the last
 * good copy to fall back to (platform/confstore.c). */
#ifndef WALLBOARD_CONFSTORE_H
#define WALLBOARD_CONFSTORE_H

#include <stddef.h>

#include "wallboard/status.h"

/* The runtime config kept in the state directory: config.json, written
 * atomically (0600: it holds the feed token), and config.last-good.json, the
 * previous version, which start-up falls back to when config.json is found
 * corrupt. */
struct wb_config;
struct wb_problems;

/* Reads a config file over cfg (untouched unless valid). WB_ERR_NOT_FOUND
 * when there is no file; WB_ERR_INVALID with problems filled. */
enum wb_status wb_confstore_read(const char *path, struct wb_config *cfg, struct wb_problems *problems,
				 struct wb_error *err);

/* Reads the state layer over cfg. WB_ERR_NOT_FOUND: none kept yet. When
 * config.json is unusable but the last good copy is fine, returns WB_OK and
 * describes the fallback in warning (else warning is ""). */
enum wb_status wb_confstore_load_state(const char *state_dir, struct wb_config *cfg, char *warning,
				       size_t warning_size, struct wb_error *err);

/* Saves cfg as the state layer, keeping the current file as the last good copy. */
enum wb_status wb_confstore_save(const char *state_dir, const struct wb_config *cfg, struct wb_error *err);

#endif
