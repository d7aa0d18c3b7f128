/* eancom_out.c: the messages Polka sends to retail chains (see eancom.h).
 *
 * Layouts followed (GS1's EANCOM Part II, segment by segment):
 *   ORDRSP  EANCOM 1997 ORDRSP version 005 (D.96A) and EANCOM 2002 S3 (D.01B): BGM 1001 = 231,
 *           1225 = 29 accepted / 4 changed / 27 not accepted; DTM 137 and 2; SG1 RFF+ON with
 *           DTM 171; SG3 NAD BY, SU, DP (3055 = 9); SG26 LIN with 1229 = 5 accepted without
 *           amendment / 3 changed / 7 not accepted and the GTIN (7143 EN in 1997, SRV in 2002);
 *           PIA 4347 = 1 with the buyer's code (IN); QTY 21 ordered and 113 quantity to be
 *           delivered ("Quantity to be delivered" is EANCOM's confirmed quantity: 12 is
 *           despatch, which ORDRSP does not know yet); DTM 67 under the line; UNS+S; CNT 2.
 *   DESADV  EANCOM 1997 DESADV version 005 (D.96A) and EANCOM 2002 S3 (D.01B): BGM 351; DTM
 *           137, 11 despatch, 17 estimated delivery; RFF+ON (+DTM 171), RFF+DQ; NAD; the CPS
 *           hierarchy top-down: CPS+1 the consignment with PAC (number of pallets, 7065 201 =
 *           EUR pallet), then CPS+n+1 per pallet with PAC, PCI+33E (marked with SSCC) and
 *           GIN+BJ (the SSCC); under each pallet its lines: LIN, PIA, QTY 12 despatched, then
 *           SG20 PCI+36E (marked with batch number) with DTM 361 best before and GIN+BX the
 *           batch; CNT 2.
 *   CONTRL  ISO 9735-4 / EANCOM CONTRL (D:3, EAN002): UCI copying the subject interchange's
 *           sender, recipient and reference, action 4 (rejected) or 7 (acknowledged, a message
 *           below rejected); UCM with the message's identifier and action 4; UCS with the
 *           segment's position in the message (UNH = 1) and the syntax error code 0085.
 *   APERAK  EANCOM 2000 APERAK (D.96A: BGM 12E::9, EAN002) and EANCOM 2002 S3 (D.01B: BGM 313,
 *           EAN003): BGM 1225 = 27 not accepted; DTM 137; RFF+ACW the message's reference (and
 *           RFF+ON an order's number); NAD MS and MR; ERC with the error code; FTX+AAO the words,
 *           in pieces of 70 characters. */
#include "polka/eancom.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/inn.h"
#include "polka/text.h"
#include "polka/util.h"

static const char *release_of(enum eancom_dir d)
{
    return d == EANCOM_D96A ? "96A" : "01B";
}

/* How LIN qualifies a GTIN: "EAN/UPC" in 1997, "GS1 GTIN" (SRV) in 2002. */
static const char *gtin_qual(enum eancom_dir d)
{
    return d == EANCOM_D96A ? "EN" : "SRV";
}

static bool need(struct edi_writer *w, const char *v, const char *what)
{
    if (str_empty(v))
        return edi_write_fail(w, _("Missing: %s."), what);
    return true;
}

static bool need_date(struct edi_writer *w, const char *v, const char *what)
{
    if (!need(w, v, what))
        return false;
    if (!edi_date_valid(v))
        return edi_write_fail(w, _("%s: \"%.40s\" is not a date (YYYY-MM-DD)."), what, v);
    return true;
}

static bool need_gln(struct edi_writer *w, const char *v, const char *what)
{
    if (!need(w, v, what))
        return false;
    if (!edi_gln_valid(v))
        return edi_write_fail(w,
                              _("%s: \"%.40s\" is not a GLN (13 digits with a right check "
                                "digit)."),
                              what, v);
    return true;
}

/* A document number or batch: EANCOM's an..35, in characters. */
static bool need_an35(struct edi_writer *w, const char *v, const char *what)
{
    if (!need(w, v, what))
        return false;
    if (text_chars(v) > 35)
        return edi_write_fail(w, _("%s: \"%.40s...\" is longer than 35 characters."), what, v);
    return true;
}

