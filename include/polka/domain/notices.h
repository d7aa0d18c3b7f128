/* domain/notices.h: the outbox's sender (src/domain/notices.c; sql/functions/notices.sql):
 * shipment notices queued when a trip leaves, sent through the SMTP relay (mail.h). Used by
 * `polka notices send` (cron) and the notices screen. */
#ifndef POLKA_DOMAIN_NOTICES_H
#define POLKA_DOMAIN_NOTICES_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/util.h"

struct notices_result {
    int sent, retry, failed; /* what came of the notices handed out */
    struct strbuf log;       /* a line per notice not sent: its id, recipient, the reason */
};

/* Sends the notices due now, a few at a time, until none is due. The relay: POLKA_SMTP_URL,
 * else the setting smtp_url; the sender's address: POLKA_SMTP_FROM, else smtp_from. False with
 * *why (caller frees) when there is no relay to send to, with err when the database refuses;
 * notices the relay did not take are counted, not failures of the call. */
bool notices_send(struct db *db, struct notices_result *out, char **why, struct db_error *err);
/* The result in a sentence of the user's language. Caller frees. */
char *notices_result_words(const struct notices_result *r);
void notices_result_free(struct notices_result *r);

#endif
