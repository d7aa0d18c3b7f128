/* domain/wms.h: the WMS exchange through a folder (src/domain/wms.c; sql/functions/wms.sql;
 * the formats in the README, "The WMS exchange"): the picking tasks of the trips being picked
 * written out, the picking facts read in. Used by `polka wms` and the waybill desk. */
#ifndef POLKA_DOMAIN_WMS_H
#define POLKA_DOMAIN_WMS_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/util.h"

/* What an exchange did, a line per file in the user's language in log. */
struct wms_result {
    size_t done;  /* files written, or imported */
    size_t again; /* files imported before (the same content): moved to done/, nothing changed */
    size_t bad;   /* files refused: moved to bad/ with NAME.error saying the line and the fault */
    size_t kept;  /* files left where they are (the database could not be asked) */
    struct strbuf log;
};

/* Writes DIR/trip-DAY-NNNNN.tasks.tsv for each trip being picked on day (NULL: today and
 * later), each under a temporary name, synced and renamed. False with err (or errno's words
 * in log) when the folder or the database fails; the files written by then stay. */
bool wms_export(struct db *db, const char *dir, const char *day, struct wms_result *res,
                struct db_error *err);
/* Imports every DIR/ *.facts.tsv (by name), each all or nothing: imported or already
 * imported ones go to DIR/done/, refused ones to DIR/bad/ with NAME.error; one the database
 * cannot be asked about (connection, rights) stays. False when DIR cannot be read. */
bool wms_import_dir(struct db *db, const char *dir, struct wms_result *res);
void wms_result_free(struct wms_result *res);
/* Writes text to dir/name under a temporary name (created new, mode 0644), synced and renamed:
 * a reader never sees half a file. False with the reason in log. */
bool wms_write_file(const char *dir, const char *name, const char *text, struct strbuf *log);

#endif
