/* formdef.h: screen layouts as data. Parses forms/NAME.form files into a form_def; knows
 * nothing about curses. Every error is reported as "file:line: what is wrong".
 *
 * The format is one statement per line, `keyword attr=value ...`; values with spaces go in
 * double quotes (escapes \" and \\); `#` starts a comment outside quotes; blank lines ignored.
 *
 *   form   name=partner_card title="Partner" labelwidth=14
 *   field  name=inn label="INN" row=3 col=1 width=12 type=inn required
 *   field  name=segment label="Segment" row=4 col=1 width=20 type=choice lookup=segment
 *   grid   name=contacts label="Contacts" row=10 col=0 height=6
 *   column grid=contacts name=full_name title="Name" width=24 type=text max=200 required
 *   bind   key=F5 request=refresh
 *   item   label="Partners" screen=partners roles=operator,manager hotkey=1
 *
 * Statements and attributes:
 *   form   name (required, must equal the file's base name when loaded from a file), title,
 *          labelwidth (0..60, default 16), help. Exactly one, and it is the first statement.
 *   field  name (required, unique), label, row (>=0), col (>=0), width (1..200, required),
 *          type (text|int|money|qty|date|inn|kpp|phone|email|gln|bool|choice; default text),
 *          max (characters, 1..10000; default 200), lookup, lookup_by, help; flags: required
 *          readonly hidden secret.
 *          type=choice needs lookup=. lookup_by names a field declared above whose value the
 *          look-up is narrowed by (a delivery point by its client: lookup=point
 *          lookup_by=client_id).
 *   grid   name (required, unique among grids and fields), label, row, col, height (1..200,
 *          required), lookup.
 *   column grid (a grid declared above), name (unique in its grid), title, width (1..200,
 *          required), type, max, lookup; flags: required readonly right, stretch (takes the
 *          width the grid has to spare; a text too long keeps its start and its last words),
 *          sentences (a list's text the database wrote from its sentences, in English: shown
 *          in the user's language, db_sentences_words).
 *   bind   key (required), request (required).
 *   item   label (required), screen (required), roles (comma list, empty = everyone), hotkey
 *          (one character).
 * Reports (forms/reports/NAME.form) add:
 *   field  default: what a report parameter starts with (report.h: today, month_start, ...).
 *   column format (an Excel number format), total (a totals row sums it), hidden (fetched,
 *          not shown or exported: ids for drill=), drill (screen[:argument prefix] that Enter
 *          opens with the row's value of this column, e.g. drill=partner_card or
 *          drill=orders:client:).
 *   report function (required: polka.NAME is called with the fields as named arguments), grid
 *          (required: the grid above whose columns are the function's result columns). Once.
 *   chart  type (column|bar|line|pie), title, category (a column), values (columns, comma
 *          separated); after the report statement. Once.
 * List screens (a form with a list statement is a screen of its own, the generic list):
 *   list   function (required: polka.NAME is called with the form's fields as named
 *          arguments and lim => limit), grid (required: the grid above it fills), open (the
 *          screen Enter opens with the row's key), key (a result column; default id), new
 *          (the screen F7/Ins opens empty), limit (1..10000, default 500). Once; not in a
 *          report. In a form set, item screen= and list open=/new= may name such a form as
 *          well as a registered screen.
 * Card screens (a form with a card statement is a screen of its own, the generic card):
 *   card   get (required: polka.GET(id bigint) returns the document as jsonb: the fields by
 *          name, "FIELD.label" for a choice's words, each grid a section, an array of rows),
 *          save (required: polka.SAVE(doc jsonb) saves it in one transaction and returns its
 *          id), edit (the roles that may change it; without: read only). Once; not in a
 *          report or a list. A list's open=/new= and an item's screen= may name it.
 * Unknown statements or attributes, duplicates, bad numbers, invalid UTF-8, control characters
 * and lines over 4096 bytes are errors. Flags take no value.
 * Details: names (form, field, grid, column, grid=, each role) are letters, digits and '_', not
 * starting with a digit; row and col are 0..9999; a hotkey is one printable ASCII character;
 * two binds of one key, two items with one hotkey and a column type=choice without lookup= are
 * errors; TAB separates like a space but may not appear inside quotes; CR (a Windows line end)
 * is an error. A text without statements fails with "file:1: no 'form' statement". */
#ifndef POLKA_FORMDEF_H
#define POLKA_FORMDEF_H

#include <stdbool.h>
#include <stddef.h>

