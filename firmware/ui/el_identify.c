/* POST /api/v1/identify: the whole screen in one colour. */
#include "wallboard/mathx.h"
#include "element.h"

/* POST /api/v1/identify: the whole screen in one colour no state uses, with
 * the board's name as large as it fits, its hostname (name.local), address
 * and URL under it, the HTTPS certificate's fingerprint (and the pairing
 * code while it waits), so an admin
 * walking past twenty screens sees at once which one answered and where to
 * reach it. */
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
	char host[WB_VIEW_HOST_MAX], url[WB_VIEW_HOST_MAX + 24];
	wb_frame_host_names(v, host, sizeof host, url, sizeof url);
	/* Lines under the name, each with its size: hostname, address, URL, code. */
	struct id_line {
		const char *text;
		enum wb_face face;
		int px;
	} under[6];
	size_t n = 0;
	if (host[0])
		under[n++] = (struct id_line){ host, WB_FACE_MONO_BOLD, s * 8 / 100 };
	under[n++] = (struct id_line){ addr, WB_FACE_MONO_BOLD, s * (host[0] ? 6 : 9) / 100 };
	if (url[0] && v->n_addrs > 0)
		under[n++] = (struct id_line){ url, WB_FACE_BOLD, s * 5 / 100 };
	/* HTTPS: the certificate's SHA-256, for the laptop to compare with
	 * what the browser or wallboardctl shows, in two halves so each fits
	 * at a size read from a step back. The note carries it whole for the
	 * frame's description. */
	char fp_a[WB_TLS_FINGERPRINT_MAX + 16], fp_b[WB_TLS_FINGERPRINT_MAX + 16];
	if (wb_frame_fingerprint_halves(v, fp_a, fp_b, sizeof fp_a)) {
		under[n++] = (struct id_line){ fp_a, WB_FACE_MONO_BOLD, s * 3 / 100 };
		under[n++] = (struct id_line){ fp_b, WB_FACE_MONO_BOLD, s * 3 / 100 };
		wb_draw_note(d, "fingerprint", v->tls_fingerprint);
	}
	/* Not yet paired: the code to use at that address. */
	if (f->pairing_code)
		under[n++] = (struct id_line){ f->pairing_code, WB_FACE_MONO_BOLD, s * 6 / 100 };
	int name_px = s * 16 / 100;
	int max_w = inner.w - border * 8;
	int block = CAP_HEIGHT(name_px);
	for (size_t i = 0; i < n; i++)
		block += under[i].px + CAP_HEIGHT(under[i].px);
	int y = f->h / 2 - block / 2 + CAP_HEIGHT(name_px);
	wb_draw_text(d, name,
		     &(struct wb_text_style){ WB_FACE_BOLD, name_px, p->identify_text, 255, ALIGN_CENTER,
					      FIT_SCALE },
		     f->w / 2, y, max_w);
	for (size_t i = 0; i < n; i++) {
		y += under[i].px + CAP_HEIGHT(under[i].px);
		wb_draw_text(d, under[i].text,
			     &(struct wb_text_style){ under[i].face, under[i].px, p->identify_text, 255,
						      ALIGN_CENTER, FIT_SCALE },
			     f->w / 2, y, max_w);
	}
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
