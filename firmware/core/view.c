/* Rules that turn a view into what is on screen, shared by everything that
 * needs to know: which channels in which order, which alert leads the banner,
 * what each SLA box says, the logical (rotated) screen size and the layout
 * drawn on it. */
#include "wallboard/view.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/layout.h"
#include "wallboard/mathx.h"
#include "wallboard/utf8.h"

#define DEFAULT_PAGE_S 15
#define DEFAULT_WARN_RATIO 0.75

/* "opent 13:00" when it reopens later the same local day (a lunch break),
 * else "opent ma 08:00": short, and unambiguous within the week ahead. */
static void opening_label(enum wb_lang lang, const struct wb_tz *tz, int64_t now_ms, int64_t at_ms, char *out,
			  size_t size)
{
	struct wb_tz_local now, at;
	wb_tz_to_local(tz, wb_floor_div(now_ms, 1000), &now);
	wb_tz_to_local(tz, wb_floor_div(at_ms, 1000), &at);
	bool same_day = now.year == at.year && now.month == at.month && now.day == at.day;
	if (same_day)
		snprintf(out, size, "%s %02d:%02d", wb_i18n(lang, WB_MSG_OPENS), at.hour, at.minute);
	else
		snprintf(out, size, "%s %s %02d:%02d", wb_i18n(lang, WB_MSG_OPENS),
			 wb_i18n_weekday(lang, at.wday), at.hour, at.minute);
}

static enum wb_msg open_head(enum wb_sla_state state)
{
	switch (state) {
	case WB_SLA_IDLE:
		return WB_MSG_NOTHING_WAITING;
	case WB_SLA_OK:
		return WB_MSG_ON_TIME;
	case WB_SLA_WARN:
		return WB_MSG_NEARLY_DUE;
	case WB_SLA_BREACHED:
		return WB_MSG_BREACHED;
	case WB_SLA_NONE:
		break;
	}
	return WB_MSG_NO_SLA;
}

static bool someone_waits(enum wb_sla_state state)
{
	return state == WB_SLA_OK || state == WB_SLA_WARN || state == WB_SLA_BREACHED;
}

void wb_view_sla_box(const struct wb_view *view, const struct wb_channel *ch, struct wb_view_sla_box *out)
{
	const struct wb_config *cfg = view->config;
	enum wb_lang lang = cfg ? cfg->display.language : WB_LANG_NL;
	memset(out, 0, sizeof *out);
	out->eval = wb_sla_evaluate_hours(&ch->sla, cfg ? wb_config_sla_target(cfg, ch->id) : 0,
					  cfg ? wb_config_warn_ratio(cfg, ch->id) : DEFAULT_WARN_RATIO,
					  cfg ? wb_config_channel_hours(cfg, ch->id) : NULL, view->tz,
					  view->server_now_ms);
	const struct wb_sla_view *sla = &out->eval.sla;

	out->attain = wb_sla_attainment(&ch->sla, cfg ? cfg->sla.attain_good_pct : WB_SLA_ATTAIN_GOOD_PCT,
					cfg ? cfg->sla.attain_fair_pct : WB_SLA_ATTAIN_FAIR_PCT);
	if (out->attain != WB_SLA_ATTAIN_NONE) {
		wb_format_percent(lang, ch->sla.within_target_pct, 0, out->attain_text,
				  sizeof out->attain_text);
		snprintf(out->attain_words, sizeof out->attain_words, "%s %s", out->attain_text,
			 wb_i18n(lang, WB_MSG_WITHIN_TARGET));
	}

	out->closed = out->eval.closed;
	if (out->closed) {
		/* The open time waited stands still until the channel opens: shown
		 * as a duration, never as a countdown that seems to run. */
		out->head = WB_MSG_CLOSED;
		if (someone_waits(sla->state)) {
			out->timer_kind = WB_VIEW_TIMER_PAUSED;
			wb_format_duration(sla->waited_s, out->timer, sizeof out->timer);
		}
		if (out->eval.has_next_open)
			opening_label(lang, view->tz, view->server_now_ms, out->eval.next_open_ms,
				      out->detail, sizeof out->detail);
		return;
	}
	out->head = open_head(sla->state);
	if (sla->state == WB_SLA_IDLE) {
		out->timer_kind = WB_VIEW_TIMER_CHECK;
		snprintf(out->timer, sizeof out->timer, "\xE2\x9C\x93"); /* ✓ */
	} else if (someone_waits(sla->state)) {
		/* The time the oldest customer has waited, always counting up, as
		 * every wallboard people know shows it; how it stands against the
		 * target is the colour, the word and the bar. */
		out->timer_kind = WB_VIEW_TIMER_RUNNING;
		wb_format_duration(sla->waited_s, out->timer, sizeof out->timer);
		out->progress_permille = sla->target_s > 0 && sla->waited_s < sla->target_s
						 ? (int)(sla->waited_s * 1000 / sla->target_s)
						 : 1000;
	}
	if (view->stale && view->snapshot) {
		/* Old data says so on every timer, not only in the bar at the top:
		 * "laatste gegevens 10:15", in the board's zone. */
		struct wb_tz_local at;
		wb_tz_to_local(view->tz, wb_floor_div(view->stale_since_wall_ms, 1000), &at);
		snprintf(out->detail, sizeof out->detail, "%s %02d:%02d", wb_i18n(lang, WB_MSG_LAST_DATA),
			 at.hour, at.minute);
		snprintf(out->detail_short, sizeof out->detail_short, "%s %02d:%02d",
			 wb_i18n(lang, WB_MSG_AS_OF), at.hour, at.minute);
	} else if (sla->state != WB_SLA_NONE) {
		char target[24];
		wb_format_duration(sla->target_s, target, sizeof target);
		snprintf(out->detail, sizeof out->detail, "%s %s", wb_i18n(lang, WB_MSG_NORM), target);
	}
}

