/* What the board keeps off the wall and out of the pictures it sends: when the
 * admin pairing code may be on screen, and what of a mention the ticker may
 * show under display.privacy. Pure: the time is an argument. */
#ifndef WALLBOARD_PRIVACY_H
#define WALLBOARD_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"

/* How long after start (monotonic) a board that already shows data keeps
 * the pairing code in its header: long enough to walk up with a laptop
 * after switching it on, short enough that the live floor board does not
 * carry its admin token all day. */
#define WB_PRIVACY_PAIRING_WINDOW_MS (10 * 60 * 1000)

/* Whether the pairing code may be drawn at monotonic now_ms, for a board
 * that started at started_ms: always on the start screen (no data yet,
 * has_data false) and on the identify screen, else only during
 * WB_PRIVACY_PAIRING_WINDOW_MS after the start. A frame that leaves the
 * device (screenshot, SIGUSR1 dump) never shows it; that is the caller's. */
bool wb_privacy_pairing_shown(bool has_data, bool identifying, int64_t started_ms, int64_t now_ms);

/* Copies text to out with every @handle masked as "@…": an '@' followed by
 * handle characters (ASCII letters, digits, '_', '.', '-', and any non-ASCII
 * code point, so "@józef" goes whole), without the '.' or '-' that ends a
 * sentence; an e-mail address loses its local part too ("jan@x.nl" becomes
 * "@…"). A lone '@' stays. Then every occurrence of author (ASCII case
 * ignored, its own leading '@' dropped; NULL or "" for none) becomes "…", so
 * a name typed into the text goes with the handle. out is always
 * NUL-terminated and valid UTF-8 when text is; cut at a code point boundary
 * when full. Returns the bytes written. */
size_t wb_privacy_mask_names(const char *text, const char *author, char *out, size_t out_size);

/* What the ticker shows of a mention under each display.privacy. */
static inline bool wb_privacy_shows_author(enum wb_privacy p)
{
	return p == WB_PRIVACY_OFF;
}
static inline bool wb_privacy_shows_text(enum wb_privacy p)
{
	return p != WB_PRIVACY_HIDE_TEXT;
}

#endif
