/* The config as a stack of layers, weakest first: the defaults, the config
 * file, the command line, the centrally managed document, the changes made on
 * the device (the API, the web page). Each layer is a config fragment (a
 * config document naming only the keys it sets); the effective config is the
 * defaults with each fragment read over them in order. The admin token hash
 * is kept apart from the fragments, one per layer, so pairing never turns
 * the device's layer into a copy of everything (docs/configuration.md,
 * "What overrides what"). Pure: reading and writing the files is the
 * caller's. */
#ifndef WALLBOARD_CONFIG_LAYERS_H
#define WALLBOARD_CONFIG_LAYERS_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/config.h"
#include "wallboard/status.h"

/* In the order they apply; new layers keep the order meaningful. */
enum wb_config_layer {
	WB_CONFIG_LAYER_DEFAULT = 0,
	WB_CONFIG_LAYER_FILE,         /* --config, /etc/wallboard/config.json */
	WB_CONFIG_LAYER_COMMAND_LINE, /* --feed, --token */
	WB_CONFIG_LAYER_MANAGED,      /* managed.url's document, last good copy */
	WB_CONFIG_LAYER_DEVICE,       /* changes made on the device */
	WB_CONFIG_LAYER_COUNT
};

/* "default", "file", "command_line", "managed", "device". */
const char *wb_config_layer_name(enum wb_config_layer layer);

/* A key as the layers see it: "section.key" (a section's direct member; a
 * list or a sub-section such as screen.burn_in counts as one key). */
#define WB_CONFIG_KEY_MAX 48
#define WB_CONFIG_LOCKS_MAX 64
/* More keys than the table will ever have: a static check in layers.c. */
#define WB_CONFIG_KEYS_MAX 160

/* Keys the managed document locks: each a "section" or a "section.key",
 * listed in its top-level WB_CONFIG_LOCKED_KEY. */
#define WB_CONFIG_LOCKED_KEY "$locked"
struct wb_config_locks {
	size_t n;
	char key[WB_CONFIG_LOCKS_MAX][WB_CONFIG_KEY_MAX];
};

struct wb_config_layers {
	/* Each layer's fragment as JSON text, already checked; NULL: the layer
	 * sets nothing. Owned. The "admin" section of a fragment is ignored:
	 * the admin token lives in admin_hash. DEFAULT's is always NULL. */
	char *doc[WB_CONFIG_LAYER_COUNT];
	/* The admin token's salted hash each layer sets ("" none); the
	 * strongest layer that has one wins. DEVICE's is pairing's or the
	 * API's. */
	char admin_hash[WB_CONFIG_LAYER_COUNT][WB_ADMIN_HASH_MAX];
	/* A layer named an admin token that was not valid: no pairing code is
	 * offered until that is fixed, rather than opening the board. */
	bool admin_broken;
	struct wb_config_locks locks;
};

/* Which layer each key's value comes from, by key index. */
struct wb_config_sources {
	unsigned char layer[WB_CONFIG_KEYS_MAX]; /* enum wb_config_layer */
};

/* Zeroes n bytes at p in a way the compiler keeps: for memory that held a
 * config's secrets (the feed token, an admin hash) before it is freed. Pure
 * modules cannot use libsodium's sodium_memzero. */
void wb_config_wipe(void *p, size_t n);

void wb_config_layers_init(struct wb_config_layers *l);
/* Frees the fragments and wipes the hashes; safe on an initialised or
 * zeroed struct. */
void wb_config_layers_fini(struct wb_config_layers *l);
/* A deep copy into dst (initialised, its old content freed). */
enum wb_status wb_config_layers_copy(struct wb_config_layers *dst, const struct wb_config_layers *src);
/* Replaces a layer's fragment with a copy of json (NULL: none). */
enum wb_status wb_config_layers_set(struct wb_config_layers *l, enum wb_config_layer layer, const char *json);

/* The keys: how many, and the name of key i ("feed.url"). */
size_t wb_config_key_count(void);
const char *wb_config_key_section(size_t i);
const char *wb_config_key_member(size_t i);
void wb_config_key_name(size_t i, char *out, size_t size);

/* The config from the defaults up to and including layer top, into *out.
 * A key a fragment sets that no longer fits over the layers below (a
 * fair_pct above the good_pct a stronger layer set) is left out and goes
 * to conflicts (NULL: not reported). Locked keys of DEVICE are skipped,
 * and with "admin" locked so is DEVICE's admin hash.
 * sources (NULL: not wanted) gets each key's layer. WB_ERR_NOMEM only. */
enum wb_status wb_config_layers_resolve(const struct wb_config_layers *l, enum wb_config_layer top,
					struct wb_config *out, struct wb_config_sources *sources,
					struct wb_problems *conflicts);

/* A config file read leniently: the members that are valid are applied over
 * *cfg (in file order, each over those before it), every other one goes to
 * problems with its path. *kept (caller frees) is the fragment of the
 * applied members. WB_ERR_INVALID, nothing applied, when the text is not a
 * JSON object at all. */
enum wb_status wb_config_read_lenient(const char *json, size_t len, struct wb_config *cfg, char **kept,
				      struct wb_problems *problems);

/* The fragment that takes lower to next: every key whose value differs,
 * written for the state file; the admin section never (its hash is kept
 * apart). Caller frees; NULL when out of memory. */
char *wb_config_layers_diff(const struct wb_config *next, const struct wb_config *lower);

/* fragment (a device change) with the locked members of old (the device's
 * fragment before it) carried over: a value the device saved before the
 * lock is set aside, not lost, while the lock holds. Caller frees; NULL
 * when out of memory. */
char *wb_config_keep_locked(const char *fragment, const char *old, const struct wb_config_locks *locks);

/* Whether key (a "section.key") is locked. */
bool wb_config_locked(const struct wb_config_locks *locks, const char *key);

/* A device change (next, over lower) that touches a locked key: every such
 * key to problems, WB_ERR_INVALID. WB_OK when none does. */
enum wb_status wb_config_check_locks(const struct wb_config_locks *locks, const struct wb_config *next,
				     const struct wb_config *lower, struct wb_problems *problems);

/* A managed document, checked whole: a JSON object that is a valid config
 * fragment read over the defaults, plus an optional top-level "$locked"
 * array of "section" or "section.key" names. On WB_OK *fragment (caller
 * frees) is the document without "$locked" and *locks its list; on
 * WB_ERR_INVALID every problem has its JSON path and nothing is set. */
enum wb_status wb_config_managed_read(const char *json, size_t len, char **fragment,
				      struct wb_config_locks *locks, struct wb_problems *problems);

#endif
