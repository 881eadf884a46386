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
                 int status, const char *message, double expires_in) {
  sr_event event = {type,      engine->config.refresh_url, engine->refresh_queue.length, token, result,
                    transient, status,                     message,                      expires_in};
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
      sr_event event = {SR_EVENT_RETRY, request->url, 0, NULL, 0, 0, 0, NULL, 0};
      engine->callbacks.event(engine->user_data, &event);
    }
    sr__send_request(engine, request);
  }
}

static void succeed(sr_engine *engine) {
  /* A token that is due the moment it arrives (its whole life is shorter
   * than beforeExpiry) is not refreshed ahead, or every request would
   * refresh; any other token is, when its time comes. */
  if (sr__token_is_due(engine)) engine->proactive_generation = engine->token_generation;
  end_cycle(engine);
  release_queue(engine);
}

/* "<reason> (<METHOD> <url> answered <status> <text>[ after a redirect])":
 * what a developer needs to tell a misconfiguration from a refused token.
 * refresh.url never holds the token (refresh.query adds it to the sent URL
 * only), so the message does not either. */
static char *describe(const sr_engine *engine, const char *reason, const sr_response *response) {
  const char *url = engine->config.refresh_url;
  size_t url_length = strlen(url);
  const char *final_url = response->final_url;
  int redirected = strncmp(final_url, url, url_length) != 0 || strchr("?&#", final_url[url_length]) == NULL;
  char status[8];
  char *digit = status + sizeof status - 1;
  *digit = '\0';
  for (int value = response->status; value > 0 && digit > status; value /= 10) *--digit = (char)('0' + value % 10);
  const char *text = response->status_text != NULL && response->status_text[0] != '\0' ? response->status_text : NULL;
  const char *parts[] = {reason, " (", engine->config.refresh_method, " ", url, " answered ", digit,
                         text != NULL ? " " : NULL, text, redirected ? " after a redirect)" : ")"};
  return sr__join(&engine->allocator, parts, sizeof parts / sizeof parts[0]);
}

/* The refresh failed: release every waiter with the reason. A definitive
 * failure ends the session: both tokens (and the stored lifetime) go. */
static void fail(sr_engine *engine, int transient, const sr_response *response, const char *reason) {
  char *described = response != NULL ? describe(engine, reason, response) : NULL;
  const char *message = described != NULL ? described : reason;
  int status = response != NULL ? response->status : 0;
  const sr__config *config = &engine->config;
  end_cycle(engine);
  if (!transient) {
    engine->callbacks.storage_set(engine->user_data, config->token_key, NULL);
    if (config->refresh_token_key != NULL) engine->callbacks.storage_set(engine->user_data, config->refresh_token_key, NULL);
    (void)sr__sync_token(engine); /* storage now holds nothing: cannot allocate */
  }
  emit(engine, SR_EVENT_REFRESH_FAILED, NULL, SR_ERR_REFRESH_FAILED, transient, status, message, 0);
  if (!transient) emit(engine, SR_EVENT_SESSION_ENDED, NULL, SR_ERR_REFRESH_FAILED, 0, status, message, 0);
  sr__request *request;
  while ((request = sr__queue_pop(&engine->refresh_queue)) != NULL)
    sr__fail_request(engine, request, SR_ERR_REFRESH_FAILED, transient, message);
  sr__free(&engine->allocator, described);
}

/* The refresh exchange: the refresh token where the options put it (body,
 * query, header; nowhere in cookie mode, where the browser sends the cookie). */
