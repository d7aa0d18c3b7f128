/* edi_orders.c: see edi_orders.h. One pass over the message's segments: the header's until the
 * first LIN, then each LIN and what follows it until the next one (UNS ends the lines). */
#include "polka/edi_orders.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/i18n.h"
#include "polka/record.h"
#include "polka/text.h"

enum { CODE_MAX = 35, NAME_CHARS = 300 };

struct line {
    const char *gtin, *code, *article, *unit, *promo;
    char *name;
    char qty[32], price[32];
    size_t segment; /* the LIN's number in the file */
};

struct order {
    const char *number, *buyer, *point, *supplier, *promo;
    char doc_date[11], requested[11];
    int requested_rank; /* 1: DTM 2, 2: 64, 3: 69 */
    struct line *lines;
    size_t nlines;
};

size_t edi_message_interchange(const struct edi_file *f, size_t msg)
{
    for (size_t i = 0; i < f->ninterchanges; i++)
        if (msg >= f->interchanges[i].first_message &&
            msg < f->interchanges[i].first_message + f->interchanges[i].nmessages)
            return i;
    return 0;
}

/* A value's text for JSON: "" counts as absent. */
static const char *given(const char *v)
{
    return v && *v ? v : NULL;
}

/* DTM's value in format fmt (102 CCYYMMDD, 203/204 with the time after, 101 YYMMDD, 718 a
 * range whose first day counts) as YYYY-MM-DD into out; false when it is not a day. */
static bool dtm_day(const char *v, const char *fmt, char out[11])
{
    char digits[9];
    size_t len = v ? strlen(v) : 0;
    if (str_eq(fmt, "101") && len == 6)
        snprintf(digits, sizeof(digits), "20%s", v);
    else if ((str_empty(fmt) || str_eq(fmt, "102")) && len == 8)
        memcpy(digits, v, 9);
    else if ((str_eq(fmt, "203") && len == 12) || (str_eq(fmt, "204") && len == 14) ||
             (str_eq(fmt, "718") && len == 17 && v[8] == '-')) {
        memcpy(digits, v, 8);
        digits[8] = '\0';
    } else
        return false;
    for (size_t i = 0; i < 8; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return false;
    snprintf(out, 11, "%.4s-%.2s-%.2s", digits, digits + 4, digits + 6);
    int y, m, d;
    return text_date_parse(out, &y, &m, &d);
}

/* A number at most `scale` decimals, as decimal text into out. */
static bool number_text(const struct edi_file *f, const char *v, int scale, char out[32])
{
    int64_t n;
    if (!v || !edi_number(f, v, scale, &n))
        return false;
    int64_t unit = 1;
    for (int i = 0; i < scale; i++)
        unit *= 10;
    uint64_t a = n < 0 ? (uint64_t)(-(n + 1)) + 1 : (uint64_t)n;
    snprintf(out, 32, "%s%" PRIu64 ".%0*" PRIu64, n < 0 ? "-" : "", a / (uint64_t)unit, scale,
             a % (uint64_t)unit);
    return true;
}

/* An item number of kind type into the line: a GTIN, our code or the buyer's article. */
static void item_number(struct line *l, const char *id, const char *type)
{
    if (!given(id))
        return;
    if ((str_eq(type, "EN") || str_eq(type, "SRV")) && !l->gtin)
        l->gtin = id;
    else if (str_eq(type, "SA") && !l->code)
        l->code = id;
    else if ((str_eq(type, "IN") || str_eq(type, "BP")) && !l->article)
        l->article = id;
}

static bool header_segment(const struct edi_file *f, size_t i, struct order *o,
                           struct edi_error *err)
{
    const struct edi_segment *s = &f->segs[i];
    const char *q = edi_value(s, 0, 0);
    if (str_eq(s->tag, "BGM")) {
        o->number = given(edi_value(s, 1, 0));
    } else if (str_eq(s->tag, "DTM")) {
        const char *v = edi_value(s, 0, 1), *fmt = edi_value(s, 0, 2);
        int rank = str_eq(q, "2") ? 1 : str_eq(q, "64") ? 2 : str_eq(q, "69") ? 3 : 0;
        if (str_eq(q, "137") || rank) {
            char day[11];
            if (!dtm_day(v, fmt, day))
                return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                                  _("the date %s is not a day in format %s"), v ? v : "",
                                  fmt ? fmt : "102");
            if (str_eq(q, "137"))
                memcpy(o->doc_date, day, sizeof(day));
            else if (!o->requested_rank || rank < o->requested_rank) {
                memcpy(o->requested, day, sizeof(day));
                o->requested_rank = rank;
            }
        }
    } else if (str_eq(s->tag, "NAD")) {
        const char *gln = given(edi_value(s, 1, 0));
        if (str_eq(q, "BY"))
            o->buyer = gln;
        else if (str_eq(q, "SU"))
            o->supplier = gln;
        else if (str_eq(q, "DP") || ((str_eq(q, "ST") || str_eq(q, "UD")) && !o->point))
            o->point = gln;
    } else if (str_eq(s->tag, "RFF") && str_eq(q, "PD")) {
        o->promo = "true";
    }
    return true;
}

