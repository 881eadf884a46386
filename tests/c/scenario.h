/* Shared set-up for engine scenarios: an engine on https://api.test with a
 * logged-in user (access token T1, refresh token R1). */
#ifndef SCENARIO_H
#define SCENARIO_H

#include "fake_host.h"

#define API "https://api.test"
#define DEFAULT_OPTIONS "{\"baseURL\":\"" API "\"}"
#define EXPIRED_BODY "{\"code\":4001,\"message\":\"token expired\"}"
#define OK_BODY "{\"code\":0,\"data\":\"payload\"}"
#define REFRESH_OK_BODY "{\"code\":0,\"data\":{\"token\":\"T2\",\"refreshToken\":\"R2\"}}"

int scenario_start(fake_host *host, const char *options);
/* Plays the server until nothing is open: the refresh succeeds (T2), a
 * request that carried T1 is answered "expired", any other one ok. */
void scenario_play_server(fake_host *host);
/* The token header of an exchange ("" when it carries none). */
const char *scenario_token_of(const recorded_exchange *exchange);

#endif
