/* The firmware's side of A/B updates. One bundle at a time moves into
 * <update-dir>/incoming/ (bundle.raucb.part, checked for size, room and
 * sha256 while it streams; fsync, rename), then request.json hands it to
 * the image's root installer, which answers in state.json. Uploads stream
 * on the server's connection thread, the pull runs on its own thread with
 * its own libcurl handle; the claim on the directory (status.activity)
 * keeps them apart. */
#include "wallboard/updater.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "wallboard/clock.h"
#include "wallboard/fsutil.h"
#include "wallboard/tz.h"

#define MIB (1024 * 1024)
#define STATE_REREAD_MS 1000
#define MANIFEST_TIMEOUT_S 30
#define CONNECT_TIMEOUT_S 10
/* A bundle of hundreds of MiB over a slow link: give up only when it stalls. */
#define BUNDLE_LOW_SPEED_BYTES 1024L
#define BUNDLE_LOW_SPEED_S 60L

/* What the pull needs of the config, copied under the lock. */
struct pull_config {
	char url[WB_URL_MAX];
	char token[WB_TOKEN_MAX];
	int interval_s;
	struct wb_update_window window;
	struct wb_hours screen_on;
	char time_zone[WB_TZ_NAME_MAX + 1];
	int64_t max_bytes;
};

struct wb_updater {
	char dir[WB_PATH_MAX];
	char device_id[WB_DEVICE_ID_HEADER_MAX]; /* X-Wallboard-Id of manifest polls; set at create */
	char incoming[WB_PATH_MAX + 16];
	char state_path[WB_PATH_MAX];
	char request_path[WB_PATH_MAX + 48];
	char part_path[WB_PATH_MAX + 48];
	char bundle_path[WB_PATH_MAX + 48];
	wb_updater_log_fn log;
	void *ctx;
	atomic_bool abort_transfer; /* read by curl's progress callback without the lock */

	pthread_mutex_t lock; /* guards everything below; never held across a transfer or a bundle write */
	pthread_cond_t wake;
	bool stop, poll_now;
	struct wb_config cfg;
	struct wb_update_status st;
	int64_t state_checked_ms; /* monotonic; 0: never */
	struct stat state_stat;   /* of state.json as last read; st_size -1: absent */
};

/* A bundle on its way into incoming/, from either source. */
struct bundle_writer {
	struct wb_updater *u;
	int fd;
	int64_t bytes, cap;
	bool room_checked;
	crypto_hash_sha256_state sha;
	const char *source; /* "api" or "pull" */
};

struct wb_update_upload {
	struct bundle_writer w;
	bool force;
};

static void say(struct wb_updater *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct wb_updater *u, const char *fmt, ...)
{
	char line[WB_UPDATE_MESSAGE_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (u->log)
		u->log(u->ctx, line);
}

static void copy_pull_config(const struct wb_config *cfg, struct pull_config *pc)
{
	snprintf(pc->url, sizeof pc->url, "%s", cfg->update.url);
	snprintf(pc->token, sizeof pc->token, "%s", cfg->update.token);
	pc->interval_s = cfg->update.interval_s;
	pc->window = cfg->update.window;
	pc->screen_on = cfg->screen.schedule.on;
	snprintf(pc->time_zone, sizeof pc->time_zone, "%s", cfg->sla.time_zone);
	pc->max_bytes = (int64_t)cfg->update.max_bundle_mb * MIB;
}

struct wb_updater *wb_updater_create(const struct wb_config *cfg, const struct wb_updater_options *o,
				     struct wb_error *err)
{
	struct wb_updater *u = calloc(1, sizeof *u);
	if (!u) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	snprintf(u->dir, sizeof u->dir, "%s", o->update_dir);
	snprintf(u->incoming, sizeof u->incoming, "%s/incoming", u->dir);
	snprintf(u->state_path, sizeof u->state_path, "%s/state.json", o->update_dir);
	snprintf(u->request_path, sizeof u->request_path, "%s/request.json", u->incoming);
	snprintf(u->part_path, sizeof u->part_path, "%s/bundle.raucb.part", u->incoming);
	snprintf(u->bundle_path, sizeof u->bundle_path, "%s/bundle.raucb", u->incoming);
	u->log = o->log;
	u->ctx = o->ctx;
	u->cfg = *cfg;
	wb_update_info_unknown(&u->st.info);
	u->st.total = -1;
	u->st.pull_enabled = cfg->update.url[0] != '\0';
	snprintf(u->st.firmware_version, sizeof u->st.firmware_version, "%s", o->firmware_version);
	snprintf(u->device_id, sizeof u->device_id, "%s", o->device_id ? o->device_id : "");
	u->state_stat.st_size = -1;
	atomic_init(&u->abort_transfer, false);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&u->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&u->lock, NULL);
	/* A part file is what a power cut mid-transfer leaves: never complete. */
	unlink(u->part_path);
	return u;
}

