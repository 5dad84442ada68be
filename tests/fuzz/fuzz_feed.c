/* The feed's way to the screen, as the loop takes it: wb_feed_parse, the
 * board applying the poll (200, then a 304 and a failure), the alert rules
 * learning from it and merging their alerts, and frames built from it
 * (wb_board_view and what the elements ask of the view: shown channels,
 * SLA boxes, marks, the summary, the banner, the layout), the time passed
 * in. A document that parses gives a snapshot within the caps and a view
 * whose every string is valid UTF-8, and only RFC 8259 JSON is taken; stored in the cache and read back it
 * parses to the same snapshot. The input is the feed body, a NUL, then the
 * times and choices (language, opening hours). */
#include "fuzz.h"
#include "wallboard/board.h"
#include "wallboard/cache.h"
#include "wallboard/config.h"
#include "wallboard/feed.h"
#include "wallboard/layout.h"
#include "wallboard/rules.h"
#include "wallboard/view.h"

/* Every rule kind on, and opening hours for half the inputs: the paths a
 * configured board takes each poll and each frame. */
static const char rules_json[] =
	"{\"alerts\":{\"rules\":[{\"kind\":\"negative_share\",\"raise_pct\":30,\"clear_pct\":25,\"min_"
	"mentions\":1},"
	"{\"kind\":\"negative_spike\"},{\"kind\":\"influencer\",\"min_followers\":10}]},"
	"\"display\":{\"ticker\":true}}";
static const char hours_json[] =
	"{\"sla\":{\"hours\":{\"mon\":[\"08:00-22:00\"],\"tue\":[\"08:00-22:00\"],\"sat\":[\"10:00-16:00\"]},"
	"\"channel_hours\":{\"webchat\":{\"mon\":[\"09:00-12:30\",\"13:30-17:00\"]},\"twitter\":\"always\"}}"
	"}";

/* The feed's alerts and at most one local alert per rule kind and channel. */
#define MAX_SHOWN_ALERTS (WB_FEED_MAX_ALERTS + WB_RULE_KIND_COUNT * WB_FEED_MAX_CHANNELS)

