/* Writing the config back as JSON: every key of the field table in table
 * order, each through its kind, for the state file or for API readers
 * (secrets redacted, the admin token hash never shown). */
#include "internal.h"

cJSON *wb_config_object_json(const struct wb_config_field *fields, size_t n, const struct wb_config *cfg,
			     enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < n; i++)
		if (fields[i].kind->audiences & (1u << audience))
			obj = wb_config_json_add(obj, fields[i].key,
						 fields[i].kind->write(&fields[i], cfg, audience));
	return obj;
}

cJSON *wb_config_json_add(cJSON *container, const char *key, cJSON *item)
{
	bool added =
		container && item &&
		(key ? cJSON_AddItemToObject(container, key, item) : cJSON_AddItemToArray(container, item));
	if (added)
		return container;
	cJSON_Delete(item);
	cJSON_Delete(container);
	return NULL;
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
