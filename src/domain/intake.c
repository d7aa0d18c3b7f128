/* intake.c: see domain/intake.h. */
#include "polka/domain/intake.h"

#include <stdlib.h>
#include <string.h>

#include "polka/codes.h"

#include "polka/domain.h"

char *intake_accept(struct db *db, const char *id, const char *version, struct db_error *err)
{
    const char *p[2] = {id, version};
    return value_fetch(db, "SELECT polka.intake_accept($1::bigint, $2::int) ->> 'order_number'", 2,
                       p, false, err);
}

bool intake_refuse(struct db *db, const char *id, const char *reason, const char *version,
                   struct db_error *err)
{
    const char *p[3] = {id, reason, version};
    char *v =
        value_fetch(db, "SELECT polka.intake_refuse($1::bigint, $2, $3::int)", 3, p, false, err);
    free(v);
    return v != NULL;
}

char *intake_problem_words(const char *codes)
{
    struct strbuf words = {0};
    char *list = xstrdup(codes ? codes : ""), *save = NULL;
    for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save))
        strbuf_printf(&words, "%s%s", words.len ? ", " : "", code_label("intake_problem", c));
    free(list);
    return strbuf_detach(&words);
}
