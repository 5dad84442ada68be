/* A tile per channel on the page: card, badge and name, the attainment
 * pill, the three counts and the sentiment bar (the SLA box is el_sla_box),
 * or one card saying no channel is shown. */
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/mathx.h"
#include "wallboard/utf8.h"
#include "element.h"

static struct rgb brand_colour(const char *id)
{
	static const struct {
		const char *id;
		unsigned hex;
	} brands[] = {
		{ "twitter", 0x0f1419 },   { "x", 0x0f1419 },        { "facebook", 0x1877f2 },
		{ "instagram", 0xc13584 }, { "linkedin", 0x0a66c2 }, { "whatsapp", 0x1fa855 },
		{ "webchat", 0x7c3aed },   { "email", 0x5b6572 },
	};
	for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
		if (strcmp(id, brands[i].id) == 0)
			return (struct rgb)RGB(brands[i].hex);
	static const unsigned palette[] = { 0x2f6f9f, 0x8a4baf, 0x2b8a6e, 0xa05a2c, 0x9c3d63, 0x4d6bb3 };
	/* FNV-1a over the id and its terminator: the same colour on every board. */
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)id;; p++) {
		h = (h ^ *p) * 1099511628211ull;
		if (!*p)
			break;
	}
	return (struct rgb)RGB(palette[h % (sizeof palette / sizeof palette[0])]);
}

/* "SLA attainment today" as a pill in its band's colour (the SLA box adds
 * "93% binnen doel" under the target where it fits, so the number is
 * explained there and coloured here); returns the x where
 * the row's other content has to stop (the pill's left edge less a gap, or
 * the row's end when the feed gives no attainment). */
static int draw_attain_pill(struct wb_draw *d, const struct wb_frame *f, const struct wb_view_sla_box *box,
			    struct wb_rect lr, struct wb_rect pill)
{
	if (box->attain == WB_SLA_ATTAIN_NONE || pill.w <= 0 || pill.h <= 0)
		return lr.x + lr.w;
	const struct wb_pill_colours *pc = &f->pal->attain[box->attain];
	int px = f->L.font_label * 80 / 100;
	wb_draw_round(d, pill, pill.h / 4, pc->bg, 255);
	wb_draw_text(d, box->attain_text,
		     &(struct wb_text_style){ WB_FACE_BOLD, px, pc->fg, 255, ALIGN_CENTER, FIT_SCALE },
		     pill.x + pill.w / 2, wb_draw_baseline(pill, px), pill.w - px / 2);
	return pill.x - f->L.font_label / 2;
}

static int severity_of(const struct wb_alert *a)
{
	return a->severity >= WB_SEVERITY_INFO && a->severity <= WB_SEVERITY_CRITICAL ? (int)a->severity : 0;
}

/* The channel's alert as a square chip the size of the badge, in its
 * severity's colour, with "!" ("i" for information): it says where, the
 * banner says what, and the channel's name keeps its room. Right-aligned
 * before end in the label row; returns the x where the name has to stop. */
static int draw_alert_chip(struct wb_draw *d, const struct wb_frame *f, const struct wb_alert *a,
			   struct wb_rect lr, int end)
{
	int sev = severity_of(a);
	int side = wb_imin(lr.h, f->L.font_label * 13 / 10);
	struct wb_rect chip = { end - side, lr.y + (lr.h - side) / 2, side, side };
	wb_draw_round(d, chip, side / 4, f->pal->severity[sev].bg, a->acknowledged ? 150 : 255);
	int px = side * 70 / 100;
	wb_draw_text(
		d, sev == WB_SEVERITY_INFO ? "i" : "!",
		&(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->on_colour, 255, ALIGN_CENTER, FIT_SCALE },
		chip.x + chip.w / 2, wb_draw_baseline(chip, px), side);
	return chip.x - f->L.font_label / 2;
}

static void draw_tile_label(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
			    const struct wb_view_sla_box *box, const struct wb_alert *alert,
			    const struct wb_tile_layout *t)
{
	struct wb_rect lr = t->label;
	int name_end = draw_attain_pill(d, f, box, lr, t->attain);
	if (alert)
		name_end = draw_alert_chip(d, f, alert, lr, name_end);
	int px = f->L.font_label;
	int badge = wb_imin(lr.h, px * 13 / 10);
	struct wb_rect b = { lr.x, lr.y + (lr.h - badge) / 2, badge, badge };
	wb_draw_round(d, b, badge / 4, brand_colour(ch->id), 255);
	char letter[16];
	wb_view_channel_mark(f->snap, ch, letter, sizeof letter);
	int lp = badge * (wb_utf8_length(letter, strlen(letter)) > 1 ? 45 : 55) / 100;
	wb_draw_text(
		d, letter,
		&(struct wb_text_style){ WB_FACE_BOLD, lp, f->pal->on_colour, 255, ALIGN_CENTER, FIT_SCALE },
		b.x + b.w / 2, wb_draw_baseline(b, lp), badge);
	int x = lr.x + badge + px / 2;
	wb_draw_text(d, ch->label,
		     &(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->text, 255, ALIGN_LEFT, FIT_ELLIPSIS },
		     x, wb_draw_baseline(lr, px), wb_imax(name_end - x, 1));
}

