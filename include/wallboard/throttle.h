/* Pacing for writes that only matter after a restart, such as the last good
 * document: the first change is written at once, later ones at most once per
 * interval, and a change inside the interval stays pending until it is due
 * (or the program exits and writes it then). Pure: the caller passes the
 * monotonic time. */
#ifndef WALLBOARD_THROTTLE_H
#define WALLBOARD_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

struct wb_throttle {
	int64_t interval_ms; /* 0: every change is due at once */
	bool written;        /* a write was tried */
	int64_t written_ms;  /* when the last write was tried */
	bool pending;        /* a change not yet written */
};

void wb_throttle_init(struct wb_throttle *t, int64_t interval_ms);
/* A new interval applies to the pending change too. */
void wb_throttle_set_interval(struct wb_throttle *t, int64_t interval_ms);
/* Something changed at now_ms; it is pending. Returns wb_throttle_due. */
bool wb_throttle_change(struct wb_throttle *t, int64_t now_ms);
/* A change is pending and the first write, or an interval since the last
 * one tried, is due at now_ms. */
bool wb_throttle_due(const struct wb_throttle *t, int64_t now_ms);
/* A write was tried at now_ms. ok false keeps the change pending, but the
 * next try still waits an interval: a full disk is not hammered every poll. */
void wb_throttle_wrote(struct wb_throttle *t, int64_t now_ms, bool ok);

#endif
