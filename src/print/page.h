/* page.h: the print layer's page kit, shared by pdf.c (the file) and forms.c (the layouts).
 *
 * A form lays a document out with the sheet_* and table_* calls below, top to bottom; they
 * measure each piece with pango and start a new page when it does not fit. Every document is
 * laid out twice with the same calls: a dry run that only measures (and so learns the page
 * count, M of "page N of M"), then once per copy for real. The page breaks come from the same
 * measurements both times, so they cannot differ.
 *
 * Lengths are in points (1/72 inch, the unit of cairo's PDF surface); MM converts. A text
 * given as a template has "{key}" replaced by that key's value in the head record (the row's,
 * for table_group), empty when missing; the values are cleaned for layout, the template is ours
 * and printed as it is. */
#ifndef POLKA_PRINT_PAGE_H
#define POLKA_PRINT_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "polka/record.h"
#include "polka/util.h"

#define MM             (72.0 / 25.4)
#define PAGE_W         (210 * MM) /* A4 portrait */
#define PAGE_H         (297 * MM)
#define TABLE_COLS_MAX 16

enum font {
    FONT_TITLE,     /* the form's name */
    FONT_HEADING,   /* its number and date */
    FONT_BODY,      /* head fields, paragraphs */
    FONT_BODY_BOLD, /* head values */
    FONT_CELL,      /* table rows */
    FONT_CELL_BOLD, /* table groups and totals */
    FONT_HEADER,    /* table header */
    FONT_SMALL,     /* captions under blanks, the footer */
    FONT_CODE,      /* the code under the barcode */
    FONT_COUNT
};

enum align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER };

/* What stays the same for the whole file: the cairo context on the PDF surface, pango's
 * context (its own font map, 72 dpi so that font sizes are points), the fonts and the layouts
 * reused for every text. */
struct kit {
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *font[FONT_COUNT];
    PangoLayout *layout;               /* texts outside a table row */
    PangoLayout *cell[TABLE_COLS_MAX]; /* a row's cells: measured, then drawn as laid out */
    struct strbuf text;                /* the text being set, cleaned */
};

/* Sets the kit up on a PDF surface; false with *err (caller frees) when DejaVu Sans is missing
 * (fontconfig would quietly put another font in its place). kit_close frees it either way. */
bool kit_open(struct kit *k, cairo_surface_t *surface, char **err);
void kit_close(struct kit *k);

/* A document's code as a Code 128 barcode: the bars in points from the symbol's top left,
 * quiet zones included in the width. */
struct barcode {
    double width, height;
    size_t nbars;
    double (*bars)[4]; /* x, y, width, height */
};

/* False with *err (caller frees) when the code is empty, not printable ASCII or too long to
 * scan; barcode_free frees it either way. */
bool barcode_make(struct barcode *b, const char *code, char **err);
void barcode_free(struct barcode *b);

/* A table column: the value of `key` in each row. Widths are relative: the columns share
 * the page's width in their proportion. */
struct column {
    const char *title;
    const char *key;
    double width;
    enum align align;
};

struct table {
    const char *caption; /* a template over the head above the table, or NULL */
    const struct column *cols;
    size_t ncols; /* at most TABLE_COLS_MAX */
};

/* A paragraph of a block: a template in a font. */
struct para {
    enum font font;
    const char *text;
};

/* Paragraphs kept together on one page: some across the page, then two columns side by side
 * (signatures: ours on the left, theirs on the right). Any part may be empty. */
struct block {
    const struct para *across;
    size_t nacross;
    const struct para *left;
    size_t nleft;
    const struct para *right;
    size_t nright;
};

/* A head field: a label and a template, on a line of their own. */
struct field {
    const char *label;
    const char *value;
};

/* One copy of one document being laid out. The caller fills the first fields and calls
 * sheet_begin; the rest is the kit's. */
struct sheet {
    struct kit *kit;
    const struct record *head;
    const struct barcode *barcode;
    const char *code;          /* the document's code, under the barcode and in the footer */
    const char *continued;     /* template of the title on the pages after the first */
    int pages;                 /* this copy's page count; 0 in the dry run */
    int copy, copies;          /* 1-based; "Экземпляр K из C" in the footer when C > 1 */
    bool dry;                  /* measure only: draw nothing, emit no page */
    int page;                  /* the page being laid out, 1-based */
    double y;                  /* top of the free space on the page */
    double top;                /* top of the space under the barcode */
    const struct table *table; /* the table under way: its header repeats on a new page */
    double x[TABLE_COLS_MAX + 1]; /* its column edges */
};

/* Starts the first page (the barcode at the top right) and ends the last (the footer). */
void sheet_begin(struct sheet *s);
void sheet_end(struct sheet *s);
/* The form's title lines beside the barcode, on the first page. */
void sheet_title(struct sheet *s, const struct para *lines, size_t n);
/* Label and value lines, each kept on one page; the label column is label_w wide. */
void sheet_fields(struct sheet *s, const struct field *fields, size_t n, double label_w);
/* A block of paragraphs, on the next page when it does not fit on this one. */
void sheet_block(struct sheet *s, const struct block *b);

/* A table: its caption and header now (the header again on every page it goes on to), then
 * rows, group lines and a totals line, until table_end. */
void table_begin(struct sheet *s, const struct table *t);
void table_row(struct sheet *s, const struct record *row);
/* A line across the table (a pallet's SSCC), kept on a page with the row that follows it
 * (next, may be NULL); text is a template over next. */
void table_group(struct sheet *s, const char *text, const struct record *next);
/* The totals line: cells[i] is column i's template over the head, or NULL for an empty cell;
 * the label goes across the columns before the first with a value (at least the first). */
void table_total(struct sheet *s, const char *label, const char *const *cells);
void table_end(struct sheet *s);

/* A form (forms.c): its name in the head's "form", the template of its title on the pages
 * after the first, and its layout, from the title to the signatures (between sheet_begin and
 * sheet_end). */
struct form {
    const char *name;
    const char *continued;
    void (*lay)(struct sheet *s, const struct doc *d);
};

/* The form of that name; NULL when there is none (or name is NULL). */
const struct form *form_find(const char *name);

#endif
