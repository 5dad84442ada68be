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
	/* One dot per page, the current one ringed: the board is visibly
	 * paging. A page with a channel in trouble has a larger dot in the
	 * trouble's colour, so its size, not only its colour, says so. */
	int dot_r = wb_imax(fs / 3, 2);
	int step = dot_r * 4;
	size_t per = wb_layout_page_size(f->n_shown);
	int x = pr.x + pr.w - tw - fs - (int)f->L.n_pages * step;
	for (size_t i = 0; i < f->L.n_pages && x > pr.x; i++, x += step) {
		enum wb_view_trouble worst = WB_VIEW_TROUBLE_NONE;
		for (size_t k = i * per; k < (i + 1) * per && k < f->n_shown; k++)
			worst = f->trouble[k] > worst ? f->trouble[k] : worst;
		struct rgb c = worst == WB_VIEW_TROUBLE_SEVERE ? f->pal->red
			       : worst == WB_VIEW_TROUBLE_WARN ? f->pal->amber
							       : f->pal->edge;
		int r = worst != WB_VIEW_TROUBLE_NONE ? dot_r * 3 / 2 : dot_r;
		int cx = x + step / 2, cy = base - CAP_HEIGHT(fs) / 2;
		if (i == f->L.page)
			wb_draw_disc(d, cx, cy, r + wb_imax(dot_r / 2, 1), f->pal->text);
		wb_draw_disc(d, cx, cy, r,
			     i == f->L.page && worst == WB_VIEW_TROUBLE_NONE ? f->pal->text : c);
		char name[32];
		snprintf(name, sizeof name, "page%zu", i + 1);
		wb_draw_note(d, name,
			     worst == WB_VIEW_TROUBLE_SEVERE ? "severe"
			     : worst == WB_VIEW_TROUBLE_WARN ? "warn"
							     : "none");
	}
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
