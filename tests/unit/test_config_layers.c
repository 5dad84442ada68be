/* The config layers (firmware/core/config/layers.c): a file with mistakes
 * still applies its valid keys, layers stack in their order, a device change
 * keeps only what differs, the managed document's locks hold, and a bad
 * managed document is refused whole with its path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/config.h"
#include "wallboard/config_layers.h"

#define HASH_A                                   \
	"wbh1$00112233445566778899aabbccddeeff$" \
	"0011223344556677889900112233445566778899001122334455667788990011"
#define HASH_B                                   \
	"wbh1$ffeeddccbbaa99887766554433221100$" \
	"1111111111111111111111111111111111111111111111111111111111111111"

static bool has_problem(const struct wb_problems *p, const char *path)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].path, path) == 0)
			return true;
	return false;
}

static size_t key_of(const char *name)
{
	size_t n = wb_config_key_count();
	for (size_t i = 0; i < n; i++) {
		char key[WB_CONFIG_KEY_MAX];
		wb_config_key_name(i, key, sizeof key);
		if (strcmp(key, name) == 0)
			return i;
	}
	fail_msg("no key %s", name);
	return n;
}

static void test_a_file_with_mistakes_applies_its_valid_keys(void **state)
{
	(void)state;
	const char *file = "{\"feed\": {\"url\": \"https://api.example.nl/feed\", \"interval_s\": 1,"
			   " \"intervall_s\": 5},"
			   " \"display\": {\"title\": \"Vloer 2\", \"rotation\": 45},"
			   " \"http\": {\"bind\": \"every interface\", \"port\": 9090},"
			   " \"sla\": 7, \"bogus\": {}}";
	struct wb_config cfg;
	struct wb_problems problems;
	char *kept = NULL;
	wb_config_defaults(&cfg);
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_read_lenient(file, strlen(file), &cfg, &kept, &problems), WB_OK);
	assert_string_equal(cfg.feed.url, "https://api.example.nl/feed");
	assert_string_equal(cfg.display.title, "Vloer 2");
	assert_int_equal(cfg.http.port, 9090);
	assert_int_equal(cfg.feed.interval_s, 10);     /* the default: 1 is out of range */
	assert_int_equal(cfg.display.rotation, 0);     /* 45 is no rotation */
	assert_string_equal(cfg.http.bind, "0.0.0.0"); /* untouched here; the caller's fail-safe narrows it */
	assert_true(has_problem(&problems, "$.feed.interval_s"));
	assert_true(has_problem(&problems, "$.feed.intervall_s"));
	assert_true(has_problem(&problems, "$.display.rotation"));
	assert_true(has_problem(&problems, "$.http.bind"));
	assert_true(has_problem(&problems, "$.sla"));
	assert_true(has_problem(&problems, "$.bogus"));
	assert_int_equal(problems.count, 6);

	/* The kept fragment is exactly the keys that applied, and reads strictly. */
	struct wb_config back;
	wb_config_defaults(&back);
	assert_int_equal(wb_config_parse(kept, strlen(kept), &back, NULL), WB_OK);
	assert_true(wb_config_equal(&back, &cfg));
	assert_null(strstr(kept, "interval_s"));
	free(kept);
}

static void test_an_unreadable_file_applies_nothing(void **state)
{
	(void)state;
	const char *bad[] = { "{\"feed\": ", "[1, 2]", "", "{} x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct wb_config cfg, before;
		struct wb_problems problems;
		char *kept = (char *)"sentinel";
		wb_config_defaults(&cfg);
		before = cfg;
		wb_problems_clear(&problems);
		assert_int_equal(wb_config_read_lenient(bad[i], strlen(bad[i]), &cfg, &kept, &problems),
				 WB_ERR_INVALID);
		assert_null(kept);
		assert_true(problems.count >= 1);
		assert_memory_equal(&cfg, &before, sizeof cfg);
	}
}

