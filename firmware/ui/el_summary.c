/* The summary strip under the header (issue 15): how many channels are over
 * time, the longest wait and the most negative channel, as wb_view_summary
 * decided them, in one line for the back of the room. Red while something is
 * over time, the calm card colour otherwise. Absent while the data is stale:
 * the stale bar has its place then. */
#include <stdio.h>

#include "wallboard/mathx.h"
#include "element.h"

static struct wb_rect summary_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->snap && !f->identifying && f->n_shown > 0 ? f->L.summary : none;
}

static void summary_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_view_summary sum;
	wb_view_summary(f->view, &sum);
	/* For the frame's description: what the line says, as data. */
	char breached[24];
	snprintf(breached, sizeof breached, "%zu", sum.breached);
	wb_draw_note(d, "breached", breached);
	if (sum.has_longest) {
		wb_draw_note(d, "longest", f->snap->channels[sum.longest].id);
		wb_draw_note(d, "waited", sum.longest_text);
	}
	if (sum.has_negative) {
		wb_draw_note(d, "negative", f->snap->channels[sum.negative].id);
		wb_draw_note(d, "negative_pct", sum.negative_text);
	}

	struct wb_rect r = f->L.summary;
	struct rgb fill = sum.calm ? f->pal->card : f->pal->red;
	struct rgb fg = sum.calm ? f->pal->text : f->pal->on_colour;
	wb_draw_fill(d, r, fill, 255);
	int px = f->L.font_summary;
	int margin = f->L.pad * 2;
	wb_draw_text(d, sum.text,
		     &(struct wb_text_style){ WB_FACE_BOLD, px, fg, 255, ALIGN_CENTER, FIT_ELLIPSIS },
		     r.x + r.w / 2, wb_draw_baseline(r, px), r.w - 2 * margin);
}

const struct wb_element wb_el_summary = { .name = "summary", .area = summary_area, .draw = summary_draw };
