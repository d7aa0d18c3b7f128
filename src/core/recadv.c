/* recadv.c: the receiving advice RECADV read into plain data (see eancom.h).
 *
 * Layout read: EANCOM 1997 RECADV version 003 (D.96A) and EANCOM 2002 S3 RECADV (D.01B): BGM
 * (632) with the document number; DTM 137 (the advice's date) and 50 (goods receipt); SG1
 * RFF+AAK (the despatch advice it answers) and RFF+ON (the order); SG4 NAD BY, SU, DP; then
 * the lines, with or without the CPS/PAC/PCI/GIN package levels around them: LIN with the GTIN
 * (EN or SRV), PIA (IN the buyer's code, SA ours, SRV/EN a GTIN), QTY 194 received and
 * accepted, 48 received, 12 despatched, 46 delivered, 21 ordered, and QVR: the difference
 * (negative for what is not accepted), its quantity qualifier (195 received, not accepted, to
 * be returned; 196 to be destroyed; 12 or 46 against the despatched quantity), the
 * discrepancy code (4221) and the reason (C960 4295). The segments are taken as they come;
 * what the correction does not use (MEA, FTX, package levels) is passed over. */
#include "polka/eancom.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/inn.h"
#include "polka/text.h"
#include "polka/util.h"

enum {
    RECADV_MAX_REJECTIONS = 99,
    QTY_SCALE = 3 /* quantities to the gram */
};
static const int64_t QTY_MAX = 1000000000000000; /* 10^12 units: far beyond any delivery */

static bool eq(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

/* A DTM's date (formats 102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 with seconds) as YYYY-MM-DD. */
static bool read_date(const struct edi_file *f, size_t i, char out[11], struct edi_error *err)
{
    const struct edi_segment *s = &f->segs[i];
    const char *v = edi_value(s, 0, 1), *fmt = edi_value(s, 0, 2);
    size_t want = eq(fmt, "203") ? 12 : eq(fmt, "204") ? 14 : 8;
    if (fmt && !eq(fmt, "102") && !eq(fmt, "203") && !eq(fmt, "204"))
        return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                          _("DTM: date format %.8s is not 102, 203 or 204"), fmt);
    bool ok = v && strlen(v) == want;
    for (size_t k = 0; ok && k < want; k++)
        ok = v[k] >= '0' && v[k] <= '9';
    if (ok) {
        snprintf(out, 11, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        ok = edi_date_valid(out);
    }
    if (!ok) {
        out[0] = '\0';
        return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                          _("DTM: \"%.20s\" is not a date of format %s"), v ? v : "",
                          fmt ? fmt : "102");
    }
    return true;
}

static bool read_qty(const struct edi_file *f, size_t i, const char *v, bool signed_ok,
                     int64_t *out, struct edi_error *err)
{
    if (!edi_number(f, v, QTY_SCALE, out) || *out > QTY_MAX || *out < -QTY_MAX ||
        (!signed_ok && *out < 0))
        return edi_refuse(err, f, i, EDI_ERR_INVALID_VALUE,
                          _("%s: \"%.20s\" is not a quantity (at most 3 decimals)"), f->segs[i].tag,
                          v ? v : "");
    return true;
}

static void qty_text(int64_t v, char out[24])
{
    decimal_to_sql(v, QTY_SCALE, out, 24);
}

static bool gtin_or_bad(const struct edi_file *f, size_t i, const char *v, struct edi_error *err)
{
    if (!gtin_valid(v))
        return edi_refuse(
            err, f, i, EDI_ERR_INVALID_VALUE,
            _("%s: \"%.20s\" is not a GTIN (8, 12, 13 or 14 digits with a right check digit)"),
            f->segs[i].tag, v ? v : "");
    return true;
}

/* Per line while reading: the quantities as numbers. */
struct line_qty {
    bool has_accepted, has_received, has_despatched;
    int64_t accepted, received, despatched;
};

