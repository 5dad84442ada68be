/* The HTTP route table (firmware/net/http/router.c) against docs/openapi.yaml:
 * every path and method in both, the same auth requirement; and the pure
 * matcher: {id} segments, 404, 405 with Allow built from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/http_router.h"

#define MAX_OPS 64

/* One operation of the spec: "/api/v1/config" "put", auth. */
struct spec_op {
	char path[128];
	char method[16];
	bool auth;
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc((size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	}
	if (text)
		text[n] = '\0';
	fclose(f);
	return text;
}

static size_t indent_of(const char *line)
{
	return strspn(line, " ");
}

/* A small line reader for the shape docs/openapi.yaml has: "paths:" at the
 * top level, a path at indent 2, a method at indent 4, and "security: []" at
 * indent 6 marking a public operation (the others inherit the top-level
 * "security: - adminToken"). Returns the count, or -1 when the shape is not
 * that (no paths, no top-level adminToken, too many operations). */
static int read_spec(const char *yaml, struct spec_op *ops, size_t max)
{
	static const char *const methods[] = { "get",     "put",  "post",  "delete",
					       "options", "head", "patch", "trace" };
	bool in_paths = false, global_token = false, after_security = false;
	char path[128] = "";
	int n = -1;
	for (const char *line = yaml; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char text[256];
		snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text ? len : sizeof text - 1), line);
		line = end ? end + 1 : NULL;
		size_t ind = indent_of(text);
		const char *t = text + ind;
		if (!*t || *t == '#')
			continue;
		if (ind == 0) {
			in_paths = strcmp(t, "paths:") == 0;
			after_security = strcmp(t, "security:") == 0;
			if (in_paths && n < 0)
				n = 0;
			continue;
		}
		if (after_security && ind == 2 && strcmp(t, "- adminToken: []") == 0)
			global_token = true;
		if (!in_paths)
			continue;
		if (ind == 2 && t[0] == '/' && t[strlen(t) - 1] == ':') {
			snprintf(path, sizeof path, "%.*s", (int)(strlen(t) - 1), t);
		} else if (ind == 4 && t[strlen(t) - 1] == ':') {
			for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
				if (strlen(t) - 1 != strlen(methods[i]) ||
				    strncmp(t, methods[i], strlen(t) - 1) != 0)
					continue;
				if ((size_t)n >= max)
					return -1;
				snprintf(ops[n].path, sizeof ops[n].path, "%s", path);
				snprintf(ops[n].method, sizeof ops[n].method, "%s", methods[i]);
				ops[n].auth = true;
				n++;
			}
		} else if (ind == 6 && n > 0 && strcmp(t, "security: []") == 0) {
			ops[n - 1].auth = false;
		} else if (ind == 6 && n > 0 && strncmp(t, "security:", 9) == 0) {
			return -1; /* an operation's own scheme: teach this reader first */
		}
	}
	return global_token ? n : -1;
}

static const struct wb_http_op *op_of(const struct wb_http_route *r, const char *method)
{
	if (strcmp(method, "get") == 0)
		return &r->get;
	if (strcmp(method, "put") == 0)
		return &r->put;
	if (strcmp(method, "patch") == 0)
		return &r->patch;
	if (strcmp(method, "post") == 0)
		return &r->post;
	return NULL;
}

/* Every difference between table and spec, printed; returns their number. */
static int compare(const struct wb_http_route *table, size_t count, const struct spec_op *ops, int n_ops)
{
	static const char *const methods[] = { "get", "put", "patch", "post" };
	int problems = 0;
	for (int i = 0; i < n_ops; i++) {
		const struct wb_http_route *route = NULL;
		for (size_t r = 0; r < count; r++)
			if (strcmp(table[r].path, ops[i].path) == 0)
				route = &table[r];
		const struct wb_http_op *op = route ? op_of(route, ops[i].method) : NULL;
		if (!op || !op->fn) {
			print_message("spec has %s %s, the route table does not\n", ops[i].method,
				      ops[i].path);
			problems++;
		} else if (op->auth != ops[i].auth) {
			print_message("%s %s: the table says %s, the spec %s\n", ops[i].method, ops[i].path,
				      op->auth ? "token" : "public", ops[i].auth ? "token" : "public");
			problems++;
		}
	}
	for (size_t r = 0; r < count; r++) {
		for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
			if (!op_of(&table[r], methods[m])->fn)
				continue;
			bool found = false;
			for (int i = 0; i < n_ops; i++)
				found |= strcmp(ops[i].path, table[r].path) == 0 &&
					 strcmp(ops[i].method, methods[m]) == 0;
			if (!found) {
				print_message("the route table has %s %s, the spec does not\n", methods[m],
					      table[r].path);
				problems++;
			}
		}
	}
	return problems;
}

