/* dberr.h: SQLSTATE → what the user reads. Private to src/db; pure C (no libpq). */
#ifndef POLKA_DBERR_H
#define POLKA_DBERR_H

#include "polka/db.h"

/* Sets err->kind (unless already DBE_CONNECTION/DBE_LOGIN) and err->user_message from
 * err->sqlstate, err->constraint and err->primary. */
void dberr_classify(struct db_error *err);

/* DBE_LOGIN for authentication failures, DBE_CONNECTION otherwise, from libpq's message. */
enum db_errkind dberr_login_kind(const char *libpq_message);

#endif
