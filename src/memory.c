#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *default_malloc(void *context, size_t size) {
  (void)context;
  return malloc(size);
}

static void default_free(void *context, void *pointer) {
  (void)context;
  free(pointer);
}

const sr_allocator sr__default_allocator = {default_malloc, default_free, NULL};

void *sr__alloc(const sr_allocator *allocator, size_t size) {
  return allocator->malloc(allocator->context, size == 0 ? 1 : size);
}

void sr__free(const sr_allocator *allocator, void *pointer) {
  if (pointer != NULL) allocator->free(allocator->context, pointer);
}

char *sr__strdup(const sr_allocator *allocator, const char *text) {
  return sr__concat(allocator, text, NULL, NULL, NULL);
}

char *sr__join(const sr_allocator *allocator, const char *const *parts, size_t count) {
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += parts[i] != NULL ? strlen(parts[i]) : 0;
  char *result = sr__alloc(allocator, total + 1);
  if (result == NULL) return NULL;
  char *cursor = result;
  for (size_t i = 0; i < count; i++) {
    size_t length = parts[i] != NULL ? strlen(parts[i]) : 0;
    if (length > 0) memcpy(cursor, parts[i], length);
    cursor += length;
  }
  *cursor = '\0';
  return result;
}

char *sr__concat(const sr_allocator *allocator, const char *a, const char *b,
                 const char *c, const char *d) {
  const char *parts[4] = {a, b, c, d};
  return sr__join(allocator, parts, 4);
}

void sr_free_message(const sr_allocator *allocator, char *message) {
  sr__free(allocator != NULL ? allocator : &sr__default_allocator, message);
}
