/* The board's identity on the network: a short id that stays the same for a
 * board (from its serial number, else its MAC, else the machine id), the
 * hostname made of it, and the avahi service file that announces both. Pure:
 * the caller reads the sources (platform/deviceid.c). */
#include "wallboard/device.h"

#include <stdio.h>
#include <string.h>

const char *wb_device_source_name(enum wb_device_source source)
{
	switch (source) {
	case WB_DEVICE_FROM_SERIAL:
		return "serial";
	case WB_DEVICE_FROM_MAC:
		return "mac";
	case WB_DEVICE_FROM_MACHINE_ID:
		return "machine-id";
	case WB_DEVICE_FROM_NONE:
	default:
		return "none";
	}
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool wb_device_id_valid(const char *id)
{
	if (!id)
		return false;
	size_t n = strlen(id);
	if (n == 0 || n >= WB_DEVICE_ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char(id[i]))
			return false;
	return true;
}

/* The last WB_DEVICE_DERIVED_DIGITS hex digits of s (fewer when it has fewer),
 * lower case; false when s has none but zeros. */
static bool last_hex(const char *s, char *out, size_t size)
{
	char digits[WB_DEVICE_DERIVED_DIGITS + 1] = "";
	size_t n = 0;
	bool nonzero = false;
	for (; s && *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			continue;
		nonzero |= c != '0';
		/* A ring of the last digits seen, kept in order by shifting. */
		if (n == WB_DEVICE_DERIVED_DIGITS) {
			memmove(digits, digits + 1, WB_DEVICE_DERIVED_DIGITS - 1);
			n--;
		}
		digits[n++] = c;
		digits[n] = '\0';
	}
	if (!nonzero)
		return false;
	snprintf(out, size, "%s", digits);
	return true;
}

enum wb_device_source wb_device_id_derive(const struct wb_device_sources *src, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	if (!src)
		return WB_DEVICE_FROM_NONE;
	if (last_hex(src->serial, out, size))
		return WB_DEVICE_FROM_SERIAL;
	if (last_hex(src->mac, out, size))
		return WB_DEVICE_FROM_MAC;
	if (last_hex(src->machine_id, out, size))
		return WB_DEVICE_FROM_MACHINE_ID;
	return WB_DEVICE_FROM_NONE;
}

static bool has_prefix(const char *s)
{
	return strncmp(s, WB_DEVICE_HOSTNAME_PREFIX, strlen(WB_DEVICE_HOSTNAME_PREFIX)) == 0;
}

void wb_device_hostname_from_id(const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s%s", has_prefix(id) ? "" : WB_DEVICE_HOSTNAME_PREFIX, id);
}

bool wb_device_hostname_is_ours(const char *name)
{
	return name && has_prefix(name) && wb_device_id_valid(name + strlen(WB_DEVICE_HOSTNAME_PREFIX));
}

void wb_device_resolve(const char *configured, const struct wb_device_sources *src,
		       const char *system_hostname, struct wb_device_identity *out)
{
	memset(out, 0, sizeof *out);
	if (configured && configured[0] && wb_device_id_valid(configured)) {
		snprintf(out->id, sizeof out->id, "%s", configured);
		out->configured = true;
	} else {
		out->source = wb_device_id_derive(src, out->id, sizeof out->id);
		if (!out->id[0])
			snprintf(out->id, sizeof out->id, "%s", "unknown");
	}
	/* The name the network knows (the image sets it at boot from the same
	 * id) is the one to show, even before a reboot has caught up with a
	 * new device.id. */
	if (wb_device_hostname_is_ours(system_hostname))
		snprintf(out->hostname, sizeof out->hostname, "%s", system_hostname);
	else
		wb_device_hostname_from_id(out->id, out->hostname, sizeof out->hostname);
}

/* Appends to out at *len; false when it does not fit. */
static bool put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		return false;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return true;
}

static bool put_s(char *out, size_t size, size_t *len, const char *s)
{
	return put(out, size, len, s, strlen(s));
}

/* Text as XML character data: the five special characters as entities. */
static bool put_escaped(char *out, size_t size, size_t *len, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '&'    ? "&amp;"
				: *s == '<'  ? "&lt;"
				: *s == '>'  ? "&gt;"
				: *s == '"'  ? "&quot;"
				: *s == '\'' ? "&apos;"
					     : NULL;
		if (!(e ? put_s(out, size, len, e) : put(out, size, len, s, 1)))
			return false;
	}
	return true;
}

static bool put_service(char *out, size_t size, size_t *len, const struct wb_device_service *s,
			const char *type, const char *path)
{
	char port[16];
	snprintf(port, sizeof port, "%d", s->port);
	const char *txt[][2] = {
		{ "id=", s->id }, { "name=", s->name }, { "version=", s->version }, { "path=", path }
	};
	bool ok = put_s(out, size, len, "  <service>\n    <type>") && put_s(out, size, len, type) &&
		  put_s(out, size, len, "</type>\n    <port>") && put_s(out, size, len, port) &&
		  put_s(out, size, len, "</port>\n");
	for (size_t i = 0; ok && i < sizeof txt / sizeof txt[0]; i++)
		ok = put_s(out, size, len, "    <txt-record>") && put_s(out, size, len, txt[i][0]) &&
		     put_escaped(out, size, len, txt[i][1] ? txt[i][1] : "") &&
		     put_s(out, size, len, "</txt-record>\n");
	return ok && put_s(out, size, len, "  </service>\n");
}

size_t wb_device_service_xml(const struct wb_device_service *s, char *out, size_t size)
{
	size_t len = 0;
	if (size == 0)
		return 0;
	out[0] = '\0';
	/* The instance name people see in a browser of services: the board's
	 * name, else its hostname; avahi renames it on a clash ("... #2"). */
	const char *instance = s->name && s->name[0] ? s->name : s->hostname ? s->hostname : "wallboard";
	bool ok = put_s(out, size, &len,
			"<?xml version=\"1.0\" standalone=\"no\"?>\n"
			"<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n"
			"<!-- Written by the wallboard for avahi-daemon, again when its id, name or port "
			"change. -->\n"
			"<service-group>\n  <name>") &&
		  put_escaped(out, size, &len, instance) && put_s(out, size, &len, "</name>\n") &&
		  put_service(out, size, &len, s, "_wallboard._tcp", "/api/v1") &&
		  put_service(out, size, &len, s, "_http._tcp", "/") &&
		  put_s(out, size, &len, "</service-group>\n");
	if (!ok) {
		out[0] = '\0';
		return 0;
	}
	return len;
}
