/* The remote configuration server (libmicrohttpd, a thread per connection,
 * off the render thread): REST API, /healthz, /metrics and the web page.
 * The server owns the authoritative config while it runs, because writes
 * arrive here: it validates, saves and then tells the main thread, which
 * applies the new config live. Everything that touches the screen (ack,
 * identify, screenshot) is handed to the main thread as a request and waited
 * for, so no SDL call ever happens on a server thread. */
#ifndef WALLBOARD_SERVER_H
#define WALLBOARD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/config.h"
#include "wallboard/config_layers.h"
#include "wallboard/limits.h"
#include "wallboard/metrics.h"
#include "wallboard/status.h"

/* Called on a server thread when the main thread has something to take
 * (wb_server_take_request / wb_server_config): must be thread-safe and quick. */
typedef void (*wb_server_notify_fn)(void *ctx);
/* One log line, without a newline. No secrets are ever passed to it. */
typedef void (*wb_server_log_fn)(void *ctx, const char *line);

struct wb_updater;

struct wb_server_options {
	const char *web_dir;      /* the page's files (assets/web) */
	const char *state_dir;    /* where config changes are saved; "" refuses writes */
	const char *pairing_code; /* the generated admin token shown on screen, "" when none */
	int64_t started_mono_ms;
	struct wb_updater *updater;  /* for /api/v1/update; NULL: none. Outlives the server */
	struct wb_logring *log_ring; /* for /api/v1/log; NULL: an empty log. Outlives the server */
	const char *device_id;       /* X-Wallboard-Id of the feed test's poll; copied; NULL: none */
	const char *hostname;        /* the device's ("wallboard-<id>"), for the Host check; copied */
	/* HTTPS (http.tls_enabled): the certificate chain and key, PEM, copied;
	 * NULL: none (HTTPS stays off and plain HTTP refuses what it would
	 * redirect). redirect_host ("<name>.local") is where a redirect points
	 * when the request has no usable Host header. */
	const char *tls_cert_pem, *tls_key_pem;
	const char *redirect_host;
	wb_server_notify_fn notify;
	wb_server_log_fn log;
	void *ctx; /* for notify and log */
};

enum wb_server_request_kind {
	WB_SERVER_REQ_ACK = 1, /* alert_id */
	WB_SERVER_REQ_IDENTIFY,
	WB_SERVER_REQ_SCREENSHOT,
};

struct wb_server_request {
	enum wb_server_request_kind kind;
	char alert_id[WB_FEED_ALERT_ID_MAX + 1];
};

struct wb_server;

/* Binds cfg->http.bind:port and starts serving; cfg (admin token already
 * sealed) and the layers it was resolved from (NULL: the defaults alone) are
 * copied: changes through the API become the device's layer. NULL with err
 * set (address in use, ...). */
struct wb_server *wb_server_create(const struct wb_config *cfg, const struct wb_config_layers *layers,
				   const struct wb_server_options *opt, struct wb_error *err);

/* A new managed document (fragment and locks already checked, its admin
 * token already sealed into admin_hash, "" none; fragment NULL: no managed
 * layer): the layers are resolved again and the result announced like an
 * API change. Any thread. WB_ERR_NOMEM only. */
enum wb_status wb_server_set_managed(struct wb_server *server, const char *fragment,
				     const struct wb_config_locks *locks, const char *admin_hash);
/* Stops accepting, waits for running requests; NULL is fine. */
void wb_server_destroy(struct wb_server *server);

/* The port actually bound (http.port 0 picks a free one). */
int wb_server_port(const struct wb_server *server);

/* The port HTTPS really listens on; 0 when it is off or did not start,
 * then wb_server_tls_error says why ("" when it is off by config). */
int wb_server_tls_port(const struct wb_server *server);
const char *wb_server_tls_error(const struct wb_server *server);

/* ---- main thread ---- */

/* The main thread's state for /api/v1/status, /metrics and /healthz.
 * status_json is taken (freed by the server); NULL keeps the previous one. */
void wb_server_publish(struct wb_server *server, char *status_json, const struct wb_metrics *metrics,
		       const struct wb_metrics_gauges *gauges);

/* Liveness for /healthz: the render loop's and the fetcher's last beats
 * (monotonic ms). */
void wb_server_beat(struct wb_server *server, int64_t render_mono_ms, int64_t fetch_mono_ms);

/* A config saved since generation *seen: copies it to *cfg, advances *seen
 * and returns true. */
bool wb_server_config(struct wb_server *server, uint64_t *seen, struct wb_config *cfg);

/* Whether the pairing code is still waiting for its first use. */
bool wb_server_pairing_pending(struct wb_server *server);

/* The request waiting for the main thread, if any. Answer each one taken. */
bool wb_server_take_request(struct wb_server *server, struct wb_server_request *req);

/* status: WB_OK, WB_ERR_NOT_FOUND (no such alert) or another error. png (a
 * screenshot's bytes) is taken. */
void wb_server_answer(struct wb_server *server, enum wb_status status, unsigned char *png, size_t png_len);

#endif
