/* Unit tests: records and documents as JSON for polka.*_save functions; SQLSTATE → message. */
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/record.h"
#include "polka/util.h"
#include "../../src/db/dberr.h"

static void test_record_set_get(void **state)
{
    (void)state;
    struct record *r = record_new();
    assert_null(record_get(r, "a"));
    record_set(r, "a", "1");
    record_set(r, "b", NULL);
    record_set(r, "a", "2");
    assert_string_equal(record_get(r, "a"), "2");
    assert_true(record_has(r, "b"));
    assert_null(record_get(r, "b"));
    assert_int_equal(r->n, 2);
    struct record *c = record_copy(r);
    record_set(r, "a", "3");
    assert_string_equal(record_get(c, "a"), "2");
    record_free(&r);
    record_free(&c);
    assert_null(r);
}

static void test_json_quote(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", "\"\""},
        {"ООО «Ромашка»", "\"ООО «Ромашка»\""},
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"line\nbreak\t", "\"line\\u000abreak\\u0009\""},
        {"'; DROP TABLE partners; --", "\"'; DROP TABLE partners; --\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *q = json_quote(cases[i].in);
        assert_string_equal(q, cases[i].out);
        free(q);
    }
}

static void test_doc_to_json(void **state)
{
    (void)state;
    struct doc d = {0};
    record_set(&d.head, "id", "42");
    record_set(&d.head, "name", "Лавка");
    record_set(&d.head, "inn", "");
    record_set(&d.head, "manager_id", "7");
    record_set(&d.head, "manager_id.label", "Вера"); /* display only: never sent */
    record_set(&d.head, "priority", "5");            /* not a number key: a string */
    struct rowset *c = doc_section(&d, "contacts");
    struct record *row = record_new();
    record_set(row, "full_name", "Иван");
    rowset_add(c, row);
    doc_section(&d, "points");
    char *j = doc_to_json(&d, NULL);
    assert_string_equal(j, "{\"id\":42,\"name\":\"Лавка\",\"inn\":null,\"manager_id\":7,"
                           "\"priority\":\"5\",\"contacts\":[{\"full_name\":\"Иван\"}],"
                           "\"points\":[]}");
    free(j);
    /* An id that is not an integer stays a string: the server refuses it, we never guess. */
    record_set(&d.head, "id", "4 2");
    j = doc_to_json(&d, NULL);
    assert_non_null(strstr(j, "\"id\":\"4 2\""));
    free(j);
    doc_clear(&d);
}

static void test_doc_only_sections(void **state)
{
    (void)state;
    struct doc d = {0};
    record_set(&d.head, "x.label", "hidden");
    doc_section(&d, "a");
    char *j = doc_to_json(&d, NULL);
    assert_string_equal(j, "{\"a\":[]}");
    free(j);
    doc_clear(&d);
}

/* A section's rowset stays where it is when more sections are added (screens keep pointers to
 * them for their grids). */
static void test_doc_section_stable(void **state)
{
    (void)state;
    struct doc d = {0};
    struct rowset *first = doc_section(&d, "first");
    rowset_add(first, record_new());
    char name[16];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof(name), "s%d", i);
        doc_section(&d, name);
    }
    assert_ptr_equal(doc_section(&d, "first"), first);
    assert_int_equal(first->n, 1);
    doc_clear(&d);
}

static void test_sqlstate_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *state;
        enum db_errkind kind;
    } cases[] = {
        {"23505", DBE_DUPLICATE}, {"23503", DBE_REFERENCED}, {"23514", DBE_INVALID},
        {"22001", DBE_INVALID},   {"42501", DBE_PERMISSION}, {"40001", DBE_RETRY},
        {"40P01", DBE_RETRY},     {"08006", DBE_CONNECTION}, {"PLK01", DBE_CHANGED},
        {"55P03", DBE_RETRY},     {"P0002", DBE_NOT_FOUND},  {"XX000", DBE_OTHER},
        {"28P01", DBE_LOGIN},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct db_error e = {0};
        strcpy(e.sqlstate, cases[i].state);
        dberr_classify(&e);
        assert_int_equal(e.kind, cases[i].kind);
        assert_non_null(e.user_message);
        assert_true(strlen(e.user_message) > 0);
        db_error_clear(&e);
    }
}

static void test_constraint_message(void **state)
{
    (void)state;
    struct db_error e = {0};
    strcpy(e.sqlstate, "23514");
    e.constraint = xstrdup("partners_inn_valid");
    dberr_classify(&e);
    assert_non_null(strstr(e.user_message, "INN"));
    db_error_clear(&e);
    assert_null(e.constraint);
}

static void test_login_kind(void **state)
{
    (void)state;
    assert_int_equal(dberr_login_kind("FATAL:  password authentication failed for user \"x\""),
                     DBE_LOGIN);
    assert_int_equal(dberr_login_kind("connection to server on socket \"/x/.s.PGSQL.5432\" "
                                      "failed: No such file or directory"),
                     DBE_CONNECTION);
    assert_int_equal(dberr_login_kind("FATAL:  role \"x\" is not permitted to log in"), DBE_LOGIN);
    /* A connection limit names the role, and is no wrong password. */
    const char *limit = "connection to server on socket \"/x/.s.PGSQL.5432\" failed: FATAL:  "
                        "too many connections for role \"x\"";
    assert_int_equal(dberr_login_kind(limit), DBE_CONNECTION);
    struct db_error e = {0};
    e.kind = DBE_CONNECTION;
    e.primary = xstrdup(limit);
    dberr_classify(&e);
    assert_non_null(strstr(e.user_message, "no more connections"));
    db_error_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_set_get),     cmocka_unit_test(test_json_quote),
        cmocka_unit_test(test_doc_to_json),        cmocka_unit_test(test_doc_only_sections),
        cmocka_unit_test(test_doc_section_stable), cmocka_unit_test(test_sqlstate_kinds),
        cmocka_unit_test(test_constraint_message), cmocka_unit_test(test_login_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
