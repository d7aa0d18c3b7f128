/* edifact.c: see edifact.h. Two passes: the bytes into segments of elements of components (the
 * separators, the release character, line breaks that are not data), then the envelope
 * (UNB/UNZ, UNH/UNT; UNG/UNE passed over) with its counts, and the values into UTF-8 by each
 * interchange's character set. */
#include "polka/edifact.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

static bool fail(struct edi_error *err, int code, size_t segment, const char *tag, size_t offset,
                 size_t line, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static bool fail(struct edi_error *err, int code, size_t segment, const char *tag, size_t offset,
                 size_t line, const char *fmt, ...)
{
    memset(err, 0, sizeof(*err));
    err->code = code;
    err->segment = segment;
    snprintf(err->tag, sizeof(err->tag), "%s", tag ? tag : "");
    err->offset = offset;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->why, sizeof(err->why), fmt, ap);
    va_end(ap);
    return false;
}

void edi_free(struct edi_file *f)
{
    for (size_t i = 0; i < f->nsegs; i++) {
        for (size_t e = 0; e < f->segs[i].nels; e++) {
            for (size_t c = 0; c < f->segs[i].els[e].ncomps; c++)
                free(f->segs[i].els[e].comps[c]);
            free(f->segs[i].els[e].comps);
        }
        free(f->segs[i].els);
    }
    free(f->segs);
    free(f->messages);
    free(f->interchanges);
    memset(f, 0, sizeof(*f));
}

bool edi_refuse(struct edi_error *err, const struct edi_file *f, size_t seg, int code,
                const char *fmt, ...)
{
    const struct edi_segment *s = &f->segs[seg];
    memset(err, 0, sizeof(*err));
    err->code = code;
    err->segment = seg + 1;
    snprintf(err->tag, sizeof(err->tag), "%s", s->tag);
    err->offset = s->offset;
    err->line = s->line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->why, sizeof(err->why), fmt, ap);
    va_end(ap);
    return false;
}

const char *edi_value(const struct edi_segment *s, size_t el, size_t c)
{
    if (!s || el >= s->nels || c >= s->els[el].ncomps)
        return NULL;
    return s->els[el].comps[c];
}

/* The segment being read. */
struct reader {
    struct edi_file *f;
    struct edi_error *err;
    struct edi_segment *seg;
    struct strbuf val;
    size_t cap_segs;
};

static void add_component(struct reader *r)
{
    struct edi_segment *s = r->seg;
    struct edi_element *e = &s->els[s->nels - 1];
    e->comps = xrealloc(e->comps, (e->ncomps + 1) * sizeof(*e->comps));
    e->comps[e->ncomps++] = strbuf_detach(&r->val);
}

static void add_element(struct reader *r)
{
    struct edi_segment *s = r->seg;
    s->els = xrealloc(s->els, (s->nels + 1) * sizeof(*s->els));
    s->els[s->nels].comps = NULL;
    s->els[s->nels].ncomps = 0;
    s->nels++;
}

static bool is_sep(const struct edi_file *f, char c)
{
    return c == f->comp_sep || c == f->elem_sep || c == f->release || c == f->seg_term;
}

