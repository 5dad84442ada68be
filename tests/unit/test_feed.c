/* Pins the feed v1 contract (firmware/core/feed.c, docs/feed-api.md): every
 * documented example parses to the values it shows, and every kind of bad
 * document is rejected with the exact path and message of its first problem.
 * Bodies are handed over in exact-size, unterminated heap copies, so ASan
 * and the valgrind variant catch any read past len and any leak on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/feed.h"
#include "wallboard/limits.h"
#include "wallboard/timeutil.h"

/* --- helpers ------------------------------------------------------------ */

struct buf {
	char *data;
	size_t len;
};

static struct buf read_file(const char *path)
{
	struct buf b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	b.len = (size_t)size;
	b.data = malloc(b.len ? b.len : 1);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.len, f), b.len);
	fclose(f);
	return b;
}

static struct buf example(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", WB_EXAMPLES, name);
	return read_file(path);
}

static struct buf fixture(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/feed/%s", WB_FIXTURES, name);
	return read_file(path);
}

/* An unterminated copy of exactly len bytes. */
static struct buf from_bytes(const char *s, size_t len)
{
	struct buf b = { malloc(len ? len : 1), len };
	assert_non_null(b.data);
	memcpy(b.data, s, len);
	return b;
}

static struct wb_snapshot *parse_ok(struct buf b)
{
	struct wb_snapshot *snap = (struct wb_snapshot *)1;
	struct wb_error err;
	enum wb_status st = wb_feed_parse(b.data, b.len, &snap, &err);
	if (st != WB_OK)
		fail_msg("expected success, got %d at %s: %s", st, err.path, err.message);
	assert_non_null(snap);
	free(b.data);
	return snap;
}

static int64_t ts(const char *s)
{
	int64_t ms = 0;
	assert_int_equal(wb_time_parse_rfc3339(s, &ms), WB_OK);
	return ms;
}

/* --- the documented examples ---------------------------------------------- */

static void example_full(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-full.json"));
	static const char *const ids[] = { "twitter",  "facebook", "instagram",
					   "linkedin", "whatsapp", "webchat" };
	static const char *const labels[] = { "X / Twitter", "Facebook", "Instagram",
					      "LinkedIn",    "WhatsApp", "Webchat" };
	static const int64_t targets[] = { 3600, 1800, 1800, 3600, 600, 300 };
	static const char *const oldest[] = { "2026-11-23T09:05:00Z", "2026-11-23T08:57:00Z",
					      "2026-11-23T09:10:00Z", "2026-11-23T08:05:00Z",
					      "2026-11-23T09:02:00Z", NULL };

	assert_int_equal(s->generated_at_ms, ts("2026-11-23T09:15:02Z"));
	assert_string_equal(s->title, "Webcare NL, vloer 2");
	assert_int_equal(s->n_channels, 6);
	for (size_t i = 0; i < 6; i++) {
		const struct wb_channel *c = &s->channels[i];
		assert_string_equal(c->id, ids[i]);
		assert_string_equal(c->label, labels[i]);
		assert_true(c->sentiment.present);
		assert_true(c->sla.present);
		assert_int_equal(c->sla.target_s, targets[i]);
		assert_true(c->sla.has_within_target_pct);
		assert_int_equal(c->sla.has_oldest, oldest[i] != NULL);
		if (oldest[i])
			assert_int_equal(c->sla.oldest_unanswered_ms, ts(oldest[i]));
	}
	const struct wb_channel *tw = &s->channels[0];
	assert_int_equal(tw->mentions_today, 1234);
	assert_int_equal(tw->mentions_last_hour, 87);
	assert_int_equal(tw->unanswered, 12);
	assert_int_equal(tw->sentiment.positive, 40);
	assert_int_equal(tw->sentiment.neutral, 35);
	assert_int_equal(tw->sentiment.negative, 12);
	assert_true(tw->sla.within_target_pct == 92.5);
	assert_ptr_equal(wb_snapshot_channel(s, "whatsapp"), &s->channels[4]);
	assert_int_equal(wb_snapshot_channel(s, "whatsapp")->sla.target_s, 600);

	assert_int_equal(s->n_alerts, 3);
	assert_string_equal(s->alerts[0].id, "a-17");
	assert_int_equal(s->alerts[0].severity, WB_SEVERITY_CRITICAL);
	assert_string_equal(s->alerts[0].kind, "sentiment_spike");
	assert_string_equal(s->alerts[0].channel, "twitter");
	assert_string_equal(s->alerts[0].message, "Negatieve piek: 38% negatief in het laatste uur");
	assert_true(s->alerts[0].has_since);
	assert_int_equal(s->alerts[0].since_ms, ts("2026-11-23T09:02:00Z"));
	assert_int_equal(s->alerts[1].severity, WB_SEVERITY_WARNING);
	assert_string_equal(s->alerts[1].kind, "queue");
	assert_string_equal(s->alerts[1].channel, "whatsapp");
	assert_int_equal(s->alerts[1].since_ms, ts("2026-11-23T09:10:00Z"));
	assert_int_equal(s->alerts[2].severity, WB_SEVERITY_INFO);
	assert_null(s->alerts[2].channel);

	assert_int_equal(s->n_latest, 8);
	const struct wb_mention *m = &s->latest[0];
	assert_string_equal(m->channel, "facebook");
	assert_string_equal(m->author, "@jan");
	assert_true(m->has_followers);
	assert_int_equal(m->followers, 15400);
	assert_int_equal(m->sentiment, WB_SENTIMENT_NEGATIVE);
	assert_non_null(strstr(m->text, "\xE2\x82\xAC")); /* € survives as UTF-8 */
	assert_true(m->has_at);
	assert_int_equal(m->at_ms, ts("2026-11-23T09:14:40Z"));
	assert_int_equal(s->latest[1].sentiment, WB_SENTIMENT_POSITIVE);
	assert_int_equal(s->latest[2].sentiment, WB_SENTIMENT_NEUTRAL);
	assert_false(s->latest[2].has_followers);
	wb_snapshot_free(s);
}

