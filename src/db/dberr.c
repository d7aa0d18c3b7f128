/* dberr.c: one table maps SQLSTATE classes to messages, another maps our constraint names to
 * what exactly was wrong. Database text stays available through db_error_details(). */
#include "dberr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/codes.h"
#include "polka/i18n.h"
#include "polka/util.h"

static const struct {
    const char *prefix; /* SQLSTATE or its class */
    enum db_errkind kind;
} states[] = {
    {"23505", DBE_DUPLICATE},  {"23503", DBE_REFERENCED}, {"23502", DBE_INVALID},
    {"23514", DBE_INVALID},    {"23P01", DBE_DUPLICATE},  {"22", DBE_INVALID},
    {"P0001", DBE_INVALID},    {"P0002", DBE_NOT_FOUND},  {"PLK01", DBE_CHANGED},
    {"42501", DBE_PERMISSION}, {"40001", DBE_RETRY},      {"40P01", DBE_RETRY},
    {"57014", DBE_CANCELLED},  {"57P01", DBE_CONNECTION}, {"08", DBE_CONNECTION},
    {"28", DBE_LOGIN},         {"55P03", DBE_RETRY}, /* lock_timeout: someone else holds it */
};

/* Constraint names from sql/ and the sentence a user understands. */
static const struct {
    const char *constraint;
    const char *message;
} constraints[] = {
    {"partners_inn_valid", N_("The INN is not valid: check the digits.")},
    {"partners_kpp_valid", N_("The KPP is not valid: 9 characters expected.")},
    {"partners_email_valid", N_("The e-mail address is not valid.")},
    {"partners_code_key", N_("A partner with this code already exists.")},
    {"delivery_points_gln_valid", N_("The GLN is not valid: 13 digits with a check digit.")},
    {"delivery_points_gln_key", N_("This GLN already belongs to another delivery point.")},
    {"contacts_email_valid", N_("The contact's e-mail address is not valid.")},
    {"partner_relations_not_self", N_("A partner cannot be related to itself.")},
    {"partner_relations_key", N_("This relationship is already there.")},
    {"partners_kpp_needs_org_inn",
     N_("A KPP is given only with a 10-digit INN of an organisation.")},
    {"partners_priority_valid", N_("The priority is a number from 1 to 9.")},
    {"partners_notice_email", N_("Shipment notices go to the partner's e-mail: give one.")},
    {"route_stages_owner_given",
     N_("A stage is owned by a person or by a role: choose one of them.")},
    {"route_stages_hours_valid",
     N_("A stage's deadline is more than 0 and at most 1000 working hours.")},
    {"route_stages_priority_valid", N_("The priority is a number from 1 to 9.")},
    {"claim_routes_kind_key", N_("That kind of claim has a route already: change that one.")},
    {"attachments_name_valid",
     N_("A file keeps its own name: no folders, no control characters, at most 200 characters.")},
    {"attachments_size_valid", N_("A file is not empty and at most 10 MB.")},
    {"attachments_mime_valid", N_("The file's type is not a type of file.")},
    {"corrective_actions_action_valid",
     N_("A corrective action needs its text (at most 1000 characters, no control characters).")},
    {"claim_lines_qty_valid", N_("A quantity claimed is above zero.")},
    {"outbox_retry_failed",
     N_("Only a notice that failed, or was left sending for over 5 minutes, is tried again.")},
    {"outbox_done_sending", N_("This notice is not being sent: its outcome is recorded already.")},
    {"partners_name_valid", N_("The name must not be empty or contain control characters.")},
    {"partners_legal_name_valid",
     N_("The legal name must not be empty or contain control characters.")},
    {"partners_phone_valid", N_("The phone number is too long or contains control characters.")},
    {"contacts_full_name_valid", N_("The contact's name must not be empty.")},
    {"delivery_points_address_valid", N_("The delivery point needs an address.")},
    {"partners_address_valid", N_("The address is too long or contains control characters.")},
    {"contacts_phone_valid",
     N_("The contact's phone number is too long or contains control characters.")},
    {"delivery_points_name_valid", N_("The delivery point needs a name.")},
    {"price_types_no_cycle",
     N_("A price type cannot depend on itself, directly or through others.")},
    {"price_types_code_key", N_("A price type with this code already exists.")},
    {"prices_price_positive", N_("A price must be greater than zero.")},
    {"price_rules_percent_valid", N_("A percent must be above -100 and at most 1000.")},
    {"quantity_scale", N_("Too many decimals for this product's unit.")},
    {"agreements_code_valid",
     N_("An agreement's code is 1 to 30 Latin letters, digits and the characters _ / -.")},
    {"agreements_code_key", N_("An agreement with this code already exists.")},
    {"agreements_name_valid", N_("The agreement needs a name (at most 200 characters).")},
    {"agreements_dates_valid", N_("An agreement cannot end before it starts.")},
    {"agreements_no_overlap",
     N_("The client (or segment) already has an active agreement in these dates; close it "
        "first or change the dates.")},
    {"agreements_target_by_kind",
     N_("A typical agreement needs a segment and no client; a client's one needs a client.")},
    {"agreements_credit_needs_days", N_("Payment on credit needs the number of credit days.")},
    {"agreements_credit_days_valid", N_("Credit days are from 0 to 365.")},
    {"agreements_lead_days_valid", N_("Lead days are from 0 to 60.")},
    {"agreements_credit_limit_valid", N_("The credit limit cannot be negative.")},
    {"agreements_discount_valid", N_("The discount is a percent above -100 and below 100.")},
    {"promotions_code_key", N_("A promotion with this code already exists.")},
    {"promotions_code_valid",
     N_("A promotion's code is 1 to 30 Latin letters, digits and the characters _ / -.")},
    {"promotions_name_valid", N_("The promotion needs a name (at most 200 characters).")},
    {"promotions_dates_valid", N_("A promotion cannot end before it starts.")},
    {"promotion_agreements_open",
     N_("A promotion applies only to agreements that are not closed and not over before it "
        "starts.")},
    {"promotion_agreements_key", N_("This agreement is in the promotion twice.")},
    {"promotion_rules_one_value", N_("A rule has either a percent or a fixed price, not both.")},
    {"promotion_rules_percent_valid", N_("A rule's percent is above 0 and below 100.")},
    {"promotion_rules_fixed_valid", N_("A fixed price must be greater than zero.")},
    {"promotion_rules_one_target", N_("A rule applies to a category or a product, not both.")},
    {"promotion_rules_fixed_for_product", N_("A fixed price is given for a product only.")},
    {"agreements_min_order_valid", N_("The minimum order cannot be negative.")},
    {"orders_point_of_client", N_("The delivery point is not an active point of this client.")},
    {"orders_ship_on_valid", N_("The shipping day is between today and a year ahead.")},
    {"orders_agreement_of_client", N_("The agreement is not this client's.")},
    {"orders_agreement_in_force",
     N_("The client's agreement is not in force on the shipping day.")},
    {"orders_lines_count", N_("An order has from 1 to 2000 lines.")},
    {"order_lines_qty_valid", N_("Quantities must be above zero and below a million.")},
    {"order_lines_product_known", N_("A product of the order is unknown or no longer sold.")},
    {"order_lines_product_key", N_("A product is on more than one line of the order.")},
    {"order_lines_pack_multiple", N_("Quantities must be whole packs.")},
    {"order_lines_in_assortment",
     N_("The agreement allows only the client's assortment: take the other lines out.")},
    {"order_lines_priced", N_("A product has no price under the agreement on the shipping day.")},
    {"orders_comment_valid",
     N_("The comment is too long (at most 1000 characters) or contains control characters.")},
    {"orders_edit_new_only", N_("Only a new order can be changed; this one has moved on.")},
    {"orders_cancel_not_shipped",
     N_("The order has shipped, closed or been cancelled: it cannot be cancelled.")},
    {"orders_cancel_reason_valid", N_("A cancellation needs a reason (at most 500 characters).")},
    {"orders_warehouse_known",
     N_("There is no warehouse to ship from: an administrator adds one.")},
    {"stock_batches_on_hand_valid", N_("Stock on hand cannot go below zero.")},
    {"stock_batches_reserved_valid",
     N_("Reserved stock cannot exceed what is on hand: release the reservations first.")},
    {"stock_moves_sign_valid", N_("The quantity must be above zero.")},
    {"stock_moves_note_valid", N_("A stock correction needs a reason (at most 500 characters).")},
    {"documents_cancel_given", N_("A cancellation needs a reason.")},
    {"print_rule_sets_one_scope",
     N_("Print rules are for one delivery point, one client or one segment (all empty: the "
        "default), not for two at once.")},
    {"print_rule_sets_scope_key",
     N_("There are print rules for this already: open them from the list.")},
    {"print_rules_form_key", N_("A form is listed twice in these print rules.")},
    {"documents_cancel_reason_valid",
     N_("A cancellation needs a reason (at most 500 characters, no control characters).")},
    {"stock_moves_append_only", N_("Stock movements are never changed: record a correction.")},
    {"allocation_day_valid", N_("The shipping day is in the past: allocate today or later.")},
    {"allocation_running",
     N_("Another planner is running the allocation of this warehouse and day; look at its result "
        "when it ends.")},
    {"allocation_order_open", N_("The order is being picked, has shipped, closed or been "
                                 "cancelled: its allocation is final.")},
    {"allocation_fix_qty_valid",
     N_("A confirmed quantity is whole packs, from zero to what was ordered.")},
    {"vehicles_plate_valid", N_("The vehicle needs its plate (at most 20 characters).")},
    {"vehicles_plate_key", N_("A vehicle with this plate already exists.")},
    {"vehicles_capacity_kg_valid", N_("A vehicle carries above 0 and at most 60,000 kg.")},
    {"vehicles_capacity_pallets_valid", N_("A vehicle takes from 1 to 66 pallets.")},
    {"routes_code_valid", N_("The route needs a code (at most 20 characters).")},
    {"routes_code_key", N_("A route with this code already exists.")},
    {"routes_name_valid", N_("The route needs a name (at most 200 characters).")},
    {"routes_weekdays_valid",
     N_("Weekdays are digits from 1 (Monday) to 7 (Sunday), e.g. 135 for Monday, Wednesday and "
        "Friday.")},
    {"route_points_stop_valid", N_("A stop's number is from 1 to 999.")},
    {"route_points_key", N_("A delivery point is on the route twice.")},
    {"edi_providers_code_valid",
     N_("An EDI provider's code is 1 to 20 small Latin letters, digits, - or _.")},
    {"edi_providers_name_valid", N_("The EDI provider needs a name (at most 200 characters).")},
    {"edi_providers_in_dir_valid", N_("The inbound folder is an absolute path (from /).")},
    {"edi_providers_out_dir_valid", N_("The outbound folder is an absolute path (from /).")},
    {"edi_providers_dirs_differ", N_("The inbound and outbound folders are not the same.")},
    {"edi_files_name_valid", N_("A file's name has no / and no control characters.")},
    {"intake_orders_lines_count", N_("An incoming order has 1 to 2000 lines.")},
    {"intake_orders_number_valid",
     N_("An incoming order's number is 1 to 35 characters without control characters.")},
    {"intake_orders_problems_fixed",
     N_("The incoming order still has problems to fix first (the lines marked; a line is left "
        "out with its quantity for the order at 0).")},
    {"intake_orders_decided", N_("The incoming order is accepted or refused already.")},
    {"intake_orders_lines_taken",
     N_("The incoming order takes none of its lines (all at 0): refuse it instead (F11).")},
    {"intake_lines_taken_qty_valid",
     N_("A line's quantity for the order is 0 (the line not taken) to 999,999.999.")},
    {"intake_orders_refusal_given", N_("Say why the incoming order is refused.")},
    {"intake_codes_client_given",
     N_("Choose the client first: a product is remembered for the client's own codes.")},
    {"rep_routes_code_valid", N_("The route needs a code (at most 20 characters).")},
    {"rep_routes_code_key", N_("A route with this code already exists.")},
    {"rep_routes_name_valid", N_("The route needs a name (at most 200 characters).")},
    {"rep_routes_weekdays_valid",
     N_("Weekdays are digits from 1 (Monday) to 7 (Sunday), e.g. 135 for Monday, Wednesday and "
        "Friday.")},
    {"rep_route_points_stop_valid", N_("An outlet's number is from 1 to 999.")},
    {"rep_route_points_key", N_("An outlet is on the route twice.")},
    {"rep_route_points_some_task",
     N_("An outlet needs at least one task: an order, the shelf, a payment, a photo or one in "
        "words.")},
    {"rep_route_points_task_note_valid",
     N_("A task in words has at most 200 characters and no control characters.")},
    {"rep_task_results_reason_given", N_("A task not done needs the reason why.")},
    {"rep_task_results_reason_valid",
     N_("The reason has at most 500 characters and no control characters.")},
    {"rep_task_results_amount_valid", N_("The amount collected is above zero.")},
    {"rep_task_results_note_valid",
     N_("A note has at most 1000 characters and no control characters.")},
    {"rep_photo_picture",
     N_("A photo must be a picture: a JPEG, PNG, GIF, WebP or HEIC file (a phone's or a "
        "camera's).")},
    {"rep_visits_comment_valid",
     N_("A comment has at most 1000 characters and no control characters.")},
    {"report_period_valid",
     N_("The period must end on or after the day it starts, and span at most three years.")},
    {"report_thresholds_valid",
     N_("The thresholds must be 0 < A < B <= 100 (shares, %) and 0 < X < Y (variation, %).")},
};

