/* partner.c: the partner list and card. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/util.h"

/* Turns the jsonb document returned by a *_get function into (section, n, key, value) rows:
 * section '' is the head. Compile-time concatenation only: no values in SQL text. */
#define DOC_ROWS(get_call)                                                                         \
    "WITH d AS (SELECT " get_call " AS j) "                                                        \
    "SELECT '' AS section, 0::bigint AS n, e.key, e.value "                                        \
    "  FROM d, jsonb_each_text(d.j) e WHERE jsonb_typeof(d.j -> e.key) <> 'array' "                \
    "UNION ALL "                                                                                   \
    "SELECT s.key, a.n, f.key, f.value "                                                           \
    "  FROM d, jsonb_each(d.j) s, jsonb_array_elements(s.value) WITH ORDINALITY a(x, n), "         \
    "       jsonb_each_text(a.x) f "                                                               \
    " WHERE jsonb_typeof(s.value) = 'array' "                                                      \
    "ORDER BY 1, 2"

struct rows_ctx {
    struct rowset *rows;
    const char *const *names;
};

static bool add_row(void *ctx, int ncols, const char *const *values)
{
    struct rows_ctx *rc = ctx;
    struct record *r = record_new();
    for (int i = 0; i < ncols && rc->names[i]; i++)
        record_set(r, rc->names[i], values[i]);
    rowset_add(rc->rows, r);
    return true;
}

bool partner_search(struct db *db, const char *q, int limit, struct rowset *rows,
                    struct db_error *err)
{
    static const char *const names[] = {"id",    "code",    "name", "inn", "phone",
                                        "segment", "manager", "kind", NULL};
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *p[2] = {q ? q : "", lim};
    struct rows_ctx rc = {rows, names};
    return db_stream(db,
                     "SELECT id, code, name, inn, phone, segment, manager, kind"
                     "  FROM polka.partner_search($1, $2::int)",
                     2, p, add_row, &rc, err);
}

/* Display helpers: labels the card shows for ids it holds. */
static void add_labels(struct doc *d)
{
    record_set(&d->head, "manager_id.label", record_get(&d->head, "manager"));
    struct rowset *rel = doc_section(d, "relations");
    for (size_t i = 0; i < rel->n; i++)
        record_set(rel->rows[i], "related_id.label", record_get(rel->rows[i], "related_name"));
}

bool partner_load(struct db *db, const char *id, struct doc *d, struct db_error *err)
{
    const char *p[1] = {id};
    struct db_result *r = db_exec(db, DOC_ROWS("polka.partner_get($1::bigint)"), 1, p, true, err);
    if (!r)
        return false;
    doc_clear(d);
    const char *cur_section = NULL, *cur_n = NULL;
    struct record *row = NULL;
    for (int i = 0; i < db_rows(r); i++) {
        const char *sec = db_value(r, i, 0), *n = db_value(r, i, 1);
        const char *key = db_value(r, i, 2), *val = db_value(r, i, 3);
        if (!*sec) {
            record_set(&d->head, key, val);
            continue;
        }
        if (!row || !str_eq(sec, cur_section) || !str_eq(n, cur_n)) {
            row = record_new();
            rowset_add(doc_section(d, sec), row);
            cur_section = sec;
            cur_n = n;
        }
        record_set(row, key, val);
    }
    db_result_free(&r);
    doc_section(d, "contacts");
    doc_section(d, "points");
    add_labels(d);
    return true;
}

char *partner_save(struct db *db, const struct doc *d, struct db_error *err)
{
    char *json = doc_to_json(d, NULL);
    const char *p[1] = {json};
    struct db_result *r = db_exec(db, "SELECT polka.partner_save($1::jsonb)", 1, p, false, err);
    free(json);
    if (!r)
        return NULL;
    char *id = xstrdup(db_value(r, 0, 0));
    db_result_free(&r);
    return id;
}

bool partner_duplicates(struct db *db, const struct record *head, struct rowset *rows,
                        struct db_error *err)
{
    static const char *const names[] = {"id", "code", "name", "inn", "phone", "email", "reason",
                                        NULL};
    const char *p[6] = {record_get(head, "name"),  record_get(head, "legal_name"),
                        record_get(head, "inn"),   record_get(head, "phone"),
                        record_get(head, "email"), record_get(head, "id")};
    struct rows_ctx rc = {rows, names};
    return db_stream(db,
                     "SELECT id, code, name, inn, phone, email, reason"
                     "  FROM polka.partner_duplicates($1, $2, $3, $4, $5, $6::bigint)",
                     6, p, add_row, &rc, err);
}
