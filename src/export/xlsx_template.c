/* xlsx_template.c: see xlsx_template.h. */
#include "polka/xlsx_template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "polka/i18n.h"
#include "polka/util.h"

static bool failed(char *err, size_t errlen, const char *what, lxw_error e)
{
    snprintf(err, errlen, _("the order form could not be written (%s: %s)"), what, lxw_strerror(e));
    return false;
}

static bool parse_day(const char *s, lxw_datetime *dt)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    *dt = (lxw_datetime){.year = y, .month = m, .day = d};
    return true;
}

/* The sheets, into an open workbook. */
static lxw_error fill(lxw_workbook *wb, const struct order_template *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Заказ");
    lxw_worksheet *pts = workbook_add_worksheet(wb, "Точки");
    lxw_format *title = workbook_add_format(wb), *bold = workbook_add_format(wb),
               *header = workbook_add_format(wb), *input = workbook_add_format(wb),
               *input_day = workbook_add_format(wb), *qty = workbook_add_format(wb),
               *money = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_bold(bold);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    format_set_unlocked(input);
    format_set_bg_color(input, 0xFFF2CC);
    format_set_border(input, LXW_BORDER_THIN);
    format_set_unlocked(input_day);
    format_set_bg_color(input_day, 0xFFF2CC);
    format_set_border(input_day, LXW_BORDER_THIN);
    format_set_num_format(input_day, "dd.mm.yyyy");
    format_set_unlocked(qty);
    format_set_bg_color(qty, 0xFFF2CC);
    format_set_num_format(qty, "0.###");
    format_set_num_format(money, "#,##0.00");
    format_set_num_format(text, "@");

    lxw_error e;
    char *head = xasprintf("Бланк заказа: %s", t->client_name ? t->client_name : "");
    e = worksheet_write_string(ws, XTPL_ROW_TITLE, 0, head, title);
    free(head);
    if (e)
        return e;
    worksheet_write_string(ws, XTPL_ROW_CLIENT, 0, "Клиент", bold);
    worksheet_write_string(ws, XTPL_ROW_CLIENT, 1, t->client_code ? t->client_code : "", text);
    worksheet_write_string(ws, XTPL_ROW_CLIENT, 2, t->client_name ? t->client_name : "", NULL);
    worksheet_write_string(ws, XTPL_ROW_POINT, 0, "Точка доставки", bold);
    worksheet_write_blank(ws, XTPL_ROW_POINT, 1, input);
    worksheet_write_string(ws, XTPL_ROW_DAY, 0, "Дата отгрузки", bold);
    worksheet_write_blank(ws, XTPL_ROW_DAY, 1, input_day);
    worksheet_write_string(ws, XTPL_ROW_NUMBER, 0, "Ваш номер заказа", bold);
    worksheet_write_blank(ws, XTPL_ROW_NUMBER, 1, input);
    static const char *const titles[] = {
        XTPL_HEADER_CODE, "Товар", "Ед.", "В упаковке", "Цена, ₽ с НДС", "Количество"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, XTPL_ROW_HEADER, (lxw_col_t)c, titles[c], header);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 48, NULL);
    worksheet_set_column(ws, 2, 3, 11, NULL);
    worksheet_set_column(ws, 4, 5, 14, NULL);

    lxw_row_t row = XTPL_ROW_HEADER + 1;
    for (size_t i = 0; i < t->nproducts; i++, row++) {
        const struct order_template_product *p = &t->products[i];
        worksheet_write_string(ws, row, XTPL_COL_CODE, p->code ? p->code : "", text);
        worksheet_write_string(ws, row, XTPL_COL_NAME, p->name ? p->name : "", NULL);
        worksheet_write_string(ws, row, XTPL_COL_UNIT, p->unit ? p->unit : "", NULL);
        worksheet_write_number(ws, row, XTPL_COL_PACK, p->pack ? strtod(p->pack, NULL) : 1, NULL);
        if (p->price)
            worksheet_write_number(ws, row, XTPL_COL_PRICE, strtod(p->price, NULL), money);
        e = worksheet_write_blank(ws, row, XTPL_COL_QTY, qty);
        if (e)
            return e;
    }
    if (t->nproducts) {
        lxw_data_validation dv = {
            .validate = LXW_VALIDATION_TYPE_DECIMAL,
            .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
            .minimum_number = 0,
            .maximum_number = 999999,
            .input_title = "Количество",
            .input_message = "Целыми упаковками (столбец «В упаковке»).",
            .error_title = "Количество",
            .error_message = "Число от 0 до 999 999.",
        };
        e = worksheet_data_validation_range(ws, XTPL_ROW_HEADER + 1, XTPL_COL_QTY, row - 1,
                                            XTPL_COL_QTY, &dv);
        if (e)
            return e;
    }
    worksheet_write_string(pts, 0, 0, "Точка доставки", header);
    worksheet_set_column(pts, 0, 0, 60, NULL);
    for (size_t i = 0; i < t->npoints; i++)
        worksheet_write_string(pts, (lxw_row_t)(i + 1), 0, t->points[i], NULL);
    if (t->npoints) {
        char *formula = xasprintf("='Точки'!$A$2:$A$%zu", t->npoints + 1);
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST_FORMULA,
                                  .value_formula = formula,
                                  .error_title = "Точка доставки",
                                  .error_message = "Выберите точку из списка."};
        e = worksheet_data_validation_cell(ws, XTPL_ROW_POINT, 1, &dv);
        free(formula);
        if (e)
            return e;
    }
    lxw_datetime first;
    if (parse_day(t->first_day, &first)) {
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_DATE,
                                  .criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
                                  .value_datetime = first,
                                  .error_title = "Дата отгрузки",
                                  .error_message = "Не раньше первого дня отгрузки."};
        e = worksheet_data_validation_cell(ws, XTPL_ROW_DAY, 1, &dv);
        if (e)
            return e;
        worksheet_write_datetime(ws, XTPL_ROW_DAY, 1, &first, input_day);
    }
    worksheet_freeze_panes(ws, XTPL_ROW_HEADER + 1, 0);
    lxw_protection protect = {.no_select_locked_cells = LXW_FALSE};
    worksheet_protect(ws, NULL, &protect);
    return LXW_NO_ERROR;
}

bool xlsx_order_template(const char *path, const struct order_template *t, char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = xasprintf("%.*s.%s.part-%ld", (int)dirlen, path, path + dirlen, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, _("cannot write to %.*s: %s"), dirlen ? (int)dirlen : 1,
                 dirlen ? path : ".", strerror(errno));
        free(tmp);
        return false;
    }
    close(fd);
    bool ok = false;
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        snprintf(err, errlen, "%s", _("could not start the workbook"));
    } else {
        lxw_error e = fill(wb, t);
        lxw_error c = workbook_close(wb);
        if (e)
            failed(err, errlen, "sheet", e);
        else if (c)
            failed(err, errlen, "close", c);
        else if (rename(tmp, path) != 0)
            snprintf(err, errlen, _("cannot write to %s: %s"), path, strerror(errno));
        else
            ok = true;
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok;
}
