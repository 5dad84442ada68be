/* Shared by the render tests: loading the example feeds, building the view
 * main.c would build, and measuring regions of a frame (colour classes,
 * brightness, "is there text") so tests assert what people see, not bytes. */
#ifndef WB_TEST_RENDER_CHECK_H
#define WB_TEST_RENDER_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "wallboard/config.h"
#include "wallboard/layout.h"
#include "wallboard/snapshot.h"
#include "wallboard/view.h"

/* 2026-11-23T09:20:00Z: the instant the fixture contract is evaluated at. */
#define RC_NOW_MS 1795425600000LL

/* A frame as 0xAARRGGBB pixels, owned. */
struct rc_image {
	int w, h;
	uint32_t *px;
};

void rc_image_free(struct rc_image *img);

/* docs/examples/<name>, parsed; fails the test on any error. */
struct wb_snapshot *rc_load_example(const char *name);

/* Amsterdam's rules (sla.time_zone's default) without the tz database; owned
 * by render_check, alive for the whole run. */
const struct wb_tz *rc_amsterdam(void);

/* The view main.c draws for a fresh snapshot at RC_NOW_MS (anim time 0), in
 * the default zone (rc_amsterdam), as the board shows it. */
void rc_view_init(struct wb_view *view, const struct wb_snapshot *snap, const struct wb_config *cfg);

/* Index of the channel with this id in snap; fails the test when absent. */
size_t rc_channel_index(const struct wb_snapshot *snap, const char *id);

/* The tile of channel index i in layout L; fails the test when it is not on
 * the page shown. */
struct wb_rect rc_tile_sla(const struct wb_layout *L, size_t i);
struct wb_rect rc_tile_counts(const struct wb_layout *L, size_t i);

enum rc_class {
	RC_RED,
	RC_AMBER,
	RC_GREEN,
	RC_BRIGHT
};

/* Share (0..1) of the pixels in r that fall in a colour class. */
double rc_share(const struct rc_image *img, struct wb_rect r, enum rc_class c);
/* Largest luma (0..255) in r. */
int rc_max_luma(const struct rc_image *img, struct wb_rect r);
/* Mean luma in r. */
double rc_mean_luma(const struct rc_image *img, struct wb_rect r);
/* Pixels that differ between a and b inside r (same size images). */
size_t rc_diff_inside(const struct rc_image *a, const struct rc_image *b, struct wb_rect r);
/* Pixels that differ between a and b outside r. */
size_t rc_diff_outside(const struct rc_image *a, const struct rc_image *b, struct wb_rect r);
/* Share (0..1) of the pixels in r within tol of 0xRRGGBB on every channel. */
double rc_share_near(const struct rc_image *img, struct wb_rect r, uint32_t rgb, int tol);
/* Smallest rect holding every pixel that differs between a and b (same size
 * images); w == 0 when they are identical. */
struct wb_rect rc_diff_bbox(const struct rc_image *a, const struct rc_image *b);
/* Pixels of a that differ from b moved by (dx, dy): a(x, y) against
 * b(x - dx, y - dy), over every (x, y) where both are inside the images
 * (same size). 0 when a is exactly b shifted. */
size_t rc_diff_moved(const struct rc_image *a, const struct rc_image *b, int dx, int dy);
/* Pixels in r that differ from the pixel at r's top-left: 0 for a flat
 * area, many where text or shapes are drawn. */
size_t rc_detail(const struct rc_image *img, struct wb_rect r);

/* Reading a frame's description (wb_renderer_describe). */
/* The element instance with this name whose note key equals value (e.g.
 * "sla_box" with "channel" "twitter"); NULL when there is none. */
const cJSON *rc_desc_element(const cJSON *desc, const char *element, const char *key, const char *value);
/* The first text of element/index whose string is s; NULL when none. */
const cJSON *rc_desc_text(const cJSON *desc, const char *element, int index, const char *s);
/* The same for the first text that starts with s. */
const cJSON *rc_desc_text_prefix(const cJSON *desc, const char *element, int index, const char *s);
/* A number member of o; fails the test when it is missing. */
int rc_desc_int(const cJSON *o, const char *key);
/* A string member of o, "" when missing. */
const char *rc_desc_str(const cJSON *o, const char *key);

/* The most frequent colour in r (0xRRGGBB): a box's fill. */
uint32_t rc_mode_rgb(const struct rc_image *img, struct wb_rect r);

enum rc_vision {
	RC_VISION_NORMAL,
	RC_VISION_PROTANOPIA,
	RC_VISION_DEUTERANOPIA
};
/* WCAG contrast ratio (1..21) of two 0xRRGGBB colours as seen with vision. */
double rc_contrast(uint32_t a, uint32_t b, enum rc_vision vision);

/* The contrast of the text in r against its background (r's most frequent
 * colour): the largest of any pixel, i.e. the text's own colour once
 * anti-aliasing is past. */
double rc_text_contrast(const struct rc_image *img, struct wb_rect r);

/* The full feed's SLA boxes: one fill per state, breached red, and fine,
 * nearly due and over time at least 3:1 apart with normal vision and under
 * simulated protanopia and deuteranopia. */
void rc_check_sla_states(const struct rc_image *img, const struct wb_snapshot *snap,
			 const struct wb_layout *L);

/* The checks every full-feed frame passes, whoever drew it (the renderer in
 * process, or the real binary's PNG): SLA colours per channel, a red
 * critical banner, no empty tile. */
void rc_check_full_feed(const struct rc_image *img, const struct wb_snapshot *snap,
			const struct wb_layout *L);

#endif
