/* --health-file: the image commits a freshly installed slot only once the
 * board says it is healthy on it, by writing this file once per process:
 * (a) a feed poll succeeded (200 accepted, or 304 confirming the cached
 * document) and a frame was drawn after it, or (b) no feed, but a display
 * has shown frames and both loops stayed healthy (as /healthz judges) for
 * update.health_s since start. Headless never counts for (b): a slot that
 * cannot drive the screen is not a good slot. */
#include <stdio.h>

#include "wallboard/fetch.h"
#include "wallboard/fsutil.h"
#include "wallboard/metrics.h"

#include "app.h"

void wb_task_health_init(struct wb_app *app, const struct wb_app_options *o)
{
	app->health.path = o->health_file;
}

static void write_health(struct wb_app *app, const char *reason, int64_t mono_ms)
{
	char text[160];
	struct wb_error err;
	wb_error_clear(&err);
	int n = snprintf(text, sizeof text, "{\"reason\":\"%s\",\"frames\":%lld,\"uptime_ms\":%lld}\n",
			 reason, (long long)app->health.frames, (long long)(mono_ms - app->started_mono_ms));
	app->health.done = true; /* once per process, also when it fails: said once */
	if (wb_fs_write_atomic(app->health.path, text, (size_t)n, &err) != WB_OK)
		wb_app_say("health: cannot write %s: %s", app->health.path, err.message);
	else
		wb_app_say("health: healthy (%s), wrote %s", reason, app->health.path);
}

static bool after_draw(struct wb_app *app, const struct wb_pass *pass)
{
	if (!app->health.path || app->health.done)
		return false;
	if (pass->drew && app->renderer)
		app->health.frames++;
	if (app->board.polls_ok > app->health.polls_ok_seen) {
		app->health.polls_ok_seen = app->board.polls_ok;
		app->health.feed_ok = true;
		return false; /* the frame that shows it comes next */
	}
	if (app->health.feed_ok && pass->drew && app->renderer)
		app->health.frames_after_feed++;
	if (app->health.frames_after_feed > 0) {
		write_health(app, "feed", pass->mono_ms);
		return false;
	}
	/* This pass is the render loop's beat; the fetcher's is its own. */
	int64_t fetch_beat = wb_fetcher_heartbeat_ms(app->feed.fetcher);
	char problem[128];
	bool healthy =
		app->renderer && app->health.frames > 0 &&
		wb_metrics_healthy(0, fetch_beat ? pass->mono_ms - fetch_beat : -1, problem, sizeof problem);
	if (!healthy) {
		app->health.healthy_since_ms = 0;
		return false;
	}
	if (!app->health.healthy_since_ms)
		app->health.healthy_since_ms = pass->mono_ms;
	if (pass->mono_ms - app->health.healthy_since_ms >= (int64_t)app->cfg.update.health_s * 1000)
		write_health(app, "render", pass->mono_ms);
	return false;
}

const struct wb_task wb_task_health = {
	.name = "health",
	.after_draw = after_draw,
};