/* Pass 1: the bytes into segments. */
static bool read_segments(struct reader *r, const char *buf, size_t len, size_t pos, size_t line)
{
    struct edi_file *f = r->f;
    while (pos < len) {
        char ch = buf[pos];
        if (ch == '\r' || ch == '\n' || (ch == ' ' && !r->seg) || (ch == '\0' && !r->seg)) {
            line += ch == '\n';
            pos++;
            continue;
        }
        if (!r->seg) {
            /* A segment starts: its tag, three letters or digits. */
            if (f->nsegs >= EDI_MAX_SEGMENTS)
                return fail(r->err, EDI_ERR_TOO_MANY, f->nsegs, "", pos, line,
                            _("more than %d segments"), EDI_MAX_SEGMENTS);
            if (f->nsegs == r->cap_segs) {
                r->cap_segs = r->cap_segs ? 2 * r->cap_segs : 64;
                f->segs = xrealloc(f->segs, r->cap_segs * sizeof(*f->segs));
            }
            struct edi_segment *s = &f->segs[f->nsegs++];
            memset(s, 0, sizeof(*s));
            s->offset = pos;
            s->line = line;
            size_t n = 0;
            while (pos < len && n < 3 && buf[pos] != f->elem_sep && buf[pos] != f->seg_term)
                s->tag[n++] = buf[pos++];
            bool ok = n == 3;
            for (size_t i = 0; i < n; i++)
                ok = ok && ((s->tag[i] >= 'A' && s->tag[i] <= 'Z') ||
                            (s->tag[i] >= '0' && s->tag[i] <= '9'));
            if (!ok || pos >= len || (buf[pos] != f->elem_sep && buf[pos] != f->seg_term)) {
                /* What it starts with: at most 8 bytes there are, the unprintable as '.'. */
                char head[9];
                size_t k = 0;
                for (; k < 8 && s->offset + k < len; k++) {
                    unsigned char u = (unsigned char)buf[s->offset + k];
                    head[k] = u >= 0x20 && u < 0x7f ? (char)u : '.';
                }
                head[k] = '\0';
                memset(s->tag, 0, sizeof(s->tag));
                return fail(r->err, EDI_ERR_UNSPECIFIED, f->nsegs, "", s->offset, line,
                            _("a segment starts with \"%s\": a tag is three letters or digits"),
                            head);
            }
            r->seg = s;
            if (buf[pos] == f->seg_term) {
                r->seg = NULL;
            } else {
                add_element(r);
            }
            pos++;
            continue;
        }
        struct edi_segment *s = r->seg;
        if (ch == f->release) {
            size_t at = pos++;
            while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
                line += buf[pos++] == '\n';
            if (pos >= len)
                break;
            if (!is_sep(f, buf[pos]))
                return fail(
                    r->err, EDI_ERR_SERVICE_CHARACTERS, f->nsegs, s->tag, at, line,
                    _("the release character %c stands before '%c', which is not a separator"),
                    f->release, buf[pos]);
            ch = buf[pos];
            strbuf_add(&r->val, &ch, 1);
        } else if (ch == f->comp_sep) {
            if (s->els[s->nels - 1].ncomps + 1 >= EDI_MAX_COMPONENTS)
                return fail(r->err, EDI_ERR_TOO_MANY, f->nsegs, s->tag, pos, line,
                            _("more than %d components"), EDI_MAX_COMPONENTS);
            add_component(r);
        } else if (ch == f->elem_sep) {
            if (s->nels >= EDI_MAX_ELEMENTS)
                return fail(r->err, EDI_ERR_TOO_MANY, f->nsegs, s->tag, pos, line,
                            _("more than %d elements"), EDI_MAX_ELEMENTS);
            add_component(r);
            add_element(r);
        } else if (ch == f->seg_term) {
            add_component(r);
            r->seg = NULL;
        } else {
            strbuf_add(&r->val, &ch, 1);
        }
        if (r->val.len > EDI_MAX_VALUE)
            return fail(r->err, EDI_ERR_TOO_LONG, f->nsegs, s->tag, pos, line,
                        _("a value longer than %d bytes"), EDI_MAX_VALUE);
        pos++;
    }
    if (r->seg)
        return fail(r->err, EDI_ERR_MISSING, f->nsegs, r->seg->tag, len, line,
                    _("the file ends inside the segment: it is cut short"));
    return true;
}

/* Values of segments [a, b] into UTF-8 by character set syntax (latin1: the file is not UTF-8). */
static bool convert(struct edi_file *f, size_t a, size_t b, const char *syntax, bool file_utf8,
                    struct edi_error *err)
{
    bool latin1 = strcmp(syntax, "UNOC") == 0 && !file_utf8;
    for (size_t i = a; i <= b; i++) {
        struct edi_segment *s = &f->segs[i];
        for (size_t e = 0; e < s->nels; e++)
            for (size_t c = 0; c < s->els[e].ncomps; c++) {
                char *v = s->els[e].comps[c];
                size_t n = strlen(v);
                for (size_t k = 0; k < n; k++) {
                    unsigned char u = (unsigned char)v[k];
                    if (u < 0x20 || u == 0x7f)
                        return fail(err, EDI_ERR_CHARACTERS, i + 1, s->tag, s->offset, s->line,
                                    _("a control character (0x%02x) in element %zu"), u, e + 1);
                }
                if (latin1) {
                    struct strbuf sb = {0};
                    for (size_t k = 0; k < n; k++) {
                        unsigned char u = (unsigned char)v[k];
                        char out[4];
                        strbuf_add(&sb, out, text_encode(u, out));
                    }
                    free(v);
                    s->els[e].comps[c] = strbuf_detach(&sb);
                } else if (!text_utf8_valid(v, n)) {
                    return fail(err, EDI_ERR_CHARACTERS, i + 1, s->tag, s->offset, s->line,
                                _("element %zu is not text of character set %s"), e + 1, syntax);
                }
            }
    }
    return true;
}

