/* When the picture must be drawn next, from the view alone: pure, so the
 * main loop's sleep is unit-tested without SDL. */
#ifndef WALLBOARD_FRAMECLOCK_H
#define WALLBOARD_FRAMECLOCK_H

#include <stdint.h>

#include "wallboard/view.h"

/* Animation frames a second without a config (display.frame_rate). */
#define WB_FRAMECLOCK_DEFAULT_RATE 60

/* display.frame_rate (10..60), WB_FRAMECLOCK_DEFAULT_RATE without a config. */
int wb_frameclock_rate(const struct wb_view *view);

/* Milliseconds from view->anim_ms to the start of the next animation frame
 * (frame n spans [n * 1000 / rate, (n + 1) * 1000 / rate) ms). >= 1. */
int64_t wb_frameclock_to_next_frame_ms(const struct wb_view *view);

/* How far the ticker has scrolled at view->anim_ms on a frame frame_h px
 * high: the same whole number of px every animation frame (so it moves
 * smoothly, never 1 px one frame and 2 the next), about a tenth of frame_h a
 * second at any rate. */
int64_t wb_frameclock_ticker_px(const struct wb_view *view, int frame_h);

/* The pulse of an unacknowledged critical alert: 1 Hz (well under the 2 Hz
 * flashing limit), in 20 brightness steps, which reads as smooth breathing
 * and repaints the banner 20 times a second rather than at the ticker's 60. */
#define WB_FRAMECLOCK_PULSE_PERIOD_MS 1000
#define WB_FRAMECLOCK_PULSE_STEPS 20

/* Where the pulse is at view->anim_ms: 0 <= phase < 1, in whole steps. */
double wb_frameclock_pulse_phase(const struct wb_view *view);

/* Milliseconds until the picture would change by itself: the next animation
 * frame while the ticker moves, the next pulse step while only a critical
 * alert pulses, else until the next
 * wall-clock or server second, or the next page turn; during identify, until
 * the next second or the end of identify; with view->screen_off, until the
 * next screen.schedule switch (in view->tz, at wall_now_ms) but at most a
 * minute. Always >= 1. The main loop sleeps on this (or until new data
 * arrives). The burn-in shift never wakes it: main invalidates on a step. */
int64_t wb_frameclock_next_ms(const struct wb_view *view);

#endif
