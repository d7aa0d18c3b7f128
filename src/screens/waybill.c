/* waybill.c: the waybill desk (forms/waybill.form): a warehouse and a day (the planner's
 * header, whday.c); the trips (polka.waybill_trips) with their status and counts; below, the
 * selected trip's lines (polka.waybill_lines): the task against what the WMS reports as
 * picked, differences first and bold; or (F3) the trip's documents (polka.trip_documents).
 * F8 accepts a difference, F9 makes the trip's documents (polka.trip_documents_make), F12
 * cancels one (the head), F6 exchanges the day's files with the WMS (domain/wms.h). */
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct waybill_state {
    struct wh_day h;
    struct rowset trips, lines, docs;
    const struct form_grid *lines_def, *docs_def;
    bool show_docs;  /* the lower grid shows the trip's documents, not its lines */
    char *lines_for; /* the trip whose lines (or documents) are read */
    char *wms_dir;   /* the WMS exchange folder last used */
};

static const enum request waybill_help[] = {
    REQ_HELP,   REQ_OPEN, REQ_ACCEPT,  REQ_MAKE_DOCS, REQ_DOCUMENTS, REQ_PRINT, REQ_DEPART,
    REQ_STORNO, REQ_WMS,  REQ_REFRESH, REQ_BACK,      REQ_MENU,      REQ_NONE};

/* The selected trip's lines (or documents), when the selection moved or force. */
static void read_lower(struct screen *s, bool force)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.upper);
    const char *id = cur ? record_get(cur, "id") : NULL;
    if (!force && str_eq(id, st->lines_for))
        return;
    free(st->lines_for);
    st->lines_for = xstrdup(id);
    rowset_clear(&st->lines);
    rowset_clear(&st->docs);
    st->h.lower.sel = st->h.lower.top = 0;
    if (!id)
        return;
    const char *p[1] = {id};
    struct db_error err = {0};
    bool ok;
    if (st->show_docs)
        ok = rows_fetch(
            s->app->db,
            "SELECT id, code, kind, number, stop, client, lines, amount,"
            "       trim_scale(round(weight_kg, 1)) AS weight_kg," /* to 9999.9: width 6 */
            "       pallets, printed, returned, cancelled"
            "  FROM polka.trip_documents($1::bigint)",
            1, p, &st->docs, &err);
    else
        ok = rows_fetch(s->app->db,
                        "SELECT order_line_id, stop, order_number, client, product_code, task,"
                        "       task_batches, picked, picked_batches, difference, accepted,"
                        "       CASE WHEN difference IS NOT NULL AND accepted IS NULL"
                        "            THEN '1' END AS _mark"
                        "  FROM polka.waybill_lines($1::bigint)",
                        1, p, &st->lines, &err);
    if (!ok)
        screens_refused(&err);
}

static void read_lines(struct screen *s)
{
    read_lower(s, false);
}

static bool load(struct screen *s)
{
    struct waybill_state *st = s->state;
    rowset_clear(&st->trips);
    xfree(&st->lines_for);
    if (!wh_day_take(&st->h))
        return false;
    const char *p[2] = {st->h.id, st->h.read_day};
    struct db_error err = {0};
    if (!rows_fetch(s->app->db,
                    "SELECT id, number, route, vehicle, departure, status, orders, lines, picked,"
                    "       differences, documents, CASE WHEN differences > 0 THEN '1' END AS _mark"
                    "  FROM polka.waybill_trips($1::bigint, $2::date)",
                    2, p, &st->trips, &err)) {
        screens_refused(&err);
        return false;
    }
    if (st->h.upper.sel >= (int)st->trips.n)
        st->h.upper.sel = st->h.upper.top = 0;
    read_lines(s);
    if (!st->trips.n)
        ui_message("%s", _("No trips on this day."));
    else
        ui_message(_("Trips: %zu. Enter shows a trip's lines against the picking facts."),
                   st->trips.n);
    return true;
}