/* The trend fields of feed-full.json: a full day of history, a shorter one,
 * and same_time_yesterday with and without its members. */
static void example_full_trends(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-full.json"));
	const struct wb_channel *tw = wb_snapshot_channel(s, "twitter");
	assert_int_equal(tw->n_history, WB_FEED_HISTORY_MAX);
	assert_int_equal(tw->history[0], 101);
	assert_int_equal(tw->history[23], 92);
	assert_true(tw->has_yesterday_today);
	assert_int_equal(tw->yesterday_today, 1102);
	assert_true(tw->yesterday_sentiment.present);
	assert_int_equal(tw->yesterday_sentiment.positive, 45);
	assert_int_equal(tw->yesterday_sentiment.neutral, 38);
	assert_int_equal(tw->yesterday_sentiment.negative, 6);
	const struct wb_channel *fb = wb_snapshot_channel(s, "facebook");
	assert_int_equal(fb->n_history, 12);
	assert_int_equal(fb->history[11], 49);
	assert_true(fb->has_yesterday_today);
	assert_int_equal(fb->yesterday_today, 790);
	assert_false(fb->yesterday_sentiment.present);
	const struct wb_channel *ig = wb_snapshot_channel(s, "instagram");
	assert_int_equal(ig->n_history, 0);
	assert_false(ig->has_yesterday_today);
	assert_false(ig->yesterday_sentiment.present);
	wb_snapshot_free(s);
}

static void example_minimal(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-minimal.json"));
	assert_null(s->title);
	assert_int_equal(s->n_channels, 2);
	assert_string_equal(s->channels[1].id, "email");
	assert_string_equal(s->channels[1].label, "email"); /* label defaults to the id */
	assert_ptr_not_equal(s->channels[1].label, s->channels[1].id);
	assert_int_equal(s->channels[1].mentions_today, 0);
	assert_false(s->channels[0].sentiment.present);
	assert_false(s->channels[0].sla.present);
	assert_int_equal(s->n_alerts, 0);
	assert_null(s->alerts);
	assert_int_equal(s->n_latest, 0);
	assert_null(s->latest);
	wb_snapshot_free(s);
}

static void example_offsets(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-offsets.json"));
	/* 10:15:02.250+01:00 is 09:15:02.250 UTC. */
	assert_int_equal(s->generated_at_ms, ts("2026-11-23T09:15:02Z") + 250);
	assert_int_equal(s->n_channels, 3);
	const struct wb_channel *tw = &s->channels[0];
	assert_true(tw->sla.has_oldest);
	assert_int_equal(tw->sla.oldest_unanswered_ms, ts("2026-11-23T08:50:00Z") + 500);
	assert_int_equal(tw->mentions_last_hour, 87); /* unknown "last_minute" ignored */
	assert_true(tw->sentiment.present);           /* unknown "mixed" ignored */
	const struct wb_channel *fb = &s->channels[1];
	assert_string_equal(fb->label, "facebook");
	assert_true(fb->sla.present);
	assert_false(fb->sla.has_oldest); /* null */
	assert_false(fb->sla.has_within_target_pct);
	const struct wb_channel *em = &s->channels[2];
	assert_string_equal(em->id, "e-mail_2");
	assert_int_equal(em->sla.target_s, 86400);
	assert_false(em->sla.has_oldest); /* absent */

	assert_int_equal(s->n_alerts, 1);
	assert_null(s->alerts[0].kind);
	assert_int_equal(s->alerts[0].since_ms, ts("2026-11-23T09:15:00Z") + 123);

	assert_int_equal(s->n_latest, 2);
	assert_int_equal(s->latest[0].at_ms, ts("2026-11-23T04:14:40Z") + 999);
	assert_true(s->latest[0].has_followers);
	assert_int_equal(s->latest[0].followers, 0);
	const struct wb_mention *bare = &s->latest[1];
	assert_null(bare->channel);
	assert_null(bare->author);
	assert_false(bare->has_followers);
	assert_false(bare->has_at);
	assert_int_equal(bare->sentiment, WB_SENTIMENT_UNKNOWN);
	wb_snapshot_free(s);
}

