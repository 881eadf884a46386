/* Behaviours 1, 2, 3 and 5: one refresh for any number of expired answers,
 * late answers replayed without a refresh, the refresh never treated as an
 * ordinary request, and no second retry. */
#include "check.h"
#include "scenario.h"

#define STORM 50

static void concurrent_expired_answers_cause_exactly_one_refresh_and_one_retry_each(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  for (uint32_t h = 1; h <= STORM; h++) CHECK(fake_host_get(&host, h, "/item") == SR_OK);
  for (size_t i = 0; i < STORM; i++) {
    recorded_exchange *exchange = fake_host_request_exchange(&host, i);
    CHECK_TEXT(scenario_token_of(exchange), "T1");
    CHECK(fake_host_answer(&host, exchange, 200, EXPIRED_BODY) == SR_OK);
  }
  CHECK(fake_host_count_refreshes(&host) == 1);
  recorded_exchange *refresh = fake_host_refresh_exchange(&host, 0);
  CHECK_TEXT(refresh->url, API "/refreshtoken");
  CHECK_TEXT(refresh->method, "POST");
  CHECK_TEXT((const char *)refresh->body, "{\"refreshToken\":\"R1\"}");
  CHECK_TEXT(scenario_token_of(refresh), "");
  CHECK(fake_host_answer(&host, refresh, 200, REFRESH_OK_BODY) == SR_OK);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T2");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R2");
  CHECK_TEXT(host.last_refreshed_token, "T2");
  /* The retries go out in request order, each with the new token. */
  for (size_t i = 0; i < STORM; i++) {
    recorded_exchange *retry = fake_host_request_exchange(&host, STORM + i);
    CHECK(retry != NULL);
    if (retry == NULL) break;
    CHECK_TEXT(scenario_token_of(retry), "T2");
    CHECK(fake_host_answer(&host, retry, 200, OK_BODY) == SR_OK);
  }
  CHECK(fake_host_request_exchange(&host, 2 * STORM) == NULL);
  for (uint32_t h = 1; h <= STORM; h++) {
    CHECK(fake_host_settlements_of(&host, h) == 1);
    const recorded_settlement *s = fake_host_settlement(&host, h);
    CHECK(s != NULL && s->result == SR_OK && s->status == 200);
    if (s != NULL) CHECK_TEXT(s->body, OK_BODY);
  }
  sr_stats stats;
  sr_engine_stats(host.engine, &stats);
  CHECK(stats.refreshes == 1 && stats.retried == STORM && stats.in_flight == 0 && stats.queue_length == 0);
  CHECK(host.events[SR_EVENT_REFRESH] == 1 && host.events[SR_EVENT_RETRY] == STORM);
  CHECK(fake_host_active_timers(&host) == 0);
  fake_host_stop(&host);
}

static void http_401_means_expired_as_well_as_the_body_code(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "Unauthorized");
  CHECK(fake_host_count_refreshes(&host) == 1);
  fake_host_stop(&host);
}

static void a_late_expired_answer_is_replayed_with_the_current_token_without_a_refresh(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_get(&host, 2, "/slow");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 200, EXPIRED_BODY);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  /* /slow was sent with T1 and answers "expired" after the refresh is done. */
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 200, EXPIRED_BODY);
  CHECK(fake_host_count_refreshes(&host) == 1);
  recorded_exchange *replay = fake_host_request_exchange(&host, 3);
  CHECK(replay != NULL);
  if (replay != NULL) {
    CHECK_TEXT(replay->url, API "/slow");
    CHECK_TEXT(scenario_token_of(replay), "T2");
  }
  CHECK(host.events[SR_EVENT_RETRY] == 2);
  fake_host_stop(&host);
}

static void the_refresh_answered_with_the_expiry_code_is_a_failure_not_another_refresh(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 200, EXPIRED_BODY);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, EXPIRED_BODY);
  CHECK(fake_host_count_refreshes(&host) == 1);
  const recorded_settlement *s = fake_host_settlement(&host, 1);
  CHECK(s != NULL && s->result == SR_ERR_REFRESH_FAILED && !s->transient);
  CHECK(fake_host_stored(&host, "token") == NULL);
  fake_host_stop(&host);
}

static void a_refresh_answered_401_does_not_start_another_refresh(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 401, "");
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  fake_host_stop(&host);
}

static void a_retried_request_answered_expired_again_fails_with_token_expired(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 200, EXPIRED_BODY);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 200, EXPIRED_BODY);
  const recorded_settlement *s = fake_host_settlement(&host, 1);
  CHECK(s != NULL && s->result == SR_ERR_TOKEN_EXPIRED && s->status == 200);
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(fake_host_request_exchange(&host, 2) == NULL);
  fake_host_stop(&host);
}

