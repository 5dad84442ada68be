/* The config as changed over HTTP, in the state directory, with the last
 * good copy to fall back to (platform/confstore.c). */
#ifndef WALLBOARD_CONFSTORE_H
#define WALLBOARD_CONFSTORE_H

#include <stdbool.h>
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

/* The device's layer (config_layers.h): config.json holds the fragment of
 * the changes made on the device, config.last-good.json its previous
 * version. *fragment (caller frees) is NULL when none is kept yet
 * (WB_ERR_NOT_FOUND). When config.json is unusable but the last good copy is
 * fine, returns WB_OK and describes the fallback in warning (else ""). A
 * state file of an older version held the whole config, admin token hash
 * included: the hash moves to *admin_hash (when it is ""), and *whole says
 * so, so the caller can keep only what differs from the layers below. */
enum wb_status wb_confstore_load_device(const char *state_dir, char **fragment, char *admin_hash,
					size_t admin_hash_size, bool *whole, char *warning,
					size_t warning_size, struct wb_error *err);

/* Saves the device's fragment, keeping the current file as the last good copy. */
enum wb_status wb_confstore_save_device(const char *state_dir, const char *fragment, struct wb_error *err);

/* The device's own admin token hash (pairing, the API), admin.json, apart
 * from every config layer. load: "" and WB_ERR_NOT_FOUND when none. */
enum wb_status wb_confstore_load_admin(const char *state_dir, char *hash, size_t size, struct wb_error *err);
enum wb_status wb_confstore_save_admin(const char *state_dir, const char *hash, struct wb_error *err);

#endif