static void test_a_key_that_fails_its_cross_check_is_left_out_alone(void **state)
{
	(void)state;
	/* fair above good: the attainment pair is one key, left out whole; its
	 * sibling applies. */
	const char *file = "{\"sla\": {\"attainment\": {\"good_pct\": 80, \"fair_pct\": 85},"
			   " \"warn_ratio\": 0.5}}";
	struct wb_config cfg, defaults;
	struct wb_problems problems;
	char *kept = NULL;
	wb_config_defaults(&cfg);
	defaults = cfg;
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_read_lenient(file, strlen(file), &cfg, &kept, &problems), WB_OK);
	assert_true(cfg.sla.attain_good_pct == defaults.sla.attain_good_pct);
	assert_true(cfg.sla.attain_fair_pct == defaults.sla.attain_fair_pct);
	assert_true(cfg.sla.warn_ratio == 0.5);
	assert_int_equal(problems.count, 1);
	assert_string_equal(problems.items[0].path, "$.sla.attainment");
	free(kept);
}

static void set(struct wb_config_layers *l, enum wb_config_layer layer, const char *json)
{
	assert_int_equal(wb_config_layers_set(l, layer, json), WB_OK);
}

static void test_layers_apply_in_order_and_say_where_each_key_comes_from(void **state)
{
	(void)state;
	struct wb_config_layers l;
	struct wb_config cfg;
	struct wb_config_sources src;
	wb_config_layers_init(&l);
	set(&l, WB_CONFIG_LAYER_FILE,
	    "{\"feed\": {\"url\": \"https://file.example/feed\", \"interval_s\": 20},"
	    " \"display\": {\"title\": \"file\", \"page_s\": 30}}");
	set(&l, WB_CONFIG_LAYER_MANAGED, "{\"display\": {\"title\": \"managed\", \"theme\": \"light\"}}");
	set(&l, WB_CONFIG_LAYER_DEVICE, "{\"display\": {\"title\": \"device\", \"page_s\": 30}}");
	strcpy(l.admin_hash[WB_CONFIG_LAYER_FILE], HASH_A);
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, &src, NULL), WB_OK);
	assert_string_equal(cfg.display.title, "device");
	assert_int_equal(cfg.display.theme, WB_THEME_LIGHT);
	assert_int_equal(cfg.display.page_s, 30);
	assert_int_equal(cfg.feed.interval_s, 20);
	assert_string_equal(cfg.admin.token_hash, HASH_A);
	assert_int_equal(src.layer[key_of("display.title")], WB_CONFIG_LAYER_DEVICE);
	assert_int_equal(src.layer[key_of("display.theme")], WB_CONFIG_LAYER_MANAGED);
	/* The device says what the file says: the file is where it comes from. */
	assert_int_equal(src.layer[key_of("display.page_s")], WB_CONFIG_LAYER_FILE);
	assert_int_equal(src.layer[key_of("feed.url")], WB_CONFIG_LAYER_FILE);
	assert_int_equal(src.layer[key_of("feed.timeout_s")], WB_CONFIG_LAYER_DEFAULT);
	assert_int_equal(src.layer[key_of("admin.token_hash")], WB_CONFIG_LAYER_FILE);

	/* Up to a layer: the ones above do not count. */
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_FILE, &cfg, NULL, NULL), WB_OK);
	assert_string_equal(cfg.display.title, "file");
	assert_int_equal(cfg.display.theme, WB_THEME_DARK);

	/* The device's admin hash (pairing) beats the file's. */
	strcpy(l.admin_hash[WB_CONFIG_LAYER_DEVICE], HASH_B);
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, &src, NULL), WB_OK);
	assert_string_equal(cfg.admin.token_hash, HASH_B);
	assert_int_equal(src.layer[key_of("admin.token_hash")], WB_CONFIG_LAYER_DEVICE);

	/* An admin section in a fragment never sets the hash. */
	set(&l, WB_CONFIG_LAYER_MANAGED, "{\"admin\": {\"token_hash\": \"" HASH_A "\"}}");
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, NULL, NULL), WB_OK);
	assert_string_equal(cfg.admin.token_hash, HASH_B);

	struct wb_config_layers copy;
	wb_config_layers_init(&copy);
	assert_int_equal(wb_config_layers_copy(&copy, &l), WB_OK);
	assert_ptr_not_equal(copy.doc[WB_CONFIG_LAYER_FILE], l.doc[WB_CONFIG_LAYER_FILE]);
	assert_string_equal(copy.doc[WB_CONFIG_LAYER_FILE], l.doc[WB_CONFIG_LAYER_FILE]);
	wb_config_layers_fini(&copy);
	wb_config_layers_fini(&l);
}

