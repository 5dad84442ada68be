/* The handler sets of the kinds that are more than one value: weekly hours,
 * the channel list, the per-channel maps (targets, warn ratios, hours) and
 * the alert rules. Their rows name no offset: the handlers know their members. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "wallboard/feed.h"
#include "wallboard/timesync.h"

#define AUDIENCE_ALL ((1u << WB_CONFIG_FOR_STATE) | (1u << WB_CONFIG_FOR_API))
#define NOT_A_CHANNEL "not a channel id (1 to %d of a-z, 0-9, _ and -)"

static bool earlier_sibling_named(const cJSON *parent, const cJSON *child)
{
	for (const cJSON *p = parent->child; p && p != child; p = p->next)
		if (strcmp(p->string, child->string) == 0)
			return true;
	return false;
}

/* ---- weekly hours: "always", or {"mon": ["08:00-22:00"], ...} ---- */

static const char *const weekday_keys[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* "HH:MM" into minutes of the day; 24:00 only as an end. */
static bool parse_hhmm(const char *s, bool is_end, int *out)
{
	int h, m;

	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' && s[3] >= '0' &&
	      s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && (m != 0 || !is_end)))
		return false;
	*out = h * 60 + m;
	return true;
}

static bool read_interval(struct wb_config_ctx *c, const cJSON *item, const char *path, int *open_min,
			  int *close_min)
{
	const char *s = cJSON_GetStringValue(item);

	if (!s) {
		wb_config_problem(c, path, "expected a string \"HH:MM-HH:MM\", got %s",
				  wb_config_type_name(item));
		return false;
	}
	if (strlen(s) != 11 || s[5] != '-' || !parse_hhmm(s, false, open_min) ||
	    !parse_hhmm(s + 6, true, close_min)) {
		wb_config_problem(c, path, "expected \"HH:MM-HH:MM\" (00:00 to 24:00)");
		return false;
	}
	return true;
}

static void read_hours(struct wb_config_ctx *c, const cJSON *item, const char *path, struct wb_hours *out)
{
	struct wb_hours h;
	const cJSON *day;
	char sub[WB_CONFIG_PATH_SIZE], sub2[WB_CONFIG_PATH_SIZE];
	bool seen[7] = { false };
	size_t before = c->count;

	if (cJSON_IsString(item) && strcmp(item->valuestring, "always") == 0) {
		wb_hours_init_always(out);
		return;
	}
	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected \"always\" or an object of weekdays, got %s",
				  wb_config_type_name(item));
		return;
	}
	wb_hours_init_closed(&h); /* a weekday left out is closed */
	cJSON_ArrayForEach(day, item)
	{
		const cJSON *iv;
		int wd = 0;
		size_t index = 0;

		wb_config_child_path(sub, path, day->string);
		while (wd < 7 && strcmp(weekday_keys[wd], day->string) != 0)
			wd++;
		if (wd == 7) {
			wb_config_problem(c, sub,
					  "unknown key (weekdays are mon, tue, wed, thu, fri, sat, sun)");
			continue;
		}
		if (seen[wd]) {
			wb_config_problem(c, sub, "duplicate key");
			continue;
		}
		seen[wd] = true;
		if (!cJSON_IsArray(day)) {
			wb_config_problem(c, sub, "expected an array of \"HH:MM-HH:MM\", got %s",
					  wb_config_type_name(day));
			continue;
		}
		cJSON_ArrayForEach(iv, day)
		{
			int open_min, close_min;

			snprintf(sub2, sizeof sub2, "%.*s[%zu]", (int)(sizeof sub2 - 24), sub, index++);
			if (!read_interval(c, iv, sub2, &open_min, &close_min))
				continue;
			if (wb_hours_add(&h, wd, open_min, close_min) != WB_OK)
				wb_config_problem(c, sub2,
						  "must end after it starts, after the day's previous "
						  "interval, and a day has at most %d",
						  WB_HOURS_MAX_INTERVALS);
		}
	}
	h.always_open = false; /* even with no interval at all: closed all week */
	if (c->count == before)
		*out = h;
}

