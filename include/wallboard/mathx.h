/* Small integer helpers the time and layout code share: division that rounds
 * towards minus infinity (so times before 1970, negative offsets and the
 * burn-in walk stay on the right day or step), and int min/max. Header-only. */
#ifndef WALLBOARD_MATHX_H
#define WALLBOARD_MATHX_H

#include <stdint.h>

/* a / b rounded down (C rounds towards zero); b != 0. */
static inline int64_t wb_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The remainder that goes with wb_floor_div: same sign as b. */
static inline int64_t wb_floor_mod(int64_t a, int64_t b)
{
	return a - wb_floor_div(a, b) * b;
}

static inline int wb_imin(int a, int b)
{
	return a < b ? a : b;
}

static inline int wb_imax(int a, int b)
{
	return a > b ? a : b;
}

#endif
