/* The on-screen words in Dutch, English and French (Belgium, and French-speaking
 * teams). Kept short: they share a tile
 * with big numbers and must read from across the room. Dutch follows Dutch
 * capitalisation (only the first word), hyphenated compounds as in "IP-adressen". */
#include "wallboard/i18n.h"

#include <string.h>

struct words {
	const char *nl;
	const char *en;
	const char *fr;
};

/* Designated indices: reordering the enum can not shift a translation onto
 * the wrong message, and a missing one (NULL) fails the unit test that
 * requires a non-empty word for every message. */
static const struct words table[WB_MSG_COUNT_] = {
	[WB_MSG_TODAY] = { "vandaag", "today", "aujourd\xE2\x80\x99hui" },
	[WB_MSG_LAST_HOUR] = { "laatste uur", "last hour", "derni\xC3\xA8re heure" },
	[WB_MSG_UNANSWERED] = { "onbeantwoord", "unanswered", "sans r\xC3\xA9ponse" },
	[WB_MSG_OLDEST_WAITING] = { "Oudste wachtende", "Oldest waiting", "Plus longue attente" },
	[WB_MSG_NOTHING_WAITING] = { "Niemand wacht", "Nothing waiting",
				     "Personne n\xE2\x80\x99"
				     "attend" },
	[WB_MSG_NO_SLA] = { "Geen SLA", "No SLA", "Pas de SLA" },
	[WB_MSG_BREACHED] = { "Over tijd", "Overdue", "En retard" },
	[WB_MSG_ON_TIME] = { "Op tijd", "On time", "Dans les temps" },
	[WB_MSG_NEARLY_DUE] = { "Bijna te laat", "Nearly due", "Bient\xC3\xB4t en retard" },
	[WB_MSG_LAST_DATA] = { "laatste gegevens", "last data",
			       "derni\xC3\xA8res donn\xC3\xA9"
			       "es" },
	[WB_MSG_NORM] = { "norm", "target", "objectif" },
	[WB_MSG_LATEST] = { "LAATSTE", "LATEST", "DERNIERS" },
	[WB_MSG_ONLINE] = { "Live", "Live", "En direct" },
	[WB_MSG_CONNECTING] = { "Verbinden\xE2\x80\xA6", "Connecting\xE2\x80\xA6", "Connexion\xE2\x80\xA6" },
	[WB_MSG_OFFLINE] = { "Offline", "Offline", "Hors ligne" },
	[WB_MSG_STALE_SINCE] = { "Gegevens verouderd sinds", "Data stale since",
				 "Donn\xC3\xA9"
				 "es p\xC3\xA9rim\xC3\xA9"
				 "es depuis" },
	[WB_MSG_DATA_AGE] = { "Gegevens van", "Data age",
			      "Donn\xC3\xA9"
			      "es de" },
	[WB_MSG_OF] = { "van", "of", "sur" },
	[WB_MSG_ACTIVE_FOR] = { "actief", "active", "active" },
	[WB_MSG_SEVERITY_INFO] = { "INFO", "INFO", "INFO" },
	[WB_MSG_SEVERITY_WARNING] = { "WAARSCHUWING", "WARNING", "AVERTISSEMENT" },
	[WB_MSG_SEVERITY_CRITICAL] = { "KRITIEK", "CRITICAL", "CRITIQUE" },
	[WB_MSG_START_WAITING] = { "Wachten op gegevens", "Waiting for data",
				   "En attente de donn\xC3\xA9"
				   "es" },
	[WB_MSG_START_FEED] = { "Feed", "Feed", "Flux" },
	[WB_MSG_START_ADDRESSES] = { "IP-adressen", "IP addresses", "Adresses IP" },
	[WB_MSG_START_NO_NETWORK] = { "Geen netwerk", "No network", "Pas de r\xC3\xA9seau" },
	[WB_MSG_START_STATUS] = { "Status", "Status", "\xC3\x89tat" },
	[WB_MSG_PAGE] = { "Pagina", "Page", "Page" },
	[WB_MSG_POSITIVE] = { "positief", "positive", "positif" },
	[WB_MSG_NEUTRAL] = { "neutraal", "neutral", "neutre" },
	[WB_MSG_NEGATIVE] = { "negatief", "negative", "n\xC3\xA9gatif" },
	[WB_MSG_NO_CHANNELS] = { "Geen kanalen in de feed", "No channels in the feed",
				 "Aucun canal dans le flux" },
	[WB_MSG_WITHIN_TARGET] = { "binnen doel", "within target", "dans l\xE2\x80\x99objectif" },
	[WB_MSG_ACKNOWLEDGED] = { "bevestigd", "acknowledged", "pris en compte" },
	[WB_MSG_ADMIN_CODE] = { "Beheerderscode", "Admin code", "Code admin" },
	[WB_MSG_ADMIN_CODE_FOR] = { "Beheerderscode voor", "Admin code for", "Code admin pour" },
	[WB_MSG_CONFIG_WARNING] = { "Configuratiefout", "Config error", "Erreur de config" },
	[WB_MSG_CLOSED] = { "Gesloten", "Closed", "Ferm\xC3\xA9" },
	[WB_MSG_OPENS] = { "opent", "opens", "ouvre" },
	[WB_MSG_CLOCK_NOT_SET] = { "Klok niet gezet", "Clock not set",
				   "Heure non r\xC3\xA9gl\xC3\xA9"
				   "e" },
	[WB_MSG_CLOCK_REMEDY] = { "sta NTP (UDP 123) toe of zet clock.ntp",
				  "allow NTP (UDP 123) or set clock.ntp",
				  "autorisez NTP ou r\xC3\xA9glez clock.ntp" },
	[WB_MSG_BOOT_REPORT] = { "Opstartpartitie", "Boot partition", "Partition de d\xC3\xA9marrage" },
	[WB_MSG_BOOT_APPLIED] = { "toegepast", "applied", "appliqu\xC3\xA9" },
	[WB_MSG_BOOT_REJECTED] = { "geweigerd", "rejected", "refus\xC3\xA9" },
	[WB_MSG_BOOT_INVALID] = { "onleesbaar", "unreadable", "illisible" },
	[WB_MSG_UPDATE_ROLLED_BACK] = { "Update teruggedraaid", "Update rolled back",
					"Mise \xC3\xA0 jour annul\xC3\xA9"
					"e" },
	[WB_MSG_ERR_NO_URL] = { "Geen feed-URL", "No feed URL", "Pas d\xE2\x80\x99URL de flux" },
	[WB_MSG_ERR_NO_URL_REMEDY] = { "stel feed.url in of start met --feed",
				       "set feed.url or start with --feed",
				       "r\xC3\xA9glez feed.url ou lancez avec --feed" },
	[WB_MSG_ERR_DNS] = { "Naam onbekend", "Host name unknown", "Nom d\xE2\x80\x99h\xC3\xB4te inconnu" },
	[WB_MSG_ERR_DNS_REMEDY] = { "controleer de URL of de DNS", "check the URL or the DNS",
				    "v\xC3\xA9rifiez l\xE2\x80\x99URL ou le DNS" },
	[WB_MSG_ERR_NETWORK] = { "Feed onbereikbaar", "Feed unreachable", "Flux injoignable" },
	[WB_MSG_ERR_NETWORK_REMEDY] = { "controleer netwerk en feed.url", "check network and feed.url",
					"v\xC3\xA9rifiez r\xC3\xA9seau et feed.url" },
	[WB_MSG_ERR_TIMEOUT] = { "Feed te traag", "Feed too slow", "Flux trop lent" },
	[WB_MSG_ERR_TIMEOUT_REMEDY] = { "controleer netwerk of feed.timeout_s",
					"check network or feed.timeout_s",
					"v\xC3\xA9rifiez r\xC3\xA9seau ou feed.timeout_s" },
	[WB_MSG_ERR_TLS_UNTRUSTED] = { "Certificaat niet vertrouwd", "Certificate not trusted",
				       "Certificat non approuv\xC3\xA9" },
	[WB_MSG_ERR_TLS_UNTRUSTED_REMEDY] = { "stel feed.ca_file in", "set feed.ca_file",
					      "r\xC3\xA9glez feed.ca_file" },
	[WB_MSG_ERR_TLS_CERT_TIME] = { "Certificaat niet (meer) geldig", "Certificate out of date",
				       "Certificat hors validit\xC3\xA9" },
	[WB_MSG_ERR_TLS_CERT_TIME_REMEDY] = { "vernieuw het op de server", "renew it on the server",
					      "renouvelez-le sur le serveur" },
	[WB_MSG_ERR_TLS] = { "Beveiliging mislukt", "Secure connection failed",
			     "\xC3\x89"
			     "chec de connexion TLS" },
	[WB_MSG_ERR_TLS_REMEDY] = { "controleer certificaat en feed.url", "check certificate and feed.url",
				    "v\xC3\xA9rifiez certificat et feed.url" },
	[WB_MSG_ERR_HTTP_TOKEN] = { "De feed weigert het token", "The feed refuses the token",
				    "Le flux refuse le jeton" },
	[WB_MSG_ERR_HTTP_TOKEN_REMEDY] = { "controleer feed.token", "check feed.token",
					   "v\xC3\xA9rifiez feed.token" },
	[WB_MSG_ERR_HTTP_NOT_FOUND] = { "Feed niet gevonden", "Feed not found", "Flux introuvable" },
	[WB_MSG_ERR_HTTP_NOT_FOUND_REMEDY] = { "controleer feed.url", "check feed.url",
					       "v\xC3\xA9rifiez feed.url" },
	[WB_MSG_ERR_HTTP_TOO_MANY] = { "Te veel verzoeken", "Too many requests", "Trop de requ\xC3\xAAtes" },
	[WB_MSG_ERR_HTTP_TOO_MANY_REMEDY] = { "verhoog feed.interval_s", "raise feed.interval_s",
					      "augmentez feed.interval_s" },
	[WB_MSG_ERR_HTTP_SERVER] = { "Storing bij feedserver", "Feed server failure",
				     "Panne du serveur du flux" },
	[WB_MSG_ERR_HTTP_SERVER_REMEDY] = { "meld het de leverancier", "tell the feed\xE2\x80\x99s supplier",
					    "pr\xC3\xA9venez le fournisseur" },
	[WB_MSG_ERR_HTTP_OTHER] = { "Onverwacht feed-antwoord", "Unexpected feed answer",
				    "R\xC3\xA9ponse inattendue du flux" },
	[WB_MSG_ERR_HTTP_OTHER_REMEDY] = { "controleer feed.url", "check feed.url",
					   "v\xC3\xA9rifiez feed.url" },
	[WB_MSG_ERR_TOO_LARGE] = { "Feed te groot", "Feed too large", "Flux trop volumineux" },
	[WB_MSG_ERR_TOO_LARGE_REMEDY] = { "verhoog feed.max_body_bytes", "raise feed.max_body_bytes",
					  "augmentez feed.max_body_bytes" },
	[WB_MSG_ERR_INVALID] = { "Feed ongeldig", "Invalid feed", "Flux invalide" },
	[WB_MSG_ERR_INVALID_REMEDY] = { "details in /api/v1/status", "details in /api/v1/status",
					"d\xC3\xA9tails dans /api/v1/status" },
	[WB_MSG_COLON] = { ": ", ": ", "\xC2\xA0: " },
	[WB_MSG_SUMMARY_BREACHED] = { "over tijd", "overdue", "en retard" },
	[WB_MSG_SUMMARY_LONGEST] = { "langste wacht", "longest wait", "attente max." },
	[WB_MSG_SUMMARY_NEGATIVE] = { "meest negatief", "most negative", "plus n\xC3\xA9gatif" },
	[WB_MSG_SUMMARY_CALM] = { "Alles op tijd", "All on time", "Tout dans les temps" },
};

