/* To add a screen element: write el_<name>.c defining `const struct wb_element wb_el_<name>`,
 * declare it in element.h, and add a row below at its place in the drawing order.
 *
 * The element table and the damage it yields (compositor.h). */
#include "compositor.h"

#include <stdio.h>
#include <stdlib.h>

#include "wallboard/mathx.h"

/* The drawing order: later rows are drawn over earlier ones. */
static const struct wb_element *const elements_of[] = {
	&wb_el_identify, &wb_el_header,  &wb_el_start,          &wb_el_stale_bar, &wb_el_summary,
	&wb_el_tiles,    &wb_el_sla_box, &wb_el_page_indicator, &wb_el_banner,    &wb_el_ticker,
};
#define N_ELEMENTS (sizeof elements_of / sizeof elements_of[0])
/* Instances per element: a tile per channel on a page at most. */
#define MAX_INSTANCES WB_LAYOUT_MAX_TILES

/* What an element instance put on screen last frame. */
struct seen {
	bool shown;
	struct wb_rect area; /* where the element put it */
	size_t from, to;     /* its commands in the draw list of the last record */
	uint64_t hash;
	struct wb_rect bounds; /* its area and all it drew */
	/* Scrolling content (wb_draw_clip_scroll): where, how far, and the
	 * hash that does not change with how far. */
	bool scrolls;
	struct wb_rect region;
	int64_t offset;
	uint64_t shape;
};

struct wb_compositor {
	struct seen seen[N_ELEMENTS][MAX_INSTANCES];
	struct wb_rect damage[WB_COMPOSITOR_MAX_DAMAGE];
	size_t n_damage;
	struct wb_scroll scrolls[WB_COMPOSITOR_MAX_SCROLLS];
	size_t n_scrolls;
	bool untrusted; /* the last frame's hashes missed commands */
};

struct wb_compositor *wb_compositor_create(void)
{
	return calloc(1, sizeof(struct wb_compositor));
}

void wb_compositor_destroy(struct wb_compositor *c)
{
	free(c);
}

static void add_damage(struct wb_compositor *c, struct wb_rect r, struct wb_rect frame)
{
	r = wb_rect_meet(r, frame);
	if (wb_rect_empty(r))
		return;
	for (size_t i = 0; i < c->n_damage; i++)
		if (wb_rect_same(c->damage[i], r))
			return;
	if (c->n_damage == WB_COMPOSITOR_MAX_DAMAGE) {
		/* Many small changes: one repaint of what holds them all. */
		struct wb_rect all = r;
		for (size_t i = 0; i < c->n_damage; i++)
			all = wb_rect_join(all, c->damage[i]);
		c->damage[0] = all;
		c->n_damage = 1;
		return;
	}
	c->damage[c->n_damage++] = r;
}

/* Whether now is was moved further left inside the same region, and by how
 * much there is left to paint: then the pixels can be moved. */
static int scrolled_by(const struct seen *was, const struct seen *now)
{
	if (!was->shown || !now->shown || !was->scrolls || !now->scrolls || was->shape != now->shape ||
	    !wb_rect_same(was->region, now->region) || !wb_rect_same(was->bounds, now->bounds))
		return 0;
	int64_t dx = now->offset - was->offset;
	return dx > 0 && dx < now->region.w ? (int)dx : 0;
}

