/* systemd: READY after the first pass (the first frame, or headless while
 * no display is there; STATUS says which), then the watchdog fed
 * from the loop, so a hung render loop gets the service restarted; STOPPING
 * when shutdown begins. Without systemd sd_notify does nothing. */
#include <systemd/sd-daemon.h>

#include "app.h"

void wb_task_watchdog_init(struct wb_app *app)
{
	uint64_t usec = 0;
	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
		app->watchdog.every_ms = (int64_t)(usec / 1000 / 4); /* well inside WatchdogSec */
}

void wb_task_watchdog_fini(struct wb_app *app)
{
	(void)app;
	sd_notify(0, "STOPPING=1");
}

static bool after_draw(struct wb_app *app, const struct wb_pass *pass)
{
	/* Ready also without a display: the API and the polls run, and a TV
	 * that is off must not look like a failed start. */
	bool shown = app->renderer != NULL;
	if (!app->watchdog.notified_ready || shown != app->watchdog.notified_shown) {
		sd_notify(0, shown ? "READY=1\nSTATUS=showing the board"
				   : "READY=1\nSTATUS=no display yet; running headless and retrying");
		app->watchdog.notified_ready = true;
		app->watchdog.notified_shown = shown;
	}
	if (app->watchdog.every_ms && pass->mono_ms - app->watchdog.fed_ms >= app->watchdog.every_ms) {
		app->watchdog.fed_ms = pass->mono_ms;
		sd_notify(0, "WATCHDOG=1");
	}
	return false;
}

const struct wb_task wb_task_watchdog = {
	.name = "watchdog",
	.after_draw = after_draw,
};
