#include "scenario.h"

#include <string.h>

int scenario_start(fake_host *host, const char *options) {
  fake_host_store(host, "token", "T1");
  fake_host_store(host, "refreshToken", "R1");
  host->now = 1000000;
  return fake_host_start(host, options != NULL ? options : DEFAULT_OPTIONS, NULL);
}

const char *scenario_token_of(const recorded_exchange *exchange) {
  static char buffer[256];
  const char *value = fake_host_header(exchange, "X-Token", buffer, sizeof buffer);
  return value != NULL ? value : "";
}

void scenario_play_server(fake_host *host) {
  /* Answers may open new exchanges (retries, the refresh): go round until none is left. */
  for (int round = 0; round < 8; round++) {
    for (size_t i = 0; i < host->exchange_count; i++) {
      recorded_exchange *e = host->exchanges[i];
      if (e->answered || e->aborted) continue;
      if (e->is_refresh) fake_host_answer(host, e, 200, REFRESH_OK_BODY);
      else if (strcmp(scenario_token_of(e), "T1") == 0) fake_host_answer(host, e, 200, EXPIRED_BODY);
      else fake_host_answer(host, e, 200, OK_BODY);
    }
  }
}
