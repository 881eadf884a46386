/* Requests: submission, sending, answers, timeouts, cancellation. The refresh
 * cycle they may wait for lives in refresh.c. */
#include <string.h>

#include "engine.h"

const char *sr_strerror(int result) {
  switch (result) {
    case SR_OK: return "ok";
    case SR_ERR_BAD_RESPONSE: return "the server answered with an error status";
    case SR_ERR_NETWORK: return "no response from the server";
    case SR_ERR_TIMEOUT: return "the request timed out";
    case SR_ERR_CANCELED: return "the request was canceled";
    case SR_ERR_REFRESH_FAILED: return "the token refresh failed";
    case SR_ERR_TOKEN_EXPIRED: return "the token was refused again after a refresh";
    case SR_ERR_BAD_OPTION: return "invalid option or request";
    case SR_ERR_NO_MEMORY: return "out of memory";
    case SR_ERR_UNKNOWN_ID: return "no such request or exchange";
    default: return "unknown error";
  }
}

/* --- the live request list ------------------------------------------------ */

static void link_request(sr_engine *engine, sr__request *request) {
  request->previous = engine->last_request;
  request->next = NULL;
  if (engine->last_request != NULL) engine->last_request->next = request;
  else engine->first_request = request;
  engine->last_request = request;
}

static void unlink_request(sr_engine *engine, sr__request *request) {
  if (request->previous != NULL) request->previous->next = request->next;
  else engine->first_request = request->next;
  if (request->next != NULL) request->next->previous = request->previous;
  else engine->last_request = request->previous;
}

static sr__request *find_by_handle(const sr_engine *engine, uint32_t handle) {
  for (sr__request *r = engine->first_request; r != NULL; r = r->next)
    if (r->handle == handle) return r;
  return NULL;
}

static sr__request *find_by_exchange(const sr_engine *engine, uint32_t exchange_id) {
  for (sr__request *r = engine->first_request; r != NULL; r = r->next)
    if (r->exchange_id == exchange_id) return r;
  return NULL;
}

uint32_t sr__next_id(sr_engine *engine) {
  if (++engine->next_id == 0) engine->next_id = 1; /* 0 means "none" */
  return engine->next_id;
}

/* --- the token as storage shows it ---------------------------------------- */

static int same_text(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return strcmp(a, b) == 0;
}

int sr__sync_token(sr_engine *engine) {
  const char *stored = engine->callbacks.storage_get(engine->user_data, engine->config.token_key);
  /* A token that cannot travel in a header is as good as none: the server
   * will answer "expired" and the refresh replaces it. */
  if (stored != NULL && (stored[0] == '\0' || !sr__header_value_is_valid(stored))) stored = NULL;
  if (same_text(stored, engine->token)) return SR_OK;
  char *token = NULL;
  char *header_value = NULL;
  if (stored != NULL) {
    token = sr__strdup(&engine->allocator, stored);
    header_value = sr__concat(&engine->allocator, engine->config.token_prefix, stored, NULL, NULL);
    if (token == NULL || header_value == NULL) {
      sr__free(&engine->allocator, token);
      sr__free(&engine->allocator, header_value);
      return SR_ERR_NO_MEMORY;
    }
  }
  sr__free(&engine->allocator, engine->token);
  sr__free(&engine->allocator, engine->token_header_value);
  engine->token = token;
  engine->token_header_value = header_value;
  if (++engine->token_generation == 0) engine->token_generation = 1;
  return SR_OK;
}

/* --- settling ------------------------------------------------------------- */

static void settle(sr_engine *engine, sr__request *request, int result, int transient,
                   const char *message, const sr_response *response) {
  if (request->queued) sr__queue_remove(&engine->refresh_queue, request);
  unlink_request(engine, request);
  if (result != SR_OK) engine->stats.failed++;
  sr_settlement settlement = {request->handle, result, transient,
                              message != NULL ? message : sr_strerror(result), response};
  engine->callbacks.settle(engine->user_data, &settlement);
  sr__free(&engine->allocator, request);
}

