/* cups.c: print.h's way to a printer: the PDF sent to a CUPS queue as one job through libcups
 * (the server the user's client.conf or CUPS_SERVER names; a socket path works), and the
 * server's default destination. libcups over running `lp`: the job id and the server's own
 * reason for a refusal come back as values, with no output to parse. */
#include "polka/print.h"

#include <cups/cups.h>
#include <stdlib.h>

#include "polka/i18n.h"
#include "polka/util.h"

bool print_submit(const char *printer, const char *path, const char *title, char **job, char **err)
{
    /* Asked first: a queue that is gone gets its own sentence, not the server's generic one. */
    cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, printer, NULL);
    if (!dest) {
        *err = cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE
                   ? xasprintf(_("The print server does not answer (%s): nothing was printed."),
                               cupsLastErrorString())
                   : xasprintf(_("There is no printer %s on the print server: nothing was "
                                 "printed."),
                               printer);
        return false;
    }
    cupsFreeDests(1, dest);
    int id = cupsPrintFile(printer, path, title, 0, NULL);
    if (id <= 0) {
        *err = xasprintf(_("Printer %s did not take the documents (%s): nothing was printed."),
                         printer, cupsLastErrorString());
        return false;
    }
    *job = xasprintf("%s-%d", printer, id);
    return true;
}

char *print_default_printer(void)
{
    cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, NULL, NULL);
    if (!dest)
        return NULL;
    char *name = xstrdup(dest->name);
    cupsFreeDests(1, dest);
    return name;
}
