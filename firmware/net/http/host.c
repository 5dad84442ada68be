/* The Host check against DNS rebinding: a page on the LAN that rebinds its
 * own name to the board makes the browser send that name, never one of the
 * board's, so a request naming something else is refused (421) before any
 * data is read out. Pure: see include/wallboard/http_host.h. */
#include "wallboard/http_host.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* An IP literal as bytes: family AF_INET or AF_INET6, 0 when not one. */
struct literal {
	int family;
	unsigned char bytes[16];
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* host without its port (and without brackets around IPv6) into out; false
 * when it is not a host[:port] at all. */
static bool strip_port(const char *host, char *out, size_t size, bool *bracketed)
{
	*bracketed = false;
	const char *end;
	if (host[0] == '[') {
		const char *close = strchr(host, ']');
		if (!close || (close[1] && (close[1] != ':' || !all_digits(close + 2))))
			return false;
		host++;
		end = close;
		*bracketed = true;
	} else {
		const char *colon = strchr(host, ':');
		if (colon && (strchr(colon + 1, ':') || !all_digits(colon + 1)))
			return false;
		end = colon ? colon : host + strlen(host);
	}
	size_t n = (size_t)(end - host);
	if (n == 0 || n >= size)
		return false;
	memcpy(out, host, n);
	out[n] = '\0';
	/* "board.local." is the same name as "board.local". */
	if (!*bracketed && n > 1 && out[n - 1] == '.')
		out[n - 1] = '\0';
	return true;
}

static struct literal literal_of(const char *text)
{
	struct literal l = { 0 };
	if (inet_pton(AF_INET, text, l.bytes) == 1)
		l.family = AF_INET;
	else if (inet_pton(AF_INET6, text, l.bytes) == 1)
		l.family = AF_INET6;
	return l;
}

static bool same_literal(const struct literal *a, const struct literal *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;
	return a->family && a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

static bool loopback(const struct literal *l)
{
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	return (l->family == AF_INET && l->bytes[0] == 127) ||
	       (l->family == AF_INET6 && memcmp(l->bytes, v6_loopback, 16) == 0);
}

/* name is "<own>" or "<own>.local", case ignored. */
static bool own_name(const char *name, const char *own)
{
	size_t n = strlen(own);
	return n && strncasecmp(name, own, n) == 0 &&
	       (name[n] == '\0' || strcasecmp(name + n, ".local") == 0);
}

bool wb_http_host_is_ip(const char *host)
{
	char bare[WB_HTTP_HOST_MAX + 1];
	bool bracketed;
	return host && strip_port(host, bare, sizeof bare, &bracketed) && literal_of(bare).family;
}

bool wb_http_host_allowed(const char *host, const struct wb_http_host_self *self)
{
	if (!host || !host[0])
		return true;
	char bare[WB_HTTP_HOST_MAX + 1];
	bool bracketed;
	if (!strip_port(host, bare, sizeof bare, &bracketed))
		return false;
	struct literal l = literal_of(bare);
	/* IPv6 only in brackets (strip_port refuses it bare), nothing else in them. */
	if (bracketed && l.family != AF_INET6)
		return false;
	if (l.family) {
		if (loopback(&l))
			return true;
		for (size_t i = 0; i < self->n_addresses; i++) {
			struct literal own = literal_of(self->addresses[i]);
			if (same_literal(&l, &own))
				return true;
		}
		for (size_t i = 0; i < self->n_allowed; i++) {
			struct literal ok = literal_of(self->allowed[i]);
			if (same_literal(&l, &ok))
				return true;
		}
		return false;
	}
	if (strcasecmp(bare, "localhost") == 0)
		return true;
	for (size_t i = 0; i < self->n_names; i++)
		if (self->names[i] && own_name(bare, self->names[i]))
			return true;
	for (size_t i = 0; i < self->n_allowed; i++)
		if (strcasecmp(bare, self->allowed[i]) == 0)
			return true;
	return false;
}

static bool refuse(struct wb_http_head_verdict *v, unsigned status, const char *error, const char *message)
{
	v->status = status;
	v->error = error;
	v->message = message;
	return false;
}

bool wb_http_head_judge(const struct wb_http_head *head, const struct wb_http_host_self *self,
			struct wb_http_head_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->path = head->target;
	v->host = head->host;
	if (head->target_bytes > WB_HTTP_URI_MAX)
		return refuse(v, 414, "uri_too_long", "request target over 8 KiB");
	if (head->header_bytes > WB_HTTP_HEADERS_MAX)
		return refuse(v, 431, "header_fields_too_large", "request headers over 32 KiB");
	/* origin-form ("/…"), asterisk-form (exactly "*") or absolute-form:
	 * anything else is no target (RFC 9112 3.2; fuzz_http found "*x"). */
	if (head->target[0] != '/' && strcmp(head->target, "*") != 0) {
		if (!wb_http_target_split(head->target, v->authority, sizeof v->authority, &v->path))
			return refuse(v, 400, "bad_request",
				      "the request target is neither a path nor an http URL");
		v->host = v->authority;
	} else if (!head->host && strcmp(head->version, "HTTP/1.0") != 0) {
		/* RFC 9112 3.2: HTTP/1.1 without Host is a 400; HTTP/1.0 may leave it out. */
		return refuse(v, 400, "bad_request", "HTTP/1.1 needs a Host header");
	}
	if (!v->path[0])
		v->path = "/";
	if (!wb_http_host_allowed(v->host, self))
		return refuse(v, 421, "misdirected_request",
			      "this board does not answer to that host name (http.allowed_hosts)");
	return true;
}

bool wb_http_target_split(const char *target, char *authority, size_t size, const char **path)
{
	size_t scheme;
	if (strncasecmp(target, "http://", 7) == 0)
		scheme = 7;
	else if (strncasecmp(target, "https://", 8) == 0)
		scheme = 8;
	else
		return false;
	const char *a = target + scheme;
	size_t n = strcspn(a, "/?#");
	/* userinfo ("user@host") is deprecated for http (RFC 9110 4.2.4) and
	 * only ever a way to make a name look like another. */
	if (n >= size || memchr(a, '@', n))
		return false;
	/* The path part starts the path, or is empty ("http://host#x" is not). */
	if (a[n] && a[n] != '/')
		return false;
	memcpy(authority, a, n);
	authority[n] = '\0';
	*path = a + n;
	return true;
}