/* "always", or every weekday with its intervals ([] when closed). */
static cJSON *hours_json(const struct wb_hours *h)
{
	cJSON *obj;

	if (h->always_open)
		return cJSON_CreateString("always");
	obj = cJSON_CreateObject();
	/* Monday first, as people read a week. */
	for (int i = 1; obj && i <= 7; i++) {
		int d = i % 7;
		cJSON *arr = cJSON_AddArrayToObject(obj, weekday_keys[d]);
		for (size_t j = 0; arr && j < h->n[d] && j < WB_HOURS_MAX_INTERVALS; j++) {
			char text[48]; /* room for any int, though minutes are 0..1440 */
			snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", h->iv[d][j].open_min / 60,
				 h->iv[d][j].open_min % 60, h->iv[d][j].close_min / 60,
				 h->iv[d][j].close_min % 60);
			if (!cJSON_AddItemToArray(arr, cJSON_CreateString(text)))
				arr = NULL;
		}
		if (!arr) {
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

/* What the hours mean, not their bytes: intervals past n[d] are leftovers. */
static bool hours_same(const struct wb_hours *a, const struct wb_hours *b)
{
	if (a->always_open || b->always_open)
		return a->always_open == b->always_open;
	for (int d = 0; d < 7; d++) {
		if (a->n[d] != b->n[d])
			return false;
		for (size_t j = 0; j < a->n[d] && j < WB_HOURS_MAX_INTERVALS; j++)
			if (a->iv[d][j].open_min != b->iv[d][j].open_min ||
			    a->iv[d][j].close_min != b->iv[d][j].close_min)
				return false;
	}
	return true;
}

static void hours_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		       const struct wb_config_field *f, struct wb_config *cfg)
{
	read_hours(c, item, path, (struct wb_hours *)(void *)((char *)cfg + f->offset));
}

static cJSON *hours_write(const struct wb_config_field *f, const struct wb_config *cfg,
			  enum wb_config_audience audience)
{
	(void)audience;
	return hours_json((const struct wb_hours *)(const void *)((const char *)cfg + f->offset));
}

/* "always" is the only default a row can name today; anything else: closed. */
static void hours_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	struct wb_hours *h = (struct wb_hours *)(void *)((char *)cfg + f->offset);

	if (f->def.s && strcmp(f->def.s, "always") == 0)
		wb_hours_init_always(h);
	else
		wb_hours_init_closed(h);
}

static bool hours_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
{
	return hours_same((const struct wb_hours *)(const void *)((const char *)a + f->offset),
			  (const struct wb_hours *)(const void *)((const char *)b + f->offset));
}

const struct wb_config_kind wb_config_kind_hours = {
	.name = "hours",
	.json = WB_CONFIG_JSON_WEEKLY,
	.read = hours_read,
	.write = hours_write,
	.set_default = hours_default,
	.equal = hours_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- update.window: "" (automatic, see update.h) or weekly hours ---- */

static const struct wb_update_window *window_in(const struct wb_config_field *f, const struct wb_config *cfg)
{
	return (const struct wb_update_window *)(const void *)((const char *)cfg + f->offset);
}

static void window_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			const struct wb_config_field *f, struct wb_config *cfg)
{
	struct wb_update_window *w = (struct wb_update_window *)(void *)((char *)cfg + f->offset);
	struct wb_hours h = w->hours;
	size_t before = c->count;

	if (cJSON_IsString(item) && item->valuestring[0] == '\0') {
		wb_update_window_init_automatic(w);
		return;
	}
	if (!cJSON_IsString(item) && !cJSON_IsObject(item)) {
		wb_config_problem(c, path,
				  "expected \"\" (automatic), \"always\" or an object of weekdays, got %s",
				  wb_config_type_name(item));
		return;
	}
	read_hours(c, item, path, &h);
	if (c->count == before) {
		w->automatic = false;
		w->hours = h;
	}
}

static cJSON *window_write(const struct wb_config_field *f, const struct wb_config *cfg,
			   enum wb_config_audience audience)
{
	(void)audience;
	const struct wb_update_window *w = window_in(f, cfg);
	return w->automatic ? cJSON_CreateString("") : hours_json(&w->hours);
}

static void window_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	wb_update_window_init_automatic((struct wb_update_window *)(void *)((char *)cfg + f->offset));
}

static bool window_equal(const struct wb_config_field *f, const struct wb_config *a,
			 const struct wb_config *b)
{
	const struct wb_update_window *x = window_in(f, a), *y = window_in(f, b);
	return x->automatic == y->automatic && (x->automatic || hours_same(&x->hours, &y->hours));
}

