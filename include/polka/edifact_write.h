/* edifact_write.h: writing UN/EDIFACT interchanges (the answers Polka sends to retail chains:
 * ORDRSP, DESADV, CONTRL, APERAK; eancom.h builds them). Pure: the interchange is built in
 * memory and handed back as bytes; no I/O.
 *
 * Whatever the writer writes, edi_parse reads back value for value: it always writes UNA with
 * the default separators (':' '+' '.' '?' and '\''), releases the separators and the release
 * character in values, writes one segment a line (the reader takes line breaks as not data),
 * leaves out trailing empty components and elements, counts the segments into UNT and the
 * messages into UNZ, and refuses what the reader would refuse: control characters, text that is
 * not UTF-8, a value longer than EDI_MAX_VALUE bytes, more elements or components than the
 * reader's limits.
 *
 * The character set is chosen when the interchange is finished, from what it holds (see
 * edifact_write.c for why): UNOC:3 (ISO 8859-1) when every character is Latin-1, else UNOW:4
 * (UTF-8), which is what Cyrillic names and addresses of Russian chains need.
 *
 * Errors are sticky, as with stdio's ferror: the first refusal is kept in `why` and every later
 * call does nothing, so that a builder writes all its segments and checks once at the end. */
#ifndef POLKA_EDIFACT_WRITE_H
#define POLKA_EDIFACT_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/util.h"

/* The interchange's envelope (UNB). Every field is required. */
struct edi_envelope {
    const char *sender_gln;    /* ours: 13 digits with a GS1 check digit (UNB S002, qualifier 14) */
    const char *recipient_gln; /* the partner's (UNB S003, qualifier 14) */
    const char *date;          /* preparation date YYYY-MM-DD */
    const char *time;          /* preparation time HH:MM */
    const char *control_ref;   /* interchange control reference: 1 to 14 letters or digits,
                                  unique per sender and recipient (UNB 0020 = UNZ 0020) */
};

struct edi_writer {
    struct strbuf body; /* UTF-8, from the first UNH to the last UNT */
    char sender[14], recipient[14], date[9], time[5], control_ref[15];
    size_t nmessages;    /* messages begun */
    size_t msg_segments; /* segments of the open message, its UNH included */
    size_t nsegments;    /* segments written, envelope included: the reader's limit */
    bool began, in_message, in_segment;
    size_t seg_keep;     /* body length up to the last non-empty value of the open segment */
    size_t nels, ncomps; /* elements of the open segment, components of its last element */
    unsigned max_cp;     /* largest code point written: decides the character set */
    bool failed;
    char why[256]; /* the first refusal, in the user's language ("" when none) */
};

/* Starts an interchange (zeroes *w first). False (why set) when a field is missing or malformed. */
bool edi_write_begin(struct edi_writer *w, const struct edi_envelope *env);

/* UNH: a message of `type` ("ORDRSP"), version and release ("D", "96A"), agency "UN" and
 * association code (`assoc`, e.g. "EAN005"; NULL or "" for none). Its reference (0062) is its
 * number in the interchange: 1, 2, ... */
bool edi_message_begin(struct edi_writer *w, const char *type, const char *version,
                       const char *release, const char *assoc);
/* UNT with the message's segment count (UNH and UNT included) and reference. */
bool edi_message_end(struct edi_writer *w);

/* A segment inside the open message, element by element: edi_seg_begin(w, "DTM"),
 * edi_el(w, "137"), edi_comp(w, "20261206"), edi_comp(w, "102"), edi_seg_end(w). NULL or ""
 * is an empty value. The tag is three capital letters or digits and not a service segment's
 * (UNA, UNB, UNG, UNH, UNT, UNE, UNZ). */
void edi_seg_begin(struct edi_writer *w, const char *tag);
void edi_el(struct edi_writer *w, const char *v);   /* a new element; v its first component */
void edi_comp(struct edi_writer *w, const char *v); /* the next component of the element */
void edi_seg_end(struct edi_writer *w);

/* A whole segment by pattern, for the builders: the pattern is what follows the tag, with '+'
 * between elements, ':' between components, codes as they are (capital letters and digits)
 * and a placeholder for each further argument (const char *, NULL for empty):
 *   %  text, released as needed;
 *   #  a number given as decimal text ("12,5", "1 000.250", "-3"), written with '.' and no
 *      needless zeros ("12.5", "1000.25", "-3"): at most 15 digits and 6 decimals;
 *   @  a date YYYY-MM-DD, written CCYYMMDD (format 102), refused unless a real date.
 * edi_seg(w, "DTM", "137:@:102", "2026-12-06") writes DTM+137:20261206:102'. */
void edi_seg(struct edi_writer *w, const char *tag, const char *pattern, ...);

/* Records a refusal (printf-like; the first one stays) and returns false. For the builders'
 * own checks, so that their reasons travel the same way. */
bool edi_write_fail(struct edi_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Ends the interchange: UNA, UNB (with the character set chosen), the messages, UNZ. Returns
 * the bytes (caller frees; *len their count, without the terminating NUL) or NULL with w->why
 * when anything was refused, a message is still open or none was written. */
char *edi_write_finish(struct edi_writer *w, size_t *len);
/* Frees what the writer holds; safe twice and on a zeroed writer. */
void edi_writer_free(struct edi_writer *w);

/* Checks of the values builders take from the database, for their own refusals. */
bool edi_date_valid(const char *iso); /* YYYY-MM-DD, a real date */
bool edi_gln_valid(const char *gln);  /* 13 digits with a GS1 check digit */
/* A decimal text as EDIFACT writes it (see '#' above) into out; false when it is not one. */
bool edi_decimal(const char *text, char *out, size_t n);

#endif
