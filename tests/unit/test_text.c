/* Unit tests: UTF-8 decoding, sanitizing, display width and fitting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/text.h"
#include "polka/util.h"

#define FFFD  "\xEF\xBF\xBD"
#define ELL   "\xE2\x80\xA6"
#define ACUTE "\xCC\x81" /* U+0301 COMBINING ACUTE ACCENT */
#define MILK  "Молоко пастеризованное"

static void test_decode(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len, used;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 'A'},
        {"Ж", 2, 2, 0x0416},
        {"€", 3, 3, 0x20AC},
        {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
        {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
        {"\xEF\xBF\xBD", 3, 3, 0xFFFD}, /* a real U+FFFD */
        {"\0", 1, 1, 0},
        {"Ж", 1, 1, 0xFFFD},                /* truncated by len */
        {"\xE2\x82", 2, 1, 0xFFFD},         /* truncated */
        {"\x80", 1, 1, 0xFFFD},             /* stray continuation */
        {"\xC0\x80", 2, 1, 0xFFFD},         /* overlong NUL */
        {"\xC1\xBF", 2, 1, 0xFFFD},         /* overlong */
        {"\xE0\x80\xAF", 3, 1, 0xFFFD},     /* overlong '/' */
        {"\xF0\x82\x82\xAC", 4, 1, 0xFFFD}, /* overlong € */
        {"\xED\xA0\x80", 3, 1, 0xFFFD},     /* surrogate D800 */
        {"\xED\xBF\xBF", 3, 1, 0xFFFD},     /* surrogate DFFF */
        {"\xF4\x90\x80\x80", 4, 1, 0xFFFD}, /* > U+10FFFF */
        {"\xF5\x80\x80\x80", 4, 1, 0xFFFD},
        {"\xFF", 1, 1, 0xFFFD},
        {"\xD0"
         "A",
         2, 1, 0xFFFD}, /* lead byte then ASCII */
        {"\xE2\x82"
         "A",
         3, 1, 0xFFFD},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t cp = 12345;
        size_t used = text_decode(cases[i].in, cases[i].len, &cp);
        if (used != cases[i].used || cp != cases[i].cp)
            fail_msg("case %zu: used %zu cp U+%04X, expected %zu U+%04X", i, used, (unsigned)cp,
                     cases[i].used, (unsigned)cases[i].cp);
    }
    uint32_t cp;
    assert_int_equal(text_decode("abc", 0, &cp), 0);
}

static void test_encode_round_trip(void **state)
{
    (void)state;
    char b[4];
    assert_int_equal(text_encode(0xD800, b), 0);
    assert_int_equal(text_encode(0xDFFF, b), 0);
    assert_int_equal(text_encode(0x110000, b), 0);
    assert_int_equal(text_encode(0xFFFFFFFF, b), 0);
    assert_int_equal(text_encode(0x0416, b), 2);
    assert_memory_equal(b, "Ж", 2);
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        size_t n = text_encode(c, b);
        size_t expect = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        uint32_t back;
        if (n != expect || text_decode(b, n, &back) != n || back != c || !text_utf8_valid(b, n))
            fail_msg("U+%04X does not round-trip", (unsigned)c);
    }
}

static void test_utf8_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool valid;
    } cases[] = {
        {"", true},
        {"plain", true},
        {MILK, true},
        {"漢字 😀", true},
        {FFFD, true},
        {"abc\xFF", false},
        {"\xC0\x80", false},
        {"\xED\xA0\x80", false},
        {"\xF4\x90\x80\x80", false},
        {"Моло\xD0", false}, /* cut in the middle of a letter */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (text_utf8_valid(cases[i].in, strlen(cases[i].in)) != cases[i].valid)
            fail_msg("text_utf8_valid(\"%s\") should be %d", cases[i].in, cases[i].valid);
    assert_true(text_utf8_valid("a\0b", 3)); /* NUL is valid UTF-8; sanitize deals with it */
    assert_true(text_utf8_valid(NULL, 0));
}

