/* Writing the config back as JSON: every key of the field table in table
 * order, each through its kind, for the state file or for API readers
 * (secrets redacted, the admin token hash never shown). */
#include "internal.h"

cJSON *wb_config_object_json(const struct wb_config_field *fields, size_t n, const struct wb_config *cfg,
			     enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < n; i++) {
		if (!(fields[i].kind->audiences & (1u << audience)))
			continue;
		cJSON *value = fields[i].kind->write(&fields[i], cfg, audience);
		/* A document missing a key would read back as that key's default. */
		if (!value || !cJSON_AddItemToObject(obj, fields[i].key, value)) {
			cJSON_Delete(value);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

char *wb_config_to_json(const struct wb_config *cfg, enum wb_config_audience audience)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);
	cJSON *doc = wb_config_object_json(root, n, cfg, audience);
	char *text = doc ? cJSON_Print(doc) : NULL;

	cJSON_Delete(doc);
	return text;
}
