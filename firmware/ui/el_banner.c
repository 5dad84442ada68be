/* The alert banner: each alert in turn (wb_view_banner_alert) with its
 * severity, message, place in the count and age, pulsing while it is
 * critical and unacknowledged, calm once acknowledged. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/frameclock.h"
#include "wallboard/limits.h"
#include "wallboard/mathx.h"
#include "element.h"

static struct rgb scale_rgb(struct rgb c, double f)
{
	struct rgb o = { (Uint8)fmin(255.0, c.r * f), (Uint8)fmin(255.0, c.g * f),
			 (Uint8)fmin(255.0, c.b * f) };
	return o;
}

static const enum wb_msg severity_label[] = {
	[WB_SEVERITY_INFO] = WB_MSG_SEVERITY_INFO,
	[WB_SEVERITY_WARNING] = WB_MSG_SEVERITY_WARNING,
	[WB_SEVERITY_CRITICAL] = WB_MSG_SEVERITY_CRITICAL,
};

/* Which of the banner's extras are shown right of the message. */
struct banner_extras {
	bool since;       /* "actief 18 min" */
	bool count_words; /* "2 van 3" rather than "2/3" */
};

/* The alert the banner shows, where it stands among them all. */
struct banner_alert {
	const struct wb_alert *a;
	size_t rank, count;
};

/* One extra, right-aligned at right and at most max_w wide: drawn, or with
 * draw false only measured. Returns its width. */
static int extra_text(struct wb_draw *d, bool draw, const char *s, const struct wb_text_style *st, int right,
		      int base, int max_w)
{
	if (draw)
		return wb_draw_text(d, s, st, right, base, max_w);
	return wb_imin(wb_draw_text_width(d, st->face, st->px, s), max_w);
}

/* Draws (or with draw false only measures) the extras from the banner's
 * right end leftwards: "2 van 3", "actief 18 min", the acknowledged mark.
 * Returns the x where the message has to end. */
static int banner_extras(struct wb_draw *d, const struct wb_frame *f, const struct banner_alert *ba,
			 const struct banner_extras *ex, int pill_h, bool draw)
{
	const struct wb_alert *a = ba->a;
	struct wb_rect b = f->L.alert_banner;
	int pad = f->L.pad, fb = f->L.font_banner;
	int base = wb_draw_baseline(b, fb);
	int right = b.x + b.w - pad;
	if (ba->count > 1) {
		char count[48];
		int fm = wb_imax(fb * 85 / 100, f->L.font_min);
		if (ex->count_words)
			snprintf(count, sizeof count, "%zu %s %zu", ba->rank + 1, wb_i18n(f->lang, WB_MSG_OF),
				 ba->count);
		else
			snprintf(count, sizeof count, "%zu/%zu", ba->rank + 1, ba->count);
		right -= extra_text(d, draw, count,
				    &(struct wb_text_style){ WB_FACE_BOLD, fm, f->pal->on_colour, 255,
							     ALIGN_RIGHT, FIT_SCALE },
				    right, base, b.w / 5) +
			 pad;
	}
	if (a->has_since && ex->since) {
		char dur[24], since[64];
		int fs = wb_imax(fb * 85 / 100, f->L.font_min);
		int64_t age_s = (f->view->server_now_ms - a->since_ms) / 1000;
		wb_format_age(f->lang, age_s, dur, sizeof dur);
		snprintf(since, sizeof since, "%s %s", wb_i18n(f->lang, WB_MSG_ACTIVE_FOR), dur);
		right -= extra_text(d, draw, since,
				    &(struct wb_text_style){ WB_FACE_REGULAR, fs, f->pal->on_colour, 230,
							     ALIGN_RIGHT, FIT_SCALE },
				    right, base, b.w / 4) +
			 pad;
	}
	if (a->acknowledged) {
		/* Small, but in a pill of its own: seen by whoever walks up to the
		 * board, without competing with the message from afar. */
		char ack[64];
		snprintf(ack, sizeof ack, "\xE2\x9C\x93 %s", wb_i18n(f->lang, WB_MSG_ACKNOWLEDGED));
		int fa = wb_imax(fb * 70 / 100, f->L.font_min);
		int aw = wb_imin(wb_draw_text_width(d, WB_FACE_BOLD, fa, ack) + fa, b.w / 4);
		if (draw) {
			struct wb_rect box = { right - aw, b.y + (b.h - pill_h) / 2, aw, pill_h };
			/* In the card's colours, not the severity's: acknowledged
			 * is the calm state, and the red of the pill at the reading
			 * size would keep the banner looking alarmed. */
			wb_draw_round(d, box, wb_imax(pad / 3, 2), f->pal->card, 255);
			wb_draw_text(d, ack,
				     &(struct wb_text_style){ WB_FACE_BOLD, fa, f->pal->text, 255,
							      ALIGN_CENTER, FIT_SCALE },
				     box.x + box.w / 2, wb_draw_baseline(box, fa), box.w - fa / 2);
		}
		right -= aw + pad;
	}
	return right;
}

/* A message too long for one line at the reading size, on two lines at
 * that size, broken at the last space that lets the first line fit; false
 * (nothing drawn) when the banner is too low for two lines or there is no
 * such space. Cutting it would hide the figure the alert is about. */
