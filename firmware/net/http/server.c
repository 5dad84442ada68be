/* The HTTP server's lifecycle on libmicrohttpd: the daemon and its limits,
 * the per-request exchange (route looked up once, body rules, auth gate, body
 * read within its cap, then the route's handler), and the main thread's side:
 * the request slot, published status and metrics, heartbeats, the config. */
#include "wallboard/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "wallboard/clock.h"
#include "wallboard/http_host.h"
#include "wallboard/netinfo.h"

#define MAIN_THREAD_WAIT_MS 5000 /* screenshot, ack, identify */

void wb_http_log(struct wb_server *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (s->log)
		s->log(s->ctx, line);
}

/* Keyed with a per-process secret so the ETag reveals nothing about the
 * secrets in the document it is computed from. */
void wb_http_update_etag(struct wb_server *s)
{
	unsigned char digest[WB_HTTP_ETAG_BYTES];
	char hex[WB_HTTP_ETAG_BYTES * 2 + 1];
	char *json = wb_config_to_json(&s->cfg, WB_CONFIG_FOR_STATE);
	crypto_generichash(digest, sizeof digest, (const unsigned char *)(json ? json : ""),
			   json ? strlen(json) : 0, s->etag_key, sizeof s->etag_key);
	if (json)
		sodium_memzero(json, strlen(json));
	free(json);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	snprintf(s->etag, sizeof s->etag, "\"%s\"", hex);
}

void wb_http_commit_layers(struct wb_server *s, struct wb_config_layers *layers,
			   const struct wb_config *resolved, const struct wb_config_sources *sources)
{
	char pairing_hash[WB_ADMIN_HASH_MAX];
	memcpy(pairing_hash, s->cfg.admin.token_hash, sizeof pairing_hash);
	wb_config_layers_fini(&s->layers);
	s->layers = *layers;
	wb_config_layers_init(layers);
	s->resolved = *resolved;
	s->sources = *sources;
	s->cfg = *resolved;
	/* A layer now names an admin token (the managed document, the API):
	 * the pairing code is no longer the way in, and must not be saved as
	 * the device's own token on its first use. */
	if (s->pairing_pending && s->cfg.admin.token_hash[0])
		s->pairing_pending = false;
	if (s->pairing_pending)
		memcpy(s->cfg.admin.token_hash, pairing_hash, sizeof pairing_hash);
	sodium_memzero(pairing_hash, sizeof pairing_hash);
	s->generation++;
	wb_http_update_etag(s);
}

enum wb_status wb_server_set_managed(struct wb_server *s, const char *fragment,
				     const struct wb_config_locks *locks, const char *admin_hash)
{
	struct wb_config_layers next;
	struct wb_config *resolved = malloc(sizeof *resolved);
	struct wb_config_sources sources;
	wb_config_layers_init(&next);
	pthread_mutex_lock(&s->save_lock);
	pthread_mutex_lock(&s->lock);
	enum wb_status st = resolved ? wb_config_layers_copy(&next, &s->layers) : WB_ERR_NOMEM;
	pthread_mutex_unlock(&s->lock);
	if (st == WB_OK)
		st = wb_config_layers_set(&next, WB_CONFIG_LAYER_MANAGED, fragment);
	if (st == WB_OK) {
		next.locks = locks ? *locks : (struct wb_config_locks){ 0 };
		snprintf(next.admin_hash[WB_CONFIG_LAYER_MANAGED], sizeof next.admin_hash[0], "%s",
			 admin_hash ? admin_hash : "");
		st = wb_config_layers_resolve(&next, WB_CONFIG_LAYER_COUNT - 1, resolved, &sources, NULL);
	}
	if (st == WB_OK) {
		pthread_mutex_lock(&s->lock);
		wb_http_commit_layers(s, &next, resolved, &sources);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->save_lock);
	wb_config_layers_fini(&next);
	if (resolved)
		sodium_memzero(resolved, sizeof *resolved);
	free(resolved);
	if (st == WB_OK)
		s->notify(s->ctx);
	return st;
}

/* ---- requests for the main thread ---- */