static void example_many_channels(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-many-channels.json"));
	assert_int_equal(s->n_channels, 30);
	assert_string_equal(s->channels[29].id, "klachtenkompas");
	assert_ptr_equal(wb_snapshot_channel(s, "klachtenkompas"), &s->channels[29]);
	assert_null(wb_snapshot_channel(s, "fax"));
	wb_snapshot_free(s);
}

static void example_empty(void **state)
{
	(void)state;
	struct wb_snapshot *s = parse_ok(example("feed-empty.json"));
	assert_int_equal(s->n_channels, 0);
	assert_null(s->channels);
	assert_int_equal(s->n_alerts, 0);
	assert_int_equal(s->n_latest, 0);
	assert_null(wb_snapshot_channel(s, "twitter"));
	wb_snapshot_free(s);
}

/* Whatever lands in docs/examples later must parse too. */
static void every_example_parses(void **state)
{
	(void)state;
	DIR *dir = opendir(WB_EXAMPLES);
	assert_non_null(dir);
	size_t seen = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		print_message("%s\n", e->d_name);
		wb_snapshot_free(parse_ok(example(e->d_name)));
		seen++;
	}
	closedir(dir);
	assert_true(seen >= 5);
}

/* --- rejections ----------------------------------------------------------- */

#define HEAD "{\"version\":1,\"generated_at\":\"2026-11-23T09:15:02Z\","
#define CH(id) "{\"id\":\"" id "\",\"mentions\":{\"today\":1,\"last_hour\":1},\"unanswered\":0}"
#define CH_WITH(extra) "{\"id\":\"a\",\"mentions\":{\"today\":1,\"last_hour\":1},\"unanswered\":0," extra "}"
#define DOC(channels) HEAD "\"channels\":[" channels "]}"
#define DOC_WITH(channels, rest) HEAD "\"channels\":[" channels "]," rest "}"
#define ALERT(fields) DOC_WITH(CH("a"), "\"alerts\":[{" fields "}]")
#define MENTION(fields) DOC_WITH(CH("a"), "\"latest\":[{" fields "}]")

struct bad_case {
	const char *body; /* inline document; NULL when file is set */
	size_t len;       /* 0: strlen(body) */
	const char *file; /* under tests/fixtures/feed */
	enum wb_status status;
	const char *path;
	const char *message;
	bool prefix; /* message is only the start of the expected text */
};

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define BAD(body_, path_, msg_) {(body_), 0, NULL, WB_ERR_INVALID, (path_), (msg_), false}
#define BAD_BYTES(body_, path_, msg_) {(body_), sizeof(body_) - 1, NULL, WB_ERR_INVALID, (path_), (msg_), false}
#define BAD_FILE(file_, status_, path_, msg_) {NULL, 0, (file_), (status_), (path_), (msg_), false}
/* clang-format on */

#define MISSING "required field missing"
#define NOT_COUNT "expected integer >= 0"
#define NOT_ID "expected channel id matching [a-z0-9_-]{1,32}"

