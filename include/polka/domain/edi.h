/* domain/edi.h: the EDI exchange through the providers' folders (src/domain/edi.c;
 * sql/functions/intake.sql; README "EDI"): each active provider's inbound folder read, every
 * file whole (its messages into the intake: ORDERS become orders or wait in the intake queue),
 * then moved into done/ (read, even with messages refused) or bad/ (not EDIFACT at all). A
 * file the database could not be asked about stays for the next poll. Used by `polka edi poll`
 * and the EDI status screen. */
#ifndef POLKA_DOMAIN_EDI_H
#define POLKA_DOMAIN_EDI_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/util.h"

enum { EDI_MAX_FILE = 16 * 1000 * 1000 };

/* What a poll did, a line per file and message in the user's language in log. */
struct edi_poll_result {
    size_t files;     /* files read and recorded */
    size_t again;     /* files received before (the same bytes): moved to done/, nothing done */
    size_t bad;       /* files that are not EDIFACT or not readable: moved to bad/ */
    size_t kept;      /* files left where they are (the database could not be asked) */
    size_t orders;    /* ORDERS made into orders */
    size_t attention; /* ORDERS waiting in the intake queue for a person */
    size_t replayed;  /* ORDERS received before (the same sender and number) */
    size_t failed;    /* messages refused */
    struct strbuf log;
};

/* Polls every active provider's inbound folder (or only provider's, when not NULL). False
 * (said in log) when the database cannot be asked or no folder could be read. */
bool edi_poll(struct db *db, const char *provider, struct edi_poll_result *res);
void edi_poll_result_free(struct edi_poll_result *res);

#endif
