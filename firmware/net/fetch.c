/* The fetch thread. It owns one libcurl easy handle (libcurl handles are not
 * shared between threads), parses and validates each body into a snapshot
 * here so the main thread never spends a frame on JSON, and queues the result.
 * Waits between polls are on a condition variable so shutdown is immediate. */
#include "wallboard/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wallboard/backoff.h"
#include "wallboard/buf.h"
#include "wallboard/feed.h"
#include "wallboard/cache.h"
#include "wallboard/clock.h"
#include "wallboard/throttle.h"
#include "wallboard/header.h"

/* OpenSSL's X509_V_ERR_ codes as libcurl reports them in
 * CURLINFO_SSL_VERIFYRESULT (without including OpenSSL for a few numbers
 * that are part of its ABI): the certificate's dates, and a chain that ends
 * at a CA nobody here trusts. A host name that does not match is curl's own
 * check, after a verify result of 0. */
#define VERIFY_UNABLE_TO_GET_ISSUER_CERT 2
#define VERIFY_CERT_NOT_YET_VALID 9
#define VERIFY_CERT_HAS_EXPIRED 10
#define VERIFY_DEPTH_ZERO_SELF_SIGNED_CERT 18
#define VERIFY_SELF_SIGNED_CERT_IN_CHAIN 19
#define VERIFY_UNABLE_TO_GET_ISSUER_CERT_LOCALLY 20
#define VERIFY_UNABLE_TO_VERIFY_LEAF_SIGNATURE 21

struct http_result {
	struct wb_buf body; /* capped at feed.max_body_bytes */
	bool too_large;
	char etag[WB_ETAG_MAX];
	char content_type[128];
};

/* The last good document on its way to the state directory (fetch thread
 * only): the newest one received, written when feed.cache_interval_s says. */
struct cache_writer {
	struct wb_throttle pace;
	char *body; /* owned; the document not yet written, NULL when none */
	size_t len;
	char etag[WB_ETAG_MAX];
	int64_t received_wall_ms;
	uint64_t last_hash; /* of the newest document and ETag taken */
	bool have_hash;
	bool failing;    /* the last write failed (said once, until one succeeds) */
	char error[240]; /* why, while failing; read by other threads under the fetcher's lock */
};

struct wb_fetcher {
	struct wb_config cfg;
	char state_dir[WB_PATH_MAX];
	char etag[WB_ETAG_MAX];                  /* fetch thread only */
	char device_id[WB_DEVICE_ID_HEADER_MAX]; /* X-Wallboard-Id; set at create */
	struct cache_writer cache;
	wb_fetch_notify_fn notify;
	void *notify_ctx;

	pthread_t thread;
	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t wake;
	bool stop;
	bool poll_now; /* a new feed config: poll without waiting out the interval */
	bool have_new_cfg;
	struct wb_config new_cfg;   /* taken by the thread before its next poll */
	atomic_bool abort_transfer; /* read by curl's progress callback without the lock */
	/* Monotonic ms of the thread's last sign of life, for /healthz. Beats
	 * during transfers (progress callback) and while waiting. */
	_Atomic int64_t heartbeat_ms;
	struct wb_feed_update *queue_head, *queue_tail;
};

enum wb_status wb_fetch_global_init(struct wb_error *err)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		wb_error_set(err, "", "libcurl init failed: %s", curl_easy_strerror(rc));
		return WB_ERR_NETWORK;
	}
	return WB_OK;
}

void wb_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_result *res = userdata;
	size_t n = size * nmemb;
	/* The cap applies to decoded bytes, so a small gzip bomb is caught too. */
	enum wb_status st = wb_buf_append(&res->body, ptr, n);
	if (st == WB_ERR_TOO_LARGE)
		res->too_large = true;
	return st == WB_OK ? n : 0; /* anything else aborts the transfer */
}

