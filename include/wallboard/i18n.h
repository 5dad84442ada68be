/* On-screen language: Dutch (default, the first market), English and French.
 * Each language is one table, struct wb_locale, in firmware/core/lang/; the
 * formatters in format.h read its separators and names. Pure. */
#ifndef WALLBOARD_I18N_H
#define WALLBOARD_I18N_H

#include <stdbool.h>

enum wb_lang {
	WB_LANG_NL = 0,
	WB_LANG_EN = 1,
	WB_LANG_FR = 2,
	WB_LANG_COUNT_ /* number of languages; keep last */
};

enum wb_msg {
	WB_MSG_TODAY,           /* "vandaag" / "today" */
	WB_MSG_LAST_HOUR,       /* "laatste uur" / "last hour" */
	WB_MSG_UNANSWERED,      /* "onbeantwoord" / "unanswered" */
	WB_MSG_OLDEST_WAITING,  /* "Oudste wachtende" / "Oldest waiting" */
	WB_MSG_NOTHING_WAITING, /* "Niemand wacht" / "Nothing waiting" */
	WB_MSG_NO_SLA,          /* "Geen SLA" / "No SLA" */
	WB_MSG_BREACHED,        /* "Over tijd" / "Overdue" */
	WB_MSG_ON_TIME,         /* "Op tijd" / "On time": someone waits, below the warn ratio */
	WB_MSG_NEARLY_DUE,      /* "Bijna te laat" / "Nearly due": past the warn ratio */
	WB_MSG_LAST_DATA, /* "laatste gegevens" / "last data" ("laatste gegevens 10:15" on a stale timer) */
	WB_MSG_NORM,      /* "norm" / "target" ("norm 30:00" under the waited time) */
	WB_MSG_AS_OF, /* "stand" / "as of" ("stand 10:15": a stale timer, where "laatste gegevens" is too wide) */
	WB_MSG_LATEST,            /* "LAATSTE" / "LATEST" */
	WB_MSG_ONLINE,            /* "Live" / "Live" */
	WB_MSG_CONNECTING,        /* "Verbinden…" / "Connecting…" */
	WB_MSG_OFFLINE,           /* "Offline" / "Offline" */
	WB_MSG_STALE_SINCE,       /* "Gegevens verouderd sinds" / "Data stale since" */
	WB_MSG_DATA_AGE,          /* "Gegevens van" / "Data age" */
	WB_MSG_OF,                /* "van" / "of" ("2 van 3": the alert the banner shows) */
	WB_MSG_ACTIVE_FOR,        /* "actief" / "active" ("actief 18 min") */
	WB_MSG_SEVERITY_INFO,     /* "INFO" */
	WB_MSG_SEVERITY_WARNING,  /* "WAARSCHUWING" / "WARNING" */
	WB_MSG_SEVERITY_CRITICAL, /* "KRITIEK" / "CRITICAL" */
	WB_MSG_START_WAITING,     /* "Wachten op gegevens" / "Waiting for data" */
	WB_MSG_START_FEED,        /* "Feed" */
	WB_MSG_START_ADDRESSES,   /* "IP-adressen" / "IP addresses" */
	WB_MSG_START_NO_NETWORK,  /* "Geen netwerk" / "No network" */
	WB_MSG_START_STATUS,      /* "Status" */
	WB_MSG_PAGE,              /* "Pagina" / "Page" */
	WB_MSG_POSITIVE,          /* "positief" / "positive" */
	WB_MSG_NEUTRAL,           /* "neutraal" / "neutral" */
	WB_MSG_NEGATIVE,          /* "negatief" / "negative" */
	WB_MSG_YESTERDAY,         /* "gisteren" / "yesterday" ("gisteren 1.020", "gisteren 9%") */
	WB_MSG_AVERAGE,           /* "gemiddeld" / "average" (the board's own mean, "gemiddeld 9%") */
	WB_MSG_NO_CHANNELS,       /* "Geen kanalen in de feed" / "No channels in the feed" */
	WB_MSG_WITHIN_TARGET,     /* "binnen doel" / "within target" */
	WB_MSG_ACKNOWLEDGED,      /* "bevestigd" / "acknowledged" (alert acked by an admin) */
	WB_MSG_ADMIN_CODE,        /* "Beheerderscode" / "Admin code" (pairing, no address known) */
	WB_MSG_ADMIN_CODE_FOR,    /* "Beheerderscode voor" / "Admin code for" ("... http://10.0.0.5:8080") */
	WB_MSG_CONFIG_WARNING,    /* "Configuratiefout" / "Config error" (header mark) */
	WB_MSG_CLOSED,            /* "Gesloten" / "Closed" (SLA box outside opening hours) */
	WB_MSG_OPENS,             /* "opent" / "opens" ("opent ma 08:00") */
	/* An https feed fails on its certificate's dates and the system clock
	 * is not synchronised: what is wrong, and the remedy (a line of its own
	 * on the start screen), like the WB_MSG_ERR_ pairs below. */
	WB_MSG_CLOCK_NOT_SET,
	WB_MSG_CLOCK_REMEDY,
	WB_MSG_BOOT_REPORT,        /* "Opstartpartitie" / "Boot partition" (first-boot report caption) */
	WB_MSG_BOOT_APPLIED,       /* "toegepast" / "applied" */
	WB_MSG_BOOT_REJECTED,      /* "geweigerd" / "rejected" */
	WB_MSG_BOOT_INVALID,       /* "onleesbaar" / "unreadable" (the report itself) */
	WB_MSG_UPDATE_ROLLED_BACK, /* "Update teruggedraaid" / "Update rolled back" (start screen) */
	/* A failed poll in words (the table in core/board.c picks them): what
	 * is wrong, a phrase; the remedy, lower case, follows "phrase: ". */
	WB_MSG_ERR_NO_URL,                /* "Geen feed-URL" */
	WB_MSG_ERR_NO_URL_REMEDY,         /* "stel feed.url in" */
	WB_MSG_ERR_DNS,                   /* "Naam onbekend" */
	WB_MSG_ERR_DNS_REMEDY,            /* "controleer de URL of de DNS" */
	WB_MSG_ERR_NETWORK,               /* "Feed onbereikbaar" */
	WB_MSG_ERR_NETWORK_REMEDY,        /* "controleer netwerk en feed.url" */
	WB_MSG_ERR_TIMEOUT,               /* "Feed te traag" */
	WB_MSG_ERR_TIMEOUT_REMEDY,        /* "controleer netwerk of feed.timeout_s" */
	WB_MSG_ERR_TLS_UNTRUSTED,         /* "Certificaat niet vertrouwd" */
	WB_MSG_ERR_TLS_UNTRUSTED_REMEDY,  /* "stel feed.ca_file in" */
	WB_MSG_ERR_TLS_CERT_TIME,         /* "Certificaat niet (meer) geldig" */
	WB_MSG_ERR_TLS_CERT_TIME_REMEDY,  /* "vernieuw het op de server" */
	WB_MSG_ERR_TLS,                   /* "Beveiliging mislukt" */
	WB_MSG_ERR_TLS_REMEDY,            /* "controleer certificaat en feed.url" */
	WB_MSG_ERR_HTTP_TOKEN,            /* "De feed weigert het token" (401, 403) */
	WB_MSG_ERR_HTTP_TOKEN_REMEDY,     /* "controleer feed.token" */
	WB_MSG_ERR_HTTP_NOT_FOUND,        /* "Feed niet gevonden" (404) */
	WB_MSG_ERR_HTTP_NOT_FOUND_REMEDY, /* "controleer feed.url" */
	WB_MSG_ERR_HTTP_TOO_MANY,         /* "Te veel verzoeken" (429) */
	WB_MSG_ERR_HTTP_TOO_MANY_REMEDY,  /* "verhoog feed.interval_s" */
	WB_MSG_ERR_HTTP_SERVER,           /* "Storing bij feedserver" (5xx) */
	WB_MSG_ERR_HTTP_SERVER_REMEDY,    /* "meld het de leverancier" */
	WB_MSG_ERR_HTTP_OTHER,            /* "Onverwacht feed-antwoord" */
	WB_MSG_ERR_HTTP_OTHER_REMEDY,     /* "controleer feed.url" */
	WB_MSG_ERR_TOO_LARGE,             /* "Feed te groot" */
	WB_MSG_ERR_TOO_LARGE_REMEDY,      /* "verhoog feed.max_body_bytes" */
	WB_MSG_ERR_INVALID,               /* "Feed ongeldig" */
	WB_MSG_ERR_INVALID_REMEDY,        /* "details in /api/v1/status" */
	WB_MSG_COLON, /* ": ", in French "\u00A0: ": between a failure's words and its remedy */
	/* The summary strip (issue 15): "2 over tijd · langste wacht 1:15:00
	 * LinkedIn · meest negatief WhatsApp 21%", calm: "Alles op tijd". */
	WB_MSG_SUMMARY_BREACHED, /* "over tijd", after the number of channels */
	WB_MSG_SUMMARY_LONGEST,  /* "langste wacht" */
	WB_MSG_SUMMARY_NEGATIVE, /* "meest negatief" */
	WB_MSG_SUMMARY_CALM,     /* "Alles op tijd" */
	/* Before the config's first problem on the start screen (the problem
	 * itself names a path, in the log's words). */
	WB_MSG_CONFIG_PROBLEM, /* "Configuratiefout" */
	WB_MSG_COUNT_          /* number of messages; keep last */
};

