/* Fuzz target: arbitrary sequences of engine events — requests, answers with
 * arbitrary statuses and bodies, refresh answers, failures, timers,
 * cancellations, lock grants, storage changes — checked after every event:
 *   - no exchange to a foreign origin ever carries the token;
 *   - only the refresh exchange carries the refresh token;
 *   - an idle engine has an empty queue;
 *   - after the engine is freed every accepted handle was settled exactly once
 *     and no timer is left running. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "fake_host.h"

#define TOKEN_PREFIX "tok-"
#define REFRESH_PREFIX "ref-"

typedef struct {
  const uint8_t *data;
  size_t size;
  size_t at;
} input;

static int next_byte(input *in) { return in->at < in->size ? in->data[in->at++] : -1; }

static const char *const URLS[] = {"/api/a", "https://api.test/b", "https://evil.test/c",
                                   "http://api.test/d", "https://api.test:8443/e", "//evil.test/f"};
static const int FOREIGN[] = {0, 0, 1, 1, 1, 1};
static const int STATUSES[] = {200, 401, 500, 0, 403, 204, 302};

static void fail_invariant(const char *what) {
  fprintf(stderr, "invariant broken: %s\n", what);
  abort();
}

static void check_exchanges(const fake_host *host, size_t from) {
  for (size_t i = from; i < host->exchange_count; i++) {
    const recorded_exchange *e = host->exchanges[i];
    int carries_token = strstr(e->headers, "X-Token:") != NULL;
    int carries_refresh = strstr(e->headers, REFRESH_PREFIX) != NULL || strstr((const char *)e->body, REFRESH_PREFIX) != NULL;
    if (carries_refresh && !e->is_refresh) fail_invariant("refresh token sent outside the refresh");
    if (e->is_refresh && carries_token) fail_invariant("access token sent with the refresh");
    if (!e->is_refresh && carries_token) {
      for (size_t u = 0; u < sizeof URLS / sizeof URLS[0]; u++) {
        char resolved[64];
        snprintf(resolved, sizeof resolved, "%s%s", URLS[u][0] == '/' && URLS[u][1] != '/' ? "https://api.test" : "", URLS[u]);
        if (FOREIGN[u] && strcmp(e->url, resolved) == 0) fail_invariant("token sent to a foreign origin");
      }
    }
  }
}

static recorded_exchange *open_exchange(fake_host *host, int pick, int want_refresh) {
  size_t open = 0;
  for (size_t i = 0; i < host->exchange_count; i++) {
    recorded_exchange *e = host->exchanges[i];
    if (!e->answered && !e->aborted && e->is_refresh == want_refresh) open++;
  }
  if (open == 0) return NULL;
  size_t target = (size_t)pick % open;
  for (size_t i = 0; i < host->exchange_count; i++) {
    recorded_exchange *e = host->exchanges[i];
    if (!e->answered && !e->aborted && e->is_refresh == want_refresh && target-- == 0) return e;
  }
  return NULL;
}

static void answer(fake_host *host, recorded_exchange *e, input *in) {
  int status = STATUSES[(size_t)(next_byte(in) & 0xff) % (sizeof STATUSES / sizeof STATUSES[0])];
  int body_kind = next_byte(in);
  char generated[128];
  static int refresh_counter;
  if (body_kind < 0 || body_kind % 4 == 0) {
    fake_host_answer(host, e, status, "{\"code\":4001}");
  } else if (body_kind % 4 == 1) {
    refresh_counter++;
    snprintf(generated, sizeof generated, "{\"code\":0,\"data\":{\"token\":\"" TOKEN_PREFIX "%d\",\"refreshToken\":\"" REFRESH_PREFIX "%d\"}}",
             refresh_counter, refresh_counter);
    fake_host_answer(host, e, status, generated);
  } else if (body_kind % 4 == 2) {
    fake_host_answer(host, e, status, "{\"code\":0,\"data\":[1,2,3]}");
  } else {
    /* Raw bytes from the input, whatever they are (NUL included, so not a C string). */
    /* Where it came from: its own URL, a foreign origin after a redirect, or unknown. */
    static const char *const final_urls[] = {NULL, "https://evil.test/elsewhere", NULL};
    int where = next_byte(in);
    const char *final_url = where < 0 || where % 3 == 0 ? e->url : final_urls[where % 3];
    int wanted = next_byte(in);
    size_t length = wanted < 0 ? 0 : (size_t)wanted;
    if (length > in->size - in->at) length = in->size - in->at;
    e->answered = 1;
    sr_response response = {status, "", NULL, in->data + in->at, length, final_url};
    in->at += length;
    sr_engine_on_response(host->engine, e->id, &response);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  input in = {data, size, 0};
  fake_host host;
  memset(&host, 0, sizeof host);
  int flags = next_byte(&in);
  if (flags < 0) return 0;
  host.use_lock = flags & 1;
  host.now = 1000;
  fake_host_set_expiry(&host, TOKEN_PREFIX "0", 1030); /* due, with beforeExpiry 60 */
  fake_host_store(&host, "token", TOKEN_PREFIX "0");
  fake_host_store(&host, "refreshToken", REFRESH_PREFIX "0");
  const char *options = (flags & 2) ? "{\"baseURL\":\"https://api.test\",\"timeout\":100,\"refresh\":{\"beforeExpiry\":60}}"
                                    : "{\"baseURL\":\"https://api.test\",\"refresh\":{\"header\":\"X-Refresh\"}}";
  if (fake_host_start(&host, options, NULL) != SR_OK) abort();
  uint8_t accepted[256] = {0};
  uint32_t next_handle = 1;
  for (int op; (op = next_byte(&in)) >= 0;) {
    size_t checked = host.exchange_count;
    int argument = next_byte(&in);
    if (argument < 0) argument = 0;
    switch (op % 8) {
      case 0:
        if (next_handle < 256) {
          sr_request request = {next_handle, (argument & 64) ? "POST" : "GET",
                                URLS[(size_t)argument % (sizeof URLS / sizeof URLS[0])], NULL, 0,
                                (const uint8_t *)"{}", 2, 0, (argument & 128) != 0, 0, 0};
          accepted[next_handle] = sr_engine_submit(host.engine, &request) == SR_OK;
          next_handle++;
        }
        break;
      case 1: {
        recorded_exchange *e = open_exchange(&host, argument, 0);
        if (e != NULL) answer(&host, e, &in);
        break;
      }
      case 2: {
        recorded_exchange *e = open_exchange(&host, argument, argument & 1);
        if (e != NULL) fake_host_fail(&host, e);
        break;
      }
      case 3: {
        recorded_exchange *e = open_exchange(&host, argument, 1);
        if (e != NULL) answer(&host, e, &in);
        break;
      }
      case 4:
        fake_host_fire_timer(&host, 0);
        break;
      case 5:
        sr_engine_cancel(host.engine, (uint32_t)argument);
        break;
      case 6:
        if (host.use_lock) fake_host_grant_lock(&host);
        break;
      default:
        if (argument % 3 == 0) fake_host_store(&host, "token", NULL);
        else if (argument % 3 == 1) fake_host_store(&host, "refreshToken", NULL);
        else fake_host_store(&host, "token", TOKEN_PREFIX "other-tab");
        break;
    }
    check_exchanges(&host, checked);
    sr_stats stats;
    sr_engine_stats(host.engine, &stats);
    if (host.engine->refresh_state == SR__IDLE && stats.queue_length != 0) fail_invariant("idle with a queue");
  }
  sr_engine_free(host.engine);
  host.engine = NULL;
  for (uint32_t h = 1; h < next_handle; h++)
    if (fake_host_settlements_of(&host, h) != (accepted[h] ? 1u : 0u)) fail_invariant("a handle not settled exactly once");
  if (fake_host_active_timers(&host) != 0) fail_invariant("a timer left running");
  fake_host_stop(&host);
  return 0;
}
