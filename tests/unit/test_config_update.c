/* PUT/PATCH semantics of the config API, and the serializer they rely on:
 * what comes back from wb_config_to_json reads back to the same config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/config.h"

#define HASH                                     \
	"wbh1$00112233445566778899aabbccddeeff$" \
	"0011223344556677889900112233445566778899001122334455667788990011"

static void current_config(struct wb_config *cfg)
{
	wb_config_defaults(cfg);
	strcpy(cfg->feed.url, "https://api.example.nl/feed");
	strcpy(cfg->feed.token, "feed-secret");
	strcpy(cfg->display.title, "Vloer 2");
	cfg->display.page_s = 20;
	strcpy(cfg->admin.token_hash, HASH);
}

static enum wb_status update(const struct wb_config *cur, const char *body, bool merge,
			     struct wb_config *next, bool *not_json, struct wb_problems *problems)
{
	wb_problems_clear(problems);
	*next = *cur;
	return wb_config_update(cur, NULL, body, strlen(body), merge, next, not_json, problems);
}

static void test_round_trip_for_the_state_file(void **state)
{
	(void)state;
	struct wb_config cfg, back;
	current_config(&cfg);
	cfg.display.rotation = 270;
	cfg.display.theme = WB_THEME_LIGHT;
	cfg.display.n_channels = 2;
	strcpy(cfg.display.channels[0], "whatsapp");
	strcpy(cfg.display.channels[1], "twitter");
	cfg.display.scale = 1.25;
	cfg.sla.n_targets = 1;
	strcpy(cfg.sla.targets[0].channel, "webchat");
	cfg.sla.targets[0].target_s = 300;
	cfg.sla.n_warn_ratios = 1;
	strcpy(cfg.sla.warn_ratios[0].channel, "whatsapp");
	cfg.sla.warn_ratios[0].warn_ratio = 0.5;
	strcpy(cfg.http.bind, "::1");
	cfg.http.port = 9090;
	char *json = wb_config_to_json(&cfg, WB_CONFIG_FOR_STATE);
	assert_non_null(json);
	wb_config_defaults(&back);
	assert_int_equal(wb_config_parse(json, strlen(json), &back, NULL), WB_OK);
	free(json);
	assert_memory_equal(&cfg, &back, sizeof cfg);
}

static void test_api_view_redacts_secrets_and_hides_the_hash(void **state)
{
	(void)state;
	struct wb_config cfg;
	current_config(&cfg);
	char *json = wb_config_to_json(&cfg, WB_CONFIG_FOR_API);
	assert_non_null(json);
	assert_null(strstr(json, "feed-secret"));
	assert_null(strstr(json, "token_hash"));
	assert_null(strstr(json, "0011223344"));
	assert_non_null(strstr(json, "\"token\":\t\"" WB_CONFIG_REDACTED "\""));
	free(json);
}

static void test_patch_merges_and_null_restores_defaults(void **state)
{
	(void)state;
	struct wb_config cur, next;
	struct wb_problems problems;
	bool not_json;
	current_config(&cur);
	assert_int_equal(update(&cur, "{\"display\":{\"title\":\"Vloer 3\",\"page_s\":null}}", true, &next,
				&not_json, &problems),
			 WB_OK);
	assert_string_equal(next.display.title, "Vloer 3");
	assert_int_equal(next.display.page_s, 15);
	assert_string_equal(next.feed.url, cur.feed.url);
	/* The redacted token in the document PATCH merges into means "keep". */
	assert_string_equal(next.feed.token, "feed-secret");
	assert_string_equal(next.admin.token_hash, HASH);
}

static void test_put_takes_defaults_for_what_it_leaves_out(void **state)
{
	(void)state;
	struct wb_config cur, next;
	struct wb_problems problems;
	bool not_json;
	current_config(&cur);
	assert_int_equal(update(&cur, "{\"display\":{\"language\":\"en\"},\"feed\":{\"token\":\"********\"}}",
				false, &next, &not_json, &problems),
			 WB_OK);
	assert_int_equal(next.display.language, WB_LANG_EN);
	assert_string_equal(next.display.title, "");
	assert_string_equal(next.feed.url, "");
	assert_string_equal(next.feed.token, "feed-secret");
	/* Never back to "no admin token": that would open the board to anyone. */
	assert_string_equal(next.admin.token_hash, HASH);
}