static bool parties(struct edi_writer *w, const struct eancom_parties *p)
{
    if (!need_gln(w, p->buyer_gln, _("the buyer's GLN")) ||
        !need_gln(w, p->supplier_gln, _("the supplier's GLN")) ||
        (p->delivery_gln && !need_gln(w, p->delivery_gln, _("the delivery point's GLN"))))
        return false;
    edi_seg(w, "NAD", "BY+%::9", p->buyer_gln);
    edi_seg(w, "NAD", "SU+%::9", p->supplier_gln);
    if (p->delivery_gln)
        edi_seg(w, "NAD", "DP+%::9", p->delivery_gln);
    return !w->failed;
}

/* A line's article and quantity checks, shared by ORDRSP and DESADV. */
static bool line_gtin(struct edi_writer *w, size_t n, const char *gtin)
{
    if (!gtin_valid(gtin))
        return edi_write_fail(w,
                              _("Line %zu: \"%.40s\" is not a GTIN (8, 12, 13 or 14 digits "
                                "with a right check digit)."),
                              n, gtin ? gtin : "");
    return true;
}

static bool line_qty(struct edi_writer *w, size_t n, const char *v, const char *what, int64_t *out)
{
    if (str_empty(v) || decimal_parse(v, DECIMAL_MAX_SCALE, out) != DECIMAL_OK || *out < 0)
        return edi_write_fail(w, _("Line %zu: %s \"%.40s\" is not a quantity."), n, what,
                              v ? v : "");
    return true;
}

bool eancom_ordrsp(struct edi_writer *w, const struct ordrsp *o)
{
    if (w->failed)
        return false;
    if (!need_an35(w, o->number, _("the response's number")) ||
        !need_date(w, o->date, _("the response's date")) ||
        !need_date(w, o->delivery_date, _("the delivery date")) ||
        !need_an35(w, o->order_number, _("the order's number")) ||
        (o->order_date && !need_date(w, o->order_date, _("the order's date"))))
        return false;
    if (o->nlines == 0)
        return edi_write_fail(w, _("An order response needs at least one line."));
    /* Each line's action first: the message's function depends on all of them. */
    char *actions = xcalloc(o->nlines, 1);
    size_t accepted = 0, refused = 0;
    for (size_t i = 0; i < o->nlines; i++) {
        const struct ordrsp_line *l = &o->lines[i];
        int64_t ordered, confirmed;
        bool by_code = !l->gtin && !str_empty(l->buyer_code);
        if ((!by_code && !line_gtin(w, i + 1, l->gtin)) ||
            !line_qty(w, i + 1, l->ordered, _("the quantity ordered"), &ordered) ||
            !line_qty(w, i + 1, l->confirmed, _("the quantity confirmed"), &confirmed) ||
            (l->date && !need_date(w, l->date, _("a line's delivery date")))) {
            free(actions);
            return false;
        }
        bool same_date = !l->date || strcmp(l->date, o->delivery_date) == 0;
        actions[i] = confirmed == 0 ? '7' : confirmed == ordered && same_date ? '5' : '3';
        accepted += actions[i] == '5';
        refused += actions[i] == '7';
    }
    const char *function = accepted == o->nlines ? "29" : refused == o->nlines ? "27" : "4";
    edi_message_begin(w, "ORDRSP", "D", release_of(o->dir),
                      o->assoc                ? o->assoc
                      : o->dir == EANCOM_D96A ? "EAN005"
                                              : "EAN009");
    edi_seg(w, "BGM", "231+%+%", o->number, function);
    edi_seg(w, "DTM", "137:@:102", o->date);
    edi_seg(w, "DTM", "2:@:102", o->delivery_date);
    edi_seg(w, "RFF", "ON:%", o->order_number);
    if (o->order_date)
        edi_seg(w, "DTM", "171:@:102", o->order_date);
    parties(w, &o->parties);
    for (size_t i = 0; i < o->nlines; i++) {
        const struct ordrsp_line *l = &o->lines[i];
        char no[24], action[2] = {actions[i], '\0'};
        snprintf(no, sizeof(no), "%zu", i + 1);
        if (l->gtin)
            edi_seg(w, "LIN", "%+%+%:%", no, action, l->gtin, gtin_qual(o->dir));
        else
            edi_seg(w, "LIN", "%+%", no, action);
        if (!str_empty(l->buyer_code))
            edi_seg(w, "PIA", "1+%:IN", l->buyer_code);
        edi_seg(w, "QTY", "21:#:%", l->ordered, l->unit);
        edi_seg(w, "QTY", "113:#:%", l->confirmed, l->unit);
        if (l->date && strcmp(l->date, o->delivery_date) != 0)
            edi_seg(w, "DTM", "67:@:102", l->date);
    }
    free(actions);
    edi_seg(w, "UNS", "S");
    char count[24];
    snprintf(count, sizeof(count), "%zu", o->nlines);
    edi_seg(w, "CNT", "2:%", count);
    return edi_message_end(w);
}

