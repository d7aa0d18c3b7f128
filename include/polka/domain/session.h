/* domain/session.h: who is logged in, what they may open, and the business day
 * (src/domain/session.c). */
#ifndef POLKA_DOMAIN_SESSION_H
#define POLKA_DOMAIN_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

/* The business day, YYYY-MM-DD (polka.business_day(): the business's time zone, not the
 * terminal's); POLKA_TODAY=YYYY-MM-DD overrides it (tests, back-dating). Caller frees. */
char *business_day(struct db *db, struct db_error *err);

/* Fills the user's full name and app roles (polka.me(), polka.my_roles()). */
bool session_load(struct db *db, char **full_name, char ***roles, size_t *nroles,
                  struct db_error *err);

/* 1 when the login is a superuser or bypasses row-level security (an administration login,
 * not a person's), 0 when not, -1 with err. */
int session_privileged(struct db *db, struct db_error *err);

#endif
