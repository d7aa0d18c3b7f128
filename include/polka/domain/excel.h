/* domain/excel.h: orders in the client's Excel file (issue 18; src/domain/excel.c): the order
 * form written for a client (xlsx_template.h: its assortment with our codes, packs and prices
 * on the first shipping day, its delivery points), and a filled one read back into the intake
 * (every row checked; the database checks what the rows mean: sql/functions/intake.sql). */
#ifndef POLKA_DOMAIN_EXCEL_H
#define POLKA_DOMAIN_EXCEL_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"

/* Writes client's (its code) order form to path. False with a sentence in *why (caller frees)
 * or the database's refusal in err. */
bool excel_template(struct db *db, const char *client, const char *path, char **why,
                    struct db_error *err);

/* What an Excel order became: the intake's answer (state received/accepted/attention, the order's
 * number, the problems as codes, replayed when the same file came before) and the lines read. */
struct excel_result {
    char *state, *order_number, *problems, *number, *intake_id;
    bool replayed;
    size_t lines;
};
/* Reads a filled order form (at most EXCEL_MAX_FILE bytes) and hands it to the intake
 * (polka.intake_receive, channel excel): the client from the form, the point by name, the day,
 * the client's own number (else one made from the file's bytes: the same file is one order),
 * a line per row with a quantity (its number is the row's). A file that is not an order form
 * or has a row whose quantity is not a number is refused in words naming the rows (*why,
 * caller frees); what the rows mean (products, packs, prices, the assortment) the database
 * checks and the intake queue shows row by row. */
enum { EXCEL_MAX_FILE = 64 * 1000 * 1000 };
bool excel_import(struct db *db, const char *path, struct excel_result *res, char **why,
                  struct db_error *err);
void excel_result_free(struct excel_result *res);

#endif
