/* ui_int.h: shared by the files of src/ui only. */
#ifndef POLKA_UI_INT_H
#define POLKA_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polka/ui.h"

/* Draws whatever is under a dialog (the app's current screen and frame). */
void ui_redraw_under(void);

/* A one-line text editor over code points; display-width aware. */
struct lineedit {
    uint32_t *cps;
    size_t len, cap, cur;
    size_t scroll; /* first code point shown */
    int max;       /* most code points accepted; 0 = no limit */
    bool overflow; /* the last insert was refused for length */
    bool secret;   /* drawn as '*' (passwords) */
};

void le_set(struct lineedit *le, const char *utf8);
char *le_get(const struct lineedit *le); /* caller frees */
/* Handles editing requests; returns true when the text or cursor changed. */
bool le_event(struct lineedit *le, const struct ui_event *ev);
/* Draws into [row, col, width) and, when active, puts the cursor there. */
void le_draw(struct lineedit *le, int row, int col, int width, bool active);
void le_free(struct lineedit *le);

#endif
