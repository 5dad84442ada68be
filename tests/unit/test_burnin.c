/* Pins the burn-in walk: offsets stay within +-max_px, every step moves by
 * exactly one pixel, nothing moves within a step, the whole square is
 * visited, and disabled or nonsense settings mean no shift. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "wallboard/burnin.h"

/* 2026-11-23T09:20:00Z: an arbitrary but realistic start. */
#define T0_MS 1795425600000LL

static void test_range_steps_and_coverage(void **state)
{
	static const struct {
		int max_px, step_s;
	} cases[] = { { 4, 120 }, { 1, 600 }, { 2, 10 }, { 7, 300 } };
	(void)state;

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct wb_burnin b = { .enabled = true,
				       .max_px = cases[c].max_px,
				       .step_s = cases[c].step_s };
		int side = 2 * b.max_px + 1, cycle = 2 * (side * side - 1);
		int seen[2 * WB_BURNIN_MAX_PX + 1][2 * WB_BURNIN_MAX_PX + 1] = { { 0 } };
		int px = 0, py = 0, visited = 0;
		int64_t step_ms = (int64_t)b.step_s * 1000;

		for (int i = 0; i <= cycle; i++) {
			int64_t t = T0_MS + i * step_ms;
			int dx, dy, ex, ey;
			wb_burnin_offset(&b, t, &dx, &dy);
			if (abs(dx) > b.max_px || abs(dy) > b.max_px)
				fail_msg("case %zu step %d: (%d,%d) out of range", c, i, dx, dy);
			/* Slow: the offset holds for the whole step... */
			wb_burnin_offset(&b, t - t % step_ms + step_ms - 1, &ex, &ey);
			if (ex != dx || ey != dy)
				fail_msg("case %zu step %d moved within the step", c, i);
			/* ...and then moves one pixel on one axis. */
			if (i > 0 && abs(dx - px) + abs(dy - py) != 1)
				fail_msg("case %zu step %d: jump (%d,%d) -> (%d,%d)", c, i, px, py, dx, dy);
			if (!seen[dy + b.max_px][dx + b.max_px]++)
				visited++;
			px = dx;
			py = dy;
		}
		assert_int_equal(visited, side * side);
		/* The cycle repeats exactly. */
		{
			int ax, ay, bx, by;
			wb_burnin_offset(&b, T0_MS, &ax, &ay);
			wb_burnin_offset(&b, T0_MS + (int64_t)cycle * step_ms, &bx, &by);
			assert_int_equal(ax, bx);
			assert_int_equal(ay, by);
		}
	}
}

static void test_defaults_and_off(void **state)
{
	struct wb_burnin b;
	int dx = 9, dy = 9;
	(void)state;

	wb_burnin_defaults(&b);
	assert_true(b.enabled);
	assert_int_equal(b.max_px, 4);
	assert_true(b.step_s >= 60); /* a full walk takes hours, not minutes */
	/* Not stuck at the centre: some step of the default walk is off it. */
	{
		bool moved = false;
		for (int i = 0; i < 10 && !moved; i++) {
			wb_burnin_offset(&b, T0_MS + (int64_t)i * b.step_s * 1000, &dx, &dy);
			moved = dx != 0 || dy != 0;
		}
		assert_true(moved);
	}
	b.enabled = false;
	wb_burnin_offset(&b, T0_MS, &dx, &dy);
	assert_int_equal(dx, 0);
	assert_int_equal(dy, 0);
	wb_burnin_defaults(&b);
	b.max_px = 0;
	dx = dy = 5;
	wb_burnin_offset(&b, T0_MS, &dx, &dy);
	assert_true(dx == 0 && dy == 0);
	b.max_px = WB_BURNIN_MAX_PX + 1;
	wb_burnin_offset(&b, T0_MS, &dx, &dy);
	assert_true(dx == 0 && dy == 0);
	b.max_px = 4;
	b.step_s = 0;
	wb_burnin_offset(&b, T0_MS, &dx, &dy);
	assert_true(dx == 0 && dy == 0);
	wb_burnin_offset(NULL, T0_MS, &dx, &dy);
	assert_true(dx == 0 && dy == 0);
	/* Times before 1970 stay in range. */
	wb_burnin_defaults(&b);
	wb_burnin_offset(&b, -123456789LL, &dx, &dy);
	assert_true(abs(dx) <= 4 && abs(dy) <= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_steps_and_coverage),
		cmocka_unit_test(test_defaults_and_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
