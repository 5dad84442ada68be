/* Central management's thread. It owns one libcurl easy handle and runs two
 * schedules on it: the managed document (GET with If-None-Match, validated
 * whole, the last good one kept in <state-dir>/managed.json and handed to the
 * main thread) and the status reports (POST of the document the main thread
 * publishes). Waits are on a condition variable and transfers abort through
 * the progress callback, so shutdown is prompt. */
#include "wallboard/managed.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wallboard/backoff.h"
#include "wallboard/buf.h"
#include "wallboard/clock.h"
#include "wallboard/fsutil.h"
#include "wallboard/header.h"

#define MANAGED_FILE "managed.json"
#define TIMEOUT_S 30
#define CONNECT_TIMEOUT_S 10
/* Failures double the wait up to this (or the interval when that is longer). */
#define BACKOFF_MAX_MS (3600 * 1000)
/* What a report's answer may hold; read and thrown away. */
#define REPORT_REPLY_MAX (64u * 1024u)
#define ID_MAX 128
/* managed.json holds the document as a JSON string: escaping at most
 * doubles printable text; room for the rest besides. */
#define SAVED_FILE_MAX (2u * WB_MANAGED_MAX_BYTES + 2 * WB_URL_MAX + 4096u)

/* What the thread needs of the config, copied under the lock. */
struct net_config {
	char url_template[WB_URL_MAX];
	char token[WB_TOKEN_MAX];
	int interval_s;
	char report_url[WB_URL_MAX];
	int report_interval_s;
	char ca_file[WB_PATH_MAX];
};

struct wb_managed {
	char path[WB_PATH_MAX + 16]; /* managed.json; "" when not kept */
	char id[ID_MAX + 1];
	char version[64];
	wb_managed_validate_fn validate;
	void *validate_ctx;
	wb_managed_notify_fn notify;
	wb_managed_log_fn log;
	void *ctx;
	atomic_bool abort_transfer; /* read by curl's progress callback without the lock */

	pthread_mutex_t lock; /* guards everything below; never held across a transfer */
	pthread_cond_t wake;
	bool stop, poll_now, report_now;
	struct net_config nc;
	/* The hand-over to the main thread: news, and the document (owned
	 * here until wb_managed_take passes it on; NULL with news: off). */
	bool news;
	char *pending;
	size_t pending_len;
	char *status_json; /* the newest status to report; owned */
	char state_key[WB_FLEET_STATE_KEY_MAX];
	bool key_changed; /* the next report is for a change */
	struct wb_fleet_status st;

	/* The thread's own memory of the document in use. */
	bool have_good;
	uint64_t good_hash;
	char good_etag[WB_ETAG_MAX];
	char good_url[WB_URL_MAX];
};

