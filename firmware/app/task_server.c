/* The HTTP server's side of the main thread: starts the server, applies the
 * configs it saves, and answers its request slot (ack, identify, and a
 * screenshot of the next frame), so no SDL call happens on a server thread. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "wallboard/auth.h"
#include "wallboard/fetch.h"
#include "wallboard/privacy.h"
#include "wallboard/clock.h"
#include "wallboard/render.h"
#include "wallboard/server.h"

#include "app.h"

#define IDENTIFY_MS 10000

/* No admin token anywhere: make one and show it on screen until first used,
 * like pairing a TV (on the start screen, or in the header for the first
 * minutes: wb_privacy_pairing_shown). Only its hash is kept; a restart
 * before it is used shows a new one, so the code itself is never written to
 * disk, nor drawn into a screenshot (loop.c). */
void wb_task_server_prepare_pairing(struct wb_app *app)
{
	if (app->cfg.admin.token_hash[0] || !app->cfg.http.enabled)
		return;
	if (app->layers.admin_broken) {
		wb_app_say("admin: the config file's admin token is not valid; no pairing code is offered "
			   "until it is fixed");
		return;
	}
	wb_auth_generate_code(app->server.pairing_code);
	wb_auth_hash(app->server.pairing_code, app->cfg.admin.token_hash, sizeof app->cfg.admin.token_hash);
	wb_app_say("admin: no admin token set; a pairing code is shown on the screen until it is used "
		   "(with data, for the first %d minutes after start)",
		   WB_PRIVACY_PAIRING_WINDOW_MS / 60000);
}

static void log_server_line(void *ctx, const char *line)
{
	(void)ctx;
	wb_app_say("%s", line);
}

/* Called on a server thread. */
static void wake_for_server(void *ctx)
{
	const struct wb_app *app = ctx;
	wb_app_wake(app, app->server.event);
}

static const char *web_dir_of(const struct wb_app_options *o)
{
	if (o->web_dir)
		return o->web_dir;
#ifdef WB_SOURCE_WEB_DIR
	if (access(WB_WEB_DIR "/index.html", R_OK) != 0)
		return WB_SOURCE_WEB_DIR;
#endif
	return WB_WEB_DIR;
}

/* The certificate HTTPS will serve: the admin's pair when the config names
 * one, else the device's own (made at first start). A failure is reported
 * once, here, and leaves HTTPS off with the reason in tls_error. */
static void load_certificate(struct wb_app *app)
{
	const struct wb_config *cfg = &app->cfg;
	struct wb_error err = { 0 };
	enum wb_status st;
	if (cfg->http.tls_cert_file[0] || cfg->http.tls_key_file[0]) {
		if (!cfg->http.tls_cert_file[0] || !cfg->http.tls_key_file[0]) {
			wb_error_set(&err, "$.http",
				     "tls: http.tls_cert_file and http.tls_key_file go together");
			st = WB_ERR_INVALID;
		} else {
			st = wb_tlscert_load(&app->server.tls, cfg->http.tls_cert_file,
					     cfg->http.tls_key_file, &err);
		}
	} else if (!app->state_dir[0]) {
		wb_error_set(&err, "", "tls: no state directory to keep the device certificate in");
		st = WB_ERR_IO;
	} else {
		st = wb_tlscert_device(&app->server.tls, app->state_dir, app->device_hostname, &err);
	}
	if (app->server.tls.note[0])
		wb_app_say("tls: %s", app->server.tls.note);
	if (st != WB_OK) {
		snprintf(app->server.tls_error, sizeof app->server.tls_error, "%s", err.message);
		wb_app_say("https: off: %s", err.message);
	}
}

enum wb_status wb_task_server_start(struct wb_app *app, const struct wb_app_options *o, struct wb_error *err)
{
	if (!app->cfg.http.enabled) {
		wb_app_say("http: off (http.enabled is false)");
		return WB_OK;
	}
	if (app->cfg.http.tls_enabled)
		load_certificate(app);
	char local_name[WB_DEVICE_HOSTNAME_MAX + 8];
	snprintf(local_name, sizeof local_name, "%s.local", app->device_hostname);
	snprintf(app->server.web_dir, sizeof app->server.web_dir, "%s", web_dir_of(o));
	struct wb_server_options opt = {
		.web_dir = app->server.web_dir,
		.state_dir = app->state_dir,
		.pairing_code = app->server.pairing_code,
		.started_mono_ms = app->started_mono_ms,
		.updater = app->update.updater,
		.log_ring = o->log_ring,
		.device_id = app->device_id,
		.hostname = app->device_hostname,
		.tls_cert_pem = app->server.tls.cert_pem,
		.tls_key_pem = app->server.tls.key_pem,
		.redirect_host = app->device_hostname[0] ? local_name : NULL,
		.notify = wake_for_server,
		.log = log_server_line,
		.ctx = app,
	};
	app->server.http = wb_server_create(&app->cfg, &app->layers, &opt, err);
	if (!app->server.http)
		return WB_ERR_NETWORK;
	const char *host = app->cfg.http.bind;
	bool v6 = strchr(host, ':') != NULL;
	bool any = strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
	wb_app_say("http: listening on http://%s%s%s:%d/%s", v6 ? "[" : "", host, v6 ? "]" : "",
		   wb_server_port(app->server.http), any ? " (every interface)" : "");
	app->server.tls_port = wb_server_tls_port(app->server.http);
	if (app->server.tls_port)
		wb_app_say("https: listening on https://%s%s%s:%d/ (certificate %s, SHA-256 %s)",
			   v6 ? "[" : "", host, v6 ? "]" : "", app->server.tls_port,
			   wb_tlscert_source_name(app->server.tls.source), app->server.tls.fingerprint);
	else if (app->cfg.http.tls_enabled && !app->server.tls_error[0]) {
		snprintf(app->server.tls_error, sizeof app->server.tls_error, "%s",
			 wb_server_tls_error(app->server.http));
		wb_app_say("https: off: %s", app->server.tls_error);
	}
	/* The server has its own copy; the key need not stay in this memory. */
	if (app->server.tls.key_pem)
		sodium_memzero(app->server.tls.key_pem, strlen(app->server.tls.key_pem));
	return WB_OK;
}

