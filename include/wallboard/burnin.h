/* Burn-in care: the whole layout is drawn shifted by a small offset that
 * wanders one pixel at a time on a slow cycle, so static edges (tile borders,
 * labels) never sit on the same panel pixels for hours. Pure function of the
 * wall clock, so every frame in a step agrees and a restart continues it. */
#ifndef WALLBOARD_BURNIN_H
#define WALLBOARD_BURNIN_H

#include <stdbool.h>
#include <stdint.h>

#define WB_BURNIN_MAX_PX 32

struct wb_burnin {
	bool enabled; /* default true */
	int max_px;   /* offsets stay within +-max_px, 1..WB_BURNIN_MAX_PX, default 4 */
	int step_s;   /* seconds per one-pixel step, 10..86400, default 120 */
};

void wb_burnin_defaults(struct wb_burnin *b);

/* The offset to add to every drawn rectangle at wall time t_ms. Each step
 * moves by exactly one pixel on one axis; the path covers the whole
 * (2*max_px+1)^2 square and walks back, so the cycle is
 * 2 * ((2*max_px+1)^2 - 1) steps (4 px, 120 s: 5.3 hours). Disabled or
 * out-of-range settings give (0, 0). */
void wb_burnin_offset(const struct wb_burnin *b, int64_t t_ms, int *dx, int *dy);

#endif