const struct wb_config_kind wb_config_kind_window = {
	.name = "window",
	.json = WB_CONFIG_JSON_WINDOW,
	.read = window_read,
	.write = window_write,
	.set_default = window_default,
	.equal = window_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- lists of names: display.channels (ids in showing order; empty shows
 * everything) and clock.ntp (servers in order; empty: DHCP's). The row holds
 * where the list is (offset, count_offset), each name's buffer (cap) and the
 * most it takes (hi); the kind holds what a valid name is (check). ---- */

static char *name_at(const struct wb_config_field *f, struct wb_config *cfg, size_t i)
{
	return (char *)cfg + f->offset + i * f->cap;
}

static const char *cname_at(const struct wb_config_field *f, const struct wb_config *cfg, size_t i)
{
	return (const char *)cfg + f->offset + i * f->cap;
}

static size_t *count_at(const struct wb_config_field *f, struct wb_config *cfg)
{
	return (size_t *)(void *)((char *)cfg + f->count_offset);
}

static size_t ccount_at(const struct wb_config_field *f, const struct wb_config *cfg)
{
	return *(const size_t *)(const void *)((const char *)cfg + f->count_offset);
}

static void names_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		       const struct wb_config_field *f, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[WB_CONFIG_PATH_SIZE];
	size_t index = 0, *n = count_at(f, cfg), max = (size_t)f->hi;

	if (!cJSON_IsArray(item)) {
		wb_config_problem(c, path, "expected an array of %s, got %s", f->kind->noun,
				  wb_config_type_name(item));
		return;
	}
	*n = 0;
	cJSON_ArrayForEach(child, item)
	{
		const char *name = cJSON_GetStringValue(child);
		/* Every check rejects "", which stands for a non-string or one too
		 * long for the buffer. The value is not echoed: it may hold what a
		 * log line must not (a newline, a quote). */
		const char *why = f->kind->check(name && strlen(name) < f->cap ? name : "");

		/* Paths are short ("$.display.channels"); a cut one still names the key. */
		if (snprintf(sub, sizeof sub, "%s[%zu]", path, index++) >= (int)sizeof sub)
			sub[sizeof sub - 1] = '\0';
		if (why) {
			wb_config_problem(c, sub, "%s", why);
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < *n; i++)
			dup |= strcmp(name_at(f, cfg, i), name) == 0;
		if (dup) {
			wb_config_problem(c, sub, "\"%s\" is listed twice", name);
			continue;
		}
		if (*n == max) {
			wb_config_problem(c, path, "at most %zu %s", max, f->kind->noun);
			return;
		}
		snprintf(name_at(f, cfg, (*n)++), f->cap, "%s", name);
	}
}

static cJSON *names_write(const struct wb_config_field *f, const struct wb_config *cfg,
			  enum wb_config_audience audience)
{
	cJSON *arr = cJSON_CreateArray();

	(void)audience;
	for (size_t i = 0; arr && i < ccount_at(f, cfg); i++)
		arr = wb_config_json_add(arr, NULL, cJSON_CreateString(cname_at(f, cfg, i)));
	return arr;
}

static void names_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	*count_at(f, cfg) = 0;
	for (size_t i = 0; f->names && f->names[i] && i < (size_t)f->hi; i++)
		snprintf(name_at(f, cfg, (*count_at(f, cfg))++), f->cap, "%s", f->names[i]);
}

static bool names_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
{
	size_t n = ccount_at(f, a);

	if (n != ccount_at(f, b))
		return false;
	for (size_t i = 0; i < n && i < (size_t)f->hi; i++)
		if (strcmp(cname_at(f, a, i), cname_at(f, b, i)) != 0)
			return false;
	return true;
}

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *check_channel(const char *s)
{
	return wb_feed_channel_id_valid(s)
		       ? NULL
		       : "not a channel id (1 to " STR(WB_FEED_CHANNEL_ID_MAX) " of a-z, 0-9, _ and -)";
}

static const char *check_ntp(const char *s)
{
	return wb_timesync_server_valid(s) ? NULL
					   : "not an NTP server: a host name or an IPv4 or IPv6 address, "
					     "1 to " STR(WB_NTP_NAME_MAX) " of A-Z, a-z, 0-9, '.', ':' and "
									  "'-' (no spaces or quotes), "
									  "not starting with '-'";
}

/* A name a Host header may carry: the characters of a host name or an IP
 * literal, which is what an NTP server's name is too. */
static const char *check_host(const char *s)
{
	return wb_timesync_server_valid(s)
		       ? NULL
		       : "not a host name: 1 to " STR(WB_NTP_NAME_MAX) " of A-Z, a-z, 0-9, '.', "
								       "':' and '-', not starting with '-'";
}

/* An absolute path as the server sees it: '/' then printable ASCII other
 * than space, '?' and '#' (the query is not part of it). */
