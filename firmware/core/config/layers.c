/* The config layers (config_layers.h): each fragment read over the layers
 * below it one key at a time, so a key that does not fit is left out alone
 * and every other still applies; where each key's value came from; the
 * fragment a device change leaves; the managed document's locks. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/config_layers.h"
#include "wallboard/json.h"

static const char *const layer_names[WB_CONFIG_LAYER_COUNT] = {
	[WB_CONFIG_LAYER_DEFAULT] = "default",
	[WB_CONFIG_LAYER_FILE] = "file",
	[WB_CONFIG_LAYER_COMMAND_LINE] = "command_line",
	[WB_CONFIG_LAYER_MANAGED] = "managed",
	[WB_CONFIG_LAYER_DEVICE] = "device",
};

const char *wb_config_layer_name(enum wb_config_layer layer)
{
	return layer < WB_CONFIG_LAYER_COUNT ? layer_names[layer] : "unknown";
}

/* ---- keys: a section's direct members ---- */

static bool is_section(const struct wb_config_field *f)
{
	return f->kind == &wb_config_kind_section;
}

/* Key i as its section row and member row; false past the last. */
static bool key_at(size_t i, const struct wb_config_field **sec, const struct wb_config_field **member)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);
	for (size_t r = 0; r < n; r++) {
		if (!is_section(&root[r]))
			continue;
		if (i < root[r].n_sub) {
			*sec = &root[r];
			*member = &root[r].sub[i];
			return true;
		}
		i -= root[r].n_sub;
	}
	return false;
}

size_t wb_config_key_count(void)
{
	size_t n, count = 0;
	const struct wb_config_field *root = wb_config_fields(&n);
	for (size_t r = 0; r < n; r++)
		if (is_section(&root[r]))
			count += root[r].n_sub;
	return count;
}

const char *wb_config_key_section(size_t i)
{
	const struct wb_config_field *sec, *member;
	return key_at(i, &sec, &member) ? sec->key : NULL;
}

const char *wb_config_key_member(size_t i)
{
	const struct wb_config_field *sec, *member;
	return key_at(i, &sec, &member) ? member->key : NULL;
}

void wb_config_key_name(size_t i, char *out, size_t size)
{
	const struct wb_config_field *sec, *member;
	if (key_at(i, &sec, &member))
		snprintf(out, size, "%s.%s", sec->key, member->key);
	else if (size)
		out[0] = '\0';
}

static size_t key_index(const char *section, const char *member)
{
	size_t count = wb_config_key_count();
	for (size_t i = 0; i < count; i++)
		if (strcmp(wb_config_key_section(i), section) == 0 &&
		    strcmp(wb_config_key_member(i), member) == 0)
			return i;
	return count;
}

/* ---- the layers' memory ---- */

void wb_config_layers_init(struct wb_config_layers *l)
{
	memset(l, 0, sizeof *l);
}

void wb_config_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

void wb_config_layers_fini(struct wb_config_layers *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < WB_CONFIG_LAYER_COUNT; i++) {
		if (l->doc[i])
			wb_config_wipe(l->doc[i], strlen(l->doc[i])); /* fragments may hold the feed token */
		free(l->doc[i]);
	}
	wb_config_wipe(l, sizeof *l);
}

enum wb_status wb_config_layers_set(struct wb_config_layers *l, enum wb_config_layer layer, const char *json)
{
	if (layer >= WB_CONFIG_LAYER_COUNT || layer == WB_CONFIG_LAYER_DEFAULT)
		return WB_ERR_INVALID;
	char *copy = NULL;
	if (json && !(copy = strdup(json)))
		return WB_ERR_NOMEM;
	if (l->doc[layer])
		wb_config_wipe(l->doc[layer], strlen(l->doc[layer]));
	free(l->doc[layer]);
	l->doc[layer] = copy;
	return WB_OK;
}

