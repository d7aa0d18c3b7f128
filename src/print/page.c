/* page.c: the print layer's page kit (see page.h): text through pango, the page's frame,
 * fields, blocks and tables through cairo, the barcode through zint. The only file that
 * includes zint.h. The words it prints itself (the footer) are Russian like the forms. */
#include "page.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zint.h>

#include "polka/i18n.h"
#include "polka/text.h"

/* Asked for by family name, so that fontconfig finds the same font on every machine. */
#define FONT_FAMILY "DejaVu Sans"

#define MARGIN      (10 * MM)
#define CONTENT_W   (PAGE_W - 2 * MARGIN)
#define FOOTER_Y    (PAGE_H - MARGIN - 3 * MM) /* the footer's top */
#define BODY_BOTTOM (FOOTER_Y - 2 * MM)        /* nothing else goes below this */
#define GAP         (2 * MM)                   /* between the parts of a page */
#define PARA_GAP    (0.8 * MM)                 /* between the paragraphs of a block */
#define PAD_X       (0.8 * MM)                 /* inside a table cell */
#define PAD_Y       (0.5 * MM)
#define RULE_W      0.5 /* table lines, points */

/* Lines a text may take before the rest is cut with "…": every text is bounded, so whatever
 * a value holds, a row or a block always fits on a page. */
#define LINES_CELL   3
#define LINES_HEADER 5
#define LINES_FIELD  4
#define LINES_PARA   6

/* The barcode: modules of 0.33 mm (down to 0.25 mm, two dots of a 200 dpi scan, for a long
 * code), bars 12 mm high, and the quiet zone Code 128 needs, 10 modules each side (ISO/IEC
 * 15417), kept free of anything else. */
#define MODULE        (0.33 * MM)
#define MODULE_MIN    (0.25 * MM)
#define BARCODE_MAX_W (70 * MM)
#define BAR_H         (12 * MM)
#define QUIET         10

static const struct {
    double size; /* points */
    bool bold;
} font_specs[FONT_COUNT] = {
    [FONT_TITLE] = {13, true},    [FONT_HEADING] = {10, true}, [FONT_BODY] = {8, false},
    [FONT_BODY_BOLD] = {8, true}, [FONT_CELL] = {6.5, false},  [FONT_CELL_BOLD] = {6.5, true},
    [FONT_HEADER] = {6, true},    [FONT_SMALL] = {6, false},   [FONT_CODE] = {9, false},
};

static PangoLayout *layout_new(PangoContext *pango)
{
    PangoLayout *l = pango_layout_new(pango);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR); /* a word longer than its column breaks */
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_auto_dir(l, FALSE); /* Hebrew or Arabic text keeps the column's alignment */
    return l;
}

