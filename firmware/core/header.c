/* See wallboard/header.h. */
#include "wallboard/header.h"

#include <string.h>

bool wb_header_etag_ok(const char *s)
{
	if (!s)
		return false;
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	size_t n = strlen(s);
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return false;
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x21 || ch == '"' || ch > 0x7e)
			return false;
	}
	return true;
}

void wb_header_printable(char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}
