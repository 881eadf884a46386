/* The single-flight refresh cycle:
 *
 *   IDLE --start--> WAITING_FOR_LOCK --lock--> REFRESHING --answer--> IDLE
 *                        |                         |
 *                        +-- another tab already stored a newer token:
 *                            adopt it, no refresh exchange
 *
 * The cycle's timer (refresh.timeout) bounds the wait for the lock, then
 * restarts for the refresh itself, so a refresh that never answers still
 * releases the queue. The refresh
 * exchange never goes through expiry handling: its answer comes here. */
#include <string.h>

#include "engine.h"

static void emit(sr_engine *engine, sr_event_type type, const char *token, int result, int transient,
                 int status, const char *message) {
  sr_event event = {type, engine->config.refresh_url, engine->refresh_queue.length, token,
                    result, transient, status, message};
  engine->callbacks.event(engine->user_data, &event);
}

/* Leaves the cycle: timer stopped, lock given back, state idle. */
static void end_cycle(sr_engine *engine) {
  if (engine->refresh_state == SR__IDLE) return;
  engine->callbacks.stop_timer(engine->user_data, engine->refresh_cycle_id);
  if (engine->callbacks.release_lock != NULL)
    engine->callbacks.release_lock(engine->user_data, engine->refresh_cycle_id);
  engine->refresh_state = SR__IDLE;
  engine->refresh_exchange_id = 0;
}

static void release_queue(sr_engine *engine) {
  sr__request *request;
  while ((request = sr__queue_pop(&engine->refresh_queue)) != NULL) {
    if (request->expired_answers > 0) {
      engine->stats.retried++;
      sr_event event = {SR_EVENT_RETRY, request->url, 0, NULL, 0, 0, 0, NULL};
      engine->callbacks.event(engine->user_data, &event);
    }
    sr__send_request(engine, request);
  }
}

static void succeed(sr_engine *engine) {
  /* A token fresh from the server is as fresh as it gets: never refresh it
   * ahead of its expiry, or short-lived tokens would refresh per request. */
  engine->proactive_generation = engine->token_generation;
  end_cycle(engine);
  release_queue(engine);
}

static void fail(sr_engine *engine, int transient, int status, const char *message) {
  end_cycle(engine);
  if (!transient) {
    engine->callbacks.storage_set(engine->user_data, engine->config.token_key, NULL);
    engine->callbacks.storage_set(engine->user_data, engine->config.refresh_token_key, NULL);
    (void)sr__sync_token(engine); /* storage now holds nothing: cannot allocate */
  }
  emit(engine, SR_EVENT_REFRESH_FAILED, NULL, SR_ERR_REFRESH_FAILED, transient, status, message);
  if (!transient) emit(engine, SR_EVENT_SESSION_ENDED, NULL, SR_ERR_REFRESH_FAILED, 0, status, message);
  sr__request *request;
  while ((request = sr__queue_pop(&engine->refresh_queue)) != NULL)
    sr__fail_request(engine, request, SR_ERR_REFRESH_FAILED, transient, message);
}

static void send_refresh(sr_engine *engine) {
  const sr__config *config = &engine->config;
  const char *refresh_token = engine->callbacks.storage_get(engine->user_data, config->refresh_token_key);
  if (refresh_token == NULL || refresh_token[0] == '\0') {
    fail(engine, 0, 0, "no refresh token is stored");
    return;
  }
  if (config->refresh_header != NULL && !sr__header_value_is_valid(refresh_token)) {
    fail(engine, 0, 0, "the stored refresh token cannot be sent in a header");
    return;
  }
  char *body = NULL;
  if (config->refresh_body_field != NULL) {
    body = sr__json_single_field(&engine->allocator, config->refresh_body_field, refresh_token);
    if (body == NULL) {
      fail(engine, 1, 0, sr_strerror(SR_ERR_NO_MEMORY));
      return;
    }
  }
  sr_header headers[2];
  size_t header_count = 0;
  if (body != NULL) headers[header_count++] = (sr_header){"Content-Type", "application/json"};
  if (config->refresh_header != NULL) headers[header_count++] = (sr_header){config->refresh_header, refresh_token};

  engine->refresh_state = SR__REFRESHING;
  engine->refresh_exchange_id = sr__next_id(engine);
  engine->stats.refreshes++;
  engine->stats.in_flight++;
  emit(engine, SR_EVENT_REFRESH, NULL, 0, 0, 0, NULL);
  sr_exchange exchange = {engine->refresh_exchange_id, config->refresh_method, config->refresh_url,
                          headers, header_count, (const uint8_t *)body, body != NULL ? strlen(body) : 0, 1};
  int sent = engine->callbacks.send(engine->user_data, &exchange);
  sr__free(&engine->allocator, body);
  if (sent != 0) {
    engine->stats.in_flight--;
    fail(engine, 1, 0, "the transport could not start the refresh");
  }
}

/* With the lock held: adopt a token another tab stored meanwhile, or refresh. */
static void proceed(sr_engine *engine) {
  if (sr__sync_token(engine) != SR_OK) {
    fail(engine, 1, 0, sr_strerror(SR_ERR_NO_MEMORY));
    return;
  }
  if (engine->token != NULL && engine->token_generation != engine->rejected_generation) {
    succeed(engine);
    return;
  }
  send_refresh(engine);
}

void sr__start_refresh(sr_engine *engine, uint32_t rejected_generation) {
  engine->refresh_state = SR__WAITING_FOR_LOCK;
  engine->rejected_generation = rejected_generation;
  engine->refresh_cycle_id = sr__next_id(engine);
  engine->callbacks.start_timer(engine->user_data, engine->refresh_cycle_id, engine->config.refresh_timeout_ms);
  if (engine->callbacks.acquire_lock != NULL) {
    engine->callbacks.acquire_lock(engine->user_data, engine->config.token_key, engine->refresh_cycle_id);
    return;
  }
  proceed(engine);
}

