#include <string.h>

#include "internal.h"

const cJSON *sr__json_at_path(const cJSON *root, const char *dotted_path) {
  const cJSON *item = root;
  const char *segment = dotted_path;
  char key[128];
  while (item != NULL) {
    size_t length = strcspn(segment, ".");
    if (length == 0 || length >= sizeof key) return NULL;
    memcpy(key, segment, length);
    key[length] = '\0';
    if (cJSON_IsArray(item)) {
      int index = 0;
      for (size_t i = 0; i < length; i++) {
        if (key[i] < '0' || key[i] > '9' || index > 100000000) return NULL;
        index = index * 10 + (key[i] - '0');
      }
      item = cJSON_GetArrayItem(item, index);
    } else {
      item = cJSON_GetObjectItemCaseSensitive(item, key);
    }
    if (segment[length] == '\0') return item;
    segment += length + 1;
  }
  return NULL;
}

/* Writes `text` escaped (as JSON string content, or percent-encoded for a
 * form) to out, or only counts the bytes when out is NULL. */
static size_t escape(char *out, const char *text, int as_form) {
  static const char hex[] = "0123456789ABCDEF";
  size_t length = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
    char plain = 0;
    if (as_form) {
      /* What URLSearchParams leaves as it is; everything else is %XX. */
      if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '*' ||
          *c == '-' || *c == '.' || *c == '_')
        plain = (char)*c;
    } else if (*c >= 0x20 && *c != '"' && *c != '\\') {
      plain = (char)*c;
    }
    char escaped[6] = {'%', hex[*c >> 4], hex[*c & 0xf]};
    size_t size = 3;
    if (plain) {
      escaped[0] = plain;
      size = 1;
    } else if (!as_form) {
      if (*c >= 0x20) {
        escaped[0] = '\\';
        escaped[1] = (char)*c;
        size = 2;
      } else {
        memcpy(escaped, "\\u00", 4);
        escaped[4] = hex[*c >> 4];
        escaped[5] = hex[*c & 0xf];
        size = 6;
      }
    }
    if (out != NULL) memcpy(out + length, escaped, size);
    length += size;
  }
  return length;
}

/* Written by hand: cJSON's printer would pull libc's float formatting into
 * the wasm for the sake of one string. */
char *sr__insert_escaped(const sr_allocator *allocator, const char *before, const char *value,
                         const char *after, int as_form) {
  size_t before_length = strlen(before);
  size_t value_length = escape(NULL, value, as_form);
  size_t after_length = strlen(after);
  char *text = sr__alloc(allocator, before_length + value_length + after_length + 1);
  if (text == NULL) return NULL;
  memcpy(text, before, before_length);
  escape(text + before_length, value, as_form);
  memcpy(text + before_length + value_length, after, after_length + 1);
  return text;
}
