/* Font files and opened sizes. The files are located once: WALLBOARD_FONT_DIR
 * wins (a board image can ship its own), otherwise fontconfig is asked, with
 * a private FcConfig so nothing global is left behind. */
#include "wallboard/fonts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "wallboard/limits.h"

/* A screen uses about ten sizes; shrink-to-fit adds a few. Past this the least
 * recently used size is closed. */
#define MAX_OPEN_SIZES 40

#define FONT_PACKAGE "fonts-dejavu-core"

struct face_spec {
	const char *file;    /* what Debian's package installs */
	const char *pattern; /* fontconfig pattern that should resolve to it */
	const char *name;    /* for messages */
};

static const struct face_spec faces[WB_FACE_COUNT_] = {
	[WB_FACE_REGULAR] = { "DejaVuSans.ttf", "DejaVu Sans:style=Book", "DejaVu Sans" },
	[WB_FACE_BOLD] = { "DejaVuSans-Bold.ttf", "DejaVu Sans:style=Bold", "DejaVu Sans Bold" },
	[WB_FACE_MONO_BOLD] = { "DejaVuSansMono-Bold.ttf", "DejaVu Sans Mono:style=Bold",
				"DejaVu Sans Mono Bold" },
};

struct open_font {
	enum wb_face face;
	int px;
	TTF_Font *font;
	uint64_t last_used;
};

struct wb_fonts {
	char path[WB_FACE_COUNT_][WB_PATH_MAX];
	struct open_font open[MAX_OPEN_SIZES];
	size_t n_open;
	uint64_t tick;
};

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* fontconfig always answers with *some* font; only the expected file counts,
 * since the layout's width budget assumes DejaVu's metrics. */
static bool match_with_fontconfig(FcConfig *cfg, const struct face_spec *spec, char *out, size_t size)
{
	bool found = false;
	FcPattern *pat = FcNameParse((const FcChar8 *)spec->pattern);
	if (!pat)
		return false;
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult result;
	FcPattern *match = FcFontMatch(cfg, pat, &result);
	FcChar8 *file = NULL;
	if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		const char *p = (const char *)file;
		if (strcmp(base_name(p), spec->file) == 0 && readable(p) && strlen(p) < size) {
			memcpy(out, p, strlen(p) + 1);
			found = true;
		}
	}
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return found;
}

static enum wb_status find_in_dir(struct wb_fonts *fonts, const char *dir, struct wb_error *err)
{
	for (int f = 0; f < WB_FACE_COUNT_; f++) {
		int n = snprintf(fonts->path[f], sizeof fonts->path[f], "%s/%s", dir, faces[f].file);
		if (n < 0 || (size_t)n >= sizeof fonts->path[f] || !readable(fonts->path[f])) {
			wb_error_set(err, "",
				     "font %s not found: %s/%s is missing or unreadable (WALLBOARD_FONT_DIR)",
				     faces[f].name, dir, faces[f].file);
			return WB_ERR_NOT_FOUND;
		}
	}
	return WB_OK;
}

static enum wb_status find_with_fontconfig(struct wb_fonts *fonts, struct wb_error *err)
{
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	if (!cfg) {
		wb_error_set(
			err, "",
			"fontconfig could not load its configuration; install %s or set WALLBOARD_FONT_DIR",
			FONT_PACKAGE);
		return WB_ERR_NOT_FOUND;
	}
	enum wb_status st = WB_OK;
	for (int f = 0; f < WB_FACE_COUNT_; f++) {
		if (!match_with_fontconfig(cfg, &faces[f], fonts->path[f], sizeof fonts->path[f])) {
			wb_error_set(err, "",
				     "font %s (%s) not found by fontconfig; install the Debian package %s "
				     "or set WALLBOARD_FONT_DIR to a directory holding %s",
				     faces[f].name, faces[f].file, FONT_PACKAGE, faces[f].file);
			st = WB_ERR_NOT_FOUND;
			break;
		}
	}
	FcConfigDestroy(cfg);
	return st;
}

struct wb_fonts *wb_fonts_create(struct wb_error *err)
{
	struct wb_fonts *fonts = calloc(1, sizeof *fonts);
	if (!fonts) {
		wb_error_set(err, "", "out of memory");
		return NULL;
	}
	const char *dir = getenv("WALLBOARD_FONT_DIR");
	enum wb_status st = (dir && dir[0]) ? find_in_dir(fonts, dir, err) : find_with_fontconfig(fonts, err);
	if (st != WB_OK) {
		free(fonts);
		return NULL;
	}
	return fonts;
}

void wb_fonts_destroy(struct wb_fonts *fonts)
{
	if (!fonts)
		return;
	for (size_t i = 0; i < fonts->n_open; i++)
		TTF_CloseFont(fonts->open[i].font);
	free(fonts);
}

TTF_Font *wb_fonts_get(struct wb_fonts *fonts, enum wb_face face, int px)
{
	if (!fonts || (int)face < 0 || (int)face >= WB_FACE_COUNT_ || px <= 0)
		return NULL;
	fonts->tick++;
	size_t victim = 0;
	for (size_t i = 0; i < fonts->n_open; i++) {
		struct open_font *o = &fonts->open[i];
		if (o->face == face && o->px == px) {
			o->last_used = fonts->tick;
			return o->font;
		}
		if (o->last_used < fonts->open[victim].last_used)
			victim = i;
	}
	TTF_Font *font = TTF_OpenFont(fonts->path[face], px);
	if (!font)
		return NULL;
	if (fonts->n_open < MAX_OPEN_SIZES)
		victim = fonts->n_open++;
	else
		TTF_CloseFont(fonts->open[victim].font);
	fonts->open[victim] = (struct open_font){ face, px, font, fonts->tick };
	return font;
}
