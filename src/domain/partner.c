/* partner.c: the partner list and card. */
#include "polka/domain/partner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/util.h"

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
    if (!doc_fetch(db, DOC_ROWS("polka.partner_get($1::bigint)"), id, d, err))
        return false;
    doc_section(d, "contacts");
    doc_section(d, "points");
    add_labels(d);
    return true;
}

char *partner_save(struct db *db, const struct doc *d, struct db_error *err)
{
    return doc_save(db, "SELECT polka.partner_save($1::jsonb)", d, err);
}

bool partner_duplicates(struct db *db, const struct record *head, struct rowset *rows,
                        struct db_error *err)
{
    const char *p[6] = {record_get(head, "name"),  record_get(head, "legal_name"),
                        record_get(head, "inn"),   record_get(head, "phone"),
                        record_get(head, "email"), record_get(head, "id")};
    return rows_fetch(db,
                      "SELECT id, code, name, inn, phone, email, reason"
                      "  FROM polka.partner_duplicates($1, $2, $3, $4, $5, $6::bigint)",
                      6, p, rows, err);
}
