/* domain/returns.h: returned documents (src/domain/returns.c; sql/functions/returns.sql): the
 * signed copies a driver brings back, scanned or typed at the return desk. Used by the desk
 * (src/screens/returns.c) and `polka doc return|missing`. */
#ifndef POLKA_DOMAIN_RETURNS_H
#define POLKA_DOMAIN_RETURNS_H

#include <stdbool.h>

#include "polka/db.h"

/* What a scan did; each is signalled apart at the desk. */
enum doc_return_outcome {
    DOC_RETURNED,  /* marked returned now */
    DOC_AGAIN,     /* it was back already */
    DOC_UNKNOWN,   /* no document has this code or number */
    DOC_CANCELLED, /* a cancelled document: nothing is expected back */
    DOC_OTHER,     /* another trip's or driver's than the desk's: not marked */
    DOC_NOT_LEFT,  /* its trip has not left yet */
};

struct doc_return {
    enum doc_return_outcome outcome;
    char *given;       /* what was scanned or typed, as given */
    char *code;        /* the document's code (NULL when unknown) */
    char *kind;        /* upd, tn */
    char *trip_id;     /* the document's trip (unknown: the desk's trip, if any) */
    char *trip;        /* its number, Р00042 */
    char *driver;      /* its driver */
    char *client;      /* a sales document's client */
    char *returned_at; /* when it came back: "14:03" today, else "04.12.2026 14:03" */
    char *returned_by; /* who took it in */
    long missing;      /* what the desk's trip or driver (without one: the document's trip)
                        * still owes after this scan; -1 when nothing says */
};

/* A document handed back: code is a scanned code (U2026000123, Г/Е from a Russian layout
 * too) or a number as printed (123, УПД 123, ТН 12); trip_id or driver (either may be NULL or
 * "") the pile the clerk is taking in. False with err only when the call fails (rights, the
 * connection); a code nothing answers is an outcome. Frees what out held first. */
bool docs_return(struct db *db, const char *code, const char *trip_id, const char *driver,
                 struct doc_return *out, struct db_error *err);
/* The outcome in a sentence of the user's language. Caller frees. */
char *doc_return_words(const struct doc_return *r);
/* Whether the outcome is one the desk signals as a fault (all but returned). */
bool doc_return_fault(const struct doc_return *r);
void doc_return_free(struct doc_return *r);

#endif
