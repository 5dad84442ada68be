/* The SLA box of each tile: the state colour, its words (head, target or
 * opening time) and the timer, as wb_view_sla_box decided them. */
#include <stdio.h>

#include "wallboard/mathx.h"
#include "element.h"

/* The box as wb_view_sla_box decided it: words on the left (head, and the
 * target or the opening time under it when there is room), the timer right. */
static void draw_sla_box(struct wb_draw *d, const struct wb_frame *f, const struct wb_view_sla_box *box,
			 struct wb_rect sr)
{
	const struct wb_sla_style *st = wb_palette_sla_style(f->pal, box);
	int radius = wb_imax(f->L.pad / 2, 3);
	wb_draw_round(d, sr, radius, st->box, 255);
	struct wb_rect in = wb_draw_inset(sr, wb_imax(sr.h * 20 / 100, f->L.pad / 2), 0);
	if (box->timer_kind == WB_VIEW_TIMER_RUNNING) {
		/* The wait against the target: a thin bar along the foot of the
		 * box, full from the moment the target is reached. */
		int bh = wb_imax(sr.h * 7 / 100, 3);
		struct wb_rect track = { in.x, sr.y + sr.h - bh - wb_imax(bh, radius / 2), in.w, bh };
		wb_draw_fill(d, track, st->fg, 70);
		wb_draw_fill(
			d, (struct wb_rect){ track.x, track.y, track.w * box->progress_permille / 1000, bh },
			st->fg, 255);
		in.h = track.y - in.y;
	}

	int ft = f->L.font_timer;
	enum wb_face timer_face = box->timer_kind == WB_VIEW_TIMER_CHECK ? WB_FACE_BOLD : WB_FACE_MONO_BOLD;
	int timer_w = 0;
	if (box->timer_kind == WB_VIEW_TIMER_PAUSED) {
		/* A pause mark and the waited time, smaller and dimmer than a
		 * live timer: it is information, not an alarm. */
		char paused[48];
		snprintf(paused, sizeof paused, "\xE2\x80\x96 %s", box->timer); /* ‖ */
		int fp = ft * 75 / 100;
		timer_w = wb_draw_text(
			d, paused,
			&(struct wb_text_style){ WB_FACE_MONO_BOLD, fp, st->fg, 220, ALIGN_RIGHT, FIT_SCALE },
			in.x + in.w, wb_draw_baseline(in, fp), in.w * 5 / 10);
	} else if (box->timer_kind != WB_VIEW_TIMER_NONE) {
		timer_w = wb_draw_text(
			d, box->timer,
			&(struct wb_text_style){ timer_face, ft, st->fg, 255, ALIGN_RIGHT, FIT_SCALE },
			in.x + in.w, wb_draw_baseline(in, ft), in.w * 6 / 10);
	}

	const char *head = wb_i18n(f->lang, box->head);
	int text_w = in.w - timer_w - (timer_w > 0 ? ft / 3 : 0);
	int fl = wb_imin(f->L.font_caption * 115 / 100, in.h * 30 / 100);
	int fd = wb_imin(f->L.font_caption, in.h * 26 / 100);
	bool two_lines = box->detail[0] && in.h >= (CAP_HEIGHT(fl) + CAP_HEIGHT(fd)) * 2;
	/* "norm 30:00 · 93% binnen doel" where that fits unshrunk; else the
	 * target alone (the pill in the name row still shows the number). */
	char detail[WB_VIEW_SLA_TEXT_MAX + 64];
	snprintf(detail, sizeof detail, "%s", box->detail);
	if (!box->closed && box->attain_words[0]) {
		char longer[sizeof detail];
		snprintf(longer, sizeof longer, "%s \xC2\xB7 %s", box->detail, box->attain_words);
		if (wb_draw_text_width(d, WB_FACE_REGULAR, fd, longer) <= text_w)
			snprintf(detail, sizeof detail, "%s", longer);
	}
	if (!two_lines) {
		wb_draw_text(
			d, head,
			&(struct wb_text_style){ WB_FACE_BOLD, fl, st->fg, 255, ALIGN_LEFT, FIT_ELLIPSIS },
			in.x, wb_draw_baseline(in, fl), text_w);
		return;
	}
	int gap = CAP_HEIGHT(fd) * 8 / 10;
	int block = CAP_HEIGHT(fl) + gap + CAP_HEIGHT(fd);
	int base1 = in.y + (in.h - block) / 2 + CAP_HEIGHT(fl);
	wb_draw_text(d, head,
		     &(struct wb_text_style){ WB_FACE_BOLD, fl, st->fg, 255, ALIGN_LEFT, FIT_ELLIPSIS }, in.x,
		     base1, text_w);
	wb_draw_text(d, detail,
		     &(struct wb_text_style){ WB_FACE_REGULAR, fd, st->fg, 210, ALIGN_LEFT, FIT_ELLIPSIS },
		     in.x, base1 + gap + CAP_HEIGHT(fd), text_w);
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
