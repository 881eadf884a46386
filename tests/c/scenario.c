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
