/* Checks PNGs written by the real binary (`wallboard --screenshot`, run by
 * ctest just before) region by region, with the geometry the renderer
 * reports for the same feed. Arguments: pairs of "file.png WxH". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "render_check.h"
#include "wallboard/render.h"

struct shot {
	const char *path;
	int w, h;
};

static void load_png(const char *path, struct rc_image *img)
{
	SDL_Surface *raw = IMG_Load(path);
	if (!raw)
		fail_msg("cannot load %s: %s", path, IMG_GetError());
	SDL_Surface *argb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(argb);
	img->w = argb->w;
	img->h = argb->h;
	img->px = malloc((size_t)argb->w * (size_t)argb->h * 4);
	assert_non_null(img->px);
	for (int y = 0; y < argb->h; y++)
		memcpy(img->px + (size_t)y * (size_t)argb->w,
		       (const Uint8 *)argb->pixels + (size_t)y * (size_t)argb->pitch, (size_t)argb->w * 4);
	SDL_FreeSurface(argb);
}

/* --describe wrote OUT.json beside the PNG: the same frame, read without
 * pixels. Its SLA boxes sit where the layout puts them, one per channel with
 * the channel's id, and the title is among its texts. */
static void check_description(const struct shot *s, const struct wb_snapshot *snap, const struct wb_layout *L)
{
	char path[1024];
	snprintf(path, sizeof path, "%s.json", s->path);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("no description at %s", path);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	cJSON *desc = cJSON_Parse(text);
	if (!desc)
		fail_msg("%s is not JSON", path);
	assert_int_equal(rc_desc_int(desc, "width"), s->w);
	assert_int_equal(rc_desc_int(desc, "height"), s->h);
	for (size_t i = 0; i < L->n_tiles; i++) {
		const struct wb_channel *ch = &snap->channels[L->first_tile + i];
		const cJSON *box = rc_desc_element(desc, "sla_box", "channel", ch->id);
		if (!box)
			fail_msg("%s: no SLA box for %s", path, ch->id);
		struct wb_rect r = L->tiles[i].sla;
		assert_int_equal(rc_desc_int(box, "x"), r.x);
		assert_int_equal(rc_desc_int(box, "y"), r.y);
		assert_int_equal(rc_desc_int(box, "w"), r.w);
		assert_int_equal(rc_desc_int(box, "h"), r.h);
	}
	assert_non_null(rc_desc_text(desc, "header", 0, "Webcare NL, vloer 2"));
	cJSON_Delete(desc);
}

static void test_screenshot(void **state)
{
	const struct shot *s = *state;
	struct rc_image img;
	load_png(s->path, &img);
	assert_int_equal(img.w, s->w);
	assert_int_equal(img.h, s->h);

	struct wb_config cfg;
	wb_config_defaults(&cfg);
	struct wb_snapshot *snap = rc_load_example("feed-full.json");
	struct wb_view view;
	rc_view_init(&view, snap, &cfg);
	struct wb_layout L;
	wb_renderer_layout(&view, s->w, s->h, &L);
	assert_int_equal(L.n_tiles, snap->n_channels);
	rc_check_full_feed(&img, snap, &L);
	check_description(s, snap, &L);

	wb_snapshot_free(snap);
	rc_image_free(&img);
}

int main(int argc, char **argv)
{
	enum {
		MAX_SHOTS = 4
	};
	struct shot shots[MAX_SHOTS];
	struct CMUnitTest tests[MAX_SHOTS];
	int n = 0;
	for (int i = 1; i + 1 < argc && n < MAX_SHOTS; i += 2, n++) {
		shots[n].path = argv[i];
		if (sscanf(argv[i + 1], "%dx%d", &shots[n].w, &shots[n].h) != 2) {
			fprintf(stderr, "usage: %s file.png WxH [file.png WxH ...]\n", argv[0]);
			return 2;
		}
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_screenshot, &shots[n]);
	}
	if (n == 0 || (argc - 1) % 2 != 0) {
		fprintf(stderr, "usage: %s file.png WxH [file.png WxH ...]\n", argv[0]);
		return 2;
	}
	return _cmocka_run_group_tests("test_render_png", tests, (size_t)n, NULL, NULL);
}
