/* migrate.h: the database from sql/ (see README "The database"):
 *
 *   sql/schema/NNN_name.sql   versioned and immutable: tables, types, constraints, policies,
 *                             grants, data changes. Applied once each, in number order, each
 *                             in its own transaction, recorded in public.polka_migrations
 *                             (version "schema/NNN_name.sql") with its SHA-256.
 *   sql/functions/AREA.sql    the code: every function (and view) defined in exactly one
 *                             place with CREATE OR REPLACE and its grants. Applied whenever its
 *                             checksum changed, recorded in public.polka_functions with the
 *                             functions it defined; one it defined before and no longer does
 *                             (removed, or its argument list changed) is dropped. A first line
 *                             "-- needs schema NNN" applies it as soon as schema NNN is (the
 *                             schema files after NNN use it); without one, after every
 *                             schema file.
 *   sql/demo/NAME.sql         only `polka db demo` (demo_apply).
 *
 * A database migrated by the layout before it (sql/NNN_*.sql up to 017) is recognised and
 * taken over without loss: see migrate.c. */
#ifndef POLKA_MIGRATE_H
#define POLKA_MIGRATE_H

#include <stdbool.h>
#include <stdio.h>

struct db;

/* Applies what is missing or changed in `dir` (the sql/ folder). Refuses, applying nothing,
 * when an applied schema file has changed, or a pending one is numbered below one already
 * applied. Prints one line per file applied to `log` (may be NULL); says nothing when there
 * was nothing to do. On failure writes a message into err (NUL-terminated, cut to errlen). */
bool migrate_run(struct db *db, const char *dir, FILE *log, char *err, size_t errlen);

/* Runs every `dir`/demo/NAME.sql in name order inside the caller's open transaction (the demo
 * loader's functions, schema polka_demo); the role is reset after each. */
bool demo_apply(struct db *db, const char *dir, char *err, size_t errlen);

#endif