static void test_sanitize(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len; /* 0: strlen */
        size_t max;
        const char *out;
    } cases[] = {
        {"ООО «Ромашка»", 0, 0, "ООО «Ромашка»"},
        {"a\tb", 0, 0, "a b"},
        {"a\nb\rc", 0, 0, "abc"},
        {"\x1B[31mred\x1B[0m", 0, 0, "[31mred[0m"},
        {"del\x7F", 0, 0, "del"},
        {"c1\xC2\x85\xC2\x9B"
         "x",
         0, 0, "c1x"}, /* U+0085 NEL, U+009B CSI */
        {"nbsp\xC2\xA0ok", 0, 0, "nbsp\xC2\xA0ok"},
        {"bad\xFFz", 0, 0, "bad" FFFD "z"},
        {"\xC0\x80", 0, 0, FFFD FFFD},
        {"\xED\xA0\x80", 0, 0, FFFD FFFD FFFD},
        {"cut\xD0", 0, 0, "cut" FFFD},
        {"a\0b", 3, 0, "ab"},
        {MILK, 0, 6, "Молоко"},
        {MILK, 0, 100, MILK},
        {"\x01\x02\x03"
         "abc",
         0, 2, "ab"}, /* dropped characters do not count */
        {"漢字abc", 0, 1, "漢"},
        {"e" ACUTE "x", 0, 2, "e" ACUTE}, /* cut in code points */
        {"", 0, 5, ""},
        {"\x01\x02", 0, 0, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        char *s = text_sanitize(cases[i].in, len, cases[i].max);
        if (strcmp(s, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\", expected \"%s\"", i, s, cases[i].out);
        if (!text_utf8_valid(s, strlen(s)))
            fail_msg("case %zu: result is not valid UTF-8", i);
        free(s);
    }
    /* Over-long input: 100 000 letters cut to 1000 code points of two bytes each. */
    size_t n = 100000;
    char *big = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(big + 2 * i, "Я", 2);
    big[2 * n] = '\0';
    char *s = text_sanitize(big, 2 * n, 1000);
    assert_int_equal(strlen(s), 2000);
    assert_int_equal(text_chars(s), 1000);
    free(s);
    free(big);
    s = text_sanitize(NULL, 10, 0);
    assert_string_equal(s, "");
    free(s);
}

static void test_chars_width(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t chars;
        int width;
    } cases[] = {
        {"", 0, 0},
        {"abc", 3, 3},
        {MILK, 22, 22},
        {"漢字", 2, 4},
        {"ｶﾀｶﾅ", 4, 4}, /* half-width katakana: one column each */
        {"е" ACUTE, 2, 1},
        {"\xFF", 1, 1}, /* shown as U+FFFD */
        {"a\xE2\x82", 3, 3},
        {"a\x01"
         "b",
         3, 2},             /* a control takes no column */
        {"\xC2\x9B", 1, 0}, /* nor a C1 control */
        {"a\xE2\x80\x8B"
         "b",
         3, 2}, /* ZERO WIDTH SPACE */
        {"😀", 1, 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (text_chars(cases[i].in) != cases[i].chars)
            fail_msg("text_chars(\"%s\") = %zu, expected %zu", cases[i].in, text_chars(cases[i].in),
                     cases[i].chars);
        if (text_width(cases[i].in) != cases[i].width)
            fail_msg("text_width(\"%s\") = %d, expected %d", cases[i].in, text_width(cases[i].in),
                     cases[i].width);
    }
    assert_int_equal(text_chars(NULL), 0);
    assert_int_equal(text_width(NULL), 0);
}

static void test_fit_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int width;
        size_t bytes;
    } cases[] = {
        {"abc", 2, 2},
        {"abc", 3, 3},
        {"abc", 10, 3},
        {"Молоко", 3, 6},
        {"漢字", 3, 3}, /* the second ideograph would straddle */
        {"漢字", 1, 0},
        {"漢字", 4, 6},
        {"е" ACUTE "ж", 1, 4}, /* the accent stays with its letter */
        {"abc", 0, 0},
        {"abc", -3, 0},
        {"a\xFF"
         "b",
         2, 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (text_fit_bytes(cases[i].in, cases[i].width) != cases[i].bytes)
            fail_msg("text_fit_bytes(\"%s\", %d) = %zu, expected %zu", cases[i].in, cases[i].width,
                     text_fit_bytes(cases[i].in, cases[i].width), cases[i].bytes);
    assert_int_equal(text_fit_bytes(NULL, 5), 0);
}

static void test_fit(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int width;
        bool ellipsis, right;
        const char *out;
    } cases[] = {
        {MILK, 10, true, false, "Молоко па" ELL},
        {MILK, 10, false, false, "Молоко пас"},
        {MILK, 22, true, false, MILK},
        {MILK, 24, true, false, MILK "  "},
        {MILK, 24, true, true, "  " MILK},
        {MILK, 10, true, true, "Молоко па" ELL},
        {"Молоко", 8, false, true, "  Молоко"},
        {"abc", 3, true, false, "abc"}, /* fits exactly: no mark */
        {"abcd", 3, true, false, "ab" ELL},
        {"abcd", 1, true, false, ELL},
        {"abcd", 1, false, false, "a"},
        {"", 3, true, false, "   "},
        {"abc", 0, true, false, ""},
        {"abc", -1, false, true, ""},
        /* wide characters straddling the edge become a space */
        {"a漢", 2, false, false, "a "},
        {"a漢", 2, false, true, " a"},
        {"漢字漢字", 5, false, false, "漢字 "},
        {"漢字漢字", 5, true, false, "漢字" ELL},
        {"漢字漢字", 6, true, false, "漢字 " ELL},
        {"漢字漢字", 6, true, true, " 漢字" ELL},
        {"漢", 1, false, false, " "},
        {"漢字", 1, true, false, ELL},
        {"漢字", 4, true, false, "漢字"},
        /* combining marks stay with their letter and take no column */
        {"е" ACUTE "ж", 1, false, false, "е" ACUTE},
        {"е" ACUTE "ж", 1, true, false, ELL},
        {"е" ACUTE "ж", 2, true, false, "е" ACUTE "ж"},
        {"ab" ACUTE, 2, false, false, "ab" ACUTE},
        {"abc" ACUTE, 2, false, false, "ab"},
        /* invalid bytes are shown as U+FFFD; controls are not shown */
        {"ab\xFF"
         "cd",
         4, false, false, "ab" FFFD "c"},
        {"\xD0", 2, false, false, FFFD " "},
        {"a\x1B"
         "b",
         3, false, false, "ab "},
        {"a\nb", 2, true, false, "ab"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *s = cases[i].right ? text_fit_right(cases[i].in, cases[i].width, cases[i].ellipsis)
                                 : text_fit(cases[i].in, cases[i].width, cases[i].ellipsis);
        if (strcmp(s, cases[i].out) != 0)
            fail_msg("case %zu (\"%s\", %d): \"%s\", expected \"%s\"", i, cases[i].in,
                     cases[i].width, s, cases[i].out);
        free(s);
    }
    char *s = text_fit(NULL, 2, true);
    assert_string_equal(s, "  ");
    free(s);
}

/* Whatever goes in, text_fit gives valid UTF-8 exactly `width` columns wide. */
static void test_fit_property(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "Ж", "漢", ACUTE, "\xFF", "\x01", "😀", " ", "\xE2"};
    uint32_t x = 2463534242u;
    for (int round = 0; round < 5000; round++) {
        char in[64] = "";
        int n = round % 12;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            strcat(in, pieces[x % (sizeof(pieces) / sizeof(pieces[0]))]);
        }
        int width = round % 9 - 1;
        for (int mode = 0; mode < 5; mode++) {
            if (mode == 4) /* the middle cut, at widths where it applies */
                width += 7;
            char *s = mode == 4  ? text_fit_middle(in, width)
                      : mode & 2 ? text_fit_right(in, width, mode & 1)
                                 : text_fit(in, width, mode & 1);
            if (!text_utf8_valid(s, strlen(s)))
                fail_msg("\"%s\" width %d mode %d: invalid UTF-8", in, width, mode);
            if (text_width(s) != (width > 0 ? width : 0))
                fail_msg("\"%s\" width %d mode %d: result \"%s\" is %d columns", in, width, mode, s,
                         text_width(s));
            free(s);
        }
        size_t b = text_fit_bytes(in, width);
        if (b > strlen(in))
            fail_msg("text_fit_bytes past the end");
    }
}