/* The operations docs/openapi.yaml lists, into ops (MAX_OPS of them). */
static int spec_ops(struct spec_op *ops)
{
	char *yaml = read_file(WB_OPENAPI);
	assert_non_null(yaml);
	int n = read_spec(yaml, ops, MAX_OPS);
	free(yaml);
	return n;
}

static void test_table_and_openapi_agree(void **state)
{
	(void)state;
	struct spec_op ops[MAX_OPS];
	int n = spec_ops(ops);
	assert_true(n >= 9);
	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);
	assert_int_equal(compare(table, count, ops, n), 0);
}

/* The comparison does fail: a spec that made /healthz need the token, or
 * that lost an operation, or gained one. */
static void test_comparison_catches_a_drift(void **state)
{
	(void)state;
	struct spec_op ops[MAX_OPS];
	int n = spec_ops(ops);
	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);

	struct spec_op changed[MAX_OPS];
	memcpy(changed, ops, sizeof changed);
	for (int i = 0; i < n; i++)
		if (strcmp(changed[i].path, "/healthz") == 0)
			changed[i].auth = true;
	assert_int_equal(compare(table, count, changed, n), 1);
	assert_int_equal(compare(table, count, ops, n - 1), 1); /* one missing from the spec */
	memcpy(changed, ops, sizeof changed);
	snprintf(changed[n].path, sizeof changed[n].path, "%s", "/api/v1/reboot");
	snprintf(changed[n].method, sizeof changed[n].method, "%s", "post");
	changed[n].auth = true;
	assert_int_equal(compare(table, count, changed, n + 1), 1);

	static const char no_global[] = "paths:\n  /healthz:\n    get:\n      security: []\n";
	assert_int_equal(read_spec(no_global, ops, MAX_OPS), -1);
	static const char own_scheme[] = "security:\n  - adminToken: []\npaths:\n  /x:\n    get:\n"
					 "      security:\n        - other: []\n";
	assert_int_equal(read_spec(own_scheme, ops, MAX_OPS), -1);
}

static void test_every_write_needs_the_token(void **state)
{
	(void)state;
	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);
	for (size_t i = 0; i < count; i++) {
		const struct wb_http_op *writes[] = { &table[i].put, &table[i].patch, &table[i].post };
		for (size_t w = 0; w < 3; w++)
			if (writes[w]->fn && !writes[w]->auth) {
				print_message("%s: a write without auth\n", table[i].path);
				fail();
			}
	}
}

static enum wb_http_match_result match(const char *path, const char *method, struct wb_http_match *m)
{
	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);
	return wb_http_route_match(table, count, path, method, m);
}

static void test_fixed_paths_and_methods(void **state)
{
	(void)state;
	struct wb_http_match m;
	assert_int_equal(match("/healthz", "GET", &m), WB_HTTP_MATCHED);
	assert_string_equal(m.route->path, "/healthz");
	assert_ptr_equal(m.op, &m.route->get);
	assert_false(m.op->auth);
	assert_string_equal(m.param, "");
	assert_int_equal(match("/healthz", "HEAD", &m), WB_HTTP_MATCHED);
	assert_ptr_equal(m.op, &m.route->get);

	assert_int_equal(match("/api/v1/config", "PATCH", &m), WB_HTTP_MATCHED);
	assert_ptr_equal(m.op, &m.route->patch);
	assert_true(m.op->auth);
	assert_int_equal(m.op->body, WB_HTTP_BODY_JSON_OR_MERGE_PATCH);
	assert_int_equal(match("/api/v1/config", "PUT", &m), WB_HTTP_MATCHED);
	assert_int_equal(m.op->body, WB_HTTP_BODY_JSON);
	assert_int_equal(match("/api/v1/config", "GET", &m), WB_HTTP_MATCHED);
	assert_true(m.op->auth);
	assert_int_equal(match("/", "GET", &m), WB_HTTP_MATCHED);
	assert_string_equal(m.route->path, "/");

	/* A bundle streams (no 64 KiB cap) and needs the token; its status is public. */
	assert_int_equal(match("/api/v1/update", "POST", &m), WB_HTTP_MATCHED);
	assert_true(m.op->auth);
	assert_int_equal(m.op->body, WB_HTTP_BODY_STREAM);
	assert_non_null(m.op->stream);
	assert_int_equal(match("/api/v1/update", "GET", &m), WB_HTTP_MATCHED);
	assert_false(m.op->auth);
	assert_null(m.op->stream);
	/* Every streamed body has its hooks, and only those have them. */
	size_t n;
	const struct wb_http_route *table = wb_http_routes(&n);
	for (size_t i = 0; i < n; i++) {
		const struct wb_http_op *ops[] = { &table[i].get, &table[i].put, &table[i].patch,
						   &table[i].post };
		for (size_t k = 0; k < 4; k++)
			if ((ops[k]->body == WB_HTTP_BODY_STREAM) != (ops[k]->stream != NULL))
				fail_msg("%s: a streamed body needs its hooks, and only it", table[i].path);
	}
}

