/* kb.c: see domain/kb.h. */
#include "polka/domain/kb.h"

#include "polka/domain.h"

char *kb_article_from_claim(struct db *db, const char *claim, struct db_error *err)
{
    const char *p[1] = {claim};
    return value_fetch(db, "SELECT polka.kb_from_claim($1::bigint)", 1, p, false, err);
}