static const struct bad_case bad_cases[] = {
	/* Missing required fields, at every level. */
	BAD("{\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[]}", "$.version", MISSING),
	BAD("{\"version\":1,\"channels\":[]}", "$.generated_at", MISSING),
	BAD(HEAD "\"title\":\"x\"}", "$.channels", MISSING),
	BAD(DOC("{\"mentions\":{\"today\":1,\"last_hour\":1},\"unanswered\":0}"), "$.channels[0].id",
	    MISSING),
	BAD(DOC("{\"id\":\"a\",\"unanswered\":0}"), "$.channels[0].mentions", MISSING),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", MISSING),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.last_hour", MISSING),
	BAD(DOC(CH("a") "," CH("b") ","
				    "{\"id\":\"c\",\"mentions\":{\"today\":1,\"last_hour\":1}}"),
	    "$.channels[2].unanswered", MISSING),
	BAD(DOC(CH_WITH("\"sentiment\":{\"positive\":1,\"neutral\":2}")), "$.channels[0].sentiment.negative",
	    MISSING),
	BAD(DOC(CH_WITH("\"sla\":{\"oldest_unanswered_at\":null}")), "$.channels[0].sla.target_s", MISSING),
	BAD(ALERT("\"severity\":\"info\",\"message\":\"m\""), "$.alerts[0].id", MISSING),
	BAD(ALERT("\"id\":\"a-1\",\"message\":\"m\""), "$.alerts[0].severity", MISSING),
	BAD(ALERT("\"id\":\"a-1\",\"severity\":\"info\""), "$.alerts[0].message", MISSING),
	BAD(MENTION("\"author\":\"@jan\""), "$.latest[0].text", MISSING),

	/* Wrong types. */
	BAD(HEAD "\"channels\":{}}", "$.channels", "expected an array"),
	BAD(HEAD "\"channels\":[42]}", "$.channels[0]", "expected an object"),
	BAD(DOC("{\"id\":\"a\",\"mentions\":[1,1],\"unanswered\":0}"), "$.channels[0].mentions",
	    "expected an object"),
	BAD(DOC("{\"id\":7,\"mentions\":{\"today\":1,\"last_hour\":1},\"unanswered\":0}"), "$.channels[0].id",
	    "expected string"),
	BAD(DOC(CH_WITH("\"label\":null")), "$.channels[0].label", "expected string"),
	BAD(DOC(CH_WITH("\"sla\":true")), "$.channels[0].sla", "expected an object"),
	BAD(DOC_WITH(CH("a"), "\"alerts\":{\"id\":\"a-1\"}"), "$.alerts", "expected an array"),
	BAD(HEAD "\"title\":[\"x\"],\"channels\":[]}", "$.title", "expected string"),

	/* Counts: integers 0 .. 2^53-1 only. */
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":-1,\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":1.5,\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":\"12\",\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":9007199254740992,\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":1e400,\"last_hour\":1},\"unanswered\":0}"),
	    "$.channels[0].mentions.today", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":1,\"last_hour\":null},\"unanswered\":0}"),
	    "$.channels[0].mentions.last_hour", NOT_COUNT),
	BAD(DOC("{\"id\":\"a\",\"mentions\":{\"today\":1,\"last_hour\":1},\"unanswered\":true}"),
	    "$.channels[0].unanswered", NOT_COUNT),
	BAD(DOC(CH_WITH("\"sentiment\":{\"positive\":1,\"neutral\":-2,\"negative\":0}")),
	    "$.channels[0].sentiment.neutral", NOT_COUNT),
	BAD(MENTION("\"text\":\"t\",\"followers\":-5"), "$.latest[0].followers", NOT_COUNT),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":0}")), "$.channels[0].sla.target_s", "expected integer > 0"),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":\"3600\"}")), "$.channels[0].sla.target_s",
	    "expected integer > 0"),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":60,\"within_target_pct\":100.5}")),
	    "$.channels[0].sla.within_target_pct", "expected number 0..100"),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":60,\"within_target_pct\":-0.1}")),
	    "$.channels[0].sla.within_target_pct", "expected number 0..100"),

	/* Trend fields (issue 15): history is 1..24 counts, same_time_yesterday
	 * an object whose sentiment needs all three counts like the tile's. */
	BAD(DOC(CH_WITH("\"history\":{}")), "$.channels[0].history", "expected an array"),
	BAD(DOC(CH_WITH("\"history\":null")), "$.channels[0].history", "expected an array"),
	BAD(DOC(CH_WITH("\"history\":[]")), "$.channels[0].history", "expected 1 to 24 entries, got 0"),
	BAD(DOC(CH_WITH("\"history\":[1,2,3.5]")), "$.channels[0].history[2]", NOT_COUNT),
	BAD(DOC(CH_WITH("\"history\":[-1]")), "$.channels[0].history[0]", NOT_COUNT),
	BAD(DOC(CH_WITH("\"history\":[0,\"7\"]")), "$.channels[0].history[1]", NOT_COUNT),
	BAD(DOC(CH_WITH("\"history\":[9007199254740992]")), "$.channels[0].history[0]", NOT_COUNT),
	BAD(DOC(CH_WITH("\"same_time_yesterday\":[]")), "$.channels[0].same_time_yesterday",
	    "expected an object"),
	BAD(DOC(CH_WITH("\"same_time_yesterday\":{\"mentions_today\":-4}")),
	    "$.channels[0].same_time_yesterday.mentions_today", NOT_COUNT),
	BAD(DOC(CH_WITH("\"same_time_yesterday\":{\"sentiment\":{\"positive\":1,\"neutral\":1}}")),
	    "$.channels[0].same_time_yesterday.sentiment.negative", MISSING),
	BAD(DOC(CH_WITH("\"same_time_yesterday\":{\"sentiment\":7}")),
	    "$.channels[0].same_time_yesterday.sentiment", "expected an object"),
	/* Checked after sla, in document-contract order. */
	BAD(DOC(CH_WITH("\"history\":[-1],\"sla\":{\"target_s\":0}")), "$.channels[0].sla.target_s",
	    "expected integer > 0"),

	/* Timestamps. */
	BAD("{\"version\":1,\"generated_at\":\"yesterday\",\"channels\":[]}", "$.generated_at",
	    "expected RFC 3339 timestamp, got \"yesterday\""),
	BAD("{\"version\":1,\"generated_at\":1795425302,\"channels\":[]}", "$.generated_at",
	    "expected RFC 3339 timestamp string"),
	BAD("{\"version\":1,\"generated_at\":null,\"channels\":[]}", "$.generated_at",
	    "expected RFC 3339 timestamp string"),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":60,\"oldest_unanswered_at\":\"2026-02-29T08:00:00Z\"}")),
	    "$.channels[0].sla.oldest_unanswered_at",
	    "expected RFC 3339 timestamp, got \"2026-02-29T08:00:00Z\""),
	BAD(DOC(CH_WITH("\"sla\":{\"target_s\":60,\"oldest_unanswered_at\":0}")),
	    "$.channels[0].sla.oldest_unanswered_at", "expected RFC 3339 timestamp string or null"),
	BAD(ALERT("\"id\":\"a\",\"severity\":\"info\",\"message\":\"m\",\"since\":null"), "$.alerts[0].since",
	    "expected RFC 3339 timestamp string"),
	BAD(MENTION("\"text\":\"t\",\"at\":\"2026-11-23T09:14:40\""), "$.latest[0].at",
	    "expected RFC 3339 timestamp, got \"2026-11-23T09:14:40\""),
	/* A long bad value is quoted only in part, cut between code points. */
	BAD("{\"version\":1,\"generated_at\":\"a\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9xxxxxxxxxxxxxxxx\",\"channels\":[]}",
	    "$.generated_at",
	    "expected RFC 3339 timestamp, got \"a\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\""),

	/* Channel ids. */
	BAD(DOC(CH("Twitter")), "$.channels[0].id", NOT_ID),
	BAD(DOC(CH("x twitter")), "$.channels[0].id", NOT_ID),
	BAD(DOC(CH("tw\xC3\xADtter")), "$.channels[0].id", NOT_ID),
	BAD(DOC(CH("")), "$.channels[0].id", "expected non-empty string"),
	BAD(DOC(CH("abcdefghijklmnopqrstuvwxyz0123456")), "$.channels[0].id", NOT_ID), /* 33 bytes */
	BAD(DOC(CH("twitter") "," CH("facebook") "," CH("twitter")), "$.channels[2].id",
	    "duplicate channel id \"twitter\""),
	BAD(ALERT("\"id\":\"a\",\"severity\":\"info\",\"message\":\"m\",\"channel\":\"X\""),
	    "$.alerts[0].channel", NOT_ID),
	BAD(MENTION("\"text\":\"t\",\"channel\":\"\""), "$.latest[0].channel", "expected non-empty string"),

	/* Enumerations. */
	BAD(ALERT("\"id\":\"a\",\"severity\":\"CRITICAL\",\"message\":\"m\""), "$.alerts[0].severity",
	    "expected one of info, warning, critical"),
	BAD(ALERT("\"id\":\"a\",\"severity\":2,\"message\":\"m\""), "$.alerts[0].severity",
	    "expected one of info, warning, critical"),
	BAD(MENTION("\"text\":\"t\",\"sentiment\":\"mixed\""), "$.latest[0].sentiment",
	    "expected one of positive, neutral, negative"),

	/* Empty and over-long strings. */
	BAD(ALERT("\"id\":\"\",\"severity\":\"info\",\"message\":\"m\""), "$.alerts[0].id",
	    "expected non-empty string"),
	BAD(ALERT("\"id\":\"a\",\"severity\":\"info\",\"message\":\"\""), "$.alerts[0].message",
	    "expected non-empty string"),
	BAD(MENTION("\"text\":\"\""), "$.latest[0].text", "expected non-empty string"),
	BAD(HEAD "\"title\":\"" /* 201 bytes */
		 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
		 "123456789"
		 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
		 "123456789"
		 "x\",\"channels\":[]}",
	    "$.title", "expected at most 200 bytes, got 201"),
	BAD(ALERT("\"id\":\"a\",\"severity\":\"info\",\"message\":\"m\",\"kind\":"
		  "\"0123456789012345678901234567890123456789012345678901234567890123456789\""),
	    "$.alerts[0].kind", "expected at most 64 bytes, got 70"),

	/* Raw bytes: UTF-8 and NUL are checked before any JSON parsing. */
	BAD_BYTES("{\"title\":\"\xC0\xAF\"}", "$", "invalid UTF-8 at byte 10"),     /* overlong */
	BAD_BYTES("{\"title\":\"ab\x80\"}", "$", "invalid UTF-8 at byte 12"),       /* stray continuation */
	BAD_BYTES("{\"title\":\"\xED\xA0\x80\"}", "$", "invalid UTF-8 at byte 10"), /* surrogate */
	BAD_BYTES("{\"title\":\"\xE2\x82\xAC\xF4\x90\x80\x80\"}", "$",
		  "invalid UTF-8 at byte 13"),                                  /* > U+10FFFF */
	BAD_BYTES("{\"title\":\"\xE2\x82\"}", "$", "invalid UTF-8 at byte 10"), /* cut short */
	BAD_BYTES("{\"title\":\"ok\"}\xE2", "$", "invalid UTF-8 at byte 14"),
	BAD_BYTES("{\"title\":\"a\0b\",\"version\":1}", "$", "NUL byte at byte 11"),
	BAD_BYTES("{\"version\":1}\0", "$", "NUL byte at byte 13"),
	BAD("{\"title\":\"a\\u0000b\",\"version\":1}", "$", "NUL character (\\u0000) in a string at byte 11"),
	BAD("{\"title\":\"line\nbreak\",\"version\":1}", "$",
	    "unescaped control character in a string at byte 14"),

	/* Not a JSON object, or not only one. */
	{ "", 0, NULL, WB_ERR_INVALID, "$", "expected a JSON object, got an empty body", false },
	BAD("[]", "$", "expected an object"),
	BAD("\"feed\"", "$", "expected an object"),
	BAD("null", "$", "expected an object"),
	BAD(" 42 ", "$", "expected an object"),
	BAD("{\"version\":1,", "$", "invalid JSON at byte 12"),
	BAD("{\"version\" 1}", "$", "invalid JSON at byte 11"),
	BAD("{\"version\":1}{}", "$", "unexpected data after the JSON value at byte 13"),
	BAD("{\"version\":1} x", "$", "unexpected data after the JSON value at byte 14"),

	/* Version. */
	BAD("{\"version\":\"1\",\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[]}", "$.version",
	    "expected integer 1"),
	BAD("{\"version\":1.5,\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[]}", "$.version",
	    "expected integer 1"),
	{ "{\"version\":0}", 0, NULL, WB_ERR_UNSUPPORTED, "$.version",
	  "unsupported feed version 0, this board speaks 1", false },
	{ "{\"version\":-3}", 0, NULL, WB_ERR_UNSUPPORTED, "$.version",
	  "unsupported feed version -3, this board speaks 1", false },

	/* The first problem in document order wins. */
	BAD(DOC_WITH(CH("a") ","
			     "{\"id\":\"b\",\"mentions\":{\"today\":-1,\"last_hour\":-1},\"unanswered\":-1}",
		     "\"alerts\":[{}]"),
	    "$.channels[1].mentions.today", NOT_COUNT),
	BAD(DOC_WITH(CH("a"),
		     "\"latest\":[{\"text\":\"t\"},{\"text\":\"t\"},{\"text\":\"t\",\"followers\":1.25}]"),
	    "$.latest[2].followers", NOT_COUNT),

	/* Documents kept as files. */
	BAD_FILE("version-2.json", WB_ERR_UNSUPPORTED, "$.version",
		 "unsupported feed version 2, this board speaks 1"),
	BAD_FILE("duplicate-channel-id.json", WB_ERR_INVALID, "$.channels[2].id",
		 "duplicate channel id \"facebook\""),
	BAD_FILE("too-many-channels.json", WB_ERR_INVALID, "$.channels",
		 "expected at most 64 entries, got 65"),
	BAD_FILE("too-many-alerts.json", WB_ERR_INVALID, "$.alerts", "expected at most 64 entries, got 65"),
	BAD_FILE("too-many-latest.json", WB_ERR_INVALID, "$.latest", "expected at most 100 entries, got 101"),
	BAD_FILE("text-too-long.json", WB_ERR_INVALID, "$.latest[0].text",
		 "expected at most 2000 bytes, got 2001"),
	BAD_FILE("bad-severity.json", WB_ERR_INVALID, "$.alerts[0].severity",
		 "expected one of info, warning, critical"),
	BAD_FILE("bad-mention-sentiment.json", WB_ERR_INVALID, "$.latest[1].sentiment",
		 "expected one of positive, neutral, negative"),
	BAD_FILE("history-too-long.json", WB_ERR_INVALID, "$.channels[1].history",
		 "expected 1 to 24 entries, got 25"),
	BAD_FILE("bad-history.json", WB_ERR_INVALID, "$.channels[0].history[3]", NOT_COUNT),
	BAD_FILE("bad-yesterday.json", WB_ERR_INVALID, "$.channels[0].same_time_yesterday.mentions_today",
		 NOT_COUNT),
	{ NULL, 0, "truncated.json", WB_ERR_INVALID, "$", "invalid JSON at byte ", true },
	{ NULL, 0, "trailing-garbage.json", WB_ERR_INVALID, "$",
	  "unexpected data after the JSON value at byte ", true },
};

