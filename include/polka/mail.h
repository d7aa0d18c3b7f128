/* mail.h: e-mail through an SMTP relay (src/mail/smtp.c; libcurl, which only this layer
 * includes). One plain-text UTF-8 message at a time: the outbox's sender (domain/notices.h)
 * decides what to send and records what came of it. */
#ifndef POLKA_MAIL_H
#define POLKA_MAIL_H

#include <stddef.h>

/* What the relay did with a message. */
enum mail_result {
    MAIL_SENT,    /* accepted for delivery */
    MAIL_RELAY,   /* not now, and nothing else now: the relay could not be reached, timed out,
                   * answered 4xx, or refused us (5xx to the greeting, login or sender) */
    MAIL_REFUSED, /* this message refused for good: 5xx to its recipient or its content */
};

struct mail_message {
    const char *from;       /* the sender's address, "polka@example.ru" */
    const char *to;         /* one recipient's address */
    const char *subject;    /* UTF-8; sent encoded (RFC 2047) */
    const char *body;       /* UTF-8 text, lines ending in \n; sent base64 */
    const char *message_id; /* "<outbox-42@polka>": the same message keeps its id */
};

/* Sends m to the relay at url ("smtp://host:port", "smtps://..."; user and password in it or
 * none). On MAIL_RELAY and MAIL_REFUSED, err gets the relay's or the connection's words. */
enum mail_result mail_send(const char *url, const struct mail_message *m, char *err, size_t errlen);
/* The whole message as it goes to the relay (headers, a blank line, the body), CR LF line
 * ends; for the tests and for support. Caller frees. */
char *mail_format(const struct mail_message *m);

#endif
