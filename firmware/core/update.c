/* The pure half of A/B updates: dpkg's version order, the pull manifest,
 * the maintenance window and the image's state.json. The manifest and
 * state.json come from other programs, so both are parsed all or nothing,
 * with every string checked before it can reach a JSON answer or the screen. */
#include "wallboard/update.h"
#include "wallboard/json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/utf8.h"

/* ---- versions: dpkg's lib/dpkg/version.c, verrevcmp ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The weight of one character outside a digit run: the end and digits 0,
 * "~" below it, letters by code, everything else after the letters. */
static int order(char c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return (unsigned char)c;
	if (c == '~')
		return -1;
	if (c)
		return (unsigned char)c + 256;
	return 0;
}

/* Compares [a, a_end) and [b, b_end) by alternating non-digit and digit runs. */
static int verrevcmp(const char *a, const char *a_end, const char *b, const char *b_end)
{
#define AT(p, end) ((p) < (end) ? *(p) : '\0')
	while (a < a_end || b < b_end) {
		int first_diff = 0;
		while ((a < a_end && !is_digit(*a)) || (b < b_end && !is_digit(*b))) {
			int ac = order(AT(a, a_end)), bc = order(AT(b, b_end));
			if (ac != bc)
				return ac - bc;
			a++, b++;
		}
		while (a < a_end && *a == '0')
			a++;
		while (b < b_end && *b == '0')
			b++;
		while (a < a_end && b < b_end && is_digit(*a) && is_digit(*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++, b++;
		}
		if (a < a_end && is_digit(*a))
			return 1;
		if (b < b_end && is_digit(*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
#undef AT
}

struct version_parts {
	const char *epoch, *epoch_end; /* empty: 0 */
	const char *upstream, *upstream_end;
	const char *revision, *revision_end; /* empty: none, which sorts as "0" */
};

static void split_version(const char *v, struct version_parts *p)
{
	const char *end = v + strlen(v);
	const char *colon = strchr(v, ':');
	const char *dash = strrchr(v, '-');

	p->epoch = v;
	p->epoch_end = colon ? colon : v;
	p->upstream = colon ? colon + 1 : v;
	if (dash && dash < p->upstream)
		dash = NULL;
	p->upstream_end = dash ? dash : end;
	p->revision = dash ? dash + 1 : end;
	p->revision_end = end;
}

/* Epochs numerically, without overflow: leading zeros dropped, then the
 * longer run of digits is the larger. */
static int epoch_cmp(const struct version_parts *a, const struct version_parts *b)
{
	const char *x = a->epoch, *y = b->epoch;
	while (x < a->epoch_end && *x == '0')
		x++;
	while (y < b->epoch_end && *y == '0')
		y++;
	size_t nx = (size_t)(a->epoch_end - x), ny = (size_t)(b->epoch_end - y);
	if (nx != ny)
		return nx < ny ? -1 : 1;
	return nx ? memcmp(x, y, nx) : 0;
}

int wb_update_version_cmp(const char *a, const char *b)
{
	struct version_parts pa, pb;
	split_version(a ? a : "", &pa);
	split_version(b ? b : "", &pb);
	int r = epoch_cmp(&pa, &pb);
	if (!r)
		r = verrevcmp(pa.upstream, pa.upstream_end, pb.upstream, pb.upstream_end);
	if (!r)
		r = verrevcmp(pa.revision, pa.revision_end, pb.revision, pb.revision_end);
	return r < 0 ? -1 : r > 0;
}

bool wb_update_version_valid(const char *v)
{
	size_t len = v ? strlen(v) : 0;
	if (len == 0 || len > WB_UPDATE_VERSION_MAX)
		return false;
	struct version_parts p;
	split_version(v, &p);
	if (p.upstream != v && p.epoch == p.epoch_end)
		return false; /* ":1.0": dpkg calls an empty epoch an error */
	for (const char *e = p.epoch; e < p.epoch_end; e++)
		if (!is_digit(*e))
			return false;
	if (p.upstream == p.upstream_end || !is_digit(*p.upstream))
		return false;
	for (const char *c = p.upstream; *c; c++)
		if (!is_digit(*c) && !is_alpha(*c) && !strchr(".+~-:", *c))
			return false;
	return !strchr(p.upstream, ':');
}

/* ---- URLs ---- */

/* Length of "scheme:" at the start of s, 0 when there is none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!is_alpha(s[0]))
		return 0;
	while (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/* Drops the last segment of out[0, *o) and the "/" before it. */
static void pop_segment(const char *out, size_t *o)
{
	while (*o > 0 && out[--*o] != '/')
		;
}

/* RFC 3986 5.2.4 on path (in place): "." and ".." segments go. The output
 * is never longer than the input. */
static void remove_dot_segments(char *path)
{
	char out[WB_URL_MAX];
	size_t o = 0;
	const char *in = path;
	while (*in && o < sizeof out - 1) {
		if (strncmp(in, "../", 3) == 0) {
			in += 3;
		} else if (strncmp(in, "./", 2) == 0 || strncmp(in, "/./", 3) == 0) {
			in += 2;
		} else if (strcmp(in, "/.") == 0) {
			in = "/";
		} else if (strncmp(in, "/../", 4) == 0) {
			in += 3;
			pop_segment(out, &o);
		} else if (strcmp(in, "/..") == 0) {
			in = "/";
			pop_segment(out, &o);
		} else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0) {
			in += strlen(in);
		} else {
			do
				out[o++] = *in++;
			while (*in && *in != '/' && o < sizeof out - 1);
		}
	}
	out[o] = '\0';
	memcpy(path, out, o + 1);
}

bool wb_update_resolve_url(const char *base, const char *ref, char *out, size_t size)
{
	size_t bs = scheme_len(base);
	if (!bs || strncmp(base + bs, "//", 2) != 0)
		return false;
	const char *authority_end = base + bs + 2 + strcspn(base + bs + 2, "/?#");
	const char *path_end = authority_end + strcspn(authority_end, "?#");
	char path[WB_URL_MAX];
	int n;

	if (scheme_len(ref))
		n = snprintf(out, size, "%s", ref);
	else if (strncmp(ref, "//", 2) == 0)
		n = snprintf(out, size, "%.*s%s", (int)bs, base, ref);
	else if (ref[0] == '\0' || ref[0] == '?' || ref[0] == '#')
		n = snprintf(out, size, "%.*s%s", (int)(path_end - base), base, ref);
	else {
		const char *query = ref + strcspn(ref, "?#");
		if (ref[0] == '/') {
			n = snprintf(path, sizeof path, "%.*s", (int)(query - ref), ref);
		} else {
			/* Merge: the base's path up to its last "/", then ref's. */
			const char *slash = authority_end;
			for (const char *p = authority_end; p < path_end; p++)
				if (*p == '/')
					slash = p + 1;
			n = snprintf(path, sizeof path, "%s%.*s%.*s", slash == authority_end ? "/" : "",
				     (int)(slash - authority_end), authority_end, (int)(query - ref), ref);
		}
		if (n < 0 || (size_t)n >= sizeof path)
			return false;
		remove_dot_segments(path);
		n = snprintf(out, size, "%.*s%s%s", (int)(authority_end - base), base, path, query);
	}
	return n >= 0 && (size_t)n < size;
}

/* ---- reading untrusted JSON ---- */

/* The first problem wins; later ones are not looked at. */
struct reader {
	struct wb_error *err;
	bool failed;
};

static void problem(struct reader *r, const char *path, const char *why)
{
	if (r->failed)
		return;
	r->failed = true;
	wb_error_set(r->err, path, "%s", why);
}

static bool text_ok(const char *s)
{
	size_t len = strlen(s);
	if (!wb_utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* A string member of obj into out[size]; absent (or null, when may_be_null)
 * leaves out "" and answers false without a problem when optional. */
static bool read_text(struct reader *r, const cJSON *obj, const char *key, const char *path, bool optional,
		      bool may_be_null, char *out, size_t size)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	out[0] = '\0';
	if (!item || (may_be_null && cJSON_IsNull(item))) {
		if (!optional)
			problem(r, path, "missing");
		return false;
	}
	if (!cJSON_IsString(item)) {
		problem(r, path, may_be_null ? "expected a string or null" : "expected a string");
		return false;
	}
	if (strlen(item->valuestring) >= size) {
		problem(r, path, "too long");
		return false;
	}
	if (!text_ok(item->valuestring)) {
		problem(r, path, "not valid UTF-8 text (control characters are not allowed)");
		return false;
	}
	memcpy(out, item->valuestring, strlen(item->valuestring) + 1);
	return true;
}

static void read_version(struct reader *r, const cJSON *obj, const char *key, const char *path, bool optional,
			 bool may_be_null, char *out, size_t size)
{
	if (read_text(r, obj, key, path, optional, may_be_null, out, size) && !wb_update_version_valid(out)) {
		problem(r, path, "not a version (digits, letters and . + ~ - :, starting with a digit)");
		out[0] = '\0';
	}
}

/* One of names (NULL-terminated) into out; "" when absent and optional. */
static void read_word(struct reader *r, const cJSON *obj, const char *key, const char *path,
		      const char *const *names, char *out, size_t size)
{
	if (!read_text(r, obj, key, path, true, true, out, size))
		return;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(out, names[i]) == 0)
			return;
	problem(r, path, "not one of the known values");
	out[0] = '\0';
}

static cJSON *parse_object(struct reader *r, const char *json, size_t len, size_t max)
{
	if (len > max) {
		problem(r, "", "too large");
		return NULL;
	}
	struct wb_json_error jerr;
	cJSON *root = wb_json_parse(json, len, WB_JSON_UTF8_PER_VALUE, &jerr);
	if (!root) {
		problem(r, "$", jerr.message);
		return NULL;
	}
	if (!cJSON_IsObject(root)) {
		problem(r, "$", "expected an object");
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* ---- the manifest ---- */

static bool hex64(const char *s)
{
	if (strlen(s) != WB_UPDATE_SHA256_HEX)
		return false;
	for (size_t i = 0; s[i]; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f') && !(s[i] >= 'A' && s[i] <= 'F'))
			return false;
	return true;
}

enum wb_status wb_update_manifest_parse(const char *json, size_t len, const char *manifest_url,
					struct wb_update_manifest *out, struct wb_error *err)
{
	struct reader r = { .err = err };
	struct wb_update_manifest m = { 0 };
	char ref[WB_URL_MAX];

	memset(out, 0, sizeof *out);
	cJSON *root = parse_object(&r, json, len, WB_UPDATE_MANIFEST_MAX_BYTES);
	if (!root)
		return len > WB_UPDATE_MANIFEST_MAX_BYTES ? WB_ERR_TOO_LARGE : WB_ERR_INVALID;
	read_version(&r, root, "version", "$.version", false, false, m.version, sizeof m.version);
	if (read_text(&r, root, "url", "$.url", false, false, ref, sizeof ref)) {
		size_t s = scheme_len(ref);
		if (!wb_update_resolve_url(manifest_url ? manifest_url : "", ref, m.url, sizeof m.url))
			problem(&r, "$.url", "cannot be resolved against the manifest's URL");
		else if (s && strncmp(ref, "http:", s) != 0 && strncmp(ref, "https:", s) != 0 &&
			 strncmp(ref, "file:", s) != 0)
			problem(&r, "$.url", "not an http, https or file URL");
	}
	if (read_text(&r, root, "sha256", "$.sha256", false, false, m.sha256, sizeof m.sha256)) {
		if (!hex64(m.sha256))
			problem(&r, "$.sha256", "expected 64 hex digits");
		for (char *c = m.sha256; *c; c++)
			if (*c >= 'A' && *c <= 'F')
				*c = (char)(*c - 'A' + 'a');
	}
	read_version(&r, root, "min_version", "$.min_version", true, true, m.min_version,
		     sizeof m.min_version);
	const cJSON *force = cJSON_GetObjectItemCaseSensitive(root, "force");
	if (force && !cJSON_IsBool(force))
		problem(&r, "$.force", "expected true or false");
	m.force = cJSON_IsTrue(force);
	cJSON_Delete(root);
	if (r.failed)
		return WB_ERR_INVALID;
	*out = m;
	return WB_OK;
}

/* ---- window and decision ---- */

void wb_update_window_init_automatic(struct wb_update_window *w)
{
	memset(w, 0, sizeof *w);
	w->automatic = true;
	wb_hours_init_closed(&w->hours);
}

bool wb_update_in_window(const struct wb_update_window *w, const struct wb_hours *screen_on,
			 const struct wb_tz *tz, int64_t t_ms)
{
	if (!w->automatic)
		return wb_hours_is_open(&w->hours, tz, t_ms);
	if (screen_on && !screen_on->always_open)
		return !wb_hours_is_open(screen_on, tz, t_ms);
	struct wb_hours night;
	wb_hours_init_closed(&night);
	for (int d = 0; d < 7; d++)
		wb_hours_add(&night, d, WB_UPDATE_NIGHT_OPEN_MIN, WB_UPDATE_NIGHT_CLOSE_MIN);
	return wb_hours_is_open(&night, tz, t_ms);
}

enum wb_update_decision wb_update_decide(const struct wb_update_manifest *m, const char *running,
					 const struct wb_update_last *last, bool in_window)
{
	/* A power cut during the install says nothing about the bundle: that
	 * one is taken again. */
	if (last && last->present && strcmp(last->result, "committed") != 0 &&
	    strcmp(last->result, "interrupted") != 0 && wb_update_version_cmp(last->version, m->version) == 0)
		return WB_UPDATE_FAILED_BEFORE;
	if (!m->force && wb_update_version_cmp(m->version, running) <= 0)
		return WB_UPDATE_NOT_NEWER;
	if (m->min_version[0] && wb_update_version_cmp(running, m->min_version) < 0)
		return WB_UPDATE_BELOW_MINIMUM;
	return in_window ? WB_UPDATE_INSTALL : WB_UPDATE_OUTSIDE_WINDOW;
}

const char *wb_update_decision_name(enum wb_update_decision d)
{
	static const char *const names[] = {
		[WB_UPDATE_INSTALL] = "install",
		[WB_UPDATE_NOT_NEWER] = "not_newer",
		[WB_UPDATE_BELOW_MINIMUM] = "below_minimum",
		[WB_UPDATE_OUTSIDE_WINDOW] = "outside_window",
		[WB_UPDATE_FAILED_BEFORE] = "failed_before",
	};
	return (unsigned)d <= WB_UPDATE_FAILED_BEFORE ? names[d] : "install";
}

/* ---- states and state.json ---- */

/* Index = the enum's value; the words of state.json and of the API. */
static const char *const state_names[WB_UPDATE_STATE_COUNT_ + 1] = {
	[WB_UPDATE_IDLE] = "idle",
	[WB_UPDATE_DOWNLOADING] = "downloading",
	[WB_UPDATE_INSTALLING] = "installing",
	[WB_UPDATE_INSTALLED] = "installed",
	[WB_UPDATE_TRIAL] = "trial",
	[WB_UPDATE_COMMITTED] = "committed",
	[WB_UPDATE_ROLLED_BACK] = "rolled_back",
	[WB_UPDATE_FAILED] = "failed",
	[WB_UPDATE_UNKNOWN] = "unknown",
	NULL,
};

const char *wb_update_state_name(enum wb_update_state s)
{
	return (unsigned)s < WB_UPDATE_STATE_COUNT_ ? state_names[s] : "unknown";
}

bool wb_update_state_parse_name(const char *name, enum wb_update_state *out)
{
	for (int i = 0; name && i < WB_UPDATE_STATE_COUNT_; i++)
		if (strcmp(name, state_names[i]) == 0) {
			*out = (enum wb_update_state)i;
			return true;
		}
	return false;
}

void wb_update_info_unknown(struct wb_update_info *info)
{
	memset(info, 0, sizeof *info);
	info->state = WB_UPDATE_UNKNOWN;
	info->progress = -1;
}

/* obj.key as an object, or NULL (also for null); a problem for other types. */
static const cJSON *optional_object(struct reader *r, const cJSON *obj, const char *key, const char *path)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item || cJSON_IsNull(item))
		return NULL;
	if (!cJSON_IsObject(item)) {
		problem(r, path, "expected an object or null");
		return NULL;
	}
	return item;
}

static void read_slot(struct reader *r, const cJSON *root, const char *key, struct wb_update_slot *out)
{
	char path[32];
	snprintf(path, sizeof path, "$.%s", key);
	const cJSON *obj = optional_object(r, root, key, path);
	if (!obj)
		return;
	out->present = true;
	snprintf(path, sizeof path, "$.%s.slot", key);
	read_text(r, obj, "slot", path, false, false, out->slot, sizeof out->slot);
	snprintf(path, sizeof path, "$.%s.version", key);
	read_version(r, obj, "version", path, true, true, out->version, sizeof out->version);
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, "bootable");
	snprintf(path, sizeof path, "$.%s.bootable", key);
	if (b && !cJSON_IsBool(b))
		problem(r, path, "expected true or false");
	out->has_bootable = cJSON_IsBool(b);
	out->bootable = cJSON_IsTrue(b);
}

static void read_last(struct reader *r, const cJSON *root, struct wb_update_last *out)
{
	static const char *const sources[] = { "api", "pull", NULL };
	static const char *const results[] = { "committed", "rolled_back", "refused",
					       "failed",    "interrupted", NULL };
	const cJSON *obj = optional_object(r, root, "last", "$.last");
	if (!obj)
		return;
	out->present = true;
	read_version(r, obj, "version", "$.last.version", true, true, out->version, sizeof out->version);
	read_word(r, obj, "source", "$.last.source", sources, out->source, sizeof out->source);
	read_word(r, obj, "result", "$.last.result", results, out->result, sizeof out->result);
	read_text(r, obj, "reason", "$.last.reason", true, true, out->reason, sizeof out->reason);
	read_text(r, obj, "finished", "$.last.finished", true, true, out->finished, sizeof out->finished);
}

enum wb_status wb_update_info_parse(const char *json, size_t len, struct wb_update_info *info,
				    struct wb_error *err)
{
	struct reader r = { .err = err };
	struct wb_update_info in;
	char name[16];

	wb_update_info_unknown(info);
	wb_update_info_unknown(&in);
	cJSON *root = parse_object(&r, json, len, WB_UPDATE_STATE_MAX_BYTES);
	if (!root)
		return len > WB_UPDATE_STATE_MAX_BYTES ? WB_ERR_TOO_LARGE : WB_ERR_INVALID;
	if (read_text(&r, root, "state", "$.state", false, false, name, sizeof name) &&
	    (!wb_update_state_parse_name(name, &in.state) || in.state == WB_UPDATE_DOWNLOADING ||
	     in.state == WB_UPDATE_UNKNOWN))
		problem(&r, "$.state", "not a state the image writes");
	read_text(&r, root, "message", "$.message", true, true, in.message, sizeof in.message);
	const cJSON *progress = cJSON_GetObjectItemCaseSensitive(root, "progress");
	if (progress && !cJSON_IsNull(progress)) {
		if (!cJSON_IsNumber(progress) || progress->valuedouble < 0 || progress->valuedouble > 100)
			problem(&r, "$.progress", "expected a number from 0 to 100");
		else
			in.progress = (int)progress->valuedouble;
	}
	read_slot(&r, root, "booted", &in.booted);
	read_slot(&r, root, "other", &in.other);
	read_last(&r, root, &in.last);
	read_text(&r, root, "updated", "$.updated", true, true, in.updated, sizeof in.updated);
	cJSON_Delete(root);
	if (r.failed)
		return WB_ERR_INVALID;
	*info = in;
	return WB_OK;
}

bool wb_update_rolled_back(const struct wb_update_info *info)
{
	return info->state == WB_UPDATE_ROLLED_BACK ||
	       (info->state != WB_UPDATE_TRIAL && info->state != WB_UPDATE_INSTALLING &&
		info->state != WB_UPDATE_INSTALLED && info->last.present &&
		strcmp(info->last.result, "rolled_back") == 0);
}

bool wb_update_busy(const struct wb_update_info *info, bool pending)
{
	return pending || info->state == WB_UPDATE_INSTALLING;
}

/* ---- the update status ---- */

enum wb_update_state wb_update_status_state(const struct wb_update_status *s)
{
	return s->activity != WB_UPDATE_ACTIVITY_NONE ? WB_UPDATE_DOWNLOADING : s->info.state;
}

const char *wb_update_running_version(const struct wb_update_status *s)
{
	return s->info.booted.present && s->info.booted.version[0] ? s->info.booted.version
								   : s->firmware_version;
}

/* s, or null when empty: "not known" reads better than "". */
static cJSON *string_or_null(const char *s)
{
	return s && s[0] ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *slot_json(const struct wb_update_slot *slot)
{
	if (!slot->present)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "slot", cJSON_CreateString(slot->slot));
	cJSON_AddItemToObject(o, "version", string_or_null(slot->version));
	if (slot->has_bootable)
		cJSON_AddBoolToObject(o, "bootable", slot->bootable);
	return o;
}

static cJSON *last_json(const struct wb_update_last *last)
{
	if (!last->present)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "version", string_or_null(last->version));
	cJSON_AddItemToObject(o, "source", string_or_null(last->source));
	cJSON_AddItemToObject(o, "result", string_or_null(last->result));
	cJSON_AddItemToObject(o, "reason", cJSON_CreateString(last->reason));
	cJSON_AddItemToObject(o, "finished", string_or_null(last->finished));
	return o;
}

cJSON *wb_update_status_json(const struct wb_update_status *s)
{
	const struct wb_update_info *in = &s->info;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "state", wb_update_state_name(wb_update_status_state(s)));
	cJSON_AddStringToObject(o, "image_state", wb_update_state_name(in->state));
	cJSON_AddStringToObject(o, "message", in->message);
	if (s->activity != WB_UPDATE_ACTIVITY_NONE && s->total > 0)
		cJSON_AddNumberToObject(o, "progress", (double)(s->bytes * 100 / s->total));
	else if (in->progress >= 0)
		cJSON_AddNumberToObject(o, "progress", in->progress);
	else
		cJSON_AddNullToObject(o, "progress");
	cJSON_AddStringToObject(o, "version", wb_update_running_version(s));
	cJSON_AddStringToObject(o, "firmware_version", s->firmware_version);
	cJSON_AddItemToObject(o, "booted", slot_json(&in->booted));
	cJSON_AddItemToObject(o, "other", slot_json(&in->other));
	cJSON_AddItemToObject(o, "last", last_json(&in->last));
	cJSON_AddBoolToObject(o, "rolled_back", wb_update_rolled_back(in));
	cJSON_AddItemToObject(o, "updated", string_or_null(in->updated));
	cJSON_AddBoolToObject(o, "pending", s->pending);
	if (s->activity != WB_UPDATE_ACTIVITY_NONE) {
		cJSON *t = cJSON_AddObjectToObject(o, "transfer");
		cJSON_AddStringToObject(t, "source",
					s->activity == WB_UPDATE_ACTIVITY_UPLOAD ? "api" : "pull");
		cJSON_AddNumberToObject(t, "bytes", (double)s->bytes);
		if (s->total >= 0)
			cJSON_AddNumberToObject(t, "total", (double)s->total);
		else
			cJSON_AddNullToObject(t, "total");
	} else {
		cJSON_AddNullToObject(o, "transfer");
	}
	if (s->error[0]) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "source", s->error_source);
		cJSON_AddStringToObject(e, "message", s->error);
	} else {
		cJSON_AddNullToObject(o, "error");
	}
	cJSON *p = cJSON_AddObjectToObject(o, "pull");
	cJSON_AddBoolToObject(p, "enabled", s->pull_enabled);
	cJSON_AddNumberToObject(p, "polls", (double)s->polls);
	if (s->pull_http_status)
		cJSON_AddNumberToObject(p, "http_status", (double)s->pull_http_status);
	else
		cJSON_AddNullToObject(p, "http_status");
	cJSON_AddItemToObject(p, "available", string_or_null(s->available));
	cJSON_AddItemToObject(p, "decision", string_or_null(s->decision));
	return o;
}

void wb_update_notice(const struct wb_update_status *s, enum wb_lang lang, char *out, size_t size)
{
	const struct wb_update_info *in = &s->info;
	out[0] = '\0';
	if (!wb_update_rolled_back(in))
		return;
	const char *reason = in->last.present && in->last.reason[0] ? in->last.reason : in->message;
	const char *version = in->last.present ? in->last.version : "";
	snprintf(out, size, "%s%s%s%s%s%s", wb_i18n(lang, WB_MSG_UPDATE_ROLLED_BACK), version[0] ? " (" : "",
		 version, version[0] ? ")" : "", reason[0] ? ": " : "", reason);
}