void wb_compositor_record(struct wb_compositor *c, struct wb_draw *d, const struct wb_frame *f, bool full)
{
	struct wb_rect frame = { 0, 0, f->w, f->h };
	c->n_damage = 0;
	c->n_scrolls = 0;
	for (size_t e = 0; e < N_ELEMENTS; e++) {
		const struct wb_element *el = elements_of[e];
		size_t n = el->count ? wb_imin((int)el->count(f), MAX_INSTANCES) : 1;
		for (size_t i = 0; i < MAX_INSTANCES; i++) {
			struct seen now = { 0 };
			struct wb_rect area = i < n ? el->area(f, i) : (struct wb_rect){ 0, 0, 0, 0 };
			if (!wb_rect_empty(area)) {
				size_t from = wb_draw_mark(d);
				el->draw(d, f, i);
				size_t to = wb_draw_mark(d);
				now.shown = true;
				now.area = area;
				now.from = from;
				now.to = to;
				now.hash = wb_draw_hash(d, from, to);
				now.bounds = wb_rect_join(area, wb_draw_bounds(d, from, to));
				now.scrolls =
					wb_draw_scroll_of(d, from, to, &now.region, &now.offset, &now.shape);
			}
			struct seen *was = &c->seen[e][i];
			int dx = scrolled_by(was, &now);
			if (dx > 0 && c->n_scrolls < WB_COMPOSITOR_MAX_SCROLLS) {
				struct wb_rect r = now.region;
				c->scrolls[c->n_scrolls++] = (struct wb_scroll){ r, dx };
				add_damage(c, (struct wb_rect){ r.x + r.w - dx, r.y, dx, r.h }, frame);
			} else if (now.shown != was->shown || now.hash != was->hash ||
				   !wb_rect_same(now.bounds, was->bounds)) {
				if (was->shown)
					add_damage(c, was->bounds, frame);
				if (now.shown)
					add_damage(c, now.bounds, frame);
			}
			*was = now;
		}
	}
	if (full || c->untrusted || !wb_draw_complete(d)) {
		c->n_damage = 0;
		c->n_scrolls = 0;
		add_damage(c, frame, frame);
	}
	c->untrusted = !wb_draw_complete(d);
}

size_t wb_compositor_scrolls(const struct wb_compositor *c, const struct wb_scroll **scrolls)
{
	*scrolls = c->scrolls;
	return c->n_scrolls;
}

size_t wb_compositor_damage(const struct wb_compositor *c, const struct wb_rect **rects)
{
	*rects = c->damage;
	return c->n_damage;
}

static const char *const face_names[WB_FACE_COUNT_] = {
	[WB_FACE_REGULAR] = "regular", [WB_FACE_BOLD] = "bold", [WB_FACE_MONO_BOLD] = "mono-bold"
};

static void add_rect(cJSON *o, struct wb_rect r)
{
	cJSON_AddNumberToObject(o, "x", r.x);
	cJSON_AddNumberToObject(o, "y", r.y);
	cJSON_AddNumberToObject(o, "w", r.w);
	cJSON_AddNumberToObject(o, "h", r.h);
}

static cJSON *describe_text(const struct wb_draw_item *it, const char *element, size_t index)
{
	cJSON *o = cJSON_CreateObject();
	char colour[8];
	snprintf(colour, sizeof colour, "#%02x%02x%02x", it->colour.r, it->colour.g, it->colour.b);
	cJSON_AddStringToObject(o, "text", it->str);
	cJSON_AddStringToObject(o, "element", element);
	cJSON_AddNumberToObject(o, "index", (double)index);
	add_rect(o, it->rect);
	cJSON_AddNumberToObject(o, "px", it->px);
	cJSON_AddNumberToObject(o, "cap_px", CAP_HEIGHT(it->px));
	cJSON_AddStringToObject(o, "face", face_names[it->face]);
	cJSON_AddStringToObject(o, "colour", colour);
	cJSON_AddNumberToObject(o, "alpha", it->alpha);
	return o;
}

bool wb_compositor_describe(const struct wb_compositor *c, const struct wb_draw *d, cJSON *elements,
			    cJSON *texts)
{
	bool ok = true;
	for (size_t e = 0; e < N_ELEMENTS; e++) {
		for (size_t i = 0; i < MAX_INSTANCES; i++) {
			const struct seen *s = &c->seen[e][i];
			if (!s->shown)
				continue;
			cJSON *el = cJSON_CreateObject();
			ok = el && cJSON_AddItemToArray(elements, el) && ok;
			if (!el)
				continue;
			cJSON_AddStringToObject(el, "element", elements_of[e]->name);
			cJSON_AddNumberToObject(el, "index", (double)i);
			add_rect(el, s->area);
			for (size_t k = s->from; k < s->to; k++) {
				struct wb_draw_item it;
				if (!wb_draw_item(d, k, &it))
					continue;
				if (it.note)
					ok = cJSON_AddStringToObject(el, it.str, it.value) && ok;
				else
					ok = cJSON_AddItemToArray(
						     texts, describe_text(&it, elements_of[e]->name, i)) &&
					     ok;
			}
		}
	}
	return ok;
}
