/* The options document: createClient's options (js-glue/index.d.ts) as the
 * JS layer normalises them (js-glue/options.js): what the engine cannot use
 * as the user wrote it arrives derived (refresh.body holds the body built
 * from bodyField, bodyFormat and params). Every field may be absent (the default applies); a
 * present field of the wrong kind is an SR_ERR_BAD_OPTION naming it. */
#include <string.h>

#include "internal.h"

typedef struct {
  const sr_allocator *allocator;
  char **error_out;
  int failed;
  int out_of_memory;
} reader;

/* The JS layer checks the user's options first (js-glue/options.js) and says
 * what each must be. The engine's own guard is narrower: every field must
 * have the type it is read as, and whatever ends up in a request line or a
 * header (the refresh method, header names and values, the token prefix) must
 * be unable to inject one. Its messages only name the option. */
static void fail(reader *r, const char *option) {
  if (!r->failed && r->error_out != NULL) {
    *r->error_out = sr__concat(r->allocator, "option ", option, " is invalid", NULL);
    if (*r->error_out == NULL) r->out_of_memory = 1;
  }
  r->failed = 1;
}

static void out_of_memory(reader *r) {
  r->failed = 1;
  r->out_of_memory = 1;
}

static const char *read_string(reader *r, const cJSON *parent, const char *key,
                               const char *option, const char *fallback, int nullable) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, key);
  if (item == NULL) return fallback;
  if (nullable && cJSON_IsNull(item)) return NULL;
  if (!cJSON_IsString(item)) {
    fail(r, option);
    return fallback;
  }
  return item->valuestring;
}

static uint32_t read_milliseconds(reader *r, const cJSON *parent, const char *key,
                                  const char *option, uint32_t fallback) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, key);
  if (item == NULL) return fallback;
  if (!cJSON_IsNumber(item) || !(item->valuedouble >= 0) || item->valuedouble > (double)SR_MAX_TIMEOUT_MS) {
    fail(r, option);
    return fallback;
  }
  return (uint32_t)item->valuedouble;
}

static const cJSON *read_object(reader *r, const cJSON *parent, const char *key, const char *option) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, key);
  if (item == NULL || cJSON_IsObject(item)) return item;
  fail(r, option);
  return NULL;
}

static const cJSON *read_array(reader *r, const cJSON *parent, const char *key, const char *option) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, key);
  if (item == NULL || cJSON_IsArray(item)) return item;
  fail(r, option);
  return NULL;
}

static void require_header_name(reader *r, const char *name, const char *option) {
  if (name != NULL && !sr__header_name_is_valid(name))
    fail(r, option);
}

static void read_expired_statuses(reader *r, sr__config *config, const cJSON *expired_when) {
  static const int default_statuses[] = {401};
  const cJSON *statuses = read_array(r, expired_when, "status", "expiredWhen.status");
  size_t count = statuses != NULL ? (size_t)cJSON_GetArraySize(statuses) : 1;
  config->expired_statuses = sr__alloc(r->allocator, count * sizeof(int));
  if (config->expired_statuses == NULL) {
    out_of_memory(r);
    return;
  }
  config->expired_status_count = count;
  if (statuses == NULL) {
    memcpy(config->expired_statuses, default_statuses, sizeof default_statuses);
    return;
  }
  size_t i = 0;
  const cJSON *status;
  cJSON_ArrayForEach(status, statuses) {
    if (!cJSON_IsNumber(status)) {
      fail(r, "expiredWhen.status");
      return;
    }
    config->expired_statuses[i++] = status->valueint;
  }
}

/* tokenOrigins as given, or (absent) baseURL, whose origin is the default;
 * sr_engine_new has the host read the origin of each one. */
static void read_token_origins(reader *r, sr__config *config, const cJSON *origins) {
  size_t count = origins != NULL ? (size_t)cJSON_GetArraySize(origins) : 1;
  config->token_origins = sr__alloc(r->allocator, (count + 1) * sizeof(char *));
  if (config->token_origins == NULL) {
    out_of_memory(r);
    return;
  }
  const cJSON *origin = origins != NULL ? origins->child : NULL;
  for (size_t i = 0; i < count; i++, origin = origin != NULL ? origin->next : NULL) {
    const char *text = origins == NULL ? config->base_url : cJSON_IsString(origin) ? origin->valuestring : NULL;
    if (text == NULL) {
      fail(r, "tokenOrigins");
      return;
    }
    char *copy = sr__strdup(r->allocator, text);
    if (copy == NULL) {
      out_of_memory(r);
      return;
    }
    config->token_origins[config->token_origin_count++] = copy;
  }
}

/* Extra refresh headers: an object of valid names to valid values. */
static const cJSON *read_headers(reader *r, const cJSON *parent, const char *option) {
  const cJSON *headers = read_object(r, parent, "headers", option);
  const cJSON *header;
  cJSON_ArrayForEach(header, headers) {
    if (!sr__header_name_is_valid(header->string) || !cJSON_IsString(header) ||
        !sr__header_value_is_valid(header->valuestring))
      fail(r, option);
  }
  return headers;
}

/* refresh.body: null (no body), [body] (the token is not in it) or
 * [before, after] (the token goes between). Absent: {"refreshToken":"…"}. */
