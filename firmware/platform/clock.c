/* The only place that reads the system clocks; everything else gets the time
 * passed in, so tests control it. */
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "wallboard/clock.h"

/* Created by systemd-timesyncd once it has synchronised the clock (the file
 * systemd-time-wait-sync.service waits for). */
#define TIMESYNCD_SYNCHRONIZED "/run/systemd/timesync/synchronized"

static int64_t read_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wb_clock_mono_ms(void)
{
	return read_ms(CLOCK_MONOTONIC);
}

int64_t wb_clock_wall_ms(void)
{
	return read_ms(CLOCK_REALTIME);
}

int64_t wb_clock_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void wb_clock_mono_deadline(int64_t from_now_ms, struct timespec *out)
{
	clock_gettime(CLOCK_MONOTONIC, out);
	out->tv_sec += (time_t)(from_now_ms / 1000);
	out->tv_nsec += (long)(from_now_ms % 1000) * 1000000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

bool wb_clock_synchronized(void)
{
	struct timex tx = { .modes = 0 }; /* read only */
	int state = adjtimex(&tx);
	if (state == -1)
		return access(TIMESYNCD_SYNCHRONIZED, F_OK) == 0;
	return state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}
