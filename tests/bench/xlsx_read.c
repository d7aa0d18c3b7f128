/* xlsx_read: Polka's side of tests/bench/xlsx-read, the order file read by the .xlsx reader
 * (include/polka/xlsxread.h) and every product row of the order form (xlsx_template.h: where
 * things are) validated as the intake will:
 *
 *   xlsx_read FILE.xlsx
 *
 * After the header row, a row is an error when its code is not text of 1 to 13 digits, its
 * pack not a number above zero, or its quantity, when there is one, not a number above zero in
 * whole packs; an empty quantity is a product not ordered. Quantities are
 * exact (thousandths, from the number's text as stored). Prints "seconds rows lines empty
 * errors quantity_sum" on stdout (seconds from opening the file to its last row); a refusal
 * goes to stderr with exit status 1. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/decimal.h"
#include "polka/xlsx_template.h"
#include "polka/xlsxread.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool code_ok(const struct xlsxr_cell *c)
{
    if (!c || c->type != XLSXR_STRING || c->len < 1 || c->len > 13)
        return false;
    for (size_t i = 0; i < c->len; i++)
        if (c->text[i] < '0' || c->text[i] > '9')
            return false;
    return true;
}

/* A number cell above zero, in thousandths. */
static bool positive(const struct xlsxr_cell *c, int64_t *v)
{
    return c && c->type == XLSXR_NUMBER && xlsxr_number(c->text, 3, v) == DECIMAL_OK && *v > 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xlsx_read FILE.xlsx\n");
        return 2;
    }
    double t0 = now();
    char *why;
    struct xlsxr *r = xlsxr_open(argv[1], &why);
    if (!r) {
        fprintf(stderr, "xlsx_read: %s\n", why);
        free(why);
        return 1;
    }
    long rows = 0, lines = 0, empty = 0, errors = 0;
    int64_t sum = 0;
    struct xlsxr_row row;
    int rc;
    while ((rc = xlsxr_next(r, &row, &why)) == 1) {
        if (row.row - 1 <= XTPL_ROW_HEADER)
            continue; /* the client's block and the header */
        rows++;
        int64_t pack, qty;
        const struct xlsxr_cell *q = xlsxr_cell(&row, XTPL_COL_QTY);
        bool ok = code_ok(xlsxr_cell(&row, XTPL_COL_CODE)) &&
                  positive(xlsxr_cell(&row, XTPL_COL_PACK), &pack);
        if (ok && (!q || q->type == XLSXR_EMPTY)) {
            empty++;
            continue;
        }
        if (ok && positive(q, &qty) && qty % pack == 0) {
            lines++;
            sum += qty;
        } else {
            errors++;
        }
    }
    xlsxr_close(&r);
    if (rc < 0) {
        fprintf(stderr, "xlsx_read: %s\n", why);
        free(why);
        return 1;
    }
    printf("%.4f %ld %ld %ld %ld %lld.%03lld\n", now() - t0, rows, lines, empty, errors,
           (long long)(sum / 1000), (long long)(sum % 1000));
    return 0;
}
