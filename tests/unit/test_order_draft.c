/* Unit tests: the order screen's memory: the catalog searched by code and by words of names,
 * quantities in whole packs, line money as the database computes it, and the draft journal
 * (round trip, a damaged file refused, an interrupted write leaving the old journal). */
#define _DEFAULT_SOURCE /* mkdtemp, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/order_draft.h"
#include "polka/util.h"

static void catalog(struct order_catalog *c)
{
    static const struct {
        int64_t id;
        const char *code, *name;
        int scale;
        int64_t pack, price;
    } items[] = {
        {5, "1001", "Молоко 3,2% «Полька» 1 л", 0, 12000, 8105},
        {3, "1002", "Молоко 2,5% «Зорька» 1 л", 0, 12000, 9000},
        {9, "10021", "Кефир 1% «Полька»", 0, 6000, -1},
        {1, "2001", "Сыр Российский ЁЛКА", 3, 1000, 55000},
        {7, "2002", "Колбаса Молочная «Луговое»", 3, 500, 70000},
    };
    memset(c, 0, sizeof(*c));
    /* Added out of code order: the index sorts. */
    for (size_t i = ARRAY_SIZE(items); i-- > 0;) {
        struct order_item it = {.id = items[i].id,
                                .code = (char *)items[i].code,
                                .name = (char *)items[i].name,
                                .unit = "шт",
                                .scale = items[i].scale,
                                .pack = items[i].pack,
                                .price = items[i].price,
                                .vat = 1000,
                                .in_assortment = -1};
        order_catalog_add(c, &it);
    }
    order_catalog_index(c);
}

static void test_code(void **state)
{
    (void)state;
    struct order_catalog c;
    catalog(&c);
    assert_string_equal(c.items[0].code, "1001");
    assert_string_equal(c.items[4].code, "2002");
    assert_int_equal(order_catalog_by_id(&c, 9)->pack, 6000);
    assert_null(order_catalog_by_id(&c, 2));
    assert_non_null(order_catalog_by_code(&c, "1002"));
    assert_null(order_catalog_by_code(&c, "100"));
    size_t first;
    /* "1002" is a whole code and the start of another: two, so no jump to the quantity. */
    assert_int_equal(order_catalog_code_prefix(&c, "1002", &first), 2);
    assert_string_equal(c.items[first].code, "1002");
    assert_int_equal(order_catalog_code_prefix(&c, "1001", &first), 1);
    assert_int_equal(order_catalog_code_prefix(&c, "10", &first), 3);
    assert_int_equal(order_catalog_code_prefix(&c, "3", &first), 0);
    order_catalog_free(&c);
}

static void test_name(void **state)
{
    (void)state;
    struct order_catalog c;
    catalog(&c);
    size_t out[8];
    /* Word starts, any case, Cyrillic; every word must match. */
    assert_int_equal(order_catalog_name_search(&c, "мол", out, 8), 3);
    assert_int_equal(order_catalog_name_search(&c, "МОЛ ПОЛЬ", out, 8), 1);
    assert_string_equal(c.items[out[0]].code, "1001");
    /* Not the middle of a word. */
    assert_int_equal(order_catalog_name_search(&c, "олоко", out, 8), 0);
    /* Ё is searched as Е; guillemets and commas separate words. */
    assert_int_equal(order_catalog_name_search(&c, "елка", out, 8), 1);
    assert_int_equal(order_catalog_name_search(&c, "луговое", out, 8), 1);
    assert_int_equal(order_catalog_name_search(&c, "3,2", out, 8), 1);
    /* Only `max` indexes written, the total counted. */
    assert_int_equal(order_catalog_name_search(&c, "молоко", out, 1), 2);
    assert_int_equal(order_catalog_name_search(&c, "   ", out, 8), 0);
    /* Each word is a range of the word index, narrowest first: any order, in code order out;
     * one word of a name may answer several query words, and a word typed twice is one. */
    assert_int_equal(order_catalog_name_search(&c, "п молоко", out, 8), 1);
    assert_string_equal(c.items[out[0]].code, "1001");
    assert_int_equal(order_catalog_name_search(&c, "полька", out, 8), 2);
    assert_string_equal(c.items[out[0]].code, "1001");
    assert_string_equal(c.items[out[1]].code, "10021");
    assert_int_equal(order_catalog_name_search(&c, "молоко олька", out, 8), 0);
    assert_int_equal(order_catalog_name_search(&c, "мол мол", out, 8), 3);
    assert_int_equal(order_catalog_name_search(&c, "мол молоч", out, 8), 1);
    assert_string_equal(c.items[out[0]].code, "2002");
    assert_int_equal(order_catalog_name_search(&c, "л 1 молоко", out, 8), 2);
    assert_string_equal(c.items[out[1]].code, "1002");
    order_catalog_free(&c);
}