enum field_type {
    FT_TEXT,
    FT_INT,
    FT_MONEY,
    FT_QTY,
    FT_DATE,
    FT_INN,
    FT_KPP,
    FT_PHONE,
    FT_EMAIL,
    FT_GLN,
    FT_BOOL,
    FT_CHOICE,
};

struct form_field {
    char *name, *label, *lookup, *help; /* label/lookup/help may be NULL */
    char *lookup_by;                    /* the field narrowing the look-up; may be NULL */
    enum field_type type;
    int row, col, width, max; /* row/col of the label; the input starts labelwidth later */
    bool required, readonly, hidden;
    bool secret; /* shown as asterisks (passwords) */
    char *dflt;  /* default=: a report parameter's starting value; may be NULL */
    int line;    /* where it was declared, for later messages */
};

struct form_column {
    char *name, *title, *lookup;
    enum field_type type;
    int width, max;
    bool required, readonly, right, stretch;
    char *format, *drill; /* reports: Excel number format, drill-down target; may be NULL */
    bool total, hidden;   /* reports: summed in the totals row; not shown or exported */
    bool sentences;       /* lists: the database's sentences, shown in the user's language */
};

struct form_grid {
    char *name, *label, *lookup;
    int row, col, height;
    struct form_column *cols;
    size_t ncols;
    int line;
};

struct form_binding {
    char *key, *request;
    int line;
};

struct form_item {
    char *label, *screen, *roles; /* roles: comma list; NULL or "" means everyone */
    char hotkey;                  /* 0 when none */
    int line;
};

struct form_list {
    char *function, *grid;         /* polka.function fills grid */
    char *open, *key, *new_screen; /* open, new_screen may be NULL; key defaults to "id" */
    int limit;
    int line;
};

struct form_card {
    char *get, *save; /* polka.get(id bigint) -> jsonb, polka.save(doc jsonb) -> bigint */
    char *edit;       /* roles that may change it (comma list); NULL: nobody */
    int line;
};

struct form_def {
    char *name, *title, *help, *file;
    int labelwidth;
    struct form_field *fields;
    size_t nfields;
    struct form_grid *grids;
    size_t ngrids;
    struct form_binding *binds;
    size_t nbinds;
    struct form_item *items;
    size_t nitems;
    char *report_function, *report_grid; /* a report's function and grid; NULL for screens */
    char *chart_type, *chart_title;      /* chart=: NULL when the report has none */
    char *chart_category, *chart_values; /* a column name; comma-separated column names */
    struct form_list *list;              /* a list screen's source; NULL for other forms */
    struct form_card *card;              /* a generic card's functions; NULL for other forms */
};

/* Semantic checks the caller can add: names of requests, lookups, keys and screens that exist.
 * A NULL callback (or a NULL struct) skips that check. */
struct formdef_checks {
    bool (*request_known)(const char *name);
    bool (*lookup_known)(const char *name);
    bool (*key_known)(const char *name);
    bool (*screen_known)(const char *name);
};

/* Parses text[0..len) named `file` (used in messages only). On error returns NULL and writes
 * "file:line: message" (NUL-terminated, cut to errlen) into err. Caller frees the result with
 * formdef_free. */
struct form_def *formdef_parse(const char *file, const char *text, size_t len,
                               const struct formdef_checks *checks, char *err, size_t errlen);

/* Reads and parses one file; the form's name must equal the file's base name without
 * ".form". Errors as formdef_parse (an unreadable file is "path: strerror"). */
struct form_def *formdef_load(const char *path, const struct formdef_checks *checks, char *err,
                              size_t errlen);

void formdef_free(struct form_def **f);

/* Lookups by name; NULL when absent. */
const struct form_field *formdef_field(const struct form_def *f, const char *name);
const struct form_grid *formdef_grid(const struct form_def *f, const char *name);
/* The index of grid g's column `name`, or -1. */
int formdef_column_index(const struct form_grid *g, const char *name);

/* Type names for messages and parsing; NULL/-1 when unknown. */
const char *formdef_type_name(enum field_type t);
int formdef_type_parse(const char *name);

/* A whole folder: every *.form in `dir`, sorted by name. */
struct form_set {
    struct form_def **forms;
    size_t n;
};

/* Loads every *.form file of dir. Stops at the first broken file with its message in err and
 * returns false (nothing is kept). Caller frees with formset_free. */
bool formset_load(struct form_set *set, const char *dir, const struct formdef_checks *checks,
                  char *err, size_t errlen);
void formset_free(struct form_set *set);
const struct form_def *formset_get(const struct form_set *set, const char *name);

#endif
