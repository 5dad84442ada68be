/* One handler set per kind of scalar value: read (check and store), write,
 * default, equal. A row in fields.c names its kind and carries the range,
 * default and names the handlers use; list kinds are in kinds_lists.c. */
#include "internal.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/utf8.h"

#define AUDIENCE_ALL ((1u << WB_CONFIG_FOR_STATE) | (1u << WB_CONFIG_FOR_API))

static void *at(const struct wb_config_field *f, struct wb_config *cfg)
{
	return (char *)cfg + f->offset;
}

static const void *cat(const struct wb_config_field *f, const struct wb_config *cfg)
{
	return (const char *)cfg + f->offset;
}

/* ---- sections ---- */

/* After its keys, the checks across them: with the values the section now
 * has, whether the file named them or not. */
static void section_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			 const struct wb_config_field *f, struct wb_config *cfg)
{
	wb_config_read_object(c, item, path, f->sub, f->n_sub, cfg);
	for (size_t i = 0; cJSON_IsObject(item) && i < f->n_sub; i++) {
		const struct wb_config_field *low = &f->sub[i], *high;
		if (!low->not_above)
			continue;
		high = wb_config_field_find(f->sub, f->n_sub, low->not_above);
		if (high && *(const double *)cat(low, cfg) > *(const double *)cat(high, cfg))
			wb_config_problem(c, path, "%s must not be above %s", low->key, high->key);
	}
}

static cJSON *section_write(const struct wb_config_field *f, const struct wb_config *cfg,
			    enum wb_config_audience audience)
{
	return wb_config_object_json(f->sub, f->n_sub, cfg, audience);
}

static void section_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	wb_config_fields_default(f->sub, f->n_sub, cfg);
}

static bool section_equal(const struct wb_config_field *f, const struct wb_config *a,
			  const struct wb_config *b)
{
	return wb_config_fields_equal(f->sub, f->n_sub, a, b);
}

const struct wb_config_kind wb_config_kind_section = {
	.name = "section",
	.json = WB_CONFIG_JSON_OBJECT,
	.read = section_read,
	.write = section_write,
	.set_default = section_default,
	.equal = section_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- "$schema": for editors; any string, never stored or written ---- */

static void schema_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	(void)cfg;
	if (!cJSON_IsString(item))
		wb_config_problem(c, path, "expected a string, got %s", wb_config_type_name(item));
}

static void no_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	(void)cfg;
}

static bool always_equal(const struct wb_config_field *f, const struct wb_config *a,
			 const struct wb_config *b)
{
	(void)f;
	(void)a;
	(void)b;
	return true;
}

const struct wb_config_kind wb_config_kind_schema = {
	.name = "schema",
	.json = WB_CONFIG_JSON_STRING,
	.read = schema_read,
	.set_default = no_default,
	.equal = always_equal,
	.audiences = 0,
};

/* ---- integers ---- */

bool wb_config_read_integer(struct wb_config_ctx *c, const cJSON *item, const char *path,
			    const struct wb_config_field *f, int64_t *out)
{
	double v;

	if (!cJSON_IsNumber(item)) {
		wb_config_problem(c, path, "expected an integer, got %s", wb_config_type_name(item));
		return false;
	}
	v = item->valuedouble;
	if (!isfinite(v) || v != floor(v)) {
		wb_config_problem(c, path, "expected a whole number");
		return false;
	}
	if (v < f->lo || v > f->hi) {
		if (fabs(v) < 1e15)
			wb_config_problem(c, path, "must be from %lld to %lld (got %lld)", (long long)f->lo,
					  (long long)f->hi, (long long)v);
		else
			wb_config_problem(c, path, "must be from %lld to %lld", (long long)f->lo,
					  (long long)f->hi);
		return false;
	}
	if (f->step > 0 && ((int64_t)v - (int64_t)f->lo) % f->step != 0) {
		/* "must be 0, 90, 180 or 270": few values, or the row is wrong. */
		char list[160] = "";
		size_t used = 0;
		for (int64_t x = (int64_t)f->lo; x <= (int64_t)f->hi && used < sizeof list; x += f->step) {
			const char *sep = x == (int64_t)f->lo            ? ""
					  : x + f->step > (int64_t)f->hi ? " or "
									 : ", ";
			int w = snprintf(list + used, sizeof list - used, "%s%lld", sep, (long long)x);
			used += w > 0 ? (size_t)w : 0;
		}
		wb_config_problem(c, path, "must be %s", list);
		return false;
	}
	*out = (int64_t)v;
	return true;
}

