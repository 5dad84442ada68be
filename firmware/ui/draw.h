/* The draw list: what screen elements draw with. Drawing records commands
 * (fills, rounded fills, text) instead of touching the renderer, so the
 * compositor can hash what each element drew and repaint only where that
 * changed; the same commands are then replayed onto the layer, clipped to
 * each damaged rectangle. Measuring text goes to the text cache at once.
 * Internal to ui/. The model is lite's rencache.c (rxi/lite), which hashes
 * recorded commands per screen cell. */
#ifndef WB_UI_DRAW_H
#define WB_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "wallboard/fonts.h"
#include "wallboard/layout.h"
#include "wallboard/status.h"
#include "wallboard/textcache.h"

struct rgb {
	Uint8 r, g, b;
};

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define RGB(hex) { (Uint8)((hex) >> 16), (Uint8)((hex) >> 8), (Uint8)(hex) }
/* clang-format on */

/* DejaVu's cap and digit height, as a share of the em: used to centre text
 * optically rather than by its line box. */
#define CAP_HEIGHT(px) (73 * (px) / 100) /* not (px) * 73: clang-format 14 takes (px)* for a cast */

enum align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT
};
enum fit {
	FIT_SCALE,    /* numbers: shrink as far as needed, never cut */
	FIT_ELLIPSIS, /* words: shrink a little, then cut with "…" */
};

struct wb_text_style {
	enum wb_face face;
	int px;
	struct rgb colour;
	Uint8 alpha;
	enum align align;
	enum fit fit;
};

struct wb_draw;

/* Borrows sdl and text (destroy the list first). NULL when out of memory. */
struct wb_draw *wb_draw_create(SDL_Renderer *sdl, struct wb_textcache *text);
void wb_draw_destroy(struct wb_draw *d);

/* Empties the list for a new frame; now_ms stamps the text cache entries the
 * frame uses (they stay valid until the frame is replayed). */
void wb_draw_reset(struct wb_draw *d, int64_t now_ms);
/* The reading size (wb_layout.font_min) for wb_draw_text's fitting; 0: none. */
void wb_draw_set_min_px(struct wb_draw *d, int px);
/* Commands recorded so far: marks for wb_draw_hash and wb_draw_bounds. */
size_t wb_draw_mark(const struct wb_draw *d);
/* Hash of the commands in [from, to): what they put on screen (rectangles,
 * colours, strings, faces, sizes), never pointers. */
uint64_t wb_draw_hash(const struct wb_draw *d, size_t from, size_t to);
/* The smallest rectangle holding what [from, to) draws (w == 0: nothing). */
struct wb_rect wb_draw_bounds(const struct wb_draw *d, size_t from, size_t to);
/* Whether [from, to) draws scrolling content (wb_draw_clip_scroll): then its
 * region, its offset, and a hash of the commands that ignores the offset
 * (equal for two frames that differ only in how far they scrolled). */
bool wb_draw_scroll_of(const struct wb_draw *d, size_t from, size_t to, struct wb_rect *region,
		       int64_t *offset, uint64_t *shape);
/* What command i is, when it is text or a note (false for fills): the
 * frame's description reads the draw list through this. Pointers are valid
 * until the next wb_draw_reset. */
struct wb_draw_item {
	bool note;
	const char *str;   /* the text as drawn (shrunk or cut), or the note's key */
	const char *value; /* note */
	/* text: the part that shows (within its clip), its face, the size it
	 * shows at in px per em, its colour and alpha */
	struct wb_rect rect;
	enum wb_face face;
	int px;
	struct rgb colour;
	Uint8 alpha;
};
bool wb_draw_item(const struct wb_draw *d, size_t i, struct wb_draw_item *out);

/* Replays every recorded command that touches clip, clipped to it, onto the
 * renderer's current target, over a fill of bg. */
void wb_draw_replay(struct wb_draw *d, struct wb_rect clip, struct rgb bg);
/* False when a command was lost for lack of memory this frame: the caller
 * must not trust the hashes (repaint everything next frame). */
bool wb_draw_complete(const struct wb_draw *d);

/* Primitives, recorded. Alpha 255 is opaque. */
void wb_draw_fill(struct wb_draw *d, struct wb_rect rc, struct rgb c, Uint8 a);
/* A filled rectangle with round corners (anti-aliased). */
void wb_draw_round(struct wb_draw *d, struct wb_rect rc, int radius, struct rgb c, Uint8 a);
void wb_draw_disc(struct wb_draw *d, int cx, int cy, int radius, struct rgb c);
/* A rounded card with a border of width bw in edge colour. */
void wb_draw_card(struct wb_draw *d, struct wb_rect rc, int radius, int bw, struct rgb edge, struct rgb body);
/* A fact about what the element shows (an SLA box's state, a tile's
 * channel) for the frame's description (wb_renderer_describe): draws
 * nothing, but counts in the hash like what is drawn. Copies both strings. */
void wb_draw_note(struct wb_draw *d, const char *key, const char *value);

/* Later commands are clipped to rc (intersected with nothing else) until
 * wb_draw_unclip. */
void wb_draw_clip(struct wb_draw *d, struct wb_rect rc);
/* The same, for content that scrolls left through rc: drawn offset px left
 * of where it starts. Frames whose content differs only by a larger offset
 * can then be moved instead of repainted (wb_draw_scroll_of). */
void wb_draw_clip_scroll(struct wb_draw *d, struct wb_rect rc, int64_t offset);
void wb_draw_unclip(struct wb_draw *d);

/* Draws s with its baseline at `baseline`; x is the left edge, centre or right
 * edge per st->align. Never wider than max_w (if > 0): shrunk, then (words)
 * cut with "…". Returns the drawn width. */
int wb_draw_text(struct wb_draw *d, const char *s, const struct wb_text_style *st, int x, int baseline,
		 int max_w);
/* Width of s at face/px, unshrunk. */
int wb_draw_text_width(struct wb_draw *d, enum wb_face face, int px, const char *s);

/* Baseline that centres capitals/digits of px vertically in rc. */
static inline int wb_draw_baseline(struct wb_rect rc, int px)
{
	return rc.y + (rc.h + CAP_HEIGHT(px)) / 2;
}

static inline struct wb_rect wb_draw_inset(struct wb_rect r, int dx, int dy)
{
	int w = r.w - 2 * dx, h = r.h - 2 * dy;
	struct wb_rect o = { r.x + dx, r.y + dy, w > 0 ? w : 0, h > 0 ? h : 0 };
	return o;
}

#endif