/* Splits width into three columns: equal thirds, except that a column whose
 * content (need) is wider than its third borrows what the others do not use,
 * so "1.234" keeps the size of "87" where the row has room for both. */
static void count_columns(const int need[3], int width, int out[3])
{
	int third = width / 3, surplus = 0, deficit = 0;
	for (int i = 0; i < 3; i++) {
		surplus += wb_imax(third - need[i], 0);
		deficit += wb_imax(need[i] - third, 0);
	}
	int give = wb_imin(surplus, deficit);
	for (int i = 0; i < 3; i++) {
		out[i] = third;
		if (give > 0 && need[i] > third)
			out[i] += (int)((long)give * (need[i] - third) / deficit);
		else if (give > 0 && need[i] < third)
			out[i] -= (int)((long)give * (third - need[i]) / surplus);
	}
}

static void draw_counts(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
			struct wb_rect cr)
{
	int fn = f->L.font_number, fc = f->L.font_caption;
	int gap = fn * 20 / 100;
	int block = CAP_HEIGHT(fn) + gap + CAP_HEIGHT(fc);
	int num_base = cr.y + (cr.h - block) / 2 + CAP_HEIGHT(fn);
	int cap_base = num_base + gap + CAP_HEIGHT(fc);
	const int64_t values[3] = { ch->mentions_today, ch->mentions_last_hour, ch->unanswered };
	const enum wb_msg captions[3] = { WB_MSG_TODAY, WB_MSG_LAST_HOUR, WB_MSG_UNANSWERED };
	char num[3][32], cap[3][64];
	int need[3], colw[3];
	for (int i = 0; i < 3; i++) {
		wb_format_count(f->lang, values[i], num[i], sizeof num[i]);
		wb_frame_upper(wb_i18n(f->lang, captions[i]), cap[i], sizeof cap[i]);
		need[i] = wb_imax(wb_draw_text_width(d, WB_FACE_BOLD, fn, num[i]),
				  wb_draw_text_width(d, WB_FACE_REGULAR, fc, cap[i])) +
			  fn / 5;
	}
	count_columns(need, cr.w, colw);
	/* One size for the row's three numbers: "1.234" shrunk alone read as
	 * smaller than the "87" beside it. The row takes the size the widest
	 * needs. */
	int max_w[3], fr = fn;
	for (int i = 0, x = cr.x; i < 3; x += colw[i], i++) {
		max_w[i] = i < 2 ? colw[i] - fn / 5 : cr.x + cr.w - x;
		int w = wb_draw_text_width(d, WB_FACE_BOLD, fn, num[i]);
		if (w > max_w[i] && max_w[i] > 0)
			fr = wb_imin(fr, wb_imax((int)((long)fn * max_w[i] / w), 1));
	}
	int x = cr.x;
	for (int i = 0; i < 3; i++) {
		struct rgb c = f->pal->text;
		if (i == 2)
			c = values[i] > 0 ? f->pal->orange : f->pal->muted;
		wb_draw_text(d, num[i],
			     &(struct wb_text_style){ WB_FACE_BOLD, fr, c, 255, ALIGN_LEFT, FIT_SCALE }, x,
			     num_base, max_w[i]);
		wb_draw_text(d, cap[i],
			     &(struct wb_text_style){ WB_FACE_REGULAR, fc, f->pal->muted, 255, ALIGN_LEFT,
						      FIT_ELLIPSIS },
			     x, cap_base, max_w[i]);
		x += colw[i];
	}
}

