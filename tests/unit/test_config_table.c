/* Walks every row of the config field table against docs/config.schema.json:
 * the same keys both ways, type, default, both ends of every range accepted
 * and one step past rejected at the key's own path, a wrong type rejected,
 * enum names equal. A drift between code and schema fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/config.h"
#include "wallboard/config_fields.h"
#include "wallboard/rule_kinds.h"

#define MAX_DEPTH 4

/* Where a row sits: the section keys above it, for documents and paths. */
struct where {
	const char *keys[MAX_DEPTH];
	size_t depth;
	const struct wb_config_field *siblings;
	size_t n_siblings;
};

struct walk {
	int drift;             /* mismatches found; each is printed */
	const cJSON *defaults; /* wb_config_defaults written as JSON, at this level */
};

static void drift(struct walk *w, const struct where *at, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void drift(struct walk *w, const struct where *at, const char *key, const char *fmt, ...)
{
	va_list ap;

	w->drift++;
	fprintf(stderr, "drift at $");
	for (size_t i = 0; i < at->depth; i++)
		fprintf(stderr, ".%s", at->keys[i]);
	fprintf(stderr, ".%s: ", key);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static cJSON *load_schema(void)
{
	char *text = read_text(WB_CONFIG_SCHEMA);
	cJSON *schema = cJSON_Parse(text);

	free(text);
	assert_non_null(schema);
	return schema;
}

static void path_of(const struct where *at, const char *key, char *out, size_t size)
{
	size_t used = (size_t)snprintf(out, size, "$");
	for (size_t i = 0; i < at->depth && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, ".%s", at->keys[i]);
	if (used < size)
		snprintf(out + used, size - used, ".%s", key);
}

/* {"a": {"b": {key: value}}} with value taken over; NULL: not printed. */
static char *document(const struct where *at, const char *key, cJSON *value, cJSON **inner_out)
{
	cJSON *root = cJSON_CreateObject(), *obj = root;
	char *text;

	for (size_t i = 0; i < at->depth; i++)
		obj = cJSON_AddObjectToObject(obj, at->keys[i]);
	cJSON_AddItemToObject(obj, key, value);
	if (inner_out) {
		*inner_out = obj;
		return (char *)root; /* the caller adds siblings and prints */
	}
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

/* The keys across which the table has a check (not_above) get values that
 * let v through on its own merits. */
static void add_partners(const struct where *at, const struct wb_config_field *f, double v, cJSON *inner)
{
	for (size_t i = 0; i < at->n_siblings; i++) {
		const struct wb_config_field *s = &at->siblings[i];
		if (s->not_above && strcmp(s->not_above, f->key) == 0)
			cJSON_AddNumberToObject(inner, s->key, fmin(s->def.d, v));
		if (f->not_above && strcmp(f->not_above, s->key) == 0)
			cJSON_AddNumberToObject(inner, s->key, fmax(s->def.d, v));
	}
}

static void expect_ok(struct walk *w, const struct where *at, const struct wb_config_field *f, cJSON *value,
		      bool partners, double v)
{
	struct wb_config cfg;
	struct wb_problems p;
	cJSON *inner, *root = (cJSON *)(void *)document(at, f->key, value, &inner);
	char *text;

	if (partners)
		add_partners(at, f, v, inner);
	text = cJSON_PrintUnformatted(root);
	wb_config_defaults(&cfg);
	wb_problems_clear(&p);
	if (wb_config_parse(text, strlen(text), &cfg, &p) != WB_OK)
		drift(w, at, f->key, "%s rejected: %s: %s", text, p.items[0].path, p.items[0].message);
	cJSON_free(text);
	cJSON_Delete(root);
}

static void expect_rejected(struct walk *w, const struct where *at, const struct wb_config_field *f,
			    cJSON *value)
{
	struct wb_config cfg;
	struct wb_problems p;
	char want[160];
	char *text = document(at, f->key, value, NULL);

	path_of(at, f->key, want, sizeof want);
	wb_config_defaults(&cfg);
	wb_problems_clear(&p);
	if (wb_config_parse(text, strlen(text), &cfg, &p) == WB_OK)
		drift(w, at, f->key, "%s accepted", text);
	else if (p.count != 1 || strcmp(p.items[0].path, want) != 0)
		drift(w, at, f->key, "%s: problem at %s, want %s", text, p.items[0].path, want);
	cJSON_free(text);
}

static const char *type_of(const cJSON *prop)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(prop, "type"));
}

static bool type_is(const cJSON *prop, const char *type)
{
	const char *t = type_of(prop);
	return t && strcmp(t, type) == 0;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static bool number_is(const cJSON *item, double v)
{
	return cJSON_IsNumber(item) && item->valuedouble == v;
}

static void check_default_json(struct walk *w, const struct where *at, const char *key,
			       const cJSON *schema_default)
{
	const cJSON *have = member(w->defaults, key);

	if (!schema_default)
		return;
	if (!have || !cJSON_Compare(have, schema_default, true)) {
		char *a = have ? cJSON_PrintUnformatted(have) : NULL;
		char *b = cJSON_PrintUnformatted(schema_default);
		drift(w, at, key, "wb_config_defaults writes %s, the schema says %s", a ? a : "nothing", b);
		cJSON_free(a);
		cJSON_free(b);
	}
}

static void check_integer(struct walk *w, const struct where *at, const struct wb_config_field *f,
			  const cJSON *prop)
{
	const cJSON *def = member(prop, "default"), *en = member(prop, "enum");

	if (f->step > 0) {
		/* A stepped range is an enum of numbers in the schema. */
		int i = 0;
		const cJSON *v;
		if (!cJSON_IsArray(en))
			drift(w, at, f->key, "stepped integer but the schema has no enum");
		cJSON_ArrayForEach(v, en)
		{
			if (!number_is(v, f->lo + (double)(i++ * f->step)))
				drift(w, at, f->key, "enum value %d differs", i - 1);
		}
		if (f->lo + (double)((i - 1) * f->step) != f->hi)
			drift(w, at, f->key, "enum ends before or after %g", f->hi);
		expect_rejected(w, at, f, cJSON_CreateNumber(f->lo + (double)f->step / 2));
	} else {
		if (!type_is(prop, "integer"))
			drift(w, at, f->key, "an integer here, \"%s\" in the schema", type_of(prop));
		if (!number_is(member(prop, "minimum"), f->lo) || !number_is(member(prop, "maximum"), f->hi))
			drift(w, at, f->key, "range %g..%g differs from the schema's", f->lo, f->hi);
		expect_rejected(w, at, f, cJSON_CreateNumber(f->lo + 0.5));
	}
	if (def && !number_is(def, (double)f->def.i))
		drift(w, at, f->key, "default %lld differs from the schema's", (long long)f->def.i);
	expect_ok(w, at, f, cJSON_CreateNumber(f->lo), false, f->lo);
	expect_ok(w, at, f, cJSON_CreateNumber(f->hi), false, f->hi);
	expect_rejected(w, at, f, cJSON_CreateNumber(f->lo - 1));
	expect_rejected(w, at, f, cJSON_CreateNumber(f->hi + 1));
	expect_rejected(w, at, f, cJSON_CreateString("1"));
}

static void check_number(struct walk *w, const struct where *at, const struct wb_config_field *f,
			 const cJSON *prop)
{
	const cJSON *def = member(prop, "default");
	double step = (f->hi - f->lo) / 1000.0;

	if (!type_is(prop, "number"))
		drift(w, at, f->key, "a number here, \"%s\" in the schema", type_of(prop));
	if (!number_is(member(prop, f->lo_open ? "exclusiveMinimum" : "minimum"), f->lo) ||
	    member(prop, f->lo_open ? "minimum" : "exclusiveMinimum") ||
	    !number_is(member(prop, "maximum"), f->hi))
		drift(w, at, f->key, "range %s%g, %g] differs from the schema's", f->lo_open ? "(" : "[",
		      f->lo, f->hi);
	if (def && !number_is(def, f->def.d))
		drift(w, at, f->key, "default %g differs from the schema's", f->def.d);
	if (f->lo_open) {
		expect_ok(w, at, f, cJSON_CreateNumber(f->lo + step), true, f->lo + step);
		expect_rejected(w, at, f, cJSON_CreateNumber(f->lo));
	} else {
		expect_ok(w, at, f, cJSON_CreateNumber(f->lo), true, f->lo);
	}
	expect_ok(w, at, f, cJSON_CreateNumber(f->hi), true, f->hi);
	expect_rejected(w, at, f, cJSON_CreateNumber(f->lo - step));
	expect_rejected(w, at, f, cJSON_CreateNumber(f->hi + step));
	expect_rejected(w, at, f, cJSON_CreateString("1"));
}

static void check_string(struct walk *w, const struct where *at, const struct wb_config_field *f,
			 const cJSON *prop)
{
	const cJSON *def = member(prop, "default");
	char *s;

	if (!type_is(prop, "string"))
		drift(w, at, f->key, "a string here, \"%s\" in the schema", type_of(prop));
	if (f->kind->name && strcmp(f->kind->name, "schema") == 0) {
		expect_rejected(w, at, f, cJSON_CreateNumber(1));
		return;
	}
	if (!number_is(member(prop, "maxLength"), (double)(f->cap - 1)))
		drift(w, at, f->key, "at most %zu bytes here, maxLength differs", f->cap - 1);
	if (def ? !cJSON_IsString(def) || strcmp(def->valuestring, f->def.s) != 0 : f->def.s[0] != '\0')
		drift(w, at, f->key, "default \"%s\" differs from the schema's", f->def.s);
	s = malloc(f->cap + 1);
	assert_non_null(s);
	memset(s, 'a', f->cap);
	s[f->cap] = '\0';
	expect_rejected(w, at, f, cJSON_CreateString(s)); /* one byte too many */
	s[f->cap - 1] = '\0';
	if (!f->kind->check) /* the others take only their own shapes */
		expect_ok(w, at, f, cJSON_CreateString(s), false, 0);
	free(s);
	expect_rejected(w, at, f, cJSON_CreateNumber(1));
}

static void check_enum(struct walk *w, const struct where *at, const struct wb_config_field *f,
		       const cJSON *prop)
{
	const cJSON *en = member(prop, "enum"), *v, *def = member(prop, "default");
	int i = 0;

	cJSON_ArrayForEach(v, en)
	{
		if (!wb_config_enum_name(f, i) || !cJSON_IsString(v) ||
		    strcmp(v->valuestring, wb_config_enum_name(f, i)) != 0)
			drift(w, at, f->key, "enum name %d differs from the schema's", i);
		else
			expect_ok(w, at, f, cJSON_CreateString(wb_config_enum_name(f, i)), false, 0);
		if (wb_config_enum_name(f, i))
			i++;
	}
	if (!cJSON_IsArray(en) || wb_config_enum_name(f, i))
		drift(w, at, f->key, "the table has more names than the schema's enum");
	if (!cJSON_IsString(def) || strcmp(def->valuestring, wb_config_enum_name(f, (int)f->def.i)) != 0)
		drift(w, at, f->key, "default \"%s\" differs from the schema's",
		      wb_config_enum_name(f, (int)f->def.i));
	expect_rejected(w, at, f, cJSON_CreateString("none of them"));
	expect_rejected(w, at, f, cJSON_CreateNumber(1));
}

static void walk_table(struct walk *w, const struct where *at, const struct wb_config_field *fields, size_t n,
		       const cJSON *schema_obj);

static void check_row(struct walk *w, const struct where *at, const struct wb_config_field *f,
		      const cJSON *prop)
{
	const cJSON *def = member(prop, "default");

	switch (f->kind->json) {
	case WB_CONFIG_JSON_OBJECT:
		if (!type_is(prop, "object"))
			drift(w, at, f->key, "an object here, \"%s\" in the schema", type_of(prop));
		if (f->kind->name && strcmp(f->kind->name, "section") == 0) {
			struct where in = *at;
			struct walk sub = { .defaults = member(w->defaults, f->key) };
			in.keys[in.depth++] = f->key;
			in.siblings = f->sub;
			in.n_siblings = f->n_sub;
			walk_table(&sub, &in, f->sub, f->n_sub, prop);
			w->drift += sub.drift;
			return;
		}
		if (f->sub) { /* a map: its values are read through sub */
			const cJSON *values = member(prop, "additionalProperties");
			struct where in = *at;
			in.keys[in.depth++] = f->key;
			in.n_siblings = 0;
			if (f->sub->kind->json == WB_CONFIG_JSON_INTEGER)
				check_integer(w, &in, f->sub, values);
			else
				check_number(w, &in, f->sub, values);
		}
		if (!number_is(member(prop, "maxProperties"), WB_FEED_MAX_CHANNELS))
			drift(w, at, f->key, "maxProperties differs");
		expect_rejected(w, at, f, cJSON_CreateArray());
		break;
	case WB_CONFIG_JSON_INTEGER:
		check_integer(w, at, f, prop);
		break;
	case WB_CONFIG_JSON_NUMBER:
		check_number(w, at, f, prop);
		break;
	case WB_CONFIG_JSON_STRING:
		check_string(w, at, f, prop);
		break;
	case WB_CONFIG_JSON_BOOLEAN:
		if (!type_is(prop, "boolean"))
			drift(w, at, f->key, "a boolean here, \"%s\" in the schema", type_of(prop));
		if (!cJSON_IsBool(def) || cJSON_IsTrue(def) != f->def.b)
			drift(w, at, f->key, "default %s differs from the schema's",
			      f->def.b ? "true" : "false");
		expect_ok(w, at, f, cJSON_CreateBool(!f->def.b), false, 0);
		expect_rejected(w, at, f, cJSON_CreateNumber(1));
		break;
	case WB_CONFIG_JSON_ENUM:
		check_enum(w, at, f, prop);
		break;
	case WB_CONFIG_JSON_ARRAY:
		if (!type_is(prop, "array"))
			drift(w, at, f->key, "an array here, \"%s\" in the schema", type_of(prop));
		/* Lists of names carry their most in the row (hi). */
		if (!number_is(member(prop, "maxItems"), f->hi > 0 ? f->hi : WB_RULES_MAX))
			drift(w, at, f->key, "maxItems differs");
		expect_ok(w, at, f, cJSON_CreateArray(), false, 0);
		expect_rejected(w, at, f, cJSON_CreateObject());
		break;
	case WB_CONFIG_JSON_WEEKLY: {
		const char *ref = cJSON_GetStringValue(member(prop, "$ref"));
		if (!ref || strcmp(ref, "#/$defs/weekly") != 0)
			drift(w, at, f->key, "weekly hours here, not in the schema");
		if (!cJSON_IsString(def) || strcmp(def->valuestring, f->def.s) != 0)
			drift(w, at, f->key, "default \"%s\" differs from the schema's", f->def.s);
		expect_ok(w, at, f, cJSON_CreateString("always"), false, 0);
		expect_rejected(w, at, f, cJSON_CreateNumber(1));
		break;
	}
	case WB_CONFIG_JSON_WINDOW: {
		const char *ref = cJSON_GetStringValue(member(prop, "$ref"));
		if (!ref || strcmp(ref, "#/$defs/window") != 0)
			drift(w, at, f->key, "a maintenance window here, not in the schema");
		if (!cJSON_IsString(def) || strcmp(def->valuestring, f->def.s) != 0)
			drift(w, at, f->key, "default \"%s\" differs from the schema's", f->def.s);
		expect_ok(w, at, f, cJSON_CreateString(""), false, 0);
		expect_ok(w, at, f, cJSON_CreateString("always"), false, 0);
		expect_rejected(w, at, f, cJSON_CreateString("nights"));
		expect_rejected(w, at, f, cJSON_CreateNumber(1));
		break;
	}
	}
	check_default_json(w, at, f->key, def);
}

static void walk_table(struct walk *w, const struct where *at, const struct wb_config_field *fields, size_t n,
		       const cJSON *schema_obj)
{
	const cJSON *props = member(schema_obj, "properties"), *prop;
	const cJSON *extra = member(schema_obj, "additionalProperties");

	if (!cJSON_IsFalse(extra))
		drift(w, at, "*", "the schema allows unknown keys; the board rejects them");
	cJSON_ArrayForEach(prop, props)
	{
		if (!wb_config_field_find(fields, n, prop->string))
			drift(w, at, prop->string, "in the schema, not in the table");
	}
	for (size_t i = 0; i < n; i++) {
		prop = member(props, fields[i].key);
		if (!prop) {
			drift(w, at, fields[i].key, "in the table, not in the schema");
			continue;
		}
		check_row(w, at, &fields[i], prop);
	}
}

/* ---- rule kinds: each descriptor against its branch of rules.items.oneOf ---- */

/* {"alerts": {"rules": [{"kind": kind, key: v, partners}]}}, parsed. */
static void rule_try(struct walk *w, const struct wb_rule_kind_desc *d, const struct wb_rule_key *k,
		     cJSON *value, bool want_ok)
{
	struct wb_config cfg;
	struct wb_problems p;
	struct where at = { .keys = { "alerts", "rules[0]" }, .depth = 2 };
	char want[160];
	cJSON *root = cJSON_CreateObject();
	cJSON *rule = cJSON_CreateObject();
	char *text;

	cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(root, "alerts"), "rules"), rule);
	cJSON_AddStringToObject(rule, "kind", d->name);
	cJSON_AddItemToObject(rule, k->key, value);
	if (want_ok && cJSON_IsNumber(value)) {
		for (size_t i = 0; i < d->n_keys; i++) {
			const struct wb_rule_key *s = &d->keys[i];
			if (s->not_above && strcmp(s->not_above, k->key) == 0)
				cJSON_AddNumberToObject(rule, s->key, fmin(s->def, value->valuedouble));
			if (k->not_above && strcmp(k->not_above, s->key) == 0)
				cJSON_AddNumberToObject(rule, s->key, fmax(s->def, value->valuedouble));
		}
	}
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	snprintf(want, sizeof want, "$.alerts.rules[0].%s", k->key);
	wb_config_defaults(&cfg);
	wb_problems_clear(&p);
	if (wb_config_parse(text, strlen(text), &cfg, &p) == WB_OK) {
		if (!want_ok)
			drift(w, &at, k->key, "%s (%s) accepted", text, d->name);
	} else if (want_ok) {
		drift(w, &at, k->key, "%s rejected: %s: %s", text, p.items[0].path, p.items[0].message);
	} else if (p.count != 1 || strcmp(p.items[0].path, want) != 0) {
		drift(w, &at, k->key, "%s: problem at %s, want %s", text, p.items[0].path, want);
	}
	cJSON_free(text);
}