enum wb_status wb_config_layers_copy(struct wb_config_layers *dst, const struct wb_config_layers *src)
{
	struct wb_config_layers tmp = *src;
	for (size_t i = 0; i < WB_CONFIG_LAYER_COUNT; i++)
		tmp.doc[i] = NULL;
	for (size_t i = 0; i < WB_CONFIG_LAYER_COUNT; i++) {
		if (src->doc[i] && !(tmp.doc[i] = strdup(src->doc[i]))) {
			wb_config_layers_fini(&tmp);
			return WB_ERR_NOMEM;
		}
	}
	wb_config_layers_fini(dst);
	*dst = tmp;
	return WB_OK;
}

/* ---- reading one member over the config so far ---- */

static bool named_twice(const cJSON *parent, const cJSON *child)
{
	for (const cJSON *p = parent->child; p; p = p->next)
		if (p != child && strcmp(p->string, child->string) == 0)
			return true;
	return false;
}

/* Reads {member} as section sec over *acc, cross-checks included; applied
 * only when it is all well. *changed: whether the member's key now means
 * something else than before. */
static bool apply_member(const struct wb_config_field *sec, const cJSON *member, struct wb_config *acc,
			 struct wb_problems *problems, bool *changed, enum wb_status *st)
{
	*changed = false;
	cJSON *one = cJSON_CreateObject();
	cJSON *copy = cJSON_Duplicate(member, true);
	struct wb_config *tmp = malloc(sizeof *tmp);
	bool built = one && copy && tmp && cJSON_AddItemToObject(one, member->string, copy);
	if (!built) {
		if (!one || !cJSON_GetObjectItemCaseSensitive(one, member->string))
			cJSON_Delete(copy); /* not yet owned by one */
		cJSON_Delete(one);
		free(tmp);
		*st = WB_ERR_NOMEM;
		return false;
	}
	*tmp = *acc;
	struct wb_config_ctx c = { .problems = problems };
	char path[WB_CONFIG_PATH_SIZE];
	snprintf(path, sizeof path, "$.%s", sec->key);
	sec->kind->read(&c, one, path, sec, tmp);
	bool ok = c.count == 0;
	if (ok) {
		const struct wb_config_field *f = wb_config_field_find(sec->sub, sec->n_sub, member->string);
		*changed = f && !f->kind->equal(f, acc, tmp);
		*acc = *tmp;
	}
	wb_config_wipe(tmp, sizeof *tmp);
	free(tmp);
	cJSON_Delete(one);
	return ok;
}

/* A problem with a top-level member: what is wrong, then the type it has
 * when got_type. */
static void root_problem(struct wb_problems *problems, const cJSON *member, const char *what, bool got_type)
{
	char path[WB_CONFIG_PATH_SIZE];
	struct wb_config_ctx c = { .problems = problems };
	wb_config_child_path(path, "$", member->string);
	if (got_type)
		wb_config_problem(&c, path, "%s, got %s", what, wb_config_type_name(member));
	else
		wb_config_problem(&c, path, "%s", what);
}

/* The visitor of walk(): one member of one section that applied. */
typedef enum wb_status (*member_fn)(void *ctx, const struct wb_config_field *sec, const cJSON *member,
				    bool changed);

/* Every member of doc over *acc, in document order; skip (may be NULL) says
 * which keys not to read. Problems go to problems; ok members to fn. */
static enum wb_status walk(const cJSON *doc, struct wb_config *acc, struct wb_problems *problems,
			   bool (*skip)(void *ctx, const char *section, const char *member), member_fn fn,
			   void *ctx)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);
	enum wb_status st = WB_OK;
	const cJSON *top;
	cJSON_ArrayForEach(top, doc)
	{
		const struct wb_config_field *sec = wb_config_field_find(root, n, top->string);
		if (!sec) {
			root_problem(problems, top, "unknown key", false);
			continue;
		}
		if (!is_section(sec)) {
			if (!cJSON_IsString(top)) /* "$schema", for editors */
				root_problem(problems, top, "expected a string", true);
			continue;
		}
		if (named_twice(doc, top)) {
			root_problem(problems, top, "duplicate key", false);
			continue;
		}
		if (!cJSON_IsObject(top)) {
			root_problem(problems, top, "expected an object", true);
			continue;
		}
		const cJSON *member;
		cJSON_ArrayForEach(member, top)
		{
			if (skip && skip(ctx, sec->key, member->string))
				continue;
			if (named_twice(top, member)) {
				char path[WB_CONFIG_PATH_SIZE], sec_path[WB_CONFIG_PATH_SIZE];
				struct wb_config_ctx c = { .problems = problems };
				snprintf(sec_path, sizeof sec_path, "$.%s", sec->key);
				wb_config_child_path(path, sec_path, member->string);
				wb_config_problem(&c, path, "duplicate key");
				continue;
			}
			bool changed;
			if (apply_member(sec, member, acc, problems, &changed, &st) && fn)
				st = fn(ctx, sec, member, changed);
			if (st != WB_OK)
				return st;
		}
	}
	return st;
}

