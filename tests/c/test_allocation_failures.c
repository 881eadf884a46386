/* The failmalloc sweep (nghttp2 tests/failmalloc_test.c): count the
 * allocations of a refresh storm, then rerun it failing the i-th one, for
 * every i. Each run must end cleanly: every accepted request settled exactly
 * once, nothing leaked (the counters below, and ASan's leak check). */
#include <stdlib.h>

#include "cJSON.h"
#include "check.h"
#include "scenario.h"

static long allocations;       /* performed so far in this run */
static long fail_at = -1;      /* the allocation to refuse, or -1 */
static long live_allocations;  /* allocated and not yet freed */

static void *counting_malloc(size_t size) {
  if (allocations++ == fail_at) return NULL;
  void *pointer = malloc(size);
  if (pointer != NULL) live_allocations++;
  return pointer;
}

static void counting_free(void *pointer) {
  if (pointer == NULL) return;
  live_allocations--;
  free(pointer);
}

static void *engine_malloc(void *context, size_t size) {
  (void)context;
  return counting_malloc(size);
}

static void engine_free(void *context, void *pointer) {
  (void)context;
  counting_free(pointer);
}

static const sr_allocator counting_allocator = {engine_malloc, engine_free, NULL};

#define REQUESTS 5

/* The storm: five requests, all expired, one refresh, five retries. */
static void run_storm(void) {
  fake_host host = {0};
  fake_host_store(&host, "token", "T1");
  fake_host_store(&host, "refreshToken", "R1");
  int accepted[REQUESTS + 1] = {0};
  if (fake_host_start(&host, "{\"baseURL\":\"" API "\",\"expiredWhen\":{\"bodyValues\":[4001,\"E\"]}}",
                      &counting_allocator) != SR_OK) {
    CHECK(host.engine == NULL);
    fake_host_stop(&host);
    return;
  }
  for (uint32_t h = 1; h <= REQUESTS; h++) {
    static const char body[] = "{\"x\":1}";
    sr_header headers[] = {{"Content-Type", "application/json"}};
    sr_request request = {h, "POST", "/item", headers, 1, (const uint8_t *)body, sizeof body - 1, 0, 0, 0, 0};
    int result = sr_engine_submit(&*host.engine, &request);
    CHECK(result == SR_OK || result == SR_ERR_NO_MEMORY);
    accepted[h] = result == SR_OK;
  }
  scenario_play_server(&host);
  sr_engine_free(host.engine);
  host.engine = NULL;
  for (uint32_t h = 1; h <= REQUESTS; h++)
    CHECK(fake_host_settlements_of(&host, h) == (accepted[h] ? 1u : 0u));
  fake_host_stop(&host);
}

static void every_allocation_failure_in_a_refresh_storm_ends_cleanly(void) {
  cJSON_Hooks hooks = {counting_malloc, counting_free};
  cJSON_InitHooks(&hooks);
  allocations = 0;
  fail_at = -1;
  live_allocations = 0;
  run_storm();
  long total = allocations;
  CHECK(total > 20);
  CHECK(live_allocations == 0);
  for (long i = 0; i < total; i++) {
    allocations = 0;
    fail_at = i;
    live_allocations = 0;
    run_storm();
    if (live_allocations != 0) {
      fprintf(stderr, "  failing allocation %ld of %ld leaked %ld blocks\n", i, total, live_allocations);
      check_failures++;
    }
  }
  printf("# swept %ld allocation failures\n", total);
  cJSON_InitHooks(NULL);
}

int main(void) {
  RUN(every_allocation_failure_in_a_refresh_storm_ends_cleanly);
  return CHECK_SUMMARY();
}