bool kit_open(struct kit *k, cairo_surface_t *surface, char **err)
{
    memset(k, 0, sizeof(*k));
    k->cr = cairo_create(surface);
    cairo_set_line_width(k->cr, RULE_W);
    /* A font map of our own (no process-wide state), at 72 dpi so that a size in points is a
     * size in the PDF's units. */
    PangoFontMap *map = pango_cairo_font_map_new();
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
    k->pango = pango_font_map_create_context(map);
    /* The outlines' own metrics: hinting is for screens, and would move line breaks. */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(k->pango, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(k->pango, FALSE);
    for (int f = 0; f < FONT_COUNT; f++) {
        k->font[f] = pango_font_description_new();
        pango_font_description_set_family_static(k->font[f], FONT_FAMILY);
        pango_font_description_set_size(k->font[f], (int)(font_specs[f].size * PANGO_SCALE));
        pango_font_description_set_weight(k->font[f], font_specs[f].bold ? PANGO_WEIGHT_BOLD
                                                                         : PANGO_WEIGHT_NORMAL);
    }
    k->layout = layout_new(k->pango);
    for (size_t c = 0; c < TABLE_COLS_MAX; c++)
        k->cell[c] = layout_new(k->pango);
    strbuf_add(&k->text, "", 0); /* never a NULL buffer for pango */

    /* fontconfig answers any family with its nearest font: make sure it is the one asked. */
    bool found = false;
    PangoFont *font = pango_font_map_load_font(map, k->pango, k->font[FONT_BODY]);
    if (font) {
        PangoFontDescription *got = pango_font_describe(font);
        const char *family = pango_font_description_get_family(got);
        found = family && strcasecmp(family, FONT_FAMILY) == 0;
        pango_font_description_free(got);
        g_object_unref(font);
    }
    g_object_unref(map); /* the context keeps its own reference */
    if (!found && err)
        *err = xasprintf(_("the font %s is not installed (Debian package fonts-dejavu-core)"),
                         FONT_FAMILY);
    return found;
}

void kit_close(struct kit *k)
{
    for (size_t c = 0; c < TABLE_COLS_MAX; c++)
        if (k->cell[c])
            g_object_unref(k->cell[c]);
    if (k->layout)
        g_object_unref(k->layout);
    for (int f = 0; f < FONT_COUNT; f++)
        if (k->font[f])
            pango_font_description_free(k->font[f]);
    if (k->pango)
        g_object_unref(k->pango);
    if (k->cr)
        cairo_destroy(k->cr);
    strbuf_release(&k->text);
    memset(k, 0, sizeof(*k));
}

bool barcode_make(struct barcode *b, const char *code, char **err)
{
    memset(b, 0, sizeof(*b));
    size_t len = code ? strlen(code) : 0;
    if (len == 0) {
        if (err)
            *err = xstrdup(_("the document has no code to print as its barcode"));
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)code[i];
        if (c <= ' ' || c > '~') {
            if (err) {
                char *shown = text_sanitize(code, len, 40);
                *err = xasprintf(_("the document code \"%s\" cannot be a barcode: Code 128 "
                                   "takes Latin letters, digits and signs only"),
                                 shown);
                free(shown);
            }
            return false;
        }
    }
    struct zint_symbol *sym = ZBarcode_Create();
    if (!sym) {
        if (err)
            *err = xstrdup(_("could not make the barcode: out of memory"));
        return false;
    }
    sym->symbology = BARCODE_CODE128;
    sym->show_hrt = 0; /* the code is set below the bars by pango, in our font */
    sym->whitespace_width = QUIET;
    int rc = ZBarcode_Encode_and_Buffer_Vector(sym, (const unsigned char *)code, (int)len, 0);
    /* The symbol's width in modules, quiet zones included, sets the scale of zint's units. */
    double modules = sym->width + 2 * QUIET;
    double module = fmin(MODULE, BARCODE_MAX_W / modules);
    if (rc >= ZINT_ERROR || !sym->vector || module < MODULE_MIN) {
        if (err) {
            char *shown = text_sanitize(code, len, 40);
            *err = rc >= ZINT_ERROR
                       ? xasprintf(_("could not make the barcode of %s: %s"), shown, sym->errtxt)
                       : xasprintf(_("the document code %s is too long for a barcode"), shown);
            free(shown);
        }
        ZBarcode_Delete(sym);
        return false;
    }
    const struct zint_vector *v = sym->vector;
    double sx = modules * module / v->width, sy = BAR_H / v->height;
    b->width = modules * module;
    b->height = BAR_H;
    for (const struct zint_vector_rect *r = v->rectangles; r; r = r->next)
        b->nbars++;
    b->bars = xcalloc(b->nbars, sizeof(*b->bars));
    size_t i = 0;
    for (const struct zint_vector_rect *r = v->rectangles; r; r = r->next, i++) {
        b->bars[i][0] = r->x * sx;
        b->bars[i][1] = r->y * sy;
        b->bars[i][2] = r->width * sx;
        b->bars[i][3] = r->height * sy;
    }
    ZBarcode_Delete(sym);
    return true;
}

void barcode_free(struct barcode *b)
{
    free(b->bars);
    memset(b, 0, sizeof(*b));
}

/* Appends s cleaned for layout: invalid UTF-8 as U+FFFD, control characters and the line and
 * paragraph separators as spaces (a newline in a name must not break a row). NULL adds
 * nothing. */
