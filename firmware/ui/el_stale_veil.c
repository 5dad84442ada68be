/* While the data is stale the tiles and the page indicator are dimmed: old
 * numbers stay readable but visibly not live. */
#include "element.h"

static struct wb_rect stale_veil_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect dim = f->L.grid;
	if (!f->snap || f->identifying || !f->view->stale || f->n_shown == 0)
		dim.w = 0;
	else if (f->L.page_indicator.h > 0)
		dim.h = f->L.page_indicator.y + f->L.page_indicator.h - dim.y;
	return dim;
}

static void stale_veil_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	wb_draw_fill(d, stale_veil_area(f, i), f->pal->bg, 150);
}

const struct wb_element wb_el_stale_veil = { .name = "stale_veil",
					     .area = stale_veil_area,
					     .draw = stale_veil_draw };