static void rejects_bad_documents(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct buf b = bc->file ? fixture(bc->file)
					: from_bytes(bc->body, bc->len ? bc->len : strlen(bc->body));
		struct wb_snapshot *snap = (struct wb_snapshot *)1;
		struct wb_error err;
		memset(&err, 'x', sizeof err);
		enum wb_status st = wb_feed_parse(b.data, b.len, &snap, &err);
		print_message("case %zu (%s): %d %s: %s\n", i, bc->file ? bc->file : "inline", st, err.path,
			      err.message);
		free(b.data);
		assert_null(snap);
		assert_int_equal(st, bc->status);
		assert_string_equal(err.path, bc->path);
		if (bc->prefix)
			assert_memory_equal(err.message, bc->message, strlen(bc->message));
		else
			assert_string_equal(err.message, bc->message);
	}
}

/* Byte offsets in messages point at the problem, also deep in a real file. */
static void trailing_garbage_offset_is_exact(void **state)
{
	(void)state;
	struct buf b = fixture("trailing-garbage.json");
	struct wb_snapshot *snap;
	struct wb_error err;
	assert_int_equal(wb_feed_parse(b.data, b.len, &snap, &err), WB_ERR_INVALID);
	char expect[96];
	const char *lt = memchr(b.data, '<', b.len);
	assert_non_null(lt);
	snprintf(expect, sizeof expect, "unexpected data after the JSON value at byte %zu",
		 (size_t)(lt - b.data));
	assert_string_equal(err.message, expect);
	free(b.data);
}

