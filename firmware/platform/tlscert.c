/* The certificate HTTPS serves, through GnuTLS: the device's own pair made
 * at first start (no clock is trusted, so it is valid from 2000 to 9999 and
 * users compare its fingerprint instead of trusting a CA), or the admin's
 * pair read from the files the config names. */
#include "wallboard/tlscert.h"

#include <errno.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "wallboard/device.h"
#include "wallboard/fsutil.h"

#define NOT_BEFORE_S 946684800 /* 2000-01-01T00:00:00Z */
#define SERIAL_BYTES 16

const char *wb_tlscert_source_name(enum wb_tlscert_source source)
{
	switch (source) {
	case WB_TLSCERT_DEVICE:
		return "generated";
	case WB_TLSCERT_ADMIN:
		return "admin";
	case WB_TLSCERT_NONE:
	default:
		return "";
	}
}

void wb_tlscert_init(struct wb_tlscert *cert)
{
	memset(cert, 0, sizeof *cert);
}

static void free_key(char **key)
{
	if (*key)
		gnutls_memset(*key, 0, strlen(*key));
	free(*key);
	*key = NULL;
}

void wb_tlscert_fini(struct wb_tlscert *cert)
{
	free_key(&cert->key_pem);
	free(cert->cert_pem);
	wb_tlscert_init(cert);
}

/* A copy of GnuTLS's datum as a NUL-terminated string of ours. */
static char *datum_text(const gnutls_datum_t *d)
{
	char *s = malloc((size_t)d->size + 1);
	if (s) {
		memcpy(s, d->data, d->size);
		s[d->size] = '\0';
	}
	return s;
}

static gnutls_datum_t text_datum(const char *text)
{
	return (gnutls_datum_t){ (unsigned char *)(void *)(uintptr_t)text, (unsigned)strlen(text) };
}

static enum wb_status gnutls_failed(struct wb_error *err, const char *what, int rc)
{
	wb_error_set(err, "", "tls: %s: %s", what, gnutls_strerror(rc));
	return rc == GNUTLS_E_MEMORY_ERROR ? WB_ERR_NOMEM : WB_ERR_INVALID;
}

/* The PEM text of path: WB_OK, WB_ERR_NOT_FOUND (absent), or another error
 * with err set (unreadable, too large). */
static enum wb_status read_pem(const char *path, char **text, struct wb_error *err)
{
	size_t len;
	struct wb_error read_err = { 0 };
	enum wb_status st = wb_fs_read_file(path, WB_TLS_PEM_MAX, text, &len, &read_err);
	if (st != WB_OK && st != WB_ERR_NOT_FOUND)
		wb_error_set(err, "", "tls: cannot read %s: %s", path, read_err.message);
	return st;
}

static int import_key(gnutls_x509_privkey_t key, const char *pem)
{
	gnutls_datum_t d = text_datum(pem);
	return gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_PEM, NULL, 0);
}

static int import_cert(gnutls_x509_crt_t crt, const char *pem)
{
	gnutls_datum_t d = text_datum(pem);
	return gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
}

/* Whether crt carries key's public half (their key ids agree). */
static bool pair_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char a[64], b[64];
	size_t na = sizeof a, nb = sizeof b;
	return gnutls_x509_crt_get_key_id(crt, 0, a, &na) == 0 &&
	       gnutls_x509_privkey_get_key_id(key, 0, b, &nb) == 0 && na == nb && memcmp(a, b, na) == 0;
}

static enum wb_status take_fingerprint(struct wb_tlscert *cert, gnutls_x509_crt_t crt, struct wb_error *err)
{
	unsigned char digest[WB_TLS_SHA256_BYTES];
	size_t n = sizeof digest;
	int rc = gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, digest, &n);
	if (rc < 0)
		return gnutls_failed(err, "fingerprint", rc);
	wb_tls_fingerprint_format(digest, n, cert->fingerprint, sizeof cert->fingerprint);
	return WB_OK;
}

