/* UTF-8 validation and code-point-safe truncation for text from the feed.
 * The decoder follows RFC 3629 / Unicode table 3-7 exactly, so anything it
 * accepts is something SDL_ttf and the HTTP API can pass on unchanged. */
#include "wallboard/utf8.h"

#include <stdint.h>
#include <string.h>

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define ELLIPSIS_LEN 3
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define REPLACEMENT_LEN 3

static int is_continuation(unsigned char b)
{
	return (b & 0xC0u) == 0x80u;
}

/* Decodes one sequence at s[0..len). Returns the bytes it spans (>= 1 when
 * len > 0). When the sequence is ill-formed, *ok is false and the return
 * value is the "maximal subpart" (the lead byte plus the continuation bytes
 * that were still plausible), so one bad sequence yields one U+FFFD. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp, int *ok)
{
	unsigned char b = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	uint32_t v;

	*ok = 0;
	*cp = 0;
	if (b < 0x80) {
		*cp = b;
		*ok = 1;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 2;
		v = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 3;
		v = b & 0x0Fu;
		if (b == 0xE0)
			lo = 0xA0; /* below: overlong */
		else if (b == 0xED)
			hi = 0x9F; /* above: UTF-16 surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 4;
		v = b & 0x07u;
		if (b == 0xF0)
			lo = 0x90; /* below: overlong */
		else if (b == 0xF4)
			hi = 0x8F; /* above: beyond U+10FFFF */
	} else {
		return 1; /* stray continuation byte, C0/C1 overlong lead, F5..FF */
	}

	for (size_t i = 1; i < need; i++) {
		unsigned char c;
		if (i >= len)
			return i;
		c = s[i];
		if (i == 1 ? (c < lo || c > hi) : !is_continuation(c))
			return i;
		v = (v << 6) | (c & 0x3Fu);
	}
	*cp = v;
	*ok = 1;
	return need;
}

size_t wb_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	int ok;
	size_t n = decode((const unsigned char *)s, len, cp, &ok);
	if (!ok)
		*cp = 0xFFFDu;
	return n;
}

bool wb_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (!s)
		return len == 0;
	while (i < len) {
		uint32_t cp;
		int ok;
		i += decode(p + i, len - i, &cp, &ok);
		if (!ok)
			return false;
	}
	return true;
}

size_t wb_utf8_length(const char *s, size_t len)
{
	size_t n = 0;

	/* For valid input every non-continuation byte starts a code point. */
	for (size_t i = 0; s && i < len; i++)
		n += !is_continuation((unsigned char)s[i]);
	return n;
}

size_t wb_utf8_floor(const char *s, size_t len, size_t pos)
{
	if (!s)
		return 0;
	if (pos >= len)
		return len;
	while (pos > 0 && is_continuation((unsigned char)s[pos]))
		pos--;
	return pos;
}

/* The next code point of s as it should appear on screen: controls (C0, DEL,
 * C1) become a space and ill-formed input becomes U+FFFD, so the output is
 * valid whatever came in. Advances *i; returns the encoded length in enc. */
static size_t next_display_unit(const unsigned char *s, size_t len, size_t *i, char enc[4])
{
	uint32_t cp;
	int ok;
	size_t n = decode(s + *i, len - *i, &cp, &ok);

	if (!ok) {
		memcpy(enc, REPLACEMENT, REPLACEMENT_LEN);
		*i += n;
		return REPLACEMENT_LEN;
	}
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
		enc[0] = ' ';
		*i += n;
		return 1;
	}
	memcpy(enc, s + *i, n);
	*i += n;
	return n;
}

/* Copies whole display units while both budgets allow. *complete tells
 * whether all of s made it. Does not terminate out. */
/* Copies whole display units of s into out while at most max_cp of them and
 * max_bytes fit; *complete tells whether that was all of s. *cut is the
 * length of the longest such prefix that also leaves room for an ellipsis
 * after it (at most max_cp - 1 units and max_bytes - ELLIPSIS_LEN bytes),
 * found in the same pass: a long mention is read once, not twice. */
static size_t emit_prefix(const unsigned char *s, size_t len, size_t max_cp, size_t max_bytes, char *out,
			  int *complete, size_t *cut)
{
	size_t i = 0, written = 0, count = 0;

	*cut = 0;
	while (i < len) {
		char enc[4];
		size_t at = i;
		size_t n = next_display_unit(s, len, &i, enc);
		if (count == max_cp || written + n > max_bytes) {
			i = at;
			break;
		}
		memcpy(out + written, enc, n);
		written += n;
		count++;
		if (count < max_cp && written + ELLIPSIS_LEN <= max_bytes)
			*cut = written;
	}
	*complete = i == len;
	return written;
}

size_t wb_utf8_truncate(const char *s, size_t max_codepoints, char *out, size_t out_size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, avail, n, cut;
	int complete;

	if (!out || out_size == 0)
		return 0;
	if (!s) {
		out[0] = '\0';
		return 0;
	}
	len = strlen(s);
	avail = out_size - 1;
	n = emit_prefix(p, len, max_codepoints, avail, out, &complete, &cut);
	/* Cut short: end in the ellipsis, which is one code point and three
	 * bytes. When not even the ellipsis fits, the plain prefix stands: a
	 * partial ellipsis would be invalid UTF-8. */
	if (!complete && max_codepoints >= 1 && avail >= ELLIPSIS_LEN) {
		n = cut;
		memcpy(out + n, ELLIPSIS, ELLIPSIS_LEN);
		n += ELLIPSIS_LEN;
	}
	out[n] = '\0';
	return n;
}

size_t wb_utf8_filter(const char *s, wb_utf8_keep_fn keep, void *ctx, char *out, size_t out_size)
{
	size_t written = 0;

	if (!out || out_size == 0)
		return 0;
	if (s) {
		const unsigned char *p = (const unsigned char *)s;
		size_t len = strlen(s), i = 0;
		while (i < len) {
			uint32_t cp;
			int ok;
			size_t n = decode(p + i, len - i, &cp, &ok);
			const char *enc = ok ? s + i : REPLACEMENT;
			size_t enc_len = ok ? n : REPLACEMENT_LEN;
			i += n;
			if (!keep(ok ? cp : 0xFFFDu, ctx))
				continue;
			if (enc_len > out_size - 1 - written)
				break;
			memcpy(out + written, enc, enc_len);
			written += enc_len;
		}
	}
	out[written] = '\0';
	return written;
}
