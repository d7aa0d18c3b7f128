/* screen.h: a screen is a const table of callbacks plus private state the framework allocates
 * (state_size bytes, zeroed) and frees. Every screen is registered in src/screens/registry.c,
 * and its layout is forms/<name>.form. Adding a screen touches: its .c, its form, the registry
 * line and its tests; adding a list screen only its form (a list statement) and its tests.
 * Screens use ui.h and the domain functions, never curses or libpq. */
#ifndef POLKA_SCREEN_H
#define POLKA_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/formdef.h"
#include "polka/ui.h"

struct db;

struct app {
    struct db *db;
    struct form_set forms;
    char *conninfo;              /* --db, may be NULL */
    const char *forms_dir;       /* where forms/ is: reports are read from its reports/ */
    const char *report_conninfo; /* --report-db: reports' own connection options (a replica) */
    char *user;                  /* login role */
    char *full_name;             /* from polka.me() */
    char **roles;                /* the app group roles of the user */
    size_t nroles;
    struct screen **stack;
    size_t depth;
    /* The inbox's notice (app.c): LISTENing on its channel, the unread count shown, to be
     * read again (a notification for this person came, or a reconnect lost what came). */
    bool inbox_on, inbox_stale;
    int inbox_unread;
};

struct screen;

struct screen_ops {
    const char *name; /* also the form's name */
    size_t state_size;
    /* Prepares the state from `arg` (screen-specific, may be NULL). False: cannot open (the
     * screen has said why with ui_error/ui_alert). */
    bool (*open)(struct screen *s, const char *arg);
    void (*draw)(struct screen *s);
    enum ui_result (*event)(struct screen *s, const struct ui_event *ev);
    void (*done)(struct screen *s); /* frees what state points to; may be NULL */
    /* When set: called when the screen above it closed (a card it opened saved something). */
    void (*resume)(struct screen *s);
    const enum request *help; /* shown on the key-help line; REQ_NONE-terminated */
    /* When set, overrides help for the current state (e.g. a read-only card). */
    const enum request *(*help_now)(struct screen *s);
    /* When set: work done between keys (counting a report's rows), a slice per call; returns
     * true while more is left. A key always goes first. */
    bool (*idle)(struct screen *s);
    /* When set, the title bar's text (e.g. the report's own title); else the form's. */
    const char *(*title_now)(struct screen *s);
};

struct screen {
    const struct screen_ops *ops;
    const struct form_def *form;
    struct app *app;
    void *state;
    bool opened; /* its open succeeded: until then it is not drawn (an alert while it opens
                    shows over the screen below) */
};

/* Registry (src/screens/registry.c). */
const struct screen_ops *screen_find(const char *name);
/* The screen opening as `name` with its form: the registered one, else the generic list for a
 * form with a list statement (formdef.h); NULL when neither. */
const struct screen_ops *screen_for(const char *name, const struct form_def *form);
bool screen_known(const char *name);
/* Names known to the form checks: lookups the domain layer serves. */
bool lookup_known(const char *name);
/* The checks every form is loaded with: requests, keys, lookups, screens. */
const struct formdef_checks *screen_form_checks(void);

/* The app (src/screens/app.c). */
bool app_has_role(const struct app *app, const char *roles_csv); /* "" or NULL: everyone */
/* Closes the person's session: the connection, the roles, the look-up cache. */
void app_session_end(struct app *app);
/* Opens screen `name` on top of the stack. False when it could not open. */
bool app_push(struct app *app, const char *name, const char *arg);
/* Runs the loop until the user quits or the stack empties; returns the exit status. */
int app_run(struct app *app, const char *first_screen);
/* The logged-in person's unread inbox count now n (the inbox screen marked some read): the
 * title bar's notice says so. */
void app_inbox_count(struct app *app, int n);
/* Title shown in the bar: the form's title, translated. */
const char *screen_title(const struct screen *s);
/* The user message for a failed database call, with the raw details one key away. */
struct db_error;
void app_db_error(const char *title, const struct db_error *err);

#endif
