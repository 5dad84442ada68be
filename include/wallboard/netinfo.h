/* This device's network addresses, for the start screen and the identify
 * screen (platform/netinfo.c). */
#ifndef WALLBOARD_NETINFO_H
#define WALLBOARD_NETINFO_H

#include <stddef.h>

/* Non-loopback IPv4 and IPv6 addresses of the up interfaces, as text, at most
 * max of them. Returns how many were written. */
size_t wb_netinfo_addresses(char (*out)[64], size_t max);

#endif
