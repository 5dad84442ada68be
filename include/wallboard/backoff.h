/* When to poll next: the interval with +-10% jitter so a floor of screens does
 * not poll in lockstep, doubling on each consecutive failure up to a ceiling.
 * Pure: the caller draws the random jitter. */
#ifndef WALLBOARD_BACKOFF_H
#define WALLBOARD_BACKOFF_H

#include <stdint.h>

/* failures: consecutive failed polls so far (0 after a success).
 * jitter: uniform in [-1, 1]; scaled to +-10% of the delay.
 * Result: interval_ms * 2^(failures-1) capped at max_ms for failures > 0,
 * interval_ms for failures == 0, then jittered; never below 100 ms. */
int64_t wb_backoff_delay_ms(int64_t interval_ms, int64_t max_ms, unsigned failures, double jitter);

#endif
