/* Lifetime and lookup of a validated feed snapshot (snapshot.h). The parser
 * sets each n_* as soon as its zeroed array exists, so freeing a half-built
 * snapshot after a failed parse walks only NULL-or-owned pointers. */
#include "wallboard/snapshot.h"

#include <stdlib.h>
#include <string.h>

const char *wb_severity_name(enum wb_severity severity)
{
	static const char *const names[] = { "info", "warning", "critical" };
	return severity >= WB_SEVERITY_INFO && severity <= WB_SEVERITY_CRITICAL ? names[severity] : names[0];
}

static void channel_deinit(struct wb_channel *c)
{
	free(c->label);
}

static void alert_deinit(struct wb_alert *a)
{
	free(a->id);
	free(a->kind);
	free(a->channel);
	free(a->message);
}

static void mention_deinit(struct wb_mention *m)
{
	free(m->channel);
	free(m->author);
	free(m->text);
}

void wb_snapshot_free(struct wb_snapshot *snap)
{
	if (!snap)
		return;
	if (snap->channels) {
		for (size_t i = 0; i < snap->n_channels; i++)
			channel_deinit(&snap->channels[i]);
	}
	if (snap->alerts) {
		for (size_t i = 0; i < snap->n_alerts; i++)
			alert_deinit(&snap->alerts[i]);
	}
	if (snap->latest) {
		for (size_t i = 0; i < snap->n_latest; i++)
			mention_deinit(&snap->latest[i]);
	}
	free(snap->channels);
	free(snap->alerts);
	free(snap->latest);
	free(snap->title);
	free(snap);
}

const struct wb_channel *wb_snapshot_channel(const struct wb_snapshot *snap, const char *id)
{
	if (!snap || !id)
		return NULL;
	/* At most WB_FEED_MAX_CHANNELS entries: a linear scan beats any index. */
	for (size_t i = 0; i < snap->n_channels; i++) {
		if (strcmp(snap->channels[i].id, id) == 0)
			return &snap->channels[i];
	}
	return NULL;
}