/* F8 on a line: its difference accepted with a reason (polka.waybill_accept); read again. */
static void accept(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.lower);
    if (!st->h.in_lower || !cur) {
        ui_message("%s", _("Enter goes into the trip's lines; F8 there accepts a difference."));
        return;
    }
    if (str_empty(record_get(cur, "difference"))) {
        ui_message("%s", _("This line was picked as tasked: nothing to accept."));
        return;
    }
    char *label = xasprintf(_("Why is the difference of order %s, %s accepted?"),
                            record_get(cur, "order_number"), record_get(cur, "product_code"));
    char *reason = ui_prompt(_("Accept difference"), label, record_get(cur, "accepted"), 500);
    free(label);
    if (!reason)
        return;
    char *line = xstrdup(record_get(cur, "order_line_id"));
    const char *p[2] = {line, reason};
    struct db_error err = {0};
    char *d =
        value_fetch(s->app->db, "SELECT polka.waybill_accept($1::bigint, $2)", 2, p, false, &err);
    if (!d) {
        screens_refused(&err);
    } else {
        int sel = st->h.lower.sel;
        load(s);
        st->h.in_lower = true;
        st->h.lower.sel = sel < (int)st->lines.n ? sel : 0;
        ui_message("%s", _("Accepted: the documents will take what was picked."));
        free(d);
    }
    free(line);
    free(reason);
}

/* The trip under the cursor (in either grid: the lower one is its), or NULL with a word. */
static const struct record *current_trip(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.upper);
    if (!cur)
        ui_message("%s", _("No trip is selected."));
    return cur;
}

/* Reads the day again and puts the cursor back on the trip it was on. */
static void reload_keeping(struct screen *s, bool lower)
{
    struct waybill_state *st = s->state;
    int sel = st->h.upper.sel, low = st->h.lower.sel;
    load(s);
    st->h.upper.sel = sel < (int)st->trips.n ? sel : 0;
    read_lower(s, true);
    const struct rowset *rs = st->show_docs ? &st->docs : &st->lines;
    st->h.in_lower = lower && rs->n;
    st->h.lower.sel = low < (int)rs->n ? low : 0;
}

/* F3: the lower grid shows the trip's documents, or its lines again. */
static void toggle_docs(struct screen *s)
{
    struct waybill_state *st = s->state;
    st->show_docs = !st->show_docs;
    st->h.lower.def = st->show_docs ? st->docs_def : st->lines_def;
    st->h.lower.rows = st->show_docs ? &st->docs : &st->lines;
    st->h.in_lower = false;
    read_lower(s, true);
    ui_message("%s", st->show_docs ? _("The trip's documents; F3 shows its lines again.")
                                   : _("The trip's lines; F3 shows its documents."));
}

/* F9: the trip's documents made (asked first), in one transaction. */
static void make_docs(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = current_trip(s);
    if (!cur)
        return;
    char *q = xasprintf(_("Make the documents of trip %s?"), record_get(cur, "number"));
    bool yes = ui_confirm(_("Make documents"), q);
    free(q);
    if (!yes)
        return;
    char *id = xstrdup(record_get(cur, "id"));
    struct docs_made m = {0};
    struct db_error err = {0};
    if (docs_make(s->app->db, id, &m, &err)) {
        if (!st->show_docs)
            toggle_docs(s);
        reload_keeping(s, false);
        char *w = docs_made_words(&m);
        ui_message("%s", w);
        free(w);
    } else {
        screens_refused(&err);
    }
    docs_made_free(&m);
    free(id);
}

/* F12 on a document: the head cancels it with a reason. */
static void storno(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.lower);
    if (!st->show_docs || !st->h.in_lower || !cur) {
        ui_message("%s", _("F3 shows the trip's documents; Enter goes into them, F12 there "
                           "cancels one."));
        return;
    }
    if (!str_empty(record_get(cur, "cancelled"))) {
        ui_message("%s", _("This document is cancelled already."));
        return;
    }
    /* Asked before the reason, not after it (the database refuses anyway). */
    if (!app_has_role(s->app, "head")) {
        ui_error("%s", _("Only the head cancels documents."));
        return;
    }
    char *label = xasprintf(_("Why is document %s cancelled?"), record_get(cur, "code"));
    char *reason = ui_prompt(_("Cancel document"), label, NULL, 500);
    free(label);
    if (!reason)
        return;
    char *id = xstrdup(record_get(cur, "id"));
    struct db_error err = {0};
    char *code = docs_cancel(s->app->db, id, reason, &err);
    if (code) {
        reload_keeping(s, true);
        ui_message(_("Document %s cancelled; F9 makes the trip's missing documents again."), code);
        free(code);
    } else {
        screens_refused(&err);
    }
    free(id);
    free(reason);
}