static void draw_sentiment(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
			   struct wb_rect br)
{
	int fc = f->L.font_caption;
	int thick = wb_imax(br.h - CAP_HEIGHT(fc) - fc * 45 / 100, 3);
	thick = wb_imin(thick, wb_imax(fc * 8 / 10, 3));
	struct wb_rect bar = { br.x, br.y, br.w, thick };
	const struct wb_sentiment_counts *s = &ch->sentiment;
	int64_t total = s->present ? s->positive + s->neutral + s->negative : 0;
	int text_base = br.y + br.h - fc * 15 / 100;
	if (total <= 0) {
		wb_draw_round(d, bar, thick / 2, f->pal->bar_empty, 255);
		wb_draw_text(d, "—",
			     &(struct wb_text_style){ WB_FACE_REGULAR, fc, f->pal->muted, 255, ALIGN_LEFT,
						      FIT_SCALE },
			     br.x, text_base, 0);
		return;
	}
	/* One rounded bar per colour, each clipped to its share, so the two ends
	 * stay round whichever segments are empty. */
	const int64_t parts[3] = { s->positive, s->neutral, s->negative };
	const struct rgb colours[3] = { f->pal->bar_pos, f->pal->bar_neu, f->pal->bar_neg };
	int x = bar.x;
	int64_t acc = 0;
	for (int i = 0; i < 3; i++) {
		acc += parts[i];
		int end = bar.x + (int)(acc * bar.w / total);
		if (end > x) {
			wb_draw_clip(d, (struct wb_rect){ x, bar.y, end - x, bar.h });
			wb_draw_round(d, bar, thick / 2, colours[i], 255);
			wb_draw_unclip(d);
		}
		x = end;
	}
	char pos[24], neu[24], neg[24], buf[32];
	wb_format_percent(f->lang, (double)s->positive * 100.0 / (double)total, 0, pos, sizeof pos);
	wb_format_percent(f->lang, (double)s->neutral * 100.0 / (double)total, 0, neu, sizeof neu);
	wb_format_percent(f->lang, (double)s->negative * 100.0 / (double)total, 0, neg, sizeof neg);
	/* Shares, never signs: "−14%" read as "negative fell by 14 %". The
	 * negative share is the one people act on: bold, always with its word;
	 * the others keep theirs where it fits unshrunk. */
	int third = br.w / 3, gap = fc / 2;
	snprintf(buf, sizeof buf, "%s %s", neg, wb_i18n(f->lang, WB_MSG_NEGATIVE));
	wb_draw_text(
		d, buf,
		&(struct wb_text_style){ WB_FACE_BOLD, fc, f->pal->neg_text, 255, ALIGN_RIGHT, FIT_ELLIPSIS },
		br.x + br.w, text_base, third);
	const char *shares[2] = { pos, neu };
	const enum wb_msg words[2] = { WB_MSG_POSITIVE, WB_MSG_NEUTRAL };
	const struct rgb share_colours[2] = { f->pal->pos_text, f->pal->muted };
	for (int i = 0; i < 2; i++) {
		snprintf(buf, sizeof buf, "%s %s", shares[i], wb_i18n(f->lang, words[i]));
		if (wb_draw_text_width(d, WB_FACE_REGULAR, fc, buf) > third - gap)
			snprintf(buf, sizeof buf, "%s", shares[i]);
		wb_draw_text(d, buf,
			     &(struct wb_text_style){ WB_FACE_REGULAR, fc, share_colours[i], 255,
						      i == 0 ? ALIGN_LEFT : ALIGN_CENTER, FIT_SCALE },
			     i == 0 ? br.x : br.x + br.w / 2, text_base, third - gap);
	}
}

static size_t tiles_count(const struct wb_frame *f)
{
	if (!f->snap || f->identifying)
		return 0;
	return f->n_shown > 0 ? f->L.n_tiles : 1;
}

static struct wb_rect tiles_area(const struct wb_frame *f, size_t i)
{
	return f->n_shown > 0 ? f->L.tiles[i].frame : f->L.grid;
}

static void tiles_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	if (f->n_shown == 0) {
		struct wb_rect g = f->L.grid;
		int px = f->L.font_title;
		wb_draw_card(d, g, f->L.pad, wb_imax(f->L.pad / 12, 1), f->pal->edge, f->pal->card);
		wb_draw_text(d, wb_i18n(f->lang, WB_MSG_NO_CHANNELS),
			     &(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->muted, 255, ALIGN_CENTER,
						      FIT_ELLIPSIS },
			     g.x + g.w / 2, wb_draw_baseline(g, px), g.w - 2 * f->L.pad);
		return;
	}
	const struct wb_channel *ch = &f->snap->channels[f->order[f->L.first_tile + i]];
	const struct wb_tile_layout *t = &f->L.tiles[i];
	struct wb_view_sla_box box;
	wb_view_sla_box(f->view, ch, &box);
	const struct wb_sla_style *st = wb_palette_sla_style(f->pal, &box);
	const struct wb_alert *alert = wb_view_channel_alert(f->snap, ch->id);
	wb_draw_note(d, "channel", ch->id);
	if (alert) {
		wb_draw_note(d, "alert", alert->id);
		wb_draw_note(d, "alert_severity", wb_severity_name(alert->severity));
	}
	int radius = wb_imax(f->L.pad * 3 / 4, 4);
	/* A breached or warning channel gets a coloured frame: visible from the
	 * far end of the room even before the timer is read. An alert on the
	 * channel frames it in the alert's colour, at least as wide. */
	int bw = st->edge_px_div ? wb_imax(f->L.pad / st->edge_px_div, 2) : wb_imax(f->L.pad / 12, 1);
	struct rgb edge = st->edge;
	if (alert && !alert->acknowledged) {
		edge = f->pal->severity[severity_of(alert)].bg;
		bw = wb_imax(bw, wb_imax(f->L.pad / 4, 2));
	}
	wb_draw_card(d, t->frame, radius, bw, edge, f->pal->card);
	draw_tile_label(d, f, ch, &box, alert, t);
	draw_counts(d, f, ch, t->counts);
	draw_sentiment(d, f, ch, t->bar);
}

const struct wb_element wb_el_tiles = {
	.name = "tiles", .count = tiles_count, .area = tiles_area, .draw = tiles_draw
};
