/* EM_JS bodies reach Module['...'] by string so that closure never renames
 * them (docs/toolchain.md: a renamed property means promises that never settle).
 * Strings handed to C come from allocateUTF8: malloc'd (C frees them), or 0
 * when malloc fails. */
#include "host.h"

#include <emscripten/emscripten.h>

EM_JS(char *, sr_host_storage_get, (const void *client, const char *key), {
  var value = Module["silentRefresh"]["storageGet"](client, UTF8ToString(key));
  return value == null ? 0 : allocateUTF8(value);
});

EM_JS(void, sr_host_storage_set, (const void *client, const char *key, const char *value), {
  Module["silentRefresh"]["storageSet"](client, UTF8ToString(key), value ? UTF8ToString(value) : null);
});

EM_JS(void, sr_host_settle,
      (const void *client, uint32_t handle, int result, int transient, const char *message, int status,
       const char *status_text, const char *headers, const uint8_t *body, size_t body_length),
      {
        Module["silentRefresh"]["settle"](client, handle >>> 0, result, !!transient,
                                          message ? UTF8ToString(message) : "", status,
                                          status_text ? UTF8ToString(status_text) : "",
                                          headers ? UTF8ToString(headers) : "",
                                          status ? HEAPU8.slice(body, body + (body_length >>> 0)) : null);
      });

EM_JS(void, sr_host_event,
      (const void *client, int type, const char *url, size_t queue_length, const char *token, int transient,
       int status, const char *message, double expires_in),
      {
        Module["silentRefresh"]["event"](client, type, url ? UTF8ToString(url) : "", queue_length >>> 0,
                                         token ? UTF8ToString(token) : "", !!transient, status,
                                         message ? UTF8ToString(message) : "", expires_in);
      });

EM_JS(double, sr_host_token_expiry, (const void *client, const char *token), {
  return Module["silentRefresh"]["tokenExpiry"](client, UTF8ToString(token)) || 0;
});

EM_JS(void, sr_host_acquire_lock, (const void *client, const char *name, uint32_t ticket), {
  Module["silentRefresh"]["acquireLock"](client, UTF8ToString(name), ticket >>> 0);
});

EM_JS(void, sr_host_release_lock, (const void *client, uint32_t ticket), {
  Module["silentRefresh"]["releaseLock"](client, ticket >>> 0);
});

EM_JS(double, sr_host_now_seconds, (void), { return Date.now() / 1000; });

/* The origin by the same URL parser XMLHttpRequest sends with (relative URLs
 * are the page's). URL.origin is ASCII, so its length is its byte count.
 * Parsing was the costliest step of a request (two per request), and an
 * origin depends on the scheme and authority alone: each distinct
 * "scheme://authority" prefix is parsed once (with a "/" after it). The
 * prefix stops at the first '/', '?' or '#' after "//" and a character that
 * is not '/'; the parser's authority ends there or earlier (at a backslash),
 * the same in the prefix as in the whole URL, so both have the same origin.
 * A URL without such a prefix is its own key. */
EM_JS(int, sr_host_origin_of, (const char *url, char *out, size_t out_size), {
  var text = UTF8ToString(url);
  var key = (/^[a-z][a-z0-9+.-]*:[/][/][^/?#]+/i.exec(text) || [text])[0];
  var cache = Module["origins"] || (Module["origins"] = new Map());
  var origin = cache.get(key);
  if (origin === undefined) {
    try {
      var parsed = new URL(key + "/", globalThis.location && location.href);
      origin = /^https?:$/.test(parsed.protocol) ? parsed.origin : "";
    } catch (unreadable) {
      origin = "";
    }
    cache.size > 63 ? cache.clear() : cache.set(key, origin);
  }
  if (!origin || origin.length >= out_size) return 0;
  stringToUTF8(origin, out, out_size);
  return 1;
});

/* Emscripten 3.1.6 has no public way to reach the XMLHttpRequest behind a
 * fetch; Fetch.xhrs[id - 1] is its own lookup (CMakeLists.txt pins the
 * version). A miss is survivable: no URL means "origin unknown", which the
 * engine treats as foreign. */
EM_JS(char *, sr_host_response_url, (uint32_t fetch_id), {
  var xhr = Fetch.xhrs[fetch_id - 1];
  var url = xhr && xhr.responseURL;
  return url ? allocateUTF8(url) : 0;
});

EM_JS(char *, sr_host_response_headers, (uint32_t fetch_id), {
  var xhr = Fetch.xhrs[fetch_id - 1];
  return xhr ? allocateUTF8(xhr.getAllResponseHeaders()) : 0;
});

EM_JS(void, sr_host_quiet_xhr, (uint32_t fetch_id), {
  var xhr = Fetch.xhrs[fetch_id - 1];
  if (xhr) xhr.onprogress = xhr.onreadystatechange = null;
});

EM_JS(int, sr_host_abort_xhr, (uint32_t fetch_id), {
  var xhr = Fetch.xhrs[fetch_id - 1];
  if (!xhr) {
    // Reported on a task of its own (C must never see a throw), where the page's
    // error monitoring sees it: the request may still reach the server.
    setTimeout(function() {
      throw new Error("silent-refresh: cannot abort request " + fetch_id);
    });
    return 0;
  }
  xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onprogress = xhr.onreadystatechange = null;
  try {
    xhr.abort();
  } catch (ignored) {
  }
  return 1;
});
