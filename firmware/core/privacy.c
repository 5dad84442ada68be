/* What the board keeps off the wall: the pairing code's window after start,
 * and masking names in a mention's text for display.privacy "names". */
#include <string.h>

#include "wallboard/privacy.h"
#include "wallboard/utf8.h"

bool wb_privacy_pairing_shown(bool has_data, bool identifying, int64_t started_ms, int64_t now_ms)
{
	if (!has_data || identifying)
		return true;
	/* now_ms before started_ms (a clock that went back) is not "after". */
	return now_ms >= started_ms && now_ms - started_ms < WB_PRIVACY_PAIRING_WINDOW_MS;
}

/* A byte of a handle or of an e-mail's local part. Bytes of a multi-byte
 * UTF-8 sequence all count, so a span never ends inside a code point. */
static bool handle_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c == '.' || c == '-';
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The length of an @handle (or e-mail address) starting at text[i], where
 * text[i] starts a word; 0 when none starts there. */
static size_t handle_at(const char *text, size_t i)
{
	size_t j = i;
	while (handle_byte((unsigned char)text[j]))
		j++; /* an e-mail's local part */
	if (text[j] != '@')
		return 0;
	size_t end = j + 1;
	while (handle_byte((unsigned char)text[end]))
		end++;
	while (end > j + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
		end--; /* "mail @jan." keeps its full stop */
	return end > j + 1 ? end - i : 0;
}

/* Whether a code point is part of a word around a name: letters and
 * digits, not punctuation. Typographic quotes, apostrophes, guillemets and
 * the ellipsis (U+2000..U+206F, U+00A0..U+00BF) end a name as a space does:
 * "“Jan”" and "Jan’s" hold the name "Jan". */
static bool name_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       cp == '_';
	return !(cp >= 0xA0 && cp <= 0xBF) && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x206F) &&
	       !(cp >= 0x3000 && cp <= 0x303F) && cp != 0xFFFD;
}

/* Whether a word goes on before text[i] (the code point ending there). */
static bool name_before(const char *text, size_t i)
{
	if (i == 0)
		return false;
	size_t at = wb_utf8_floor(text, i, i - 1);
	uint32_t cp;
	wb_utf8_decode(text + at, i - at, &cp);
	return name_cp(cp);
}

/* Whether the author's name (an, n bytes) stands at text[i] as a whole word. */
static bool author_at(const char *text, size_t i, const char *an, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!text[i + k] ||
		    ascii_lower((unsigned char)text[i + k]) != ascii_lower((unsigned char)an[k]))
			return false;
	if (name_before(text, i))
		return false;
	if (!text[i + n])
		return true;
	uint32_t cp;
	wb_utf8_decode(text + i + n, strlen(text + i + n), &cp);
	return !name_cp(cp);
}

/* Appends s (n bytes) when it fits whole; false when out is full. */
static bool put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n + 1 > size)
		return false;
	memcpy(out + *len, s, n);
	*len += n;
	return true;
}

size_t wb_privacy_mask_names(const char *text, const char *author, char *out, size_t out_size)
{
	static const char masked_handle[] = "@\xE2\x80\xA6", masked_name[] = "\xE2\x80\xA6";
	if (out_size == 0)
		return 0;
	const char *an = author ? author : "";
	if (an[0] == '@')
		an++;
	size_t an_len = strlen(an);
	if (an_len < 2)
		an_len = 0; /* one letter would mask every "a" and "I" */
	size_t len = 0;
	for (size_t i = 0; text[i];) {
		/* Only at the start of a word: "x@y" inside a word is the e-mail
		 * case, found from the word's start. */
		bool word_start = i == 0 || !handle_byte((unsigned char)text[i - 1]);
		size_t h = word_start ? handle_at(text, i) : 0;
		if (h > 0) {
			if (!put(out, out_size, &len, masked_handle, sizeof masked_handle - 1))
				break;
			i += h;
			continue;
		}
		if (an_len && author_at(text, i, an, an_len)) {
			if (!put(out, out_size, &len, masked_name, sizeof masked_name - 1))
				break;
			i += an_len;
			continue;
		}
		/* One whole code point at a time, so a full out ends on a boundary. */
		size_t n = 1;
		if ((unsigned char)text[i] >= 0xC0)
			while (((unsigned char)text[i + n] & 0xC0) == 0x80)
				n++;
		if (!put(out, out_size, &len, text + i, n))
			break;
		i += n;
	}
	out[len] = '\0';
	return len;
}
