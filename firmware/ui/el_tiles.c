/* A tile per channel on the page: card, badge and name, the attainment
 * pill, the three counts and the sentiment bar (the SLA box is el_sla_box),
 * or one card saying no channel is shown. */
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/mathx.h"
#include "wallboard/trend.h"
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
	int px = f->L.font_caption;
	/* As wide as "93%" needs, so a long name keeps the rest of the row. */
	int need = wb_draw_text_width(d, WB_FACE_BOLD, px, box->attain_text) + px * 6 / 10;
	if (need < pill.w) {
		pill.x += pill.w - need;
		pill.w = need;
	}
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
	int side = lr.h;
	struct wb_rect chip = { end - side, lr.y + (lr.h - side) / 2, side, side };
	wb_draw_round(d, chip, side / 4, f->pal->severity[sev].bg, a->acknowledged ? 150 : 255);
	int px = wb_imax(side * 70 / 100, f->L.font_min);
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
	char letter[16];
	wb_view_channel_mark(f->snap, ch, letter, sizeof letter);
	/* The mark at the reading size: the badge is as wide as its letters
	 * need ("WA" is wider than it is tall). */
	int lp = f->L.font_min;
	int badge_h = lr.h;
	int badge = wb_imax(badge_h, wb_draw_text_width(d, WB_FACE_BOLD, lp, letter) + lp / 2);
	struct wb_rect b = { lr.x, lr.y, badge, badge_h };
	wb_draw_round(d, b, badge_h / 4, brand_colour(ch->id), 255);
	wb_draw_text(
		d, letter,
		&(struct wb_text_style){ WB_FACE_BOLD, lp, f->pal->on_colour, 255, ALIGN_CENTER, FIT_SCALE },
		b.x + b.w / 2, wb_draw_baseline(b, lp), badge);
	int x = lr.x + badge + px / 2;
	wb_draw_text(d, ch->label,
		     &(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->text, 255, ALIGN_LEFT, FIT_ELLIPSIS },
		     x, wb_draw_baseline(lr, px), wb_imax(name_end - x, 1));
}

/* Words at the tile's reading size, muted, left or right at x; returns
 * the width drawn (0 when they do not fit in max_w: left out, not cut). */
static int draw_words(struct wb_draw *d, const struct wb_frame *f, const char *s, enum wb_face face,
		      struct rgb c, enum align al, int x, int base, int max_w)
{
	int fc = f->L.font_caption;
	int w = wb_draw_text_width(d, face, fc, s);
	if (w <= 0 || w > max_w)
		return 0;
	return wb_draw_text(d, s, &(struct wb_text_style){ face, fc, c, 255, al, FIT_ELLIPSIS }, x, base,
			    max_w);
}

/* "12 onbeantwoord" on the left, the number large and orange while anyone
 * waits; "87 laatste uur" on the right where it fits beside it. */
static void draw_counts(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
			struct wb_rect cr)
{
	if (wb_rect_empty(cr))
		return;
	int fn = f->L.font_number, fc = f->L.font_caption;
	int base = cr.y + (cr.h + CAP_HEIGHT(fn)) / 2;
	char num[32], buf[96];
	wb_format_count(f->lang, ch->unanswered, num, sizeof num);
	struct rgb c = ch->unanswered > 0 ? f->pal->orange : f->pal->muted;
	int x = cr.x +
		wb_draw_text(d, num,
			     &(struct wb_text_style){ WB_FACE_BOLD, fn, c, 255, ALIGN_LEFT, FIT_SCALE }, cr.x,
			     base, cr.w / 2);
	x += fc / 3;
	int used = draw_words(d, f, wb_i18n(f->lang, WB_MSG_UNANSWERED), WB_FACE_REGULAR, f->pal->muted,
			      ALIGN_LEFT, x, base, cr.x + cr.w - x);
	int left = cr.x + cr.w - (x + used) - fc;
	wb_format_count(f->lang, ch->mentions_last_hour, num, sizeof num);
	snprintf(buf, sizeof buf, "%s %s", num, wb_i18n(f->lang, WB_MSG_LAST_HOUR));
	draw_words(d, f, buf, WB_FACE_REGULAR, f->pal->text, ALIGN_RIGHT, cr.x + cr.w, base, left);
}

