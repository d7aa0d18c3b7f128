/* claims.c: see domain/claims.h. */
#include "polka/domain/claims.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

char *claim_register(struct db *db, const char *partner, const char *words, struct db_error *err)
{
    const char *p[2] = {partner, words};
    char *id = value_fetch(db, "SELECT polka.claim_quick($1::bigint, $2)", 2, p, false, err);
    if (!id)
        return NULL;
    const char *q[1] = {id};
    char *number =
        value_fetch(db, "SELECT number FROM polka.claims WHERE id = $1::bigint", 1, q, true, err);
    free(id);
    return number;
}

char *claim_done(struct db *db, const char *claim, const char *n, const char *outcome,
                 struct db_error *err)
{
    const char *p[3] = {claim, n, outcome};
    return value_fetch(db, "SELECT polka.claim_stage_done($1::bigint, $2::integer, $3)", 3, p,
                       false, err);
}

char *claim_give(struct db *db, const char *claim, const char *person, struct db_error *err)
{
    const char *p[2] = {claim, person};
    return value_fetch(db, "SELECT polka.claim_reassign($1::bigint, $2::bigint)", 2, p, false, err);
}

bool claim_call_log(struct db *db, const char *partner, struct db_error *err)
{
    const char *p[1] = {partner};
    char *v = value_fetch(db, "SELECT polka.claim_call($1::bigint)", 1, p, false, err);
    free(v);
    return v != NULL;
}

long claims_escalate_due(struct db *db, struct db_error *err)
{
    char *v = value_fetch(db, "SELECT polka.claims_escalate()", 0, NULL, false, err);
    long n = v ? atol(v) : -1;
    free(v);
    return n;
}

char *claim_add_document(struct db *db, const char *claim, const char *code, struct db_error *err)
{
    const char *p[2] = {claim, code};
    return value_fetch(db, "SELECT polka.claim_document_add($1::bigint, $2)", 2, p, false, err);
}

char *claim_decision(struct db *db, const char *claim, const char *resolution, const char *reason,
                     struct db_error *err)
{
    const char *p[3] = {claim, resolution, reason};
    return value_fetch(db, "SELECT polka.claim_decide($1::bigint, $2, $3)", 3, p, false, err);
}

char *claim_make_returns(struct db *db, const char *claim, struct db_error *err)
{
    const char *p[1] = {claim};
    return value_fetch(db, "SELECT polka.claim_return($1::bigint)", 1, p, false, err);
}

static bool starts(const unsigned char *head, size_t n, size_t at, const char *magic, size_t len)
{
    return n >= at + len && memcmp(head + at, magic, len) == 0;
}

