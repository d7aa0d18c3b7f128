/* domain/documents.h: a trip's documents (src/domain/documents.c; sql/functions/
 * trip_documents.sql): made in one transaction from the picking facts, cancelled by the head.
 * Used by `polka doc` and the waybill desk. */
#ifndef POLKA_DOMAIN_DOCUMENTS_H
#define POLKA_DOMAIN_DOCUMENTS_H

#include <stdbool.h>

#include "polka/db.h"

/* What one press of "make documents" did (polka.trip_documents_make). */
struct docs_made {
    char *trip;    /* its number, Р00042 */
    int made;      /* documents made now */
    int documents; /* the trip's live documents */
    int cancelled; /* orders with nothing picked, cancelled */
    bool again;    /* the trip had its documents: nothing changed */
};

/* The trip's id from its number as people type it (Р00042, P00042, 00042, 42); NULL with err
 * when there is none or the database fails. Caller frees. */
char *docs_trip_id(struct db *db, const char *number, struct db_error *err);
/* A document's id from its code (U2026000123) or id; NULL with err when there is none. Caller
 * frees. */
char *docs_document_id(struct db *db, const char *code, struct db_error *err);
/* Makes the trip's documents; false with err when refused (picking, differences not
 * accepted, stock, rights). */
bool docs_make(struct db *db, const char *trip_id, struct docs_made *out, struct db_error *err);
/* The result in a sentence of the user's language. Caller frees. */
char *docs_made_words(const struct docs_made *m);
void docs_made_free(struct docs_made *m);
/* The truck of a printed trip left with its documents: the trip's status (left), or NULL with
 * err (not printed yet, rights). Caller frees. */
char *docs_depart(struct db *db, const char *trip_id, struct db_error *err);
/* The head cancels a document (its id or its code, U2026000123) with a reason: its code, or
 * NULL with err. Caller frees. */
char *docs_cancel(struct db *db, const char *doc, const char *reason, struct db_error *err);

#endif