static const char *kind_message(enum db_errkind kind)
{
    switch (kind) {
    case DBE_NONE:
        return "";
    case DBE_CONNECTION:
        return _("The connection to the database was lost. Reconnected; repeat the action.");
    case DBE_LOGIN:
        return _("Wrong user name or password.");
    case DBE_DUPLICATE:
        return _("Such a record already exists.");
    case DBE_REFERENCED:
        return _("The record is still referenced by other records.");
    case DBE_INVALID:
        return _("Invalid value.");
    case DBE_PERMISSION:
        return _("Not permitted: your role does not allow this.");
    case DBE_RETRY:
        return _("The database was busy with a conflicting change; please try again.");
    case DBE_CHANGED:
        return _("Someone else changed this record meanwhile. Reopen it and repeat your changes.");
    case DBE_NOT_FOUND:
        return _("The record no longer exists.");
    case DBE_CANCELLED:
        return _("Cancelled.");
    case DBE_OTHER:
        break;
    }
    return _("The database refused the action.");
}

/* The sentences our SQL functions raise and the nouns they name, as in sql/functions (made
 * by src/tools/sql-messages at build time); translated with the context "db", a % a value. */
static const char *const sql_messages[] = {
#include "sql_messages.inc"
};

/* Whether text is fmt with each % standing for a value (at least one character; %% a percent
 * sign): the values' places in at[] and len[], earlier values as long as they can be. */
