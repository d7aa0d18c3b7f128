/* Unit tests: allocation wrappers, string helpers, strbuf, util_read_file. */
#define _XOPEN_SOURCE 700 /* mkstemp, mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/util.h"

static void test_strdup(void **state)
{
    (void)state;
    assert_null(xstrdup(NULL));
    char *s = xstrdup("Молоко");
    assert_string_equal(s, "Молоко");
    xfree(&s);
    assert_null(s);
    s = xstrndup("Молоко", 4); /* bytes, not characters */
    assert_string_equal(s, "Мо");
    free(s);
    s = xstrndup("ab", 10);
    assert_string_equal(s, "ab");
    free(s);
    s = xstrndup("ab", 0);
    assert_string_equal(s, "");
    free(s);
    s = xasprintf("%s=%d;%05.2f", "x", -42, 2.5);
    assert_string_equal(s, "x=-42;02.50");
    free(s);
    char big[5000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    s = xasprintf("[%s]", big);
    assert_int_equal(strlen(s), sizeof(big) + 1);
    assert_int_equal(s[0], '[');
    assert_int_equal(s[sizeof(big)], ']');
    free(s);
    int *zeros = xcalloc(16, sizeof(int));
    for (int i = 0; i < 16; i++)
        assert_int_equal(zeros[i], 0);
    zeros = xrealloc(zeros, 32 * sizeof(int));
    assert_int_equal(zeros[15], 0);
    xfree(&zeros);
    assert_null(zeros);
    xfree(&zeros); /* freeing NULL again is fine */
    void *empty = xmalloc(0);
    assert_non_null(empty);
    free(empty);
}

static void test_str_helpers(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool eq, starts;
    } cases[] = {
        {"", "", true, true},           {"abc", "abc", true, true},
        {"abc", "ab", false, true},     {"ab", "abc", false, false},
        {"Молоко", "Мол", false, true}, {"Молоко", "мол", false, false},
        {"abc", "", false, true},       {NULL, NULL, true, false},
        {NULL, "", false, false},       {"", NULL, false, false},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        if (str_eq(cases[i].a, cases[i].b) != cases[i].eq)
            fail_msg("case %zu: str_eq should be %d", i, cases[i].eq);
        if (str_starts(cases[i].a, cases[i].b) != cases[i].starts)
            fail_msg("case %zu: str_starts should be %d", i, cases[i].starts);
    }
    assert_true(str_empty(NULL));
    assert_true(str_empty(""));
    assert_false(str_empty(" "));
}

static void test_strbuf(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    char *s = strbuf_detach(&sb);
    assert_string_equal(s, "");
    free(s);

    strbuf_puts(&sb, "ООО ");
    strbuf_add(&sb, "«Ромашка»xyz", strlen("«Ромашка»"));
    strbuf_printf(&sb, " №%d", 7);
    strbuf_puts(&sb, NULL);
    assert_string_equal(sb.buf, "ООО «Ромашка» №7");
    assert_int_equal(sb.len, strlen("ООО «Ромашка» №7"));
    assert_true(sb.cap > sb.len);

    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    assert_non_null(sb.buf);

    /* Growth over many small and one large addition keeps everything. */
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&sb, "%03d,", i);
    assert_int_equal(sb.len, 4000);
    assert_memory_equal(sb.buf + 3996, "999,", 4);
    char big[10000];
    memset(big, 'q', sizeof(big));
    strbuf_add(&sb, big, sizeof(big));
    assert_int_equal(sb.len, 14000);
    assert_int_equal(sb.buf[14000], '\0');
    /* Embedded NUL bytes are kept: strbuf counts bytes. */
    strbuf_add(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 14003);
    assert_memory_equal(sb.buf + 14000, "a\0b", 4);

    s = strbuf_detach(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    assert_memory_equal(s, "000,001,", 8);
    free(s);

    strbuf_puts(&sb, "x");
    strbuf_release(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb); /* twice is fine */
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/polka-unit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char data[] = "first\nвторая\0third"; /* with an embedded NUL */
    assert_int_equal(write(fd, data, sizeof(data) - 1), (ssize_t)(sizeof(data) - 1));
    close(fd);

    size_t len = 0;
    char *s = util_read_file(path, &len);
    assert_non_null(s);
    assert_int_equal(len, sizeof(data) - 1);
    assert_memory_equal(s, data, sizeof(data) - 1);
    assert_int_equal(s[len], '\0');
    free(s);

    /* Larger than one read chunk. */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 30000; i++)
        fprintf(f, "%d\n", i % 10);
    fclose(f);
    s = util_read_file(path, &len);
    assert_non_null(s);
    assert_int_equal(len, 60000);
    assert_memory_equal(s + 59998, "9\n", 3);
    free(s);

    /* Empty file: "" and length 0. */
    f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    len = 99;
    s = util_read_file(path, &len);
    assert_non_null(s);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    unlink(path);

    errno = 0;
    assert_null(util_read_file(path, &len));
    assert_int_equal(errno, ENOENT);

    char dir[] = "/tmp/polka-unit-dir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    errno = 0;
    assert_null(util_read_file(dir, &len));
    assert_int_equal(errno, EISDIR);
    rmdir(dir);
}

/* A file written whole under a name of its own, never over another: "a.txt", then
 * "a (2).txt"; no temporary file left. */
static void test_atomic_commit_new(void **state)
{
    (void)state;
    char dir[] = "/tmp/polka-unit-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *want = xasprintf("%s/a.txt", dir);
    char *got[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        struct atomic_file af;
        assert_true(atomic_open(&af, want, 0644));
        fputs(k ? "second" : "first", af.f);
        assert_true(atomic_commit_new(&af, &got[k]));
    }
    assert_string_equal(got[0], want);
    char *second = xasprintf("%s/a (2).txt", dir);
    assert_string_equal(got[1], second);
    size_t len;
    char *text = util_read_file(want, &len);
    assert_string_equal(text, "first");
    free(text);
    text = util_read_file(second, &len);
    assert_string_equal(text, "second");
    free(text);
    unlink(want);
    unlink(second);
    assert_int_equal(rmdir(dir), 0); /* empty: no ".a.txt.part-PID" left behind */
    free(want);
    free(second);
    free(got[0]);
    free(got[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strdup),
        cmocka_unit_test(test_str_helpers),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_atomic_commit_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
