/* returns.c: the return desk (forms/returns.form): the signed copies of the trips' documents
 * coming back. The code field takes what a keyboard-wedge scanner types (a code and Enter) or
 * a number typed by hand; each Enter is one polka.document_return (domain/returns.h), signalled
 * at once (the message line, the bell; a fault in red with a flash), and the field is empty
 * for the next code. Keys a scanner sends in a burst wait in the terminal's input queue: no
 * dialog opens and no input is flushed on this screen, so none is lost, and each Enter is one
 * call, so none is doubled. The pile (a trip, or a driver: several trips' papers come back
 * together) is what the missing panel shows and what a scan of another pile is told apart by;
 * with neither typed, the first document scanned names its driver (or its trip). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* The scans kept on the screen (the newest first). */
#define RETURNS_LOG_MAX 200

struct returns_state {
    struct record rec; /* code, trip, driver */
    struct formview fv;
    struct rowset missing, scans;
    struct grid_view upper, lower;
    char *trip_id;       /* the typed trip's id (NULL: none typed) */
    char *read_trip;     /* the trip and driver fields the panel was read for */
    char *read_driver;   /* (both as typed) */
    struct doc_return r; /* the last scan's outcome */
};

static const enum request returns_help[] = {REQ_HELP,    REQ_OPEN, REQ_NEW_PILE, REQ_PGDN,
                                            REQ_REFRESH, REQ_BACK, REQ_MENU,     REQ_NONE};

/* The trip field's id into trip_id (none typed: NULL); false (said) when no trip has it. */
static bool take_trip(struct screen *s)
{
    struct returns_state *st = s->state;
    const char *t = record_get(&st->rec, "trip");
    xfree(&st->trip_id);
    if (str_empty(t))
        return true;
    struct db_error err = {0};
    st->trip_id = docs_trip_id(s->app->db, t, &err);
    if (!st->trip_id) {
        ui_error(_("No trip \"%s\"."), t);
        db_error_clear(&err);
        rowset_clear(&st->missing);
        return false;
    }
    return true;
}

/* The pile's missing documents (the trip's, else the driver's, else every trip's). */
static void read_missing(struct screen *s)
{
    struct returns_state *st = s->state;
    const char *driver = record_get(&st->rec, "driver");
    free(st->read_trip);
    free(st->read_driver);
    st->read_trip = xstrdup(record_get(&st->rec, "trip"));
    st->read_driver = xstrdup(driver);
    const char *p[2] = {st->trip_id, str_empty(driver) ? NULL : driver};
    struct db_error err = {0};
    rowset_clear(&st->missing);
    if (!rows_fetch(s->app->db,
                    "SELECT id, code, kind, trip, day, driver, stop, client, amount, days,"
                    "       CASE WHEN days > 2 THEN '1' END AS _mark"
                    "  FROM polka.documents_missing($1::bigint, $2)",
                    2, p, &st->missing, &err))
        screens_refused(&err);
    if (st->upper.sel >= (int)st->missing.n)
        st->upper.sel = st->upper.top = 0;
}

/* Reads the panel again when the trip or driver was typed anew; false when the trip is
 * unknown. */
static bool take_pile(struct screen *s)
{
    struct returns_state *st = s->state;
    formview_commit(&st->fv);
    if (str_eq(record_get(&st->rec, "trip"), st->read_trip) &&
        str_eq(record_get(&st->rec, "driver"), st->read_driver))
        return true;
    if (!take_trip(s))
        return false;
    /* A driver as typed: the one whose name it is or the only one whose name holds it. */
    const char *typed = record_get(&st->rec, "driver");
    if (!str_empty(typed)) {
        const char *p[1] = {typed};
        struct db_error err = {0};
        char *name = value_fetch(s->app->db, "SELECT polka.driver_find($1)", 1, p, true, &err);
        if (!name || !*name) {
            if (name)
                ui_error(_("No driver \"%s\" among the trips that left (or several)."), typed);
            else
                screens_refused(&err);
            free(name);
            free(st->read_driver);
            st->read_driver = xstrdup(typed);
            rowset_clear(&st->missing); /* no such pile: nothing it owes */
            return false;
        }
        record_set(&st->rec, "driver", name);
        formview_reload(&st->fv);
        free(name);
    }
    read_missing(s);
    return true;
}

/* A document back: its row off the panel (not the pile read again: a driver's pile may be a
 * thousand documents, and the scans come 20 a second). */
static void drop_missing(struct returns_state *st, const char *code)
{
    for (size_t i = 0; i < st->missing.n; i++)
        if (str_eq(record_get(st->missing.rows[i], "code"), code)) {
            rowset_remove(&st->missing, i);
            break;
        }
    if (st->upper.sel >= (int)st->missing.n)
        st->upper.sel = st->missing.n ? (int)st->missing.n - 1 : 0;
    if (st->upper.top > st->upper.sel)
        st->upper.top = st->upper.sel;
}