/* The sentiment of the last hour: a bar of the three shares, and under it
 * (when the tile has the room) the negative share with its direction
 * against a stated baseline, "14% negatief ▲" beside "gisteren 9%", or
 * the positive share when no baseline is known. */
static void draw_sentiment(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
			   const struct wb_channel_trend *tr, struct wb_rect br)
{
	if (wb_rect_empty(br))
		return;
	int fc = f->L.font_caption;
	int thick = wb_imin(wb_imax(fc / 5, 3), br.h);
	struct wb_rect bar = { br.x, br.y, br.w, thick };
	const struct wb_sentiment_counts *s = &ch->sentiment;
	int64_t total = s->present ? s->positive + s->neutral + s->negative : 0;
	bool words = br.h > thick + CAP_HEIGHT(fc);
	int text_base = br.y + br.h - fc * 15 / 100;
	if (total <= 0) {
		wb_draw_round(d, bar, thick / 2, f->pal->bar_empty, 255);
		if (words)
			draw_words(d, f, "\xE2\x80\x94", WB_FACE_REGULAR, f->pal->muted, ALIGN_LEFT, br.x,
				   text_base, br.w);
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
	if (!words)
		return;
	char pct[24], buf[64];
	/* Shares, never signs: "−14%" read as "negative fell by 14 %". The
	 * arrow is the direction against the baseline named beside it. */
	wb_format_percent(f->lang, (double)s->negative * 100.0 / (double)total, 0, pct, sizeof pct);
	const char *arrow = tr->negative_dir == WB_TREND_UP     ? " \xE2\x96\xB2" /* ▲ */
			    : tr->negative_dir == WB_TREND_DOWN ? " \xE2\x96\xBC" /* ▼ */
								: "";
	snprintf(buf, sizeof buf, "%s %s%s", pct, wb_i18n(f->lang, WB_MSG_NEGATIVE), arrow);
	int neg_w = draw_words(d, f, buf, WB_FACE_BOLD, f->pal->neg_text, ALIGN_RIGHT, br.x + br.w, text_base,
			       br.w);
	if (neg_w == 0) {
		snprintf(buf, sizeof buf, "%s%s", pct, arrow);
		neg_w = draw_words(d, f, buf, WB_FACE_BOLD, f->pal->neg_text, ALIGN_RIGHT, br.x + br.w,
				   text_base, br.w);
	}
	int room = br.w - neg_w - fc;
	if (tr->basis != WB_TREND_BASIS_NONE) {
		wb_format_percent(f->lang, tr->baseline_pct, 0, pct, sizeof pct);
		snprintf(buf, sizeof buf, "%s %s",
			 wb_i18n(f->lang,
				 tr->basis == WB_TREND_BASIS_YESTERDAY ? WB_MSG_YESTERDAY : WB_MSG_AVERAGE),
			 pct);
		wb_draw_note(d, "negative_baseline", buf);
		/* The period where the tile has room: "laatste uur · gisteren 7%". */
		char longer[sizeof buf + 64];
		snprintf(longer, sizeof longer, "%s \xC2\xB7 %s", wb_i18n(f->lang, WB_MSG_LAST_HOUR), buf);
		if (!draw_words(d, f, longer, WB_FACE_REGULAR, f->pal->muted, ALIGN_LEFT, br.x, text_base,
				room))
			draw_words(d, f, buf, WB_FACE_REGULAR, f->pal->muted, ALIGN_LEFT, br.x, text_base,
				   room);
		return;
	}
	wb_format_percent(f->lang, (double)s->positive * 100.0 / (double)total, 0, pct, sizeof pct);
	snprintf(buf, sizeof buf, "%s %s", pct, wb_i18n(f->lang, WB_MSG_POSITIVE));
	draw_words(d, f, buf, WB_FACE_REGULAR, f->pal->pos_text, ALIGN_LEFT, br.x, text_base, room);
}

/* Mentions: today's count and yesterday's by this time where known, and a
 * sparkline of mentions per hour (the feed's history, else the board's own
 * polls); a gap is an hour nobody saw. */
static void draw_trend(struct wb_draw *d, const struct wb_frame *f, const struct wb_channel *ch,
		       const struct wb_channel_trend *tr, struct wb_rect rr)
{
	if (wb_rect_empty(rr))
		return;
	int fc = f->L.font_caption;
	int base = rr.y + rr.h - fc * 15 / 100;
	char today[32], yest[32], buf[256];
	wb_format_count(f->lang, ch->mentions_today, today, sizeof today);
	snprintf(buf, sizeof buf, "%s %s", today, wb_i18n(f->lang, WB_MSG_TODAY));
	/* The words first; the sparkline takes up to two fifths of what is
	 * left, and is left out when that is under a fifth of the row. */
	int text_w = wb_draw_text_width(d, WB_FACE_REGULAR, fc, buf);
	int spark_w = tr->n > 1 ? wb_imin(rr.w * 40 / 100, rr.w - text_w - fc / 2) : 0;
	if (spark_w < rr.w / 5)
		spark_w = 0;
	int text_room = rr.w - spark_w - (spark_w ? fc / 2 : 0);
	if (tr->has_yesterday) {
		wb_format_count(f->lang, tr->yesterday_today, yest, sizeof yest);
		char longer[sizeof buf + 96];
		snprintf(longer, sizeof longer, "%s \xC2\xB7 %s %s", buf, wb_i18n(f->lang, WB_MSG_YESTERDAY),
			 yest);
		wb_draw_note(d, "yesterday", yest);
		if (draw_words(d, f, longer, WB_FACE_REGULAR, f->pal->text, ALIGN_LEFT, rr.x, base,
			       text_room))
			buf[0] = '\0';
	}
	if (buf[0])
		draw_words(d, f, buf, WB_FACE_REGULAR, f->pal->text, ALIGN_LEFT, rr.x, base, text_room);
	if (spark_w <= 0)
		return;
	int64_t top = 1;
	for (size_t i = 0; i < tr->n; i++)
		if (tr->known[i] && tr->mentions[i] > top)
			top = tr->mentions[i];
	/* Bars, one per hour, the last (the hour just ended) in full colour:
	 * bars read as counts at a distance where a thin line vanishes. */
	struct wb_rect sp = { rr.x + rr.w - spark_w, rr.y, spark_w, rr.h };
	int step = sp.w / (int)WB_TREND_POINTS;
	int bw = wb_imax(step * 7 / 10, 1);
	int x0 = sp.x + sp.w - (int)tr->n * step;
	snprintf(buf, sizeof buf, "%zu", tr->n);
	wb_draw_note(d, "sparkline_hours", buf);
	for (size_t i = 0; i < tr->n; i++) {
		if (!tr->known[i])
			continue;
		int h = wb_imax((int)(tr->mentions[i] * (int64_t)sp.h / top), 2);
		struct wb_rect bar = { x0 + (int)i * step, sp.y + sp.h - h, bw, h };
		wb_draw_fill(d, bar, f->pal->text, i + 1 == tr->n ? 255 : 120);
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
	struct wb_channel_trend tr;
	wb_trend_channel(f->view->trend, ch, f->view->server_now_ms, &tr);
	draw_counts(d, f, ch, t->counts);
	draw_sentiment(d, f, ch, &tr, t->bar);
	draw_trend(d, f, ch, &tr, t->trend);
}

const struct wb_element wb_el_tiles = {
	.name = "tiles", .count = tiles_count, .area = tiles_area, .draw = tiles_draw
};
