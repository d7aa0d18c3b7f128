/* claim_card.c: the claim card (forms/claim_card.form): the generic card (doc_card.c: F2 saves
 * the details, the quantities claimed, the corrective actions) with a claim's own keys: F3 a
 * shipped document added by its code or barcode, F5 the batch of the line under the cursor
 * traced to every client that received it (forms/batch_trace.form), F7 a file added from a
 * path, F8 the file under the cursor saved to a folder, F9 the stage done, F11 the decision,
 * F12 an approved claim's return documents, Ctrl-D its discount instead; Ctrl-O its comments
 * (F7 there writes one); F6 the client's whole
 * history, Ctrl-B the knowledge base's articles for the claim, Ctrl-T its article once closed
 * (kb.c). Each key is one business action in the database; the card is read again after it, so an
 * unsaved change is saved (F2) first. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* The keys that apply to the claim as it is (the others still answer, in words, if pressed):
 * all of them do not fit one line. (Ins adds a corrective action: the empty grid says so.) */
static const enum request claim_card_help[] = {
    REQ_HELP,         REQ_SAVE,       REQ_ADD_DOCUMENT, REQ_TRACE,    REQ_ATTACH,
    REQ_SAVE_FILE,    REQ_STAGE_DONE, REQ_DECIDE,       REQ_COMMENTS, REQ_CLIENT_HISTORY,
    REQ_KB_PROPOSALS, REQ_BACK,       REQ_NONE};
static const enum request claim_card_help_approved[] = {
    REQ_HELP,     REQ_SAVE,      REQ_ADD_DOCUMENT,   REQ_TRACE,
    REQ_ATTACH,   REQ_SAVE_FILE, REQ_STAGE_DONE,     REQ_CLAIM_DOCUMENTS,
    REQ_DISCOUNT, REQ_COMMENTS,  REQ_CLIENT_HISTORY, REQ_KB_PROPOSALS,
    REQ_BACK,     REQ_NONE};
static const enum request claim_card_help_closed[] = {
    REQ_HELP,         REQ_TRACE,      REQ_SAVE_FILE, REQ_COMMENTS, REQ_CLIENT_HISTORY,
    REQ_KB_PROPOSALS, REQ_KB_ARTICLE, REQ_BACK,      REQ_NONE};

static const enum request *claim_card_help_now(struct screen *s)
{
    struct doc_card_state *st = s->state;
    const char *status = record_get(&st->doc.head, "status");
    if (str_eq(status, "approved"))
        return claim_card_help_approved;
    if (str_eq(status, "closed") || str_eq(status, "rejected"))
        return claim_card_help_closed;
    return claim_card_help;
}

static const char *claim_id(struct screen *s)
{
    struct doc_card_state *st = s->state;
    return record_get(&st->doc.head, "id");
}

/* An action reads the card again: what was typed and not saved would be lost. */
static bool saved(struct screen *s)
{
    struct doc_card_state *st = s->state;
    formview_commit(&st->fv);
    if (st->fv.dirty) {
        ui_error("%s", _("Save the claim first (F2): this reads it again."));
        return false;
    }
    return claim_id(s) != NULL;
}

/* After an action: the card read again, then msg (freed) said. */
static void reread(struct screen *s, char *msg)
{
    struct db_error err = {0};
    char *id = xstrdup(claim_id(s));
    if (doc_card_load(s, id, &err))
        ui_message("%s", msg);
    else
        app_db_error(_("Claim"), &err);
    db_error_clear(&err);
    free(id);
    free(msg);
}

static void add_document(struct screen *s)
{
    if (!saved(s))
        return;
    char *code =
        ui_prompt(_("Add document"), _("The document's number (or scan its barcode):"), NULL, 40);
    if (str_empty(code)) {
        free(code);
        return;
    }
    struct db_error err = {0};
    char *added = claim_add_document(s->app->db, claim_id(s), code, &err);
    if (added)
        reread(s,
               xasprintf(_("Document %s added: claim quantities on its lines, then F2."), added));
    else
        screens_refused(&err);
    free(added);
    free(code);
}

