/* Text that reaches the screen or a JSON answer: RFC 3339 timestamps
 * (core/timeutil.c), the UTF-8 helpers (core/utf8.c) and the number, age and
 * date formats (core/format.c). A timestamp that parses formats to a
 * non-empty string that parses back to the same second; truncating and
 * filtering give valid UTF-8 and are idempotent; every format of every
 * language is non-empty valid UTF-8. The input is a text, a NUL, then
 * numbers for the formats. */
#include <math.h>

#include "fuzz.h"
#include "wallboard/format.h"
#include "wallboard/i18n.h"
#include "wallboard/timeutil.h"
#include "wallboard/tz.h"

#define OUT 4096

static bool keep_all(uint32_t cp, void *ctx)
{
	(void)cp;
	(void)ctx;
	return true;
}

static bool keep_some(uint32_t cp, void *ctx)
{
	return (cp ^ *(const uint32_t *)ctx) % 7 != 0;
}

static void check_time(const char *s)
{
	int64_t ms, back;
	if (wb_time_parse_rfc3339(s, &ms) != WB_OK)
		return;
	char buf[32];
	size_t n = wb_time_format_rfc3339(ms, buf, sizeof buf);
	FUZZ_CHECK(n > 0 && buf[0], "\"%s\" parses but formats as \"\"", s);
	fuzz_check_text("formatted timestamp", buf, sizeof buf - 1);
	/* Parsed from years 0001..9999, it is written in them too (issue 17's
	 * finding 9: "0001-01-01T00:00:00+23:59" came out in year 0000). */
	FUZZ_CHECK(strncmp(buf, "0000", 4) != 0 || strncmp(s, "0000", 4) == 0,
		   "\"%s\" formats as \"%s\", year 0000", s, buf);
	FUZZ_CHECK(wb_time_parse_rfc3339(buf, &back) == WB_OK,
		   "\"%s\" formatted as \"%s\", which does not parse", s, buf);
	int64_t second = ms - ((ms % 1000) + 1000) % 1000;
	FUZZ_CHECK(back == second, "\"%s\" -> \"%s\" -> %lld, not %lld", s, buf, (long long)back,
		   (long long)second);
}

static void check_utf8(const char *s, size_t len, struct fuzz_in *in)
{
	static char a[OUT], b[OUT];
	size_t max = (size_t)fuzz_range(in, 0, 300);
	wb_utf8_truncate(s, max, a, sizeof a);
	fuzz_check_text("truncated", a, sizeof a - 1);
	if (max > 0)
		FUZZ_CHECK(wb_utf8_length(a, strlen(a)) <= max, "truncated to %zu, got more code points",
			   max);
	wb_utf8_truncate(a, max, b, sizeof b);
	FUZZ_CHECK(strcmp(a, b) == 0, "truncate is not idempotent: \"%s\" then \"%s\"", a, b);

	uint32_t salt = (uint32_t)fuzz_u64(in, 4);
	wb_utf8_filter(s, keep_all, NULL, a, sizeof a);
	fuzz_check_text("filtered", a, sizeof a - 1);
	wb_utf8_filter(a, keep_all, NULL, b, sizeof b);
	FUZZ_CHECK(strcmp(a, b) == 0, "sanitising twice differs from once");
	if (wb_utf8_valid(s, len) && len < sizeof a)
		FUZZ_CHECK(strcmp(a, s) == 0, "sanitising changed valid UTF-8");
	wb_utf8_filter(s, keep_some, &salt, a, sizeof a);
	fuzz_check_text("filtered", a, sizeof a - 1);
	wb_utf8_filter(a, keep_some, &salt, b, sizeof b);
	FUZZ_CHECK(strcmp(a, b) == 0, "filtering twice differs from once");

	if (wb_utf8_valid(s, len)) {
		size_t cps = 0;
		for (size_t i = 0; i < len; cps++) {
			uint32_t cp;
			size_t step = wb_utf8_decode(s + i, len - i, &cp);
			FUZZ_CHECK(step >= 1 && step <= 4 && i + step <= len && cp != 0xFFFD,
				   "decode of valid text");
			i += step;
		}
		FUZZ_CHECK(cps == wb_utf8_length(s, len), "length and decode disagree");
	}
	size_t pos = (size_t)fuzz_range(in, 0, (int64_t)len);
	size_t fl = wb_utf8_floor(s, len, pos);
	FUZZ_CHECK(fl <= pos, "floor past pos");
	if (wb_utf8_valid(s, len))
		FUZZ_CHECK(wb_utf8_valid(s, fl), "floor not at a code point boundary");
}

static void check_formats(struct fuzz_in *in)
{
	int64_t n = (int64_t)fuzz_u64(in, 8);
	int64_t secs = fuzz_range(in, -(3000LL * 366 * 86400), 3000LL * 366 * 86400);
	uint64_t bits = fuzz_u64(in, 8);
	double pct;
	memcpy(&pct, &bits, sizeof pct);
	int decimals = (int)fuzz_range(in, 0, 2);
	struct tm tm;
	wb_tz_to_tm(NULL, secs, &tm);
	char buf[256];
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		enum wb_lang lang = (enum wb_lang)l;
		FUZZ_CHECK(wb_format_count(lang, n, buf, sizeof buf) > 0, "count %lld: \"\"", (long long)n);
		fuzz_check_text("count", buf, sizeof buf - 1);
		if (isfinite(pct)) {
			FUZZ_CHECK(wb_format_percent(lang, pct, decimals, buf, sizeof buf) > 0,
				   "percent: \"\"");
			fuzz_check_text("percent", buf, sizeof buf - 1);
		}
		FUZZ_CHECK(wb_format_age(lang, n, buf, sizeof buf) > 0, "age %lld: \"\"", (long long)n);
		fuzz_check_text("age", buf, sizeof buf - 1);
		FUZZ_CHECK(wb_format_date(lang, &tm, buf, sizeof buf) > 0, "date of %lld: \"\"",
			   (long long)secs);
		fuzz_check_text("date", buf, sizeof buf - 1);
	}
	FUZZ_CHECK(wb_format_duration(n, buf, sizeof buf) > 0, "duration %lld: \"\"", (long long)n);
	fuzz_check_text("duration", buf, sizeof buf - 1);
	FUZZ_CHECK(wb_format_clock(&tm, 1, buf, sizeof buf) == 8, "clock of %lld: \"%s\"", (long long)secs,
		   buf);
	fuzz_check_text("clock", buf, sizeof buf - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	struct fuzz_in in;
	char *text = fuzz_split(data, size, &len, &in);
	check_time(text);
	check_utf8(text, len, &in);
	check_formats(&in);
	free(text);
	return 0;
}
