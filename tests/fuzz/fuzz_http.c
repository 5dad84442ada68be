/* The HTTP request path without sockets: what net/http decides from a
 * request's head before any handler runs, in the server's order: the head's
 * checks (sizes, target form, Host; host.c), the plain-HTTP policy while
 * HTTPS is on (core/tls.c) with its redirect URL, the route (router.c), and
 * the token's pairing form (net/auth.c). Each step is checked against the
 * contract in its header, not only for not crashing.
 * Input: method, target, version, Host, Authorization, each ended by a NUL
 * (a missing Host is "\x7f"), then parameter bytes: flags, and the sizes the
 * socket would have counted. */
#include "fuzz.h"
#include "wallboard/auth.h"
#include "wallboard/config.h"
#include "wallboard/http_host.h"
#include "wallboard/http_router.h"
#include "wallboard/tls.h"

/* The next NUL-ended field of the input, or "" once it runs out. */
static char *field(struct fuzz_in *in)
{
	const uint8_t *nul = memchr(in->p, 0, in->n);
	size_t len = nul ? (size_t)(nul - in->p) : in->n;
	char *s = malloc(len + 1);
	FUZZ_CHECK(s, "out of memory");
	memcpy(s, in->p, len);
	s[len] = '\0';
	in->p += nul ? len + 1 : len;
	in->n -= nul ? len + 1 : len;
	return s;
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static void check_head(const struct wb_http_head *head, const struct wb_http_host_self *self, bool ok,
		       const struct wb_http_head_verdict *v)
{
	if (!ok) {
		FUZZ_CHECK(v->status == 400 || v->status == 414 || v->status == 421 || v->status == 431,
			   "refused with status %u", v->status);
		FUZZ_CHECK(v->error && v->message && printable(v->error) && printable(v->message),
			   "a refusal without a printable error body");
		/* The sizes come first, whatever else the head holds. */
		if (head->target_bytes > WB_HTTP_URI_MAX)
			FUZZ_CHECK(v->status == 414, "a %zu-byte target got %u", head->target_bytes,
				   v->status);
		else if (head->header_bytes > WB_HTTP_HEADERS_MAX)
			FUZZ_CHECK(v->status == 431, "%zu header bytes got %u", head->header_bytes,
				   v->status);
		return;
	}
	FUZZ_CHECK(v->status == 0, "accepted with status %u", v->status);
	FUZZ_CHECK(head->target_bytes <= WB_HTTP_URI_MAX && head->header_bytes <= WB_HTTP_HEADERS_MAX,
		   "an oversized head accepted");
	FUZZ_CHECK(v->path && (v->path[0] == '/' || strcmp(head->target, "*") == 0),
		   "accepted with the path \"%s\"", v->path ? v->path : "(null)");
	/* The path routed is the target's own (or "/"), never built from outside bytes. */
	size_t tlen = strlen(head->target);
	bool inside = v->path >= head->target && v->path <= head->target + tlen;
	FUZZ_CHECK(inside || strcmp(v->path, "/") == 0, "the path is not the target's");
	/* What was judged is allowed on its own, and is a host, nothing that
	 * could end a header or carry userinfo. */
	if (v->host && v->host[0]) {
		FUZZ_CHECK(wb_http_host_allowed(v->host, self), "\"%s\" passed but is not allowed", v->host);
		FUZZ_CHECK(!strpbrk(v->host, "\r\n@/ "), "a host with CR, LF, '@', '/' or a space passed");
	}
}

static void check_tls(const struct wb_tls_request *req, const struct wb_config_http *http, bool running,
		      const char *host)
{
	enum wb_tls_verdict got = wb_tls_decide(req, http, running);
	/* The policy of docs/security.md, written again. */
	enum wb_tls_verdict want;
	bool listed = false;
	for (size_t i = 0; i < http->n_plain_paths; i++)
		listed = listed || strcmp(req->path, http->plain_paths[i]) == 0;
	if (req->secure || req->peer_local || !http->tls_enabled)
		want = WB_TLS_SERVE;
	else if (req->has_authorization)
		want = WB_TLS_REFUSE;
	else if (listed)
		want = WB_TLS_SERVE;
	else
		want = running ? WB_TLS_REDIRECT : WB_TLS_UNAVAILABLE;
	FUZZ_CHECK(got == want, "plain-HTTP policy: %d, the contract says %d", (int)got, (int)want);

	char url[512];
	if (!wb_tls_redirect_url(host, "wallboard-00000001.local", 8443, req->path, url, sizeof url))
		return;
	/* A Location header: printable ASCII without spaces, https, and an
	 * authority that ends before the path. */
	FUZZ_CHECK(printable(url) && !strchr(url, ' '), "redirect URL not printable: %s", url);
	FUZZ_CHECK(strncmp(url, "https://", 8) == 0, "redirect URL not https: %s", url);
	const char *slash = strchr(url + 8, '/');
	FUZZ_CHECK(slash, "redirect URL without a path: %s", url);
	size_t auth_len = (size_t)(slash - (url + 8));
	FUZZ_CHECK(auth_len > 0 && !memchr(url + 8, '@', auth_len) && !memchr(url + 8, '?', auth_len) &&
			   !memchr(url + 8, '#', auth_len),
		   "redirect URL's authority is no host: %s", url);
}

static void check_pairing(const char *token)
{
	char shown[WB_AUTH_PAIRING_CODE_SIZE], again[WB_AUTH_PAIRING_CODE_SIZE];
	if (!wb_auth_pairing_form(token, shown))
		return;
	FUZZ_CHECK(strlen(shown) == WB_AUTH_PAIRING_CODE_SIZE - 1 && printable(shown),
		   "pairing form \"%s\" is not the shown form", shown);
	/* The shown form reads as itself, and case never matters. */
	FUZZ_CHECK(wb_auth_pairing_form(shown, again) && strcmp(shown, again) == 0,
		   "pairing form not a fixed point: %s -> %s", shown, again);
	char *lower = strdup(token);
	FUZZ_CHECK(lower, "out of memory");
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	FUZZ_CHECK(wb_auth_pairing_form(lower, again) && strcmp(shown, again) == 0,
		   "pairing form depends on case");
	free(lower);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *method = field(&in), *target = field(&in), *version = field(&in), *host = field(&in),
	     *authorization = field(&in);
	unsigned flags = (unsigned)fuzz_u64(&in, 1);

	static const char *const names[] = { "wallboard-00000001", "boardhost" };
	static const char addresses[][WB_HTTP_HOST_ADDRESS_MAX] = { "192.0.2.2", "fd00::2", "127.0.0.1" };
	static const char allowed[][WB_HTTP_HOST_MAX + 1] = { "wallboard.example.nl", "10.1.2.3" };
	struct wb_http_host_self self = {
		.names = names,
		.n_names = 2,
		.addresses = addresses,
		.n_addresses = 3,
		.allowed = allowed,
		.n_allowed = flags & 1 ? 2 : 0,
	};
	struct wb_http_head head = {
		.target = target,
		/* What the socket counted may exceed what was handed over (the
		 * query is cut off): sometimes far more. */
		.target_bytes = strlen(target) + (size_t)fuzz_range(&in, 0, flags & 2 ? 20000 : 64),
		.header_bytes = (size_t)fuzz_range(&in, 0, flags & 4 ? 70000 : 4096),
		.version = version,
		.host = strcmp(host, "\x7f") == 0 ? NULL : host,
	};
	struct wb_http_head_verdict v;
	memset(&v, 0x5a, sizeof v);
	bool ok = wb_http_head_judge(&head, &self, &v);
	check_head(&head, &self, ok, &v);

	if (ok) {
		struct wb_config cfg;
		wb_config_defaults(&cfg);
		cfg.http.tls_enabled = !(flags & 8);
		struct wb_tls_request req = {
			.secure = flags & 16,
			.peer_local = flags & 32,
			.path = v.path,
			.has_authorization = authorization[0] != '\0',
		};
		check_tls(&req, &cfg.http, flags & 64, head.host);

		size_t count;
		const struct wb_http_route *table = wb_http_routes(&count);
		static struct wb_http_match m;
		enum wb_http_match_result res = wb_http_route_match(table, count, v.path, method, &m);
		FUZZ_CHECK(res != WB_HTTP_MATCHED || (m.route && m.op && m.op->fn),
			   "a match without its operation");
		/* Every write needs the token: the table's own promise. */
		if (res == WB_HTTP_MATCHED && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			FUZZ_CHECK(m.op->auth, "%s %s needs no token", method, v.path);
	}
	if (strncmp(authorization, "Bearer ", 7) == 0)
		check_pairing(authorization + 7);

	free(method);
	free(target);
	free(version);
	free(host);
	free(authorization);
	return 0;
}