static void trace(struct screen *s)
{
    struct doc_card_state *st = s->state;
    const struct record *row = formview_focus_row(&st->fv, "lines");
    if (!row || !record_get(row, "batch")) {
        ui_error("%s", _("Choose a line of a document (Tab to the documents) to trace its batch."));
        return;
    }
    /* The batch by its code and product (the same batch in every warehouse it went through);
     * by its id when the code would not survive the "key=value&..." of a screen's argument. */
    const char *code = record_get(row, "batch");
    char *arg = strpbrk(code, "&=")
                    ? xasprintf("batch_id=%s", record_get(row, "batch_id"))
                    : xasprintf("batch=%s&product_id=%s", code, record_get(row, "product_id"));
    app_push(s->app, "batch_trace", arg);
    free(arg);
}

static void attach(struct screen *s)
{
    if (!saved(s))
        return;
    char *path = ui_prompt(_("Add file"), _("The file (its path; a photo, a PDF, up to 10 MB):"),
                           NULL, 1000);
    if (str_empty(path)) {
        free(path);
        return;
    }
    char *problem = NULL;
    struct db_error err = {0};
    char *name = claim_file_add(s->app->db, claim_id(s), path, &problem, &err);
    if (name)
        reread(s, xasprintf(_("File %s added to the claim."), name));
    else if (problem)
        ui_error("%s", problem);
    else
        screens_refused(&err);
    free(name);
    free(problem);
    free(path);
}

static void save_file(struct screen *s)
{
    struct doc_card_state *st = s->state;
    const struct record *row = formview_focus_row(&st->fv, "files");
    if (!row) {
        ui_error("%s", _("Choose a file in the claim's files (Tab to them) to save it."));
        return;
    }
    const char *dir = getenv("POLKA_EXPORT_DIR");
    char *folder =
        ui_prompt(_("Save file"), _("Into the folder:"), str_empty(dir) ? "." : dir, 1000);
    if (str_empty(folder)) {
        free(folder);
        return;
    }
    char *problem = NULL;
    struct db_error err = {0};
    char *path = claim_file_save(s->app->db, record_get(row, "id"), folder, &problem, &err);
    if (path)
        ui_message(_("Saved to %s: open it with your viewer."), path);
    else if (problem)
        ui_error("%s", problem);
    else
        screens_refused(&err);
    free(path);
    free(problem);
    free(folder);
}

static void stage_done(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!saved(s))
        return;
    struct rowset *stages = doc_section(&st->doc, "stages");
    const struct record *cur = NULL;
    for (size_t i = 0; stages && i < stages->n; i++)
        if (str_eq(record_get(stages->rows[i], "state"), "current"))
            cur = stages->rows[i];
    if (!cur) {
        ui_error("%s", _("The claim has no stage under way."));
        return;
    }
    char *msg = screens_stage_done(s->app, claim_id(s), record_get(&st->doc.head, "number"),
                                   record_get(cur, "n"), record_get(cur, "name"));
    if (msg)
        reread(s, msg);
}

static void decide(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!saved(s))
        return;
    char *resolution = NULL, *label = NULL;
    if (!screens_choose(s->app, "claim_resolution", _("Decision"), &resolution, &label))
        return;
    char *reason = ui_prompt(_("Decision"),
                             str_eq(resolution, "full") ? _("Why (may be empty):")
                                                        : _("Why (the client is told this):"),
                             NULL, 2000);
    if (reason) {
        struct db_error err = {0};
        const char *number = record_get(&st->doc.head, "number");
        char *status = claim_decision(s->app->db, claim_id(s), resolution, reason, &err);
        if (!status)
            screens_refused(&err);
        else if (str_eq(status, "rejected"))
            reread(s, xasprintf(_("Claim %s rejected and closed; the client is told by e-mail "
                                  "when it has an address."),
                                number));
        else
            reread(s, xasprintf(_("Claim %s approved (%s): F12 makes its return documents."),
                                number, label));
        free(status);
    }
    free(reason);
    free(resolution);
    free(label);
}

static void make_returns(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!saved(s))
        return;
    char *q = xasprintf(_("Make the return documents of claim %s: the sale and the receivable "
                          "corrected by the quantities claimed?"),
                        record_get(&st->doc.head, "number"));
    bool go = ui_confirm(_("Return documents"), q);
    free(q);
    if (!go)
        return;
    struct db_error err = {0};
    char *codes = claim_make_returns(s->app->db, claim_id(s), &err);
    if (codes)
        reread(s, xasprintf(_("Return documents made: %s (menu Corrections prints them)."), codes));
    else
        screens_refused(&err);
    free(codes);
}

