/* edi_orders.h: an EANCOM ORDERS message (D96A, D01B) read from a parsed interchange
 * (edifact.h) into the document the intake takes (polka.intake_receive's jsonb, channel edi;
 * sql/functions/intake.sql). What is read:
 *   the interchange's sender (UNB) and the message's reference and directory (UNH);
 *   BGM the document number; DTM 137 its date; DTM 2 the delivery date asked for (else 64,
 *   the earliest, else 69); NAD BY, DP (else ST, UD), SU the GLNs; RFF PD a promotion;
 *   per line LIN (its item number: EN/SRV a GTIN, SA our code, IN/BP the buyer's article),
 *   PIA (more numbers of the same kinds), IMD the description, QTY 21 the quantity with its
 *   unit, PRI AAA the net price (else AAB), RFF PD a promotion line.
 * The database decides what the codes mean; this only refuses a message that does not say
 * what an order needs, or says it badly, naming the segment. Pure: no I/O, no database. */
#ifndef POLKA_EDI_ORDERS_H
#define POLKA_EDI_ORDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/edifact.h"
#include "polka/util.h"

enum { EDI_ORDERS_MAX_LINES = 2000 };

/* The interchange message msg belongs to (an index into f->interchanges). */
size_t edi_message_interchange(const struct edi_file *f, size_t msg);
/* Appends message msg of f (an ORDERS) to out as the intake's JSON document. False with err
 * (the segment, its tag, offset and line, why in English) when it cannot be an order. */
bool edi_orders_json(const struct edi_file *f, size_t msg, struct strbuf *out,
                     struct edi_error *err);

#endif
