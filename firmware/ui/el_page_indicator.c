/* "Pagina 2/3" and a dot per page under the tiles, when the channels do not
 * fit on one page. */
#include <stdio.h>

#include "wallboard/mathx.h"
#include "element.h"

static void draw_page_indicator(struct wb_draw *d, const struct wb_frame *f)
{
	struct wb_rect pr = f->L.page_indicator;
	if (pr.h <= 0)
		return;
	int fs = f->L.font_status;
	char text[64];
	snprintf(text, sizeof text, "%s %zu/%zu", wb_i18n(f->lang, WB_MSG_PAGE), f->L.page + 1, f->L.n_pages);
	int base = wb_draw_baseline(pr, fs);
	int tw = wb_draw_text(
		d, text,
		&(struct wb_text_style){ WB_FACE_BOLD, fs, f->pal->text, 255, ALIGN_RIGHT, FIT_SCALE },
		pr.x + pr.w, base, pr.w / 2);
	/* One dot per page, the current one lit: the board is visibly paging. */
	int dot_r = wb_imax(fs / 3, 2);
	int step = dot_r * 3;
	int x = pr.x + pr.w - tw - fs - (int)f->L.n_pages * step;
	for (size_t i = 0; i < f->L.n_pages && x > pr.x; i++, x += step)
		wb_draw_disc(d, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r,
			     i == f->L.page ? f->pal->text : f->pal->edge);
}

static struct wb_rect page_indicator_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->snap && !f->identifying && f->n_shown > 0 ? f->L.page_indicator : none;
}

static void page_indicator_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_page_indicator(d, f);
}

const struct wb_element wb_el_page_indicator = { .name = "page_indicator",
						 .area = page_indicator_area,
						 .draw = page_indicator_draw };
