/* The burn-in walk: a snake path over the square of offsets (row by row,
 * alternating direction) run forwards and then backwards, so consecutive
 * steps always differ by one pixel and the layout never jumps. Pure. */
#include "wallboard/burnin.h"

void wb_burnin_defaults(struct wb_burnin *b)
{
	b->enabled = true;
	b->max_px = 4;
	b->step_s = 120;
}

void wb_burnin_offset(const struct wb_burnin *b, int64_t t_ms, int *dx, int *dy)
{
	int64_t side, cells, cycle, step, pos, row, col;

	*dx = 0;
	*dy = 0;
	if (!b || !b->enabled || b->max_px < 1 || b->max_px > WB_BURNIN_MAX_PX || b->step_s < 1)
		return;
	side = 2 * (int64_t)b->max_px + 1;
	cells = side * side;
	cycle = 2 * (cells - 1);
	step = t_ms / 1000 / b->step_s % cycle;
	if (step < 0)
		step += cycle;                    /* times before 1970: keep the index in range */
	pos = step < cells ? step : cycle - step; /* forwards, then back */
	row = pos / side;
	col = pos % side;
	if (row % 2 == 1)
		col = side - 1 - col;
	*dx = (int)(col - b->max_px);
	*dy = (int)(row - b->max_px);
}
