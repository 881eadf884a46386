/* Private helpers shared by the engine's source files. Not installed. */
#ifndef SILENT_REFRESH_INTERNAL_H
#define SILENT_REFRESH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cJSON.h"
#include "silent_refresh.h"

/* --- memory (memory.c) --------------------------------------------------- */

/* Every allocation of the engine goes through one of these, so a test can
 * fail the i-th one. */
void *sr__alloc(const sr_allocator *allocator, size_t size);
void sr__free(const sr_allocator *allocator, void *pointer);
char *sr__strdup(const sr_allocator *allocator, const char *text);
/* Concatenate `count` strings (NULL entries are skipped). */
char *sr__join(const sr_allocator *allocator, const char *const *parts, size_t count);
/* Concatenate up to four strings (NULL entries are skipped). */
char *sr__concat(const sr_allocator *allocator, const char *a, const char *b,
                 const char *c, const char *d);
extern const sr_allocator sr__default_allocator;

/* --- configuration (config.c) -------------------------------------------- */

typedef struct {
  const char *base_url;
  uint32_t timeout_ms;
  const char *token_header;
  const char *token_prefix;
  const char *token_key;
  const char *refresh_token_key;  /* NULL: cookie mode, JS never holds the refresh token */
  char *refresh_url; /* resolved against base_url; owned */
  const char *refresh_method;
  /* The refresh body, split where the refresh token goes: body_before +
   * token + body_after. body_after NULL: the token is not in the body;
   * body_before NULL: no body at all. */
  const char *refresh_body_before;
  const char *refresh_body_after;
  int refresh_body_is_form;         /* token escaping and Content-Type: form or JSON */
  const char *refresh_query;        /* NULL: the token is not in the URL */
  const char *refresh_header;       /* NULL: no header */
  const cJSON *refresh_headers;     /* extra headers (an object of strings), or NULL */
  int refresh_with_credentials;
  const char *refresh_token_path;   /* "": the whole body is the token */
  const char *refresh_refresh_token_path; /* NULL: not read */
  const char *refresh_expires_in_path;    /* NULL: not read */
  uint32_t refresh_timeout_ms;
  double before_expiry_seconds;
  int *expired_statuses; /* owned */
  size_t expired_status_count;
  const char *expired_body_path; /* NULL: bodies never mean "expired" */
  const cJSON *expired_body_values; /* NULL: the default, [4001] */
  char **token_origins; /* owned; canonical origins once sr_engine_new has read them */
  size_t token_origin_count;
  cJSON *document; /* owns every const char * above */
} sr__config;

int sr__config_parse(sr__config *config, const char *json, size_t length,
                     const sr_allocator *allocator, char **error_out);
void sr__config_free(sr__config *config, const sr_allocator *allocator);

/* --- URLs (url.c) -------------------------------------------------------- */

int sr__url_is_absolute(const char *url);
/* axios's rule: absolute URLs stay, others are joined to base with one '/'. */
char *sr__url_resolve(const sr_allocator *allocator, const char *base,
                      const char *url);
/* The longest origin the engine keeps ("scheme://host:port"). */
#define SR__ORIGIN_MAX 300

/* --- JSON helpers (json_util.c) ----------------------------------------- */

/* The item at a dotted path ("data.token", "items.0.id"), or NULL. */
const cJSON *sr__json_at_path(const cJSON *root, const char *dotted_path);
/* before + value + after, the value escaped as JSON string content, or for
 * a form body (application/x-www-form-urlencoded, also right for a URL query)
 * percent-encoded. Allocated with the allocator. */
char *sr__insert_escaped(const sr_allocator *allocator, const char *before, const char *value,
                         const char *after, int as_form);

/* --- headers (headers.c) ------------------------------------------------- */

/* URL schemes and hosts, header names and methods are ASCII and compare
 * without regard to case; locale-free, unlike tolower(). */
static inline char sr__ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }
int sr__ascii_equal_ignoring_case(const char *a, const char *b);
/* A header name is an RFC 9110 token; a value has no CR, LF or NUL. */
int sr__header_name_is_valid(const char *name);
int sr__header_value_is_valid(const char *value);
/* A method is a token, and not one the browser refuses to send. */
int sr__method_is_valid(const char *method);

#endif