/* Copies a header's value (after "Name:") into dst, trimmed. */
static void header_value(const char *line, size_t len, size_t name_len, char *dst, size_t size)
{
	const char *v = line + name_len;
	const char *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	size_t n = (size_t)(end - v) < size - 1 ? (size_t)(end - v) : size - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata)
{
	struct http_result *res = userdata;
	size_t len = size * nmemb;
	/* A new status line (after a redirect) starts a new header block. */
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		res->etag[0] = '\0';
		res->content_type[0] = '\0';
	} else if (len > 5 && strncasecmp(line, "ETag:", 5) == 0) {
		/* Kept only when well formed: it is saved, shown and sent back. */
		header_value(line, len, 5, res->etag, sizeof(res->etag));
		if (!wb_header_etag_ok(res->etag))
			res->etag[0] = '\0';
	} else if (len > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
		/* Quoted in last_error, so in the status document: printable only. */
		header_value(line, len, 13, res->content_type, sizeof(res->content_type));
		wb_header_printable(res->content_type);
	}
	return len;
}

/* JSON is what we asked for; an HTML error page from a proxy or captive portal
 * must be named as such rather than reported as a JSON syntax error. */
static bool content_type_is_json(const char *ct)
{
	if (!ct[0])
		return true; /* file:// and bare servers send none; the parser decides */
	size_t n = strcspn(ct, "; ");
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return true;
	if (n == 9 && strncasecmp(ct, "text/json", 9) == 0)
		return true;
	return n > 17 && strncasecmp(ct, "application/", 12) == 0 && strncasecmp(ct + n - 5, "+json", 5) == 0;
}

static void fail(struct wb_feed_update *up, enum wb_fetch_reason reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct wb_feed_update *up, enum wb_fetch_reason reason, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(up->error, sizeof(up->error), fmt, ap);
	va_end(ap);
	up->outcome = WB_FETCH_FAILED;
	up->reason = reason;
}

static enum wb_fetch_reason transfer_reason(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return WB_FETCH_REASON_TIMEOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return WB_FETCH_REASON_DNS;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return WB_FETCH_REASON_TLS;
	default:
		return WB_FETCH_REASON_NETWORK;
	}
}

/* device_id: X-Wallboard-Id, so the central side knows which board asks
 * ("" or NULL: none). */
static struct curl_slist *request_headers(const char *etag, const char *device_id)
{
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	if (headers && device_id && device_id[0]) {
		char line[WB_DEVICE_ID_HEADER_MAX];
		snprintf(line, sizeof(line), "X-Wallboard-Id: %s", device_id);
		struct curl_slist *more = curl_slist_append(headers, line);
		if (more)
			headers = more;
	}
	if (headers && etag && etag[0]) {
		char line[WB_ETAG_MAX + 32];
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		struct curl_slist *more = curl_slist_append(headers, line);
		if (more)
			headers = more;
	}
	return headers;
}

/* What the progress callback needs: the stop flag, so shutdown interrupts a
 * transfer to a slow server instead of waiting out the whole timeout, and the
 * heartbeat, so a long transfer still counts as alive. */
struct transfer_watch {
	const atomic_bool *abort_flag;
	_Atomic int64_t *heartbeat_ms;
};

static int on_progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct transfer_watch *watch = clientp;
	if (!watch)
		return 0;
	if (watch->heartbeat_ms)
		atomic_store(watch->heartbeat_ms, wb_clock_mono_ms());
	return watch->abort_flag && atomic_load(watch->abort_flag) ? 1 : 0;
}

static void configure(CURL *curl, const struct wb_config *cfg, struct http_result *res,
		      struct curl_slist *headers, char *errbuf, const struct transfer_watch *watch)
{
	curl_easy_setopt(curl, CURLOPT_URL, cfg->feed.url);
	curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* we are in a thread */
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)cfg->feed.connect_timeout_s);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)cfg->feed.timeout_s);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->feed.max_body_bytes);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "wallboard/" WB_VERSION);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, res);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, res);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)(uintptr_t)watch);
	/* Verification stays on; an extra CA file is added, never a way around it. */
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	/* CAINFO replaces only the default bundle file: Debian's libcurl keeps its
	 * CA path (/etc/ssl/certs), so the extra file adds to the system store
	 * (tests/integration/test_wallboard_tls.py checks both). */
	if (cfg->feed.ca_file[0])
		curl_easy_setopt(curl, CURLOPT_CAINFO, cfg->feed.ca_file);
	if (cfg->feed.token[0]) {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, cfg->feed.token);
	} else {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_NONE);
		curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, NULL);
	}
}

