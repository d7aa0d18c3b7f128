/* domain/corrections.h: corrections of shipped sales documents (src/domain/corrections.c;
 * sql/functions/corrections.sql): what the client accepted, the rest struck off with a reason
 * (вычерки, the УКД). Used by the corrections list (src/screens/corrections.c; the card is the
 * generic one) and `polka doc correct`. */
#ifndef POLKA_DOMAIN_CORRECTIONS_H
#define POLKA_DOMAIN_CORRECTIONS_H

#include "polka/db.h"

/* Document code (U2026000123, or its id) corrected: lines is a JSON array of {"n": line number,
 * "accepted": quantity, "reason": damaged|expired|not_ordered|price|surplus}. The
 * correction's summary as JSON (code, amounts, released), NULL with err when refused. */
char *correction_make_json(struct db *db, const char *code, const char *lines,
                           struct db_error *err);
/* Correction id (or code, K2026000001) reversed by the head with a reason: its code, NULL
 * with err when refused. */
char *correction_reverse(struct db *db, const char *id, const char *reason, struct db_error *err);

#endif
