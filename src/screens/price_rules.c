/* price_rules.c: the rules of a computed type by the category tree: a percent per category
 * (inherited down, deeper ones override) and per product, saved after the preview. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct rules_state {
    struct doc type;    /* head and section rules: what is saved */
    struct rowset cats; /* the category tree: category_id, depth, name */
    struct rowset rows; /* what the grid shows, rebuilt from type + cats */
    struct grid_view grid;
    bool can_edit, dirty;
};

static const enum request rules_help[] = {REQ_HELP,   REQ_OPEN, REQ_SAVE, REQ_INSERT,
                                          REQ_DELETE, REQ_BACK, REQ_MENU, REQ_NONE};

/* The rule of the doc on a category, a product, or the default (both NULL). */
static struct record *rule_find(struct rules_state *st, const char *cat, const char *prod)
{
    struct rowset *rules = doc_section(&st->type, "rules");
    for (size_t i = 0; i < rules->n; i++) {
        struct record *r = rules->rows[i];
        if (str_eq(record_get(r, "category_id"), cat) && str_eq(record_get(r, "product_id"), prod))
            return r;
    }
    return NULL;
}

/* Rows: the default, every category with its own and inherited percent, the product rules. */
static void rules_rebuild(struct rules_state *st)
{
    int sel = st->grid.sel;
    rowset_clear(&st->rows);
    struct record *def = rule_find(st, NULL, NULL);
    const char *dpct = def ? record_get(def, "percent") : NULL;
    struct record *r = record_new();
    record_set(r, "label", _("All products (default)"));
    record_set(r, "own", dpct);
    record_set(r, "percent", dpct ? dpct : "0");
    record_set(r, "from", dpct ? _("default") : "");
    rowset_add(&st->rows, r);
    /* In tree order a category's parent is the nearest row above it one level up. */
    const char *pct_at[32] = {0}, *from_at[32] = {0};
    for (size_t i = 0; i < st->cats.n; i++) {
        const struct record *c = st->cats.rows[i];
        int depth = atoi(record_get(c, "depth"));
        if (depth < 0 || depth > 30)
            continue;
        struct record *own = rule_find(st, record_get(c, "category_id"), NULL);
        const char *p = own ? record_get(own, "percent") : NULL;
        pct_at[depth] = p ? p : depth ? pct_at[depth - 1] : NULL;
        from_at[depth] = p ? record_get(c, "name") : depth ? from_at[depth - 1] : NULL;
        r = record_new();
        char *label = xasprintf("%*s%s", 2 * depth, "", record_get(c, "name"));
        record_set(r, "label", label);
        free(label);
        record_set(r, "category_id", record_get(c, "category_id"));
        record_set(r, "own", p);
        record_set(r, "percent", pct_at[depth] ? pct_at[depth] : dpct ? dpct : "0");
        record_set(r, "from", from_at[depth] ? from_at[depth] : dpct ? _("default") : "");
        rowset_add(&st->rows, r);
    }
    struct rowset *rules = doc_section(&st->type, "rules");
    for (size_t i = 0; i < rules->n; i++) {
        const struct record *rule = rules->rows[i];
        if (str_empty(record_get(rule, "product_id")))
            continue;
        r = record_new();
        record_set(r, "label", record_get(rule, "target"));
        record_set(r, "product_id", record_get(rule, "product_id"));
        record_set(r, "own", record_get(rule, "percent"));
        record_set(r, "percent", record_get(rule, "percent"));
        record_set(r, "from", _("product"));
        rowset_add(&st->rows, r);
    }
    st->grid.sel = sel < (int)st->rows.n ? sel : 0;
}

static bool rules_load(struct screen *s, const char *id)
{
    struct rules_state *st = s->state;
    struct db_error err = {0};
    char *keep = xstrdup(id);
    bool ok = price_type_load(s->app->db, keep, &st->type, &err);
    rowset_clear(&st->cats);
    ok = ok && price_rule_tree(s->app->db, keep, &st->cats, &err);
    free(keep);
    if (!ok) {
        pricing_refused(_("Price rules"), &err);
        return false;
    }
    rules_rebuild(st);
    st->dirty = false;
    return true;
}

static bool rules_open(struct screen *s, const char *id)
{
    struct rules_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "tree") : NULL;
    if (!g || !id) {
        ui_error("forms/price_rules.form: no grid 'tree'");
        return false;
    }
    st->grid.def = g;
    st->grid.rows = &st->rows;
    if (!rules_load(s, id))
        return false;
    if (str_empty(record_get(&st->type.head, "source_id"))) {
        ui_error("%s", _("Typed by hand: this price type has no rules."));
        return false;
    }
    st->can_edit = app_has_role(s->app, str_eq(record_get(&st->type.head, "kind"), "individual")
                                            ? "manager,head,admin"
                                            : "head,admin");
    if (!st->can_edit)
        ui_message("%s", _("Read only: your role cannot change these prices."));
    return true;
}

