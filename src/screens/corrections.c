/* corrections.c: the corrections list (forms/corrections.form, the generic list of list.c): the
 * shipped sales documents, Enter opens a document's correction card (forms/correction_card.form,
 * the generic card), with two actions of its own: F3 shows only the corrected documents or all
 * again, and F8 reverses the selected document's correction with a reason (the head). */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request corrections_help[] = {REQ_HELP,  REQ_OPEN,    REQ_ONLY_CORRECTED,
                                                REQ_PRINT, REQ_REVERSE, REQ_REFRESH,
                                                REQ_BACK,  REQ_MENU,    REQ_NONE};

/* F3: only the corrected documents, or all again (a hidden field of the form: the list reads
 * its rows again when a field changes). */
static void toggle_corrected(struct screen *s)
{
    struct list_screen *ls = s->state;
    bool only = !str_empty(record_get(&ls->list.rec, "corrected"));
    record_set(&ls->list.rec, "corrected", only ? NULL : "t");
    list_screen_refresh(s);
    ui_message("%s", only ? _("All shipped documents.") : _("Only the corrected documents."));
}

/* F8: the selected document's correction reversed with a reason. */
static void reverse(struct screen *s)
{
    struct list_screen *ls = s->state;
    const struct record *cur = grid_current(&ls->list.grid);
    const char *code = cur ? record_get(cur, "correction") : NULL;
    if (str_empty(code)) {
        ui_message("%s", _("This document has no correction to reverse."));
        return;
    }
    /* Asked before the reason, not after it (the database refuses anyway). */
    if (!app_has_role(s->app, "head")) {
        ui_error("%s", _("Only the head reverses corrections."));
        return;
    }
    char *label = xasprintf(_("Why is correction %s reversed?"), code);
    char *reason = ui_prompt(_("Reverse correction"), label, NULL, 500);
    free(label);
    if (!reason)
        return;
    struct db_error err = {0};
    char *done = correction_reverse(s->app->db, record_get(cur, "correction_id"), reason, &err);
    if (done) {
        list_screen_refresh(s);
        ui_message(_("Correction %s reversed: the goods left stock again and the document owes "
                     "its amount; it can be corrected again."),
                   done);
        free(done);
    } else {
        screens_refused(&err);
    }
    free(reason);
}

/* F11: the selected document's correction (УКД) printed on the printer asked for (the last
 * chosen proposed, then kept). */
static void print_ukd(struct screen *s)
{
    struct list_screen *ls = s->state;
    const struct record *cur = grid_current(&ls->list.grid);
    const char *code = cur ? record_get(cur, "correction") : NULL;
    if (str_empty(code)) {
        ui_message("%s", _("This document has no correction to print."));
        return;
    }
    char *dflt = print_printer();
    char *q = xasprintf(_("Print correction %s on printer:"), code);
    char *printer = ui_prompt(_("Print"), q, dflt, 200);
    free(q);
    free(dflt);
    if (!str_empty(printer)) {
        struct print_outcome out = {0};
        char *why = NULL;
        if (print_correction(s->app->db, code, printer, &out, &why)) {
            print_printer_keep(printer);
            ui_message(_("Correction %s printed on %s as job %s."), code, out.printer, out.job);
        } else {
            ui_error("%s", why);
        }
        free(why);
        print_outcome_free(&out);
    }
    free(printer);
}

static enum ui_result corrections_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_ONLY_CORRECTED:
        toggle_corrected(s);
        return UI_HANDLED;
    case REQ_REVERSE:
        reverse(s);
        return UI_HANDLED;
    case REQ_PRINT:
        print_ukd(s);
        return UI_HANDLED;
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops corrections_screen = {
    .name = "corrections",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = corrections_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = corrections_help,
};
