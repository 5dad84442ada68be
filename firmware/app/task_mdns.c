/* --mdns-dir: keeps the avahi service file that announces the board over
 * mDNS/DNS-SD (_wallboard._tcp and _http._tcp with its id, name, version and
 * port). avahi-daemon watches its services directory and republishes when
 * the file is replaced; the image binds that directory to --mdns-dir
 * (docs/image.md). Checked once a second, written only when it changed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wallboard/fsutil.h"
#include "wallboard/server.h"

#include "app.h"

#define MDNS_CHECK_MS 1000
#define MDNS_FILE "wallboard.service" /* avahi reads *.service */

/* No server, nothing to announce: the file goes. */
static void withdraw(struct wb_app *app)
{
	if (unlink(app->mdns.path) != 0 && errno != ENOENT)
		wb_app_say("mdns: cannot remove %s: %s", app->mdns.path, strerror(errno));
	app->mdns.written[0] = '\0';
}

void wb_task_mdns_init(struct wb_app *app, const struct wb_app_options *o)
{
	app->mdns.dir = o->mdns_dir && o->mdns_dir[0] ? o->mdns_dir : NULL;
	app->mdns.written[0] = '\0';
	app->mdns.checked_ms = 0;
	if (app->mdns.dir && (size_t)snprintf(app->mdns.path, sizeof app->mdns.path, "%s/%s", app->mdns.dir,
					      MDNS_FILE) >= sizeof app->mdns.path) {
		wb_app_say("mdns: %s: path too long; not announcing", app->mdns.dir);
		app->mdns.dir = NULL;
	}
	if (app->mdns.dir) /* a file left by a board that did not exit cleanly */
		withdraw(app);
}

static bool mdns_before_draw(struct wb_app *app, int64_t mono_ms)
{
	if (!app->mdns.dir || (app->mdns.checked_ms && mono_ms - app->mdns.checked_ms < MDNS_CHECK_MS))
		return false;
	app->mdns.checked_ms = mono_ms;
	int port = app->server.http ? wb_server_port(app->server.http) : 0;
	if (port <= 0) {
		if (app->mdns.written[0])
			withdraw(app);
		return false;
	}
	char xml[WB_DEVICE_SERVICE_XML_MAX];
	struct wb_device_service s = {
		.id = app->device_id,
		.name = app->cfg.device.name,
		.hostname = app->device_hostname,
		.version = WB_VERSION,
		.port = port,
	};
	size_t len = wb_device_service_xml(&s, xml, sizeof xml);
	if (len == 0 || strcmp(xml, app->mdns.written) == 0)
		return false;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fs_write_atomic_readable(app->mdns.path, xml, len, &err) != WB_OK) {
		if (!app->mdns.failing)
			wb_app_say("mdns: %s", err.message);
		app->mdns.failing = true;
		return false;
	}
	if (app->mdns.failing || !app->mdns.written[0])
		wb_app_say("mdns: announcing %s port %d in %s", app->device_hostname, port, app->mdns.path);
	app->mdns.failing = false;
	memcpy(app->mdns.written, xml, len + 1);
	return false;
}

void wb_task_mdns_fini(struct wb_app *app)
{
	if (app->mdns.dir)
		withdraw(app);
}

const struct wb_task wb_task_mdns = { .name = "mdns", .before_draw = mdns_before_draw };