/* A name too long for its column keeps its start and its last words: the brand and size. */
static void test_fit_middle(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int width;
        const char *out;
    } cases[] = {
        {"Мороженое пломбир в стаканчике «Полька» 80 г", 34, "Мороженое пломбир в…«Полька» 80 г "},
        {"Мороженое пломбир в стаканчике «Полька» 80 г", 44,
         "Мороженое пломбир в стаканчике «Полька» 80 г"}, /* fits: as it is */
        {"Мороженое пломбир в стаканчике «Полька» 80 г", 50,
         "Мороженое пломбир в стаканчике «Полька» 80 г      "},
        {"Сыр Российский", 7, "Сыр Ро…"}, /* narrow: cut at the end */
        {"Колбасаварёнаямолочнаядлинная 1кг", 20, "Колбасаварёнаямо…1кг"},
        {"Однословноеоченьдлинноеназвание", 12, "Однословное…"}, /* no word to keep */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *s = text_fit_middle(cases[i].in, cases[i].width);
        if (strcmp(s, cases[i].out) != 0)
            fail_msg("case %zu (\"%s\", %d): \"%s\", expected \"%s\"", i, cases[i].in,
                     cases[i].width, s, cases[i].out);
        free(s);
    }
}

/* Words in any order, each the start of a word: the delivery-point look-up. */
static void test_words_match(void **state)
{
    (void)state;
    const char *p = "Магазин №101, г. Самара, ул. Лесная, д. 5";
    assert_true(text_words_match(p, "Самара Лесная"));
    assert_true(text_words_match(p, "лесная самара")); /* any order, any case */
    assert_true(text_words_match(p, "Лес Сам"));       /* word starts */
    assert_true(text_words_match(p, "Магазин №101,")); /* the old way still works */
    assert_true(text_words_match(p, "101"));           /* № separates */
    assert_true(text_words_match(p, ""));
    assert_true(text_words_match(p, NULL));
    assert_true(text_words_match("ул. Ёлочная", "елочная")); /* ё as е */
    assert_false(text_words_match(p, "Самара Луговая"));     /* every word must match */
    assert_false(text_words_match(p, "амара"));              /* not inside a word */
    assert_false(text_words_match(p, "Самарам"));            /* longer than the word */
    assert_false(text_words_match(NULL, "Самара"));
    assert_true(text_words_match("«Пятёрочка» на Лесной", "пятерочка лесной"));
}

