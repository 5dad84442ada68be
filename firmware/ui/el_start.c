/* The start screen, before any data: name, version, status, feed, the
 * config warning, the first boot's report, the pairing code, the hostname
 * (name.local), the addresses and the URL by that name. */
#include <stdio.h>
#include <string.h>

#include "wallboard/mathx.h"
#include "element.h"

/* One centred line of the start screen: `lead` is the distance from the
 * previous baseline (or the column's top) to this one. */
struct start_line {
	const char *text;
	enum wb_face face;
	int px, lead;
	struct rgb colour;
	enum fit fit;
	bool conn_dot; /* the connection dot before the status line */
	bool framed;   /* in a card: the pairing code */
};

#define START_MAX_LINES (16 + WB_BOOT_REPORT_MAX_LINES + WB_VIEW_MAX_ADDRS)

/* Appends a plain line; returns it (to set a flag), or NULL when full. */
static struct start_line *add_line(struct start_line *lines, size_t *n, const char *text, enum wb_face face,
				   int px, int lead, struct rgb colour, enum fit fit)
{
	if (*n >= START_MAX_LINES)
		return NULL;
	struct start_line *l = &lines[(*n)++];
	*l = (struct start_line){
		.text = text, .face = face, .px = px, .lead = lead, .colour = colour, .fit = fit
	};
	return l;
}

/* "http://192.168.1.20:8080", "https://[fd00::1]:8443". */
static void admin_url(const struct wb_view *v, char *out, size_t size)
{
	wb_frame_admin_url(v, v->n_addrs > 0 && v->addrs[0] ? v->addrs[0] : "", out, size);
}

static void draw_start_line(struct wb_draw *d, const struct wb_frame *f, const struct start_line *l, int cx,
			    int y, int max_w)
{
	if (l->conn_dot) {
		int sw = wb_draw_text_width(d, l->face, l->px, l->text);
		int dot = wb_imax(l->px / 3, 3);
		int sx = cx - wb_imin(sw, max_w - dot * 4) / 2 + dot * 2;
		wb_draw_disc(d, sx - dot * 3, y - CAP_HEIGHT(l->px) / 2, dot, wb_frame_conn_colour(f));
		wb_draw_text(d, l->text,
			     &(struct wb_text_style){ l->face, l->px, l->colour, 255, ALIGN_LEFT, l->fit },
			     sx, y, max_w - dot * 4);
		return;
	}
	if (l->framed) {
		int pad = l->px / 2;
		int w = wb_imin(wb_draw_text_width(d, l->face, l->px, l->text) + 2 * pad, max_w);
		int h = CAP_HEIGHT(l->px) + 2 * pad;
		struct wb_rect box = { cx - w / 2, y - CAP_HEIGHT(l->px) - pad, w, h };
		wb_draw_card(d, box, wb_imax(pad / 2, 3), wb_imax(l->px / 16, 2), f->pal->ticker_label,
			     f->pal->card);
		max_w = w - pad;
	}
	wb_draw_text(d, l->text,
		     &(struct wb_text_style){ l->face, l->px, l->colour, 255, ALIGN_CENTER, l->fit }, cx, y,
		     max_w);
}

/* A centred column: name, version, status, feed, the config warning, the
 * pairing code with where to use it, and the addresses. Shrunk as a whole
 * when it does not fit (a small screen at a large scale). */
