/* The engine's bookkeeping for one submitted request, and the FIFO of
 * requests waiting for a refresh (shaped like nghttp2's nghttp2_queue). */
#ifndef SILENT_REFRESH_REQUEST_QUEUE_H
#define SILENT_REFRESH_REQUEST_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "silent_refresh.h"

typedef struct sr__request {
  struct sr__request *previous; /* every live request, in submission order */
  struct sr__request *next;
  struct sr__request *queue_next; /* the refresh queue */
  int queued;
  uint32_t handle;
  uint32_t exchange_id;      /* 0 when nothing is in flight */
  uint32_t token_generation; /* of the token it carried; 0 = none */
  int expired_answers;
  int may_carry_token; /* not skipAuth, and the URL's origin is trusted */
  int with_credentials;
  int token_only;      /* getTokenSilently: settles instead of sending */
  uint32_t timeout_ms;
  const char *method;
  const char *url;
  sr_header *headers; /* header_count slots, plus one for the token */
  size_t header_count;
  const uint8_t *body;
  size_t body_length;
  /* method, url, headers, their strings and the body follow in the same
   * allocation: one malloc per request. */
} sr__request;

typedef struct {
  sr__request *front;
  sr__request *back;
  size_t length;
} sr__queue;

void sr__queue_init(sr__queue *queue);
void sr__queue_push(sr__queue *queue, sr__request *request);
sr__request *sr__queue_pop(sr__queue *queue);
void sr__queue_remove(sr__queue *queue, sr__request *request);

#endif
