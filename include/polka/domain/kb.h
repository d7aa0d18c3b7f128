/* domain/kb.h: the knowledge base (src/domain/kb.c; sql/functions/kb.sql): an article written
 * from a closed claim. The list and the card are the generic ones (forms/kb.form,
 * forms/kb_card.form); src/screens/kb.c opens them. */
#ifndef POLKA_DOMAIN_KB_H
#define POLKA_DOMAIN_KB_H

#include "polka/db.h"

/* Claim (its id)'s article written from it: the article's id; NULL with err (the claim open,
 * its article written already: the database's words name it; not permitted). */
char *kb_article_from_claim(struct db *db, const char *claim, struct db_error *err);

#endif
