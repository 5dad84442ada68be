/* Shared by the config module's files only: the problem collector, path
 * helpers, the kinds fields.c names, and the walks over a field table that
 * the section kind recurses into. */
#ifndef WB_CONFIG_INTERNAL_H
#define WB_CONFIG_INTERNAL_H

#include <cjson/cJSON.h>

#include "wallboard/config.h"
#include "wallboard/config_fields.h"

#define WB_CONFIG_PATH_SIZE sizeof(((struct wb_error *)0)->path)

struct wb_config_ctx {
	struct wb_problems *problems; /* may be NULL: then only counted */
	size_t count;
};

void wb_config_problem(struct wb_config_ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The document of a config text (a file, a PUT or PATCH body, a managed
 * document) read strictly (wallboard/json.h), or NULL with one problem naming
 * the line and column (*not_json set, when not_json is given), or the
 * duplicate key's path (flags: WB_JSON_*). Not yet checked to be an object.
 * The caller owns the result. */
cJSON *wb_config_json_doc(struct wb_config_ctx *c, const char *json, size_t len, unsigned flags,
			  bool *not_json);
/* wb_config_parse of a document already parsed: *cfg changes only when it
 * is valid whole. No print and parse in between, which would round a number
 * to 15 digits (cJSON) and let one just past a range's end in. */
enum wb_status wb_config_read_doc(const cJSON *doc, struct wb_config *cfg, struct wb_problems *problems);
/* "a boolean", "a string", ... for "expected X, got Y". */
const char *wb_config_type_name(const cJSON *item);
/* parent.key, or parent["key"] for keys a reader could misparse; those are
 * shortened and made printable since they come straight from the file. */
void wb_config_child_path(char *out, const char *parent, const char *key);
/* Whether a member before child in parent has child's name: the second of
 * two is the duplicate key. */
bool wb_config_named_earlier(const cJSON *parent, const cJSON *child);

/* The value checks of the integer and number kinds, for lists whose values
 * are read through a row of their own (targets, ratios, rule keys). */
bool wb_config_read_integer(struct wb_config_ctx *c, const cJSON *item, const char *path,
			    const struct wb_config_field *f, int64_t *out);
bool wb_config_read_number(struct wb_config_ctx *c, const cJSON *item, const char *path,
			   const struct wb_config_field *f, double *out);

/* The walks a section recurses into (parse.c, serialize.c, diff.c, fields.c). */
void wb_config_read_object(struct wb_config_ctx *c, const cJSON *item, const char *path,
			   const struct wb_config_field *fields, size_t n, struct wb_config *cfg);
cJSON *wb_config_object_json(const struct wb_config_field *fields, size_t n, const struct wb_config *cfg,
			     enum wb_config_audience audience);
/* Adds item to container (under key, or to an array when key is NULL) and
 * returns container; takes both. When item is NULL or cannot be added, frees
 * both and returns NULL: a document or list missing an entry would be saved
 * and read back as if it were the config, so it is whole or nothing. */
cJSON *wb_config_json_add(cJSON *container, const char *key, cJSON *item);
bool wb_config_fields_equal(const struct wb_config_field *fields, size_t n, const struct wb_config *a,
			    const struct wb_config *b);
void wb_config_fields_default(const struct wb_config_field *fields, size_t n, struct wb_config *cfg);

/* The kinds (kinds.c, kinds_lists.c). */
extern const struct wb_config_kind wb_config_kind_section;
extern const struct wb_config_kind wb_config_kind_schema;
extern const struct wb_config_kind wb_config_kind_int;
extern const struct wb_config_kind wb_config_kind_size;
extern const struct wb_config_kind wb_config_kind_number;
extern const struct wb_config_kind wb_config_kind_bool;
extern const struct wb_config_kind wb_config_kind_enum;
extern const struct wb_config_kind wb_config_kind_string;
extern const struct wb_config_kind wb_config_kind_url;
extern const struct wb_config_kind wb_config_kind_web_url;
extern const struct wb_config_kind wb_config_kind_bind;
extern const struct wb_config_kind wb_config_kind_secret;
extern const struct wb_config_kind wb_config_kind_admin_token;
extern const struct wb_config_kind wb_config_kind_token_hash;
extern const struct wb_config_kind wb_config_kind_time_zone;
extern const struct wb_config_kind wb_config_kind_device_id;
extern const struct wb_config_kind wb_config_kind_hours;
extern const struct wb_config_kind wb_config_kind_window;
extern const struct wb_config_kind wb_config_kind_channels;
extern const struct wb_config_kind wb_config_kind_ntp;
extern const struct wb_config_kind wb_config_kind_hosts;
extern const struct wb_config_kind wb_config_kind_paths;
extern const struct wb_config_kind wb_config_kind_targets;
extern const struct wb_config_kind wb_config_kind_warn_ratios;
extern const struct wb_config_kind wb_config_kind_channel_hours;
extern const struct wb_config_kind wb_config_kind_rules;

#endif
