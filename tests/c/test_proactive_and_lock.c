/* Behaviour 6's engine half (the lock, adopting another tab's token) and
 * refresh.beforeExpiry through the same single path (the host says when a
 * token expires: tests/js/ cover reading a JWT's exp). */
#include <stdio.h>

#include "check.h"
#include "scenario.h"

/* A token the host says expires at 1000060 (a JWT's exp, or a stored lifetime). */
#define TOKEN_EXPIRING_AT_1000060 "T-60s"

/* Tabs share a lock: request /a was answered 401, and the refresh waits for the lock. */
static void start_with_a_request_waiting_for_the_lock(fake_host *host) {
  host->use_lock = 1;
  CHECK(scenario_start(host, NULL) == SR_OK);
  fake_host_get(host, 1, "/a");
  fake_host_answer(host, fake_host_request_exchange(host, 0), 401, "");
}

/* refresh.beforeExpiry = margin_seconds; the stored token has 60 s left. */
static void start_with_a_token_60_seconds_from_expiry(fake_host *host, int margin_seconds) {
  char options[128];
  snprintf(options, sizeof options, "{\"baseURL\":\"" API "\",\"refresh\":{\"beforeExpiry\":%d}}", margin_seconds);
  CHECK(scenario_start(host, options) == SR_OK);
  fake_host_store(host, "token", TOKEN_EXPIRING_AT_1000060);
  fake_host_set_expiry(host, TOKEN_EXPIRING_AT_1000060, 1000060);
  host->now = 1000000;
}

static void the_refresh_waits_for_the_lock_and_releases_it(void) {
  fake_host host = {0};
  start_with_a_request_waiting_for_the_lock(&host);
  CHECK(host.lock_requests == 1);
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK(fake_host_grant_lock(&host) == SR_OK);
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(host.lock_releases == 0);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  CHECK(host.lock_releases == 1);
  fake_host_stop(&host);
}

static void the_refresh_gets_a_full_timeout_however_long_the_lock_took(void) {
  fake_host host = {0};
  start_with_a_request_waiting_for_the_lock(&host);
  CHECK(host.timer_count == 1 && fake_host_active_timers(&host) == 1);
  fake_host_grant_lock(&host);
  CHECK(host.timer_count == 2 && fake_host_active_timers(&host) == 1); /* restarted, not added */
  CHECK(host.timers[1].ms == 10000);
  CHECK(fake_host_fire_timer(&host, 10000) == SR_OK);
  CHECK(fake_host_refresh_exchange(&host, 0)->aborted);
  CHECK(host.lock_releases == 1);
  fake_host_stop(&host);
}

static void a_token_stored_by_another_tab_meanwhile_is_adopted_without_a_refresh(void) {
  fake_host host = {0};
  start_with_a_request_waiting_for_the_lock(&host);
  fake_host_store(&host, "token", "T-from-other-tab"); /* the other tab held the lock and refreshed */
  fake_host_grant_lock(&host);
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "T-from-other-tab");
  CHECK(host.lock_releases == 1);
  fake_host_stop(&host);
}

static void a_lock_that_never_comes_times_out_and_a_late_grant_is_given_back(void) {
  fake_host host = {0};
  start_with_a_request_waiting_for_the_lock(&host);
  CHECK(fake_host_fire_timer(&host, 10000) == SR_OK);
  CHECK(fake_host_settlement(&host, 1)->result == SR_ERR_REFRESH_FAILED);
  CHECK(host.lock_releases == 1);
  CHECK(fake_host_grant_lock(&host) == SR_ERR_UNKNOWN_ID);
  CHECK(host.lock_releases == 2);
  CHECK(fake_host_count_refreshes(&host) == 0);
  fake_host_stop(&host);
}

static void a_token_close_to_expiry_is_refreshed_before_the_request_is_sent(void) {
  fake_host host = {0};
  start_with_a_token_60_seconds_from_expiry(&host, 120);
  fake_host_get(&host, 1, "/a");
  fake_host_get(&host, 2, "/b");
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(fake_host_request_exchange(&host, 0) == NULL);
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, REFRESH_OK_BODY);
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), "T2");
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 1)), "T2");
  CHECK(host.events[SR_EVENT_RETRY] == 0);
  fake_host_stop(&host);
}

static void a_token_far_from_expiry_is_sent_as_it_is(void) {
  fake_host host = {0};
  start_with_a_token_60_seconds_from_expiry(&host, 30);
  fake_host_get(&host, 1, "/a");
  CHECK(fake_host_count_refreshes(&host) == 0);
  CHECK_TEXT(scenario_token_of(fake_host_request_exchange(&host, 0)), TOKEN_EXPIRING_AT_1000060);
  fake_host_stop(&host);
}

static void a_refreshed_token_that_is_itself_near_expiry_is_not_refreshed_in_a_loop(void) {
  fake_host host = {0};
  start_with_a_token_60_seconds_from_expiry(&host, 120);
  fake_host_get(&host, 1, "/a");
  fake_host_set_expiry(&host, "T-short", 1000060); /* as short-lived as the one it replaces */
  fake_host_answer(&host, fake_host_refresh_exchange(&host, 0), 200, "{\"data\":{\"token\":\"T-short\"}}");
  fake_host_get(&host, 2, "/b");
  fake_host_get(&host, 3, "/c");
  /* The server gives short tokens: refreshing them ahead would refresh on
   * every request. They are used until the server says "expired". */
  CHECK(fake_host_count_refreshes(&host) == 1);
  CHECK(fake_host_request_exchange(&host, 2) != NULL);
  fake_host_stop(&host);
}

int main(void) {
  RUN(the_refresh_waits_for_the_lock_and_releases_it);
  RUN(the_refresh_gets_a_full_timeout_however_long_the_lock_took);
  RUN(a_token_stored_by_another_tab_meanwhile_is_adopted_without_a_refresh);
  RUN(a_lock_that_never_comes_times_out_and_a_late_grant_is_given_back);
  RUN(a_token_close_to_expiry_is_refreshed_before_the_request_is_sent);
  RUN(a_token_far_from_expiry_is_sent_as_it_is);
  RUN(a_refreshed_token_that_is_itself_near_expiry_is_not_refreshed_in_a_loop);
  return CHECK_SUMMARY();
}
