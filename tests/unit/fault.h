/* Allocation fault injection for unit tests (SQLite's test_malloc, curl's
 * torture mode): a test binary linked with -Wl,--wrap=malloc,... (the CMake
 * option WB_FAULT_INJECTION) sends every allocation of the code under test,
 * cJSON's included, through a countdown that can make the Nth one fail. */
#ifndef WB_TEST_FAULT_H
#define WB_TEST_FAULT_H

#include <stdbool.h>

/* One run of the operation under test: true when it succeeded. It must clean
 * up after itself either way; ctx is the test's. */
typedef bool (*wb_fault_op)(void *ctx);

/* Routes cJSON's allocations through the countdown too. Call once first. */
void wb_fault_init(void);

/* Runs op with the 1st, 2nd, 3rd ... allocation failing until it runs without
 * reaching the failing one. Each failed run must return false with no
 * allocation left behind (checked here by counting); a run that reached the
 * failing allocation and still says it succeeded fails the test too, since it
 * hid an out-of-memory. Returns how many allocations a whole run makes. */
long wb_fault_run_all(const char *what, wb_fault_op op, void *ctx);

#endif