/* ---- the lenient file ---- */

static enum wb_status keep_member(void *ctx, const struct wb_config_field *sec, const cJSON *member,
				  bool changed)
{
	(void)changed;
	cJSON *kept = ctx;
	cJSON *obj = cJSON_GetObjectItemCaseSensitive(kept, sec->key);
	if (!obj && !(obj = cJSON_AddObjectToObject(kept, sec->key)))
		return WB_ERR_NOMEM;
	cJSON *copy = cJSON_Duplicate(member, true);
	if (!copy || !cJSON_AddItemToObject(obj, member->string, copy)) {
		cJSON_Delete(copy);
		return WB_ERR_NOMEM;
	}
	return WB_OK;
}

/* A layer's whole text as a JSON object, or NULL with the problem named. */
static cJSON *whole_document(const char *json, size_t len, struct wb_problems *problems)
{
	struct wb_config_ctx c = { .problems = problems };
	cJSON *doc = wb_config_json_doc(&c, json, len, WB_JSON_UTF8_PER_VALUE, NULL);
	if (doc && !cJSON_IsObject(doc)) {
		wb_config_problem(&c, "$", "expected a JSON object, got %s", wb_config_type_name(doc));
		cJSON_Delete(doc);
		doc = NULL;
	}
	return doc;
}

enum wb_status wb_config_read_lenient(const char *json, size_t len, struct wb_config *cfg, char **kept,
				      struct wb_problems *problems)
{
	*kept = NULL;
	cJSON *doc = whole_document(json, len, problems);
	if (!doc)
		return WB_ERR_INVALID;
	cJSON *out = cJSON_CreateObject();
	struct wb_config *acc = malloc(sizeof *acc);
	enum wb_status st = out && acc ? WB_OK : WB_ERR_NOMEM;
	if (st == WB_OK) {
		*acc = *cfg;
		st = walk(doc, acc, problems, NULL, keep_member, out);
	}
	if (st == WB_OK && !(*kept = cJSON_PrintUnformatted(out)))
		st = WB_ERR_NOMEM;
	if (st == WB_OK)
		*cfg = *acc;
	if (acc)
		wb_config_wipe(acc, sizeof *acc);
	free(acc);
	cJSON_Delete(out);
	cJSON_Delete(doc);
	return st;
}

/* ---- resolving the stack ---- */

struct resolve_ctx {
	const struct wb_config_layers *l;
	enum wb_config_layer layer;
	struct wb_config_sources *sources;
};

static bool skip_key(void *ctx, const char *section, const char *member)
{
	const struct resolve_ctx *r = ctx;
	if (strcmp(section, "admin") == 0)
		return true; /* the admin token is admin_hash's */
	if (r->layer != WB_CONFIG_LAYER_DEVICE)
		return false;
	char key[WB_CONFIG_KEY_MAX * 2];
	snprintf(key, sizeof key, "%s.%s", section, member);
	return wb_config_locked(&r->l->locks, key);
}

static enum wb_status note_source(void *ctx, const struct wb_config_field *sec, const cJSON *member,
				  bool changed)
{
	struct resolve_ctx *r = ctx;
	size_t i = key_index(sec->key, member->string);
	if (r->sources && changed && i < WB_CONFIG_KEYS_MAX)
		r->sources->layer[i] = (unsigned char)r->layer;
	return WB_OK;
}

_Static_assert(WB_CONFIG_LAYER_COUNT < 256, "sources keep a layer in a byte");