static bool fmt_match(const char *f, const char *t, const char **at, size_t *len, int k, int max,
                      int *n)
{
    if (!*f) {
        *n = k;
        return !*t;
    }
    if (f[0] == '%' && f[1] == '%')
        return *t == '%' && fmt_match(f + 2, t + 1, at, len, k, max, n);
    if (f[0] != '%')
        return *f == *t && fmt_match(f + 1, t + 1, at, len, k, max, n);
    if (k == max || !*t)
        return false;
    for (size_t l = strlen(t); l > 0; l--) {
        at[k] = t;
        len[k] = l;
        if (fmt_match(f + 1, t + l, at, len, k + 1, max, n))
            return true;
    }
    return false;
}

/* A value of a translated sentence: one of the nouns translated, a status code in the words
 * the screens use, in «» («Отгружен»), else as it is. */
static void value_words(struct strbuf *sb, const char *v)
{
    static const char *const sets[] = {"order_status", "status", "trip_status"};
    const char *t = i18n_pgettext("db", v);
    for (size_t i = 0; t == v && i < ARRAY_SIZE(sets); i++) {
        const char *l = code_label(sets[i], v);
        if (l && strcmp(l, v) != 0) {
            strbuf_printf(sb, "«%s»", l);
            return;
        }
    }
    strbuf_puts(sb, t);
}

