/* The device's addresses for the start screen: an admin standing at a new
 * screen needs to know where to point a browser. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "wallboard/netinfo.h"

size_t wb_netinfo_addresses(char (*out)[64], size_t max)
{
	struct ifaddrs *list;
	if (getifaddrs(&list) != 0)
		return 0;
	size_t n = 0;
	for (struct ifaddrs *ifa = list; ifa && n < max; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		int family = ifa->ifa_addr->sa_family;
		const void *addr;
		if (family == AF_INET) {
			addr = &((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr;
		} else if (family == AF_INET6) {
			const struct in6_addr *a6 =
				&((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr;
			/* Link-local addresses need an interface scope to be usable. */
			if (IN6_IS_ADDR_LINKLOCAL(a6))
				continue;
			addr = a6;
		} else {
			continue;
		}
		if (inet_ntop(family, addr, out[n], 64))
			n++;
	}
	freeifaddrs(list);
	return n;
}
