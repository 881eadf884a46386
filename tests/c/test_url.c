/* Origins decide where a token may go, so their reading is tested alone. */
#include "check.h"
#include "internal.h"

static const char *origin_of(const char *url) {
  static char buffer[SR__ORIGIN_MAX];
  return sr__url_origin(url, buffer, sizeof buffer) ? buffer : "(foreign)";
}

static void origins_are_read_in_canonical_form(void) {
  CHECK_TEXT(origin_of("https://api.test/x"), "https://api.test");
  CHECK_TEXT(origin_of("HTTPS://API.Test:443/x?y#z"), "https://api.test");
  CHECK_TEXT(origin_of("http://api.test:80"), "http://api.test");
  CHECK_TEXT(origin_of("http://api.test:8080/"), "http://api.test:8080");
  CHECK_TEXT(origin_of("http://127.0.0.1:0080/"), "http://127.0.0.1");
  CHECK_TEXT(origin_of("http://user:pw@api.test/"), "http://api.test");
  CHECK_TEXT(origin_of("http://api.test@evil.test/"), "http://evil.test");
  CHECK_TEXT(origin_of("http://[::1]:3000/x"), "http://[::1]:3000");
  CHECK_TEXT(origin_of("https://api.test?q=http://evil.test"), "https://api.test");
}

static void doubtful_urls_have_no_origin_and_so_get_no_token(void) {
  CHECK_TEXT(origin_of("/relative"), "(foreign)");
  CHECK_TEXT(origin_of("//evil.test/x"), "(foreign)");
  CHECK_TEXT(origin_of("ftp://api.test/"), "(foreign)");
  CHECK_TEXT(origin_of("https://evil.test\\@api.test/"), "(foreign)");
  CHECK_TEXT(origin_of("https://api.test:80x/"), "(foreign)");
  CHECK_TEXT(origin_of("https://a%2eb/"), "(foreign)");
  CHECK_TEXT(origin_of("https:///x"), "(foreign)");
  CHECK_TEXT(origin_of("http://[::1/"), "(foreign)");
}

static void relative_urls_join_the_base_like_axios(void) {
  const sr_allocator *a = &sr__default_allocator;
  char *joined[] = {sr__url_resolve(a, "https://api.test/v1/", "/users"),
                    sr__url_resolve(a, "https://api.test/v1", "users"),
                    sr__url_resolve(a, "https://api.test", "https://other.test/x"),
                    sr__url_resolve(a, "", "/users")};
  CHECK_TEXT(joined[0], "https://api.test/v1/users");
  CHECK_TEXT(joined[1], "https://api.test/v1/users");
  CHECK_TEXT(joined[2], "https://other.test/x");
  CHECK_TEXT(joined[3], "/users");
  for (int i = 0; i < 4; i++) sr__free(a, joined[i]);
}

int main(void) {
  RUN(origins_are_read_in_canonical_form);
  RUN(doubtful_urls_have_no_origin_and_so_get_no_token);
  RUN(relative_urls_join_the_base_like_axios);
  return CHECK_SUMMARY();
}