static void rules_draw(struct screen *s)
{
    struct rules_state *st = s->state;
    int top = ui_body_top();
    char *title = xasprintf(_("%s %s, computed from %s"), record_get(&st->type.head, "code"),
                            record_get(&st->type.head, "name"),
                            record_get(&st->type.head, "source_id.label"));
    ui_text(top, 0, ui_cols(), title, UA_BOLD);
    free(title);
    grid_draw(&st->grid, top + 1, 0, ui_body_rows() - 1, ui_cols(), true);
}

/* Sets (text non-empty) or removes the rule of a category / product / the default. */
static void rule_put(struct rules_state *st, const char *cat, const char *prod, const char *target,
                     const char *text)
{
    struct rowset *rules = doc_section(&st->type, "rules");
    struct record *r = rule_find(st, cat, prod);
    if (str_empty(text)) {
        for (size_t i = 0; r && i < rules->n; i++)
            if (rules->rows[i] == r)
                rowset_remove(rules, i);
    } else {
        if (!r) {
            r = record_new();
            record_set(r, "category_id", cat);
            record_set(r, "product_id", prod);
            record_set(r, "target", target);
            rowset_add(rules, r);
        }
        record_set(r, "percent", text);
    }
    st->dirty = true;
    rules_rebuild(st);
}

/* Asks for a percent; NULL when cancelled or not a number (said why), "" to remove. */
static char *ask_percent(const char *what, const char *initial)
{
    char *label = xasprintf(_("Percent on (+) or off (-) the source for %s (empty: none):"), what);
    char *text = ui_prompt(_("Rule"), label, initial, 12);
    free(label);
    if (!text || !*text)
        return text;
    int64_t v;
    enum decimal_status ds = decimal_parse(text, 3, &v);
    if (ds != DECIMAL_OK) {
        ui_error(_("Percent: %s"), decimal_strerror(ds));
        free(text);
        return NULL;
    }
    char buf[40];
    free(text);
    return xstrdup(decimal_to_sql(v, 3, buf, sizeof(buf)));
}

static void rules_save(struct screen *s)
{
    struct rules_state *st = s->state;
    struct db_error err = {0};
    struct rowset plan = {0};
    char day[11];
    pricing_today(s->app->db, day);
    record_set(&st->type.head, "recalc_on", day);
    if (!price_type_preview(s->app->db, &st->type, &plan, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
    } else if (!pricing_preview_ok(_("Price rules"), &plan)) {
        ui_message("%s", _("Not saved."));
    } else {
        char *id = price_type_save(s->app->db, &st->type, &err);
        if (!id) {
            ui_error("%s", db_error_message(&err)); /* the edits stay for another try */
            db_error_clear(&err);
        } else {
            rules_load(s, id);
            ui_message(_("Saved: %s"), record_get(&st->type.head, "code"));
            free(id);
        }
    }
    rowset_clear(&plan);
}

static enum ui_result rules_event(struct screen *s, const struct ui_event *ev)
{
    struct rules_state *st = s->state;
    const struct record *cur = grid_current(&st->grid);
    char *code = NULL, *label = NULL, *pct = NULL;
    if ((ev->req == REQ_OPEN || ev->req == REQ_INSERT || ev->req == REQ_DELETE ||
         ev->req == REQ_SAVE) &&
        !st->can_edit) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return UI_HANDLED;
    }
    switch (ev->req) {
    case REQ_OPEN:
        if (!cur)
            return UI_HANDLED;
        pct = ask_percent(record_get(cur, "label"), record_get(cur, "own"));
        if (pct)
            rule_put(st, record_get(cur, "category_id"), record_get(cur, "product_id"),
                     record_get(cur, "label"), pct);
        free(pct);
        return UI_HANDLED;
    case REQ_INSERT:
        if (screens_choose(s->app, "product", _("Product"), &code, &label) && code) {
            pct = ask_percent(label, NULL);
            if (pct && *pct)
                rule_put(st, NULL, code, label, pct);
        }
        free(code);
        free(label);
        free(pct);
        return UI_HANDLED;
    case REQ_DELETE:
        if (cur && record_get(cur, "own"))
            rule_put(st, record_get(cur, "category_id"), record_get(cur, "product_id"), NULL, "");
        return UI_HANDLED;
    case REQ_SAVE:
        rules_save(s);
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave(st->dirty);
    default:
        return grid_event(&st->grid, ev);
    }
}

static void rules_done(struct screen *s)
{
    struct rules_state *st = s->state;
    doc_clear(&st->type);
    rowset_clear(&st->cats);
    rowset_clear(&st->rows);
}

const struct screen_ops price_rules_screen = {
    .name = "price_rules",
    .state_size = sizeof(struct rules_state),
    .open = rules_open,
    .draw = rules_draw,
    .event = rules_event,
    .done = rules_done,
    .help = rules_help,
};
