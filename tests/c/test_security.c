/* Behaviour 5 and 8: tokens only where they belong, injection refused,
 * options validated with messages that name them. */
#include <stdlib.h>

#include "check.h"
#include "scenario.h"

static void the_token_goes_to_trusted_origins_only(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  const char *urls[] = {"/relative",
                        "https://api.test/absolute",
                        "HTTPS://API.TEST:443/same-origin-spelled-differently",
                        "https://evil.test/x",
                        "http://api.test/plain-http-is-another-origin",
                        "https://api.test:8443/other-port",
                        "https://api.test.evil.test/suffix",
                        "https://api.test@evil.test/userinfo-trick",
                        "//evil.test/protocol-relative"};
  const char *expected[] = {"T1", "T1", "T1", "", "", "", "", "", ""};
  for (uint32_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    CHECK(fake_host_get(&host, i + 1, urls[i]) == SR_OK);
    recorded_exchange *exchange = fake_host_request_exchange(&host, i);
    CHECK(exchange != NULL);
    if (exchange != NULL && strcmp(scenario_token_of(exchange), expected[i]) != 0) {
      fprintf(stderr, "  token leak or loss for %s\n", urls[i]);
      check_failures++;
    }
  }
  fake_host_stop(&host);
}

static void a_foreign_origin_answering_401_never_triggers_a_refresh(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "https://evil.test/x");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, EXPIRED_BODY);
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_BAD_RESPONSE);
  fake_host_stop(&host);
}

static void an_expiry_answered_after_a_redirect_to_a_foreign_origin_is_not_refreshed_or_replayed(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/moved");
  recorded_exchange *exchange = fake_host_request_exchange(&host, 0);
  exchange->answered = 1;
  sr_response redirected = {401, "", NULL, NULL, 0, "https://evil.test/login"};
  CHECK(sr_engine_on_response(host.engine, exchange->id, &redirected) == SR_OK);
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_request_exchange(&host, 1) == NULL);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_BAD_RESPONSE);
  fake_host_stop(&host);
}

/* The host reports where an answer came from with `final_url`; NULL means it
 * cannot tell (in the browser: the XMLHttpRequest behind the exchange could
 * not be found). Such an answer may be a foreign origin's, so it is one. */
static int expiry_from_unknown_origin_refreshes(int status, const char *body) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  recorded_exchange *exchange = fake_host_request_exchange(&host, 0);
  exchange->answered = 1;
  sr_response unknown_origin = {status, "", NULL, (const uint8_t *)body, strlen(body), NULL};
  CHECK(sr_engine_on_response(host.engine, exchange->id, &unknown_origin) == SR_OK);
  int refreshed = fake_host_count_refreshes(&host) > 0 || fake_host_request_exchange(&host, 1) != NULL;
  if (!refreshed) {
    /* Settled as the ordinary answer it is, body intact. */
    CHECK(fake_host_settlement(&host, 1)->result == (status == 200 ? SR_OK : SR_ERR_BAD_RESPONSE));
    CHECK_TEXT(fake_host_settlement(&host, 1)->body, body);
  }
  fake_host_stop(&host);
  return refreshed;
}

static void an_expiry_from_an_origin_the_host_cannot_tell_is_neither_refreshed_nor_replayed(void) {
  CHECK(!expiry_from_unknown_origin_refreshes(401, ""));
  CHECK(!expiry_from_unknown_origin_refreshes(200, EXPIRED_BODY));
}

/* Starts a refresh with one expired request, then answers the refresh with
 * fresh tokens (T2, R2) as coming from `final_url`. */
static void refresh_answered_from(fake_host *host, const char *final_url) {
  CHECK(scenario_start(host, NULL) == SR_OK);
  fake_host_get(host, 1, "/a");
  fake_host_answer(host, fake_host_request_exchange(host, 0), 401, "");
  recorded_exchange *refresh = fake_host_refresh_exchange(host, 0);
  refresh->answered = 1;
  sr_response answer = {200, "", NULL, (const uint8_t *)REFRESH_OK_BODY, strlen(REFRESH_OK_BODY), final_url};
  CHECK(sr_engine_on_response(host->engine, refresh->id, &answer) == SR_OK);
}

static void a_refresh_answered_from_an_origin_the_host_cannot_tell_stores_nothing_and_keeps_the_session(void) {
  fake_host host = {0};
  refresh_answered_from(&host, NULL);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T1");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R1");
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  CHECK(fake_host_settlement(&host, 1)->transient);
  fake_host_stop(&host);
}

static void a_refresh_redirected_to_another_origin_stores_nothing_and_ends_the_session(void) {
  fake_host host = {0};
  refresh_answered_from(&host, "https://evil.test/refreshtoken");
  CHECK(fake_host_stored(&host, "token") == NULL);
  CHECK(fake_host_stored(&host, "refreshToken") == NULL);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  CHECK(!fake_host_settlement(&host, 1)->transient);
  fake_host_stop(&host);
}