static void int_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		     const struct wb_config_field *f, struct wb_config *cfg)
{
	int64_t v;
	if (wb_config_read_integer(c, item, path, f, &v))
		*(int *)at(f, cfg) = (int)v;
}

static cJSON *int_write(const struct wb_config_field *f, const struct wb_config *cfg,
			enum wb_config_audience audience)
{
	(void)audience;
	return cJSON_CreateNumber((double)*(const int *)cat(f, cfg));
}

static void int_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	*(int *)at(f, cfg) = (int)f->def.i;
}

static bool int_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
{
	return *(const int *)cat(f, a) == *(const int *)cat(f, b);
}

const struct wb_config_kind wb_config_kind_int = {
	.name = "int",
	.json = WB_CONFIG_JSON_INTEGER,
	.read = int_read,
	.write = int_write,
	.set_default = int_default,
	.equal = int_equal,
	.audiences = AUDIENCE_ALL,
};

static void size_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		      const struct wb_config_field *f, struct wb_config *cfg)
{
	int64_t v;
	if (wb_config_read_integer(c, item, path, f, &v))
		*(size_t *)at(f, cfg) = (size_t)v;
}

static cJSON *size_write(const struct wb_config_field *f, const struct wb_config *cfg,
			 enum wb_config_audience audience)
{
	(void)audience;
	return cJSON_CreateNumber((double)*(const size_t *)cat(f, cfg));
}

static void size_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	*(size_t *)at(f, cfg) = (size_t)f->def.i;
}

static bool size_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
{
	return *(const size_t *)cat(f, a) == *(const size_t *)cat(f, b);
}

const struct wb_config_kind wb_config_kind_size = {
	.name = "size",
	.json = WB_CONFIG_JSON_INTEGER,
	.read = size_read,
	.write = size_write,
	.set_default = size_default,
	.equal = size_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- numbers: ratios, percentages, the scale ---- */

bool wb_config_read_number(struct wb_config_ctx *c, const cJSON *item, const char *path,
			   const struct wb_config_field *f, double *out)
{
	double v;

	if (!cJSON_IsNumber(item)) {
		wb_config_problem(c, path, "expected a number, got %s", wb_config_type_name(item));
		return false;
	}
	v = item->valuedouble;
	if (!(f->lo_open ? v > f->lo : v >= f->lo) || !(v <= f->hi)) {
		if (f->lo_open)
			wb_config_problem(c, path, "must be greater than %g and at most %g", f->lo, f->hi);
		else
			wb_config_problem(c, path, "must be from %g to %g", f->lo, f->hi);
		return false;
	}
	*out = v;
	return true;
}

static void number_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			const struct wb_config_field *f, struct wb_config *cfg)
{
	double v;
	if (wb_config_read_number(c, item, path, f, &v))
		*(double *)at(f, cfg) = v;
}

static cJSON *number_write(const struct wb_config_field *f, const struct wb_config *cfg,
			   enum wb_config_audience audience)
{
	(void)audience;
	return cJSON_CreateNumber(*(const double *)cat(f, cfg));
}

static void number_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	*(double *)at(f, cfg) = f->def.d;
}

static bool number_equal(const struct wb_config_field *f, const struct wb_config *a,
			 const struct wb_config *b)
{
	return *(const double *)cat(f, a) == *(const double *)cat(f, b);
}

const struct wb_config_kind wb_config_kind_number = {
	.name = "number",
	.json = WB_CONFIG_JSON_NUMBER,
	.read = number_read,
	.write = number_write,
	.set_default = number_default,
	.equal = number_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- booleans ---- */

static void bool_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		      const struct wb_config_field *f, struct wb_config *cfg)
{
	if (!cJSON_IsBool(item)) {
		wb_config_problem(c, path, "expected true or false, got %s", wb_config_type_name(item));
		return;
	}
	*(bool *)at(f, cfg) = cJSON_IsTrue(item);
}

static cJSON *bool_write(const struct wb_config_field *f, const struct wb_config *cfg,
			 enum wb_config_audience audience)
{
	(void)audience;
	return cJSON_CreateBool(*(const bool *)cat(f, cfg));
}

static void bool_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	*(bool *)at(f, cfg) = f->def.b;
}

static bool bool_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
{
	return *(const bool *)cat(f, a) == *(const bool *)cat(f, b);
}

