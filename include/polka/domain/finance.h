/* domain/finance.h: the finance export (src/domain/finance.c; sql/functions/finance.sql; the
 * format in src/formats/polka-finance-1.xsd and the README, "The finance export"): shipped
 * documents, payments and corrections as an XML file in the shape of 1C's EnterpriseData for the
 * accounting system. Used by `polka finance export` and the screen Выгрузка в бухгалтерию. */
#ifndef POLKA_DOMAIN_FINANCE_H
#define POLKA_DOMAIN_FINANCE_H

#include <stdbool.h>

#include "polka/db.h"

/* What to export. */
struct finance_request {
    const char *path;  /* the file to write (replaced when it exists) */
    const char *since; /* NULL, or YYYY-MM-DD: everything dated from that day too */
    int again;         /* > 0: write export number `again` again (nothing is recorded) */
};

/* What an export wrote. */
struct finance_result {
    int number;            /* the export's number (MessageNo) */
    long changes;          /* the changes it took from the queue */
    long sales, cancelled; /* sales documents written, of them cancelled */
    long payments;         /* payments written */
    long corrections;      /* corrections written (reversed ones too) */
    char *sales_amount;    /* their sums as the header says them, "1234.50" */
    char *payments_amount;
    char *corrections_amount; /* what the corrections took off */
};

/* Writes the export into req->path under a temporary name, renamed when complete, in one
 * transaction with its record: the export is recorded (its changes claimed) only when the
 * file is in place, and a file whose transaction fails to commit is removed. An export with
 * nothing new is a valid file with an empty body (no sales, payments or corrections), recorded
 * like any other. The rows are streamed (memory stays flat). False with *why (a file problem,
 * caller frees) or err (the database refused: rights, an unknown export number). */
bool finance_export(struct db *db, const struct finance_request *req, struct finance_result *res,
                    char **why, struct db_error *err);
/* The result in a sentence of the user's language. Caller frees. */
char *finance_result_words(const struct finance_result *r);
void finance_result_free(struct finance_result *r);

#endif
