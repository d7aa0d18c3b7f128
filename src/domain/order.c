/* order.c: orders (polka.order_*): the client's context and priced products for the entry
 * screen, the usual and the last order, checks, the idempotent save, the list, cancelling. */
#include "polka/domain/order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/db_query.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/order_draft.h"
#include "polka/util.h"

bool order_client_search(struct db *db, const char *q, int limit, struct rowset *rows,
                         struct db_error *err)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *p[2] = {q ? q : "", lim};
    return rows_fetch(
        db, "SELECT id, code, name, inn, phone FROM polka.order_client_search($1, $2::int)", 2, p,
        rows, err);
}

bool order_context(struct db *db, const char *client_id, const char *from, struct doc *ctx,
                   struct db_error *err)
{
    const char *p[2] = {client_id, from};
    if (!doc_fetch_params(db, DOC_ROWS("polka.order_context($1::bigint, $2::date)"), 2, p, ctx,
                          err))
        return false;
    doc_section(ctx, "points");
    return true;
}

static int64_t num(const char *s, int scale, int64_t none)
{
    int64_t v;
    return s && decimal_parse(s, scale, &v) == DECIMAL_OK ? v : none;
}

static bool add_item(void *ctx, int ncols, const char *const *names, const char *const *v)
{
    struct order_catalog *c = ctx;
    if (ncols < 13)
        return false;
    struct order_item it = {
        .id = strtoll(v[0], NULL, 10),
        .code = (char *)v[1],
        .name = (char *)v[2],
        .unit = (char *)v[3],
        .scale = v[4] ? atoi(v[4]) : 0,
        .pack = num(v[5], QTY_SCALE, 0),
        .weight = num(v[6], 3, 0),
        .vat = (int)num(v[7], 2, 0),
        .price = num(v[8], 2, -1),
        .promo = (char *)v[9],
        .origin = (char *)v[10],
        .free = num(v[11], QTY_SCALE, 0),
        .in_assortment = !v[12] ? -1 : v[12][0] == 't',
    };
    order_catalog_add(c, &it);
    return true;
}

#define CATALOG_COLUMNS                                                                            \
    "SELECT product_id, code, name, unit, scale, pack_qty, weight_kg, vat_rate, price,"            \
    "       promotion_code, origin, free, in_assortment"

static void catalog_for(struct order_catalog *cat, const char *agreement_id, const char *on,
                        const char *client_id, const char *point_id)
{
    order_catalog_free(cat);
    cat->agreement_id = xstrdup(agreement_id);
    cat->ship_on = xstrdup(on);
    cat->client_id = xstrdup(client_id);
    cat->point_id = xstrdup(point_id);
}