enum wb_status wb_http_ask_main_thread(struct wb_server *s, const struct wb_server_request *req,
				       unsigned char **png, size_t *png_len)
{
	struct timespec deadline;
	wb_clock_mono_deadline(MAIN_THREAD_WAIT_MS, &deadline);
	enum wb_status st = WB_ERR_IO;
	pthread_mutex_lock(&s->lock);
	while (s->slot != WB_HTTP_SLOT_FREE)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &deadline) != 0)
			goto out;
	s->request = *req;
	s->slot = WB_HTTP_SLOT_POSTED;
	pthread_mutex_unlock(&s->lock);
	s->notify(s->ctx);
	pthread_mutex_lock(&s->lock);
	while (s->slot != WB_HTTP_SLOT_ANSWERED) {
		if (pthread_cond_timedwait(&s->changed, &s->lock, &deadline) != 0) {
			/* Never taken: withdraw it. Taken: the late answer frees itself. */
			s->slot = s->slot == WB_HTTP_SLOT_POSTED ? WB_HTTP_SLOT_FREE : WB_HTTP_SLOT_ABANDONED;
			pthread_cond_broadcast(&s->changed);
			goto out;
		}
	}
	st = s->answer_status;
	if (png) {
		*png = s->answer_png;
		*png_len = s->answer_png_len;
	} else {
		free(s->answer_png);
	}
	s->answer_png = NULL;
	s->slot = WB_HTTP_SLOT_FREE;
	pthread_cond_broadcast(&s->changed);
out:
	pthread_mutex_unlock(&s->lock);
	return st;
}

bool wb_server_take_request(struct wb_server *s, struct wb_server_request *req)
{
	pthread_mutex_lock(&s->lock);
	bool posted = s->slot == WB_HTTP_SLOT_POSTED;
	if (posted) {
		*req = s->request;
		s->slot = WB_HTTP_SLOT_TAKEN;
	}
	pthread_mutex_unlock(&s->lock);
	return posted;
}

void wb_server_answer(struct wb_server *s, enum wb_status status, unsigned char *png, size_t png_len)
{
	pthread_mutex_lock(&s->lock);
	if (s->slot == WB_HTTP_SLOT_TAKEN) {
		s->answer_status = status;
		s->answer_png = png;
		s->answer_png_len = png_len;
		s->slot = WB_HTTP_SLOT_ANSWERED;
		png = NULL;
	} else if (s->slot == WB_HTTP_SLOT_ABANDONED) {
		s->slot = WB_HTTP_SLOT_FREE;
	}
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	free(png);
}

/* ---- one request ---- */

/* "application/json; charset=utf-8" is application/json. */
static bool media_type_is(const char *header, const char *type)
{
	if (!header)
		return false;
	size_t n = strlen(type);
	if (strncasecmp(header, type, n) != 0)
		return false;
	return header[n] == '\0' || header[n] == ';' || header[n] == ' ';
}

/* The operation's body rule on the declared Content-Type: 415 when it breaks it. */
static bool body_type_ok(struct wb_http_exchange *x, enum MHD_Result *rc)
{
	enum wb_http_body rule = x->match.op->body;
	if (rule == WB_HTTP_BODY_ANY)
		return true;
	const char *type = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (rule == WB_HTTP_BODY_STREAM) {
		if (media_type_is(type, "application/octet-stream"))
			return true;
		*rc = wb_http_send_error(x->c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					 "send application/octet-stream", NULL);
		return false;
	}
	bool patch = rule == WB_HTTP_BODY_JSON_OR_MERGE_PATCH;
	if (media_type_is(type, "application/json") ||
	    (patch && media_type_is(type, "application/merge-patch+json")))
		return true;
	*rc = wb_http_send_error(x->c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				 patch ? "send application/merge-patch+json or application/json"
				       : "send application/json",
				 NULL);
	return false;
}

static enum MHD_Result too_large(struct MHD_Connection *c)
{
	return wb_http_send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
				  "request body over 64 KiB", NULL);
}

/* An IP address as text; IPv4-mapped IPv6 as its IPv4 address. */
static void address_text(const struct sockaddr *sa, char *out, size_t size)
{
	snprintf(out, size, "%s", "unknown");
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)size);
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6))
			inet_ntop(AF_INET, &a6->s6_addr[12], out, (socklen_t)size);
		else
			inet_ntop(AF_INET6, a6, out, (socklen_t)size);
	}
}

/* The head's checks (host.c) with what only the socket and the config know:
 * the address the client reached, then, for an IP literal naming another,
 * every address of the machine; http.allowed_hosts, which an API change
 * replaces at any time. */
