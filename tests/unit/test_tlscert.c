/* The certificate HTTPS serves (platform/tlscert.c) on a real temporary
 * directory: the device's pair made once and kept, what a damaged, orphaned
 * or foreign file leads to, and the admin's pair checked to belong
 * together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wallboard/fsutil.h"
#include "wallboard/tlscert.h"

struct fixture {
	char dir[64];
	char key[128], cert[128];
};

static int make_dir(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	strcpy(fx->dir, "/tmp/wb-test-tlscert-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->key, sizeof fx->key, "%s/tls/key.pem", fx->dir);
	snprintf(fx->cert, sizeof fx->cert, "%s/tls/cert.pem", fx->dir);
	*state = fx;
	return 0;
}

static int remove_dir(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	int rc = system(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text)
{
	struct wb_error err = { 0 };
	assert_int_equal(wb_fs_write_atomic(path, text, strlen(text), &err), WB_OK);
}

static char *read_text(const char *path)
{
	char *text = NULL;
	size_t len;
	struct wb_error err = { 0 };
	assert_int_equal(wb_fs_read_file(path, 1 << 20, &text, &len, &err), WB_OK);
	return text;
}

static void device(struct wb_tlscert *c, const char *dir)
{
	struct wb_error err = { 0 };
	wb_tlscert_init(c);
	if (wb_tlscert_device(c, dir, "wallboard-1a2b3c4d", &err) != WB_OK)
		fail_msg("%s", err.message);
}

static void test_made_once_then_kept(void **state)
{
	struct fixture *fx = *state;
	struct wb_tlscert first, again;
	device(&first, fx->dir);
	assert_int_equal(first.source, WB_TLSCERT_DEVICE);
	assert_string_equal(wb_tlscert_source_name(first.source), "generated");
	assert_int_equal(strlen(first.fingerprint), WB_TLS_FINGERPRINT_MAX - 1);
	assert_non_null(strstr(first.note, "made a new key and certificate"));
	assert_non_null(strstr(first.key_pem, "-----BEGIN PRIVATE KEY-----"));
	struct stat st;
	assert_int_equal(stat(fx->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	device(&again, fx->dir);
	assert_string_equal(again.fingerprint, first.fingerprint);
	assert_string_equal(again.cert_pem, first.cert_pem);
	assert_string_equal(again.note, "");
	wb_tlscert_fini(&first);
	wb_tlscert_fini(&again);
	assert_null(again.key_pem);
	wb_tlscert_fini(&again); /* twice is fine */
}

static void test_damaged_files_are_set_aside_and_replaced(void **state)
{
	struct fixture *fx = *state;
	struct wb_tlscert first, c;
	device(&first, fx->dir);
	char *key_before = read_text(fx->key);

	/* A damaged certificate: a new one for the same key. */
	write_text(fx->cert, "-----BEGIN CERTIFICATE-----\nnot base64\n");
	device(&c, fx->dir);
	assert_string_not_equal(c.fingerprint, first.fingerprint);
	assert_non_null(strstr(c.note, "cert.pem was damaged or of another key, kept as"));
	char bad[160];
	snprintf(bad, sizeof bad, "%s.bad", fx->cert);
	assert_int_equal(access(bad, F_OK), 0);
	char *key_after = read_text(fx->key);
	assert_string_equal(key_after, key_before);
	free(key_after);
	wb_tlscert_fini(&c);

	/* A damaged key: a new key, and the certificate of the old one goes too. */
	write_text(fx->key, "garbage");
	device(&c, fx->dir);
	assert_non_null(strstr(c.note, "key.pem was damaged"));
	assert_non_null(strstr(c.note, "made a new key and certificate"));
	key_after = read_text(fx->key);
	assert_string_not_equal(key_after, key_before);
	free(key_after);
	wb_tlscert_fini(&c);

	/* The key gone, the certificate left: a new pair. */
	assert_int_equal(unlink(fx->key), 0);
	device(&c, fx->dir);
	assert_non_null(strstr(c.note, "made a new key and certificate"));
	wb_tlscert_fini(&c);
	free(key_before);
	wb_tlscert_fini(&first);
}

static void test_a_foreign_certificate_is_refused_and_left_alone(void **state)
{
	struct fixture *fx = *state;
	struct wb_tlscert a, b;
	char other[96];
	snprintf(other, sizeof other, "%s/other", fx->dir);
	device(&a, fx->dir);
	device(&b, other);
	write_text(fx->cert, b.cert_pem);
	struct wb_tlscert c;
	struct wb_error err = { 0 };
	wb_tlscert_init(&c);
	assert_int_equal(wb_tlscert_device(&c, fx->dir, "wallboard-1a2b3c4d", &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "does not belong to"));
	assert_null(c.cert_pem);
	assert_null(c.key_pem);
	char *kept = read_text(fx->cert);
	assert_string_equal(kept, b.cert_pem);
	free(kept);
	wb_tlscert_fini(&a);
	wb_tlscert_fini(&b);
}

static void test_admin_pair_is_checked(void **state)
{
	struct fixture *fx = *state;
	struct wb_tlscert a, b, c;
	char other[96], other_cert[128], missing[128];
	snprintf(other, sizeof other, "%s/other", fx->dir);
	snprintf(other_cert, sizeof other_cert, "%s/tls/cert.pem", other);
	snprintf(missing, sizeof missing, "%s/none.pem", fx->dir);
	device(&a, fx->dir);
	device(&b, other);
	struct wb_error err = { 0 };
	wb_tlscert_init(&c);
	assert_int_equal(wb_tlscert_load(&c, fx->cert, fx->key, &err), WB_OK);
	assert_int_equal(c.source, WB_TLSCERT_ADMIN);
	assert_string_equal(c.fingerprint, a.fingerprint);
	assert_int_equal(wb_tlscert_load(&c, other_cert, fx->key, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "is not the key of the certificate in"));
	assert_string_equal(err.path, "$.http.tls_key_file");
	assert_int_equal(c.source, WB_TLSCERT_NONE);
	assert_int_equal(wb_tlscert_load(&c, missing, fx->key, &err), WB_ERR_NOT_FOUND);
	assert_string_equal(err.path, "$.http.tls_cert_file");
	assert_int_equal(wb_tlscert_load(&c, fx->key, fx->key, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "is not a PEM certificate"));
	assert_int_equal(wb_tlscert_load(&c, fx->cert, fx->cert, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "is not an unencrypted PEM private key"));
	wb_tlscert_fini(&a);
	wb_tlscert_fini(&b);
	wb_tlscert_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_made_once_then_kept, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_damaged_files_are_set_aside_and_replaced, make_dir,
						remove_dir),
		cmocka_unit_test_setup_teardown(test_a_foreign_certificate_is_refused_and_left_alone,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_admin_pair_is_checked, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