int sr__refresh_on_lock(sr_engine *engine, uint32_t ticket) {
  if (engine->refresh_state != SR__WAITING_FOR_LOCK || ticket != engine->refresh_cycle_id) {
    /* A grant for a cycle that already ended (timed out): give it back. */
    if (engine->callbacks.release_lock != NULL) engine->callbacks.release_lock(engine->user_data, ticket);
    return SR_ERR_UNKNOWN_ID;
  }
  /* The wait for the lock had its own refresh.timeout; the refresh now gets a
   * full one, so a long wait cannot cut short an exchange that the server may
   * already be answering (with a single-use refresh token, that would lose the
   * new one). The lock is still never held past refresh.timeout. */
  engine->callbacks.stop_timer(engine->user_data, engine->refresh_cycle_id);
  engine->callbacks.start_timer(engine->user_data, engine->refresh_cycle_id, engine->config.refresh_timeout_ms);
  proceed(engine);
  return SR_OK;
}

/* Whether a refresh that got this status may succeed later, so the tokens
 * are kept: a server error only. Stricter than the rule for requests
 * (engine.c, request_failure_is_transient), because here "transient" decides
 * whether the session survives: any 4xx is the endpoint refusing this
 * refresh token, and a refresh token it refused will not do better later. */
static int refresh_failure_is_transient(int status) { return status >= 500; }

/* 1 when the answer came from refresh.url's own origin; 0 when it came from
 * another one after a redirect, or when the host cannot tell (-1). Tokens
 * from anywhere else are never stored. */
static int answered_by_refresh_origin(const sr_engine *engine, const sr_response *response) {
  char expected[SR__ORIGIN_MAX];
  char actual[SR__ORIGIN_MAX];
  if (response->final_url == NULL || response->final_url[0] == '\0') return -1;
  return sr__origin_of(engine, engine->config.refresh_url, expected) &&
         sr__origin_of(engine, response->final_url, actual) && strcmp(expected, actual) == 0;
}

/* The refresh answered: store the new tokens, or tell definitive failures
 * (the session is over) from transient ones (try again later). */
void sr__refresh_on_response(sr_engine *engine, const sr_response *response) {
  const sr__config *config = &engine->config;
  engine->stats.in_flight--;
  engine->refresh_exchange_id = 0;
  if (response->status == 0) {
    fail(engine, 1, 0, "the refresh got no response");
    return;
  }
  int from_refresh_origin = answered_by_refresh_origin(engine, response);
  if (from_refresh_origin < 0) {
    fail(engine, 1, response->status, "cannot tell which origin answered the refresh: its tokens are not trusted");
    return;
  }
  if (from_refresh_origin == 0) {
    fail(engine, 0, response->status, "the refresh was redirected to another origin: its tokens are not trusted");
    return;
  }
  if (refresh_failure_is_transient(response->status)) {
    fail(engine, 1, response->status, "the refresh endpoint answered with a server error");
    return;
  }
  if (response->status < 200 || response->status >= 300) {
    fail(engine, 0, response->status, "the refresh endpoint refused the refresh token");
    return;
  }
  if (sr__response_means_expired(engine, response)) {
    fail(engine, 0, response->status, "the refresh endpoint answered that the session expired");
    return;
  }
  cJSON *document = response->body_length > 0
                        ? cJSON_ParseWithLength((const char *)response->body, response->body_length)
                        : NULL;
  const cJSON *token = sr__json_at_path(document, config->refresh_token_path);
  const cJSON *refresh_token = config->refresh_refresh_token_path != NULL
                                   ? sr__json_at_path(document, config->refresh_refresh_token_path)
                                   : NULL;
  if (document == NULL) {
    fail(engine, 0, response->status, "the refresh response is not JSON");
  } else if (!cJSON_IsString(token) || token->valuestring[0] == '\0') {
    fail(engine, 0, response->status, "the refresh response has no token at refresh.tokenPath");
  } else if (!sr__header_value_is_valid(token->valuestring)) {
    fail(engine, 0, response->status, "the refreshed token holds bytes that cannot travel in a header");
  } else {
    engine->callbacks.storage_set(engine->user_data, config->token_key, token->valuestring);
    if (cJSON_IsString(refresh_token) && refresh_token->valuestring[0] != '\0')
      engine->callbacks.storage_set(engine->user_data, config->refresh_token_key, refresh_token->valuestring);
    emit(engine, SR_EVENT_REFRESHED, token->valuestring, 0, 0, response->status, NULL);
    if (sr__sync_token(engine) != SR_OK) fail(engine, 1, 0, sr_strerror(SR_ERR_NO_MEMORY));
    else succeed(engine);
  }
  cJSON_Delete(document);
}

void sr__refresh_on_failure(sr_engine *engine, int result) {
  engine->stats.in_flight--;
  engine->refresh_exchange_id = 0;
  fail(engine, 1, 0, result == SR_ERR_TIMEOUT ? "the refresh timed out" : "the refresh got no response");
}

void sr__refresh_on_timeout(sr_engine *engine) {
  if (engine->refresh_state == SR__REFRESHING) {
    engine->callbacks.abort(engine->user_data, engine->refresh_exchange_id);
    engine->stats.in_flight--;
  }
  fail(engine, 1, 0, "the refresh timed out");
}

/* The engine is being freed: stop the cycle without touching storage. */
void sr__refresh_abandon(sr_engine *engine) {
  if (engine->refresh_state == SR__REFRESHING) {
    engine->callbacks.abort(engine->user_data, engine->refresh_exchange_id);
    engine->stats.in_flight--;
  }
  end_cycle(engine);
}
