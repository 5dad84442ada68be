/* A small fixed table: a wallboard sees a handful of admin laptops, and a
 * flood of addresses only evicts the oldest entries, never grows memory. */
#include "wallboard/ratelimit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void wb_ratelimit_init(struct wb_ratelimit *rl, unsigned max_failures, int64_t window_ms, int64_t block_ms)
{
	memset(rl, 0, sizeof *rl);
	rl->max_failures = max_failures;
	rl->window_ms = window_ms;
	rl->block_ms = block_ms;
}

static const struct wb_ratelimit_client *find(const struct wb_ratelimit *rl, const char *addr)
{
	for (size_t i = 0; i < WB_RATELIMIT_CLIENTS; i++)
		if (rl->clients[i].addr[0] && strcmp(rl->clients[i].addr, addr) == 0)
			return &rl->clients[i];
	return NULL;
}

int64_t wb_ratelimit_wait_ms(const struct wb_ratelimit *rl, const char *addr, int64_t now_ms)
{
	const struct wb_ratelimit_client *c = find(rl, addr);
	if (!c || c->blocked_until_ms <= now_ms)
		return 0;
	return c->blocked_until_ms - now_ms;
}

/* The client's entry, or a free one, or the least recently seen unblocked
 * one (blocked clients are evicted last: that is what a flood would want). */
static struct wb_ratelimit_client *slot_for(struct wb_ratelimit *rl, const char *addr, int64_t now_ms)
{
	struct wb_ratelimit_client *found = (struct wb_ratelimit_client *)find(rl, addr);
	if (found)
		return found;
	struct wb_ratelimit_client *victim = &rl->clients[0];
	for (size_t i = 0; i < WB_RATELIMIT_CLIENTS; i++) {
		struct wb_ratelimit_client *c = &rl->clients[i];
		if (!c->addr[0]) {
			victim = c;
			break;
		}
		bool c_blocked = c->blocked_until_ms > now_ms;
		bool v_blocked = victim->blocked_until_ms > now_ms;
		if ((v_blocked && !c_blocked) ||
		    (v_blocked == c_blocked && c->last_seen_ms < victim->last_seen_ms))
			victim = c;
	}
	memset(victim, 0, sizeof *victim);
	snprintf(victim->addr, sizeof victim->addr, "%s", addr);
	victim->window_start_ms = now_ms;
	return victim;
}

unsigned wb_ratelimit_fail(struct wb_ratelimit *rl, const char *addr, int64_t now_ms)
{
	struct wb_ratelimit_client *c = slot_for(rl, addr, now_ms);
	if (now_ms - c->window_start_ms >= rl->window_ms) {
		c->window_start_ms = now_ms;
		c->failures = 0;
	}
	c->last_seen_ms = now_ms;
	c->failures++;
	if (c->failures >= rl->max_failures)
		c->blocked_until_ms = now_ms + rl->block_ms;
	return c->failures;
}

void wb_ratelimit_succeed(struct wb_ratelimit *rl, const char *addr)
{
	struct wb_ratelimit_client *c = (struct wb_ratelimit_client *)find(rl, addr);
	if (c)
		memset(c, 0, sizeof *c);
}
