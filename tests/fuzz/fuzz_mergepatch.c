/* JSON Merge Patch (core/mergepatch.c) against RFC 7396 itself: the input is
 * a target document, a NUL, and a patch. The result is checked member by
 * member against what section 2 says it must be, and patching twice must
 * equal patching once. Documents naming a member twice or holding a number
 * beyond a double are left out: RFC 8259 leaves both to the reader, and the
 * config readers refuse them before any merge. */
#include <math.h>

#include "fuzz.h"
#include "wallboard/mergepatch.h"

/* cJSON reads 1e999 as infinity, which cJSON_Compare never finds equal to
 * itself; the config readers refuse numbers that are not finite. */
static bool all_finite(const cJSON *j)
{
	if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
		return false;
	const cJSON *m;
	cJSON_ArrayForEach(m, j)
	{
		if (!all_finite(m))
			return false;
	}
	return true;
}

/* Nesting depth: cJSON_Compare walks an object from both sides, so its cost
 * doubles per level (2^33 compares for 33 levels timed out in CI). The
 * board's documents are a few levels deep; the merge itself is linear and
 * runs on deep inputs through fuzz_config_update. */
#define DEPTH_MAX 12
static int depth_of(const cJSON *j)
{
	int d = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, j)
	{
		int k = depth_of(m);
		if (k > d)
			d = k;
	}
	return d + 1;
}

static const cJSON *member(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

/* result must be MergePatch(target, patch); target may be NULL (absent). */
static void check(const cJSON *result, const cJSON *target, const cJSON *patch, int depth)
{
	if (!cJSON_IsObject(patch)) {
		FUZZ_CHECK(cJSON_Compare(result, patch, true), "a patch that is not an object must replace");
		return;
	}
	FUZZ_CHECK(cJSON_IsObject(result), "an object patch must give an object");
	const cJSON *m;
	cJSON_ArrayForEach(m, patch)
	{
		const cJSON *r = member(result, m->string);
		if (cJSON_IsNull(m))
			FUZZ_CHECK(!r, "null member \"%s\" must remove it", m->string);
		else {
			FUZZ_CHECK(r, "member \"%s\" of the patch is missing at depth %d", m->string, depth);
			check(r, member(target, m->string), m, depth + 1);
		}
	}
	cJSON_ArrayForEach(m, result)
	{
		const cJSON *p = member(patch, m->string);
		const cJSON *t = member(target, m->string);
		FUZZ_CHECK(p || t, "member \"%s\" came from nowhere", m->string);
		if (!p)
			FUZZ_CHECK(cJSON_Compare(m, t, true), "untouched member \"%s\" changed", m->string);
	}
	if (cJSON_IsObject(target))
		cJSON_ArrayForEach(m, target)
		{
			const cJSON *p = member(patch, m->string);
			if (!p)
				FUZZ_CHECK(member(result, m->string), "untouched member \"%s\" is gone",
					   m->string);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	struct fuzz_in rest;
	char *text = fuzz_split(data, size, &len, &rest);
	cJSON *target = cJSON_ParseWithLength(text, len);
	cJSON *patch = cJSON_ParseWithLength((const char *)rest.p, rest.n);
	if (!patch)
		patch = cJSON_CreateObject();
	if (!target || !patch || fuzz_json_duplicates(target) || fuzz_json_duplicates(patch) ||
	    !all_finite(target) || !all_finite(patch) || depth_of(target) > DEPTH_MAX ||
	    depth_of(patch) > DEPTH_MAX)
		goto out;

	cJSON *once = wb_merge_patch(cJSON_Duplicate(target, true), patch);
	FUZZ_CHECK(once, "merge failed without running out of memory");
	check(once, target, patch, 0);
	cJSON *twice = wb_merge_patch(cJSON_Duplicate(once, true), patch);
	FUZZ_CHECK(twice && cJSON_Compare(once, twice, true), "patch(patch(x, p), p) != patch(x, p)");
	cJSON_Delete(twice);
	cJSON_Delete(once);
out:
	cJSON_Delete(target);
	cJSON_Delete(patch);
	free(text);
	return 0;
}