/* XML escaping: entities for the five, refusal of what XML 1.0 forbids or would not give back. */
static void test_xml_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out; /* out NULL: refused */
    } cases[] = {
        {"", ""},
        {"ООО «Рога & Копыта»", "ООО «Рога &amp; Копыта»"},
        {"<a href=\"x\">'q'</a>", "&lt;a href=&quot;x&quot;&gt;&apos;q&apos;&lt;/a&gt;"},
        {"&amp;", "&amp;amp;"},
        {"a\x01b", NULL},
        {"a\tb", NULL},
        {"a\nb", NULL},
        {"a\x7f", NULL},
        {"a\xc2\x85", NULL},              /* C1 NEL */
        {"\xef\xbf\xbe", NULL},           /* U+FFFE */
        {"\xff", NULL},                   /* not UTF-8 */
        {"\xef\xbf\xbd", "\xef\xbf\xbd"}, /* U+FFFD itself is text */
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct strbuf sb = {0};
        strbuf_puts(&sb, "x");
        bool ok = text_xml_escape(&sb, cases[i].in);
        assert_int_equal(ok, cases[i].out != NULL);
        assert_string_equal(sb.buf + 1, cases[i].out ? cases[i].out : "");
        strbuf_release(&sb);
    }
}

static void test_contains_ci(void **state)
{
    (void)state;
    static const struct {
        const char *hay, *needle;
        bool found;
    } cases[] = {
        {MILK, "ПАСТ", true},
        {MILK, "молоко", true},
        {MILK, "ное", true},
        {MILK, "ное ", false},
        {"ЁЛКА", "ёлка", true},
        {"ёлка", "ЁЛ", true},
        {"Ёлка", "елка", false}, /* ё and е stay different letters */
        {"Milk 3,2%", "MILK 3", true},
        {"ООО «Ромашка»", "«ромаш", true},
        {"ЯЗЫК", "язык", true},
        {"АБВ", "абг", false},
        {"abc", "", true},
        {"", "", true},
        {"", "a", false},
        {"abc", "abcd", false},
        {"aab", "ab", true}, /* match after a false start */
        {"bad\xFFx", "x", true},
        {"ÄÖ", "äö", false}, /* only Latin A-Z and Cyrillic are folded */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (text_contains_ci(cases[i].hay, cases[i].needle) != cases[i].found)
            fail_msg("text_contains_ci(\"%s\", \"%s\") should be %d", cases[i].hay, cases[i].needle,
                     cases[i].found);
    assert_false(text_contains_ci(NULL, "a"));
    assert_true(text_contains_ci(NULL, NULL));
    assert_true(text_contains_ci("a", NULL));
}

int main(void)
{
    /* Widths come from wcwidth(), which needs an UTF-8 LC_CTYPE. */
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "no C.UTF-8 locale\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),      cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_utf8_valid),  cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_chars_width), cmocka_unit_test(test_fit_bytes),
        cmocka_unit_test(test_fit),         cmocka_unit_test(test_fit_property),
        cmocka_unit_test(test_fit_middle),  cmocka_unit_test(test_contains_ci),
        cmocka_unit_test(test_words_match), cmocka_unit_test(test_xml_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