static bool line_segment(const struct edi_file *f, size_t i, struct line *l, struct edi_error *err)
{
    const struct edi_segment *s = &f->segs[i];
    const char *q = edi_value(s, 0, 0);
    if (str_eq(s->tag, "PIA")) {
        for (size_t e = 1; e < s->nels && e <= 5; e++)
            item_number(l, edi_value(s, e, 0), edi_value(s, e, 1));
    } else if (str_eq(s->tag, "IMD") && !l->name) {
        const char *a = given(edi_value(s, 2, 3)), *b = given(edi_value(s, 2, 4));
        if (a || b) {
            char *both = xasprintf("%s%s%s", a ? a : "", a && b ? " " : "", b ? b : "");
            l->name = text_sanitize(both, strlen(both), NAME_CHARS); /* cut to the column's */
            free(both);
        }
    } else if (str_eq(s->tag, "QTY") && str_eq(q, "21")) {
        if (!number_text(f, edi_value(s, 0, 1), 3, l->qty))
            return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                              _("the quantity %s is not a number of at most 3 decimals"),
                              edi_value(s, 0, 1) ? edi_value(s, 0, 1) : "");
        l->unit = given(edi_value(s, 0, 2));
    } else if (str_eq(s->tag, "PRI") && (str_eq(q, "AAA") || (str_eq(q, "AAB") && !*l->price))) {
        if (!number_text(f, edi_value(s, 0, 1), 4, l->price))
            return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                              _("the price %s is not a number of at most 4 decimals"),
                              edi_value(s, 0, 1) ? edi_value(s, 0, 1) : "");
    } else if (str_eq(s->tag, "RFF") && str_eq(q, "PD")) {
        l->promo = "true";
    }
    return true;
}

/* A line read whole: it has a number to know it by and a quantity; its codes are not too long
 * for the database (a longer one is no code of anybody's). */
static bool line_done(const struct edi_file *f, const struct line *l, struct edi_error *err)
{
    if (!l->gtin && !l->code && !l->article)
        return edi_refuse(err, f, l->segment - 1, EDI_ERR_MISSING,
                          _("line item has no product number (GTIN or article)"));
    if (!*l->qty)
        return edi_refuse(err, f, l->segment - 1, EDI_ERR_MISSING,
                          _("line item has no ordered quantity (QTY+21)"));
    const char *codes[] = {l->gtin, l->code, l->article, l->unit};
    for (size_t k = 0; k < ARRAY_SIZE(codes); k++)
        if (codes[k] && strlen(codes[k]) > CODE_MAX)
            return edi_refuse(err, f, l->segment - 1, EDI_ERR_TOO_LONG,
                              _("a product number is longer than %d characters"), CODE_MAX);
    return true;
}

static void put(struct strbuf *out, bool *first, const char *key, const char *v)
{
    if (!v)
        return;
    char *q = json_quote(v);
    strbuf_printf(out, "%s\"%s\":%s", *first ? "" : ",", key, q);
    free(q);
    *first = false;
}