enum wb_status wb_tlscert_load(struct wb_tlscert *cert, const char *cert_file, const char *key_file,
			       struct wb_error *err)
{
	wb_tlscert_fini(cert);
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_privkey_t key = NULL;
	enum wb_status st = read_pem(cert_file, &cert->cert_pem, err);
	if (st == WB_ERR_NOT_FOUND)
		wb_error_set(err, "$.http.tls_cert_file", "tls: %s does not exist", cert_file);
	if (st == WB_OK) {
		st = read_pem(key_file, &cert->key_pem, err);
		if (st == WB_ERR_NOT_FOUND)
			wb_error_set(err, "$.http.tls_key_file", "tls: %s does not exist", key_file);
	}
	if (st == WB_OK && (gnutls_x509_crt_init(&crt) < 0 || gnutls_x509_privkey_init(&key) < 0)) {
		wb_error_set(err, "", "out of memory");
		st = WB_ERR_NOMEM;
	}
	if (st == WB_OK && import_cert(crt, cert->cert_pem) < 0) {
		wb_error_set(err, "$.http.tls_cert_file", "tls: %s is not a PEM certificate", cert_file);
		st = WB_ERR_INVALID;
	}
	if (st == WB_OK && import_key(key, cert->key_pem) < 0) {
		wb_error_set(err, "$.http.tls_key_file", "tls: %s is not an unencrypted PEM private key",
			     key_file);
		st = WB_ERR_INVALID;
	}
	if (st == WB_OK && !pair_matches(crt, key)) {
		wb_error_set(err, "$.http.tls_key_file", "tls: %s is not the key of the certificate in %s",
			     key_file, cert_file);
		st = WB_ERR_INVALID;
	}
	if (st == WB_OK)
		st = take_fingerprint(cert, crt, err);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	if (st != WB_OK)
		wb_tlscert_fini(cert);
	else
		cert->source = WB_TLSCERT_ADMIN;
	return st;
}

/* ---- the device's own pair ---- */

static enum wb_status make_key(gnutls_x509_privkey_t key, char **pem, struct wb_error *err)
{
	int rc = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
					      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	gnutls_datum_t d = { NULL, 0 };
	if (rc >= 0)
		rc = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &d);
	if (rc < 0)
		return gnutls_failed(err, "cannot make a key", rc);
	*pem = datum_text(&d);
	gnutls_memset(d.data, 0, d.size);
	gnutls_free(d.data);
	if (!*pem) {
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	return WB_OK;
}

static int add_names(gnutls_x509_crt_t crt, const char *hostname)
{
	char local[WB_DEVICE_HOSTNAME_MAX + 8];
	snprintf(local, sizeof local, "%s.local", hostname);
	int rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, hostname,
					       (unsigned)strlen(hostname));
	if (rc >= 0)
		rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
						   "Webcare wallboard",
						   (unsigned)strlen("Webcare wallboard"));
	if (rc >= 0)
		rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, hostname,
							  (unsigned)strlen(hostname), GNUTLS_FSAN_APPEND);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, local,
							  (unsigned)strlen(local), GNUTLS_FSAN_APPEND);
	return rc;
}

/* A self-signed server certificate for key. */
static enum wb_status make_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *hostname,
				char **pem, struct wb_error *err)
{
	unsigned char serial[SERIAL_BYTES], key_id[64];
	size_t key_id_n = sizeof key_id;
	int rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);
	serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x40); /* positive, and no leading zero byte */
	if (rc >= 0)
		rc = gnutls_x509_crt_set_version(crt, 3);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_activation_time(crt, (time_t)NOT_BEFORE_S);
	if (rc >= 0) /* (time_t)-1: 99991231235959Z, "no well-defined expiration" (RFC 5280) */
		rc = gnutls_x509_crt_set_expiration_time(crt, (time_t)-1);
	if (rc >= 0)
		rc = add_names(crt, hostname);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key(crt, key);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(crt, 0, key_id, &key_id_n);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_subject_key_id(crt, key_id, key_id_n);
	if (rc >= 0)
		rc = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
	gnutls_datum_t d = { NULL, 0 };
	if (rc >= 0)
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &d);
	if (rc < 0)
		return gnutls_failed(err, "cannot make a certificate", rc);
	*pem = datum_text(&d);
	gnutls_free(d.data);
	if (!*pem) {
		wb_error_set(err, "", "out of memory");
		return WB_ERR_NOMEM;
	}
	return WB_OK;
}

/* A file that is there but is not what it should be: kept beside as
 * NAME.bad, never deleted, so nothing an admin put there is lost. */
static enum wb_status set_aside(const char *path, struct wb_tlscert *cert, struct wb_error *err)
{
	char bad[WB_PATH_MAX + 8];
	snprintf(bad, sizeof bad, "%s.bad", path);
	if (rename(path, bad) != 0) {
		wb_error_set(err, "", "tls: cannot rename %s: %s", path, strerror(errno));
		return WB_ERR_IO;
	}
	size_t at = strlen(cert->note);
	snprintf(cert->note + at, sizeof cert->note - at, "%s%s was damaged or of another key, kept as %s",
		 at ? "; " : "", path, bad);
	return WB_OK;
}

struct device_files {
	char dir[WB_PATH_MAX], key[WB_PATH_MAX + 16], cert[WB_PATH_MAX + 16];
};

