/* The three DejaVu faces the screen uses, found once at start (fontconfig, or
 * WALLBOARD_FONT_DIR), and every TTF_Font opened at most once per pixel size.
 * Needs TTF_Init() before wb_fonts_get(); finding the files needs nothing. */
#ifndef WALLBOARD_FONTS_H
#define WALLBOARD_FONTS_H

#include <SDL_ttf.h>

#include "wallboard/status.h"

enum wb_face {
	WB_FACE_REGULAR = 0, /* DejaVuSans.ttf: captions, ticker text */
	WB_FACE_BOLD,        /* DejaVuSans-Bold.ttf: labels, numbers, title */
	WB_FACE_MONO_BOLD,   /* DejaVuSansMono-Bold.ttf: clock and SLA timers (digits do not jiggle) */
	WB_FACE_COUNT_
};

struct wb_fonts;

/* Finds the font files; opens nothing yet. NULL on failure with err naming the
 * missing font and the Debian package (fonts-dejavu-core) that provides it. */
struct wb_fonts *wb_fonts_create(struct wb_error *err);
/* Closes every opened size; NULL is fine. Call before TTF_Quit(). */
void wb_fonts_destroy(struct wb_fonts *fonts);

/* The face at px pixels per em, opened on first use and kept (a bounded set;
 * the least recently used size is closed when it is full, so the pointer is
 * only valid until the next call). NULL when SDL_ttf cannot open it. */
TTF_Font *wb_fonts_get(struct wb_fonts *fonts, enum wb_face face, int px);

#endif
