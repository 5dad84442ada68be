/* The clock's side of the board: whether the system clock is synchronised
 * (an https feed cannot be checked without it), clock.ntp written out for
 * systemd-timesyncd (--ntp-file; the image copies it into timesyncd's
 * drop-ins as root), and the first-boot report the image's script left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/clock.h"
#include "wallboard/fsutil.h"

#include "app.h"

#define SYNC_OVERRIDE_ENV "WALLBOARD_TEST_CLOCK_SYNCHRONIZED"

/* The report's own name, for an entry that says it could not be read. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void read_boot_report(struct wb_app *app, const char *path)
{
	memset(&app->clock.boot, 0, sizeof app->clock.boot);
	if (!path)
		return;
	char *text = NULL;
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_fs_read_file(path, WB_BOOT_REPORT_MAX_BYTES, &text, &len, &err);
	if (st == WB_ERR_NOT_FOUND)
		return; /* no files on the boot partition this boot: nothing to say */
	if (st == WB_ERR_TOO_LARGE) {
		char why[64];
		snprintf(why, sizeof why, "larger than %u bytes", WB_BOOT_REPORT_MAX_BYTES);
		wb_boot_report_invalid(base_name(path), why, &app->clock.boot);
	} else if (st != WB_OK)
		wb_boot_report_invalid(base_name(path), err.message, &app->clock.boot);
	else
		wb_boot_report_parse(text, len, base_name(path), &app->clock.boot);
	free(text);
	for (size_t i = 0; i < app->clock.boot.n; i++) {
		const struct wb_boot_entry *e = &app->clock.boot.entries[i];
		wb_app_say("first boot: %s %s%s%s", e->file, wb_boot_result_name(e->result),
			   e->message[0] ? ": " : "", e->message);
	}
}

void wb_task_clock_init(struct wb_app *app, const struct wb_app_options *o)
{
	const char *force = getenv(SYNC_OVERRIDE_ENV);
	app->clock.sync_override = !force || !force[0] ? -1 : strcmp(force, "0") == 0 ? 0 : 1;
	app->clock.ntp_file = o->ntp_file;
	app->clock.ntp_written[0] = '\0';
	read_boot_report(app, o->boot_report);
}

bool wb_task_clock_synchronized(const struct wb_app *app)
{
	if (app->clock.sync_override >= 0)
		return app->clock.sync_override == 1;
	return wb_clock_synchronized();
}

void wb_task_clock_apply_config(struct wb_app *app)
{
	if (!app->clock.ntp_file)
		return;
	char text[WB_TIMESYNC_DROPIN_MAX];
	size_t len = wb_timesync_dropin(&app->cfg, text, sizeof text);
	if (strcmp(text, app->clock.ntp_written) == 0)
		return;
	struct wb_error err;
	wb_error_clear(&err);
	/* Nothing secret in it; under the service's UMask=0077 it ends up 0600
	 * anyway, which root (wallboard-ntp.service) reads all the same. */
	if (wb_fs_write_atomic_mode(app->clock.ntp_file, text, len, 0644, &err) != WB_OK) {
		wb_app_say("clock: cannot write %s: %s", app->clock.ntp_file, err.message);
		return;
	}
	memcpy(app->clock.ntp_written, text, len + 1);
	/* The drop-in's NTP= line, without "[Time]\n" before and "\n" after. */
	const char *line = strstr(text, "NTP=");
	if (line)
		wb_app_say("clock: wrote %s: %.*s", app->clock.ntp_file, (int)strcspn(line, "\n"), line);
	else
		wb_app_say("clock: wrote %s: no NTP= line, the time servers DHCP hands out",
			   app->clock.ntp_file);
}
