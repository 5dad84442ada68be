/* When the picture must be drawn next, from the view alone: pure, so the
 * main loop's sleep is unit-tested without SDL. */
#ifndef WALLBOARD_FRAMECLOCK_H
#define WALLBOARD_FRAMECLOCK_H

#include <stdint.h>

#include "wallboard/view.h"

/* One animation frame while something moves (the ticker, the pulse of an
 * unacknowledged critical alert). */
#define WB_FRAMECLOCK_ANIM_MS 33

/* Milliseconds until the picture would change by itself: an animation frame
 * while the ticker moves or a critical alert pulses, else until the next
 * wall-clock or server second, or the next page turn; during identify, until
 * the next second or the end of identify; with view->screen_off, until the
 * next screen.schedule switch (in view->tz, at wall_now_ms) but at most a
 * minute. Always >= 1. The main loop sleeps on this (or until new data
 * arrives). The burn-in shift never wakes it: main invalidates on a step. */
int64_t wb_frameclock_next_ms(const struct wb_view *view);

#endif
