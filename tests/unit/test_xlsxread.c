/* test_xlsxread.c: the .xlsx reader against workbooks written by others (openpyxl, LibreOffice,
 * libxlsxwriter directly and through our own writer) and hostile files, all made at test time
 * in a scratch folder (tests/unit/xlsx/make-files writes the Python and LibreOffice ones). */
#define _DEFAULT_SOURCE /* mkdtemp, setenv */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "polka/xlsx.h"
#include "polka/xlsx_template.h"
#include "polka/xlsxread.h"

static char dir[64];

static char *file(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    assert_non_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* The sheet as text, a line a row: "2: A2=s:Код B2=n:12 D2=nd:46363" (types: e empty, s string,
 * n number, b bool, x error; a d after the type: a date format). NULL when refused, with the
 * sentence in *why and the rows given before it in *given. */
static char *sheet_text(struct xlsxr *r, char **why, long *given)
{
    static const char types[] = "esnbx";
    struct strbuf sb = {0};
    struct xlsxr_row row;
    int rc;
    *given = 0;
    while ((rc = xlsxr_next(r, &row, why)) == 1) {
        (*given)++;
        strbuf_printf(&sb, "%s%ld:", sb.len ? "\n" : "", row.row);
        for (size_t i = 0; i < row.ncells; i++) {
            const struct xlsxr_cell *c = &row.cells[i];
            char ref[24];
            xlsxr_cell_name(ref, c->col, row.row);
            assert_int_equal(strlen(c->text), c->len);
            assert_ptr_equal(xlsxr_cell(&row, c->col), c);
            strbuf_printf(&sb, " %s=%c%s:%s", ref, types[c->type], c->date ? "d" : "", c->text);
        }
    }
    if (rc < 0) {
        char *again;
        assert_int_equal(xlsxr_next(r, &row, &again), -1); /* refused for good */
        assert_string_equal(again, *why);
        free(again);
        strbuf_release(&sb);
        return NULL;
    }
    assert_null(*why);
    assert_int_equal(xlsxr_next(r, &row, why), 0);
    return strbuf_detach(&sb);
}

/* Reads a workbook of the scratch folder whole, both from the file and from memory (the two
 * must agree); its sheet as text, or NULL with *why. */
static char *read_book(const char *name, char **why, long *given)
{
    char *path = file(name);
    int fds = open_fds();
    struct xlsxr *r = xlsxr_open(path, why);
    char *text = NULL;
    if (r) {
        assert_null(*why);
        text = sheet_text(r, why, given);
        xlsxr_close(&r);
        assert_null(r);
    } else {
        assert_non_null(*why);
        *given = -1;
    }
    assert_int_equal(open_fds(), fds);

    size_t len;
    char *data = util_read_file(path, &len);
    assert_non_null(data);
    char *why2 = NULL, *text2 = NULL;
    long given2 = -1;
    struct xlsxr *m = xlsxr_open_mem(data, len, &why2);
    if (m) {
        text2 = sheet_text(m, &why2, &given2);
        xlsxr_close(&m);
    }
    if (text)
        assert_string_equal(text, text2);
    else
        assert_null(text2);
    assert_string_equal(*why ? *why : "", why2 ? why2 : "");
    assert_int_equal(*given, given2);
    free(text2);
    free(why2);
    free(data);
    free(path);
    return text;
}

static void expect_sheet(const char *name, const char *want)
{
    char *why = NULL;
    long given;
    char *text = read_book(name, &why, &given);
    if (!text)
        fail_msg("%s refused: %s", name, why);
    assert_string_equal(text, want);
    free(text);
}

/* A refusal whose sentence contains `part`, after `rows` rows (-1: at opening). */
static void expect_refusal(const char *name, long rows, const char *part)
{
    char *why = NULL;
    long given;
    char *text = read_book(name, &why, &given);
    if (text)
        fail_msg("%s was read: %s", name, text);
    if (!strstr(why, part))
        fail_msg("%s: \"%s\" does not say \"%s\"", name, why, part);
    assert_int_equal(given, rows);
    free(why);
}

/* ---- written by others ---------------------------------------------------------------- */

static void openpyxl_book(void **state)
{
    (void)state;
    expect_sheet("openpyxl.xlsx",
                 "1: A1=s:Код B1=s:Наименование C1=s:Количество D1=s:Дата\n"
                 "2: A2=s:0012345 B2=s:Хлеб «Бородинский» 400 г C2=n:12 D2=nd:46363\n"
                 "3: A3=s:42 C3=n:12.5 D3=nd:46363.4375\n"
                 "4: B4=s:Ёлка\nс переносом C4=n:1e-05 D4=b:1\n"
                 "5: C5=n:-3 D5=b:0\n"
                 "7: B7=x:#N/A E7=e:\n" /* a formula openpyxl cannot calculate: no value */
                 "9: J9=s:последняя");
    expect_sheet("openpyxl1904.xlsx", "1: A1=nd:44901 B1=nd:0");

    char *why;
    char *path = file("openpyxl1904.xlsx");
    struct xlsxr *r = xlsxr_open(path, &why);
    assert_non_null(r);
    assert_true(xlsxr_date1904(r));
    assert_string_equal(xlsxr_sheet_name(r), "Sheet");
    xlsxr_close(&r);
    free(path);
    path = file("openpyxl.xlsx");
    r = xlsxr_open(path, &why);
    assert_false(xlsxr_date1904(r));
    assert_string_equal(xlsxr_sheet_name(r), "Заказ");
    xlsxr_close(&r);
    xlsxr_close(&r); /* NULL is fine */
    free(path);
}

/* LibreOffice writes shared strings, calculates the formula and writes 1E-005. */
static void libreoffice_book(void **state)
{
    (void)state;
    expect_sheet("libreoffice.xlsx",
                 "1: A1=s:Код B1=s:Наименование C1=s:Количество D1=s:Дата\n"
                 "2: A2=s:0012345 B2=s:Хлеб «Бородинский» 400 г C2=n:12 D2=nd:46363\n"
                 "3: A3=s:42 C3=n:12.5 D3=nd:46363.4375\n"
                 "4: B4=s:Ёлка\nс переносом C4=n:1E-005 D4=b:1\n"
                 "5: C5=n:-3 D5=b:0\n"
                 "7: B7=x:#N/A E7=n:21.50001\n"
                 "9: J9=s:последняя");
    expect_refusal("libreoffice.xls", -1, "old Excel format (Excel 97-2003, .xls)");
    expect_refusal("libreoffice.ods", -1, "OpenDocument spreadsheet (.ods)");
}

/* Raw parts as Excel lays them out: shared strings with rich text runs and phonetic hints
 * (left out), _xHHHH_ escapes, custom and built-in date formats and ones that only look like
 * dates, formulas' cached values, rows and cells without references, the last column. */
static void raw_parts(void **state)
{
    (void)state;
    expect_sheet("raw.xlsx", "2: A2=s:Код B2=s:Жирный и простой C2=s:строка\r\nвторая, _x0041_ "
                             "D2=s:\n"
                             "3: A3=nd:46363 B3=n:46363 C3=n:7 D3=nd:61 E3=nd:1.5 F3=n:1\n"
                             "4: A4=s:Код! B4=n:0.33333333333333331 C4=x:#DIV/0! D4=b:0 E4=e: "
                             "F4=sd:2026-12-07T00:00:00\n"
                             "5: A5=n:1 B5=n:2 E5=n:-0.5E-3\n"
                             "7: XFD7=s:край листа");
    expect_sheet("prefixed.xlsx", "1: B1=s:префикс");
    expect_sheet("nested.xlsx", "1: A1=s:b B1=s:d");
    expect_sheet("strict.xlsx", "1: A1=n:3.14");
    expect_sheet("chartfirst.xlsx", "1: A1=s:вторая");
    char *why = NULL;
    long given;
    free(read_book("longest.xlsx", &why, &given)); /* 32,767 characters: Excel's most */
    assert_int_equal(given, 1);
}

/* Shared strings of megabytes (a mapped pool), in UTF-8 and in UTF-16 (the pool outgrows the
 * part and moves to the heap): the first and the last are whole, as the same texts inline. */
static void big_strings(void **state)
{
    (void)state;
    const char *names[] = {"bigstrings.xlsx", "bigstrings16.xlsx"};
    for (size_t i = 0; i < 2; i++) {
        char *why;
        char *path = file(names[i]);
        struct xlsxr *r = xlsxr_open(path, &why);
        if (!r)
            fail_msg("%s refused: %s", names[i], why);
        struct xlsxr_row row;
        assert_int_equal(xlsxr_next(r, &row, &why), 1);
        assert_int_equal(row.ncells, 4);
        for (int c = 0; c < 2; c++) {
            const struct xlsxr_cell *shared = xlsxr_cell(&row, c), *inl = xlsxr_cell(&row, c + 2);
            assert_int_equal(shared->len, 30000); /* 10,000 characters of three bytes */
            assert_int_equal(shared->len, inl->len);
            assert_memory_equal(shared->text, inl->text, inl->len);
        }
        assert_int_equal(xlsxr_next(r, &row, &why), 0);
        xlsxr_close(&r);
        free(path);
    }
}

/* Written by libxlsxwriter directly (shared strings, rich strings, formulas with their results)
 * and by our own writer (constant memory: inline strings; a SUBTOTAL row with cached sums). */
static void libxlsxwriter_book(void **state)
{
    (void)state;
    char *path = file("lxw.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Данные");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd.mm.yyyy");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00 \"₽\"");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_write_string(ws, 0, 0, "Код", bold);
    worksheet_write_string(ws, 0, 1, "Код", NULL); /* the same shared string */
    lxw_rich_string_tuple f1 = {.format = bold, .string = "Масло "};
    lxw_rich_string_tuple f2 = {.format = NULL, .string = "сливочное"};
    lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
    worksheet_write_rich_string(ws, 0, 2, rich, NULL);
    worksheet_write_number(ws, 1, 0, 46363, date);
    worksheet_write_number(ws, 1, 1, 1234.5, money);
    worksheet_write_number(ws, 1, 2, -0.001, NULL);
    worksheet_write_formula_num(ws, 2, 0, "=B2*2", NULL, 2469);
    worksheet_write_formula_str(ws, 2, 1, "=A1&\"!\"", NULL, "Код!");
    worksheet_write_boolean(ws, 2, 2, 1, NULL);
    worksheet_write_blank(ws, 3, 1, money);
    worksheet_write_string(ws, 4, 3, "Ширина\tс табуляцией", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    expect_sheet("lxw.xlsx", "1: A1=s:Код B1=s:Код C1=s:Масло сливочное\n"
                             "2: A2=nd:46363 B2=n:1234.5 C2=n:-0.001\n"
                             "3: A3=n:2469 B3=s:Код! C3=b:1\n"
                             "4: B4=e:\n"
                             "5: D5=s:Ширина\tс табуляцией");
    free(path);

    path = file("ours.xlsx");
    const struct xlsx_col cols[] = {{"Товар", XT_TEXT, NULL, 30, false},
                                    {"Количество", XT_NUMBER, NULL, 10, true},
                                    {"Дата", XT_DATE, NULL, 10, false}};
    const char *info[] = {"Период: декабрь"};
    char err[256];
    struct xlsx_book *b = xlsx_open(path, "Заказы", info, 1, cols, 3, 0, NULL, err, sizeof(err));
    assert_non_null(b);
    const char *row1[] = {"Сыр «Российский»", "12.500", "2026-12-07"};
    const char *row2[] = {"0012345", NULL, NULL};
    const char *row3[] = {"Кефир", "0.001", "1900-03-01"};
    assert_true(xlsx_row(b, row1, err, sizeof(err)));
    assert_true(xlsx_row(b, row2, err, sizeof(err)));
    assert_true(xlsx_row(b, row3, err, sizeof(err)));
    assert_true(xlsx_close(&b, err, sizeof(err)));
    char *why = NULL;
    long given;
    char *text = read_book("ours.xlsx", &why, &given);
    if (!text)
        fail_msg("ours.xlsx refused: %s", why);
    /* The title and the parameter above the table; the totals row's sum is a formula's cached
     * value. */
    assert_string_equal(text, "1: A1=s:Заказы\n"
                              "2: A2=s:Период: декабрь\n"
                              "4: A4=s:Товар B4=s:Количество C4=s:Дата\n"
                              "5: A5=s:Сыр «Российский» B5=n:12.5 C5=nd:46363\n"
                              "6: A6=s:0012345\n"
                              "7: A7=s:Кефир B7=n:0.001 C7=nd:61\n"
                              "8: A8=s:Total B8=n:12.501");
    free(text);
    free(path);
}

/* Our order form (xlsx_template.h) for three products, filled in by openpyxl as a client's
 * Excel would be (the point, the day, the client's number, two quantities) and read back where
 * the form says things are. */
static void order_form(void **state)
{
    (void)state;
    const struct order_template_product products[] = {
        {"00123", "Хлеб «Бородинский» 400 г", "шт", "12", "45.90"},
        {"456", "Сыр «Российский»", "кг", "2.5", "612.00"},
        {"7890123456789", "Кефир 1 %", "шт", "6", NULL},
    };
    const char *points[] = {"Магазин №1, ул. Лесная, 5", "Склад на Садовой"};
    const struct order_template t = {"К-0042",     "ООО «Ромашка»", points, 2,
                                     "2026-12-08", products,        3};
    char *form = file("form.xlsx"), *filled = file("filled.xlsx");
    char err[256];
    if (!xlsx_order_template(form, &t, err, sizeof(err)))
        fail_msg("the form: %s", err);
    char *cmd =
        xasprintf("/usr/bin/python3 -c 'import sys, datetime, openpyxl\n"
                  "wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.worksheets[0]\n"
                  "ws[\"B3\"] = \"Склад на Садовой\"; ws[\"B4\"] = datetime.date(2026, 12, 9)\n"
                  "ws[\"B5\"] = \"ЗК-17\"; ws[\"F8\"] = 24; ws[\"F9\"] = 7.5\n"
                  "wb.save(sys.argv[2])' '%s' '%s'",
                  form, filled);
    assert_int_equal(system(cmd), 0);
    free(cmd);

    char *why;
    struct xlsxr *r = xlsxr_open(filled, &why);
    if (!r)
        fail_msg("filled.xlsx: %s", why);
    assert_string_equal(xlsxr_sheet_name(r), "Заказ");
    struct xlsxr_row row;
    const struct xlsxr_cell *c;
    int y, m, d;
    long products_seen = 0;
    while (xlsxr_next(r, &row, &why) == 1) {
        switch (row.row - 1) {
        case XTPL_ROW_CLIENT:
            assert_string_equal(xlsxr_cell(&row, 1)->text, "К-0042");
            break;
        case XTPL_ROW_POINT:
            assert_string_equal(xlsxr_cell(&row, 1)->text, "Склад на Садовой");
            break;
        case XTPL_ROW_DAY:
            c = xlsxr_cell(&row, 1);
            assert_int_equal(c->type, XLSXR_NUMBER);
            assert_true(c->date);
            assert_true(xlsxr_serial_date(atof(c->text), xlsxr_date1904(r), &y, &m, &d));
            assert_int_equal(y * 10000 + m * 100 + d, 20261209);
            break;
        case XTPL_ROW_NUMBER:
            assert_string_equal(xlsxr_cell(&row, 1)->text, "ЗК-17");
            break;
        case XTPL_ROW_HEADER:
            assert_string_equal(xlsxr_cell(&row, XTPL_COL_CODE)->text, XTPL_HEADER_CODE);
            break;
        default:
            if (row.row - 1 <= XTPL_ROW_HEADER)
                break;
            products_seen++;
            c = xlsxr_cell(&row, XTPL_COL_CODE);
            assert_int_equal(c->type, XLSXR_STRING);
            assert_string_equal(c->text, products[row.row - 2 - XTPL_ROW_HEADER].code);
            c = xlsxr_cell(&row, XTPL_COL_QTY);
            if (row.row - 1 == XTPL_ROW_HEADER + 3) { /* the kefir: not ordered */
                assert_true(!c || c->type == XLSXR_EMPTY);
                assert_null(xlsxr_cell(&row, XTPL_COL_PRICE)); /* no price */
                break;
            }
            int64_t q, pack;
            assert_int_equal(c->type, XLSXR_NUMBER);
            assert_int_equal(xlsxr_number(c->text, 3, &q), DECIMAL_OK);
            assert_int_equal(xlsxr_number(xlsxr_cell(&row, XTPL_COL_PACK)->text, 3, &pack),
                             DECIMAL_OK);
            assert_int_equal(q, row.row - 1 == XTPL_ROW_HEADER + 1 ? 24000 : 7500);
            assert_int_equal(q % pack, 0);
        }
    }
    assert_null(why);
    assert_int_equal(products_seen, 3);
    xlsxr_close(&r);
    free(form);
    free(filled);
}

static void dates_and_numbers(void **state)
{
    (void)state;
    static const struct {
        double serial;
        bool d1904, ok;
        int y, m, d;
    } cases[] = {
        {1, false, true, 1900, 1, 1},         {59, false, true, 1900, 2, 28},
        {60, false, false, 0, 0, 0},          {61, false, true, 1900, 3, 1},
        {46363, false, true, 2026, 12, 7},    {46363.999, false, true, 2026, 12, 7},
        {0, false, false, 0, 0, 0},           {-1, false, false, 0, 0, 0},
        {2958465, false, true, 9999, 12, 31}, {2958466, false, false, 0, 0, 0},
        {0, true, true, 1904, 1, 1},          {44901, true, true, 2026, 12, 7},
        {1, true, true, 1904, 1, 2},          {59.5, true, true, 1904, 2, 29},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        int y = 0, m = 0, d = 0;
        bool ok = xlsxr_serial_date(cases[i].serial, cases[i].d1904, &y, &m, &d);
        if (ok != cases[i].ok || (ok && (y != cases[i].y || m != cases[i].m || d != cases[i].d)))
            fail_msg("serial %g (1904: %d): %d %04d-%02d-%02d", cases[i].serial, cases[i].d1904, ok,
                     y, m, d);
    }
    /* Numbers as stored, exactly. */
    static const struct {
        const char *text;
        int scale, status;
        int64_t v;
    } numbers[] = {
        {"12", 0, DECIMAL_OK, 12},          {"12.5", 2, DECIMAL_OK, 1250},
        {"-3", 3, DECIMAL_OK, -3000},       {"1E-3", 3, DECIMAL_OK, 1},
        {"-0.5E-3", 4, DECIMAL_OK, -5},     {"1e-05", 6, DECIMAL_OK, 10},
        {"1e-05", 3, DECIMAL_PRECISION, 0}, {"0.30000000000000004", 3, DECIMAL_PRECISION, 0},
        {"2.5000", 1, DECIMAL_OK, 25},      {"2.5E2", 0, DECIMAL_OK, 250},
        {"1E+3", 0, DECIMAL_OK, 1000},      {".5", 1, DECIMAL_OK, 5},
        {"1E99", 0, DECIMAL_RANGE, 0},      {"9223372036854775808", 0, DECIMAL_RANGE, 0},
        {"12,5", 1, DECIMAL_SYNTAX, 0},     {"", 0, DECIMAL_SYNTAX, 0},
        {"1E", 0, DECIMAL_SYNTAX, 0},       {"-", 0, DECIMAL_SYNTAX, 0},
    };
    for (size_t i = 0; i < ARRAY_SIZE(numbers); i++) {
        int64_t v = 0;
        int st = xlsxr_number(numbers[i].text, numbers[i].scale, &v);
        if (st != numbers[i].status || (st == DECIMAL_OK && v != numbers[i].v))
            fail_msg("\"%s\" at scale %d: status %d, %lld", numbers[i].text, numbers[i].scale, st,
                     (long long)v);
    }

    /* Plain numbers, which take a short way, as decimal_parse reads them. */
    static const char *const ints[] = {
        "0", "7", "12", "007", "123456789012345", "999999999999999999"};
    static const char *const fracs[] = {"", ".5", ".50", ".125", ".0001", ".1234567", ".000000"};
    for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
        for (size_t f = 0; f < ARRAY_SIZE(fracs); f++)
            for (int neg = 0; neg < 2; neg++)
                for (int scale = 0; scale <= DECIMAL_MAX_SCALE; scale++) {
                    char text[64];
                    snprintf(text, sizeof(text), "%s%s%s", neg ? "-" : "", ints[i], fracs[f]);
                    int64_t a = 0, b = 0;
                    int sa = xlsxr_number(text, scale, &a), sb = decimal_parse(text, scale, &b);
                    if (sa != sb || (sa == DECIMAL_OK && a != b))
                        fail_msg("\"%s\" at scale %d: %d %lld, decimal_parse %d %lld", text, scale,
                                 sa, (long long)a, sb, (long long)b);
                }

    char ref[24];
    xlsxr_cell_name(ref, 0, 1);
    assert_string_equal(ref, "A1");
    xlsxr_cell_name(ref, 27, 1048576);
    assert_string_equal(ref, "AB1048576");
    xlsxr_cell_name(ref, 16383, 7);
    assert_string_equal(ref, "XFD7");
}

/* ---- hostile ---------------------------------------------------------------------------- */

static void hostile(void **state)
{
    (void)state;
    /* Zip bombs: 1 GB of zeros said in the header; 64 MB behind a header saying 1,000 bytes
     * (stopped at the first chunk); shared strings over their 64 MB, and 50 MB of zeros. */
    expect_refusal("bomb.xlsx", -1,
                   "part xl/worksheets/sheet1.xml would be 1024 MB uncompressed, more than the "
                   "512 MB allowed");
    expect_refusal("bomb-lying.xlsx", 0,
                   "part xl/worksheets/sheet1.xml holds more data than its header says");
    expect_refusal("bomb-strings.xlsx", -1,
                   "part xl/sharedStrings.xml would be 100 MB uncompressed, more than the 64 MB");
    expect_refusal("bomb-ratio.xlsx", -1,
                   "part xl/sharedStrings.xml is compressed more than 200 times");
    /* Entities: never expanded nor loaded. */
    expect_refusal("laughs.xlsx", -1, "part xl/sharedStrings.xml declares a DOCTYPE");
    expect_refusal("xxe.xlsx", 0, "part xl/worksheets/sheet1.xml declares a DOCTYPE");
    /* Names leaving the archive. */
    expect_refusal("traversal.xlsx", -1, "an entry named \"../evil\", which points outside it");
    expect_refusal("absolute.xlsx", -1, "an entry named \"/tmp/evil\", which points outside it");
    expect_refusal("backslash.xlsx", -1, "which points outside it");
    expect_refusal("truncated.xlsx", -1,
                   "The workbook is truncated or damaged (the end of the archive is missing)");
    /* 1,048,576 rows are given, the next is refused. */
    expect_refusal("rows.xlsx", 1048576,
                   "The sheet has more than 1,048,576 rows, more than Excel allows");
    expect_refusal("old.xls", -1,
                   "The file is in the old Excel format (Excel 97-2003, .xls): open it in Excel "
                   "and save it as an Excel Workbook (.xlsx).");
    expect_refusal("encrypted.xlsx", -1, "The workbook is password-protected");
    expect_refusal("empty.xlsx", -1, "The file is empty.");
    expect_refusal("text.xlsx", -1, "not an Excel workbook (.xlsx): it is not a ZIP archive");
    expect_refusal("notbook.xlsx", -1, "a ZIP archive but not an Excel workbook");
    expect_refusal("nosheet.xlsx", -1, "The workbook has no worksheet.");
    expect_refusal("missingpart.xlsx", -1, "its part worksheets/sheet1.xml is missing");
    expect_refusal("malformed.xlsx", 0,
                   "The workbook is damaged: xl/worksheets/sheet1.xml, line 3: mismatched tag.");
    expect_refusal("token.xlsx", 0,
                   "part xl/worksheets/sheet1.xml has a single XML element or text of more "
                   "than 4 MB");
    expect_refusal("deep.xlsx", 1,
                   "part xl/worksheets/sheet1.xml nests elements more than 64 deep");
    expect_refusal("control.xlsx", 0, "cell A1 holds a control character (U+0001)");
    expect_refusal("c1control.xlsx", 0, "cell B2 holds a control character (U+0085)");
    expect_refusal("long.xlsx", 0, "cell B3 holds more than 32,767 characters");
    expect_refusal("backwards.xlsx", 0, "cell A1 comes after a cell to its right");
    expect_refusal("rowsback.xlsx", 1, "row 4 comes after row 5");
    expect_refusal("columns.xlsx", 0, "row 1 has more than 16,384 columns");
    expect_refusal("sstindex.xlsx", 0, "cell A1 refers to a shared string \"4\" that is not there");
    expect_refusal("notnumber.xlsx", 0, "cell C2 holds \"12,5\", which is not a value of its type");
    expect_refusal("wrongrow.xlsx", 0, "row 2 has a cell \"C3\" that is not a cell of that row");

    char *why;
    assert_null(xlsxr_open("/nonexistent/order.xlsx", &why));
    assert_string_equal(why, "Cannot open the file: No such file or directory.");
    free(why);
    assert_null(xlsxr_open(dir, &why));
    assert_string_equal(why, "The file is not a regular file.");
    free(why);
}

/* The sentences are translated. */
static void russian(void **state)
{
    (void)state;
    setenv("LC_ALL", "ru_RU.UTF-8", 1);
    unsetenv("LANGUAGE");
    i18n_init();
    expect_refusal("empty.xlsx", -1, "Файл пуст.");
    expect_refusal("old.xls", -1, "старом формате Excel");
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/xlsxread-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char *cmd = xasprintf("'%s/make-files' '%s'", UNIT_XLSX_DIR, dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf -- '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(openpyxl_book),
        cmocka_unit_test(libreoffice_book),
        cmocka_unit_test(raw_parts),
        cmocka_unit_test(big_strings),
        cmocka_unit_test(libxlsxwriter_book),
        cmocka_unit_test(order_form),
        cmocka_unit_test(dates_and_numbers),
        cmocka_unit_test(hostile),
        cmocka_unit_test(russian),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
