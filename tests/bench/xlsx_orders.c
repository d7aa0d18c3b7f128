/* xlsx_orders: writes the order file of tests/bench/xlsx-read, as a client's filled order form
 * (xlsx_template.h: the client's block, the header, the products) would come back from Excel
 * (shared strings, number formats). A benchmark tool: it includes xlsxwriter.h on purpose, as
 * xlsx_raw.c does.
 *
 *   xlsx_orders OUT.xlsx ROWS
 *
 * Columns: product code (text of 4 to 13 digits, some with leading zeros), name (Cyrillic,
 * unique), unit, pack size, price, quantity (a multiple of the pack, 3 rows in 10 empty).
 * Planted faults, which the readers must count alike: every 997th code has a letter, every
 * 101st quantity is not a multiple of its pack, every 1009th is negative, every 1013th is text.
 * The same ROWS give the same file. */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "polka/xlsx_template.h"

static const char *const nouns[] = {"Хлеб",     "Батон",   "Булка",   "Сушки",   "Пряники",
                                    "Кефир",    "Молоко",  "Сметана", "Творог",  "Сыр",
                                    "Масло",    "Йогурт",  "Печенье", "Вафли",   "Зефир",
                                    "Пельмени", "Колбаса", "Сосиски", "Ветчина", "Пирог"};
static const char *const adjs[] = {"Бородинский",  "нарезной",   "«Домашний»", "ржаной",
                                   "пшеничный",    "отборный",   "«Полька»",   "деревенский",
                                   "классический", "сливочный",  "шоколадный", "ванильный",
                                   "лёгкий",       "фермерский", "праздничный"};
static const char *const units[] = {"шт", "кг", "уп"};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xlsx_orders OUT.xlsx ROWS\n");
        return 2;
    }
    long rows = atol(argv[2]);
    lxw_workbook *wb = workbook_new(argv[1]);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Заказ");
    lxw_format *bold = workbook_add_format(wb), *money = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_num_format(money, "#,##0.00");
    worksheet_write_string(ws, XTPL_ROW_TITLE, 0, "Бланк заказа: ООО «Ромашка»", bold);
    worksheet_write_string(ws, XTPL_ROW_CLIENT, 0, "Клиент", bold);
    worksheet_write_string(ws, XTPL_ROW_CLIENT, 1, "К-0042", NULL);
    worksheet_write_string(ws, XTPL_ROW_POINT, 0, "Точка доставки", bold);
    worksheet_write_string(ws, XTPL_ROW_POINT, 1, "Магазин №1, ул. Лесная, 5", NULL);
    worksheet_write_string(ws, XTPL_ROW_DAY, 0, "Дата отгрузки", bold);
    worksheet_write_number(ws, XTPL_ROW_DAY, 1, 46365, NULL);
    const char *head[] = {XTPL_HEADER_CODE,          "Товар",     "Ед.", "В упаковке",
                          "Цена, ₽ с НДС", "Количество"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, XTPL_ROW_HEADER, (lxw_col_t)c, head[c], bold);
    char code[32], name[160];
    for (long i = 1; i <= rows; i++) {
        lxw_row_t r = (lxw_row_t)(XTPL_ROW_HEADER + i);
        unsigned long long v = (unsigned long long)i * 7919ULL + 1000ULL;
        int width = 4 + (int)(i % 10);
        snprintf(code, sizeof(code), "%0*llu", width, v % 10000000000000ULL);
        if (i % 997 == 0)
            code[1] = 'A';
        snprintf(name, sizeof(name), "%s %s %d г, арт. %ld", nouns[i % 20], adjs[(i / 20) % 15],
                 100 * (int)(1 + i % 9), i);
        const char *unit = units[i % 3];
        double pack = i % 3 == 1 ? 2.5 : (double)(1 + (int)(i % 4) * 6); /* kg: 2.5 */
        worksheet_write_string(ws, r, XTPL_COL_CODE, code, NULL);
        worksheet_write_string(ws, r, XTPL_COL_NAME, name, NULL);
        worksheet_write_string(ws, r, XTPL_COL_UNIT, unit, NULL);
        worksheet_write_number(ws, r, XTPL_COL_PACK, pack, NULL);
        worksheet_write_number(ws, r, XTPL_COL_PRICE, 10 + (double)((i * 37) % 100000) / 100,
                               money);
        if (i % 1013 == 0) {
            worksheet_write_string(ws, r, XTPL_COL_QTY, "десять", NULL);
        } else if (i % 1009 == 0) {
            worksheet_write_number(ws, r, XTPL_COL_QTY, -pack, NULL);
        } else if (i % 101 == 0) {
            worksheet_write_number(ws, r, XTPL_COL_QTY, pack * 3.5, NULL);
        } else if (i % 10 >= 3) {
            worksheet_write_number(ws, r, XTPL_COL_QTY, pack * (double)(1 + i % 9), NULL);
        }
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