/* With duplicate keys the first is used, whatever the second says. */
static void duplicate_key_first_wins(void **state)
{
	(void)state;
	const char doc[] =
		"{\"version\":1,\"version\":2,\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[]}";
	struct wb_snapshot *snap = parse_ok(from_bytes(doc, sizeof doc - 1));
	wb_snapshot_free(snap);
	const char *second = DOC_WITH(CH("a"), "\"version\":2");
	snap = parse_ok(from_bytes(second, strlen(second)));
	wb_snapshot_free(snap);
}

/* --- accepted edge cases ---------------------------------------------------- */

static const char *const good_edges[] = {
	DOC(CH("abcdefghijklmnopqrstuvwxyz012345")), /* 32-byte id */
	DOC(CH("a_b-9")),
	DOC("{\"id\":\"a\",\"mentions\":{\"today\":9007199254740991,\"last_hour\":0},\"unanswered\":0}"),
	DOC("{\"id\":\"a\",\"mentions\":{\"today\":1.0,\"last_hour\":1e2},\"unanswered\":0}"),
	DOC(CH_WITH("\"sla\":{\"target_s\":1,\"within_target_pct\":0}")),
	DOC(CH_WITH("\"sla\":{\"target_s\":1,\"within_target_pct\":100}")),
	DOC(CH_WITH("\"label\":\"\xF0\x9F\x93\xA2 Meldingen\"")),
	" \r\n\t" DOC(CH("a")) " \r\n\t",
	HEAD
	"\"channels\":[],\"title\":\"" /* 200 bytes */
	"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
	"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
	"\"}",
	DOC_WITH(CH("a"),
		 "\"alerts\":[{\"id\":\"a\",\"severity\":\"info\",\"message\":\"m\","
		 "\"since\":\"2026-11-23T09:02:00Z\",\"channel\":\"elders\",\"extra\":{\"x\":[1]}}]"),
	"{\"version\":1,\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[],\"title\":\"a\\\\u0000\"}",
	"{\"version\":1,\"generated_at\":\"2026-11-23T09:15:02Z\",\"channels\":[],\"title\":"
	"\"\\\"\\u00e9\\n\"}",
};

