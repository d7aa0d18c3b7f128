/* domain/people.h: people and their roles (admins only; polka.user_*) (src/domain/people.c). */
#ifndef POLKA_DOMAIN_PEOPLE_H
#define POLKA_DOMAIN_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

/* People (admins only; polka.user_*). roles_csv: "manager,all_clients". user_block returns
 * how many sessions it ended, -1 on failure. user_grant with grant=false revokes. user_list
 * rows: login, full_name, roles (comma-separated), blocked ("t"/"f"). */
bool user_add(struct db *db, const char *login, const char *full_name, const char *password,
              const char *roles_csv, struct db_error *err);
int user_block(struct db *db, const char *login, struct db_error *err);
bool user_unblock(struct db *db, const char *login, struct db_error *err);
bool user_grant(struct db *db, const char *login, const char *role, bool grant,
                struct db_error *err);
bool user_passwd(struct db *db, const char *login, const char *password, struct db_error *err);
bool user_list(struct db *db, struct rowset *rows, struct db_error *err);

#endif