/* Stops whatever the request has in flight, without settling it. */
static void stop_exchange(sr_engine *engine, sr__request *request, int abort_transport) {
  if (request->exchange_id == 0) return;
  if (abort_transport) engine->callbacks.abort(engine->user_data, request->exchange_id);
  if (request->timeout_ms > 0) engine->callbacks.stop_timer(engine->user_data, request->exchange_id);
  request->exchange_id = 0;
  engine->stats.in_flight--;
}

void sr__fail_request(sr_engine *engine, sr__request *request, int result, int transient,
                      const char *message) {
  stop_exchange(engine, request, 1);
  settle(engine, request, result, transient, message, NULL);
}

/* --- sending -------------------------------------------------------------- */

void sr__send_request(sr_engine *engine, sr__request *request) {
  size_t header_count = request->header_count;
  request->token_generation = 0;
  if (request->may_carry_token) {
    if (sr__sync_token(engine) != SR_OK) {
      sr__fail_request(engine, request, SR_ERR_NO_MEMORY, 1, NULL);
      return;
    }
    if (engine->token != NULL) {
      /* The spare slot after the caller's headers carries the token. */
      request->headers[header_count].name = engine->config.token_header;
      request->headers[header_count].value = engine->token_header_value;
      header_count++;
      request->token_generation = engine->token_generation;
    }
  }
  if (request->token_only) {
    /* getTokenSilently: the token it waited for is in storage now. */
    settle(engine, request, SR_OK, 0, NULL, NULL);
    return;
  }
  request->exchange_id = sr__next_id(engine);
  sr_exchange exchange = {request->exchange_id, request->method, request->url, request->headers,
                          header_count, request->body, request->body_length, 0, request->with_credentials};
  engine->stats.in_flight++;
  if (engine->callbacks.send(engine->user_data, &exchange) != 0) {
    request->exchange_id = 0;
    engine->stats.in_flight--;
    settle(engine, request, SR_ERR_NETWORK, 1, "the transport could not start the request", NULL);
    return;
  }
  if (request->timeout_ms > 0)
    engine->callbacks.start_timer(engine->user_data, request->exchange_id, request->timeout_ms);
}

void sr__enqueue(sr_engine *engine, sr__request *request) {
  sr__queue_push(&engine->refresh_queue, request);
  engine->stats.queued++;
  sr_event event = {SR_EVENT_QUEUED, request->url, engine->refresh_queue.length, NULL, 0, 0, 0, NULL, 0};
  engine->callbacks.event(engine->user_data, &event);
}

/* --- submission ------------------------------------------------------------ */

static int request_is_valid(const sr_request *request) {
  if (request->handle == 0 || request->url == NULL || request->url[0] == '\0') return 0;
  if (request->method != NULL && !sr__method_is_valid(request->method)) return 0;
  for (const unsigned char *c = (const unsigned char *)request->url; *c != '\0'; c++)
    if (*c < 0x20 || *c == 0x7f) return 0;
  if (request->header_count > 0 && request->headers == NULL) return 0;
  for (size_t i = 0; i < request->header_count; i++)
    if (!sr__header_name_is_valid(request->headers[i].name) ||
        !sr__header_value_is_valid(request->headers[i].value))
      return 0;
  return request->body != NULL || request->body_length == 0;
}

int sr__origin_of(const sr_engine *engine, const char *url, char origin[SR__ORIGIN_MAX]) {
  return engine->callbacks.origin_of(engine->user_data, url, origin, SR__ORIGIN_MAX);
}

static int origin_is_trusted(const sr_engine *engine, const char *url) {
  char origin[SR__ORIGIN_MAX];
  if (!sr__origin_of(engine, url, origin)) return 0;
  for (size_t i = 0; i < engine->config.token_origin_count; i++)
    if (strcmp(origin, engine->config.token_origins[i]) == 0) return 1;
  return 0;
}