static bool draw_two_lines(struct wb_draw *d, const struct wb_frame *f, const char *msg,
			   const struct wb_text_style *style, int x, int room)
{
	struct wb_rect b = f->L.alert_banner;
	struct wb_text_style st = *style;
	st.px = f->L.font_min;
	int cap = CAP_HEIGHT(st.px), gap = cap * 3 / 10;
	if (2 * cap + gap > b.h * 92 / 100)
		return false;
	char first[2 * WB_FEED_MESSAGE_MAX + 1];
	size_t len = strlen(msg), cut = 0;
	if (len >= sizeof first)
		return false;
	for (size_t i = 1; i < len; i++) {
		if (msg[i] != ' ')
			continue;
		memcpy(first, msg, i);
		first[i] = '\0';
		if (wb_draw_text_width(d, st.face, st.px, first) > room)
			break;
		cut = i;
	}
	if (cut == 0)
		return false;
	memcpy(first, msg, cut);
	first[cut] = '\0';
	int base1 = b.y + (b.h - (2 * cap + gap)) / 2 + cap;
	wb_draw_text(d, first, &st, x, base1, room);
	wb_draw_text(d, msg + cut + 1, &st, x, base1 + gap + cap, room);
	return true;
}

static void draw_banner(struct wb_draw *d, const struct wb_frame *f)
{
	struct wb_rect b = f->L.alert_banner;
	size_t index;
	struct banner_alert ba;
	if (b.h <= 0 || !f->snap || !wb_view_banner_alert(f->view, &index, &ba.rank, &ba.count))
		return;
	const struct wb_alert *a = ba.a = &f->snap->alerts[index];
	int sev =
		a->severity >= WB_SEVERITY_INFO && a->severity <= WB_SEVERITY_CRITICAL ? (int)a->severity : 0;
	wb_draw_note(d, "alert", a->id);
	wb_draw_note(d, "severity", wb_severity_name(a->severity));
	wb_draw_note(d, "acknowledged", a->acknowledged ? "true" : "false");
	const struct wb_severity_colours *st = &f->pal->severity[sev];
	/* Acknowledged: someone is on it. The banner goes calm (the closed
	 * box's slate, which no alarm uses) and keeps its severity pill. */
	struct rgb bg = a->acknowledged ? f->pal->closed.box : st->bg;
	struct rgb fg = a->acknowledged ? f->pal->closed.fg : f->pal->on_colour;
	if (wb_view_alert_pulses(a)) {
		/* Smooth 1 Hz breathing between full and 72% brightness. */
		double phase = wb_frameclock_pulse_phase(f->view);
		bg = scale_rgb(bg, 0.86 + 0.14 * cos(2.0 * M_PI * phase));
	}
	int pad = f->L.pad;
	wb_draw_round(d, b, wb_imax(pad / 2, 3), bg, 255);
	int fb = f->L.font_banner;
	int base = wb_draw_baseline(b, fb);

	/* Severity pill on the left. */
	const char *label = wb_i18n(f->lang, severity_label[sev]);
	int fp = wb_imax(fb * 80 / 100, f->L.font_min);
	int pill_h = wb_imin(b.h * 64 / 100, fp * 2);
	int pill_w = wb_draw_text_width(d, WB_FACE_BOLD, fp, label) + fp;
	struct wb_rect pill = { b.x + pad, b.y + (b.h - pill_h) / 2, wb_imin(pill_w, b.w / 2), pill_h };
	wb_draw_round(d, pill, wb_imax(pad / 3, 2), st->pill, 255);
	wb_draw_text(
		d, label,
		&(struct wb_text_style){ WB_FACE_BOLD, fp, f->pal->on_colour, 255, ALIGN_CENTER, FIT_SCALE },
		pill.x + pill.w / 2, wb_draw_baseline(pill, fp), pill.w - fp / 2);

	/* The message is what the banner is for (a local rule's reason reads
	 * "Facebook 38% negatief (drempel 30%)"): when it does not fit, the age
	 * goes first, then "2 van 3" becomes "2/3"; only then is it shrunk and,
	 * as a last resort, cut with "…". */
	int mx = pill.x + pill.w + pad;
	struct banner_extras ex = { .since = a->has_since, .count_words = true };
	int need = wb_draw_text_width(d, WB_FACE_BOLD, fb, a->message);
	while (need > banner_extras(d, f, &ba, &ex, pill_h, false) - mx) {
		if (ex.since)
			ex.since = false;
		else if (ex.count_words && ba.count > 1)
			ex.count_words = false;
		else
			break;
	}
	int right = banner_extras(d, f, &ba, &ex, pill_h, true);
	int room = wb_imax(right - mx, 1);
	const struct wb_text_style style = { WB_FACE_BOLD, fb, fg, 255, ALIGN_LEFT, FIT_ELLIPSIS };
	if (need > room && draw_two_lines(d, f, a->message, &style, mx, room))
		return;
	wb_draw_text(d, a->message, &style, mx, base, room);
}

static struct wb_rect banner_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->snap && !f->identifying && f->snap->n_alerts > 0 ? f->L.alert_banner : none;
}

static void banner_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_banner(d, f);
}

const struct wb_element wb_el_banner = { .name = "banner", .area = banner_area, .draw = banner_draw };