static bool read_line_segment(const struct edi_file *f, size_t i, struct recadv_line *l,
                              struct line_qty *q, struct edi_error *err)
{
    const struct edi_segment *s = &f->segs[i];
    if (strcmp(s->tag, "PIA") == 0) {
        for (size_t e = 1; e < s->nels; e++) {
            const char *code = edi_value(s, e, 0), *type = edi_value(s, e, 1);
            if (!code || !*code)
                continue;
            if (eq(type, "IN"))
                l->buyer_code = code;
            else if (eq(type, "SA"))
                l->supplier_code = code;
            else if ((eq(type, "SRV") || eq(type, "EN")) && !l->gtin) {
                if (!gtin_or_bad(f, i, code, err))
                    return false;
                l->gtin = code;
            }
        }
    } else if (strcmp(s->tag, "QTY") == 0) {
        const char *qual = edi_value(s, 0, 0);
        int64_t v;
        char *to = eq(qual, "194")  ? l->accepted
                   : eq(qual, "48") ? l->received
                   : eq(qual, "12") ? l->despatched
                   : eq(qual, "46") ? (l->despatched[0] ? NULL : l->despatched)
                   : eq(qual, "21") ? l->ordered
                                    : NULL;
        if (!to)
            return true;
        if (!read_qty(f, i, edi_value(s, 0, 1), false, &v, err))
            return false;
        qty_text(v, to);
        if (to == l->accepted)
            q->has_accepted = true, q->accepted = v;
        else if (to == l->received)
            q->has_received = true, q->received = v;
        else if (to == l->despatched)
            q->has_despatched = true, q->despatched = v;
        const char *unit = edi_value(s, 0, 2);
        if (unit && *unit && (to == l->accepted || !l->unit))
            l->unit = unit;
    } else if (strcmp(s->tag, "QVR") == 0) {
        if (l->nrejections >= RECADV_MAX_REJECTIONS)
            return edi_refuse(err, f, i, EDI_ERR_TOO_MANY, _("QVR: more than %d on one line"),
                              RECADV_MAX_REJECTIONS);
        int64_t v;
        if (!read_qty(f, i, edi_value(s, 0, 0), true, &v, err))
            return false;
        l->rejections = xrealloc(l->rejections, (l->nrejections + 1) * sizeof(*l->rejections));
        struct recadv_rejection *rj = &l->rejections[l->nrejections++];
        qty_text(v, rj->quantity);
        rj->qualifier = edi_value(s, 0, 1);
        rj->discrepancy = edi_value(s, 1, 0);
        rj->reason = edi_value(s, 2, 0);
        if (rj->discrepancy && !*rj->discrepancy)
            rj->discrepancy = NULL;
        if (rj->reason && !*rj->reason)
            rj->reason = NULL;
    }
    return true;
}

/* The accepted quantity when QTY+194 is not given (see eancom.h). */
static bool work_out_accepted(const struct edi_file *f, struct recadv_line *l,
                              const struct line_qty *q, struct edi_error *err)
{
    if (q->has_accepted)
        return true;
    int64_t not_accepted = 0, variance = 0;
    for (size_t k = 0; k < l->nrejections; k++) {
        int64_t v;
        edi_number(f, l->rejections[k].quantity, QTY_SCALE, &v);
        const char *qual = l->rejections[k].qualifier;
        if (eq(qual, "195") || eq(qual, "196"))
            not_accepted += v < 0 ? -v : v;
        else if (eq(qual, "12") || eq(qual, "46"))
            variance += v;
    }
    int64_t accepted;
    if (q->has_received)
        accepted = q->received - not_accepted;
    else if (q->has_despatched && l->nrejections > 0)
        accepted = q->despatched + variance - not_accepted;
    else
        return edi_refuse(
            err, f, l->segment, EDI_ERR_MISSING,
            _("LIN: no accepted quantity (QTY+194), nor a received quantity (QTY+48) or a "
              "despatched one with its differences (QTY+12 and QVR) to work it out"));
    if (accepted < 0)
        return edi_refuse(err, f, l->segment, EDI_ERR_INVALID_VALUE,
                          _("LIN: the quantities not accepted (QVR) exceed the quantity received"));
    qty_text(accepted, l->accepted);
    return true;
}

/* A header segment (before the first LIN, or any not about a line). */
static bool read_head_segment(const struct edi_file *f, size_t i, struct recadv *r,
                              struct edi_error *err)
{
    const struct edi_segment *s = &f->segs[i];
    if (strcmp(s->tag, "BGM") == 0) {
        r->number = edi_value(s, 1, 0);
        if (!r->number || !*r->number || text_chars(r->number) > 35)
            return edi_refuse(
                err, f, i, EDI_ERR_INVALID_VALUE,
                _("BGM: the document number is missing or longer than 35 characters"));
    } else if (strcmp(s->tag, "DTM") == 0) {
        const char *q = edi_value(s, 0, 0);
        if (eq(q, "137"))
            return read_date(f, i, r->date, err);
        if (eq(q, "50"))
            return read_date(f, i, r->received_date, err);
    } else if (strcmp(s->tag, "RFF") == 0) {
        const char *q = edi_value(s, 0, 0), *v = edi_value(s, 0, 1);
        if (!v || !*v)
            return edi_refuse(err, f, i, EDI_ERR_MISSING,
                              _("RFF: the reference number is missing"));
        if (eq(q, "AAK") && !r->despatch_number)
            r->despatch_number = v;
        else if (eq(q, "ON") && !r->order_number)
            r->order_number = v;
    } else if (strcmp(s->tag, "NAD") == 0) {
        const char *q = edi_value(s, 0, 0), *id = edi_value(s, 1, 0);
        const char **to = eq(q, "BY")   ? &r->buyer_gln
                          : eq(q, "SU") ? &r->supplier_gln
                          : eq(q, "DP") ? &r->delivery_gln
                                        : NULL;
        if (!to)
            return true;
        if (!edi_gln_valid(id))
            return edi_refuse(
                err, f, i, EDI_ERR_INVALID_VALUE,
                _("NAD+%s: \"%.20s\" is not a GLN (13 digits with a right check digit)"), q,
                id ? id : "");
        *to = id;
    }
    return true;
}

