/* text.c: UTF-8 decoding, cleaning and display width. Decoding is ours (locale independent);
 * only the column width of a code point comes from wcwidth(). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth() */
#endif
#include "polka/text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "polka/util.h"

#define REPLACEMENT 0xFFFDu
#define ELLIPSIS    "\xE2\x80\xA6" /* U+2026, one column */

size_t text_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1Fu;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0Fu;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07u;
        min = 0x10000;
    } else {
        /* Continuation byte, C0/C1 (always overlong) or F5..FF (beyond U+10FFFF). */
        *cp = REPLACEMENT;
        return 1;
    }
    if (len < n) {
        *cp = REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = REPLACEMENT;
        return 1;
    }
    *cp = v;
    return n;
}

size_t text_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

/* True when s[0..n) decodes to cp honestly, i.e. not a U+FFFD made up for a bad byte. */
static bool decoded_ok(const char *s, size_t n, uint32_t cp)
{
    return cp != REPLACEMENT || (n == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0);
}

bool text_utf8_valid(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (!decoded_ok(s + i, n, cp))
            return false;
        i += n;
    }
    return true;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

char *text_sanitize(const char *s, size_t len, size_t max_chars)
{
    struct strbuf sb = {0};
    size_t i = 0, chars = 0;
    if (!s)
        len = 0;
    while (i < len && (max_chars == 0 || chars < max_chars)) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        if (cp == '\t')
            cp = ' ';
        else if (is_control(cp))
            continue;
        char b[4];
        strbuf_add(&sb, b, text_encode(cp, b));
        chars++;
    }
    return strbuf_detach(&sb);
}

size_t text_chars(const char *s)
{
    if (!s)
        return 0;
    size_t len = strlen(s), i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}

/* Columns of one code point; -1 when it is not printable (controls, unassigned). */
static int cp_width(uint32_t cp)
{
    return wcwidth((wchar_t)cp);
}

int text_width(const char *s)
{
    if (!s)
        return 0;
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        int cw = cp_width(cp);
        if (cw > 0 && w <= INT_MAX - cw)
            w += cw;
    }
    return w;
}

size_t text_fit_bytes(const char *s, int width)
{
    if (!s || width <= 0)
        return 0;
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        int cw = cp_width(cp);
        if (cw > 0 && cw > width - w)
            break;
        if (cw > 0)
            w += cw;
        i += n;
    }
    return i;
}

/* Appends to sb the printable part of s that fits in `width` columns; invalid bytes come out as
 * U+FFFD, non-printable code points are left out (they count 0 in text_width as well). Returns
 * the columns used; *cut tells whether something printable did not fit. */
static int fit_into(struct strbuf *sb, const char *s, int width, bool *cut)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    *cut = false;
    while (i < len) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        int cw = cp_width(cp);
        if (cw < 0)
            continue;
        if (cw > width - w) {
            *cut = true;
            break;
        }
        char b[4];
        strbuf_add(sb, b, text_encode(cp, b));
        w += cw;
    }
    return w;
}

static void add_spaces(struct strbuf *sb, int n)
{
    for (int i = 0; i < n; i++)
        strbuf_add(sb, " ", 1);
}

static char *fit(const char *s, int width, bool ellipsis, bool right)
{
    struct strbuf body = {0}, out = {0};
    if (width <= 0)
        return xstrdup("");
    if (!s)
        s = "";
    bool cut;
    int w = fit_into(&body, s, width, &cut);
    if (cut && ellipsis) {
        /* Again, one column shorter, to leave room for the mark. */
        strbuf_reset(&body);
        w = fit_into(&body, s, width - 1, &cut);
    }
    bool mark = cut && ellipsis;
    int pad = width - w - (mark ? 1 : 0);
    if (right)
        add_spaces(&out, pad);
    strbuf_add(&out, body.buf ? body.buf : "", body.len);
    if (!right)
        add_spaces(&out, pad);
    if (mark)
        strbuf_puts(&out, ELLIPSIS);
    strbuf_release(&body);
    return strbuf_detach(&out);
}

char *text_fit(const char *s, int width, bool ellipsis)
{
    return fit(s, width, ellipsis, false);
}

char *text_fit_right(const char *s, int width, bool ellipsis)
{
    return fit(s, width, ellipsis, true);
}

