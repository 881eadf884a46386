/* The strtod cJSON parses numbers with (CMake builds cJSON with
 * -Dstrtod=sr_cjson_strtod). libc's strtod brings ~15 KB of wasm with it
 * (__floatscan and soft long double); JSON numbers need far less.
 *
 * Exact for what the product compares: up to 19 significant digits and
 * results within Clinger's fast path (mantissa < 2^53, |10-exponent| <= 22),
 * which covers every integer code, "4001.0" and "4.001e3" alike. Beyond
 * that the value is scaled in steps and may differ from strtod by an ulp. */
#include <stdint.h>

double sr_cjson_strtod(const char *text, char **end);

static const double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static double scale(double value, int exponent10) {
  while (exponent10 > 22 && value < 1e308) {
    value *= 1e22;
    exponent10 -= 22;
  }
  while (exponent10 < -22 && value > 0) {
    value /= 1e22;
    exponent10 += 22;
  }
  if (exponent10 > 22) return value * 1e22; /* overflows to infinity, as strtod does */
  if (exponent10 < -22) return 0.0;
  return exponent10 >= 0 ? value * powers_of_ten[exponent10] : value / powers_of_ten[-exponent10];
}

double sr_cjson_strtod(const char *text, char **end) {
  const char *cursor = text;
  int negative = 0;
  if (*cursor == '-' || *cursor == '+') negative = *cursor++ == '-';
  uint64_t mantissa = 0;
  int significant_digits = 0;
  int exponent10 = 0;
  int any_digit = 0;
  for (; is_digit(*cursor); cursor++) {
    any_digit = 1;
    if (significant_digits < 19) {
      mantissa = mantissa * 10 + (uint64_t)(*cursor - '0');
      if (mantissa != 0) significant_digits++;
    } else {
      exponent10++;
    }
  }
  if (*cursor == '.') {
    for (cursor++; is_digit(*cursor); cursor++) {
      any_digit = 1;
      if (significant_digits < 19) {
        mantissa = mantissa * 10 + (uint64_t)(*cursor - '0');
        if (mantissa != 0) significant_digits++;
        exponent10--;
      }
    }
  }
  if (!any_digit) {
    *end = (char *)(uintptr_t)text;
    return 0.0;
  }
  if (*cursor == 'e' || *cursor == 'E') {
    const char *exponent = cursor + 1;
    int exponent_negative = 0;
    if (*exponent == '+' || *exponent == '-') exponent_negative = *exponent++ == '-';
    if (is_digit(*exponent)) {
      int value = 0;
      for (; is_digit(*exponent); exponent++)
        if (value < 100000) value = value * 10 + (*exponent - '0');
      exponent10 += exponent_negative ? -value : value;
      cursor = exponent;
    }
  }
  *end = (char *)(uintptr_t)cursor;
  double value = scale((double)mantissa, exponent10);
  return negative ? -value : value;
}