static void say(struct wb_managed *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct wb_managed *m, const char *fmt, ...)
{
	char line[WB_URL_MAX + WB_FLEET_ERROR_MAX + 128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (m->log)
		m->log(m->ctx, line);
}

static void copy_config(const struct wb_config *cfg, struct net_config *nc)
{
	snprintf(nc->url_template, sizeof nc->url_template, "%s", cfg->managed.url);
	snprintf(nc->token, sizeof nc->token, "%s", cfg->managed.token);
	nc->interval_s = cfg->managed.interval_s;
	snprintf(nc->report_url, sizeof nc->report_url, "%s", cfg->managed.report_url);
	nc->report_interval_s = cfg->managed.report_interval_s;
	snprintf(nc->ca_file, sizeof nc->ca_file, "%s", cfg->feed.ca_file);
}

static bool same_config(const struct net_config *a, const struct net_config *b)
{
	return strcmp(a->url_template, b->url_template) == 0 && strcmp(a->token, b->token) == 0 &&
	       a->interval_s == b->interval_s && strcmp(a->report_url, b->report_url) == 0 &&
	       a->report_interval_s == b->report_interval_s && strcmp(a->ca_file, b->ca_file) == 0;
}

/* FNV-1a: a 200 with the bytes already in use is no news and no write. */
static uint64_t text_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

struct wb_managed *wb_managed_create(const struct wb_config *cfg, const struct wb_managed_options *o,
				     struct wb_error *err)
{
	struct wb_managed *m = calloc(1, sizeof *m);
	if (!m) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	if (o->state_dir && o->state_dir[0])
		snprintf(m->path, sizeof m->path, "%s/%s", o->state_dir, MANAGED_FILE);
	/* A header value must not carry a line break or control character. */
	snprintf(m->id, sizeof m->id, "%s", o->device_id ? o->device_id : "");
	for (char *p = m->id; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	snprintf(m->version, sizeof m->version, "%s", o->version ? o->version : "");
	m->validate = o->validate;
	m->validate_ctx = o->validate_ctx;
	m->notify = o->notify;
	m->log = o->log;
	m->ctx = o->ctx;
	copy_config(cfg, &m->nc);
	m->st.url_set = cfg->managed.url[0] != '\0';
	m->st.state = m->st.url_set ? WB_FLEET_WAITING : WB_FLEET_OFF;
	m->st.reports.backoff_s = cfg->managed.report_interval_s;
	if (o->initial && o->initial->doc) {
		m->pending = o->initial->doc;
		m->pending_len = o->initial->len;
		m->news = true;
		m->have_good = true;
		m->good_hash = text_hash(m->pending, m->pending_len);
		snprintf(m->good_etag, sizeof m->good_etag, "%s", o->initial->etag);
		snprintf(m->good_url, sizeof m->good_url, "%s", o->initial->url);
		snprintf(m->st.etag, sizeof m->st.etag, "%s", o->initial->etag);
		o->initial->doc = NULL;
		o->initial->len = 0;
	}
	atomic_init(&m->abort_transfer, false);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&m->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void wb_managed_destroy(struct wb_managed *m)
{
	if (!m)
		return;
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m->pending);
	free(m->status_json);
	/* The token. */
	memset(&m->nc, 0, sizeof m->nc);
	free(m);
}

void wb_managed_stop(struct wb_managed *m)
{
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	atomic_store(&m->abort_transfer, true);
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
}

void wb_managed_set_config(struct wb_managed *m, const struct wb_config *cfg)
{
	struct net_config nc;
	copy_config(cfg, &nc);
	bool off_now = false;
	pthread_mutex_lock(&m->lock);
	if (!same_config(&m->nc, &nc)) {
		off_now = m->nc.url_template[0] && !nc.url_template[0];
		m->poll_now = nc.url_template[0] != '\0';
		m->report_now = nc.report_url[0] != '\0';
		m->nc = nc;
		m->st.url_set = nc.url_template[0] != '\0';
		if (!nc.report_url[0]) {
			/* Reports off: a later report_url starts from a fresh status. */
			free(m->status_json);
			m->status_json = NULL;
			m->state_key[0] = '\0';
		}
		if (off_now) {
			/* The managed layer goes: the main thread is told. */
			free(m->pending);
			m->pending = NULL;
			m->pending_len = 0;
			m->news = true;
			m->st.state = WB_FLEET_OFF;
			m->st.last_error[0] = m->st.error_path[0] = m->st.etag[0] = '\0';
		} else if (m->st.state == WB_FLEET_OFF && m->st.url_set) {
			m->st.state = WB_FLEET_WAITING;
		}
		pthread_cond_signal(&m->wake);
	}
	pthread_mutex_unlock(&m->lock);
	memset(&nc, 0, sizeof nc);
	if (off_now && m->notify)
		m->notify(m->ctx);
}

bool wb_managed_take(struct wb_managed *m, char **json, size_t *len)
{
	pthread_mutex_lock(&m->lock);
	bool news = m->news;
	*json = m->pending;
	*len = m->pending_len;
	m->news = false;
	m->pending = NULL;
	m->pending_len = 0;
	pthread_mutex_unlock(&m->lock);
	return news;
}

void wb_managed_publish(struct wb_managed *m, const char *status_json, const char *state_key)
{
	pthread_mutex_lock(&m->lock);
	if (m->nc.report_url[0] && status_json) {
		char *copy = strdup(status_json);
		if (copy) {
			free(m->status_json);
			m->status_json = copy;
		}
		if (strcmp(m->state_key, state_key) != 0) {
			snprintf(m->state_key, sizeof m->state_key, "%s", state_key);
			m->report_now = true;
			m->key_changed = true;
			pthread_cond_signal(&m->wake);
		}
	}
	pthread_mutex_unlock(&m->lock);
}

void wb_managed_status(struct wb_managed *m, struct wb_fleet_status *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->st;
	pthread_mutex_unlock(&m->lock);
}

enum wb_status wb_managed_load_last_good(const char *state_dir, struct wb_fleet_saved *out,
					 struct wb_error *err)
{
	memset(out, 0, sizeof *out);
	if (!state_dir || !state_dir[0])
		return WB_ERR_NOT_FOUND;
	char path[WB_PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/%s", state_dir, MANAGED_FILE);
	char *text = NULL;
	size_t len = 0;
	enum wb_status st = wb_fs_read_file(path, SAVED_FILE_MAX, &text, &len, err);
	if (st != WB_OK)
		return st;
	st = wb_fleet_saved_parse(text, len, out, err);
	free(text);
	return st;
}

/* ---- transfers ---- */

static int on_progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct wb_managed *m = clientp;
	return atomic_load(&m->abort_transfer) ? 1 : 0;
}

struct body {
	struct wb_buf buf;
	bool too_large;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb;
	/* The cap is on decoded bytes, so a small gzip bomb is caught too. */
	enum wb_status st = wb_buf_append(&b->buf, ptr, n);
	if (st == WB_ERR_TOO_LARGE)
		b->too_large = true;
	return st == WB_OK ? n : 0; /* anything else aborts the transfer */
}

static struct curl_slist *add_header(struct curl_slist *list, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static struct curl_slist *add_header(struct curl_slist *list, const char *fmt, ...)
{
	char line[WB_ETAG_MAX + ID_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	struct curl_slist *more = curl_slist_append(list, line);
	return more ? more : list;
}

/* The headers both requests carry. */
static struct curl_slist *common_headers(const struct wb_managed *m)
{
	struct curl_slist *h = add_header(NULL, "X-Wallboard-Id: %s", m->id);
	return add_header(h, "X-Wallboard-Version: %s", m->version);
}

static void setup(CURL *curl, struct wb_managed *m, const struct net_config *nc, const char *url,
		  struct curl_slist *headers, struct body *body, char *errbuf)
{
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "wallboard/" WB_VERSION);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, m);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (nc->ca_file[0])
		curl_easy_setopt(curl, CURLOPT_CAINFO, nc->ca_file);
	if (nc->token[0]) {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, nc->token);
	}
	errbuf[0] = '\0';
}

static const char *curl_text(CURLcode rc, const char *errbuf)
{
	return errbuf[0] ? errbuf : curl_easy_strerror(rc);
}

/* ---- the managed document ---- */

/* The poll's outcome for the schedule: a failure backs off; a rejected
 * document does not (the server answered; the next interval asks again). */
enum poll_result {
	POLL_OK,
	POLL_REJECTED,
	POLL_FAILED
};

static void set_error(struct wb_managed *m, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_error(struct wb_managed *m, const char *path, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&m->lock);
	m->st.state = WB_FLEET_ERROR;
	va_start(ap, fmt);
	vsnprintf(m->st.last_error, sizeof m->st.last_error, fmt, ap);
	va_end(ap);
	snprintf(m->st.error_path, sizeof m->st.error_path, "%s", path);
	pthread_mutex_unlock(&m->lock);
}

/* Writes managed.json; a failure is said, and the document still applies. */
static void save(struct wb_managed *m, const char *doc, size_t len, const char *etag, const char *url)
{
	if (!m->path[0])
		return;
	struct wb_fleet_saved s = { .doc = (char *)doc, .len = len, .received_wall_ms = wb_clock_wall_ms() };
	snprintf(s.etag, sizeof s.etag, "%s", etag);
	snprintf(s.url, sizeof s.url, "%s", url);
	char *text = wb_fleet_saved_to_json(&s);
	struct wb_error err;
	wb_error_clear(&err);
	if (!text)
		say(m, "managed: cannot keep the document (out of memory)");
	else if (wb_fs_write_atomic_mode(m->path, text, strlen(text), 0600, &err) != WB_OK)
		say(m, "managed: cannot keep the document in %s: %s", m->path, err.message);
	free(text);
}

/* A 200's body, validated; takes body. */
static enum poll_result take_document(struct wb_managed *m, const struct net_config *nc, const char *url,
				      char *body, size_t len, const char *etag, uint64_t *rejected_hash)
{
	uint64_t h = text_hash(body, len);
	struct wb_problems *problems = calloc(1, sizeof *problems);
	if (!problems) {
		free(body);
		set_error(m, "", "out of memory");
		return POLL_FAILED;
	}
	enum wb_status st = m->validate ? m->validate(body, len, problems, m->validate_ctx) : WB_OK;
	if (st != WB_OK) {
		const struct wb_error *first = problems->count ? &problems->items[0] : NULL;
		char where[sizeof first->path + sizeof first->message + 4];
		if (first)
			wb_error_format(first, where, sizeof where);
		else
			snprintf(where, sizeof where, "%s", wb_strerror(st));
		/* Said once per document, not once per poll. */
		if (h != *rejected_hash)
			say(m, "managed: document from %s rejected: %s; keeping the last good one", url,
			    where);
		*rejected_hash = h;
		set_error(m, first ? first->path : "", "document rejected: %s", where);
		free(problems);
		free(body);
		return POLL_REJECTED;
	}
	free(problems);
	*rejected_hash = 0;
	bool news = !m->have_good || h != m->good_hash;
	/* Kept (and said) before the hand-over: from then on the main thread
	 * owns body. A 200 with the bytes in use writes nothing, unless it now
	 * comes from another URL (managed.json names the URL it is for). */
	if (news || strcmp(m->good_url, url) != 0)
		save(m, body, len, etag, url);
	if (news)
		say(m, "managed: new document from %s (%zu bytes, etag %s)", url, len,
		    etag[0] ? etag : "none");
	m->have_good = true;
	m->good_hash = h;
	snprintf(m->good_etag, sizeof m->good_etag, "%s", etag);
	snprintf(m->good_url, sizeof m->good_url, "%s", url);
	pthread_mutex_lock(&m->lock);
	/* managed.url changed (or went) during the transfer: the document is
	 * not for the config in use. The poll the change asked for follows and
	 * must count its answer as news. */
	bool current = strcmp(m->nc.url_template, nc->url_template) == 0;
	if (current && news) {
		free(m->pending);
		m->pending = body;
		m->pending_len = len;
		m->news = true;
		body = NULL;
	}
	if (current)
		snprintf(m->st.etag, sizeof m->st.etag, "%s", etag);
	pthread_mutex_unlock(&m->lock);
	free(body);
	if (!current) {
		m->have_good = false;
		return POLL_OK;
	}
	if (news && m->notify)
		m->notify(m->ctx);
	return POLL_OK;
}

static enum poll_result poll_document(struct wb_managed *m, CURL *curl, const struct net_config *nc,
				      uint64_t *rejected_hash)
{
	char url[WB_URL_MAX];
	if (wb_fleet_url(nc->url_template, m->id, url, sizeof url) != WB_OK) {
		set_error(m, "", "managed.url with the device id is over %d bytes", WB_URL_MAX - 1);
		return POLL_FAILED;
	}
	bool conditional = m->have_good && m->good_etag[0] && strcmp(m->good_url, url) == 0;
	struct curl_slist *headers = add_header(common_headers(m), "Accept: application/json");
	if (conditional)
		headers = add_header(headers, "If-None-Match: %s", m->good_etag);
	struct body body = { .too_large = false };
	wb_buf_init(&body.buf, WB_MANAGED_MAX_BYTES);
	char errbuf[CURL_ERROR_SIZE];
	setup(curl, m, nc, url, headers, &body, errbuf);
	curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)WB_MANAGED_MAX_BYTES);
	CURLcode rc = curl_easy_perform(curl);
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	struct curl_header *h = NULL;
	char etag[WB_ETAG_MAX] = "";
	if (rc == CURLE_OK && curl_easy_header(curl, "ETag", 0, CURLH_HEADER, -1, &h) == CURLHE_OK)
		snprintf(etag, sizeof etag, "%s", h->value);
	if (!wb_header_etag_ok(etag)) /* saved, reported and sent back: well formed or none */
		etag[0] = '\0';
	curl_slist_free_all(headers);

	enum poll_result result = POLL_FAILED;
	if (rc == CURLE_FILESIZE_EXCEEDED || body.too_large) {
		set_error(m, "", "document over %u bytes", WB_MANAGED_MAX_BYTES);
	} else if (rc != CURLE_OK) {
		set_error(m, "", "%s", curl_text(rc, errbuf));
	} else if (code == 304 && conditional) {
		result = POLL_OK;
	} else if (code != 200) {
		set_error(m, "", "HTTP %ld from %.300s", code, url);
	} else {
		size_t len = 0;
		char *text = body.buf.data ? wb_buf_take(&body.buf, &len) : strdup("");
		result = text ? take_document(m, nc, url, text, len, etag, rejected_hash) : POLL_FAILED;
	}
	wb_buf_deinit(&body.buf);
	if (result == POLL_OK) {
		pthread_mutex_lock(&m->lock);
		bool was_error = m->st.state == WB_FLEET_ERROR;
		m->st.state = WB_FLEET_OK;
		m->st.last_ok_wall_ms = wb_clock_wall_ms();
		m->st.last_error[0] = m->st.error_path[0] = '\0';
		pthread_mutex_unlock(&m->lock);
		if (was_error)
			say(m, "managed: %s answers again", url);
	}
	return result;
}