static void draw_start(struct wb_draw *d, const struct wb_frame *f)
{
	const struct wb_view *v = f->view;
	const struct wb_palette *p = f->pal;
	int top = f->L.header.y + f->L.header.h;
	struct wb_rect area = { f->L.pad * 2, top, f->w - f->L.pad * 4, f->h - top };
	int big = f->L.font_title * 3 / 2;
	int fb = f->L.font_banner;
	int fs = f->L.font_status;
	int addr_px = f->L.font_clock;
	int line = fb * 2;
	struct start_line lines[START_MAX_LINES];
	size_t n = 0;

	add_line(lines, &n, WB_PRODUCT_NAME, WB_FACE_BOLD, big, CAP_HEIGHT(big), p->text, FIT_SCALE);
	add_line(lines, &n, "v" WB_VERSION, WB_FACE_REGULAR, fs, fs * 2, p->muted, FIT_SCALE);
	const char *status =
		v->status_line && v->status_line[0] ? v->status_line : wb_i18n(f->lang, WB_MSG_START_WAITING);
	struct start_line *l = add_line(lines, &n, status, WB_FACE_BOLD, fb, line, p->text, FIT_ELLIPSIS);
	if (l)
		l->conn_dot = true;
	/* Under the status line (the failure in words): what to do, "→ controleer feed.token". */
	char remedy[256];
	if (v->stale_remedy && v->stale_remedy[0]) {
		snprintf(remedy, sizeof remedy, "\xE2\x86\x92 %s", v->stale_remedy);
		add_line(lines, &n, remedy, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	char feed[WB_URL_MAX + 16];
	snprintf(feed, sizeof feed, "%s: %s", wb_i18n(f->lang, WB_MSG_START_FEED),
		 v->feed_host && v->feed_host[0] ? v->feed_host : "—");
	add_line(lines, &n, feed, WB_FACE_REGULAR, fb, line, p->muted, FIT_ELLIPSIS);
	char warning[512];
	if (v->config_warning && v->config_warning[0]) {
		snprintf(warning, sizeof warning, "\xE2\x9A\xA0 %s \xE2\x80\x94 %s",
			 wb_i18n(f->lang, WB_MSG_CONFIG_PROBLEM), v->config_warning);
		add_line(lines, &n, warning, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	/* HTTPS is on but does not serve: the admin page is not reachable from
	 * the network until this is fixed (docs/security.md). */
	char tls[WB_VIEW_WORDS_MAX * 4];
	if (v->tls_error && v->tls_error[0]) {
		snprintf(tls, sizeof tls, "\xE2\x9A\xA0 HTTPS \xE2\x80\x94 %s", v->tls_error);
		add_line(lines, &n, tls, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	char notice[WB_UPDATE_MESSAGE_MAX + WB_UPDATE_VERSION_MAX + 96];
	if (v->update_notice && v->update_notice[0]) {
		snprintf(notice, sizeof notice, "\xE2\x86\xBA %s", v->update_notice);
		add_line(lines, &n, notice, WB_FACE_BOLD, fb, line, p->amber, FIT_ELLIPSIS);
	}
	/* The first boot's verdict on each file an admin put on the boot
	 * partition, where they look after putting the card back: "✓
	 * wallboard.json: applied", "✗ wifi.conf: rejected: no ssid= line".
	 * add_line keeps pointers, so the texts live until the column is drawn. */
	char boot_caption[64];
	char boot[WB_BOOT_REPORT_MAX_LINES][WB_BOOT_REPORT_NAME_MAX + WB_BOOT_REPORT_MESSAGE_MAX + 64];
	size_t n_boot = v->boot_report ? wb_imin((int)v->boot_report->n, WB_BOOT_REPORT_MAX_LINES) : 0;
	if (n_boot > 0) {
		wb_frame_upper(wb_i18n(f->lang, WB_MSG_BOOT_REPORT), boot_caption, sizeof boot_caption);
		add_line(lines, &n, boot_caption, WB_FACE_BOLD, fs, line * 3 / 2, p->muted, FIT_SCALE);
	}
	for (size_t i = 0; i < n_boot; i++) {
		const struct wb_boot_entry *e = &v->boot_report->entries[i];
		bool ok = e->result == WB_BOOT_APPLIED;
		enum wb_msg word = ok                              ? WB_MSG_BOOT_APPLIED
				   : e->result == WB_BOOT_REJECTED ? WB_MSG_BOOT_REJECTED
								   : WB_MSG_BOOT_INVALID;
		snprintf(boot[i], sizeof boot[i], "%s %s: %s%s%s", ok ? "\xE2\x9C\x93" : "\xE2\x9C\x97",
			 e->file, wb_i18n(f->lang, word), e->message[0] ? ": " : "", e->message);
		add_line(lines, &n, boot[i], WB_FACE_REGULAR, fs, i == 0 ? fs * 2 : fs * 3 / 2,
			 ok ? p->text : p->amber, FIT_ELLIPSIS);
	}
	char how[160];
	if (f->pairing_code) {
		/* Read from 2-3 m while typing it in: large, monospaced, framed. */
		int code_px = addr_px * 3 / 2;
		char url[96];
		admin_url(v, url, sizeof url);
		if (v->n_addrs > 0)
			snprintf(how, sizeof how, "%s %s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE_FOR), url);
		else
			snprintf(how, sizeof how, "%s", wb_i18n(f->lang, WB_MSG_ADMIN_CODE));
		add_line(lines, &n, how, WB_FACE_BOLD, fb, line * 3 / 2, p->text, FIT_ELLIPSIS);
		l = add_line(lines, &n, f->pairing_code, WB_FACE_MONO_BOLD, code_px, fb + code_px, p->text,
			     FIT_SCALE);
		if (l)
			l->framed = true;
	}
	char caption[64];
	wb_frame_upper(wb_i18n(f->lang, WB_MSG_START_ADDRESSES), caption, sizeof caption);
	add_line(lines, &n, caption, WB_FACE_BOLD, fs, line * 3 / 2, p->muted, FIT_SCALE);
	int first_lead = fs + addr_px * 3 / 2;
	if (v->n_addrs == 0)
		add_line(lines, &n, wb_i18n(f->lang, WB_MSG_START_NO_NETWORK), WB_FACE_BOLD, addr_px,
			 first_lead, p->amber, FIT_SCALE);
	/* With a network: the board's name on it first (it outlives a DHCP
	 * lease), then its addresses, then the page's URL by that name. */
	char host[WB_VIEW_HOST_MAX], host_url[WB_VIEW_HOST_MAX + 24];
	bool named = v->n_addrs > 0 && wb_frame_host_names(v, host, sizeof host, host_url, sizeof host_url);
	if (named)
		add_line(lines, &n, host, WB_FACE_MONO_BOLD, addr_px, first_lead, p->text, FIT_SCALE);
	for (size_t i = 0; i < v->n_addrs && i < WB_VIEW_MAX_ADDRS; i++)
		add_line(lines, &n, v->addrs[i] ? v->addrs[i] : "", WB_FACE_MONO_BOLD, addr_px,
			 i == 0 && !named ? first_lead : addr_px * 3 / 2, p->text, FIT_SCALE);
	if (named)
		add_line(lines, &n, host_url, WB_FACE_BOLD, fb, fb * 2 + addr_px / 2, p->muted, FIT_SCALE);
	/* The certificate to compare before trusting that URL: read here at
	 * setup, before a token exists to ask for the identify screen. */
	char fp[2][WB_TLS_FINGERPRINT_MAX + 16];
	if (v->n_addrs > 0 && wb_frame_fingerprint_halves(v, fp[0], fp[1], sizeof fp[0])) {
		add_line(lines, &n, fp[0], WB_FACE_MONO_BOLD, fs, fs * 2, p->muted, FIT_SCALE);
		add_line(lines, &n, fp[1], WB_FACE_MONO_BOLD, fs, fs * 3 / 2, p->muted, FIT_SCALE);
	}

	/* Total height first, so the column sits in the middle of the area. */
	int height = addr_px / 2;
	for (size_t i = 0; i < n; i++)
		height += lines[i].lead;
	int room = wb_imax(area.h - 2 * f->L.pad, 1);
	if (height > room) {
		for (size_t i = 0; i < n; i++) {
			lines[i].px = wb_imax((int)((long)lines[i].px * room / height), 4);
			lines[i].lead = (int)((long)lines[i].lead * room / height);
		}
		height = room;
	}
	int y = area.y + wb_imax((area.h - height) / 2, f->L.pad);
	for (size_t i = 0; i < n; i++) {
		y += lines[i].lead;
		draw_start_line(d, f, &lines[i], f->w / 2, y, area.w);
	}
}

static struct wb_rect start_area(const struct wb_frame *f, size_t i)
{
	(void)i;
	int top = f->L.header.y + f->L.header.h;
	struct wb_rect area = { 0, top, f->snap || f->identifying ? 0 : f->w, f->h - top };
	return area;
}

static void start_draw(struct wb_draw *d, const struct wb_frame *f, size_t i)
{
	(void)i;
	draw_start(d, f);
}

const struct wb_element wb_el_start = { .name = "start", .area = start_area, .draw = start_draw };