void wb_updater_destroy(struct wb_updater *u)
{
	if (!u)
		return;
	pthread_cond_destroy(&u->wake);
	pthread_mutex_destroy(&u->lock);
	sodium_memzero(&u->cfg, sizeof u->cfg);
	free(u);
}

void wb_updater_stop(struct wb_updater *u)
{
	pthread_mutex_lock(&u->lock);
	u->stop = true;
	atomic_store(&u->abort_transfer, true);
	pthread_cond_signal(&u->wake);
	pthread_mutex_unlock(&u->lock);
}

void wb_updater_set_config(struct wb_updater *u, const struct wb_config *cfg)
{
	pthread_mutex_lock(&u->lock);
	if (!wb_config_equal_section(&u->cfg, cfg, "update") ||
	    !wb_config_equal_section(&u->cfg, cfg, "screen") || !wb_config_equal_section(&u->cfg, cfg, "sla"))
		u->poll_now = true;
	u->cfg = *cfg;
	u->st.pull_enabled = cfg->update.url[0] != '\0';
	pthread_cond_signal(&u->wake);
	pthread_mutex_unlock(&u->lock);
}

/* ---- state.json ---- */

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Re-reads state.json when it changed, at most once a second; reads the
 * file outside the lock. Two threads racing here read the same file. */
static void refresh_state(struct wb_updater *u)
{
	int64_t now = wb_clock_mono_ms();
	pthread_mutex_lock(&u->lock);
	bool due = !u->state_checked_ms || now - u->state_checked_ms >= STATE_REREAD_MS;
	struct stat before = u->state_stat;
	if (due)
		u->state_checked_ms = now;
	pthread_mutex_unlock(&u->lock);
	if (!due)
		return;

	bool pending = access(u->request_path, F_OK) == 0;
	struct stat now_stat;
	struct wb_update_info info;
	bool changed = true;
	if (stat(u->state_path, &now_stat) != 0) {
		now_stat.st_size = -1;
		changed = before.st_size != -1;
		wb_update_info_unknown(&info);
	} else if (same_file(&before, &now_stat)) {
		changed = false;
	} else {
		char *text = NULL;
		size_t len = 0;
		struct wb_error err;
		wb_error_clear(&err);
		enum wb_status rc =
			wb_fs_read_file(u->state_path, WB_UPDATE_STATE_MAX_BYTES, &text, &len, &err);
		if (rc == WB_OK)
			rc = wb_update_info_parse(text, len, &info, &err);
		else
			wb_update_info_unknown(&info);
		free(text);
		if (rc != WB_OK) {
			char where[sizeof err.path + sizeof err.message + 4];
			wb_error_format(&err, where, sizeof where);
			say(u, "update: ignoring %s: %s", u->state_path, where);
		}
	}
	pthread_mutex_lock(&u->lock);
	u->st.pending = pending;
	if (changed) {
		u->st.info = info;
		u->state_stat = now_stat;
	}
	pthread_mutex_unlock(&u->lock);
}

