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

/* Bytes needed to write `text` as JSON string content (without quotes). */
static size_t escaped_length(const char *text) {
  size_t length = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
    if (*c == '"' || *c == '\\') length += 2;
    else if (*c < 0x20) length += 6;
    else length += 1;
  }
  return length;
}

static char *write_escaped(char *out, const char *text) {
  static const char hex[] = "0123456789abcdef";
  for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
    if (*c == '"' || *c == '\\') {
      *out++ = '\\';
      *out++ = (char)*c;
    } else if (*c < 0x20) {
      memcpy(out, "\\u00", 4);
      out[4] = hex[*c >> 4];
      out[5] = hex[*c & 0xf];
      out += 6;
    } else {
      *out++ = (char)*c;
    }
  }
  return out;
}

/* Written by hand: cJSON's printer would pull libc's float formatting into
 * the wasm for the sake of one string field. */
char *sr__json_single_field(const sr_allocator *allocator, const char *field, const char *value) {
  size_t length = 2 + escaped_length(field) + 3 + escaped_length(value) + 2;
  char *json = sr__alloc(allocator, length + 1);
  if (json == NULL) return NULL;
  char *out = json;
  *out++ = '{';
  *out++ = '"';
  out = write_escaped(out, field);
  memcpy(out, "\":\"", 3);
  out += 3;
  out = write_escaped(out, value);
  *out++ = '"';
  *out++ = '}';
  *out = '\0';
  return json;
}
