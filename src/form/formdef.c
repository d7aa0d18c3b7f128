/* formdef.c: the .form parser (format in formdef.h). Each line is checked (length, UTF-8,
 * control characters), split into `keyword attr=value flag ...`, checked against the
 * statement's attribute table, then applied to the form_def. The first problem stops the parse
 * with "file:line: message"; messages are for developers and stay in English. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* opendir() */
#endif
#include "polka/formdef.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/text.h"
#include "polka/util.h"

#define LINE_MAX_BYTES 4096
#define POS_MAX        9999 /* row and col: anything larger is a typo, and sums must not overflow */

static const char *const type_names[] = {
    [FT_TEXT] = "text",   [FT_INT] = "int", [FT_MONEY] = "money", [FT_QTY] = "qty",
    [FT_DATE] = "date",   [FT_INN] = "inn", [FT_KPP] = "kpp",     [FT_PHONE] = "phone",
    [FT_EMAIL] = "email", [FT_GLN] = "gln", [FT_BOOL] = "bool",   [FT_CHOICE] = "choice",
};

const char *formdef_type_name(enum field_type t)
{
    if ((int)t < 0 || (size_t)t >= ARRAY_SIZE(type_names))
        return NULL;
    return type_names[t];
}

int formdef_type_parse(const char *name)
{
    for (size_t i = 0; name && i < ARRAY_SIZE(type_names); i++)
        if (strcmp(type_names[i], name) == 0)
            return (int)i;
    return -1;
}

/* ---- one statement as written ---- */

struct attr {
    char *name;
    char *value; /* NULL for a flag */
};

struct stmt {
    char *keyword;
    struct attr *attrs;
    size_t n;
};

enum attr_kind {
    AK_TEXT,     /* any text, may be empty */
    AK_NONEMPTY, /* any text but "" */
    AK_IDENT,    /* letters, digits, '_'; not starting with a digit */
    AK_INT,      /* decimal integer within [min, max] */
    AK_FLAG,     /* no value */
};

struct attr_spec {
    const char *name;
    enum attr_kind kind;
    bool required;
    int min, max;
};

struct parser {
    const char *file;
    const char *expect_name; /* formdef_load: the file's base name */
    const struct formdef_checks *checks;
    struct form_def *def;
    int line;
    int form_line; /* where the form statement was; 0 before it */
    char ctx[160]; /* "field 'inn'": what the current message is about */
    char *err;
    size_t errlen;
};

/* Drops an incomplete UTF-8 sequence at the end of s (left by a cut). */
static void trim_partial_utf8(char *s)
{
    size_t len = strlen(s), start = len;
    while (start > 0 && len - start < 3 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    if (lead < 0x80)
        return;
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (len - (start - 1) < need)
        s[start - 1] = '\0';
}

/* Bytes of the longest prefix of valid UTF-8 s within max bytes, cut between characters. */
static int utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* Writes "file:line: [ctx: ]message" into p->err; returns false so callers can `return fail()`. */
static bool fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct parser *p, const char *fmt, ...)
{
    if (!p->err || p->errlen == 0)
        return false;
    char msg[2 * LINE_MAX_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    trim_partial_utf8(msg);
    snprintf(p->err, p->errlen, "%s:%d: %s%s%s", p->file, p->line, p->ctx, p->ctx[0] ? ": " : "",
             msg);
    trim_partial_utf8(p->err);
    return false;
}

static void stmt_clear(struct stmt *st)
{
    free(st->keyword);
    for (size_t i = 0; i < st->n; i++) {
        free(st->attrs[i].name);
        free(st->attrs[i].value);
    }
    free(st->attrs);
    memset(st, 0, sizeof(*st));
}

/* Makes room for element n of an array that grows by doubling (capacity = next power of 2). */
static void *grow(void *arr, size_t n, size_t elem)
{
    if (n != 0 && (n & (n - 1)) != 0)
        return arr;
    size_t cap = n ? n * 2 : 1;
    if (cap > SIZE_MAX / elem) {
        fprintf(stderr, "polka: form too large\n");
        abort();
    }
    return xrealloc(arr, cap * elem);
}

/* ---- lexing one line ---- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool ends_bare(char c)
{
    return c == '\0' || is_blank(c) || c == '#';
}

/* Checks a raw line: length, UTF-8, control characters (TAB is a blank). */
static bool check_line(struct parser *p, const char *s, size_t len)
{
    if (len > LINE_MAX_BYTES)
        return fail(p, "line is longer than %d bytes", LINE_MAX_BYTES);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = text_decode(s + i, len - i, &cp);
        if (!text_utf8_valid(s + i, n))
            return fail(p, "invalid UTF-8 at byte %zu", i + 1);
        if (cp == '\r')
            return fail(p, "carriage return (CR): save the file with Unix line ends");
        if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
            return fail(p, "control character U+%04X at byte %zu", (unsigned)cp, i + 1);
        i += n;
    }
    return true;
}

