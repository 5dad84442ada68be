/* Poll scheduling: exponential backoff after failures, capped, with jitter so
 * that dozens of screens restarted together spread their requests out. All
 * arithmetic saturates instead of overflowing. */
#include "wallboard/backoff.h"

#include <math.h>

#define FLOOR_MS 100
#define JITTER_SHARE 0.1

/* interval * 2^(failures-1), stopping as soon as the cap is reached so that
 * neither a huge failure count nor a huge interval can overflow. */
static int64_t doubled(int64_t interval_ms, int64_t cap_ms, unsigned failures)
{
	int64_t d = interval_ms;

	for (unsigned i = 1; i < failures && d < cap_ms; i++)
		d = d > cap_ms / 2 ? cap_ms : d * 2;
	return d < cap_ms ? d : cap_ms;
}

int64_t wb_backoff_delay_ms(int64_t interval_ms, int64_t max_ms, unsigned failures, double jitter)
{
	int64_t delay, spread;

	if (interval_ms < FLOOR_MS)
		interval_ms = FLOOR_MS;
	/* A ceiling below the interval would make failures poll faster than
	 * success does; the interval wins. */
	if (max_ms < interval_ms)
		max_ms = interval_ms;
	delay = failures == 0 ? interval_ms : doubled(interval_ms, max_ms, failures);

	if (isnan(jitter))
		jitter = 0.0;
	else if (jitter > 1.0)
		jitter = 1.0;
	else if (jitter < -1.0)
		jitter = -1.0;
	/* |spread| <= delay / 10, far inside int64 even for delay near INT64_MAX. */
	spread = (int64_t)llround((double)delay * JITTER_SHARE * jitter);
	if (spread > 0 && delay > INT64_MAX - spread)
		delay = INT64_MAX;
	else
		delay += spread;
	return delay < FLOOR_MS ? FLOOR_MS : delay;
}