bool recadv_read(const struct edi_file *f, size_t m, struct recadv *r, struct edi_error *err)
{
    memset(r, 0, sizeof(*r));
    memset(err, 0, sizeof(*err));
    if (m >= f->nmessages) {
        snprintf(err->why, sizeof(err->why), _("no message %zu in the file"), m + 1);
        err->code = EDI_ERR_MISSING;
        return false;
    }
    const struct edi_message *msg = &f->messages[m];
    if (!eq(msg->type, "RECADV"))
        return edi_refuse(err, f, msg->first, EDI_ERR_INVALID_VALUE,
                          _("UNH: the message is %.6s, not RECADV"), msg->type ? msg->type : "");
    size_t cap = 0;
    struct line_qty q = {0};
    struct recadv_line *l = NULL;
    bool ok = true;
    for (size_t i = msg->first + 1; ok && i < msg->last; i++) {
        const struct edi_segment *s = &f->segs[i];
        if (strcmp(s->tag, "LIN") == 0) {
            if (l)
                ok = work_out_accepted(f, l, &q, err);
            if (!ok)
                break;
            if (r->nlines == cap) {
                cap = cap ? 2 * cap : 16;
                r->lines = xrealloc(r->lines, cap * sizeof(*r->lines));
            }
            l = &r->lines[r->nlines++];
            memset(l, 0, sizeof(*l));
            memset(&q, 0, sizeof(q));
            l->segment = i;
            l->line_no = edi_value(s, 0, 0);
            const char *item = edi_value(s, 2, 0), *type = edi_value(s, 2, 1);
            if (item && *item) {
                if (eq(type, "IN"))
                    l->buyer_code = item;
                else if (!(ok = gtin_or_bad(f, i, item, err)))
                    break;
                else
                    l->gtin = item;
            }
        } else if (l && (strcmp(s->tag, "PIA") == 0 || strcmp(s->tag, "QTY") == 0 ||
                         strcmp(s->tag, "QVR") == 0)) {
            ok = read_line_segment(f, i, l, &q, err);
        } else if (strcmp(s->tag, "CPS") == 0) {
            /* a new package level: the line before it is complete */
            ok = !l || work_out_accepted(f, l, &q, err);
            l = NULL;
        } else if (!l || strcmp(s->tag, "DTM") != 0) {
            ok = read_head_segment(f, i, r, err);
        }
    }
    if (ok && l)
        ok = work_out_accepted(f, l, &q, err);
    for (size_t k = 0; ok && k < r->nlines; k++)
        if (!r->lines[k].gtin && !r->lines[k].buyer_code)
            ok = edi_refuse(
                err, f, r->lines[k].segment, EDI_ERR_MISSING,
                _("LIN: the line names no article: no GTIN (LIN, PIA) and no buyer's code "
                  "(PIA ...:IN)"));
    if (ok && !r->number)
        ok = edi_refuse(err, f, msg->first, EDI_ERR_MISSING,
                        _("UNH: the message has no BGM with a number"));
    if (ok && !r->date[0])
        ok = edi_refuse(err, f, msg->first, EDI_ERR_MISSING,
                        _("UNH: the message has no date (DTM+137)"));
    if (ok && !r->despatch_number && !r->order_number)
        ok = edi_refuse(
            err, f, msg->first, EDI_ERR_MISSING,
            _("UNH: the message names neither the despatch advice (RFF+AAK) nor the order "
              "(RFF+ON) it answers"));
    if (ok && r->nlines == 0)
        ok =
            edi_refuse(err, f, msg->last, EDI_ERR_MISSING, _("UNT: the message has no line (LIN)"));
    if (!ok)
        recadv_free(r);
    return ok;
}

void recadv_free(struct recadv *r)
{
    for (size_t i = 0; i < r->nlines; i++)
        free(r->lines[i].rejections);
    free(r->lines);
    memset(r, 0, sizeof(*r));
}
