/* Unit tests: ИНН check digits, KPP shape, GS1 check digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "polka/inn.h"

struct check_case {
    const char *in;
    bool valid;
};

static void test_inn_table(void **state)
{
    (void)state;
    static const struct check_case cases[] = {
        {"7707083893", true},     /* Sberbank */
        {"500100732259", true},   /* 12 digits */
        {"7707083894", false},    /* wrong check digit */
        {"7707083890", false},    /* wrong check digit */
        {"500100732258", false},  /* d12 wrong */
        {"500100732249", false},  /* d11 wrong (d12 right for the old d11) */
        {"500100732269", false},  /* d11 wrong */
        {"770708389A", false},    /* letter */
        {"77O7083893", false},    /* Latin O for zero */
        {"7707О83893", false},    /* Cyrillic О for zero */
        {"77070838930", false},   /* 11 digits */
        {"770708389", false},     /* 9 digits */
        {"5001007322590", false}, /* 13 digits */
        {"", false},
        {" 7707083893", false},
        {"7707083893 ", false},
        {"7707 083893", false},
        {"+7707083893", false},
        {"-7707083893", false},
        {"0000000000", true}, /* all zeros does satisfy the checksum */
        {"000000000000", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (inn_valid(cases[i].in) != cases[i].valid)
            fail_msg("inn_valid(\"%s\") should be %d", cases[i].in, cases[i].valid);
    }
    assert_false(inn_valid(NULL));
}

/* Deterministic pseudo-random digits (a test must not depend on the clock). */
static uint32_t rng_state = 12345;
static int rand_digit(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (int)((rng_state >> 16) % 10);
}

/* The check digit written the way the tax service describes it, independent of inn.c. */
static int weighted(const char *s, const int *w, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += (s[i] - '0') * w[i];
    return sum % 11 % 10;
}

