/* Behaviours 4, 6 and 7: a failed refresh releases every waiter, definitive
 * failures end the session, transient ones keep it; cancellation and
 * destruction settle everything; the refresh has its own timeout. */
#include "check.h"
#include "scenario.h"

/* Three requests wait for a refresh; returns with the refresh in flight. */
static void three_requests_waiting_for_a_refresh(fake_host *host) {
  CHECK(scenario_start(host, NULL) == SR_OK);
  for (uint32_t h = 1; h <= 3; h++) fake_host_get(host, h, "/a");
  for (size_t i = 0; i < 3; i++) fake_host_answer(host, fake_host_request_exchange(host, i), 401, "");
  CHECK(fake_host_count_refreshes(host) == 1);
}

static void check_all_failed(const fake_host *host, int result, int transient) {
  for (uint32_t h = 1; h <= 3; h++) {
    CHECK(fake_host_settlements_of(host, h) == 1);
    const recorded_settlement *s = fake_host_settlement(host, h);
    CHECK(s != NULL && s->result == result && s->transient == transient);
  }
}

static void check_idle_and_able_to_refresh_again(fake_host *host) {
  sr_stats stats;
  sr_engine_stats(host->engine, &stats);
  CHECK(stats.in_flight == 0 && stats.queue_length == 0);
  CHECK(fake_host_active_timers(host) == 0);
  fake_host_store(host, "token", "T9");
  fake_host_store(host, "refreshToken", "R9");
  size_t refreshes = fake_host_count_refreshes(host);
  fake_host_get(host, 100, "/again");
  recorded_exchange *again = host->exchanges[host->exchange_count - 1];
  CHECK_TEXT(scenario_token_of(again), "T9");
  fake_host_answer(host, again, 401, "");
  CHECK(fake_host_count_refreshes(host) == refreshes + 1);
}

static void a_refresh_refused_with_4xx_fails_every_waiter_and_ends_the_session_once(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 403, "{\"code\":1}");
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 0);
  CHECK(fake_host_stored(&host, "token") == NULL && fake_host_stored(&host, "refreshToken") == NULL);
  CHECK(host.events[SR_EVENT_REFRESH_FAILED] == 1 && host.events[SR_EVENT_SESSION_ENDED] == 1);
  check_idle_and_able_to_refresh_again(&host);
  fake_host_stop(&host);
}

static void a_refresh_answer_without_the_token_path_is_definitive(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, "{\"code\":0,\"data\":{}}");
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 0);
  CHECK(host.events[SR_EVENT_SESSION_ENDED] == 1);
  CHECK(fake_host_stored(&host, "token") == NULL);
  fake_host_stop(&host);
}

static void a_refresh_answer_that_is_not_json_is_definitive(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, "{\"code\":0,\"data\":{\"tok");
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 0);
  CHECK_TEXT(host.last_event_message, "the refresh response is not JSON (POST " API "/refreshtoken answered 200)");
  fake_host_stop(&host);
}

static void a_refresh_answered_5xx_is_transient_and_keeps_the_tokens(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 503, "busy");
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 1);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T1");
  CHECK_TEXT(fake_host_stored(&host, "refreshToken"), "R1");
  CHECK(host.events[SR_EVENT_REFRESH_FAILED] == 1 && host.events[SR_EVENT_SESSION_ENDED] == 0);
  CHECK(host.last_failure_transient == 1);
  check_idle_and_able_to_refresh_again(&host);
  fake_host_stop(&host);
}

static void a_refresh_with_no_answer_is_transient(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_fail(&host, fake_host_refresh_exchange(&host, 0));
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 1);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T1");
  check_idle_and_able_to_refresh_again(&host);
  fake_host_stop(&host);
}

static void a_refresh_that_never_answers_times_out_and_releases_the_queue(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  CHECK(fake_host_fire_timer(&host, 10000) == SR_OK);
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 1);
  CHECK(fake_host_refresh_exchange(&host, 0)->aborted);
  CHECK_TEXT(host.last_event_message, "the refresh timed out");
  /* A late answer to the abandoned refresh is ignored. */
  CHECK(fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY) == SR_ERR_UNKNOWN_ID);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T1");
  check_idle_and_able_to_refresh_again(&host);
  fake_host_stop(&host);
}

static void expired_answers_arriving_after_the_session_ended_fail_without_another_cycle(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  for (uint32_t h = 1; h <= 3; h++) fake_host_get(&host, h, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 401, "");
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 401, "");
  fake_host_answer(&host, fake_host_request_exchange(&host, 2), 401, "");
  check_all_failed(&host, SR_ERR_REFRESH_FAILED, 0);
  CHECK(host.events[SR_EVENT_SESSION_ENDED] == 1 && host.events[SR_EVENT_REFRESH_FAILED] == 1);
  CHECK(fake_host_count_refreshes(&host) == 1);
  fake_host_stop(&host);
}

static void no_stored_refresh_token_ends_the_session_without_calling_the_server(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_store(&host, "refreshToken", NULL);
  fake_host_get(&host, 1, "/a");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 401, "");
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  CHECK(host.events[SR_EVENT_SESSION_ENDED] == 1);
  fake_host_stop(&host);
}