static bool desadv_check(struct edi_writer *w, const struct desadv *d)
{
    if (!need_an35(w, d->number, _("the despatch advice's number")) ||
        !need_date(w, d->date, _("the despatch advice's date")) ||
        !need_date(w, d->despatch_date, _("the despatch date")) ||
        (d->delivery_date && !need_date(w, d->delivery_date, _("the delivery date"))) ||
        !need_an35(w, d->order_number, _("the order's number")) ||
        (d->order_date && !need_date(w, d->order_date, _("the order's date"))) ||
        (d->waybill && !need_an35(w, d->waybill, _("the delivery note's number"))))
        return false;
    if (d->npallets == 0)
        return edi_write_fail(w, _("A despatch advice needs at least one pallet."));
    size_t n = 0;
    for (size_t p = 0; p < d->npallets; p++) {
        const struct desadv_pallet *pl = &d->pallets[p];
        if (!sscc_valid(pl->sscc))
            return edi_write_fail(w,
                                  _("Pallet %zu: \"%.40s\" is not an SSCC (18 digits with a "
                                    "right check digit)."),
                                  p + 1, pl->sscc ? pl->sscc : "");
        for (size_t q = 0; q < p; q++)
            if (strcmp(d->pallets[q].sscc, pl->sscc) == 0)
                return edi_write_fail(w, _("Pallets %zu and %zu have the same SSCC %s."), q + 1,
                                      p + 1, pl->sscc);
        if (pl->nlines == 0)
            return edi_write_fail(w, _("Pallet %zu holds no line."), p + 1);
        for (size_t i = 0; i < pl->nlines; i++) {
            const struct desadv_line *l = &pl->lines[i];
            int64_t q;
            n++;
            if (!line_gtin(w, n, l->gtin) ||
                !line_qty(w, n, l->quantity, _("the quantity despatched"), &q))
                return false;
            if (q == 0)
                return edi_write_fail(w, _("Line %zu: nothing despatched; leave the line out."), n);
            if (str_empty(l->batch))
                return edi_write_fail(w,
                                      _("Line %zu (GTIN %s): no batch number; chains refuse "
                                        "a despatch advice without one."),
                                      n, l->gtin);
            if (str_empty(l->expiry))
                return edi_write_fail(w,
                                      _("Line %zu (GTIN %s): no expiry date; chains refuse "
                                        "a despatch advice without one."),
                                      n, l->gtin);
            if (!need_an35(w, l->batch, _("a batch number")) ||
                !need_date(w, l->expiry, _("an expiry date")))
                return false;
        }
    }
    return true;
}

