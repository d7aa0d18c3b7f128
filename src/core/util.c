/* util.c: allocation wrappers, small string helpers, a growable buffer. */
#include "polka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Out of memory is not something a terminal client can recover from in any useful way; a clear
 * message and a core beat NULL checks that nobody tests. */
static void oom(size_t n)
{
    fprintf(stderr, "polka: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    if (n == 0 || size == 0)
        n = size = 1;
    void *p = calloc(n, size);
    if (!p)
        oom(size && n > SIZE_MAX / size ? SIZE_MAX : n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len])
        len++;
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        fprintf(stderr, "polka: bad format string \"%s\"\n", fmt);
        abort();
    }
    char *p = xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void xfree(void *pp)
{
    /* pp points at any object pointer; memcpy keeps this clear of aliasing rules. */
    void *p;
    memcpy(&p, pp, sizeof(p));
    free(p);
    p = NULL;
    memcpy(pp, &p, sizeof(p));
}

char *util_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* Read in chunks rather than trusting the size from stat: pipes and /proc files lie. */
    struct strbuf sb = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        strbuf_add(&sb, chunk, n);
    if (ferror(f)) {
        int e = errno ? errno : EIO;
        fclose(f);
        strbuf_release(&sb);
        errno = e;
        return NULL;
    }
    fclose(f);
    if (len)
        *len = sb.len;
    return strbuf_detach(&sb);
}

bool str_empty(const char *s)
{
    return !s || !*s;
}

bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
    if (!s || !prefix)
        return false;
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1)
        oom(SIZE_MAX);
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
    strbuf_grow(sb, n);
    if (n)
        memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s ? s : "", s ? strlen(s) : 0);
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        fprintf(stderr, "polka: bad format string \"%s\"\n", fmt);
        abort();
    }
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

char *strbuf_detach(struct strbuf *sb)
{
    char *p = sb->buf ? sb->buf : xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return p;
}

bool util_mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            free(p);
            return false;
        }
        *s = '/';
    }
    bool ok = mkdir(p, 0700) == 0 || errno == EEXIST;
    free(p);
    return ok;
}

char *state_dir(void)
{
    const char *dir = getenv("POLKA_STATE_DIR"), *xdg = getenv("XDG_STATE_HOME"),
               *home = getenv("HOME");
    char *folder;
    if (!str_empty(dir))
        folder = xstrdup(dir);
    else if (!str_empty(xdg))
        folder = xasprintf("%s/polka", xdg);
    else if (!str_empty(home))
        folder = xasprintf("%s/.local/state/polka", home);
    else
        return NULL;
    if (!util_mkdirs(folder)) {
        free(folder);
        return NULL;
    }
    return folder;
}

bool atomic_open(struct atomic_file *af, const char *path, unsigned mode)
{
    memset(af, 0, sizeof(*af));
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path) + 1 : 0;
    af->tmp = xasprintf("%.*s.%s.part-%ld", dirlen, path, path + dirlen, (long)getpid());
    int fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    af->f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!af->f) {
        int saved = errno;
        if (fd >= 0) {
            close(fd);
            unlink(af->tmp);
        }
        xfree(&af->tmp);
        errno = saved;
        return false;
    }
    af->path = xstrdup(path);
    return true;
}

bool atomic_commit(struct atomic_file *af)
{
    FILE *f = af->f;
    af->f = NULL;
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(af->tmp, af->path) != 0) {
        ok = false;
        saved = errno;
    }
    if (ok)
        xfree(&af->tmp);
    atomic_abort(af);
    errno = saved;
    return ok;
}

bool atomic_commit_new(struct atomic_file *af, char **path)
{
    FILE *f = af->f;
    af->f = NULL;
    *path = NULL;
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    const char *slash = strrchr(af->path, '/');
    const char *name = slash ? slash + 1 : af->path;
    const char *dot = strrchr(name, '.');
    int stem = (int)((dot && dot != name ? dot : name + strlen(name)) - af->path);
    for (int k = 1; ok && k < 100; k++) {
        char *p = k == 1 ? xstrdup(af->path)
                         : xasprintf("%.*s (%d)%s", stem, af->path, k, af->path + stem);
        if (link(af->tmp, p) == 0) {
            *path = p;
            break;
        }
        saved = errno;
        free(p);
        ok = saved == EEXIST;
    }
    if (!*path) {
        ok = false;
        if (saved == 0)
            saved = EEXIST;
    }
    atomic_abort(af); /* the temporary name goes; the file stays under its own */
    errno = saved;
    return ok;
}

void atomic_abort(struct atomic_file *af)
{
    if (af->f)
        fclose(af->f);
    af->f = NULL;
    if (af->tmp)
        unlink(af->tmp);
    xfree(&af->tmp);
    xfree(&af->path);
}