static void clean(struct strbuf *out, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    while (len > 0) {
        uint32_t cp;
        size_t n = text_decode(s, len, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
            cp = ' ';
        char enc[4];
        strbuf_add(out, enc, text_encode(cp, enc));
        s += n;
        len -= n;
    }
}

/* The template t into out (emptied first): "{key}" becomes r's value, cleaned (empty when
 * missing or when r is NULL); the rest is copied. */
static void fill(struct strbuf *out, const char *t, const struct record *r)
{
    strbuf_reset(out);
    while (*t) {
        const char *close = *t == '{' ? strchr(t + 1, '}') : NULL;
        char key[64];
        size_t n = close ? (size_t)(close - t - 1) : 0;
        if (close && n < sizeof(key)) {
            memcpy(key, t + 1, n);
            key[n] = '\0';
            clean(out, r ? record_get(r, key) : NULL);
            t = close + 1;
            continue;
        }
        const char *next = strchr(t + 1, '{');
        n = next ? (size_t)(next - t) : strlen(t);
        strbuf_add(out, t, n);
        t += n;
    }
}

/* Lays the kit's text out in l: w wide, at most max_lines. Returns its height. */
static double lay(struct sheet *s, PangoLayout *l, enum font f, double w, enum align a,
                  int max_lines)
{
    struct kit *k = s->kit;
    pango_layout_set_font_description(l, k->font[f]);
    pango_layout_set_width(l, pango_units_from_double(w));
    pango_layout_set_height(l, -max_lines); /* negative: a number of lines */
    pango_layout_set_alignment(l, a == ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
                                  : a == ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                                      : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, k->text.buf, (int)k->text.len);
    int height;
    pango_layout_get_size(l, NULL, &height);
    return pango_units_to_double(height);
}

/* Draws a laid out text with its top left at (x, y), unless this is the dry run. */
static void show(struct sheet *s, PangoLayout *l, double x, double y)
{
    if (s->dry)
        return;
    cairo_move_to(s->kit->cr, x, y);
    pango_cairo_show_layout(s->kit->cr, l);
}

/* The kit's text at (x, y) in the general layout; returns its height. */
static double put(struct sheet *s, enum font f, double x, double y, double w, enum align a,
                  int max_lines)
{
    double h = lay(s, s->kit->layout, f, w, a, max_lines);
    show(s, s->kit->layout, x, y);
    return h;
}

/* Room left of the barcode for the title. */
static double title_width(const struct sheet *s)
{
    return CONTENT_W - s->barcode->width - GAP;
}

/* The top of a page: the barcode at the right with the code under it, and on the pages
 * after the first the document's title, continued. */
static void frame(struct sheet *s)
{
    struct kit *k = s->kit;
    const struct barcode *b = s->barcode;
    double bx = PAGE_W - MARGIN - b->width;
    if (!s->dry) {
        for (size_t i = 0; i < b->nbars; i++)
            cairo_rectangle(k->cr, bx + b->bars[i][0], MARGIN + b->bars[i][1], b->bars[i][2],
                            b->bars[i][3]);
        cairo_fill(k->cr);
    }
    strbuf_reset(&k->text);
    clean(&k->text, s->code);
    double h = put(s, FONT_CODE, bx, MARGIN + b->height + 0.5 * MM, b->width, ALIGN_CENTER, 1);
    s->top = MARGIN + b->height + 0.5 * MM + h + GAP;
    s->y = s->top;
    if (s->page > 1 && s->continued) {
        fill(&k->text, s->continued, s->head);
        h = put(s, FONT_BODY_BOLD, MARGIN, MARGIN, title_width(s), ALIGN_LEFT, 2);
        s->y = fmax(s->y, MARGIN + h + GAP);
    }
}

/* The bottom of a page: which page of which document (the words are the forms' language). */
static void footer(struct sheet *s)
{
    if (s->dry)
        return;
    struct kit *k = s->kit;
    strbuf_reset(&k->text);
    strbuf_printf(&k->text, "Страница %d из %d документа ", s->page, s->pages);
    clean(&k->text, s->code);
    put(s, FONT_SMALL, MARGIN, FOOTER_Y, CONTENT_W, ALIGN_LEFT, 1);
    if (s->copies > 1) {
        strbuf_reset(&k->text);
        strbuf_printf(&k->text, "Экземпляр %d из %d", s->copy, s->copies);
        put(s, FONT_SMALL, MARGIN, FOOTER_Y, CONTENT_W, ALIGN_RIGHT, 1);
    }
}

static void header(struct sheet *s);

static void page_break(struct sheet *s)
{
    footer(s);
    if (!s->dry)
        cairo_show_page(s->kit->cr);
    s->page++;
    frame(s);
    if (s->table)
        header(s);
}

/* Makes room for h: a new page when it does not fit under what the page already holds (on an
 * empty page it goes where it is: a new page would not have more room). */
static void room(struct sheet *s, double h)
{
    if (s->y + h > BODY_BOTTOM && s->y > s->top)
        page_break(s);
}

void sheet_begin(struct sheet *s)
{
    s->page = 1;
    s->table = NULL;
    frame(s);
}

void sheet_end(struct sheet *s)
{
    footer(s);
    if (!s->dry)
        cairo_show_page(s->kit->cr);
}

void sheet_title(struct sheet *s, const struct para *lines, size_t n)
{
    struct kit *k = s->kit;
    double y = MARGIN;
    for (size_t i = 0; i < n; i++) {
        fill(&k->text, lines[i].text, s->head);
        y += put(s, lines[i].font, MARGIN, y, title_width(s), ALIGN_LEFT, 3) + PARA_GAP;
    }
    s->y = fmax(s->y, y - PARA_GAP + GAP);
}

void sheet_fields(struct sheet *s, const struct field *fields, size_t n, double label_w)
{
    struct kit *k = s->kit;
    double value_x = MARGIN + label_w, value_w = CONTENT_W - label_w;
    for (size_t i = 0; i < n; i++) {
        fill(&k->text, fields[i].label, NULL);
        double h = lay(s, k->cell[0], FONT_BODY, label_w - PAD_X, ALIGN_LEFT, LINES_FIELD);
        fill(&k->text, fields[i].value, s->head);
        h = fmax(h, lay(s, k->cell[1], FONT_BODY_BOLD, value_w, ALIGN_LEFT, LINES_FIELD));
        room(s, h + PAD_Y);
        show(s, k->cell[0], MARGIN, s->y);
        show(s, k->cell[1], value_x, s->y);
        if (!s->dry) { /* the line the value is written on, as on the printed forms */
            cairo_move_to(k->cr, value_x, s->y + h + 0.3);
            cairo_line_to(k->cr, MARGIN + CONTENT_W, s->y + h + 0.3);
            cairo_stroke(k->cr);
        }
        s->y += h + PAD_Y;
    }
    s->y += GAP - PAD_Y;
}

/* A column of paragraphs at (x, y) in width w; draws it when draw (and not the dry run).
 * Returns its height. */
static double column(struct sheet *s, const struct para *p, size_t n, double x, double y, double w,
                     bool draw)
{
    struct kit *k = s->kit;
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        fill(&k->text, p[i].text, s->head);
        double lh = lay(s, k->layout, p[i].font, w, ALIGN_LEFT, LINES_PARA);
        if (draw)
            show(s, k->layout, x, y + h);
        h += lh + (i + 1 < n ? PARA_GAP : 0);
    }
    return h;
}

