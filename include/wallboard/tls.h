/* The pure parts of HTTPS (firmware/core/tls.c): what a plain-HTTP request
 * gets once TLS is on, where a redirect points, and how a certificate's
 * fingerprint is written. The sockets, GnuTLS and files are elsewhere
 * (net/http/tls.c, platform/tlscert.c). */
#ifndef WALLBOARD_TLS_H
#define WALLBOARD_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/config.h"

/* SHA-256 in openssl's and the browsers' form: 32 bytes as upper-case hex
 * pairs joined by ':' ("AB:01:…"), 95 characters. */
#define WB_TLS_SHA256_BYTES 32
#define WB_TLS_FINGERPRINT_MAX (WB_TLS_SHA256_BYTES * 3)

/* What the server does with one request before routing it. */
enum wb_tls_verdict {
	WB_TLS_SERVE,       /* answer as usual */
	WB_TLS_REDIRECT,    /* 308 to the same path over https */
	WB_TLS_REFUSE,      /* 403 tls_required: an Authorization header over plain HTTP */
	WB_TLS_UNAVAILABLE, /* 503 tls_unavailable: TLS is on but could not start */
};

struct wb_tls_request {
	bool secure;            /* arrived over TLS */
	bool peer_local;        /* from 127.0.0.1 or ::1 (this host) */
	const char *path;       /* the decoded path, without the query */
	bool has_authorization; /* an Authorization header of any scheme */
};

/* The policy: TLS serves everything; so does plain HTTP from this host, or
 * when http.tls_enabled is false. Otherwise plain HTTP refuses any
 * credential (before routing, so it never counts as a failed login), serves
 * the paths of http.plain_paths exactly, and sends the rest to https, or
 * answers 503 when https_running is false (a certificate or port problem:
 * never a fallback to the admin token in clear text). */
enum wb_tls_verdict wb_tls_decide(const struct wb_tls_request *req, const struct wb_config_http *http,
				  bool https_running);

/* "https://HOST[:PORT]PATH" into out (size bytes). HOST is the request's
 * Host header without its port when it holds only the characters of a host
 * name or an IP literal, else fallback_host (the board's name); ":443" is
 * left out; path bytes outside RFC 3986's unreserved set and '/' are
 * percent-encoded. False when it does not fit. */
bool wb_tls_redirect_url(const char *host_header, const char *fallback_host, int port, const char *path,
			 char *out, size_t size);

/* A digest as upper-case hex pairs joined by ':'; out needs 3 * n bytes.
 * False when it does not fit (out is then ""). */
bool wb_tls_fingerprint_format(const unsigned char *digest, size_t n, char *out, size_t size);

#endif
