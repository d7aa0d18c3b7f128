/* documents.c: see domain/documents.h. */
#include "polka/domain/documents.h"

#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"

char *docs_trip_id(struct db *db, const char *number, struct db_error *err)
{
    const char *p[1] = {number};
    return value_fetch(db, "SELECT polka.trip_find($1)", 1, p, true, err);
}

char *docs_document_id(struct db *db, const char *code, struct db_error *err)
{
    const char *p[1] = {code};
    return value_fetch(db, "SELECT polka.document_find($1)", 1, p, true, err);
}

bool docs_make(struct db *db, const char *trip_id, struct docs_made *out, struct db_error *err)
{
    const char *p[1] = {trip_id};
    struct record r = {0};
    bool ok = row_fetch(db,
                        "SELECT j ->> 'trip' AS trip, j ->> 'made' AS made,"
                        "       j ->> 'documents' AS documents, j ->> 'cancelled' AS cancelled,"
                        "       j ->> 'again' AS again"
                        "  FROM polka.trip_documents_make($1::bigint) j",
                        1, p, false, &r, err);
    if (ok) {
        out->trip = xstrdup(record_get(&r, "trip"));
        out->made = atoi(record_get(&r, "made"));
        out->documents = atoi(record_get(&r, "documents"));
        out->cancelled = atoi(record_get(&r, "cancelled"));
        out->again = str_eq(record_get(&r, "again"), "true");
    }
    record_clear(&r);
    return ok;
}

char *docs_made_words(const struct docs_made *m)
{
    if (m->again)
        return xasprintf(_("Trip %s has its documents (%d): nothing changed."), m->trip,
                         m->documents);
    char *s = xasprintf(_("Trip %s: documents made: %d; the trip has %d."), m->trip, m->made,
                        m->documents);
    if (m->cancelled) {
        char *t = xasprintf(_("%s Orders with nothing picked, cancelled: %d."), s, m->cancelled);
        free(s);
        s = t;
    }
    return s;
}

void docs_made_free(struct docs_made *m)
{
    xfree(&m->trip);
}

char *docs_depart(struct db *db, const char *trip_id, struct db_error *err)
{
    const char *p[1] = {trip_id};
    return value_fetch(db, "SELECT polka.trip_depart($1::bigint)", 1, p, false, err);
}

char *docs_cancel(struct db *db, const char *doc, const char *reason, struct db_error *err)
{
    const char *p[2] = {doc, reason};
    return value_fetch(db, "SELECT polka.document_storno(polka.document_find($1), $2)", 2, p, false,
                       err);
}