void sheet_block(struct sheet *s, const struct block *b)
{
    double w = (CONTENT_W - 2 * GAP) / 2, right_x = MARGIN + w + 2 * GAP;
    double across =
        b->nacross ? column(s, b->across, b->nacross, MARGIN, 0, CONTENT_W, false) + PARA_GAP : 0;
    double h = fmax(column(s, b->left, b->nleft, MARGIN, 0, w, false),
                    column(s, b->right, b->nright, right_x, 0, w, false));
    room(s, across + h);
    column(s, b->across, b->nacross, MARGIN, s->y, CONTENT_W, true);
    column(s, b->left, b->nleft, MARGIN, s->y + across, w, true);
    column(s, b->right, b->nright, right_x, s->y + across, w, true);
    s->y += across + h + GAP;
}

/* The table's lines around a row from y, h high: its bottom and the column edges from x[0],
 * x[first], x[first + 1]... (a line across the table has first == ncols). */
static void rules(struct sheet *s, double y, double h, size_t first)
{
    if (s->dry)
        return;
    cairo_t *cr = s->kit->cr;
    size_t n = s->table->ncols;
    for (size_t c = 0; c <= n; c++) {
        if (c > 0 && c < first)
            continue;
        cairo_move_to(cr, s->x[c], y);
        cairo_line_to(cr, s->x[c], y + h);
    }
    cairo_move_to(cr, s->x[0], y + h);
    cairo_line_to(cr, s->x[n], y + h);
    cairo_stroke(cr);
}

/* A shaded band behind a header or a group line. */
static void shade(struct sheet *s, double y, double h)
{
    if (s->dry)
        return;
    cairo_t *cr = s->kit->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_rectangle(cr, s->x[0], y, s->x[s->table->ncols] - s->x[0], h);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* The header's height: its titles laid out in their columns. */
static double header_height(struct sheet *s)
{
    const struct table *t = s->table;
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        fill(&s->kit->text, t->cols[c].title, NULL);
        h = fmax(h, lay(s, s->kit->layout, FONT_HEADER, s->x[c + 1] - s->x[c] - 2 * PAD_X,
                        ALIGN_CENTER, LINES_HEADER));
    }
    return h + 2 * PAD_Y;
}

/* The header at the top of the table and of every page it goes on to. It uses the general
 * layout, not the cells', which may hold the row that asked for the new page. */
