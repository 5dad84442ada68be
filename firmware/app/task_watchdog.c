/* systemd: READY once the first frame is on screen, then the watchdog fed
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
	if (!app->watchdog.notified_ready) {
		app->watchdog.notified_ready = true;
		sd_notify(0, "READY=1\nSTATUS=showing the board");
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
