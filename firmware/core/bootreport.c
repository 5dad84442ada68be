/* The first-boot report's reader. Strict because the text reaches the screen
 * and the API: a line is a name, a result word and a one-line message; any
 * surprise turns the whole report into a single "invalid" entry, so a
 * damaged file is visible as such and never shows half-believed lines. */
#include "wallboard/bootreport.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/utf8.h"

static const char *const result_names[] = {
	[WB_BOOT_APPLIED] = "applied",
	[WB_BOOT_REJECTED] = "rejected",
	[WB_BOOT_INVALID] = "invalid",
};

const char *wb_boot_result_name(enum wb_boot_result result)
{
	return (unsigned)result <= WB_BOOT_INVALID ? result_names[result] : "invalid";
}

void wb_boot_report_invalid(const char *report_name, const char *why, struct wb_boot_report *out)
{
	memset(out, 0, sizeof *out);
	out->n = 1;
	snprintf(out->entries[0].file, sizeof out->entries[0].file, "%s", report_name ? report_name : "");
	out->entries[0].result = WB_BOOT_INVALID;
	/* Cut at a character boundary: the message is shown and sent as JSON. */
	const char *text = why ? why : "";
	size_t len = strlen(text);
	size_t n =
		len > WB_BOOT_REPORT_MESSAGE_MAX ? wb_utf8_floor(text, len, WB_BOOT_REPORT_MESSAGE_MAX) : len;
	memcpy(out->entries[0].message, text, n);
	out->entries[0].message[n] = '\0';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

/* Checks one line [s, s + len) into *e; NULL, or why not. */
static const char *parse_line(const char *s, size_t len, struct wb_boot_entry *e)
{
	const char *tab1 = memchr(s, '\t', len);
	if (!tab1)
		return "expected NAME<TAB>applied|rejected<TAB>MESSAGE";
	size_t name_len = (size_t)(tab1 - s);
	const char *word = tab1 + 1;
	const char *end = s + len;
	const char *tab2 = memchr(word, '\t', (size_t)(end - word));
	const char *word_end = tab2 ? tab2 : end;
	const char *msg = tab2 ? tab2 + 1 : end;
	size_t msg_len = (size_t)(end - msg);

	if (name_len == 0 || name_len > WB_BOOT_REPORT_NAME_MAX)
		return "the file name is empty or too long";
	for (size_t i = 0; i < name_len; i++)
		if (!name_char(s[i]))
			return "the file name has a character other than A-Z, a-z, 0-9, '.', '_' and '-'";
	size_t word_len = (size_t)(word_end - word);
	if (word_len == 7 && memcmp(word, "applied", 7) == 0)
		e->result = WB_BOOT_APPLIED;
	else if (word_len == 8 && memcmp(word, "rejected", 8) == 0)
		e->result = WB_BOOT_REJECTED;
	else
		return "the result is neither \"applied\" nor \"rejected\"";
	if (memchr(msg, '\t', msg_len))
		return "more than three fields";
	if (msg_len > WB_BOOT_REPORT_MESSAGE_MAX)
		return "the message is too long";
	for (size_t i = 0; i < msg_len; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7F)
			return "the message has a control character";
	memcpy(e->file, s, name_len);
	e->file[name_len] = '\0';
	memcpy(e->message, msg, msg_len);
	e->message[msg_len] = '\0';
	return NULL;
}

void wb_boot_report_parse(const char *text, size_t len, const char *report_name, struct wb_boot_report *out)
{
	char why[160];
	size_t line_no = 0;

	memset(out, 0, sizeof *out);
	if (len > WB_BOOT_REPORT_MAX_BYTES) {
		snprintf(why, sizeof why, "larger than %u bytes", WB_BOOT_REPORT_MAX_BYTES);
		wb_boot_report_invalid(report_name, why, out);
		return;
	}
	if (!wb_utf8_valid(text, len)) {
		wb_boot_report_invalid(report_name, "not valid UTF-8", out);
		return;
	}
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t line_len = nl ? (size_t)(nl - (text + at)) : len - at;
		const char *line = text + at;
		at += line_len + 1;
		line_no++;
		if (line_len == 0)
			continue;
		if (out->n == WB_BOOT_REPORT_MAX_LINES) {
			snprintf(why, sizeof why, "more than %d lines", WB_BOOT_REPORT_MAX_LINES);
			wb_boot_report_invalid(report_name, why, out);
			return;
		}
		const char *bad = parse_line(line, line_len, &out->entries[out->n]);
		if (bad) {
			snprintf(why, sizeof why, "line %zu: %s", line_no, bad);
			wb_boot_report_invalid(report_name, why, out);
			return;
		}
		out->n++;
	}
}