void wb_task_server_stop(struct wb_app *app)
{
	wb_server_destroy(app->server.http);
	app->server.http = NULL;
	wb_tlscert_fini(&app->server.tls);
}

void wb_task_server_apply_config(struct wb_app *app, const struct wb_config *cfg)
{
	const struct wb_config next = *cfg;
	/* Field by field (the config table), never memcmp: padding and bytes
	 * after a string's NUL must not make an unchanged feed look changed. A
	 * new feed part goes to the fetcher; a new http.bind, port or enabled needs a restart. */
	bool feed_changed = !wb_config_equal_section(&next, &app->cfg, "feed");
	/* http.allowed_hosts applies at once in the server; the rest at a restart. */
	bool http_changed = next.http.enabled != app->cfg.http.enabled ||
			    next.http.port != app->cfg.http.port ||
			    strcmp(next.http.bind, app->cfg.http.bind) != 0;
	bool tz_changed = strcmp(next.sla.time_zone, app->cfg.sla.time_zone) != 0;
	app->cfg = next;
	if (tz_changed)
		wb_app_load_time_zone(app);
	wb_task_rules_update(app, wb_clock_mono_ms(), false);
	wb_task_feed_set_host(app);
	if (feed_changed)
		wb_fetcher_set_config(app->feed.fetcher, &app->cfg);
	wb_renderer_invalidate(app->renderer);
	wb_task_publish_now(app);
	/* After the publish: whoever saw a side effect of this config (the
	 * --ntp-file line, a poll of the manifest) reads it back in the
	 * status at once. */
	wb_task_clock_apply_config(app);
	wb_task_update_set_config(app);
	wb_task_managed_set_config(app);
	wb_app_say("config: applied%s%s", feed_changed ? "; polling the feed now" : "",
		   http_changed ? "; the http section applies after a restart" : "");
}

static void apply_new_config(struct wb_app *app)
{
	struct wb_config next;
	if (!wb_server_config(app->server.http, &app->server.config_generation, &next))
		return;
	app->config_source = "state";
	if (app->config_warning_is_saved)
		app->config_warning[0] = '\0'; /* a fresh save supersedes the damaged file */
	app->config_warning_is_saved = false;
	wb_task_server_apply_config(app, &next);
	sodium_memzero(&next, sizeof next);
}

/* Returns true when the picture changed. */
static bool answer_requests(struct wb_app *app, int64_t mono_ms)
{
	struct wb_server_request req;
	if (!app->server.http || app->server.screenshot_wanted ||
	    !wb_server_take_request(app->server.http, &req))
		return false;
	switch (req.kind) {
	case WB_SERVER_REQ_ACK: {
		enum wb_status st = wb_board_ack(&app->board, req.alert_id);
		if (st == WB_OK) {
			wb_app_say("alert: %s acknowledged", req.alert_id);
			wb_task_publish_now(app);
		}
		wb_server_answer(app->server.http, st, NULL, 0);
		return true;
	}
	case WB_SERVER_REQ_IDENTIFY:
		app->server.identify_until_ms = mono_ms + IDENTIFY_MS;
		wb_task_publish_now(app);
		wb_server_answer(app->server.http, WB_OK, NULL, 0);
		return true;
	case WB_SERVER_REQ_SCREENSHOT:
		/* Answered between drawing and presenting the next frame. */
		app->server.screenshot_wanted = true;
		return true;
	default:
		wb_server_answer(app->server.http, WB_ERR_INVALID, NULL, 0);
		return false;
	}
}

static void answer_screenshot(struct wb_app *app)
{
	unsigned char *png = NULL;
	size_t len = 0;
	struct wb_error err;
	wb_error_clear(&err);
	enum wb_status st = wb_display_png(&app->display, &png, &len, &err);
	if (st != WB_OK)
		wb_app_say("screenshot: %s", err.message);
	wb_server_answer(app->server.http, st, png, len);
	app->server.screenshot_wanted = false;
}

/* A screenshot waiting is a reason to draw. */
static bool before_draw(struct wb_app *app, int64_t mono_ms)
{
	(void)mono_ms;
	return app->server.screenshot_wanted;
}

static void on_frame(struct wb_app *app, const struct wb_view *view)
{
	(void)view;
	if (app->server.screenshot_wanted)
		answer_screenshot(app);
}

static bool sends_frame(const struct wb_app *app)
{
	return app->server.screenshot_wanted;
}

/* Last in the pass: a request is answered from state already published. */
static bool after_draw(struct wb_app *app, const struct wb_pass *pass)
{
	return answer_requests(app, pass->mono_ms);
}

static bool on_event(struct wb_app *app, const SDL_Event *ev, bool *dirty)
{
	if (ev->type != app->server.event)
		return false;
	apply_new_config(app);
	if (app->server.pairing_code[0] && !wb_server_pairing_pending(app->server.http))
		sodium_memzero(app->server.pairing_code, sizeof app->server.pairing_code);
	answer_requests(app, wb_clock_mono_ms());
	*dirty = true;
	return true;
}

const struct wb_task wb_task_server = {
	.name = "server",
	.before_draw = before_draw,
	.on_frame = on_frame,
	.sends_frame = sends_frame,
	.after_draw = after_draw,
	.on_event = on_event,
};
