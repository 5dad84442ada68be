/* POST /api/v1/identify: the whole screen in one colour. */
#include "wallboard/mathx.h"
#include "element.h"

/* POST /api/v1/identify: the whole screen in one colour no state uses, with
 * the board's name and address as large as they fit (and the pairing code
 * under them while it waits), so an admin walking
 * past twenty screens sees at once which one answered. */
static void draw_identify(struct wb_draw *d, const struct wb_frame *f)
{
	const struct wb_view *v = f->view;
	const struct wb_palette *p = f->pal;
	struct wb_rect all = { 0, 0, f->w, f->h };
	wb_draw_fill(d, all, p->identify_bg, 255);
	int s = wb_imin(f->w, f->h);
	int border = wb_imax(s / 60, 2);
	struct wb_rect inner = wb_draw_inset(all, border * 2, border * 2);
	wb_draw_card(d, inner, border * 2, border, p->identify_text, p->identify_bg);
	const char *name = v->identify_name && v->identify_name[0] ? v->identify_name
			   : v->title && v->title[0]               ? v->title
								   : WB_PRODUCT_NAME;
	const char *addr =
		v->n_addrs > 0 && v->addrs[0] ? v->addrs[0] : wb_i18n(f->lang, WB_MSG_START_NO_NETWORK);
	int name_px = s * 16 / 100;
	int addr_px = s * 9 / 100;
	int code_px = s * 6 / 100;
	int max_w = inner.w - border * 8;
	int block = CAP_HEIGHT(name_px) + addr_px + CAP_HEIGHT(addr_px);
	if (f->pairing_code)
		block += code_px + CAP_HEIGHT(code_px);
	int base1 = f->h / 2 - block / 2 + CAP_HEIGHT(name_px);
	wb_draw_text(d, name,
		     &(struct wb_text_style){ WB_FACE_BOLD, name_px, p->identify_text, 255, ALIGN_CENTER,
					      FIT_ELLIPSIS },
		     f->w / 2, base1, max_w);
	wb_draw_text(d, addr,
		     &(struct wb_text_style){ WB_FACE_MONO_BOLD, addr_px, p->identify_text, 255, ALIGN_CENTER,
					      FIT_SCALE },
		     f->w / 2, base1 + addr_px + CAP_HEIGHT(addr_px), max_w);
	/* Not yet paired: the code to use at that address. */
	if (f->pairing_code)
		wb_draw_text(d, f->pairing_code,
			     &(struct wb_text_style){ WB_FACE_MONO_BOLD, code_px, p->identify_text, 255,
						      ALIGN_CENTER, FIT_SCALE },
			     f->w / 2, base1 + addr_px + CAP_HEIGHT(addr_px) + code_px + CAP_HEIGHT(code_px),
			     max_w);
}

static struct wb_rect identify_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect all = { 0, 0, f->identifying ? f->w : 0, f->h };
	return all;
}

static void identify_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_identify(d, f);
}

const struct wb_element wb_el_identify = { .name = "identify", .area = identify_area, .draw = identify_draw };
