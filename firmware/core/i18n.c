/* The on-screen words in Dutch and English. Kept short: they share a tile
 * with big numbers and must read from across the room. Dutch follows Dutch
 * capitalisation (only the first word), hyphenated compounds as in "SLA-doel". */
#include "wallboard/i18n.h"

#include <string.h>

struct words {
	const char *nl;
	const char *en;
};

/* Designated indices: reordering the enum can not shift a translation onto
 * the wrong message, and a missing one (NULL) fails the unit test that
 * requires a non-empty word for every message. */
static const struct words table[WB_MSG_COUNT_] = {
	[WB_MSG_TODAY] = { "vandaag", "today" },
	[WB_MSG_LAST_HOUR] = { "laatste uur", "last hour" },
	[WB_MSG_UNANSWERED] = { "onbeantwoord", "unanswered" },
	[WB_MSG_OLDEST_WAITING] = { "Oudste wachtende", "Oldest waiting" },
	[WB_MSG_SLA_TARGET] = { "SLA-doel", "SLA target" },
	[WB_MSG_NOTHING_WAITING] = { "Niemand wacht", "Nothing waiting" },
	[WB_MSG_NO_SLA] = { "Geen SLA", "No SLA" },
	[WB_MSG_BREACHED] = { "Over tijd", "Overdue" },
	[WB_MSG_TIME_LEFT] = { "Nog", "Left" },
	[WB_MSG_LATEST] = { "LAATSTE", "LATEST" },
	[WB_MSG_ONLINE] = { "Live", "Live" },
	[WB_MSG_CONNECTING] = { "Verbinden\xE2\x80\xA6", "Connecting\xE2\x80\xA6" },
	[WB_MSG_OFFLINE] = { "Offline", "Offline" },
	[WB_MSG_STALE_SINCE] = { "Gegevens verouderd sinds", "Data stale since" },
	[WB_MSG_DATA_AGE] = { "Gegevens van", "Data age" },
	[WB_MSG_MORE_ALERTS] = { "meer", "more" },
	[WB_MSG_ACTIVE_FOR] = { "actief", "active" },
	[WB_MSG_SEVERITY_INFO] = { "INFO", "INFO" },
	[WB_MSG_SEVERITY_WARNING] = { "WAARSCHUWING", "WARNING" },
	[WB_MSG_SEVERITY_CRITICAL] = { "KRITIEK", "CRITICAL" },
	[WB_MSG_START_WAITING] = { "Wachten op gegevens", "Waiting for data" },
	[WB_MSG_START_FEED] = { "Feed", "Feed" },
	[WB_MSG_START_ADDRESSES] = { "IP-adressen", "IP addresses" },
	[WB_MSG_START_NO_NETWORK] = { "Geen netwerk", "No network" },
	[WB_MSG_START_STATUS] = { "Status", "Status" },
	[WB_MSG_PAGE] = { "Pagina", "Page" },
	[WB_MSG_POSITIVE] = { "positief", "positive" },
	[WB_MSG_NEUTRAL] = { "neutraal", "neutral" },
	[WB_MSG_NEGATIVE] = { "negatief", "negative" },
	[WB_MSG_NO_CHANNELS] = { "Geen kanalen in de feed", "No channels in the feed" },
	[WB_MSG_WITHIN_TARGET] = { "binnen doel", "within target" },
	[WB_MSG_ACKNOWLEDGED] = { "bevestigd", "acknowledged" },
	[WB_MSG_ADMIN_CODE] = { "Beheerderscode", "Admin code" },
	[WB_MSG_ADMIN_CODE_FOR] = { "Beheerderscode voor", "Admin code for" },
	[WB_MSG_CONFIG_WARNING] = { "Configuratiefout", "Config error" },
	[WB_MSG_CLOSED] = { "Gesloten", "Closed" },
	[WB_MSG_OPENS] = { "opent", "opens" },
	[WB_MSG_CLOCK_NOT_SET] = { "De klok staat niet gelijk (geen tijdserver bereikt), dus het certificaat "
				   "van de "
				   "feed is niet te controleren.",
				   "The clock is not set (no time server reached), so the feed's certificate "
				   "cannot "
				   "be checked." },
	[WB_MSG_CLOCK_REMEDY] = { "Sta NTP (UDP-poort 123) toe naar de tijdserver van het netwerk of stel "
				  "clock.ntp in.",
				  "Allow NTP (UDP port 123) to the network's time server or set clock.ntp." },
	[WB_MSG_BOOT_REPORT] = { "Opstartpartitie", "Boot partition" },
	[WB_MSG_BOOT_APPLIED] = { "toegepast", "applied" },
	[WB_MSG_BOOT_REJECTED] = { "geweigerd", "rejected" },
	[WB_MSG_BOOT_INVALID] = { "onleesbaar", "unreadable" },
};

static const struct words weekdays[7] = {
	{ "zo", "Sun" }, { "ma", "Mon" }, { "di", "Tue" }, { "wo", "Wed" },
	{ "do", "Thu" }, { "vr", "Fri" }, { "za", "Sat" },
};

const char *wb_i18n(enum wb_lang lang, enum wb_msg msg)
{
	const char *s;

	if ((unsigned)msg >= (unsigned)WB_MSG_COUNT_)
		return "";
	s = lang == WB_LANG_EN ? table[msg].en : table[msg].nl;
	return s ? s : "";
}

const char *wb_i18n_weekday(enum wb_lang lang, int wday)
{
	if (wday < 0 || wday > 6)
		return "";
	return lang == WB_LANG_EN ? weekdays[wday].en : weekdays[wday].nl;
}

bool wb_lang_parse(const char *s, enum wb_lang *out)
{
	enum wb_lang lang;

	if (!s)
		return false;
	if (strcmp(s, "nl") == 0)
		lang = WB_LANG_NL;
	else if (strcmp(s, "en") == 0)
		lang = WB_LANG_EN;
	else
		return false;
	if (out)
		*out = lang;
	return true;
}

const char *wb_lang_name(enum wb_lang lang)
{
	return lang == WB_LANG_EN ? "en" : "nl";
}
