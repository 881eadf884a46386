/*
 * silent-refresh engine: the single-flight token refresh state machine.
 *
 * The engine performs no I/O. Events go in (a request was submitted, an
 * exchange answered or failed, a timer fired, the refresh lock was granted, a
 * request was cancelled) and actions come out through the callbacks given to
 * sr_engine_new (send this exchange, abort that one, start a timer, store the
 * tokens, settle handle H). The host (wasm/ in the product, a fake transport
 * in the tests) carries the actions out.
 *
 * Re-entrancy: a callback must not call back into the engine. Hosts report
 * results later (the browser does so from its event loop anyway).
 *
 * Memory management: every pointer passed *into* the engine is borrowed for
 * the duration of the call; the engine copies what it keeps. Every pointer
 * passed *out* through a callback (sr_exchange, sr_settlement, sr_event and
 * what they point to) is owned by the engine and valid only until the
 * callback returns; copy what you keep. The engine owns its own memory and
 * frees all of it in sr_engine_free. Allocation goes through the sr_allocator
 * given to sr_engine_new (malloc/realloc/free when NULL); cJSON allocates
 * through its own hooks (cJSON_InitHooks). Strings returned by the storage
 * callback stay owned by the host.
 */
#ifndef SILENT_REFRESH_H
#define SILENT_REFRESH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Results and request outcomes. Negative values are errors; the JS layer maps
 * each one to an HttpError code in one place (js-glue/errors.js). */
typedef enum {
  SR_OK = 0,
  SR_ERR_BAD_RESPONSE = -1,   /* a non-2xx answer that is not an expiry */
  SR_ERR_NETWORK = -2,        /* no answer at all */
  SR_ERR_TIMEOUT = -3,        /* the request's own timeout fired */
  SR_ERR_CANCELED = -4,       /* cancelled by the host or engine destroyed */
  SR_ERR_REFRESH_FAILED = -5, /* waited for a refresh that failed */
  SR_ERR_TOKEN_EXPIRED = -6,  /* still "expired" after the retry */
  SR_ERR_BAD_OPTION = -7,     /* invalid option or request */
  SR_ERR_NO_MEMORY = -8,      /* an allocation failed */
  SR_ERR_UNKNOWN_ID = -9      /* no live request/exchange with that id */
} sr_result;

/* A static English description of a result code. Never NULL. */
const char *sr_strerror(int result);

/* Limits shared by every host (the JS layer checks the same numbers before
 * the module loads; a test compares them with these). */
#define SR_MAX_TIMEOUT_MS 2147483647u /* what setTimeout can wait */
#define SR_MAX_METHOD_LENGTH 31u      /* what emscripten_fetch's requestMethod holds */

typedef struct sr_engine sr_engine;

typedef struct {
  const char *name;
  const char *value;
} sr_header;

/* What the host asks the engine to do. */
typedef struct {
  uint32_t handle;          /* the host's id for the promise, unique, non-zero */
  const char *method;       /* NULL = "GET" */
  const char *url;          /* absolute, or relative to baseURL */
  const sr_header *headers; /* request headers, without the token */
  size_t header_count;
  const uint8_t *body;      /* may be NULL */
  size_t body_length;
  uint32_t timeout_ms;      /* 0 = the client's default timeout */
  int skip_auth;            /* non-zero: no token, never a refresh */
  int with_credentials;     /* non-zero: cookies on a cross-origin request */
  /* Non-zero: no exchange at all. The request takes the same path as one that
   * would carry the token (waits for a refresh in progress, starts one when
   * the token is due or missing) and settles SR_OK, without a response, once
   * storage holds a token not known to be expired (getTokenSilently). */
  int token_only;
} sr_request;

/* An HTTP exchange the host must perform. `id` names it in every later call. */
typedef struct {
  uint32_t id;
  const char *method;
  const char *url; /* absolute when baseURL is absolute */
  const sr_header *headers;
  size_t header_count;
  const uint8_t *body;
  size_t body_length;
  int is_refresh;
  int with_credentials; /* send cookies on a cross-origin exchange */
} sr_exchange;

/* An answer to an exchange, as the transport saw it. */
typedef struct {
  int status;
  const char *status_text; /* may be NULL */
  const char *headers;     /* raw "name: value\r\n" lines, may be NULL */
  const uint8_t *body;     /* may be NULL */
  size_t body_length;
  /* Where the answer came from, after any redirects the transport followed.
   * A host that knows no redirect happened passes the exchange's own URL.
   * NULL means the host cannot tell, and the engine assumes the worst: the
   * answer is a foreign origin's, so it never counts as an expiry (no
   * refresh, no replay), and a refresh answered so is not trusted. */
  const char *final_url;
} sr_response;

/* How a request ended. `response` is set for SR_OK, SR_ERR_BAD_RESPONSE and
 * SR_ERR_TOKEN_EXPIRED. `message` never contains a token. */
typedef struct {
  uint32_t handle;
  int result; /* an sr_result */
  int transient;
  const char *message;
  const sr_response *response;
} sr_settlement;

typedef enum {
  SR_EVENT_REFRESH = 1,        /* a refresh starts */
  SR_EVENT_REFRESHED = 2,      /* `token` holds the new access token */
  SR_EVENT_REFRESH_FAILED = 3, /* `result`, `transient`, `message`, `status` */
  SR_EVENT_QUEUED = 4,         /* `url`, `queue_length` */
  SR_EVENT_RETRY = 5,          /* `url` */
  SR_EVENT_SESSION_ENDED = 6   /* definitive refresh failure; tokens cleared */
} sr_event_type;

