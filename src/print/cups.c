/* cups.c: print.h's way to a printer: the PDF sent to a CUPS queue as one job through libcups
 * (the server the user's client.conf or CUPS_SERVER names; a socket path works), and the
 * server's default destination. libcups over running `lp`: the job id and the server's own
 * reason for a refusal come back as values, with no output to parse. */
#include "polka/print.h"

#include <cups/cups.h>
#include <stdlib.h>
#include <string.h>

#include "polka/i18n.h"
#include "polka/util.h"

bool print_submit(const char *printer, const char *path, const char *title, char **job, char **err)
{
    /* The server first (a queue that is not there and a server that is down are different
     * sentences: libcups answers "not found" for both), then the queue, then the job. */
    http_t *http =
        httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 5000, NULL);
    if (!http) {
        *err = xasprintf(_("The print server does not answer (%s): nothing was printed."),
                         cupsLastErrorString());
        return false;
    }
    cups_dest_t *dest = cupsGetNamedDest(http, printer, NULL);
    if (!dest) {
        *err = xasprintf(_("There is no printer %s on the print server: nothing was printed."),
                         printer);
        httpClose(http);
        return false;
    }
    cupsFreeDests(1, dest);
    int id = cupsPrintFile2(http, printer, path, title, 0, NULL);
    httpClose(http);
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

bool print_withdraw(const char *printer, const char *job)
{
    const char *dash = strrchr(job, '-');
    int id = dash ? atoi(dash + 1) : 0;
    return id > 0 && cupsCancelJob2(CUPS_HTTP_DEFAULT, printer, id, 0) == IPP_STATUS_OK;
}