/* Copies everything the request needs for a replay into one allocation. */
static sr__request *copy_request(sr_engine *engine, const sr_request *source, const char *url) {
  const char *method = source->method != NULL ? source->method : "GET";
  size_t strings = strlen(method) + 1 + strlen(url) + 1;
  for (size_t i = 0; i < source->header_count; i++)
    strings += strlen(source->headers[i].name) + 1 + strlen(source->headers[i].value) + 1;
  size_t header_bytes = (source->header_count + 1) * sizeof(sr_header);
  size_t total = sizeof(sr__request) + header_bytes + strings + source->body_length;
  if (total < source->body_length) return NULL; /* overflow */
  sr__request *request = sr__alloc(&engine->allocator, total);
  if (request == NULL) return NULL;
  memset(request, 0, sizeof *request);
  request->headers = (sr_header *)(void *)(request + 1);
  char *cursor = (char *)request->headers + header_bytes;
#define SR__COPY_STRING(target, text)      \
  do {                                     \
    size_t length_ = strlen(text) + 1;     \
    memcpy(cursor, (text), length_);       \
    (target) = cursor;                     \
    cursor += length_;                     \
  } while (0)
  SR__COPY_STRING(request->method, method);
  SR__COPY_STRING(request->url, url);
  for (size_t i = 0; i < source->header_count; i++) {
    SR__COPY_STRING(request->headers[i].name, source->headers[i].name);
    SR__COPY_STRING(request->headers[i].value, source->headers[i].value);
  }
#undef SR__COPY_STRING
  request->header_count = source->header_count;
  if (source->body_length > 0) memcpy(cursor, source->body, source->body_length);
  request->body = source->body_length > 0 ? (const uint8_t *)cursor : NULL;
  request->body_length = source->body_length;
  request->handle = source->handle;
  request->with_credentials = source->with_credentials;
  request->token_only = source->token_only;
  request->timeout_ms = source->timeout_ms > 0 ? source->timeout_ms : engine->config.timeout_ms;
  return request;
}

/* The engine owns the token header of a request that may carry the token: a
 * caller's header of that name would be sent beside it, joined by a comma. */
static void drop_header(sr__request *request, const char *name) {
  size_t kept = 0;
  for (size_t i = 0; i < request->header_count; i++)
    if (!sr__ascii_equal_ignoring_case(request->headers[i].name, name))
      request->headers[kept++] = request->headers[i];
  request->header_count = kept;
}

int sr__token_is_due(sr_engine *engine) {
  const sr_callbacks *host = &engine->callbacks;
  if (engine->config.before_expiry_seconds <= 0 || host->clock_seconds == NULL || host->token_expiry == NULL ||
      engine->token == NULL)
    return 0;
  double expiry = host->token_expiry(engine->user_data, engine->token);
  return expiry > 0 && expiry - host->clock_seconds(engine->user_data) <= engine->config.before_expiry_seconds;
}

/* refresh.beforeExpiry: is the current token within its last seconds? Only
 * this check needs the token before sending; sr__send_request reads it
 * anyway, so without beforeExpiry a request costs one storage read. A token
 * that was due the moment it arrived (its whole life is shorter than
 * beforeExpiry) is not refreshed ahead again, or every request would refresh. */
static int token_expires_soon(sr_engine *engine) {
  if (engine->config.before_expiry_seconds <= 0 || sr__sync_token(engine) != SR_OK) return 0;
  return engine->proactive_generation != engine->token_generation && sr__token_is_due(engine);
}

int sr_engine_submit(sr_engine *engine, const sr_request *source) {
  if (engine == NULL || source == NULL || !request_is_valid(source)) return SR_ERR_BAD_OPTION;
  if (find_by_handle(engine, source->handle) != NULL) return SR_ERR_BAD_OPTION;
  char *url = sr__url_resolve(&engine->allocator, engine->config.base_url, source->url);
  if (url == NULL) return SR_ERR_NO_MEMORY;
  sr__request *request = copy_request(engine, source, url);
  sr__free(&engine->allocator, url);
  if (request == NULL) return SR_ERR_NO_MEMORY;
  request->may_carry_token = source->token_only || (!source->skip_auth && origin_is_trusted(engine, request->url));
  if (request->may_carry_token) drop_header(request, engine->config.token_header);
  link_request(engine, request);
  engine->stats.requests++;
  if (request->may_carry_token && engine->refresh_state != SR__IDLE) {
    /* The token it would carry is being replaced: wait instead of sending a
     * request bound to come back "expired". */
    sr__enqueue(engine, request);
  } else if (request->may_carry_token && token_expires_soon(engine)) {
    engine->proactive_generation = engine->token_generation;
    sr__enqueue(engine, request);
    sr__start_refresh(engine, engine->token_generation);
  } else if (request->token_only && (sr__sync_token(engine) != SR_OK || engine->token == NULL)) {
    /* getTokenSilently with no token at all: fetch one (cookie mode after a
     * reload, say), or fail the way a refresh without a refresh token fails. */
    sr__enqueue(engine, request);
    sr__start_refresh(engine, engine->token_generation);
  } else {
    sr__send_request(engine, request);
  }
  return SR_OK;
}

