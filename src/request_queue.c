#include "request_queue.h"

void sr__queue_init(sr__queue *queue) {
  queue->front = NULL;
  queue->back = NULL;
  queue->length = 0;
}

void sr__queue_push(sr__queue *queue, sr__request *request) {
  request->queue_next = NULL;
  request->queued = 1;
  if (queue->back != NULL) queue->back->queue_next = request;
  else queue->front = request;
  queue->back = request;
  queue->length++;
}

sr__request *sr__queue_pop(sr__queue *queue) {
  sr__request *request = queue->front;
  if (request == NULL) return NULL;
  queue->front = request->queue_next;
  if (queue->front == NULL) queue->back = NULL;
  request->queue_next = NULL;
  request->queued = 0;
  queue->length--;
  return request;
}

void sr__queue_remove(sr__queue *queue, sr__request *request) {
  sr__request **link = &queue->front;
  sr__request *previous = NULL;
  while (*link != NULL && *link != request) {
    previous = *link;
    link = &(*link)->queue_next;
  }
  if (*link == NULL) return;
  *link = request->queue_next;
  if (queue->back == request) queue->back = previous;
  request->queue_next = NULL;
  request->queued = 0;
  queue->length--;
}