/* F11: the trip's documents printed by the print rules as one job (in the documents, the
 * selected one again) on the printer asked for (the last chosen here proposed, then kept). */
static void print_docs(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *trip = current_trip(s);
    const struct record *doc = st->show_docs && st->h.in_lower ? grid_current(&st->h.lower) : NULL;
    if (!trip)
        return;
    if (doc && !str_empty(record_get(doc, "cancelled"))) {
        ui_message("%s", _("This document is cancelled already."));
        return;
    }
    char *dflt = print_printer();
    char *q = doc ? xasprintf(_("Print document %s again on printer:"), record_get(doc, "code"))
                  : xasprintf(_("Print the documents of trip %s on printer:"),
                              record_get(trip, "number"));
    char *printer = ui_prompt(_("Print"), q, dflt, 200);
    free(q);
    free(dflt);
    if (!printer || str_empty(printer)) {
        free(printer);
        return;
    }
    struct print_outcome out = {0};
    char *why = NULL;
    ui_message("%s", _("Printing..."));
    if (print_documents(s->app->db, doc ? NULL : record_get(trip, "id"),
                        doc ? record_get(doc, "id") : NULL, printer, &out, &why)) {
        print_printer_keep(printer);
        reload_keeping(s, true);
        ui_message(_("Printed on %s as job %s: %d forms, %d pages."), out.printer, out.job,
                   out.documents, out.pages);
    } else {
        ui_error("%s", why);
    }
    free(why);
    free(printer);
    print_outcome_free(&out);
}

/* F7: the truck of a printed trip left with its documents (asked first). */
static void depart(struct screen *s)
{
    const struct record *cur = current_trip(s);
    if (!cur)
        return;
    char *q = xasprintf(_("Has the truck of trip %s left with its documents?"),
                        record_get(cur, "number"));
    bool yes = ui_confirm(_("Truck left"), q);
    free(q);
    if (!yes)
        return;
    char *id = xstrdup(record_get(cur, "id"));
    struct db_error err = {0};
    char *status = docs_depart(s->app->db, id, &err);
    if (status) {
        reload_keeping(s, false);
        ui_message("%s", _("The truck has left: its documents are corrected from now on, not "
                           "cancelled."));
        free(status);
    } else {
        screens_refused(&err);
    }
    free(id);
}

/* A folder as typed: ~/ is the home folder. Caller frees. */
static char *expand_home(const char *dir)
{
    const char *home = getenv("HOME");
    if (dir[0] == '~' && (dir[1] == '/' || !dir[1]) && home)
        return xasprintf("%s%s", home, dir + 1);
    return xstrdup(dir);
}

/* F6: the day's picking tasks written to the WMS folder and the picking facts waiting there
 * imported (as `polka wms export DIR DAY` and `polka wms import DIR` do). */
