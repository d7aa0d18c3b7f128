/* decimal.c: exact numbers as int64 of minor units; parsing what people type, formatting for
 * people and for SQL, rounding half away from zero. All arithmetic is checked: magnitudes are
 * built in uint64 against an explicit limit, so overflow is a status, never UB. */
#include "polka/decimal.h"

#include <string.h>

#include "polka/i18n.h"

static const uint64_t pow10_table[] = {
    1ull,
    10ull,
    100ull,
    1000ull,
    10000ull,
    100000ull,
    1000000ull,
    10000000ull,
    100000000ull,
    1000000000ull,
    10000000000ull,
    100000000000ull,
    1000000000000ull,
    10000000000000ull,
    100000000000000ull,
    1000000000000000ull,
    10000000000000000ull,
    100000000000000000ull,
    1000000000000000000ull,
};

static bool scale_ok(int scale)
{
    return scale >= 0 && scale <= DECIMAL_MAX_SCALE;
}

/* Length of a space-like character at s (ASCII blanks, U+00A0, U+202F), else 0. */
static size_t blank_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (strncmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(s, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

/* Length of a thousands separator at s (space, U+00A0, U+202F, apostrophe), else 0. */
static size_t group_sep_len(const char *s)
{
    if (*s == ' ' || *s == '\'')
        return 1;
    if (strncmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(s, "\xE2\x80\xAF", 3) == 0)
        return 3;
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum decimal_status decimal_parse(const char *s, int scale, int64_t *out)
{
    if (!s)
        return DECIMAL_EMPTY;
    if (!scale_ok(scale))
        return DECIMAL_RANGE;
    size_t n;
    while ((n = blank_len(s)) > 0)
        s += n;
    if (!*s)
        return DECIMAL_EMPTY;

    bool negative = false;
    if (*s == '-' || *s == '+') {
        negative = *s == '-';
        s++;
    }

    /* Integer part: groups separated by single separators; once a separator is used, every
     * later group has exactly three digits ("12 34" is more likely two numbers than one). */
    const char *int_start = s;
    size_t int_digits = 0, group = 0;
    bool grouped = false;
    for (;;) {
        if (is_digit(*s)) {
            int_digits++;
            group++;
            s++;
            continue;
        }
        n = group_sep_len(s);
        if (n > 0 && group > 0 && is_digit(s[n])) {
            if (grouped ? group != 3 : group > 3)
                return DECIMAL_SYNTAX;
            grouped = true;
            group = 0;
            s += n;
            continue;
        }
        break;
    }
    if (grouped && group != 3)
        return DECIMAL_SYNTAX;
    const char *int_end = s;

    const char *frac_start = s, *frac_end = s;
    if (*s == '.' || *s == ',') {
        s++;
        frac_start = s;
        while (is_digit(*s))
            s++;
        frac_end = s;
    }
    size_t frac_digits = (size_t)(frac_end - frac_start);
    if (int_digits == 0 && frac_digits == 0)
        return DECIMAL_SYNTAX;
    while ((n = blank_len(s)) > 0)
        s += n;
    if (*s)
        return DECIMAL_SYNTAX;

    for (size_t i = (size_t)scale; i < frac_digits; i++)
        if (frac_start[i] != '0')
            return DECIMAL_PRECISION;

    /* INT64_MIN has no positive counterpart, hence the limit one higher for negatives. */
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    for (const char *p = int_start; p < int_end; p++) {
        if (!is_digit(*p))
            continue;
        unsigned d = (unsigned)(*p - '0');
        if (mag > (limit - d) / 10)
            return DECIMAL_RANGE;
        mag = mag * 10 + d;
    }
    for (int i = 0; i < scale; i++) {
        unsigned d = (size_t)i < frac_digits ? (unsigned)(frac_start[i] - '0') : 0;
        if (mag > (limit - d) / 10)
            return DECIMAL_RANGE;
        mag = mag * 10 + d;
    }
    if (negative)
        *out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    else
        *out = (int64_t)mag;
    return DECIMAL_OK;
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

char *decimal_format(int64_t v, int scale, const char *thousands, const char *point, char *buf,
                     size_t n)
{
    if (!buf || n == 0)
        return buf;
    buf[0] = '\0';
    if (!scale_ok(scale))
        return buf;
    if (!thousands)
        thousands = "";
    if (!point)
        point = ".";
    uint64_t mag = magnitude(v);
    uint64_t ip = mag / pow10_table[scale], fp = mag % pow10_table[scale];

    /* Integer digits, most significant first. */
    char digits[24];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);

    size_t tlen = strlen(thousands), plen = strlen(point);
    size_t need =
        (v < 0 ? 1 : 0) + nd + (nd - 1) / 3 * tlen + (scale > 0 ? plen + (size_t)scale : 0);
    if (need >= n) {
        /* A cut number would show a wrong amount; "#" says "does not fit", as spreadsheets do. */
        if (n >= 2)
            strcpy(buf, "#");
        return buf;
    }
    char *o = buf;
    if (v < 0)
        *o++ = '-';
    for (size_t i = nd; i-- > 0;) {
        *o++ = digits[i];
        if (i > 0 && i % 3 == 0) {
            memcpy(o, thousands, tlen);
            o += tlen;
        }
    }
    if (scale > 0) {
        memcpy(o, point, plen);
        o += plen;
        for (int i = scale; i-- > 0;) {
            o[i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        o += scale;
    }
    *o = '\0';
    return buf;
}

char *decimal_to_sql(int64_t v, int scale, char *buf, size_t n)
{
    return decimal_format(v, scale, "", ".", buf, n);
}

int64_t decimal_rescale(int64_t v, int from, int to)
{
    /* Scales outside the supported range are a caller's bug; leave the value alone. */
    if (!scale_ok(from) || !scale_ok(to) || from == to)
        return v;
    if (to > from) {
        /* Not part of the contract, but exact when it fits; saturates otherwise. */
        int64_t m = (int64_t)pow10_table[to - from];
        if (v > INT64_MAX / m)
            return INT64_MAX;
        if (v < INT64_MIN / m)
            return INT64_MIN;
        return v * m;
    }
    int64_t d = (int64_t)pow10_table[from - to];
    int64_t q = v / d, r = v % d; /* C truncates toward zero: r has the sign of v */
    if (r >= 0 ? r * 2 >= d : -r * 2 >= d)
        q += v < 0 ? -1 : 1;
    return q;
}

const char *decimal_strerror(enum decimal_status st)
{
    switch (st) {
    case DECIMAL_OK:
        return _("OK");
    case DECIMAL_EMPTY:
        return _("Enter a number.");
    case DECIMAL_SYNTAX:
        return _("Not a number: use digits, one decimal separator (. or ,) and an optional minus.");
    case DECIMAL_PRECISION:
        return _("Too many digits after the decimal separator.");
    case DECIMAL_RANGE:
        return _("The number is too large.");
    }
    return _("Invalid number.");
}