void wb_updater_status(struct wb_updater *u, struct wb_update_status *out)
{
	refresh_state(u);
	pthread_mutex_lock(&u->lock);
	*out = u->st;
	pthread_mutex_unlock(&u->lock);
}

/* ---- the claim on incoming/ and the bundle writer ---- */

static enum wb_updater_refusal refuse(char *why, size_t size, enum wb_updater_refusal r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum wb_updater_refusal refuse(char *why, size_t size, enum wb_updater_refusal r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return r;
}

/* The status's error, and the one log line for it: a failure is said once. */
static void note_error(struct wb_updater *u, const char *source, const char *what, const char *why)
{
	pthread_mutex_lock(&u->lock);
	snprintf(u->st.error, sizeof u->st.error, "%s", why);
	snprintf(u->st.error_source, sizeof u->st.error_source, "%s", source);
	pthread_mutex_unlock(&u->lock);
	say(u, "update: %s%s%s: %s", source, what[0] ? " " : "", what, why);
}

/* Ends the claim; a refusal becomes the status's error (said once, here). */
static void release(struct wb_updater *u, const char *source, enum wb_updater_refusal r, const char *why)
{
	pthread_mutex_lock(&u->lock);
	u->st.activity = WB_UPDATE_ACTIVITY_NONE;
	u->st.pending = u->st.pending || r == WB_UPDATER_TAKEN;
	u->state_checked_ms = 0; /* the next status looks at the files again */
	pthread_mutex_unlock(&u->lock);
	if (r != WB_UPDATER_TAKEN)
		note_error(u, source, "bundle refused", why);
}

/* Room for length more bytes on the partition of incoming/ (the part file
 * counts against it as it grows, so this is checked once, up front). */
static enum wb_updater_refusal check_room(struct bundle_writer *w, int64_t length, char *why, size_t size)
{
	struct statvfs vfs;
	w->room_checked = true;
	if (length <= 0 || fstatvfs(w->fd, &vfs) != 0)
		return WB_UPDATER_TAKEN; /* ENOSPC while writing still says so */
	uint64_t room = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
	if ((uint64_t)length > room)
		return refuse(why, size, WB_UPDATER_NO_SPACE,
			      "the bundle (%lld bytes) does not fit on the data partition (%llu bytes free)",
			      (long long)length, (unsigned long long)room);
	return WB_UPDATER_TAKEN;
}

/* Claims incoming/ for one bundle and opens the part file. */
static enum wb_updater_refusal writer_open(struct wb_updater *u, struct bundle_writer *w,
					   enum wb_update_activity activity, int64_t length, char *why,
					   size_t size)
{
	const char *source = activity == WB_UPDATE_ACTIVITY_UPLOAD ? "api" : "pull";
	enum wb_updater_refusal r = WB_UPDATER_TAKEN;

	memset(w, 0, sizeof *w);
	w->u = u;
	w->fd = -1;
	w->source = source;
	refresh_state(u);
	pthread_mutex_lock(&u->lock);
	w->cap = (int64_t)u->cfg.update.max_bundle_mb * MIB;
	if (u->st.activity != WB_UPDATE_ACTIVITY_NONE)
		r = refuse(why, size, WB_UPDATER_BUSY, "another bundle is being received");
	else if (access(u->request_path, F_OK) == 0)
		r = refuse(why, size, WB_UPDATER_BUSY, "an install is pending");
	else if (u->st.info.state == WB_UPDATE_INSTALLING)
		r = refuse(why, size, WB_UPDATER_BUSY, "an install is running");
	else if (length > w->cap)
		r = refuse(why, size, WB_UPDATER_TOO_LARGE,
			   "the bundle (%lld bytes) is over update.max_bundle_mb (%d MiB)", (long long)length,
			   u->cfg.update.max_bundle_mb);
	if (r == WB_UPDATER_TAKEN) {
		u->st.activity = activity;
		u->st.bytes = 0;
		u->st.total = length;
		u->st.error[0] = '\0';
		u->st.error_source[0] = '\0';
	}
	pthread_mutex_unlock(&u->lock);
	if (r == WB_UPDATER_BUSY)
		return r; /* not an error of this board's update: nothing to record */
	if (r != WB_UPDATER_TAKEN) {
		release(u, source, r, why);
		return r;
	}
	/* The image makes both (update/ root's, incoming/ ours); a board
	 * outside the image makes them on first use. */
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_fs_mkdirs(u->dir, &err) != WB_OK)
		r = refuse(why, size, WB_UPDATER_FAILED, "%s", err.message);
	else if (mkdir(u->incoming, 0700) != 0 && errno != EEXIST)
		r = refuse(why, size, WB_UPDATER_FAILED, "cannot create %s: %s", u->incoming,
			   strerror(errno));
	else if ((w->fd = open(u->part_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		r = refuse(why, size, WB_UPDATER_FAILED, "cannot create %s: %s", u->part_path,
			   strerror(errno));
	else if (length >= 0)
		r = check_room(w, length, why, size);
	crypto_hash_sha256_init(&w->sha);
	if (r != WB_UPDATER_TAKEN) {
		if (w->fd >= 0) {
			close(w->fd);
			unlink(u->part_path);
		}
		release(u, source, r, why);
	}
	return r;
}

/* Closes and deletes the part file, ends the claim with r. */
static void writer_fail(struct bundle_writer *w, enum wb_updater_refusal r, const char *why)
{
	if (w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
		unlink(w->u->part_path);
	}
	release(w->u, w->source, r, why);
}

static enum wb_updater_refusal writer_write(struct bundle_writer *w, const void *data, size_t len, char *why,
					    size_t size)
{
	enum wb_updater_refusal r = WB_UPDATER_TAKEN;
	if (w->bytes + (int64_t)len > w->cap)
		r = refuse(why, size, WB_UPDATER_TOO_LARGE,
			   "the bundle is over update.max_bundle_mb (%lld MiB)", (long long)(w->cap / MIB));
	for (const char *p = data; r == WB_UPDATER_TAKEN && len > 0;) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == ENOSPC || errno == EDQUOT))
			r = refuse(why, size, WB_UPDATER_NO_SPACE, "the data partition is full");
		else if (n < 0)
			r = refuse(why, size, WB_UPDATER_FAILED, "cannot write %s: %s", w->u->part_path,
				   strerror(errno));
		else {
			crypto_hash_sha256_update(&w->sha, (const unsigned char *)p, (unsigned long long)n);
			p += n;
			len -= (size_t)n;
			w->bytes += n;
		}
	}
	if (r != WB_UPDATER_TAKEN) {
		writer_fail(w, r, why);
		return r;
	}
	pthread_mutex_lock(&w->u->lock);
	w->u->st.bytes = w->bytes;
	pthread_mutex_unlock(&w->u->lock);
	return r;
}