static enum wb_tls_problem tls_problem(long verify)
{
	switch (verify) {
	case VERIFY_CERT_NOT_YET_VALID:
	case VERIFY_CERT_HAS_EXPIRED:
		return WB_TLS_CERT_TIME;
	case VERIFY_UNABLE_TO_GET_ISSUER_CERT:
	case VERIFY_DEPTH_ZERO_SELF_SIGNED_CERT:
	case VERIFY_SELF_SIGNED_CERT_IN_CHAIN:
	case VERIFY_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case VERIFY_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return WB_TLS_UNTRUSTED;
	default:
		return WB_TLS_OTHER;
	}
}

static void explain_transfer_error(CURL *curl, struct wb_feed_update *up, CURLcode rc, const char *errbuf,
				   const struct http_result *res, size_t limit)
{
	if (res->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		fail(up, WB_FETCH_REASON_TOO_LARGE, "response larger than %zu bytes", limit);
		return;
	}
	fail(up, transfer_reason(rc), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	long verify = 0;
	if (rc == CURLE_PEER_FAILED_VERIFICATION &&
	    curl_easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &verify) == CURLE_OK)
		up->tls = tls_problem(verify);
}

static void interpret(struct wb_feed_update *up, struct http_result *res, const char *etag_sent)
{
	if (up->http_status == 304) {
		if (!etag_sent || !etag_sent[0]) {
			fail(up, WB_FETCH_REASON_HTTP, "HTTP 304 without a cached document");
			return;
		}
		up->outcome = WB_FETCH_NOT_MODIFIED;
		return;
	}
	/* file:// has no status code; a 2xx other than 200 carries no feed. */
	if (up->http_status != 0 && up->http_status != 200) {
		fail(up, WB_FETCH_REASON_HTTP, "HTTP %ld", up->http_status);
		return;
	}
	if (!content_type_is_json(res->content_type)) {
		fail(up, WB_FETCH_REASON_INVALID, "unexpected content type %s (expected application/json)",
		     res->content_type);
		return;
	}
	struct wb_error perr;
	wb_error_clear(&perr);
	enum wb_status st =
		wb_feed_parse(res->body.data ? res->body.data : "", res->body.len, &up->snapshot, &perr);
	if (st != WB_OK) {
		char where[sizeof(perr.path) + sizeof(perr.message) + 4];
		wb_error_format(&perr, where, sizeof(where));
		fail(up, WB_FETCH_REASON_INVALID, "%s feed: %s",
		     st == WB_ERR_UNSUPPORTED ? "unsupported" : "invalid", where);
		return;
	}
	up->outcome = WB_FETCH_UPDATED;
	snprintf(up->etag, sizeof(up->etag), "%s", res->etag);
}

/* file:// is read here, not by libcurl: curl opens the path with a plain
 * open(), which never returns for a FIFO, so timeout_s, config changes and
 * shutdown all waited for ever (issue 17 finding 5). Opened without
 * blocking, and only a regular file is read. */
static bool is_file_url(const char *url)
{
	return strncasecmp(url, "file:", 5) == 0;
}

static bool read_file_url(const char *url, struct http_result *res, struct wb_feed_update *up, size_t limit)
{
	CURLU *u = curl_url();
	char *host = NULL, *path = NULL;
	bool ok = false;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK) {
		fail(up, WB_FETCH_REASON_NETWORK, "not a file URL: %s", url);
		goto out;
	}
	/* file://host/... names another machine: libcurl refuses it too. */
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] &&
	    strcasecmp(host, "localhost") != 0) {
		fail(up, WB_FETCH_REASON_NETWORK, "file URL names another host: %s", host);
		goto out;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fail(up, WB_FETCH_REASON_NETWORK, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fail(up, WB_FETCH_REASON_NETWORK, "%s is not a regular file", path);
		close(fd);
		goto out;
	}
	char chunk[16384];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(up, WB_FETCH_REASON_NETWORK, "cannot read %s: %s", path, strerror(errno));
			break;
		}
		if (n == 0) {
			ok = true;
			break;
		}
		enum wb_status bs = wb_buf_append(&res->body, chunk, (size_t)n);
		if (bs == WB_ERR_TOO_LARGE) {
			fail(up, WB_FETCH_REASON_TOO_LARGE, "response larger than %zu bytes", limit);
			break;
		}
		if (bs != WB_OK) {
			fail(up, WB_FETCH_REASON_NETWORK, "out of memory reading %s", path);
			break;
		}
	}
	close(fd);
