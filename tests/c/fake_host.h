/* The native tests' fake host: recording transport, in-memory storage,
 * manual timers and lock, and every callback counted in one struct (the
 * shape of nghttp2's tests/nghttp2_session_test.c user data). The tests
 * play the network by answering recorded exchanges themselves. */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "silent_refresh.h"

typedef struct {
  uint32_t id;
  char *method;
  char *url;
  char *headers; /* "Name: value\n" per header */
  uint8_t *body;
  size_t body_length;
  int is_refresh;
  int with_credentials;
  int aborted;
  int answered;
} recorded_exchange;

typedef struct {
  uint32_t handle;
  int result;
  int transient;
  int status;
  char *body;
  char *message;
} recorded_settlement;

typedef struct {
  uint32_t id;
  uint32_t ms;
  int active;
} recorded_timer;

typedef struct {
  sr_engine *engine;

  /* storage */
  char *keys[8];
  char *values[8];
  int storage_writes;

  /* token lifetimes, as a host keeps them (token_expiry) */
  char *expiring_tokens[8];
  double expiries[8];
  double last_expires_in; /* of the last SR_EVENT_REFRESHED */

  recorded_exchange **exchanges; /* stable pointers: answering may record more */
  size_t exchange_count;
  recorded_settlement *settlements;
  size_t settlement_count;
  recorded_timer *timers;
  size_t timer_count;

  /* counters */
  int events[8]; /* by sr_event_type */
  char *last_refreshed_token;
  char *last_event_message;
  int last_failure_transient;
  size_t last_queue_length;
  int aborts;

  /* behaviour switches */
  int refuse_sends; /* the failing transport: send() returns an error */
  int use_lock;     /* offer acquire_lock/release_lock to the engine */
  double now;       /* clock_seconds */

  /* the lock */
  uint32_t lock_requested_ticket;
  int lock_requests;
  int lock_releases;
} fake_host;

/* Creates host->engine from options; returns sr_engine_new's result. */
int fake_host_start(fake_host *host, const char *options_json, const sr_allocator *allocator);
/* The same, keeping sr_engine_new's error message (free with sr_free_message). */
int fake_host_start_with_message(fake_host *host, const char *options_json, char **message_out);
/* Frees the engine (settling what is pending) and everything recorded. */
void fake_host_stop(fake_host *host);

void fake_host_store(fake_host *host, const char *key, const char *value);
/* When `token` expires (seconds since the epoch), for the engine's token_expiry. */
void fake_host_set_expiry(fake_host *host, const char *token, double expiry);
const char *fake_host_stored(const fake_host *host, const char *key);

int fake_host_get(fake_host *host, uint32_t handle, const char *url);
/* The n-th exchange (0-based) that is not the refresh, or NULL. */
recorded_exchange *fake_host_request_exchange(fake_host *host, size_t n);
/* The latest exchange carrying `handle`'s attempts is found by order; these
 * helpers find exchanges by what they are instead. */
recorded_exchange *fake_host_refresh_exchange(fake_host *host, size_t n);
size_t fake_host_count_refreshes(const fake_host *host);
size_t fake_host_count_open_exchanges(const fake_host *host);
/* Value of a header in an exchange, or NULL. */
const char *fake_host_header(const recorded_exchange *exchange, const char *name, char *buffer,
                             size_t buffer_size);

int fake_host_answer(fake_host *host, recorded_exchange *exchange, int status, const char *body);
int fake_host_fail(fake_host *host, recorded_exchange *exchange);
/* Fires the timer armed with `ms` most recently (0 = the newest of any). */
int fake_host_fire_timer(fake_host *host, uint32_t ms);
size_t fake_host_active_timers(const fake_host *host);
int fake_host_grant_lock(fake_host *host);

/* How `handle` was settled. Never NULL: a handle that was not settled gets a
 * record whose result is FAKE_HOST_NEVER_SETTLED (no sr_result is positive),
 * so a test's checks fail with a message instead of dereferencing NULL. */
#define FAKE_HOST_NEVER_SETTLED 1
const recorded_settlement *fake_host_settlement(const fake_host *host, uint32_t handle);
size_t fake_host_settlements_of(const fake_host *host, uint32_t handle);

#endif
