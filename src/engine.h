/* The engine's private state, shared by engine.c (requests) and refresh.c
 * (the single-flight refresh cycle). */
#ifndef SILENT_REFRESH_ENGINE_H
#define SILENT_REFRESH_ENGINE_H

#include "internal.h"
#include "request_queue.h"

typedef enum {
  SR__IDLE,
  SR__WAITING_FOR_LOCK, /* the refresh cycle asked the host for the lock */
  SR__REFRESHING        /* the refresh exchange is in flight */
} sr__refresh_state;

struct sr_engine {
  sr_callbacks callbacks;
  void *user_data;
  sr_allocator allocator;
  sr__config config;

  sr__request *first_request; /* every live request */
  sr__request *last_request;
  sr__queue refresh_queue;

  uint32_t next_id; /* exchange ids, timer ids and lock tickets */

  /* The access token as storage last showed it, and a generation number
   * that changes whenever storage shows a different one. Requests remember
   * the generation they carried; comparing generations tells a late
   * "expired" answer from a fresh one. */
  char *token;
  char *token_header_value; /* token_prefix + token */
  uint32_t token_generation;
  uint32_t proactive_generation; /* a token not to refresh ahead (again) */

  sr__refresh_state refresh_state;
  uint32_t refresh_cycle_id;        /* refresh timer id and lock ticket */
  uint32_t refresh_exchange_id;
  uint32_t rejected_generation;     /* the token the server refused */

  sr_stats stats;
};

/* engine.c */
uint32_t sr__next_id(sr_engine *engine); /* never 0, which means "none" */
int sr__sync_token(sr_engine *engine);
void sr__send_request(sr_engine *engine, sr__request *request);
void sr__fail_request(sr_engine *engine, sr__request *request, int result, int transient,
                      const char *message);
void sr__enqueue(sr_engine *engine, sr__request *request);
int sr__response_means_expired(const sr_engine *engine, const sr_response *response);
/* refresh.beforeExpiry says the current token (sr__sync_token first) should be replaced now. */
int sr__token_is_due(sr_engine *engine);
/* 1 and the canonical origin in `origin` when it can be read with certainty. */
int sr__origin_of(const sr_engine *engine, const char *url, char origin[SR__ORIGIN_MAX]);

/* refresh.c */
void sr__start_refresh(sr_engine *engine, uint32_t rejected_generation);
int sr__refresh_on_lock(sr_engine *engine, uint32_t ticket);
void sr__refresh_on_response(sr_engine *engine, const sr_response *response);
void sr__refresh_on_failure(sr_engine *engine, int result);
void sr__refresh_on_timeout(sr_engine *engine);
void sr__refresh_abandon(sr_engine *engine);

#endif
