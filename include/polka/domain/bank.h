/* domain/bank.h: customers' payments from bank statements (src/domain/bank.c; the file read
 * by src/core/bankfile.c, matched by sql/functions/payments.sql). Used by the payments screen
 * and `polka bank import`. */
#ifndef POLKA_DOMAIN_BANK_H
#define POLKA_DOMAIN_BANK_H

#include <stdbool.h>

#include "polka/db.h"

/* What importing one statement did (polka.bank_import). */
struct bank_result {
    char *file;      /* the file's name */
    bool again;      /* the same statement was imported before: nothing changed */
    int payments;    /* incoming payments in the statement */
    int skipped;     /* its other documents (outgoing, between our accounts): not imported */
    int fresh;       /* payments new to Polka */
    int known;       /* listed by a statement imported before: not taken again */
    int matched;     /* new ones wholly allocated to receivables */
    int partly;      /* new ones partly allocated */
    int unmatched;   /* new ones left to the queue */
    char *allocated; /* roubles allocated, "171591.00" */
};

/* Imports the statement in path (1CClientBankExchange, Windows-1251 or CP866) in one
 * transaction. False when the file cannot be read or is refused (*why: "line N: ...", caller
 * frees) or the database refuses (err; *why NULL). Frees what out held first. */
bool bank_import_file(struct db *db, const char *path, struct bank_result *out, char **why,
                      struct db_error *err);
/* The result in a sentence of the user's language. Caller frees. */
char *bank_result_words(const struct bank_result *r);
void bank_result_free(struct bank_result *r);

#endif
