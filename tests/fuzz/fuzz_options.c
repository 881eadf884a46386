/* Fuzz target: arbitrary bytes as the options document. sr_engine_new either
 * refuses them (with a message naming an option) or builds an engine that
 * then takes a request and frees cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *options = malloc(size + 1);
  if (options == NULL) return 0;
  memcpy(options, data, size);
  options[size] = '\0';
  fake_host host;
  memset(&host, 0, sizeof host);
  fake_host_store(&host, "token", "t");
  fake_host_store(&host, "refreshToken", "r");
  char *message = NULL;
  int result = fake_host_start_with_message(&host, options, &message);
  if (result == SR_OK) {
    if (fake_host_get(&host, 1, "/x") == SR_OK && host.exchange_count == 1)
      fake_host_answer(&host, host.exchanges[0], 401, "{\"code\":4001}");
  } else if (result == SR_ERR_BAD_OPTION && (message == NULL || strncmp(message, "option ", 7) != 0)) {
    abort(); /* every refusal names what it refused */
  }
  sr_free_message(NULL, message);
  fake_host_stop(&host);
  free(options);
  return 0;
}