/* Reads a quoted value starting after the opening quote; *pos ends after the closing one. */
static bool lex_quoted(struct parser *p, const char *s, size_t *pos, char **out)
{
    struct strbuf sb = {0};
    size_t i = *pos;
    for (;;) {
        char c = s[i];
        if (c == '\0') {
            strbuf_release(&sb);
            return fail(p, "unterminated quoted value");
        }
        if (c == '"')
            break;
        if (c == '\t') {
            strbuf_release(&sb);
            return fail(p, "tab inside a quoted value");
        }
        if (c == '\\') {
            char e = s[i + 1];
            if (e != '"' && e != '\\') {
                strbuf_release(&sb);
                if (e == '\0')
                    return fail(p, "unterminated quoted value");
                uint32_t cp;
                size_t n = text_decode(s + i + 1, strlen(s + i + 1), &cp);
                return fail(p, "unknown escape '\\%.*s' (only \\\" and \\\\)", (int)n, s + i + 1);
            }
            strbuf_add(&sb, &e, 1);
            i += 2;
            continue;
        }
        strbuf_add(&sb, &c, 1);
        i++;
    }
    i++; /* closing quote */
    if (!ends_bare(s[i])) {
        strbuf_release(&sb);
        return fail(p, "a space must follow the closing quote");
    }
    *pos = i;
    *out = strbuf_detach(&sb);
    return true;
}

/* Splits a checked, NUL-terminated line into a statement. An empty or comment-only line gives
 * st->keyword == NULL. */
static bool lex_line(struct parser *p, const char *s, struct stmt *st)
{
    size_t i = 0;
    memset(st, 0, sizeof(*st));
    for (;;) {
        while (is_blank(s[i]))
            i++;
        if (ends_bare(s[i]))
            return true;
        if (s[i] == '"' && !st->keyword)
            return fail(p, "a line must start with a statement keyword");
        if (s[i] == '"')
            return fail(p, "quoted text without an attribute name (name=\"...\")");
        if (s[i] == '=')
            return fail(p, "'=' without an attribute name");
        size_t start = i;
        while (!ends_bare(s[i]) && s[i] != '=' && s[i] != '"')
            i++;
        if (s[i] == '"')
            return fail(p, "unexpected quote in '%.*s'", (int)(i - start + 1), s + start);
        char *name = xstrndup(s + start, i - start);
        if (!st->keyword) {
            st->keyword = name;
            if (s[i] == '=')
                return fail(p, "a line must start with a statement keyword, not '%s='", name);
            continue;
        }
        char *value = NULL;
        if (s[i] == '=') {
            i++;
            if (s[i] == '"') {
                i++;
                if (!lex_quoted(p, s, &i, &value)) {
                    free(name);
                    return false;
                }
            } else {
                size_t vstart = i;
                while (!ends_bare(s[i]) && s[i] != '"')
                    i++;
                if (s[i] == '"') {
                    free(name);
                    return fail(p, "unexpected quote in a value (quote the whole value)");
                }
                value = xstrndup(s + vstart, i - vstart);
            }
        }
        st->attrs = grow(st->attrs, st->n, sizeof(*st->attrs));
        st->attrs[st->n++] = (struct attr){name, value};
    }
}

/* ---- checking a statement against its attribute table ---- */

static bool is_ident(const char *s)
{
    if (!s || !*s || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    bool neg = *s == '-';
    if (neg)
        s++;
    if (!*s)
        return false;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > 1000000000L)
            return false;
    }
    *out = (int)(neg ? -v : v);
    return true;
}

static const struct attr *find_attr(const struct stmt *st, const char *name)
{
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->attrs[i].name, name) == 0)
            return &st->attrs[i];
    return NULL;
}

static const char *get_str(const struct stmt *st, const char *name)
{
    const struct attr *a = find_attr(st, name);
    return a ? a->value : NULL;
}

static char *dup_str(const struct stmt *st, const char *name)
{
    return xstrdup(get_str(st, name));
}

static int get_int(const struct stmt *st, const char *name, int dflt)
{
    const struct attr *a = find_attr(st, name);
    int v = dflt;
    if (a)
        parse_int(a->value, &v); /* already checked */
    return v;
}

static bool get_flag(const struct stmt *st, const char *name)
{
    return find_attr(st, name) != NULL;
}