size_t wb_view_channels(const struct wb_snapshot *snap, const struct wb_config *cfg, size_t *order,
			size_t cap)
{
	size_t n = 0;
	if (!snap)
		return 0;
	if (!cfg || cfg->display.n_channels == 0) {
		for (size_t i = 0; i < snap->n_channels && n < cap; i++)
			order[n++] = i;
		return n;
	}
	size_t listed = cfg->display.n_channels < WB_FEED_MAX_CHANNELS ? cfg->display.n_channels
								       : WB_FEED_MAX_CHANNELS;
	for (size_t k = 0; k < listed && n < cap; k++) {
		const char *id = cfg->display.channels[k];
		/* A channel listed twice is shown once, at its first place. */
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(cfg->display.channels[j], id) == 0;
		if (seen)
			continue;
		/* The first of duplicate ids in the feed, as wb_snapshot_channel. */
		for (size_t i = 0; i < snap->n_channels; i++) {
			if (strcmp(snap->channels[i].id, id) == 0) {
				order[n++] = i;
				break;
			}
		}
	}
	return n;
}

bool wb_view_channel_listed(const struct wb_config *cfg, const char *channel_id)
{
	if (!cfg || cfg->display.n_channels == 0 || !channel_id)
		return true;
	size_t listed = cfg->display.n_channels < WB_FEED_MAX_CHANNELS ? cfg->display.n_channels
								       : WB_FEED_MAX_CHANNELS;
	for (size_t k = 0; k < listed; k++)
		if (strcmp(cfg->display.channels[k], channel_id) == 0)
			return true;
	return false;
}

bool wb_view_ticker_shown(const struct wb_view *view)
{
	const struct wb_snapshot *snap = view->snapshot;
	if (!snap || (view->config && !view->config->display.ticker))
		return false;
	for (size_t i = 0; i < snap->n_latest; i++)
		if (wb_view_channel_listed(view->config, snap->latest[i].channel))
			return true;
	return false;
}

/* Most severe first; of equal severity, what nobody acknowledged yet first,
 * then oldest first (alerts without a start time after those with one); feed
 * order breaks ties. */
static bool alert_before(const struct wb_alert *a, size_t ia, const struct wb_alert *b, size_t ib)
{
	if (a->severity != b->severity)
		return a->severity > b->severity;
	if (a->acknowledged != b->acknowledged)
		return !a->acknowledged;
	if (a->has_since != b->has_since)
		return a->has_since;
	if (a->has_since && a->since_ms != b->since_ms)
		return a->since_ms < b->since_ms;
	return ia < ib;
}