static void check_rule_key(struct walk *w, const struct wb_rule_kind_desc *d, const struct wb_rule_key *k,
			   const cJSON *prop)
{
	struct where at = { .keys = { "alerts", "rules[]", d->name }, .depth = 3 };
	bool whole = k->type == WB_RULE_VALUE_INT;
	double step = whole ? 1.0 : (k->hi - k->lo) / 1000.0;

	if (!type_is(prop, whole ? "integer" : "number"))
		drift(w, &at, k->key, "%s here, \"%s\" in the schema", whole ? "integer" : "number",
		      type_of(prop));
	if (!number_is(member(prop, k->lo_open ? "exclusiveMinimum" : "minimum"), k->lo) ||
	    member(prop, k->lo_open ? "minimum" : "exclusiveMinimum") ||
	    !number_is(member(prop, "maximum"), k->hi))
		drift(w, &at, k->key, "range %s%g, %g] differs from the schema's", k->lo_open ? "(" : "[",
		      k->lo, k->hi);
	if (!number_is(member(prop, "default"), k->def))
		drift(w, &at, k->key, "default %g differs from the schema's", k->def);
	if (k->lo_open) {
		rule_try(w, d, k, cJSON_CreateNumber(k->lo + step), true);
		rule_try(w, d, k, cJSON_CreateNumber(k->lo), false);
	} else {
		rule_try(w, d, k, cJSON_CreateNumber(k->lo), true);
	}
	rule_try(w, d, k, cJSON_CreateNumber(k->hi), true);
	rule_try(w, d, k, cJSON_CreateNumber(k->lo - step), false);
	if (whole && k->hi + step > 1e15) {
		/* cJSON prints 15 digits, which would round 2^53 back into range. */
		char raw[32];
		snprintf(raw, sizeof raw, "%.0f", k->hi + step);
		rule_try(w, d, k, cJSON_CreateRaw(raw), false);
	} else {
		rule_try(w, d, k, cJSON_CreateNumber(k->hi + step), false);
	}
	if (whole)
		rule_try(w, d, k, cJSON_CreateNumber(k->lo + 0.5), false);
	rule_try(w, d, k, cJSON_CreateString("1"), false);
}

