/* The wallboard's settings: defaults, and a strict JSON reader that reports
 * every problem with its path (docs/configuration.md). Unknown keys are errors:
 * a typo in a config file must not be silently ignored. Pure: file reading is
 * the caller's. Ranges and defaults of every key are in one place, the field
 * table in firmware/core/config/fields.c; the comments here say what a member
 * means, not what it accepts. */
#ifndef WALLBOARD_CONFIG_H
#define WALLBOARD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/burnin.h"
#include "wallboard/device.h"
#include "wallboard/hours.h"
#include "wallboard/i18n.h"
#include "wallboard/limits.h"
#include "wallboard/rules.h"
#include "wallboard/schedule.h"
#include "wallboard/status.h"
#include "wallboard/tz.h"
#include "wallboard/update.h"

struct wb_sla_target_override {
	char channel[WB_FEED_CHANNEL_ID_MAX + 1];
	int64_t target_s;
};

struct wb_sla_ratio_override {
	char channel[WB_FEED_CHANNEL_ID_MAX + 1];
	double warn_ratio;
};

/* Opening hours of one channel, replacing sla.hours for it. */
struct wb_channel_hours {
	char channel[WB_FEED_CHANNEL_ID_MAX + 1];
	struct wb_hours hours;
};

enum wb_theme {
	WB_THEME_DARK = 0, /* a dark room-friendly board */
	WB_THEME_LIGHT,    /* bright offices, where a dark screen reads as "off" */
};

/* What the ticker keeps off the wall, for offices where customers' names
 * must not hang where visitors read them (display.privacy). */
enum wb_privacy {
	WB_PRIVACY_OFF = 0,    /* "off": everything the feed sends */
	WB_PRIVACY_HIDE_NAMES, /* "names": no author, @handles in the text masked */
	WB_PRIVACY_HIDE_TEXT,  /* "text": no author and no text; time, channel, sentiment */
};

#define WB_ADMIN_HASH_MAX 128

