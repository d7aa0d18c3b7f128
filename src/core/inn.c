/* inn.c: check digits of Russian taxpayer numbers (ИНН), KPP shape, GS1 check digits.
 * The same rules live in SQL (inn_valid()); keep both in step. */
#include "polka/inn.h"

#include <stddef.h>
#include <string.h>

/* Length of s when it is all ASCII digits, else 0. */
static size_t digits_len(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return s[n] == '\0' ? n : 0;
}

/* (sum of digit * weight mod 11) mod 10 over the first n digits. */
static int inn_check(const char *s, const int *weights, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (s[i] - '0') * weights[i];
    return sum % 11 % 10;
}

bool inn_valid(const char *s)
{
    static const int w10[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w11[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w12[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (!s)
        return false;
    switch (digits_len(s)) {
    case 10:
        return inn_check(s, w10, 9) == s[9] - '0';
    case 12:
        return inn_check(s, w11, 10) == s[10] - '0' && inn_check(s, w12, 11) == s[11] - '0';
    default:
        return false;
    }
}

bool kpp_valid(const char *s)
{
    if (!s || strlen(s) != 9)
        return false;
    for (size_t i = 0; i < 9; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        bool letter = (i == 4 || i == 5) && s[i] >= 'A' && s[i] <= 'Z';
        if (!digit && !letter)
            return false;
    }
    return true;
}

/* The GS1 check digit of the n digits of s (n >= 2; the last is the check digit). */
static bool gs1_check(const char *s, size_t n)
{
    /* From the right, leaving out the check digit: weights 3, 1, 3, 1, ... */
    int sum = 0;
    for (size_t i = 0; i < n - 1; i++) {
        int d = s[n - 2 - i] - '0';
        sum += i % 2 == 0 ? 3 * d : d;
    }
    return (10 - sum % 10) % 10 == s[n - 1] - '0';
}

bool gtin_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = digits_len(s);
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return false;
    return gs1_check(s, n);
}

bool sscc_valid(const char *s)
{
    return s && digits_len(s) == 18 && gs1_check(s, 18);
}