static const char *check_path(const char *s)
{
	bool ok = s[0] == '/';
	for (const char *p = s; ok && *p; p++)
		ok = *p > ' ' && *p < 0x7f && *p != '?' && *p != '#';
	return ok ? NULL
		  : "not a path: '/' then 0 to " STR(WB_HTTP_PLAIN_PATH_MAX) " printable characters, "
									     "no spaces, '?' or '#'";
}

/* clang-format off */
#define NAMES_KIND(n, what, chk)                                                     \
	{ .name = n, .json = WB_CONFIG_JSON_ARRAY, .read = names_read, .write = names_write, \
	  .set_default = names_default, .equal = names_equal, .check = chk, .noun = what, \
	  .audiences = AUDIENCE_ALL }
/* clang-format on */

const struct wb_config_kind wb_config_kind_channels = NAMES_KIND("channels", "channels", check_channel);
const struct wb_config_kind wb_config_kind_ntp = NAMES_KIND("ntp", "NTP servers", check_ntp);
const struct wb_config_kind wb_config_kind_hosts = NAMES_KIND("hosts", "host names", check_host);
const struct wb_config_kind wb_config_kind_paths = NAMES_KIND("paths", "paths", check_path);

/* ---- sla.targets and sla.warn_ratios: {"<channel id>": value} ----
 * A file that has one of them replaces that whole list: it means exactly
 * those channels. Each value is read through the row's value row (sub). */

static void read_channel_map(struct wb_config_ctx *c, const cJSON *item, const char *path,
			     const struct wb_config_field *value, struct wb_config *cfg, bool ratios)
{
	const cJSON *child;
	char sub[WB_CONFIG_PATH_SIZE];
	size_t valid = 0;
	size_t *n = ratios ? &cfg->sla.n_warn_ratios : &cfg->sla.n_targets;

	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected an object, got %s", wb_config_type_name(item));
		return;
	}
	*n = 0;
	cJSON_ArrayForEach(child, item)
	{
		int64_t target = 0;
		double ratio = 0.0;

		wb_config_child_path(sub, path, child->string);
		if (!wb_feed_channel_id_valid(child->string)) {
			wb_config_problem(c, sub, NOT_A_CHANNEL, WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		if (earlier_sibling_named(item, child)) {
			wb_config_problem(c, sub, "duplicate key");
			continue;
		}
		if (ratios ? !wb_config_read_number(c, child, sub, value, &ratio)
			   : !wb_config_read_integer(c, child, sub, value, &target))
			continue;
		if (++valid > WB_FEED_MAX_CHANNELS)
			continue;
		if (ratios) {
			snprintf(cfg->sla.warn_ratios[*n].channel, sizeof cfg->sla.warn_ratios[0].channel,
				 "%s", child->string);
			cfg->sla.warn_ratios[(*n)++].warn_ratio = ratio;
		} else {
			snprintf(cfg->sla.targets[*n].channel, sizeof cfg->sla.targets[0].channel, "%s",
				 child->string);
			cfg->sla.targets[(*n)++].target_s = target;
		}
	}
	if (valid > WB_FEED_MAX_CHANNELS)
		wb_config_problem(c, path, "%zu channels; at most %d", valid, WB_FEED_MAX_CHANNELS);
}

static void targets_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			 const struct wb_config_field *f, struct wb_config *cfg)
{
	read_channel_map(c, item, path, f->sub, cfg, false);
}

static void warn_ratios_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			     const struct wb_config_field *f, struct wb_config *cfg)
{
	read_channel_map(c, item, path, f->sub, cfg, true);
}

static cJSON *targets_write(const struct wb_config_field *f, const struct wb_config *cfg,
			    enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	(void)f;
	(void)audience;
	for (size_t i = 0; obj && i < cfg->sla.n_targets; i++)
		obj = wb_config_json_add(obj, cfg->sla.targets[i].channel,
					 cJSON_CreateNumber((double)cfg->sla.targets[i].target_s));
	return obj;
}

static cJSON *warn_ratios_write(const struct wb_config_field *f, const struct wb_config *cfg,
				enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	(void)f;
	(void)audience;
	for (size_t i = 0; obj && i < cfg->sla.n_warn_ratios; i++)
		obj = wb_config_json_add(obj, cfg->sla.warn_ratios[i].channel,
					 cJSON_CreateNumber(cfg->sla.warn_ratios[i].warn_ratio));
	return obj;
}

static void targets_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	cfg->sla.n_targets = 0;
}

static void warn_ratios_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	cfg->sla.n_warn_ratios = 0;
}

