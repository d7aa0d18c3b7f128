/* Unit tests: money and quantities: parsing, formatting, rounding, messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <locale.h>
#include <string.h>

#include "polka/decimal.h"

#define NBSP  "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static const char *status_name(enum decimal_status st)
{
    static const char *const names[] = {"OK", "EMPTY", "SYNTAX", "PRECISION", "RANGE"};
    return (unsigned)st < 5 ? names[st] : "?";
}

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int scale;
        enum decimal_status st;
        int64_t v;
    } cases[] = {
        {"0", 2, DECIMAL_OK, 0},
        {"1", 2, DECIMAL_OK, 100},
        {"1234.5", 2, DECIMAL_OK, 123450},
        {"1234,5", 2, DECIMAL_OK, 123450},
        {"1 234,5", 2, DECIMAL_OK, 123450},
        {"1" NBSP "234,50", 2, DECIMAL_OK, 123450},
        {"1" NNBSP "234,50", 2, DECIMAL_OK, 123450},
        {"1'234.50", 2, DECIMAL_OK, 123450},
        {"12 345 678,9", 2, DECIMAL_OK, 1234567890},
        {"  42  ", 0, DECIMAL_OK, 42},
        {NBSP "42" NBSP, 0, DECIMAL_OK, 42},
        {"\t7\n", 0, DECIMAL_OK, 7},
        {"-0,05", 2, DECIMAL_OK, -5},
        {"-0.5", 2, DECIMAL_OK, -50},
        {"+3", 2, DECIMAL_OK, 300},
        {"-1 000", 0, DECIMAL_OK, -1000},
        {"-0", 2, DECIMAL_OK, 0},
        {".5", 2, DECIMAL_OK, 50},
        {",75", 2, DECIMAL_OK, 75},
        {"5.", 2, DECIMAL_OK, 500},
        {"007", 0, DECIMAL_OK, 7},
        {"1.500", 2, DECIMAL_OK, 150}, /* extra zeros are not extra precision */
        {"1.5000000000000000000000", 2, DECIMAL_OK, 150},
        {"2.125", 3, DECIMAL_OK, 2125}, /* kilograms */
        {"0.000001", 6, DECIMAL_OK, 1},
        {"12", 0, DECIMAL_OK, 12},
        {"12.0", 0, DECIMAL_OK, 12},
        /* int64 edges at scale 2 */
        {"92233720368547758.07", 2, DECIMAL_OK, INT64_MAX},
        {"-92233720368547758.08", 2, DECIMAL_OK, INT64_MIN},
        {"92233720368547758.08", 2, DECIMAL_RANGE, 0},
        {"-92233720368547758.09", 2, DECIMAL_RANGE, 0},
        {"9223372036854775807", 0, DECIMAL_OK, INT64_MAX},
        {"-9223372036854775808", 0, DECIMAL_OK, INT64_MIN},
        {"9223372036854775808", 0, DECIMAL_RANGE, 0},
        {"9 223 372 036 854 775 808", 0, DECIMAL_RANGE, 0},
        {"99999999999999999999999999", 0, DECIMAL_RANGE, 0},
        {"10000000000000", 6, DECIMAL_RANGE, 0},
        {"00000000000000000000000000001", 0, DECIMAL_OK, 1},
        /* empty */
        {"", 2, DECIMAL_EMPTY, 0},
        {"   ", 2, DECIMAL_EMPTY, 0},
        {NBSP, 2, DECIMAL_EMPTY, 0},
        /* precision */
        {"1.234", 2, DECIMAL_PRECISION, 0},
        {"0,001", 2, DECIMAL_PRECISION, 0},
        {"1.5", 0, DECIMAL_PRECISION, 0},
        {"1.0000001", 6, DECIMAL_PRECISION, 0},
        /* syntax */
        {"abc", 2, DECIMAL_SYNTAX, 0},
        {"12abc", 2, DECIMAL_SYNTAX, 0},
        {"1.2.3", 2, DECIMAL_SYNTAX, 0},
        {"1,234.50", 2, DECIMAL_SYNTAX, 0}, /* comma is a decimal point here */
        {"1 2", 0, DECIMAL_SYNTAX, 0},      /* groups after a separator have three digits */
        {"1234 567", 0, DECIMAL_SYNTAX, 0}, /* first group at most three */
        {"1 234 5", 0, DECIMAL_SYNTAX, 0},
        {"1 23 456", 0, DECIMAL_SYNTAX, 0},
        {"1 2345 678", 0, DECIMAL_SYNTAX, 0},
        {"1  234", 0, DECIMAL_SYNTAX, 0}, /* one separator between groups */
        {"1 234,567 8", 3, DECIMAL_SYNTAX, 0},
        {"-", 2, DECIMAL_SYNTAX, 0},
        {"+", 2, DECIMAL_SYNTAX, 0},
        {".", 2, DECIMAL_SYNTAX, 0},
        {",", 2, DECIMAL_SYNTAX, 0},
        {"--1", 2, DECIMAL_SYNTAX, 0},
        {"+-1", 2, DECIMAL_SYNTAX, 0},
        {"- 1", 2, DECIMAL_SYNTAX, 0},
        {"1-", 2, DECIMAL_SYNTAX, 0},
        {"1e5", 2, DECIMAL_SYNTAX, 0},
        {"0x10", 0, DECIMAL_SYNTAX, 0},
        {"'1", 0, DECIMAL_SYNTAX, 0},
        {"1'", 0, DECIMAL_SYNTAX, 0},
        {"1 ,5", 2, DECIMAL_SYNTAX, 0},
        {"1, 5", 2, DECIMAL_SYNTAX, 0},
        {"١٢", 0, DECIMAL_SYNTAX, 0}, /* Arabic-Indic digits are not ours */
        {"12 руб.", 2, DECIMAL_SYNTAX, 0},
        {"NaN", 2, DECIMAL_SYNTAX, 0},
        {"\xFF", 2, DECIMAL_SYNTAX, 0},
        {"1\xC2", 2, DECIMAL_SYNTAX, 0}, /* truncated UTF-8 after a digit */
        /* scale outside 0..DECIMAL_MAX_SCALE */
        {"1", -1, DECIMAL_RANGE, 0},
        {"1", DECIMAL_MAX_SCALE + 1, DECIMAL_RANGE, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t v = 424242;
        enum decimal_status st = decimal_parse(cases[i].in, cases[i].scale, &v);
        if (st != cases[i].st)
            fail_msg("decimal_parse(\"%s\", %d): %s, expected %s", cases[i].in, cases[i].scale,
                     status_name(st), status_name(cases[i].st));
        if (st == DECIMAL_OK && v != cases[i].v)
            fail_msg("decimal_parse(\"%s\", %d) = %" PRId64 ", expected %" PRId64, cases[i].in,
                     cases[i].scale, v, cases[i].v);
        if (st != DECIMAL_OK && v != 424242)
            fail_msg("decimal_parse(\"%s\") wrote *out on failure", cases[i].in);
    }
    int64_t v;
    assert_int_equal(decimal_parse(NULL, 2, &v), DECIMAL_EMPTY);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        int scale;
        const char *thousands, *point, *out;
    } cases[] = {
        {123450, 2, NBSP, ",", "1" NBSP "234,50"},
        {-5, 2, NBSP, ",", "-0,05"},
        {5, 2, NBSP, ",", "0,05"},
        {0, 2, NBSP, ",", "0,00"},
        {-100, 2, NBSP, ",", "-1,00"},
        {99999, 2, NBSP, ",", "999,99"},
        {100000, 2, NBSP, ",", "1" NBSP "000,00"},
        {123456789012, 2, NBSP, ",", "1" NBSP "234" NBSP "567" NBSP "890,12"},
        {-123456789012, 2, " ", ".", "-1 234 567 890.12"},
        {123450, 2, "", ".", "1234.50"},
        {123450, 2, NULL, NULL, "1234.50"},
        {1000, 0, NBSP, ",", "1" NBSP "000"},
        {999, 0, NBSP, ",", "999"},
        {-1000000, 0, "'", ",", "-1'000'000"},
        {2125, 3, NBSP, ",", "2,125"},
        {1, 6, "", ".", "0.000001"},
        {1234567, 6, " ", ".", "1.234567"},
        {INT64_MAX, 2, " ", ",", "92 233 720 368 547 758,07"},
        {INT64_MIN, 2, " ", ",", "-92 233 720 368 547 758,08"},
        {INT64_MIN, 0, "", "", "-9223372036854775808"},
        {12345, 2, "", " руб. ", "123 руб. 45"}, /* multi-byte point */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[64];
        memset(buf, 'x', sizeof(buf));
        char *r = decimal_format(cases[i].v, cases[i].scale, cases[i].thousands, cases[i].point,
                                 buf, sizeof(buf));
        assert_ptr_equal(r, buf);
        if (strcmp(buf, cases[i].out) != 0)
            fail_msg("decimal_format(%" PRId64 ", %d) = \"%s\", expected \"%s\"", cases[i].v,
                     cases[i].scale, buf, cases[i].out);
    }
}

