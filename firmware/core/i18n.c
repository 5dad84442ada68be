/* To add a language: its table in firmware/core/lang/<code>.c (copy one, every
 * member filled; listed in wb_core's sources), a WB_LANG_ value before
 * WB_LANG_COUNT_ in i18n.h, and its row in the registry below; test_i18n then
 * names each document to bring along (docs/architecture.md, "A language").
 *
 * The registry of languages, and the words looked up in them. The words are
 * kept short: they share a tile with big numbers and must read from across
 * the room. */
#include "wallboard/i18n.h"

#include <string.h>

extern const struct wb_locale wb_locale_nl, wb_locale_en, wb_locale_fr;

/* Index = the enum's value; the config's display.language names are these
 * tables' codes in this order (config/fields.c reads them through
 * wb_lang_name). A missing row is a NULL that test_i18n finds. */
static const struct wb_locale *const registry[WB_LANG_COUNT_] = {
	[WB_LANG_NL] = &wb_locale_nl,
	[WB_LANG_EN] = &wb_locale_en,
	[WB_LANG_FR] = &wb_locale_fr,
};

const struct wb_locale *wb_locale(enum wb_lang lang)
{
	return (unsigned)lang < (unsigned)WB_LANG_COUNT_ ? registry[lang] : registry[WB_LANG_NL];
}

const char *wb_i18n(enum wb_lang lang, enum wb_msg msg)
{
	const char *s;

	if ((unsigned)msg >= (unsigned)WB_MSG_COUNT_)
		return "";
	s = wb_locale(lang)->words[msg];
	return s ? s : "";
}

const char *wb_i18n_weekday(enum wb_lang lang, int wday)
{
	if (wday < 0 || wday > 6)
		return "";
	return wb_locale(lang)->weekdays[wday];
}

bool wb_lang_parse(const char *s, enum wb_lang *out)
{
	if (!s)
		return false;
	for (int i = 0; i < WB_LANG_COUNT_; i++) {
		if (strcmp(s, registry[i]->code) == 0) {
			if (out)
				*out = (enum wb_lang)i;
			return true;
		}
	}
	return false;
}

const char *wb_lang_name(enum wb_lang lang)
{
	return wb_locale(lang)->code;
}
