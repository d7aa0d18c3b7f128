/* bank.c: see domain/bank.h. The statement is parsed here (bankfile.h) and its incoming
 * payments go to the database as one jsonb array: one call, one transaction, whatever the
 * statement's size. */
#include "polka/domain/bank.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "polka/bankfile.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/record.h"
#include "polka/util.h"

void bank_result_free(struct bank_result *r)
{
    xfree(&r->file);
    xfree(&r->allocated);
    memset(r, 0, sizeof(*r));
}

/* "key":"value" (null for NULL). */
static void json_field(struct strbuf *sb, const char *key, const char *value, bool first)
{
    char *q = value ? json_quote(value) : xstrdup("null");
    strbuf_printf(sb, "%s\"%s\":%s", first ? "" : ",", key, q);
    free(q);
}

/* The incoming payments as the jsonb polka.bank_import takes; *skipped: the other documents. */
static char *payments_json(const struct bankfile *bf, int *n, int *skipped)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "[");
    *n = *skipped = 0;
    for (size_t i = 0; i < bf->ndocs; i++) {
        const struct bankfile_doc *d = &bf->docs[i];
        /* A customer's payment comes in to one of our accounts; a statement that names none of
         * them (BANKFILE_OTHER) is taken as ours, as a one-account export often is. */
        if (d->direction != BANKFILE_IN && d->direction != BANKFILE_OTHER) {
            (*skipped)++;
            continue;
        }
        strbuf_puts(&sb, *n ? ",{" : "{");
        json_field(&sb, "number", d->number, true);
        json_field(&sb, "date", d->date, false);
        json_field(&sb, "credited", *d->credited ? d->credited : NULL, false);
        strbuf_printf(&sb, ",\"amount\":\"%" PRId64 ".%02" PRId64 "\"", d->amount / 100,
                      d->amount % 100);
        json_field(&sb, "payer_name", d->payer_name, false);
        json_field(&sb, "payer_inn", d->payer_inn, false);
        json_field(&sb, "payer_kpp", d->payer_kpp, false);
        json_field(&sb, "payer_account", d->payer_account, false);
        json_field(&sb, "purpose", d->purpose, false);
        json_field(&sb, "doc_id", d->doc_id, false);
        strbuf_puts(&sb, ",\"refs\":[");
        size_t nrefs = 0;
        char **refs = bankfile_doc_numbers(d->purpose, &nrefs);
        for (size_t k = 0; k < nrefs; k++) {
            char *q = json_quote(refs[k]);
            strbuf_printf(&sb, "%s%s", k ? "," : "", q);
            free(q);
        }
        bankfile_doc_numbers_free(&refs);
        strbuf_puts(&sb, "]}");
        (*n)++;
    }
    strbuf_puts(&sb, "]");
    return strbuf_detach(&sb);
}

bool bank_import_file(struct db *db, const char *path, struct bank_result *out, char **why,
                      struct db_error *err)
{
    bank_result_free(out);
    *why = NULL;
    const char *base = strrchr(path, '/');
    out->file = xstrdup(base ? base + 1 : path);
    struct bankfile *bf = NULL;
    char msg[512];
    if (!bankfile_load(path, &bf, msg, sizeof(msg))) {
        *why = xasprintf("%s: %s", out->file, msg);
        return false;
    }
    int n = 0;
    char *json = payments_json(bf, &n, &out->skipped);
    out->payments = n;
    const char *p[4] = {out->file, *bf->date_from ? bf->date_from : NULL,
                        *bf->date_to ? bf->date_to : NULL, json};
    struct record r = {0};
    bool ok =
        row_fetch(db,
                  "SELECT j ->> 'again' AS again, j ->> 'new' AS fresh, j ->> 'known' AS known,"
                  "       j ->> 'matched' AS matched, j ->> 'partly' AS partly,"
                  "       j ->> 'unmatched' AS unmatched, j ->> 'allocated' AS allocated"
                  "  FROM polka.bank_import($1, $2::date, $3::date, $4::jsonb) j",
                  4, p, false, &r, err);
    if (ok) {
        out->again = str_eq(record_get(&r, "again"), "true");
        out->fresh = atoi(record_get(&r, "fresh") ? record_get(&r, "fresh") : "0");
        out->known = atoi(record_get(&r, "known") ? record_get(&r, "known") : "0");
        out->matched = atoi(record_get(&r, "matched") ? record_get(&r, "matched") : "0");
        out->partly = atoi(record_get(&r, "partly") ? record_get(&r, "partly") : "0");
        out->unmatched = atoi(record_get(&r, "unmatched") ? record_get(&r, "unmatched") : "0");
        out->allocated = xstrdup(record_get(&r, "allocated") ? record_get(&r, "allocated") : "0");
    }
    record_clear(&r);
    free(json);
    bankfile_free(&bf);
    return ok;
}

char *bank_result_words(const struct bank_result *r)
{
    if (r->again)
        return xasprintf(_("%s was imported before: nothing changed."), r->file);
    return xasprintf(_("%s: payments in: %d (new %d, imported before %d); matched %d, partly %d, "
                       "to match by hand %d; allocated %s. Other documents skipped: %d."),
                     r->file, r->payments, r->fresh, r->known, r->matched, r->partly, r->unmatched,
                     r->allocated ? r->allocated : "0", r->skipped);
}
