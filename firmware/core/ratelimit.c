/* A small fixed table of clients and one global count. A flood of addresses
 * never grows memory and never frees a blocked client early: an entry that
 * is blocked stays until its block ends, and when every entry is blocked a
 * new client waits for the first to end. Every failure also counts in the
 * global budget, which no number of addresses gets around. */
#include "wallboard/ratelimit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void wb_ratelimit_init(struct wb_ratelimit *rl, const struct wb_ratelimit_limits *client,
		       const struct wb_ratelimit_limits *global)
{
	memset(rl, 0, sizeof *rl);
	rl->client_limits = *client;
	rl->global_limits = *global;
}

void wb_ratelimit_key(const char *addr, char *out, size_t size)
{
	struct in6_addr a6;
	snprintf(out, size, "%s", addr);
	if (!strchr(addr, ':') || inet_pton(AF_INET6, addr, &a6) != 1)
		return;
	char text[INET6_ADDRSTRLEN];
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		if (inet_ntop(AF_INET, &a6.s6_addr[12], text, sizeof text))
			snprintf(out, size, "%s", text);
		return;
	}
	/* One LAN hands out a /64: privacy addresses (RFC 8981) change the
	 * lower half as often as the host likes, so only the prefix is a client. */
	memset(&a6.s6_addr[8], 0, 8);
	if (inet_ntop(AF_INET6, &a6, text, sizeof text))
		snprintf(out, size, "%s/64", text);
}

static bool blocked(const struct wb_ratelimit_count *c, int64_t now_ms)
{
	return c->blocked_until_ms > now_ms;
}

static void count_failure(struct wb_ratelimit_count *c, const struct wb_ratelimit_limits *limits,
			  int64_t now_ms)
{
	if (c->failures == 0 || now_ms - c->window_start_ms >= limits->window_ms) {
		c->window_start_ms = now_ms;
		c->failures = 0;
	}
	c->failures++;
	/* Within the window, each failure after the block ends blocks again. */
	if (c->failures >= limits->max_failures)
		c->blocked_until_ms = now_ms + limits->block_ms;
}

static struct wb_ratelimit_client *find(struct wb_ratelimit *rl, const char *key)
{
	for (size_t i = 0; i < WB_RATELIMIT_CLIENTS; i++)
		if (rl->clients[i].key[0] && strcmp(rl->clients[i].key, key) == 0)
			return &rl->clients[i];
	return NULL;
}

/* When every entry holds a client still blocked: the end of the first block
 * to end; else 0. */
static int64_t table_full_until(const struct wb_ratelimit *rl, int64_t now_ms)
{
	int64_t first = 0;
	for (size_t i = 0; i < WB_RATELIMIT_CLIENTS; i++) {
		const struct wb_ratelimit_client *c = &rl->clients[i];
		if (!c->key[0] || !blocked(&c->count, now_ms))
			return 0;
		if (first == 0 || c->count.blocked_until_ms < first)
			first = c->count.blocked_until_ms;
	}
	return first;
}

int64_t wb_ratelimit_wait_ms(const struct wb_ratelimit *rl, const char *addr, int64_t now_ms,
			     enum wb_ratelimit_reason *reason)
{
	char key[WB_RATELIMIT_CLIENT_MAX];
	wb_ratelimit_key(addr, key, sizeof key);
	const struct wb_ratelimit_client *c = find((struct wb_ratelimit *)rl, key);
	int64_t until = 0;
	enum wb_ratelimit_reason why = WB_RATELIMIT_FREE;
	if (c && blocked(&c->count, now_ms)) {
		until = c->count.blocked_until_ms;
		why = WB_RATELIMIT_CLIENT_BLOCKED;
	} else if (!c) {
		int64_t full = table_full_until(rl, now_ms);
		if (full > until) {
			until = full;
			why = WB_RATELIMIT_TABLE_FULL;
		}
	}
	if (blocked(&rl->global, now_ms) && rl->global.blocked_until_ms > until) {
		until = rl->global.blocked_until_ms;
		why = WB_RATELIMIT_GLOBAL_BLOCKED;
	}
	if (reason)
		*reason = why;
	return until > now_ms ? until - now_ms : 0;
}

/* The client's entry, or a free one, or the least recently seen one that is
 * not blocked; NULL when every entry is blocked (never evicted early). */
static struct wb_ratelimit_client *entry_for(struct wb_ratelimit *rl, const char *key, int64_t now_ms)
{
	struct wb_ratelimit_client *found = find(rl, key);
	if (found)
		return found;
	struct wb_ratelimit_client *victim = NULL;
	for (size_t i = 0; i < WB_RATELIMIT_CLIENTS; i++) {
		struct wb_ratelimit_client *c = &rl->clients[i];
		if (!c->key[0]) {
			victim = c;
			break;
		}
		if (!blocked(&c->count, now_ms) && (!victim || c->last_seen_ms < victim->last_seen_ms))
			victim = c;
	}
	if (!victim)
		return NULL;
	memset(victim, 0, sizeof *victim);
	snprintf(victim->key, sizeof victim->key, "%s", key);
	return victim;
}

unsigned wb_ratelimit_fail(struct wb_ratelimit *rl, const char *addr, bool guess, int64_t now_ms)
{
	char key[WB_RATELIMIT_CLIENT_MAX];
	wb_ratelimit_key(addr, key, sizeof key);
	/* A request without a token guesses nothing (the page asks before
	 * anyone logs in): it must not lock every admin out. */
	if (guess)
		count_failure(&rl->global, &rl->global_limits, now_ms);
	struct wb_ratelimit_client *c = entry_for(rl, key, now_ms);
	if (!c)
		return 0;
	c->last_seen_ms = now_ms;
	count_failure(&c->count, &rl->client_limits, now_ms);
	return c->count.failures;
}

void wb_ratelimit_succeed(struct wb_ratelimit *rl, const char *addr)
{
	char key[WB_RATELIMIT_CLIENT_MAX];
	wb_ratelimit_key(addr, key, sizeof key);
	struct wb_ratelimit_client *c = find(rl, key);
	if (c)
		memset(c, 0, sizeof *c);
}