static void read_refresh_body(reader *r, sr__config *config, const cJSON *refresh) {
  const cJSON *body = cJSON_GetObjectItemCaseSensitive(refresh, "body");
  config->refresh_body_before = "{\"refreshToken\":\"";
  config->refresh_body_after = "\"}";
  if (body == NULL) return;
  config->refresh_body_before = config->refresh_body_after = NULL;
  if (cJSON_IsNull(body)) return;
  int parts = cJSON_GetArraySize(body);
  const cJSON *before = cJSON_GetArrayItem(body, 0);
  const cJSON *after = cJSON_GetArrayItem(body, 1);
  if (!cJSON_IsArray(body) || parts < 1 || parts > 2 || !cJSON_IsString(before) || (parts == 2 && !cJSON_IsString(after))) {
    fail(r, "refresh.body");
    return;
  }
  config->refresh_body_before = before->valuestring;
  config->refresh_body_after = parts == 2 ? after->valuestring : NULL;
}

static void read_refresh(reader *r, sr__config *config, const cJSON *refresh) {
  const char *url = read_string(r, refresh, "url", "refresh.url", "/refreshtoken", 0);
  config->refresh_method = read_string(r, refresh, "method", "refresh.method", "POST", 0);
  if (!sr__method_is_valid(config->refresh_method)) fail(r, "refresh.method");
  read_refresh_body(r, config, refresh);
  const char *format = read_string(r, refresh, "bodyFormat", "refresh.bodyFormat", "json", 0);
  config->refresh_body_is_form = strcmp(format, "form") == 0;
  config->refresh_query = read_string(r, refresh, "query", "refresh.query", NULL, 1);
  config->refresh_header = read_string(r, refresh, "header", "refresh.header", NULL, 1);
  require_header_name(r, config->refresh_header, "refresh.header");
  config->refresh_headers = read_headers(r, refresh, "refresh.headers");
  /* Cookie mode: the refresh token is a cookie, which only travels with credentials. */
  config->refresh_with_credentials = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(refresh, "withCredentials")) ||
                                     config->refresh_token_key == NULL;
  config->refresh_token_path = read_string(r, refresh, "tokenPath", "refresh.tokenPath", "data.token", 0);
  config->refresh_refresh_token_path =
      read_string(r, refresh, "refreshTokenPath", "refresh.refreshTokenPath", "data.refreshToken", 1);
  config->refresh_expires_in_path = read_string(r, refresh, "expiresInPath", "refresh.expiresInPath", NULL, 1);
  config->refresh_timeout_ms = read_milliseconds(r, refresh, "timeout", "refresh.timeout", 10000);
  const cJSON *before_expiry = cJSON_GetObjectItemCaseSensitive(refresh, "beforeExpiry");
  if (before_expiry != NULL) {
    if (!cJSON_IsNumber(before_expiry))
      fail(r, "refresh.beforeExpiry");
    else
      config->before_expiry_seconds = before_expiry->valuedouble;
  }
  if (!r->failed) {
    config->refresh_url = sr__url_resolve(r->allocator, config->base_url, url);
    if (config->refresh_url == NULL) out_of_memory(r);
  }
}

int sr__config_parse(sr__config *config, const char *json, size_t length,
                     const sr_allocator *allocator, char **error_out) {
  memset(config, 0, sizeof *config);
  if (error_out != NULL) *error_out = NULL;
  reader r = {allocator, error_out, 0, 0};
  config->document = cJSON_ParseWithLength(json, length);
  if (config->document == NULL || !cJSON_IsObject(config->document)) {
    fail(&r, "document");
    sr__config_free(config, allocator);
    return SR_ERR_BAD_OPTION;
  }
  const cJSON *root = config->document;
  config->base_url = read_string(&r, root, "baseURL", "baseURL", "", 0);
  config->timeout_ms = read_milliseconds(&r, root, "timeout", "timeout", 0);
  config->token_header = read_string(&r, root, "tokenHeader", "tokenHeader", "X-Token", 0);
  require_header_name(&r, config->token_header, "tokenHeader");
  config->token_prefix = read_string(&r, root, "tokenPrefix", "tokenPrefix", "", 0);
  if (config->token_prefix != NULL && !sr__header_value_is_valid(config->token_prefix))
    fail(&r, "tokenPrefix");
  config->token_key = read_string(&r, root, "tokenKey", "tokenKey", "token", 0);
  config->refresh_token_key = read_string(&r, root, "refreshTokenKey", "refreshTokenKey", "refreshToken", 1);

  const cJSON *refresh = read_object(&r, root, "refresh", "refresh");
  read_refresh(&r, config, refresh);

  const cJSON *expired_when = read_object(&r, root, "expiredWhen", "expiredWhen");
  read_expired_statuses(&r, config, expired_when);
  config->expired_body_path = read_string(&r, expired_when, "bodyPath", "expiredWhen.bodyPath", "code", 1);
  /* Absent: the default [4001] (engine.c compares with it directly). */
  config->expired_body_values = read_array(&r, expired_when, "bodyValues", "expiredWhen.bodyValues");

  const cJSON *origins = read_array(&r, root, "tokenOrigins", "tokenOrigins");
  if (!r.failed) read_token_origins(&r, config, origins);

  if (r.failed) {
    sr__config_free(config, allocator);
    if (r.out_of_memory && error_out != NULL) {
      sr__free(allocator, *error_out);
      *error_out = NULL;
    }
    return r.out_of_memory ? SR_ERR_NO_MEMORY : SR_ERR_BAD_OPTION;
  }
  return SR_OK;
}

void sr__config_free(sr__config *config, const sr_allocator *allocator) {
  for (size_t i = 0; i < config->token_origin_count; i++) sr__free(allocator, config->token_origins[i]);
  sr__free(allocator, config->token_origins);
  sr__free(allocator, config->expired_statuses);
  sr__free(allocator, config->refresh_url);
  cJSON_Delete(config->document);
  memset(config, 0, sizeof *config);
}