bool order_catalog_start(struct db *db, const char *agreement_id, const char *on,
                         const char *client_id, const char *point_id, struct order_catalog *cat,
                         struct db_error *err)
{
    catalog_for(cat, agreement_id, on, client_id, point_id);
    const char *p[4] = {agreement_id, on, client_id, point_id};
    return db_send(db,
                   CATALOG_COLUMNS " FROM polka.order_products($1::bigint, $2::date, $3::bigint,"
                                   " p_point => $4::bigint)",
                   4, p, err);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int order_catalog_more(struct db *db, struct order_catalog *cat, int max, bool wait,
                       struct db_error *err)
{
    /* Without wait, a slice of about 10 ms: what has come and what comes meanwhile, so that
     * the screen is drawn a few times a second, not once per network packet. */
    double until = now_ms() + 10;
    size_t had = cat->n;
    int r;
    while ((r = db_receive(db, add_item, cat, max - (int)(cat->n - had), wait, err)) == 1 &&
           !wait && (int)(cat->n - had) < max && now_ms() < until)
        db_wait(db, 2);
    if (r == 0)
        order_catalog_index(cat);
    return r;
}

void order_catalog_stop(struct db *db)
{
    db_abandon(db);
}

bool order_catalog_load(struct db *db, const char *agreement_id, const char *on,
                        const char *client_id, const char *point_id, struct order_catalog *cat,
                        struct db_error *err)
{
    if (order_catalog_start(db, agreement_id, on, client_id, point_id, cat, err) &&
        order_catalog_more(db, cat, 0, true, err) == 0)
        return true;
    order_catalog_free(cat);
    return false;
}

bool order_catalog_find(struct db *db, const char *agreement_id, const char *on,
                        const char *client_id, const char *point_id, const char *text, int limit,
                        struct order_catalog *cat, struct db_error *err)
{
    catalog_for(cat, agreement_id, on, client_id, point_id);
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *p[6] = {agreement_id, on, client_id, text, lim, point_id};
    bool ok = db_stream(db,
                        CATALOG_COLUMNS
                        " FROM polka.order_products($1::bigint, $2::date, $3::bigint,"
                        " ARRAY(SELECT p.id FROM polka.products p WHERE p.active"
                        "          AND CASE WHEN $4 ~ '^[0-9]+$' THEN p.code LIKE $4 || '%'"
                        "                   ELSE polka.words_start(p.name, left($4, 200)) END"
                        "        ORDER BY p.code LIMIT $5::int), $6::bigint)",
                        6, p, add_item, cat, err);
    if (ok)
        order_catalog_index(cat);
    else
        order_catalog_free(cat);
    return ok;
}

bool order_usual(struct db *db, const char *client_id, const char *on, struct rowset *rows,
                 struct db_error *err)
{
    const char *p[2] = {client_id, on};
    return rows_fetch(
        db, "SELECT product_id, times, last_qty FROM polka.order_usual($1::bigint, $2::date, 100)",
        2, p, rows, err);
}

bool order_last(struct db *db, const char *client_id, struct rowset *rows, struct db_error *err)
{
    const char *p[1] = {client_id};
    return rows_fetch(db,
                      "SELECT product_id, qty, number, taken_on FROM polka.order_last($1::bigint)",
                      1, p, rows, err);
}

static void json_field(struct strbuf *sb, const char *key, const char *val)
{
    if (!val)
        return;
    char *q = json_quote(val);
    strbuf_printf(sb, ", \"%s\": %s", key, q);
    free(q);
}

char *order_draft_json(const struct order_draft *d, const char *agreement_id, const char *amount,
                       const char *visit)
{
    struct strbuf sb = {0};
    char *key = json_quote(d->key);
    strbuf_printf(&sb, "{\"key\": %s, \"source\": \"%s\"", key, visit ? "rep" : "phone");
    free(key);
    json_field(&sb, "visit_id", visit);
    json_field(&sb, "id", d->id);
    json_field(&sb, "version", d->version);
    json_field(&sb, "client_id", d->client_id);
    json_field(&sb, "point_id", d->point_id);
    json_field(&sb, "agreement_id", agreement_id);
    json_field(&sb, "ship_on", d->ship_on);
    json_field(&sb, "comment", str_empty(d->comment) ? NULL : d->comment);
    json_field(&sb, "amount", amount);
    strbuf_puts(&sb, ", \"lines\": [");
    for (size_t i = 0; i < d->n; i++) {
        char q[40];
        decimal_to_sql(d->lines[i].qty, QTY_SCALE, q, sizeof(q));
        strbuf_printf(&sb, "%s{\"product_id\": %lld, \"qty\": \"%s\"}", i ? ", " : "",
                      (long long)d->lines[i].product_id, q);
    }
    strbuf_puts(&sb, "]}");
    return strbuf_detach(&sb);
}

void order_draft_from_doc(struct doc *o, struct order_draft *d)
{
    const struct record *h = &o->head;
    order_draft_clear(d);
    d->id = xstrdup(record_get(h, "id"));
    d->version = xstrdup(record_get(h, "version"));
    char *label = xasprintf("%s %s", record_get(h, "client_code"), record_get(h, "client_name"));
    order_draft_set_client(d, record_get(h, "client_id"), label);
    free(label);
    order_draft_set_point(d, record_get(h, "point_id"), record_get(h, "point_name"));
    order_draft_set_day(d, record_get(h, "ship_on"), record_get(h, "comment"));
    const struct rowset *ls = doc_section(o, "lines");
    for (size_t i = 0; i < ls->n; i++) {
        int64_t q;
        if (decimal_parse(record_get(ls->rows[i], "qty"), QTY_SCALE, &q) == DECIMAL_OK)
            order_draft_add(d, strtoll(record_get(ls->rows[i], "product_id"), NULL, 10), q);
    }
}

bool order_check(struct db *db, const char *json, struct rowset *rows, struct db_error *err)
{
    const char *p[1] = {json};
    return rows_fetch(
        db,
        "SELECT code, message, blocking, figure, bound, items FROM polka.order_check($1::jsonb)", 1,
        p, rows, err);
}

bool order_save(struct db *db, const char *json, struct record *out, struct db_error *err)
{
    static const char sql[] =
        "SELECT s ->> 'id' AS id, s ->> 'number' AS number, s ->> 'version' AS version,"
        "       s ->> 'amount' AS amount, s ->> 'vat_amount' AS vat_amount,"
        "       s ->> 'weight_kg' AS weight_kg, s ->> 'lines' AS lines, s ->> 'replayed' AS "
        "replayed"
        "  FROM polka.order_save($1::jsonb) s";
    const char *p[1] = {json};
    if (row_fetch(db, sql, 1, p, false, out, err))
        return true;
    if (err->kind != DBE_CONNECTION || !db_connected(db))
        return false;
    /* The connection dropped and came back: whether the first save committed or not, the same
     * key saves at most once. */
    db_error_clear(err);
    return row_fetch(db, sql, 1, p, false, out, err);
}

bool order_load(struct db *db, const char *id, struct doc *d, struct db_error *err)
{
    if (!doc_fetch(db, DOC_ROWS("polka.order_get($1::bigint)"), id, d, err))
        return false;
    doc_section(d, "lines");
    return true;
}

bool order_list(struct db *db, const char *on, const char *client_id, const char *status, bool mine,
                const char *q, int limit, struct rowset *rows, struct db_error *err)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *p[6] = {on, client_id, status, mine ? "t" : "f", q ? q : "", lim};
    return rows_fetch(db,
                      "SELECT id, number, taken_on, taken_at, client_id, client_code, client_name,"
                      "       ship_on, status, lines, amount, taken_by, version"
                      "  FROM polka.order_list($1::date, $2::bigint, $3, $4::boolean, $5, $6::int)",
                      6, p, rows, err);
}

bool order_cancel(struct db *db, const char *id, const char *reason, const char *version,
                  struct db_error *err)
{
    const char *p[3] = {id, reason, version};
    struct db_result *r =
        db_exec(db, "SELECT polka.order_cancel($1::bigint, $2, $3::int)", 3, p, false, err);
    if (!r)
        return false;
    db_result_free(&r);
    return true;
}
