/* The alert rules' state file (core/rules/rules.c): whatever reads back is
 * written out as valid UTF-8, and that text reads back and writes out to the
 * same text (load, save, load is a fixed point). The raised alerts it holds
 * are worded in valid UTF-8 in every language. The input is the file. */
#include "fuzz.h"
#include "wallboard/i18n.h"
#include "wallboard/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_rules_state *st = NULL, *again = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_rules_state_deserialize((const char *)data, size, &st, &err) != WB_OK) {
		FUZZ_CHECK(!st, "refused, yet a state came out");
		fuzz_check_text("error", err.message, sizeof err.message - 1);
		return 0;
	}
	char *saved = wb_rules_state_serialize(st);
	FUZZ_CHECK(saved, "no state document");
	fuzz_check_text("state document", saved, 1u << 20);
	wb_error_clear(&err);
	if (wb_rules_state_deserialize(saved, strlen(saved), &again, &err) != WB_OK)
		fuzz_fail("the saved state does not load: %s: %s\n%s", err.path, err.message, saved);
	char *resaved = wb_rules_state_serialize(again);
	FUZZ_CHECK(resaved && strcmp(saved, resaved) == 0,
		   "load, save, load, save changed the text:\n%s\n---\n%s", saved,
		   resaved ? resaved : "(null)");
	for (int lang = 0; lang < WB_LANG_COUNT_; lang++) {
		struct wb_alert *alerts = NULL;
		size_t n = 0;
		if (wb_rules_alerts(st, (enum wb_lang)lang, &alerts, &n) != WB_OK)
			continue;
		for (size_t i = 0; i < n; i++) {
			fuzz_check_text("alert id", alerts[i].id, WB_FEED_ALERT_ID_MAX);
			fuzz_check_text("alert message", alerts[i].message, WB_FEED_MESSAGE_MAX);
			fuzz_check_text("alert kind", alerts[i].kind, WB_FEED_ALERT_KIND_MAX);
			fuzz_check_text("alert channel", alerts[i].channel, WB_FEED_CHANNEL_ID_MAX);
		}
		wb_alerts_free(alerts, n);
	}
	free(resaved);
	free(saved);
	wb_rules_state_destroy(again);
	wb_rules_state_destroy(st);
	return 0;
}
