/* The two palettes (palette.h). */
#include "palette.h"

/* The identify screen's violet is in no other state colour, so it reads as
 * "this one" among twenty boards, whatever their theme. */
#define IDENTIFY_BG RGB(0x6a1b9a)

/* The SLA states differ in luminance, not only in hue, so they stay apart
 * for colour-blind viewers (about 8% of men): fine, nearly due and over
 * time are at least 3:1 apart in contrast under simulated protanopia and
 * deuteranopia too (rc_check_sla_states in tests/render, on every full-feed
 * frame of both themes). Protanopia darkens red, so red sits in the middle,
 * one state near black and the other light: dark theme fine near black and
 * nearly due bright yellow, light theme fine pale and nearly due near black
 * with yellow words. The attainment pills use the same three. */
#define SLA_RED RGB(0xe0402c)
#define SLA_DARK_OK RGB(0x03180b)
#define SLA_BRIGHT_WARN RGB(0xfff59d)
#define SLA_PALE_OK RGB(0xdff5e3)
#define SLA_DARK_WARN RGB(0x1a1200)

static const struct wb_palette palette_dark = {
	.bg = RGB(0x0b0f14),
	.header = RGB(0x121820),
	.card = RGB(0x161d26),
	.edge = RGB(0x2a3441),
	.text = RGB(0xe8edf2),
	.muted = RGB(0x8d99a8),
	.orange = RGB(0xf0883e),
	.bar_pos = RGB(0x2ea043),
	.bar_neu = RGB(0x5b6572),
	.bar_neg = RGB(0xe5484d),
	.bar_empty = RGB(0x2a3441),
	.pos_text = RGB(0x7ee08f),
	.neg_text = RGB(0xff8b85),
	.green = RGB(0x3fb950),
	.amber = RGB(0xe3a21a),
	.red = RGB(0xe5484d),
	.on_colour = RGB(0xe8edf2),
	.stale_text = RGB(0x1c1400),
	.ticker_label = RGB(0x1f6feb),
	.ticker_channel = RGB(0x79c0ff),
	.identify_bg = IDENTIFY_BG,
	.identify_text = RGB(0xffffff),
	.sla = {
		[WB_SLA_NONE] = { RGB(0x1b222b), RGB(0x8d99a8), RGB(0x2a3441), 0 },
		[WB_SLA_IDLE] = { RGB(0x172638), RGB(0x9cc3ea), RGB(0x2a3441), 0 },
		[WB_SLA_OK] = { SLA_DARK_OK, RGB(0x56d87c), RGB(0x2a3441), 0 },
		[WB_SLA_WARN] = { SLA_BRIGHT_WARN, RGB(0x1c1400), RGB(0xc98a10), 6 },
		[WB_SLA_BREACHED] = { SLA_RED, RGB(0xffffff), RGB(0xe5484d), 4 },
	},
	.closed = { RGB(0x2a2e36), RGB(0xb9c1cc), RGB(0x2a3441), 0 },
	.severity = {
		[WB_SEVERITY_INFO] = { RGB(0x1d4f91), RGB(0x12335e) },
		[WB_SEVERITY_WARNING] = { RGB(0x9a5b00), RGB(0x5e3700) },
		[WB_SEVERITY_CRITICAL] = { RGB(0xc62828), RGB(0x7a1010) },
	},
	.attain = {
		[WB_SLA_ATTAIN_NONE] = { RGB(0x1b222b), RGB(0x8d99a8) },
		[WB_SLA_ATTAIN_GOOD] = { SLA_DARK_OK, RGB(0x56d87c) },
		[WB_SLA_ATTAIN_FAIR] = { SLA_BRIGHT_WARN, RGB(0x1c1400) },
		[WB_SLA_ATTAIN_POOR] = { SLA_RED, RGB(0xffffff) },
	},
};

/* The light theme's card border: 3.3:1 on its background, where the white
 * card alone is 1.2:1 (issue 15: cards and borders at least 3:1). */
#define LIGHT_EDGE RGB(0x7a8594)

/* Light: white cards on light grey, near-black text. The OK box is a solid
 * green here (a pale one vanishes on white from across the room). */
static const struct wb_palette palette_light = {
	.bg = RGB(0xe9edf2),
	.header = RGB(0xffffff),
	.card = RGB(0xffffff),
	.edge = LIGHT_EDGE,
	.text = RGB(0x111821),
	.muted = RGB(0x525c68),
	.orange = RGB(0xb54700),
	.bar_pos = RGB(0x1f883d),
	.bar_neu = RGB(0x98a2ad),
	.bar_neg = RGB(0xcf222e),
	.bar_empty = RGB(0xd8dee4),
	.pos_text = RGB(0x116329),
	.neg_text = RGB(0xb42318),
	.green = RGB(0x1a7f37),
	.amber = RGB(0xb06f00),
	.red = RGB(0xcf222e),
	.on_colour = RGB(0xffffff),
	.stale_text = RGB(0x1c1400),
	.ticker_label = RGB(0x0969da),
	.ticker_channel = RGB(0x0550ae),
	.identify_bg = IDENTIFY_BG,
	.identify_text = RGB(0xffffff),
	.sla = {
		[WB_SLA_NONE] = { RGB(0xe4e8ed), RGB(0x525c68), LIGHT_EDGE, 0 },
		[WB_SLA_IDLE] = { RGB(0xdbe9f8), RGB(0x1b4f8a), LIGHT_EDGE, 0 },
		[WB_SLA_OK] = { SLA_PALE_OK, RGB(0x0b5d1e), LIGHT_EDGE, 0 },
		[WB_SLA_WARN] = { SLA_DARK_WARN, RGB(0xffd84d), RGB(0xa86800), 6 },
		[WB_SLA_BREACHED] = { SLA_RED, RGB(0xffffff), RGB(0x8e1b16), 4 },
	},
	.closed = { RGB(0xd3d8df), RGB(0x39424d), LIGHT_EDGE, 0 },
	.severity = {
		[WB_SEVERITY_INFO] = { RGB(0x1d4f91), RGB(0x12335e) },
		[WB_SEVERITY_WARNING] = { RGB(0x9a5b00), RGB(0x5e3700) },
		[WB_SEVERITY_CRITICAL] = { RGB(0xc62828), RGB(0x7a1010) },
	},
	.attain = {
		[WB_SLA_ATTAIN_NONE] = { RGB(0xe4e8ed), RGB(0x525c68) },
		[WB_SLA_ATTAIN_GOOD] = { SLA_PALE_OK, RGB(0x0b5d1e) },
		[WB_SLA_ATTAIN_FAIR] = { SLA_DARK_WARN, RGB(0xffd84d) },
		[WB_SLA_ATTAIN_POOR] = { SLA_RED, RGB(0xffffff) },
	},
};

const struct wb_palette *wb_palette_of(const struct wb_view *v)
{
	return v->config && v->config->display.theme == WB_THEME_LIGHT ? &palette_light : &palette_dark;
}

void wb_palette_stale(const struct wb_palette *live, struct wb_palette *out)
{
	*out = *live;
	out->text = out->orange = out->pos_text = out->neg_text = out->ticker_channel = live->muted;
}

const struct wb_sla_style *wb_palette_sla_style(const struct wb_palette *p, const struct wb_view_sla_box *box)
{
	return box->closed ? &p->closed : &p->sla[box->eval.sla.state];
}