/* request.json of the contract: what the installer acts on. */
static enum wb_status write_request(struct wb_updater *u, const char *source, bool force, const char *version,
				    const char *sha256_hex, struct wb_error *err)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "bundle", "bundle.raucb");
	cJSON_AddStringToObject(doc, "source", source);
	cJSON_AddBoolToObject(doc, "force", force);
	if (version && version[0])
		cJSON_AddStringToObject(doc, "version", version);
	else
		cJSON_AddNullToObject(doc, "version");
	cJSON_AddStringToObject(doc, "sha256", sha256_hex);
	char *text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	if (!text) {
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	enum wb_status st = wb_fs_write_atomic_mode(u->request_path, text, strlen(text), 0644, err);
	cJSON_free(text);
	return st;
}

/* The whole bundle is in: its hash against want (NULL: whatever arrived),
 * fsync, rename to bundle.raucb, then request.json. */
static enum wb_updater_refusal writer_finish(struct bundle_writer *w, const char *want_sha256, bool force,
					     const char *version, bool *mismatch, char *why, size_t size)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[WB_UPDATE_SHA256_HEX + 1];
	struct wb_error err;

	wb_error_clear(&err);
	crypto_hash_sha256_final(&w->sha, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	enum wb_updater_refusal r = WB_UPDATER_TAKEN;
	if (w->bytes == 0)
		r = refuse(why, size, WB_UPDATER_FAILED, "the bundle is empty");
	else if ((*mismatch = want_sha256 && strcmp(hex, want_sha256) != 0))
		r = refuse(why, size, WB_UPDATER_FAILED, "sha256 of the bundle is %s, the manifest says %s",
			   hex, want_sha256);
	else if (fsync(w->fd) != 0)
		r = refuse(why, size, errno == ENOSPC ? WB_UPDATER_NO_SPACE : WB_UPDATER_FAILED,
			   "cannot write %s: %s", w->u->part_path, strerror(errno));
	if (r != WB_UPDATER_TAKEN) {
		writer_fail(w, r, why);
		return r;
	}
	close(w->fd);
	w->fd = -1;
	if (wb_fs_rename_durable(w->u->part_path, w->u->bundle_path, &err) != WB_OK ||
	    write_request(w->u, w->source, force, version, hex, &err) != WB_OK) {
		unlink(w->u->part_path);
		unlink(w->u->bundle_path);
		r = refuse(why, size, WB_UPDATER_FAILED, "%s", err.message);
		release(w->u, w->source, r, why);
		return r;
	}
	release(w->u, w->source, WB_UPDATER_TAKEN, "");
	say(w->u, "update: %s bundle of %lld bytes handed to the installer (sha256 %s)", w->source,
	    (long long)w->bytes, hex);
	return WB_UPDATER_TAKEN;
}

