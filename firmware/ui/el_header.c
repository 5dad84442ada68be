/* The header: title, date, connection state and data age, the clock, and
 * the config-error and pairing-code pills. */
#include <stdio.h>

#include "wallboard/format.h"
#include "wallboard/mathx.h"
#include "element.h"

static const char *conn_word(enum wb_lang lang, enum wb_conn_state c)
{
	return wb_i18n(lang, c == WB_CONN_ONLINE    ? WB_MSG_ONLINE
			     : c == WB_CONN_OFFLINE ? WB_MSG_OFFLINE
						    : WB_MSG_CONNECTING);
}

/* "Live · Gegevens van 12 s", or just the connection word before any data. */
static void header_state(const struct wb_frame *f, char *out, size_t size)
{
	const struct wb_view *v = f->view;
	if (v->data_age_s >= 0) {
		char age[32];
		wb_format_age(f->lang, v->data_age_s, age, sizeof age);
		snprintf(out, size, "%s · %s %s", conn_word(f->lang, v->conn),
			 wb_i18n(f->lang, WB_MSG_DATA_AGE), age);
	} else {
		snprintf(out, size, "%s", conn_word(f->lang, v->conn));
	}
}

/* Connection dot and state text starting at x; returns the width used. */
static int draw_state(struct wb_draw *d, const struct wb_frame *f, const char *state, int x, int base,
		      int max_w)
{
	int fs = f->L.font_status;
	int dot_r = wb_imax(fs * 32 / 100, 2);
	wb_draw_disc(d, x + dot_r, base - CAP_HEIGHT(fs) / 2, dot_r, wb_frame_conn_colour(f));
	return dot_r * 3 + wb_draw_text(d, state,
					&(struct wb_text_style){ WB_FACE_BOLD, fs, f->pal->text, 255,
								 ALIGN_LEFT, FIT_ELLIPSIS },
					x + dot_r * 3, base, wb_imax(max_w - dot_r * 3, 1));
}

/* A pill in the header, right edge at `right`, at most max_w wide, in a
 * colour nothing else in the header has. Returns its width. */
static int draw_header_pill(struct wb_draw *d, const struct wb_frame *f, int right, int max_w,
			    const char *text, struct rgb bg, struct rgb fg)
{
	struct wb_rect hd = f->L.header;
	int fs = f->L.font_status;
	int w = wb_imin(wb_draw_text_width(d, WB_FACE_BOLD, fs, text) + fs, max_w);
	int h = wb_imin(fs * 2, hd.h * 8 / 10);
	struct wb_rect box = { right - w, hd.y + (hd.h - h) / 2, w, h };
	wb_draw_round(d, box, wb_imax(h / 4, 2), bg, 255);
	wb_draw_text(d, text,
		     &(struct wb_text_style){ WB_FACE_BOLD, fs, fg, 255, ALIGN_CENTER, FIT_ELLIPSIS },
		     box.x + box.w / 2, wb_draw_baseline(box, fs), box.w - fs / 2);
	return w;
}

/* The amber "config error" pill; the reason itself is on the start screen
 * and in /status. */
static int draw_config_mark(struct wb_draw *d, const struct wb_frame *f, int right, int max_w)
{
	char text[96];
	snprintf(text, sizeof text, "\xE2\x9A\xA0 %s", wb_i18n(f->lang, WB_MSG_CONFIG_WARNING));
	return draw_header_pill(d, f, right, max_w, text, f->pal->amber, f->pal->stale_text);
}

/* A board that got its data before anyone paired shows no start screen, so
 * the pairing code is in the header, but only for the first minutes after
 * start (f->pairing_code): on the live floor board anyone in the room could
 * read it, or photograph it, and take the board over. */
