/* The program's log: one line per message on stderr, which journald keeps
 * under systemd and the integration tests read line by line, and a copy in
 * the recent-lines ring that GET /api/v1/log serves. */
#include <stdarg.h>
#include <stdio.h>

#include "wallboard/clock.h"
#include "wallboard/logring.h"

#include "app.h"

/* Handed over by main() before any thread starts and taken back after the
 * last one is joined (wb_app_log_to), so it only changes while one thread
 * runs; the ring has its own lock for the lines. */
static struct wb_logring *recent;

void wb_app_log_to(struct wb_logring *ring)
{
	recent = ring;
}

void wb_app_say(const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* Several threads log (the server's, the pull's): the line is one
	 * locked unit, or two could interleave mid-line. */
	flockfile(stderr);
	fputs("wallboard: ", stderr);
	fputs(line, stderr);
	fputc('\n', stderr);
	/* stderr may be a pipe (tests, journald): a line must not wait. */
	fflush(stderr);
	/* Inside stderr's lock, so the ring has the lines in stderr's order. */
	wb_logring_add(recent, wb_clock_wall_ms(), line);
	funlockfile(stderr);
}