static void test_a_layer_that_no_longer_fits_is_left_out_and_named(void **state)
{
	(void)state;
	struct wb_config_layers l;
	struct wb_config cfg;
	struct wb_problems conflicts;
	wb_config_layers_init(&l);
	/* Saved on the device when good was still 90; then the floor's
	 * document lowered good to 80. */
	set(&l, WB_CONFIG_LAYER_DEVICE, "{\"sla\": {\"attainment\": {\"fair_pct\": 85}}}");
	set(&l, WB_CONFIG_LAYER_MANAGED, "{\"sla\": {\"attainment\": {\"good_pct\": 80, \"fair_pct\": 70}}}");
	wb_problems_clear(&conflicts);
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, NULL, &conflicts),
			 WB_OK);
	assert_true(cfg.sla.attain_good_pct == 80 && cfg.sla.attain_fair_pct == 70);
	assert_int_equal(conflicts.count, 1);
	assert_string_equal(conflicts.items[0].path, "$.sla.attainment");
	wb_config_layers_fini(&l);
}

static void test_a_device_change_keeps_only_what_differs(void **state)
{
	(void)state;
	struct wb_config lower, next;
	wb_config_defaults(&lower);
	strcpy(lower.feed.url, "https://file.example/feed");
	strcpy(lower.admin.token_hash, HASH_A);
	next = lower;
	strcpy(next.display.title, "Vloer 3");
	strcpy(next.feed.token, "feed-secret");
	strcpy(next.admin.token_hash, HASH_B);
	next.sla.n_targets = 1;
	strcpy(next.sla.targets[0].channel, "whatsapp");
	next.sla.targets[0].target_s = 600;
	char *frag = wb_config_layers_diff(&next, &lower);
	assert_non_null(frag);
	assert_non_null(strstr(frag, "\"title\":\"Vloer 3\""));
	assert_non_null(strstr(frag, "\"token\":\"feed-secret\"")); /* the state file keeps secrets */
	assert_non_null(strstr(frag, "\"whatsapp\":600"));
	assert_null(strstr(frag, "url"));
	assert_null(strstr(frag, "admin"));
	/* Over lower it gives next back, admin hash aside. */
	struct wb_config back = lower;
	assert_int_equal(wb_config_parse(frag, strlen(frag), &back, NULL), WB_OK);
	strcpy(back.admin.token_hash, HASH_B);
	assert_true(wb_config_equal(&back, &next));
	free(frag);

	frag = wb_config_layers_diff(&lower, &lower);
	assert_string_equal(frag, "{}");
	free(frag);
}

static void test_locked_keys_refuse_a_device_change_and_are_not_read_from_it(void **state)
{
	(void)state;
	struct wb_config_locks locks = { .n = 2 };
	strcpy(locks.key[0], "feed");
	strcpy(locks.key[1], "display.title");
	assert_true(wb_config_locked(&locks, "feed.url"));
	assert_true(wb_config_locked(&locks, "display.title"));
	assert_false(wb_config_locked(&locks, "display.title2"));
	assert_false(wb_config_locked(&locks, "display.theme"));
	assert_false(wb_config_locked(&locks, "feeds.x"));

	struct wb_config lower, next;
	struct wb_problems problems;
	wb_config_defaults(&lower);
	next = lower;
	next.display.theme = WB_THEME_LIGHT;
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_check_locks(&locks, &next, &lower, &problems), WB_OK);
	next.feed.interval_s = 60;
	strcpy(next.display.title, "mine");
	assert_int_equal(wb_config_check_locks(&locks, &next, &lower, &problems), WB_ERR_INVALID);
	assert_int_equal(problems.count, 2);
	assert_true(has_problem(&problems, "$.feed.interval_s"));
	assert_true(has_problem(&problems, "$.display.title"));

	/* A device layer saved before the lock came: its locked keys are skipped. */
	struct wb_config_layers l;
	struct wb_config cfg;
	wb_config_layers_init(&l);
	l.locks = locks;
	set(&l, WB_CONFIG_LAYER_MANAGED, "{\"display\": {\"title\": \"central\"}}");
	set(&l, WB_CONFIG_LAYER_DEVICE, "{\"display\": {\"title\": \"mine\", \"theme\": \"light\"}}");
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, NULL, NULL), WB_OK);
	assert_string_equal(cfg.display.title, "central");
	assert_int_equal(cfg.display.theme, WB_THEME_LIGHT);
	wb_config_layers_fini(&l);
}

