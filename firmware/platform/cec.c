/* Sends CEC standby / wake by running cec-ctl. posix_spawnp with an argv
 * array, so nothing from the config ever reaches a shell; its output goes to
 * /dev/null and it gets a bounded time, so a wedged bus cannot hang us. */
#define _POSIX_C_SOURCE 200809L
#include "wallboard/cec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define POLL_MS 10

size_t wb_cec_argv(const char *program, const char *device, enum wb_cec_action action,
		   const char *argv[WB_CEC_ARGV_MAX])
{
	const char *msg;
	size_t n = 0;

	switch (action) {
	case WB_CEC_STANDBY:
		msg = "--standby";
		break;
	case WB_CEC_WAKE:
		msg = "--image-view-on";
		break;
	default:
		argv[0] = NULL;
		return 0;
	}
	argv[n++] = program ? program : WB_CEC_DEFAULT_PROGRAM;
	argv[n++] = "--skip-info";
	argv[n++] = "-d";
	argv[n++] = device ? device : WB_CEC_DEFAULT_DEVICE;
	argv[n++] = "--playback";
	argv[n++] = "--to";
	argv[n++] = "0";
	argv[n++] = msg;
	argv[n] = NULL;
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/* Waits for pid up to timeout_ms, killing it after; the exit status or -1. */
static int wait_bounded(pid_t pid, int timeout_ms)
{
	int status = 0;

	for (int waited = 0;; waited += POLL_MS) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (waited >= timeout_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
			}
			return -1;
		}
		sleep_ms(POLL_MS);
	}
}

enum wb_status wb_cec_run(const char *program, const char *device, enum wb_cec_action action, int timeout_ms,
			  struct wb_error *err)
{
	const char *argv[WB_CEC_ARGV_MAX];
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status = 0;

	if (wb_cec_argv(program, device, action, argv) == 0) {
		wb_error_set(err, "", "unknown CEC action");
		return WB_ERR_INVALID;
	}
	if (access(argv[3], F_OK) != 0) {
		wb_error_set(err, "", "no CEC device %s", argv[3]);
		return WB_ERR_NOT_FOUND;
	}
	if (posix_spawn_file_actions_init(&fa) != 0)
		return WB_ERR_NOMEM;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	/* posix_spawn's argv is char *const[] for historical reasons; it does
	 * not write to the strings. */
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(void *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == 0) {
		status = wait_bounded(pid, timeout_ms > 0 ? timeout_ms : 0);
		/* Some libcs (and valgrind) report a failed exec as exit 127,
		 * the shell's "command not found", instead of ENOENT. */
		rc = status == 127 ? ENOENT : 0;
	}
	if (rc == ENOENT) {
		wb_error_set(err, "", "%s not installed (apt install v4l-utils)", argv[0]);
		return WB_ERR_NOT_FOUND;
	}
	if (rc != 0) {
		wb_error_set(err, "", "cannot start %s: %s", argv[0], strerror(rc));
		return WB_ERR_IO;
	}
	if (status != 0) {
		wb_error_set(err, "", "%s %s failed (%s)", argv[0], argv[7],
			     status < 0 ? "killed or timed out" : "non-zero exit");
		return WB_ERR_IO;
	}
	return WB_OK;
}
