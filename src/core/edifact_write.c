/* edifact_write.c: see edifact_write.h.
 *
 * The character set. A chain's provider reads UNOC (ISO 8859-1) everywhere, and EANCOM names it
 * for Western European text; Cyrillic is not in it. ISO 9735 version 4 gives UNOW (UTF-8),
 * which the Russian providers (and our reader) take, and which carries any name. So: UNOC:3
 * when every character of the interchange is Latin-1 (plain ASCII always is: then the bytes are
 * the same in every character set, and any partner reads them), else UNOW:4 in UTF-8. Sending
 * Cyrillic labelled UNOC, as some senders do, would be a lie the partner must guess at (our
 * reader guesses: a UNOC file that is all valid UTF-8 is read as UTF-8). For the same reason the
 * Latin-1 bytes are checked against that guess: Latin-1 text such as "Ã©" happens to be valid
 * UTF-8 ("é"), and would be misread; such an interchange goes as UNOW:4 too.
 *
 * The release character frees the separators and itself only: ISO 9735 does not release the
 * decimal mark (it is not a separator), and our reader refuses a release before anything else.
 * UNA declares no repetition separator (a space in its fifth place, as in version 3), so that
 * '*' is data for readers of either version. */
#include "polka/edifact_write.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/edifact.h"
#include "polka/i18n.h"
#include "polka/inn.h"
#include "polka/text.h"

static bool vfail(struct edi_writer *w, const char *fmt, va_list ap)
{
    if (!w->failed) {
        w->failed = true;
        vsnprintf(w->why, sizeof(w->why), fmt, ap);
    }
    return false;
}

bool edi_write_fail(struct edi_writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(w, fmt, ap);
    va_end(ap);
    return false;
}

/* The open segment, for a refusal: "NAD (segment 5 of message 1)". */
static const char *where(const struct edi_writer *w, char *buf, size_t n)
{
    const char *s = w->body.buf ? w->body.buf : "";
    size_t at = w->body.len;
    while (at > 0 && s[at - 1] != '\n')
        at--;
    snprintf(buf, n, _("%.3s (segment %zu of message %zu)"), s + at, w->msg_segments, w->nmessages);
    return buf;
}

bool edi_date_valid(const char *iso)
{
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
            return false;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

bool edi_gln_valid(const char *gln)
{
    return gln && strlen(gln) == 13 && gtin_valid(gln);
}

bool edi_decimal(const char *text, char *out, size_t n)
{
    int64_t v;
    char buf[48];
    if (!text || decimal_parse(text, DECIMAL_MAX_SCALE, &v) != DECIMAL_OK)
        return false;
    decimal_to_sql(v, DECIMAL_MAX_SCALE, buf, sizeof(buf));
    size_t len = strlen(buf);
    while (buf[len - 1] == '0')
        buf[--len] = '\0';
    if (buf[len - 1] == '.')
        buf[--len] = '\0';
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, sizeof(buf), "0");
    size_t digits = 0;
    for (const char *p = buf; *p; p++)
        digits += *p >= '0' && *p <= '9';
    if (digits > 15 || strlen(buf) >= n)
        return false;
    memcpy(out, buf, strlen(buf) + 1);
    return true;
}