/* The local rules' alert messages (rules/kind_*.c): printf formats, each
 * language's with the same conversions in the same order (test_i18n), as
 * the kind passes them. */
enum wb_alert_msg {
	WB_ALERT_NEGATIVE_SHARE, /* label, share, threshold: "%s %s negatief (drempel %s)" */
	WB_ALERT_NEGATIVE_SPIKE, /* label, count, baseline, factor */
	WB_ALERT_INFLUENCER,     /* label, author, followers, text */
	WB_ALERT_MSG_COUNT_      /* keep last */
};

/* Everything one language decides, the only copy of each: its words and
 * how it writes numbers and dates. Every string non-NULL, UTF-8. */
struct wb_locale {
	const char *code;                        /* display.language in the config: "nl" */
	const char *name;                        /* in the language itself, for lists: "Nederlands" */
	const char *words[WB_MSG_COUNT_];        /* designated indices, [WB_MSG_TODAY] = "vandaag" */
	const char *weekdays[7];                 /* short, by tm_wday (0 = Sunday): "zo" .. "za" */
	const char *months[12];                  /* short, by tm_mon (0 = January): "jan" .. "dec" */
	const char *thousands;                   /* between groups of three digits: "." in "1.234" */
	const char *decimal;                     /* before the decimals: "," in "12,5%" */
	const char *percent;                     /* after a percentage: "%" in "12,5%" */
	const char *hour_mark;                   /* hours in an age: "u" in "2 u 05" */
	const char *alerts[WB_ALERT_MSG_COUNT_]; /* printf formats, see enum wb_alert_msg */
};

/* The table of lang; Dutch's for a value out of range. Never NULL, static. */
const struct wb_locale *wb_locale(enum wb_lang lang);

/* Never NULL; UTF-8. */
const char *wb_i18n(enum wb_lang lang, enum wb_msg msg);

/* Short weekday name, wday 0 = Sunday .. 6: nl "zo".."za", en "Sun".."Sat",
 * fr "dim".."sam"; "" out of range. */
const char *wb_i18n_weekday(enum wb_lang lang, int wday);

/* A locale's code, "nl" / "en" / "fr" (case-sensitive); false for anything
 * else, *out untouched. */
bool wb_lang_parse(const char *s, enum wb_lang *out);

/* The code of lang ("nl"), Dutch's out of range; NULL-free. */
const char *wb_lang_name(enum wb_lang lang);

#endif
