/* Numbers, durations and dates as people read them in each language
 * (nl and fr: 1.234 and 12,5%; en: 1,234 and 12.5%), with the marks and
 * names of the language's table (struct wb_locale, i18n.h). Pure; every function writes a
 * NUL-terminated string (truncated safely if size is small) and returns its
 * length. */
#ifndef WALLBOARD_FORMAT_H
#define WALLBOARD_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "wallboard/i18n.h"
#include "wallboard/sla.h"

/* Integer with thousands separators: nl "1.234.567", en "1,234,567". */
size_t wb_format_count(enum wb_lang lang, int64_t n, char *buf, size_t size);

/* Percentage with a fixed number of decimals (0..2): nl "12,5%", en "12.5%". */
size_t wb_format_percent(enum wb_lang lang, double pct, int decimals, char *buf, size_t size);

/* Duration as m:ss below an hour, h:mm:ss from an hour on ("0:05", "59:59",
 * "1:00:00", "27:04:05"); the sign of seconds is ignored. */
size_t wb_format_duration(int64_t seconds, char *buf, size_t size);

/* A coarse age for labels, never mistaken for a time of day: "45 s",
 * "18 min", nl "2 u 05" / en "2 h 05"; negative counts as 0. */
size_t wb_format_age(enum wb_lang lang, int64_t seconds, char *buf, size_t size);

/* Wall clock "09:15:02" and "09:15" from a broken-down local time. */
size_t wb_format_clock(const struct tm *tm, int with_seconds, char *buf, size_t size);

/* Long date: nl "ma 23 nov 2026", en "Mon 23 Nov 2026", fr "lun 23 nov 2026". */
size_t wb_format_date(enum wb_lang lang, const struct tm *tm, char *buf, size_t size);

#endif
