/* To add a config key: a member in struct wb_config, one row below (kind, range, default),
 * the key in docs/config.schema.json and docs/configuration.md; test_config_table checks.
 *
 * THE table of the config file: one row per key with where it lands in
 * struct wb_config, what it accepts and its default, the only copy of each. */
#include "internal.h"

#include <string.h>

#include "wallboard/feed.h"
#include "wallboard/sla.h"

#define MEMBER_SIZE(m) sizeof(((struct wb_config *)0)->m)
#define AT(m) .offset = offsetof(struct wb_config, m)
#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define F_INT(k, m, l, h, dflt) \
	{ .key = k, .kind = &wb_config_kind_int, AT(m), .lo = l, .hi = h, .def.i = dflt }
#define F_SIZE(k, m, l, h, dflt) \
	{ .key = k, .kind = &wb_config_kind_size, AT(m), .lo = l, .hi = h, .def.i = dflt }
/* [l, h]; F_NUM_OPEN: (l, h] */
#define F_NUM(k, m, l, h, dflt) \
	{ .key = k, .kind = &wb_config_kind_number, AT(m), .lo = l, .hi = h, .def.d = dflt }
#define F_NUM_OPEN(k, m, l, h, dflt)                                                     \
	{ .key = k, .kind = &wb_config_kind_number, AT(m), .lo = l, .hi = h, .lo_open = true, \
	  .def.d = dflt }
