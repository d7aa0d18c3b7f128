/* domain/partner.h: partners: the card, its save, possible duplicates (src/domain/partner.c). */
#ifndef POLKA_DOMAIN_PARTNER_H
#define POLKA_DOMAIN_PARTNER_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

/* The whole card: head fields plus sections contacts, points, relations. */
bool partner_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves the card in one call (polka.partner_save); returns the id (caller frees) or NULL. */
char *partner_save(struct db *db, const struct doc *d, struct db_error *err);
/* Possible duplicates of the head (name, INN, phone, e-mail) other than itself: rows with
 * id, code, name, inn, phone, email, reason. */
bool partner_duplicates(struct db *db, const struct record *head, struct rowset *rows,
                        struct db_error *err);

#endif
