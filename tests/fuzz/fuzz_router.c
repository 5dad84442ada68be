/* The HTTP route matcher (net/http/router.c) against the board's own table
 * and an independent matcher written from http_router.h's contract: a match
 * is the first route whose segments fit, its op is that route's op for the
 * method (HEAD as GET), its parameter fits param_max and param_ok; a 405's
 * Allow names exactly the methods the route takes. The input is a method,
 * a NUL, and the path as the server hands it over. */
#include "fuzz.h"
#include "wallboard/http_router.h"

/* One "{…}" segment at most per route (the table's shape). */
static bool fits(const struct wb_http_route *r, const char *path, char *param)
{
	const char *p = r->path, *u = path;
	param[0] = '\0';
	for (;;) {
		size_t pn = strcspn(p, "/"), un = strcspn(u, "/");
		if (pn > 1 && p[0] == '{' && p[pn - 1] == '}') {
			if (un == 0 || un > r->param_max || un > WB_HTTP_PARAM_MAX)
				return false;
			memcpy(param, u, un);
			param[un] = '\0';
		} else if (pn != un || memcmp(p, u, pn) != 0)
			return false;
		p += pn;
		u += un;
		if (!*p || !*u)
			break;
		p++, u++; /* both at a '/' */
	}
	return !*p && !*u && (!param[0] || !r->param_ok || r->param_ok(param));
}

static const struct wb_http_op *op_of(const struct wb_http_route *r, const char *method)
{
	if (!strcmp(method, "GET") || !strcmp(method, "HEAD"))
		return &r->get;
	if (!strcmp(method, "PUT"))
		return &r->put;
	if (!strcmp(method, "PATCH"))
		return &r->patch;
	if (!strcmp(method, "POST"))
		return &r->post;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	struct fuzz_in rest;
	char *method = fuzz_split(data, size, &len, &rest);
	char *path = malloc(rest.n + 1);
	FUZZ_CHECK(path, "out of memory");
	memcpy(path, rest.p, rest.n);
	path[rest.n] = '\0';

	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);
	static struct wb_http_match m;
	enum wb_http_match_result res = wb_http_route_match(table, count, path, method, &m);

	char param[WB_HTTP_PARAM_MAX + 1];
	const struct wb_http_route *want = NULL;
	for (size_t i = 0; i < count && !want; i++)
		if (fits(&table[i], path, param))
			want = &table[i];
	FUZZ_CHECK(m.route == want, "path \"%s\" matched %s, the first route that fits is %s", path,
		   m.route ? m.route->path : "none", want ? want->path : "none");
	if (!want) {
		FUZZ_CHECK(res == WB_HTTP_NO_ROUTE && !m.op, "no route, yet not a 404");
		goto out;
	}
	FUZZ_CHECK(strlen(m.param) <= want->param_max, "parameter longer than the route's param_max");
	FUZZ_CHECK(strcmp(m.param, param) == 0, "parameter \"%s\", the segment is \"%s\"", m.param, param);
	const struct wb_http_op *op = op_of(want, method);
	if (op && op->fn) {
		FUZZ_CHECK(res == WB_HTTP_MATCHED && m.op == op, "%s %s: not the route's op", method,
			   want->path);
		goto out;
	}
	FUZZ_CHECK(res == WB_HTTP_NO_METHOD && !m.op, "%s %s: the route does not take it, yet not 405",
		   method, want->path);
	/* Allow: each method the route takes, once, and nothing else. */
	static const char *const names[] = { "GET", "HEAD", "PUT", "PATCH", "POST" };
	size_t listed = 0;
	for (const char *a = m.allow; *a;) {
		size_t n = strcspn(a, ",");
		bool known = false;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i]) == n && memcmp(a, names[i], n) == 0) {
				const struct wb_http_op *o = op_of(want, names[i]);
				FUZZ_CHECK(o && o->fn, "Allow \"%s\" names %s, which %s does not take",
					   m.allow, names[i], want->path);
				known = true;
			}
		FUZZ_CHECK(known, "Allow \"%s\" names something that is not a method", m.allow);
		listed++;
		a += n;
		if (*a)
			a += strspn(a, ", ");
	}
	size_t takes = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct wb_http_op *o = op_of(want, names[i]);
		takes += o && o->fn;
	}
	FUZZ_CHECK(listed == takes, "Allow \"%s\" lists %zu methods, %s takes %zu", m.allow, listed,
		   want->path, takes);
out:
	free(path);
	free(method);
	return 0;
}
