/* Pins the CEC commands without a TV: the exact cec-ctl arguments, and the
 * spawn path against a stand-in tool (a script that records its arguments),
 * a missing tool, a missing device and a failing tool. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wallboard/cec.h"
#include "wallboard/fsutil.h"

static void join(const char *const *argv, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			strncat(buf, " ", size - strlen(buf) - 1);
		strncat(buf, argv[i], size - strlen(buf) - 1);
	}
}

static void test_argv(void **state)
{
	static const struct {
		const char *program, *device;
		enum wb_cec_action action;
		const char *want;
	} cases[] = {
		{ NULL, NULL, WB_CEC_STANDBY,
		  "cec-ctl --skip-info -d /dev/cec0 --playback --to 0 --standby" },
		{ NULL, NULL, WB_CEC_WAKE,
		  "cec-ctl --skip-info -d /dev/cec0 --playback --to 0 --image-view-on" },
		{ "/usr/bin/cec-ctl", "/dev/cec1", WB_CEC_WAKE,
		  "/usr/bin/cec-ctl --skip-info -d /dev/cec1 --playback --to 0 --image-view-on" },
		/* a device name with a space stays one argument: no shell */
		{ NULL, "/dev/my cec", WB_CEC_STANDBY,
		  "cec-ctl --skip-info -d /dev/my cec --playback --to 0 --standby" },
	};
	const char *argv[WB_CEC_ARGV_MAX];
	char buf[256];
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = wb_cec_argv(cases[i].program, cases[i].device, cases[i].action, argv);
		assert_int_equal(n, 8);
		assert_null(argv[n]);
		join(argv, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	assert_string_equal(argv[3], "/dev/my cec");
	assert_int_equal(wb_cec_argv(NULL, NULL, (enum wb_cec_action)7, argv), 0);
	assert_null(argv[0]);
}

static void write_script(const char *path, const char *body)
{
	struct wb_error err;
	assert_int_equal(wb_fs_write_atomic(path, body, strlen(body), &err), WB_OK);
	assert_int_equal(chmod(path, 0755), 0);
}

static void test_run(void **state)
{
	char dir[] = "/tmp/wb-cec-XXXXXX", tool[128], bad[128], device[128], log[128], script[512];
	char *got = NULL;
	size_t len;
	struct wb_error err;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(tool, sizeof tool, "%s/fake-cec-ctl", dir);
	snprintf(bad, sizeof bad, "%s/failing-cec-ctl", dir);
	snprintf(device, sizeof device, "%s/cec0", dir);
	snprintf(log, sizeof log, "%s/args", dir);
	snprintf(script, sizeof script, "#!/bin/sh\necho \"$@\" > %s\necho noise\necho noise >&2\n", log);
	write_script(tool, script);
	write_script(bad, "#!/bin/sh\nexit 3\n");

	/* No device: not found, and the tool is not even started. */
	assert_int_equal(wb_cec_run(tool, device, WB_CEC_STANDBY, 5000, &err), WB_ERR_NOT_FOUND);
	assert_non_null(strstr(err.message, device));
	assert_int_equal(access(log, F_OK), -1);

	assert_int_equal(wb_fs_write_atomic(device, "", 0, &err), WB_OK);
	assert_int_equal(wb_cec_run(tool, device, WB_CEC_STANDBY, 5000, &err), WB_OK);
	assert_int_equal(wb_fs_read_file(log, 4096, &got, &len, &err), WB_OK);
	snprintf(script, sizeof script, "--skip-info -d %s --playback --to 0 --standby\n", device);
	assert_string_equal(got, script);
	free(got);

	assert_int_equal(wb_cec_run(bad, device, WB_CEC_WAKE, 5000, &err), WB_ERR_IO);
	/* A tool that never returns is killed after the timeout. */
	write_script(bad, "#!/bin/sh\nexec sleep 600\n");
	assert_int_equal(wb_cec_run(bad, device, WB_CEC_WAKE, 100, &err), WB_ERR_IO);
	assert_non_null(strstr(err.message, "timed out"));
	assert_int_equal(wb_cec_run("wb-no-such-cec-tool", device, WB_CEC_WAKE, 5000, &err),
			 WB_ERR_NOT_FOUND);
	assert_non_null(strstr(err.message, "not installed"));

	unlink(tool);
	unlink(bad);
	unlink(device);
	unlink(log);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv),
		cmocka_unit_test(test_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
