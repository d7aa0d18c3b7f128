/* domain/claims.h: claims with routing (src/domain/claims.c; sql/functions/claims.sql): a claim
 * registered the moment it is phoned in, its stages done and reassigned, claim calls counted,
 * the overdue escalated (`polka jobs run`). Used by the claims screen and the quick claim
 * (src/screens/claims.c; the card is the generic one) and the command line. */
#ifndef POLKA_DOMAIN_CLAIMS_H
#define POLKA_DOMAIN_CLAIMS_H

#include "polka/db.h"

/* A claim from partner (its id) in the partner's words: its number (ПР-000123), NULL with
 * err when refused. */
char *claim_register(struct db *db, const char *partner, const char *words, struct db_error *err);
/* Stage n of claim (its id) done with the outcome (may be NULL): the next stage's name or
 * "closed"; NULL with err (done already, another person's, the kind missing). */
char *claim_done(struct db *db, const char *claim, const char *n, const char *outcome,
                 struct db_error *err);
/* The claim's open stage given to person (an id): the new owner's login; NULL with err. */
char *claim_give(struct db *db, const char *claim, const char *person, struct db_error *err);
/* A claim call of partner counted: false with err. */
bool claim_call_log(struct db *db, const char *partner, struct db_error *err);
/* The overdue stages escalated (exactly once each): how many, -1 with err. */
long claims_escalate_due(struct db *db, struct db_error *err);

#endif