/* Every kind has a branch naming it in "kind", and every branch a kind; the
 * branch's keys are "kind", "channel" and the descriptor's, no more. */
static void check_rule_kinds(struct walk *w, const cJSON *rules)
{
	const cJSON *branches = member(member(rules, "items"), "oneOf"), *branch;
	struct where at = { .keys = { "alerts", "rules[]" }, .depth = 2 };
	int found[WB_RULE_KIND_COUNT] = { 0 };

	cJSON_ArrayForEach(branch, branches)
	{
		const cJSON *props = member(branch, "properties"), *prop;
		const char *name = cJSON_GetStringValue(member(member(props, "kind"), "const"));
		enum wb_rule_kind kind;
		const struct wb_rule_kind_desc *d;

		if (!name || !wb_rule_kind_parse(name, &kind)) {
			drift(w, &at, name ? name : "?", "a kind in the schema, not in the rules module");
			continue;
		}
		d = wb_rule_kind_desc(kind);
		found[kind]++;
		if (!cJSON_IsFalse(member(branch, "additionalProperties")))
			drift(w, &at, name, "the schema allows unknown keys; the board rejects them");
		cJSON_ArrayForEach(prop, props)
		{
			if (strcmp(prop->string, "kind") != 0 && strcmp(prop->string, "channel") != 0 &&
			    !wb_rule_key_find(d, prop->string))
				drift(w, &at, name, "key %s in the schema, not in the kind", prop->string);
		}
		for (size_t i = 0; i < d->n_keys; i++) {
			prop = member(props, d->keys[i].key);
			if (!prop)
				drift(w, &at, name, "key %s in the kind, not in the schema", d->keys[i].key);
			else
				check_rule_key(w, d, &d->keys[i], prop);
		}
		/* Written back with every key, each at the kind's default. */
		{
			struct wb_rule r;
			wb_rule_defaults(&r, kind);
			for (size_t i = 0; i < d->n_keys; i++) {
				const struct wb_rule_key *k = &d->keys[i];
				const char *at_key = (const char *)&r + k->offset;
				double v = k->type == WB_RULE_VALUE_INT
						   ? (double)*(const int64_t *)(const void *)at_key
						   : *(const double *)(const void *)at_key;
				if (v != k->def)
					drift(w, &at, name, "wb_rule_defaults gives %s %g, not %g", k->key, v,
					      k->def);
			}
		}
	}
	for (int k = 0; k < WB_RULE_KIND_COUNT; k++)
		if (found[k] != 1)
			drift(w, &at, wb_rule_kind_name((enum wb_rule_kind)k), "%d branches in the schema",
			      found[k]);
}