/* ---- uploads ---- */

enum wb_updater_refusal wb_updater_upload_begin(struct wb_updater *u, int64_t length, bool force,
						struct wb_update_upload **out, char *why, size_t why_size)
{
	*out = NULL;
	struct wb_update_upload *up = calloc(1, sizeof *up);
	if (!up)
		return refuse(why, why_size, WB_UPDATER_FAILED, "out of memory");
	enum wb_updater_refusal r = writer_open(u, &up->w, WB_UPDATE_ACTIVITY_UPLOAD, length, why, why_size);
	if (r != WB_UPDATER_TAKEN) {
		free(up);
		return r;
	}
	up->force = force;
	*out = up;
	return r;
}

enum wb_updater_refusal wb_updater_upload_write(struct wb_update_upload *up, const void *data, size_t len,
						char *why, size_t why_size)
{
	if (up->w.fd < 0)
		return refuse(why, why_size, WB_UPDATER_FAILED, "the upload has ended");
	return writer_write(&up->w, data, len, why, why_size);
}

enum wb_updater_refusal wb_updater_upload_finish(struct wb_update_upload *up, char *why, size_t why_size)
{
	enum wb_updater_refusal r =
		up->w.fd < 0 ? refuse(why, why_size, WB_UPDATER_FAILED, "the upload has ended")
			     : writer_finish(&up->w, NULL, up->force, NULL, &(bool){ false }, why, why_size);
	free(up);
	return r;
}

void wb_updater_upload_abort(struct wb_update_upload *up)
{
	if (!up)
		return;
	if (up->w.fd >= 0)
		writer_fail(&up->w, WB_UPDATER_FAILED, "the upload was cut off before the end");
	free(up);
}

/* ---- the pull ---- */

struct manifest_body {
	char data[WB_UPDATE_MANIFEST_MAX_BYTES + 1];
	size_t len;
	bool too_large;
};

