/* domain/claims.h: claims with routing (src/domain/claims.c; sql/functions/claims.sql): a claim
 * registered the moment it is phoned in, its stages done and reassigned, claim calls counted,
 * the overdue escalated (`polka jobs run`). Used by the claims screen and the quick claim
 * (src/screens/claims.c; the card is the generic one) and the command line. */
#ifndef POLKA_DOMAIN_CLAIMS_H
#define POLKA_DOMAIN_CLAIMS_H

#include <stddef.h>

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

/* A shipped document added to what claim concerns, by its code as typed or scanned: the
 * document's code; NULL with err (not found, another client's, on it already). */
char *claim_add_document(struct db *db, const char *claim, const char *code, struct db_error *err);
/* The decision on claim: resolution full, partial or rejected, with the reason: the claim's
 * status after ("approved", "rejected"); NULL with err. */
char *claim_decision(struct db *db, const char *claim, const char *resolution, const char *reason,
                     struct db_error *err);
/* An approved claim's return documents made: their codes ("K2026000012, ..."); NULL with err. */
char *claim_make_returns(struct db *db, const char *claim, struct db_error *err);
/* An approved claim satisfied by a discount of amount (money): the discount documents' codes
 * ("S2026000003, ..."); NULL with err (more than its documents still owe, given already). */
char *claim_make_discount(struct db *db, const char *claim, const char *amount,
                          struct db_error *err);

/* A comment on claim at its open stage: false with err. */
bool claim_add_comment(struct db *db, const char *claim, const char *body, struct db_error *err);

/* Files are at most this big (schema 030's attachments_size_valid). */
enum { CLAIM_FILE_MAX = 10 * 1024 * 1024 };
/* The file at path added to claim (its name without folders, its type from its first bytes):
 * the name stored; NULL with *problem (a sentence about the file: missing, empty, too big, a
 * folder; caller frees) or err (the database refused). */
char *claim_file_add(struct db *db, const char *claim, const char *path, char **problem,
                     struct db_error *err);
/* The same for any owner: the file at path sent to attach_sql, a call with the owner's id, the
 * name, the type and the bytes as $1..$4 ("SELECT polka.claim_attach($1::bigint, $2, $3,
 * $4::bytea)"). */
char *file_attach(struct db *db, const char *attach_sql, const char *owner, const char *path,
                  char **problem, struct db_error *err);
/* File (its id) written into folder under its own name (" (2)" and on when that is taken;
 * never over another file): the path written; NULL with *problem or err. */
char *claim_file_save(struct db *db, const char *file, const char *folder, char **problem,
                      struct db_error *err);
/* The type of a file from its first bytes and its name (image/jpeg, application/pdf, ...). */
const char *claim_file_type(const unsigned char *head, size_t n, const char *name);

#endif
