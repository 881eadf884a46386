/* One client = one engine plus the browser resources it drives: in-flight
 * emscripten_fetch exchanges and setTimeout timers. The functions marked
 * are what js-glue/ calls (listed in
 * exported_functions.json). */
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "silent_refresh.h"

typedef struct sr_wasm_client sr_wasm_client;

/* An exchange in flight. The fetch's userData points here until the
 * exchange completes or is aborted. */
typedef struct pending_exchange {
  struct pending_exchange *next;
  sr_wasm_client *client;
  uint32_t exchange_id;
  emscripten_fetch_t *fetch;
} pending_exchange;

typedef struct pending_timer {
  struct pending_timer *next;
  sr_wasm_client *client;
  uint32_t timer_id;
  long timeout_handle;
} pending_timer;

struct sr_wasm_client {
  sr_engine *engine;
  pending_exchange *exchanges;
  pending_timer *timers;
  char *last_storage_value; /* storage_get's answer, kept until the next call */
  /* The exchange emscripten_fetch is starting; NULL once it has completed
   * (the XHR's send can fail inside the call) and been freed. */
  pending_exchange *starting;
};

/* --- transport ------------------------------------------------------------ */

/* The userData of a fetch the engine no longer wants but could not abort. */
static pending_exchange detached;

static void forget_exchange(sr_wasm_client *client, pending_exchange *exchange) {
  for (pending_exchange **link = &client->exchanges; *link != NULL; link = &(*link)->next) {
    if (*link == exchange) {
      *link = exchange->next;
      break;
    }
  }
  free(exchange);
}

/* Both emscripten_fetch outcomes land here: non-2xx answers arrive through
 * onerror with their status, body and headers filled in. */
static void on_fetch_done(emscripten_fetch_t *fetch) {
  pending_exchange *exchange = fetch->userData;
  /* emscripten_fetch_close calls onerror for a fetch still in flight: the
   * abort path below closes with userData NULL, and wants no report. */
  if (exchange == NULL) return;
  if (exchange == &detached) {
    /* The engine forgot it, but its XHR could not be stopped: free the fetch
     * now that it has completed and nothing else will call. */
    fetch->userData = NULL;
    emscripten_fetch_close(fetch);
    return;
  }
  sr_wasm_client *client = exchange->client;
  uint32_t exchange_id = exchange->exchange_id;
  if (client->starting == exchange) client->starting = NULL;
  fetch->userData = NULL;
  forget_exchange(client, exchange);
  if (fetch->status == 0) {
    emscripten_fetch_close(fetch);
    sr_engine_on_failure(client->engine, exchange_id, SR_ERR_NETWORK);
    return;
  }
  char *headers = sr_host_response_headers(fetch->id);
  char *final_url = sr_host_response_url(fetch->id);
  sr_response response = {fetch->status, fetch->statusText, headers, (const uint8_t *)fetch->data,
                          (size_t)fetch->numBytes, final_url};
  sr_engine_on_response(client->engine, exchange_id, &response);
  free(headers);
  free(final_url);
  emscripten_fetch_close(fetch);
}