static size_t on_manifest(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct manifest_body *b = userdata;
	size_t n = size * nmemb;
	if (n > WB_UPDATE_MANIFEST_MAX_BYTES - b->len) {
		b->too_large = true;
		return 0;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	return n;
}

struct bundle_download {
	struct bundle_writer w;
	CURL *curl;
	enum wb_updater_refusal refusal; /* what stopped the write callback */
	char why[WB_UPDATE_MESSAGE_MAX + 1];
};

static size_t on_bundle(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct bundle_download *d = userdata;
	size_t n = size * nmemb;
	if (!d->w.room_checked) {
		curl_off_t length = -1;
		curl_easy_getinfo(d->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
		pthread_mutex_lock(&d->w.u->lock);
		d->w.u->st.total = length;
		pthread_mutex_unlock(&d->w.u->lock);
		d->refusal = check_room(&d->w, length, d->why, sizeof d->why);
		if (d->refusal != WB_UPDATER_TAKEN) {
			writer_fail(&d->w, d->refusal, d->why);
			return 0;
		}
	}
	d->refusal = writer_write(&d->w, ptr, n, d->why, sizeof d->why);
	return d->refusal == WB_UPDATER_TAKEN ? n : 0;
}

/* Shutdown interrupts a transfer instead of waiting out a slow server. */
static int on_progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct wb_updater *u = clientp;
	return atomic_load(&u->abort_transfer) ? 1 : 0;
}

/* The options both requests share; headers may be NULL. */
static void setup_request(CURL *curl, struct wb_updater *u, const struct pull_config *pc, const char *url,
			  struct curl_slist *headers, char *errbuf)
{
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "wallboard/" WB_VERSION);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, u);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (u->cfg.feed.ca_file[0])
		curl_easy_setopt(curl, CURLOPT_CAINFO, u->cfg.feed.ca_file);
	if (pc->token[0]) {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, pc->token);
	}
	errbuf[0] = '\0';
}

static const char *curl_text(CURLcode rc, const char *errbuf)
{
	return errbuf[0] ? errbuf : curl_easy_strerror(rc);
}

static void pull_failed(struct wb_updater *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pull_failed(struct wb_updater *u, const char *fmt, ...)
{
	char why[WB_UPDATE_MESSAGE_MAX + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	note_error(u, "pull", "", why);
}

/* Returns true when the bundle arrived whole but not with the manifest's
 * sha256: downloading it again would give the same bytes. */
static bool download(struct wb_updater *u, CURL *curl, const struct pull_config *pc,
		     const struct wb_update_manifest *m)
{
	bool mismatch = false;
	struct bundle_download *d = calloc(1, sizeof *d);
	char errbuf[CURL_ERROR_SIZE];
	if (!d) {
		pull_failed(u, "out of memory");
		return false;
	}
	d->curl = curl;
	if (writer_open(u, &d->w, WB_UPDATE_ACTIVITY_DOWNLOAD, -1, d->why, sizeof d->why) !=
	    WB_UPDATER_TAKEN) {
		free(d);
		return false; /* busy, or reported by the writer */
	}
	say(u, "update: pull: downloading %s (%s)", m->version, m->url);
	setup_request(curl, u, pc, m->url, NULL, errbuf);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->w.cap);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, BUNDLE_LOW_SPEED_BYTES);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, BUNDLE_LOW_SPEED_S);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_bundle);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, d);
	d->refusal = WB_UPDATER_TAKEN;
	CURLcode rc = curl_easy_perform(curl);
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	if (d->w.fd < 0) {
		/* The write callback refused it and said why. */
	} else if (rc == CURLE_FILESIZE_EXCEEDED) {
		writer_fail(&d->w, WB_UPDATER_TOO_LARGE, "the bundle is over update.max_bundle_mb");
	} else if (rc != CURLE_OK) {
		snprintf(d->why, sizeof d->why, "bundle: %s", curl_text(rc, errbuf));
		writer_fail(&d->w, WB_UPDATER_FAILED, d->why);
	} else if (code != 0 && code != 200) {
		snprintf(d->why, sizeof d->why, "bundle: HTTP %ld from %.300s", code, m->url);
		writer_fail(&d->w, WB_UPDATER_FAILED, d->why);
	} else {
		writer_finish(&d->w, m->sha256, m->force, m->version, &mismatch, d->why, sizeof d->why);
	}
	free(d);
	return mismatch;
}