/* The scan's line at the top of the log. */
static void log_scan(struct returns_state *st, const char *words)
{
    char at[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(at, sizeof(at), "%H:%M:%S", &tm);
    struct record *row = record_new();
    record_set(row, "at", at);
    record_set(row, "given", st->r.code ? st->r.code : st->r.given);
    record_set(row, "words", words);
    record_set(row, "_mark", doc_return_fault(&st->r) ? "1" : NULL);
    rowset_add(&st->scans, row);
    memmove(st->scans.rows + 1, st->scans.rows, (st->scans.n - 1) * sizeof(*st->scans.rows));
    st->scans.rows[0] = row;
    if (st->scans.n > RETURNS_LOG_MAX)
        rowset_remove(&st->scans, st->scans.n - 1);
    st->lower.sel = st->lower.top = 0;
}

/* Enter on the code field: the code taken in, the field emptied for the next one. */
static void scan(struct screen *s)
{
    struct returns_state *st = s->state;
    formview_commit(&st->fv);
    char *code = xstrdup(record_get(&st->rec, "code"));
    record_set(&st->rec, "code", "");
    formview_reload(&st->fv);
    if (str_empty(code) || !take_pile(s)) {
        free(code);
        return;
    }
    struct db_error err = {0};
    const char *driver = record_get(&st->rec, "driver");
    if (!docs_return(s->app->db, code, st->trip_id, driver, &st->r, &err)) {
        ui_signal(true);
        screens_refused(&err);
        free(code);
        return;
    }
    free(code);
    bool fault = doc_return_fault(&st->r);
    /* The first document of a pile names it: its driver (a driver brings back all his trips'
     * papers at once), or its trip when it has no driver. */
    if (!fault && !st->trip_id && str_empty(driver)) {
        if (st->r.driver)
            record_set(&st->rec, "driver", st->r.driver);
        else if (st->r.trip)
            record_set(&st->rec, "trip", st->r.trip);
        formview_reload(&st->fv);
        take_pile(s);
    } else if (st->r.outcome == DOC_RETURNED) {
        drop_missing(st, st->r.code);
    }
    char *words = doc_return_words(&st->r);
    log_scan(st, words);
    ui_signal(fault);
    if (fault)
        ui_error("%s", words);
    else
        ui_message("%s", words);
    free(words);
}

/* F7: the next driver's pile: the trip and driver emptied, the log too. */
static void new_pile(struct screen *s)
{
    struct returns_state *st = s->state;
    record_set(&st->rec, "code", "");
    record_set(&st->rec, "trip", "");
    record_set(&st->rec, "driver", "");
    formview_reload(&st->fv);
    st->fv.focus = 0;
    rowset_clear(&st->scans);
    xfree(&st->trip_id);
    read_missing(s);
    ui_message("%s", _("The next pile: scan its first document."));
}

static bool returns_open(struct screen *s, const char *arg)
{
    struct returns_state *st = s->state;
    st->upper.def = formdef_grid(s->form, "missing");
    st->lower.def = formdef_grid(s->form, "scans");
    if (!st->upper.def || !st->lower.def) {
        ui_error("forms/%s.form: grids 'missing' and 'scans' expected", s->form->name);
        return false;
    }
    st->upper.rows = &st->missing;
    st->lower.rows = &st->scans;
    st->r.missing = -1;
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    record_set_query(&st->rec, arg);
    if (!take_trip(s))
        return true;
    read_missing(s);
    ui_message(_("Documents missing: %zu. Scan a returned document, or type its number and "
                 "Enter."),
               st->missing.n);
    return true;
}

static void returns_draw(struct screen *s)
{
    struct returns_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
    screens_grids_draw(&st->upper, &st->lower, 1, 0); /* the focus stays in the code field */
}

static enum ui_result returns_event(struct screen *s, const struct ui_event *ev)
{
    struct returns_state *st = s->state;
    switch (ev->req) {
    case REQ_OPEN:
        if (str_eq(formview_focus_name(&st->fv), "code")) {
            scan(s);
        } else if (take_pile(s)) {
            st->fv.focus = 0; /* back to the code field for the pile's scans */
            ui_message(_("Documents missing: %zu."), st->missing.n);
        }
        return UI_HANDLED;
    case REQ_PGUP: /* the panel pages; Up/Down move between the fields, Home/End edit */
    case REQ_PGDN:
        return grid_event(&st->upper, ev);
    case REQ_NEW_PILE:
        new_pile(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        if (take_pile(s) && take_trip(s))
            read_missing(s);
        ui_message(_("Documents missing: %zu."), st->missing.n);
        return UI_HANDLED;
    default:
        return formview_event(&st->fv, ev);
    }
}

static void returns_done(struct screen *s)
{
    struct returns_state *st = s->state;
    formview_free(&st->fv);
    record_clear(&st->rec);
    rowset_clear(&st->missing);
    rowset_clear(&st->scans);
    free(st->trip_id);
    free(st->read_trip);
    free(st->read_driver);
    doc_return_free(&st->r);
}

const struct screen_ops returns_screen = {
    .name = "returns",
    .state_size = sizeof(struct returns_state),
    .open = returns_open,
    .draw = returns_draw,
    .event = returns_event,
    .done = returns_done,
    .help = returns_help,
};