/* Drift found in schema against the table (0: they agree). */
static int walk_schema(const cJSON *schema)
{
	struct wb_config cfg;
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);
	char *text;
	cJSON *defaults;
	struct where at = { .siblings = root, .n_siblings = n };
	struct walk w = { 0 };

	wb_config_defaults(&cfg);
	text = wb_config_to_json(&cfg, WB_CONFIG_FOR_STATE);
	defaults = cJSON_Parse(text);
	free(text);
	assert_non_null(defaults);
	w.defaults = defaults;
	walk_table(&w, &at, root, n, schema);
	check_rule_kinds(
		&w, member(member(member(member(schema, "properties"), "alerts"), "properties"), "rules"));
	cJSON_Delete(defaults);
	return w.drift;
}

static void test_table_matches_schema(void **state)
{
	cJSON *schema = load_schema();
	(void)state;

	assert_int_equal(walk_schema(schema), 0);
	cJSON_Delete(schema);
}

/* The walk must be able to fail: each of these edits of the schema is drift. */
static void test_walk_finds_drift(void **state)
{
	static const char *const edits[] = { "max",     "extra key", "missing key", "enum",
					     "default", "exclusive", "rule range",  "rule key" };
	(void)state;

	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		cJSON *schema = load_schema();
		cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
		cJSON *feed = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(props, "feed"), "properties");
		cJSON *display = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(props, "display"), "properties");
		cJSON *sla = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(props, "sla"),
							      "properties");
		cJSON *interval = cJSON_GetObjectItemCaseSensitive(feed, "interval_s");

		switch (i) {
		case 0:
			cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(interval, "maximum"), 3601);
			break;
		case 1:
			cJSON_AddItemToObject(feed, "retries", cJSON_CreateObject());
			break;
		case 2:
			cJSON_DeleteItemFromObjectCaseSensitive(feed, "ca_file");
			break;
		case 3:
			cJSON_AddItemToArray(
				cJSON_GetObjectItemCaseSensitive(
					cJSON_GetObjectItemCaseSensitive(display, "theme"), "enum"),
				cJSON_CreateString("sepia"));
			break;
		case 4:
			cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(interval, "default"), 11);
			break;
		case 5: {
			cJSON *ratio = cJSON_GetObjectItemCaseSensitive(sla, "warn_ratio");
			cJSON_DeleteItemFromObjectCaseSensitive(ratio, "exclusiveMinimum");
			cJSON_AddNumberToObject(ratio, "minimum", 0);
			break;
		}
		}
		if (i >= 6) {
			cJSON *rules = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(
					cJSON_GetObjectItemCaseSensitive(props, "alerts"), "properties"),
				"rules");
			cJSON *spike = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetArrayItem(
					cJSON_GetObjectItemCaseSensitive(
						cJSON_GetObjectItemCaseSensitive(rules, "items"), "oneOf"),
					1),
				"properties");
			if (i == 6)
				cJSON_SetNumberValue(
					cJSON_GetObjectItemCaseSensitive(
						cJSON_GetObjectItemCaseSensitive(spike, "alpha"), "maximum"),
					2);
			else
				cJSON_DeleteItemFromObjectCaseSensitive(spike, "sample_every_s");
		}
		if (walk_schema(schema) == 0)
			fail_msg("edit \"%s\" of the schema went unnoticed", edits[i]);
		cJSON_Delete(schema);
	}
}