/* What one poll keeps for the next: the ETag and the manifest it stood for. */
struct pull_memory {
	char url[WB_URL_MAX];
	char etag[WB_ETAG_MAX];
	bool have_manifest;
	struct wb_update_manifest manifest;
	struct manifest_body body;
	char tz_name[WB_TZ_NAME_MAX + 1];
	struct wb_tz *tz;
	/* A bundle whose bytes did not match: not fetched again (a fleet would
	 * download hundreds of MiB every interval) until the manifest names
	 * another hash; its error stays in the status meanwhile. */
	char mismatched_sha256[WB_UPDATE_SHA256_HEX + 1];
};

/* The manifest, from the server or (304) the one kept; false when there is
 * none to act on (reported). */
static bool fetch_manifest(struct wb_updater *u, CURL *curl, const struct pull_config *pc,
			   struct pull_memory *mem, long *code)
{
	char errbuf[CURL_ERROR_SIZE];
	char line[WB_ETAG_MAX + 32];
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	if (headers && u->device_id[0]) {
		char id[WB_DEVICE_ID_HEADER_MAX + 20];
		snprintf(id, sizeof id, "X-Wallboard-Id: %s", u->device_id);
		struct curl_slist *more = curl_slist_append(headers, id);
		headers = more ? more : headers;
	}
	if (mem->etag[0] && mem->have_manifest) {
		snprintf(line, sizeof line, "If-None-Match: %s", mem->etag);
		struct curl_slist *more = curl_slist_append(headers, line);
		headers = more ? more : headers;
	}
	mem->body.len = 0;
	mem->body.too_large = false;
	setup_request(curl, u, pc, pc->url, headers, errbuf);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)MANIFEST_TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_manifest);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &mem->body);
	CURLcode rc = curl_easy_perform(curl);
	*code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
	struct curl_header *etag = NULL;
	bool has_etag =
		rc == CURLE_OK && curl_easy_header(curl, "ETag", 0, CURLH_HEADER, -1, &etag) == CURLHE_OK;
	char etag_value[WB_ETAG_MAX];
	snprintf(etag_value, sizeof etag_value, "%s", has_etag ? etag->value : "");
	curl_slist_free_all(headers);

	if (mem->body.too_large) {
		pull_failed(u, "manifest: over %u bytes", WB_UPDATE_MANIFEST_MAX_BYTES);
		return false;
	}
	if (rc != CURLE_OK) {
		pull_failed(u, "manifest: %s", curl_text(rc, errbuf));
		return false;
	}
	if (*code == 304 && mem->have_manifest)
		return true;
	if (*code != 0 && *code != 200) {
		pull_failed(u, "manifest: HTTP %ld", *code);
		return false;
	}
	struct wb_error err;
	wb_error_clear(&err);
	mem->have_manifest = false;
	mem->etag[0] = '\0';
	if (wb_update_manifest_parse(mem->body.data, mem->body.len, pc->url, &mem->manifest, &err) != WB_OK) {
		char where[sizeof err.path + sizeof err.message + 4];
		wb_error_format(&err, where, sizeof where);
		pull_failed(u, "manifest: %s", where);
		return false;
	}
	mem->have_manifest = true;
	snprintf(mem->etag, sizeof mem->etag, "%s", etag_value);
	return true;
}

