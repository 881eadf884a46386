/* Whatever the server sends, the engine decides "expired" or not without
 * crashing, and hands the bytes back untouched. */
#include <stdlib.h>

#include "cJSON.h"
#include "check.h"
#include "scenario.h"

static int is_expired_answer(const char *body, size_t length, int status) {
  fake_host host = {0};
  scenario_start(&host, NULL);
  fake_host_get(&host, 1, "/a");
  recorded_exchange *exchange = fake_host_request_exchange(&host, 0);
  exchange->answered = 1;
  sr_response response = {status, "", NULL, (const uint8_t *)body, length, exchange->url};
  sr_engine_on_response(host.engine, exchange->id, &response);
  int expired = fake_host_count_refreshes(&host) == 1;
  int settled_once = fake_host_settlements_of(&host, 1) == (expired ? 0u : 1u);
  CHECK(settled_once);
  if (!expired && fake_host_settlements_of(&host, 1) == 1 && length > 0 && status == 200)
    CHECK(memcmp(fake_host_settlement(&host, 1)->body, body, length) == 0);
  fake_host_stop(&host);
  return expired;
}

#define EXPIRED(text) is_expired_answer((text), sizeof(text) - 1, 200)

static void body_codes_compare_as_the_json_says(void) {
  CHECK(EXPIRED("{\"code\":4001}"));
  CHECK(EXPIRED("  \n{\"message\":\"x\",\"code\":4001.0}"));
  CHECK(EXPIRED("{\"code\":4.001e3}"));
  CHECK(!EXPIRED("{\"code\":\"4001\"}")); /* a string is not the number */
  CHECK(!EXPIRED("{\"code\":4002}"));
  CHECK(!EXPIRED("{\"data\":{\"code\":4001}}")); /* another path */
  CHECK(EXPIRED("{\"\\u0063ode\":4001}"));      /* the key behind an escape */
}

static void malformed_truncated_and_odd_bodies_are_simply_not_expiries(void) {
  CHECK(!EXPIRED(""));
  CHECK(!EXPIRED("{\"code\":40"));
  CHECK(!EXPIRED("{\"code\":4001"));
  CHECK(!EXPIRED("not json \"code\" 4001"));
  CHECK(!EXPIRED("\xff\xfe{\"code\":4001}"));
  CHECK(!EXPIRED("[4001]"));
  CHECK(!EXPIRED("{\"code\":null}"));
  static const char non_utf8[] = "{\"code\":4001,\"name\":\"\xc3\x28\xa0\xa1\"}";
  (void)is_expired_answer(non_utf8, sizeof non_utf8 - 1, 200); /* either way, no crash, settled once */
  char with_nul[] = "{\"code\":4001}\0trailing";
  (void)is_expired_answer(with_nul, sizeof with_nul - 1, 200);
}

static void deeply_nested_json_is_not_an_expiry_and_does_not_overflow_the_stack(void) {
  size_t depth = 100000;
  char *body = malloc(depth * 2 + 32);
  size_t n = 0;
  for (size_t i = 0; i < depth; i++) body[n++] = '[';
  memcpy(body + n, "{\"code\":4001}", 13);
  n += 13;
  for (size_t i = 0; i < depth; i++) body[n++] = ']';
  CHECK(!is_expired_answer(body, n, 200));
  free(body);
}

static void a_huge_body_is_delivered_intact(void) {
  size_t size = 8u << 20;
  char *body = malloc(size + 1);
  body[0] = '{';
  memset(body + 1, ' ', size - 2);
  memcpy(body + size / 2, "\"pad\":1", 7);
  body[size - 1] = '}';
  body[size] = '\0';
  CHECK(!is_expired_answer(body, size, 200));
  memcpy(body + size / 2 - 20, "\"code\":4001,", 12);
  CHECK(is_expired_answer(body, size, 200));
  free(body);
}

static void tokens_with_unusual_characters_travel_intact(void) {
  static const char *tokens[] = {"a.b.c", "with space", "sl/ash+plus=", "quote\"and\\back", "\ttab"};
  for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
    fake_host host = {0};
    scenario_start(&host, NULL);
    fake_host_store(&host, "token", tokens[i]);
    fake_host_store(&host, "refreshToken", tokens[i]);
    fake_host_get(&host, 1, "/a");
    CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), tokens[i]);
    fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
    recorded_exchange *refresh = fake_host_refresh_exchange(&host, 0);
    /* The refresh body is valid JSON holding exactly the refresh token. */
    cJSON *parsed = cJSON_Parse((const char *)refresh->body);
    const cJSON *field = cJSON_GetObjectItemCaseSensitive(parsed, "refreshToken");
    CHECK(cJSON_IsString(field) && strcmp(field->valuestring, tokens[i]) == 0);
    cJSON_Delete(parsed);
    fake_host_stop(&host);
  }
}

static void request_bodies_are_replayed_byte_for_byte(void) {
  fake_host host = {0};
  scenario_start(&host, NULL);
  uint8_t binary[256];
  for (int i = 0; i < 256; i++) binary[i] = (uint8_t)i;
  sr_header headers[] = {{"Content-Type", "application/octet-stream"}};
  sr_request upload = {1, "PUT", "/upload", headers, 1, binary, sizeof binary, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &upload) == SR_OK);
  memset(binary, 0, sizeof binary); /* the caller's buffer is gone after submit */
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  recorded_exchange *retry = fake_host_request_exchange(&host, 1);
  CHECK(retry->body_length == 256);
  int intact = 1;
  for (int i = 0; i < 256; i++) intact &= retry->body[i] == (uint8_t)i;
  CHECK(intact);
  CHECK_TEXT(retry->method, "PUT");
  char buffer[64];
  CHECK_TEXT(fake_host_header(retry, "Content-Type", buffer, sizeof buffer), "application/octet-stream");
  fake_host_stop(&host);
}

static void expired_body_paths_and_values_are_configurable(void) {
  fake_host host = {0};
  scenario_start(&host, "{\"baseURL\":\"" API "\",\"expiredWhen\":{\"status\":[],\"bodyPath\":\"error.kind\","
                        "\"bodyValues\":[\"TOKEN_EXPIRED\",true]}}");
  fake_host_get(&host, 1, "/a");
  fake_host_get(&host, 2, "/b");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "{}");
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_BAD_RESPONSE); /* 401 no longer means expired */
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 403, "{\"error\":{\"kind\":\"TOKEN_EXPIRED\"}}");
  CHECK(fake_host_count_refreshes(&host) == 1);
  fake_host_stop(&host);
}

int main(void) {
  RUN(body_codes_compare_as_the_json_says);
  RUN(malformed_truncated_and_odd_bodies_are_simply_not_expiries);
  RUN(deeply_nested_json_is_not_an_expiry_and_does_not_overflow_the_stack);
  RUN(a_huge_body_is_delivered_intact);
  RUN(tokens_with_unusual_characters_travel_intact);
  RUN(request_bodies_are_replayed_byte_for_byte);
  RUN(expired_body_paths_and_values_are_configurable);
  return CHECK_SUMMARY();
}