static bool tag_ok(const char *tag)
{
    if (!tag || strlen(tag) != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (!((tag[i] >= 'A' && tag[i] <= 'Z') || (tag[i] >= '0' && tag[i] <= '9')))
            return false;
    return true;
}

/* A value into the open segment: checked as the reader would, released, its largest code
 * point kept. */
static void put_value(struct edi_writer *w, const char *v)
{
    if (w->failed || !v || !*v)
        return;
    char at[64];
    size_t n = strlen(v);
    if (!text_utf8_valid(v, n)) {
        edi_write_fail(w, _("%s: element %zu is not UTF-8 text"), where(w, at, sizeof(at)),
                       w->nels);
        return;
    }
    if (n > EDI_MAX_VALUE) {
        edi_write_fail(w, _("%s: element %zu is longer than %d bytes"), where(w, at, sizeof(at)),
                       w->nels, EDI_MAX_VALUE);
        return;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(v + i, n - i, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            edi_write_fail(w, _("%s: element %zu holds a control character (U+%04X)"),
                           where(w, at, sizeof(at)), w->nels, (unsigned)cp);
            return;
        }
        if (cp > w->max_cp)
            w->max_cp = cp;
        if (k == 1 && (v[i] == '\'' || v[i] == '+' || v[i] == ':' || v[i] == '?'))
            strbuf_add(&w->body, "?", 1);
        strbuf_add(&w->body, v + i, k);
        i += k;
    }
    w->seg_keep = w->body.len;
}

void edi_seg_begin(struct edi_writer *w, const char *tag)
{
    if (w->failed)
        return;
    if (!w->in_message || w->in_segment) {
        edi_write_fail(w, _("a segment outside a message or inside another (a program error)"));
        return;
    }
    static const char *const service[] = {"UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"};
    bool ok = tag_ok(tag);
    for (size_t i = 0; ok && i < ARRAY_SIZE(service); i++)
        ok = strcmp(tag, service[i]) != 0;
    if (!ok) {
        edi_write_fail(w, _("\"%s\" is not a segment tag a message may hold"), tag ? tag : "");
        return;
    }
    if (w->nsegments + 2 > EDI_MAX_SEGMENTS) { /* room for this and UNT (UNZ is counted) */
        edi_write_fail(w, _("more than %d segments in the interchange"), EDI_MAX_SEGMENTS);
        return;
    }
    strbuf_puts(&w->body, tag);
    w->seg_keep = w->body.len;
    w->in_segment = true;
    w->nels = w->ncomps = 0;
    w->msg_segments++;
    w->nsegments++;
}

void edi_el(struct edi_writer *w, const char *v)
{
    if (w->failed)
        return;
    if (!w->in_segment) {
        edi_write_fail(w, _("an element outside a segment (a program error)"));
        return;
    }
    if (w->nels >= EDI_MAX_ELEMENTS) {
        char at[64];
        edi_write_fail(w, _("%s: more than %d elements"), where(w, at, sizeof(at)),
                       EDI_MAX_ELEMENTS);
        return;
    }
    strbuf_add(&w->body, "+", 1);
    w->nels++;
    w->ncomps = 1;
    put_value(w, v);
}

void edi_comp(struct edi_writer *w, const char *v)
{
    if (w->failed)
        return;
    if (!w->in_segment || w->nels == 0) {
        edi_write_fail(w, _("a component outside an element (a program error)"));
        return;
    }
    if (w->ncomps >= EDI_MAX_COMPONENTS) {
        char at[64];
        edi_write_fail(w, _("%s: more than %d components in element %zu"), where(w, at, sizeof(at)),
                       EDI_MAX_COMPONENTS, w->nels);
        return;
    }
    strbuf_add(&w->body, ":", 1);
    w->ncomps++;
    put_value(w, v);
}

void edi_seg_end(struct edi_writer *w)
{
    if (w->failed)
        return;
    if (!w->in_segment) {
        edi_write_fail(w, _("a segment ended twice (a program error)"));
        return;
    }
    /* Trailing empty components and elements are left out (ISO 9735 says so; the reader gives
     * NULL for them either way). */
    w->body.len = w->seg_keep;
    w->body.buf[w->body.len] = '\0';
    strbuf_add(&w->body, "'\n", 2);
    w->in_segment = false;
}

/* A placeholder's value as it is written: a number or a date converted, text as it is. */
static bool pattern_value(struct edi_writer *w, char kind, const char *v, char *buf, size_t n,
                          const char **out)
{
    char at[64];
    *out = v;
    if (!v || !*v || kind == '%')
        return true;
    if (kind == '#') {
        if (!edi_decimal(v, buf, n))
            return edi_write_fail(w,
                                  _("%s: \"%.40s\" is not a number (at most 15 digits, 6 "
                                    "of them decimals)"),
                                  where(w, at, sizeof(at)), v);
    } else {
        if (!edi_date_valid(v))
            return edi_write_fail(w, _("%s: \"%.40s\" is not a date (YYYY-MM-DD)"),
                                  where(w, at, sizeof(at)), v);
        snprintf(buf, n, "%.4s%.2s%.2s", v, v + 5, v + 8);
    }
    *out = buf;
    return true;
}

void edi_seg(struct edi_writer *w, const char *tag, const char *pattern, ...)
{
    edi_seg_begin(w, tag);
    if (w->failed)
        return;
    va_list ap;
    va_start(ap, pattern);
    struct strbuf cur = {0};
    bool first = true; /* the next component begins an element */
    for (const char *p = pattern;; p++) {
        if (*p == '\0' || *p == '+' || *p == ':') {
            if (first)
                edi_el(w, cur.buf);
            else
                edi_comp(w, cur.buf);
            strbuf_reset(&cur);
            first = *p == '+';
            if (*p == '\0')
                break;
        } else if (*p == '%' || *p == '#' || *p == '@') {
            const char *v = va_arg(ap, const char *), *put;
            char buf[48];
            if (!pattern_value(w, *p, v, buf, sizeof(buf), &put))
                break;
            if (put)
                strbuf_puts(&cur, put);
        } else if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
            strbuf_add(&cur, p, 1);
        } else {
            edi_write_fail(w, _("a segment pattern holds '%c' (a program error)"), *p);
            break;
        }
    }
    va_end(ap);
    strbuf_release(&cur);
    edi_seg_end(w);
}