/* Sets p->ctx to "keyword 'name'" (or just "keyword") for the messages that follow. */
static void set_ctx(struct parser *p, const struct stmt *st, const char *name_attr)
{
    const struct attr *a = name_attr ? find_attr(st, name_attr) : NULL;
    if (a && a->value && *a->value)
        snprintf(p->ctx, sizeof(p->ctx), "%s '%.*s'", st->keyword, utf8_prefix(a->value, 100),
                 a->value);
    else
        snprintf(p->ctx, sizeof(p->ctx), "%s", st->keyword);
}

static bool check_attrs(struct parser *p, const struct stmt *st, const struct attr_spec *specs,
                        size_t nspecs)
{
    for (size_t i = 0; i < st->n; i++) {
        const struct attr *a = &st->attrs[i];
        const struct attr_spec *spec = NULL;
        for (size_t j = 0; j < nspecs && !spec; j++)
            if (strcmp(specs[j].name, a->name) == 0)
                spec = &specs[j];
        if (!spec)
            return fail(p, "unknown attribute '%s'", a->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(st->attrs[j].name, a->name) == 0)
                return fail(p, "duplicate attribute '%s'", a->name);
        if (spec->kind == AK_FLAG) {
            if (a->value)
                return fail(p, "flag '%s' takes no value", a->name);
            continue;
        }
        if (!a->value)
            return fail(p, "attribute '%s' needs a value (%s=...)", a->name, a->name);
        int v;
        switch (spec->kind) {
        case AK_NONEMPTY:
            if (!*a->value)
                return fail(p, "%s= must not be empty", a->name);
            break;
        case AK_IDENT:
            if (!is_ident(a->value))
                return fail(p, "%s='%s' is not a valid name (letters, digits, '_')", a->name,
                            a->value);
            break;
        case AK_INT:
            if (!parse_int(a->value, &v))
                return fail(p, "%s='%s' is not a number", a->name, a->value);
            if (v < spec->min || v > spec->max)
                return fail(p, "%s=%d is out of range %d..%d", a->name, v, spec->min, spec->max);
            break;
        default:
            break;
        }
    }
    for (size_t j = 0; j < nspecs; j++)
        if (specs[j].required && !find_attr(st, specs[j].name))
            return fail(p, "missing %s=", specs[j].name);
    return true;
}

/* type= (default text), and type=choice needs lookup=. */
static bool check_type(struct parser *p, const struct stmt *st, enum field_type *type)
{
    const char *t = get_str(st, "type");
    int ti = t ? formdef_type_parse(t) : FT_TEXT;
    if (ti < 0)
        return fail(p, "unknown type '%s'", t);
    *type = (enum field_type)ti;
    if (*type == FT_CHOICE && !find_attr(st, "lookup"))
        return fail(p, "type=choice needs lookup=");
    return true;
}

static bool check_lookup(struct parser *p, const struct stmt *st)
{
    const char *l = get_str(st, "lookup");
    if (l && p->checks && p->checks->lookup_known && !p->checks->lookup_known(l))
        return fail(p, "unknown lookup '%s'", l);
    return true;
}