static void send_refresh(sr_engine *engine) {
  const sr__config *config = &engine->config;
  const char *refresh_token = "";
  if (config->refresh_token_key != NULL) {
    refresh_token = engine->callbacks.storage_get(engine->user_data, config->refresh_token_key);
    if (refresh_token == NULL || refresh_token[0] == '\0') {
      fail(engine, 0, NULL, "no refresh token is stored");
      return;
    }
    if (config->refresh_header != NULL && !sr__header_value_is_valid(refresh_token)) {
      fail(engine, 0, NULL, "the stored refresh token cannot be sent in a header");
      return;
    }
  }
  const char *before = config->refresh_body_before;
  char *body = before == NULL ? NULL
               : config->refresh_body_after == NULL
                   ? sr__strdup(&engine->allocator, before)
                   : sr__insert_escaped(&engine->allocator, before, refresh_token, config->refresh_body_after,
                                        config->refresh_body_is_form);
  char *url = config->refresh_query == NULL
                  ? NULL
                  : sr__concat(&engine->allocator, config->refresh_url, strchr(config->refresh_url, '?') ? "&" : "?",
                               config->refresh_query, "=");
  char *url_with_token = url == NULL ? NULL : sr__insert_escaped(&engine->allocator, url, refresh_token, "", 1);
  size_t extra_headers = (size_t)cJSON_GetArraySize(config->refresh_headers);
  sr_header *headers = sr__alloc(&engine->allocator, (2 + extra_headers) * sizeof *headers);
  if ((before != NULL && body == NULL) || (config->refresh_query != NULL && url_with_token == NULL) ||
      headers == NULL) {
    fail(engine, 1, NULL, sr_strerror(SR_ERR_NO_MEMORY));
  } else {
    size_t header_count = 0;
    const cJSON *header;
    cJSON_ArrayForEach(header, config->refresh_headers) {
      headers[header_count++] = (sr_header){header->string, header->valuestring};
    }
    if (body != NULL)
      headers[header_count++] = (sr_header){
          "Content-Type", config->refresh_body_is_form ? "application/x-www-form-urlencoded" : "application/json"};
    if (config->refresh_header != NULL) headers[header_count++] = (sr_header){config->refresh_header, refresh_token};
    engine->refresh_state = SR__REFRESHING;
    engine->refresh_exchange_id = sr__next_id(engine);
    engine->stats.refreshes++;
    engine->stats.in_flight++;
    emit(engine, SR_EVENT_REFRESH, NULL, 0, 0, 0, NULL, 0);
    sr_exchange exchange = {engine->refresh_exchange_id,
                            config->refresh_method,
                            url_with_token != NULL ? url_with_token : config->refresh_url,
                            headers,
                            header_count,
                            (const uint8_t *)body,
                            body != NULL ? strlen(body) : 0,
                            1,
                            config->refresh_with_credentials};
    if (engine->callbacks.send(engine->user_data, &exchange) != 0) {
      engine->stats.in_flight--;
      fail(engine, 1, NULL, "the transport could not start the refresh");
    }
  }
  sr__free(&engine->allocator, headers);
  sr__free(&engine->allocator, url_with_token);
  sr__free(&engine->allocator, url);
  sr__free(&engine->allocator, body);
}

