/* Refreshes that fit real backends: OAuth 2.0 form bodies with extra
 * parameters, the token in a query or header, extra headers, httpOnly-cookie
 * refresh tokens, bare-token and expires_in answers, proactive refresh for
 * every token in a chain, getTokenSilently's token-only requests, and
 * failure messages that tell a misconfiguration from a refused token. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "scenario.h"

/* The options a JS layer sends for an OAuth 2.0 token endpoint (RFC 6749 §6):
 * form body with grant_type and client_id, the token at "refresh_token". */
#define OAUTH_OPTIONS                                                                                 \
  "{\"baseURL\":\"" API "\",\"tokenKey\":\"token\",\"refreshTokenKey\":\"refreshToken\","           \
  "\"refresh\":{\"url\":\"https://auth.test/token\","                                               \
  "\"bodyFormat\":\"form\",\"body\":[\"grant_type=refresh_token&client_id=spa&refresh_token=\",\"\"]," \
  "\"headers\":{\"X-Tenant\":\"acme\"},\"tokenPath\":\"access_token\","                             \
  "\"refreshTokenPath\":\"refresh_token\",\"expiresInPath\":\"expires_in\",\"beforeExpiry\":5}}"

/* One request answered "expired"; returns the refresh exchange it started. */
static recorded_exchange *expire_once(fake_host *host) {
  fake_host_get(host, 1, "/a");
  fake_host_answer(host, fake_host_request_exchange(host, 0), 401, "");
  return fake_host_refresh_exchange(host, 0);
}

static void an_oauth_refresh_is_a_form_post_with_its_parameters_and_headers(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, OAUTH_OPTIONS) == SR_OK);
  fake_host_store(&host, "refreshToken", "R+1/=&x");
  recorded_exchange *refresh = expire_once(&host);
  char buffer[64];
  CHECK_TEXT(refresh->url, "https://auth.test/token");
  CHECK_TEXT((char *)refresh->body, "grant_type=refresh_token&client_id=spa&refresh_token=R%2B1%2F%3D%26x");
  CHECK_TEXT(fake_host_header(refresh, "Content-Type", buffer, sizeof buffer), "application/x-www-form-urlencoded");
  CHECK_TEXT(fake_host_header(refresh, "X-Tenant", buffer, sizeof buffer), "acme");
  CHECK(fake_host_header(refresh, "X-Token", buffer, sizeof buffer) == NULL); /* never the access token */
  CHECK(!refresh->with_credentials);
  fake_host_stop(&host);
}

static void an_oauth_answer_stores_both_tokens_and_the_lifetime(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, OAUTH_OPTIONS) == SR_OK);
  fake_host_answer(&host, expire_once(&host), 200,
                   "{\"access_token\":\"A2\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"R2\"}");
  CHECK_TEXT(fake_host_stored(&host, "token"), "A2");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R2");
  CHECK(host.last_expires_in == 300); /* handed to the host, which keeps it with the token */
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "A2");
  fake_host_stop(&host);
}

static void an_answer_without_a_new_refresh_token_keeps_the_old_one_and_gives_no_lifetime(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, OAUTH_OPTIONS) == SR_OK);
  fake_host_set_expiry(&host, "T1", 1000100); /* not due yet */
  fake_host_answer(&host, expire_once(&host), 200, "{\"access_token\":\"A2\"}");
  CHECK_TEXT(fake_host_stored(&host, "token"), "A2");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R1");
  CHECK(host.events[SR_EVENT_REFRESHED] == 1 && host.last_expires_in == 0); /* lifetime unknown */
  fake_host_stop(&host);
}

static void the_refresh_token_can_travel_as_a_query_parameter(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"url\":\"/refresh?v=2\",\"query\":\"rt\","
                              "\"body\":null,\"method\":\"GET\"}}") == SR_OK);
  fake_host_store(&host, "refreshToken", "R 1");
  recorded_exchange *refresh = expire_once(&host);
  CHECK_TEXT(refresh->url, API "/refresh?v=2&rt=R%201");
  CHECK(refresh->body_length == 0);
  fake_host_answer(&host, refresh, 200, REFRESH_OK_BODY);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T2");
  fake_host_stop(&host);
}

static void a_json_body_escapes_the_token_between_its_parts(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"body\":[\"{\\\"client\\\":\\\"x\\\",\\\"refresh\\\":\\\"\","
                              "\"\\\"}\"]}}") == SR_OK);
  fake_host_store(&host, "refreshToken", "R\"1\\");
  CHECK_TEXT((char *)expire_once(&host)->body, "{\"client\":\"x\",\"refresh\":\"R\\\"1\\\\\"}");
  fake_host_stop(&host);
}

/* --- cookie mode ------------------------------------------------------------ */

#define COOKIE_OPTIONS "{\"baseURL\":\"" API "\",\"refreshTokenKey\":null,\"refresh\":{\"body\":null}}"

