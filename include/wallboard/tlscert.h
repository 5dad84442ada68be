/* The certificate HTTPS serves (platform/tlscert.c, GnuTLS): the device's
 * own, generated at first start into <state-dir>/tls/, or the admin's pair
 * of PEM files; either way with its SHA-256 fingerprint for the screen, the
 * status and wallboardctl. */
#ifndef WALLBOARD_TLSCERT_H
#define WALLBOARD_TLSCERT_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/status.h"
#include "wallboard/tls.h"

enum wb_tlscert_source {
	WB_TLSCERT_NONE,
	WB_TLSCERT_DEVICE, /* generated here: <state-dir>/tls/key.pem, cert.pem */
	WB_TLSCERT_ADMIN,  /* http.tls_cert_file and http.tls_key_file */
};

struct wb_tlscert {
	enum wb_tlscert_source source;
	char *cert_pem;                           /* NUL-terminated PEM, the chain as read */
	char *key_pem;                            /* NUL-terminated PEM; wiped by fini */
	char fingerprint[WB_TLS_FINGERPRINT_MAX]; /* of the first (the server's) certificate */
	/* What the last call did beyond loading, for the log: "generated a
	 * new key and certificate", a damaged file it set aside; "" nothing. */
	char note[WB_PATH_MAX + 128];
};

/* "generated", "admin" or "" (the status's word). */
const char *wb_tlscert_source_name(enum wb_tlscert_source source);

void wb_tlscert_init(struct wb_tlscert *cert);
/* Wipes the key and frees; safe on an initialised or a zeroed struct. */
void wb_tlscert_fini(struct wb_tlscert *cert);

/* The device's own pair in <state_dir>/tls/: loaded, or made when absent
 * (ECDSA P-256, self-signed, valid from 2000 to 9999 because the clock may
 * not be set yet, subjectAltName hostname and hostname.local). A file that
 * is there but is demonstrably not a PEM key or certificate is renamed to
 * *.bad and replaced (a certificate also when the key is new); one that
 * cannot be read, or a certificate that does not belong to the key, is an
 * error and nothing is replaced. The key is written 0600, atomically. */
enum wb_status wb_tlscert_device(struct wb_tlscert *cert, const char *state_dir, const char *hostname,
				 struct wb_error *err);

/* The admin's pair: both files read (PEM, at most WB_TLS_PEM_MAX each) and
 * checked to belong together. Never written to. */
enum wb_status wb_tlscert_load(struct wb_tlscert *cert, const char *cert_file, const char *key_file,
			       struct wb_error *err);

#endif