/* --- answers ---------------------------------------------------------------- */

/* Cheap test before parsing: the body must mention the path's last key. A
 * backslash might hide the key behind a \u escape, so it forces a parse. */
static int body_may_hold_key(const sr_response *response, const char *path) {
  const char *last_dot = strrchr(path, '.');
  const char *key = last_dot != NULL ? last_dot + 1 : path;
  size_t key_length = strlen(key);
  const uint8_t *body = response->body;
  size_t length = response->body_length;
  if (memchr(body, '\\', length) != NULL) return 1;
  for (size_t i = 0; i + key_length + 2 <= length; i++)
    if (body[i] == '"' && body[i + key_length + 1] == '"' && memcmp(body + i + 1, key, key_length) == 0)
      return 1;
  return 0;
}

/* The JSON scalars bodyValues hold (numbers, strings, booleans) compare by
 * value; cJSON_Compare would bring in a recursive compare of whole trees. */
static int same_scalar(const cJSON *a, const cJSON *b) {
  if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) return a->valuedouble == b->valuedouble;
  if (cJSON_IsString(a) && cJSON_IsString(b)) return strcmp(a->valuestring, b->valuestring) == 0;
  return (cJSON_IsTrue(a) && cJSON_IsTrue(b)) || (cJSON_IsFalse(a) && cJSON_IsFalse(b));
}

int sr__response_means_expired(const sr_engine *engine, const sr_response *response) {
  const sr__config *config = &engine->config;
  for (size_t i = 0; i < config->expired_status_count; i++)
    if (response->status == config->expired_statuses[i]) return 1;
  if (config->expired_body_path == NULL ||
      (config->expired_body_values != NULL && cJSON_GetArraySize(config->expired_body_values) == 0) ||
      response->body == NULL || response->body_length == 0)
    return 0;
  size_t start = 0;
  while (start < response->body_length && (response->body[start] == ' ' || response->body[start] == '\t' ||
                                           response->body[start] == '\r' || response->body[start] == '\n'))
    start++;
  if (start == response->body_length || (response->body[start] != '{' && response->body[start] != '['))
    return 0;
  if (!body_may_hold_key(response, config->expired_body_path)) return 0;
  /* Out of memory here reads as "not expired": the answer is delivered. */
  cJSON *document = cJSON_ParseWithLength((const char *)response->body, response->body_length);
  const cJSON *value = sr__json_at_path(document, config->expired_body_path);
  /* expiredWhen.bodyValues defaults to [4001]. */
  int expired = config->expired_body_values == NULL && cJSON_IsNumber(value) && value->valuedouble == 4001;
  const cJSON *candidate;
  if (value != NULL) {
    cJSON_ArrayForEach(candidate, config->expired_body_values) {
      if (same_scalar(value, candidate)) {
        expired = 1;
        break;
      }
    }
  }
  cJSON_Delete(document);
  return expired;
}

static void on_expired(sr_engine *engine, sr__request *request, const sr_response *response) {
  if (++request->expired_answers > 1) {
    settle(engine, request, SR_ERR_TOKEN_EXPIRED, 0, NULL, response);
    return;
  }
  if (sr__sync_token(engine) != SR_OK) {
    settle(engine, request, SR_ERR_NO_MEMORY, 1, NULL, NULL);
    return;
  }
  if (engine->token == NULL && request->token_generation != 0 && engine->token_generation != request->token_generation) {
    /* The session ended (a failed refresh, a logout) while it was in flight:
     * it shares the outcome without starting a cycle that could only fail. */
    settle(engine, request, SR_ERR_REFRESH_FAILED, 0, "the session ended while the request was in flight", NULL);
    return;
  }
  if (engine->token != NULL && engine->token_generation != request->token_generation) {
    /* It carried a token that has since been replaced: replay it now. */
    engine->stats.retried++;
    sr_event event = {SR_EVENT_RETRY, request->url, 0, NULL, 0, 0, 0, NULL, 0};
    engine->callbacks.event(engine->user_data, &event);
    sr__send_request(engine, request);
    return;
  }
  sr__enqueue(engine, request);
  if (engine->refresh_state == SR__IDLE) sr__start_refresh(engine, request->token_generation);
}