/* Old feeds have none of the trend fields; an empty same_time_yesterday
 * object is allowed (every member optional) and says nothing. */
static void trend_fields_optional(void **state)
{
	(void)state;
	const char *doc = DOC(CH("b") "," CH_WITH("\"same_time_yesterday\":{},\"history\":[0]"));
	struct wb_snapshot *s = parse_ok(from_bytes(doc, strlen(doc)));
	assert_int_equal(s->channels[0].n_history, 0);
	assert_false(s->channels[0].has_yesterday_today);
	assert_int_equal(s->channels[1].n_history, 1);
	assert_int_equal(s->channels[1].history[0], 0);
	assert_false(s->channels[1].has_yesterday_today);
	assert_false(s->channels[1].yesterday_sentiment.present);
	wb_snapshot_free(s);
}

static void accepts_edge_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good_edges / sizeof good_edges[0]; i++) {
		print_message("edge %zu\n", i);
		wb_snapshot_free(parse_ok(from_bytes(good_edges[i], strlen(good_edges[i]))));
	}
}

static void escapes_are_decoded(void **state)
{
	(void)state;
	const char *doc = good_edges[sizeof good_edges / sizeof good_edges[0] - 1];
	struct wb_snapshot *s = parse_ok(from_bytes(doc, strlen(doc)));
	assert_string_equal(s->title, "\"\xC3\xA9\n");
	wb_snapshot_free(s);
	doc = good_edges[sizeof good_edges / sizeof good_edges[0] - 2];
	s = parse_ok(from_bytes(doc, strlen(doc)));
	assert_string_equal(s->title, "a\\u0000"); /* an escaped backslash, not a NUL */
	wb_snapshot_free(s);
}

static void exactly_64_channels_fit(void **state)
{
	(void)state;
	size_t cap = 64 * 100 + 200, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	len += (size_t)snprintf(doc + len, cap - len, HEAD "\"channels\":[");
	for (int i = 0; i < WB_FEED_MAX_CHANNELS; i++)
		len += (size_t)snprintf(
			doc + len, cap - len,
			"%s{\"id\":\"c%d\",\"mentions\":{\"today\":%d,\"last_hour\":0},\"unanswered\":0}",
			i ? "," : "", i, i);
	len += (size_t)snprintf(doc + len, cap - len, "]}");
	assert_true(len < cap);
	struct wb_snapshot *s = parse_ok(from_bytes(doc, len));
	free(doc);
	assert_int_equal(s->n_channels, WB_FEED_MAX_CHANNELS);
	assert_int_equal(s->channels[63].mentions_today, 63);
	assert_string_equal(wb_snapshot_channel(s, "c63")->label, "c63");
	wb_snapshot_free(s);
}

