/* eancom.h: the EANCOM messages Polka exchanges with retail chains (issue 18), over the
 * EDIFACT reader (edifact.h) and writer (edifact_write.h). Pure: plain structs in, bytes out,
 * or a parsed file in, plain structs out.
 *
 * Out: the order response ORDRSP (after allocation), the despatch advice DESADV (when a truck
 * leaves), and for a file that cannot be taken, the syntax report CONTRL or the application
 * error APERAK, naming the segment. In: the receiving advice RECADV (what the chain accepted).
 *
 * The builders take text as the database gives it: GLNs and GTINs as digits, dates YYYY-MM-DD,
 * quantities as decimal text ("12", "12.500", "0.250"). Each writes one message (UNH ... UNT)
 * into an open writer: edi_write_begin, one or more builders, edi_write_finish. A builder
 * returns false with the reason in w->why (the whole interchange is then refused: nothing half
 * written goes out). Segment layouts follow EANCOM 1997 (D.96A) and EANCOM 2002 (D.01B) Part II
 * as cited in eancom_out.c. */
#ifndef POLKA_EANCOM_H
#define POLKA_EANCOM_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/edifact.h"
#include "polka/edifact_write.h"

/* The directory a partner speaks: D.96A (EANCOM 1997) or D.01B (EANCOM 2002). It sets UNH's
 * version, release and association code, and how a GTIN is qualified (EN or SRV). */
enum eancom_dir { EANCOM_D96A, EANCOM_D01B };

/* The parties of a message (NAD ...::9). */
struct eancom_parties {
    const char *buyer_gln;    /* required: NAD+BY */
    const char *supplier_gln; /* required: NAD+SU (we) */
    const char *delivery_gln; /* the delivery point, NAD+DP; NULL: none */
};

/* ORDRSP: the answer to an order, per line accepted, changed or not available. */
struct ordrsp_line {
    const char *gtin;       /* GTIN-8/12/13/14 with its check digit (LIN); required unless
                               the buyer's code names the article (a line we do not know) */
    const char *buyer_code; /* the buyer's article code as the order gave it (PIA+1 ...:IN); NULL */
    const char *ordered;    /* required: the quantity ordered (QTY+21) */
    const char *confirmed;  /* required: the quantity we deliver (QTY+113); "0": not available */
    const char *unit;       /* a measure unit code for weighed goods ("KGM"); NULL: pieces */
    const char *date;       /* the line's delivery date when it differs from the response's
                               (DTM+67 under the line); NULL: the response's */
};
/* Each line's action (LIN 1229) follows from it: 7 not accepted when nothing is confirmed, 5
 * accepted when all of it is, on the response's date; else 3 changed. The message's function
 * (BGM 1225): 29 when every line is accepted, 27 when none is, else 4 (changed). */
struct ordrsp {
    enum eancom_dir dir;
    const char *assoc;         /* UNH association code; NULL: EAN005 (D.96A), EAN009 (D.01B) */
    const char *number;        /* required: our response's number (BGM 1004), up to 35 */
    const char *date;          /* required: the response's date (DTM+137) */
    const char *delivery_date; /* required: the delivery date we confirm (DTM+2) */
    const char *order_number;  /* required: the buyer's order number (RFF+ON) */
    const char *order_date;    /* the order's date (DTM+171 after RFF+ON); NULL: none */
    struct eancom_parties parties;
    const struct ordrsp_line *lines; /* required: at least one */
    size_t nlines;
};
bool eancom_ordrsp(struct edi_writer *w, const struct ordrsp *o);

/* DESADV: what left on a truck, pallet by pallet. Chains refuse a line without its batch or
 * expiry date, so the builder does too. */
struct desadv_line {
    const char *gtin;       /* required (LIN) */
    const char *buyer_code; /* the buyer's article code (PIA+1 ...:IN); NULL */
    const char *quantity;   /* required: despatched (QTY+12), more than 0 */
    const char *unit;       /* "KGM" for weighed goods; NULL: pieces */
    const char *batch;      /* required: the batch number (PCI+36E, GIN+BX), up to 35 */
    const char *expiry;     /* required: best before, YYYY-MM-DD (DTM+361 under PCI+36E) */
};
struct desadv_pallet {
    const char *sscc; /* required: 18 digits with the GS1 check digit (PCI+33E, GIN+BJ) */
    const struct desadv_line *lines; /* required: at least one */
    size_t nlines;
};
struct desadv {
    enum eancom_dir dir;
    const char *assoc;         /* UNH association code; NULL: EAN005 (D.96A), EAN007 (D.01B) */
    const char *number;        /* required: the despatch advice's number (BGM+351), up to 35 */
    const char *date;          /* required: its date (DTM+137) */
    const char *despatch_date; /* required: when the truck left (DTM+11) */
    const char *delivery_date; /* the expected delivery (DTM+17); NULL: none */
    const char *order_number;  /* required: the buyer's order (RFF+ON) */
    const char *order_date;    /* DTM+171 after it; NULL: none */
    const char *waybill;       /* our delivery note's number (RFF+DQ); NULL: none */
    struct eancom_parties parties;
    const struct desadv_pallet *pallets; /* required: at least one */
    size_t npallets;
};
bool eancom_desadv(struct edi_writer *w, const struct desadv *d);

