/* The first-boot import: a config file found on the boot partition merged
 * over what the board already has, as one pure step (the caller reads the
 * file, seals the admin token and saves). */
#include "internal.h"

#include <string.h>

#include "wallboard/mergepatch.h"

enum wb_status wb_config_import(const struct wb_config *current, const char *file_json, size_t len,
				struct wb_config *next, struct wb_problems *problems)
{
	struct wb_config scratch, merged_cfg;
	enum wb_status st;
	char *current_text, *merged_text;
	cJSON *base, *patch, *merged;

	/* The file alone must be valid, so its problems carry its own paths
	 * and not those of a merge the author never wrote. */
	wb_config_defaults(&scratch);
	st = wb_config_parse(file_json, len, &scratch, problems);
	if (st != WB_OK)
		return st;

	/* RFC 7396 over the state file's view: keys the file leaves out keep
	 * the current value; lists it names replace the current ones whole. */
	current_text = wb_config_to_json(current, WB_CONFIG_FOR_STATE);
	base = current_text ? cJSON_Parse(current_text) : NULL;
	cJSON_free(current_text);
	patch = cJSON_ParseWithLength(file_json, len);
	if (base && patch) {
		merged = wb_merge_patch(base, patch); /* consumes base, also when it fails */
	} else {
		merged = NULL;
		cJSON_Delete(base);
	}
	cJSON_Delete(patch);
	merged_text = merged ? cJSON_PrintUnformatted(merged) : NULL;
	cJSON_Delete(merged);
	if (!merged_text)
		return WB_ERR_NOMEM;

	wb_config_defaults(&merged_cfg);
	st = wb_config_parse(merged_text, strlen(merged_text), &merged_cfg, problems);
	cJSON_free(merged_text);
	if (st != WB_OK)
		return st;
	*next = merged_cfg;
	return WB_OK;
}
