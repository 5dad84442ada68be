/* The program's log: one line per message on stderr, which journald keeps
 * under systemd and the integration tests read line by line. */
#include <stdarg.h>
#include <stdio.h>

#include "app.h"

void wb_app_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* Several threads log (the server's, the pull's): the line is one
	 * locked unit, or two could interleave mid-line. */
	flockfile(stderr);
	fputs("wallboard: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	/* stderr may be a pipe (tests, journald): a line must not wait. */
	fflush(stderr);
	funlockfile(stderr);
}
