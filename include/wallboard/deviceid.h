/* Reads what a board can be identified by (platform/deviceid.c); the id is
 * made of it in core (wallboard/device.h). */
#ifndef WALLBOARD_DEVICEID_H
#define WALLBOARD_DEVICEID_H

#include "wallboard/device.h"

/* The text of each source as read, where src points. */
struct wb_deviceid_files {
	char serial[64];
	char mac[64];
	char machine_id[64];
};

/* Reads, under root ("" or NULL: /; tests pass a directory of fake files),
 * /proc/device-tree/serial-number (else /sys/firmware/devicetree/base/...),
 * the address of the first interface in /sys/class/net by name that is not
 * the loopback and not all zeros, and /etc/machine-id. What is missing is
 * "". src points into files. */
void wb_deviceid_read(const char *root, struct wb_deviceid_files *files, struct wb_device_sources *src);

#endif