static void cancelling_a_queued_request_removes_it_and_the_others_still_retry(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  CHECK(sr_engine_cancel(host.engine, 2) == SR_OK);
  const recorded_settlement *s = fake_host_settlement(&host, 2);
  CHECK(s != NULL && s->result == SR_ERR_CANCELED);
  sr_stats stats;
  sr_engine_stats(host.engine, &stats);
  CHECK(stats.queue_length == 2);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  CHECK(fake_host_request_exchange(&host, 5) == NULL); /* two retries, not three */
  CHECK(fake_host_request_exchange(&host, 4) != NULL);
  CHECK(sr_engine_cancel(host.engine, 2) == SR_ERR_UNKNOWN_ID);
  CHECK(fake_host_settlements_of(&host, 2) == 1);
  fake_host_stop(&host);
}

static void cancelling_an_in_flight_request_aborts_its_exchange(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/a");
  CHECK(sr_engine_cancel(host.engine, 1) == SR_OK);
  CHECK(fake_host_request_exchange(&host, 0)->aborted);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_CANCELED);
  CHECK(fake_host_answer(&host, fake_host_request_exchange(&host, 0), 200, OK_BODY) == SR_ERR_UNKNOWN_ID);
  CHECK(fake_host_settlements_of(&host, 1) == 1);
  fake_host_stop(&host);
}

static void a_request_timeout_aborts_and_fails_with_a_timeout(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, "{\"baseURL\":\"" API "\",\"timeout\":250}") == SR_OK);
  fake_host_get(&host, 1, "/a");
  CHECK(fake_host_fire_timer(&host, 250) == SR_OK);
  const recorded_settlement *s = fake_host_settlement(&host, 1);
  CHECK(s != NULL && s->result == SR_ERR_TIMEOUT && s->transient);
  CHECK(fake_host_request_exchange(&host, 0)->aborted);
  fake_host_stop(&host);
}

static void destroying_the_engine_cancels_everything_pending(void) {
  fake_host host = {0};
  three_requests_waiting_for_a_refresh(&host);
  fake_host_get(&host, 4, "/queued-behind-refresh");
  size_t settlements_before = host.settlement_count;
  sr_engine_free(host.engine);
  host.engine = NULL;
  CHECK(settlements_before == 0);
  for (uint32_t h = 1; h <= 4; h++) {
    CHECK(fake_host_settlements_of(&host, h) == 1);
    CHECK(fake_host_settlement(&host, h)->result == SR_ERR_CANCELED);
  }
  CHECK(fake_host_refresh_exchange(&host, 0)->aborted);
  CHECK(fake_host_active_timers(&host) == 0);
  CHECK_TEXT(fake_host_stored(&host, "token"), "T1");
  fake_host_stop(&host);
}

static void a_transport_that_refuses_to_send_fails_the_request_at_once(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  host.refuse_sends = 1;
  CHECK(fake_host_get(&host, 1, "/a") == SR_OK);
  const recorded_settlement *s = fake_host_settlement(&host, 1);
  CHECK(s != NULL && s->result == SR_ERR_NETWORK && s->transient);
  sr_stats stats;
  sr_engine_stats(host.engine, &stats);
  CHECK(stats.in_flight == 0 && stats.failed == 1);
  fake_host_stop(&host);
}

static void non_2xx_answers_that_are_not_expiries_are_bad_responses_with_the_body(void) {
  fake_host host = {0};
  CHECK(scenario_start(&host, NULL) == SR_OK);
  fake_host_get(&host, 1, "/missing");
  fake_host_get(&host, 2, "/broken");
  fake_host_answer(&host, fake_host_request_exchange(&host, 0), 404, "{\"code\":404}");
  fake_host_answer(&host, fake_host_request_exchange(&host, 1), 502, "bad gateway");
  const recorded_settlement *missing = fake_host_settlement(&host, 1);
  const recorded_settlement *broken = fake_host_settlement(&host, 2);
  CHECK(missing->result == SR_ERR_BAD_RESPONSE && missing->status == 404 && !missing->transient);
  CHECK_TEXT(missing->body, "{\"code\":404}");
  CHECK(broken->result == SR_ERR_BAD_RESPONSE && broken->transient);
  fake_host_stop(&host);
}

int main(void) {
  RUN(a_refresh_refused_with_4xx_fails_every_waiter_and_ends_the_session_once);
  RUN(a_refresh_answer_without_the_token_path_is_definitive);
  RUN(a_refresh_answer_that_is_not_json_is_definitive);
  RUN(a_refresh_answered_5xx_is_transient_and_keeps_the_tokens);
  RUN(a_refresh_with_no_answer_is_transient);
  RUN(a_refresh_that_never_answers_times_out_and_releases_the_queue);
  RUN(expired_answers_arriving_after_the_session_ended_fail_without_another_cycle);
  RUN(no_stored_refresh_token_ends_the_session_without_calling_the_server);
  RUN(cancelling_a_queued_request_removes_it_and_the_others_still_retry);
  RUN(cancelling_an_in_flight_request_aborts_its_exchange);
  RUN(a_request_timeout_aborts_and_fails_with_a_timeout);
  RUN(destroying_the_engine_cancels_everything_pending);
  RUN(a_transport_that_refuses_to_send_fails_the_request_at_once);
  RUN(non_2xx_answers_that_are_not_expiries_are_bad_responses_with_the_body);
  return CHECK_SUMMARY();
}
