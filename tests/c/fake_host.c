#include "fake_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

static char *copy_text(const char *text) {
  if (text == NULL) return NULL;
  size_t length = strlen(text) + 1;
  char *copy = malloc(length);
  if (copy == NULL) abort();
  memcpy(copy, text, length);
  return copy;
}

static void *grow(void *array, size_t count, size_t size) {
  void *bigger = realloc(array, (count + 1) * size);
  if (bigger == NULL) abort();
  return bigger;
}

/* --- callbacks -------------------------------------------------------------- */

static int on_send(void *user_data, const sr_exchange *exchange) {
  fake_host *host = user_data;
  if (host->refuse_sends) return SR_ERR_NETWORK;
  recorded_exchange *record = calloc(1, sizeof *record);
  if (record == NULL) abort();
  record->id = exchange->id;
  record->method = copy_text(exchange->method);
  record->url = copy_text(exchange->url);
  size_t header_bytes = 1;
  for (size_t i = 0; i < exchange->header_count; i++)
    header_bytes += strlen(exchange->headers[i].name) + strlen(exchange->headers[i].value) + 3;
  record->headers = calloc(1, header_bytes);
  if (record->headers == NULL) abort();
  for (size_t i = 0; i < exchange->header_count; i++) {
    strcat(record->headers, exchange->headers[i].name);
    strcat(record->headers, ": ");
    strcat(record->headers, exchange->headers[i].value);
    strcat(record->headers, "\n");
  }
  record->body = malloc(exchange->body_length + 1);
  if (record->body == NULL) abort();
  if (exchange->body_length > 0) memcpy(record->body, exchange->body, exchange->body_length);
  record->body[exchange->body_length] = '\0';
  record->body_length = exchange->body_length;
  record->is_refresh = exchange->is_refresh;
  record->with_credentials = exchange->with_credentials;
  host->exchanges = grow(host->exchanges, host->exchange_count, sizeof *host->exchanges);
  host->exchanges[host->exchange_count++] = record;
  return 0;
}

static void on_abort(void *user_data, uint32_t exchange_id) {
  fake_host *host = user_data;
  host->aborts++;
  for (size_t i = 0; i < host->exchange_count; i++)
    if (host->exchanges[i]->id == exchange_id) host->exchanges[i]->aborted = 1;
}

static void on_settle(void *user_data, const sr_settlement *settlement) {
  fake_host *host = user_data;
  host->settlements = grow(host->settlements, host->settlement_count, sizeof *host->settlements);
  recorded_settlement *record = &host->settlements[host->settlement_count++];
  memset(record, 0, sizeof *record);
  record->handle = settlement->handle;
  record->result = settlement->result;
  record->transient = settlement->transient;
  record->message = copy_text(settlement->message);
  if (settlement->response != NULL) {
    record->status = settlement->response->status;
    record->body = calloc(1, settlement->response->body_length + 1);
    if (record->body == NULL) abort();
    if (settlement->response->body_length > 0)
      memcpy(record->body, settlement->response->body, settlement->response->body_length);
  }
}

static int key_index(const fake_host *host, const char *key) {
  for (int i = 0; i < 8; i++)
    if (host->keys[i] != NULL && strcmp(host->keys[i], key) == 0) return i;
  return -1;
}

static const char *on_storage_get(void *user_data, const char *key) {
  return fake_host_stored(user_data, key);
}

static void on_storage_set(void *user_data, const char *key, const char *value) {
  ((fake_host *)user_data)->storage_writes++;
  fake_host_store(user_data, key, value);
}

static void on_start_timer(void *user_data, uint32_t timer_id, uint32_t ms) {
  fake_host *host = user_data;
  host->timers = grow(host->timers, host->timer_count, sizeof *host->timers);
  host->timers[host->timer_count++] = (recorded_timer){timer_id, ms, 1};
}

static void on_stop_timer(void *user_data, uint32_t timer_id) {
  fake_host *host = user_data;
  for (size_t i = 0; i < host->timer_count; i++)
    if (host->timers[i].id == timer_id) host->timers[i].active = 0;
}

static void on_event(void *user_data, const sr_event *event) {
  fake_host *host = user_data;
  host->events[event->type]++;
  host->last_queue_length = event->queue_length;
  if (event->type == SR_EVENT_REFRESHED) {
    free(host->last_refreshed_token);
    host->last_refreshed_token = copy_text(event->token);
    host->last_expires_in = event->expires_in;
    /* What a host does: keep the lifetime with the token. */
    if (event->expires_in > 0) fake_host_set_expiry(host, event->token, host->now + event->expires_in);
  }
  if (event->type == SR_EVENT_REFRESH_FAILED) {
    host->last_failure_transient = event->transient;
    free(host->last_event_message);
    host->last_event_message = copy_text(event->message);
  }
}

