/* clock.ntp for systemd-timesyncd. The character rule here is the one copy in
 * the firmware; the image's root-side script (wallboard-ntp-apply) checks the
 * same characters again, because it must not trust a file the board wrote. */
#include "wallboard/timesync.h"

#include <stdio.h>
#include <string.h>

bool wb_timesync_server_valid(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > WB_NTP_NAME_MAX || name[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == ':' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

size_t wb_timesync_dropin(const struct wb_config *cfg, char *buf, size_t size)
{
	char text[WB_TIMESYNC_DROPIN_MAX];
	size_t n = (size_t)snprintf(text, sizeof text, "[Time]\n");

	if (cfg->clock.n_ntp > 0) {
		n += (size_t)snprintf(text + n, sizeof text - n, "NTP=");
		for (size_t i = 0; i < cfg->clock.n_ntp && i < WB_NTP_SERVERS_MAX; i++)
			n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? " " : "",
					      cfg->clock.ntp[i]);
		n += (size_t)snprintf(text + n, sizeof text - n, "\n");
	}
	if (size > 0)
		snprintf(buf, size, "%s", text);
	return n;
}
