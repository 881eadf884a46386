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

/* Characters that may appear in a host we compare. Anything else (spaces,
 * backslashes, percent-escapes, control bytes) makes the origin unreadable,
 * and an unreadable origin never receives a token. */
static int is_host_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '[' || c == ']' || c == ':';
}

int sr__url_origin(const char *url, char *out, size_t out_size) {
  size_t scheme_end = scheme_length(url);
  if (scheme_end == 0) return 0;
  char scheme[8];
  if (scheme_end >= sizeof scheme) return 0;
  for (size_t i = 0; i < scheme_end; i++) scheme[i] = sr__ascii_lower(url[i]);
  scheme[scheme_end] = '\0';
  const char *default_port;
  if (strcmp(scheme, "http") == 0) default_port = "80";
  else if (strcmp(scheme, "https") == 0) default_port = "443";
  else return 0;

  const char *authority = url + scheme_end + 3;
  size_t authority_length = strcspn(authority, "/?#\\");
  if (authority[authority_length] == '\\') return 0; /* browsers read '\' as '/' */
  /* The host follows the last '@' of the authority (user:password@host). */
  const char *host = authority;
  for (size_t i = 0; i < authority_length; i++)
    if (authority[i] == '@') host = authority + i + 1;
  size_t host_length = authority_length - (size_t)(host - authority);
  if (host_length == 0) return 0;

  /* Split off the port; an IPv6 literal keeps its colons inside brackets. */
  size_t name_length = host_length;
  const char *port = NULL;
  size_t port_length = 0;
  const char *closing_bracket = host[0] == '[' ? memchr(host, ']', host_length) : NULL;
  if (host[0] == '[' && closing_bracket == NULL) return 0;
  const char *colon_search_start = closing_bracket != NULL ? closing_bracket : host;
  const char *colon = memchr(colon_search_start, ':', host_length - (size_t)(colon_search_start - host));
  if (colon != NULL) {
    name_length = (size_t)(colon - host);
    port = colon + 1;
    port_length = host_length - name_length - 1;
    for (size_t i = 0; i < port_length; i++)
      if (!is_digit(port[i])) return 0;
    while (port_length > 1 && port[0] == '0') { port++; port_length--; }
    if (port_length == 0 || (port_length == strlen(default_port) && memcmp(port, default_port, port_length) == 0))
      port = NULL;
  }
  if (name_length == 0) return 0;
  for (size_t i = 0; i < name_length; i++)
    if (!is_host_char(host[i]) || (host[i] == ':' && closing_bracket == NULL)) return 0;

  size_t needed = scheme_end + 3 + name_length + (port != NULL ? 1 + port_length : 0) + 1;
  if (needed > out_size) return 0;
  char *cursor = out;
  memcpy(cursor, scheme, scheme_end);
  cursor += scheme_end;
  memcpy(cursor, "://", 3);
  cursor += 3;
  for (size_t i = 0; i < name_length; i++) *cursor++ = sr__ascii_lower(host[i]);
  if (port != NULL) {
    *cursor++ = ':';
    memcpy(cursor, port, port_length);
    cursor += port_length;
  }
  *cursor = '\0';
  return 1;
}
