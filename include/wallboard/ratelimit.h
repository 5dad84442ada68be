/* Failed-login bookkeeping for the admin API, per client and across all of
 * them: after max_failures within window_ms a client is refused for
 * block_ms, even with the right token, so a token cannot be guessed online;
 * and a global budget bounds the guesses of an attacker who cycles through
 * addresses (IPv4 aliases, IPv6 privacy addresses). A client is an IPv4
 * address or an IPv6 /64 (IPv4-mapped IPv6 counts as its IPv4 address).
 * Pure: the caller passes the time and holds any lock. */
#ifndef WALLBOARD_RATELIMIT_H
#define WALLBOARD_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WB_RATELIMIT_CLIENTS 64
#define WB_RATELIMIT_CLIENT_MAX 64 /* an IPv6 literal fits, and "/64" after a prefix */

/* max_failures within window_ms start a block of block_ms. */
struct wb_ratelimit_limits {
	unsigned max_failures;
	int64_t window_ms, block_ms;
};

/* Failures in the current window and the block they started. */
struct wb_ratelimit_count {
	int64_t window_start_ms;
	unsigned failures;
	int64_t blocked_until_ms; /* 0: not blocked */
};

struct wb_ratelimit_client {
	char key[WB_RATELIMIT_CLIENT_MAX]; /* wb_ratelimit_key; "" a free entry */
	struct wb_ratelimit_count count;
	int64_t last_seen_ms;
};

struct wb_ratelimit {
	struct wb_ratelimit_limits client_limits, global_limits;
	struct wb_ratelimit_count global; /* every client's failures */
	struct wb_ratelimit_client clients[WB_RATELIMIT_CLIENTS];
};

/* Why a client has to wait. */
enum wb_ratelimit_reason {
	WB_RATELIMIT_FREE = 0,
	WB_RATELIMIT_CLIENT_BLOCKED, /* this client failed too often */
	WB_RATELIMIT_GLOBAL_BLOCKED, /* all clients together failed too often */
	/* An unknown client while every entry holds a blocked one: blocked
	 * entries are never evicted before they expire, so it cannot be
	 * counted on its own and waits for the first entry to expire. */
	WB_RATELIMIT_TABLE_FULL,
};

void wb_ratelimit_init(struct wb_ratelimit *rl, const struct wb_ratelimit_limits *client,
		       const struct wb_ratelimit_limits *global);

/* The client an address belongs to, into out: IPv4 as it is, IPv4-mapped
 * IPv6 as its IPv4 address, other IPv6 as its /64 ("2001:db8:1:2::/64");
 * anything else as it is. */
void wb_ratelimit_key(const char *addr, char *out, size_t size);

/* 0 when addr may try now, else the milliseconds it has to wait (the
 * longest of what applies) and, when reason is not NULL, why. */
int64_t wb_ratelimit_wait_ms(const struct wb_ratelimit *rl, const char *addr, int64_t now_ms,
			     enum wb_ratelimit_reason *reason);

/* Counts a failed attempt for addr's client and, when it was a guess (a
 * token that was wrong, not a request without one), in the global budget;
 * returns the client's failures in its current window (the one that
 * reaches max_failures starts the block). */
unsigned wb_ratelimit_fail(struct wb_ratelimit *rl, const char *addr, bool guess, int64_t now_ms);

/* A successful attempt clears the client's failures (not the global ones). */
void wb_ratelimit_succeed(struct wb_ratelimit *rl, const char *addr);

#endif