/* Field and grid names share one namespace: both become keys of the screen's record. */
static bool check_unique_name(struct parser *p, const char *name)
{
    const struct form_def *d = p->def;
    for (size_t i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return fail(p, "name already used by the field on line %d", d->fields[i].line);
    for (size_t i = 0; i < d->ngrids; i++)
        if (strcmp(d->grids[i].name, name) == 0)
            return fail(p, "name already used by the grid on line %d", d->grids[i].line);
    return true;
}

/* ---- statements ---- */

#define WIDTH_ATTR                                                                                 \
    {                                                                                              \
        "width", AK_INT, true, 1, 200                                                              \
    }
#define MAX_ATTR                                                                                   \
    {                                                                                              \
        "max", AK_INT, false, 1, 10000                                                             \
    }
#define POS_ATTRS                                                                                  \
    {"row", AK_INT, false, 0, POS_MAX},                                                            \
    {                                                                                              \
        "col", AK_INT, false, 0, POS_MAX                                                           \
    }

static const struct attr_spec form_attrs[] = {
    {"name", AK_IDENT, true, 0, 0},
    {"title", AK_TEXT, false, 0, 0},
    {"labelwidth", AK_INT, false, 0, 60},
    {"help", AK_TEXT, false, 0, 0},
};

static const struct attr_spec field_attrs[] = {
    {"name", AK_IDENT, true, 0, 0},
    {"label", AK_TEXT, false, 0, 0},
    POS_ATTRS,
    WIDTH_ATTR,
    {"type", AK_NONEMPTY, false, 0, 0},
    MAX_ATTR,
    {"lookup", AK_NONEMPTY, false, 0, 0},
    {"lookup_by", AK_IDENT, false, 0, 0},
    {"help", AK_TEXT, false, 0, 0},
    {"required", AK_FLAG, false, 0, 0},
    {"readonly", AK_FLAG, false, 0, 0},
    {"hidden", AK_FLAG, false, 0, 0},
    {"secret", AK_FLAG, false, 0, 0},
    {"default", AK_NONEMPTY, false, 0, 0},
};

static const struct attr_spec grid_attrs[] = {
    {"name", AK_IDENT, true, 0, 0},   {"label", AK_TEXT, false, 0, 0},      POS_ATTRS,
    {"height", AK_INT, true, 1, 200}, {"lookup", AK_NONEMPTY, false, 0, 0},
};

static const struct attr_spec column_attrs[] = {
    {"grid", AK_IDENT, true, 0, 0},       {"name", AK_IDENT, true, 0, 0},
    {"title", AK_TEXT, false, 0, 0},      WIDTH_ATTR,
    {"type", AK_NONEMPTY, false, 0, 0},   MAX_ATTR,
    {"lookup", AK_NONEMPTY, false, 0, 0}, {"required", AK_FLAG, false, 0, 0},
    {"readonly", AK_FLAG, false, 0, 0},   {"right", AK_FLAG, false, 0, 0},
    {"format", AK_NONEMPTY, false, 0, 0}, {"total", AK_FLAG, false, 0, 0},
    {"hidden", AK_FLAG, false, 0, 0},     {"drill", AK_NONEMPTY, false, 0, 0},
    {"stretch", AK_FLAG, false, 0, 0},    {"sentences", AK_FLAG, false, 0, 0},
};

static const struct attr_spec report_attrs[] = {
    {"function", AK_IDENT, true, 0, 0},
    {"grid", AK_IDENT, true, 0, 0},
};

static const struct attr_spec list_attrs[] = {
    {"function", AK_IDENT, true, 0, 0}, {"grid", AK_IDENT, true, 0, 0},
    {"open", AK_IDENT, false, 0, 0},    {"key", AK_IDENT, false, 0, 0},
    {"new", AK_IDENT, false, 0, 0},     {"limit", AK_INT, false, 1, 10000},
};

static const struct attr_spec card_attrs[] = {
    {"get", AK_IDENT, true, 0, 0},
    {"save", AK_IDENT, true, 0, 0},
    {"edit", AK_TEXT, false, 0, 0},
};

static const struct attr_spec chart_attrs[] = {
    {"type", AK_NONEMPTY, true, 0, 0},
    {"title", AK_TEXT, false, 0, 0},
    {"category", AK_IDENT, true, 0, 0},
    {"values", AK_NONEMPTY, true, 0, 0},
};

static const struct attr_spec bind_attrs[] = {
    {"key", AK_NONEMPTY, true, 0, 0},
    {"request", AK_NONEMPTY, true, 0, 0},
};

static const struct attr_spec item_attrs[] = {
    {"label", AK_NONEMPTY, true, 0, 0},
    {"screen", AK_NONEMPTY, true, 0, 0},
    {"roles", AK_TEXT, false, 0, 0},
    {"hotkey", AK_TEXT, false, 0, 0},
};

static bool apply_form(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    const char *name = get_str(st, "name");
    if (p->expect_name && strcmp(name, p->expect_name) != 0)
        return fail(p, "name must be '%s', as the file is called", p->expect_name);
    d->name = xstrdup(name);
    d->title = dup_str(st, "title");
    d->help = dup_str(st, "help");
    d->labelwidth = get_int(st, "labelwidth", 16);
    p->form_line = p->line;
    return true;
}

static bool apply_field(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    enum field_type type;
    const char *name = get_str(st, "name");
    if (!check_unique_name(p, name) || !check_type(p, st, &type) || !check_lookup(p, st))
        return false;
    const char *by = get_str(st, "lookup_by");
    if (by && !find_attr(st, "lookup"))
        return fail(p, "lookup_by= needs lookup=");
    bool by_known = false;
    for (size_t i = 0; by && i < d->nfields; i++)
        by_known |= strcmp(d->fields[i].name, by) == 0;
    if (by && !by_known)
        return fail(p, "lookup_by names no field declared above: '%s'", by);
    d->fields = grow(d->fields, d->nfields, sizeof(*d->fields));
    d->fields[d->nfields++] = (struct form_field){
        .name = xstrdup(name),
        .label = dup_str(st, "label"),
        .lookup = dup_str(st, "lookup"),
        .lookup_by = dup_str(st, "lookup_by"),
        .help = dup_str(st, "help"),
        .type = type,
        .row = get_int(st, "row", 0),
        .col = get_int(st, "col", 0),
        .width = get_int(st, "width", 0),
        .max = get_int(st, "max", 200),
        .required = get_flag(st, "required"),
        .readonly = get_flag(st, "readonly"),
        .hidden = get_flag(st, "hidden"),
        .secret = get_flag(st, "secret"),
        .dflt = dup_str(st, "default"),
        .line = p->line,
    };
    return true;
}

static bool apply_grid(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    const char *name = get_str(st, "name");
    if (!check_unique_name(p, name) || !check_lookup(p, st))
        return false;
    d->grids = grow(d->grids, d->ngrids, sizeof(*d->grids));
    d->grids[d->ngrids++] = (struct form_grid){
        .name = xstrdup(name),
        .label = dup_str(st, "label"),
        .lookup = dup_str(st, "lookup"),
        .row = get_int(st, "row", 0),
        .col = get_int(st, "col", 0),
        .height = get_int(st, "height", 0),
        .line = p->line,
    };
    return true;
}

static bool apply_column(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    const char *gname = get_str(st, "grid"), *name = get_str(st, "name");
    struct form_grid *g = NULL;
    for (size_t i = 0; i < d->ngrids && !g; i++)
        if (strcmp(d->grids[i].name, gname) == 0)
            g = &d->grids[i];
    if (!g)
        return fail(p, "no grid '%s' declared above", gname);
    for (size_t i = 0; i < g->ncols; i++)
        if (strcmp(g->cols[i].name, name) == 0)
            return fail(p, "grid '%s' already has a column '%s'", gname, name);
    enum field_type type;
    if (!check_type(p, st, &type) || !check_lookup(p, st))
        return false;
    g->cols = grow(g->cols, g->ncols, sizeof(*g->cols));
    g->cols[g->ncols++] = (struct form_column){
        .name = xstrdup(name),
        .title = dup_str(st, "title"),
        .lookup = dup_str(st, "lookup"),
        .type = type,
        .width = get_int(st, "width", 0),
        .max = get_int(st, "max", 200),
        .required = get_flag(st, "required"),
        .readonly = get_flag(st, "readonly"),
        .right = get_flag(st, "right"),
        .stretch = get_flag(st, "stretch"),
        .sentences = get_flag(st, "sentences"),
        .format = dup_str(st, "format"),
        .total = get_flag(st, "total"),
        .hidden = get_flag(st, "hidden"),
        .drill = dup_str(st, "drill"),
    };
    return true;
}

/* report function=NAME grid=GRID: once, after its grid and that grid's columns. */
static bool apply_report(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    if (d->report_function)
        return fail(p, "second 'report' statement");
    if (d->list || d->card)
        return fail(p, "a form is a card, a report or a list, only one of them");
    const struct form_grid *g = formdef_grid(d, get_str(st, "grid"));
    if (!g || g->ncols == 0)
        return fail(p, "grid '%s' with its columns must be declared above", get_str(st, "grid"));
    d->report_function = dup_str(st, "function");
    d->report_grid = dup_str(st, "grid");
    return true;
}

/* list function=NAME grid=GRID [open=SCREEN key=COL new=SCREEN limit=N]: once, after its grid
 * and that grid's columns. The key is a column of the function's result, shown or not. */
static bool apply_list(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    if (d->list)
        return fail(p, "second 'list' statement (the first is on line %d)", d->list->line);
    if (d->report_function || d->card)
        return fail(p, "a form is a card, a report or a list, only one of them");
    const struct form_grid *g = formdef_grid(d, get_str(st, "grid"));
    if (!g || g->ncols == 0)
        return fail(p, "grid '%s' with its columns must be declared above", get_str(st, "grid"));
    const char *key = get_str(st, "key") ? get_str(st, "key") : "id";
    const char *open = get_str(st, "open"), *new_screen = get_str(st, "new");
    const struct formdef_checks *c = p->checks;
    if (open && c && c->screen_known && !c->screen_known(open))
        return fail(p, "unknown screen '%s'", open);
    if (new_screen && c && c->screen_known && !c->screen_known(new_screen))
        return fail(p, "unknown screen '%s'", new_screen);
    d->list = xcalloc(1, sizeof(*d->list));
    *d->list = (struct form_list){
        .function = dup_str(st, "function"),
        .grid = dup_str(st, "grid"),
        .open = dup_str(st, "open"),
        .key = xstrdup(key),
        .new_screen = dup_str(st, "new"),
        .limit = get_int(st, "limit", 500),
        .line = p->line,
    };
    return true;
}

static bool roles_ok(const char *roles);

/* card get=NAME save=NAME [edit=ROLES]: once; a card is not a report or a list. */
static bool apply_card(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    if (d->card)
        return fail(p, "second 'card' statement (the first is on line %d)", d->card->line);
    if (d->report_function || d->list)
        return fail(p, "a form is a card, a report or a list, only one of them");
    if (!roles_ok(get_str(st, "edit")))
        return fail(p, "edit='%s' must be role names separated by commas", get_str(st, "edit"));
    d->card = xcalloc(1, sizeof(*d->card));
    *d->card = (struct form_card){
        .get = dup_str(st, "get"),
        .save = dup_str(st, "save"),
        .edit = dup_str(st, "edit"),
        .line = p->line,
    };
    return true;
}

static const char *const chart_types[] = {"column", "bar", "line", "pie", NULL};

/* chart type=column category=COL values=COL,COL: after the report statement; the columns are
 * the report grid's. */
static bool apply_chart(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    if (!d->report_function)
        return fail(p, "a chart comes after the 'report' statement");
    if (d->chart_type)
        return fail(p, "second 'chart' statement");
    const char *type = get_str(st, "type");
    bool known = false;
    for (size_t i = 0; chart_types[i]; i++)
        known = known || strcmp(chart_types[i], type) == 0;
    if (!known)
        return fail(p, "unknown chart type '%s' (column, bar, line, pie)", type);
    const struct form_grid *g = formdef_grid(d, d->report_grid);
    const char *cat = get_str(st, "category"), *values = get_str(st, "values");
    if (formdef_column_index(g, cat) < 0)
        return fail(p, "category='%s' is not a column of grid '%s'", cat, g->name);
    char buf[LINE_MAX_BYTES + 1];
    snprintf(buf, sizeof(buf), "%s", values);
    for (char *save = NULL, *v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save))
        if (formdef_column_index(g, v) < 0)
            return fail(p, "values: '%s' is not a column of grid '%s'", v, g->name);
    if (values[0] == ',' || values[strlen(values) - 1] == ',' || strstr(values, ",,"))
        return fail(p, "values='%s' must be column names separated by commas", values);
    d->chart_type = xstrdup(type);
    d->chart_title = dup_str(st, "title");
    d->chart_category = xstrdup(cat);
    d->chart_values = xstrdup(values);
    return true;
}

