/* record.h: what a card edits. A record is an ordered set of name → text value (NULL = SQL
 * NULL); a document is a head record plus named sections of rows (contacts, points...). The
 * database hands documents over as jsonb (polka.partner_get) and takes them back as jsonb
 * (polka.partner_save), so C never needs per-table structs or a JSON parser. */
#ifndef POLKA_RECORD_H
#define POLKA_RECORD_H

#include <stdbool.h>
#include <stddef.h>

struct record {
    size_t n, cap;
    char **keys, **vals;
};

struct rowset {
    size_t n, cap;
    struct record **rows;
};

struct doc_section {
    char *name;
    struct rowset rows;
};

struct doc {
    struct record head;
    size_t nsections;
    struct doc_section **sections; /* each its own allocation: a rowset pointer stays valid */
};

const char *record_get(const struct record *r, const char *key); /* NULL when absent or NULL */
bool record_has(const struct record *r, const char *key);
void record_set(struct record *r, const char *key, const char *val); /* copies both */
/* Sets each key of "key=value&key=value" (a screen's argument: "day=2031-07-02&warehouse=ZTR");
 * NULL or "" sets nothing; a part without '=' is skipped. */
void record_set_query(struct record *r, const char *query);
struct record *record_new(void);
struct record *record_copy(const struct record *r);
void record_clear(struct record *r); /* frees contents, keeps the struct */
void record_free(struct record **r);

void rowset_add(struct rowset *rs, struct record *row); /* takes ownership */
void rowset_remove(struct rowset *rs, size_t i);        /* frees the row */
void rowset_clear(struct rowset *rs);

/* The section's rows, created empty when missing. */
struct rowset *doc_section(struct doc *d, const char *name);
void doc_clear(struct doc *d);

/* Integers travel as JSON numbers, so SQL can cast (p->'id')::bigint; everything else as a
 * string; NULL and "" as null. `is_number(key)` (may be NULL) says which keys are numeric;
 * by default "id", "version" and names ending in "_id". Caller frees. */
char *doc_to_json(const struct doc *d, bool (*is_number)(const char *key));
/* JSON string escaping of s into sb-like output; exposed for tests. Caller frees. */
char *json_quote(const char *s);

#endif