char *text_fit_middle(const char *s, int width)
{
    if (!s || text_width(s) <= width || width < 8)
        return text_fit(s, width, true);
    /* The tail: the longest run of last words within 3/5 of the width (a brand in «» and a
     * size: "«Полька» 300 мл"), the head the rest. */
    size_t len = strlen(s), tail = len;
    int tail_w = 0, limit = (width - 1) * 3 / 5;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        int rest = text_width(s + i);
        if (rest <= limit && (i == 0 || s[i - 1] == ' ') && cp != ' ') {
            tail = i;
            tail_w = rest;
            break;
        }
        i += n;
    }
    char *head = text_fit(s, width - 1 - tail_w, false);
    size_t h = strlen(head);
    while (h > 0 && head[h - 1] == ' ') /* the mark follows the head's last word */
        head[--h] = '\0';
    char *joined = xasprintf("%s%s%s", head, ELLIPSIS, s + tail);
    char *out = text_fit(joined, width, false); /* padded where the head gave up spaces */
    free(head);
    free(joined);
    return out;
}

/* Simple case folding of the letters users search with: A-Z, А-Я, Ё. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 0x20;
    if (cp >= 0x0410 && cp <= 0x042F)
        return cp + 0x20;
    if (cp == 0x0401)
        return 0x0451;
    return cp;
}

char *text_fold(const char *s)
{
    struct strbuf sb = {0};
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += text_decode(s + i, len - i, &cp);
        cp = fold(cp);
        if (cp == 0x0451) /* ё is searched as е */
            cp = 0x0435;
        char b[4];
        strbuf_add(&sb, b, text_encode(cp, b));
    }
    return strbuf_detach(&sb);
}

/* A word character: letters and digits of any script; ASCII punctuation, spaces and the
 * typographic marks addresses and names carry («» № — – „ “ ”) separate words. */
static bool word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return cp != 0xAB && cp != 0xBB && cp != 0x2116 && cp != 0x2013 && cp != 0x2014 &&
           cp != 0x201C && cp != 0x201D && cp != 0x201E && cp != 0xA0;
}

/* The folded words of s, NUL-separated in one buffer; *n gets their count. Caller frees. */
static char *fold_words(const char *s, size_t *n)
{
    char *f = text_fold(s);
    struct strbuf sb = {0};
    size_t len = strlen(f);
    bool in = false;
    *n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text_decode(f + i, len - i, &cp);
        if (word_char(cp)) {
            strbuf_add(&sb, f + i, k);
            *n += !in;
            in = true;
        } else if (in) {
            strbuf_add(&sb, "", 1);
            in = false;
        }
        i += k;
    }
    if (in)
        strbuf_add(&sb, "", 1);
    free(f);
    return strbuf_detach(&sb);
}

bool text_words_match(const char *haystack, const char *query)
{
    size_t nq, nh;
    char *q = fold_words(query ? query : "", &nq);
    char *h = fold_words(haystack ? haystack : "", &nh);
    bool all = true;
    const char *qw = q;
    for (size_t i = 0; i < nq && all; i++, qw += strlen(qw) + 1) {
        bool found = false;
        const char *hw = h;
        for (size_t j = 0; j < nh && !found; j++, hw += strlen(hw) + 1)
            found = strncmp(hw, qw, strlen(qw)) == 0;
        all = found;
    }
    free(q);
    free(h);
    return all;
}

bool text_contains_ci(const char *haystack, const char *needle)
{
    if (!needle || !*needle)
        return true;
    if (!haystack)
        return false;
    size_t hlen = strlen(haystack), nlen = strlen(needle);
    for (size_t start = 0; start < hlen;) {
        size_t h = start, n = 0;
        while (n < nlen && h < hlen) {
            uint32_t a, b;
            size_t ha = text_decode(haystack + h, hlen - h, &a);
            size_t nb = text_decode(needle + n, nlen - n, &b);
            if (fold(a) != fold(b))
                break;
            h += ha;
            n += nb;
        }
        if (n == nlen)
            return true;
        uint32_t skip;
        start += text_decode(haystack + start, hlen - start, &skip);
    }
    return false;
}

bool text_date_parse(const char *s, int *y, int *m, int *d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    return *y >= 1900 && *y <= 2999 && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= days[*m - 1] + (*m == 2 && leap);
}

bool text_xml_escape(struct strbuf *out, const char *s)
{
    size_t len = strlen(s), start = out->len;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        bool bad = (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) ||
                   cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
        if (bad) {
            out->len = start;
            if (out->buf)
                out->buf[start] = '\0';
            return false;
        }
        const char *ent = cp == '&'    ? "&amp;"
                          : cp == '<'  ? "&lt;"
                          : cp == '>'  ? "&gt;"
                          : cp == '"'  ? "&quot;"
                          : cp == '\'' ? "&apos;"
                                       : NULL;
        if (ent)
            strbuf_puts(out, ent);
        else
            strbuf_add(out, s + i, n);
        i += n;
    }
    return true;
}