static struct wb_config configs[2][WB_LANG_COUNT_];
static struct wb_tz *tz;
static void setup(void)
{
	for (int h = 0; h < 2; h++)
		for (int l = 0; l < WB_LANG_COUNT_; l++) {
			struct wb_config *c = &configs[h][l];
			wb_config_defaults(c);
			FUZZ_CHECK(wb_config_parse(rules_json, sizeof rules_json - 1, c, NULL) == WB_OK,
				   "rules config");
			if (h)
				FUZZ_CHECK(wb_config_parse(hours_json, sizeof hours_json - 1, c, NULL) ==
						   WB_OK,
					   "hours config");
			c->display.language = (enum wb_lang)l;
		}
	struct wb_error err;
	FUZZ_CHECK(wb_tz_create_posix("CET-1CEST,M3.5.0,M10.5.0/3", &tz, &err) == WB_OK, "zone");
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_counts(const struct wb_sentiment_counts *a, const struct wb_sentiment_counts *b)
{
	return a->present == b->present && a->positive == b->positive && a->neutral == b->neutral &&
	       a->negative == b->negative;
}

static bool same_channel(const struct wb_channel *a, const struct wb_channel *b)
{
	return !strcmp(a->id, b->id) && same_text(a->label, b->label) &&
	       a->mentions_today == b->mentions_today && a->mentions_last_hour == b->mentions_last_hour &&
	       a->unanswered == b->unanswered && same_counts(&a->sentiment, &b->sentiment) &&
	       a->sla.present == b->sla.present && a->sla.target_s == b->sla.target_s &&
	       a->sla.has_oldest == b->sla.has_oldest &&
	       a->sla.oldest_unanswered_ms == b->sla.oldest_unanswered_ms &&
	       a->sla.has_within_target_pct == b->sla.has_within_target_pct &&
	       (!a->sla.has_within_target_pct || a->sla.within_target_pct == b->sla.within_target_pct) &&
	       a->n_history == b->n_history &&
	       !memcmp(a->history, b->history, a->n_history * sizeof a->history[0]) &&
	       a->has_yesterday_today == b->has_yesterday_today && a->yesterday_today == b->yesterday_today &&
	       same_counts(&a->yesterday_sentiment, &b->yesterday_sentiment);
}

static bool same_snapshot(const struct wb_snapshot *a, const struct wb_snapshot *b)
{
	if (a->generated_at_ms != b->generated_at_ms || !same_text(a->title, b->title) ||
	    a->n_channels != b->n_channels || a->n_alerts != b->n_alerts || a->n_latest != b->n_latest)
		return false;
	for (size_t i = 0; i < a->n_channels; i++)
		if (!same_channel(&a->channels[i], &b->channels[i]))
			return false;
	for (size_t i = 0; i < a->n_alerts; i++) {
		const struct wb_alert *x = &a->alerts[i], *y = &b->alerts[i];
		if (!same_text(x->id, y->id) || x->severity != y->severity || !same_text(x->kind, y->kind) ||
		    !same_text(x->channel, y->channel) || !same_text(x->message, y->message) ||
		    x->has_since != y->has_since || x->since_ms != y->since_ms)
			return false;
	}
	for (size_t i = 0; i < a->n_latest; i++) {
		const struct wb_mention *x = &a->latest[i], *y = &b->latest[i];
		if (!same_text(x->channel, y->channel) || !same_text(x->author, y->author) ||
		    x->has_followers != y->has_followers || x->followers != y->followers ||
		    !same_text(x->text, y->text) || x->sentiment != y->sentiment || x->has_at != y->has_at ||
		    x->at_ms != y->at_ms)
			return false;
	}
	return true;
}

static void check_snapshot(const struct wb_snapshot *s)
{
	FUZZ_CHECK(s->n_channels <= WB_FEED_MAX_CHANNELS && s->n_alerts <= MAX_SHOWN_ALERTS &&
			   s->n_latest <= WB_FEED_MAX_LATEST,
		   "over the caps: %zu channels, %zu alerts, %zu mentions", s->n_channels, s->n_alerts,
		   s->n_latest);
	fuzz_check_text("title", s->title, WB_FEED_TITLE_MAX);
	for (size_t i = 0; i < s->n_channels; i++) {
		FUZZ_CHECK(wb_feed_channel_id_valid(s->channels[i].id), "channel id \"%s\"",
			   s->channels[i].id);
		FUZZ_CHECK(s->channels[i].label, "channel without a label");
		fuzz_check_text("label", s->channels[i].label, WB_FEED_LABEL_MAX);
		FUZZ_CHECK(s->channels[i].n_history <= WB_FEED_HISTORY_MAX, "history over the cap");
	}
	for (size_t i = 0; i < s->n_alerts; i++) {
		FUZZ_CHECK(s->alerts[i].id && s->alerts[i].message, "alert without id or message");
		fuzz_check_text("alert id", s->alerts[i].id, WB_FEED_ALERT_ID_MAX);
		fuzz_check_text("alert kind", s->alerts[i].kind, WB_FEED_ALERT_KIND_MAX);
		fuzz_check_text("alert channel", s->alerts[i].channel, WB_FEED_CHANNEL_ID_MAX);
		fuzz_check_text("alert message", s->alerts[i].message, WB_FEED_MESSAGE_MAX);
	}
	for (size_t i = 0; i < s->n_latest; i++) {
		FUZZ_CHECK(s->latest[i].text, "mention without text");
		fuzz_check_text("mention text", s->latest[i].text, WB_FEED_TEXT_MAX);
		fuzz_check_text("mention author", s->latest[i].author, WB_FEED_AUTHOR_MAX);
		fuzz_check_text("mention channel", s->latest[i].channel, WB_FEED_CHANNEL_ID_MAX);
	}
}

#define TEXT(what, s) fuzz_check_text(what, s, sizeof(s) - 1)

static void check_frame(struct wb_board *board, const struct wb_config *cfg, int64_t mono, int64_t wall)
{
	static struct wb_view v;
	wb_board_view(board, cfg, mono, wall, &v);
	v.anim_ms = mono;
	v.started_ms = 0;
	v.tz = tz;
	fuzz_check_text("view title", v.title, WB_FEED_TITLE_MAX + 64);
	fuzz_check_text("stale reason", v.stale_reason, WB_VIEW_WORDS_MAX);
	fuzz_check_text("stale remedy", v.stale_remedy, WB_VIEW_WORDS_MAX);
	TEXT("stale words", v.stale_words);
	if (!v.snapshot)
		return;
	check_snapshot(v.snapshot);
	size_t order[WB_FEED_MAX_CHANNELS];
	enum wb_view_trouble trouble[WB_FEED_MAX_CHANNELS];
	size_t n = wb_view_shown_channels(&v, order, trouble, WB_FEED_MAX_CHANNELS);
	FUZZ_CHECK(n <= v.snapshot->n_channels, "more channels shown than the feed has");
	for (size_t k = 0; k < n; k++) {
		FUZZ_CHECK(order[k] < v.snapshot->n_channels, "a shown channel out of range");
		const struct wb_channel *ch = &v.snapshot->channels[order[k]];
		static struct wb_view_sla_box box;
		wb_view_sla_box(&v, ch, &box);
		TEXT("sla timer", box.timer);
		TEXT("sla detail", box.detail);
		TEXT("sla detail_short", box.detail_short);
		TEXT("sla attainment", box.attain_text);
		TEXT("sla attainment words", box.attain_words);
		FUZZ_CHECK(box.progress_permille >= 0 && box.progress_permille <= 1000, "progress %d",
			   box.progress_permille);
		char mark[32];
		wb_view_channel_mark(v.snapshot, ch, mark, sizeof mark);
		TEXT("channel mark", mark);
		FUZZ_CHECK(wb_utf8_length(mark, strlen(mark)) <= 2, "mark \"%s\" over two code points", mark);
	}
	static struct wb_view_summary sum;
	wb_view_summary(&v, &sum);
	TEXT("summary", sum.text);
	TEXT("summary longest", sum.longest_text);
	TEXT("summary negative", sum.negative_text);
	size_t index, rank, count;
	if (wb_view_banner_alert(&v, &index, &rank, &count))
		FUZZ_CHECK(index < v.snapshot->n_alerts && rank < count && count == v.snapshot->n_alerts,
			   "banner alert %zu (%zu of %zu) of %zu", index, rank, count, v.snapshot->n_alerts);
	struct wb_layout layout;
	wb_view_layout(&v, 1920, 1080, &layout);
	wb_view_layout(&v, 720, 1280, &layout);
	(void)wb_view_ticker_shown(&v);
	(void)wb_view_page(&v);
}

static void learn(struct wb_board *board, struct wb_rules_state *rules, const struct wb_config *cfg,
		  int64_t mono)
{
	FUZZ_CHECK(wb_rules_update(rules, &cfg->alerts, board->snapshot,
				   wb_board_server_now_ms(board, mono)) == WB_OK,
		   "rules update failed");
	struct wb_alert *local = NULL;
	size_t n = 0;
	FUZZ_CHECK(wb_rules_alerts(rules, cfg->display.language, &local, &n) == WB_OK, "rules alerts failed");
	FUZZ_CHECK(wb_board_merge_local_alerts(board, local, n) == WB_OK, "merging alerts failed");
	wb_alerts_free(local, n);
}

static void check_cache_round_trip(const char *body, size_t len, const struct wb_snapshot *first)
{
	struct wb_error err;
	struct wb_cache_entry e;
	const char *dir = fuzz_cache_dir();
	FUZZ_CHECK(wb_cache_save(dir, body, len, "\"v1\"", 1764000000000LL, &err) == WB_OK, "cache save: %s",
		   err.message);
	FUZZ_CHECK(wb_cache_load(dir, WB_FEED_HARD_MAX_BODY_BYTES, &e, &err) == WB_OK, "cache load: %s",
		   err.message);
	struct wb_snapshot *again = NULL;
	FUZZ_CHECK(wb_feed_parse(e.body, e.body_len, &again, &err) == WB_OK,
		   "the cached feed does not parse: %s", err.message);
	FUZZ_CHECK(same_snapshot(first, again), "the cached feed parses to another snapshot");
	wb_snapshot_free(again);
	wb_cache_entry_fini(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!tz)
		setup();
	size_t len;
	struct fuzz_in in;
	char *body = fuzz_split(data, size, &len, &in);
	struct wb_snapshot *snap = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_feed_parse(body, len, &snap, &err) != WB_OK) {
		FUZZ_CHECK(!snap, "refused, yet a snapshot came out");
		fuzz_check_text("error path", err.path, sizeof err.path - 1);
		fuzz_check_text("error message", err.message, sizeof err.message - 1);
		free(body);
		return 0;
	}
	const char *bad = fuzz_json_text_problem(body, len);
	FUZZ_CHECK(!bad, "accepted a feed with %s", bad);
	check_snapshot(snap);
	check_cache_round_trip(body, len, snap);

	uint64_t choice = fuzz_u64(&in, 1);
	const struct wb_config *cfg = &configs[choice & 1][(choice >> 1) % WB_LANG_COUNT_];
	int64_t mono = fuzz_range(&in, 0, 100LL * 366 * 86400000LL);
	int64_t wall = fuzz_range(&in, 0, 253402300799000LL);
	int64_t step = fuzz_range(&in, 0, 86400000LL);

	struct wb_board board;
	wb_board_init(&board);
	struct wb_rules_state *rules = wb_rules_state_create();
	FUZZ_CHECK(rules, "out of memory");
	check_frame(&board, cfg, mono, wall);

	static struct wb_feed_update up;
	memset(&up, 0, sizeof up);
	up.outcome = WB_FETCH_UPDATED;
	up.snapshot = snap;
	up.http_status = 200;
	up.received_mono_ms = mono;
	up.received_wall_ms = wall;
	snprintf(up.etag, sizeof up.etag, "\"%08llx\"", (unsigned long long)choice);
	wb_board_apply(&board, &up);
	learn(&board, rules, cfg, mono);
	for (int k = 0; k < 3; k++)
		check_frame(&board, cfg, mono + k * step, wall + k * step);

	memset(&up, 0, sizeof up);
	up.outcome = WB_FETCH_NOT_MODIFIED;
	up.http_status = 304;
	up.received_mono_ms = mono + 3 * step;
	up.received_wall_ms = wall + 3 * step;
	wb_board_apply(&board, &up);
	check_frame(&board, cfg, mono + 3 * step, wall + 3 * step);

	memset(&up, 0, sizeof up);
	up.outcome = WB_FETCH_FAILED;
	up.http_status = 503;
	up.reason = WB_FETCH_REASON_HTTP;
	snprintf(up.error, sizeof up.error, "HTTP 503");
	up.received_mono_ms = mono + 4 * step;
	up.received_wall_ms = wall + 4 * step;
	wb_board_apply(&board, &up);
	check_frame(&board, cfg, mono + 5 * step, wall + 5 * step);

	wb_rules_state_destroy(rules);
	wb_board_fini(&board);
	free(body);
	return 0;
}
