/* formview.h: the generic card editor. Draws a form_def's fields with the values of a record
 * and its grids with rows of rowsets; moves between them with Tab/S-Tab/Up/Down; edits text in
 * place; opens type-ahead look-ups for choice fields; edits grid rows in a pop-up built from
 * the grid's columns (Enter/Ins/Del), and F4 on a row opens the look-up of its first writable
 * choice column at once. Checks types and required fields before a save. */
#ifndef POLKA_FORMVIEW_H
#define POLKA_FORMVIEW_H

#include <stdbool.h>

#include "polka/formdef.h"
#include "polka/record.h"
#include "polka/ui.h"

/* How a form gets look-up lists and labels; implemented by the domain layer. */
struct formview_hooks {
    /* Fills codes/labels for look-up `kind` matching query, narrowed by `by` (the value of the
     * field's lookup_by, NULL without one); returns the count (ui_fetch_fn). */
    int (*fetch)(void *ctx, const char *kind, const char *by, const char *query, char ***codes,
                 char ***labels);
    /* The label of a code (NULL when unknown). Caller frees. */
    char *(*label)(void *ctx, const char *kind, const char *code);
    void *ctx;
};

struct formview {
    const struct form_def *def;
    struct record *rec;    /* field values; not owned */
    struct rowset **grids; /* one per def->grids[i]; not owned */
    struct formview_hooks hooks;
    int focus;      /* index into the focus order: fields, then grids */
    int *sel, *top; /* per grid: selected row and first row shown */
    int *left;      /* per grid: first column shown (Left/Right scroll a grid too wide) */
    bool *more;     /* per grid, as of the last draw: a column off its right edge, or cut */
    bool fit; /* the card has the body to itself (formview_rebind's cards): fields that would run
               * off the right edge move down, and it scrolls when taller than the terminal */
    int vtop; /* the first form row shown, when the card is taller than the terminal */
    int vrows, vheight; /* as of the last draw: the rows it had, the rows the card needs */
    struct lineedit_state *le;
    bool readonly; /* everything read-only (no right to edit) */
    bool dirty;    /* changed since load or last save */
};

/* rec and grids must outlive the view. grids may be NULL when the form has none. */
void formview_init(struct formview *fv, const struct form_def *def, struct record *rec,
                   struct rowset **grids, const struct formview_hooks *hooks);
void formview_free(struct formview *fv);
/* After the card was (re)loaded: the view over rec and grids anew, on the same field as before
 * (fv must have been initialised once). The card has the screen's body to itself (fit); a
 * screen that draws more under a form uses formview_init alone. */
void formview_rebind(struct formview *fv, const struct form_def *def, struct record *rec,
                     struct rowset **grids, const struct formview_hooks *hooks, bool readonly);
/* Draws with the form's (0,0) at (top, left). */
void formview_draw(struct formview *fv, int top, int left);
/* Handles editing and movement; UI_IGNORED for what the screen should handle (save, back...). */
enum ui_result formview_event(struct formview *fv, const struct ui_event *ev);
/* Writes the field being edited into the record. */
void formview_commit(struct formview *fv);
/* The record was changed under the view: the field being edited is read from it again
 * (commit first what should be kept). */
void formview_reload(struct formview *fv);
/* Checks required fields and types (INN, KPP, GLN, e-mail, numbers) of the head and grid rows.
 * On failure focuses the field, returns false and a message (static or translated). */
bool formview_validate(struct formview *fv, const char **message);
/* The name of the focused field, or NULL on a grid. */
const char *formview_focus_name(const struct formview *fv);
/* The selected row of grid `grid` when that grid has the focus, else NULL. */
const struct record *formview_focus_row(const struct formview *fv, const char *grid);
/* A modal pop-up editing one grid row with `def`'s columns; true when accepted. */
bool formview_row_dialog(const struct form_grid *g, struct record *row,
                         const struct formview_hooks *hooks, const char *title);

#endif