bool eancom_desadv(struct edi_writer *w, const struct desadv *d)
{
    if (w->failed || !desadv_check(w, d))
        return false;
    edi_message_begin(w, "DESADV", "D", release_of(d->dir),
                      d->assoc                ? d->assoc
                      : d->dir == EANCOM_D96A ? "EAN005"
                                              : "EAN007");
    edi_seg(w, "BGM", "351+%+9", d->number);
    edi_seg(w, "DTM", "137:@:102", d->date);
    edi_seg(w, "DTM", "11:@:102", d->despatch_date);
    if (d->delivery_date)
        edi_seg(w, "DTM", "17:@:102", d->delivery_date);
    edi_seg(w, "RFF", "ON:%", d->order_number);
    if (d->order_date)
        edi_seg(w, "DTM", "171:@:102", d->order_date);
    if (d->waybill)
        edi_seg(w, "RFF", "DQ:%", d->waybill);
    parties(w, &d->parties);
    char num[24], num2[24];
    edi_seg(w, "CPS", "1");
    snprintf(num, sizeof(num), "%zu", d->npallets);
    edi_seg(w, "PAC", "%++201", num);
    size_t n = 0;
    for (size_t p = 0; p < d->npallets; p++) {
        const struct desadv_pallet *pl = &d->pallets[p];
        snprintf(num, sizeof(num), "%zu", p + 2);
        edi_seg(w, "CPS", "%+1", num);
        edi_seg(w, "PAC", "1++201");
        edi_seg(w, "PCI", "33E");
        edi_seg(w, "GIN", "BJ+%", pl->sscc);
        for (size_t i = 0; i < pl->nlines; i++) {
            const struct desadv_line *l = &pl->lines[i];
            snprintf(num2, sizeof(num2), "%zu", ++n);
            edi_seg(w, "LIN", "%++%:%", num2, l->gtin, gtin_qual(d->dir));
            if (!str_empty(l->buyer_code))
                edi_seg(w, "PIA", "1+%:IN", l->buyer_code);
            edi_seg(w, "QTY", "12:#:%", l->quantity, l->unit);
            edi_seg(w, "PCI", "36E");
            edi_seg(w, "DTM", "361:@:102", l->expiry);
            edi_seg(w, "GIN", "BX+%", l->batch);
        }
    }
    snprintf(num, sizeof(num), "%zu", n);
    edi_seg(w, "CNT", "2:%", num);
    return edi_message_end(w);
}

/* --- Refusals: CONTRL and APERAK --- */

/* Printable ASCII of src into dst (n bytes with the NUL), anything else as '?': the envelope's
 * identifiers of a refused file may be in any character set, and go back out as they can. */
static void copy_id(char *dst, size_t n, const char *src, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    dst[k] = '\0';
}

static void copy_value(char *dst, size_t n, const char *src)
{
    copy_id(dst, n, src ? src : "", src ? strlen(src) : 0);
}

/* The refused interchange's envelope (UNB) and message (UNH) identifiers into r. */
static void set_interchange(struct edi_refusal *r, const char *sender, const char *sender_qual,
                            const char *recipient, const char *recipient_qual, const char *ref)
{
    copy_value(r->sender, sizeof(r->sender), sender);
    copy_value(r->sender_qual, sizeof(r->sender_qual), sender_qual);
    copy_value(r->recipient, sizeof(r->recipient), recipient);
    copy_value(r->recipient_qual, sizeof(r->recipient_qual), recipient_qual);
    copy_value(r->control_ref, sizeof(r->control_ref), ref);
}

static void set_message(struct edi_refusal *r, const char *ref, const char *type,
                        const char *version, const char *release, const char *agency,
                        const char *assoc)
{
    copy_value(r->msg_ref, sizeof(r->msg_ref), ref);
    copy_value(r->msg_type, sizeof(r->msg_type), type);
    copy_value(r->msg_version, sizeof(r->msg_version), version);
    copy_value(r->msg_release, sizeof(r->msg_release), release);
    copy_value(r->msg_agency, sizeof(r->msg_agency), agency);
    copy_value(r->msg_assoc, sizeof(r->msg_assoc), assoc);
}

/* A tolerant walk over the segments of a file the reader refused: each segment's first
 * values, with the release character honoured, as far as the bytes go. */
struct scan {
    const char *buf;
    size_t len, pos;
    char comp, elem, rel, term;
};

/* The next segment's element e, component c (raw bytes into out); false at the end. The
 * segment's start offset into *start. */
static bool scan_segment(struct scan *s, size_t *start, char out[][5][40])
{
    while (s->pos < s->len && (s->buf[s->pos] == '\r' || s->buf[s->pos] == '\n' ||
                               s->buf[s->pos] == ' ' || s->buf[s->pos] == '\0'))
        s->pos++;
    if (s->pos >= s->len)
        return false;
    *start = s->pos;
    memset(out, 0, sizeof(char[6][5][40]));
    size_t e = 0, c = 0, k = 0;
    while (s->pos < s->len) {
        char ch = s->buf[s->pos++];
        if (ch == '\r' || ch == '\n')
            continue;
        if (ch == s->rel && s->pos < s->len) {
            ch = s->buf[s->pos++];
        } else if (ch == s->term) {
            break;
        } else if (ch == s->elem) {
            e++, c = 0, k = 0;
            continue;
        } else if (ch == s->comp) {
            c++, k = 0;
            continue;
        }
        if (e < 6 && c < 5 && k < 39)
            out[e][c][k++] = ch;
    }
    return true;
}

