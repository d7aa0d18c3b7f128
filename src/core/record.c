/* record.c: see record.h. */
#include "polka/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/util.h"

static long find(const struct record *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->keys[i], key) == 0)
            return (long)i;
    return -1;
}

const char *record_get(const struct record *r, const char *key)
{
    long i = r ? find(r, key) : -1;
    return i < 0 ? NULL : r->vals[i];
}

bool record_has(const struct record *r, const char *key)
{
    return r && find(r, key) >= 0;
}

void record_set(struct record *r, const char *key, const char *val)
{
    long i = find(r, key);
    if (i >= 0) {
        char *v = xstrdup(val);
        free(r->vals[i]);
        r->vals[i] = v;
        return;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->keys = xrealloc(r->keys, r->cap * sizeof(*r->keys));
        r->vals = xrealloc(r->vals, r->cap * sizeof(*r->vals));
    }
    r->keys[r->n] = xstrdup(key);
    r->vals[r->n++] = xstrdup(val);
}

struct record *record_new(void)
{
    return xcalloc(1, sizeof(struct record));
}

struct record *record_copy(const struct record *r)
{
    struct record *c = record_new();
    for (size_t i = 0; r && i < r->n; i++)
        record_set(c, r->keys[i], r->vals[i]);
    return c;
}

void record_clear(struct record *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i]);
        free(r->vals[i]);
    }
    free(r->keys);
    free(r->vals);
    memset(r, 0, sizeof(*r));
}

void record_free(struct record **r)
{
    if (!r || !*r)
        return;
    record_clear(*r);
    xfree(r);
}

void rowset_add(struct rowset *rs, struct record *row)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 8;
        rs->rows = xrealloc(rs->rows, rs->cap * sizeof(*rs->rows));
    }
    rs->rows[rs->n++] = row;
}

void rowset_remove(struct rowset *rs, size_t i)
{
    if (i >= rs->n)
        return;
    record_free(&rs->rows[i]);
    memmove(rs->rows + i, rs->rows + i + 1, (rs->n - i - 1) * sizeof(*rs->rows));
    rs->n--;
}

void rowset_clear(struct rowset *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        record_free(&rs->rows[i]);
    free(rs->rows);
    memset(rs, 0, sizeof(*rs));
}

struct rowset *doc_section(struct doc *d, const char *name)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (strcmp(d->sections[i]->name, name) == 0)
            return &d->sections[i]->rows;
    d->sections = xrealloc(d->sections, (d->nsections + 1) * sizeof(*d->sections));
    struct doc_section *s = xmalloc(sizeof(*s));
    d->sections[d->nsections++] = s;
    s->name = xstrdup(name);
    memset(&s->rows, 0, sizeof(s->rows));
    return &s->rows;
}

void doc_clear(struct doc *d)
{
    record_clear(&d->head);
    for (size_t i = 0; i < d->nsections; i++) {
        free(d->sections[i]->name);
        rowset_clear(&d->sections[i]->rows);
        free(d->sections[i]);
    }
    free(d->sections);
    memset(d, 0, sizeof(*d));
}

char *json_quote(const char *s)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            strbuf_puts(&sb, "\\\"");
            break;
        case '\\':
            strbuf_puts(&sb, "\\\\");
            break;
        default:
            if (*p < 0x20)
                strbuf_printf(&sb, "\\u%04x", *p);
            else
                strbuf_add(&sb, (const char *)p, 1);
        }
    }
    strbuf_puts(&sb, "\"");
    return strbuf_detach(&sb);
}

static bool default_number(const char *key)
{
    size_t n = strlen(key);
    return strcmp(key, "id") == 0 || strcmp(key, "version") == 0 ||
           (n > 3 && strcmp(key + n - 3, "_id") == 0);
}

static bool looks_integer(const char *v)
{
    if (*v == '-')
        v++;
    if (!*v || strlen(v) > 18)
        return false;
    for (; *v; v++)
        if (*v < '0' || *v > '9')
            return false;
    return true;
}

static void record_json(struct strbuf *sb, const struct record *r, bool (*is_number)(const char *))
{
    strbuf_puts(sb, "{");
    bool first = true;
    for (size_t i = 0; i < r->n; i++) {
        if (strchr(r->keys[i], '.')) /* display helpers such as "manager_id.label" */
            continue;
        char *k = json_quote(r->keys[i]);
        strbuf_printf(sb, "%s%s:", first ? "" : ",", k);
        free(k);
        first = false;
        const char *v = r->vals[i];
        if (str_empty(v))
            strbuf_puts(sb, "null");
        else if (is_number(r->keys[i]) && looks_integer(v))
            strbuf_puts(sb, v);
        else {
            char *q = json_quote(v);
            strbuf_puts(sb, q);
            free(q);
        }
    }
    strbuf_puts(sb, "}");
}

char *doc_to_json(const struct doc *d, bool (*is_number)(const char *key))
{
    if (!is_number)
        is_number = default_number;
    struct strbuf sb = {0};
    record_json(&sb, &d->head, is_number);
    sb.len--; /* reopen the head object to append the sections */
    sb.buf[sb.len] = '\0';
    for (size_t i = 0; i < d->nsections; i++) {
        char *k = json_quote(d->sections[i]->name);
        strbuf_printf(&sb, "%s%s:[", sb.buf[sb.len - 1] == '{' ? "" : ",", k);
        free(k);
        for (size_t j = 0; j < d->sections[i]->rows.n; j++) {
            if (j)
                strbuf_puts(&sb, ",");
            record_json(&sb, d->sections[i]->rows.rows[j], is_number);
        }
        strbuf_puts(&sb, "]");
    }
    strbuf_puts(&sb, "}");
    return strbuf_detach(&sb);
}

void record_set_query(struct record *r, const char *query)
{
    for (const char *p = query; p && *p;) {
        size_t n = strcspn(p, "&"), k = strcspn(p, "=");
        if (k < n) {
            char *key = xstrndup(p, k), *val = xstrndup(p + k + 1, n - k - 1);
            record_set(r, key, val);
            free(key);
            free(val);
        }
        p += n + (p[n] == '&');
    }
}