/* A redirect to a foreign origin is that origin's answer: its "expired"
 * must not make us refresh, or replay the token towards it. When the host
 * cannot tell where the answer came from (no final URL), it may be such an
 * answer, so it is treated as one: fail closed. */
static int answered_by_trusted_origin(const sr_engine *engine, const sr_response *response) {
  return response->final_url != NULL && response->final_url[0] != '\0' &&
         origin_is_trusted(engine, response->final_url);
}

/* Whether retrying a request that got this status later may succeed: a
 * server error, a request timeout (408) or rate limiting (429). Only a hint
 * to the caller; the engine itself retries nothing on it. The refresh has a
 * stricter rule of its own (refresh.c, refresh_failure_is_transient). */
static int request_failure_is_transient(int status) {
  return status >= 500 || status == 408 || status == 429;
}

int sr_engine_on_response(sr_engine *engine, uint32_t exchange_id, const sr_response *response) {
  if (engine == NULL || response == NULL || exchange_id == 0) return SR_ERR_UNKNOWN_ID;
  if (engine->refresh_state == SR__REFRESHING && exchange_id == engine->refresh_exchange_id) {
    sr__refresh_on_response(engine, response);
    return SR_OK;
  }
  sr__request *request = find_by_exchange(engine, exchange_id);
  if (request == NULL) return SR_ERR_UNKNOWN_ID;
  stop_exchange(engine, request, 0);
  if (response->status == 0) {
    settle(engine, request, SR_ERR_NETWORK, 1, NULL, NULL);
  } else if ((request->token_generation != 0 || (request->may_carry_token && engine->config.refresh_token_key == NULL)) &&
             answered_by_trusted_origin(engine, response) && sr__response_means_expired(engine, response)) {
    /* In cookie mode a request may go out without an access token (none yet,
     * or lost with a reload) while the refresh cookie can still fetch one. */
    on_expired(engine, request, response);
  } else if (response->status >= 200 && response->status < 300) {
    settle(engine, request, SR_OK, 0, NULL, response);
  } else {
    settle(engine, request, SR_ERR_BAD_RESPONSE, request_failure_is_transient(response->status), NULL, response);
  }
  return SR_OK;
}

int sr_engine_on_failure(sr_engine *engine, uint32_t exchange_id, int result) {
  if (engine == NULL || exchange_id == 0) return SR_ERR_UNKNOWN_ID;
  if (result != SR_ERR_TIMEOUT) result = SR_ERR_NETWORK;
  if (engine->refresh_state == SR__REFRESHING && exchange_id == engine->refresh_exchange_id) {
    sr__refresh_on_failure(engine, result);
    return SR_OK;
  }
  sr__request *request = find_by_exchange(engine, exchange_id);
  if (request == NULL) return SR_ERR_UNKNOWN_ID;
  stop_exchange(engine, request, 0);
  settle(engine, request, result, 1, NULL, NULL);
  return SR_OK;
}

int sr_engine_on_timer(sr_engine *engine, uint32_t timer_id) {
  if (engine == NULL || timer_id == 0) return SR_ERR_UNKNOWN_ID;
  if (engine->refresh_state != SR__IDLE && timer_id == engine->refresh_cycle_id) {
    sr__refresh_on_timeout(engine);
    return SR_OK;
  }
  sr__request *request = find_by_exchange(engine, timer_id);
  if (request == NULL) return SR_ERR_UNKNOWN_ID;
  engine->callbacks.abort(engine->user_data, request->exchange_id);
  request->exchange_id = 0;
  engine->stats.in_flight--;
  settle(engine, request, SR_ERR_TIMEOUT, 1, NULL, NULL);
  return SR_OK;
}

int sr_engine_cancel(sr_engine *engine, uint32_t handle) {
  if (engine == NULL) return SR_ERR_UNKNOWN_ID;
  sr__request *request = find_by_handle(engine, handle);
  if (request == NULL) return SR_ERR_UNKNOWN_ID;
  sr__fail_request(engine, request, SR_ERR_CANCELED, 0, NULL);
  return SR_OK;
}