#define F_TEXT(k, kd, m, dflt) \
	{ .key = k, .kind = &wb_config_kind_##kd, AT(m), .cap = MEMBER_SIZE(m), .def.s = dflt }
#define F_BOOL(k, m, dflt) { .key = k, .kind = &wb_config_kind_bool, AT(m), .def.b = dflt }
#define F_ENUM(k, m, n, dflt) \
	{ .key = k, .kind = &wb_config_kind_enum, AT(m), .names = n, .def.i = dflt }
#define F_HOURS(k, m) { .key = k, .kind = &wb_config_kind_hours, AT(m), .def.s = "always" }
#define F_WINDOW(k, m) { .key = k, .kind = &wb_config_kind_window, AT(m), .def.s = "" }
/* Lists whose handlers know their members; default: empty. */
#define F_LIST(k, kd) { .key = k, .kind = &wb_config_kind_##kd }
/* Lists of names in m[] counted by n, at most max; default: empty. */
#define F_NAMES(k, kd, m, n, max)                                                       \
	{ .key = k, .kind = &wb_config_kind_##kd, AT(m), .cap = MEMBER_SIZE(m[0]),       \
	  .count_offset = offsetof(struct wb_config, n), .hi = max }
/* {"<channel id>": value}, each value read through the row v; default: empty. */
#define F_MAP(k, kd, v) { .key = k, .kind = &wb_config_kind_##kd, .sub = &v, .n_sub = 1 }
#define F_SECTION(k, table) \
	{ .key = k, .kind = &wb_config_kind_section, .sub = table, .n_sub = COUNT(table) }
/* clang-format on */

/* The registry's codes in its order (i18n.c), so a new language is accepted
 * without a change here. */
static const char *language_code(int value)
{
	return value >= 0 && value < WB_LANG_COUNT_ ? wb_lang_name((enum wb_lang)value) : NULL;
}

/* Index = the enum's value. */
static const char *const themes[] = { [WB_THEME_DARK] = "dark", [WB_THEME_LIGHT] = "light", NULL };
static const char *const privacies[] = {
	[WB_PRIVACY_OFF] = "off", [WB_PRIVACY_HIDE_NAMES] = "names", [WB_PRIVACY_HIDE_TEXT] = "text", NULL
};
_Static_assert(sizeof(enum wb_lang) == sizeof(int) && sizeof(enum wb_theme) == sizeof(int) &&
		       sizeof(enum wb_privacy) == sizeof(int),
	       "the enum kind stores an int");

static const struct wb_config_field feed_fields[] = {
	F_TEXT("url", url, feed.url, ""),
	F_TEXT("token", secret, feed.token, ""),
	F_INT("interval_s", feed.interval_s, 2, 3600, 10),
	F_INT("timeout_s", feed.timeout_s, 1, 300, 15),
	F_INT("connect_timeout_s", feed.connect_timeout_s, 1, 120, 5),
	F_INT("backoff_max_s", feed.backoff_max_s, 5, 3600, 300),
	F_TEXT("ca_file", string, feed.ca_file, ""),
	F_SIZE("max_body_bytes", feed.max_body_bytes, 1024, WB_FEED_HARD_MAX_BODY_BYTES,
	       WB_FEED_DEFAULT_MAX_BODY_BYTES),
	F_INT("cache_interval_s", feed.cache_interval_s, 0, 86400, 900),
};

static const struct wb_config_field display_fields[] = {
	F_TEXT("title", string, display.title, ""),
	{ .key = "language",
	  .kind = &wb_config_kind_enum,
	  AT(display.language),
	  .name_of = language_code,
	  .def.i = WB_LANG_NL },
	F_BOOL("ticker", display.ticker, true),
	F_INT("page_s", display.page_s, 3, 600, 15),
	{ .key = "rotation",
	  .kind = &wb_config_kind_int,
	  AT(display.rotation),
	  .lo = 0,
	  .hi = 270,
	  .step = 90,
	  .def.i = 0 },
	F_ENUM("theme", display.theme, themes, WB_THEME_DARK),
	F_NAMES("channels", channels, display.channels, display.n_channels, WB_FEED_MAX_CHANNELS),
	F_NUM("scale", display.scale, 0.5, 2.0, 1.0),
	F_INT("frame_rate", display.frame_rate, 10, 60, 60),
	F_ENUM("privacy", display.privacy, privacies, WB_PRIVACY_OFF),
};

static const struct wb_config_field attainment_fields[] = {
	F_NUM("good_pct", sla.attain_good_pct, 0.0, 100.0, WB_SLA_ATTAIN_GOOD_PCT),
	{ .key = "fair_pct",
	  .kind = &wb_config_kind_number,
	  AT(sla.attain_fair_pct),
	  .lo = 0.0,
	  .hi = 100.0,
	  .def.d = WB_SLA_ATTAIN_FAIR_PCT,
	  .not_above = "good_pct" },
};

/* The values of sla.targets (seconds, up to a week) and sla.warn_ratios;
 * they have no place of their own in struct wb_config. */
static const struct wb_config_field target_value = {
	.key = "target_s",
	.kind = &wb_config_kind_int,
	.lo = 1,
	.hi = 604800,
};
static const struct wb_config_field ratio_value = {
	.key = "warn_ratio",
	.kind = &wb_config_kind_number,
	.lo = 0.0,
	.hi = 1.0,
	.lo_open = true,
};

static const struct wb_config_field sla_fields[] = {
	F_NUM_OPEN("warn_ratio", sla.warn_ratio, 0.0, 1.0, 0.75),
	F_MAP("targets", targets, target_value),
	F_MAP("warn_ratios", warn_ratios, ratio_value),
	F_TEXT("time_zone", time_zone, sla.time_zone, "Europe/Amsterdam"),
	F_HOURS("hours", sla.hours),
	F_LIST("channel_hours", channel_hours),
	F_SECTION("attainment", attainment_fields),
};

static const struct wb_config_field alerts_fields[] = {
	F_LIST("rules", rules),
};

static const struct wb_config_field burn_in_fields[] = {
	F_BOOL("enabled", screen.burn_in.enabled, true),
	F_INT("max_px", screen.burn_in.max_px, 1, WB_BURNIN_MAX_PX, 4),
	F_INT("step_s", screen.burn_in.step_s, 10, 86400, 120),
};

static const struct wb_config_field screen_fields[] = {
	F_HOURS("on", screen.schedule.on),
	F_BOOL("wake_on_critical", screen.schedule.wake_on_critical, false),
	F_BOOL("cec", screen.cec, true),
	F_TEXT("cec_device", string, screen.cec_device, "/dev/cec0"),
	F_SECTION("burn_in", burn_in_fields),
};

static const struct wb_config_field clock_fields[] = {
	F_NAMES("ntp", ntp, clock.ntp, clock.n_ntp, WB_NTP_SERVERS_MAX),
};

/* What monitoring reads over plain HTTP once TLS is on (a names row's
 * .names is its default list). */
static const char *const plain_paths[] = { "/healthz", "/metrics", NULL };

static const struct wb_config_field http_fields[] = {
	F_BOOL("enabled", http.enabled, true),
	F_TEXT("bind", bind, http.bind, "0.0.0.0"),
	F_INT("port", http.port, 0, 65535, 8080),
	F_NAMES("allowed_hosts", hosts, http.allowed_hosts, http.n_allowed_hosts, WB_HTTP_ALLOWED_HOSTS_MAX),
	F_BOOL("tls_enabled", http.tls_enabled, true),
	F_INT("tls_port", http.tls_port, 0, 65535, 8443),
	F_TEXT("tls_cert_file", string, http.tls_cert_file, ""),
	F_TEXT("tls_key_file", string, http.tls_key_file, ""),
	{ .key = "plain_paths",
	  .kind = &wb_config_kind_paths,
	  AT(http.plain_paths),
	  .cap = MEMBER_SIZE(http.plain_paths[0]),
	  .count_offset = offsetof(struct wb_config, http.n_plain_paths),
	  .hi = WB_HTTP_PLAIN_PATHS_MAX,
	  .names = plain_paths },
};

static const struct wb_config_field device_fields[] = {
	F_TEXT("id", device_id, device.id, ""),
	F_TEXT("name", string, device.name, ""),
};

static const struct wb_config_field admin_fields[] = {
	F_TEXT("token", admin_token, admin.token, ""),
	F_TEXT("token_hash", token_hash, admin.token_hash, ""),
};

/* The window's default (automatic) is explained in update.h. */
static const struct wb_config_field update_fields[] = {
	F_TEXT("url", url, update.url, ""),
	F_TEXT("token", secret, update.token, ""),
	F_INT("interval_s", update.interval_s, 60, 604800, 3600),
	F_WINDOW("window", update.window),
	F_INT("health_s", update.health_s, 10, 3600, 120),
	F_INT("max_bundle_mb", update.max_bundle_mb, 16, 2048, 512),
};

static const struct wb_config_field managed_fields[] = {
	F_TEXT("url", web_url, managed.url, ""),
	F_TEXT("token", secret, managed.token, ""),
	F_INT("interval_s", managed.interval_s, 10, 86400, 300),
	F_TEXT("report_url", web_url, managed.report_url, ""),
	F_INT("report_interval_s", managed.report_interval_s, 10, 3600, 60),
};

static const struct wb_config_field root_fields[] = {
	{ .key = "$schema", .kind = &wb_config_kind_schema },
	F_SECTION("feed", feed_fields),
	F_SECTION("display", display_fields),
	F_SECTION("sla", sla_fields),
	F_SECTION("http", http_fields),
	F_SECTION("device", device_fields),
	F_SECTION("admin", admin_fields),
	F_SECTION("alerts", alerts_fields),
	F_SECTION("clock", clock_fields),
	F_SECTION("screen", screen_fields),
	F_SECTION("update", update_fields),
	F_SECTION("managed", managed_fields),
};

const char *const wb_config_secret_paths[] = { "$.feed.token", "$.admin.token", "$.update.token",
					       "$.managed.token", NULL };

const struct wb_config_field *wb_config_fields(size_t *n)
{
	if (n)
		*n = COUNT(root_fields);
	return root_fields;
}

const struct wb_config_field *wb_config_field_find(const struct wb_config_field *fields, size_t n,
						   const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}