static bool apply_bind(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    const char *key = get_str(st, "key"), *request = get_str(st, "request");
    const struct formdef_checks *c = p->checks;
    if (c && c->key_known && !c->key_known(key))
        return fail(p, "unknown key '%s'", key);
    if (c && c->request_known && !c->request_known(request))
        return fail(p, "unknown request '%s'", request);
    for (size_t i = 0; i < d->nbinds; i++)
        if (strcmp(d->binds[i].key, key) == 0)
            return fail(p, "key '%s' is already bound on line %d", key, d->binds[i].line);
    d->binds = grow(d->binds, d->nbinds, sizeof(*d->binds));
    d->binds[d->nbinds++] = (struct form_binding){xstrdup(key), xstrdup(request), p->line};
    return true;
}

/* roles: empty, or names separated by single commas. */
static bool roles_ok(const char *roles)
{
    if (!roles || !*roles)
        return true;
    for (const char *s = roles;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        char role[128];
        if (n == 0 || n >= sizeof(role))
            return false;
        memcpy(role, s, n);
        role[n] = '\0';
        if (!is_ident(role))
            return false;
        if (!comma)
            return true;
        s = comma + 1;
    }
}

static bool apply_item(struct parser *p, const struct stmt *st)
{
    struct form_def *d = p->def;
    const char *screen = get_str(st, "screen"), *roles = get_str(st, "roles");
    const char *hotkey = get_str(st, "hotkey");
    const struct formdef_checks *c = p->checks;
    if (c && c->screen_known && !c->screen_known(screen))
        return fail(p, "unknown screen '%s'", screen);
    if (!roles_ok(roles))
        return fail(p, "roles='%s' must be names separated by commas", roles);
    char hk = 0;
    if (hotkey) {
        if (strlen(hotkey) != 1 || hotkey[0] <= ' ' || hotkey[0] > '~')
            return fail(p, "hotkey='%s' must be one ASCII character", hotkey);
        hk = hotkey[0];
        for (size_t i = 0; i < d->nitems; i++)
            if (d->items[i].hotkey == hk)
                return fail(p, "hotkey '%c' is already used on line %d", hk, d->items[i].line);
    }
    d->items = grow(d->items, d->nitems, sizeof(*d->items));
    d->items[d->nitems++] = (struct form_item){
        .label = dup_str(st, "label"),
        .screen = xstrdup(screen),
        .roles = dup_str(st, "roles"),
        .hotkey = hk,
        .line = p->line,
    };
    return true;
}

