/* The checks of a request's head before its route (issue 17): which Host it
 * may name (DNS rebinding), the absolute-form target (RFC 9112 3.2.2) and
 * the head's size caps. Pure: the board's names,
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

/* A request's head as far as the checks before its route need it. */
struct wb_http_head {
	const char *target;  /* as libmicrohttpd hands it: decoded, the query cut off */
	size_t target_bytes; /* as sent, query included */
	size_t header_bytes; /* every header's name and value, plus 4 each (": ", CRLF) */
	const char *version; /* "HTTP/1.1" */
	const char *host;    /* the Host header; NULL: none */
};

/* What the head decides: status 0 goes on to the route with path. */
struct wb_http_head_verdict {
	unsigned status;             /* 0, or 400, 414, 421, 431 */
	const char *error, *message; /* the JSON error body's, static */
	const char *path;            /* within head->target; "/" for an empty one */
	const char *host;            /* what the Host check judged: Host, or the target's authority */
	char authority[WB_HTTP_HOST_MAX + 8];
};

/* The checks before any route, in order: the target's size (over
 * WB_HTTP_URI_MAX: 414), the headers' (over WB_HTTP_HEADERS_MAX: 431), the
 * target's form (absolute-form: its path, its authority the host, RFC 9112
 * 3.2.2; neither that nor a path: 400), Host present in HTTP/1.1 (400) and
 * allowed (wb_http_host_allowed against self: 421). Fills *v; true when
 * status is 0. */
bool wb_http_head_judge(const struct wb_http_head *head, const struct wb_http_host_self *self,
			struct wb_http_head_verdict *v);

#endif