/* primary in the user's language when it is one of sql_messages: the translated sentence with
 * the values put back (value_words, when the sentence has a translation); else NULL. */
static char *sql_words(const char *primary)
{
    const char *at[8];
    size_t len[8];
    int n = 0;
    for (size_t i = 0; primary && i < ARRAY_SIZE(sql_messages); i++) {
        if (!fmt_match(sql_messages[i], primary, at, len, 0, 8, &n))
            continue;
        const char *tr = i18n_pgettext("db", sql_messages[i]);
        struct strbuf sb = {0};
        int k = 0;
        for (const char *c = tr; *c; c++) {
            if (c[0] == '%' && c[1] == '%') {
                strbuf_puts(&sb, "%");
                c++;
            } else if (c[0] == '%' && k < n) {
                char *v = xstrndup(at[k], len[k]);
                if (tr != sql_messages[i])
                    value_words(&sb, v);
                else
                    strbuf_puts(&sb, v);
                free(v);
                k++;
            } else {
                strbuf_add(&sb, c, 1);
            }
        }
        return strbuf_detach(&sb);
    }
    return NULL;
}

/* The sentence of the constraint named by name's first n bytes, translated; NULL for none. */
static const char *constraint_message(const char *name, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(constraints); i++)
        if (strlen(constraints[i].constraint) == n &&
            strncmp(constraints[i].constraint, name, n) == 0)
            return _(constraints[i].message);
    return NULL;
}