out:
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return ok;
}

/* One poll on a given handle. On UPDATED, *body_out receives the raw body
 * (caller frees) for the disk cache. */
static struct wb_feed_update *poll_once(CURL *curl, const struct wb_config *cfg, const char *device_id,
					const char *etag, const struct transfer_watch *watch, char **body_out,
					size_t *body_len_out)
{
	struct wb_feed_update *up = calloc(1, sizeof(*up));
	if (!up)
		return NULL;
	struct http_result res;
	memset(&res, 0, sizeof(res));
	wb_buf_init(&res.body, cfg->feed.max_body_bytes);
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = request_headers(etag, device_id);

	curl_easy_reset(curl);
	configure(curl, cfg, &res, headers, errbuf, watch);
	int64_t started = wb_clock_mono_ms();
	bool local = is_file_url(cfg->feed.url);
	CURLcode rc = local ? CURLE_OK : curl_easy_perform(curl);
	bool file_ok = local && read_file_url(cfg->feed.url, &res, up, cfg->feed.max_body_bytes);
	up->received_mono_ms = wb_clock_mono_ms();
	up->received_wall_ms = wb_clock_wall_ms();
	up->latency_ms = up->received_mono_ms - started;
	if (!local)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &up->http_status);
	curl_slist_free_all(headers);

	if (!cfg->feed.url[0])
		fail(up, WB_FETCH_REASON_NO_URL, "no feed URL configured");
	else if (local && !file_ok)
		; /* read_file_url said why */
	else if (rc != CURLE_OK)
		explain_transfer_error(curl, up, rc, errbuf, &res, cfg->feed.max_body_bytes);
	else
		interpret(up, &res, etag);

	if (up->outcome == WB_FETCH_UPDATED && body_out)
		*body_out = wb_buf_take(&res.body, body_len_out);
	else
		wb_buf_deinit(&res.body);
	return up;
}

struct wb_feed_update *wb_fetch_once(const struct wb_config *cfg, const char *device_id)
{
	CURL *curl = curl_easy_init();
	if (!curl)
		return NULL;
	struct wb_feed_update *up = poll_once(curl, cfg, device_id, NULL, NULL, NULL, NULL);
	curl_easy_cleanup(curl);
	return up;
}

static void enqueue(struct wb_fetcher *f, struct wb_feed_update *up)
{
	pthread_mutex_lock(&f->lock);
	up->next = NULL;
	if (f->queue_tail)
		f->queue_tail->next = up;
	else
		f->queue_head = up;
	f->queue_tail = up;
	pthread_mutex_unlock(&f->lock);
	if (f->notify)
		f->notify(f->notify_ctx);
}

struct wb_feed_update *wb_fetcher_take(struct wb_fetcher *f)
{
	pthread_mutex_lock(&f->lock);
	struct wb_feed_update *up = f->queue_head;
	if (up) {
		f->queue_head = up->next;
		if (!f->queue_head)
			f->queue_tail = NULL;
		up->next = NULL;
	}
	pthread_mutex_unlock(&f->lock);
	return up;
}

/* FNV-1a over the body and the ETag: a 200 with the same bytes (a server
 * without ETags) is not a change worth a write. */
