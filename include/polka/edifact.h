/* edifact.h: reading UN/EDIFACT interchanges (EANCOM ORDERS, DESADV, RECADV as retail chains and
 * their providers send them; issue 18). A file holds one or more interchanges (UNB ... UNZ),
 * each one or more messages (UNH ... UNT). The service string advice UNA sets the separators
 * (else ':' '+' '.' '?' and '\''); the release character frees a separator or itself and
 * nothing else. Line breaks anywhere are not data (files come wrapped). Values come out in
 * UTF-8: UNOA/UNOB are ASCII, UNOC is ISO 8859-1 (or UTF-8 when every byte of the file reads as
 * UTF-8: senders mislabel), UNOW and UNOY UTF-8.
 *
 * A syntax error refuses the whole file, with the segment (its number in the file and tag) and
 * the byte offset and line where it was found. The counts are checked and reported, not
 * refused: a message whose UNT count or reference is wrong, an interchange whose UNZ count or
 * reference is wrong, is marked with why (the intake answers it with CONTRL instead of taking
 * it). Pure: no I/O, no database. */
#ifndef POLKA_EDIFACT_H
#define POLKA_EDIFACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    EDI_MAX_SEGMENTS = 200000,
    EDI_MAX_VALUE = 4096,
    EDI_MAX_ELEMENTS = 99,
    EDI_MAX_COMPONENTS = 99
};

/* ISO 9735 syntax error codes (service data element 0085), given with every refusal and count
 * problem so that CONTRL can report them (edifact_write.h). */
enum edi_syntax_error {
    EDI_ERR_INVALID_VALUE = 12,
    EDI_ERR_MISSING = 13,  /* a mandatory segment or value is missing; the file is cut short */
    EDI_ERR_POSITION = 15, /* not supported in this position */
    EDI_ERR_TOO_MANY = 16, /* too many constituents (segments, elements, components) */
    EDI_ERR_UNSPECIFIED = 18,
    EDI_ERR_UNA = 20,                /* a character in UNA is invalid as a service character */
    EDI_ERR_CHARACTERS = 21,         /* invalid characters (controls, not the character set) */
    EDI_ERR_SERVICE_CHARACTERS = 22, /* UNA or the release character misused */
    EDI_ERR_REFERENCES = 28,         /* UNT/UNZ references do not match UNH/UNB */
    EDI_ERR_COUNT = 29,              /* UNT/UNZ counts do not match */
    EDI_ERR_TOO_LONG = 39
};

struct edi_element {
    char **comps; /* UTF-8, released; "" for an empty component */
    size_t ncomps;
};

struct edi_segment {
    char tag[4];
    struct edi_element *els; /* the data elements after the tag */
    size_t nels;
    size_t offset; /* byte offset of the tag in the file */
    size_t line;   /* 1-based line of the tag */
};

struct edi_message {
    size_t first, last;                             /* segment indexes of its UNH and UNT */
    const char *ref;                                /* UNH 0062, message reference */
    const char *type;                               /* UNH S009: ORDERS, DESADV, RECADV ... */
    const char *version, *release, *agency, *assoc; /* D, 96A, UN, EAN008 ... */
    const char *problem; /* NULL when its UNT agrees; else why (static English words) */
    int problem_code;    /* its enum edi_syntax_error; 0 without a problem */
};

struct edi_interchange {
    size_t first, last; /* segment indexes of its UNB and UNZ */
    char syntax[5];     /* UNOA, UNOB, UNOC, UNOW, UNOY ... */
    const char *sender, *recipient, *control_ref;
    size_t first_message, nmessages; /* its messages in edi_file.messages */
    const char *problem;             /* NULL when its UNZ agrees; else why */
    int problem_code;                /* its enum edi_syntax_error; 0 without a problem */
};

struct edi_file {
    char comp_sep, elem_sep, decimal_mark, release, seg_term;
    struct edi_segment *segs;
    size_t nsegs;
    struct edi_message *messages;
    size_t nmessages;
    struct edi_interchange *interchanges;
    size_t ninterchanges;
};

struct edi_error {
    size_t segment; /* 1-based number of the segment in the file; 0: before the first */
    char tag[4];    /* its tag ("" when unknown) */
    size_t offset, line;
    int code; /* enum edi_syntax_error: what kind of error, for CONTRL */
    char why[200];
};

/* Parses len bytes. On success fills *f (free with edi_free); on a syntax error fills *err and
 * leaves *f empty. */
bool edi_parse(const char *buf, size_t len, struct edi_file *f, struct edi_error *err);
void edi_free(struct edi_file *f);
/* An error at segment seg (0-based) of a parsed file: its number, tag, offset and line, the
 * code (enum edi_syntax_error) and why, formatted. Returns false, for `return edi_refuse(...)`.
 * For the readers of messages (ORDERS, RECADV) built on the parser. */
bool edi_refuse(struct edi_error *err, const struct edi_file *f, size_t seg, int code,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Data element el (0-based after the tag), component c (0-based) of s: NULL when absent. */
const char *edi_value(const struct edi_segment *s, size_t el, size_t c);
/* A numeric value with the file's decimal mark (or '.', both are allowed by ISO 9735), at most
 * `scale` decimals: *out scaled by 10^scale. False for anything else. */
bool edi_number(const struct edi_file *f, const char *v, int scale, int64_t *out);

#endif
