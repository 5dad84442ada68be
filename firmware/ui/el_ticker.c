/* The ticker: the latest mentions scrolling along the bottom, with as much
 * of each as display.privacy lets on the wall. */
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/frameclock.h"
#include "wallboard/mathx.h"
#include "wallboard/privacy.h"
#include "wallboard/utf8.h"
#include "element.h"

#define TICKER_MAX_CODEPOINTS 140
/* Ticker text is drawn in pieces of about this many code points: one texture
 * per mention could exceed the 2048 px texture limit of the older Pi GPUs. */
#define TICKER_CHUNK_CODEPOINTS 40

/* One run of a mention in one face and colour (time, channel, author, text). */
struct ticker_piece {
	enum wb_face face;
	int px;
	struct rgb colour;
	const char *s;
};

/* Draws (or with draw false only measures) p in chunks of about
 * TICKER_CHUNK_CODEPOINTS, split after a space where one is near; returns the
 * total width. */
static int piece_run(struct wb_draw *d, const struct ticker_piece *p, int x, int base, bool draw)
{
	char chunk[TICKER_CHUNK_CODEPOINTS * 8 + 8];
	const char *s = p->s;
	int width = 0;
	while (*s) {
		size_t bytes = 0, cps = 0, split = 0;
		while (s[bytes] && bytes + 4 < sizeof chunk - 1) {
			size_t len = 1;
			while (((unsigned char)s[bytes + len] & 0xc0) == 0x80)
				len++;
			bytes += len;
			cps++;
			if (s[bytes - 1] == ' ' && cps >= TICKER_CHUNK_CODEPOINTS / 2)
				split = bytes;
			if (cps >= TICKER_CHUNK_CODEPOINTS)
				break;
		}
		if (s[bytes] && split > 0)
			bytes = split;
		memcpy(chunk, s, bytes);
		chunk[bytes] = '\0';
		s += bytes;
		if (draw)
			width += wb_draw_text(d, chunk,
					      &(struct wb_text_style){ p->face, p->px, p->colour, 255,
								       ALIGN_LEFT, FIT_SCALE },
					      x + width, base, 0);
		else
			width += wb_draw_text_width(d, p->face, p->px, chunk);
	}
	return width;
}

static struct rgb sentiment_colour(const struct wb_palette *p, enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? p->pos_text : s == WB_SENTIMENT_NEGATIVE ? p->neg_text : p->text;
}

static struct rgb sentiment_dot(const struct wb_palette *p, enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE ? p->bar_pos : s == WB_SENTIMENT_NEGATIVE ? p->bar_neg : p->bar_neu;
}

static enum wb_msg sentiment_word(enum wb_sentiment s)
{
	return s == WB_SENTIMENT_POSITIVE   ? WB_MSG_POSITIVE
	       : s == WB_SENTIMENT_NEGATIVE ? WB_MSG_NEGATIVE
					    : WB_MSG_NEUTRAL;
}

/* The mention's text as the wall may show it, cut to TICKER_MAX_CODEPOINTS:
 * as sent; with "names", @handles and the author's own name masked; with
 * "text", only its sentiment in words (the dot's colour alone would be the
 * only signal), or nothing when the feed gave none. */
static void shown_text(const struct wb_frame *f, const struct wb_mention *m, char *out, size_t size)
{
	enum wb_privacy privacy = f->view->config ? f->view->config->display.privacy : WB_PRIVACY_OFF;
	if (!wb_privacy_shows_text(privacy)) {
		snprintf(out, size, "%s",
			 m->sentiment == WB_SENTIMENT_UNKNOWN
				 ? ""
				 : wb_i18n(f->lang, sentiment_word(m->sentiment)));
		return;
	}
	if (wb_privacy_shows_author(privacy)) {
		wb_utf8_truncate(m->text, TICKER_MAX_CODEPOINTS, out, size);
		return;
	}
	/* Masks may grow the text (a two-byte "@a" is four); this holds more
	 * than TICKER_MAX_CODEPOINTS, so a cut still ends in "…". */
	char masked[TICKER_MAX_CODEPOINTS * 8 + 8];
	wb_privacy_mask_names(m->text, m->author, masked, sizeof masked);
	wb_utf8_truncate(masked, TICKER_MAX_CODEPOINTS, out, size);
}

/* One mention as coloured pieces: time, channel, author, text (what
 * display.privacy shows of the last two). Returns the width; draws only when
 * asked (the first pass measures). */
