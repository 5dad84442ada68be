/* The config's field table, one row per key (firmware/core/config/fields.c),
 * and the handler set of each kind of value. For the config module's own files
 * and for tests that walk the table against docs/config.schema.json; other
 * modules use config.h. */
#ifndef WALLBOARD_CONFIG_FIELDS_H
#define WALLBOARD_CONFIG_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"

struct cJSON;
struct wb_config_ctx; /* the problem collector of one parse (config/internal.h) */

/* What JSON a kind takes, as docs/config.schema.json says it. */
enum wb_config_json {
	WB_CONFIG_JSON_OBJECT,  /* a section, or a {"<channel id>": value} map */
	WB_CONFIG_JSON_INTEGER, /* lo..hi, multiples of step from lo */
	WB_CONFIG_JSON_NUMBER,  /* lo..hi, or (lo, hi] with lo_open */
	WB_CONFIG_JSON_STRING,
	WB_CONFIG_JSON_BOOLEAN,
	WB_CONFIG_JSON_ENUM, /* one of names */
	WB_CONFIG_JSON_ARRAY,
	WB_CONFIG_JSON_WEEKLY, /* "always" or weekdays (#/$defs/weekly) */
	WB_CONFIG_JSON_WINDOW, /* "" (automatic) or weekly hours (#/$defs/window) */
};

union wb_config_value {
	int64_t i; /* integers; enums: the index into names */
	double d;
	const char *s;
	bool b;
};

struct wb_config_field;

/* One handler set per kind of value (config/kinds.c). */
struct wb_config_kind {
	const char *name;
	enum wb_config_json json;
	/* Checks item and stores it; every problem goes to c with its path. */
	void (*read)(struct wb_config_ctx *c, const struct cJSON *item, const char *path,
		     const struct wb_config_field *f, struct wb_config *cfg);
	/* The value as JSON for audience; NULL only when out of memory. */
	struct cJSON *(*write)(const struct wb_config_field *f, const struct wb_config *cfg,
			       enum wb_config_audience audience);
	void (*set_default)(const struct wb_config_field *f, struct wb_config *cfg);
	/* Field-wise: bytes after a string's NUL or in padding never count. */
	bool (*equal)(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b);
	/* Strings: the kind's own check after length, UTF-8 and control
	 * characters; NULL when fine, else why not. NULL: no further check. */
	const char *(*check)(const char *s);
	/* Lists of names: what the entries are ("channels"), for "at most 4 NTP
	 * servers"; each entry goes through check, which must reject "". */
	const char *noun;
	unsigned audiences; /* bit (1u << enum wb_config_audience) per reader it is written for */
};

/* One key. The row holds the only copy of its range, default and names. */
struct wb_config_field {
	const char *key;
	const struct wb_config_kind *kind;
	size_t offset;            /* into struct wb_config */
	size_t cap;               /* strings: the buffer, NUL included; lists of names: one name's */
	size_t count_offset;      /* lists of names: the size_t that counts them */
	double lo, hi;            /* numbers: the accepted range; lists of names: hi is the most */
	bool lo_open;             /* (lo, hi] instead of [lo, hi] */
	int64_t step;             /* integers: only lo, lo + step, ... (rotation); 0: any */
	const char *const *names; /* enums: NULL-terminated, index = value; name lists: default */
	/* Enums whose names another module's table owns (display.language: the
	 * languages' registry in i18n.c): the name of a value, NULL past the
	 * last. Used instead of names. */
	const char *(*name_of)(int value);
	/* Numbers: the key of a sibling this one must not exceed ("fair_pct"
	 * not above "good_pct"), checked once the section is read. */
	const char *not_above;
	union wb_config_value def;
	/* Sections: their own table; per-channel maps: the row of one value. */
	const struct wb_config_field *sub;
	size_t n_sub;
};

/* The top-level table ("$schema", "feed", "display", ...); sections hold
 * theirs in sub/n_sub. Static, never NULL. */
const struct wb_config_field *wb_config_fields(size_t *n);

/* An enum row's name of value (names or name_of); NULL past the last. */
const char *wb_config_enum_name(const struct wb_config_field *f, int value);

/* The row of a top-level key, or NULL. */
const struct wb_config_field *wb_config_field_find(const struct wb_config_field *fields, size_t n,
						   const char *key);

#endif
