/* domain/printing.h: printing a trip's documents (src/domain/printing.c; sql/functions/
 * printing.sql): the set its print rules ask for, rendered to one PDF in stop order (the print
 * layer), sent to a CUPS printer as one job, logged once the server took it. Used by `polka doc`
 * and the waybill desk. */
#ifndef POLKA_DOMAIN_PRINTING_H
#define POLKA_DOMAIN_PRINTING_H

#include <stdbool.h>

#include "polka/db.h"

/* What a print did. */
struct print_outcome {
    int documents; /* documents and forms in the set (a form of a document counts once) */
    int pages;     /* pages sent, every copy counted */
    char *job;     /* the print server's job ("polka-pdf-17"); NULL when nothing was sent */
    char *printer; /* where it went */
};
void print_outcome_free(struct print_outcome *o);

/* Renders the trip's print set (trip_id) or one document's (doc_id, trip_id NULL) to a PDF
 * at path: every form its rules ask for, in as many copies (one_copy: each form once, for
 * `polka doc pdf`). items_json (when not NULL) gets what polka.print_done logs. False with
 * *err (a sentence; caller frees), nothing left at path. */
bool print_render(struct db *db, const char *trip_id, const char *doc_id, bool one_copy,
                  const char *path, struct print_outcome *out, char **items_json, char **err);

/* Renders a correction (its code, K2026000001, or id) as its form (УКД) to a PDF at path, one
 * copy. False with *err (a sentence; caller frees), nothing left at path: no such
 * correction, a reversed one, the company's details not set, the file not written. */
bool print_correction_render(struct db *db, const char *correction, const char *path,
                             struct print_outcome *out, char **err);

/* Prints a correction's form on printer as one job (not logged: the print log is the trip
 * documents'). False with *err as print_correction_render, or when the printer is gone or
 * refuses. */
bool print_correction(struct db *db, const char *correction, const char *printer,
                      struct print_outcome *out, char **err);

/* Prints the trip's set (or, doc_id given, reprints that document's forms) on printer (NULL:
 * the print server's default): one job, then the log. False with *err when nothing could be
 * made, the printer is gone or refuses (the documents stay unprinted), or the log could not
 * be written after the server took the job (the sentence says the job). */
bool print_documents(struct db *db, const char *trip_id, const char *doc_id, const char *printer,
                     struct print_outcome *out, char **err);

/* The printer this workstation prints on: POLKA_PRINTER, else the one last chosen here (a
 * file "printer" in the state folder), else the print server's default; NULL when none.
 * Caller frees. print_printer_keep remembers a choice (false when it cannot be written). */
char *print_printer(void);
bool print_printer_keep(const char *name);

#endif
