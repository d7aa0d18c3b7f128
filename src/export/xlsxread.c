/* xlsxread.c: the first worksheet of an .xlsx workbook, streamed (see xlsxread.h). The only
 * file that includes zip.h and expat.h.
 *
 * Every part is read through entry_read, which counts the bytes actually inflated against the
 * part's limit, the size its header declares and the compression ratio, so a zip bomb stops at
 * the limit whatever its headers say. Every XML part goes through a parser made by
 * parser_new: elements and attributes are matched by their name without a prefix (so prefixed
 * and strict OOXML files read alike, and no namespace processing is paid for), a DOCTYPE or an
 * entity declaration stops it (nothing is ever expanded or loaded), and a token that runs over
 * MAX_TOKEN bytes without an event (to a chunk or two: counted as the chunks are given) refuses
 * the part (expat would otherwise buffer it whole). The sheet is parsed a chunk at a time, its
 * finished rows queued and handed out one by one by xlsxr_next; the next chunk is parsed when
 * they are all given. (Suspending the parser at each row's end, as this did first, cost a sixth
 * of the whole read in expat's resumption.) What is held at once is a chunk's rows and the row
 * under way. */
#include "polka/xlsxread.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zip.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

#define CHUNK      (64 * 1024)
#define MAX_TOKEN  (4u << 20) /* bytes of input without a single event */
#define MAX_DEPTH  64         /* elements inside each other (Excel's parts: under 10) */
#define MAX_RELS   10000
#define MAX_SHEETS 10000

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

struct rel {
    char *id, *type, *target;
    bool external;
};

struct rels {
    struct rel *v;
    size_t n;
};

/* A zip entry being read, with its byte counts. */
struct entry {
    zip_file_t *zf;
    char *name;
    zip_uint64_t size, comp, got, limit;
};

/* What every XML parser's handlers share. */
struct pctx {
    struct xlsxr *r;
    XML_Parser p;
    const char *part;
    unsigned long events, events_seen; /* events so far; their count at the last chunk given */
    unsigned long long quiet;          /* bytes given since a chunk after which events came */
    int depth;                         /* elements open */
};

/* A cell of a row read: its text is in the rows' buffer (off) or the pool (ptr). */
struct xcell {
    int col;
    enum xlsxr_type type;
    bool date;
    const char *ptr;
    size_t off, len;
};

/* A finished row in the queue: its cells are cells[cell .. cell + ncells). */
struct qrow {
    long row;
    size_t cell, ncells;
};

enum ctype { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D };

struct xlsxr {
    zip_t *za;
    char *why; /* the first refusal, given again on every later call */
    bool date1904;
    char *sheet_name, *sheet_part;

    /* shared strings: NUL-terminated texts in one pool, string i at soff[i] .. soff[i+1]-1;
     * a big pool's memory is mapped (pool_map, pool_maplen: see pool_open) */
    struct strbuf pool;
    void *pool_map;
    size_t pool_maplen;
    uint32_t *soff;
    size_t nstrings, scap;

    bool *xf_date; /* per cellXfs index: a date or time format */
    size_t nxf;

    /* the sheet stream */
    struct entry sheet;
    struct pctx sp;
    bool eof, done;
    bool in_data, in_row, in_c, in_is, in_t, in_rph, capture, has_value;
    long row, last_row;
    char row_digits[16]; /* row in decimal, as its cells' references end */
    int col, last_col;
    enum ctype ct;
    bool cdate;
    struct strbuf rowtext; /* the rows' texts, NUL-separated; the cell's as it comes at its end */
    size_t vstart;         /* where the cell's text starts in rowtext */
    struct xcell *cells;   /* the queued rows' cells, then the row's under way */
    size_t ncells, ccap;
    size_t row_cell, row_text; /* where the row under way starts in cells and rowtext */
    struct qrow *q;            /* the finished rows, q[qnext] the next to give */
    size_t qn, qnext, qcap;
    struct xlsxr_cell *out;
    size_t ocap;
};

static bool refuse(struct xlsxr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool refuse(struct xlsxr *r, const char *fmt, ...)
{
    if (!r->why) {
        va_list ap;
        va_start(ap, fmt);
        r->why = xvasprintf(fmt, ap);
        va_end(ap);
    }
    return false;
}

/* A refusal from inside a parser's handler: said once, and the parser stops. */
static void refuse_in(struct pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void refuse_in(struct pctx *c, const char *fmt, ...)
{
    if (!c->r->why) {
        va_list ap;
        va_start(ap, fmt);
        c->r->why = xvasprintf(fmt, ap);
        va_end(ap);
    }
    XML_StopParser(c->p, XML_FALSE);
}

void xlsxr_cell_name(char *out, int col, long row)
{
    char tmp[8];
    size_t n = 0;
    unsigned c = (unsigned)col + 1;
    while (c > 0 && n < 4) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    snprintf(out + n, 12, "%ld", row);
}

/* ---- the archive ---------------------------------------------------------------------- */

/* libzip's error in words. */
static bool refuse_zip(struct xlsxr *r, zip_error_t *ze)
{
    switch (zip_error_code_zip(ze)) {
    case ZIP_ER_MEMORY:
        return refuse(r, _("There is not enough memory to read the workbook."));
    case ZIP_ER_COMPNOTSUPP:
        return refuse(r, _("The workbook is compressed in a way Excel does not use: save it "
                           "again in Excel as an .xlsx workbook."));
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        return refuse(r, _("The workbook is password-protected: remove the password in Excel "
                           "(File, Info, Protect Workbook) and save it again."));
    case ZIP_ER_NOZIP:
        return refuse(r, _("The file is not an Excel workbook (.xlsx): it is not a ZIP archive."));
    case ZIP_ER_MULTIDISK:
        return refuse(r, _("The file is one part of a split archive, not an Excel workbook."));
    default:
        return refuse(r,
                      _("The workbook is damaged or truncated (%s): save it again in Excel or "
                        "ask for the file again."),
                      zip_error_strerror(ze));
    }
}

/* An entry name that would leave the folder it is unpacked into. */
static bool name_escapes(const char *name)
{
    if (name[0] == '/' || strchr(name, '\\') || (name[0] && name[1] == ':'))
        return true;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n;
        if (*p == '/')
            p++;
    }
    return false;
}

static bool check_entries(struct xlsxr *r)
{
    zip_int64_t n = zip_get_num_entries(r->za, 0);
    if (n < 0 || n > XLSXR_MAX_ENTRIES)
        return refuse(r,
                      _("The archive holds more than %d entries, which no workbook has: "
                        "refused."),
                      XLSXR_MAX_ENTRIES);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(r->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name)
            return refuse_zip(r, zip_get_error(r->za));
        if (name_escapes(name)) {
            char *shown = text_sanitize(name, strlen(name), 80);
            refuse(r,
                   _("The archive has an entry named \"%s\", which points outside it: the "
                     "file is not a workbook Excel wrote and is refused."),
                   shown);
            free(shown);
            return false;
        }
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(r->za, (zip_uint64_t)i, 0, &st) != 0)
            return refuse_zip(r, zip_get_error(r->za));
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return refuse(r, _("The workbook is password-protected: remove the password in "
                               "Excel (File, Info, Protect Workbook) and save it again."));
    }
    return true;
}

static unsigned long long mb(zip_uint64_t bytes)
{
    return (unsigned long long)((bytes + (1u << 20) - 1) >> 20);
}

/* Whether bytes of a part that take comp compressed are within the compression ratio allowed
 * (checked on the header's size, then on the bytes as they are inflated). */
static bool ratio_ok(struct xlsxr *r, const char *name, zip_uint64_t bytes, zip_uint64_t comp)
{
    if (bytes <= XLSXR_RATIO_FROM || bytes / (comp ? comp : 1) <= XLSXR_MAX_RATIO)
        return true;
    return refuse(r,
                  _("The workbook's part %s is compressed more than %d times, which no "
                    "spreadsheet is: refused (a zip bomb?)."),
                  name, XLSXR_MAX_RATIO);
}