bool edi_refusal_from_error(const char *buf, size_t len, const struct edi_error *err,
                            struct edi_refusal *r)
{
    memset(r, 0, sizeof(*r));
    struct scan s = {buf, len, 0, ':', '+', '?', '\''};
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        s.pos = 3;
    if (len - s.pos >= 9 && memcmp(buf + s.pos, "UNA", 3) == 0) {
        s.comp = buf[s.pos + 3], s.elem = buf[s.pos + 4], s.rel = buf[s.pos + 6];
        s.term = buf[s.pos + 8];
        s.pos += 9;
    }
    char v[6][5][40];
    size_t start, number = 0, unh = 0;
    bool have_unb = false;
    /* The segments before the one in error (and that one when it is the first UNB: its sender
     * is still whom to answer); with no segment named, up to the first UNB. */
    while (scan_segment(&s, &start, v)) {
        number++;
        const char *tag = v[0][0];
        bool before = number < err->segment;
        if (strcmp(tag, "UNB") == 0 && (before || !have_unb)) {
            have_unb = true;
            set_interchange(r, v[2][0], v[2][1], v[3][0], v[3][1], v[5][0]);
            unh = 0;
        } else if (strcmp(tag, "UNH") == 0 && before) {
            unh = number;
            set_message(r, v[1][0], v[2][0], v[2][1], v[2][2], v[2][3], v[2][4]);
            r->doc_number[0] = '\0';
        } else if (strcmp(tag, "BGM") == 0 && unh && before) {
            copy_value(r->doc_number, sizeof(r->doc_number), v[2][0]);
        } else if (strcmp(tag, "UNT") == 0 && before) {
            unh = 0; /* the error is after this message */
        }
        if (err->segment ? number >= err->segment : have_unb)
            break;
    }
    if (!unh)
        r->msg_ref[0] = r->msg_type[0] = r->doc_number[0] = '\0';
    r->position = unh && err->segment >= unh ? err->segment - unh + 1 : 0;
    copy_value(r->tag, sizeof(r->tag), err->tag);
    r->code = err->code ? err->code : EDI_ERR_UNSPECIFIED;
    r->whole = true;
    snprintf(r->why, sizeof(r->why), "%s", err->why);
    return have_unb && r->sender[0];
}

void edi_refusal_from_file(const struct edi_file *f, size_t ic, size_t m, size_t seg, int code,
                           const char *why, struct edi_refusal *r)
{
    memset(r, 0, sizeof(*r));
    const struct edi_interchange *x = &f->interchanges[ic];
    const struct edi_segment *unb = &f->segs[x->first];
    set_interchange(r, edi_value(unb, 1, 0), edi_value(unb, 1, 1), edi_value(unb, 2, 0),
                    edi_value(unb, 2, 1), x->control_ref);
    r->whole = m == SIZE_MAX;
    if (m != SIZE_MAX) {
        const struct edi_message *msg = &f->messages[m];
        set_message(r, msg->ref, msg->type, msg->version, msg->release, msg->agency, msg->assoc);
        for (size_t i = msg->first; i <= msg->last; i++)
            if (strcmp(f->segs[i].tag, "BGM") == 0) {
                copy_value(r->doc_number, sizeof(r->doc_number), edi_value(&f->segs[i], 1, 0));
                break;
            }
        if (seg != SIZE_MAX && seg >= msg->first && seg <= msg->last)
            r->position = seg - msg->first + 1;
    }
    if (seg != SIZE_MAX && seg < f->nsegs)
        copy_value(r->tag, sizeof(r->tag), f->segs[seg].tag);
    r->code = code ? code : EDI_ERR_UNSPECIFIED;
    snprintf(r->why, sizeof(r->why), "%s", why ? why : "");
}

static bool is_tag(const char *tag, const char *a, const char *b, const char *c)
{
    return strcmp(tag, a) == 0 || strcmp(tag, b) == 0 || (c && strcmp(tag, c) == 0);
}

