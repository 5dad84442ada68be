/* The compositor: the element table, and which parts of the frame changed.
 * Each frame every element draws into the draw list; an element instance
 * whose commands hash differently from the last frame (or that moved,
 * appeared or went) damages where it was and where it is now. Only those
 * rectangles of the layer are repainted. Internal to ui/. */
#ifndef WB_UI_COMPOSITOR_H
#define WB_UI_COMPOSITOR_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "draw.h"
#include "element.h"

/* More damaged rectangles than this in one frame are joined into one. */
#define WB_COMPOSITOR_MAX_DAMAGE 32
#define WB_COMPOSITOR_MAX_SCROLLS 4

struct wb_compositor;

/* Content that only scrolled since the last frame: the pixels of region
 * move dx px left; the dx px they uncover at its right end are in the
 * damage. */
struct wb_scroll {
	struct wb_rect region;
	int dx;
};

struct wb_compositor *wb_compositor_create(void);
void wb_compositor_destroy(struct wb_compositor *c);

/* Records every element of f into d (reset by the caller) and works out the
 * damage against the previous call. full: the layer holds nothing usable, so
 * the damage is the whole frame. */
void wb_compositor_record(struct wb_compositor *c, struct wb_draw *d, const struct wb_frame *f, bool full);

/* The damage of the last record: rectangles within the frame, possibly
 * overlapping. */
size_t wb_compositor_damage(const struct wb_compositor *c, const struct wb_rect **rects);
/* What the last record found only scrolled: move these before repainting
 * the damage, or (a target that cannot move pixels) repaint their regions. */
size_t wb_compositor_scrolls(const struct wb_compositor *c, const struct wb_scroll **scrolls);

/* The frame the last record drew, for people and tests that cannot look at
 * it: one object per element instance shown in elements (its name, index,
 * area and the notes it drew, wb_draw_note), and one per text in texts (its
 * string, element, index, rectangle, px, cap height, face and colour), in
 * drawing order. d must be the list that record filled, not yet reset.
 * False when some of it did not fit in memory. */
bool wb_compositor_describe(const struct wb_compositor *c, const struct wb_draw *d, cJSON *elements,
			    cJSON *texts);

#endif
