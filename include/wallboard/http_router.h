/* The HTTP server's route table and its pure matcher: method + path (with
 * "{name}" segments) to the operation that answers it, its auth requirement and
 * its body rule. No libmicrohttpd here, so tests/unit/test_router.c checks the
 * table against docs/openapi.yaml and the matching on its own. */
#ifndef WALLBOARD_HTTP_ROUTER_H
#define WALLBOARD_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

/* The longest "{name}" segment any route takes. */
#define WB_HTTP_PARAM_MAX 127
/* "GET, HEAD, PUT, PATCH, POST" and its terminator. */
#define WB_HTTP_ALLOW_MAX 32

/* One request being answered (firmware/net/http/internal.h). */
struct wb_http_exchange;
/* Queues the answer; returns libmicrohttpd's MHD_YES or MHD_NO. */
typedef int (*wb_http_handler)(struct wb_http_exchange *x);

/* What a request's body must be; checked before the body is read. */
enum wb_http_body {
	WB_HTTP_BODY_ANY = 0,             /* read (within the cap) and ignored */
	WB_HTTP_BODY_JSON,                /* Content-Type application/json, else 415 */
	WB_HTTP_BODY_JSON_OR_MERGE_PATCH, /* application/merge-patch+json or application/json */
	/* application/octet-stream of any length (a firmware bundle): handed to
	 * the op's stream hooks piece by piece as it arrives, never buffered,
	 * so the 64 KiB body cap does not apply; fn answers once it is all in. */
	WB_HTTP_BODY_STREAM,
};

/* The hooks of a streamed body, each on the request's connection thread.
 * begin and piece return true to go on, false when they queued the answer
 * (*rc the result to return). abort runs when the exchange ends after a
 * successful begin and before fn answered: a client that went away, or an
 * answer sent early; it undoes whatever begin started. */
struct wb_http_stream {
	bool (*begin)(struct wb_http_exchange *x, int *rc);
	bool (*piece)(struct wb_http_exchange *x, const char *data, size_t len, int *rc);
	void (*abort)(struct wb_http_exchange *x);
};

/* One method of one path. fn NULL: the path does not take the method. */
struct wb_http_op {
	wb_http_handler fn;
	bool auth; /* needs the admin token; every write has it set */
	enum wb_http_body body;
	const struct wb_http_stream *stream; /* with WB_HTTP_BODY_STREAM only */
};

struct wb_http_route {
	const char *path; /* "/api/v1/alerts/{id}/ack": "{…}" matches one non-empty segment */
	size_t param_max; /* the longest "{…}" value taken; longer: no such path */
	bool (*param_ok)(const char *value);     /* NULL: any segment; false: no such path */
	struct wb_http_op get, put, patch, post; /* get also answers HEAD */
};

enum wb_http_match_result {
	WB_HTTP_MATCHED = 0,
	WB_HTTP_NO_ROUTE,  /* 404 */
	WB_HTTP_NO_METHOD, /* 405, with allow */
};

struct wb_http_match {
	const struct wb_http_route *route; /* NULL: no such path */
	const struct wb_http_op *op;       /* NULL: the route does not take the method */
	char param[WB_HTTP_PARAM_MAX + 1]; /* the "{…}" segment's value, "" when none */
	char allow[WB_HTTP_ALLOW_MAX];     /* the route's methods, for 405's Allow header */
};

/* The board's routes, in matching order (the first that matches wins). */
const struct wb_http_route *wb_http_routes(size_t *count);

/* Matches path and method (case-sensitive, as sent) against table; fills *m. */
enum wb_http_match_result wb_http_route_match(const struct wb_http_route *table, size_t count,
					      const char *path, const char *method, struct wb_http_match *m);

/* The methods a route takes, "GET, HEAD, PUT, PATCH, POST" order, into out. */
void wb_http_route_allow(const struct wb_http_route *route, char *out, size_t size);

/* If-Match (RFC 9110 13.1.1) against the current strong entity tag etag
 * (quoted): true when header is NULL, "*", or a list with a member equal to
 * etag; a weak member (W/"…") never matches, being compared strongly. false
 * also for a header that is not such a list (then 412, like a mismatch). */
bool wb_http_if_match(const char *header, const char *etag);

#endif
