/* lookup.c: named look-ups served by polka.lookup(kind, query, limit). Small ones are cached
 * for the session so that drawing a card never waits on the network. */
#include "polka/domain/lookup.h"

#include <stdlib.h>
#include <string.h>

#include "polka/codes.h"
#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

/* Served by polka.lookup; the fixed code sets (codes.h) the client answers itself, in the
 * user's words. */
static const char *const kinds[] = {
    "manager",           "partner",  "client",     "price_type", "price_source", "agreement",
    "typical_agreement", "category", "product",    "carrier",    "vehicle",      "route",
    "warehouse",         "point",    "department", "person",     "claim_cause",  "rep"};
/* Too many to cache whole: labels of these come with the documents. */
static const char *const big_kinds[] = {"partner", "client", "agreement", "product", "point"};

struct cache_entry {
    char *kind, *code, *label;
};
static struct cache_entry *cache;
static size_t ncache;
static char **loaded; /* kinds already cached */
static size_t nloaded;

bool lookup_kind_known(const char *kind)
{
    if (code_set_known(kind))
        return true;
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
        if (str_eq(kinds[i], kind))
            return true;
    return false;
}

/* A code set's look-up: its codes whose words match, the words translated. */
static int codes_fetch(const char *kind, const char *query, char ***codes, char ***labels)
{
    const char *found[64];
    size_t n = code_set_find(kind, query, found, ARRAY_SIZE(found));
    *codes = xcalloc(n + 1, sizeof(char *));
    *labels = xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        (*codes)[i] = xstrdup(found[i]);
        (*labels)[i] = xstrdup(code_label(kind, found[i]));
    }
    return (int)n;
}

int lookup_fetch(struct db *db, const char *kind, const char *by, const char *query, char ***codes,
                 char ***labels, struct db_error *err)
{
    if (code_set_known(kind))
        return codes_fetch(kind, query, codes, labels);
    const char *p[3] = {kind, query ? query : "", by};
    struct db_result *r =
        db_exec(db, "SELECT code, label FROM polka.lookup($1, $2, 50, $3)", 3, p, true, err);
    if (!r)
        return -1;
    int n = db_rows(r);
    *codes = xcalloc((size_t)n + 1, sizeof(char *));
    *labels = xcalloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++) {
        (*codes)[i] = xstrdup(db_value(r, i, 0));
        (*labels)[i] = xstrdup(db_value(r, i, 1) ? db_value(r, i, 1) : "");
    }
    db_result_free(&r);
    return n;
}

static bool is_loaded(const char *kind)
{
    for (size_t i = 0; i < nloaded; i++)
        if (strcmp(loaded[i], kind) == 0)
            return true;
    return false;
}

char *lookup_label(struct db *db, const char *kind, const char *code)
{
    if (!kind || !code)
        return NULL;
    if (code_set_known(kind))
        return xstrdup(code_label(kind, code));
    for (size_t i = 0; i < ARRAY_SIZE(big_kinds); i++)
        if (strcmp(big_kinds[i], kind) == 0)
            return NULL;
    if (!is_loaded(kind)) {
        struct db_error err = {0};
        const char *p[1] = {kind};
        struct db_result *r =
            db_exec(db, "SELECT code, label FROM polka.lookup($1, '', 1000)", 1, p, true, &err);
        db_error_clear(&err);
        if (!r)
            return NULL;
        for (int i = 0; i < db_rows(r); i++) {
            cache = xrealloc(cache, (ncache + 1) * sizeof(*cache));
            cache[ncache++] = (struct cache_entry){xstrdup(kind), xstrdup(db_value(r, i, 0)),
                                                   xstrdup(db_value(r, i, 1))};
        }
        db_result_free(&r);
        loaded = xrealloc(loaded, (nloaded + 1) * sizeof(*loaded));
        loaded[nloaded++] = xstrdup(kind);
    }
    for (size_t i = 0; i < ncache; i++)
        if (str_eq(cache[i].kind, kind) && str_eq(cache[i].code, code))
            return xstrdup(cache[i].label);
    return NULL;
}

void lookup_cache_clear(void)
{
    for (size_t i = 0; i < ncache; i++) {
        free(cache[i].kind);
        free(cache[i].code);
        free(cache[i].label);
    }
    for (size_t i = 0; i < nloaded; i++)
        free(loaded[i]);
    xfree(&cache);
    xfree(&loaded);
    ncache = nloaded = 0;
}
