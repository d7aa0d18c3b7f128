/* smtp.c: see mail.h. libcurl speaks SMTP (and STARTTLS, smtps); we give it the envelope and
 * the message text and read back what the relay answered. */
#include "polka/mail.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/util.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* s[0..n) in base64, a CR LF after every `wrap` characters (0: one line). */
static void base64_add(struct strbuf *sb, const unsigned char *s, size_t n, size_t wrap)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=',
                     i + 2 < n ? b64[v & 63] : '='};
        strbuf_add(sb, q, 4);
        col += 4;
        if (wrap && col >= wrap && i + 3 < n) {
            strbuf_puts(sb, "\r\n");
            col = 0;
        }
    }
}

/* The body with its line ends as CR LF (a lone \n or \r\n alike). Caller frees. */
static char *crlf(const char *text, size_t *len)
{
    struct strbuf sb = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n')
            strbuf_puts(&sb, "\r\n");
        else
            strbuf_add(&sb, p, 1);
    }
    *len = sb.len;
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

char *mail_format(const struct mail_message *m)
{
    struct strbuf sb = {0};
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    /* RFC 5322 wants English day and month names, whatever the locale. */
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
             tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    strbuf_printf(&sb, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n", date, m->from, m->to);
    if (m->message_id)
        strbuf_printf(&sb, "Message-ID: %s\r\n", m->message_id);
    /* The subject as encoded-words of at most 75 characters (RFC 2047): pieces of up to 45
     * bytes cut between UTF-8 characters, one per folded line. */
    strbuf_puts(&sb, "Subject:");
    const char *subj = m->subject;
    size_t left = strlen(subj);
    while (left) {
        size_t n = left < 45 ? left : 45;
        while (n < left && ((unsigned char)subj[n] & 0xC0) == 0x80)
            n--;
        strbuf_puts(&sb, subj == m->subject ? " =?UTF-8?B?" : "\r\n =?UTF-8?B?");
        base64_add(&sb, (const unsigned char *)subj, n, 0);
        strbuf_puts(&sb, "?=");
        subj += n;
        left -= n;
    }
    strbuf_puts(&sb, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n");
    size_t n = 0;
    char *body = crlf(m->body, &n);
    base64_add(&sb, (const unsigned char *)body, n, 76);
    strbuf_puts(&sb, "\r\n");
    free(body);
    return strbuf_detach(&sb);
}

struct upload {
    const char *data;
    size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nitems;
    if (n > u->len - u->pos)
        n = u->len - u->pos;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* "<addr>" for the envelope. Caller frees. */
static char *angle(const char *addr)
{
    return xasprintf("<%s>", addr);
}

enum mail_result mail_send(const char *url, const struct mail_message *m, char *err, size_t errlen)
{
    static bool ready;
    if (!ready) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        ready = true;
    }
    if (err && errlen)
        err[0] = '\0';
    /* Addresses go into headers and the envelope as they are: no line breaks, no brackets. */
    if (strpbrk(m->from, "\r\n<>") || strpbrk(m->to, "\r\n<>")) {
        snprintf(err, errlen, "%s", "an address with a line break or a bracket");
        return strpbrk(m->from, "\r\n<>") ? MAIL_RELAY : MAIL_REFUSED;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "%s", "curl_easy_init failed");
        return MAIL_RELAY;
    }
    char *text = mail_format(m);
    struct upload u = {text, strlen(text), 0};
    char *from = angle(m->from), *to = angle(m->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    enum mail_result res = MAIL_SENT;
    if (rc != CURLE_OK) {
        /* A 5xx to this message's recipient or content refuses it for good; any other failure
         * (no connection, a 4xx, a 5xx to the greeting, the login or our sender) is the
         * relay's: nothing else will pass it either now. */
        bool mine = strstr(curl_err, "RCPT") || strstr(curl_err, "DATA");
        res = code >= 500 && code < 600 && mine ? MAIL_REFUSED : MAIL_RELAY;
        if (code)
            snprintf(err, errlen, "%ld: %s", code, curl_err[0] ? curl_err : curl_easy_strerror(rc));
        else
            snprintf(err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    free(from);
    free(to);
    free(text);
    return res;
}
