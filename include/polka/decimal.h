/* decimal.h: exact money and quantities as integers of minor units.
 *
 * The database holds numeric; C holds int64 scaled by 10^scale (money: scale 2, kopecks;
 * quantities: the unit's scale, 0 for pieces, 3 for kilograms). One rounding rule everywhere:
 * half away from zero, the same as PostgreSQL's round(numeric). */
#ifndef POLKA_DECIMAL_H
#define POLKA_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_SCALE       2
#define DECIMAL_MAX_SCALE 6

enum decimal_status {
    DECIMAL_OK = 0,
    DECIMAL_EMPTY,     /* nothing but spaces */
    DECIMAL_SYNTAX,    /* not a number */
    DECIMAL_PRECISION, /* more fractional digits than the scale allows */
    DECIMAL_RANGE,     /* does not fit in int64 at this scale */
};

/* Parses what a person types or the database returns: optional sign, digits with optional
 * thousands separators (space, U+00A0, U+202F, apostrophe), one decimal separator ('.' or ','),
 * surrounding spaces allowed. "1 234,5" at scale 2 gives 123450. More fractional digits than
 * `scale` is DECIMAL_PRECISION unless they are all zeros ("1.500" at scale 2 is fine).
 * Separators stand alone between digits of the integer part, and once used every later group
 * has three digits ("12 34" is SYNTAX). *out is left alone unless DECIMAL_OK; a scale outside
 * 0..DECIMAL_MAX_SCALE gives DECIMAL_RANGE. */
enum decimal_status decimal_parse(const char *s, int scale, int64_t *out);

/* Formats v (scaled by 10^scale) with exactly `scale` fractional digits. `thousands` (may be
 * "" or a multi-byte string such as "\u00a0") separates groups of three; `point` is the decimal
 * separator. Writes at most n bytes including NUL into buf and returns buf. When the number
 * does not fit, buf gets "#" (never a cut-off amount); an unsupported scale gives "". */
char *decimal_format(int64_t v, int scale, const char *thousands, const char *point, char *buf,
                     size_t n);

/* Plain machine form for the database: "-1234.50", no separators. Returns buf. */
char *decimal_to_sql(int64_t v, int scale, char *buf, size_t n);

/* Rounds v from scale `from` to scale `to` (to <= from), half away from zero. (to > from
 * multiplies, saturating at the int64 limits; an unsupported scale returns v unchanged.) */
int64_t decimal_rescale(int64_t v, int from, int to);

/* A user message for a status (translated); static string. */
const char *decimal_strerror(enum decimal_status st);

#endif
