/* Screen care, each pass: the screen schedule (on-hours, woken by a critical
 * alert), the burn-in shift, and switching the TV over HDMI-CEC, which runs
 * cec-ctl on a short-lived thread of its own because it can take seconds. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "wallboard/burnin.h"
#include "wallboard/cec.h"
#include "wallboard/clock.h"
#include "wallboard/render.h"
#include "wallboard/schedule.h"

#include "app.h"

#define CEC_TIMEOUT_MS 5000

/* Shared by the board and its CEC workers, which may outlive the board at
 * exit: the last one to let go frees it. */
struct wb_task_screen_cec {
	atomic_int refs;
	atomic_bool unavailable; /* set by a worker: no tool or device */
};

static void cec_release(struct wb_task_screen_cec *cec)
{
	if (cec && atomic_fetch_sub(&cec->refs, 1) == 1)
		free(cec);
}

void wb_task_screen_init(struct wb_app *app)
{
	app->screen.on = true; /* the screen is on at boot; the schedule may switch it off */
	app->screen.cec = calloc(1, sizeof *app->screen.cec);
	if (app->screen.cec)
		atomic_init(&app->screen.cec->refs, 1);
}

void wb_task_screen_fini(struct wb_app *app)
{
	cec_release(app->screen.cec);
	app->screen.cec = NULL;
}

static bool critical_unacknowledged(const struct wb_snapshot *snap)
{
	for (size_t i = 0; snap && i < snap->n_alerts; i++)
		if (snap->alerts[i].severity == WB_SEVERITY_CRITICAL && !snap->alerts[i].acknowledged)
			return true;
	return false;
}

struct cec_job {
	char device[WB_PATH_MAX];
	enum wb_cec_action action;
	struct wb_task_screen_cec *cec; /* one reference, the job's */
};

static void *cec_worker(void *arg)
{
	struct cec_job *job = arg;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_cec_run(NULL, job->device, job->action, CEC_TIMEOUT_MS, &err);
	if (st == WB_ERR_NOT_FOUND) {
		atomic_store(&job->cec->unavailable, true);
		wb_app_say("screen: no HDMI-CEC (%s); the TV stays as it is", err.message);
	} else if (st != WB_OK) {
		wb_app_say("screen: HDMI-CEC %s failed: %s", job->action == WB_CEC_WAKE ? "wake" : "standby",
			   err.message);
	}
	cec_release(job->cec);
	free(job);
	return NULL;
}

static void switch_tv(struct wb_app *app, bool on)
{
	struct wb_task_screen_cec *cec = app->screen.cec;
	if (!app->cfg.screen.cec || !cec || atomic_load(&cec->unavailable))
		return;
	struct cec_job *job = calloc(1, sizeof *job);
	if (!job)
		return;
	snprintf(job->device, sizeof job->device, "%s", app->cfg.screen.cec_device);
	job->action = on ? WB_CEC_WAKE : WB_CEC_STANDBY;
	atomic_fetch_add(&cec->refs, 1);
	job->cec = cec;
	pthread_t thread;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, cec_worker, job) != 0) {
		cec_release(cec);
		free(job);
	}
	pthread_attr_destroy(&attr);
}

/* The screen schedule and the burn-in shift at this moment. Returns true
 * when the picture has to be redrawn from scratch. */
static bool update_screen_care(struct wb_app *app, int64_t wall_ms)
{
	bool on = wb_schedule_screen_on(&app->cfg.screen.schedule, app->tz, wall_ms,
					critical_unacknowledged(app->board.snapshot));
	bool changed = false;
	if (on != app->screen.on) {
		app->screen.on = on;
		wb_app_say("screen: %s", on ? "on" : "off until its next on-hours");
		switch_tv(app, on);
		changed = true;
	}
	int dx = 0, dy = 0;
	wb_burnin_offset(&app->cfg.screen.burn_in, wall_ms, &dx, &dy);
	if (dx != app->screen.shift_x || dy != app->screen.shift_y) {
		app->screen.shift_x = dx;
		app->screen.shift_y = dy;
		changed = true;
	}
	if (changed)
		wb_renderer_invalidate(app->renderer);
	return changed;
}

static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	(void)mono_ms; /* the schedule and the shift follow the wall clock */
	return update_screen_care(app, wb_clock_wall_ms());
}

const struct wb_task wb_task_screen = {
	.name = "screen",
	.before_draw = before_draw,
};
