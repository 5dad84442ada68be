/* The board's clocks (platform/clock.c): monotonic for intervals, staleness
 * and animation; wall for what people read. Pure modules take the time as an
 * argument instead. */
#ifndef WALLBOARD_CLOCK_H
#define WALLBOARD_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

int64_t wb_clock_mono_ms(void); /* CLOCK_MONOTONIC: intervals and animation */
int64_t wb_clock_wall_ms(void); /* CLOCK_REALTIME: what people read */
int64_t wb_clock_mono_us(void); /* CLOCK_MONOTONIC in microseconds: timing a frame */

/* Whether the kernel counts the system clock as synchronised (an NTP client
 * such as systemd-timesyncd set it): adjtimex without STA_UNSYNC. Where a
 * seccomp filter denies adjtimex (systemd's ProtectClock=), whether
 * timesyncd says it synchronised the clock (/run/systemd/timesync/synchronized).
 * A Pi has no RTC: unsynchronised, its clock starts at the last saved time. */
bool wb_clock_synchronized(void);

struct timespec;
/* CLOCK_MONOTONIC now + ms, for pthread_cond_timedwait on a condition
 * variable set to CLOCK_MONOTONIC (immune to the wall clock being set). */
void wb_clock_mono_deadline(int64_t from_now_ms, struct timespec *out);

#endif