static bool judge_head(struct wb_http_exchange *x, const struct wb_http_head *head,
		       struct wb_http_head_verdict *v)
{
	struct wb_server *s = x->s;
	char addresses[1 + 16][WB_HTTP_HOST_ADDRESS_MAX];
	size_t n = 0;
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(x->c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct sockaddr_storage local;
	socklen_t len = sizeof local;
	if (info && getsockname(info->connect_fd, (struct sockaddr *)&local, &len) == 0)
		address_text((const struct sockaddr *)&local, addresses[n++], sizeof addresses[0]);
	const char *names[] = { s->hostname, s->system_hostname };
	struct wb_http_host_self self = {
		.names = names, .n_names = 2, .addresses = addresses, .n_addresses = n
	};
	for (int pass = 0;; pass++) {
		pthread_mutex_lock(&s->lock);
		self.allowed = s->cfg.http.allowed_hosts;
		self.n_allowed = s->cfg.http.n_allowed_hosts;
		bool ok = wb_http_head_judge(head, &self, v);
		pthread_mutex_unlock(&s->lock);
		if (ok || pass > 0 || v->status != MHD_HTTP_MISDIRECTED_REQUEST ||
		    !wb_http_host_is_ip(v->host))
			return ok;
		self.n_addresses =
			n + wb_netinfo_addresses(addresses + n, sizeof addresses / sizeof addresses[0] - n);
	}
}

static enum MHD_Result add_header_bytes(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	(void)kind;
	size_t *bytes = cls;
	*bytes += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
	return MHD_YES;
}

/* The head's checks before any route (wb_http_head_judge): libmicrohttpd's
 * own 414 and 431 come only above WB_HTTP_CONNECTION_MEMORY. *path is the
 * path to route. */
static bool head_ok(struct wb_http_exchange *x, const char *url, const char *version, const char **path,
		    enum MHD_Result *rc)
{
	struct wb_http_head head = {
		.target = url,
		.target_bytes = x->uri_bytes ? x->uri_bytes : strlen(url),
		.version = version,
		.host = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
	};
	MHD_get_connection_values(x->c, MHD_HEADER_KIND, add_header_bytes, &head.header_bytes);
	struct wb_http_head_verdict v;
	if (!judge_head(x, &head, &v)) {
		*rc = wb_http_send_error(x->c, v.status, v.error, v.message, NULL);
		return false;
	}
	*path = v.path;
	return true;
}

/* Checks that can answer before the body is read, in this order: the
 * head (sizes, target, Host), route, method, auth, content type, declared
 * size. The match is kept in x. */
static bool precheck(struct wb_http_exchange *x, const char *url, const char *method, const char *version,
		     enum MHD_Result *rc)
{
	const char *path;
	if (!head_ok(x, url, version, &path, rc))
		return false;
	/* Plain HTTP from another host while HTTPS is on (tls.c): a redirect or
	 * a refusal, before any route or token is looked at. */
	if (!wb_http_tls_gate(x, path, rc))
		return false;
	size_t count;
	const struct wb_http_route *routes = wb_http_routes(&count);
	switch (wb_http_route_match(routes, count, path, method, &x->match)) {
	case WB_HTTP_MATCHED:
		break;
	case WB_HTTP_NO_METHOD: {
		const char *headers[] = { MHD_HTTP_HEADER_ALLOW, x->match.allow, NULL };
		*rc = wb_http_send_error(x->c, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
					 "this path does not take that method", headers);
		return false;
	}
	case WB_HTTP_NO_ROUTE:
	default:
		*rc = wb_http_send_error(x->c, MHD_HTTP_NOT_FOUND, "not_found", "no such path", NULL);
		return false;
	}
	if (x->match.op->auth && !wb_http_authorize(x, rc))
		return false;
	if (!body_type_ok(x, rc))
		return false;
	const char *length =
		MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (x->match.op->body != WB_HTTP_BODY_STREAM && length &&
	    strtoull(length, NULL, 10) > WB_SERVER_MAX_BODY) {
		*rc = too_large(x->c);
		return false;
	}
	return true;
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (info && info->client_addr)
		address_text(info->client_addr, out, size);
	else
		snprintf(out, size, "%s", "unknown");
}

/* Before the headers: the target's length as sent (the url libmicrohttpd
 * hands on_request is decoded and without its query). Its result is the
 * request's con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls, (void)c;
	struct wb_http_exchange *x = calloc(1, sizeof *x);
	if (x)
		x->uri_bytes = strlen(uri) + 1; /* + 1: "" is still seen */
	return x;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct wb_http_exchange *x = *con_cls;
	enum MHD_Result rc = MHD_YES;

