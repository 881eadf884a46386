#include <string.h>

#include "internal.h"

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the "scheme:" prefix of an RFC 3986 scheme followed by "//", or 0. */
static size_t scheme_length(const char *url) {
  if (!is_alpha(url[0])) return 0;
  size_t i = 1;
  while (is_alpha(url[i]) || is_digit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.') i++;
  if (url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/') return i;
  return 0;
}

int sr__url_is_absolute(const char *url) {
  return scheme_length(url) > 0 || (url[0] == '/' && url[1] == '/');
}

char *sr__url_resolve(const sr_allocator *allocator, const char *base, const char *url) {
  if (base == NULL || base[0] == '\0' || sr__url_is_absolute(url)) return sr__strdup(allocator, url);
  size_t base_length = strlen(base);
  while (base_length > 0 && base[base_length - 1] == '/') base_length--;
  while (*url == '/') url++;
  char *joined = sr__alloc(allocator, base_length + 1 + strlen(url) + 1);
  if (joined == NULL) return NULL;
  memcpy(joined, base, base_length);
  joined[base_length] = '/';
  strcpy(joined + base_length + 1, url);
  return joined;
}