bool eancom_contrl(struct edi_writer *w, const struct edi_refusal *r)
{
    if (w->failed)
        return false;
    char code[12];
    snprintf(code, sizeof(code), "%d", r->code);
    bool in_message = r->msg_type[0] != '\0';
    edi_message_begin(w, "CONTRL", "D", "3", "EAN002");
    /* The interchange: rejected as a whole, or acknowledged with a message below rejected. The
     * error is told here when it is outside any message (UNA, UNB, UNZ, or between messages). */
    edi_seg_begin(w, "UCI");
    edi_el(w, r->control_ref);
    edi_el(w, r->sender);
    edi_comp(w, r->sender_qual);
    edi_el(w, r->recipient);
    edi_comp(w, r->recipient_qual);
    edi_el(w, r->whole ? "4" : "7");
    if (!in_message) {
        edi_el(w, code);
        edi_el(w, is_tag(r->tag, "UNA", "UNB", "UNZ") ? r->tag : NULL);
    }
    edi_seg_end(w);
    if (in_message) {
        bool envelope = is_tag(r->tag, "UNH", "UNT", NULL);
        edi_seg_begin(w, "UCM");
        edi_el(w, r->msg_ref);
        edi_el(w, r->msg_type);
        edi_comp(w, r->msg_version);
        edi_comp(w, r->msg_release);
        edi_comp(w, r->msg_agency);
        edi_comp(w, r->msg_assoc);
        edi_el(w, "4");
        if (envelope || r->position == 0) {
            edi_el(w, code);
            edi_el(w, envelope ? r->tag : NULL);
        }
        edi_seg_end(w);
        if (!envelope && r->position > 0) {
            char pos[24];
            snprintf(pos, sizeof(pos), "%zu", r->position);
            edi_seg(w, "UCS", "%++%", pos, code);
        }
    }
    return edi_message_end(w);
}

bool eancom_aperak(struct edi_writer *w, const struct aperak *a, const struct edi_refusal *r)
{
    if (w->failed)
        return false;
    if (!need_an35(w, a->number, _("the error message's number")) ||
        !need_date(w, a->date, _("the error message's date")) ||
        !need_gln(w, a->our_gln, _("our GLN")) ||
        !need_gln(w, a->their_gln, _("the partner's GLN")))
        return false;
    bool d96a = a->dir == EANCOM_D96A;
    edi_message_begin(w, "APERAK", "D", release_of(a->dir),
                      a->assoc ? a->assoc
                      : d96a   ? "EAN002"
                               : "EAN003");
    edi_seg(w, "BGM", d96a ? "12E::9+%+27" : "313+%+27", a->number);
    edi_seg(w, "DTM", "137:@:102", a->date);
    if (r->msg_ref[0])
        edi_seg(w, "RFF", "ACW:%", r->msg_ref);
    if (r->doc_number[0] && strcmp(r->msg_type, "ORDERS") == 0)
        edi_seg(w, "RFF", "ON:%", r->doc_number);
    edi_seg(w, "NAD", "MS+%::9", a->their_gln);
    edi_seg(w, "NAD", "MR+%::9", a->our_gln);
    char code[12];
    snprintf(code, sizeof(code), "%d", r->code);
    edi_seg(w, "ERC", "%", code);
    /* The words go to the partner as they are (English, as the reader gives them), naming the
     * segment; FTX takes five pieces of at most 70 characters. */
    char words[400];
    if (r->position)
        snprintf(words, sizeof(words), "segment %zu of the message (%s): %s", r->position, r->tag,
                 r->why);
    else if (r->tag[0])
        snprintf(words, sizeof(words), "segment %s: %s", r->tag, r->why);
    else
        snprintf(words, sizeof(words), "%s", r->why);
    char *clean = text_sanitize(words, strlen(words), 350);
    edi_seg_begin(w, "FTX");
    edi_el(w, "AAO");
    edi_el(w, NULL);
    edi_el(w, NULL);
    const char *p = clean;
    for (int piece = 0; piece < 5 && (piece == 0 || *p); piece++) {
        const char *end = p;
        for (int k = 0; k < 70 && *end; k++) {
            uint32_t cp;
            end += text_decode(end, strlen(end), &cp);
        }
        char *part = xstrndup(p, (size_t)(end - p));
        if (piece == 0)
            edi_el(w, part);
        else
            edi_comp(w, part);
        free(part);
        p = end;
    }
    edi_seg_end(w);
    free(clean);
    return edi_message_end(w);
}
