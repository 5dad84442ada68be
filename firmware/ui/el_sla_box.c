/* The SLA box of each tile: the state colour, its words (head, target or
 * opening time) and the timer, as wb_view_sla_box decided them. */
#include <stdio.h>

#include "wallboard/mathx.h"
#include "element.h"

/* A sign for the state where its words do not fit beside the digits and
 * the box has no line for them: colour is never the only signal. */
static const char *state_sign(const struct wb_view_sla_box *box)
{
	if (box->closed)
		return NULL;
	if (box->eval.sla.state == WB_SLA_BREACHED)
		return "\xE2\x80\xBC"; /* ‼ */
	if (box->eval.sla.state == WB_SLA_WARN)
		return "\xE2\x9A\xA0"; /* ⚠ */
	return NULL;
}

/* The box as wb_view_sla_box decided it: the timer at the key size, the
 * state's words (and the target under them) beside it where they fit at
 * the reading size, under it where the box is tall enough, else a sign. */
static void draw_sla_box(struct wb_draw *d, const struct wb_frame *f, const struct wb_view_sla_box *box,
			 struct wb_rect sr)
{
	const struct wb_sla_style *st = wb_palette_sla_style(f->pal, box);
	int radius = wb_imax(f->L.pad / 2, 3);
	wb_draw_round(d, sr, radius, st->box, 255);
	int fw = f->L.font_caption;
	struct wb_rect in = wb_draw_inset(sr, wb_imax(fw / 3, f->L.pad / 2), wb_imax(sr.h * 6 / 100, 2));
	if (box->timer_kind == WB_VIEW_TIMER_RUNNING) {
		/* The wait against the target: a thin bar along the foot of the
		 * box, full from the moment the target is reached. */
		int bh = wb_imax(sr.h * 6 / 100, 3);
		struct wb_rect track = { in.x, sr.y + sr.h - bh - wb_imax(bh, radius / 2), in.w, bh };
		wb_draw_fill(d, track, st->fg, 70);
		wb_draw_fill(
			d, (struct wb_rect){ track.x, track.y, track.w * box->progress_permille / 1000, bh },
			st->fg, 255);
		in.h = wb_imax(track.y - in.y, 0);
	}

	int ft = f->L.font_timer;
	enum wb_face timer_face = box->timer_kind == WB_VIEW_TIMER_CHECK ? WB_FACE_BOLD : WB_FACE_MONO_BOLD;
	char timer[48] = "";
	if (box->timer_kind == WB_VIEW_TIMER_PAUSED) /* a pause mark: information, not an alarm */
		snprintf(timer, sizeof timer, "\xE2\x80\x96 %s", box->timer); /* ‖ */
	else if (box->timer_kind != WB_VIEW_TIMER_NONE)
		snprintf(timer, sizeof timer, "%s", box->timer);
	int timer_w = timer[0] ? wb_draw_text_width(d, timer_face, ft, timer) : 0;
	int gap = fw / 3;

	const char *head = wb_i18n(f->lang, box->head);
	/* "norm 30:00 · 93% binnen doel" where that fits; else the target. */
	char detail[WB_VIEW_SLA_TEXT_MAX + 64], longer[sizeof detail];
	snprintf(detail, sizeof detail, "%s", box->detail);
	int head_w = wb_draw_text_width(d, WB_FACE_BOLD, fw, head);
	int beside = in.w - timer_w - (timer_w ? gap : 0);
	bool side = head_w <= beside;
	int text_w = side ? beside : in.w;
	if (!box->closed && box->attain_words[0]) {
		snprintf(longer, sizeof longer, "%s \xC2\xB7 %s", box->detail, box->attain_words);
		if (wb_draw_text_width(d, WB_FACE_REGULAR, fw, longer) <= text_w)
			snprintf(detail, sizeof detail, "%s", longer);
	}
	bool has_detail = detail[0] && wb_draw_text_width(d, WB_FACE_REGULAR, fw, detail) <= text_w;
	if (!has_detail && box->detail_short[0] &&
	    wb_draw_text_width(d, WB_FACE_REGULAR, fw, box->detail_short) <= text_w) {
		snprintf(detail, sizeof detail, "%s", box->detail_short);
		has_detail = true;
	}
	int cap_t = CAP_HEIGHT(ft), cap_w = CAP_HEIGHT(fw), lgap = cap_w * 6 / 10;
	bool stacked = !side && in.h >= cap_t + lgap + cap_w;
	if (stacked && in.h < cap_t + 2 * (lgap + cap_w))
		has_detail = false;
	if (side && in.h < 2 * cap_w + lgap)
		has_detail = false;

	int timer_base = wb_draw_baseline(in, ft);
	if (stacked) {
		int lines = 1 + has_detail;
		int block = cap_t + lines * (lgap + cap_w);
		timer_base = in.y + (in.h - block) / 2 + cap_t;
	}
	if (timer[0])
		wb_draw_text(d, timer,
			     &(struct wb_text_style){ timer_face, ft, st->fg, 255,
						      stacked ? ALIGN_LEFT : ALIGN_RIGHT, FIT_SCALE },
			     stacked ? in.x : in.x + in.w, timer_base, in.w);
	if (!side && !stacked) {
		const char *sign = state_sign(box);
		if (sign)
			wb_draw_text(d, sign,
				     &(struct wb_text_style){ WB_FACE_BOLD, ft * 8 / 10, st->fg, 255,
							      ALIGN_LEFT, FIT_SCALE },
				     in.x, wb_draw_baseline(in, ft * 8 / 10),
				     wb_imax(in.w - timer_w - gap, 1));
		return;
	}
	int base1;
	if (stacked)
		base1 = timer_base + lgap + cap_w;
	else
		base1 = in.y + (in.h - (cap_w + (has_detail ? lgap + cap_w : 0))) / 2 + cap_w;
	wb_draw_text(d, head,
		     &(struct wb_text_style){ WB_FACE_BOLD, fw, st->fg, 255, ALIGN_LEFT, FIT_ELLIPSIS }, in.x,
		     base1, text_w);
	if (has_detail)
		wb_draw_text(
			d, detail,
			&(struct wb_text_style){ WB_FACE_REGULAR, fw, st->fg, 230, ALIGN_LEFT, FIT_ELLIPSIS },
			in.x, base1 + lgap + cap_w, text_w);
}

static size_t sla_box_count(const struct wb_frame *f)
{
	return f->snap && !f->identifying && f->n_shown > 0 ? f->L.n_tiles : 0;
}

static struct wb_rect sla_box_area(const struct wb_frame *f, size_t i)
{
	return f->L.tiles[i].sla;
}

static const char *const state_names[WB_SLA_BREACHED + 1] = {
	[WB_SLA_NONE] = "none", [WB_SLA_IDLE] = "idle",         [WB_SLA_OK] = "ok",
	[WB_SLA_WARN] = "warn", [WB_SLA_BREACHED] = "breached",
};

static void sla_box_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	const struct wb_channel *ch = &f->snap->channels[f->order[f->L.first_tile + i]];
	struct wb_view_sla_box box;
	wb_view_sla_box(f->view, ch, &box);
	/* For the frame's description: which channel, and the state as the
	 * colour shows it ("closed" wins over the timer state). */
	wb_draw_note(d, "channel", ch->id);
	wb_draw_note(d, "state", box.closed ? "closed" : state_names[box.eval.sla.state]);
	draw_sla_box(d, f, &box, f->L.tiles[i].sla);
}

const struct wb_element wb_el_sla_box = {
	.name = "sla_box", .count = sla_box_count, .area = sla_box_area, .draw = sla_box_draw
};
