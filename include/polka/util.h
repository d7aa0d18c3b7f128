/* util.h: allocation that never returns NULL, small string helpers, a growable buffer. */
#ifndef POLKA_UTIL_H
#define POLKA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: abort with a message on out-of-memory, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* xstrdup(NULL) returns NULL */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Frees *p and sets it to NULL. */
void xfree(void *pp);

/* Whole file into a NUL-terminated buffer; *len gets its length. NULL and errno on failure.
 * Caller frees. */
char *util_read_file(const char *path, size_t *len);

bool str_empty(const char *s); /* NULL or "" */
/* The folder of this user's local state (drafts, the printer chosen here): POLKA_STATE_DIR,
 * else $XDG_STATE_HOME/polka, else ~/.local/state/polka; made (0700) when missing. NULL when
 * there is no HOME or it cannot be made. Caller frees. */
char *state_dir(void);
/* Makes path and the folders above it that are missing (mode 0700); false with errno. */
bool util_mkdirs(const char *path);
bool str_eq(const char *a, const char *b); /* NULL-safe */
bool str_starts(const char *s, const char *prefix);

/* A growable NUL-terminated byte buffer. */
struct strbuf {
    char *buf;
    size_t len, cap;
};
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
/* strbuf_add inline when the bytes fit: for loops that add a few bytes millions of times (the
 * .xlsx reader's cells). */
static inline void strbuf_add_fast(struct strbuf *sb, const char *s, size_t n)
{
    if (sb->len + n < sb->cap) {
        memcpy(sb->buf + sb->len, s, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
    } else {
        strbuf_add(sb, s, n);
    }
}
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);   /* empties, keeps memory */
void strbuf_release(struct strbuf *sb); /* frees memory */
/* Takes the buffer out (never NULL, "" when empty); the strbuf is left empty. Caller frees. */
char *strbuf_detach(struct strbuf *sb);

/* A file that appears under its name only when complete: written under a temporary name in
 * the same folder (".NAME.part-PID", created new with `mode`, never through a link), synced and
 * renamed by atomic_commit. */
struct atomic_file {
    char *path, *tmp;
    FILE *f; /* write with stdio */
};
/* False with errno when the temporary file cannot be made (no folder, no right, a full disk). */
bool atomic_open(struct atomic_file *af, const char *path, unsigned mode);
/* Flushes, syncs, closes and renames; false with errno (the temporary file removed). */
bool atomic_commit(struct atomic_file *af);
/* As atomic_commit, but never over a file: under its name, or "STEM (2).EXT", "(3)" ... when
 * that is taken (a link, so another file of that name is never replaced); the name it got in
 * *path (caller frees). */
bool atomic_commit_new(struct atomic_file *af, char **path);
/* Closes and removes the temporary file; safe after a commit and on a zeroed struct. */
void atomic_abort(struct atomic_file *af);

#endif