/* One sentence of the database in the user's language: ours (sql_words), or the server's
 * refusal by a constraint that has a sentence of its own ('new row for relation "x" violates
 * check constraint "y"'); NULL for anything else. */
static char *sentence_words(const char *s)
{
    char *w = sql_words(s);
    if (w)
        return w;
    static const char *const refusals[] = {"new row for relation ", "duplicate key value ",
                                           "insert or update on table "};
    bool refusal = false;
    for (size_t i = 0; i < ARRAY_SIZE(refusals); i++)
        refusal |= str_starts(s, refusals[i]);
    const char *c = refusal ? strstr(s, " constraint \"") : NULL;
    if (!c || !strstr(s, "violates "))
        return NULL;
    c += strlen(" constraint \"");
    const char *msg = constraint_message(c, strcspn(c, "\""));
    return msg ? xstrdup(msg) : NULL;
}

char *db_sentences_words(const char *text)
{
    struct strbuf sb = {0};
    for (const char *p = text ? text : ""; *p;) {
        const char *end = strstr(p, "; ");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *part = xstrndup(p, n);
        /* Ours whole first, then after a "LABEL: " (ours or a constraint's), then the
         * server's words whole. */
        char *words = sql_words(part), *rest = NULL;
        const char *colon = NULL;
        /* The label may hold ": " itself (a sender's reference "PO: 7"): each in turn. */
        for (const char *c = words ? NULL : strstr(part, ": "); c && !rest; c = strstr(c + 2, ": "))
            if ((rest = sentence_words(c + 2)) != NULL)
                colon = c;
        if (!words && !rest)
            words = sentence_words(part);
        if (words)
            strbuf_puts(&sb, words);
        else if (rest)
            strbuf_printf(&sb, "%.*s: %s", (int)(colon - part), part, rest);
        else
            strbuf_puts(&sb, part);
        free(words);
        free(rest);
        free(part);
        p += n;
        if (end) {
            strbuf_puts(&sb, "; ");
            p += 2;
        }
    }
    return strbuf_detach(&sb);
}

const char *db_error_words(const struct db_error *err)
{
    if (err->words)
        return err->words;
    return i18n_russian() ? NULL : err->primary; /* the server speaks English */
}

/* The server takes no more connections: for the role, the database or at all (53300; its
 * message names the role, so it is no wrong login). */
