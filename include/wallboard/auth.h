/* The admin token: generated pairing codes, salted hashes (libsodium's
 * BLAKE2b, keyed with a random salt) and constant-time checks. The token
 * itself is never stored: only "wbh1$<salt hex>$<hash hex>".
 *
 * Why not a slow password hash: tokens are at least 16 characters (generated
 * ones carry 100 random bits) and guessing online is rate limited, so a
 * deliberately slow hash would only cost the Pi ~0.5 s per API request. */
#ifndef WALLBOARD_AUTH_H
#define WALLBOARD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/config.h"
#include "wallboard/status.h"

/* "K7QF-M2XD-9RTA-WP4H-3NCB": 20 symbols of Crockford base32 (no I, L, O, U
 * to misread from a screen) in groups of four. */
#define WB_AUTH_PAIRING_CODE_SIZE 25

/* Call once before threads start. */
enum wb_status wb_auth_init(struct wb_error *err);

void wb_auth_generate_code(char out[WB_AUTH_PAIRING_CODE_SIZE]);

/* Writes a fresh salted hash of token into out (WB_ADMIN_HASH_MAX). */
void wb_auth_hash(const char *token, char *out, size_t size);

/* Whether token matches the stored hash; false for an empty or malformed one. */
bool wb_auth_verify(const char *token, const char *stored_hash);

/* token read as a pairing code: case, dashes and spaces ignored, O read as
 * 0 and I or L as 1 (Crockford base32), so "dfd5 3sek…" is "DFD5-3SEK-…".
 * true with the code in its shown form in out when token is 20 symbols of
 * the code's alphabet so read; false otherwise. */
bool wb_auth_pairing_form(const char *token, char out[WB_AUTH_PAIRING_CODE_SIZE]);

/* The admin gate's check: token as sent, or its pairing form when it has
 * one (a pairing code is typed from a screen, and stays the token once
 * used). A guess in another form is still one guess: one call, one answer. */
bool wb_auth_verify_admin(const char *token, const char *stored_hash);

/* Replaces cfg->admin.token, when set, by its hash and wipes the plain text. */
void wb_auth_seal_config(struct wb_config *cfg);

#endif