/* ---- status reports ---- */

/* true when the report arrived (2xx); else the status says why. */
static bool post_report(struct wb_managed *m, CURL *curl, const struct net_config *nc, const char *json,
			bool change)
{
	struct curl_slist *headers = add_header(common_headers(m), "Content-Type: application/json");
	headers = add_header(headers, "X-Wallboard-Report: %s", change ? "change" : "interval");
	headers = add_header(headers, "Expect:"); /* no 100-continue round trip */
	struct body reply = { .too_large = false };
	wb_buf_init(&reply.buf, REPORT_REPLY_MAX);
	char errbuf[CURL_ERROR_SIZE];
	setup(curl, m, nc, nc->report_url, headers, &reply, errbuf);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(json));
	CURLcode rc = curl_easy_perform(curl);
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(headers);
	wb_buf_deinit(&reply.buf);
	bool ok = rc == CURLE_OK && code >= 200 && code < 300;
	pthread_mutex_lock(&m->lock);
	if (ok) {
		m->st.reports.last_ok_wall_ms = wb_clock_wall_ms();
		m->st.reports.last_error[0] = '\0';
	} else if (rc != CURLE_OK) {
		snprintf(m->st.reports.last_error, sizeof m->st.reports.last_error, "%s",
			 curl_text(rc, errbuf));
	} else {
		snprintf(m->st.reports.last_error, sizeof m->st.reports.last_error, "HTTP %ld", code);
	}
	pthread_mutex_unlock(&m->lock);
	return ok;
}

