/* Failed-login bookkeeping per client address for the admin API: after
 * max_failures within window_ms a client is refused for block_ms, even with
 * the right token, so a token cannot be guessed online. Pure: the caller
 * passes the time and holds any lock. */
#ifndef WALLBOARD_RATELIMIT_H
#define WALLBOARD_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define WB_RATELIMIT_CLIENTS 64
#define WB_RATELIMIT_CLIENT_MAX 64 /* an IPv6 literal fits */

struct wb_ratelimit_client {
	char addr[WB_RATELIMIT_CLIENT_MAX];
	int64_t window_start_ms;
	unsigned failures;
	int64_t blocked_until_ms; /* 0: not blocked */
	int64_t last_seen_ms;
};

struct wb_ratelimit {
	unsigned max_failures;
	int64_t window_ms, block_ms;
	struct wb_ratelimit_client clients[WB_RATELIMIT_CLIENTS];
};

void wb_ratelimit_init(struct wb_ratelimit *rl, unsigned max_failures, int64_t window_ms, int64_t block_ms);

/* 0 when addr may try now, else the milliseconds it has to wait. */
int64_t wb_ratelimit_wait_ms(const struct wb_ratelimit *rl, const char *addr, int64_t now_ms);

/* Counts a failed attempt; returns the failures in the current window (the
 * one that reaches max_failures starts the block). */
unsigned wb_ratelimit_fail(struct wb_ratelimit *rl, const char *addr, int64_t now_ms);

/* A successful attempt clears the client's failures. */
void wb_ratelimit_succeed(struct wb_ratelimit *rl, const char *addr);

#endif
