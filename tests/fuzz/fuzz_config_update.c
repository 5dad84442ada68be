/* PUT and PATCH of the config (core/config/update.c) over a board with an
 * admin token. The input is a config document for the board as it is (the
 * defaults when it does not read), a NUL, a mode byte (bit 0: PATCH, else
 * PUT) and the request body. A body that does not touch "admin" leaves the
 * admin hash and the admin section alone; the same body twice gives what it
 * gave once; what it gives reads back from its own state document; a
 * member named twice is refused, as PUT and files refuse it. */
#include "fuzz.h"
#include "wallboard/config.h"

/* A hash in the form wb_auth_seal_config writes; never compared to a token here. */
#define HASH "wbh1$" SALT "$" SALT SALT
#define SALT "000102030405060708090a0b0c0d0e0f"

static struct wb_config current, next, twice, back;
static struct wb_problems problems;

static enum wb_status update(const struct wb_config *cur, const char *body, size_t len, bool merge,
			     struct wb_config *out)
{
	bool not_json;
	wb_problems_clear(&problems);
	enum wb_status st = wb_config_update(cur, NULL, body, len, merge, out, &not_json, &problems);
	if (st == WB_ERR_INVALID)
		fuzz_check_problems(&problems);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	struct fuzz_in rest;
	char *base = fuzz_split(data, size, &len, &rest);
	wb_config_defaults(&current);
	wb_problems_clear(&problems);
	if (wb_config_parse(base, len, &current, &problems) != WB_OK)
		wb_config_defaults(&current);
	free(base);
	/* What the board holds after sealing: a hash, never the token. */
	memset(current.admin.token, 0, sizeof current.admin.token);
	snprintf(current.admin.token_hash, sizeof current.admin.token_hash, "%s", HASH);
	bool merge = fuzz_u64(&rest, 1) & 1;
	const char *body = (const char *)rest.p;
	size_t body_len = rest.n;

	if (update(&current, body, body_len, merge, &next) != WB_OK)
		return 0;
	cJSON *doc = cJSON_ParseWithLength(body, body_len);
	FUZZ_CHECK(doc, "accepted a body that is not JSON");
	FUZZ_CHECK(!fuzz_json_duplicates(doc), "accepted a member named twice");
	const char *bad = fuzz_json_text_problem(body, body_len);
	FUZZ_CHECK(!bad, "accepted a body with %s", bad);
	bool admin_touched = cJSON_HasObjectItem(doc, "admin");
	cJSON_Delete(doc);
	FUZZ_CHECK(strcmp(next.admin.token_hash, HASH) == 0, "the admin hash changed");
	if (!admin_touched)
		FUZZ_CHECK(wb_config_equal_section(&next, &current, "admin"),
			   "a body without \"admin\" changed the admin section");

	FUZZ_CHECK(update(&next, body, body_len, merge, &twice) == WB_OK,
		   "accepted once, refused the second time");
	FUZZ_CHECK(wb_config_equal(&next, &twice), "the same %s twice differs from once",
		   merge ? "PATCH" : "PUT");

	char *out = wb_config_to_json(&next, WB_CONFIG_FOR_STATE);
	FUZZ_CHECK(out, "no state document");
	fuzz_check_text("state document", out, WB_CONFIG_FILE_MAX_BYTES);
	wb_config_defaults(&back);
	wb_problems_clear(&problems);
	if (wb_config_parse(out, strlen(out), &back, &problems) != WB_OK)
		fuzz_fail("the result does not validate again: %s: %s", problems.items[0].path,
			  problems.items[0].message);
	memset(next.admin.token, 0, sizeof next.admin.token); /* sealed before it is saved */
	FUZZ_CHECK(wb_config_equal(&next, &back), "the result read back from its state document differs");
	cJSON_free(out);
	return 0;
}
