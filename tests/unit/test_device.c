/* The board's identity (core/device.c): the id from serial, MAC or machine
 * id, its validation, the hostname, and the avahi service file; and the
 * sources as read from a directory of fake files (platform/deviceid.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "wallboard/device.h"
#include "wallboard/deviceid.h"
#include "wallboard/fsutil.h"

static void test_id_valid(void **state)
{
	(void)state;
	static const char *const good[] = { "a", "0", "1a2b3c4d", "floor-2-east", "x-1", NULL };
	static const char *const bad[] = {
		"", "-a", "a-", "Floor", "a_b", "a b", "a.b", "ü", "123456789012345678901234567890123", NULL
	};
	for (size_t i = 0; good[i]; i++)
		if (!wb_device_id_valid(good[i]))
			fail_msg("\"%s\" should be valid", good[i]);
	for (size_t i = 0; bad[i]; i++)
		if (wb_device_id_valid(bad[i]))
			fail_msg("\"%s\" should be invalid", bad[i]);
	assert_true(wb_device_id_valid("12345678901234567890123456789012")); /* 32 */
	assert_false(wb_device_id_valid(NULL));
}

static void test_derive(void **state)
{
	(void)state;
	char id[WB_DEVICE_ID_MAX];
	/* The device tree's serial-number ends in a NUL, which a reader turns into a newline. */
	struct wb_device_sources s = { .serial = "10000000A1B2C3D4\n",
				       .mac = "b8:27:eb:12:34:56\n",
				       .machine_id = "3d1219c7c4c5404aaa1f6d2a48adfda4\n" };
	assert_int_equal(wb_device_id_derive(&s, id, sizeof id), WB_DEVICE_FROM_SERIAL);
	assert_string_equal(id, "a1b2c3d4");
	/* A serial of zeros (QEMU, some boards) counts as none: the MAC. */
	s.serial = "0000000000000000";
	assert_int_equal(wb_device_id_derive(&s, id, sizeof id), WB_DEVICE_FROM_MAC);
	assert_string_equal(id, "eb123456");
	s.serial = NULL;
	s.mac = "00:00:00:00:00:00";
	assert_int_equal(wb_device_id_derive(&s, id, sizeof id), WB_DEVICE_FROM_MACHINE_ID);
	assert_string_equal(id, "48adfda4");
	assert_string_equal(wb_device_source_name(WB_DEVICE_FROM_MACHINE_ID), "machine-id");
	/* Fewer digits than 8: all of them. */
	s = (struct wb_device_sources){ .serial = "abc" };
	assert_int_equal(wb_device_id_derive(&s, id, sizeof id), WB_DEVICE_FROM_SERIAL);
	assert_string_equal(id, "abc");
	s = (struct wb_device_sources){ .serial = "", .mac = "", .machine_id = "qrs-tuv\n" };
	assert_int_equal(wb_device_id_derive(&s, id, sizeof id), WB_DEVICE_FROM_NONE);
	assert_string_equal(id, "");
	assert_int_equal(wb_device_id_derive(NULL, id, sizeof id), WB_DEVICE_FROM_NONE);
}

