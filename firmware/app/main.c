/* wallboard: the program's entry. Parses the command line and picks the mode:
 * a one-shot command (check or import a config, render one PNG) or the board
 * itself (app.c). Holds the program's only global, the SIGUSR1 flag, and
 * creates the ring of recent log lines that log.c fills and the server shows. */
#include <signal.h>

#include "wallboard/auth.h"
#include "wallboard/logring.h"

#include "app.h"

/* Set from the signal handler, read by the main loop (task_dump.c): the only
 * asynchronous state, and the only global. */
static volatile sig_atomic_t dump_requested;

/* GET /api/v1/log: the last lines said, within a byte cap. */
#define LOG_RING_LINES 200
#define LOG_RING_BYTES (64u * 1024u)

static void on_sigusr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

int main(int argc, char **argv)
{
	struct wb_app_options opts;
	int prc = wb_app_parse_options(argc, argv, &opts);
	if (prc != 0)
		return prc > 0 ? 0 : 2;
	/* Checking a file needs nothing else, not even libsodium. */
	if (opts.check_config_path)
		return wb_app_check_config(opts.check_config_path);

	struct wb_error err;
	wb_error_clear(&err);
	if (wb_auth_init(&err) != WB_OK) {
		wb_app_say("%s", err.message);
		return 1;
	}
	if (opts.print_hostname)
		return wb_app_print_hostname(&opts);
	if (opts.import_config_path)
		return wb_app_import_config(&opts);
	if (opts.screenshot_path)
		return wb_app_screenshot(&opts);
	/* No ring (out of memory) only means an empty GET /api/v1/log. */
	opts.log_ring = wb_logring_create(LOG_RING_LINES, LOG_RING_BYTES);
	wb_app_log_to(opts.log_ring);
	int rc = wb_app_run(&opts, &dump_requested, on_sigusr1);
	wb_app_log_to(NULL);
	wb_logring_destroy(opts.log_ring);
	return rc;
}