static void test_inn_generated(void **state)
{
    (void)state;
    static const int w10[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w11[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w12[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    for (int round = 0; round < 2000; round++) {
        char s[13] = {0};
        for (int i = 0; i < 9; i++)
            s[i] = (char)('0' + rand_digit());
        s[9] = (char)('0' + weighted(s, w10, 9));
        assert_true(inn_valid(s));
        for (int d = 1; d < 10; d++) {
            char bad[11];
            memcpy(bad, s, 11);
            bad[9] = (char)('0' + (s[9] - '0' + d) % 10);
            if (inn_valid(bad))
                fail_msg("%s accepted, check digit is %c", bad, s[9]);
        }

        for (int i = 0; i < 10; i++)
            s[i] = (char)('0' + rand_digit());
        s[10] = (char)('0' + weighted(s, w11, 10));
        s[11] = (char)('0' + weighted(s, w12, 11));
        assert_true(inn_valid(s));
        char bad[13];
        memcpy(bad, s, 13);
        bad[11] = (char)('0' + (s[11] - '0' + 1 + round % 9) % 10);
        assert_false(inn_valid(bad));
        memcpy(bad, s, 13);
        bad[10] = (char)('0' + (s[10] - '0' + 1 + round % 9) % 10);
        bad[11] = (char)('0' + weighted(bad, w12, 11)); /* d12 consistent, d11 wrong */
        assert_false(inn_valid(bad));
        /* The first ten digits of a 12-digit INN are not a 10-digit INN by accident only. */
        s[10] = '\0';
        assert_int_equal(inn_valid(s), weighted(s, w10, 9) == s[9] - '0');
    }
}

static void test_kpp(void **state)
{
    (void)state;
    static const struct check_case cases[] = {
        {"773601001", true},  {"7736AB001", true},  {"7736Z9001", true},   {"77369Z001", true},
        {"7736ab001", false}, {"77360100", false},  {"7736010011", false}, {"A73601001", false},
        {"7736010A1", false}, {"773A01001", false}, {"7736АБ001", false}, /* Cyrillic А, Б */
        {"", false},          {"7736 1001", false}, {" 77360100", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (kpp_valid(cases[i].in) != cases[i].valid)
            fail_msg("kpp_valid(\"%s\") should be %d", cases[i].in, cases[i].valid);
    }
    assert_false(kpp_valid(NULL));
}

static void test_gtin_table(void **state)
{
    (void)state;
    static const struct check_case cases[] = {
        {"4006381333931", true},  /* EAN-13 */
        {"4600000000008", true},  /* Russian prefix 460 */
        {"96385074", true},       /* EAN-8 */
        {"036000291452", true},   /* UPC-A */
        {"00012345600012", true}, /* GTIN-14 */
        {"4006381333932", false}, /* wrong check digit */
        {"4006381333930", false}, /* wrong check digit */
        {"4600000000000", false}, /* wrong check digit */
        {"96385075", false},        {"036000291453", false},
        {"00012345600013", false},  {"400638133393", false}, /* 12 digits, not a UPC */
        {"400638133393A", false},   {"", false},
        {"0000000000", false},      /* 10 digits: no such GTIN length */
        {"00000000000", false},     /* 11 */
        {"000000000000000", false}, /* 15 */
        {"0000000", false},         /* 7 */
        {" 4006381333931", false},  {"4006381333931\n", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (gtin_valid(cases[i].in) != cases[i].valid)
            fail_msg("gtin_valid(\"%s\") should be %d", cases[i].in, cases[i].valid);
    }
    assert_false(gtin_valid(NULL));
}

/* SSCC: 18 digits, the same GS1 check digit (the examples of EANCOM's GIN segment notes). */
static void test_sscc(void **state)
{
    (void)state;
    static const struct check_case cases[] = {
        {"354123450000000014", true},   {"354123450000000106", true},
        {"106141411234567897", true},   {"354123450000000015", false}, /* wrong check digit */
        {"35412345000000001", false},                                  /* 17 digits */
        {"3541234500000000140", false},                                /* 19 */
        {"4006381333931", false},                                      /* a GTIN is not an SSCC */
        {"35412345000000001A", false},  {"", false},
        {" 354123450000000014", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (sscc_valid(cases[i].in) != cases[i].valid)
            fail_msg("sscc_valid(\"%s\") should be %d", cases[i].in, cases[i].valid);
    }
    assert_false(sscc_valid(NULL));
}

static void test_gtin_generated(void **state)
{
    (void)state;
    static const int lengths[] = {8, 12, 13, 14};
    for (int round = 0; round < 2000; round++) {
        int n = lengths[round % 4];
        char s[15] = {0};
        for (int i = 0; i < n - 1; i++)
            s[i] = (char)('0' + rand_digit());
        /* Weights 3,1,3,... from the digit left of the check digit, written left to right. */
        int sum = 0;
        for (int i = 0; i < n - 1; i++)
            sum += (s[i] - '0') * ((n - 1 - i) % 2 == 1 ? 3 : 1);
        s[n - 1] = (char)('0' + (10 - sum % 10) % 10);
        if (!gtin_valid(s))
            fail_msg("%s rejected", s);
        for (int d = 1; d < 10; d++) {
            char bad[15];
            memcpy(bad, s, sizeof(bad));
            bad[n - 1] = (char)('0' + (s[n - 1] - '0' + d) % 10);
            if (gtin_valid(bad))
                fail_msg("%s accepted", bad);
        }
        /* A single changed digit anywhere is always caught by mod 10 with weights 1 and 3. */
        int pos = round % (n - 1);
        s[pos] = (char)('0' + (s[pos] - '0' + 1 + round % 9) % 10);
        if (gtin_valid(s))
            fail_msg("%s accepted after changing digit %d", s, pos);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inn_table),
        cmocka_unit_test(test_inn_generated),
        cmocka_unit_test(test_kpp),
        cmocka_unit_test(test_gtin_table),
        cmocka_unit_test(test_gtin_generated),
        cmocka_unit_test(test_sscc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