static uint64_t document_hash(const char *body, size_t len, const char *etag)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)body[i]) * 1099511628211ull;
	h = (h ^ 0xFFu) * 1099511628211ull; /* between body and ETag */
	for (const char *p = etag; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

/* Writes the pending document when due (force: at exit, whatever the pace).
 * A failure is said when it starts and when writes work again, not per poll. */
static void cache_flush(struct wb_fetcher *f, int64_t mono_ms, bool force)
{
	struct cache_writer *c = &f->cache;
	if (!c->body || (!force && !wb_throttle_due(&c->pace, mono_ms)))
		return;
	struct wb_error err;
	wb_error_clear(&err);
	bool ok = wb_cache_save(f->state_dir, c->body, c->len, c->etag, c->received_wall_ms, &err) == WB_OK;
	wb_throttle_wrote(&c->pace, mono_ms, ok);
	if (!ok && !c->failing)
		fprintf(stderr, "wallboard: cache: cannot save the last good document: %s\n", err.message);
	else if (ok && c->failing)
		fprintf(stderr, "wallboard: cache: saving the last good document again\n");
	pthread_mutex_lock(&f->lock);
	c->failing = !ok;
	snprintf(c->error, sizeof c->error, "%s", ok ? "" : err.message);
	pthread_mutex_unlock(&f->lock);
	if (ok) {
		free(c->body);
		c->body = NULL;
	}
}

/* Takes body (the document of an UPDATED poll) as the one to keep. */
static void cache_offer(struct wb_fetcher *f, const struct wb_feed_update *up, char *body, size_t len,
			int64_t mono_ms)
{
	struct cache_writer *c = &f->cache;
	if (!f->state_dir[0] || !body) {
		free(body);
		return;
	}
	uint64_t h = document_hash(body, len, up->etag);
	if (c->have_hash && h == c->last_hash) {
		free(body);
		return;
	}
	c->last_hash = h;
	c->have_hash = true;
	free(c->body);
	c->body = body;
	c->len = len;
	snprintf(c->etag, sizeof c->etag, "%s", up->etag);
	c->received_wall_ms = up->received_wall_ms;
	if (wb_throttle_change(&c->pace, mono_ms))
		cache_flush(f, mono_ms, false);
}

/* Uniform in [-1, 1]; xorshift is plenty for spreading polls over time. */
static double next_jitter(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (double)(x >> 11) / (double)(1ULL << 53) * 2.0 - 1.0;
}

/* Waits delay_ms, or less when a new config asks for a poll now; beats the
 * heartbeat on the way so a long interval does not look like a hang.
 * Returns true when asked to stop. */
static bool wait_or_stop(struct wb_fetcher *f, int64_t delay_ms)
{
	int64_t end_ms = wb_clock_mono_ms() + delay_ms;
	pthread_mutex_lock(&f->lock);
	while (!f->stop && !f->poll_now) {
		int64_t now = wb_clock_mono_ms();
		atomic_store(&f->heartbeat_ms, now);
		if (now >= end_ms)
			break;
		int64_t step = end_ms - now < WB_FETCH_HEARTBEAT_MS ? end_ms - now : WB_FETCH_HEARTBEAT_MS;
		struct timespec deadline;
		wb_clock_mono_deadline(step, &deadline);
		pthread_cond_timedwait(&f->wake, &f->lock, &deadline);
	}
	f->poll_now = false;
	bool stop = f->stop;
	pthread_mutex_unlock(&f->lock);
	return stop;
}

/* Takes a config handed over by wb_fetcher_set_config. A new feed means the
 * old ETag and the failure count say nothing about it. */
static void take_new_config(struct wb_fetcher *f, unsigned *failures)
{
	pthread_mutex_lock(&f->lock);
	if (f->have_new_cfg) {
		wb_throttle_set_interval(&f->cache.pace, (int64_t)f->new_cfg.feed.cache_interval_s * 1000);
		bool same_feed = strcmp(f->cfg.feed.url, f->new_cfg.feed.url) == 0 &&
				 strcmp(f->cfg.feed.token, f->new_cfg.feed.token) == 0;
		f->cfg = f->new_cfg;
		f->have_new_cfg = false;
		if (!same_feed) {
			f->etag[0] = '\0';
			*failures = 0;
		}
	}
	pthread_mutex_unlock(&f->lock);
}

void wb_fetcher_set_config(struct wb_fetcher *f, const struct wb_config *cfg)
{
	pthread_mutex_lock(&f->lock);
	/* Field by field: a memcmp would also see padding and bytes after a
	 * string's end, and poll at once for a feed that did not change. */
	bool feed_changed = !wb_config_equal_section(&f->new_cfg, cfg, "feed");
	f->new_cfg = *cfg;
	f->have_new_cfg = true;
	if (feed_changed) {
		f->poll_now = true;
		pthread_cond_signal(&f->wake);
	}
	pthread_mutex_unlock(&f->lock);
}

bool wb_fetcher_cache_error(struct wb_fetcher *f, char *out, size_t size)
{
	pthread_mutex_lock(&f->lock);
	bool failing = f->cache.failing;
	snprintf(out, size, "%s", failing ? f->cache.error : "");
	pthread_mutex_unlock(&f->lock);
	return failing;
}

int64_t wb_fetcher_heartbeat_ms(struct wb_fetcher *f)
{
	return atomic_load(&f->heartbeat_ms);
}

static void *fetch_thread(void *arg)
{
	struct wb_fetcher *f = arg;
	CURL *curl = curl_easy_init();
	uint64_t rng = (uint64_t)wb_clock_wall_ms() ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)f;
	if (rng == 0)
		rng = 0x9e3779b97f4a7c15ULL;
	unsigned failures = 0;
	const struct transfer_watch watch = { &f->abort_transfer, &f->heartbeat_ms };
	for (;;) {
		take_new_config(f, &failures);
		atomic_store(&f->heartbeat_ms, wb_clock_mono_ms());
		char *body = NULL;
		size_t body_len = 0;
		struct wb_feed_update *up = NULL;
		if (curl) {
			up = poll_once(curl, &f->cfg, f->device_id, f->etag, &watch, &body, &body_len);
		} else if ((up = calloc(1, sizeof(*up))) != NULL) {
			fail(up, WB_FETCH_REASON_NETWORK, "libcurl could not create a handle");
			up->received_mono_ms = wb_clock_mono_ms();
			up->received_wall_ms = wb_clock_wall_ms();
		}
		if (up) {
			if (up->outcome == WB_FETCH_FAILED) {
				failures++;
			} else {
				failures = 0;
			}
			if (up->outcome == WB_FETCH_UPDATED) {
				snprintf(f->etag, sizeof(f->etag), "%s", up->etag);
				cache_offer(f, up, body, body_len, wb_clock_mono_ms());
				body = NULL;
			}
			enqueue(f, up);
		}
		free(body);
		/* A document held back by the pace goes out on the first poll
		 * after it is due: at most one poll interval late. */
		cache_flush(f, wb_clock_mono_ms(), false);
		int64_t delay = wb_backoff_delay_ms((int64_t)f->cfg.feed.interval_s * 1000,
						    (int64_t)f->cfg.feed.backoff_max_s * 1000, failures,
						    next_jitter(&rng));
		if (wait_or_stop(f, delay))
			break;
	}
	/* A clean exit (SIGTERM) keeps the newest document for the next start. */
	cache_flush(f, wb_clock_mono_ms(), true);
	free(f->cache.body);
	f->cache.body = NULL;
	curl_easy_cleanup(curl);
	return NULL;
}

