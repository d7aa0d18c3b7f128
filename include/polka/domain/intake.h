/* domain/intake.h: the intake queue's actions on an incoming order (EDI, the client's Excel
 * file; sql/functions/intake.sql), each one SQL function in one transaction. id and version:
 * the card's as read. */
#ifndef POLKA_DOMAIN_INTAKE_H
#define POLKA_DOMAIN_INTAKE_H

#include "polka/db.h"

/* Accepted: its order made through the phone's save (our prices). The order's number (caller
 * frees), or NULL with err (a problem still to fix is named). */
char *intake_accept(struct db *db, const char *id, const char *version, struct db_error *err);
/* Refused with a reason; false with err. */
bool intake_refuse(struct db *db, const char *id, const char *reason, const char *version,
                   struct db_error *err);

/* Problem codes as the database lists them ("product,price") in the user's words, joined by
 * ", " (code set intake_problem). Caller frees; "" for none. */
char *intake_problem_words(const char *codes);

#endif