const char *claim_file_type(const unsigned char *head, size_t n, const char *name)
{
    const char *ext = strrchr(name, '.');
    ext = ext ? ext + 1 : "";
    if (starts(head, n, 0, "\xff\xd8\xff", 3))
        return "image/jpeg";
    if (starts(head, n, 0, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (starts(head, n, 0, "GIF8", 4))
        return "image/gif";
    if (starts(head, n, 0, "RIFF", 4) && starts(head, n, 8, "WEBP", 4))
        return "image/webp";
    if (starts(head, n, 4, "ftypheic", 8) || starts(head, n, 4, "ftypmif1", 8))
        return "image/heic";
    if (starts(head, n, 0, "%PDF-", 5))
        return "application/pdf";
    if (starts(head, n, 0, "PK\x03\x04", 4)) {
        if (strcasecmp(ext, "xlsx") == 0)
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (strcasecmp(ext, "docx") == 0)
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        return "application/zip";
    }
    if (starts(head, n, 0, "\xd0\xcf\x11\xe0", 4))
        return "application/x-ole-storage"; /* .xls, .doc */
    /* Text: no NUL, valid UTF-8 (the head may end inside a character). */
    for (size_t cut = 0; !memchr(head, '\0', n) && cut < 4 && cut < n; cut++)
        if (text_utf8_valid((const char *)head, n - cut))
            return "text/plain";
    return "application/octet-stream";
}

/* Reads a regular file of 1 byte to CLAIM_FILE_MAX whole; NULL with *problem. */
static unsigned char *read_small_file(const char *path, size_t *len, char **problem)
{
    struct stat st;
    if (stat(path, &st) != 0)
        *problem = xasprintf(_("%s cannot be read: %s."), path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        *problem = xasprintf(_("%s is not a file (a folder or a device?)."), path);
    else if (st.st_size == 0)
        *problem = xasprintf(_("%s is empty: there is nothing to add."), path);
    else if (st.st_size > CLAIM_FILE_MAX)
        *problem = xasprintf(_("%s is %lld bytes: a file is at most %d MB."), path,
                             (long long)st.st_size, CLAIM_FILE_MAX / (1024 * 1024));
    if (*problem)
        return NULL;
    char *data = util_read_file(path, len);
    if (!data)
        *problem = xasprintf(_("%s cannot be read: %s."), path, strerror(errno));
    else if (*len == 0 || *len > CLAIM_FILE_MAX)
        *problem = xasprintf(_("%s changed or could not be read whole."), path);
    if (*problem) {
        free(data);
        return NULL;
    }
    return (unsigned char *)data;
}

char *claim_file_add(struct db *db, const char *claim, const char *path, char **problem,
                     struct db_error *err)
{
    return file_attach(db, "SELECT polka.claim_attach($1::bigint, $2, $3, $4::bytea)", claim, path,
                       problem, err);
}

char *file_attach(struct db *db, const char *attach_sql, const char *owner, const char *path,
                  char **problem, struct db_error *err)
{
    *problem = NULL;
    size_t len = 0;
    unsigned char *body = read_small_file(path, &len, problem);
    if (!body)
        return NULL;
    /* Its own name, without the folders; the database refuses what a name may not hold. */
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    /* bytea travels as text (hex), as every value here does. */
    static const char hex[] = "0123456789abcdef";
    char *text = xmalloc(2 * len + 3);
    text[0] = '\\';
    text[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        text[2 + 2 * i] = hex[body[i] >> 4];
        text[3 + 2 * i] = hex[body[i] & 15];
    }
    text[2 * len + 2] = '\0';
    const char *p[4] = {owner, name, claim_file_type(body, len < 64 ? len : 64, name), text};
    char *id = value_fetch(db, attach_sql, 4, p, false, err);
    free(text);
    free(body);
    if (!id)
        return NULL;
    free(id);
    return xstrdup(name);
}

static int unhex(int c)
{
    return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
}

char *claim_file_save(struct db *db, const char *file, const char *folder, char **problem,
                      struct db_error *err)
{
    *problem = NULL;
    const char *p[1] = {file};
    struct db_result *r = db_exec(
        db, "SELECT name, body FROM polka.attachments WHERE id = $1::bigint", 1, p, true, err);
    if (!r)
        return NULL;
    if (db_rows(r) != 1) {
        db_result_free(&r);
        *problem = xstrdup(_("The file is not there any more, or not yours to see."));
        return NULL;
    }
    const char *name = db_value(r, 0, 0), *text = db_value(r, 0, 1);
    /* The database keeps names without folders; a name that is not one is not written. */
    if (strchr(name, '/') || name[0] == '.' || name[0] == '\0') {
        *problem = xasprintf(_("The file's name %s is not a plain name: not saved."), name);
        db_result_free(&r);
        return NULL;
    }
    size_t n = strlen(text) >= 2 ? (strlen(text) - 2) / 2 : 0;
    unsigned char *body = xmalloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        body[i] = (unsigned char)(unhex(text[2 + 2 * i]) << 4 | unhex(text[3 + 2 * i]));
    /* Under its own name only once written whole (a killed terminal leaves no half file). */
    char *want = xasprintf("%s/%s", folder, name);
    db_result_free(&r);
    struct atomic_file af;
    char *path = NULL;
    bool ok = atomic_open(&af, want, 0644);
    if (ok && fwrite(body, 1, n, af.f) != n) {
        int e = errno;
        atomic_abort(&af);
        errno = e;
        ok = false;
    }
    ok = ok && atomic_commit_new(&af, &path);
    if (!ok)
        *problem = xasprintf(_("Cannot write into %s: %s."), folder, strerror(errno));
    free(want);
    free(body);
    return path;
}

char *claim_make_discount(struct db *db, const char *claim, const char *amount,
                          struct db_error *err)
{
    const char *p[2] = {claim, amount};
    return value_fetch(db, "SELECT polka.claim_discount($1::bigint, $2::numeric)", 2, p, false,
                       err);
}

bool claim_add_comment(struct db *db, const char *claim, const char *body, struct db_error *err)
{
    const char *p[2] = {claim, body};
    char *v = value_fetch(db, "SELECT polka.claim_comment($1::bigint, $2)", 2, p, false, err);
    free(v);
    return v != NULL;
}