struct wb_fetcher *wb_fetcher_create(const struct wb_config *cfg, const char *state_dir,
				     const char *device_id, const char *initial_etag,
				     wb_fetch_notify_fn notify, void *notify_ctx, struct wb_error *err)
{
	struct wb_fetcher *f = calloc(1, sizeof(*f));
	if (!f) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	f->cfg = *cfg;
	f->new_cfg = *cfg;
	wb_throttle_init(&f->cache.pace, (int64_t)cfg->feed.cache_interval_s * 1000);
	atomic_init(&f->heartbeat_ms, wb_clock_mono_ms());
	snprintf(f->state_dir, sizeof(f->state_dir), "%s", state_dir ? state_dir : "");
	snprintf(f->etag, sizeof(f->etag), "%s", initial_etag ? initial_etag : "");
	snprintf(f->device_id, sizeof(f->device_id), "%s", device_id ? device_id : "");
	f->notify = notify;
	f->notify_ctx = notify_ctx;
	atomic_init(&f->abort_transfer, false);

	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&f->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&f->lock, NULL);

	if (pthread_create(&f->thread, NULL, fetch_thread, f) != 0) {
		wb_error_set(err, "", "cannot start the fetch thread");
		pthread_cond_destroy(&f->wake);
		pthread_mutex_destroy(&f->lock);
		free(f);
		return NULL;
	}
	return f;
}

void wb_fetcher_destroy(struct wb_fetcher *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = true;
	atomic_store(&f->abort_transfer, true);
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	struct wb_feed_update *up;
	while ((up = wb_fetcher_take(f)) != NULL)
		wb_feed_update_free(up);
	pthread_cond_destroy(&f->wake);
	pthread_mutex_destroy(&f->lock);
	free(f);
}