static const struct words weekdays[7] = {
	{ "zo", "Sun", "dim" }, { "ma", "Mon", "lun" }, { "di", "Tue", "mar" }, { "wo", "Wed", "mer" },
	{ "do", "Thu", "jeu" }, { "vr", "Fri", "ven" }, { "za", "Sat", "sam" },
};

static const char *pick_lang(const struct words *w, enum wb_lang lang)
{
	return lang == WB_LANG_EN ? w->en : lang == WB_LANG_FR ? w->fr : w->nl;
}

const char *wb_i18n(enum wb_lang lang, enum wb_msg msg)
{
	const char *s;

	if ((unsigned)msg >= (unsigned)WB_MSG_COUNT_)
		return "";
	s = pick_lang(&table[msg], lang);
	return s ? s : "";
}

const char *wb_i18n_weekday(enum wb_lang lang, int wday)
{
	if (wday < 0 || wday > 6)
		return "";
	return pick_lang(&weekdays[wday], lang);
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
	else if (strcmp(s, "fr") == 0)
		lang = WB_LANG_FR;
	else
		return false;
	if (out)
		*out = lang;
	return true;
}

const char *wb_lang_name(enum wb_lang lang)
{
	return lang == WB_LANG_EN ? "en" : lang == WB_LANG_FR ? "fr" : "nl";
}
