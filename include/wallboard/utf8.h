/* UTF-8 helpers for text that comes from the outside world (mention text,
 * labels): validation, and cutting at code point boundaries so a truncated
 * string is still valid UTF-8. Pure. */
#ifndef WALLBOARD_UTF8_H
#define WALLBOARD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF. */
bool wb_utf8_valid(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string of len bytes. */
size_t wb_utf8_length(const char *s, size_t len);

/* The code point at s[0..len) (len > 0) in *cp, U+FFFD when ill-formed;
 * returns the bytes it spans (at least 1). */
size_t wb_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Largest byte offset <= pos that starts a code point (pos <= len). */
size_t wb_utf8_floor(const char *s, size_t len, size_t pos);

/* Copies at most max_codepoints of s into out; when s is longer, the copy is
 * cut at a code point boundary and ends in "…" (which counts as one of the
 * max_codepoints). Control characters (tabs, newlines) become spaces so a
 * ticker line stays one line. out is always NUL-terminated and valid UTF-8.
 * Returns the bytes written. */
size_t wb_utf8_truncate(const char *s, size_t max_codepoints, char *out, size_t out_size);

/* Copies the code points of s for which keep(cp, ctx) is true (ill-formed
 * input is offered as U+FFFD), stopping at a code point boundary when out is
 * full. Lets the renderer drop what its font cannot draw instead of showing
 * boxes. out is always NUL-terminated and valid UTF-8. Returns the bytes
 * written. */
typedef bool (*wb_utf8_keep_fn)(uint32_t cp, void *ctx);
size_t wb_utf8_filter(const char *s, wb_utf8_keep_fn keep, void *ctx, char *out, size_t out_size);

#endif
