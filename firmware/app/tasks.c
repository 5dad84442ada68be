/* The main loop's tasks, in the order their hooks run each pass.
 * To add a task: write task_<name>.c defining `const struct wb_task wb_task_<name>`
 * (its state a group in struct wb_app, app.h), declare it in app.h, add a row here. */
#include "app.h"

/* Order matters where tasks share a moment: the dump reads the frame back
 * before the server's screenshot does (as before the split), and the
 * server answers its requests last, after the state they ask about has been
 * published and the watchdog fed. */
const struct wb_task *const wb_tasks[] = {
	&wb_task_display,  /* retries a display that was not there at start */
	&wb_task_screen,   /* schedule, burn-in, CEC: before the view is built */
	&wb_task_dump,     /* SIGUSR1: status.json and screenshot.png */
	&wb_task_feed,     /* the fetcher's updates; logs stale and fresh */
	&wb_task_update,   /* the update status, for the view and the publish */
	&wb_task_managed,  /* central management: a new managed document, its status */
	&wb_task_publish,  /* /api/v1/status, /metrics, /healthz */
	&wb_task_mdns,     /* the avahi service file (--mdns-dir) */
	&wb_task_watchdog, /* systemd READY and WATCHDOG */
	&wb_task_health,   /* --health-file, after the frame that makes it healthy */
	&wb_task_server,   /* the server's request slot and new configs */
};

const size_t wb_n_tasks = sizeof wb_tasks / sizeof wb_tasks[0];
