/* The connections the server holds, against a slowloris (issue 17): each
 * request's headers and body must be in within WB_HTTP_REQUEST_DEADLINE_S of
 * its start (accept, or the end of the previous answer on a kept-alive
 * connection) however steadily they trickle, and when WB_HTTP_CONNECTIONS
 * are open a newcomer closes the oldest one still sending its request, so
 * /healthz stays answerable while attackers hold slots from many addresses.
 * libmicrohttpd names each connection's socket (NOTIFY_CONNECTION); closing
 * is a shutdown() of it, which wakes that connection's thread. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"
#include "wallboard/clock.h"

static size_t open_count(const struct wb_server *s)
{
	size_t n = 0;
	for (size_t i = 0; i < WB_HTTP_CONN_SLOTS; i++)
		n += s->conns[i].c && !s->conns[i].closing;
	return n;
}

/* Ends e's connection: its thread sees the socket shut and lets it go. A
 * request still sending its head gets 408 first (RFC 9110 15.5.9: the
 * server closes an unused or unfinished connection); in its body, the
 * answer could cross a 100 Continue, so it only sees the close. */
static void close_conn(struct wb_http_conn *e, bool say_timeout)
{
	static const char timeout[] = "HTTP/1.1 408 Request Timeout\r\n"
				      "Content-Type: application/json\r\n"
				      "Cache-Control: no-store\r\n"
				      "Connection: close\r\n"
				      "Content-Length: 74\r\n\r\n"
				      "{\"error\":\"request_timeout\",\"message\":\"the request did not "
				      "arrive in time\"}";
	e->closing = true;
	if (say_timeout && e->phase == WB_HTTP_CONN_HEAD && !e->tls)
		(void)!send(e->fd, timeout, sizeof timeout - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(e->fd, SHUT_RDWR);
}

/* Closes requests past their deadline; the caller holds conns_lock. */
static void sweep(struct wb_server *s, int64_t now_ms)
{
	for (size_t i = 0; i < WB_HTTP_CONN_SLOTS; i++) {
		struct wb_http_conn *e = &s->conns[i];
		if (!e->c || e->closing || e->phase == WB_HTTP_CONN_ANSWERING ||
		    now_ms - e->start_ms < WB_HTTP_REQUEST_DEADLINE_S * 1000)
			continue;
		close_conn(e, true);
		s->conns_closed_deadline++;
	}
}

/* The oldest connection not yet answering, those still sending their head
 * first (they have shown least); NULL when all are being answered. */
static struct wb_http_conn *oldest_unanswered(struct wb_server *s, const struct wb_http_conn *spare)
{
	struct wb_http_conn *best = NULL;
	for (size_t i = 0; i < WB_HTTP_CONN_SLOTS; i++) {
		struct wb_http_conn *e = &s->conns[i];
		if (!e->c || e->closing || e == spare || e->phase == WB_HTTP_CONN_ANSWERING)
			continue;
		if (!best || e->phase < best->phase ||
		    (e->phase == best->phase && e->start_ms < best->start_ms))
			best = e;
	}
	return best;
}

/* Whether c came in on the HTTPS daemon: asked of the daemon's own flags,
 * so it holds from its first connection on. */
static bool on_tls(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *d = MHD_get_connection_info(c, MHD_CONNECTION_INFO_DAEMON);
	const union MHD_DaemonInfo *f = d ? MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_FLAGS) : NULL;
	return f && (f->flags & MHD_USE_TLS);
}

static void started(struct wb_server *s, struct MHD_Connection *c, void **socket_context)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	int64_t now = wb_clock_mono_ms();
	bool full_now = false;
	pthread_mutex_lock(&s->conns_lock);
	struct wb_http_conn *e = NULL;
	for (size_t i = 0; i < WB_HTTP_CONN_SLOTS && !e; i++)
		if (!s->conns[i].c)
			e = &s->conns[i];
	/* libmicrohttpd takes no more than there are slots: always found. */
	if (e && info) {
		*e = (struct wb_http_conn){
			.c = c, .fd = info->connect_fd, .start_ms = now, .tls = on_tls(c)
		};
		*socket_context = e;
	}
	sweep(s, now);
	while (open_count(s) > WB_HTTP_CONNECTIONS) {
		struct wb_http_conn *victim = oldest_unanswered(s, e);
		if (!victim)
			break;
		close_conn(victim, false);
		s->conns_closed_room++;
	}
	if (open_count(s) >= WB_HTTP_CONNECTIONS && !s->conns_full) {
		s->conns_full = true;
		full_now = true;
	}
	pthread_mutex_unlock(&s->conns_lock);
	if (full_now)
		wb_http_log(s,
			    "http: %d connections open, the most: a new one closes the oldest still sending "
			    "its request",
			    WB_HTTP_CONNECTIONS);
}

static void closed(struct wb_server *s, void **socket_context)
{
	struct wb_http_conn *e = *socket_context;
	unsigned long long room = 0, deadline = 0;
	bool room_again = false;
	pthread_mutex_lock(&s->conns_lock);
	if (e)
		memset(e, 0, sizeof *e);
	if (s->conns_full && open_count(s) < WB_HTTP_CONNECTIONS / 2) {
		s->conns_full = false;
		room_again = true;
		room = s->conns_closed_room;
		deadline = s->conns_closed_deadline;
	}
	pthread_mutex_unlock(&s->conns_lock);
	*socket_context = NULL;
	if (room_again)
		wb_http_log(s,
			    "http: connections below half the most again (closed so far: %llu to make room, "
			    "%llu past the request deadline)",
			    room, deadline);
}

void wb_http_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			   enum MHD_ConnectionNotificationCode toe)
{
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		started(cls, c, socket_context);
	else
		closed(cls, socket_context);
}

void wb_http_conn_phase(struct wb_server *s, struct MHD_Connection *c, enum wb_http_conn_phase phase)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct wb_http_conn *e = info ? info->socket_context : NULL;
	if (!e)
		return;
	pthread_mutex_lock(&s->conns_lock);
	if (phase == WB_HTTP_CONN_HEAD)
		e->start_ms = wb_clock_mono_ms();
	e->phase = phase;
	pthread_mutex_unlock(&s->conns_lock);
}

void wb_http_conns_sweep(struct wb_server *s, int64_t now_ms)
{
	pthread_mutex_lock(&s->conns_lock);
	sweep(s, now_ms);
	pthread_mutex_unlock(&s->conns_lock);
}