bool edi_write_begin(struct edi_writer *w, const struct edi_envelope *env)
{
    memset(w, 0, sizeof(*w));
    if (!edi_gln_valid(env->sender_gln) || !edi_gln_valid(env->recipient_gln))
        return edi_write_fail(w, _("the interchange's sender and recipient must be GLNs (13 "
                                   "digits with a right check digit)"));
    if (!edi_date_valid(env->date))
        return edi_write_fail(w, _("the interchange's date is not a date (YYYY-MM-DD)"));
    const char *t = env->time;
    if (!t || strlen(t) != 5 || t[2] != ':' || t[0] < '0' || t[0] > '2' || t[1] < '0' ||
        t[1] > '9' || t[3] < '0' || t[3] > '5' || t[4] < '0' || t[4] > '9' || atoi(t) > 23)
        return edi_write_fail(w, _("the interchange's time is not a time (HH:MM)"));
    const char *r = env->control_ref;
    size_t rn = r ? strlen(r) : 0;
    bool ok = rn >= 1 && rn <= 14;
    for (size_t i = 0; ok && i < rn; i++)
        ok = (r[i] >= 'A' && r[i] <= 'Z') || (r[i] >= 'a' && r[i] <= 'z') ||
             (r[i] >= '0' && r[i] <= '9');
    if (!ok)
        return edi_write_fail(w, _("the interchange's control reference must be 1 to 14 "
                                   "letters or digits"));
    memcpy(w->sender, env->sender_gln, 14);
    memcpy(w->recipient, env->recipient_gln, 14);
    snprintf(w->date, sizeof(w->date), "%.4s%.2s%.2s", env->date, env->date + 5, env->date + 8);
    snprintf(w->time, sizeof(w->time), "%.2s%.2s", t, t + 3);
    memcpy(w->control_ref, r, rn + 1);
    w->nsegments = 2; /* UNB and UNZ */
    w->began = true;
    return true;
}

bool edi_message_begin(struct edi_writer *w, const char *type, const char *version,
                       const char *release, const char *assoc)
{
    if (w->failed)
        return false;
    if (!w->began || w->in_message)
        return edi_write_fail(w, _("a message begun outside an interchange or inside another "
                                   "(a program error)"));
    w->in_message = true;
    w->nmessages++;
    w->msg_segments = 0;
    char ref[24];
    snprintf(ref, sizeof(ref), "%zu", w->nmessages);
    /* UNH is written as any segment (its values checked and released), under its own tag. */
    strbuf_puts(&w->body, "UNH");
    w->seg_keep = w->body.len;
    w->in_segment = true;
    w->nels = w->ncomps = 0;
    w->msg_segments = 1;
    w->nsegments++;
    edi_el(w, ref);
    edi_el(w, type);
    edi_comp(w, version);
    edi_comp(w, release);
    edi_comp(w, "UN");
    edi_comp(w, assoc);
    edi_seg_end(w);
    return !w->failed;
}

bool edi_message_end(struct edi_writer *w)
{
    if (w->failed)
        return false;
    if (!w->in_message || w->in_segment)
        return edi_write_fail(w, _("a message ended outside a message (a program error)"));
    if (w->nsegments + 1 > EDI_MAX_SEGMENTS)
        return edi_write_fail(w, _("more than %d segments in the interchange"), EDI_MAX_SEGMENTS);
    w->msg_segments++;
    w->nsegments++;
    strbuf_printf(&w->body, "UNT+%zu+%zu'\n", w->msg_segments, w->nmessages);
    w->in_message = false;
    return true;
}

/* The body in ISO 8859-1 (every code point is at most U+00FF). */
static void to_latin1(const struct strbuf *in, struct strbuf *out)
{
    for (size_t i = 0; i < in->len;) {
        uint32_t cp;
        i += text_decode(in->buf + i, in->len - i, &cp);
        char c = (char)(unsigned char)cp;
        strbuf_add(out, &c, 1);
    }
}

char *edi_write_finish(struct edi_writer *w, size_t *len)
{
    if (!w->failed && (!w->began || w->in_message || w->nmessages == 0))
        edi_write_fail(w, w->in_message ? _("a message is still open (a program error)")
                                        : _("the interchange holds no message"));
    if (w->failed)
        return NULL;
    struct strbuf out = {0};
    bool latin1 = w->max_cp <= 0xff;
    for (int attempt = 0; attempt < 2; attempt++) {
        strbuf_reset(&out);
        strbuf_puts(&out, "UNA:+.? '\n");
        if (latin1) {
            strbuf_printf(&out, "UNB+UNOC:3+%s:14+%s:14+%s:%s+%s'\n", w->sender, w->recipient,
                          w->date + 2, w->time, w->control_ref);
            size_t head = out.len;
            to_latin1(&w->body, &out);
            bool high = false;
            for (size_t i = head; i < out.len && !high; i++)
                high = (unsigned char)out.buf[i] >= 0x80;
            if (high && text_utf8_valid(out.buf, out.len)) {
                latin1 = false; /* it would read as UTF-8: say so */
                continue;
            }
        } else {
            strbuf_printf(&out, "UNB+UNOW:4+%s:14+%s:14+%s:%s+%s'\n", w->sender, w->recipient,
                          w->date, w->time, w->control_ref);
            strbuf_add(&out, w->body.buf, w->body.len);
        }
        break;
    }
    strbuf_printf(&out, "UNZ+%zu+%s'\n", w->nmessages, w->control_ref);
    *len = out.len;
    return strbuf_detach(&out);
}

void edi_writer_free(struct edi_writer *w)
{
    strbuf_release(&w->body);
    w->in_message = w->in_segment = false;
}
