/* What the files of the HTTP server share: the server struct with its lock,
 * the per-request exchange (which keeps the route it matched, looked up once)
 * and the helpers every handler uses. Private to firmware/net/http/. */
#ifndef WALLBOARD_NET_HTTP_INTERNAL_H
#define WALLBOARD_NET_HTTP_INTERNAL_H

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "wallboard/buf.h"
#include "wallboard/config_layers.h"
#include "wallboard/device.h"
#include "wallboard/http_router.h"
#include "wallboard/ratelimit.h"
#include "wallboard/server.h"

#define WB_HTTP_ETAG_BYTES 8
/* Failed logins: this many within the window block the client (an IPv4
 * address, an IPv6 /64) for a while... */
#define WB_HTTP_AUTH_MAX_FAILURES 5
#define WB_HTTP_AUTH_WINDOW_MS (5 * 60 * 1000)
#define WB_HTTP_AUTH_BLOCK_MS (60 * 1000)
/* ...and this many wrong tokens from all clients together lock the admin
 * API for everyone: at most 20 guesses in 10 minutes, whatever the number of
 * addresses (docs/security.md). */
#define WB_HTTP_AUTH_GLOBAL_MAX_FAILURES 20
#define WB_HTTP_AUTH_GLOBAL_WINDOW_MS (5 * 60 * 1000)
#define WB_HTTP_AUTH_GLOBAL_BLOCK_MS (5 * 60 * 1000)

/* Where a connection's current request is (conns.c): the deadline runs
 * while its head or body arrives, and room is made from HEAD first. */
enum wb_http_conn_phase {
	WB_HTTP_CONN_HEAD = 0,  /* request line and headers arriving, or idle between requests */
	WB_HTTP_CONN_BODY,      /* headers in, the body arriving */
	WB_HTTP_CONN_ANSWERING, /* in the handler or answered; an authorised upload streaming */
};

/* One TCP connection libmicrohttpd holds; c NULL: a free entry. */
struct wb_http_conn {
	struct MHD_Connection *c;
	int fd;
	int64_t start_ms; /* monotonic: accepted, or the previous answer ended */
	enum wb_http_conn_phase phase;
	bool closing; /* shut down by us, waiting for libmicrohttpd to let it go */
	bool tls;     /* on the HTTPS daemon: no clear-text 408 into its TLS stream */
};

/* libmicrohttpd's own limit per daemon (plain and HTTPS), and the shared
 * table's size for both at their limit: there is always an entry for a
 * newcomer. */
#define WB_HTTP_DAEMON_CONNECTIONS (WB_HTTP_CONNECTIONS + WB_HTTP_CONNECTIONS_SPARE)
#define WB_HTTP_CONN_SLOTS (2 * WB_HTTP_DAEMON_CONNECTIONS)

/* The one request slot between server threads and the main thread. */
enum wb_http_slot {
	WB_HTTP_SLOT_FREE,
	WB_HTTP_SLOT_POSTED,
	WB_HTTP_SLOT_TAKEN,
	WB_HTTP_SLOT_ANSWERED,
	WB_HTTP_SLOT_ABANDONED
};

struct wb_server {
	struct MHD_Daemon *daemon;
	int port;
	char web_dir[WB_PATH_MAX];
	char state_dir[WB_PATH_MAX];
	int64_t started_mono_ms;
	wb_server_notify_fn notify;
	wb_server_log_fn log;
	void *ctx;
	unsigned char etag_key[crypto_generichash_KEYBYTES];

	/* Serialises the config's writers (a change, the pairing save) around
	 * their disk write, so that write happens outside lock. Taken before
	 * lock, never while holding it. While a writer holds it, cfg and
	 * generation change only through that writer. */
	pthread_mutex_t save_lock;

	pthread_mutex_t lock; /* guards everything below; never held across disk I/O */
	pthread_cond_t changed;
	struct wb_config cfg;
	/* Where cfg comes from: the device's layer is what the API changes.
	 * resolved is the layers' own result (cfg less the pending pairing
	 * code's hash); sources says which layer each key is from. */
	struct wb_config_layers layers;
	struct wb_config resolved;
	struct wb_config_sources sources;
	char etag[WB_HTTP_ETAG_BYTES * 2 + 3]; /* quoted hex */
	uint64_t generation;
	bool pairing_pending;
	struct wb_ratelimit ratelimit;
	bool global_lockout_said; /* the log said so once per lockout */
	char *status_json;
	struct wb_metrics metrics;
	struct wb_metrics_gauges gauges;
	uint64_t auth_failures, config_saves;
	int64_t render_beat_ms, fetch_beat_ms;
	struct wb_updater *updater;  /* NULL: no updates; thread-safe on its own, used without lock */
	struct wb_logring *log_ring; /* NULL: an empty log; thread-safe on its own, used without lock */
	char device_id[WB_DEVICE_ID_HEADER_MAX]; /* set at create, read without lock */
	bool feed_test_running;                  /* a POST /api/v1/feed/test is fetching (one at a time) */

	/* The board's names for the Host check, set at create, read without lock. */
	char hostname[WB_HTTP_HOST_MAX + 1];        /* the device's, "wallboard-<id>" */
	char system_hostname[WB_HTTP_HOST_MAX + 1]; /* gethostname(), when it differs */