static bool entry_open(struct xlsxr *r, const char *name, zip_uint64_t limit, struct entry *e)
{
    memset(e, 0, sizeof(*e));
    zip_int64_t i = zip_name_locate(r->za, name, ZIP_FL_NOCASE);
    if (i < 0)
        return refuse(r, _("The workbook is incomplete: its part %s is missing."), name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(r->za, (zip_uint64_t)i, 0, &st) != 0)
        return refuse_zip(r, zip_get_error(r->za));
    e->name = xstrdup(name);
    e->limit = limit;
    e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if (e->size > limit)
        return refuse(r,
                      _("The workbook's part %s would be %llu MB uncompressed, more than the "
                        "%llu MB allowed: refused (a zip bomb?)."),
                      name, mb(e->size), mb(limit));
    if (!ratio_ok(r, name, e->size, e->comp))
        return false;
    e->zf = zip_fopen_index(r->za, (zip_uint64_t)i, 0);
    if (!e->zf)
        return refuse_zip(r, zip_get_error(r->za));
    return true;
}

static void entry_close(struct entry *e)
{
    if (e->zf)
        zip_fclose(e->zf);
    e->zf = NULL;
    xfree(&e->name);
}

/* Up to n bytes of the entry: their count, 0 at its end, -1 when refused. */
static zip_int64_t entry_read(struct xlsxr *r, struct entry *e, void *buf, size_t n)
{
    zip_int64_t got = zip_fread(e->zf, buf, n);
    if (got < 0)
        return refuse_zip(r, zip_file_get_error(e->zf)), -1;
    e->got += (zip_uint64_t)got;
    if (e->got > e->limit)
        return refuse(r,
                      _("The workbook's part %s inflates to more than the %llu MB allowed: "
                        "refused (a zip bomb?)."),
                      e->name, mb(e->limit)),
               -1;
    if (!ratio_ok(r, e->name, e->got, e->comp))
        return -1;
    if (e->got > e->size)
        return refuse(r,
                      _("The workbook's part %s holds more data than its header says: the "
                        "archive is damaged or made to attack (a zip bomb?)."),
                      e->name),
               -1;
    return got;
}

/* ---- XML -------------------------------------------------------------------------------- */

/* An element's name without its prefix ("x:row" is "row"). Names are short and come millions
 * of times: a loop, not a call. */
static const char *local(const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p == ':')
            return p + 1;
    return name;
}

/* Whether name is lit (a loop the compiler sees through, for the same reason). */
static bool is(const char *name, const char *lit)
{
    while (*lit && *name == *lit)
        name++, lit++;
    return *name == *lit;
}

/* The value of the attribute with this local name; ns: whether it must have a namespace
 * (r:id) or must not (r, t, s). */
static const char *attr(const XML_Char **atts, const char *name, bool ns)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *sep = strchr(atts[i], ':');
        if ((sep != NULL) == ns && strcmp(sep ? sep + 1 : atts[i], name) == 0)
            return atts[i + 1];
    }
    return NULL;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int internal)
{
    struct pctx *c = ud;
    refuse_in(c,
              _("The workbook's part %s declares a DOCTYPE, which no Excel file has: refused "
                "(it could expand entities or read other files)."),
              c->part);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int param, const XML_Char *value,
                              int len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    struct pctx *c = ud;
    refuse_in(c,
              _("The workbook's part %s declares a DOCTYPE, which no Excel file has: refused "
                "(it could expand entities or read other files)."),
              c->part);
}

/* An event came: counted, not located (asking expat for the byte offset of each of millions of
 * events cost more than the rest of the handlers' bookkeeping). */
static inline void mark_event(struct pctx *c)
{
    c->events++;
}

/* An element starts: false (refused, the parser stopped) when elements nest deeper than any
 * workbook's, which would only make expat's stack of open elements grow. */
static bool enter(struct pctx *c)
{
    mark_event(c);
    if (++c->depth <= MAX_DEPTH)
        return true;
    refuse_in(c, _("The workbook's part %s nests elements more than %d deep: refused."), c->part,
              MAX_DEPTH);
    return false;
}

/* An element ends (an end tag is never far from the event before it: no mark). */
static void leave(struct pctx *c)
{
    c->depth--;
}

/* The end handler of parsers that want only starts (ud is the pctx or begins with one). */
static void XMLCALL depth_end(void *ud, const XML_Char *name)
{
    leave(ud);
}

static void parser_new(struct pctx *c, struct xlsxr *r, const char *part)
{
    c->r = r;
    c->part = part;
    c->events = c->events_seen = 0;
    c->quiet = 0;
    c->depth = 0;
    c->p = XML_ParserCreate(NULL);
    if (!c->p) {
        fprintf(stderr, "polka: out of memory\n");
        abort();
    }
    XML_SetUserData(c->p, c);
    XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
    XML_SetEntityDeclHandler(c->p, on_entity);
    XML_SetParamEntityParsing(c->p, XML_PARAM_ENTITY_PARSING_NEVER);
}

static void parser_free(struct pctx *c)
{
    if (c->p)
        XML_ParserFree(c->p);
    c->p = NULL;
}

/* The parser's refusal of malformed XML, unless a handler already said why. */
static bool refuse_xml(struct pctx *c)
{
    return refuse(c->r, _("The workbook is damaged: %s, line %lu: %s."), c->part,
                  (unsigned long)XML_GetCurrentLineNumber(c->p),
                  XML_ErrorString(XML_GetErrorCode(c->p)));
}

/* After n more bytes were given: false when a token has run too long without an event. The
 * bytes since the last event are at most quiet plus the chunk or two before, so expat never
 * holds much more than MAX_TOKEN of a token. */
static bool token_ok(struct pctx *c, size_t n)
{
    if (c->events != c->events_seen) {
        c->events_seen = c->events;
        c->quiet = 0;
    }
    c->quiet += n;
    if (c->quiet > MAX_TOKEN)
        return refuse(c->r,
                      _("The workbook's part %s has a single XML element or text of more than "
                        "%u MB: refused."),
                      c->part, MAX_TOKEN >> 20);
    return true;
}

/* Streams a whole part through the parser of c (handlers set by the caller); ok: whether the
 * entry was opened (it is closed either way). */
static bool parse_entry(struct xlsxr *r, struct pctx *c, struct entry *e, bool ok)
{
    while (ok) {
        void *buf = XML_GetBuffer(c->p, CHUNK);
        if (!buf) {
            ok = refuse(r, _("There is not enough memory to read the workbook."));
            break;
        }
        zip_int64_t n = entry_read(r, e, buf, CHUNK);
        if (n < 0 || !token_ok(c, (size_t)n)) {
            ok = false;
            break;
        }
        if (XML_ParseBuffer(c->p, (int)n, n == 0) != XML_STATUS_OK) {
            ok = refuse_xml(c);
            break;
        }
        if (r->why)
            ok = false;
        if (n == 0)
            break;
    }
    entry_close(e);
    return ok && !r->why;
}

static bool parse_part(struct xlsxr *r, struct pctx *c, zip_uint64_t limit)
{
    struct entry e;
    bool ok = entry_open(r, c->part, limit, &e);
    return parse_entry(r, c, &e, ok);
}

/* ---- relationships ---------------------------------------------------------------------- */

struct rels_ctx {
    struct pctx c;
    struct rels *rels;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ctx *x = ud;
    if (!enter(&x->c))
        return;
    if (!is(local(name), "Relationship"))
        return;
    const char *id = attr(atts, "Id", false), *type = attr(atts, "Type", false);
    const char *target = attr(atts, "Target", false), *mode = attr(atts, "TargetMode", false);
    if (!id || !type || !target)
        return;
    if (x->rels->n >= MAX_RELS) {
        refuse_in(&x->c, _("The workbook's part %s has more than %d relationships: refused."),
                  x->c.part, MAX_RELS);
        return;
    }
    x->rels->v = xrealloc(x->rels->v, (x->rels->n + 1) * sizeof(*x->rels->v));
    struct rel *rl = &x->rels->v[x->rels->n++];
    rl->id = xstrdup(id);
    rl->type = xstrdup(type);
    rl->target = xstrdup(target);
    rl->external = mode && strcmp(mode, "External") == 0;
}

