/* Rules that turn a view into a layout, shared by everything that needs to
 * know where things are on screen. */
#include "wallboard/view.h"

#include <string.h>

#include "wallboard/layout.h"

size_t wb_view_page(const struct wb_view *view)
{
	int page_s = view->config ? view->config->display.page_s : 15;
	if (page_s <= 0 || view->anim_ms < 0)
		return 0;
	return (size_t)(view->anim_ms / ((int64_t)page_s * 1000));
}

void wb_view_layout(const struct wb_view *view, int width, int height, struct wb_layout *out)
{
	const struct wb_snapshot *snap = view->snapshot;
	struct wb_layout_input in;
	memset(&in, 0, sizeof(in));
	in.width = width;
	in.height = height;
	in.n_channels = snap ? snap->n_channels : 0;
	in.alert_banner = snap && snap->n_alerts > 0;
	in.stale_bar = view->stale;
	in.ticker = snap && snap->n_latest > 0 && (!view->config || view->config->display.ticker);
	in.page = wb_view_page(view);
	wb_layout_compute(&in, out);
}