static int transport_send(void *user_data, const sr_exchange *exchange) {
  sr_wasm_client *client = user_data;
  pending_exchange *pending = malloc(sizeof *pending);
  const char **header_pairs = malloc((exchange->header_count * 2 + 1) * sizeof(char *));
  if (pending == NULL || header_pairs == NULL) {
    free(pending);
    free(header_pairs);
    return SR_ERR_NETWORK;
  }
  for (size_t i = 0; i < exchange->header_count; i++) {
    header_pairs[2 * i] = exchange->headers[i].name;
    header_pairs[2 * i + 1] = exchange->headers[i].value;
  }
  header_pairs[exchange->header_count * 2] = NULL;

  emscripten_fetch_attr_t attributes;
  emscripten_fetch_attr_init(&attributes);
  /* The engine refuses methods longer than SR_MAX_METHOD_LENGTH, so this fits. */
  _Static_assert(sizeof attributes.requestMethod > SR_MAX_METHOD_LENGTH, "method buffer");
  strncpy(attributes.requestMethod, exchange->method, sizeof attributes.requestMethod - 1);
  /* REPLACE with IndexedDB compiled out: straight to XMLHttpRequest, body
   * copied during the call (docs/toolchain.md). */
  attributes.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attributes.onsuccess = on_fetch_done;
  attributes.onerror = on_fetch_done;
  attributes.requestHeaders = header_pairs;
  attributes.withCredentials = exchange->with_credentials != 0;
  attributes.requestData = (const char *)exchange->body;
  attributes.requestDataSize = exchange->body_length;
  attributes.userData = pending;
  pending->client = client;
  pending->exchange_id = exchange->id;
  pending->next = client->exchanges;
  client->exchanges = pending;
  client->starting = pending;
  emscripten_fetch_t *fetch = emscripten_fetch(&attributes, exchange->url);
  free(header_pairs); /* read by the XHR set-up inside emscripten_fetch */
  if (client->starting == NULL) return 0; /* already completed: reported through on_fetch_done */
  client->starting = NULL;
  if (fetch == NULL) {
    forget_exchange(client, pending);
    return SR_ERR_NETWORK;
  }
  pending->fetch = fetch;
  sr_host_quiet_xhr(fetch->id);
  return 0;
}

static void transport_abort(void *user_data, uint32_t exchange_id) {
  sr_wasm_client *client = user_data;
  for (pending_exchange *exchange = client->exchanges; exchange != NULL; exchange = exchange->next) {
    if (exchange->exchange_id != exchange_id) continue;
    emscripten_fetch_t *fetch = exchange->fetch;
    if (sr_host_abort_xhr(fetch->id)) {
      fetch->userData = NULL;
      emscripten_fetch_close(fetch);
    } else {
      /* Closing a fetch whose XHR still runs would let its answer reach
       * freed memory: it stays open, detached, until it completes. */
      fetch->userData = &detached;
    }
    forget_exchange(client, exchange);
    return;
  }
}

/* --- timers ------------------------------------------------------------- */

static void on_timer_fired(void *user_data) {
  pending_timer *timer = user_data;
  sr_wasm_client *client = timer->client;
  uint32_t timer_id = timer->timer_id;
  for (pending_timer **link = &client->timers; *link != NULL; link = &(*link)->next) {
    if (*link == timer) {
      *link = timer->next;
      break;
    }
  }
  free(timer);
  sr_engine_on_timer(client->engine, timer_id);
}

static void start_timer(void *user_data, uint32_t timer_id, uint32_t ms) {
  sr_wasm_client *client = user_data;
  pending_timer *timer = malloc(sizeof *timer);
  if (timer == NULL) return; /* the engine's other bounds (refresh.timeout) still hold */
  timer->client = client;
  timer->timer_id = timer_id;
  timer->next = client->timers;
  client->timers = timer;
  timer->timeout_handle = emscripten_set_timeout(on_timer_fired, ms, timer);
}

static void stop_timer(void *user_data, uint32_t timer_id) {
  sr_wasm_client *client = user_data;
  for (pending_timer **link = &client->timers; *link != NULL; link = &(*link)->next) {
    pending_timer *timer = *link;
    if (timer->timer_id != timer_id) continue;
    emscripten_clear_timeout(timer->timeout_handle);
    *link = timer->next;
    free(timer);
    return;
  }
}

/* --- storage, settlement, events, locks ----------------------------------- */

static const char *storage_get(void *user_data, const char *key) {
  sr_wasm_client *client = user_data;
  free(client->last_storage_value);
  client->last_storage_value = sr_host_storage_get(client, key);
  return client->last_storage_value;
}

static void storage_set(void *user_data, const char *key, const char *value) {
  sr_host_storage_set(user_data, key, value);
}

static void settle(void *user_data, const sr_settlement *s) {
  const sr_response *r = s->response;
  sr_host_settle(user_data, s->handle, s->result, s->transient, s->message, r != NULL ? r->status : 0,
                 r != NULL ? r->status_text : NULL, r != NULL ? r->headers : NULL, r != NULL ? r->body : NULL,
                 r != NULL ? r->body_length : 0);
}

