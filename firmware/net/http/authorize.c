/* The auth gate of every operation the route table marks auth: the bearer
 * token against the config's hash (net/auth.c, a pairing code in any case or
 * grouping), failed attempts counted per client and in a global budget
 * (wb_ratelimit), and the first use of the pairing code, which keeps its
 * hash by saving the config: outside the server lock.
 *
 * While the global budget is spent every token is refused, the right one
 * too: checking it would tell a guesser which guess was right, and the
 * budget would bound nothing. The admin waits out Retry-After. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "wallboard/auth.h"
#include "wallboard/clock.h"
#include "wallboard/confstore.h"

/* The bearer token of the request, or NULL. */
static const char *bearer_token(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/* The pairing code was just used: save its hash (the device's admin.json) so
 * it survives a restart, then stop showing it. The copy is taken under the
 * lock and saved outside it; save_lock keeps other writers (a config change,
 * another request pairing at the same moment) out until the commit, and the
 * generation check guards that. WB_OK with *paired false: someone else paired
 * first. */
static enum wb_status save_pairing(struct wb_server *s, bool *paired, struct wb_error *err)
{
	*paired = false;
	pthread_mutex_lock(&s->save_lock);
	pthread_mutex_lock(&s->lock);
	if (!s->pairing_pending) {
		pthread_mutex_unlock(&s->lock);
		pthread_mutex_unlock(&s->save_lock);
		return WB_OK;
	}
	char hash[WB_ADMIN_HASH_MAX];
	memcpy(hash, s->cfg.admin.token_hash, sizeof hash);
	uint64_t generation = s->generation;
	pthread_mutex_unlock(&s->lock);

	/* Apart from the config layers: the file goes on applying. */
	enum wb_status st = wb_confstore_save_admin(s->state_dir, hash, err);
	if (st == WB_OK) {
		pthread_mutex_lock(&s->lock);
		if (s->pairing_pending && s->generation == generation) {
			s->pairing_pending = false;
			memcpy(s->layers.admin_hash[WB_CONFIG_LAYER_DEVICE], hash, sizeof hash);
			/* Where the admin token comes from now (GET /api/v1/config/sources). */
			memcpy(s->resolved.admin.token_hash, hash, sizeof hash);
			size_t n = wb_config_key_count();
			for (size_t i = 0; i < n && i < WB_CONFIG_KEYS_MAX; i++)
				if (strcmp(wb_config_key_section(i), "admin") == 0)
					s->sources.layer[i] = WB_CONFIG_LAYER_DEVICE;
			s->generation++;
			wb_http_update_etag(s);
			*paired = true;
		}
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&s->save_lock);
	sodium_memzero(hash, sizeof hash);
	return st;
}

bool wb_http_authorize(struct wb_http_exchange *x, enum MHD_Result *rc)
{
	struct wb_server *s = x->s;
	struct MHD_Connection *c = x->c;
	int64_t now = wb_clock_mono_ms();
	const char *token = bearer_token(c);
	pthread_mutex_lock(&s->lock);
	enum wb_ratelimit_reason why;
	int64_t wait = wb_ratelimit_wait_ms(&s->ratelimit, x->client, now, &why);
	if (wait > 0) {
		bool first = why == WB_RATELIMIT_GLOBAL_BLOCKED && !s->global_lockout_said;
		s->global_lockout_said |= first;
		pthread_mutex_unlock(&s->lock);
		if (first)
			wb_http_log(s,
				    "http: %d wrong admin tokens from all addresses: the admin API is locked "
				    "for everyone for %d s",
				    WB_HTTP_AUTH_GLOBAL_MAX_FAILURES, WB_HTTP_AUTH_GLOBAL_BLOCK_MS / 1000);
		char retry[24];
		snprintf(retry, sizeof retry, "%lld", (long long)((wait + 999) / 1000));
		const char *headers[] = { MHD_HTTP_HEADER_RETRY_AFTER, retry, NULL };
		*rc = wb_http_send_error(
			c, MHD_HTTP_TOO_MANY_REQUESTS, "too_many_requests",
			why == WB_RATELIMIT_GLOBAL_BLOCKED
				? "too many failed attempts from all addresses; wait and try again"
			: why == WB_RATELIMIT_TABLE_FULL
				? "too many addresses are locked out; wait and try again"
				: "too many failed attempts from this address; wait and try again",
			headers);
		return false;
	}
	s->global_lockout_said = false;
	bool ok = token && wb_auth_verify_admin(token, s->cfg.admin.token_hash);
	bool pair = false;
	unsigned failures = 0;
	if (ok) {
		wb_ratelimit_succeed(&s->ratelimit, x->client);
		pair = s->pairing_pending && s->state_dir[0];
	} else {
		failures = wb_ratelimit_fail(&s->ratelimit, x->client, token != NULL, now);
		s->auth_failures++;
	}
	pthread_mutex_unlock(&s->lock);

	if (pair) {
		struct wb_error err;
		wb_error_clear(&err);
		bool paired = false;
		if (save_pairing(s, &paired, &err) != WB_OK) {
			wb_http_log(s, "http: cannot save the paired admin token: %s", err.message);
		} else if (paired) {
			wb_http_log(s, "http: pairing code used from %s; it is no longer shown", x->client);
			s->notify(s->ctx);
		}
	}
	if (ok)
		return true;
	wb_http_log(s, "http: auth failure from %s (%u of %d)%s", x->client, failures,
		    WB_HTTP_AUTH_MAX_FAILURES, token ? "" : ", no bearer token");
	const char *headers[] = { MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"wallboard\"", NULL };
	*rc = wb_http_send_error(
		c, MHD_HTTP_UNAUTHORIZED, "unauthorized",
		token ? "wrong admin token" : "this needs the admin token (Authorization: Bearer)", headers);
	return false;
}