static const struct stmt_spec {
    const char *keyword;
    const struct attr_spec *attrs;
    size_t nattrs;
    const char *ctx_attr; /* names the statement in messages */
    bool (*apply)(struct parser *p, const struct stmt *st);
} statements[] = {
    {"form", form_attrs, ARRAY_SIZE(form_attrs), "name", apply_form},
    {"field", field_attrs, ARRAY_SIZE(field_attrs), "name", apply_field},
    {"grid", grid_attrs, ARRAY_SIZE(grid_attrs), "name", apply_grid},
    {"column", column_attrs, ARRAY_SIZE(column_attrs), "name", apply_column},
    {"bind", bind_attrs, ARRAY_SIZE(bind_attrs), "key", apply_bind},
    {"item", item_attrs, ARRAY_SIZE(item_attrs), "label", apply_item},
    {"report", report_attrs, ARRAY_SIZE(report_attrs), "function", apply_report},
    {"chart", chart_attrs, ARRAY_SIZE(chart_attrs), "type", apply_chart},
    {"list", list_attrs, ARRAY_SIZE(list_attrs), "function", apply_list},
    {"card", card_attrs, ARRAY_SIZE(card_attrs), "get", apply_card},
};

static bool statement(struct parser *p, const struct stmt *st)
{
    const struct stmt_spec *spec = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(statements) && !spec; i++)
        if (strcmp(statements[i].keyword, st->keyword) == 0)
            spec = &statements[i];
    if (!spec)
        return fail(p, "unknown statement '%s'", st->keyword);
    bool is_form = spec->apply == apply_form;
    if (!is_form && !p->form_line)
        return fail(p, "the first statement must be 'form', not '%s'", st->keyword);
    if (is_form && p->form_line)
        return fail(p, "second 'form' statement (the first is on line %d)", p->form_line);
    set_ctx(p, st, spec->ctx_attr);
    bool ok = check_attrs(p, st, spec->attrs, spec->nattrs) && spec->apply(p, st);
    p->ctx[0] = '\0';
    return ok;
}

