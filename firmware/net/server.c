/* The HTTP side of remote configuration, on libmicrohttpd. Routing, auth and
 * the hostile-input rules live here; what a request means for the config is
 * decided by pure code (wb_config_update, wb_ratelimit, wb_metrics_format),
 * and what it means for the screen by the main thread. */
#include "wallboard/server.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wallboard/auth.h"
#include "wallboard/platform.h"
#include "wallboard/ratelimit.h"

#define CONNECTION_LIMIT 32
#define PER_IP_CONNECTION_LIMIT 8
#define CONNECTION_TIMEOUT_S 10
#define CONNECTION_MEMORY 65536      /* headers and buffers per connection */
#define MAIN_THREAD_WAIT_MS 5000     /* screenshot, ack, identify */
#define AUTH_MAX_FAILURES 5
#define AUTH_WINDOW_MS (5 * 60 * 1000)
#define AUTH_BLOCK_MS (60 * 1000)
#define STATIC_MAX_BYTES (1024 * 1024)
#define IDENTIFY_SECONDS 10
#define ETAG_BYTES 8

/* The one request slot between server threads and the main thread. */
enum slot_state { SLOT_FREE, SLOT_POSTED, SLOT_TAKEN, SLOT_ANSWERED, SLOT_ABANDONED };

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

	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t changed;
	struct wb_config cfg;
	char etag[ETAG_BYTES * 2 + 3]; /* quoted hex */
	uint64_t generation;
	bool pairing_pending;
	struct wb_ratelimit ratelimit;
	char *status_json;
	struct wb_metrics metrics;
	struct wb_metrics_gauges gauges;
	uint64_t auth_failures, config_saves;
	int64_t render_beat_ms, fetch_beat_ms;

	enum slot_state slot;
	struct wb_server_request request;
	enum wb_status answer_status;
	unsigned char *answer_png;
	size_t answer_png_len;
};

/* Per-request state across libmicrohttpd's calls to the handler. */
struct exchange {
	bool started;
	bool too_large;
	char *body;
	size_t len;
	char client[WB_RATELIMIT_CLIENT_MAX];
};

static void logf_(struct wb_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(struct wb_server *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (s->log)
		s->log(s->ctx, line);
}

/* ---- responses ---- */

static void secure_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'");
}

/* Sends body (taken, freed by libmicrohttpd) with status and content type. */
static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status, const char *type,
                                 void *body, size_t len, const char *const *headers)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE
		                                                                    : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	secure_headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; headers && headers[i]; i += 2)
		MHD_add_response_header(r, headers[i], headers[i + 1]);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, cJSON *doc,
                                 const char *const *headers)
{
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	if (!text)
		return send_body(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json",
		                 strdup("{\"error\":\"internal\",\"message\":\"out of memory\"}"),
		                 sizeof "{\"error\":\"internal\",\"message\":\"out of memory\"}" - 1, NULL);
	return send_body(c, status, "application/json", text, strlen(text), headers);
}

static cJSON *error_doc(const char *code, const char *message)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "error", code);
	cJSON_AddStringToObject(doc, "message", message);
	return doc;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *message, const char *const *headers)
{
	return send_json(c, status, error_doc(code, message), headers);
}

/* ---- config and ETag ---- */

/* Keyed with a per-process secret so the ETag reveals nothing about the
 * secrets in the document it is computed from. */
static void update_etag(struct wb_server *s)
{
	unsigned char digest[ETAG_BYTES];
	char hex[ETAG_BYTES * 2 + 1];
	char *json = wb_config_to_json(&s->cfg, WB_CONFIG_FOR_STATE);
	crypto_generichash(digest, sizeof digest, (const unsigned char *)(json ? json : ""),
	                   json ? strlen(json) : 0, s->etag_key, sizeof s->etag_key);
	if (json)
		sodium_memzero(json, strlen(json));
	free(json);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	snprintf(s->etag, sizeof s->etag, "\"%s\"", hex);
}