static void rels_free(struct rels *rels)
{
    for (size_t i = 0; i < rels->n; i++) {
        free(rels->v[i].id);
        free(rels->v[i].type);
        free(rels->v[i].target);
    }
    xfree(&rels->v);
    rels->n = 0;
}

/* The relationships of part (""for the package): "xl/_rels/workbook.xml.rels". A missing
 * relationships part is no relationships. */
static bool rels_read(struct xlsxr *r, const char *part, struct rels *out)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part + 1) : 0;
    char *name = xasprintf("%.*s_rels/%s.rels", (int)dir, part, part + dir);
    memset(out, 0, sizeof(*out));
    bool ok = true;
    if (zip_name_locate(r->za, name, ZIP_FL_NOCASE) >= 0) {
        struct rels_ctx x = {.rels = out};
        parser_new(&x.c, r, name);
        XML_SetElementHandler(x.c.p, rels_start, depth_end);
        ok = parse_part(r, &x.c, XLSXR_MAX_PART_BYTES);
        parser_free(&x.c);
    }
    free(name);
    return ok;
}

static bool type_is(const struct rel *rl, const char *kind)
{
    size_t n = strlen(rl->type), k = strlen(kind);
    return !rl->external && n > k && rl->type[n - k - 1] == '/' &&
           strcmp(rl->type + n - k, kind) == 0;
}

/* The part a relationship of `source` points to, as an archive name: a target relative to the
 * source's folder, or absolute from the package's root; "." and ".." resolved. NULL when it
 * leaves the package. Caller frees. */
static char *resolve(const char *source, const char *target)
{
    struct strbuf sb = {0};
    if (target[0] != '/') {
        const char *slash = strrchr(source, '/');
        if (slash)
            strbuf_add(&sb, source, (size_t)(slash - source + 1));
    }
    strbuf_puts(&sb, target[0] == '/' ? target + 1 : target);
    /* Normalize the segments in place. */
    char *s = sb.buf, *out = sb.buf;
    size_t o = 0;
    for (char *p = s; *p;) {
        size_t n = strcspn(p, "/");
        bool last = p[n] == '\0';
        if (n == 0 || (n == 1 && p[0] == '.')) {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0) {
                strbuf_release(&sb);
                return NULL;
            }
            o--; /* drop the '/' ending the previous segment, then the segment */
            while (o > 0 && out[o - 1] != '/')
                o--;
        } else {
            memmove(out + o, p, n);
            o += n;
            if (!last)
                out[o++] = '/';
        }
        p += n + !last;
    }
    out[o] = '\0';
    if (o == 0 || out[o - 1] == '/') {
        strbuf_release(&sb);
        return NULL;
    }
    return strbuf_detach(&sb);
}

/* ---- the workbook ----------------------------------------------------------------------- */

struct sheet_ref {
    char *name, *rid;
};

struct wb_ctx {
    struct pctx c;
    struct sheet_ref *sheets;
    size_t nsheets;
};

static bool truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct wb_ctx *x = ud;
    if (!enter(&x->c))
        return;
    const char *l = local(name);
    if (is(l, "workbookPr")) {
        x->c.r->date1904 = truthy(attr(atts, "date1904", false));
    } else if (is(l, "sheet")) {
        const char *sn = attr(atts, "name", false), *rid = attr(atts, "id", true);
        if (!sn || !rid)
            return;
        if (x->nsheets >= MAX_SHEETS) {
            refuse_in(&x->c, _("The workbook has more than %d sheets: refused."), MAX_SHEETS);
            return;
        }
        x->sheets = xrealloc(x->sheets, (x->nsheets + 1) * sizeof(*x->sheets));
        x->sheets[x->nsheets].name = xstrdup(sn);
        x->sheets[x->nsheets++].rid = xstrdup(rid);
    }
}

static const struct rel *rel_by_id(const struct rels *rels, const char *id)
{
    for (size_t i = 0; i < rels->n; i++)
        if (strcmp(rels->v[i].id, id) == 0)
            return &rels->v[i];
    return NULL;
}

static const struct rel *rel_by_type(const struct rels *rels, const char *kind)
{
    for (size_t i = 0; i < rels->n; i++)
        if (type_is(&rels->v[i], kind))
            return &rels->v[i];
    return NULL;
}

/* A part a relationship names, which must be in the archive: NULL (refused) otherwise. */
static char *part_of(struct xlsxr *r, const char *source, const struct rel *rl)
{
    char *part = resolve(source, rl->target);
    if (!part || zip_name_locate(r->za, part, ZIP_FL_NOCASE) < 0) {
        char *shown = text_sanitize(rl->target, strlen(rl->target), 80);
        refuse(r, _("The workbook is incomplete: its part %s is missing."), shown);
        free(shown);
        free(part);
        return NULL;
    }
    return part;
}

/* ---- styles: which cell formats are dates ----------------------------------------------- */

struct styles_ctx {
    struct pctx c;
    int *date_fmts; /* custom numFmtIds whose code is a date or time */
    size_t ndate;
    int *xf_fmt; /* cellXfs: numFmtId per index */
    size_t nxf;
    bool in_cellxfs;
};

/* Excel's built-in date and time formats (the East Asian ones included). */
static bool builtin_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* Whether a number format code shows a date or time: a d, m, y, h or s outside quoted text,
 * escaped characters (\x, _x, *x) and brackets ([Red], [$-419]) other than elapsed time
 * ([h], [mm], [ss]). */
static bool format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return false;
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1])
                p++;
            break;
        case '[': {
            const char *q = strchr(p, ']');
            if (!q)
                return false;
            if (q > p + 1 && strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1))
                return true;
            p = q;
            break;
        }
        default:
            if (strchr("dDmMyYhHsS", *p))
                return true;
        }
    }
    return false;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    unsigned long v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return *s == '\0';
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct styles_ctx *x = ud;
    if (!enter(&x->c))
        return;
    const char *l = local(name);
    unsigned long id = 0;
    if (is(l, "numFmt")) {
        const char *code = attr(atts, "formatCode", false);
        if (parse_uint(attr(atts, "numFmtId", false), 100000, &id) && code &&
            format_is_date(code)) {
            x->date_fmts = xrealloc(x->date_fmts, (x->ndate + 1) * sizeof(int));
            x->date_fmts[x->ndate++] = (int)id;
        }
    } else if (is(l, "cellXfs")) {
        x->in_cellxfs = true;
    } else if (x->in_cellxfs && is(l, "xf")) {
        if (!parse_uint(attr(atts, "numFmtId", false), 100000, &id))
            id = 0;
        if ((x->nxf & (x->nxf - 1)) == 0)
            x->xf_fmt = xrealloc(x->xf_fmt, (x->nxf ? 2 * x->nxf : 16) * sizeof(int));
        x->xf_fmt[x->nxf++] = (int)id;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    struct styles_ctx *x = ud;
    leave(&x->c);
    if (is(local(name), "cellXfs"))
        x->in_cellxfs = false;
}

static bool styles_read(struct xlsxr *r, const char *part)
{
    struct styles_ctx x = {0};
    parser_new(&x.c, r, part);
    XML_SetElementHandler(x.c.p, styles_start, styles_end);
    bool ok = parse_part(r, &x.c, XLSXR_MAX_PART_BYTES);
    parser_free(&x.c);
    if (ok) {
        r->nxf = x.nxf;
        r->xf_date = xcalloc(x.nxf ? x.nxf : 1, sizeof(bool));
        for (size_t i = 0; i < x.nxf; i++) {
            bool date = builtin_date(x.xf_fmt[i]);
            for (size_t k = 0; k < x.ndate && !date; k++)
                date = x.date_fmts[k] == x.xf_fmt[i];
            r->xf_date[i] = date;
        }
    }
    free(x.date_fmts);
    free(x.xf_fmt);
    return ok;
}

/* ---- text values ------------------------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Excel's escapes of characters XML cannot carry, _xHHHH_ ("_x000D_" a carriage return,
 * "_x005F_" the underscore itself), decoded in place; the new length. *decoded: whether
 * the text had an underscore (and so may now hold what expat would not have passed). */