static void requests_made_during_a_refresh_wait_and_go_out_with_the_new_token(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 200, EXPIRED_BODY);
  fake_host_get(&host, 2, "/b");
  CHECK(fake_host_request_exchange(&host, 1) == NULL);
  CHECK(host.events[SR_EVENT_QUEUED] == 2 && host.last_queue_length == 2);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 2)), "T2");
  CHECK(host.events[SR_EVENT_RETRY] == 1); /* /b was never refused: it is sent, not retried */
  fake_host_stop(&host);
}

static void skip_auth_requests_carry_no_token_and_never_refresh(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  sr_request login = {1, "POST", "/login", NULL, 0, (const uint8_t *)"{}", 2, 0, 1, 0, 0};
  CHECK(sr_engine_submit(host.engine, &login) == SR_OK);
  recorded_exchange *exchange = fake_host_request_exchange(&host, 0);
  CHECK_TEXT(scenario_token_of(exchange), "");
  fake_host_answer(&host, exchange, 401, EXPIRED_BODY);
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_BAD_RESPONSE);
  fake_host_stop(&host);
}

/* Orderings (picohttpparser's runners): the expired answers, the refresh
 * answer and new requests interleave in every way below; the outcome must
 * not change: one refresh, every request answered once with T2. */
enum step { EXPIRE_NEXT, NEW_REQUEST, REFRESH_ANSWER };

static void run_ordering(const enum step *steps, size_t step_count) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  uint32_t next_handle = 1;
  for (int i = 0; i < 4; i++) fake_host_get(&host, next_handle++, "/x");
  size_t next_to_expire = 0;
  for (size_t s = 0; s < step_count; s++) {
    if (steps[s] == EXPIRE_NEXT) {
      recorded_exchange *e = fake_host_request_exchange(&host, next_to_expire++);
      if (e != NULL && !e->answered) fake_host_answer(&host, e, 200, EXPIRED_BODY);
    } else if (steps[s] == NEW_REQUEST) {
      fake_host_get(&host, next_handle++, "/x");
    } else if (fake_host_refresh_exchange(&host, 0) != NULL && !fake_host_refresh_exchange(&host, 0)->answered) {
      fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
    }
  }
  scenario_play_server(&host);
  CHECK(fake_host_count_refreshes(&host) == 1);
  for (uint32_t h = 1; h < next_handle; h++) {
    CHECK(fake_host_settlements_of(&host, h) == 1);
    const recorded_settlement *s = fake_host_settlement(&host, h);
    CHECK(s != NULL && s->result == SR_OK);
  }
  CHECK(fake_host_count_open_exchanges(&host) == 0);
  fake_host_stop(&host);
}

static void the_outcome_does_not_depend_on_the_order_of_answers_and_new_requests(void) {
  static const enum step orderings[][7] = {
      {EXPIRE_NEXT, EXPIRE_NEXT, EXPIRE_NEXT, EXPIRE_NEXT, REFRESH_ANSWER, NEW_REQUEST, NEW_REQUEST},
      {EXPIRE_NEXT, REFRESH_ANSWER, EXPIRE_NEXT, EXPIRE_NEXT, EXPIRE_NEXT, NEW_REQUEST, NEW_REQUEST},
      {EXPIRE_NEXT, NEW_REQUEST, EXPIRE_NEXT, REFRESH_ANSWER, NEW_REQUEST, EXPIRE_NEXT, EXPIRE_NEXT},
      {NEW_REQUEST, EXPIRE_NEXT, NEW_REQUEST, EXPIRE_NEXT, EXPIRE_NEXT, EXPIRE_NEXT, REFRESH_ANSWER},
      {EXPIRE_NEXT, EXPIRE_NEXT, REFRESH_ANSWER, NEW_REQUEST, EXPIRE_NEXT, NEW_REQUEST, EXPIRE_NEXT},
      {REFRESH_ANSWER, NEW_REQUEST, EXPIRE_NEXT, EXPIRE_NEXT, REFRESH_ANSWER, EXPIRE_NEXT, EXPIRE_NEXT},
  };
  for (size_t i = 0; i < sizeof orderings / sizeof orderings[0]; i++) run_ordering(orderings[i], 7);
}

int main(void) {
  RUN(concurrent_expired_answers_cause_exactly_one_refresh_and_one_retry_each);
  RUN(http_401_means_expired_as_well_as_the_body_code);
  RUN(a_late_expired_answer_is_replayed_with_the_current_token_without_a_refresh);
  RUN(the_refresh_answered_with_the_expiry_code_is_a_failure_not_another_refresh);
  RUN(a_refresh_answered_401_does_not_start_another_refresh);
  RUN(a_retried_request_answered_expired_again_fails_with_token_expired);
  RUN(requests_made_during_a_refresh_wait_and_go_out_with_the_new_token);
  RUN(skip_auth_requests_carry_no_token_and_never_refresh);
  RUN(the_outcome_does_not_depend_on_the_order_of_answers_and_new_requests);
  return CHECK_SUMMARY();
}