static enum MHD_Result send_config(struct MHD_Connection *c, struct wb_server *s, unsigned status)
{
	pthread_mutex_lock(&s->lock);
	char *json = wb_config_to_json(&s->cfg, WB_CONFIG_FOR_API);
	char etag[sizeof s->etag];
	memcpy(etag, s->etag, sizeof etag);
	pthread_mutex_unlock(&s->lock);
	if (!json)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory", NULL);
	const char *headers[] = { MHD_HTTP_HEADER_ETAG, etag, NULL };
	return send_body(c, status, "application/json", json, strlen(json), headers);
}

static cJSON *problems_doc(const struct wb_problems *problems)
{
	cJSON *doc = error_doc("invalid_config", "the config was not changed; see problems");
	cJSON *list = cJSON_AddArrayToObject(doc, "problems");
	for (size_t i = 0; i < problems->count; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddItemToArray(list, p);
		cJSON_AddStringToObject(p, "path", problems->items[i].path[0] ? problems->items[i].path : "$");
		cJSON_AddStringToObject(p, "message", problems->items[i].message);
	}
	return doc;
}

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

static enum MHD_Result change_config(struct MHD_Connection *c, struct wb_server *s,
                                     const struct exchange *x, bool merge)
{
	struct wb_problems problems;
	wb_problems_clear(&problems);
	const char *if_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);

	pthread_mutex_lock(&s->lock);
	if (if_match && strcmp(if_match, "*") != 0 && strcmp(if_match, s->etag) != 0) {
		pthread_mutex_unlock(&s->lock);
		return send_error(c, MHD_HTTP_PRECONDITION_FAILED, "precondition_failed",
		                  "the config was changed since you read it; GET it again", NULL);
	}
	if (!s->state_dir[0]) {
		pthread_mutex_unlock(&s->lock);
		return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
		                  "no writable state directory to save the config in", NULL);
	}
	struct wb_config *next = malloc(sizeof *next);
	bool not_json = false;
	enum wb_status st = next ? wb_config_update(&s->cfg, x->body ? x->body : "", x->len, merge, next,
	                                            &not_json, &problems)
	                         : WB_ERR_NOMEM;
	struct wb_error err;
	wb_error_clear(&err);
	if (st == WB_OK) {
		wb_auth_seal_config(next);
		st = wb_confstore_save(s->state_dir, next, &err);
		if (st == WB_OK) {
			s->cfg = *next;
			s->generation++;
			s->config_saves++;
			update_etag(s);
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (next)
		sodium_memzero(next, sizeof *next);
	free(next);

	if (st == WB_OK) {
		logf_(s, "config: saved from %s, applying live", x->client);
		s->notify(s->ctx);
		return send_config(c, s, MHD_HTTP_OK);
	}
	if (not_json) {
		char message[400];
		snprintf(message, sizeof message, "body is not JSON: %s",
		         problems.count ? problems.items[0].message : "parse error");
		return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", message, NULL);
	}
	if (st == WB_ERR_INVALID)
		return send_json(c, MHD_HTTP_UNPROCESSABLE_CONTENT, problems_doc(&problems), NULL);
	logf_(s, "config: cannot save: %s", err.message[0] ? err.message : "out of memory");
	return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
	                  err.message[0] ? err.message : "out of memory", NULL);
}

/* ---- requests for the main thread ---- */

/* Posts req and waits for the main thread's answer. WB_ERR_IO when it does
 * not answer in time (then *png stays NULL). */