/* With the lock held: adopt a token another tab stored meanwhile, or refresh. */
static void proceed(sr_engine *engine) {
  if (sr__sync_token(engine) != SR_OK) {
    fail(engine, 1, NULL, sr_strerror(SR_ERR_NO_MEMORY));
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

/* Stores what the refresh brought: the access token, and the refresh token
 * when a new one came (else the old one stays). Returns the access token's
 * lifetime when refresh.expiresInPath found one, else 0. */
static double store_tokens(sr_engine *engine, const char *token, const cJSON *document) {
  const sr__config *config = &engine->config;
  engine->callbacks.storage_set(engine->user_data, config->token_key, token);
  const cJSON *refresh_token = config->refresh_refresh_token_path != NULL && config->refresh_token_key != NULL
                                   ? sr__json_at_path(document, config->refresh_refresh_token_path)
                                   : NULL;
  if (cJSON_IsString(refresh_token) && refresh_token->valuestring[0] != '\0')
    engine->callbacks.storage_set(engine->user_data, config->refresh_token_key, refresh_token->valuestring);
  const cJSON *expires_in = config->refresh_expires_in_path != NULL
                                ? sr__json_at_path(document, config->refresh_expires_in_path)
                                : NULL;
  return cJSON_IsNumber(expires_in) && expires_in->valuedouble > 0 ? expires_in->valuedouble : 0;
}

/* The access token in a refresh answer: at refresh.tokenPath in its JSON,
 * or (tokenPath "") the whole body, trimmed. Sets *token (owned by *document
 * or *bare, which the caller frees) and returns NULL, or returns the reason
 * there is none. */
static const char *find_token(sr_engine *engine, const sr_response *response, cJSON **document, char **bare,
                              const char **token) {
  const char *path = engine->config.refresh_token_path;
  const uint8_t *body = response->body;
  size_t start = 0;
  size_t end = response->body_length;
  *document = end > 0 ? cJSON_ParseWithLength((const char *)body, end) : NULL;
  if (path[0] == '\0') {
    while (start < end && body[start] <= ' ') start++;
    while (end > start && body[end - 1] <= ' ') end--;
    *bare = sr__alloc(&engine->allocator, end - start + 1);
    if (*bare == NULL) return sr_strerror(SR_ERR_NO_MEMORY);
    memcpy(*bare, body + start, end - start);
    (*bare)[end - start] = '\0';
    *token = *bare;
  } else {
    if (*document == NULL) return "the refresh response is not JSON";
    const cJSON *item = sr__json_at_path(*document, path);
    *token = cJSON_IsString(item) ? item->valuestring : "";
  }
  if ((*token)[0] == '\0') return "the refresh response has no token at refresh.tokenPath";
  /* A NUL inside a bare token would cut it short: it cannot travel either. */
  if (!sr__header_value_is_valid(*token) || (*bare != NULL && strlen(*bare) != end - start))
    return "the refreshed token holds bytes that cannot travel in a header";
  return NULL;
}

/* The refresh answered: store the new tokens, or tell definitive failures
 * (the session is over) from transient ones (try again later). */
void sr__refresh_on_response(sr_engine *engine, const sr_response *response) {
  engine->stats.in_flight--;
  engine->refresh_exchange_id = 0;
  if (response->status == 0) {
    fail(engine, 1, NULL, "the refresh got no response");
    return;
  }
  int from_refresh_origin = answered_by_refresh_origin(engine, response);
  if (from_refresh_origin < 0) {
    fail(engine, 1, NULL, "the refresh answer's origin is unknown: not trusted");
    return;
  }
  if (from_refresh_origin == 0) {
    fail(engine, 0, NULL, "the refresh was redirected to another origin: not trusted");
    return;
  }
  if (response->status < 200 || response->status >= 300) {
    int misconfigured = response->status == 404 || response->status == 405;
    fail(engine, refresh_failure_is_transient(response->status), response,
         refresh_failure_is_transient(response->status)
             ? "the refresh endpoint answered with a server error"
             : misconfigured ? "check refresh.url and refresh.method"
                             : "the refresh endpoint refused the refresh token");
    return;
  }
  if (sr__response_means_expired(engine, response)) {
    fail(engine, 0, response, "the refresh endpoint answered that the session expired");
    return;
  }
  cJSON *document = NULL;
  char *bare = NULL;
  const char *token = NULL;
  const char *problem = find_token(engine, response, &document, &bare, &token);
  if (problem != NULL) {
    fail(engine, problem == sr_strerror(SR_ERR_NO_MEMORY), response, problem);
  } else {
    double expires_in = store_tokens(engine, token, document);
    emit(engine, SR_EVENT_REFRESHED, token, 0, 0, response->status, NULL, expires_in);
    if (sr__sync_token(engine) != SR_OK) fail(engine, 1, NULL, sr_strerror(SR_ERR_NO_MEMORY));
    else succeed(engine);
  }
  sr__free(&engine->allocator, bare);
  cJSON_Delete(document);
}


void sr__refresh_on_failure(sr_engine *engine, int result) {
  engine->stats.in_flight--;
  engine->refresh_exchange_id = 0;
  fail(engine, 1, NULL, result == SR_ERR_TIMEOUT ? "the refresh timed out" : "the refresh got no response");
}

void sr__refresh_on_timeout(sr_engine *engine) {
  if (engine->refresh_state == SR__REFRESHING) {
    engine->callbacks.abort(engine->user_data, engine->refresh_exchange_id);
    engine->stats.in_flight--;
  }
  fail(engine, 1, NULL, "the refresh timed out");
}

/* The engine is being freed: stop the cycle without touching storage. */
void sr__refresh_abandon(sr_engine *engine) {
  if (engine->refresh_state == SR__REFRESHING) {
    engine->callbacks.abort(engine->user_data, engine->refresh_exchange_id);
    engine->stats.in_flight--;
  }
  end_cycle(engine);
}
