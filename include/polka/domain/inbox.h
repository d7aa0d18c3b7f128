/* domain/inbox.h: a person's inbox (src/domain/inbox.c; sql/functions/inbox.sql): the unread
 * count the status line shows (app.c, told of new rows on channel polka_inbox) and marking
 * read (the inbox screen, src/screens/inbox.c; the list is the form's). */
#ifndef POLKA_DOMAIN_INBOX_H
#define POLKA_DOMAIN_INBOX_H

#include "polka/db.h"

/* The channel a new inbox row is announced on; the payload is the person's login. */
#define INBOX_CHANNEL "polka_inbox"

/* The logged-in person's unread count; -1 with err. */
int inbox_unread(struct db *db, struct db_error *err);
/* Inbox row id (its id) of the logged-in person marked read: the unread count after it; -1
 * with err (another person's row is not found). */
int inbox_mark_read(struct db *db, const char *id, struct db_error *err);
/* Every unread row of the logged-in person marked read: how many; -1 with err. */
int inbox_mark_all_read(struct db *db, struct db_error *err);

#endif