static enum wb_status ask_main_thread(struct wb_server *s, const struct wb_server_request *req,
                                      unsigned char **png, size_t *png_len)
{
	struct timespec deadline;
	wb_clock_mono_deadline(MAIN_THREAD_WAIT_MS, &deadline);
	enum wb_status st = WB_ERR_IO;
	pthread_mutex_lock(&s->lock);
	while (s->slot != SLOT_FREE)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &deadline) != 0)
			goto out;
	s->request = *req;
	s->slot = SLOT_POSTED;
	pthread_mutex_unlock(&s->lock);
	s->notify(s->ctx);
	pthread_mutex_lock(&s->lock);
	while (s->slot != SLOT_ANSWERED) {
		if (pthread_cond_timedwait(&s->changed, &s->lock, &deadline) != 0) {
			/* Never taken: withdraw it. Taken: the late answer frees itself. */
			s->slot = s->slot == SLOT_POSTED ? SLOT_FREE : SLOT_ABANDONED;
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
	s->slot = SLOT_FREE;
	pthread_cond_broadcast(&s->changed);
out:
	pthread_mutex_unlock(&s->lock);
	return st;
}

bool wb_server_take_request(struct wb_server *s, struct wb_server_request *req)
{
	pthread_mutex_lock(&s->lock);
	bool posted = s->slot == SLOT_POSTED;
	if (posted) {
		*req = s->request;
		s->slot = SLOT_TAKEN;
	}
	pthread_mutex_unlock(&s->lock);
	return posted;
}

void wb_server_answer(struct wb_server *s, enum wb_status status, unsigned char *png, size_t png_len)
{
	pthread_mutex_lock(&s->lock);
	if (s->slot == SLOT_TAKEN) {
		s->answer_status = status;
		s->answer_png = png;
		s->answer_png_len = png_len;
		s->slot = SLOT_ANSWERED;
		png = NULL;
	} else if (s->slot == SLOT_ABANDONED) {
		s->slot = SLOT_FREE;
	}
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	free(png);
}

static enum MHD_Result main_thread_timeout(struct MHD_Connection *c)
{
	return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
	                  "the screen did not answer in time", NULL);
}

static enum MHD_Result ack_alert(struct MHD_Connection *c, struct wb_server *s, const char *id)
{
	struct wb_server_request req = { .kind = WB_SERVER_REQ_ACK };
	if (!id[0] || strlen(id) >= sizeof req.alert_id)
		return send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no active alert has that id", NULL);
	memcpy(req.alert_id, id, strlen(id) + 1);
	enum wb_status st = ask_main_thread(s, &req, NULL, NULL);
	if (st == WB_ERR_NOT_FOUND)
		return send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no active alert has that id", NULL);
	if (st != WB_OK)
		return main_thread_timeout(c);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "id", id);
	cJSON_AddBoolToObject(doc, "acknowledged", true);
	return send_json(c, MHD_HTTP_OK, doc, NULL);
}

static enum MHD_Result identify(struct MHD_Connection *c, struct wb_server *s)
{
	struct wb_server_request req = { .kind = WB_SERVER_REQ_IDENTIFY };
	if (ask_main_thread(s, &req, NULL, NULL) != WB_OK)
		return main_thread_timeout(c);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "seconds", IDENTIFY_SECONDS);
	return send_json(c, MHD_HTTP_ACCEPTED, doc, NULL);
}

static enum MHD_Result screenshot(struct MHD_Connection *c, struct wb_server *s)
{
	struct wb_server_request req = { .kind = WB_SERVER_REQ_SCREENSHOT };
	unsigned char *png = NULL;
	size_t len = 0;
	if (ask_main_thread(s, &req, &png, &len) != WB_OK || !png) {
		free(png);
		return main_thread_timeout(c);
	}
	return send_body(c, MHD_HTTP_OK, "image/png", png, len, NULL);
}

/* ---- read-only endpoints ---- */

static enum MHD_Result healthz(struct MHD_Connection *c, struct wb_server *s)
{
	int64_t now = wb_clock_mono_ms();
	pthread_mutex_lock(&s->lock);
	int64_t render_age = s->render_beat_ms ? now - s->render_beat_ms : -1;
	int64_t fetch_age = s->fetch_beat_ms ? now - s->fetch_beat_ms : -1;
	pthread_mutex_unlock(&s->lock);
	char problem[128];
	wb_metrics_healthy(render_age, fetch_age, problem, sizeof problem);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "status", problem[0] ? "unhealthy" : "ok");
	cJSON_AddNumberToObject(doc, "render_heartbeat_age_ms", (double)render_age);
	cJSON_AddNumberToObject(doc, "fetch_heartbeat_age_ms", (double)fetch_age);
	if (problem[0])
		cJSON_AddStringToObject(doc, "problem", problem);
	return send_json(c, problem[0] ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_OK, doc, NULL);
}

