/* A few lines of test harness: CHECK records a failure and goes on, RUN
 * prints one line per test, and main returns non-zero when anything failed. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(condition)                                                          \
  do {                                                                            \
    if (!(condition)) {                                                           \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition);   \
      check_failures++;                                                           \
    }                                                                             \
  } while (0)

#define CHECK_TEXT(actual, expected)                                                           \
  do {                                                                                         \
    const char *actual_ = (actual);                                                            \
    if (actual_ == NULL || strcmp(actual_, (expected)) != 0) {                                 \
      fprintf(stderr, "%s:%d: expected %s to be \"%s\", got \"%s\"\n", __FILE__, __LINE__,   \
              #actual, (expected), actual_ != NULL ? actual_ : "(null)");                      \
      check_failures++;                                                                        \
    }                                                                                          \
  } while (0)

#define RUN(test)                                                             \
  do {                                                                        \
    int failures_before_ = check_failures;                                    \
    test();                                                                   \
    printf("%s - %s\n", check_failures == failures_before_ ? "ok" : "FAILED", \
           #test);                                                            \
  } while (0)

#define CHECK_SUMMARY() (check_failures == 0 ? 0 : 1)

#endif
