/* The amber bar under the header while the data is stale: since when, why,
 * and what to do about it, in the board's words (the view's), never the raw
 * error text. */
#include <stdio.h>

#include "wallboard/format.h"
#include "wallboard/mathx.h"
#include "element.h"

static void draw_stale_bar(struct wb_draw *d, const struct wb_frame *f)
{
	struct wb_rect sb = f->L.stale_bar;
	const struct wb_view *v = f->view;
	wb_draw_fill(d, sb, f->pal->amber, 255);
	char when[16] = "--:--";
	if (v->stale_since_wall_ms > 0) {
		struct tm tm;
		wb_frame_local_tm(f, v->stale_since_wall_ms, &tm);
		wb_format_clock(&tm, 0, when, sizeof when);
	}
	char line[WB_FEED_MESSAGE_MAX + 384];
	const char *reason = v->stale_reason ? v->stale_reason : "";
	const char *remedy = v->stale_remedy ? v->stale_remedy : "";
	/* "⚠ Gegevens verouderd sinds 10:15 · Feed niet gevonden (404): controleer feed.url" */
	snprintf(line, sizeof line, "⚠ %s %s%s%s%s%s", wb_i18n(f->lang, WB_MSG_STALE_SINCE), when,
		 reason[0] ? " · " : "", reason, reason[0] && remedy[0] ? wb_i18n(f->lang, WB_MSG_COLON) : "",
		 reason[0] ? remedy : "");
	int px = wb_imin(f->L.font_banner, sb.h * 60 / 100);
	wb_draw_text(d, line,
		     &(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->stale_text, 255, ALIGN_LEFT,
					      FIT_ELLIPSIS },
		     sb.x + f->L.pad * 2, wb_draw_baseline(sb, px), sb.w - f->L.pad * 4);
}

static struct wb_rect stale_bar_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->snap && !f->identifying ? f->L.stale_bar : none;
}

static void stale_bar_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_stale_bar(d, f);
}

const struct wb_element wb_el_stale_bar = { .name = "stale_bar",
					    .area = stale_bar_area,
					    .draw = stale_bar_draw };