static size_t unescape_x(char *s, size_t len, bool *decoded)
{
    *decoded = memchr(s, '_', len) != NULL;
    if (!*decoded)
        return len;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_') {
            int h0 = hexval(s[i + 2]), h1 = hexval(s[i + 3]), h2 = hexval(s[i + 4]),
                h3 = hexval(s[i + 5]);
            if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                uint32_t cp = (uint32_t)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    o += text_encode(cp, s + o);
                    i += 7;
                    continue;
                }
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

enum text_fault { TF_OK, TF_LONG, TF_CONTROL, TF_UTF8 };

/* A string value: well-formed UTF-8, at most XLSXR_MAX_TEXT characters, no control character
 * but tab, line feed and carriage return. *cp gets a control character found. Characters are
 * counted only when the bytes could be too many (a character is one to four bytes). */
static enum text_fault text_check(const char *s, size_t len, uint32_t *cp)
{
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
        } else if (b < 0x80) {
            if (b != '\t' && b != '\n' && b != '\r') {
                *cp = b;
                return TF_CONTROL;
            }
            i++;
        } else {
            /* unescape_x writes scalar values, so the lead byte says the length; U+0080..U+009F
             * (C1 controls) are C2 80..C2 9F. */
            size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            if (b < 0xC2 || b > 0xF4 || i + n > len)
                return TF_UTF8;
            if (b == 0xC2 && (unsigned char)s[i + 1] <= 0x9F) {
                *cp = (unsigned char)s[i + 1];
                return TF_CONTROL;
            }
            i += n;
        }
    }
    return TF_OK;
}

/* text_check of a text as expat gave it, well-formed UTF-8 without C0 controls (XML 1.0 has
 * none, not even as &#1;): only DEL and the C1 controls (C2 80..C2 9F) are looked for, by
 * memchr, so Cyrillic goes by at the library's speed. */
static enum text_fault text_check_raw(const char *s, size_t len, uint32_t *cp)
{
    const char *del = memchr(s, 0x7F, len);
    if (del) {
        *cp = 0x7F;
        return TF_CONTROL;
    }
    for (const char *p = s, *end = s + len; (p = memchr(p, 0xC2, (size_t)(end - p))) != NULL;) {
        if (++p < end && (unsigned char)*p <= 0x9F) {
            *cp = (unsigned char)*p;
            return TF_CONTROL;
        }
    }
    return TF_OK;
}

/* What a refusal of a text calls it: the shared string being read (r->nstrings) or the
 * sheet's current cell. */
static void text_where(struct xlsxr *r, bool shared, char *out, size_t n)
{
    char ref[24];
    if (shared) {
        snprintf(out, n, _("shared string %zu"), r->nstrings);
    } else {
        xlsxr_cell_name(ref, r->col, r->row);
        snprintf(out, n, _("cell %s"), ref);
    }
}

static void refuse_long(struct pctx *c, bool shared)
{
    char where[64];
    text_where(c->r, shared, where, sizeof(where));
    refuse_in(c,
              _("The sheet's %s holds more than 32,767 characters, more than Excel allows: "
                "refused."),
              where);
}

/* Refuses a string value that fails text_check (a shared string or the current cell);
 * decoded: whether unescape_x decoded it. */
static bool text_ok(struct pctx *c, const char *s, size_t len, bool decoded, bool shared)
{
    uint32_t cp = 0;
    char where[64];
    enum text_fault f = decoded ? text_check(s, len, &cp) : text_check_raw(s, len, &cp);
    /* (The text ends its buffer, NUL-terminated; a NUL decoded from _x0000_ is refused above.) */
    if (f == TF_OK && len > XLSXR_MAX_TEXT && text_chars(s) > XLSXR_MAX_TEXT)
        f = TF_LONG;
    if (f == TF_OK)
        return true;
    text_where(c->r, shared, where, sizeof(where));
    switch (f) {
    case TF_OK:
        break;
    case TF_LONG:
        refuse_long(c, shared);
        break;
    case TF_CONTROL:
        refuse_in(c, _("The sheet's %s holds a control character (U+%04X): refused."), where,
                  (unsigned)cp);
        break;
    case TF_UTF8:
        refuse_in(c, _("The sheet's %s is not valid UTF-8 text: refused."), where);
        break;
    }
    return false;
}

/* ---- shared strings --------------------------------------------------------------------- */

/* The elements of the shared strings and the sheet that matter, by their local name (el_kind). */
enum sel { SE_OTHER, SE_C, SE_V, SE_T, SE_IS, SE_RPH, SE_ROW, SE_DATA, SE_SI };
/* An element's kind: a switch on the first letter, as a sheet's millions of elements are
 * nearly all c, v and row without a prefix. */
static inline __attribute__((always_inline)) enum sel el_kind(const char *name)
{
    const char *l = name[1] ? local(name) : name;
    switch (l[0]) {
    case 'c':
        return l[1] ? SE_OTHER : SE_C;
    case 'v':
        return l[1] ? SE_OTHER : SE_V;
    case 't':
        return l[1] ? SE_OTHER : SE_T;
    case 'i':
        return is(l, "is") ? SE_IS : SE_OTHER;
    case 'r':
        return is(l, "row") ? SE_ROW : is(l, "rPh") ? SE_RPH : SE_OTHER;
    case 's':
        return is(l, "si") ? SE_SI : is(l, "sheetData") ? SE_DATA : SE_OTHER;
    default:
        return SE_OTHER;
    }
}

/* A big part's strings go into memory mapped at once and given huge pages where the system
 * allows (madvise): a pool of megabytes grown by realloc page by page took a fault every 4 KB,
 * a twentieth of the whole read on a virtual machine. Its size is the part's as its header says
 * (entry_read refuses more), which the texts stay within unless the part is UTF-16 (a character
 * of two bytes can take three in UTF-8): then pool_add moves the pool to the heap. Below
 * POOL_MAP_FROM, the heap as any buffer. */
#define POOL_MAP_FROM (4u << 20)
#define HUGE_PAGE     (2u << 20)

static void pool_open(struct xlsxr *r, zip_uint64_t size)
{
    if (size < POOL_MAP_FROM || size > XLSXR_MAX_STRINGS_BYTES)
        return;
    size_t len = (size_t)size + 1 + HUGE_PAGE;
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return; /* the heap, as for a small part */
    uintptr_t at = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
#ifdef MADV_HUGEPAGE
    (void)madvise((void *)at, (size_t)size + 1, MADV_HUGEPAGE); /* a hint: refused is fine */
#endif
    r->pool_map = m;
    r->pool_maplen = len;
    r->pool.buf = (char *)at;
    r->pool.cap = (size_t)size + 1;
    r->pool.len = 0;
    r->pool.buf[0] = '\0';
}

/* n bytes added to the pool. A mapped pool cannot grow in place: when they do not fit, it
 * moves to the heap first. */
static void pool_add(struct xlsxr *r, const char *s, size_t n)
{
    struct strbuf *pool = &r->pool;
    if (r->pool_map && pool->len + n >= pool->cap) {
        size_t cap = 2 * pool->cap + n;
        char *heap = xmalloc(cap);
        memcpy(heap, pool->buf, pool->len + 1);
        munmap(r->pool_map, r->pool_maplen);
        r->pool_map = NULL;
        pool->buf = heap;
        pool->cap = cap;
    }
    strbuf_add_fast(pool, s, n);
}

static void pool_free(struct xlsxr *r)
{
    if (r->pool_map) {
        munmap(r->pool_map, r->pool_maplen);
        r->pool_map = NULL;
        r->pool.buf = NULL;
    }
    strbuf_release(&r->pool);
}