enum wb_status wb_config_layers_resolve(const struct wb_config_layers *l, enum wb_config_layer top,
					struct wb_config *out, struct wb_config_sources *sources,
					struct wb_problems *conflicts)
{
	struct resolve_ctx r = { .l = l, .sources = sources };
	enum wb_status st = WB_OK;
	wb_config_defaults(out);
	if (sources)
		memset(sources, WB_CONFIG_LAYER_DEFAULT, sizeof *sources);
	for (int layer = WB_CONFIG_LAYER_FILE; layer <= (int)top && layer < WB_CONFIG_LAYER_COUNT; layer++) {
		if (!l->doc[layer])
			continue;
		cJSON *doc = cJSON_Parse(l->doc[layer]);
		if (!doc)
			return WB_ERR_NOMEM; /* the fragments were all checked when set */
		r.layer = (enum wb_config_layer)layer;
		st = walk(doc, out, conflicts, skip_key, note_source, &r);
		cJSON_Delete(doc);
		if (st != WB_OK)
			return st;
	}
	/* The strongest layer's admin hash; with "admin" locked the device's
	 * own does not count. */
	bool admin_locked = wb_config_locked(&l->locks, "admin.token");
	for (int layer = (int)top; layer > WB_CONFIG_LAYER_DEFAULT; layer--) {
		if (layer >= WB_CONFIG_LAYER_COUNT || !l->admin_hash[layer][0] ||
		    (admin_locked && layer == WB_CONFIG_LAYER_DEVICE))
			continue;
		snprintf(out->admin.token_hash, sizeof out->admin.token_hash, "%s", l->admin_hash[layer]);
		size_t i = key_index("admin", "token_hash"), j = key_index("admin", "token");
		if (sources && i < WB_CONFIG_KEYS_MAX && j < WB_CONFIG_KEYS_MAX)
			sources->layer[i] = sources->layer[j] = (unsigned char)layer;
		break;
	}
	return WB_OK;
}

/* ---- a device change as a fragment ---- */

char *wb_config_layers_diff(const struct wb_config *next, const struct wb_config *lower)
{
	cJSON *doc = cJSON_CreateObject();
	size_t count = wb_config_key_count();
	for (size_t i = 0; doc && i < count; i++) {
		const struct wb_config_field *sec, *f;
		key_at(i, &sec, &f);
		if (strcmp(sec->key, "admin") == 0 || !(f->kind->audiences & (1u << WB_CONFIG_FOR_STATE)) ||
		    f->kind->equal(f, next, lower))
			continue;
		cJSON *obj = cJSON_GetObjectItemCaseSensitive(doc, sec->key);
		if (!obj && !(obj = cJSON_AddObjectToObject(doc, sec->key))) {
			cJSON_Delete(doc);
			return NULL;
		}
		cJSON *item = f->kind->write(f, next, WB_CONFIG_FOR_STATE);
		if (!item || !cJSON_AddItemToObject(obj, f->key, item)) {
			cJSON_Delete(item);
			cJSON_Delete(doc);
			return NULL;
		}
	}
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	return text;
}

/* ---- locks ---- */

char *wb_config_keep_locked(const char *fragment, const char *old, const struct wb_config_locks *locks)
{
	cJSON *doc = cJSON_Parse(fragment ? fragment : "{}");
	cJSON *before = old ? cJSON_Parse(old) : NULL;
	const cJSON *sec;
	cJSON_ArrayForEach(sec, before)
	{
		const cJSON *member;
		cJSON_ArrayForEach(member, sec)
		{
			char key[WB_CONFIG_KEY_MAX * 2];
			snprintf(key, sizeof key, "%s.%s", sec->string, member->string);
			if (!doc || !wb_config_locked(locks, key))
				continue;
			cJSON *into = cJSON_GetObjectItemCaseSensitive(doc, sec->string);
			if (!into)
				into = cJSON_AddObjectToObject(doc, sec->string);
			cJSON *copy = cJSON_Duplicate(member, true);
			if (!into || !copy || cJSON_GetObjectItemCaseSensitive(into, member->string) ||
			    !cJSON_AddItemToObject(into, member->string, copy))
				cJSON_Delete(copy);
		}
	}
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	cJSON_Delete(before);
	return text;
}