const struct wb_config_kind wb_config_kind_bool = {
	.name = "bool",
	.json = WB_CONFIG_JSON_BOOLEAN,
	.read = bool_read,
	.write = bool_write,
	.set_default = bool_default,
	.equal = bool_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- enums: a string out of the row's names, stored as its index ---- */

const char *wb_config_enum_name(const struct wb_config_field *f, int value)
{
	if (f->name_of)
		return f->name_of(value);
	return value >= 0 ? f->names[value] : NULL;
}

static void enum_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
		      const struct wb_config_field *f, struct wb_config *cfg)
{
	const char *s = cJSON_GetStringValue(item);
	char list[160] = "";
	size_t used = 0;

	if (!s) {
		wb_config_problem(c, path, "expected a string, got %s", wb_config_type_name(item));
		return;
	}
	for (int i = 0; wb_config_enum_name(f, i); i++) {
		if (strcmp(s, wb_config_enum_name(f, i)) == 0) {
			*(int *)at(f, cfg) = i;
			return;
		}
	}
	/* "must be \"dark\" or \"light\"" */
	for (int i = 0; wb_config_enum_name(f, i) && used < sizeof list; i++) {
		const char *sep = i == 0 ? "" : wb_config_enum_name(f, i + 1) ? ", " : " or ";
		int w = snprintf(list + used, sizeof list - used, "%s\"%s\"", sep, wb_config_enum_name(f, i));
		used += w > 0 ? (size_t)w : 0;
	}
	wb_config_problem(c, path, "must be %s", list);
}

static cJSON *enum_write(const struct wb_config_field *f, const struct wb_config *cfg,
			 enum wb_config_audience audience)
{
	int v = *(const int *)cat(f, cfg);
	(void)audience;
	/* Out of range only through a hand-made struct: write the default. */
	for (int i = 0; wb_config_enum_name(f, i); i++)
		if (i == v)
			return cJSON_CreateString(wb_config_enum_name(f, i));
	return cJSON_CreateString(wb_config_enum_name(f, (int)f->def.i));
}

const struct wb_config_kind wb_config_kind_enum = {
	.name = "enum",
	.json = WB_CONFIG_JSON_ENUM,
	.read = enum_read,
	.write = enum_write,
	.set_default = int_default,
	.equal = int_equal,
	.audiences = AUDIENCE_ALL,
};

/* ---- strings: one reader, each kind adds its own check ---- */

static bool has_control_char(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

/* Fits the buffer (cap includes the NUL), valid UTF-8, one line: control
 * characters would end up in HTTP headers (token) or on screen. */
static void string_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
			const struct wb_config_field *f, struct wb_config *cfg)
{
	const char *s = cJSON_GetStringValue(item), *why;
	size_t len;

	if (!s) {
		wb_config_problem(c, path, "expected a string, got %s", wb_config_type_name(item));
		return;
	}
	len = strlen(s);
	if (len >= f->cap) {
		wb_config_problem(c, path, "longer than %zu bytes", f->cap - 1);
		return;
	}
	if (!wb_utf8_valid(s, len)) {
		wb_config_problem(c, path, "not valid UTF-8");
		return;
	}
	if (has_control_char(s)) {
		wb_config_problem(c, path, "must not contain control characters");
		return;
	}
	if (f->kind->check && (why = f->kind->check(s)) != NULL) {
		wb_config_problem(c, path, "%s", why);
		return;
	}
	memcpy(at(f, cfg), s, len + 1);
}

static cJSON *string_write(const struct wb_config_field *f, const struct wb_config *cfg,
			   enum wb_config_audience audience)
{
	(void)audience;
	return cJSON_CreateString(cat(f, cfg));
}

static void string_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	snprintf(at(f, cfg), f->cap, "%s", f->def.s ? f->def.s : "");
}

static bool string_equal(const struct wb_config_field *f, const struct wb_config *a,
			 const struct wb_config *b)
{
	return strcmp(cat(f, a), cat(f, b)) == 0;
}

/* Versions 14 and 19 of clang-format lay out a braced initializer in a macro differently. */
/* clang-format off */
#define STRING_KIND(n, chk, wr, aud)                                                  \
	{ .name = n, .json = WB_CONFIG_JSON_STRING, .read = string_read, .write = wr,  \
	  .set_default = string_default, .equal = string_equal, .check = chk,          \
	  .audiences = aud }
/* clang-format on */

const struct wb_config_kind wb_config_kind_string = STRING_KIND("string", NULL, string_write, AUDIENCE_ALL);