static int ticker_item(struct wb_draw *d, const struct wb_frame *f, const struct wb_mention *m, int x,
		       int base, bool draw)
{
	int px = f->L.font_ticker;
	int gap = px / 2;
	int dot = wb_imax(px / 4, 2);
	enum wb_privacy privacy = f->view->config ? f->view->config->display.privacy : WB_PRIVACY_OFF;
	char when[16] = "", text[TICKER_MAX_CODEPOINTS * 4 + 8], author[WB_FEED_AUTHOR_MAX + 8] = "";
	if (m->has_at) {
		struct tm tm;
		wb_frame_local_tm(f, m->at_ms, &tm);
		wb_format_clock(&tm, 0, when, sizeof when);
	}
	const char *channel = NULL;
	if (m->channel) {
		const struct wb_channel *ch = wb_snapshot_channel(f->snap, m->channel);
		channel = ch ? ch->label : m->channel;
	}
	if (m->author && m->author[0] && wb_privacy_shows_author(privacy))
		snprintf(author, sizeof author, "%s:", m->author);
	shown_text(f, m, text, sizeof text);
	const struct ticker_piece pieces[] = {
		{ WB_FACE_REGULAR, px, f->pal->muted, when },
		{ WB_FACE_BOLD, px, f->pal->ticker_channel, channel ? channel : "" },
		{ WB_FACE_BOLD, px, f->pal->text, author },
		{ WB_FACE_REGULAR, px, sentiment_colour(f->pal, m->sentiment), text },
	};
	int w = 0;
	if (draw)
		wb_draw_disc(d, x + dot, base - CAP_HEIGHT(px) / 2, dot, sentiment_dot(f->pal, m->sentiment));
	w += dot * 2 + gap;
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		if (!pieces[i].s[0])
			continue;
		w += piece_run(d, &pieces[i], x + w, base, draw) + gap;
	}
	return w + px * 2; /* room before the next mention */
}

static void draw_ticker(struct wb_draw *d, const struct wb_frame *f)
{
	struct wb_rect t = f->L.ticker;
	if (t.h <= 0 || !f->snap || f->snap->n_latest == 0)
		return;
	wb_draw_fill(d, t, f->pal->header, 255);
	wb_draw_fill(d, (struct wb_rect){ t.x, t.y, t.w, wb_imax(f->L.pad / 8, 1) }, f->pal->edge, 255);
	int px = f->L.font_ticker;
	char label[64];
	wb_frame_upper(wb_i18n(f->lang, WB_MSG_LATEST), label, sizeof label);
	int lw = wb_draw_text_width(d, WB_FACE_BOLD, px, label) + px * 2;
	struct wb_rect box = { t.x, t.y, wb_imin(lw, t.w / 3), t.h };

	int base = wb_draw_baseline(t, px);
	int widths[WB_FEED_MAX_LATEST];
	size_t n = f->snap->n_latest < WB_FEED_MAX_LATEST ? f->snap->n_latest : WB_FEED_MAX_LATEST;
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		/* Mentions of channels the board hides are hidden too: 0 wide. */
		const struct wb_mention *m = &f->snap->latest[i];
		widths[i] = wb_view_channel_listed(f->view->config, m->channel)
				    ? ticker_item(d, f, m, 0, base, false)
				    : 0;
		total += widths[i];
	}
	if (total <= 0)
		return;
	/* Position from the animation clock alone: ~0.1 screen heights a second,
	 * the same on every frame rate. */
	int64_t offset = wb_floor_mod(wb_frameclock_ticker_px(f->view, f->h), total);
	struct wb_rect area = { box.x + box.w, t.y, t.w - box.w, t.h };
	wb_draw_clip_scroll(d, area, offset);
	int64_t x = area.x - offset;
	for (size_t i = 0; x < area.x + area.w; i = (i + 1) % n) {
		if (widths[i] > 0 && x + widths[i] > area.x)
			ticker_item(d, f, &f->snap->latest[i], (int)x, base, true);
		x += widths[i];
	}
	wb_draw_unclip(d);
	wb_draw_fill(d, box, f->pal->ticker_label, 255);
	wb_draw_text(
		d, label,
		&(struct wb_text_style){ WB_FACE_BOLD, px, f->pal->on_colour, 255, ALIGN_CENTER, FIT_SCALE },
		box.x + box.w / 2, base, box.w);
}

static struct wb_rect ticker_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	struct wb_rect none = { 0, 0, 0, 0 };
	return f->snap && !f->identifying && f->snap->n_latest > 0 ? f->L.ticker : none;
}

static void ticker_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_ticker(d, f);
}

const struct wb_element wb_el_ticker = { .name = "ticker", .area = ticker_area, .draw = ticker_draw };
