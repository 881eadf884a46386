#include <string.h>

#include "internal.h"

/* RFC 9110 tchar: the only bytes a header name may hold. */
static int is_token_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return 1;
    default:
      return 0;
  }
}

int sr__header_name_is_valid(const char *name) {
  if (name == NULL || name[0] == '\0') return 0;
  for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++)
    if (!is_token_char(*c)) return 0;
  return 1;
}

/* CR and LF would let a value start a header of its own (header injection);
 * NUL cannot occur in a C string, and the JSON reader rejects "\u0000".
 * Other control bytes and non-ASCII are refused too: XMLHttpRequest throws
 * on some of them, and a throw inside the transport would strand the
 * request. */
int sr__header_value_is_valid(const char *value) {
  if (value == NULL) return 0;
  for (const unsigned char *c = (const unsigned char *)value; *c != '\0'; c++)
    if ((*c < 0x20 && *c != '\t') || *c >= 0x7f) return 0;
  return 1;
}

/* XMLHttpRequest.open throws on these (Fetch standard "forbidden method").
 * A longer method than the transport can hold is refused, never cut short. */
int sr__method_is_valid(const char *method) {
  static const char *const forbidden[] = {"CONNECT", "TRACE", "TRACK"};
  if (!sr__header_name_is_valid(method) || strlen(method) > SR_MAX_METHOD_LENGTH) return 0;
  for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
    if (sr__ascii_equal_ignoring_case(method, forbidden[i])) return 0;
  return 1;
}

int sr__ascii_equal_ignoring_case(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++)
    if (sr__ascii_lower(*a) != sr__ascii_lower(*b)) return 0;
  return *a == *b;
}