static bool starts_with_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char ch = *s;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch != *prefix)
			return false;
	}
	return true;
}

static const char *check_url(const char *s)
{
	static const char *const schemes[] = { "http://", "https://", "file://" };

	if (!s[0])
		return NULL; /* explicitly no feed */
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (starts_with_nocase(s, schemes[i]) && s[strlen(schemes[i])])
			return NULL;
	return "must start with http://, https:// or file:// followed by an address";
}

const struct wb_config_kind wb_config_kind_url = STRING_KIND("url", check_url, string_write, AUDIENCE_ALL);

/* A URL fetched from or posted to a server: no file:// (managed.url). */
static const char *check_web_url(const char *s)
{
	static const char *const schemes[] = { "http://", "https://" };

	if (!s[0])
		return NULL; /* off */
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (starts_with_nocase(s, schemes[i]) && s[strlen(schemes[i])])
			return NULL;
	return "must start with http:// or https:// followed by an address";
}

const struct wb_config_kind wb_config_kind_web_url =
	STRING_KIND("web_url", check_web_url, string_write, AUDIENCE_ALL);

/* An address literal, not a name: the server binds before DNS may work. */
static const char *check_bind(const char *s)
{
	unsigned char addr[16];

	if (inet_pton(AF_INET, s, addr) != 1 && inet_pton(AF_INET6, s, addr) != 1)
		return "must be an IPv4 or IPv6 address such as 0.0.0.0 or ::1";
	return NULL;
}

const struct wb_config_kind wb_config_kind_bind = STRING_KIND("bind", check_bind, string_write, AUDIENCE_ALL);

/* A secret reads back to API readers as the placeholder, or "" when unset. */
static cJSON *secret_write(const struct wb_config_field *f, const struct wb_config *cfg,
			   enum wb_config_audience audience)
{
	const char *s = cat(f, cfg);
	return cJSON_CreateString(audience == WB_CONFIG_FOR_API && s[0] ? WB_CONFIG_REDACTED : s);
}

const struct wb_config_kind wb_config_kind_secret = STRING_KIND("secret", NULL, secret_write, AUDIENCE_ALL);

#define STR2(x) #x
#define STR(x) STR2(x)

static const char *check_admin_token(const char *s)
{
	/* "" leaves the token as it is; a short token would be guessable. */
	if (s[0] && wb_utf8_length(s, strlen(s)) < WB_ADMIN_TOKEN_MIN)
		return "at least " STR(WB_ADMIN_TOKEN_MIN) " characters";
	if (strcmp(s, WB_CONFIG_REDACTED) == 0)
		return "is the redacted placeholder, not a token";
	return NULL;
}

/* The token itself is never kept (the caller hashes and wipes it); API
 * readers learn whether one is set, the state file has only the hash. */
static cJSON *admin_token_write(const struct wb_config_field *f, const struct wb_config *cfg,
				enum wb_config_audience audience)
{
	(void)f;
	(void)audience;
	return cJSON_CreateString(cfg->admin.token_hash[0] ? WB_CONFIG_REDACTED : "");
}

const struct wb_config_kind wb_config_kind_admin_token =
	STRING_KIND("admin token", check_admin_token, admin_token_write, 1u << WB_CONFIG_FOR_API);

/* "wbh1$<32 hex salt>$<64 hex hash>": only checked for shape here. */
static const char *check_token_hash(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && (strncmp(s, "wbh1$", 5) != 0 || strspn(s + 5, "0123456789abcdef$") != n - 5))
		return "not a token hash written by the wallboard";
	return NULL;
}

const struct wb_config_kind wb_config_kind_token_hash =
	STRING_KIND("token hash", check_token_hash, string_write, 1u << WB_CONFIG_FOR_STATE);

static const char *check_time_zone(const char *s)
{
	return wb_tz_name_valid(s) ? NULL : "not a time zone name such as \"Europe/Amsterdam\"";
}

const struct wb_config_kind wb_config_kind_time_zone =
	STRING_KIND("time zone", check_time_zone, string_write, AUDIENCE_ALL);

/* "" derives the id from the hardware (core/device.c). */
static const char *check_device_id(const char *s)
{
	if (s[0] && !wb_device_id_valid(s))
		return "1 to 32 of a-z, 0-9 and '-', not starting or ending with '-'";
	return NULL;
}

const struct wb_config_kind wb_config_kind_device_id =
	STRING_KIND("device id", check_device_id, string_write, AUDIENCE_ALL);