static bool too_many_connections(const char *m)
{
    return m &&
           (strstr(m, "too many connections") || strstr(m, "too many clients") ||
            strstr(m, "connection slots are reserved") || strstr(m, "слишком много подключений") ||
            strstr(m, "слишком много клиентов") || strstr(m, "слоты подключений"));
}

void dberr_classify(struct db_error *err)
{
    if (err->kind != DBE_CONNECTION && err->kind != DBE_LOGIN) {
        err->kind = DBE_OTHER;
        for (size_t i = 0; i < ARRAY_SIZE(states); i++)
            if (str_starts(err->sqlstate, states[i].prefix)) {
                err->kind = states[i].kind;
                break;
            }
    }
    const char *msg =
        err->constraint ? constraint_message(err->constraint, strlen(err->constraint)) : NULL;
    xfree(&err->user_message);
    xfree(&err->words);
    if (err->kind != DBE_CONNECTION && err->kind != DBE_LOGIN)
        err->words = sql_words(err->primary);
    if (msg)
        err->user_message = xstrdup(msg);
    else if (err->kind == DBE_INVALID && err->primary && str_starts(err->sqlstate, "P0001"))
        /* Our own functions raise sentences meant for people. */
        err->user_message = xstrdup(err->words ? err->words : err->primary);

    else if (err->kind == DBE_LOGIN && err->primary && strstr(err->primary, "not permitted"))
        err->user_message = xstrdup(_("This user is blocked. Ask an administrator."));
    else if (err->kind == DBE_CONNECTION && err->primary &&
             (strstr(err->primary, "Is the server running") ||
              strstr(err->primary, "No such file") || strstr(err->primary, "refused") ||
              strstr(err->primary, "could not translate host name") ||
              strstr(err->primary, "timeout expired")))
        err->user_message = xstrdup(_("The database server is not running or not reachable."));
    else if (err->kind == DBE_CONNECTION && too_many_connections(err->primary))
        err->user_message = xstrdup(_("The database takes no more connections for this user or at "
                                      "all (a connection limit). Close another Polka or ask an "
                                      "administrator."));
    else if (err->kind == DBE_CONNECTION && err->primary && strstr(err->primary, "does not exist"))
        err->user_message = xstrdup(_("The database does not exist."));
    else
        err->user_message = xstrdup(kind_message(err->kind));
}

bool db_error_has_sentence(const struct db_error *err)
{
    for (size_t i = 0; err->constraint && i < ARRAY_SIZE(constraints); i++)
        if (strcmp(err->constraint, constraints[i].constraint) == 0)
            return true;
    return false;
}

enum db_errkind dberr_login_kind(const char *m)
{
    if (!m || too_many_connections(m))
        return DBE_CONNECTION;
    if (strstr(m, "password authentication failed") ||
        strstr(m, "не прошёл проверку подлинности") ||
        /* a server with Russian lc_messages */ strstr(m, "no password supplied") ||
        strstr(m, "not permitted to log in") || strstr(m, "role \"") || strstr(m, "fe_sendauth"))
        return DBE_LOGIN;
    return DBE_CONNECTION;
}

const char *db_error_message(const struct db_error *err)
{
    if (err->user_message)
        return err->user_message;
    return kind_message(err->kind);
}

char *db_error_details(const struct db_error *err)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "SQLSTATE %s: %s", err->sqlstate, err->primary ? err->primary : "");
    if (err->detail)
        strbuf_printf(&sb, "\nDETAIL: %s", err->detail);
    if (err->hint)
        strbuf_printf(&sb, "\nHINT: %s", err->hint);
    if (err->constraint)
        strbuf_printf(&sb, "\nCONSTRAINT: %s", err->constraint);
    return strbuf_detach(&sb);
}

void db_error_clear(struct db_error *err)
{
    xfree(&err->primary);
    xfree(&err->detail);
    xfree(&err->hint);
    xfree(&err->constraint);
    xfree(&err->column);
    xfree(&err->user_message);
    xfree(&err->words);
    err->kind = DBE_NONE;
    err->sqlstate[0] = '\0';
}
