/* order_draft.c: see order_draft.h. */
/* POSIX and glibc: getrandom, clock_gettime, O_CLOEXEC, strtok_r (the pure library gets no
 * feature macros from ncursesw.pc). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "polka/order_draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

/* ---- the catalog ---- */

/* The folded name as " word word ": every character that is not a letter or a digit is a
 * space, so that a word's start is always just after a space (strstr finds " qu"). */
static char *search_form(const char *name)
{
    char *f = text_fold(name);
    struct strbuf sb = {0};
    strbuf_puts(&sb, " ");
    size_t len = strlen(f);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text_decode(f + i, len - i, &cp);
        bool word =
            (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 0x0400 && cp <= 0x04FF);
        if (word)
            strbuf_add(&sb, f + i, k);
        else if (sb.len && sb.buf[sb.len - 1] != ' ')
            strbuf_puts(&sb, " ");
        i += k;
    }
    if (sb.buf[sb.len - 1] != ' ')
        strbuf_puts(&sb, " ");
    free(f);
    return strbuf_detach(&sb);
}

void order_catalog_add(struct order_catalog *c, const struct order_item *it)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->items = xrealloc(c->items, c->cap * sizeof(*c->items));
    }
    struct order_item *n = &c->items[c->n++];
    *n = *it;
    n->code = xstrdup(it->code ? it->code : "");
    n->name = xstrdup(it->name ? it->name : "");
    n->fold = search_form(n->name);
    n->unit = xstrdup(it->unit ? it->unit : "");
    n->promo = xstrdup(it->promo);
    n->origin = xstrdup(it->origin);
}

static int by_code(const void *a, const void *b)
{
    const struct order_item *x = a, *y = b;
    return strcmp(x->code, y->code);
}

static const struct order_catalog *sort_ctx;
static int by_id(const void *a, const void *b)
{
    int64_t x = sort_ctx->items[*(const size_t *)a].id, y = sort_ctx->items[*(const size_t *)b].id;
    return (x > y) - (x < y);
}

static const char *word_text(const struct order_catalog *c, const struct order_word *w)
{
    return c->items[w->item].fold + w->at;
}

static int by_word(const void *a, const void *b)
{
    return strcmp(word_text(sort_ctx, a), word_text(sort_ctx, b));
}

/* Every word start of every fold (just after a space), sorted by the text from there. */
static void index_words(struct order_catalog *c)
{
    free(c->words);
    free(c->mark);
    size_t cap = c->n * 4 + 16;
    c->words = xmalloc(cap * sizeof(*c->words));
    c->nwords = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *f = c->items[i].fold;
        for (size_t k = 1; f[k]; k++) {
            if (f[k - 1] != ' ' || f[k] == ' ')
                continue;
            if (c->nwords == cap) {
                cap *= 2;
                c->words = xrealloc(c->words, cap * sizeof(*c->words));
            }
            c->words[c->nwords++] = (struct order_word){(uint32_t)i, (uint32_t)k};
        }
    }
    qsort(c->words, c->nwords, sizeof(*c->words), by_word);
    c->mark = xcalloc(c->n + 1, 1);
}

void order_catalog_index(struct order_catalog *c)
{
    qsort(c->items, c->n, sizeof(*c->items), by_code);
    free(c->by_id);
    c->by_id = xmalloc((c->n + 1) * sizeof(*c->by_id));
    for (size_t i = 0; i < c->n; i++)
        c->by_id[i] = i;
    sort_ctx = c;
    qsort(c->by_id, c->n, sizeof(*c->by_id), by_id);
    index_words(c);
    sort_ctx = NULL;
}

void order_catalog_free(struct order_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct order_item *it = &c->items[i];
        free(it->code);
        free(it->name);
        free(it->fold);
        free(it->unit);
        free(it->promo);
        free(it->origin);
    }
    free(c->items);
    free(c->by_id);
    free(c->words);
    free(c->mark);
    free(c->agreement_id);
    free(c->ship_on);
    free(c->client_id);
    free(c->point_id);
    memset(c, 0, sizeof(*c));
}