static void test_format_small_buffer(void **state)
{
    (void)state;
    char buf[16];
    /* Exactly enough: "1 234,50" with NBSP is 9 bytes + NUL. */
    memset(buf, 'x', sizeof(buf));
    decimal_format(123450, 2, NBSP, ",", buf, 10);
    assert_string_equal(buf, "1" NBSP "234,50");
    /* One byte short: never a cut-off amount, never past n. */
    memset(buf, 'x', sizeof(buf));
    decimal_format(123450, 2, NBSP, ",", buf, 9);
    assert_string_equal(buf, "#");
    assert_int_equal(buf[9], 'x');
    memset(buf, 'x', sizeof(buf));
    decimal_format(123450, 2, NBSP, ",", buf, 1);
    assert_string_equal(buf, "");
    assert_int_equal(buf[1], 'x');
    memset(buf, 'x', sizeof(buf));
    decimal_format(123450, 2, NBSP, ",", buf, 0);
    assert_int_equal(buf[0], 'x');
    /* A scale the module does not support gives an empty string, not garbage. */
    decimal_format(1, DECIMAL_MAX_SCALE + 1, "", ".", buf, sizeof(buf));
    assert_string_equal(buf, "");
    decimal_format(1, -1, "", ".", buf, sizeof(buf));
    assert_string_equal(buf, "");
}