static double on_clock(void *user_data) { return ((fake_host *)user_data)->now; }

static double on_token_expiry(void *user_data, const char *token) {
  fake_host *host = user_data;
  for (int i = 0; i < 8; i++)
    if (host->expiring_tokens[i] != NULL && strcmp(host->expiring_tokens[i], token) == 0) return host->expiries[i];
  return 0;
}

void fake_host_set_expiry(fake_host *host, const char *token, double expiry) {
  int slot = 0;
  for (int i = 0; i < 8; i++) {
    if (host->expiring_tokens[i] != NULL && strcmp(host->expiring_tokens[i], token) == 0) {
      slot = i;
      break;
    }
    if (host->expiring_tokens[i] == NULL) slot = i;
  }
  free(host->expiring_tokens[slot]);
  host->expiring_tokens[slot] = copy_text(token);
  host->expiries[slot] = expiry;
}

/* A conservative reading for the tests (the product reads origins with the
 * browser's URL parser): http(s) only, lower case, default port dropped, and
 * anything doubtful (user info, backslashes, escapes) has no origin. */
static int on_origin_of(void *user_data, const char *url, char *out, size_t out_size) {
  (void)user_data;
  size_t scheme = strncasecmp(url, "https://", 8) == 0 ? 8 : strncasecmp(url, "http://", 7) == 0 ? 7 : 0;
  if (scheme == 0) return 0;
  size_t authority = strcspn(url + scheme, "/?#");
  const char *default_port = scheme == 8 ? ":443" : ":80";
  size_t length = scheme + authority;
  if (authority == 0 || strcspn(url + scheme, "@\\%") < authority || length >= out_size) return 0;
  if (length > strlen(default_port) && strncmp(url + length - strlen(default_port), default_port, strlen(default_port)) == 0)
    length -= strlen(default_port);
  for (size_t i = 0; i < length; i++) out[i] = (char)tolower((unsigned char)url[i]);
  out[length] = '\0';
  return 1;
}

static void on_acquire_lock(void *user_data, const char *name, uint32_t ticket) {
  fake_host *host = user_data;
  (void)name;
  host->lock_requests++;
  host->lock_requested_ticket = ticket;
}

static void on_release_lock(void *user_data, uint32_t ticket) {
  fake_host *host = user_data;
  (void)ticket;
  host->lock_releases++;
}

/* --- set-up ------------------------------------------------------------------ */

static int start(fake_host *host, const char *options_json, const sr_allocator *allocator, char **message_out) {
  sr_callbacks callbacks = {on_send,        on_abort,      on_settle, on_storage_get,  on_storage_set,
                            on_start_timer, on_stop_timer, on_event,  on_origin_of,    on_clock,
                            on_token_expiry, NULL,         NULL};
  if (host->use_lock) {
    callbacks.acquire_lock = on_acquire_lock;
    callbacks.release_lock = on_release_lock;
  }
  return sr_engine_new(&host->engine, options_json, strlen(options_json), &callbacks, host, allocator,
                       message_out);
}

int fake_host_start(fake_host *host, const char *options_json, const sr_allocator *allocator) {
  return start(host, options_json, allocator, NULL);
}

int fake_host_start_with_message(fake_host *host, const char *options_json, char **message_out) {
  return start(host, options_json, NULL, message_out);
}

void fake_host_stop(fake_host *host) {
  sr_engine_free(host->engine);
  host->engine = NULL;
  for (int i = 0; i < 8; i++) {
    free(host->keys[i]);
    free(host->values[i]);
    free(host->expiring_tokens[i]);
  }
  for (size_t i = 0; i < host->exchange_count; i++) {
    recorded_exchange *record = host->exchanges[i];
    free(record->method);
    free(record->url);
    free(record->headers);
    free(record->body);
    free(record);
  }
  free(host->exchanges);
  for (size_t i = 0; i < host->settlement_count; i++) {
    free(host->settlements[i].body);
    free(host->settlements[i].message);
  }
  free(host->settlements);
  free(host->timers);
  free(host->last_refreshed_token);
  free(host->last_event_message);
  memset(host, 0, sizeof *host);
}

/* --- storage ----------------------------------------------------------------- */

