/* JSON Merge Patch (RFC 7396) over cJSON trees: how PATCH /api/v1/config and
 * --import-config change a config document. Pure. */
#ifndef WALLBOARD_MERGEPATCH_H
#define WALLBOARD_MERGEPATCH_H

#include <cjson/cJSON.h>

/* Applies patch to target and returns the result; target is consumed (it is
 * changed in place or freed), patch is only read. A patch that is not an
 * object replaces the whole target; null members delete keys. NULL when out
 * of memory (target is freed then too). */
cJSON *wb_merge_patch(cJSON *target, const cJSON *patch);

#endif