static enum MHD_Result status(struct MHD_Connection *c, struct wb_server *s)
{
	pthread_mutex_lock(&s->lock);
	char *json = s->status_json ? strdup(s->status_json) : NULL;
	pthread_mutex_unlock(&s->lock);
	if (!json)
		return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
		                  "the board has not drawn its first frame yet", NULL);
	return send_body(c, MHD_HTTP_OK, "application/json", json, strlen(json), NULL);
}

static enum MHD_Result metrics(struct MHD_Connection *c, struct wb_server *s)
{
	pthread_mutex_lock(&s->lock);
	struct wb_metrics m = s->metrics;
	struct wb_metrics_gauges g = s->gauges;
	m.http_auth_failures = s->auth_failures;
	m.config_saves = s->config_saves;
	pthread_mutex_unlock(&s->lock);
	g.uptime_s = (double)(wb_clock_mono_ms() - s->started_mono_ms) / 1000.0;
	char *text = wb_metrics_format(&m, &g);
	if (!text)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "out of memory", NULL);
	return send_body(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text),
	                 NULL);
}

static const char *type_for(const char *name)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },   { ".svg", "image/svg+xml" },
		{ ".png", "image/png" },                 { ".ico", "image/x-icon" },
		{ ".json", "application/json" },
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

/* Only plain names directly in web_dir: no separators, no dot files (and so
 * no ".."), nothing the type table does not know. */
static bool static_name_ok(const char *name)
{
	if (!name[0] || name[0] == '.' || strlen(name) > 64 || !type_for(name))
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       strlen(name);
}

static enum MHD_Result static_file(struct MHD_Connection *c, struct wb_server *s, const char *name)
{
	char path[WB_PATH_MAX + 80];
	snprintf(path, sizeof path, "%s/%s", s->web_dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_MAX_BYTES) {
		if (fd >= 0)
			close(fd);
		return send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such page", NULL);
	}
	struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	secure_headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type_for(name));
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* ---- routing ---- */

enum route {
	R_NONE,
	R_INDEX,
	R_STATIC,
	R_HEALTHZ,
	R_METRICS,
	R_STATUS,
	R_CONFIG,
	R_ACK,
	R_IDENTIFY,
	R_SCREENSHOT,
};

struct route_info {
	enum route route;
	const char *allow; /* methods, for 405 and its Allow header */
	bool read_needs_auth;
};

#define ACK_PREFIX "/api/v1/alerts/"
#define ACK_SUFFIX "/ack"

static struct route_info route_of(const char *url, char *arg, size_t arg_size)
{
	static const struct {
		const char *path;
		struct route_info info;
	} fixed[] = {
		{ "/", { R_INDEX, "GET, HEAD", false } },
		{ "/healthz", { R_HEALTHZ, "GET, HEAD", false } },
		{ "/metrics", { R_METRICS, "GET, HEAD", false } },
		{ "/api/v1/status", { R_STATUS, "GET, HEAD", false } },
		{ "/api/v1/config", { R_CONFIG, "GET, HEAD, PUT, PATCH", true } },
		{ "/api/v1/identify", { R_IDENTIFY, "POST", true } },
		{ "/api/v1/screenshot.png", { R_SCREENSHOT, "GET, HEAD", true } },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(url, fixed[i].path) == 0)
			return fixed[i].info;
	size_t n = strlen(url), pn = strlen(ACK_PREFIX), sn = strlen(ACK_SUFFIX);
	if (n > pn + sn && strncmp(url, ACK_PREFIX, pn) == 0 && strcmp(url + n - sn, ACK_SUFFIX) == 0 &&
	    n - pn - sn < arg_size && !memchr(url + pn, '/', n - pn - sn)) {
		memcpy(arg, url + pn, n - pn - sn);
		arg[n - pn - sn] = '\0';
		return (struct route_info){ R_ACK, "POST", true };
	}
	if (url[0] == '/' && static_name_ok(url + 1)) {
		snprintf(arg, arg_size, "%s", url + 1);
		return (struct route_info){ R_STATIC, "GET, HEAD", false };
	}
	return (struct route_info){ R_NONE, NULL, false };
}