void fake_host_store(fake_host *host, const char *key, const char *value) {
  int index = key_index(host, key);
  if (index < 0) {
    if (value == NULL) return;
    for (index = 0; index < 8 && host->keys[index] != NULL; index++) {
    }
    if (index == 8) abort();
    host->keys[index] = copy_text(key);
  }
  free(host->values[index]);
  host->values[index] = copy_text(value);
  if (value == NULL) {
    free(host->keys[index]);
    host->keys[index] = NULL;
  }
}

const char *fake_host_stored(const fake_host *host, const char *key) {
  int index = key_index(host, key);
  return index < 0 ? NULL : host->values[index];
}

/* --- driving ----------------------------------------------------------------- */

int fake_host_get(fake_host *host, uint32_t handle, const char *url) {
  sr_request request = {handle, "GET", url, NULL, 0, NULL, 0, 0, 0, 0, 0};
  return sr_engine_submit(host->engine, &request);
}

static recorded_exchange *nth(fake_host *host, size_t n, int is_refresh) {
  for (size_t i = 0; i < host->exchange_count; i++)
    if (host->exchanges[i]->is_refresh == is_refresh && n-- == 0) return host->exchanges[i];
  return NULL;
}

recorded_exchange *fake_host_request_exchange(fake_host *host, size_t n) { return nth(host, n, 0); }
recorded_exchange *fake_host_refresh_exchange(fake_host *host, size_t n) { return nth(host, n, 1); }

size_t fake_host_count_refreshes(const fake_host *host) {
  size_t count = 0;
  for (size_t i = 0; i < host->exchange_count; i++) count += (size_t)host->exchanges[i]->is_refresh;
  return count;
}

size_t fake_host_count_open_exchanges(const fake_host *host) {
  size_t count = 0;
  for (size_t i = 0; i < host->exchange_count; i++)
    count += (size_t)(!host->exchanges[i]->answered && !host->exchanges[i]->aborted);
  return count;
}

const char *fake_host_header(const recorded_exchange *exchange, const char *name, char *buffer,
                             size_t buffer_size) {
  size_t name_length = strlen(name);
  for (const char *line = exchange->headers; *line != '\0';) {
    const char *end = strchr(line, '\n');
    if (strncmp(line, name, name_length) == 0 && line[name_length] == ':') {
      size_t value_length = (size_t)(end - line) - name_length - 2;
      if (value_length >= buffer_size) return NULL;
      memcpy(buffer, line + name_length + 2, value_length);
      buffer[value_length] = '\0';
      return buffer;
    }
    line = end + 1;
  }
  return NULL;
}

int fake_host_answer(fake_host *host, recorded_exchange *exchange, int status, const char *body) {
  exchange->answered = 1;
  /* No redirect: the answer comes from the exchange's own URL. */
  sr_response response = {status, "", "content-type: application/json\r\n", (const uint8_t *)body,
                          body != NULL ? strlen(body) : 0, exchange->url};
  return sr_engine_on_response(host->engine, exchange->id, &response);
}

int fake_host_fail(fake_host *host, recorded_exchange *exchange) {
  exchange->answered = 1;
  return sr_engine_on_failure(host->engine, exchange->id, SR_ERR_NETWORK);
}

int fake_host_fire_timer(fake_host *host, uint32_t ms) {
  for (size_t i = host->timer_count; i-- > 0;) {
    recorded_timer *timer = &host->timers[i];
    if (timer->active && (ms == 0 || timer->ms == ms)) {
      timer->active = 0;
      return sr_engine_on_timer(host->engine, timer->id);
    }
  }
  return SR_ERR_UNKNOWN_ID;
}

size_t fake_host_active_timers(const fake_host *host) {
  size_t count = 0;
  for (size_t i = 0; i < host->timer_count; i++) count += (size_t)host->timers[i].active;
  return count;
}

int fake_host_grant_lock(fake_host *host) {
  return sr_engine_on_lock_acquired(host->engine, host->lock_requested_ticket);
}

const recorded_settlement *fake_host_settlement(const fake_host *host, uint32_t handle) {
  static recorded_settlement never_settled = {0, FAKE_HOST_NEVER_SETTLED, 0, 0, "", ""};
  for (size_t i = 0; i < host->settlement_count; i++)
    if (host->settlements[i].handle == handle) return &host->settlements[i];
  fprintf(stderr, "  handle %u was never settled\n", (unsigned)handle);
  never_settled.handle = handle;
  return &never_settled;
}

size_t fake_host_settlements_of(const fake_host *host, uint32_t handle) {
  size_t count = 0;
  for (size_t i = 0; i < host->settlement_count; i++) count += (size_t)(host->settlements[i].handle == handle);
  return count;
}