struct wb_config {
	struct {
		char url[WB_URL_MAX];     /* http, https or file URL; empty: none set */
		char token[WB_TOKEN_MAX]; /* bearer token; empty: none */
		int interval_s;           /* between polls after a success */
		int timeout_s;            /* total transfer timeout */
		int connect_timeout_s;
		int backoff_max_s;         /* ceiling of the failure backoff */
		char ca_file[WB_PATH_MAX]; /* extra CA bundle; empty: system store only */
		size_t max_body_bytes;
		/* The last good document is written to the state directory at
		 * most this often (the first at once, the newest pending one at a
		 * clean exit): it only matters after a reboot, and every write
		 * wears the SD card. 0: on every change. */
		int cache_interval_s;
	} feed;
	struct {
		char title[WB_FEED_TITLE_MAX + 1]; /* empty: use the feed's title */
		enum wb_lang language;
		bool ticker;
		int page_s;   /* seconds per page when channels are paged */
		int rotation; /* degrees clockwise */
		enum wb_theme theme;
		/* Channel ids in the order to show them; channels the feed has but
		 * this list lacks are hidden. n_channels 0: all, in feed order. */
		size_t n_channels;
		char channels[WB_FEED_MAX_CHANNELS][WB_FEED_CHANNEL_ID_MAX + 1];
		double scale; /* text and tile size factor */
		/* Animation frames a second (the ticker, the critical pulse): the
		 * display's refresh rate; lower only to save CPU. */
		int frame_rate;
		/* What of each mention the ticker shows (author, text). */
		enum wb_privacy privacy;
	} display;
	struct {
		double warn_ratio; /* amber from this share of the target */
		/* Per-channel overrides of the feed's target in seconds; ids as in
		 * the feed. A file that has "targets" replaces the whole list. */
		size_t n_targets;
		struct wb_sla_target_override targets[WB_FEED_MAX_CHANNELS];
		/* Per-channel amber ratios that replace warn_ratio; a file that has
		 * "warn_ratios" replaces the whole list. */
		size_t n_warn_ratios;
		struct wb_sla_ratio_override warn_ratios[WB_FEED_MAX_CHANNELS];
		/* Zone of every weekly schedule (opening hours, screen on-hours);
		 * a tz database name. */
		char time_zone[WB_TZ_NAME_MAX + 1];
		/* Opening hours for all channels: waiting counts only while open. */
		struct wb_hours hours;
		/* Per-channel hours; "channel_hours" in a file replaces the list. */
		size_t n_channel_hours;
		struct wb_channel_hours channel_hours[WB_FEED_MAX_CHANNELS];
		/* within_target_pct colours: green >= good, amber >= fair, else
		 * red; fair <= good. */
		double attain_good_pct;
		double attain_fair_pct;
	} sla;
	struct wb_config_http {
		bool enabled;
		char bind[64]; /* IPv4 or IPv6 literal */
		int port;      /* 0: any free port, for tests */
		/* Host names (or IP literals) a request's Host may carry besides
		 * the board's own names and addresses (net/http/host.c). */
		size_t n_allowed_hosts;
		char allowed_hosts[WB_HTTP_ALLOWED_HOSTS_MAX][WB_HTTP_HOST_MAX + 1];
		/* HTTPS (docs/security.md): a second listener on tls_port (0: any
		 * free port) with the device's generated certificate, or the
		 * admin's pair of PEM files when both are named. While on, plain
		 * HTTP from other hosts serves only plain_paths. */
		bool tls_enabled;
		int tls_port;
		char tls_cert_file[WB_PATH_MAX];
		char tls_key_file[WB_PATH_MAX];
		size_t n_plain_paths;
		char plain_paths[WB_HTTP_PLAIN_PATHS_MAX][WB_HTTP_PLAIN_PATH_MAX + 1];
	} http;
	/* Who the board is on the network (device.h): the id in the status,
	 * the hostname and the mDNS announcement; read once at start. */
	struct {
		char id[WB_DEVICE_ID_MAX];     /* "": derived from the serial, MAC or machine id */
		char name[WB_DEVICE_NAME_MAX]; /* a human name, "Floor 2 east"; "" none */
	} device;
	struct {
		/* Input only: a token from a config file or the API, at least 16
		 * characters. The caller hashes it into token_hash and wipes it
		 * (wb_auth_seal_config); it is never written or shown back. */
		char token[WB_TOKEN_MAX];
		/* Salted hash of the admin token ("wbh1$<salt hex>$<hash hex>");
		 * the token itself is never kept. "": none set yet. */
		char token_hash[WB_ADMIN_HASH_MAX];
	} admin;
	/* Local sentiment alert rules (rules.h). "rules" in a file replaces
	 * the whole list. */
	struct wb_rules_config alerts;
	struct {
		/* NTP servers for systemd-timesyncd, in order of preference,
		 * written out by --ntp-file; none: the servers DHCP hands out. */
		size_t n_ntp;
		char ntp[WB_NTP_SERVERS_MAX][WB_NTP_NAME_MAX + 1];
	} clock;
	struct {
		struct wb_schedule schedule;
		bool cec; /* HDMI-CEC standby/wake when off/on */
		char cec_device[WB_PATH_MAX];
		struct wb_burnin burn_in;
	} screen;
	/* A/B updates pulled from a manifest (update.h); uploads through the
	 * API need none of it but the bundle cap. */
	struct {
		char url[WB_URL_MAX];           /* the manifest; empty: no pull */
		char token[WB_TOKEN_MAX];       /* bearer token for manifest and bundle; empty: none */
		int interval_s;                 /* between manifest polls */
		struct wb_update_window window; /* when a pulled bundle may be installed */
		/* No feed reachable: a slot is healthy once the render loop has
		 * stayed healthy this long (the health file, for the commit). */
		int health_s;
		int max_bundle_mb; /* the largest bundle taken, pulled or uploaded */
	} update;
	/* Central management (net/managed.c): a config fragment polled from
	 * url, and status reports posted to report_url. */
	struct {
		char url[WB_URL_MAX];        /* http or https; "{id}" becomes the device id; empty: off */
		char token[WB_TOKEN_MAX];    /* bearer token for both; empty: none */
		int interval_s;              /* between polls of url, plus up to 10 % jitter */
		char report_url[WB_URL_MAX]; /* where the status is POSTed; empty: no reports */
		int report_interval_s;       /* between reports; a change of state reports at once */
	} managed;
};