/* The issue asks for these defaults by name. */
static void test_named_defaults(void **state)
{
	struct wb_config cfg;
	(void)state;

	memset(&cfg, 0x5A, sizeof cfg);
	wb_config_defaults(&cfg);
	assert_true(cfg.http.enabled);
	assert_string_equal(cfg.http.bind, "0.0.0.0");
	assert_int_equal(cfg.http.port, 8080);
	assert_true(cfg.display.scale == 1.0);
	assert_int_equal(cfg.display.rotation, 0);
	assert_int_equal(cfg.display.theme, WB_THEME_DARK);
	assert_string_equal(cfg.sla.time_zone, "Europe/Amsterdam");
	assert_string_equal(cfg.screen.cec_device, "/dev/cec0");
	assert_true(cfg.screen.schedule.on.always_open);
	assert_false(cfg.screen.schedule.wake_on_critical);
	assert_true(cfg.screen.burn_in.enabled);
	assert_int_equal(cfg.screen.burn_in.max_px, 4);
	assert_int_equal(cfg.screen.burn_in.step_s, 120);
	assert_true(cfg.sla.attain_good_pct == 90.0 && cfg.sla.attain_fair_pct == 75.0);
	assert_int_equal(cfg.alerts.n, 0);
}

/* ---- display.language: the languages' registry (i18n.c) ---- */