static void test_a_managed_document_is_checked_whole(void **state)
{
	(void)state;
	struct wb_config_locks locks;
	struct wb_problems problems;
	char *frag = NULL;
	const char *good =
		"{\"display\": {\"title\": \"Vloer 2\"}, \"$locked\": [\"sla\", \"display.title\"]}";
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_managed_read(good, strlen(good), &frag, &locks, &problems), WB_OK);
	assert_int_equal(locks.n, 2);
	assert_string_equal(locks.key[1], "display.title");
	assert_null(strstr(frag, "$locked"));
	assert_non_null(strstr(frag, "Vloer 2"));
	free(frag);

	const struct {
		const char *doc, *path;
	} bad[] = {
		{ "{\"display\": {\"title\": \"ok\", \"rotation\": 45}}", "$.display.rotation" },
		{ "{\"$locked\": [\"display.titel\"]}", "$.$locked[0]" },
		{ "{\"$locked\": [\"sla\", 3]}", "$.$locked[1]" },
		{ "{\"$locked\": \"sla\"}", "$.$locked" },
		{ "{\"unknown\": 1}", "$.unknown" },
		{ "[]", "$" },
		{ "{\"display\": ", "$" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		frag = (char *)"sentinel";
		wb_problems_clear(&problems);
		assert_int_equal(
			wb_config_managed_read(bad[i].doc, strlen(bad[i].doc), &frag, &locks, &problems),
			WB_ERR_INVALID);
		assert_null(frag);
		assert_true(problems.count >= 1);
		assert_string_equal(problems.items[0].path, bad[i].path);
	}
}

static void test_a_lock_on_admin_makes_the_central_hash_win_and_leaves_other_changes_free(void **state)
{
	(void)state;
	struct wb_config_layers l;
	struct wb_config cfg, lower, next;
	struct wb_problems problems;
	wb_config_layers_init(&l);
	l.locks.n = 1;
	strcpy(l.locks.key[0], "admin");
	strcpy(l.admin_hash[WB_CONFIG_LAYER_MANAGED], HASH_A);
	strcpy(l.admin_hash[WB_CONFIG_LAYER_DEVICE], HASH_B); /* paired before the lock */
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_COUNT - 1, &cfg, NULL, NULL), WB_OK);
	assert_string_equal(cfg.admin.token_hash, HASH_A);
	/* A change of something else is no change of the admin token. */
	assert_int_equal(wb_config_layers_resolve(&l, WB_CONFIG_LAYER_MANAGED, &lower, NULL, NULL), WB_OK);
	next = cfg;
	strcpy(next.display.title, "x");
	wb_problems_clear(&problems);
	assert_int_equal(wb_config_check_locks(&l.locks, &next, &lower, &problems), WB_OK);
	wb_config_layers_fini(&l);
}

static void test_a_value_saved_before_a_lock_is_set_aside_not_lost(void **state)
{
	(void)state;
	struct wb_config_locks locks = { .n = 1 };
	strcpy(locks.key[0], "display.title");
	char *kept = wb_config_keep_locked("{\"display\": {\"theme\": \"light\"}}",
					   "{\"display\": {\"title\": \"mine\", \"page_s\": 20}}", &locks);
	assert_non_null(kept);
	assert_non_null(strstr(kept, "\"title\":\"mine\""));
	assert_non_null(strstr(kept, "\"theme\":\"light\""));
	assert_null(strstr(kept, "page_s")); /* not locked: the new change decides */
	free(kept);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_a_lock_on_admin_makes_the_central_hash_win_and_leaves_other_changes_free),
		cmocka_unit_test(test_a_value_saved_before_a_lock_is_set_aside_not_lost),
		cmocka_unit_test(test_a_file_with_mistakes_applies_its_valid_keys),
		cmocka_unit_test(test_an_unreadable_file_applies_nothing),
		cmocka_unit_test(test_a_key_that_fails_its_cross_check_is_left_out_alone),
		cmocka_unit_test(test_layers_apply_in_order_and_say_where_each_key_comes_from),
		cmocka_unit_test(test_a_layer_that_no_longer_fits_is_left_out_and_named),
		cmocka_unit_test(test_a_device_change_keeps_only_what_differs),
		cmocka_unit_test(test_locked_keys_refuse_a_device_change_and_are_not_read_from_it),
		cmocka_unit_test(test_a_managed_document_is_checked_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