static void poll_once(struct wb_updater *u, CURL *curl, const struct pull_config *pc, struct pull_memory *mem)
{
	long code = 0;
	bool ok = fetch_manifest(u, curl, pc, mem, &code);
	struct wb_update_status st;
	wb_updater_status(u, &st);
	enum wb_update_decision d = WB_UPDATE_NOT_NEWER;
	if (ok) {
		bool in_window =
			wb_update_in_window(&pc->window, &pc->screen_on, mem->tz, wb_clock_wall_ms());
		d = wb_update_decide(&mem->manifest, wb_update_running_version(&st), &st.info.last,
				     in_window);
		if (d == WB_UPDATE_INSTALL && strcmp(mem->manifest.sha256, mem->mismatched_sha256) == 0)
			d = WB_UPDATE_FAILED_BEFORE;
	}
	pthread_mutex_lock(&u->lock);
	u->st.polls++;
	u->st.pull_http_status = code;
	snprintf(u->st.available, sizeof u->st.available, "%s", ok ? mem->manifest.version : "");
	snprintf(u->st.decision, sizeof u->st.decision, "%s", ok ? wb_update_decision_name(d) : "");
	if (ok && d != WB_UPDATE_FAILED_BEFORE && strcmp(u->st.error_source, "pull") == 0)
		u->st.error[0] = u->st.error_source[0] = '\0'; /* the manifest is readable again */
	pthread_mutex_unlock(&u->lock);
	if (!ok)
		return;
	say(u, "update: pull: manifest %s (HTTP %ld): %s", mem->manifest.version, code,
	    wb_update_decision_name(d));
	if (d == WB_UPDATE_INSTALL && download(u, curl, pc, &mem->manifest))
		snprintf(mem->mismatched_sha256, sizeof mem->mismatched_sha256, "%s", mem->manifest.sha256);
}

/* Waits delay_ms (< 0: until woken), or less when a config asks for a poll
 * now. Returns true when asked to stop. */
static bool wait_or_stop(struct wb_updater *u, int64_t delay_ms)
{
	int64_t end_ms = wb_clock_mono_ms() + delay_ms;
	pthread_mutex_lock(&u->lock);
	while (!u->stop && !u->poll_now) {
		int64_t left = end_ms - wb_clock_mono_ms();
		if (delay_ms >= 0 && left <= 0)
			break;
		if (delay_ms < 0) {
			pthread_cond_wait(&u->wake, &u->lock);
			continue;
		}
		struct timespec deadline;
		wb_clock_mono_deadline(left, &deadline);
		pthread_cond_timedwait(&u->wake, &u->lock, &deadline);
	}
	u->poll_now = false;
	bool stop = u->stop;
	pthread_mutex_unlock(&u->lock);
	return stop;
}

void *wb_updater_main(void *arg)
{
	struct wb_updater *u = arg;
	struct pull_memory *mem = calloc(1, sizeof *mem);
	struct pull_config *pc = calloc(1, sizeof *pc);
	CURL *curl = curl_easy_init();
	if (!mem || !pc || !curl) {
		say(u, "update: pull: cannot start (out of memory)");
		goto out;
	}
	for (;;) {
		pthread_mutex_lock(&u->lock);
		copy_pull_config(&u->cfg, pc);
		bool stop = u->stop;
		pthread_mutex_unlock(&u->lock);
		if (stop)
			break;
		if (strcmp(mem->url, pc->url) != 0) {
			snprintf(mem->url, sizeof mem->url, "%s", pc->url);
			mem->etag[0] = '\0';
			mem->have_manifest = false;
		}
		if (strcmp(mem->tz_name, pc->time_zone) != 0) {
			struct wb_error err;
			wb_error_clear(&err);
			wb_tz_destroy(mem->tz);
			mem->tz = NULL;
			snprintf(mem->tz_name, sizeof mem->tz_name, "%s", pc->time_zone);
			if (wb_tz_load(pc->time_zone, &mem->tz, &err) != WB_OK)
				say(u, "update: the window is in UTC: %s", err.message);
		}
		if (pc->url[0])
			poll_once(u, curl, pc, mem);
		if (wait_or_stop(u, pc->url[0] ? (int64_t)pc->interval_s * 1000 : -1))
			break;
	}
out:
	if (mem)
		wb_tz_destroy(mem->tz);
	free(mem);
	if (pc)
		sodium_memzero(pc, sizeof *pc);
	free(pc);
	curl_easy_cleanup(curl);
	return NULL;
}