static void test_bad_input_changes_nothing_and_says_why(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		bool merge;
		bool not_json;
		const char *first_path;
	} rows[] = {
		{ "{\"display\":", true, true, "$" },
		{ "{} {}", false, true, "$" },
		{ "[1]", false, false, "$" },
		{ "{\"display\":{\"rotation\":45}}", true, false, "$.display.rotation" },
		{ "{\"display\":{\"channels\":[\"a\",\"a\"]}}", false, false, "$.display.channels[1]" },
		{ "{\"http\":{\"bind\":\"localhost\"}}", true, false, "$.http.bind" },
		{ "{\"sla\":{\"warn_ratios\":{\"webchat\":0}}}", true, false, "$.sla.warn_ratios.webchat" },
		{ "{\"sla\":{\"warn_ratios\":{\"a\":0.5,\"a\":0.6}}}", false, false, "$.sla.warn_ratios.a" },
		{ "{\"admin\":{\"token\":\"too-short\"}}", true, false, "$.admin.token" },
		{ "{\"admin\":{\"token_hash\":\"" HASH "\"}}", true, false, "$.admin.token_hash" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct wb_config cur, next;
		struct wb_problems problems;
		bool not_json;
		current_config(&cur);
		next = cur;
		strcpy(next.display.title, "untouched");
		wb_problems_clear(&problems);
		enum wb_status st = wb_config_update(&cur, NULL, rows[i].body, strlen(rows[i].body),
						     rows[i].merge, &next, &not_json, &problems);
		assert_int_equal(st, WB_ERR_INVALID);
		assert_int_equal(not_json, rows[i].not_json);
		assert_true(problems.count >= 1);
		assert_string_equal(problems.items[0].path, rows[i].first_path);
		assert_string_equal(next.display.title, "untouched");
	}
}

/* Issue 17 finding 14: a number 1 ulp past a range's end was printed to 15
 * digits between the merge and the read, came back as the end itself and
 * was accepted. Both ways in read the number as sent. */
static void test_one_ulp_past_the_range_is_refused(void **state)
{
	struct wb_config cur, next;
	struct wb_problems problems;
	bool not_json;
	(void)state;
	current_config(&cur);
	static const char *const bodies[] = {
		"{\"display\":{\"scale\":2.0000000000000004}}",
		"{\"display\":{\"scale\":0.49999999999999994}}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		for (int merge = 0; merge <= 1; merge++) {
			assert_int_equal(update(&cur, bodies[i], merge, &next, &not_json, &problems),
					 WB_ERR_INVALID);
			assert_string_equal(problems.items[0].path, "$.display.scale");
		}
	assert_int_equal(update(&cur, "{\"display\":{\"scale\":2}}", true, &next, &not_json, &problems),
			 WB_OK);
	assert_true(next.display.scale == 2.0);
}

static void test_warn_ratio_per_channel(void **state)
{
	(void)state;
	struct wb_config cur, next;
	struct wb_problems problems;
	bool not_json;
	current_config(&cur);
	assert_int_equal(update(&cur, "{\"sla\":{\"warn_ratio\":0.8,\"warn_ratios\":{\"whatsapp\":0.5}}}",
				true, &next, &not_json, &problems),
			 WB_OK);
	assert_true(wb_config_warn_ratio(&next, "whatsapp") == 0.5);
	assert_true(wb_config_warn_ratio(&next, "twitter") == 0.8);
}

/* Every secret sent back redacted keeps its value, over the layers below
 * too (a PATCH of something else must not drop a token the device set). */
static void test_redacted_secrets_are_kept_over_the_layers_below(void **state)
{
	(void)state;
	struct wb_config cur, below, next;
	struct wb_problems problems;
	bool not_json;
	current_config(&cur);
	strcpy(cur.update.token, "update-secret");
	strcpy(cur.managed.token, "managed-secret");
	wb_config_defaults(&below);
	wb_problems_clear(&problems);
	const char *body = "{\"display\": {\"title\": \"x\"}}";
	assert_int_equal(
		wb_config_update(&cur, &below, body, strlen(body), true, &next, &not_json, &problems), WB_OK);
	assert_string_equal(next.feed.token, "feed-secret");
	assert_string_equal(next.update.token, "update-secret");
	assert_string_equal(next.managed.token, "managed-secret");
	assert_string_equal(next.display.title, "x");
	/* PUT: what it leaves out comes from below, a redacted secret from current. */
	body = "{\"update\": {\"token\": \"" WB_CONFIG_REDACTED "\"}}";
	strcpy(below.display.title, "from the file");
	assert_int_equal(
		wb_config_update(&cur, &below, body, strlen(body), false, &next, &not_json, &problems),
		WB_OK);
	assert_string_equal(next.update.token, "update-secret");
	assert_string_equal(next.managed.token, "");
	assert_string_equal(next.display.title, "from the file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redacted_secrets_are_kept_over_the_layers_below),
		cmocka_unit_test(test_round_trip_for_the_state_file),
		cmocka_unit_test(test_api_view_redacts_secrets_and_hides_the_hash),
		cmocka_unit_test(test_patch_merges_and_null_restores_defaults),
		cmocka_unit_test(test_put_takes_defaults_for_what_it_leaves_out),
		cmocka_unit_test(test_bad_input_changes_nothing_and_says_why),
		cmocka_unit_test(test_warn_ratio_per_channel),
		cmocka_unit_test(test_one_ulp_past_the_range_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