static bool parse_lines(struct parser *p, const char *text, size_t len)
{
    char line[LINE_MAX_BYTES + 1];
    size_t pos = 0;
    p->line = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        if (p->line == INT_MAX)
            return fail(p, "too many lines");
        p->line++;
        if (!check_line(p, text + pos, n))
            return false;
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos += n + (nl ? 1 : 0);
        struct stmt st;
        bool ok = lex_line(p, line, &st) && (!st.keyword || statement(p, &st));
        stmt_clear(&st);
        if (!ok)
            return false;
    }
    if (!p->form_line) {
        p->line = 1;
        return fail(p, "no 'form' statement");
    }
    return true;
}

static struct form_def *parse(const char *file, const char *expect_name, const char *text,
                              size_t len, const struct formdef_checks *checks, char *err,
                              size_t errlen)
{
    struct parser p = {
        .file = file ? file : "<form>",
        .expect_name = expect_name,
        .checks = checks,
        .def = xcalloc(1, sizeof(struct form_def)),
        .err = err,
        .errlen = errlen,
    };
    if (err && errlen)
        err[0] = '\0';
    p.def->file = xstrdup(p.file);
    if (!text)
        len = 0;
    if (!parse_lines(&p, text, len)) {
        formdef_free(&p.def);
        return NULL;
    }
    return p.def;
}

struct form_def *formdef_parse(const char *file, const char *text, size_t len,
                               const struct formdef_checks *checks, char *err, size_t errlen)
{
    return parse(file, NULL, text, len, checks, err, errlen);
}

struct form_def *formdef_load(const char *path, const struct formdef_checks *checks, char *err,
                              size_t errlen)
{
    size_t len;
    char *text = util_read_file(path, &len);
    if (!text) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (blen > 5 && strcmp(base + blen - 5, ".form") == 0)
        blen -= 5;
    char *expect = xstrndup(base, blen);
    struct form_def *f = parse(path, expect, text, len, checks, err, errlen);
    free(expect);
    free(text);
    return f;
}