/* A message's identifiers from its UNH (again after its values are converted). */
static void take_message_ids(const struct edi_file *f, struct edi_message *m)
{
    const struct edi_segment *s = &f->segs[m->first];
    m->ref = edi_value(s, 0, 0);
    m->type = edi_value(s, 1, 0);
    m->version = edi_value(s, 1, 1);
    m->release = edi_value(s, 1, 2);
    m->agency = edi_value(s, 1, 3);
    m->assoc = edi_value(s, 1, 4);
}

static const char *count_problem(const char *said, size_t counted, const char *what)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%zu", counted);
    if (!said || strcmp(said, buf) != 0)
        return what;
    return NULL;
}

/* Pass 2: the envelopes, their counts and references, the character sets. */
static bool read_envelopes(struct edi_file *f, bool file_utf8, struct edi_error *err)
{
    size_t cap_m = 0, cap_i = 0;
    struct edi_interchange *ic = NULL;
    struct edi_message *m = NULL;
    for (size_t i = 0; i < f->nsegs; i++) {
        struct edi_segment *s = &f->segs[i];
        if (strcmp(s->tag, "UNA") == 0)
            return fail(err, EDI_ERR_POSITION, i + 1, s->tag, s->offset, s->line,
                        _("UNA stands only at the start"));
        if (!ic) {
            if (strcmp(s->tag, "UNB") != 0)
                return fail(err, EDI_ERR_POSITION, i + 1, s->tag, s->offset, s->line,
                            _("%s stands outside an interchange (UNB ... UNZ)"), s->tag);
            if (f->ninterchanges == cap_i) {
                cap_i = cap_i ? 2 * cap_i : 2;
                f->interchanges = xrealloc(f->interchanges, cap_i * sizeof(*f->interchanges));
            }
            ic = &f->interchanges[f->ninterchanges++];
            memset(ic, 0, sizeof(*ic));
            ic->first = i;
            snprintf(ic->syntax, sizeof(ic->syntax), "%s",
                     edi_value(s, 0, 0) ? edi_value(s, 0, 0) : "");
            ic->first_message = f->nmessages;
            continue;
        }
        if (m) {
            if (strcmp(s->tag, "UNT") == 0) {
                m->last = i;
                char said[32];
                snprintf(said, sizeof(said), "%zu", i - m->first + 1);
                const char *n = edi_value(s, 0, 0), *ref = edi_value(s, 1, 0);
                if (!n || strcmp(n, said) != 0) {
                    m->problem = _("UNT's segment count differs from the message's");
                    m->problem_code = EDI_ERR_COUNT;
                } else if (!ref || !m->ref || strcmp(ref, m->ref) != 0) {
                    m->problem = _("UNT's reference differs from UNH's");
                    m->problem_code = EDI_ERR_REFERENCES;
                }
                m = NULL;
                continue;
            }
            if (strcmp(s->tag, "UNH") == 0 || strcmp(s->tag, "UNZ") == 0 ||
                strcmp(s->tag, "UNB") == 0)
                return fail(err, EDI_ERR_MISSING, i + 1, s->tag, s->offset, s->line,
                            _("%s inside a message: its UNT is missing"), s->tag);
            continue;
        }
        if (strcmp(s->tag, "UNH") == 0) {
            if (f->nmessages == cap_m) {
                cap_m = cap_m ? 2 * cap_m : 4;
                f->messages = xrealloc(f->messages, cap_m * sizeof(*f->messages));
            }
            m = &f->messages[f->nmessages++];
            memset(m, 0, sizeof(*m));
            m->first = i;
            take_message_ids(f, m);
            ic->nmessages++;
            continue;
        }
        if (strcmp(s->tag, "UNG") == 0 || strcmp(s->tag, "UNE") == 0)
            continue; /* functional groups: their messages count in UNZ as the groups do */
        if (strcmp(s->tag, "UNZ") == 0) {
            ic->last = i;
            const struct edi_segment *unb = &f->segs[ic->first];
            ic->sender = edi_value(unb, 1, 0);
            ic->recipient = edi_value(unb, 2, 0);
            ic->control_ref = edi_value(unb, 4, 0);
            size_t groups = 0;
            for (size_t k = ic->first; k < i; k++)
                groups += strcmp(f->segs[k].tag, "UNG") == 0;
            ic->problem = count_problem(edi_value(s, 0, 0), groups ? groups : ic->nmessages,
                                        _("UNZ's count differs from the interchange's messages"));
            ic->problem_code = ic->problem ? EDI_ERR_COUNT : 0;
            const char *ref = edi_value(s, 1, 0);
            if (!ic->problem && (!ref || !ic->control_ref || strcmp(ref, ic->control_ref) != 0)) {
                ic->problem = _("UNZ's reference differs from UNB's");
                ic->problem_code = EDI_ERR_REFERENCES;
            }
            if (!convert(f, ic->first, i, ic->syntax, file_utf8, err))
                return false;
            /* Converted values are new strings: the identifiers point to them now. */
            ic->sender = edi_value(unb, 1, 0);
            ic->recipient = edi_value(unb, 2, 0);
            ic->control_ref = edi_value(unb, 4, 0);
            for (size_t k = ic->first_message; k < ic->first_message + ic->nmessages; k++)
                take_message_ids(f, &f->messages[k]);
            ic = NULL;
            continue;
        }
        return fail(err, EDI_ERR_POSITION, i + 1, s->tag, s->offset, s->line,
                    _("%s stands between messages (only UNH ... UNT, UNG, UNE and UNZ may)"),
                    s->tag);
    }
    if (m) {
        const struct edi_segment *s = &f->segs[f->nsegs - 1];
        return fail(err, EDI_ERR_MISSING, f->nsegs, s->tag, s->offset, s->line,
                    _("the file ends inside a message: no UNT, it is cut short"));
    }
    if (ic) {
        const struct edi_segment *s = &f->segs[f->nsegs - 1];
        return fail(err, EDI_ERR_MISSING, f->nsegs, s->tag, s->offset, s->line,
                    _("the file ends inside an interchange: no UNZ, it is cut short"));
    }
    if (!f->ninterchanges)
        return fail(err, EDI_ERR_MISSING, 0, "", 0, 1,
                    _("no interchange (UNB ... UNZ) in the file"));
    return true;
}

