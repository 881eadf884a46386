/* Relative URLs join baseURL the way axios joins them. (Origins are read by
 * the host, with the browser's URL parser: tests/js/security.test.js.) */
#include "check.h"
#include "internal.h"

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
  RUN(relative_urls_join_the_base_like_axios);
  return CHECK_SUMMARY();
}