	if (!x || !x->c) {
		if (!x)
			x = calloc(1, sizeof *x);
		if (!x)
			return MHD_NO;
		*con_cls = x;
		x->c = c;
		x->s = cls;
		if (x->uri_bytes)
			x->uri_bytes--;
		wb_buf_init(&x->body, WB_SERVER_MAX_BODY);
		client_address(c, x->client, sizeof x->client);
		if (!precheck(x, url, method, version, &rc)) {
			x->started = true;
			wb_http_conn_phase(x->s, c, WB_HTTP_CONN_ANSWERING);
			return rc;
		}
		const struct wb_http_stream *stream = x->match.op->stream;
		int answer;
		if (stream && !stream->begin(x, &answer)) {
			x->started = true;
			wb_http_conn_phase(x->s, c, WB_HTTP_CONN_ANSWERING);
			return (enum MHD_Result)answer;
		}
		/* An authorised upload is bounded by its own caps, not the deadline. */
		wb_http_conn_phase(x->s, c, stream ? WB_HTTP_CONN_ANSWERING : WB_HTTP_CONN_BODY);
		return MHD_YES;
	}
	if (x->started) {
		/* An answer is already queued: drop whatever body still arrives. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0 && x->match.op->stream) {
		int answer;
		bool more = x->match.op->stream->piece(x, upload_data, *upload_data_size, &answer);
		*upload_data_size = 0;
		if (more)
			return MHD_YES;
		x->started = true;
		return (enum MHD_Result)answer;
	}
	if (*upload_data_size > 0) {
		enum wb_status st = wb_buf_append(&x->body, upload_data, *upload_data_size);
		if (st == WB_ERR_TOO_LARGE) {
			x->started = true;
			*upload_data_size = 0;
			return too_large(c);
		}
		if (st != WB_OK)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	x->started = true;
	wb_http_conn_phase(x->s, c, WB_HTTP_CONN_ANSWERING);
	return (enum MHD_Result)x->match.op->fn(x);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	struct wb_http_exchange *x = *con_cls;
	if (x) {
		if (x->stream_state)
			x->match.op->stream->abort(x);
		wb_buf_deinit(&x->body);
		free(x);
	}
	*con_cls = NULL;
	/* A kept-alive connection's next request has a deadline of its own. */
	wb_http_conn_phase(cls, c, WB_HTTP_CONN_HEAD);
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct wb_server *s = cls;
	char line[400];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	wb_http_log(s, "http: %s", line);
}

/* ---- lifecycle and the main thread's side ---- */

static enum wb_status listen_address(const struct wb_config *cfg, struct sockaddr_storage *addr,
				     struct wb_error *err)
{
	memset(addr, 0, sizeof *addr);
	struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)addr;
	if (inet_pton(AF_INET, cfg->http.bind, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)cfg->http.port);
	} else if (inet_pton(AF_INET6, cfg->http.bind, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)cfg->http.port);
	} else {
		wb_error_set(err, "$.http.bind", "not an IP address: %s", cfg->http.bind);
		return WB_ERR_INVALID;
	}
	return WB_OK;
}