static int draw_pairing_mark(struct wb_draw *d, const struct wb_frame *f, int right, int max_w)
{
	char text[96];
	snprintf(text, sizeof text, "%s %s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE), f->pairing_code);
	return draw_header_pill(d, f, right, max_w, text, f->pal->identify_bg, f->pal->identify_text);
}

static void draw_header(struct wb_draw *d, const struct wb_frame *f)
{
	const struct wb_view *v = f->view;
	struct wb_rect hd = f->L.header;
	int side = f->L.pad * 2;
	wb_draw_fill(d, hd, f->pal->header, 255);
	wb_draw_fill(d,
		     (struct wb_rect){ hd.x, hd.y + hd.h - wb_imax(f->L.pad / 8, 1), hd.w,
				       wb_imax(f->L.pad / 8, 1) },
		     f->pal->edge, 255);

	struct tm tm;
	wb_frame_local_tm(f, v->wall_now_ms, &tm);
	char clock[16], date[64], state[96];
	wb_format_clock(&tm, 1, clock, sizeof clock);
	wb_format_date(f->lang, &tm, date, sizeof date);
	header_state(f, state, sizeof state);
	int right = hd.x + hd.w - side;
	int clock_w = wb_draw_text(d, clock,
				   &(struct wb_text_style){ WB_FACE_MONO_BOLD, f->L.font_clock, f->pal->text,
							    255, ALIGN_RIGHT, FIT_SCALE },
				   right, wb_draw_baseline(hd, f->L.font_clock), hd.w / 3);

	const char *title = v->title && v->title[0] ? v->title : WB_PRODUCT_NAME;
	int ft = f->L.font_title, fs = f->L.font_status;
	int left = hd.x + side;
	int status_right = right - clock_w - side;
	if (f->snap && v->config_warning && v->config_warning[0])
		status_right -= draw_config_mark(d, f, status_right, hd.w / 4) + side / 2;
	if (f->snap && f->pairing_code)
		status_right -= draw_pairing_mark(d, f, status_right, hd.w / 3) + side / 2;
	int dot_r = wb_imax(fs * 32 / 100, 2);
	int date_w = wb_draw_text_width(d, WB_FACE_REGULAR, fs, date);
	int state_w = wb_draw_text_width(d, WB_FACE_BOLD, fs, state) + dot_r * 3;
	int title_w = wb_draw_text_width(d, WB_FACE_BOLD, ft, title);
	int line_gap = fs * 55 / 100;

	if (left + title_w + side <= status_right - wb_imax(date_w, state_w)) {
		/* Wide screens: date above state, right-aligned next to the clock. */
		int base1 = hd.y + hd.h / 2 - line_gap / 2;
		int base2 = base1 + CAP_HEIGHT(fs) + line_gap;
		wb_draw_text(d, date,
			     &(struct wb_text_style){ WB_FACE_REGULAR, fs, f->pal->muted, 255, ALIGN_RIGHT,
						      FIT_SCALE },
			     status_right, base1, 0);
		draw_state(d, f, state, status_right - state_w, base2, state_w);
		wb_draw_text(d, title,
			     &(struct wb_text_style){ WB_FACE_BOLD, ft, f->pal->text, 255, ALIGN_LEFT,
						      FIT_ELLIPSIS },
			     left, wb_draw_baseline(hd, ft), title_w);
		return;
	}
	/* Narrow (portrait) screens: the title gets the whole width left of the
	 * clock, with state and date on a line of their own under it. */
	int room = wb_imax(status_right - left, 1);
	ft = ft * 9 / 10; /* two lines in the same band: a little air above and below */
	int block = CAP_HEIGHT(ft) + line_gap + CAP_HEIGHT(fs);
	int base1 = hd.y + (hd.h - block) / 2 + CAP_HEIGHT(ft);
	int base2 = base1 + line_gap + CAP_HEIGHT(fs);
	wb_draw_text(d, title,
		     &(struct wb_text_style){ WB_FACE_BOLD, ft, f->pal->text, 255, ALIGN_LEFT, FIT_ELLIPSIS },
		     left, base1, room);
	int used = draw_state(d, f, state, left, base2, room);
	int date_x = left + used + fs;
	/* The date whole or not at all: "ma …" says nothing. */
	if (date_x + date_w <= left + room)
		wb_draw_text(d, date,
			     &(struct wb_text_style){ WB_FACE_REGULAR, fs, f->pal->muted, 255, ALIGN_LEFT,
						      FIT_ELLIPSIS },
			     date_x, base2, left + room - date_x);
}

static struct wb_rect header_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->identifying ? none : f->L.header;
}

static void header_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_header(d, f);
}

const struct wb_element wb_el_header = { .name = "header", .area = header_area, .draw = header_draw };