static void error_may_be_null(void **state)
{
	(void)state;
	struct wb_snapshot *snap = (struct wb_snapshot *)1;
	const char doc[] = "[]";
	assert_int_equal(wb_feed_parse(doc, 2, &snap, NULL), WB_ERR_INVALID);
	assert_null(snap);
	assert_int_equal(wb_feed_parse(NULL, 0, &snap, NULL), WB_ERR_INVALID);
	assert_null(snap);
}

static void snapshot_free_accepts_null(void **state)
{
	(void)state;
	wb_snapshot_free(NULL);
	assert_null(wb_snapshot_channel(NULL, "twitter"));
}

/* --- status module, as the feed's errors reach people --------------------- */

static void error_format(void **state)
{
	(void)state;
	struct wb_error err;
	char out[512];
	wb_error_set(&err, "$.channels[3].mentions.today", "expected integer >= %d", 0);
	size_t n = wb_error_format(&err, out, sizeof out);
	assert_string_equal(out, "$.channels[3].mentions.today: expected integer >= 0");
	assert_int_equal(n, strlen(out));
	wb_error_set(&err, NULL, "no path");
	wb_error_format(&err, out, sizeof out);
	assert_string_equal(out, "no path");
	wb_error_clear(&err);
	assert_string_equal(err.path, "");
	assert_string_equal(err.message, "");
	/* Truncation never leaves half a code point (é is two bytes). */
	assert_int_equal(wb_error_format(&(struct wb_error){ "$", "\xC3\xA9\xC3\xA9" }, out, 5), 3);
	assert_string_equal(out, "$: ");
	assert_int_equal(wb_error_format(&(struct wb_error){ "$", "\xC3\xA9\xC3\xA9" }, out, 6), 5);
	assert_string_equal(out, "$: \xC3\xA9");
	wb_error_set(NULL, "$", "ignored");
	assert_int_equal(wb_error_format(&err, out, 0), 0);
}

static void error_message_truncated_on_code_point(void **state)
{
	(void)state;
	struct wb_error err;
	char big[400];
	memset(big, 'a', sizeof big);
	/* 238 ASCII bytes then "€": the third byte of € would be byte 241. */
	memcpy(big + 238, "\xE2\x82\xAC", 3);
	big[241] = '\0';
	wb_error_set(&err, "$", "%s", big);
	assert_int_equal(strlen(err.message), 238);
}

static void problems_count_what_does_not_fit(void **state)
{
	(void)state;
	struct wb_problems p;
	wb_problems_clear(&p);
	for (int i = 0; i < WB_PROBLEMS_MAX + 3; i++)
		wb_problems_add(&p, "$.x", "problem %d", i);
	assert_int_equal(p.count, WB_PROBLEMS_MAX);
	assert_int_equal(p.dropped, 3);
	assert_string_equal(p.items[WB_PROBLEMS_MAX - 1].message, "problem 31");
	assert_string_equal(p.items[0].path, "$.x");
	wb_problems_clear(&p);
	assert_int_equal(p.count, 0);
	assert_int_equal(p.dropped, 0);
}

static void strerror_names_every_status(void **state)
{
	(void)state;
	for (int s = WB_OK; s >= WB_ERR_DISPLAY; s--) {
		const char *text = wb_strerror((enum wb_status)s);
		assert_non_null(text);
		assert_string_not_equal(text, "unknown error");
	}
	assert_string_equal(wb_strerror((enum wb_status) - 1000), "unknown error");
	assert_string_equal(wb_strerror(WB_ERR_UNSUPPORTED), "unsupported version");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_full),
		cmocka_unit_test(example_full_trends),
		cmocka_unit_test(trend_fields_optional),
		cmocka_unit_test(example_minimal),
		cmocka_unit_test(example_offsets),
		cmocka_unit_test(example_many_channels),
		cmocka_unit_test(example_empty),
		cmocka_unit_test(every_example_parses),
		cmocka_unit_test(rejects_bad_documents),
		cmocka_unit_test(trailing_garbage_offset_is_exact),
		cmocka_unit_test(duplicate_key_first_wins),
		cmocka_unit_test(accepts_edge_cases),
		cmocka_unit_test(escapes_are_decoded),
		cmocka_unit_test(exactly_64_channels_fit),
		cmocka_unit_test(error_may_be_null),
		cmocka_unit_test(snapshot_free_accepts_null),
		cmocka_unit_test(error_format),
		cmocka_unit_test(error_message_truncated_on_code_point),
		cmocka_unit_test(problems_count_what_does_not_fit),
		cmocka_unit_test(strerror_names_every_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
