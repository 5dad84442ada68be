/* Admin token hashing with libsodium: crypto_generichash (BLAKE2b-256) keyed
 * with a 16-byte random salt, compared with sodium_memcmp. */
#include "wallboard/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SALT_BYTES 16
#define HASH_BYTES 32
#define PREFIX "wbh1$"

enum wb_status wb_auth_init(struct wb_error *err)
{
	if (sodium_init() < 0) {
		wb_error_set(err, "", "libsodium could not initialise (no random source?)");
		return WB_ERR_IO;
	}
	return WB_OK;
}

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_SYMBOLS 20

/* symbols[i] grouped in fours with dashes into out. */
static void group(const char symbols[CODE_SYMBOLS], char out[WB_AUTH_PAIRING_CODE_SIZE])
{
	size_t at = 0;
	for (int i = 0; i < CODE_SYMBOLS; i++) {
		if (i > 0 && i % 4 == 0)
			out[at++] = '-';
		out[at++] = symbols[i];
	}
	out[at] = '\0';
}

void wb_auth_generate_code(char out[WB_AUTH_PAIRING_CODE_SIZE])
{
	char symbols[CODE_SYMBOLS];
	for (int i = 0; i < CODE_SYMBOLS; i++)
		symbols[i] = alphabet[randombytes_uniform(32)];
	group(symbols, out);
}

bool wb_auth_pairing_form(const char *token, char out[WB_AUTH_PAIRING_CODE_SIZE])
{
	char symbols[CODE_SYMBOLS];
	size_t n = 0;
	bool ok = token != NULL;
	for (const char *p = token; ok && *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		/* Crockford's reading of the letters the alphabet leaves out. */
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		ok = n < CODE_SYMBOLS && strchr(alphabet, c) != NULL;
		if (ok)
			symbols[n++] = c;
	}
	ok = ok && n == CODE_SYMBOLS;
	if (ok)
		group(symbols, out);
	sodium_memzero(symbols, sizeof symbols);
	return ok;
}

bool wb_auth_verify_admin(const char *token, const char *stored_hash)
{
	if (wb_auth_verify(token, stored_hash))
		return true;
	char code[WB_AUTH_PAIRING_CODE_SIZE];
	bool ok = wb_auth_pairing_form(token, code) && strcmp(code, token) != 0 &&
		  wb_auth_verify(code, stored_hash);
	sodium_memzero(code, sizeof code);
	return ok;
}

static void digest(const char *token, const unsigned char salt[SALT_BYTES], unsigned char hash[HASH_BYTES])
{
	crypto_generichash(hash, HASH_BYTES, (const unsigned char *)token, strlen(token), salt, SALT_BYTES);
}

void wb_auth_hash(const char *token, char *out, size_t size)
{
	unsigned char salt[SALT_BYTES], hash[HASH_BYTES];
	char salt_hex[SALT_BYTES * 2 + 1], hash_hex[HASH_BYTES * 2 + 1];

	randombytes_buf(salt, sizeof salt);
	digest(token, salt, hash);
	sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
	sodium_bin2hex(hash_hex, sizeof hash_hex, hash, sizeof hash);
	snprintf(out, size, PREFIX "%s$%s", salt_hex, hash_hex);
	sodium_memzero(hash, sizeof hash);
}

bool wb_auth_verify(const char *token, const char *stored_hash)
{
	unsigned char salt[SALT_BYTES], want[HASH_BYTES], got[HASH_BYTES];
	size_t salt_len = 0, want_len = 0;
	const char *end = NULL;

	if (!token || !token[0] || !stored_hash || strncmp(stored_hash, PREFIX, strlen(PREFIX)) != 0)
		return false;
	const char *p = stored_hash + strlen(PREFIX);
	if (sodium_hex2bin(salt, sizeof salt, p, strlen(p), NULL, &salt_len, &end) != 0 ||
	    salt_len != SALT_BYTES || *end != '$')
		return false;
	p = end + 1;
	if (sodium_hex2bin(want, sizeof want, p, strlen(p), NULL, &want_len, &end) != 0 ||
	    want_len != HASH_BYTES || *end != '\0')
		return false;
	digest(token, salt, got);
	bool ok = sodium_memcmp(got, want, HASH_BYTES) == 0;
	sodium_memzero(got, sizeof got);
	return ok;
}

void wb_auth_seal_config(struct wb_config *cfg)
{
	if (!cfg->admin.token[0])
		return;
	wb_auth_hash(cfg->admin.token, cfg->admin.token_hash, sizeof cfg->admin.token_hash);
	sodium_memzero(cfg->admin.token, sizeof cfg->admin.token);
}
