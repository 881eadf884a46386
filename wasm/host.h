/* The JS side of the wasm layer: every call from C into the page. Each one
 * goes through Module['silentRefresh'], the dispatcher js-glue/ installs,
 * keyed by the client pointer. */
#ifndef SILENT_REFRESH_WASM_HOST_H
#define SILENT_REFRESH_WASM_HOST_H

#include <stddef.h>
#include <stdint.h>

/* Returns a malloc'd copy of the stored value (free it), or NULL. */
char *sr_host_storage_get(const void *client, const char *key);
void sr_host_storage_set(const void *client, const char *key, const char *value);
void sr_host_settle(const void *client, uint32_t handle, int result, int transient, const char *message,
                    int status, const char *status_text, const char *headers, const uint8_t *body,
                    size_t body_length);
void sr_host_event(const void *client, int type, const char *url, size_t queue_length, const char *token,
                   int transient, int status, const char *message, double expires_in);
/* When the token expires, in seconds since the epoch; 0 when unknown. */
double sr_host_token_expiry(const void *client, const char *token);
void sr_host_acquire_lock(const void *client, const char *name, uint32_t ticket);
void sr_host_release_lock(const void *client, uint32_t ticket);
double sr_host_now_seconds(void);
/* Writes the origin of an http(s) URL into out; 0 when there is none. */
int sr_host_origin_of(const char *url, char *out, size_t out_size);
/* The XHR's responseURL (after redirects), malloc'd (free it), or NULL. */
char *sr_host_response_url(uint32_t fetch_id);
/* The XHR's response headers as "name: value" lines, malloc'd (free it), or
 * NULL. emscripten_fetch's own pair of calls (length, then text) has the
 * browser assemble them twice. */
char *sr_host_response_headers(uint32_t fetch_id);
/* Aborts the XMLHttpRequest behind an emscripten_fetch id, after unhooking
 * its handlers: emscripten_fetch_close alone leaves it running. Returns 0
 * (and reports it to the page as an uncaught error) when that XHR cannot be
 * found: it may still complete and call back with the fetch. */
int sr_host_abort_xhr(uint32_t fetch_id);
/* Drops the progress and readystatechange handlers emscripten_fetch puts on
 * every XHR, which nothing here reads (onload and onerror record the status
 * themselves): with listeners, browsers dispatch those events before load. */
void sr_host_quiet_xhr(uint32_t fetch_id);

#endif