const struct order_item *order_catalog_by_id(const struct order_catalog *c, int64_t id)
{
    size_t lo = 0, hi = c->by_id ? c->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = c->items[c->by_id[mid]].id;
        if (v == id)
            return &c->items[c->by_id[mid]];
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The first item whose code is >= key. */
static size_t lower_bound(const struct order_catalog *c, const char *key)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->items[mid].code, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct order_item *order_catalog_by_code(const struct order_catalog *c, const char *code)
{
    size_t i = lower_bound(c, code);
    return i < c->n && strcmp(c->items[i].code, code) == 0 ? &c->items[i] : NULL;
}

size_t order_catalog_code_prefix(const struct order_catalog *c, const char *prefix, size_t *first)
{
    /* Codes starting with prefix sort between prefix and prefix + "\xff" (strcmp compares
     * unsigned bytes): two binary searches, however many there are. */
    size_t i = lower_bound(c, prefix);
    char *end = xasprintf("%s\xff", prefix);
    size_t j = lower_bound(c, end);
    free(end);
    *first = i;
    return j - i;
}

/* The first word that starts with key (after: the first past those that do). */
static size_t word_bound(const struct order_catalog *c, const char *key, size_t klen, bool after)
{
    size_t lo = 0, hi = c->nwords;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strncmp(word_text(c, &c->words[mid]), key, klen);
        if (d < 0 || (after && d == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t order_catalog_name_search(const struct order_catalog *c, const char *query, size_t *out,
                                 size_t max)
{
    /* The query's words, each the range of the word index whose words start with it. */
    char *q = search_form(query);
    struct range {
        size_t lo, hi;
    } r[16];
    size_t nw = 0;
    for (char *p = q; *p && nw < ARRAY_SIZE(r);) {
        char *end = strchr(p + 1, ' ');
        if (!end || end == p + 1)
            break;
        size_t klen = (size_t)(end - p - 1);
        r[nw].lo = word_bound(c, p + 1, klen, false);
        r[nw].hi = word_bound(c, p + 1, klen, true);
        nw++;
        p = end;
    }
    free(q);
    if (!nw || !c->mark)
        return 0;
    /* An item's mark counts the query's words it has: each range raises the marks that every
     * word before it raised, narrowest range first. The names themselves are never read (a
     * strstr over each candidate's name was 2 ms for 10,000 candidates, and 10-20 ms the first
     * time, the names not in cache). */
    for (size_t i = 1; i < nw; i++)
        for (size_t j = i; j > 0 && r[j].hi - r[j].lo < r[j - 1].hi - r[j - 1].lo; j--) {
            struct range t = r[j];
            r[j] = r[j - 1];
            r[j - 1] = t;
        }
    memset(c->mark, 0, c->n);
    for (size_t w = 0; w < nw; w++)
        for (size_t k = r[w].lo; k < r[w].hi; k++) {
            unsigned char *m = &c->mark[c->words[k].item];
            if (*m == w)
                *m = (unsigned char)(w + 1);
        }
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) /* in code order */
        if (c->mark[i] == nw) {
            if (total < max)
                out[total] = i;
            total++;
        }
    return total;
}

/* ---- quantities and money ---- */

const char *order_qty_parse(const struct order_item *it, const char *text, int64_t *qty,
                            bool *rounded)
{
    int64_t v;
    *rounded = false;
    enum decimal_status ds = decimal_parse(text, it->scale, &v);
    if (ds == DECIMAL_EMPTY)
        return _("Type the quantity.");
    if (ds == DECIMAL_PRECISION)
        return it->scale ? _("Too many decimals for this product's unit.")
                         : _("This product is counted in whole units.");
    if (ds != DECIMAL_OK)
        return _("The quantity is not a number.");
    v = decimal_rescale(v, it->scale, QTY_SCALE);
    if (v <= 0)
        return _("The quantity must be greater than zero.");
    if (v >= 1000000LL * 1000)
        return _("The quantity must be below a million.");
    if (it->pack > 0 && v % it->pack) {
        v += it->pack - v % it->pack;
        *rounded = true;
        if (v >= 1000000LL * 1000)
            return _("The quantity must be below a million.");
    }
    *qty = v;
    return NULL;
}

/* a * b / d rounded half away from zero, for non-negative a, b and positive d. */
static int64_t mul_div(int64_t a, int64_t b, int64_t d)
{
    __int128 p = (__int128)a * b;
    return (int64_t)((p + d / 2) / d);
}

int64_t order_line_amount(int64_t qty, int64_t price)
{
    return price < 0 ? 0 : mul_div(qty, price, 1000);
}

int64_t order_line_vat(int64_t amount, int vat)
{
    return mul_div(amount, vat, 10000 + vat);
}

int64_t order_line_weight(int64_t qty, int64_t weight)
{
    return mul_div(qty, weight, 1000);
}

/* ---- the draft ---- */

void order_new_key(char out[37])
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof(b)) {
        ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
        if (n > 0)
            got += (size_t)n;
        else if (errno != EINTR) {
            /* No entropy source: time and pid still make a key no other save shares. */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)getpid();
            for (size_t i = got; i < sizeof(b);
                 i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
                b[i] = (unsigned char)(x >> 56);
            got = sizeof(b);
        }
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

void order_draft_clear(struct order_draft *d)
{
    free(d->id);
    free(d->version);
    free(d->client_id);
    free(d->client_label);
    free(d->point_id);
    free(d->point_label);
    free(d->ship_on);
    free(d->comment);
    free(d->lines);
    memset(d, 0, sizeof(*d));
    order_new_key(d->key);
}

bool order_draft_empty(const struct order_draft *d)
{
    return str_empty(d->client_id) && d->n == 0;
}

char *order_draft_digest(const struct order_draft *d)
{
    struct strbuf sb = {0};
    const char *parts[] = {d->client_id, d->point_id, d->ship_on, d->comment};
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) /* lengths first: no separator to forge */
        strbuf_printf(&sb, "%zu:%s|", parts[i] ? strlen(parts[i]) : 0, parts[i] ? parts[i] : "");
    for (size_t i = 0; i < d->n; i++)
        strbuf_printf(&sb, "%lld*%lld;", (long long)d->lines[i].product_id,
                      (long long)d->lines[i].qty);
    return strbuf_detach(&sb);
}

long order_draft_find(const struct order_draft *d, int64_t product_id)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->lines[i].product_id == product_id)
            return (long)i;
    return -1;
}

