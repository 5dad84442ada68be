/* Field-wise comparison of two configs through the field table: what a key
 * means, not its bytes, so padding, bytes after a string's NUL and list
 * slots past their count never make two configs differ. */
#include "internal.h"

bool wb_config_fields_equal(const struct wb_config_field *fields, size_t n, const struct wb_config *a,
			    const struct wb_config *b)
{
	for (size_t i = 0; i < n; i++)
		if (!fields[i].kind->equal(&fields[i], a, b))
			return false;
	return true;
}

bool wb_config_equal_section(const struct wb_config *a, const struct wb_config *b, const char *section)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);
	const struct wb_config_field *f = wb_config_field_find(root, n, section);

	if (!a || !b || !f)
		return false; /* an unknown section: say "changed", the safe answer */
	return f->kind->equal(f, a, b);
}

bool wb_config_equal(const struct wb_config *a, const struct wb_config *b)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);

	return a && b && wb_config_fields_equal(root, n, a, b);
}
