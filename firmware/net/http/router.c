/* To add an endpoint: write its handler in the h_*.c file of its concern (declared in handlers.h),
 * add one row below, and describe it in docs/openapi.yaml (tests/unit/test_router.c compares the two).
 *
 * The route table and its pure matcher: path segments, "{…}" parameters, the
 * method to the operation, and the Allow list for 405. No libmicrohttpd here. */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "wallboard/limits.h"

/* An ack's id is the feed's alert id. Up to 7 bytes over its maximum still
 * reach the handler (which answers "no active alert", after auth); longer is
 * no such path. Kept from the first server so answers stay byte for byte. */
#define ACK_ID_MAX (WB_FEED_ALERT_ID_MAX + 7)

static const struct wb_http_route routes[] = {
	{ .path = "/", .get = { wb_http_get_index, false, WB_HTTP_BODY_ANY } },
	{ .path = "/healthz", .get = { wb_http_get_healthz, false, WB_HTTP_BODY_ANY } },
	{ .path = "/metrics", .get = { wb_http_get_metrics, false, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/status", .get = { wb_http_get_status, false, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/config",
	  .get = { wb_http_get_config, true, WB_HTTP_BODY_ANY },
	  .put = { wb_http_put_config, true, WB_HTTP_BODY_JSON },
	  .patch = { wb_http_patch_config, true, WB_HTTP_BODY_JSON_OR_MERGE_PATCH } },
	{ .path = "/api/v1/config/sources", .get = { wb_http_get_config_sources, true, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/alerts/{id}/ack",
	  .param_max = ACK_ID_MAX,
	  .post = { wb_http_post_ack, true, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/update",
	  .get = { wb_http_get_update, false, WB_HTTP_BODY_ANY },
	  .post = { wb_http_post_update, true, WB_HTTP_BODY_STREAM, &wb_http_update_upload } },
	{ .path = "/api/v1/identify", .post = { wb_http_post_identify, true, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/screenshot.png", .get = { wb_http_get_screenshot, true, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/log", .get = { wb_http_get_log, true, WB_HTTP_BODY_ANY } },
	{ .path = "/api/v1/feed/test", .post = { wb_http_post_feed_test, true, WB_HTTP_BODY_JSON } },
	/* Last: any other single segment that names a file of the page. */
	{ .path = "/{file}",
	  .param_max = 64,
	  .param_ok = wb_http_static_name_ok,
	  .get = { wb_http_get_file, false, WB_HTTP_BODY_ANY } },
};

const struct wb_http_route *wb_http_routes(size_t *count)
{
	*count = sizeof routes / sizeof routes[0];
	return routes;
}

/* Whether path matches the route's pattern; the "{…}" value goes to param. */
static bool path_matches(const struct wb_http_route *route, const char *path, char *param, size_t param_size)
{
	const char *p = route->path, *u = path;
	param[0] = '\0';
	while (*p) {
		if (*p != '{') {
			if (*p++ != *u++)
				return false;
			continue;
		}
		const char *close = strchr(p, '}');
		if (!close)
			return false;
		size_t n = strcspn(u, "/");
		if (n == 0 || n > route->param_max || n >= param_size)
			return false;
		memcpy(param, u, n);
		param[n] = '\0';
		p = close + 1;
		u += n;
	}
	return *u == '\0' && (!param[0] || !route->param_ok || route->param_ok(param));
}

static const struct wb_http_op *op_for(const struct wb_http_route *route, const char *method)
{
	const struct wb_http_op *op = NULL;
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		op = &route->get;
	else if (strcmp(method, "PUT") == 0)
		op = &route->put;
	else if (strcmp(method, "PATCH") == 0)
		op = &route->patch;
	else if (strcmp(method, "POST") == 0)
		op = &route->post;
	return op && op->fn ? op : NULL;
}

void wb_http_route_allow(const struct wb_http_route *route, char *out, size_t size)
{
	const struct {
		const struct wb_http_op *op;
		const char *names;
	} methods[] = {
		{ &route->get, "GET, HEAD" },
		{ &route->put, "PUT" },
		{ &route->patch, "PATCH" },
		{ &route->post, "POST" },
	};
	size_t at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (!methods[i].op->fn || at >= size)
			continue;
		int n = snprintf(out + at, size - at, "%s%s", at ? ", " : "", methods[i].names);
		at += n > 0 ? (size_t)n : 0;
	}
}

static const char *skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

bool wb_http_if_match(const char *header, const char *etag)
{
	if (!header)
		return true;
	const char *p = skip_ows(header);
	if (*p == '*')
		return *skip_ows(p + 1) == '\0';
	size_t want = strlen(etag);
	bool matched = false;
	for (;;) {
		p = skip_ows(p);
		if (*p == ',') { /* #list allows empty members */
			p++;
			continue;
		}
		if (!*p)
			return matched; /* and false for an empty list */
		bool weak = p[0] == 'W' && p[1] == '/';
		if (weak)
			p += 2;
		if (*p != '"')
			return false;
		const char *close = strchr(p + 1, '"');
		if (!close)
			return false;
		size_t n = (size_t)(close - p) + 1;
		matched |= !weak && n == want && memcmp(p, etag, n) == 0;
		p = skip_ows(close + 1);
		if (*p && *p != ',')
			return false;
	}
}

enum wb_http_match_result wb_http_route_match(const struct wb_http_route *table, size_t count,
					      const char *path, const char *method, struct wb_http_match *m)
{
	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < count; i++) {
		if (!path_matches(&table[i], path, m->param, sizeof m->param))
			continue;
		m->route = &table[i];
		wb_http_route_allow(m->route, m->allow, sizeof m->allow);
		m->op = op_for(m->route, method);
		return m->op ? WB_HTTP_MATCHED : WB_HTTP_NO_METHOD;
	}
	m->param[0] = '\0';
	return WB_HTTP_NO_ROUTE;
}