	pthread_mutex_t conns_lock; /* guards the connections below (conns.c); taken without lock */
	struct wb_http_conn conns[WB_HTTP_CONN_SLOTS];
	bool conns_full; /* said in the log; again when below half */
	unsigned long long conns_closed_room, conns_closed_deadline;
	/* HTTPS (tls.c): set at create, before the plain daemon starts, and
	 * read without lock. tls_http is the http section the server started
	 * with, whose policy holds until a restart. */
	struct MHD_Daemon *tls_daemon; /* NULL: HTTPS is off or did not start */
	int tls_port;
	char *tls_cert_pem, *tls_key_pem;               /* libmicrohttpd's, kept for its lifetime */
	char tls_error[128];                            /* why HTTPS did not start; "" */
	char redirect_host[WB_DEVICE_HOSTNAME_MAX + 8]; /* "<name>.local": a redirect without Host */
	struct wb_config_http tls_http;

	enum wb_http_slot slot;
	struct wb_server_request request;
	enum wb_status answer_status;
	unsigned char *answer_png;
	size_t answer_png_len;
};

/* Per-request state across libmicrohttpd's calls to the handler. */
struct wb_http_exchange {
	struct MHD_Connection *c;
	struct wb_server *s;
	struct wb_http_match match; /* the route, looked up once at the first call */
	bool started;               /* an answer is queued */
	struct wb_buf body;         /* capped at WB_SERVER_MAX_BODY; data NULL when none arrived */
	void *stream_state;         /* a streamed body's, set by its begin, NULL once fn or abort took it */
	char client[WB_RATELIMIT_CLIENT_MAX];
	size_t uri_bytes; /* the request target as sent (the URI log callback), 0: not seen */
};

/* server.c */
void wb_http_log(struct wb_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Makes layers (taken) the server's and cfg their result: a pending
 * pairing code keeps its hash. The caller holds s->lock. */
void wb_http_commit_layers(struct wb_server *s, struct wb_config_layers *layers,
			   const struct wb_config *resolved, const struct wb_config_sources *sources);
/* A daemon on addr answering with the server's handlers and limits; flags
 * beyond the server's own (MHD_USE_TLS) and extra options, ended by
 * MHD_OPTION_END. NULL when it cannot start. */
struct MHD_Daemon *wb_http_start_daemon(struct wb_server *s, unsigned flags,
					const struct sockaddr_storage *addr,
					const struct MHD_OptionItem *extra);
/* Recomputes s->etag from s->cfg; the caller holds s->lock. */
void wb_http_update_etag(struct wb_server *s);
/* Posts req to the main thread and waits for its answer. WB_ERR_IO when it
 * does not answer in time (then *png stays NULL). *png is the caller's. */
enum wb_status wb_http_ask_main_thread(struct wb_server *s, const struct wb_server_request *req,
				       unsigned char **png, size_t *png_len);

/* respond.c: every answer carries the secure headers; headers is a
 * NULL-terminated list of name, value pairs (or NULL). */
void wb_http_secure_headers(struct MHD_Response *r);
/* body is taken (freed by libmicrohttpd); NULL sends an empty body. */
enum MHD_Result wb_http_send_body(struct MHD_Connection *c, unsigned status, const char *type, void *body,
				  size_t len, const char *const *headers);
/* doc is taken. */
enum MHD_Result wb_http_send_json(struct MHD_Connection *c, unsigned status, cJSON *doc,
				  const char *const *headers);
/* {"error": code, "message": message} */
cJSON *wb_http_error_doc(const char *code, const char *message);
/* {"error": code, "message": message, "problems": [{path, message}]} */
cJSON *wb_http_problems_doc(const char *code, const char *message, const struct wb_problems *problems);
/* Wipes (it may hold the feed token and the admin hash) and frees; NULL is fine. */
void wb_http_free_config(struct wb_config *cfg);
enum MHD_Result wb_http_send_error(struct MHD_Connection *c, unsigned status, const char *code,
				   const char *message, const char *const *headers);

/* conns.c: libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION (cls: the server). */
void wb_http_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			   enum MHD_ConnectionNotificationCode toe);
/* Where c's request is now; HEAD restarts its deadline (the next request). */
void wb_http_conn_phase(struct wb_server *s, struct MHD_Connection *c, enum wb_http_conn_phase phase);
/* Closes requests past their deadline (the main thread, every pass). */
void wb_http_conns_sweep(struct wb_server *s, int64_t now_ms);
/* tls.c: HTTPS. start sets everything tls_ in s (an error in
 * tls_error, never fatal: plain HTTP goes on); stop undoes it. */
void wb_http_tls_start(struct wb_server *s, const struct wb_config *cfg, const struct wb_server_options *opt,
		       struct sockaddr_storage addr);
void wb_http_tls_stop(struct wb_server *s);
/* Before routing: true when the request may go on; else *rc is the queued
 * redirect (308) or refusal (403 tls_required, 503 tls_unavailable). */
bool wb_http_tls_gate(struct wb_http_exchange *x, const char *url, enum MHD_Result *rc);

/* authorize.c: true when the request may go on; else *rc is the queued
 * refusal (401, or 429 while the client is rate limited). */
bool wb_http_authorize(struct wb_http_exchange *x, enum MHD_Result *rc);

#endif
