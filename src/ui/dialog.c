/* dialog.c: modal dialogs: alert, confirm, prompt, type-ahead lookup, help. Each runs its own
 * small loop: redraw what is under it, draw itself, read a key. */
#include <stdlib.h>
#include <string.h>

#include "polka/formdef.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "ui_int.h"

/* Splits text into lines of at most `width` columns, breaking at spaces where possible.
 * Returns the count; *lines is an array of new strings. Caller frees all. */
static size_t wrap(const char *text, int width, char ***lines)
{
    size_t n = 0;
    *lines = NULL;
    const char *p = text ? text : "";
    do {
        size_t para = strcspn(p, "\n");
        char *chunk = xstrndup(p, para);
        const char *c = chunk;
        do {
            size_t fit = text_fit_bytes(c, width);
            if (c[fit] != '\0') {
                size_t sp = fit;
                while (sp > 0 && c[sp] != ' ')
                    sp--;
                if (sp > 0)
                    fit = sp;
                if (fit == 0)
                    fit = 1;
            }
            *lines = xrealloc(*lines, (n + 1) * sizeof(**lines));
            (*lines)[n++] = xstrndup(c, fit);
            c += fit;
            while (*c == ' ')
                c++;
        } while (*c);
        free(chunk);
        p += para;
        if (*p == '\n')
            p++;
    } while (*p);
    return n;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* A box with wrapped text and a hint line; returns its geometry in *r,*c,*w. */
static void text_box(const char *title, const char *text, const char *hint, int extra_rows,
                     int *top, int *left, int *width)
{
    int w = ui_cols() - 4;
    if (w > 64)
        w = 64;
    char **lines;
    size_t n = wrap(text, w - 4, &lines);
    int h = (int)n + 4 + extra_rows;
    if (h > ui_rows() - 2)
        h = ui_rows() - 2;
    int r = (ui_rows() - h) / 2, c = (ui_cols() - w) / 2;
    ui_box(r, c, h, w, title);
    for (size_t i = 0; i < n && (int)i < h - 3 - extra_rows; i++)
        ui_text(r + 1 + (int)i, c + 2, w - 4, lines[i], UA_NORMAL);
    ui_text(r + h - 2, c + 2, w - 4, hint, UA_DIM);
    free_lines(lines, n);
    *top = r;
    *left = c;
    *width = w;
}

void ui_alert(const char *title, const char *text, const char *details)
{
    for (;;) {
        ui_redraw_under();
        int r, c, w;
        text_box(title, text, details ? _("Enter: OK   F3: details") : _("Enter: OK"), 0, &r, &c,
                 &w);
        ui_cursor(-1, -1);
        ui_flush();
        struct ui_event ev = ui_read(NULL);
        if (ev.req == REQ_DETAILS && details) {
            ui_alert(_("Details"), details, NULL);
            continue;
        }
        if (ev.req == REQ_OPEN || ev.req == REQ_BACK || ev.req == REQ_QUIT || ev.req == REQ_CHAR)
            return;
    }
}

bool ui_confirm(const char *title, const char *text)
{
    for (;;) {
        ui_redraw_under();
        int r, c, w;
        text_box(title, text, _("Enter: yes   Esc: no"), 0, &r, &c, &w);
        ui_cursor(-1, -1);
        ui_flush();
        struct ui_event ev = ui_read(NULL);
        if (ev.req == REQ_OPEN || (ev.req == REQ_CHAR && strchr("yY", (int)ev.ch) && ev.ch < 128) ||
            ev.ch == 0x434 || ev.ch == 0x414) /* д Д */
            return true;
        if (ev.req == REQ_BACK || ev.req == REQ_QUIT ||
            (ev.req == REQ_CHAR && ev.ch < 128 && strchr("nN", (int)ev.ch)) || ev.ch == 0x43d ||
            ev.ch == 0x41d) /* н Н */
            return false;
    }
}

static char *prompt(const char *title, const char *label, const char *initial, int max_chars,
                    bool secret)
{
    struct lineedit le = {0};
    le.max = max_chars;
    le.secret = secret;
    le_set(&le, initial);
    for (;;) {
        ui_redraw_under();
        int r, c, w;
        text_box(title, label, _("Enter: OK   Esc: cancel"), 1, &r, &c, &w);
        int lines = 1;
        char **tmp;
        size_t n = wrap(label, w - 4, &tmp);
        free_lines(tmp, n);
        lines = (int)n;
        le_draw(&le, r + 1 + lines, c + 2, w - 4, true);
        ui_flush();
        struct ui_event ev = ui_read(NULL);
        if (ev.req == REQ_OPEN) {
            char *s = le_get(&le);
            le_free(&le);
            return s;
        }
        if (ev.req == REQ_BACK || ev.req == REQ_QUIT) {
            le_free(&le);
            return NULL;
        }
        le_event(&le, &ev);
    }
}

char *ui_prompt(const char *title, const char *label, const char *initial, int max_chars)
{
    return prompt(title, label, initial, max_chars, false);
}

char *ui_prompt_secret(const char *title, const char *label, int max_chars)
{
    return prompt(title, label, NULL, max_chars, true);
}

static void free_list(char **a, int n)
{
    for (int i = 0; i < n; i++)
        free(a[i]);
    free(a);
}

bool ui_lookup(const char *title, const char *initial_query, ui_fetch_fn fetch, void *ctx,
               char **code, char **label)
{
    struct lineedit le = {0};
    le.max = 100;
    le_set(&le, initial_query);
    char **codes = NULL, **labels = NULL;
    char *q = le_get(&le);
    int n = fetch(ctx, q, &codes, &labels), sel = 0, top = 0;
    free(q);
    bool chosen = false;
    for (;;) {
        ui_redraw_under();
        int w = ui_cols() - 4 > 70 ? 70 : ui_cols() - 4;
        int h = ui_rows() - 4 > 18 ? 18 : ui_rows() - 4;
        int r = (ui_rows() - h) / 2, c = (ui_cols() - w) / 2, list_h = h - 4;
        ui_box(r, c, h, w, title);
        ui_text(r + h - 2, c + 2, w - 4,
                n ? _("type to search · Enter: choose · Esc: cancel") : _("nothing found"), UA_DIM);
        if (sel >= n)
            sel = n ? n - 1 : 0;
        if (sel < top)
            top = sel;
        if (list_h > 0 && sel >= top + list_h)
            top = sel - list_h + 1;
        for (int i = 0; i < list_h && top + i < n; i++) {
            /* The marker as in grids: the choice shows without colours too. */
            ui_text(r + 2 + i, c + 1, 2, top + i == sel ? ">" : "", UA_BOLD);
            ui_text(r + 2 + i, c + 3, w - 4, labels[top + i],
                    top + i == sel ? UA_SELECTED : UA_NORMAL);
        }
        le_draw(&le, r + 1, c + 2, w - 4, true);
        ui_flush();
        struct ui_event ev = ui_read(NULL);
        if (ev.req == REQ_OPEN && n > 0) {
            *code = xstrdup(codes[sel]);
            *label = xstrdup(labels[sel]);
            chosen = true;
            break;
        }
        if (ev.req == REQ_BACK || ev.req == REQ_QUIT)
            break;
        switch (ev.req) {
        case REQ_UP:
            sel = sel > 0 ? sel - 1 : 0;
            continue;
        case REQ_DOWN:
            sel = sel + 1 < n ? sel + 1 : sel;
            continue;
        case REQ_PGUP:
            sel = sel > list_h ? sel - list_h : 0;
            continue;
        case REQ_PGDN:
            sel = sel + list_h < n ? sel + list_h : (n ? n - 1 : 0);
            continue;
        default:
            break;
        }
        if (le_event(&le, &ev) && ev.req != REQ_LEFT && ev.req != REQ_RIGHT) {
            free_list(codes, n);
            free_list(labels, n);
            codes = labels = NULL;
            q = le_get(&le);
            n = fetch(ctx, q, &codes, &labels);
            free(q);
            sel = top = 0;
        }
    }
    free_list(codes, n);
    free_list(labels, n);
    le_free(&le);
    return chosen;
}

/* Keys every screen answers the same way: moving, editing a field, help, menu, back, quit. */
static bool everywhere(enum request r)
{
    static const enum request all[] = {REQ_HELP,      REQ_MENU,  REQ_BACK, REQ_QUIT, REQ_REDRAW,
                                       REQ_NEXT,      REQ_PREV,  REQ_UP,   REQ_DOWN, REQ_LEFT,
                                       REQ_RIGHT,     REQ_PGUP,  REQ_PGDN, REQ_HOME, REQ_END,
                                       REQ_BACKSPACE, REQ_CLEAR, REQ_INBOX};
    for (size_t i = 0; i < ARRAY_SIZE(all); i++)
        if (all[i] == r)
            return true;
    return false;
}

void ui_help(const struct form_def *form, const enum request *handled)
{
    ui_redraw_under();
    int w = ui_cols() - 2, h = ui_rows() - 2;
    ui_box(1, 1, h, w, _("Keys"));
    int row = 2, col = 3, colw = 36;
    /* The screen's own keys first (what its key line offers, for this user), then the keys
     * that work everywhere; no other screen's keys. */
    for (int pass = 0; pass < 2; pass++)
        for (int r = REQ_NONE + 1; r < REQ_CHAR; r++) {
            bool here = false;
            for (size_t i = 0; handled && handled[i] != REQ_NONE; i++)
                here |= (int)handled[i] == r;
            if (pass == 0 ? !here : here || !everywhere((enum request)r))
                continue;
            const char *key = request_default_key(r);
            if (form)
                for (size_t i = 0; i < form->nbinds; i++)
                    if ((int)request_parse(form->binds[i].request) == r)
                        key = form->binds[i].key;
            if (!*key)
                continue;
            char *line = xasprintf("%-10s %s", key, request_help(r));
            if (col + colw <= w)
                ui_text(row, col, colw - 1, line, here ? UA_BOLD : UA_NORMAL);
            free(line);
            if (++row >= h - 1) {
                row = 2;
                col += colw;
            }
        }
    ui_text(h, 3, w - 4, _("Bold: this screen's keys; the others work everywhere. Any key closes."),
            UA_DIM);
    ui_cursor(-1, -1);
    ui_flush();
    ui_read(NULL);
}