struct sst_ctx {
    struct pctx c;
    size_t start; /* where the string being read starts in the pool: its text goes straight in */
    bool in_si, in_t, in_rph;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sst_ctx *x = ud;
    if (!enter(&x->c))
        return;
    enum sel e = el_kind(name);
    if (e == SE_SI) {
        /* A string starts where the last one kept ends: text left by a string not finished
         * (an <si> inside another) is dropped, as it is not one. */
        struct xlsxr *r = x->c.r;
        r->pool.len = r->nstrings ? r->soff[r->nstrings] : 0;
        x->in_si = true;
        x->in_rph = false;
        x->start = r->pool.len;
    } else if (x->in_si && e == SE_RPH) {
        x->in_rph = true;
    } else if (x->in_si && !x->in_rph && e == SE_T) {
        x->in_t = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ctx *x = ud;
    struct xlsxr *r = x->c.r;
    leave(&x->c);
    enum sel e = el_kind(name);
    if (e == SE_T) {
        x->in_t = false;
    } else if (e == SE_RPH) {
        x->in_rph = false;
    } else if (e == SE_SI && x->in_si) {
        x->in_si = false;
        struct strbuf *pool = &r->pool;
        size_t len = pool->len - x->start;
        bool decoded = false;
        if (len)
            len = unescape_x(pool->buf + x->start, len, &decoded);
        if (!text_ok(&x->c, len ? pool->buf + x->start : "", len, decoded, true))
            return;
        if (r->nstrings + 2 > r->scap) {
            r->scap = r->scap ? 2 * r->scap : 1024;
            r->soff = xrealloc(r->soff, r->scap * sizeof(*r->soff));
        }
        pool->len = x->start + len;
        pool_add(r, "", 1);
        r->soff[r->nstrings] = (uint32_t)x->start;
        r->nstrings++;
        r->soff[r->nstrings] = (uint32_t)pool->len;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    struct sst_ctx *x = ud;
    mark_event(&x->c);
    if (!x->in_t || !x->in_si || x->in_rph)
        return;
    /* No more than any text Excel allows (7 bytes a character: the _xHHHH_ escapes), so that
     * memory stays bounded (the part's limit bounds the pool). */
    struct strbuf *pool = &x->c.r->pool;
    if (pool->len - x->start + (size_t)len > 7u * XLSXR_MAX_TEXT + 64)
        refuse_long(&x->c, true);
    else
        pool_add(x->c.r, s, (size_t)len);
}

static bool sst_read(struct xlsxr *r, const char *part)
{
    struct sst_ctx x = {0};
    struct entry e;
    parser_new(&x.c, r, part);
    XML_SetElementHandler(x.c.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(x.c.p, sst_text);
    bool ok = entry_open(r, part, XLSXR_MAX_STRINGS_BYTES, &e);
    if (ok)
        pool_open(r, e.size);
    ok = parse_entry(r, &x.c, &e, ok);
    parser_free(&x.c);
    return ok;
}

/* ---- the sheet -------------------------------------------------------------------------- */

/* "C17" → 0-based column and 1-based row (up to ZZZ, checked against Excel's by the caller);
 * false for anything else. The row's digits are first compared with those of the row being
 * read (digits, its number `at`), which every cell's are. */
static bool parse_ref(const char *s, const char *digits, long at, int *col, long *row)
{
    int c = 0, letters = 0;
    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
        if (++letters > 3)
            return false;
        c = c * 26 + ((*s | 0x20) - 'a' + 1);
    }
    const char *d = s;
    while (*d && *d == *digits)
        d++, digits++;
    if (letters && !*d && !*digits && d > s) {
        *col = c - 1;
        *row = at;
        return true;
    }
    unsigned long rw;
    if (letters == 0 || !parse_uint(s, 1UL << 30, &rw) || rw == 0)
        return false;
    *col = c - 1;
    *row = (long)rw;
    return true;
}

static bool number_ok(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    while (*p == '0')
        p++;
    long whole = 0, digits = p > s && p[-1] == '0';
    for (; *p >= '0' && *p <= '9'; p++)
        whole++;
    digits += whole;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits == 0 || digits > 40)
        return false;
    long e = 0;
    if (*p == 'e' || *p == 'E') {
        char *end;
        e = strtol(p + 1, &end, 10);
        if (end == p + 1 || end - p > 5 ||
            (p[1] != '-' && p[1] != '+' && (p[1] < '0' || p[1] > '9')))
            return false;
        p = end;
    }
    /* About a double's range (1.8E308): at most 309 digits before the point, leading zeros
     * aside. */
    return *p == '\0' && whole + e <= 309;
}

/* The cell's text without the blanks around it (numbers, indexes, booleans). */
static bool blank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The text from off to the end of sb without the blanks around it, NUL-terminated in place
 * (the end is cut); *start gets its offset. */
static size_t trim_tail(struct strbuf *sb, size_t off, size_t *start)
{
    char *s = sb->buf;
    while (sb->len > off && blank(s[sb->len - 1]))
        sb->len--;
    if (s)
        s[sb->len] = '\0';
    while (off < sb->len && blank(s[off]))
        off++;
    *start = off;
    return sb->len - off;
}

/* A refusal naming the current cell (the first %s of fmt) and what it holds (the second),
 * cut and cleaned to be shown. */
static void refuse_cell(struct xlsxr *r, const char *fmt, const char *raw)
{
    char ref[24];
    xlsxr_cell_name(ref, r->col, r->row);
    char *shown = text_sanitize(raw, strlen(raw), 40);
    refuse_in(&r->sp, fmt, ref, shown);
    free(shown);
}

/* A cell's type attribute (t): its enum ctype, or -1 for none of Excel's. */
static int ctype_of(const char *t)
{
    switch (t[0]) {
    case 'n':
        return t[1] ? -1 : CT_N;
    case 's':
        return !t[1] ? CT_S : strcmp(t, "str") == 0 ? CT_STR : -1;
    case 'i':
        return strcmp(t, "inlineStr") == 0 ? CT_INLINE : -1;
    case 'b':
        return t[1] ? -1 : CT_B;
    case 'e':
        return t[1] ? -1 : CT_E;
    case 'd':
        return t[1] ? -1 : CT_D;
    default:
        return -1;
    }
}

static void sheet_cell_start(struct xlsxr *r, const XML_Char **atts)
{
    char ref[24];
    const char *a = NULL, *t = NULL, *st = NULL; /* r, t and s: one pass, as every cell has them */
    for (size_t i = 0; atts[i]; i += 2)
        if (atts[i][0] && !atts[i][1]) {
            if (atts[i][0] == 'r')
                a = atts[i + 1];
            else if (atts[i][0] == 't')
                t = atts[i + 1];
            else if (atts[i][0] == 's')
                st = atts[i + 1];
        }
    int col = r->last_col + 1;
    if (a) {
        long rw;
        if (!parse_ref(a, r->row_digits, r->row, &col, &rw) || rw != r->row) {
            char *shown = text_sanitize(a, strlen(a), 20);
            refuse_in(&r->sp,
                      _("The workbook is damaged: the sheet's row %ld has a cell \"%s\" that "
                        "is not a cell of that row."),
                      r->row, shown);
            free(shown);
            return;
        }
    }
    if (col >= XLSXR_MAX_COLS) {
        refuse_in(&r->sp,
                  _("The sheet's row %ld has more than 16,384 columns, more than Excel "
                    "allows: refused."),
                  r->row);
        return;
    }
    if (col <= r->last_col) {
        xlsxr_cell_name(ref, col, r->row);
        refuse_in(&r->sp,
                  _("The workbook is damaged: the sheet's cell %s comes after a cell to its "
                    "right."),
                  ref);
        return;
    }
    r->ct = CT_N;
    if (t) {
        int ct = ctype_of(t);
        if (ct < 0) {
            r->col = col;
            refuse_cell(r,
                        _("The workbook is damaged: the sheet's cell %s has an unknown type "
                          "\"%s\"."),
                        t);
            return;
        }
        r->ct = (enum ctype)ct;
    }
    unsigned long s;
    r->cdate = parse_uint(st, 1000000, &s) && s < r->nxf && r->xf_date[s];
    r->col = col;
    r->in_c = true;
    r->in_is = r->in_t = r->in_rph = r->capture = r->has_value = false;
    r->vstart = r->rowtext.len;
}

/* The cell read: its text is ptr (a shared string, a constant) or rowtext's from off, len
 * bytes; rowtext is cut to keep what the row needs. */
static void row_push(struct xlsxr *r, enum xlsxr_type type, bool date, const char *ptr, size_t off,
                     size_t len)
{
    if (r->ncells == r->ccap) {
        r->ccap = r->ccap ? 2 * r->ccap : 16;
        r->cells = xrealloc(r->cells, r->ccap * sizeof(*r->cells));
    }
    struct xcell *c = &r->cells[r->ncells++];
    c->col = r->col;
    c->type = type;
    c->date = date;
    c->ptr = ptr;
    c->len = len;
    c->off = off;
    if (ptr) {
        r->rowtext.len = r->vstart;
    } else {
        r->rowtext.len = off + len;
        strbuf_add_fast(&r->rowtext, "", 1);
        if (r->rowtext.len - r->row_text > XLSXR_MAX_ROW_BYTES)
            refuse_in(&r->sp, _("The sheet's row %ld holds more than %llu MB of text: refused."),
                      r->row, (unsigned long long)(XLSXR_MAX_ROW_BYTES >> 20));
    }
}

static void sheet_cell_end(struct xlsxr *r)
{
    r->in_c = false;
    r->last_col = r->col;
    struct strbuf *rt = &r->rowtext;
    if (!r->has_value) {
        row_push(r, XLSXR_EMPTY, false, "", 0, 0);
        return;
    }
    if (r->ct == CT_INLINE || r->ct == CT_STR) {
        size_t len = rt->len - r->vstart;
        bool decoded = false;
        if (len)
            len = unescape_x(rt->buf + r->vstart, len, &decoded);
        if (text_ok(&r->sp, len ? rt->buf + r->vstart : "", len, decoded, false))
            row_push(r, XLSXR_STRING, false, NULL, r->vstart, len);
        return;
    }
    size_t off, n = trim_tail(rt, r->vstart, &off);
    const char *v = n ? rt->buf + off : "";
    unsigned long idx;
    if (!*v) { /* <v></v>: a formula not calculated yet */
        row_push(r, XLSXR_EMPTY, false, "", 0, 0);
        return;
    }
    switch (r->ct) {
    case CT_S:
        if (!parse_uint(v, UINT32_MAX, &idx) || idx >= r->nstrings) {
            refuse_cell(r,
                        _("The workbook is damaged: the sheet's cell %s refers to a shared "
                          "string \"%s\" that is not there."),
                        v);
            return;
        }
        row_push(r, XLSXR_STRING, false, r->pool.buf + r->soff[idx], 0,
                 r->soff[idx + 1] - r->soff[idx] - 1);
        return;
    case CT_B:
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0 && strcmp(v, "true") != 0 &&
            strcmp(v, "false") != 0)
            break;
        row_push(r, XLSXR_BOOL, false, v[0] == '1' || v[0] == 't' ? "1" : "0", 0, 1);
        return;
    case CT_E:
        if (v[0] != '#' || n > 32 || strspn(v, "#!?/ABCDEFGHIJKLMNOPQRSTUVWXYZ0_") != n)
            break;
        row_push(r, XLSXR_ERROR, false, NULL, off, n);
        return;
    case CT_D:
        if (n > 40 || strspn(v, "0123456789-:.TZ+") != n)
            break;
        row_push(r, XLSXR_STRING, true, NULL, off, n);
        return;
    default:
        if (!number_ok(v))
            break;
        row_push(r, XLSXR_NUMBER, r->cdate, NULL, off, n);
        return;
    }
    refuse_cell(r,
                _("The workbook is damaged: the sheet's cell %s holds \"%s\", which is not a "
                  "value of its type."),
                v);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsxr *r = ((struct pctx *)ud)->r;
    if (!enter(&r->sp))
        return;
    enum sel e = el_kind(name);
    if (r->in_c) {
        if (e == SE_V && r->ct != CT_INLINE) {
            r->capture = r->has_value = true;
            r->rowtext.len = r->vstart; /* a second <v>: the last one counts */
        } else if (e == SE_IS && r->ct == CT_INLINE) {
            r->in_is = r->has_value = true;
        } else if (r->in_is && e == SE_RPH) {
            r->in_rph = true;
        } else if (r->in_is && !r->in_rph && e == SE_T) {
            r->capture = true;
        }
    } else if (r->in_row) {
        if (e == SE_C)
            sheet_cell_start(r, atts);
    } else if (r->in_data) {
        if (e != SE_ROW)
            return;
        const char *a = attr(atts, "r", false);
        unsigned long rw = (unsigned long)r->last_row + 1;
        if (a && !parse_uint(a, 1UL << 30, &rw)) {
            char *shown = text_sanitize(a, strlen(a), 20);
            refuse_in(&r->sp, _("The workbook is damaged: the sheet has a row numbered \"%s\"."),
                      shown);
            free(shown);
            return;
        }
        if (rw > XLSXR_MAX_ROWS) {
            refuse_in(&r->sp, _("The sheet has more than 1,048,576 rows, more than Excel allows: "
                                "refused."));
            return;
        }
        if ((long)rw <= r->last_row) {
            refuse_in(&r->sp,
                      _("The workbook is damaged: the sheet's row %lu comes after row %ld."), rw,
                      r->last_row);
            return;
        }
        r->row = (long)rw;
        char tmp[16], *p = tmp + sizeof(tmp);
        *--p = '\0';
        do
            *--p = (char)('0' + rw % 10);
        while (rw /= 10);
        memcpy(r->row_digits, p, (size_t)(tmp + sizeof(tmp) - p));
        r->in_row = true;
        r->last_col = -1;
        r->row_cell = r->ncells;
        r->row_text = r->rowtext.len;
    } else if (e == SE_DATA) {
        r->in_data = true;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct xlsxr *r = ((struct pctx *)ud)->r;
    leave(&r->sp);
    enum sel e = el_kind(name);
    if (r->in_c) {
        if (e == SE_C)
            sheet_cell_end(r);
        else if (e == SE_V || e == SE_T)
            r->capture = false;
        else if (e == SE_RPH)
            r->in_rph = false;
        else if (e == SE_IS)
            r->in_is = false;
    } else if (r->in_row) {
        if (e == SE_ROW) {
            r->in_row = false;
            r->last_row = r->row;
            if (r->qn == r->qcap) {
                r->qcap = r->qcap ? 2 * r->qcap : 256;
                r->q = xrealloc(r->q, r->qcap * sizeof(*r->q));
            }
            r->q[r->qn++] = (struct qrow){r->row, r->row_cell, r->ncells - r->row_cell};
            r->row_cell = r->ncells;
            r->row_text = r->rowtext.len;
        }
    } else if (e == SE_DATA) {
        r->in_data = false;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    struct xlsxr *r = ((struct pctx *)ud)->r;
    mark_event(&r->sp);
    if (!r->capture)
        return;
    /* Straight into the row's text; no more than any text Excel allows (7 bytes a character:
     * the _xHHHH_ escapes), so that memory stays bounded. */
    if (r->rowtext.len - r->vstart + (size_t)len > 7u * XLSXR_MAX_TEXT + 64)
        refuse_long(&r->sp, false);
    else
        strbuf_add_fast(&r->rowtext, s, (size_t)len);
}

/* ---- OLE2: an old .xls or a password-protected workbook --------------------------------- */

struct src {
    FILE *fp;
    const unsigned char *mem;
    size_t len;
};

static bool src_read(const struct src *s, unsigned long long off, void *buf, size_t n)
{
    if (off > s->len || n > s->len - off)
        return false;
    if (s->mem) {
        memcpy(buf, s->mem + off, n);
        return true;
    }
    return fseeko(s->fp, (off_t)off, SEEK_SET) == 0 && fread(buf, 1, n, s->fp) == n;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Whether the compound file's directory has a stream of this name (ASCII), following the
 * directory's sector chain through the first FAT sectors the header lists (files of up to
 * 7 MB with 512-byte sectors, far more with 4 KB ones; past that the answer is false). */
static bool ole2_has(const struct src *s, const char *const *names)
{
    unsigned char hdr[512];
    if (!src_read(s, 0, hdr, sizeof(hdr)))
        return false;
    unsigned shift = (unsigned)(hdr[0x1E] | hdr[0x1F] << 8);
    if (shift != 9 && shift != 12)
        return false;
    size_t ssize = (size_t)1 << shift, per_fat = ssize / 4;
    uint32_t sector = le32(hdr + 0x30);
    unsigned char *buf = xmalloc(ssize);
    bool found = false;
    for (int hops = 0; hops < 256 && sector < 0xFFFFFFFAu && !found; hops++) {
        if (!src_read(s, ((unsigned long long)sector + 1) << shift, buf, ssize))
            break;
        for (size_t e = 0; e + 128 <= ssize && !found; e += 128) {
            unsigned nlen = (unsigned)(buf[e + 0x40] | buf[e + 0x41] << 8);
            if (nlen < 2 || nlen > 64)
                continue;
            char name[33];
            size_t k = 0;
            for (; k + 1 < nlen / 2 && k < 32; k++)
                name[k] = buf[e + 2 * k + 1] ? '?' : (char)buf[e + 2 * k];
            name[k] = '\0';
            for (size_t i = 0; names[i]; i++)
                found = found || strcmp(name, names[i]) == 0;
        }
        /* The next directory sector: FAT entry `sector`. */
        size_t fat_index = sector / per_fat;
        if (fat_index >= 109)
            break;
        uint32_t fat_sector = le32(hdr + 0x4C + 4 * fat_index);
        unsigned char next[4];
        if (fat_sector >= 0xFFFFFFFAu ||
            !src_read(s, (((unsigned long long)fat_sector + 1) << shift) + 4 * (sector % per_fat),
                      next, 4))
            break;
        sector = le32(next);
    }
    free(buf);
    return found;
}

static void refuse_ole2(struct xlsxr *r, const struct src *s)
{
    static const char *const encrypted[] = {"EncryptionInfo", "EncryptedPackage", NULL};
    if (ole2_has(s, encrypted))
        refuse(r, _("The workbook is password-protected: remove the password in Excel (File, "
                    "Info, Protect Workbook) and save it again."));
    else
        refuse(r, _("The file is in the old Excel format (Excel 97-2003, .xls): open it in "
                    "Excel and save it as an Excel Workbook (.xlsx)."));
}

/* ---- opening ---------------------------------------------------------------------------- */

/* Finds the first worksheet through the relationships and reads the styles and the shared
 * strings; then starts the sheet's stream. */
static bool open_workbook(struct xlsxr *r)
{
    if (!check_entries(r))
        return false;
    struct rels pkg = {0}, wbr = {0};
    struct wb_ctx wb = {0};
    char *wb_part = NULL, *strings = NULL, *styles = NULL;
    bool ok = rels_read(r, "", &pkg);
    const struct rel *rl = ok ? rel_by_type(&pkg, "officeDocument") : NULL;
    if (ok && !rl) {
        if (zip_name_locate(r->za, "content.xml", 0) >= 0)
            ok = refuse(r, _("The file is an OpenDocument spreadsheet (.ods), not an Excel "
                             "workbook: save it as an Excel Workbook (.xlsx)."));
        else
            ok = refuse(r, _("The file is a ZIP archive but not an Excel workbook (.xlsx)."));
    }
    if (ok)
        ok = (wb_part = part_of(r, "", rl)) != NULL;
    if (ok) {
        parser_new(&wb.c, r, wb_part);
        XML_SetElementHandler(wb.c.p, wb_start, depth_end);
        ok = parse_part(r, &wb.c, XLSXR_MAX_PART_BYTES);
        parser_free(&wb.c);
    }
    if (ok)
        ok = rels_read(r, wb_part, &wbr);
    for (size_t i = 0; ok && i < wb.nsheets && !r->sheet_part; i++) {
        const struct rel *sr = rel_by_id(&wbr, wb.sheets[i].rid);
        if (sr && type_is(sr, "worksheet")) {
            r->sheet_part = part_of(r, wb_part, sr);
            ok = r->sheet_part != NULL;
            r->sheet_name = xstrdup(wb.sheets[i].name);
        }
    }
    if (ok && !r->sheet_part)
        ok = refuse(r, _("The workbook has no worksheet."));
    if (ok && (rl = rel_by_type(&wbr, "styles")) != NULL)
        ok = (styles = part_of(r, wb_part, rl)) != NULL && styles_read(r, styles);
    if (ok && (rl = rel_by_type(&wbr, "sharedStrings")) != NULL)
        ok = (strings = part_of(r, wb_part, rl)) != NULL && sst_read(r, strings);
    if (ok)
        ok = entry_open(r, r->sheet_part, XLSXR_MAX_SHEET_BYTES, &r->sheet);
    if (ok) {
        parser_new(&r->sp, r, r->sheet_part);
        XML_SetElementHandler(r->sp.p, sheet_start, sheet_end);
        XML_SetCharacterDataHandler(r->sp.p, sheet_text);
        r->last_row = 0;
    }
    for (size_t i = 0; i < wb.nsheets; i++) {
        free(wb.sheets[i].name);
        free(wb.sheets[i].rid);
    }
    free(wb.sheets);
    rels_free(&pkg);
    rels_free(&wbr);
    free(wb_part);
    free(strings);
    free(styles);
    return ok;
}

static struct xlsxr *finish_open(struct xlsxr *r, char **why)
{
    if (r->za && open_workbook(r))
        return r;
    *why = r->why ? r->why : xstrdup(_("The workbook cannot be read."));
    r->why = NULL;
    xlsxr_close(&r);
    return NULL;
}

/* Checks the first bytes: empty, OLE2 (refused with why), or on to the ZIP archive. */
static bool sniff(struct xlsxr *r, const struct src *s)
{
    unsigned char magic[8];
    if (s->len == 0)
        return refuse(r, _("The file is empty."));
    if (s->len >= sizeof(magic) && src_read(s, 0, magic, sizeof(magic)) &&
        memcmp(magic, OLE2_MAGIC, sizeof(magic)) == 0) {
        refuse_ole2(r, s);
        return false;
    }
    if (s->len < 4 || !src_read(s, 0, magic, 4) || memcmp(magic, "PK", 2) != 0)
        return refuse(r, _("The file is not an Excel workbook (.xlsx): it is not a ZIP archive."));
    return true;
}

/* libzip's refusal to open the archive; a file that starts as one and has no central
 * directory was cut short. */
static void refuse_open(struct xlsxr *r, zip_error_t *ze)
{
    if (zip_error_code_zip(ze) == ZIP_ER_NOZIP)
        refuse(r, _("The workbook is truncated or damaged (the end of the archive is missing): "
                    "ask for the file again."));
    else
        refuse_zip(r, ze);
}

/* Opens the archive of s (sniffed already); a file's FILE belongs to libzip's source then,
 * which closes it: s->fp is set NULL. */
static void open_zip(struct xlsxr *r, struct src *s)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zs = s->fp ? zip_source_filep_create(s->fp, 0, -1, &ze)
                             : zip_source_buffer_create(s->mem, s->len, 0, &ze);
    if (zs) {
        s->fp = NULL;
        r->za = zip_open_from_source(zs, ZIP_RDONLY, &ze);
        if (!r->za) {
            zip_source_free(zs);
            refuse_open(r, &ze);
        }
    } else {
        refuse_zip(r, &ze);
    }
    zip_error_fini(&ze);
}

struct xlsxr *xlsxr_open(const char *path, char **why)
{
    struct xlsxr *r = xcalloc(1, sizeof(*r));
    *why = NULL;
    struct src s = {.fp = fopen(path, "rb")};
    struct stat st;
    if (!s.fp) {
        refuse(r, _("Cannot open the file: %s."), strerror(errno));
    } else if (fstat(fileno(s.fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        refuse(r, _("The file is not a regular file."));
    } else {
        s.len = (size_t)st.st_size;
        if (sniff(r, &s))
            open_zip(r, &s);
    }
    if (s.fp)
        fclose(s.fp);
    return finish_open(r, why);
}

struct xlsxr *xlsxr_open_mem(const void *data, size_t len, char **why)
{
    struct xlsxr *r = xcalloc(1, sizeof(*r));
    *why = NULL;
    struct src s = {.mem = data, .len = len};
    if (sniff(r, &s))
        open_zip(r, &s);
    return finish_open(r, why);
}

/* ---- rows ------------------------------------------------------------------------------- */

static int refused(struct xlsxr *r, char **why)
{
    *why = xstrdup(r->why);
    return -1;
}

/* The next queued row into *row. */
static int give(struct xlsxr *r, struct xlsxr_row *row)
{
    const struct qrow *q = &r->q[r->qnext++];
    if (q->ncells > r->ocap) {
        r->ocap = r->ccap;
        r->out = xrealloc(r->out, r->ocap * sizeof(*r->out));
    }
    for (size_t i = 0; i < q->ncells; i++) {
        const struct xcell *c = &r->cells[q->cell + i];
        r->out[i] = (struct xlsxr_cell){.col = c->col,
                                        .type = c->type,
                                        .text = c->ptr ? c->ptr : r->rowtext.buf + c->off,
                                        .len = c->len,
                                        .date = c->date};
    }
    row->row = q->row;
    row->cells = r->out;
    row->ncells = q->ncells;
    return 1;
}

/* Every queued row given: they are dropped, and the row under way (a chunk ends inside it)
 * moves to the front of the buffers. */
static void queue_drop(struct xlsxr *r)
{
    size_t nc = r->ncells - r->row_cell, nt = r->rowtext.len - r->row_text;
    if (r->row_cell) {
        memmove(r->cells, r->cells + r->row_cell, nc * sizeof(*r->cells));
        r->ncells = nc;
    }
    if (r->row_text) {
        for (size_t i = 0; i < nc; i++)
            if (!r->cells[i].ptr)
                r->cells[i].off -= r->row_text;
        memmove(r->rowtext.buf, r->rowtext.buf + r->row_text, nt + 1);
        r->rowtext.len = nt;
        if (r->in_c)
            r->vstart -= r->row_text;
    }
    r->row_cell = r->row_text = 0;
    r->qn = r->qnext = 0;
}

int xlsxr_next(struct xlsxr *r, struct xlsxr_row *row, char **why)
{
    *why = NULL;
    /* The rows finished before a refusal are given first. */
    if (r->qnext < r->qn)
        return give(r, row);
    queue_drop(r);
    if (r->why)
        return refused(r, why);
    while (!r->done) {
        void *buf = XML_GetBuffer(r->sp.p, CHUNK);
        if (!buf) {
            refuse(r, _("There is not enough memory to read the workbook."));
            break;
        }
        zip_int64_t n = entry_read(r, &r->sheet, buf, CHUNK);
        if (n < 0 || !token_ok(&r->sp, (size_t)n))
            break;
        r->eof = n == 0;
        if (XML_ParseBuffer(r->sp.p, (int)n, r->eof) != XML_STATUS_OK) {
            if (!r->why)
                refuse_xml(&r->sp);
            break;
        }
        if (r->why)
            break;
        if (r->eof) {
            r->done = true;
            entry_close(&r->sheet);
        }
        if (r->qn)
            return give(r, row);
    }
    if (r->qnext < r->qn)
        return give(r, row);
    return r->why ? refused(r, why) : 0;
}

const struct xlsxr_cell *xlsxr_cell(const struct xlsxr_row *row, int col)
{
    size_t lo = 0, hi = row->ncells;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (row->cells[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < row->ncells && row->cells[lo].col == col ? &row->cells[lo] : NULL;
}

const char *xlsxr_sheet_name(const struct xlsxr *r)
{
    return r->sheet_name;
}

bool xlsxr_date1904(const struct xlsxr *r)
{
    return r->date1904;
}

void xlsxr_close(struct xlsxr **rp)
{
    struct xlsxr *r = *rp;
    if (!r)
        return;
    parser_free(&r->sp);
    entry_close(&r->sheet);
    if (r->za)
        zip_discard(r->za);
    free(r->why);
    free(r->sheet_name);
    free(r->sheet_part);
    pool_free(r);
    free(r->soff);
    free(r->xf_date);
    strbuf_release(&r->rowtext);
    free(r->cells);
    free(r->q);
    free(r->out);
    free(r);
    *rp = NULL;
}

/* ---- dates ------------------------------------------------------------------------------ */

/* The civil date of a day count from 1970-01-01 (Howard Hinnant's days_from_civil, inverted). */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

bool xlsxr_serial_date(double serial, bool date1904, int *y, int *m, int *d)
{
    if (!isfinite(serial) || serial < 0 || serial > 3e6)
        return false;
    long s = (long)floor(serial);
    long days; /* from 1970-01-01 */
    if (date1904) {
        days = s - 24107; /* 1904-01-01 is day -24107 */
    } else {
        if (s < 1 || s == 60)
            return false;
        /* 1 is 1900-01-01; from 61 on, one less for Excel's 29 February 1900. */
        days = s - 25569 + (s < 60);
    }
    civil(days, y, m, d);
    return *y <= 9999;
}

/* ---- exact numbers ---------------------------------------------------------------------- */

/* xlsxr_number of what Excel writes most, plain "-123.45" whose digits fit int64 at the scale
 * with room to spare: worked out here, as decimal_parse would (a fraction beyond the scale must
 * be zeros). -1 when the text is not of that shape. */
static int plain_number(const char *p, int scale, int64_t *out)
{
    if (scale < 0 || scale > DECIMAL_MAX_SCALE)
        return -1;
    bool neg = *p == '-';
    p += neg;
    int64_t mag = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (digits + scale >= 18)
            return -1;
        mag = mag * 10 + (*p - '0');
    }
    int frac = 0;
    bool beyond = false; /* a digit other than 0 past the scale */
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, frac++) {
            if (frac < scale)
                mag = mag * 10 + (*p - '0');
            else
                beyond |= *p != '0';
        }
        if (frac == 0)
            return -1;
    }
    if (*p || digits == 0)
        return -1;
    if (beyond)
        return DECIMAL_PRECISION;
    for (int i = frac; i < scale; i++)
        mag *= 10;
    *out = neg ? -mag : mag;
    return DECIMAL_OK;
}

int xlsxr_number(const char *text, int scale, int64_t *out)
{
    int64_t v;
    int fast = plain_number(text, scale, &v);
    if (fast == DECIMAL_OK)
        *out = v;
    if (fast >= 0)
        return fast;
    /* Mantissa digits and the exponent, as written: "-1.25E-3" is -, "125", point after 1, -3. */
    const char *p = text;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    char digits[48];
    size_t n = 0;
    long point = -1;
    for (; (*p >= '0' && *p <= '9') || (*p == '.' && point < 0); p++) {
        if (*p == '.') {
            point = (long)n;
        } else if (n < sizeof(digits)) {
            digits[n++] = *p;
        } else {
            return DECIMAL_RANGE;
        }
    }
    if (n == 0)
        return DECIMAL_SYNTAX;
    if (point < 0)
        point = (long)n;
    if (*p == 'e' || *p == 'E') {
        char *end;
        long e = strtol(p + 1, &end, 10);
        if (end == p + 1 || *end || e > 40 || e < -40)
            return *end || end == p + 1 ? DECIMAL_SYNTAX : DECIMAL_RANGE;
        point += e;
        p = end;
    }
    if (*p)
        return DECIMAL_SYNTAX;
    /* Written out plainly ("-0.00125") for decimal_parse, which holds the one rule of scale. */
    char plain[160];
    size_t o = 0;
    if (neg)
        plain[o++] = '-';
    if (point <= 0) {
        plain[o++] = '0';
        plain[o++] = '.';
        for (long i = point; i < 0; i++)
            plain[o++] = '0';
        memcpy(plain + o, digits, n);
        o += n;
    } else if ((size_t)point >= n) {
        memcpy(plain + o, digits, n);
        o += n;
        for (size_t i = n; i < (size_t)point; i++)
            plain[o++] = '0';
    } else {
        memcpy(plain + o, digits, (size_t)point);
        o += (size_t)point;
        plain[o++] = '.';
        memcpy(plain + o, digits + point, n - (size_t)point);
        o += n - (size_t)point;
    }
    plain[o] = '\0';
    return decimal_parse(plain, scale, out);
}