/* Ctrl-D: an approved claim satisfied by a discount, its amount asked (the claim's proposed). */
static void discount(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!saved(s))
        return;
    char *typed =
        ui_prompt(_("Discount"), _("The discount (lowers what the client owes on its documents):"),
                  record_get(&st->doc.head, "amount"), 20);
    if (str_empty(typed)) {
        free(typed);
        return;
    }
    int64_t kopecks = 0;
    enum decimal_status ds = decimal_parse(typed, 2, &kopecks);
    free(typed);
    if (ds != DECIMAL_OK) {
        ui_error("%s", decimal_strerror(ds));
        return;
    }
    char amount[32];
    decimal_to_sql(kopecks, 2, amount, sizeof(amount));
    struct db_error err = {0};
    char *codes = claim_make_discount(s->app->db, claim_id(s), amount, &err);
    if (codes)
        reread(s, xasprintf(_("Discount documents made: %s (they go to accounting with the "
                              "finance export)."),
                            codes));
    else
        screens_refused(&err);
    free(codes);
}

/* Ctrl-O: the claim's comments (forms/claim_comments.form), F7 there writes one. */
static void comments(struct screen *s)
{
    char *arg = xasprintf("claim_id=%s", claim_id(s));
    app_push(s->app, "claim_comments", arg);
    free(arg);
}

static const enum request comments_help[] = {REQ_HELP, REQ_COMMENT, REQ_REFRESH, REQ_BACK,
                                             REQ_NONE};

static enum ui_result comments_event(struct screen *s, const struct ui_event *ev)
{
    if (ev->req != REQ_COMMENT)
        return list_screen_event(s, ev);
    struct list_screen *ls = s->state;
    char *body =
        ui_prompt(_("Write comment"), _("The comment (it stays with the stage):"), NULL, 4000);
    if (!str_empty(body)) {
        struct db_error err = {0};
        if (claim_add_comment(s->app->db, record_get(&ls->list.rec, "claim_id"), body, &err)) {
            list_screen_refresh(s);
            ui_message("%s", _("Comment written."));
        } else {
            screens_refused(&err);
        }
    }
    free(body);
    return UI_HANDLED;
}

const struct screen_ops claim_comments_screen = {
    .name = "claim_comments",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = comments_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = comments_help,
};

/* F6: the client's whole history with every department. */
static void client_history(struct screen *s)
{
    struct doc_card_state *st = s->state;
    char *arg = xasprintf("partner_id=%s", record_get(&st->doc.head, "partner_id"));
    app_push(s->app, "client_history", arg);
    free(arg);
}

static enum ui_result claim_card_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_ADD_DOCUMENT:
        add_document(s);
        return UI_HANDLED;
    case REQ_TRACE:
        trace(s);
        return UI_HANDLED;
    case REQ_ATTACH:
        attach(s);
        return UI_HANDLED;
    case REQ_SAVE_FILE:
        save_file(s);
        return UI_HANDLED;
    case REQ_STAGE_DONE:
        stage_done(s);
        return UI_HANDLED;
    case REQ_DECIDE:
        decide(s);
        return UI_HANDLED;
    case REQ_CLAIM_DOCUMENTS:
        make_returns(s);
        return UI_HANDLED;
    case REQ_CLIENT_HISTORY:
        client_history(s);
        return UI_HANDLED;
    case REQ_DISCOUNT:
        discount(s);
        return UI_HANDLED;
    case REQ_COMMENTS:
        if (saved(s))
            comments(s);
        return UI_HANDLED;
    case REQ_KB_PROPOSALS:
        if (saved(s))
            screens_kb_for_claim(s->app, claim_id(s));
        return UI_HANDLED;
    case REQ_KB_ARTICLE:
        if (saved(s))
            screens_kb_from_claim(s->app, claim_id(s));
        return UI_HANDLED;
    default:
        return doc_card_event(s, ev);
    }
}

const struct screen_ops claim_card_screen = {
    .name = "claim_card",
    .state_size = sizeof(struct doc_card_state),
    .open = doc_card_open,
    .draw = doc_card_draw,
    .event = claim_card_event,
    .done = doc_card_done,
    .help = claim_card_help,
    .help_now = claim_card_help_now,
};