void order_draft_add(struct order_draft *d, int64_t product_id, int64_t qty)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->lines = xrealloc(d->lines, d->cap * sizeof(*d->lines));
    }
    d->lines[d->n++] = (struct order_line){product_id, qty};
}

void order_draft_remove(struct order_draft *d, size_t i)
{
    if (i >= d->n)
        return;
    memmove(&d->lines[i], &d->lines[i + 1], (d->n - i - 1) * sizeof(*d->lines));
    d->n--;
}

static void set_text(char **field, const char *v)
{
    char *copy = xstrdup(v); /* v may be the field itself */
    free(*field);
    *field = copy;
}

void order_draft_set_client(struct order_draft *d, const char *id, const char *label)
{
    if (!str_eq(d->client_id, id))
        order_draft_set_point(d, NULL, NULL);
    set_text(&d->client_id, id);
    set_text(&d->client_label, label);
}

void order_draft_set_point(struct order_draft *d, const char *id, const char *label)
{
    set_text(&d->point_id, id);
    set_text(&d->point_label, label);
}

void order_draft_set_day(struct order_draft *d, const char *ship_on, const char *comment)
{
    set_text(&d->ship_on, ship_on);
    set_text(&d->comment, comment);
}

size_t order_draft_put(struct order_draft *d, int64_t product_id, int64_t qty, bool *merged)
{
    long at = order_draft_find(d, product_id);
    *merged = at >= 0;
    if (at >= 0) {
        d->lines[at].qty += qty;
        return (size_t)at;
    }
    order_draft_add(d, product_id, qty);
    return d->n - 1;
}

bool order_draft_set_qty(struct order_draft *d, size_t i, int64_t qty)
{
    if (i >= d->n)
        return false;
    d->lines[i].qty = qty;
    return true;
}

enum order_note order_line_note(const struct order_item *it, int64_t qty)
{
    if (it->price < 0)
        return ORDER_NOTE_NO_PRICE;
    if (it->in_assortment == 0)
        return ORDER_NOTE_MATRIX;
    if (qty > it->free)
        return ORDER_NOTE_OVER_FREE;
    return it->promo ? ORDER_NOTE_PROMO : ORDER_NOTE_NONE;
}

struct order_totals order_draft_totals(const struct order_draft *d, const struct order_catalog *c)
{
    struct order_totals t = {0};
    for (size_t i = 0; i < d->n; i++) {
        const struct order_item *it = order_catalog_by_id(c, d->lines[i].product_id);
        if (!it)
            continue;
        t.weight += order_line_weight(d->lines[i].qty, it->weight);
        int64_t a = order_line_amount(d->lines[i].qty, it->price);
        t.amount += a;
        t.vat += order_line_vat(a, it->vat);
    }
    return t;
}

/* ---- the journal ---- */

/* A name part safe in a file name: letters, digits, - and _ kept, the rest _. */
static char *safe_part(const char *s)
{
    char *r = xstrdup(s ? s : "");
    for (char *p = r; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            *p = '_';
    return r;
}

char *order_journal_path(const char *user, const char *dbname)
{
    char *folder = state_dir();
    if (!folder)
        return NULL;
    char *u = safe_part(user), *db = safe_part(dbname);
    char *path = xasprintf("%s/order-draft-%s@%s", folder, u, db);
    free(u);
    free(db);
    free(folder);
    return path;
}

/* How many order screens of one person on one database may keep a draft each. */
#define JOURNAL_SLOTS 8

char *order_journal_claim(const char *user, const char *dbname, bool want_draft, int *lock_fd)
{
    *lock_fd = -1;
    char *base = order_journal_path(user, dbname);
    if (!base)
        return NULL;
    char *chosen = NULL;
    for (int k = 0; k < JOURNAL_SLOTS; k++) {
        char *path = k ? xasprintf("%s-%d", base, k + 1) : xstrdup(base);
        char *lock = xasprintf("%s.lock", path);
        int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        free(lock);
        if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) { /* another session's */
            if (fd >= 0)
                close(fd);
            free(path);
            continue;
        }
        bool draft = access(path, F_OK) == 0;
        if ((draft && want_draft) || (!draft && !chosen)) {
            order_journal_release(lock_fd);
            free(chosen);
            chosen = path;
            *lock_fd = fd;
            if (draft)
                break;
        } else {
            close(fd);
            free(path);
        }
    }
    if (!chosen) /* every slot taken, or no lock to be had: the first, as before */
        return base;
    free(base);
    return chosen;
}

