/* corrections.c: see domain/corrections.h. */
#include "polka/domain/corrections.h"

#include "polka/domain.h"

char *correction_make_json(struct db *db, const char *code, const char *lines, struct db_error *err)
{
    const char *p[2] = {code, lines};
    return value_fetch(db, "SELECT polka.document_correct(polka.document_find($1), $2::jsonb)", 2,
                       p, false, err);
}

char *correction_reverse(struct db *db, const char *id, const char *reason, struct db_error *err)
{
    const char *p[2] = {id, reason};
    return value_fetch(db, "SELECT polka.correction_reverse(polka.correction_find($1), $2)", 2, p,
                       false, err);
}
