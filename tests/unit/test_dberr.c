/* Unit tests: what the user reads of a database refusal. Our SQL functions' sentences (made
 * from sql/functions at build time) come back in the user's language with their values put
 * back, nouns too; the server's own English is not shown in a Russian UI. Needs the build's
 * catalogs (POLKA_LOCALEDIR) and the ru_RU.UTF-8 locale, as the screen tests do. */
#define _DEFAULT_SOURCE /* setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dberr.h"
#include "polka/i18n.h"
#include "polka/util.h"

static struct db_error refusal(const char *sqlstate, const char *primary)
{
    struct db_error e = {0};
    strcpy(e.sqlstate, sqlstate);
    e.primary = xstrdup(primary);
    dberr_classify(&e);
    return e;
}

static void test_russian(void **state)
{
    (void)state;
    struct db_error e = refusal("22023", "agreement A-000001 is not in force on 2029-12-31");
    assert_string_equal(db_error_message(&e), "Недопустимое значение.");
    assert_string_equal(db_error_words(&e), "соглашение A-000001 не действует на 2029-12-31");
    db_error_clear(&e);

    /* Two values side by side, the first a noun of ours with a space in it. */
    e = refusal("P0002", "typical agreement 7 not found");
    assert_int_equal(e.kind, DBE_NOT_FOUND);
    assert_string_equal(db_error_words(&e), "не найдено: типовое соглашение 7");
    db_error_clear(&e);

    /* Quotes and a value that is a list. */
    e = refusal("22023", "unknown role \"boss\"; roles: operator, manager");
    assert_string_equal(db_error_words(&e), "неизвестная роль «boss»; роли: operator, manager");
    db_error_clear(&e);

    /* A status code in the words the screens use. */
    e = refusal("23514", "order 0000042 is shipped: it cannot be cancelled");
    assert_string_equal(db_error_words(&e),
                        "заказ 0000042 в состоянии «Отгружен»: его нельзя отменить");
    db_error_clear(&e);

    /* P0001: our sentence is the whole message, said once. */
    e = refusal("P0001", "preview only");
    assert_string_equal(db_error_message(&e), "только предпросмотр");
    db_error_clear(&e);

    /* The server's own English: nothing more than the kind of refusal. */
    e = refusal("22008", "date/time field value out of range: \"2026-02-30\"");
    assert_string_equal(db_error_message(&e), "Недопустимое значение.");
    assert_null(db_error_words(&e));
    db_error_clear(&e);

    /* Almost one of ours is not one of ours. */
    e = refusal("22023", "agreement A-1 is not in force");
    assert_null(db_error_words(&e));
    db_error_clear(&e);
}

/* Text the database wrote from its sentences (an EDI file's why): each part in Russian, ours
 * and a constraint's, after its "#N (REF): " prefix; the rest as it was. */
static void test_sentences(void **state)
{
    (void)state;
    char *w = db_sentences_words(
        "#1 (R-1): new row for relation \"intake_orders\" violates check constraint "
        "\"intake_orders_number_valid\"; #2 (R-2): agreement A-1 is not in force on 2049-03-01; "
        "#3 (3): LIN segment: no quantity");
    assert_string_equal(w, "#1 (R-1): Номер входящего заказа — от 1 до 35 символов без "
                           "управляющих.; #2 (R-2): соглашение A-1 не действует на 2049-03-01; "
                           "#3 (3): LIN segment: no quantity");
    free(w);
    /* A reference with ": " in it keeps its label whole. */
    w = db_sentences_words("#1 (PO: 7): new row for relation \"intake_orders\" violates check "
                           "constraint \"intake_orders_number_valid\"");
    assert_string_equal(w, "#1 (PO: 7): Номер входящего заказа — от 1 до 35 символов без "
                           "управляющих.");
    free(w);
    w = db_sentences_words("");
    assert_string_equal(w, "");
    free(w);
    w = db_sentences_words(NULL);
    assert_string_equal(w, "");
    free(w);
}

int main(void)
{
    setenv("LC_ALL", "ru_RU.UTF-8", 1);
    unsetenv("LANGUAGE");
    i18n_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_russian),
                                       cmocka_unit_test(test_sentences)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