static const struct wb_config_field *language_row(void)
{
	size_t n, n_display = 0;
	const struct wb_config_field *top = wb_config_fields(&n);
	const struct wb_config_field *display = wb_config_field_find(top, n, "display");

	assert_non_null(display);
	n_display = display->n_sub;
	const struct wb_config_field *row = wb_config_field_find(display->sub, n_display, "language");
	assert_non_null(row);
	return row;
}

/* What the config accepts for display.language is exactly the registry's
 * codes, in its order (the stored value is the enum's). */
static void test_config_accepts_registry(void **state)
{
	const struct wb_config_field *row = language_row();
	struct wb_config cfg;
	char json[128];
	int i;

	(void)state;
	for (i = 0; wb_config_enum_name(row, i); i++) {
		assert_true(i < WB_LANG_COUNT_);
		assert_string_equal(wb_config_enum_name(row, i), wb_locale((enum wb_lang)i)->code);
	}
	assert_int_equal(i, WB_LANG_COUNT_);
	assert_int_equal(row->def.i, WB_LANG_NL);
	for (int l = WB_LANG_COUNT_ - 1; l >= 0; l--) {
		wb_config_defaults(&cfg);
		snprintf(json, sizeof json, "{\"display\": {\"language\": \"%s\"}}",
			 wb_locale((enum wb_lang)l)->code);
		assert_int_equal(wb_config_parse(json, strlen(json), &cfg, NULL), WB_OK);
		assert_int_equal(cfg.display.language, l);
	}
	wb_config_defaults(&cfg);
	assert_int_equal(cfg.display.language, WB_LANG_NL);
	snprintf(json, sizeof json, "{\"display\": {\"language\": \"de\"}}");
	assert_int_not_equal(wb_config_parse(json, strlen(json), &cfg, NULL), WB_OK);
}

