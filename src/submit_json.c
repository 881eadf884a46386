/* Submission from a JSON request description: the shape in which the JS
 * layer hands a request across the wasm boundary. */
#include <string.h>

#include "engine.h"

/* cJSON decodes "\u0000" into a NUL that would silently cut a string short;
 * such a document is refused rather than sent truncated. */
static int has_escaped_nul(const char *json, size_t length) {
  static const char needle[] = "\\u0000";
  for (size_t i = 0; i + sizeof needle - 1 <= length; i++)
    if (memcmp(json + i, needle, sizeof needle - 1) == 0) return 1;
  return 0;
}

int sr_engine_submit_json(sr_engine *engine, uint32_t handle, const char *json, size_t length,
                          const uint8_t *body, size_t body_length) {
  if (engine == NULL || json == NULL || has_escaped_nul(json, length)) return SR_ERR_BAD_OPTION;
  cJSON *document = cJSON_ParseWithLength(json, length);
  if (document == NULL) return SR_ERR_BAD_OPTION;
  const cJSON *method = cJSON_GetObjectItemCaseSensitive(document, "method");
  const cJSON *url = cJSON_GetObjectItemCaseSensitive(document, "url");
  const cJSON *headers = cJSON_GetObjectItemCaseSensitive(document, "headers");
  const cJSON *timeout = cJSON_GetObjectItemCaseSensitive(document, "timeout");
  const cJSON *skip_auth = cJSON_GetObjectItemCaseSensitive(document, "skipAuth");
  const cJSON *with_credentials = cJSON_GetObjectItemCaseSensitive(document, "withCredentials");
  const cJSON *token_only = cJSON_GetObjectItemCaseSensitive(document, "tokenOnly");
  int result = SR_ERR_BAD_OPTION;
  sr_header *header_list = NULL;
  size_t header_count = headers != NULL ? (size_t)cJSON_GetArraySize(headers) : 0;
  if (!cJSON_IsString(url) || (method != NULL && !cJSON_IsString(method)) ||
      (headers != NULL && !cJSON_IsObject(headers)) ||
      (timeout != NULL && (!cJSON_IsNumber(timeout) || !(timeout->valuedouble >= 0) ||
                           timeout->valuedouble > (double)SR_MAX_TIMEOUT_MS)) ||
      (skip_auth != NULL && !cJSON_IsBool(skip_auth)) ||
      (with_credentials != NULL && !cJSON_IsBool(with_credentials)) || (token_only != NULL && !cJSON_IsBool(token_only)))
    goto done;
  if (header_count > 0) {
    header_list = sr__alloc(&engine->allocator, header_count * sizeof(sr_header));
    if (header_list == NULL) {
      result = SR_ERR_NO_MEMORY;
      goto done;
    }
    size_t i = 0;
    const cJSON *header;
    cJSON_ArrayForEach(header, headers) {
      if (!cJSON_IsString(header)) goto done;
      header_list[i].name = header->string;
      header_list[i].value = header->valuestring;
      i++;
    }
  }
  sr_request request = {handle,
                        method != NULL ? method->valuestring : NULL,
                        url->valuestring,
                        header_list,
                        header_count,
                        body,
                        body_length,
                        timeout != NULL ? (uint32_t)timeout->valuedouble : 0,
                        cJSON_IsTrue(skip_auth),
                        cJSON_IsTrue(with_credentials),
                        cJSON_IsTrue(token_only)};
  result = sr_engine_submit(engine, &request);
done:
  sr__free(&engine->allocator, header_list);
  cJSON_Delete(document);
  return result;
}