int sr_engine_on_lock_acquired(sr_engine *engine, uint32_t ticket) {
  if (engine == NULL) return SR_ERR_UNKNOWN_ID;
  return sr__refresh_on_lock(engine, ticket);
}

void sr_engine_stats(const sr_engine *engine, sr_stats *stats_out) {
  *stats_out = engine->stats;
  stats_out->queue_length = (uint32_t)engine->refresh_queue.length;
}

/* --- life cycle --------------------------------------------------------------- */

static int callbacks_are_complete(const sr_callbacks *c) {
  return c != NULL && c->send != NULL && c->abort != NULL && c->settle != NULL && c->storage_get != NULL &&
         c->storage_set != NULL && c->start_timer != NULL && c->stop_timer != NULL && c->event != NULL && c->origin_of != NULL &&
         (c->acquire_lock == NULL) == (c->release_lock == NULL);
}

/* tokenOrigins in canonical form, read by the host like every other origin.
 * A listed origin that cannot be read is an error; the default (baseURL's
 * origin) may be unreadable (a relative baseURL and no page), and then no
 * request gets the token. */
static int canonical_token_origins(sr_engine *engine) {
  sr__config *config = &engine->config;
  int listed = cJSON_GetObjectItemCaseSensitive(config->document, "tokenOrigins") != NULL;
  for (size_t i = 0; i < config->token_origin_count; i++) {
    char origin[SR__ORIGIN_MAX];
    if (!sr__origin_of(engine, config->token_origins[i], origin)) {
      if (listed) return SR_ERR_BAD_OPTION;
      sr__free(&engine->allocator, config->token_origins[i]);
      config->token_origin_count = 0;
      return SR_OK;
    }
    char *canonical = sr__strdup(&engine->allocator, origin);
    if (canonical == NULL) return SR_ERR_NO_MEMORY;
    sr__free(&engine->allocator, config->token_origins[i]);
    config->token_origins[i] = canonical;
  }
  return SR_OK;
}

int sr_engine_new(sr_engine **engine_out, const char *options_json, size_t options_length,
                  const sr_callbacks *callbacks, void *user_data, const sr_allocator *allocator,
                  char **error_out) {
  if (error_out != NULL) *error_out = NULL;
  if (engine_out == NULL) return SR_ERR_BAD_OPTION;
  *engine_out = NULL;
  if (allocator == NULL) allocator = &sr__default_allocator;
  if (!callbacks_are_complete(callbacks) || options_json == NULL) {
    if (error_out != NULL) *error_out = sr__strdup(allocator, "option callbacks are incomplete");
    return SR_ERR_BAD_OPTION;
  }
  sr_engine *engine = sr__alloc(allocator, sizeof *engine);
  if (engine == NULL) return SR_ERR_NO_MEMORY;
  memset(engine, 0, sizeof *engine);
  engine->allocator = *allocator;
  engine->callbacks = *callbacks;
  engine->user_data = user_data;
  sr__queue_init(&engine->refresh_queue);
  int result = sr__config_parse(&engine->config, options_json, options_length, allocator, error_out);
  if (result != SR_OK) {
    sr__free(allocator, engine);
    return result;
  }
  result = canonical_token_origins(engine);
  if (result != SR_OK) {
    if (result == SR_ERR_BAD_OPTION && error_out != NULL)
      *error_out = sr__strdup(allocator, "option tokenOrigins is invalid");
    sr__config_free(&engine->config, allocator);
    sr__free(allocator, engine);
    return result;
  }
  *engine_out = engine;
  return SR_OK;
}

void sr_engine_free(sr_engine *engine) {
  if (engine == NULL) return;
  sr__refresh_abandon(engine);
  while (engine->first_request != NULL)
    sr__fail_request(engine, engine->first_request, SR_ERR_CANCELED, 0, "the client was destroyed");
  sr_allocator allocator = engine->allocator;
  sr__free(&allocator, engine->token);
  sr__free(&allocator, engine->token_header_value);
  sr__config_free(&engine->config, &allocator);
  sr__free(&allocator, engine);
}
