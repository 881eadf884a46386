#include <string.h>

#include "internal.h"

static int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

/* Decodes base64url (padding optional) into out; returns bytes written or -1. */
static long base64url_decode(const char *in, size_t in_length, unsigned char *out) {
  unsigned int accumulator = 0;
  int bits = 0;
  long written = 0;
  for (size_t i = 0; i < in_length; i++) {
    if (in[i] == '=') break;
    int value = base64url_value(in[i]);
    if (value < 0) return -1;
    accumulator = (accumulator << 6) | (unsigned int)value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (unsigned char)((accumulator >> bits) & 0xffu);
    }
  }
  return written;
}

int sr__jwt_expiry(const sr_allocator *allocator, const char *token, double *expiry_out) {
  const char *payload = strchr(token, '.');
  if (payload == NULL) return 0;
  payload++;
  const char *payload_end = strchr(payload, '.');
  if (payload_end == NULL) return 0;
  size_t encoded_length = (size_t)(payload_end - payload);
  if (encoded_length == 0 || encoded_length > 64 * 1024) return 0;
  unsigned char *decoded = sr__alloc(allocator, encoded_length);
  if (decoded == NULL) return 0;
  long decoded_length = base64url_decode(payload, encoded_length, decoded);
  int found = 0;
  if (decoded_length > 0) {
    cJSON *claims = cJSON_ParseWithLength((const char *)decoded, (size_t)decoded_length);
    const cJSON *expiry = cJSON_GetObjectItemCaseSensitive(claims, "exp");
    if (cJSON_IsNumber(expiry)) {
      *expiry_out = expiry->valuedouble;
      found = 1;
    }
    cJSON_Delete(claims);
  }
  sr__free(allocator, decoded);
  return found;
}