static bool method_allowed(const char *allow, const char *method)
{
	size_t n = strlen(method);
	for (const char *p = allow; (p = strstr(p, method)) != NULL; p += n)
		if ((p == allow || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

/* The bearer token of the request, or NULL. */
static const char *bearer_token(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/* True when the request may go on; else *rc is the queued refusal. */
static bool authorize(struct MHD_Connection *c, struct wb_server *s, const struct exchange *x,
                      enum MHD_Result *rc)
{
	int64_t now = wb_clock_mono_ms();
	const char *token = bearer_token(c);
	pthread_mutex_lock(&s->lock);
	int64_t wait = wb_ratelimit_wait_ms(&s->ratelimit, x->client, now);
	if (wait > 0) {
		pthread_mutex_unlock(&s->lock);
		char retry[24];
		snprintf(retry, sizeof retry, "%lld", (long long)((wait + 999) / 1000));
		const char *headers[] = { MHD_HTTP_HEADER_RETRY_AFTER, retry, NULL };
		*rc = send_error(c, MHD_HTTP_TOO_MANY_REQUESTS, "too_many_requests",
		                 "too many failed attempts from this address; wait and try again", headers);
		return false;
	}
	bool ok = token && wb_auth_verify(token, s->cfg.admin.token_hash);
	bool paired_now = false;
	enum wb_status save = WB_OK;
	struct wb_error err;
	wb_error_clear(&err);
	unsigned failures = 0;
	if (ok) {
		wb_ratelimit_succeed(&s->ratelimit, x->client);
		if (s->pairing_pending && s->state_dir[0]) {
			/* First use of the pairing code: keep its hash, stop showing it. */
			save = wb_confstore_save(s->state_dir, &s->cfg, &err);
			if (save == WB_OK) {
				s->pairing_pending = false;
				s->generation++;
				update_etag(s);
				paired_now = true;
			}
		}
	} else {
		failures = wb_ratelimit_fail(&s->ratelimit, x->client, now);
		s->auth_failures++;
	}
	pthread_mutex_unlock(&s->lock);
	if (paired_now) {
		logf_(s, "http: pairing code used from %s; it is no longer shown", x->client);
		s->notify(s->ctx);
	} else if (save != WB_OK) {
		logf_(s, "http: cannot save the paired admin token: %s", err.message);
	}
	if (ok)
		return true;
	logf_(s, "http: auth failure from %s (%u of %d)%s", x->client, failures, AUTH_MAX_FAILURES,
	      token ? "" : ", no bearer token");
	const char *headers[] = { MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"wallboard\"", NULL };
	*rc = send_error(c, MHD_HTTP_UNAUTHORIZED, "unauthorized",
	                 token ? "wrong admin token" : "this needs the admin token (Authorization: Bearer)",
	                 headers);
	return false;
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, size, "%s", "unknown");
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
		          (socklen_t)size);
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Checks that can answer before the body is read: route, method, auth,
 * content type, declared size. */
static bool precheck(struct MHD_Connection *c, struct wb_server *s, struct exchange *x,
                     const char *url, const char *method, enum MHD_Result *rc)
{
	char arg[WB_FEED_ALERT_ID_MAX + 8];
	struct route_info info = route_of(url, arg, sizeof arg);
	if (info.route == R_NONE) {
		*rc = send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such path", NULL);
		return false;
	}
	if (!method_allowed(info.allow, method)) {
		const char *headers[] = { MHD_HTTP_HEADER_ALLOW, info.allow, NULL };
		*rc = send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
		                 "this path does not take that method", headers);
		return false;
	}
	if ((is_write(method) || info.read_needs_auth) && !authorize(c, s, x, rc))
		return false;
	if (strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0) {
		const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		bool ok = media_type_is(type, "application/json") ||
		          (strcmp(method, "PATCH") == 0 && media_type_is(type, "application/merge-patch+json"));
		if (!ok) {
			*rc = send_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
			                 strcmp(method, "PATCH") == 0
			                         ? "send application/merge-patch+json or application/json"
			                         : "send application/json",
			                 NULL);
			return false;
		}
	}
	const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (length && strtoull(length, NULL, 10) > WB_SERVER_MAX_BODY) {
		*rc = send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
		                 "request body over 64 KiB", NULL);
		return false;
	}
	return true;
}