static bool targets_equal(const struct wb_config_field *f, const struct wb_config *a,
			  const struct wb_config *b)
{
	(void)f;
	if (a->sla.n_targets != b->sla.n_targets)
		return false;
	for (size_t i = 0; i < a->sla.n_targets && i < WB_FEED_MAX_CHANNELS; i++)
		if (strcmp(a->sla.targets[i].channel, b->sla.targets[i].channel) != 0 ||
		    a->sla.targets[i].target_s != b->sla.targets[i].target_s)
			return false;
	return true;
}

static bool warn_ratios_equal(const struct wb_config_field *f, const struct wb_config *a,
			      const struct wb_config *b)
{
	(void)f;
	if (a->sla.n_warn_ratios != b->sla.n_warn_ratios)
		return false;
	for (size_t i = 0; i < a->sla.n_warn_ratios && i < WB_FEED_MAX_CHANNELS; i++)
		if (strcmp(a->sla.warn_ratios[i].channel, b->sla.warn_ratios[i].channel) != 0 ||
		    a->sla.warn_ratios[i].warn_ratio != b->sla.warn_ratios[i].warn_ratio)
			return false;
	return true;
}

const struct wb_config_kind wb_config_kind_targets = {
	.name = "targets",
	.json = WB_CONFIG_JSON_OBJECT,
	.read = targets_read,
	.write = targets_write,
	.set_default = targets_default,
	.equal = targets_equal,
	.audiences = AUDIENCE_ALL,
};

const struct wb_config_kind wb_config_kind_warn_ratios = {
	.name = "warn ratios",
	.json = WB_CONFIG_JSON_OBJECT,
	.read = warn_ratios_read,
	.write = warn_ratios_write,
	.set_default = warn_ratios_default,
	.equal = warn_ratios_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- sla.channel_hours: {"<channel id>": hours}, replacing the list ---- */

static void channel_hours_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			       const struct wb_config_field *f, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[WB_CONFIG_PATH_SIZE];

	(void)f;
	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected an object, got %s", wb_config_type_name(item));
		return;
	}
	cfg->sla.n_channel_hours = 0;
	cJSON_ArrayForEach(child, item)
	{
		struct wb_channel_hours *ch;
		size_t before = c->count;

		wb_config_child_path(sub, path, child->string);
		if (!wb_feed_channel_id_valid(child->string)) {
			wb_config_problem(c, sub, NOT_A_CHANNEL, WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		if (wb_config_channel_hours(cfg, child->string) != &cfg->sla.hours) {
			wb_config_problem(c, sub, "duplicate key");
			continue;
		}
		if (cfg->sla.n_channel_hours == WB_FEED_MAX_CHANNELS) {
			wb_config_problem(c, path, "at most %d channels", WB_FEED_MAX_CHANNELS);
			return;
		}
		ch = &cfg->sla.channel_hours[cfg->sla.n_channel_hours];
		wb_hours_init_always(&ch->hours);
		read_hours(c, child, sub, &ch->hours);
		if (c->count != before)
			continue;
		snprintf(ch->channel, sizeof ch->channel, "%s", child->string);
		cfg->sla.n_channel_hours++;
	}
}

static cJSON *channel_hours_write(const struct wb_config_field *f, const struct wb_config *cfg,
				  enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	(void)f;
	(void)audience;
	for (size_t i = 0; obj && i < cfg->sla.n_channel_hours; i++)
		obj = wb_config_json_add(obj, cfg->sla.channel_hours[i].channel,
					 hours_json(&cfg->sla.channel_hours[i].hours));
	return obj;
}

static void channel_hours_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	cfg->sla.n_channel_hours = 0;
}

static bool channel_hours_equal(const struct wb_config_field *f, const struct wb_config *a,
				const struct wb_config *b)
{
	(void)f;
	if (a->sla.n_channel_hours != b->sla.n_channel_hours)
		return false;
	for (size_t i = 0; i < a->sla.n_channel_hours && i < WB_FEED_MAX_CHANNELS; i++)
		if (strcmp(a->sla.channel_hours[i].channel, b->sla.channel_hours[i].channel) != 0 ||
		    !hours_same(&a->sla.channel_hours[i].hours, &b->sla.channel_hours[i].hours))
			return false;
	return true;
}

const struct wb_config_kind wb_config_kind_channel_hours = {
	.name = "channel hours",
	.json = WB_CONFIG_JSON_OBJECT,
	.read = channel_hours_read,
	.write = channel_hours_write,
	.set_default = channel_hours_default,
	.equal = channel_hours_equal,
	.audiences = AUDIENCE_ALL,
};