static void test_qty(void **state)
{
    (void)state;
    struct order_catalog c;
    catalog(&c);
    const struct order_item *milk = order_catalog_by_code(&c, "1001"),
                            *cheese = order_catalog_by_code(&c, "2001"),
                            *sausage = order_catalog_by_code(&c, "2002");
    int64_t q;
    bool r;
    assert_null(order_qty_parse(milk, "24", &q, &r));
    assert_int_equal(q, 24000);
    assert_false(r);
    assert_null(order_qty_parse(milk, "10", &q, &r));
    assert_int_equal(q, 12000);
    assert_true(r);
    assert_null(order_qty_parse(cheese, "1,5", &q, &r));
    assert_int_equal(q, 2000); /* pack of 1 kg: up to 2 */
    assert_true(r);
    assert_null(order_qty_parse(sausage, "1.5", &q, &r));
    assert_int_equal(q, 1500);
    assert_false(r);
    assert_non_null(order_qty_parse(milk, "1.5", &q, &r));
    assert_non_null(order_qty_parse(milk, "0", &q, &r));
    assert_non_null(order_qty_parse(milk, "-12", &q, &r));
    assert_non_null(order_qty_parse(milk, "abc", &q, &r));
    assert_non_null(order_qty_parse(milk, "", &q, &r));
    assert_non_null(order_qty_parse(milk, "1000000", &q, &r));
    assert_non_null(order_qty_parse(milk, "999999", &q, &r)); /* 1,000,008 in packs */
    assert_null(order_qty_parse(milk, "999996", &q, &r));
    order_catalog_free(&c);
}

static void test_money(void **state)
{
    (void)state;
    /* 24 x 81.05 = 1945.20; VAT 10% of it: 176.836... -> 176.84 (as the database). */
    int64_t a = order_line_amount(24000, 8105);
    assert_int_equal(a, 194520);
    assert_int_equal(order_line_vat(a, 1000), 17684);
    /* 1.5 kg x 700.00, VAT 22%. */
    assert_int_equal(order_line_amount(1500, 70000), 105000);
    assert_int_equal(order_line_vat(105000, 2200), 18934);
    /* Half a kopeck rounds away from zero: 0.001 x 5.00 = 0.005 -> 0.01. */
    assert_int_equal(order_line_amount(1, 500), 1);
    assert_int_equal(order_line_weight(24000, 1040), 24960);
    assert_int_equal(order_line_amount(12000, -1), 0);
}

/* The draft's rules as the screen uses them: a product put twice is one line, a new client drops
 * the point, notes by seriousness, totals skipping what has no price. */