/* ---- the schedule ---- */

/* Uniform in [0, 1]: "plus up to 10 %" of wb_backoff_delay_ms. */
static double next_jitter(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (double)(x >> 11) / (double)(1ULL << 53);
}

static int64_t delay_ms(int interval_s, unsigned failures, uint64_t *rng)
{
	return wb_backoff_delay_ms((int64_t)interval_s * 1000, BACKOFF_MAX_MS, failures, next_jitter(rng));
}

/* Waits until deadline_ms (monotonic; < 0: until woken) or a wake-up that
 * asks for work. Returns true when asked to stop. */
static bool wait_or_stop(struct wb_managed *m, int64_t deadline_ms)
{
	pthread_mutex_lock(&m->lock);
	while (!m->stop && !m->poll_now && !m->report_now) {
		if (deadline_ms < 0) {
			pthread_cond_wait(&m->wake, &m->lock);
			continue;
		}
		int64_t left = deadline_ms - wb_clock_mono_ms();
		if (left <= 0)
			break;
		struct timespec deadline;
		wb_clock_mono_deadline(left, &deadline);
		pthread_cond_timedwait(&m->wake, &m->lock, &deadline);
	}
	bool stop = m->stop;
	pthread_mutex_unlock(&m->lock);
	return stop;
}

