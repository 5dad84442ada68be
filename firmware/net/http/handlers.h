/* The handlers the route table (router.c) points at, one group per file, and
 * the pure checks the table uses. No libmicrohttpd types, so the table and its
 * matcher stay pure. Each handler queues one answer and returns MHD_YES/MHD_NO. */
#ifndef WALLBOARD_NET_HTTP_HANDLERS_H
#define WALLBOARD_NET_HTTP_HANDLERS_H

#include <stdbool.h>

#include "wallboard/http_router.h"

/* h_health.c */
int wb_http_get_healthz(struct wb_http_exchange *x);
int wb_http_get_metrics(struct wb_http_exchange *x);
int wb_http_get_status(struct wb_http_exchange *x);

/* h_config.c */
int wb_http_get_config(struct wb_http_exchange *x);
int wb_http_put_config(struct wb_http_exchange *x);
int wb_http_patch_config(struct wb_http_exchange *x);
int wb_http_get_config_sources(struct wb_http_exchange *x);

/* h_screen.c */
int wb_http_post_ack(struct wb_http_exchange *x);
int wb_http_post_identify(struct wb_http_exchange *x);
int wb_http_get_screenshot(struct wb_http_exchange *x);

/* h_update.c: the update status, and a bundle upload streamed to the updater. */
int wb_http_get_update(struct wb_http_exchange *x);
int wb_http_post_update(struct wb_http_exchange *x);
extern const struct wb_http_stream wb_http_update_upload;

/* h_log.c: the recent log lines. */
int wb_http_get_log(struct wb_http_exchange *x);

/* h_feed.c: one poll of a feed with settings from the body, not saved. */
int wb_http_post_feed_test(struct wb_http_exchange *x);

/* h_static.c */
int wb_http_get_index(struct wb_http_exchange *x);
int wb_http_get_file(struct wb_http_exchange *x);
/* Only plain names directly in web_dir: no separators, no dot files (and so
 * no ".."), nothing the type table does not know. Pure. */
bool wb_http_static_name_ok(const char *name);

#endif
