/* grid.h: a read-only list of rows with the columns of a form grid: scrolling, a current row,
 * horizontal scroll, column widths by display width (Cyrillic and wide characters line up). A
 * row whose record has a non-empty "_mark" is drawn highlighted (bold): a deficit, a trip over
 * capacity. */
#ifndef POLKA_GRID_H
#define POLKA_GRID_H

#include <stdbool.h>

#include "polka/formdef.h"
#include "polka/record.h"
#include "polka/ui.h"

struct grid_view {
    const struct form_grid *def;
    const struct rowset *rows; /* not owned */
    int sel, top;              /* current row, first row shown */
    int first_col;             /* horizontal scroll: first column shown */
    int page;                  /* rows per page as of the last draw */
    bool more_right;           /* as of the last draw: a column off its right edge, or cut */
};

/* Header on `row`, data below, within height x width. */
void grid_draw(struct grid_view *g, int row, int col, int height, int width, bool focused);
/* Up/Down/PgUp/PgDn/Home/End/Left/Right (Right only while a column is off the right edge, Left
 * only while one is off the left: else UI_IGNORED, for whoever has a use for them); UI_IGNORED
 * otherwise. */
enum ui_result grid_event(struct grid_view *g, const struct ui_event *ev);
/* The current row or NULL. */
const struct record *grid_current(const struct grid_view *g);
/* Row r whole, a line per column ("Title: value", choices in words), however narrow the
 * columns: to be read in a box (caller frees). */
char *grid_row_text(const struct grid_view *g, const struct record *r);

#endif