void *wb_managed_main(void *arg)
{
	struct wb_managed *m = arg;
	CURL *curl = curl_easy_init();
	struct net_config *nc = calloc(1, sizeof *nc);
	uint64_t rng = (uint64_t)wb_clock_wall_ms() ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)m;
	if (rng == 0)
		rng = 0x9e3779b97f4a7c15ULL;
	if (!curl || !nc) {
		say(m, "managed: cannot start (out of memory)");
		goto out;
	}
	unsigned poll_failures = 0, report_failures = 0;
	uint64_t rejected_hash = 0;
	int64_t next_poll_ms = 0, next_report_ms = 0; /* 0: at once */
	bool had_url = false;
	for (;;) {
		pthread_mutex_lock(&m->lock);
		bool stop = m->stop;
		*nc = m->nc;
		bool poll_now = m->poll_now, report_now = m->report_now, change = m->key_changed;
		m->poll_now = m->report_now = false;
		int64_t now = wb_clock_mono_ms();
		bool have_status = m->status_json != NULL;
		bool report_due = nc->report_url[0] && have_status && (report_now || now >= next_report_ms);
		char *status = report_due ? strdup(m->status_json) : NULL;
		if (status)
			m->key_changed = false;
		pthread_mutex_unlock(&m->lock);
		if (stop) {
			free(status);
			break;
		}
		if (!nc->url_template[0] && had_url) {
			/* Off: what was in use says nothing about a later URL. */
			m->have_good = false;
			m->good_etag[0] = m->good_url[0] = '\0';
			poll_failures = 0;
		}
		had_url = nc->url_template[0] != '\0';
		if (had_url && (poll_now || now >= next_poll_ms)) {
			enum poll_result r = poll_document(m, curl, nc, &rejected_hash);
			if (r == POLL_FAILED) {
				/* An abort for shutdown is no failure worth a line. */
				if (!poll_failures && !atomic_load(&m->abort_transfer)) {
					struct wb_fleet_status st;
					wb_managed_status(m, &st);
					say(m,
					    "managed: cannot get the document: %s; keeping the last good one",
					    st.last_error);
				}
				poll_failures++;
			} else {
				poll_failures = 0;
			}
			next_poll_ms = wb_clock_mono_ms() + delay_ms(nc->interval_s, poll_failures, &rng);
		}
		if (status) {
			bool ok = post_report(m, curl, nc, status, change || report_now);
			free(status);
			if (!ok && !report_failures && !atomic_load(&m->abort_transfer)) {
				struct wb_fleet_status st;
				wb_managed_status(m, &st);
				say(m, "managed: report to %s failed: %s; retrying with backoff",
				    nc->report_url, st.reports.last_error);
			} else if (ok && report_failures) {
				say(m, "managed: reports arrive again after %u failures", report_failures);
			}
			report_failures = ok ? 0 : report_failures + 1;
			int64_t d = delay_ms(nc->report_interval_s, report_failures, &rng);
			next_report_ms = wb_clock_mono_ms() + d;
			pthread_mutex_lock(&m->lock);
			m->st.reports.failures = report_failures;
			m->st.reports.backoff_s = (d + 999) / 1000;
			pthread_mutex_unlock(&m->lock);
		}
		int64_t deadline = -1;
		if (had_url)
			deadline = next_poll_ms;
		/* No status yet: the first publish wakes the thread. */
		if (nc->report_url[0] && (have_status || status) &&
		    (deadline < 0 || next_report_ms < deadline))
			deadline = next_report_ms;
		if (wait_or_stop(m, deadline))
			break;
	}
out:
	if (nc)
		memset(nc, 0, sizeof *nc);
	free(nc);
	curl_easy_cleanup(curl);
	return NULL;
}
