/* The pure parts of HTTPS: the plain-HTTP policy, the redirect's URL and
 * the fingerprint's written form. Kept apart from the sockets so
 * tests/unit/test_tls.c pins every case of the policy. */
#include "wallboard/tls.h"

#include <stdio.h>
#include <string.h>

static bool plain_path(const struct wb_config_http *http, const char *path)
{
	for (size_t i = 0; i < http->n_plain_paths && i < WB_HTTP_PLAIN_PATHS_MAX; i++)
		if (strcmp(http->plain_paths[i], path) == 0)
			return true;
	return false;
}

enum wb_tls_verdict wb_tls_decide(const struct wb_tls_request *req, const struct wb_config_http *http,
				  bool https_running)
{
	if (req->secure || req->peer_local || !http->tls_enabled)
		return WB_TLS_SERVE;
	/* The token has already crossed the network in clear text: refuse it
	 * loudly, even on a public path, so the client gets fixed. */
	if (req->has_authorization)
		return WB_TLS_REFUSE;
	if (plain_path(http, req->path ? req->path : ""))
		return WB_TLS_SERVE;
	return https_running ? WB_TLS_REDIRECT : WB_TLS_UNAVAILABLE;
}

/* A host name, an IPv4 literal or a bracketed IPv6 literal, with an
 * optional ":port": nothing that could end a header or a URL's authority. */
static size_t host_length(const char *h)
{
	if (!h || !h[0])
		return 0;
	size_t n = 0;
	if (h[0] == '[') {
		n = strspn(h + 1, "0123456789abcdefABCDEF:.");
		if (h[1 + n] != ']')
			return 0;
		n += 2;
	} else {
		n = strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
	}
	if (n == 0 || n > 253)
		return 0;
	const char *rest = h + n;
	if (rest[0] == ':' && strspn(rest + 1, "0123456789") == strlen(rest + 1) && strlen(rest + 1) <= 5)
		return n;
	return rest[0] == '\0' ? n : 0;
}

bool wb_tls_redirect_url(const char *host_header, const char *fallback_host, int port, const char *path,
			 char *out, size_t size)
{
	const char *host = host_header;
	size_t host_n = host_length(host_header);
	if (host_n == 0) {
		host = fallback_host ? fallback_host : "";
		host_n = host_length(host);
	}
	char port_s[8] = "";
	if (port != 443 && port > 0 && port <= 65535)
		snprintf(port_s, sizeof port_s, ":%d", port);
	int w = snprintf(out, size, "https://%.*s%s", (int)host_n, host, port_s);
	if (w < 0 || (size_t)w >= size)
		goto too_long;
	size_t at = (size_t)w;
	static const char hex[] = "0123456789ABCDEF";
	const char *p = path && path[0] == '/' ? path : "/";
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     strchr("-._~/", c);
		if (at + (plain ? 1 : 3) >= size)
			goto too_long;
		if (plain) {
			out[at++] = (char)c;
		} else {
			out[at++] = '%';
			out[at++] = hex[c >> 4];
			out[at++] = hex[c & 15];
		}
	}
	out[at] = '\0';
	return true;
too_long:
	if (size)
		out[0] = '\0';
	return false;
}

bool wb_tls_fingerprint_format(const unsigned char *digest, size_t n, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	if (size == 0)
		return false;
	out[0] = '\0';
	if (n == 0 || size < 3 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		out[3 * i] = hex[digest[i] >> 4];
		out[3 * i + 1] = hex[digest[i] & 15];
		out[3 * i + 2] = i + 1 < n ? ':' : '\0';
	}
	return true;
}