static enum MHD_Result dispatch(struct MHD_Connection *c, struct wb_server *s, struct exchange *x,
                                const char *url, const char *method)
{
	char arg[WB_FEED_ALERT_ID_MAX + 8];
	struct route_info info = route_of(url, arg, sizeof arg);
	switch (info.route) {
	case R_INDEX:
		return static_file(c, s, "index.html");
	case R_STATIC:
		return static_file(c, s, arg);
	case R_HEALTHZ:
		return healthz(c, s);
	case R_METRICS:
		return metrics(c, s);
	case R_STATUS:
		return status(c, s);
	case R_CONFIG:
		if (!is_write(method))
			return send_config(c, s, MHD_HTTP_OK);
		return change_config(c, s, x, strcmp(method, "PATCH") == 0);
	case R_ACK:
		return ack_alert(c, s, arg);
	case R_IDENTIFY:
		return identify(c, s);
	case R_SCREENSHOT:
		return screenshot(c, s);
	case R_NONE:
	default:
		return send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such path", NULL);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct wb_server *s = cls;
	struct exchange *x = *con_cls;
	enum MHD_Result rc = MHD_YES;

	if (!x) {
		x = calloc(1, sizeof *x);
		if (!x)
			return MHD_NO;
		*con_cls = x;
		client_address(c, x->client, sizeof x->client);
		if (!precheck(c, s, x, url, method, &rc)) {
			x->started = true;
			return rc;
		}
		return MHD_YES;
	}
	if (x->started) {
		/* An answer is already queued: drop whatever body still arrives. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (x->len + *upload_data_size > WB_SERVER_MAX_BODY) {
			x->started = true;
			*upload_data_size = 0;
			return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "payload_too_large",
			                  "request body over 64 KiB", NULL);
		}
		char *grown = realloc(x->body, x->len + *upload_data_size + 1);
		if (!grown)
			return MHD_NO;
		memcpy(grown + x->len, upload_data, *upload_data_size);
		x->body = grown;
		x->len += *upload_data_size;
		x->body[x->len] = '\0';
		*upload_data_size = 0;
		return MHD_YES;
	}
	x->started = true;
	return dispatch(c, s, x, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct exchange *x = *con_cls;
	if (x) {
		free(x->body);
		free(x);
	}
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct wb_server *s = cls;
	char line[400];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	logf_(s, "http: %s", line);
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

struct wb_server *wb_server_create(const struct wb_config *cfg, const struct wb_server_options *opt,
                                   struct wb_error *err)
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
	snprintf(s->web_dir, sizeof s->web_dir, "%s", opt->web_dir ? opt->web_dir : "");
	snprintf(s->state_dir, sizeof s->state_dir, "%s", opt->state_dir ? opt->state_dir : "");
	s->started_mono_ms = opt->started_mono_ms;
	s->notify = opt->notify;
	s->log = opt->log;
	s->ctx = opt->ctx;
	s->pairing_pending = opt->pairing_code && opt->pairing_code[0];
	s->gauges.data_age_s = -1;
	crypto_generichash_keygen(s->etag_key);
	wb_ratelimit_init(&s->ratelimit, AUTH_MAX_FAILURES, AUTH_WINDOW_MS, AUTH_BLOCK_MS);
	update_etag(s);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->changed, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&s->lock, NULL);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
	                 MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)PER_IP_CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!s->daemon) {
		wb_error_set(err, "", "http: cannot listen on %s port %d: %s", cfg->http.bind, cfg->http.port,
		             errno ? strerror(errno) : "libmicrohttpd refused");
		pthread_cond_destroy(&s->changed);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->http.port;
	return s;
}

void wb_server_destroy(struct wb_server *s)
{
	if (!s)
		return;
	/* Unblock a request waiting on the main thread, which is the caller. */
	pthread_mutex_lock(&s->lock);
	if (s->slot == SLOT_POSTED)
		s->slot = SLOT_FREE;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->daemon);
	free(s->status_json);
	free(s->answer_png);
	sodium_memzero(&s->cfg, sizeof s->cfg);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
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