static void in_cookie_mode_the_refresh_sends_credentials_and_no_refresh_token(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, COOKIE_OPTIONS) == SR_OK);
  fake_host_store(&host, "refreshToken", NULL); /* nothing in script-visible storage */
  recorded_exchange *refresh = expire_once(&host);
  CHECK(refresh != NULL && refresh->with_credentials);
  CHECK(refresh->body_length == 0);
  CHECK(strstr(refresh->headers, "R1") == NULL);
  fake_host_answer(&host, refresh, 200, "{\"data\":{\"token\":\"T2\",\"refreshToken\":\"R2\"}}");
  CHECK_TEXT(fake_host_stored(&host, "token"), "T2");
  CHECK(fake_host_stored(&host, "refreshToken") == NULL); /* even when the answer carries one */
  fake_host_stop(&host);
}

static void in_cookie_mode_a_request_without_an_access_token_answered_expired_refreshes(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, COOKIE_OPTIONS) == SR_OK);
  fake_host_store(&host, "token", NULL); /* a reload lost the in-memory access token */
  fake_host_get(&host, 1, "/a");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), "");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "T2");
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 200, OK_BODY);
  CHECK(fake_host_settlement(&host, 1)->result == SR_OK);
  fake_host_stop(&host);
}

static void without_cookie_mode_a_request_without_a_token_answered_401_is_an_ordinary_error(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_store(&host, "token", NULL);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_BAD_RESPONSE);
  fake_host_stop(&host);
}

/* --- answers ------------------------------------------------------------------ */

static void a_bare_token_body_is_the_token_trimmed(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"tokenPath\":\"\"}}") == SR_OK);
  fake_host_answer(&host, expire_once(&host), 200, "  T-bare\r\n");
  CHECK_TEXT(fake_host_stored(&host, "token"), "T-bare");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R1");
  fake_host_stop(&host);
}

static void an_empty_bare_token_body_ends_the_session(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"tokenPath\":\"\"}}") == SR_OK);
  fake_host_answer(&host, expire_once(&host), 200, " \n");
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  CHECK(!fake_host_settlement(&host, 1)->transient);
  CHECK(fake_host_stored(&host, "token") == NULL);
  fake_host_stop(&host);
}

static void a_404_or_405_from_the_refresh_endpoint_reads_as_a_misconfiguration_with_url_status_and_redirect(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"url\":\"/api/token/refresh\"}}") == SR_OK);
  recorded_exchange *refresh = expire_once(&host);
  refresh->answered = 1;
  /* Django: /api/token/refresh → 301 → /api/token/refresh/, followed as a GET, answered 405. */
  sr_response moved = {405, "Method Not Allowed", NULL, (const uint8_t *)"{}", 2, API "/api/token/refresh/"};
  CHECK(sr_engine_on_response(host.engine, refresh->id, &moved) == SR_OK);
  CHECK_TEXT(fake_host_settlement(&host, 1)->message,
             "check refresh.url and refresh.method (POST " API
             "/api/token/refresh answered 405 Method Not Allowed after a redirect)");
  CHECK_TEXT(host.last_event_message, fake_host_settlement(&host, 1)->message);
  fake_host_stop(&host);
}

static void a_refused_refresh_token_says_so_with_the_status(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_answer(&host, expire_once(&host), 401, "{\"code\":4010}");
  CHECK_TEXT(fake_host_settlement(&host, 1)->message,
             "the refresh endpoint refused the refresh token (POST " API "/refreshtoken answered 401)");
  fake_host_stop(&host);
}

/* --- proactive refresh for every token --------------------------------------- */

static void every_token_in_a_chain_of_refreshes_is_refreshed_ahead_of_its_expiry(void) {
  /* 3 s tokens, beforeExpiry 1 s, a request every 300 ms (SimpleJWT's shape). */
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"refresh\":{\"beforeExpiry\":1,"
                              "\"expiresInPath\":\"data.expiresIn\"}}") == SR_OK);
  fake_host_set_expiry(&host, "T1", 1000003);
  uint32_t handle = 1;
  size_t refreshes = 0;
  for (int step = 0; step < 40; step++) { /* 12 s: four lifetimes */
    host.now = 1000000 + step * 0.3;
    CHECK(fake_host_get(&host, handle, "/a") == SR_OK);
    recorded_exchange *refresh = fake_host_refresh_exchange(&host, refreshes);
    if (refresh != NULL) {
      /* Refreshed ahead: the next token lives 3 s from now. */
      refreshes++;
      char answer[128];
      snprintf(answer, sizeof answer, "{\"data\":{\"token\":\"T%zu\",\"expiresIn\":3}}", refreshes + 1);
      fake_host_answer(&host, refresh, 200, answer);
    }
    for (size_t i = 0; i < host.exchange_count; i++) {
      recorded_exchange *e = host.exchanges[i];
      if (!e->answered && !e->is_refresh) fake_host_answer(&host, e, 200, OK_BODY);
    }
    CHECK(fake_host_settlement(&host, handle)->result == SR_OK);
    handle++;
  }
  CHECK(refreshes >= 4); /* the token set at login and every token after it */
  fake_host_stop(&host);
}

