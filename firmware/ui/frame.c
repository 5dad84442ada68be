/* The frame every element reads (element.h), and the helpers several of them
 * share. */
#include "element.h"

#include <stdio.h>
#include <string.h>

#include "wallboard/mathx.h"
#include "wallboard/privacy.h"
#include "wallboard/tls.h"
#include "wallboard/tz.h"
#include "wallboard/utf8.h"

void wb_frame_init(struct wb_frame *f, const struct wb_view *view, int w, int h)
{
	f->view = view;
	f->snap = view->snapshot;
	f->pal = wb_palette_of(view);
	if (view->stale && view->snapshot) {
		wb_palette_stale(f->pal, &f->stale_pal);
		f->pal = &f->stale_pal;
	}
	f->lang = view->config ? view->config->display.language : WB_LANG_NL;
	f->w = w;
	f->h = h;
	f->identifying = wb_view_identifying(view);
	bool has_code = view->pairing_code && view->pairing_code[0];
	f->pairing_code = has_code && wb_privacy_pairing_shown(f->snap != NULL, f->identifying,
							       view->started_ms, view->anim_ms)
				  ? view->pairing_code
				  : NULL;
	f->n_shown = f->snap ? wb_view_shown_channels(view, f->order, f->trouble, WB_FEED_MAX_CHANNELS) : 0;
	wb_view_layout_logical(view, w, h, &f->L);
}

void wb_frame_local_tm(const struct wb_frame *f, int64_t ms, struct tm *tm)
{
	wb_tz_to_tm(f->view->tz, wb_floor_div(ms, 1000), tm);
}

bool wb_frame_host_names(const struct wb_view *v, char *name, size_t name_size, char *url, size_t url_size)
{
	name[0] = url[0] = '\0';
	if (!v->hostname || !v->hostname[0])
		return false;
	snprintf(name, name_size, "%s.local", v->hostname);
	char base[WB_VIEW_HOST_MAX + 32];
	wb_frame_admin_url(v, name, base, sizeof base);
	snprintf(url, url_size, "%s/", base);
	return true;
}

bool wb_frame_fingerprint_halves(const struct wb_view *v, char *first, char *second, size_t size)
{
	first[0] = second[0] = '\0';
	if (!v->tls_fingerprint || strlen(v->tls_fingerprint) != WB_TLS_FINGERPRINT_MAX - 1)
		return false;
	size_t half = WB_TLS_SHA256_BYTES / 2 * 3; /* 16 pairs and their colons */
	snprintf(first, size, "SHA-256 %.*s", (int)(half - 1), v->tls_fingerprint);
	snprintf(second, size, "%s", v->tls_fingerprint + half);
	return true;
}

void wb_frame_admin_url(const struct wb_view *v, const char *host, char *out, size_t size)
{
	bool tls = v->https_port > 0;
	int port = tls            ? v->https_port
		   : v->http_port ? v->http_port
		   : v->config    ? v->config->http.port
				  : 8080;
	bool v6 = strchr(host, ':') != NULL;
	char port_s[16] = "";
	if (port != (tls ? 443 : 80))
		snprintf(port_s, sizeof port_s, ":%d", port);
	snprintf(out, size, "%s://%s%s%s%s", tls ? "https" : "http", v6 ? "[" : "", host, v6 ? "]" : "",
		 port_s);
}

void wb_frame_upper(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		/* Latin-1's small letters à..þ (U+00E0..U+00FE, but not ÷) are
		 * C3 A0..BE in UTF-8, their capitals C3 80..9E: French captions
		 * read "DERNIÈRE HEURE", not "DERNIèRE". */
		bool latin1_small =
			i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0xA0 && c <= 0xBE && c != 0xB7;
		if (c >= 'a' && c <= 'z')
			out[i] = (char)(c - 'a' + 'A');
		else if (latin1_small)
			out[i] = (char)(c - 0x20);
		else
			out[i] = s[i];
	}
	out[i] = '\0';
	if (s[i]) /* cut short: end on a whole code point of the source */
		out[wb_utf8_floor(s, strlen(s), i)] = '\0';
}

struct rgb wb_frame_conn_colour(const struct wb_frame *f)
{
	enum wb_conn_state c = f->view->conn;
	return c == WB_CONN_ONLINE ? f->pal->green : c == WB_CONN_OFFLINE ? f->pal->red : f->pal->amber;
}
