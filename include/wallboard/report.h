/* Machine-readable state of the board (status.json on SIGUSR1, and the
 * status API), built from the same view the screen is drawn from so the two
 * can never disagree. No secrets: the token is never part of a view. */
#ifndef WALLBOARD_REPORT_H
#define WALLBOARD_REPORT_H

#include "wallboard/layout.h"
#include "wallboard/view.h"

/* A new NUL-terminated JSON text (caller frees), or NULL when out of memory. */
char *wb_report_status_json(const struct wb_view *view, const struct wb_layout *layout,
                            int width, int height, const char *etag);

#endif