static void test_hostname_and_resolve(void **state)
{
	(void)state;
	char host[WB_DEVICE_HOSTNAME_MAX];
	wb_device_hostname_from_id("a1b2c3d4", host, sizeof host);
	assert_string_equal(host, "wallboard-a1b2c3d4");
	wb_device_hostname_from_id("wallboard-lobby", host, sizeof host);
	assert_string_equal(host, "wallboard-lobby");
	assert_true(wb_device_hostname_is_ours("wallboard-1a2b"));
	assert_false(wb_device_hostname_is_ours("wallboard"));
	assert_false(wb_device_hostname_is_ours("wallboard-"));
	assert_false(wb_device_hostname_is_ours("laptop"));
	assert_false(wb_device_hostname_is_ours(NULL));

	struct wb_device_sources s = { .serial = "100000001234abcd" };
	struct wb_device_identity who;
	wb_device_resolve("", &s, "wallboard", &who); /* the image's name before its first boot */
	assert_string_equal(who.id, "1234abcd");
	assert_string_equal(who.hostname, "wallboard-1234abcd");
	assert_false(who.configured);
	assert_int_equal(who.source, WB_DEVICE_FROM_SERIAL);
	wb_device_resolve("floor-2", &s, "devbox", &who);
	assert_string_equal(who.id, "floor-2");
	assert_string_equal(who.hostname, "wallboard-floor-2");
	assert_true(who.configured);
	/* The system's name when it is one of ours: the one the network knows. */
	wb_device_resolve("", &s, "wallboard-1a2b", &who);
	assert_string_equal(who.id, "1234abcd");
	assert_string_equal(who.hostname, "wallboard-1a2b");
	wb_device_resolve(NULL, NULL, NULL, &who);
	assert_string_equal(who.id, "unknown");
	assert_string_equal(who.hostname, "wallboard-unknown");
	wb_device_resolve("Not Valid", &s, NULL, &who); /* the config rejects it; never used */
	assert_string_equal(who.id, "1234abcd");
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_service_xml(void **state)
{
	(void)state;
	char xml[WB_DEVICE_SERVICE_XML_MAX];
	struct wb_device_service s = { .id = "1a2b3c4d",
				       .name = "",
				       .hostname = "wallboard-1a2b3c4d",
				       .version = "1.2.3",
				       .port = 8080 };
	size_t len = wb_device_service_xml(&s, xml, sizeof xml);
	assert_int_equal(len, strlen(xml));
	assert_non_null(strstr(xml, "<?xml version=\"1.0\""));
	assert_non_null(strstr(xml, "<name>wallboard-1a2b3c4d</name>")); /* no name: the hostname */
	assert_non_null(strstr(xml, "<type>_wallboard._tcp</type>"));
	assert_non_null(strstr(xml, "<type>_http._tcp</type>"));
	assert_int_equal(count(xml, "<port>8080</port>"), 2);
	assert_int_equal(count(xml, "<txt-record>id=1a2b3c4d</txt-record>"), 2);
	assert_int_equal(count(xml, "<txt-record>name=</txt-record>"), 2);
	assert_int_equal(count(xml, "<txt-record>version=1.2.3</txt-record>"), 2);
	assert_int_equal(count(xml, "<txt-record>path=/api/v1</txt-record>"), 1);
	assert_int_equal(count(xml, "<txt-record>path=/</txt-record>"), 1);
	assert_int_equal(count(xml, "<service>"), 2);
	assert_int_equal(count(xml, "</service>"), 2);
	assert_non_null(strstr(xml, "</service-group>\n"));

	/* A name is the instance name, escaped as XML text. */
	s.name = "Floor <2> & \"east\" 'B'";
	s.port = 80;
	len = wb_device_service_xml(&s, xml, sizeof xml);
	assert_true(len > 0);
	assert_non_null(strstr(xml, "<name>Floor &lt;2&gt; &amp; &quot;east&quot; &apos;B&apos;</name>"));
	assert_int_equal(
		count(xml,
		      "<txt-record>name=Floor &lt;2&gt; &amp; &quot;east&quot; &apos;B&apos;</txt-record>"),
		2);
	assert_null(strstr(xml, "<2>"));
	assert_int_equal(count(xml, "<port>80</port>"), 2);

	/* The longest name fits the cap; a buffer too small gives nothing. */
	char name[WB_DEVICE_NAME_MAX];
	memset(name, '&', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	s.name = name;
	assert_true(wb_device_service_xml(&s, xml, sizeof xml) > 0);
	assert_int_equal(wb_device_service_xml(&s, xml, 100), 0);
	assert_string_equal(xml, "");
}

/* ---- platform/deviceid.c on a directory of fake files ---- */

static void put(const char *root, const char *path, const char *data, size_t len)
{
	char full[512], dir[512];
	snprintf(full, sizeof full, "%s%s", root, path);
	snprintf(dir, sizeof dir, "%s", full);
	*strrchr(dir, '/') = '\0';
	struct wb_error err;
	wb_error_clear(&err);
	assert_int_equal(wb_fs_mkdirs(dir, &err), WB_OK);
	assert_int_equal(wb_fs_write_atomic(full, data, len, &err), WB_OK);
}

static void test_read_sources(void **state)
{
	(void)state;
	char root[] = "/tmp/wb-test-device-XXXXXX";
	assert_non_null(mkdtemp(root));
	struct wb_deviceid_files files;
	struct wb_device_sources src;
	char id[WB_DEVICE_ID_MAX];

	wb_deviceid_read(root, &files, &src); /* nothing there */
	assert_string_equal(src.serial, "");
	assert_string_equal(src.mac, "");
	assert_int_equal(wb_device_id_derive(&src, id, sizeof id), WB_DEVICE_FROM_NONE);

	put(root, "/etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n", 33);
	/* Interfaces by name: the loopback and an all-zero address do not count. */
	put(root, "/sys/class/net/lo/address", "00:00:00:00:00:00\n", 18);
	put(root, "/sys/class/net/dummy0/address", "00:00:00:00:00:00\n", 18);
	put(root, "/sys/class/net/wlan0/address", "b8:27:eb:99:88:77\n", 18);
	put(root, "/sys/class/net/eth0/address", "b8:27:eb:12:34:56\n", 18);
	wb_deviceid_read(root, &files, &src);
	assert_int_equal(wb_device_id_derive(&src, id, sizeof id), WB_DEVICE_FROM_MAC);
	assert_string_equal(id, "eb123456");

	/* The serial, NUL-terminated as the device tree has it. */
	put(root, "/sys/firmware/devicetree/base/serial-number", "10000000cafe0001", 17);
	wb_deviceid_read(root, &files, &src);
	assert_int_equal(wb_device_id_derive(&src, id, sizeof id), WB_DEVICE_FROM_SERIAL);
	assert_string_equal(id, "cafe0001");
	put(root, "/proc/device-tree/serial-number", "10000000cafe0002", 17);
	wb_deviceid_read(root, &files, &src);
	wb_device_id_derive(&src, id, sizeof id);
	assert_string_equal(id, "cafe0002");

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_hostname_and_resolve),
		cmocka_unit_test(test_service_xml),
		cmocka_unit_test(test_read_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
