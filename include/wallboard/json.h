/* One strict way in for JSON from outside (feeds, config files, API bodies,
 * state files): RFC 8259 as written, which cJSON alone is not. cJSON skips
 * every byte from 0x01 to 0x20 as whitespace, stops its trailing-text check at
 * a NUL, keeps raw control characters in strings and cuts a string short at
 * \u0000; this refuses all of those, with where. Pure. */
#ifndef WALLBOARD_JSON_H
#define WALLBOARD_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

enum wb_json_flags {
	WB_JSON_UNIQUE_KEYS = 1u << 0, /* a key twice in one object is an error (its path named) */
	/* Invalid UTF-8 inside strings is left to the caller, which names the
	 * value's path (the config does: one bad title must not lose the file). */
	WB_JSON_UTF8_PER_VALUE = 1u << 1,
};

struct wb_json_error {
	size_t offset;       /* byte offset of the problem in the text */
	size_t line, column; /* 1-based; the column counts characters, not bytes */
	char path[160];      /* "$.a.b" for a duplicate key, "" otherwise */
	char message[96];    /* "unexpected text after the JSON document", … */
};

/* The document in text[0..len) (not NUL-terminated), or NULL with *err filled
 * (err may be NULL). Any JSON value is accepted at the top; the caller decides
 * what it wants there. The caller owns the result (cJSON_Delete). */
cJSON *wb_json_parse(const char *text, size_t len, unsigned flags, struct wb_json_error *err);

#endif
