/* migrate.h: numbered SQL migrations (sql/NNN_name.sql), applied in order, each in its own
 * transaction, recorded in public.polka_migrations with a SHA-256 checksum. */
#ifndef POLKA_MIGRATE_H
#define POLKA_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

struct db;

/* Applies the missing migrations of `dir`. Refuses (returns false, nothing applied) when an
 * applied file has changed or vanished. Prints one line per applied file to `log` (may be NULL).
 * On failure writes a message into err (NUL-terminated, cut to errlen). */
bool migrate_run(struct db *db, const char *dir, FILE *log, char *err, size_t errlen);

#endif
