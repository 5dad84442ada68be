/* Header values that came from a server we don't control (a feed, the
 * central side) and go on to JSON documents, files and requests of our own:
 * checked or made printable first, so the status stays valid UTF-8 and a
 * stored ETag can't inject a header when it is sent back. Pure. */
#ifndef WALLBOARD_HEADER_H
#define WALLBOARD_HEADER_H

#include <stdbool.h>

/* An RFC 9110 entity-tag: [W/]"…" with only %x21, %x23-7E inside (the
 * obs-text bytes 0x80-0xFF refused: they are no text we could show). */
bool wb_header_etag_ok(const char *s);

/* Replaces every byte that is not printable ASCII (0x20-0x7E) with '?', in
 * place, so a value can be quoted in a message. */
void wb_header_printable(char *s);

#endif