static void a_refresh_redirected_within_its_origin_is_trusted(void) {
  fake_host host = {0};
  refresh_answered_from(&host, API "/refreshtoken/");
  CHECK_TEXT(fake_host_stored(&host, "token"), "T2");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "T2"); /* replayed */
  fake_host_stop(&host);
}

static void token_origins_may_list_other_origins(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"tokenOrigins\":[\"https://cdn.test\"]}") == SR_OK);
  fake_host_get(&host, 1, "https://cdn.test/x");
  fake_host_get(&host, 2, "/on-base-but-not-listed");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), "T1");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "");
  fake_host_stop(&host);
}

static void the_refresh_token_goes_only_to_the_refresh_url(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  for (size_t i = 0; i < host.exchange_count; i++) {
    recorded_exchange *e = host.exchanges[i];
    int mentions_refresh_token = strstr(e->headers, "R1") != NULL || strstr((char *)e->body, "R1") != NULL;
    CHECK(mentions_refresh_token == e->is_refresh);
  }
  fake_host_stop(&host);
}

static void the_refresh_token_can_travel_in_a_header_instead_of_the_body(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"body\":null,"
                              "\"header\":\"X-Refresh-Token\",\"method\":\"GET\",\"url\":\"https://auth.test/r\"}}") ==
        SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  recorded_exchange *refresh = fake_host_refresh_exchange(&host, 0);
  char buffer[64];
  CHECK_TEXT(fake_host_header(refresh, "X-Refresh-Token", buffer, sizeof buffer), "R1");
  CHECK(refresh->body_length == 0);
  CHECK_TEXT(refresh->method, "GET");
  CHECK_TEXT(refresh->url, "https://auth.test/r");
  fake_host_stop(&host);
}

