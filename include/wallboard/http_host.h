/* Which Host a request may name (DNS rebinding, issue 17), and the
 * absolute-form request target (RFC 9112 3.2.2). Pure: the board's names,
 * addresses and the configured list are passed in, so tests and fuzz
 * harnesses call it without sockets (firmware/net/http/host.c). */
#ifndef WALLBOARD_HTTP_HOST_H
#define WALLBOARD_HTTP_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/limits.h" /* WB_HTTP_HOST_MAX */

/* An address as text, as platform/netinfo.c writes it. */
#define WB_HTTP_HOST_ADDRESS_MAX 64

/* What the board answers to. */
struct wb_http_host_self {
	/* Its host names, without ".local": each also matches as "<name>.local". */
	const char *const *names;
	size_t n_names;
	/* IP literals of the machine (IPv4, IPv6 without brackets). */
	const char (*addresses)[WB_HTTP_HOST_ADDRESS_MAX];
	size_t n_addresses;
	/* http.allowed_hosts: more names (or IP literals) an admin lets in. */
	const char (*allowed)[WB_HTTP_HOST_MAX + 1];
	size_t n_allowed;
};

/* Whether a request whose Host header (or absolute-form authority) is host
 * may be answered. NULL (no Host: HTTP/1.0) and "" are allowed: a browser
 * always sends the name it resolved, so only a named host can be a rebound
 * one. Otherwise, with any ":port" taken off and case ignored: "localhost",
 * one of names or "<name>.local", a loopback literal (127.0.0.0/8, [::1]),
 * one of addresses ("[…]" around IPv6), or one of allowed. */
bool wb_http_host_allowed(const char *host, const struct wb_http_host_self *self);

/* Whether host ("1.2.3.4", "[::1]:8080") is an IP literal: only then do
 * the machine's addresses matter (the caller can skip looking them up). */
bool wb_http_host_is_ip(const char *host);

/* An absolute-form target ("http://board:8080/healthz"): its authority into
 * authority (size bytes) and *path set to where its path starts within
 * target ("" means "/"); true. false when target is not absolute-form
 * ("/healthz", "*"), or its authority has userinfo or does not fit. */
bool wb_http_target_split(const char *target, char *authority, size_t size, const char **path);

#endif