/* The web page's language list: one <option> per table, its name in the
 * language itself, in the registry's order, and no other. */
static void test_web_page_lists_registry(void **state)
{
	char *html = read_text(WB_SOURCE_DIR "/assets/web/index.html");
	const char *select = strstr(html, "<select id=\"f-language\"");
	const char *end = select ? strstr(select, "</select>") : NULL;
	const char *at;
	char option[160];

	(void)state;
	assert_non_null(end);
	at = select;
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		const struct wb_locale *loc = wb_locale((enum wb_lang)l);
		const char *found;

		snprintf(option, sizeof option, "<option value=\"%s\">%s</option>", loc->code, loc->name);
		found = strstr(at, option);
		if (!found || found > end)
			fail_msg("assets/web/index.html: no %s after the previous language", option);
		at = found + 1;
	}
	{
		size_t options = 0;
		for (const char *p = strstr(select, "<option"); p && p < end; p = strstr(p + 1, "<option"))
			options++;
		assert_int_equal(options, WB_LANG_COUNT_);
	}
	free(html);
}

/* The config reference's row for display.language names every code. */
static void test_docs_name_registry(void **state)
{
	char *md = read_text(WB_SOURCE_DIR "/docs/configuration.md");
	const char *row = strstr(md, "| `language` |");
	const char *eol = row ? strchr(row, '\n') : NULL;
	char code[16];

	(void)state;
	assert_non_null(eol);
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		const char *found;
		snprintf(code, sizeof code, "`\"%s\"`", wb_locale((enum wb_lang)l)->code);
		found = strstr(row, code);
		if (!found || found > eol)
			fail_msg("docs/configuration.md: the language row lacks %s", code);
	}
	assert_null(strstr(eol, "| `language` |")); /* one row, this one */
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_schema),
		cmocka_unit_test(test_walk_finds_drift),
		cmocka_unit_test(test_named_defaults),
		cmocka_unit_test(test_config_accepts_registry),
		cmocka_unit_test(test_web_page_lists_registry),
		cmocka_unit_test(test_docs_name_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