static void header_names_and_values_with_cr_lf_are_refused_and_nothing_is_sent(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  sr_header injected_value[] = {{"X-Ok", "fine\r\nX-Evil: 1"}};
  sr_header injected_name[] = {{"X-Evil\r\nA", "1"}};
  sr_header colon_name[] = {{"X:Y", "1"}};
  sr_header *cases[] = {injected_value, injected_name, colon_name};
  for (uint32_t i = 0; i < 3; i++) {
    sr_request request = {i + 1, "GET", "/a", cases[i], 1, NULL, 0, 0, 0, 0, 0};
    CHECK(sr_engine_submit(host.engine, &request) == SR_ERR_BAD_OPTION);
  }
  sr_request bad_method = {9, "GET /x HTTP/1.1\r\n", "/a", NULL, 0, NULL, 0, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &bad_method) == SR_ERR_BAD_OPTION);
  sr_request forbidden_method = {10, "trace", "/a", NULL, 0, NULL, 0, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &forbidden_method) == SR_ERR_BAD_OPTION);
  sr_request url_with_newline = {11, "GET", "/a\nX-Evil: 1", NULL, 0, NULL, 0, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &url_with_newline) == SR_ERR_BAD_OPTION);
  CHECK(host.exchange_count == 0 && host.settlement_count == 0);
  static const char json_nul[] = "{\"url\":\"/a\",\"headers\":{\"X\":\"a\\u0000b\"}}";
  CHECK(sr_engine_submit_json(host.engine, 12, json_nul, sizeof json_nul - 1, NULL, 0) == SR_ERR_BAD_OPTION);
  CHECK(host.exchange_count == 0);
  /* 31 bytes fit the transport's method buffer; 32 are refused, never cut short. */
  sr_request longest_method = {13, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE", "/a", NULL, 0, NULL, 0, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &longest_method) == SR_OK);
  sr_request too_long_method = {14, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF", "/a", NULL, 0, NULL, 0, 0, 0, 0, 0};
  CHECK(sr_engine_submit(host.engine, &too_long_method) == SR_ERR_BAD_OPTION);
  CHECK(host.exchange_count == 1);
  fake_host_stop(&host);
}

static void a_callers_token_header_gives_way_to_the_engines_but_stays_on_skip_auth_requests(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  sr_header stale[] = {{"x-token", "stale"}, {"Accept", "*/*"}};
  sr_request authed = {1, "GET", "/a", stale, 2, NULL, 0, 0, 0, 0, 0};
  sr_request public_request = {2, "GET", "/login", stale, 2, NULL, 0, 0, 1, 0, 0};
  CHECK(sr_engine_submit(host.engine, &authed) == SR_OK);
  CHECK(sr_engine_submit(host.engine, &public_request) == SR_OK);
  CHECK_TEXT(fake_host_request_exchange(&host, 0)->headers, "Accept: */*\nX-Token: T1\n");
  CHECK_TEXT(fake_host_request_exchange(&host, 1)->headers, "x-token: stale\nAccept: */*\n");
  fake_host_stop(&host);
}

static void a_stored_token_with_a_newline_is_never_sent(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_store(&host, "token", "T1\r\nX-Evil: 1");
  fake_host_get(&host, 1, "/a");
  recorded_exchange *exchange = fake_host_request_exchange(&host, 0);
  CHECK(strstr(exchange->headers, "Evil") == NULL);
  CHECK_TEXT(scenario_token_of(exchange), "");
  fake_host_stop(&host);
}

static void invalid_options_are_refused_with_a_message_naming_the_option(void) {
  static const struct {
    const char *options;
    const char *named;
  } cases[] = {
      /* The engine's own guard: types, and whatever could inject a request line or a header. The
       * JS layer checks the rest first (tests/js/requests.test.js), with messages that say why. */
      {"[]", "document"},
      {"{\"timeout\":-1}", "timeout"},
      {"{\"timeout\":\"5s\"}", "timeout"},
      {"{\"tokenHeader\":\"X Token\"}", "tokenHeader"},
      {"{\"tokenPrefix\":\"Bearer\\r\\n\"}", "tokenPrefix"},
      {"{\"tokenKey\":7}", "tokenKey"},
      {"{\"refreshTokenKey\":[]}", "refreshTokenKey"},
      {"{\"refresh\":[]}", "refresh"},
      {"{\"refresh\":{\"url\":7}}", "refresh.url"},
      {"{\"refresh\":{\"method\":\"CONNECT\"}}", "refresh.method"},
      {"{\"refresh\":{\"method\":\"GET /x HTTP/1.1\\r\\n\"}}", "refresh.method"},
      {"{\"refresh\":{\"header\":\"a b\"}}", "refresh.header"},
      {"{\"refresh\":{\"timeout\":-1}}", "refresh.timeout"},
      {"{\"refresh\":{\"tokenPath\":7}}", "refresh.tokenPath"},
      {"{\"refresh\":{\"beforeExpiry\":\"soon\"}}", "refresh.beforeExpiry"},
      {"{\"refresh\":{\"body\":[\"a\",\"b\",\"c\"]}}", "refresh.body"},
      {"{\"refresh\":{\"headers\":{\"X-Tenant\":\"a\\r\\nb\"}}}", "refresh.headers"},
      {"{\"refresh\":{\"headers\":{\"X Tenant\":\"a\"}}}", "refresh.headers"},
      {"{\"expiredWhen\":{\"status\":[\"401\"]}}", "expiredWhen.status"},
      {"{\"expiredWhen\":{\"status\":401}}", "expiredWhen.status"},
      {"{\"tokenOrigins\":[\"ftp://x\"]}", "tokenOrigins"},
      {"{\"tokenOrigins\":\"https://a.test\"}", "tokenOrigins"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fake_host host = {0};
    char *message = NULL;
    CHECK(fake_host_start_with_message(&host, cases[i].options, &message) == SR_ERR_BAD_OPTION);
    CHECK(host.engine == NULL);
    if (message == NULL || strstr(message, cases[i].named) == NULL) {
      fprintf(stderr, "  %s: message \"%s\" does not name %s\n", cases[i].options,
              message != NULL ? message : "(null)", cases[i].named);
      check_failures++;
    }
    sr_free_message(NULL, message);
    fake_host_stop(&host);
  }
}

int main(void) {
  RUN(the_token_goes_to_trusted_origins_only);
  RUN(a_foreign_origin_answering_401_never_triggers_a_refresh);
  RUN(an_expiry_answered_after_a_redirect_to_a_foreign_origin_is_not_refreshed_or_replayed);
  RUN(an_expiry_from_an_origin_the_host_cannot_tell_is_neither_refreshed_nor_replayed);
  RUN(a_refresh_answered_from_an_origin_the_host_cannot_tell_stores_nothing_and_keeps_the_session);
  RUN(a_refresh_redirected_to_another_origin_stores_nothing_and_ends_the_session);
  RUN(a_refresh_redirected_within_its_origin_is_trusted);
  RUN(token_origins_may_list_other_origins);
  RUN(the_refresh_token_goes_only_to_the_refresh_url);
  RUN(the_refresh_token_can_travel_in_a_header_instead_of_the_body);
  RUN(header_names_and_values_with_cr_lf_are_refused_and_nothing_is_sent);
  RUN(a_callers_token_header_gives_way_to_the_engines_but_stays_on_skip_auth_requests);
  RUN(a_stored_token_with_a_newline_is_never_sent);
  RUN(invalid_options_are_refused_with_a_message_naming_the_option);
  return CHECK_SUMMARY();
}