static void test_405_lists_the_table_methods(void **state)
{
	(void)state;
	struct wb_http_match m;
	assert_int_equal(match("/api/v1/config", "DELETE", &m), WB_HTTP_NO_METHOD);
	assert_non_null(m.route);
	assert_null(m.op);
	assert_string_equal(m.allow, "GET, HEAD, PUT, PATCH");
	assert_int_equal(match("/healthz", "POST", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "GET, HEAD");
	assert_int_equal(match("/api/v1/identify", "GET", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "POST");
	assert_int_equal(match("/api/v1/alerts/a-17/ack", "PUT", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "POST");
	/* Methods are case-sensitive and whole. */
	assert_int_equal(match("/healthz", "get", &m), WB_HTTP_NO_METHOD);
	assert_int_equal(match("/healthz", "GE", &m), WB_HTTP_NO_METHOD);
	assert_int_equal(match("/api/v1/config", "OPTIONS", &m), WB_HTTP_NO_METHOD);
}

static void test_404_for_unknown_paths(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/nope",
		"/healthz/",
		"/api/v1",
		"/api/v1/",
		"/api/v1/configs",
		"/api/v1/config/",
		"/API/V1/STATUS",
		"",
		"//etc/passwd",
		"/../etc/passwd",
		"/.hidden",
		"/index.html/..",
		"/assets/../index.html",
		"/readme.txt",
		"/app",
		"/a b.js",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct wb_http_match m;
		assert_int_equal(match(paths[i], "GET", &m), WB_HTTP_NO_ROUTE);
		assert_null(m.route);
		assert_null(m.op);
	}
}

static void test_id_segments(void **state)
{
	(void)state;
	struct wb_http_match m;
	assert_int_equal(match("/api/v1/alerts/a-17/ack", "POST", &m), WB_HTTP_MATCHED);
	assert_string_equal(m.route->path, "/api/v1/alerts/{id}/ack");
	assert_string_equal(m.param, "a-17");
	assert_true(m.op->auth);
	/* One non-empty segment, no more. */
	assert_int_equal(match("/api/v1/alerts//ack", "POST", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(match("/api/v1/alerts/a/b/ack", "POST", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(match("/api/v1/alerts/ack", "POST", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(match("/api/v1/alerts/a-17/ack/", "POST", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(match("/api/v1/alerts/a-17/unack", "POST", &m), WB_HTTP_NO_ROUTE);
	/* Up to the row's param_max; the handler rejects what is over the id cap. */
	char path[300], id[200];
	memset(id, 'x', sizeof id);
	size_t count;
	const struct wb_http_route *table = wb_http_routes(&count);
	const struct wb_http_route *ack = NULL;
	for (size_t i = 0; i < count; i++)
		if (strcmp(table[i].path, "/api/v1/alerts/{id}/ack") == 0)
			ack = &table[i];
	assert_non_null(ack);
	snprintf(path, sizeof path, "/api/v1/alerts/%.*s/ack", (int)ack->param_max, id);
	assert_int_equal(match(path, "POST", &m), WB_HTTP_MATCHED);
	assert_int_equal(strlen(m.param), ack->param_max);
	snprintf(path, sizeof path, "/api/v1/alerts/%.*s/ack", (int)ack->param_max + 1, id);
	assert_int_equal(match(path, "POST", &m), WB_HTTP_NO_ROUTE);
	assert_string_equal(m.param, "");

	/* The page's files: one segment the static rule accepts. */
	assert_int_equal(match("/app.js", "GET", &m), WB_HTTP_MATCHED);
	assert_string_equal(m.route->path, "/{file}");
	assert_string_equal(m.param, "app.js");
	assert_false(m.op->auth);
	assert_int_equal(match("/app.js", "POST", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "GET, HEAD");
}

/* The matcher on a table of its own: first match wins, param_ok refuses. */
static int dummy(struct wb_http_exchange *x)
{
	(void)x;
	return 1;
}

static bool only_digits(const char *value)
{
	return strspn(value, "0123456789") == strlen(value);
}

/* Issue 17 finding 14: lists and weak tags, RFC 9110's strong comparison. */
static void test_if_match(void **state)
{
	(void)state;
	const char *etag = "\"a1b2\"";
	static const struct {
		const char *header;
		bool match;
	} cases[] = {
		{ NULL, true },
		{ "*", true },
		{ " * ", true },
		{ "\"a1b2\"", true },
		{ "\"zz\", \"a1b2\"", true },
		{ "\"zz\",\"a1b2\" , \"yy\"", true },
		{ ", \"a1b2\",", true },
		{ "W/\"a1b2\"", false },
		{ "W/\"zz\", W/\"a1b2\"", false },
		{ "W/\"a1b2\", \"a1b2\"", true },
		{ "\"zz\"", false },
		{ "a1b2", false },
		{ "\"a1b2", false },
		{ "\"a1b2\" \"zz\"", false },
		{ "", false },
		{ "*, \"a1b2\"", false },
		{ "\"a1b2\"x", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (wb_http_if_match(cases[i].header, etag) != cases[i].match)
			fail_msg("If-Match: %s: expected %d", cases[i].header ? cases[i].header : "(none)",
				 cases[i].match);
}

static void test_matcher_on_its_own_table(void **state)
{
	(void)state;
	static const struct wb_http_route table[] = {
		{ .path = "/n/{n}", .param_max = 4, .param_ok = only_digits, .get = { dummy, false, 0 } },
		{ .path = "/n/{any}", .param_max = 8, .post = { dummy, true, 0 } },
		{ .path = "/x/{id}/y",
		  .param_max = 8,
		  .put = { dummy, true, 0 },
		  .post = { dummy, true, 0 } },
	};
	struct wb_http_match m;
	assert_int_equal(wb_http_route_match(table, 3, "/n/12", "GET", &m), WB_HTTP_MATCHED);
	assert_ptr_equal(m.route, &table[0]);
	assert_string_equal(m.param, "12");
	/* The first row that matches the path decides, also for 405. */
	assert_int_equal(wb_http_route_match(table, 3, "/n/12", "POST", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "GET, HEAD");
	assert_int_equal(wb_http_route_match(table, 3, "/n/ab", "POST", &m), WB_HTTP_MATCHED);
	assert_ptr_equal(m.route, &table[1]);
	assert_int_equal(wb_http_route_match(table, 3, "/n/12345", "POST", &m), WB_HTTP_MATCHED);
	assert_ptr_equal(m.route, &table[1]); /* over row 0's param_max */
	assert_int_equal(wb_http_route_match(table, 3, "/n/123456789", "POST", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(wb_http_route_match(table, 3, "/x/k/y", "DELETE", &m), WB_HTTP_NO_METHOD);
	assert_string_equal(m.allow, "PUT, POST");
	assert_string_equal(m.param, "k");
	assert_int_equal(wb_http_route_match(table, 3, "/x/k/yy", "PUT", &m), WB_HTTP_NO_ROUTE);
	assert_int_equal(wb_http_route_match(table, 0, "/n/12", "GET", &m), WB_HTTP_NO_ROUTE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_and_openapi_agree),
		cmocka_unit_test(test_comparison_catches_a_drift),
		cmocka_unit_test(test_every_write_needs_the_token),
		cmocka_unit_test(test_fixed_paths_and_methods),
		cmocka_unit_test(test_405_lists_the_table_methods),
		cmocka_unit_test(test_404_for_unknown_paths),
		cmocka_unit_test(test_id_segments),
		cmocka_unit_test(test_matcher_on_its_own_table),
		cmocka_unit_test(test_if_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