/* What was refused in a received file, for CONTRL and APERAK: the interchange and message it
 * was in, copied from the file, and the segment in error. Fixed arrays: no ownership. */
struct edi_refusal {
    char sender[36], sender_qual[5];       /* the received UNB's sender (we answer it) */
    char recipient[36], recipient_qual[5]; /* and recipient */
    char control_ref[15];                  /* its control reference */
    char msg_ref[15];                      /* the message's UNH 0062; "" when the error is
                                              in the envelope, outside any message */
    char msg_type[7], msg_version[4], msg_release[4], msg_agency[3], msg_assoc[7];
    char doc_number[36]; /* the message's BGM document number; "" unknown */
    size_t position;     /* the segment's position in its message (UNH = 1); 0: not in one */
    char tag[4];         /* the segment's tag; "" unknown */
    int code;            /* enum edi_syntax_error, or an application error code for APERAK */
    bool whole;          /* the whole interchange is refused (a syntax error refuses the file);
                            else only the message */
    char why[200];       /* in words */
};
/* From a file edi_parse refused: what it can still make out of the bytes (the UNA, the UNB,
 * the UNH and BGM before the error). False when not even a UNB with a sender is there: then
 * there is nobody to answer. */
bool edi_refusal_from_error(const char *buf, size_t len, const struct edi_error *err,
                            struct edi_refusal *r);
/* From a parsed file: interchange ic, message m (SIZE_MAX: the interchange itself), the
 * segment seg in error (its index in f->segs; SIZE_MAX: none), with code and words. For a
 * message's or interchange's count problem pass its problem_code and problem. */
void edi_refusal_from_file(const struct edi_file *f, size_t ic, size_t m, size_t seg, int code,
                           const char *why, struct edi_refusal *r);

/* CONTRL (syntax and service report, D:3, EANCOM): the interchange rejected (UCI action 4),
 * or the message (UCM action 4) with the segment (UCS) and its error code. Addressed by the
 * caller's envelope: sender and recipient swapped from the refused file's. */
bool eancom_contrl(struct edi_writer *w, const struct edi_refusal *r);

/* APERAK (application error): the referenced message could not be processed. */
struct aperak {
    enum eancom_dir dir;
    const char *number;    /* required: this APERAK's number (BGM 1004) */
    const char *date;      /* required: its date (DTM+137) */
    const char *our_gln;   /* required: we, who received the message (NAD+MR) */
    const char *their_gln; /* required: who sent it (NAD+MS) */
    const char *assoc;     /* UNH's association code when the partner's guide names another
                              than the default (EAN002 for D.96A, EAN003 for D.01B); NULL */
};
bool eancom_aperak(struct edi_writer *w, const struct aperak *a, const struct edi_refusal *r);

/* RECADV: the chain's receiving advice, read into plain data. Strings point into the parsed
 * file (valid until edi_free); quantities are decimal text with '.' ("12.500"), "" when the
 * message does not give them. */
struct recadv_rejection {
    char quantity[24];       /* QVR's difference, negative as sent ("-2.000") */
    const char *qualifier;   /* 195 returned, 196 destroyed, 12, 21, 46 ... */
    const char *discrepancy; /* QVR 4221: AC over-shipped, AF damaged, ...; NULL */
    const char *reason;      /* QVR C960 4295: DME damaged, PE durability ...; NULL */
};
struct recadv_line {
    size_t segment;            /* its LIN's index in the file's segments */
    const char *line_no;       /* LIN 1082 */
    const char *gtin;          /* LIN's item number; NULL when only PIA names the article */
    const char *buyer_code;    /* PIA ...:IN; NULL */
    const char *supplier_code; /* PIA ...:SA; NULL */
    const char *unit;          /* the accepted quantity's unit; NULL: pieces */
    char accepted[24];         /* required: received and accepted (QTY+194, or as worked out) */
    char received[24];         /* QTY+48 */
    char despatched[24];       /* QTY+12 */
    char ordered[24];          /* QTY+21 */
    struct recadv_rejection *rejections;
    size_t nrejections;
};
struct recadv {
    const char *number;          /* BGM 1004 */
    char date[11];               /* DTM+137, YYYY-MM-DD */
    char received_date[11];      /* DTM+50 goods receipt; "" */
    const char *despatch_number; /* RFF+AAK: the DESADV it answers; NULL */
    const char *order_number;    /* RFF+ON; NULL (at least one of the two is there) */
    const char *buyer_gln, *supplier_gln, *delivery_gln; /* NAD BY, SU, DP; NULL when absent */
    struct recadv_line *lines;
    size_t nlines;
};
/* Reads message m of f (its type RECADV). The accepted quantity of a line is QTY+194; without
 * it, QTY+48 received less the QVR quantities not accepted (195, 196); without that, QTY+12
 * despatched (or 46 delivered) plus the QVR differences against it. False with *err naming the
 * segment (its number in the file, tag, offset, line, an edi_syntax_error code) when a required
 * value is missing or malformed; *r is then empty. Free with recadv_free. */
bool recadv_read(const struct edi_file *f, size_t m, struct recadv *r, struct edi_error *err);
void recadv_free(struct recadv *r);

#endif