static void an_opaque_token_with_a_stored_lifetime_is_refreshed_ahead(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, OAUTH_OPTIONS) == SR_OK);
  fake_host_set_expiry(&host, "T1", 1000004); /* 4 s left, beforeExpiry 5 */
  fake_host_get(&host, 1, "/a");
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(fake_host_request_exchange(&host, 0) == NULL);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, "{\"access_token\":\"A2\",\"expires_in\":60}");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), "A2");
  host.now += 50; /* 10 s left: not yet */
  fake_host_get(&host, 2, "/b");
  CHECK(fake_host_count_refreshes(&host) == 1);
  host.now += 6; /* 4 s left: the refreshed token is refreshed ahead too */
  fake_host_get(&host, 3, "/c");
  CHECK(fake_host_count_refreshes(&host) == 2);
  fake_host_stop(&host);
}

/* --- getTokenSilently: token-only requests ------------------------------------ */

static int token_only(fake_host *host, uint32_t handle) {
  sr_request request = {handle, NULL, "/", NULL, 0, NULL, 0, 0, 0, 0, 1};
  return sr_engine_submit(host->engine, &request);
}

static void a_token_only_request_settles_at_once_when_the_token_is_fine(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  CHECK(token_only(&host, 1) == SR_OK);
  CHECK(fake_host_settlement(&host, 1)->result == SR_OK);
  CHECK(host.exchange_count == 0);
  fake_host_stop(&host);
}

static void a_token_only_request_joins_a_refresh_in_progress(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  recorded_exchange *refresh = expire_once(&host);
  CHECK(token_only(&host, 2) == SR_OK);
  CHECK(fake_host_settlements_of(&host, 2) == 0);
  fake_host_answer(&host, refresh, 200, REFRESH_OK_BODY);
  CHECK(fake_host_settlement(&host, 2)->result == SR_OK);
  CHECK(fake_host_count_refreshes(&host) == 1);
  fake_host_stop(&host);
}

static void a_token_only_request_refreshes_a_due_or_missing_token_and_shares_a_failure(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, OAUTH_OPTIONS) == SR_OK);
  fake_host_set_expiry(&host, "T1", 1000001);
  CHECK(token_only(&host, 1) == SR_OK);
  CHECK(fake_host_count_refreshes(&host) == 1);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, "{\"access_token\":\"A2\",\"expires_in\":60}");
  CHECK(fake_host_settlement(&host, 1)->result == SR_OK);
  fake_host_store(&host, "token", NULL);
  CHECK(token_only(&host, 2) == SR_OK);
  CHECK(fake_host_count_refreshes(&host) == 2);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 1), 400, "{\"error\":\"invalid_grant\"}");
  CHECK(fake_host_settlement(&host, 2)->result == SR_ERR_REFRESH_FAILED);
  CHECK(!fake_host_settlement(&host, 2)->transient);
  CHECK(host.exchange_count == 2); /* token-only requests never go out */
  fake_host_stop(&host);
}

int main(void) {
  RUN(an_oauth_refresh_is_a_form_post_with_its_parameters_and_headers);
  RUN(an_oauth_answer_stores_both_tokens_and_the_lifetime);
  RUN(an_answer_without_a_new_refresh_token_keeps_the_old_one_and_gives_no_lifetime);
  RUN(the_refresh_token_can_travel_as_a_query_parameter);
  RUN(a_json_body_escapes_the_token_between_its_parts);
  RUN(in_cookie_mode_the_refresh_sends_credentials_and_no_refresh_token);
  RUN(in_cookie_mode_a_request_without_an_access_token_answered_expired_refreshes);
  RUN(without_cookie_mode_a_request_without_a_token_answered_401_is_an_ordinary_error);
  RUN(a_bare_token_body_is_the_token_trimmed);
  RUN(an_empty_bare_token_body_ends_the_session);
  RUN(a_404_or_405_from_the_refresh_endpoint_reads_as_a_misconfiguration_with_url_status_and_redirect);
  RUN(a_refused_refresh_token_says_so_with_the_status);
  RUN(every_token_in_a_chain_of_refreshes_is_refreshed_ahead_of_its_expiry);
  RUN(an_opaque_token_with_a_stored_lifetime_is_refreshed_ahead);
  RUN(a_token_only_request_settles_at_once_when_the_token_is_fine);
  RUN(a_token_only_request_joins_a_refresh_in_progress);
  RUN(a_token_only_request_refreshes_a_due_or_missing_token_and_shares_a_failure);
  return CHECK_SUMMARY();
}
