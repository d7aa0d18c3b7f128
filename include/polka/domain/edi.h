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

enum { EDI_MAX_FILE = 16 * 1000 * 1000, EDI_MAX_JOBS = 8, EDI_JOBS = 2 };

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
    size_t advices;   /* receiving advices (RECADV) taken */
    size_t sent;      /* messages written to the outbound folders (answers, ORDRSP, DESADV) */
    struct strbuf log;
};

/* Polls every active provider's inbound folder (or only provider's, when not NULL), answers
 * what was refused (CONTRL, APERAK), then, when polling them all, writes what is due to the
 * outbound folders: the order responses (ORDRSP) and despatch advices (DESADV). Nothing is
 * answered while our GLN (setting company_gln) is not set. A folder's files are received on
 * up to `jobs` connections at once (1 to EDI_MAX_JOBS: db and clones of it), each file in its
 * own transaction; two files of one order (the same number) never at once, a receiving advice
 * alone, and the log in the files' name order whatever finished first. False (said in log)
 * when the database cannot be asked or no folder could be read. */
bool edi_poll(struct db *db, const char *provider, size_t jobs, struct edi_poll_result *res);
void edi_poll_result_free(struct edi_poll_result *res);

#endif
