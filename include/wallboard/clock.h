/* The board's clocks (platform/clock.c): monotonic for intervals, staleness
 * and animation; wall for what people read. Pure modules take the time as an
 * argument instead. */
#ifndef WALLBOARD_CLOCK_H
#define WALLBOARD_CLOCK_H

#include <stdint.h>

int64_t wb_clock_mono_ms(void); /* CLOCK_MONOTONIC: intervals and animation */
int64_t wb_clock_wall_ms(void); /* CLOCK_REALTIME: what people read */
int64_t wb_clock_mono_us(void); /* CLOCK_MONOTONIC in microseconds: timing a frame */

struct timespec;
/* CLOCK_MONOTONIC now + ms, for pthread_cond_timedwait on a condition
 * variable set to CLOCK_MONOTONIC (immune to the wall clock being set). */
void wb_clock_mono_deadline(int64_t from_now_ms, struct timespec *out);

#endif
