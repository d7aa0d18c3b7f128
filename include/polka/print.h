/* print.h: business documents rendered to PDF and sent to a printer. Only src/print/ includes
 * cairo, pango, zint and libcups.
 *
 * A print_pdf is one PDF file (A4 portrait) that takes documents one after another, each in as
 * many copies as asked. A document is a struct doc whose head's "form" names its layout:
 *
 *   upd           the sales document (УПД, status 1: invoice and transfer document)
 *   tn            the trip's consignment note (транспортная накладная), a line per stop
 *   packing_list  what is on each pallet: section "pallets", rows grouped by SSCC
 *   quality_cert  the batches shipped with their quality certificates and declarations
 *
 * Every value is printed as given (money, quantities and dates arrive formatted; the renderer
 * does no arithmetic) and a missing key prints as empty. Every page carries the document's
 * code as a Code 128 barcode with the code in text below it (top right, for the return desk)
 * and "Страница N из M документа CODE" at the bottom. Each copy starts on a new page; a table
 * too long for one page goes on over the next ones with its header repeated. Text is laid out
 * by pango in DejaVu Sans (fonts-dejavu-core), embedded in the PDF as a subset, so the file
 * looks the same wherever it is opened; a long name wraps within its column (at most three
 * lines, then "…"), control characters print as spaces and invalid UTF-8 as U+FFFD.
 *
 * The file appears under its name only when complete: it is written to a temporary name in the
 * same folder and renamed by print_pdf_close; a failed close removes it. */
#ifndef POLKA_PRINT_H
#define POLKA_PRINT_H

#include <stdbool.h>

#include "polka/record.h"

struct print_pdf;

/* Creates the temporary file next to `path` at once (so an unwritable or missing folder fails
 * before any document is made) and checks that the font is installed. NULL with *err (a
 * sentence; caller frees) on failure; otherwise the caller ends it with print_pdf_close. */
struct print_pdf *print_pdf_open(const char *path, char **err);

/* Adds `copies` copies of d (head "form" picks the layout, head "code" is the barcode: printable
 * ASCII). 0 copies adds nothing and succeeds (a print rule of 0 copies). False with *err (caller
 * frees) for an unknown form, a code that cannot be a barcode, negative copies (nothing added)
 * or a drawing error (the PDF is then unusable: print_pdf_close fails too). d is only read. */
bool print_pdf_add(struct print_pdf *p, const struct doc *d, int copies, char **err);

/* Pages added so far. */
int print_pdf_pages(const struct print_pdf *p);

/* Finishes the PDF and renames it to its path; frees p (NULL is false, nothing done). False
 * with *err (caller frees) when it could not be written (disk full, folder gone) or has no
 * page; then nothing is left at the path or the temporary name. */
bool print_pdf_close(struct print_pdf *p, char **err);

/* Sends the PDF at path to the CUPS queue printer as one job titled title (the server of the
 * user's client.conf or CUPS_SERVER). *job is "QUEUE-ID" (caller frees). False with *err (a
 * sentence; caller frees) when the server does not answer, has no such queue, or the queue
 * refuses the job: nothing was printed. */
bool print_submit(const char *printer, const char *path, const char *title, char **job, char **err);

/* Withdraws a job print_submit sent ("QUEUE-ID") while the server still holds it: true when it
 * was cancelled before printing. */
bool print_withdraw(const char *printer, const char *job);

/* The print server's default destination (caller frees), NULL when it has none or is down. */
char *print_default_printer(void);

#endif