static void write_json(const struct edi_file *f, size_t msg, const struct order *o,
                       struct strbuf *out)
{
    const struct edi_message *m = &f->messages[msg];
    const struct edi_interchange *ic = &f->interchanges[edi_message_interchange(f, msg)];
    char dir[16];
    snprintf(dir, sizeof(dir), "%s%s", m->version ? m->version : "", m->release ? m->release : "");
    bool first = true;
    strbuf_puts(out, "{\"channel\":\"edi\"");
    first = false;
    put(out, &first, "sender", ic->sender);
    put(out, &first, "number", o->number);
    put(out, &first, "message_ref", given(m->ref));
    put(out, &first, "directory", given(dir));
    put(out, &first, "doc_date", given(o->doc_date));
    put(out, &first, "requested_on", given(o->requested));
    put(out, &first, "buyer_gln", o->buyer);
    put(out, &first, "point_gln", o->point);
    put(out, &first, "supplier_gln", o->supplier);
    if (o->promo)
        strbuf_puts(out, ",\"promo\":true");
    strbuf_puts(out, ",\"lines\":[");
    for (size_t i = 0; i < o->nlines; i++) {
        const struct line *l = &o->lines[i];
        bool lf = true;
        strbuf_puts(out, i ? ",{" : "{");
        put(out, &lf, "gtin", l->gtin);
        put(out, &lf, "code", l->code);
        put(out, &lf, "article", l->article);
        put(out, &lf, "name", l->name);
        put(out, &lf, "qty", l->qty);
        put(out, &lf, "unit", l->unit);
        put(out, &lf, "buyer_price", given(l->price));
        if (l->promo)
            strbuf_puts(out, ",\"promo\":true");
        strbuf_printf(out, ",\"segment\":%zu}", l->segment);
    }
    strbuf_puts(out, "]}");
}

bool edi_orders_json(const struct edi_file *f, size_t msg, struct strbuf *out,
                     struct edi_error *err)
{
    const struct edi_message *m = &f->messages[msg];
    struct order o = {0};
    size_t cap = 0;
    bool ok = true, in_lines = false;
    for (size_t i = m->first + 1; ok && i < m->last; i++) {
        const struct edi_segment *s = &f->segs[i];
        if (str_eq(s->tag, "LIN")) {
            if (in_lines)
                ok = line_done(f, &o.lines[o.nlines - 1], err);
            if (ok && o.nlines == EDI_ORDERS_MAX_LINES)
                ok = edi_refuse(err, f, i, EDI_ERR_TOO_MANY, _("an order has at most %d lines"),
                                EDI_ORDERS_MAX_LINES);
            if (!ok)
                break;
            if (o.nlines == cap) {
                cap = cap ? cap * 2 : 32;
                o.lines = xrealloc(o.lines, cap * sizeof(*o.lines));
            }
            struct line *l = &o.lines[o.nlines++];
            memset(l, 0, sizeof(*l));
            l->segment = i + 1;
            item_number(l, edi_value(s, 2, 0), edi_value(s, 2, 1));
            in_lines = true;
        } else if (str_eq(s->tag, "UNS")) {
            if (in_lines)
                ok = line_done(f, &o.lines[o.nlines - 1], err);
            in_lines = false;
        } else if (in_lines) {
            ok = line_segment(f, i, &o.lines[o.nlines - 1], err);
        } else if (!o.nlines) {
            ok = header_segment(f, i, &o, err);
        }
    }
    if (ok && in_lines)
        ok = line_done(f, &o.lines[o.nlines - 1], err);
    if (ok && !o.number)
        ok = edi_refuse(err, f, m->first, EDI_ERR_MISSING,
                        _("the order has no document number (BGM)"));
    else if (ok && strlen(o.number) > CODE_MAX)
        ok = edi_refuse(err, f, m->first, EDI_ERR_TOO_LONG,
                        _("the document number is longer than %d characters"), CODE_MAX);
    if (ok && !o.nlines)
        ok = edi_refuse(err, f, m->last, EDI_ERR_MISSING, _("the order has no line items (LIN)"));
    const char *glns[] = {o.buyer, o.point, o.supplier};
    for (size_t k = 0; ok && k < ARRAY_SIZE(glns); k++)
        if (glns[k] && strlen(glns[k]) > CODE_MAX)
            ok = edi_refuse(err, f, m->first, EDI_ERR_TOO_LONG,
                            _("a party's GLN is longer than %d characters"), CODE_MAX);
    if (ok)
        write_json(f, msg, &o, out);
    for (size_t i = 0; i < o.nlines; i++)
        free(o.lines[i].name);
    free(o.lines);
    return ok;
}