void order_journal_release(int *lock_fd)
{
    if (*lock_fd >= 0)
        close(*lock_fd);
    *lock_fd = -1;
}

/* Values are one line each: what came from the keyboard has no control characters left
 * (text_sanitize), and a stray one is written as a space rather than break the file. */
static void put(struct strbuf *sb, const char *key, const char *val)
{
    if (!val)
        return;
    strbuf_printf(sb, "%s\t", key);
    for (const char *p = val; *p; p++)
        strbuf_add(sb, (unsigned char)*p < 0x20 ? " " : p, 1);
    strbuf_puts(sb, "\n");
}

bool order_journal_write(const char *path, struct order_draft *d)
{
    struct strbuf sb = {0};
    d->saved_at = time(NULL);
    strbuf_printf(&sb, "polka-order-draft 1\nsaved\t%lld\n", (long long)d->saved_at);
    put(&sb, "key", d->key);
    put(&sb, "id", d->id);
    put(&sb, "version", d->version);
    put(&sb, "client_id", d->client_id);
    put(&sb, "client_label", d->client_label);
    put(&sb, "point_id", d->point_id);
    put(&sb, "point_label", d->point_label);
    put(&sb, "ship_on", d->ship_on);
    put(&sb, "comment", d->comment);
    for (size_t i = 0; i < d->n; i++)
        strbuf_printf(&sb, "line\t%lld\t%lld\n", (long long)d->lines[i].product_id,
                      (long long)d->lines[i].qty);
    strbuf_puts(&sb, "end\n");
    char *tmp = xasprintf("%s.tmp", path);
    bool ok = false;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        size_t off = 0;
        while (off < sb.len) {
            ssize_t n = write(fd, sb.buf + off, sb.len - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            off += (size_t)n;
        }
        ok = off == sb.len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok) {
            int e = errno;
            unlink(tmp);
            errno = e;
        }
    }
    free(tmp);
    strbuf_release(&sb);
    return ok;
}

bool order_journal_read(const char *path, struct order_draft *d)
{
    size_t len;
    char *text = util_read_file(path, &len);
    order_draft_clear(d);
    if (!text)
        return false;
    bool ok = str_starts(text, "polka-order-draft 1\n") && strstr(text, "\nend\n") &&
              text_utf8_valid(text, len) && strlen(text) == len;
    char *save = NULL;
    for (char *line = ok ? strtok_r(text, "\n", &save) : NULL; line && ok;
         line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue; /* the first line, "end" */
        *tab = '\0';
        const char *v = tab + 1;
        char **field = strcmp(line, "id") == 0             ? &d->id
                       : strcmp(line, "version") == 0      ? &d->version
                       : strcmp(line, "client_id") == 0    ? &d->client_id
                       : strcmp(line, "client_label") == 0 ? &d->client_label
                       : strcmp(line, "point_id") == 0     ? &d->point_id
                       : strcmp(line, "point_label") == 0  ? &d->point_label
                       : strcmp(line, "ship_on") == 0      ? &d->ship_on
                       : strcmp(line, "comment") == 0      ? &d->comment
                                                           : NULL;
        if (field) {
            free(*field);
            *field = xstrdup(v);
        } else if (strcmp(line, "key") == 0) {
            ok = strlen(v) == 36;
            if (ok)
                memcpy(d->key, v, 37);
        } else if (strcmp(line, "saved") == 0) {
            d->saved_at = (time_t)strtoll(v, NULL, 10);
        } else if (strcmp(line, "line") == 0) {
            char *end;
            long long pid = strtoll(v, &end, 10), qty;
            ok = *end == '\t' && pid > 0;
            if (ok) {
                qty = strtoll(end + 1, &end, 10);
                ok = *end == '\0' && qty > 0;
                if (ok)
                    order_draft_add(d, pid, qty);
            }
        }
    }
    free(text);
    if (!ok)
        order_draft_clear(d);
    return ok;
}

void order_journal_remove(const char *path)
{
    if (path)
        unlink(path);
}