/* Every key at its default (the field table's). */
void wb_config_defaults(struct wb_config *cfg);

/* Reads a JSON config document over *cfg (keys it does not name keep their
 * value). Every problem goes into problems with its path ("$.feed.interval_s");
 * problems are appended, so clear the list first (NULL: only the status).
 * Strings are limited to their buffer less the NUL, must be valid UTF-8 and
 * free of control characters. A top-level "$schema" string is allowed for
 * editors and ignored. Returns WB_OK, or WB_ERR_INVALID with *cfg untouched. */
enum wb_status wb_config_parse(const char *json, size_t len, struct wb_config *cfg,
			       struct wb_problems *problems);

/* What a serialized config is for. */
enum wb_config_audience {
	WB_CONFIG_FOR_STATE, /* the state file: everything, secrets included (hash only for admin) */
	WB_CONFIG_FOR_API,   /* GET /api/v1/config: secrets as WB_CONFIG_REDACTED, no hash */
};

/* What a redacted secret reads as; sent back unchanged it means "keep". */
#define WB_CONFIG_REDACTED "********"
#define WB_ADMIN_TOKEN_MIN 16

/* The whole document as indented JSON (every key, in file order), readable
 * back by wb_config_parse. Caller frees; NULL when out of memory. */
char *wb_config_to_json(const struct wb_config *cfg, enum wb_config_audience audience);

/* The next config from an API body. merge false (PUT): body is the whole
 * document, keys left out take their value in below (the layers under the
 * device's own changes; NULL: the defaults); merge true (PATCH): body is an
 * RFC 7396 merge patch over the document GET shows (current). A secret sent
 * back as WB_CONFIG_REDACTED keeps its value; the admin token hash is kept
 * unless next->admin.token is set (then the caller seals it). On error *next is untouched and problems say why; *not_json tells a
 * syntax error (400) from an invalid config (422). */
enum wb_status wb_config_update(const struct wb_config *current, const struct wb_config *below,
				const char *body, size_t len, bool merge, struct wb_config *next,
				bool *not_json, struct wb_problems *problems);

/* True when every key of the top-level section ("feed", "display", "sla",
 * "http", "admin", "alerts", "clock", "screen", "update", "managed") means the same in a and b, compared
 * field by field (padding and bytes after a string's end never count).
 * False for an unknown section name or a NULL config. */
bool wb_config_equal_section(const struct wb_config *a, const struct wb_config *b, const char *section);

/* The same over the whole config. */
bool wb_config_equal(const struct wb_config *a, const struct wb_config *b);

/* First-boot import (--import-config): file_json is a config file that must
 * be valid on its own (its problems carry its own paths); it is then applied
 * as an RFC 7396 merge patch over current as the state file holds it, so keys
 * it leaves out keep their value (a null is not valid alone, so it never
 * reaches the merge). On
 * success *next is the merged config, admin.token still in clear (the caller
 * seals it, then saves). WB_ERR_INVALID with problems, or WB_ERR_NOMEM; *next
 * untouched then. */
enum wb_status wb_config_import(const struct wb_config *current, const char *file_json, size_t len,
				struct wb_config *next, struct wb_problems *problems);

/* Paths of the secret string fields ("$.feed.token"), NULL-terminated. */
extern const char *const wb_config_secret_paths[];

/* The amber ratio of a channel: its override, else sla.warn_ratio. */
double wb_config_warn_ratio(const struct wb_config *cfg, const char *channel_id);

/* Feed target override for a channel, or 0 when there is none. */
int64_t wb_config_sla_target(const struct wb_config *cfg, const char *channel_id);

/* The opening hours that apply to a channel: its own, else sla.hours. */
const struct wb_hours *wb_config_channel_hours(const struct wb_config *cfg, const char *channel_id);

#endif
