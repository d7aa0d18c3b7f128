/* folder.c: see domain/folder.h. */
#include "polka/domain/folder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polka/i18n.h"

bool folder_write(const char *dir, const char *name, const char *data, size_t len,
                  struct strbuf *log)
{
    char *tmp = xasprintf("%s/.%s.part-%ld", dir, name, (long)getpid());
    char *path = xasprintf("%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    bool ok = fd >= 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        off += ok ? (size_t)n : 0;
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        strbuf_printf(log, _("%s: not written: %s\n"), path, strerror(saved));
    }
    free(tmp);
    free(path);
    return ok;
}

bool folder_move_into(const char *dir, const char *sub, const char *name, struct strbuf *log)
{
    char *to_dir = xasprintf("%s/%s", dir, sub);
    char *from = xasprintf("%s/%s", dir, name), *to = xasprintf("%s/%s", to_dir, name);
    bool ok = (mkdir(to_dir, 0755) == 0 || errno == EEXIST) && rename(from, to) == 0;
    if (!ok)
        strbuf_printf(log, _("%s: could not be moved to %s: %s\n"), from, sub, strerror(errno));
    free(to_dir);
    free(from);
    free(to);
    return ok;
}

bool folder_refuse(const char *dir, const char *name, const char *why, struct strbuf *log)
{
    char *bad = xasprintf("%s/bad", dir);
    if (mkdir(bad, 0755) == 0 || errno == EEXIST) {
        char *ename = xasprintf("%s.error", name);
        char *text = xasprintf("%s\n", why);
        folder_write(bad, ename, text, strlen(text), log);
        free(ename);
        free(text);
    }
    free(bad);
    return folder_move_into(dir, "bad", name, log);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **folder_names(const char *dir, const char *suffix, size_t *n, struct strbuf *log)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        strbuf_printf(log, "%s: %s\n", dir, strerror(errno));
        return NULL;
    }
    char **names = xmalloc(sizeof(*names));
    size_t slen = strlen(suffix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] != '.' && len > slen && strcmp(e->d_name + len - slen, suffix) == 0) {
            names = xrealloc(names, (*n + 1) * sizeof(*names));
            names[(*n)++] = xstrdup(e->d_name);
        }
    }
    closedir(d);
    if (*n) /* qsort wants an array, even of none */
        qsort(names, *n, sizeof(*names), by_name);
    return names;
}

void folder_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