static void header(struct sheet *s)
{
    const struct table *t = s->table;
    double h = header_height(s);
    shade(s, s->y, h);
    for (size_t c = 0; c < t->ncols && !s->dry; c++) {
        fill(&s->kit->text, t->cols[c].title, NULL);
        put(s, FONT_HEADER, s->x[c] + PAD_X, s->y + PAD_Y, s->x[c + 1] - s->x[c] - 2 * PAD_X,
            ALIGN_CENTER, LINES_HEADER);
    }
    if (!s->dry) {
        cairo_move_to(s->kit->cr, s->x[0], s->y);
        cairo_line_to(s->kit->cr, s->x[t->ncols], s->y);
    }
    rules(s, s->y, h, 1);
    s->y += h;
}

void table_begin(struct sheet *s, const struct table *t)
{
    struct kit *k = s->kit;
    double total = 0;
    for (size_t c = 0; c < t->ncols; c++)
        total += t->cols[c].width;
    s->table = t;
    s->x[0] = MARGIN;
    for (size_t c = 0; c < t->ncols; c++)
        s->x[c + 1] = s->x[c] + CONTENT_W * t->cols[c].width / total;
    double h = header_height(s), caption = 0;
    if (t->caption) {
        fill(&k->text, t->caption, s->head);
        caption = lay(s, k->layout, FONT_BODY_BOLD, CONTENT_W, ALIGN_LEFT, 2) + PARA_GAP;
    }
    /* The caption and the header with room for a row under them, or all on the next page
     * (without the table yet, so that the new page does not get a header of its own). */
    s->table = NULL;
    room(s, caption + h + font_specs[FONT_CELL].size * 1.5 + 2 * PAD_Y);
    if (t->caption) {
        fill(&k->text, t->caption, s->head); /* the page break may have used the layout */
        put(s, FONT_BODY_BOLD, MARGIN, s->y, CONTENT_W, ALIGN_LEFT, 2);
        s->y += caption;
    }
    s->table = t;
    header(s);
}

/* Lays a row's values out in the cell layouts; returns the row's height. */
static double row_lay(struct sheet *s, const struct record *row)
{
    const struct table *t = s->table;
    struct kit *k = s->kit;
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        strbuf_reset(&k->text);
        clean(&k->text, record_get(row, t->cols[c].key));
        h = fmax(h, lay(s, k->cell[c], FONT_CELL, s->x[c + 1] - s->x[c] - 2 * PAD_X,
                        t->cols[c].align, LINES_CELL));
    }
    return h + 2 * PAD_Y;
}

void table_row(struct sheet *s, const struct record *row)
{
    double h = row_lay(s, row);
    room(s, h);
    for (size_t c = 0; c < s->table->ncols; c++)
        show(s, s->kit->cell[c], s->x[c] + PAD_X, s->y + PAD_Y);
    rules(s, s->y, h, 1);
    s->y += h;
}

void table_group(struct sheet *s, const char *text, const struct record *next)
{
    struct kit *k = s->kit;
    size_t n = s->table->ncols;
    double keep = next ? row_lay(s, next) : 0;
    fill(&k->text, text, next);
    double h = lay(s, k->cell[0], FONT_CELL_BOLD, s->x[n] - s->x[0] - 2 * PAD_X, ALIGN_LEFT, 2) +
               2 * PAD_Y;
    room(s, h + keep);
    shade(s, s->y, h);
    show(s, k->cell[0], s->x[0] + PAD_X, s->y + PAD_Y);
    rules(s, s->y, h, n);
    s->y += h;
}

void table_total(struct sheet *s, const char *label, const char *const *cells)
{
    const struct table *t = s->table;
    struct kit *k = s->kit;
    size_t first = 0;
    while (first < t->ncols && !cells[first])
        first++;
    if (first == 0) /* a label needs a column of its own */
        first = 1;
    fill(&k->text, label, NULL);
    double h = lay(s, k->cell[0], FONT_CELL_BOLD, s->x[first] - s->x[0] - 2 * PAD_X, ALIGN_LEFT,
                   LINES_CELL);
    for (size_t c = first; c < t->ncols; c++) {
        fill(&k->text, cells[c] ? cells[c] : "", s->head);
        h = fmax(h, lay(s, k->cell[c], FONT_CELL_BOLD, s->x[c + 1] - s->x[c] - 2 * PAD_X,
                        t->cols[c].align, LINES_CELL));
    }
    h += 2 * PAD_Y;
    room(s, h);
    show(s, k->cell[0], s->x[0] + PAD_X, s->y + PAD_Y);
    for (size_t c = first; c < t->ncols; c++)
        show(s, k->cell[c], s->x[c] + PAD_X, s->y + PAD_Y);
    rules(s, s->y, h, first);
    s->y += h;
}

void table_end(struct sheet *s)
{
    s->table = NULL;
    s->y += GAP;
}