size_t wb_view_top_alert(const struct wb_snapshot *snap)
{
	if (!snap || snap->n_alerts == 0)
		return 0;
	size_t best = 0;
	for (size_t i = 1; i < snap->n_alerts; i++)
		if (alert_before(&snap->alerts[i], i, &snap->alerts[best], best))
			best = i;
	return best;
}

size_t wb_view_alert_order(const struct wb_snapshot *snap, size_t *order, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; snap && i < snap->n_alerts && n < cap; i++) {
		/* Insertion: at most WB_FEED_MAX_ALERTS, once a frame. */
		size_t at = n++;
		while (at > 0 &&
		       alert_before(&snap->alerts[i], i, &snap->alerts[order[at - 1]], order[at - 1])) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
	return n;
}

bool wb_view_banner_alert(const struct wb_view *view, size_t *index, size_t *rank, size_t *count)
{
	size_t order[WB_FEED_MAX_ALERTS];
	size_t n = wb_view_alert_order(view->snapshot, order, WB_FEED_MAX_ALERTS);
	if (n == 0)
		return false;
	size_t r = (size_t)wb_floor_mod(wb_floor_div(view->anim_ms, WB_VIEW_ALERT_MS), (int64_t)n);
	*index = order[r];
	*rank = r;
	*count = n;
	return true;
}

const struct wb_alert *wb_view_channel_alert(const struct wb_snapshot *snap, const char *channel_id)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; snap && channel_id && i < snap->n_alerts; i++) {
		const struct wb_alert *a = &snap->alerts[i];
		if (a->channel && strcmp(a->channel, channel_id) == 0 &&
		    (best == SIZE_MAX || alert_before(a, i, &snap->alerts[best], best)))
			best = i;
	}
	return best == SIZE_MAX ? NULL : &snap->alerts[best];
}

enum wb_view_trouble wb_view_channel_trouble(const struct wb_view *view, const struct wb_channel *ch)
{
	struct wb_view_sla_box box;
	wb_view_sla_box(view, ch, &box);
	enum wb_view_trouble t = WB_VIEW_TROUBLE_NONE;
	if (!box.closed && box.eval.sla.state == WB_SLA_BREACHED)
		t = WB_VIEW_TROUBLE_SEVERE;
	else if (!box.closed && box.eval.sla.state == WB_SLA_WARN)
		t = WB_VIEW_TROUBLE_WARN;
	const struct wb_alert *a = wb_view_channel_alert(view->snapshot, ch->id);
	if (a && !a->acknowledged && a->severity == WB_SEVERITY_CRITICAL)
		t = WB_VIEW_TROUBLE_SEVERE;
	else if (a && !a->acknowledged && a->severity == WB_SEVERITY_WARNING && t == WB_VIEW_TROUBLE_NONE)
		t = WB_VIEW_TROUBLE_WARN;
	return t;
}

size_t wb_view_shown_channels(const struct wb_view *view, size_t *order, enum wb_view_trouble *trouble,
			      size_t cap)
{
	const struct wb_snapshot *snap = view->snapshot;
	size_t listed[WB_FEED_MAX_CHANNELS];
	enum wb_view_trouble of[WB_FEED_MAX_CHANNELS];
	size_t n = wb_view_channels(snap, view->config, listed,
				    cap < WB_FEED_MAX_CHANNELS ? cap : WB_FEED_MAX_CHANNELS);
	for (size_t k = 0; k < n; k++)
		of[k] = wb_view_channel_trouble(view, &snap->channels[listed[k]]);
	/* One page: every tile keeps its place; a tile that moved whenever a
	 * state changed would be harder to find than a red one in place. */
	bool paged = wb_layout_pages(n) > 1;
	size_t at = 0;
	for (int level = WB_VIEW_TROUBLE_SEVERE; level >= WB_VIEW_TROUBLE_NONE; level--) {
		for (size_t k = 0; k < n; k++) {
			if (paged && (int)of[k] != level)
				continue;
			order[at] = listed[k];
			if (trouble)
				trouble[at] = of[k];
			at++;
		}
		if (!paged)
			break;
	}
	return at;
}

static const struct {
	const char *id, *mark;
} known_marks[] = {
	{ "twitter", "X" },   { "x", "X" },         { "facebook", "f" }, { "instagram", "IG" },
	{ "linkedin", "in" }, { "whatsapp", "WA" }, { "webchat", "C" },  { "email", "@" },
};