static void wms_exchange(struct screen *s)
{
    struct waybill_state *st = s->state;
    if (!st->h.read_day)
        return;
    const char *env = getenv("POLKA_WMS_DIR");
    const char *dflt = st->wms_dir ? st->wms_dir : env && *env ? env : "~/polka-wms";
    char *typed = ui_prompt(_("WMS exchange"), _("The WMS exchange folder:"), dflt, 400);
    if (!typed)
        return;
    if (str_empty(typed)) {
        free(typed);
        return;
    }
    free(st->wms_dir);
    st->wms_dir = typed;
    char *dir = expand_home(typed);
    struct wms_result out = {0}, in = {0};
    struct db_error err = {0};
    bool ok = wms_export(s->app->db, dir, st->h.read_day, &out, &err);
    if (!ok) {
        if (err.kind != DBE_NONE)
            screens_refused(&err);
        else
            ui_error("%s", out.log.buf ? out.log.buf : _("The folder cannot be written."));
    } else if (!wms_import_dir(s->app->db, dir, &in)) {
        ui_error("%s", in.log.buf ? in.log.buf : _("The folder cannot be read."));
    } else {
        reload_keeping(s, false);
        char *w = xasprintf(_("WMS: tasks written: %zu; facts imported: %zu, again: %zu, "
                              "refused: %zu."),
                            out.done, in.done, in.again, in.bad + in.kept);
        if (in.bad || in.kept) {
            /* The first refused file's sentence (the log's lines name each file). */
            const char *log = in.log.buf ? in.log.buf : "";
            const char *nl = strchr(log, '\n');
            ui_error("%s %.*s", w, nl ? (int)(nl - log) : (int)strlen(log), log);
        } else {
            ui_message("%s", w);
        }
        free(w);
    }
    wms_result_free(&out);
    wms_result_free(&in);
    free(dir);
}

static bool waybill_open(struct screen *s, const char *arg)
{
    struct waybill_state *st = s->state;
    if (!wh_day_open(&st->h, s, arg) ||
        !wh_day_grids(&st->h, s->form, "trips", &st->trips, "lines", &st->lines))
        return false;
    st->lines_def = st->h.lower.def;
    st->docs_def = formdef_grid(s->form, "docs");
    if (!st->docs_def) {
        ui_error("forms/%s.form: grid 'docs' expected", s->form->name);
        return false;
    }
    if (st->h.id)
        load(s);
    return true;
}

static void waybill_draw(struct screen *s)
{
    struct waybill_state *st = s->state;
    wh_day_draw(&st->h);
}

static enum ui_result waybill_event(struct screen *s, const struct ui_event *ev)
{
    struct waybill_state *st = s->state;
    bool moved;
    enum ui_result r = wh_day_move(&st->h, ev, &moved);
    if (moved)
        read_lines(s);
    if (r != UI_IGNORED)
        return r;
    switch (ev->req) {
    case REQ_OPEN:
        if (wh_day_changed(&st->h)) {
            st->h.in_lower = false;
            load(s);
        } else if (!st->h.in_lower && (st->show_docs ? st->docs.n : st->lines.n)) {
            st->h.in_lower = true;
            ui_message("%s", _("Esc goes back to the trips."));
        }
        return UI_HANDLED;
    case REQ_ACCEPT:
        if (st->show_docs)
            ui_message("%s", _("F3 shows the trip's lines, where F8 accepts a difference."));
        else
            accept(s);
        return UI_HANDLED;
    case REQ_DOCUMENTS:
        toggle_docs(s);
        return UI_HANDLED;
    case REQ_MAKE_DOCS:
        make_docs(s);
        return UI_HANDLED;
    case REQ_STORNO:
        storno(s);
        return UI_HANDLED;
    case REQ_WMS:
        wms_exchange(s);
        return UI_HANDLED;
    case REQ_PRINT:
        print_docs(s);
        return UI_HANDLED;
    case REQ_DEPART:
        depart(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        st->h.in_lower = false;
        formview_commit(&st->h.fv);
        load(s);
        return UI_HANDLED;
    default:
        return formview_event(&st->h.fv, ev);
    }
}

static void waybill_done(struct screen *s)
{
    struct waybill_state *st = s->state;
    wh_day_free(&st->h);
    rowset_clear(&st->trips);
    rowset_clear(&st->lines);
    rowset_clear(&st->docs);
    free(st->lines_for);
    free(st->wms_dir);
}

const struct screen_ops waybill_screen = {
    .name = "waybill",
    .state_size = sizeof(struct waybill_state),
    .open = waybill_open,
    .draw = waybill_draw,
    .event = waybill_event,
    .done = waybill_done,
    .help = waybill_help,
};
