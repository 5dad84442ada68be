/* What the board keeps off the wall: the pairing code's window after start. */
#include "wallboard/privacy.h"

bool wb_privacy_pairing_shown(bool has_data, bool identifying, int64_t started_ms, int64_t now_ms)
{
	if (!has_data || identifying)
		return true;
	/* now_ms before started_ms (a clock that went back) is not "after". */
	return now_ms >= started_ms && now_ms - started_ms < WB_PRIVACY_PAIRING_WINDOW_MS;
}