static void test_rules(void **state)
{
    (void)state;
    struct order_catalog c;
    catalog(&c);
    struct order_draft d = {0};
    order_draft_clear(&d);
    order_draft_set_client(&d, "7", "K1 Колосок");
    order_draft_set_point(&d, "70", "Магазин");
    order_draft_set_client(&d, "7", "K1 Колосок");
    assert_string_equal(d.point_id, "70"); /* the same client keeps its point */
    order_draft_set_client(&d, "8", "K2 Лента");
    assert_null(d.point_id);
    assert_null(d.point_label);
    order_draft_set_day(&d, "2026-12-07", "");
    assert_string_equal(d.ship_on, "2026-12-07");
    order_draft_set_day(&d, d.ship_on, NULL); /* a field set from itself survives */
    assert_string_equal(d.ship_on, "2026-12-07");
    assert_null(d.comment);

    bool merged;
    assert_int_equal(order_draft_put(&d, 5, 12000, &merged), 0);
    assert_false(merged);
    assert_int_equal(order_draft_put(&d, 1, 1500, &merged), 1);
    assert_int_equal(order_draft_put(&d, 5, 24000, &merged), 0);
    assert_true(merged);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.lines[0].qty, 36000);
    assert_true(order_draft_set_qty(&d, 1, 2000));
    assert_false(order_draft_set_qty(&d, 2, 1));
    order_draft_put(&d, 9, 6000, &merged);   /* no price */
    order_draft_put(&d, 404, 1000, &merged); /* not in the catalog */

    /* 36 × 81.05 = 2917.80; 2 kg × 550.00 = 1100.00; VAT 10 % is 1/11 of each. */
    struct order_totals t = order_draft_totals(&d, &c);
    assert_int_equal(t.amount, 291780 + 110000);
    assert_int_equal(t.vat, 26525 + 10000);

    struct order_item it = *order_catalog_by_id(&c, 5);
    it.free = 24000;
    assert_int_equal(order_line_note(&it, 24000), ORDER_NOTE_NONE);
    assert_int_equal(order_line_note(&it, 24001), ORDER_NOTE_OVER_FREE);
    it.promo = "акция";
    assert_int_equal(order_line_note(&it, 1000), ORDER_NOTE_PROMO);
    it.in_assortment = 0;
    assert_int_equal(order_line_note(&it, 1000), ORDER_NOTE_MATRIX);
    it.price = -1;
    assert_int_equal(order_line_note(&it, 1000), ORDER_NOTE_NO_PRICE);

    /* The digest: the same order whatever the key; any change of what it says shows. */
    char *was = order_draft_digest(&d);
    struct order_draft e = {0};
    order_draft_clear(&e); /* another key */
    order_draft_set_client(&e, "8", "K2 Лента (another label)");
    order_draft_set_day(&e, "2026-12-07", NULL);
    for (size_t i = 0; i < d.n; i++)
        order_draft_put(&e, d.lines[i].product_id, d.lines[i].qty, &merged);
    char *same = order_draft_digest(&e);
    assert_string_equal(was, same);
    free(same);
    order_draft_set_qty(&e, 1, 2001);
    char *qty = order_draft_digest(&e);
    assert_string_not_equal(was, qty);
    free(qty);
    order_draft_set_qty(&e, 1, 2000);
    order_draft_set_day(&e, "2026-12-07", "к обеду");
    char *comment = order_draft_digest(&e);
    assert_string_not_equal(was, comment);
    free(comment);
    order_draft_clear(&e);
    free(was);

    order_draft_remove(&d, 0);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.lines[0].product_id, 1);
    order_draft_clear(&d);
    assert_true(order_draft_empty(&d));
    order_catalog_free(&c);
}

/* Two order screens of one person: each its own journal while it is open; a draft left in a
 * free one is the next screen's. */
static void test_journal_slots(void **state)
{
    (void)state;
    char dir[] = "/tmp/polka-slots-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("POLKA_STATE_DIR", dir, 1);
    char *base = order_journal_path("anna", "polka");
    int a_fd, b_fd, c_fd;
    char *a = order_journal_claim("anna", "polka", true, &a_fd);
    assert_true(a_fd >= 0);
    assert_string_equal(a, base); /* the first session: the usual journal */
    char *b = order_journal_claim("anna", "polka", true, &b_fd);
    assert_true(b_fd >= 0);
    char *second = xasprintf("%s-2", base);
    assert_string_equal(b, second); /* the second, while the first is open: its own */
    char *other = order_journal_claim("boris", "polka", true, &c_fd);
    assert_non_null(strstr(other, "order-draft-boris@polka")); /* another person: his */
    order_journal_release(&c_fd);
    free(other);

    /* The second leaves a draft and closes; the first stays open: the next screen gets the
     * second's journal with its draft, not an empty third. */
    struct order_draft d = {0};
    order_draft_clear(&d);
    d.client_id = xstrdup("42");
    order_draft_add(&d, 5, 24000);
    assert_true(order_journal_write(b, &d));
    order_journal_release(&b_fd);
    assert_int_equal(b_fd, -1);
    char *c = order_journal_claim("anna", "polka", true, &c_fd);
    assert_string_equal(c, second);
    struct order_draft back = {0};
    assert_true(order_journal_read(c, &back));
    assert_int_equal(back.n, 1);
    /* A saved order's screen, not offering drafts, takes an empty journal instead, so that its
     * changes never write over the draft left there. */
    int e_fd;
    char *e = order_journal_claim("anna", "polka", false, &e_fd);
    char *third = xasprintf("%s-3", base);
    assert_string_equal(e, third);
    order_journal_release(&e_fd);
    free(third);
    free(e);

    /* All closed: the first journal again (a crashed session's lock is gone with it). */
    order_journal_release(&c_fd);
    order_journal_release(&a_fd);
    order_journal_remove(c);
    char *again = order_journal_claim("anna", "polka", true, &a_fd);
    assert_string_equal(again, base);
    order_journal_release(&a_fd);

    order_draft_clear(&d);
    order_draft_clear(&back);
    free(d.lines);
    free(back.lines);
    free(again);
    free(c);
    free(second);
    free(a);
    free(b);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(base);
}

