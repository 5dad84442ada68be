/* The config reader (core/config/parse.c) and writer (serialize.c): any
 * document read is written back as valid UTF-8, that text reads back to the
 * same config and writes out to the same text (a fixed point); a document
 * refused names each problem's JSON path. The input is the whole document,
 * as a config file or a PUT body would be. */
#include "fuzz.h"
#include "wallboard/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	static struct wb_config cfg, again;
	static struct wb_problems problems;
	wb_config_defaults(&cfg);
	wb_problems_clear(&problems);
	if (wb_config_parse(json, size, &cfg, &problems) != WB_OK) {
		fuzz_check_problems(&problems);
		return 0;
	}
	const char *bad = fuzz_json_text_problem(json, size);
	FUZZ_CHECK(!bad, "accepted a document with %s", bad);
	cJSON *doc = cJSON_ParseWithLength(json, size);
	FUZZ_CHECK(!doc || !fuzz_json_duplicates(doc), "accepted a member named twice");
	cJSON_Delete(doc);

	char *out = wb_config_to_json(&cfg, WB_CONFIG_FOR_STATE);
	FUZZ_CHECK(out, "no state document");
	fuzz_check_text("state document", out, WB_CONFIG_FILE_MAX_BYTES);
	char *shown = wb_config_to_json(&cfg, WB_CONFIG_FOR_API);
	FUZZ_CHECK(shown, "no API document");
	fuzz_check_text("API document", shown, WB_CONFIG_FILE_MAX_BYTES);
	cJSON_free(shown);

	wb_config_defaults(&again);
	wb_problems_clear(&problems);
	if (wb_config_parse(out, strlen(out), &again, &problems) != WB_OK)
		fuzz_fail("the written config does not read back: %s: %s\n%s", problems.items[0].path,
			  problems.items[0].message, out);
	/* The state file never holds the admin token, only its hash. */
	memset(cfg.admin.token, 0, sizeof cfg.admin.token);
	FUZZ_CHECK(wb_config_equal(&cfg, &again), "read, written and read again, the config changed:\n%s",
		   out);
	char *out2 = wb_config_to_json(&again, WB_CONFIG_FOR_STATE);
	FUZZ_CHECK(out2 && strcmp(out, out2) == 0, "written twice, the text changed:\n%s\n---\n%s", out,
		   out2 ? out2 : "(null)");
	cJSON_free(out2);
	cJSON_free(out);
	return 0;
}