void formdef_free(struct form_def **fp)
{
    struct form_def *f = fp ? *fp : NULL;
    if (!f)
        return;
    for (size_t i = 0; i < f->nfields; i++) {
        struct form_field *x = &f->fields[i];
        free(x->name);
        free(x->label);
        free(x->lookup);
        free(x->lookup_by);
        free(x->help);
        free(x->dflt);
    }
    free(f->fields);
    for (size_t i = 0; i < f->ngrids; i++) {
        struct form_grid *g = &f->grids[i];
        for (size_t j = 0; j < g->ncols; j++) {
            free(g->cols[j].name);
            free(g->cols[j].title);
            free(g->cols[j].lookup);
            free(g->cols[j].format);
            free(g->cols[j].drill);
        }
        free(g->cols);
        free(g->name);
        free(g->label);
        free(g->lookup);
    }
    free(f->grids);
    for (size_t i = 0; i < f->nbinds; i++) {
        free(f->binds[i].key);
        free(f->binds[i].request);
    }
    free(f->binds);
    for (size_t i = 0; i < f->nitems; i++) {
        free(f->items[i].label);
        free(f->items[i].screen);
        free(f->items[i].roles);
    }
    free(f->items);
    if (f->list) {
        free(f->list->function);
        free(f->list->grid);
        free(f->list->open);
        free(f->list->key);
        free(f->list->new_screen);
        free(f->list);
    }
    if (f->card) {
        free(f->card->get);
        free(f->card->save);
        free(f->card->edit);
        free(f->card);
    }
    free(f->report_function);
    free(f->report_grid);
    free(f->chart_type);
    free(f->chart_title);
    free(f->chart_category);
    free(f->chart_values);
    free(f->name);
    free(f->title);
    free(f->help);
    free(f->file);
    free(f);
    *fp = NULL;
}

const struct form_field *formdef_field(const struct form_def *f, const char *name)
{
    for (size_t i = 0; f && name && i < f->nfields; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return &f->fields[i];
    return NULL;
}

const struct form_grid *formdef_grid(const struct form_def *f, const char *name)
{
    for (size_t i = 0; f && name && i < f->ngrids; i++)
        if (strcmp(f->grids[i].name, name) == 0)
            return &f->grids[i];
    return NULL;
}

/* ---- a folder of forms ---- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool screen_in_set(const struct form_set *set, const struct formdef_checks *checks,
                          const char *name)
{
    const struct form_def *f = formset_get(set, name);
    return (f && (f->list || f->card)) || checks->screen_known(name);
}

/* The screens items and lists name: registered ones or the set's list and card forms. */
static bool screens_ok(const struct form_set *set, const struct formdef_checks *checks, char *err,
                       size_t errlen)
{
    if (!checks || !checks->screen_known)
        return true;
    for (size_t i = 0; i < set->n; i++) {
        const struct form_def *f = set->forms[i];
        for (size_t j = 0; j < f->nitems; j++)
            if (!screen_in_set(set, checks, f->items[j].screen)) {
                snprintf(err, errlen, "%s:%d: item '%s': unknown screen '%s'", f->file,
                         f->items[j].line, f->items[j].label, f->items[j].screen);
                return false;
            }
        const char *targets[2] = {f->list ? f->list->open : NULL,
                                  f->list ? f->list->new_screen : NULL};
        for (size_t j = 0; j < 2; j++)
            if (targets[j] && !screen_in_set(set, checks, targets[j])) {
                snprintf(err, errlen, "%s:%d: list '%s': unknown screen '%s'", f->file,
                         f->list->line, f->list->function, targets[j]);
                return false;
            }
    }
    return true;
}

bool formset_load(struct form_set *set, const char *dir, const struct formdef_checks *checks,
                  char *err, size_t errlen)
{
    set->forms = NULL;
    set->n = 0;
    if (err && errlen)
        err[0] = '\0';
    DIR *d = opendir(dir);
    if (!d) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".form") != 0)
            continue;
        names = grow(names, n, sizeof(*names));
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof(*names), cmp_names);
    bool ok = true;
    /* Screens are checked once the whole set is read: a list form is a screen too. */
    struct formdef_checks local = checks ? *checks : (struct formdef_checks){0};
    local.screen_known = NULL;
    set->forms = n ? xcalloc(n, sizeof(*set->forms)) : NULL;
    for (size_t i = 0; i < n; i++) {
        if (ok) {
            char *path = xasprintf("%s/%s", dir, names[i]);
            set->forms[set->n] = formdef_load(path, checks ? &local : NULL, err, errlen);
            free(path);
            if (set->forms[set->n])
                set->n++;
            else
                ok = false;
        }
        free(names[i]);
    }
    free(names);
    ok = ok && screens_ok(set, checks, err, errlen);
    if (!ok)
        formset_free(set);
    return ok;
}

void formset_free(struct form_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        formdef_free(&set->forms[i]);
    free(set->forms);
    set->forms = NULL;
    set->n = 0;
}

const struct form_def *formset_get(const struct form_set *set, const char *name)
{
    for (size_t i = 0; set && name && i < set->n; i++)
        if (strcmp(set->forms[i]->name, name) == 0)
            return set->forms[i];
    return NULL;
}

int formdef_column_index(const struct form_grid *g, const char *name)
{
    for (size_t i = 0; g && name && i < g->ncols; i++)
        if (strcmp(g->cols[i].name, name) == 0)
            return (int)i;
    return -1;
}