static void test_to_sql(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(decimal_to_sql(-123450, 2, buf, sizeof(buf)), "-1234.50");
    assert_string_equal(decimal_to_sql(7, 3, buf, sizeof(buf)), "0.007");
    assert_string_equal(decimal_to_sql(12, 0, buf, sizeof(buf)), "12");
    assert_string_equal(decimal_to_sql(INT64_MIN, 2, buf, sizeof(buf)), "-92233720368547758.08");
}

/* Russian display and the SQL form both read back to the same value. */
static void test_round_trip(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int scale = i % (DECIMAL_MAX_SCALE + 1);
        int64_t v = (int64_t)x;
        if (i % 3 == 0)
            v %= 100000000; /* plenty of small values too */
        if (i == 0)
            v = INT64_MIN;
        if (i == 1)
            v = INT64_MAX;
        char buf[80];
        int64_t back = 0;
        decimal_format(v, scale, NBSP, ",", buf, sizeof(buf));
        if (decimal_parse(buf, scale, &back) != DECIMAL_OK || back != v)
            fail_msg("\"%s\" at scale %d did not read back as %" PRId64, buf, scale, v);
        decimal_to_sql(v, scale, buf, sizeof(buf));
        if (decimal_parse(buf, scale, &back) != DECIMAL_OK || back != v)
            fail_msg("\"%s\" at scale %d did not read back as %" PRId64, buf, scale, v);
    }
}

static void test_rescale(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        int from, to;
        int64_t out;
    } cases[] = {
        /* half away from zero, like PostgreSQL round(numeric) */
        {12345, 3, 2, 1235}, /* 12.345 -> 12.35 */
        {12344, 3, 2, 1234},
        {-12345, 3, 2, -1235}, /* -12.345 -> -12.35 */
        {-12344, 3, 2, -1234},
        {5, 1, 0, 1},   /* 0.5 -> 1 */
        {-5, 1, 0, -1}, /* -0.5 -> -1 */
        {4, 1, 0, 0},
        {-4, 1, 0, 0},
        {15, 1, 0, 2}, /* not banker's rounding: 1.5 -> 2 */
        {25, 1, 0, 3}, /* 2.5 -> 3 */
        {-25, 1, 0, -3},
        {1499999, 6, 0, 1},
        {1500000, 6, 0, 2},
        {-1500000, 6, 0, -2},
        {123, 2, 2, 123},
        {INT64_MAX, 6, 0, 9223372036855},      /* 9223372036854.775807 */
        {INT64_MIN, 6, 0, -9223372036855},     /* -9223372036854.775808 */
        {INT64_MAX, 1, 0, 922337203685477581}, /* ...580.7 -> ...581 */
        {INT64_MIN, 1, 0, -922337203685477581},
        /* upwards: exact, or saturated when it cannot fit */
        {123, 0, 2, 12300},
        {-123, 0, 3, -123000},
        {INT64_MAX / 10, 0, 2, INT64_MAX},
        {INT64_MIN / 10, 0, 2, INT64_MIN},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t r = decimal_rescale(cases[i].v, cases[i].from, cases[i].to);
        if (r != cases[i].out)
            fail_msg("decimal_rescale(%" PRId64 ", %d, %d) = %" PRId64 ", expected %" PRId64,
                     cases[i].v, cases[i].from, cases[i].to, r, cases[i].out);
    }
}

static void test_strerror(void **state)
{
    (void)state;
    const char *seen[5];
    for (int st = DECIMAL_OK; st <= DECIMAL_RANGE; st++) {
        const char *m = decimal_strerror((enum decimal_status)st);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
        for (int j = 0; j < st; j++)
            assert_string_not_equal(m, seen[j]);
        seen[st] = m;
    }
    assert_non_null(decimal_strerror((enum decimal_status)99));
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_small_buffer),
        cmocka_unit_test(test_to_sql),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_rescale),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
