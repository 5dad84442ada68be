/* RFC 7396 merge patch. Written against the RFC's MergePatch pseudocode and
 * checked with its Appendix A table in tests/unit/test_mergepatch.c. */
#include "wallboard/mergepatch.h"

#include <stdbool.h>

cJSON *wb_merge_patch(cJSON *target, const cJSON *patch)
{
	if (!cJSON_IsObject(patch)) {
		cJSON_Delete(target);
		return cJSON_Duplicate(patch, true);
	}
	if (!cJSON_IsObject(target)) {
		cJSON_Delete(target);
		target = cJSON_CreateObject();
		if (!target)
			return NULL;
	}
	const cJSON *member;
	cJSON_ArrayForEach(member, patch)
	{
		if (cJSON_IsNull(member)) {
			cJSON_DeleteItemFromObjectCaseSensitive(target, member->string);
			continue;
		}
		cJSON *current = cJSON_DetachItemFromObjectCaseSensitive(target, member->string);
		cJSON *merged = wb_merge_patch(current, member);
		if (!merged || !cJSON_AddItemToObject(target, member->string, merged)) {
			cJSON_Delete(merged);
			cJSON_Delete(target);
			return NULL;
		}
	}
	return target;
}
