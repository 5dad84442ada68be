/* The NTP servers of clock.ntp as systemd-timesyncd reads them: which names
 * are accepted, and the drop-in the board writes for the image to install
 * (--ntp-file). Pure. */
#ifndef WALLBOARD_TIMESYNC_H
#define WALLBOARD_TIMESYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "wallboard/config.h"

/* A host name or an IPv4/IPv6 literal: 1 to WB_NTP_NAME_MAX of A-Z, a-z,
 * 0-9, '.', ':' and '-', not starting with '-'. Strict on purpose: the name
 * ends up in a file that a root service hands to timesyncd, where a space
 * would split it, and a newline would add a setting. */
bool wb_timesync_server_valid(const char *name);

/* The drop-in for cfg->clock.ntp: "[Time]\nNTP=a b\n", or "[Time]\n" with no
 * servers (timesyncd then uses DHCP's). Returns its length; like snprintf,
 * a result >= size means buf was too small (it is cut and terminated). */
size_t wb_timesync_dropin(const struct wb_config *cfg, char *buf, size_t size);

/* A buffer that always fits the drop-in. */
#define WB_TIMESYNC_DROPIN_MAX (16 + WB_NTP_SERVERS_MAX * (WB_NTP_NAME_MAX + 1))

#endif