bool wb_config_locked(const struct wb_config_locks *locks, const char *key)
{
	for (size_t i = 0; locks && i < locks->n; i++) {
		size_t n = strlen(locks->key[i]);
		if (strncmp(key, locks->key[i], n) == 0 && (key[n] == '\0' || key[n] == '.'))
			return true;
	}
	return false;
}

enum wb_status wb_config_check_locks(const struct wb_config_locks *locks, const struct wb_config *next,
				     const struct wb_config *lower, struct wb_problems *problems)
{
	enum wb_status st = WB_OK;
	size_t count = wb_config_key_count();
	for (size_t i = 0; i < count; i++) {
		const struct wb_config_field *sec, *f;
		char key[WB_CONFIG_KEY_MAX];
		key_at(i, &sec, &f);
		wb_config_key_name(i, key, sizeof key);
		/* The admin token is no fragment's (admin_hash): the caller checks
		 * a new one against the lock. */
		if (strcmp(sec->key, "admin") == 0 || !wb_config_locked(locks, key) ||
		    f->kind->equal(f, next, lower))
			continue;
		char path[WB_CONFIG_KEY_MAX + 2];
		snprintf(path, sizeof path, "$.%s", key);
		wb_problems_add(
			problems, path, "%s",
			"is set by the managed config and locked there; change it in the managed document");
		st = WB_ERR_INVALID;
	}
	return st;
}

/* ---- the managed document ---- */

static bool names_a_key(const char *name)
{
	size_t count = wb_config_key_count();
	for (size_t i = 0; i < count; i++) {
		char key[WB_CONFIG_KEY_MAX];
		wb_config_key_name(i, key, sizeof key);
		if (strcmp(key, name) == 0 || strcmp(wb_config_key_section(i), name) == 0)
			return true;
	}
	return false;
}

static bool read_locks(const cJSON *list, struct wb_config_locks *locks, struct wb_problems *problems)
{
	if (!cJSON_IsArray(list)) {
		wb_problems_add(problems, "$.$locked", "expected an array of key names, got %s",
				wb_config_type_name(list));
		return false;
	}
	size_t i = 0;
	bool ok = true;
	const cJSON *item;
	cJSON_ArrayForEach(item, list)
	{
		const char *name = cJSON_GetStringValue(item);
		const char *why = NULL;
		if (!name)
			why = "expected a string";
		else if (strlen(name) >= WB_CONFIG_KEY_MAX || !names_a_key(name))
			why = "no such section or key";
		else if (locks->n >= WB_CONFIG_LOCKS_MAX)
			why = "too many locks";
		else
			snprintf(locks->key[locks->n++], sizeof locks->key[0], "%s", name);
		if (why) {
			char path[32];
			snprintf(path, sizeof path, "$.$locked[%zu]", i);
			wb_problems_add(problems, path, "%s", why);
			ok = false;
		}
		i++;
	}
	return ok;
}

enum wb_status wb_config_managed_read(const char *json, size_t len, char **fragment,
				      struct wb_config_locks *locks, struct wb_problems *problems)
{
	*fragment = NULL;
	struct wb_config_locks found = { 0 };
	cJSON *doc = whole_document(json, len, problems);
	struct wb_config *scratch = malloc(sizeof *scratch);
	if (!scratch) {
		cJSON_Delete(doc);
		return WB_ERR_NOMEM;
	}
	wb_config_defaults(scratch);
	enum wb_status st = WB_ERR_INVALID;
	if (!doc)
		goto out;
	cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(doc, WB_CONFIG_LOCKED_KEY);
	bool locks_ok = !list || read_locks(list, &found, problems);
	cJSON_Delete(list);
	char *text = cJSON_PrintUnformatted(doc);
	if (!text) {
		st = WB_ERR_NOMEM;
		goto out;
	}
	bool clean = wb_config_parse(text, strlen(text), scratch, problems) == WB_OK && locks_ok;
	if (clean) {
		*fragment = text;
		*locks = found;
		st = WB_OK;
	} else {
		cJSON_free(text);
	}
out:
	wb_config_wipe(scratch, sizeof *scratch);
	free(scratch);
	cJSON_Delete(doc);
	return st;
}
