/* xlsx_template.h: the client's order form as an .xlsx workbook (issue 18, Excel orders):
 * Polka writes it for one client (src/export/xlsx_template.c), the client fills in the
 * quantities (and the delivery point, the day, their own order number) and sends it back, and
 * the intake reads it (src/domain/excel.c, over xlsxread.h). The sheet is protected: only the
 * cells to fill are unlocked, the quantity column takes numbers from 0 to 999,999 (Excel's
 * data validation), the point is chosen from a list (the second sheet), the day is a date from
 * the first shipping day on. Where things are is fixed below, 0-based, for both sides. */
#ifndef POLKA_XLSX_TEMPLATE_H
#define POLKA_XLSX_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

enum {
    XTPL_ROW_TITLE = 0,  /* A1: the title */
    XTPL_ROW_CLIENT = 1, /* B2: the client's code, C2 its name */
    XTPL_ROW_POINT = 2,  /* B3: the delivery point (a name from the list) */
    XTPL_ROW_DAY = 3,    /* B4: the shipping day */
    XTPL_ROW_NUMBER = 4, /* B5: the client's own order number (may stay empty) */
    XTPL_ROW_HEADER = 6, /* row 7: the columns' titles; the products from row 8 */
    XTPL_COL_CODE = 0,   /* A: our product code */
    XTPL_COL_NAME = 1,
    XTPL_COL_UNIT = 2,
    XTPL_COL_PACK = 3,  /* D: pieces (or kilograms) in a pack: order whole packs */
    XTPL_COL_PRICE = 4, /* E: our price on the first shipping day */
    XTPL_COL_QTY = 5    /* F: what the client fills in */
};
#define XTPL_HEADER_CODE "Код"

struct order_template_product {
    const char *code, *name, *unit;
    const char *pack, *price; /* decimal text as the database gives it; price NULL: none */
};

struct order_template {
    const char *client_code, *client_name;
    const char *const *points; /* the client's active delivery points' names */
    size_t npoints;
    const char *first_day; /* YYYY-MM-DD: the earliest day the form allows */
    const struct order_template_product *products;
    size_t nproducts;
};

/* Writes the form to path under a temporary name in the same folder, renamed when complete
 * (nothing is left on failure). False with a sentence in err. */
bool xlsx_order_template(const char *path, const struct order_template *t, char *err,
                         size_t errlen);

#endif