/* The key: read, or made when absent or demonstrably not a key. */
static enum wb_status device_key(struct wb_tlscert *cert, const struct device_files *files,
				 gnutls_x509_privkey_t key, bool *made, struct wb_error *err)
{
	*made = false;
	enum wb_status st = read_pem(files->key, &cert->key_pem, err);
	if (st == WB_OK && import_key(key, cert->key_pem) >= 0)
		return WB_OK;
	if (st == WB_OK) {
		free_key(&cert->key_pem);
		st = set_aside(files->key, cert, err);
		if (st != WB_OK)
			return st;
	} else if (st != WB_ERR_NOT_FOUND) {
		return st;
	}
	st = make_key(key, &cert->key_pem, err);
	if (st == WB_OK)
		st = wb_fs_write_atomic_mode(files->key, cert->key_pem, strlen(cert->key_pem), 0600, err);
	*made = st == WB_OK;
	return st;
}

/* The certificate: read and checked against the key, or made when absent,
 * demonstrably not a certificate, or left from a key that is gone. */
static enum wb_status device_cert(struct wb_tlscert *cert, const struct device_files *files,
				  gnutls_x509_privkey_t key, bool key_made, gnutls_x509_crt_t *crt,
				  const char *hostname, struct wb_error *err)
{
	enum wb_status st = read_pem(files->cert, &cert->cert_pem, err);
	if (st != WB_OK && st != WB_ERR_NOT_FOUND)
		return st;
	if (st == WB_OK) {
		bool parsed = import_cert(*crt, cert->cert_pem) >= 0;
		if (parsed && pair_matches(*crt, key))
			return WB_OK;
		if (parsed && !key_made) {
			wb_error_set(err, "", "tls: %s does not belong to %s; remove both to make a new pair",
				     files->cert, files->key);
			return WB_ERR_INVALID;
		}
		free(cert->cert_pem);
		cert->cert_pem = NULL;
		st = set_aside(files->cert, cert, err);
		if (st != WB_OK)
			return st;
		gnutls_x509_crt_deinit(*crt);
		if (gnutls_x509_crt_init(crt) < 0) {
			wb_error_set(err, "", "out of memory");
			return WB_ERR_NOMEM;
		}
	}
	st = make_cert(*crt, key, hostname, &cert->cert_pem, err);
	if (st == WB_OK)
		st = wb_fs_write_atomic_mode(files->cert, cert->cert_pem, strlen(cert->cert_pem), 0644, err);
	if (st == WB_OK) {
		size_t at = strlen(cert->note);
		snprintf(cert->note + at, sizeof cert->note - at, "%smade a new %scertificate in %s",
			 at ? "; " : "", key_made ? "key and " : "", files->dir);
	}
	return st;
}

enum wb_status wb_tlscert_device(struct wb_tlscert *cert, const char *state_dir, const char *hostname,
				 struct wb_error *err)
{
	wb_tlscert_fini(cert);
	struct device_files files;
	snprintf(files.dir, sizeof files.dir, "%s/tls", state_dir);
	snprintf(files.key, sizeof files.key, "%s/key.pem", files.dir);
	snprintf(files.cert, sizeof files.cert, "%s/cert.pem", files.dir);
	enum wb_status st = wb_fs_mkdirs(state_dir, err);
	/* The key's directory is the wallboard user's alone. */
	if (st == WB_OK && mkdir(files.dir, 0700) != 0 && errno != EEXIST) {
		wb_error_set(err, "", "tls: cannot create %s: %s", files.dir, strerror(errno));
		st = WB_ERR_IO;
	}
	if (st != WB_OK)
		return st;
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_privkey_t key = NULL;
	bool key_made = false;
	if (gnutls_x509_crt_init(&crt) < 0 || gnutls_x509_privkey_init(&key) < 0) {
		wb_error_set(err, "", "out of memory");
		st = WB_ERR_NOMEM;
	}
	if (st == WB_OK)
		st = device_key(cert, &files, key, &key_made, err);
	if (st == WB_OK)
		st = device_cert(cert, &files, key, key_made, &crt,
				 hostname && hostname[0] ? hostname : "wallboard", err);
	if (st == WB_OK)
		st = take_fingerprint(cert, crt, err);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	char note[sizeof cert->note];
	memcpy(note, cert->note, sizeof note);
	if (st != WB_OK) {
		wb_tlscert_fini(cert);
		memcpy(cert->note, note, sizeof note); /* what was set aside, even so */
	} else {
		cert->source = WB_TLSCERT_DEVICE;
	}
	return st;
}
