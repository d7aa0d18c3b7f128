/* domain/excel.h: orders in the client's Excel file (issue 18; src/domain/excel.c): the order
 * form written for a client (xlsx_template.h: its assortment with our codes, packs and prices
 * on the first shipping day, its delivery points), and a filled one read back into the intake
 * (every row checked; the database checks what the rows mean: sql/functions/intake.sql). */
#ifndef POLKA_DOMAIN_EXCEL_H
#define POLKA_DOMAIN_EXCEL_H

#include <stdbool.h>

#include "polka/db.h"

/* Writes client's (its code) order form to path. False with a sentence in *why (caller frees)
 * or the database's refusal in err. */
bool excel_template(struct db *db, const char *client, const char *path, char **why,
                    struct db_error *err);

#endif
