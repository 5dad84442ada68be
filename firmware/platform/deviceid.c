/* The files a board's id is derived from: the Pi's serial number in the
 * device tree, else an interface's MAC, else the machine id (core/device.c
 * decides). A root prefix lets tests point at fake files. */
#include "wallboard/deviceid.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first size-1 bytes of root/path as text (a NUL inside, as the device
 * tree ends its strings, becomes a newline); false when it cannot be read. */
static bool read_small(const char *root, const char *path, char *out, size_t size)
{
	char full[4096];
	out[0] = '\0';
	if ((size_t)snprintf(full, sizeof full, "%s%s", root, path) >= sizeof full)
		return false;
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, out, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	for (ssize_t i = 0; i < n; i++)
		if (out[i] == '\0')
			out[i] = '\n';
	out[n] = '\0';
	return true;
}

static bool any_nonzero_hex(const char *s)
{
	for (; *s; s++)
		if (strchr("123456789abcdefABCDEF", *s))
			return true;
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first interface by name, so the choice is the same at every boot
 * (eth0 before wlan0), whatever order the kernel lists them in. */
static void first_mac(const char *root, char *out, size_t size)
{
	char dir[4096];
	out[0] = '\0';
	if ((size_t)snprintf(dir, sizeof dir, "%s/sys/class/net", root) >= sizeof dir)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	char *names[64];
	size_t n = 0;
	for (struct dirent *e; n < sizeof names / sizeof names[0] && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lo") == 0)
			continue;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "/sys/class/net/%s/address", names[i]);
		if (!out[0] && read_small(root, path, out, size) && !any_nonzero_hex(out))
			out[0] = '\0';
		free(names[i]);
	}
}

void wb_deviceid_read(const char *root, struct wb_deviceid_files *files, struct wb_device_sources *src)
{
	if (!root)
		root = "";
	memset(files, 0, sizeof *files);
	if (!read_small(root, "/proc/device-tree/serial-number", files->serial, sizeof files->serial))
		read_small(root, "/sys/firmware/devicetree/base/serial-number", files->serial,
			   sizeof files->serial);
	first_mac(root, files->mac, sizeof files->mac);
	read_small(root, "/etc/machine-id", files->machine_id, sizeof files->machine_id);
	*src = (struct wb_device_sources){ .serial = files->serial,
					   .mac = files->mac,
					   .machine_id = files->machine_id };
}