bool edi_parse(const char *buf, size_t len, struct edi_file *f, struct edi_error *err)
{
    memset(f, 0, sizeof(*f));
    memset(err, 0, sizeof(*err));
    f->comp_sep = ':';
    f->elem_sep = '+';
    f->decimal_mark = '.';
    f->release = '?';
    f->seg_term = '\'';
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        pos = 3; /* a byte order mark some editors write */
    if (len - pos >= 3 && memcmp(buf + pos, "UNA", 3) == 0) {
        if (len - pos < 9)
            return fail(err, EDI_ERR_UNA, 0, "UNA", pos, 1,
                        _("UNA is cut short: it gives six characters"));
        const char *a = buf + pos + 3;
        f->comp_sep = a[0];
        f->elem_sep = a[1];
        f->decimal_mark = a[2];
        f->release = a[3];
        f->seg_term = a[5];
        const char seps[] = {a[0], a[1], a[3], a[5]};
        for (size_t i = 0; i < 4; i++) {
            bool bad = seps[i] == '\r' || seps[i] == '\n' || seps[i] == ' ' || seps[i] == '\0' ||
                       (seps[i] >= 'A' && seps[i] <= 'Z') || (seps[i] >= '0' && seps[i] <= '9');
            for (size_t j = 0; j < i; j++)
                bad = bad || seps[i] == seps[j];
            if (bad)
                return fail(err, EDI_ERR_UNA, 0, "UNA", pos, 1,
                            _("UNA's separators are not four distinct marks: \"%.6s\""), a);
        }
        if (f->decimal_mark != '.' && f->decimal_mark != ',')
            return fail(err, EDI_ERR_UNA, 0, "UNA", pos, 1,
                        _("UNA's decimal mark is '%c', not '.' or ','"), f->decimal_mark);
        pos += 9;
    }
    struct reader r = {.f = f, .err = err};
    bool ok = read_segments(&r, buf, len, pos, 1);
    strbuf_release(&r.val);
    if (ok && r.seg == NULL)
        ok = read_envelopes(f, text_utf8_valid(buf, len), err);
    if (!ok)
        edi_free(f);
    return ok;
}

bool edi_number(const struct edi_file *f, const char *v, int scale, int64_t *out)
{
    if (!v || !*v || scale < 0 || scale > 9)
        return false;
    const char *p = v;
    bool neg = *p == '-';
    p += neg;
    int64_t n = 0;
    int digits = 0, decimals = -1;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (decimals >= 0 && ++decimals > scale)
                return false;
            if (n > (INT64_MAX - 9) / 10)
                return false;
            n = n * 10 + (*p - '0');
            digits++;
        } else if ((*p == f->decimal_mark || *p == '.' || *p == ',') && decimals < 0) {
            decimals = 0;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    for (int k = decimals < 0 ? 0 : decimals; k < scale; k++) {
        if (n > INT64_MAX / 10)
            return false;
        n *= 10;
    }
    *out = neg ? -n : n;
    return true;
}