static void emit_event(void *user_data, const sr_event *e) {
  sr_host_event(user_data, (int)e->type, e->url, e->queue_length, e->token, e->transient, e->status, e->message,
                e->expires_in);
}

static double clock_seconds(void *user_data) {
  (void)user_data;
  return sr_host_now_seconds();
}

static void acquire_lock(void *user_data, const char *name, uint32_t ticket) {
  sr_host_acquire_lock(user_data, name, ticket);
}

static void release_lock(void *user_data, uint32_t ticket) { sr_host_release_lock(user_data, ticket); }

static int origin_of(void *user_data, const char *url, char *out, size_t out_size) {
  (void)user_data;
  return sr_host_origin_of(url, out, out_size);
}

static double token_expiry(void *user_data, const char *token) { return sr_host_token_expiry(user_data, token); }

static const sr_callbacks callbacks = {transport_send, transport_abort, settle,       storage_get,
                                       storage_set,    start_timer,     stop_timer,   emit_event,
                                       origin_of,      clock_seconds,   token_expiry, acquire_lock,
                                       release_lock};

/* --- exported ------------------------------------------------------------- */

/* Returns the client, or NULL with *error_out set to a malloc'd message (left
 * unset when memory ran out). Strings and bodies from JS are NULL when JS
 * could not allocate them. */
sr_wasm_client *sr_wasm_create(const char *options_json, char **error_out) {
  if (options_json == NULL) return NULL;
  sr_wasm_client *client = calloc(1, sizeof *client);
  if (client == NULL) return NULL;
  if (sr_engine_new(&client->engine, options_json, strlen(options_json), &callbacks, client, NULL,
                    error_out) != SR_OK) {
    free(client);
    return NULL;
  }
  return client;
}

int sr_wasm_submit(sr_wasm_client *client, uint32_t handle, const char *request_json,
                                        const uint8_t *body, size_t body_length) {
  if (request_json == NULL || (body == NULL && body_length > 0)) return SR_ERR_NO_MEMORY;
  return sr_engine_submit_json(client->engine, handle, request_json, strlen(request_json), body, body_length);
}

int sr_wasm_cancel(sr_wasm_client *client, uint32_t handle) {
  return sr_engine_cancel(client->engine, handle);
}

int sr_wasm_lock_acquired(sr_wasm_client *client, uint32_t ticket) {
  return sr_engine_on_lock_acquired(client->engine, ticket);
}

/* The layout of sr_wasm_stats' output: one double per field (the counters
 * outgrow 32 bits), in this order. js-glue/client.js reads them by the same
 * names in camelCase (STATS_FIELDS); tests/js/boundary.test.js compares. */
enum {
  STAT_REQUESTS,
  STAT_REFRESHES,
  STAT_QUEUED,
  STAT_RETRIED,
  STAT_FAILED,
  STAT_IN_FLIGHT,
  STAT_QUEUE_LENGTH,
  STAT_HEAP_BYTES,
  STAT_COUNT
};

void sr_wasm_stats(sr_wasm_client *client, double out[STAT_COUNT]) {
  sr_stats stats;
  sr_engine_stats(client->engine, &stats);
  out[STAT_REQUESTS] = (double)stats.requests;
  out[STAT_REFRESHES] = (double)stats.refreshes;
  out[STAT_QUEUED] = (double)stats.queued;
  out[STAT_RETRIED] = (double)stats.retried;
  out[STAT_FAILED] = (double)stats.failed;
  out[STAT_IN_FLIGHT] = stats.in_flight;
  out[STAT_QUEUE_LENGTH] = stats.queue_length;
  out[STAT_HEAP_BYTES] = (double)mallinfo().uordblks;
}

void sr_wasm_destroy(sr_wasm_client *client) {
  sr_engine_free(client->engine); /* aborts exchanges and stops timers through the callbacks */
  while (client->timers != NULL) stop_timer(client, client->timers->timer_id);
  while (client->exchanges != NULL) transport_abort(client, client->exchanges->exchange_id);
  free(client->last_storage_value);
  free(client);
}

const char *sr_wasm_strerror(int result) { return sr_strerror(result); }