static const char *known_mark(const char *id)
{
	for (size_t i = 0; i < sizeof known_marks / sizeof known_marks[0]; i++)
		if (strcmp(id, known_marks[i].id) == 0)
			return known_marks[i].mark;
	return NULL;
}

/* The first n code points of s into out, the first one's ASCII letter in
 * upper case. */
static void first_letters(const char *s, size_t n, char *out, size_t size)
{
	size_t len = strlen(s), at = 0;
	for (size_t k = 0; k < n && at < len; k++) {
		uint32_t cp;
		size_t step = wb_utf8_decode(s + at, len - at, &cp);
		at += step;
	}
	snprintf(out, size, "%.*s", (int)at, s);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

void wb_view_channel_mark(const struct wb_snapshot *snap, const struct wb_channel *ch, char *out, size_t size)
{
	const char *known = known_mark(ch->id);
	if (known) {
		snprintf(out, size, "%s", known);
		return;
	}
	const char *label = ch->label[0] ? ch->label : ch->id;
	char mine[16], other[16];
	first_letters(label, 1, mine, sizeof mine);
	bool shared = false;
	for (size_t i = 0; snap && i < snap->n_channels && !shared; i++) {
		const struct wb_channel *o = &snap->channels[i];
		if (o == ch)
			continue;
		const char *k = known_mark(o->id);
		first_letters(o->label[0] ? o->label : o->id, 1, other, sizeof other);
		shared = k ? strcmp(k, mine) == 0 : strcmp(other, mine) == 0;
	}
	if (shared)
		first_letters(label, 2, mine, sizeof mine);
	snprintf(out, size, "%s", mine);
}

bool wb_view_alert_pulses(const struct wb_alert *alert)
{
	return alert->severity == WB_SEVERITY_CRITICAL && !alert->acknowledged;
}

int wb_view_rotation(const struct wb_view *view)
{
	int rot = view->config ? view->config->display.rotation : 0;
	return rot == 90 || rot == 180 || rot == 270 ? rot : 0;
}

void wb_view_logical_size(const struct wb_view *view, int width, int height, int *lw, int *lh)
{
	int rot = wb_view_rotation(view);
	bool swap = rot == 90 || rot == 270;
	*lw = swap ? height : width;
	*lh = swap ? width : height;
}

bool wb_view_identifying(const struct wb_view *view)
{
	return view->anim_ms < view->identify_until_ms;
}

int64_t wb_view_page_ms(const struct wb_view *view)
{
	int page_s = view->config ? view->config->display.page_s : DEFAULT_PAGE_S;
	return (int64_t)(page_s > 0 ? page_s : DEFAULT_PAGE_S) * 1000;
}

size_t wb_view_page(const struct wb_view *view)
{
	int64_t period = wb_view_page_ms(view);
	int64_t q = view->anim_ms / period;
	if (view->anim_ms % period != 0 && view->anim_ms < 0)
		q--; /* floor: a negative clock still pages forwards */
	size_t order[WB_FEED_MAX_CHANNELS];
	size_t n = wb_view_channels(view->snapshot, view->config, order, WB_FEED_MAX_CHANNELS);
	int64_t pages = (int64_t)wb_layout_pages(n);
	int64_t page = q % pages;
	return (size_t)(page < 0 ? page + pages : page);
}

void wb_view_layout(const struct wb_view *view, int width, int height, struct wb_layout *out)
{
	int lw, lh;
	wb_view_logical_size(view, width, height, &lw, &lh);
	wb_view_layout_logical(view, lw, lh, out);
}

void wb_view_layout_logical(const struct wb_view *view, int lw, int lh, struct wb_layout *out)
{
	const struct wb_snapshot *snap = view->snapshot;
	size_t order[WB_FEED_MAX_CHANNELS];
	struct wb_layout_input in;
	memset(&in, 0, sizeof(in));
	in.width = lw;
	in.height = lh;
	in.n_channels = wb_view_channels(snap, view->config, order, WB_FEED_MAX_CHANNELS);
	in.alert_banner = snap && snap->n_alerts > 0;
	in.stale_bar = snap && view->stale;
	in.ticker = wb_view_ticker_shown(view);
	/* Stale: the stale bar says first that the numbers are old, and takes
	 * the strip's room, so the tiles keep their size (the 8 m rule). */
	in.summary = snap && in.n_channels > 0 && !view->stale;
	in.page = wb_view_page(view);
	in.scale_pct = wb_layout_scale_pct(view->config ? view->config->display.scale : 1.0);
	wb_layout_compute(&in, out);
}

/* Negative share in percent, -1 without counts to share. */
static double negative_share(const struct wb_channel *ch)
{
	const struct wb_sentiment_counts *s = &ch->sentiment;
	int64_t total = s->present ? s->positive + s->neutral + s->negative : 0;
	return total > 0 ? (double)s->negative * 100.0 / (double)total : -1.0;
}

/* A channel's label as the summary line names it: long labels cut with "…"
 * so the line keeps room for the wait and the share. */
#define SUMMARY_LABEL_CP 24
static const char *short_label(const struct wb_channel *ch, char out[SUMMARY_LABEL_CP * 4 + 4])
{
	wb_utf8_truncate(ch->label, SUMMARY_LABEL_CP, out, SUMMARY_LABEL_CP * 4 + 4);
	return out;
}

void wb_view_summary(const struct wb_view *view, struct wb_view_summary *out)
{
	enum wb_lang lang = view->config ? view->config->display.language : WB_LANG_NL;
	const struct wb_snapshot *snap = view->snapshot;
	memset(out, 0, sizeof *out);
	size_t order[WB_FEED_MAX_CHANNELS];
	size_t n = snap ? wb_view_shown_channels(view, order, NULL, WB_FEED_MAX_CHANNELS) : 0;
	for (size_t k = 0; k < n; k++) {
		const struct wb_channel *ch = &snap->channels[order[k]];
		struct wb_view_sla_box box;
		wb_view_sla_box(view, ch, &box);
		if (box.closed)
			continue;
		const struct wb_sla_view *sla = &box.eval.sla;
		if (sla->state == WB_SLA_BREACHED)
			out->breached++;
		/* Strictly longer: a tie stays with the first in tile order. */
		if (someone_waits(sla->state) &&
		    (!out->has_longest || sla->waited_s > out->longest_waited_s)) {
			out->has_longest = true;
			out->longest = order[k];
			out->longest_waited_s = sla->waited_s;
		}
		double neg = negative_share(ch);
		if (neg > 0.0 && (!out->has_negative || neg > out->negative_pct)) {
			out->has_negative = true;
			out->negative = order[k];
			out->negative_pct = neg;
		}
	}
	out->calm = out->breached == 0;

	char label[SUMMARY_LABEL_CP * 4 + 4];
	size_t at = 0;
	if (out->calm)
		at += (size_t)snprintf(out->text, sizeof out->text, "%s", wb_i18n(lang, WB_MSG_SUMMARY_CALM));
	else
		at += (size_t)snprintf(out->text, sizeof out->text, "%zu %s", out->breached,
				       wb_i18n(lang, WB_MSG_SUMMARY_BREACHED));
	if (out->has_longest) {
		wb_format_duration(out->longest_waited_s, out->longest_text, sizeof out->longest_text);
		if (at < sizeof out->text)
			at += (size_t)snprintf(out->text + at, sizeof out->text - at, " \xC2\xB7 %s %s %s",
					       wb_i18n(lang, WB_MSG_SUMMARY_LONGEST), out->longest_text,
					       short_label(&snap->channels[out->longest], label));
	}
	if (out->has_negative) {
		wb_format_percent(lang, out->negative_pct, 0, out->negative_text, sizeof out->negative_text);
		if (at < sizeof out->text)
			snprintf(out->text + at, sizeof out->text - at, " \xC2\xB7 %s %s %s",
				 wb_i18n(lang, WB_MSG_SUMMARY_NEGATIVE),
				 short_label(&snap->channels[out->negative], label), out->negative_text);
	}
	/* Labels of up to 100 bytes could still fill the line: never end it
	 * inside a code point. */
	size_t len = strlen(out->text);
	if (len > 0 && !wb_utf8_valid(out->text, len))
		out->text[wb_utf8_floor(out->text, len, len - 1)] = '\0';
}

const char *wb_view_conn_name(enum wb_conn_state conn)
{
	switch (conn) {
	case WB_CONN_ONLINE:
		return "online";
	case WB_CONN_OFFLINE:
		return "offline";
	case WB_CONN_CONNECTING:
	default:
		return "connecting";
	}
}
