/* Who this board is on the network: its device id and hostname, decided from
 * the config and what the hardware says (core/device.c, pure: the sources are
 * read by platform/deviceid.c), and the avahi service file that announces it
 * over mDNS/DNS-SD. */
#ifndef WALLBOARD_DEVICE_H
#define WALLBOARD_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#define WB_DEVICE_ID_MAX 33       /* 32 characters and the NUL: device.id's cap */
#define WB_DEVICE_NAME_MAX 64     /* device.name: 63 bytes, a DNS-SD instance name's most */
#define WB_DEVICE_HOSTNAME_MAX 64 /* one DNS label (63) and the NUL */
#define WB_DEVICE_HOSTNAME_PREFIX "wallboard-"
#define WB_DEVICE_DERIVED_DIGITS 8 /* hex digits of a derived id */
/* The avahi service file: two services of a few TXT records each. */
#define WB_DEVICE_SERVICE_XML_MAX 2048

/* What the board can be identified by, as read from the system; each NULL
 * or "" when there is none. Bytes may hold NULs and newlines (the device
 * tree's serial-number ends in a NUL); only hex digits count. */
struct wb_device_sources {
	const char *serial;     /* the Pi's serial number, "10000000a1b2c3d4" */
	const char *mac;        /* of the first non-loopback interface, "b8:27:eb:12:34:56" */
	const char *machine_id; /* /etc/machine-id, 32 hex digits */
};

enum wb_device_source {
	WB_DEVICE_FROM_NONE = 0,
	WB_DEVICE_FROM_SERIAL,
	WB_DEVICE_FROM_MAC,
	WB_DEVICE_FROM_MACHINE_ID
};

/* "serial", "mac", "machine-id", "none". */
const char *wb_device_source_name(enum wb_device_source source);

/* A device.id: 1 to 32 of a-z, 0-9 and '-', neither first nor last a dash,
 * so that "wallboard-<id>" is one valid DNS label. */
bool wb_device_id_valid(const char *id);

/* The id from the first source that has one (the serial, else the MAC, else
 * the machine id): its last WB_DEVICE_DERIVED_DIGITS hex digits in lower
 * case; a source of zeros only counts as none. Writes "" and returns
 * WB_DEVICE_FROM_NONE when no source has any. out has at least
 * WB_DEVICE_ID_MAX bytes. */
enum wb_device_source wb_device_id_derive(const struct wb_device_sources *src, char *out, size_t size);

/* "wallboard-<id>"; an id that already starts with "wallboard-" as it is. */
void wb_device_hostname_from_id(const char *id, char *out, size_t size);

/* Whether a system hostname is one of ours ("wallboard-" and a valid id
 * after it), so the name the network knows is the one shown. */
bool wb_device_hostname_is_ours(const char *name);

/* The board's identity, resolved once at start. */
struct wb_device_identity {
	char id[WB_DEVICE_ID_MAX];             /* device.id, else the derived one, else "unknown" */
	char hostname[WB_DEVICE_HOSTNAME_MAX]; /* without ".local" */
	enum wb_device_source source;          /* FROM_NONE also when configured */
	bool configured;                       /* id from device.id */
};

/* configured: device.id ("" none); system_hostname: gethostname's (NULL
 * none). The id is the configured one, else the derived one, else
 * "unknown"; the hostname is the system's when it is ours, else
 * "wallboard-<id>". */
void wb_device_resolve(const char *configured, const struct wb_device_sources *src,
		       const char *system_hostname, struct wb_device_identity *out);

/* What the service file announces. */
struct wb_device_service {
	const char *id;
	const char *name;     /* device.name; "" none: the instance is then the hostname */
	const char *hostname; /* without ".local" */
	const char *version;
	int port; /* the HTTP server's */
};

/* The avahi service file (avahi.service(5)) announcing _wallboard._tcp
 * (TXT id, name, version, path=/api/v1) and _http._tcp (the same with
 * path=/, the web page) on port. Returns its length, or 0 when out is too
 * small (WB_DEVICE_SERVICE_XML_MAX always fits). */
size_t wb_device_service_xml(const struct wb_device_service *s, char *out, size_t size);

#endif
