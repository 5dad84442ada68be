/* The countdown behind fault.h. State is global by nature: malloc has no
 * context to hang it on, and the tests are single-threaded. Only the code the
 * test links statically (wb_core) is wrapped; libc's own allocations are not
 * counted. */
#include "fault.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);

static long countdown = -1; /* allocations left before the failing one; -1: none fails */
static bool fired;
static long live;     /* allocations made and not yet freed */
static long attempts; /* allocations asked for since the last reset */

static bool fail_now(void)
{
	attempts++;
	if (countdown < 0)
		return false;
	if (countdown-- == 0) {
		fired = true;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size)
{
	if (fail_now())
		return NULL;
	void *p = __real_malloc(size);
	if (p)
		live++;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (fail_now())
		return NULL;
	void *p = __real_calloc(n, size);
	if (p)
		live++;
	return p;
}

void *__wrap_realloc(void *p, size_t size)
{
	if (fail_now())
		return NULL;
	void *q = __real_realloc(p, size);
	if (q && !p)
		live++;
	return q;
}

void __wrap_free(void *p)
{
	if (p)
		live--;
	__real_free(p);
}

/* glibc's strdup allocates inside libc, past the wrap: do it here instead. */
char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __wrap_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void wb_fault_init(void)
{
	cJSON_Hooks hooks = { __wrap_malloc, __wrap_free };
	cJSON_InitHooks(&hooks);
}

long wb_fault_run_all(const char *what, wb_fault_op op, void *ctx)
{
	for (long n = 0;; n++) {
		long before = live;
		countdown = n;
		fired = false;
		attempts = 0;
		bool ok = op(ctx);
		countdown = -1;
		if (live != before)
			fail_msg("%s: %ld allocation(s) left behind with allocation %ld failing", what,
				 live - before, n + 1);
		if (!fired) {
			if (!ok)
				fail_msg("%s: failed with no allocation failing", what);
			return attempts;
		}
		if (ok)
			fail_msg("%s: succeeded although allocation %ld of %ld failed", what, n + 1,
				 attempts);
	}
}
