/* What the board keeps off the wall and out of the pictures it sends: when the
 * admin pairing code may be on screen. Pure: the time is an argument. */
#ifndef WALLBOARD_PRIVACY_H
#define WALLBOARD_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

/* How long after start (monotonic) a board that already shows data keeps
 * the pairing code in its header: long enough to walk up with a laptop
 * after switching it on, short enough that the live floor board does not
 * carry its admin token all day. */
#define WB_PRIVACY_PAIRING_WINDOW_MS (10 * 60 * 1000)

/* Whether the pairing code may be drawn at monotonic now_ms, for a board
 * that started at started_ms: always on the start screen (no data yet,
 * has_data false) and on the identify screen, else only during
 * WB_PRIVACY_PAIRING_WINDOW_MS after the start. A frame that leaves the
 * device (screenshot, SIGUSR1 dump) never shows it; that is the caller's. */
bool wb_privacy_pairing_shown(bool has_data, bool identifying, int64_t started_ms, int64_t now_ms);

#endif