typedef struct {
  sr_event_type type;
  const char *url;
  size_t queue_length;
  const char *token;
  int result;
  int transient;
  int status;
  const char *message;
  /* SR_EVENT_REFRESHED: the new token's lifetime in seconds, as the answer
   * gave it at refresh.expiresInPath; 0 when it gave none. The host keeps it
   * with the token and answers token_expiry from it. */
  double expires_in;
} sr_event;

/* The host's side. All callbacks but `clock_seconds`, `acquire_lock` and
 * `release_lock` are required. */
typedef struct {
  /* Start an exchange. Report it later with sr_engine_on_response or
   * sr_engine_on_failure. Return 0, or SR_ERR_NETWORK if it cannot start. */
  int (*send)(void *user_data, const sr_exchange *exchange);
  /* Stop an exchange; the engine no longer wants any report for it. */
  void (*abort)(void *user_data, uint32_t exchange_id);
  /* Deliver the outcome of a request. Called exactly once per handle. */
  void (*settle)(void *user_data, const sr_settlement *settlement);
  /* Read a storage key. Return NULL when absent. The string stays the host's
   * and must stay valid until the next storage call. */
  const char *(*storage_get)(void *user_data, const char *key);
  /* Write a storage key; value NULL removes it. */
  void (*storage_set)(void *user_data, const char *key, const char *value);
  /* Call sr_engine_on_timer(engine, timer_id) once, after `ms`. */
  void (*start_timer)(void *user_data, uint32_t timer_id, uint32_t ms);
  void (*stop_timer)(void *user_data, uint32_t timer_id);
  void (*event)(void *user_data, const sr_event *event);
  /* Write the origin of an http(s) URL ("scheme://host[:port]", as the URL
   * parser of whatever sends the requests serialises it: lower case, default
   * port dropped) into out, NUL-terminated; a relative URL is the page's.
   * Return 0 when it is not http(s), cannot be read, or does not fit: such a
   * URL is foreign, and never gets a token. Reading origins with the
   * transport's own parser leaves no room for the two to disagree. */
  int (*origin_of)(void *user_data, const char *url, char *out, size_t out_size);
  /* Optional, both for refresh.beforeExpiry: seconds since the epoch, and
   * when `token` expires on that clock (a JWT's exp, or the lifetime an
   * SR_EVENT_REFRESHED or the app gave), 0 when unknown. Reading tokens is
   * the host's: the engine never parses one. */
  double (*clock_seconds)(void *user_data);
  double (*token_expiry)(void *user_data, const char *token);
  /* Optional cross-tab lock around a refresh. acquire_lock asks for `name`;
   * once it is held, call sr_engine_on_lock_acquired(engine, ticket).
   * release_lock(ticket) means the engine is done with that ticket: free the
   * lock if it was granted, drop the request if it is still pending. Without
   * these two the engine refreshes at once. */
  void (*acquire_lock)(void *user_data, const char *name, uint32_t ticket);
  void (*release_lock)(void *user_data, uint32_t ticket);
} sr_callbacks;

typedef struct {
  void *(*malloc)(void *context, size_t size);
  void (*free)(void *context, void *pointer);
  void *context;
} sr_allocator;

typedef struct {
  uint64_t requests;   /* submitted */
  uint64_t refreshes;  /* refresh exchanges sent */
  uint64_t queued;     /* times a request waited for a refresh */
  uint64_t retried;    /* times a request was replayed after an expiry */
  uint64_t failed;     /* settled with an error */
  uint32_t in_flight;  /* exchanges outstanding, refresh included */
  uint32_t queue_length;
} sr_stats;

/* Create an engine from a JSON options document (the contract's options,
 * normalised by the JS layer: see src/config.c for every field).
 * On success *engine_out owns a new engine: free it with sr_engine_free.
 * On SR_ERR_BAD_OPTION, *error_out (when not NULL) receives a message naming
 * the option, allocated with the allocator: free it with sr_free_message. */
int sr_engine_new(sr_engine **engine_out, const char *options_json,
                  size_t options_length, const sr_callbacks *callbacks,
                  void *user_data, const sr_allocator *allocator,
                  char **error_out);

void sr_free_message(const sr_allocator *allocator, char *message);

/* Fail every pending request with SR_ERR_CANCELED, abort every exchange,
 * stop every timer, release the lock, then free the engine. NULL is a no-op. */
void sr_engine_free(sr_engine *engine);

/* Submit a request. On SR_OK the handle will be settled exactly once. On an
 * error return nothing was kept and nothing will be settled. */
int sr_engine_submit(sr_engine *engine, const sr_request *request);

/* sr_engine_submit for a request described as JSON:
 * {"method":"GET","url":"/x","headers":{"Name":"value"},"timeout":0,"skipAuth":false,
 *  "withCredentials":false,"tokenOnly":false} (every field but url optional). The body is passed beside it, as bytes. */
int sr_engine_submit_json(sr_engine *engine, uint32_t handle, const char *json, size_t length,
                          const uint8_t *body, size_t body_length);

/* Report the answer to an exchange (any status, including 0 when the
 * transport got an answer without one). */
int sr_engine_on_response(sr_engine *engine, uint32_t exchange_id,
                          const sr_response *response);

/* Report that an exchange got no answer at all (result: SR_ERR_NETWORK). */
int sr_engine_on_failure(sr_engine *engine, uint32_t exchange_id, int result);

int sr_engine_on_timer(sr_engine *engine, uint32_t timer_id);
int sr_engine_on_lock_acquired(sr_engine *engine, uint32_t ticket);

/* Cancel a request: settled with SR_ERR_CANCELED now, its exchange aborted. */
int sr_engine_cancel(sr_engine *engine, uint32_t handle);

void sr_engine_stats(const sr_engine *engine, sr_stats *stats_out);

#ifdef __cplusplus
}
#endif

#endif /* SILENT_REFRESH_H */
