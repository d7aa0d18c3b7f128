/* returns.c: see domain/returns.h. */
#include "polka/domain/returns.h"

#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"

static const struct {
    const char *word;
    enum doc_return_outcome outcome;
} outcomes[] = {
    {"returned", DOC_RETURNED},   {"again", DOC_AGAIN}, {"unknown", DOC_UNKNOWN},
    {"cancelled", DOC_CANCELLED}, {"other", DOC_OTHER}, {"not_left", DOC_NOT_LEFT},
};

void doc_return_free(struct doc_return *r)
{
    xfree(&r->given);
    xfree(&r->code);
    xfree(&r->kind);
    xfree(&r->trip_id);
    xfree(&r->trip);
    xfree(&r->driver);
    xfree(&r->client);
    xfree(&r->returned_at);
    xfree(&r->returned_by);
    r->missing = -1;
}

static char *dup_or_null(const struct record *r, const char *name)
{
    const char *v = record_get(r, name);
    return str_empty(v) ? NULL : xstrdup(v);
}

bool docs_return(struct db *db, const char *code, const char *trip_id, const char *driver,
                 struct doc_return *out, struct db_error *err)
{
    doc_return_free(out);
    const char *p[3] = {code, str_empty(trip_id) ? NULL : trip_id,
                        str_empty(driver) ? NULL : driver};
    struct record r = {0};
    /* When it came back: the time alone when that was today (the clerk's usual case), else
     * the date too. */
    bool ok = row_fetch(db,
                        "SELECT outcome, code, kind, trip_id, trip, driver, client,"
                        "       to_char(returned_at, CASE WHEN returned_at::date = current_date"
                        "                                 THEN 'HH24:MI' ELSE 'DD.MM.YYYY HH24:MI'"
                        "                            END) AS returned_at,"
                        "       returned_by, missing"
                        "  FROM polka.document_return($1, $2::bigint, $3)",
                        3, p, false, &r, err);
    if (!ok) {
        record_clear(&r);
        return false;
    }
    out->outcome = DOC_UNKNOWN;
    const char *w = record_get(&r, "outcome");
    for (size_t i = 0; i < ARRAY_SIZE(outcomes); i++)
        if (str_eq(w, outcomes[i].word))
            out->outcome = outcomes[i].outcome;
    out->given = xstrdup(code ? code : "");
    out->code = dup_or_null(&r, "code");
    out->kind = dup_or_null(&r, "kind");
    out->trip_id = dup_or_null(&r, "trip_id");
    out->trip = dup_or_null(&r, "trip");
    out->driver = dup_or_null(&r, "driver");
    out->client = dup_or_null(&r, "client");
    out->returned_at = dup_or_null(&r, "returned_at");
    out->returned_by = dup_or_null(&r, "returned_by");
    const char *m = record_get(&r, "missing");
    out->missing = str_empty(m) ? -1 : atol(m);
    record_clear(&r);
    return true;
}

bool doc_return_fault(const struct doc_return *r)
{
    return r->outcome != DOC_RETURNED;
}

/* The given text as it can be shown: its first 40 characters, control characters as '?'. */
static char *shown(const char *given)
{
    char *s = xstrdup(given ? given : "");
    size_t chars = 0;
    for (char *c = s; *c; c++) {
        if (((unsigned char)*c & 0xC0) != 0x80 && chars++ == 40) {
            *c = 0;
            break;
        }
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    }
    return s;
}

char *doc_return_words(const struct doc_return *r)
{
    const char *code = r->code ? r->code : "";
    const char *by = r->returned_by ? r->returned_by : "";
    const char *at = r->returned_at ? r->returned_at : "";
    const char *trip = r->trip ? r->trip : "";
    const char *driver = r->driver ? r->driver : _("no driver");
    switch (r->outcome) {
    case DOC_RETURNED:
        if (r->missing == 0)
            return xasprintf(_("%s returned. Nothing is missing now."), code);
        if (r->missing > 0)
            return xasprintf(_("%s returned. Still missing: %ld."), code, r->missing);
        return xasprintf(_("%s returned."), code);
    case DOC_AGAIN:
        return xasprintf(_("%s was returned already: %s, %s."), code, at, by);
    case DOC_CANCELLED:
        return xasprintf(_("%s is cancelled: nothing is expected back."), code);
    case DOC_OTHER:
        return xasprintf(_("%s belongs to trip %s (%s), not to this pile: not marked."), code, trip,
                         driver);
    case DOC_NOT_LEFT:
        return xasprintf(_("%s: trip %s has not left (F7 at the waybill desk): not marked."), code,
                         trip);
    case DOC_UNKNOWN:
    default: {
        char *g = shown(r->given);
        char *s = xasprintf(_("No document \"%s\": scan it again or type its number."), g);
        free(g);
        return s;
    }
    }
}