static void test_journal(void **state)
{
    (void)state;
    char dir[] = "/tmp/polka-journal-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("POLKA_STATE_DIR", dir, 1);
    char *path = order_journal_path("anna", "polka/db");
    assert_non_null(strstr(path, "order-draft-anna@polka_db"));
    struct order_draft d = {0}, back = {0};
    order_draft_clear(&d);
    assert_true(order_draft_empty(&d));
    d.client_id = xstrdup("42");
    d.client_label = xstrdup("000042 Кафе «Уют»");
    d.comment = xstrdup("звонить\tдо 10\nутра");
    d.ship_on = xstrdup("2030-01-16");
    order_draft_add(&d, 5, 24000);
    order_draft_add(&d, 7, 1500);
    order_draft_add(&d, 9, 6000);
    order_draft_remove(&d, 1);
    assert_int_equal(order_draft_find(&d, 9), 1);
    assert_int_equal(order_draft_find(&d, 7), -1);
    assert_true(order_journal_write(path, &d));
    assert_true(order_journal_read(path, &back));
    assert_string_equal(back.key, d.key);
    assert_string_equal(back.client_label, "000042 Кафе «Уют»");
    assert_string_equal(back.comment, "звонить до 10 утра"); /* controls made spaces */
    assert_null(back.id);
    assert_int_equal(back.n, 2);
    assert_int_equal(back.lines[1].product_id, 9);
    assert_int_equal(back.lines[1].qty, 6000);
    assert_true(back.saved_at > 0);

    /* A journal cut short (no "end") or with a broken line is not trusted. */
    FILE *f = fopen(path, "w");
    fputs("polka-order-draft 1\nkey\t0123\nclient_id\t42\nline\t5\t24000\n", f);
    fclose(f);
    assert_false(order_journal_read(path, &back));
    assert_int_equal(back.n, 0);
    f = fopen(path, "w");
    fputs("polka-order-draft 1\nkey\tabc\nline\t5\tx\nend\n", f);
    fclose(f);
    assert_false(order_journal_read(path, &back));
    f = fopen(path, "w");
    fputs("polka-order-draft 1\nline\t5\t\xff\nend\n", f);
    fclose(f);
    assert_false(order_journal_read(path, &back));

    /* A stale temporary file from an interrupted write does not hide the journal. */
    assert_true(order_journal_write(path, &d));
    char *tmp = xasprintf("%s.tmp", path);
    f = fopen(tmp, "w");
    fputs("polka-order-draft 1\nkey\t", f);
    fclose(f);
    assert_true(order_journal_read(path, &back));
    assert_int_equal(back.n, 2);
    unlink(tmp);
    free(tmp);

    order_journal_remove(path);
    assert_false(order_journal_read(path, &back));
    order_draft_clear(&d);
    order_draft_clear(&back);
    free(d.lines);
    free(back.lines);
    free(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code),          cmocka_unit_test(test_name),
        cmocka_unit_test(test_qty),           cmocka_unit_test(test_money),
        cmocka_unit_test(test_rules),         cmocka_unit_test(test_journal),
        cmocka_unit_test(test_journal_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