struct wb_server *wb_server_create(const struct wb_config *cfg, const struct wb_config_layers *layers,
				   const struct wb_server_options *opt, struct wb_error *err)
{
	struct sockaddr_storage addr;
	if (listen_address(cfg, &addr, err) != WB_OK)
		return NULL;
	struct wb_server *s = calloc(1, sizeof *s);
	if (!s) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	wb_config_layers_init(&s->layers);
	if (layers && (wb_config_layers_copy(&s->layers, layers) != WB_OK ||
		       wb_config_layers_resolve(&s->layers, WB_CONFIG_LAYER_COUNT - 1, &s->resolved,
						&s->sources, NULL) != WB_OK)) {
		wb_config_layers_fini(&s->layers);
		free(s);
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	snprintf(s->web_dir, sizeof s->web_dir, "%s", opt->web_dir ? opt->web_dir : "");
	snprintf(s->state_dir, sizeof s->state_dir, "%s", opt->state_dir ? opt->state_dir : "");
	s->started_mono_ms = opt->started_mono_ms;
	s->updater = opt->updater;
	s->log_ring = opt->log_ring;
	snprintf(s->device_id, sizeof s->device_id, "%s", opt->device_id ? opt->device_id : "");
	snprintf(s->hostname, sizeof s->hostname, "%s", opt->hostname ? opt->hostname : "");
	if (gethostname(s->system_hostname, sizeof s->system_hostname) != 0)
		s->system_hostname[0] = '\0';
	s->system_hostname[sizeof s->system_hostname - 1] = '\0';
	s->notify = opt->notify;
	s->log = opt->log;
	s->ctx = opt->ctx;
	s->pairing_pending = opt->pairing_code && opt->pairing_code[0];
	s->gauges.data_age_s = -1;
	crypto_generichash_keygen(s->etag_key);
	const struct wb_ratelimit_limits client = { WB_HTTP_AUTH_MAX_FAILURES, WB_HTTP_AUTH_WINDOW_MS,
						    WB_HTTP_AUTH_BLOCK_MS };
	const struct wb_ratelimit_limits global = { WB_HTTP_AUTH_GLOBAL_MAX_FAILURES,
						    WB_HTTP_AUTH_GLOBAL_WINDOW_MS,
						    WB_HTTP_AUTH_GLOBAL_BLOCK_MS };
	wb_ratelimit_init(&s->ratelimit, &client, &global);
	wb_http_update_etag(s);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->changed, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->save_lock, NULL);
	pthread_mutex_init(&s->conns_lock, NULL);

	/* HTTPS first, so the plain daemon's first request finds it settled. */
	wb_http_tls_start(s, cfg, opt, addr);
	const struct MHD_OptionItem none[] = { { MHD_OPTION_END, 0, NULL } };
	s->daemon = wb_http_start_daemon(s, 0, &addr, none);
	if (!s->daemon) {
		wb_error_set(err, "", "http: cannot listen on %s port %d: %s", cfg->http.bind, cfg->http.port,
			     errno ? strerror(errno) : "libmicrohttpd refused");
		wb_http_tls_stop(s);
		pthread_cond_destroy(&s->changed);
		pthread_mutex_destroy(&s->lock);
		pthread_mutex_destroy(&s->save_lock);
		pthread_mutex_destroy(&s->conns_lock);
		wb_config_layers_fini(&s->layers); /* the fragments may hold the feed token */
		sodium_memzero(s, sizeof *s);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->http.port;
	return s;
}

struct MHD_Daemon *wb_http_start_daemon(struct wb_server *s, unsigned flags,
					const struct sockaddr_storage *addr,
					const struct MHD_OptionItem *extra)
{
	flags |= MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	if (addr->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* Both daemons share the connection table (conns.c): one pool, one
	 * deadline, whichever port a slowloris uses. */
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log,
				s, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)WB_HTTP_DAEMON_CONNECTIONS,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WB_HTTP_CONNECTIONS_PER_ADDRESS,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WB_HTTP_IDLE_TIMEOUT_S,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WB_HTTP_CONNECTION_MEMORY,
				MHD_OPTION_NOTIFY_CONNECTION, wb_http_on_connection, s,
				MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, s, MHD_OPTION_ARRAY, extra, MHD_OPTION_END);
}

void wb_server_destroy(struct wb_server *s)
{
	if (!s)
		return;
	/* Unblock a request waiting on the main thread, which is the caller. */
	pthread_mutex_lock(&s->lock);
	if (s->slot == WB_HTTP_SLOT_POSTED)
		s->slot = WB_HTTP_SLOT_FREE;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->daemon);
	wb_http_tls_stop(s);
	free(s->status_json);
	free(s->answer_png);
	sodium_memzero(&s->cfg, sizeof s->cfg);
	sodium_memzero(&s->resolved, sizeof s->resolved);
	wb_config_layers_fini(&s->layers);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->save_lock);
	pthread_mutex_destroy(&s->conns_lock);
	free(s);
}

int wb_server_port(const struct wb_server *s)
{
	return s->port;
}

void wb_server_publish(struct wb_server *s, char *status_json, const struct wb_metrics *metrics_in,
		       const struct wb_metrics_gauges *gauges)
{
	pthread_mutex_lock(&s->lock);
	if (status_json) {
		free(s->status_json);
		s->status_json = status_json;
	}
	s->metrics = *metrics_in;
	s->gauges = *gauges;
	pthread_mutex_unlock(&s->lock);
}

void wb_server_beat(struct wb_server *s, int64_t render_mono_ms, int64_t fetch_mono_ms)
{
	pthread_mutex_lock(&s->lock);
	s->render_beat_ms = render_mono_ms;
	s->fetch_beat_ms = fetch_mono_ms;
	pthread_mutex_unlock(&s->lock);
	/* Every pass: a request past its deadline is closed within a second
	 * even when no newcomer arrives to sweep. */
	wb_http_conns_sweep(s, wb_clock_mono_ms()); /* the clock conns.c stamps with */
}

bool wb_server_config(struct wb_server *s, uint64_t *seen, struct wb_config *cfg)
{
	pthread_mutex_lock(&s->lock);
	bool newer = s->generation != *seen;
	if (newer) {
		*cfg = s->cfg;
		*seen = s->generation;
	}
	pthread_mutex_unlock(&s->lock);
	return newer;
}

bool wb_server_pairing_pending(struct wb_server *s)
{
	pthread_mutex_lock(&s->lock);
	bool pending = s->pairing_pending;
	pthread_mutex_unlock(&s->lock);
	return pending;
}
