/* datadir.c: the forms, SQL and message catalogs of an installed Polka are found relative to
 * the executable, so that the same package works under any prefix (and a copied tree runs);
 * a binary in its build folder has no share/polka beside it and uses the tree it was built
 * from, as developers and tests always have. */
#include "polka/datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* DIR_OF_EXE/REL canonical into out (PATH_MAX bytes); false when it does not exist or there is
 * no /proc/self/exe. */
static bool beside_exe(const char *rel, char *out)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    char joined[PATH_MAX * 2];
    snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - exe), exe, rel);
    return realpath(joined, out) != NULL;
}

const char *datadir_installed(void)
{
    static char dir[PATH_MAX];
    static bool done, found;
    if (!done) {
        struct stat st;
        found = beside_exe(POLKA_DATADIR_REL, dir) && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
        done = true;
    }
    return found ? dir : NULL;
}

const char *datadir_path(enum datadir_kind kind)
{
    static const struct {
        const char *env, *sub, *build;
    } kinds[] = {
        [DATADIR_FORMS] = {"POLKA_FORMS", "forms", POLKA_FORMSDIR},
        [DATADIR_SQL] = {"POLKA_SQL", "sql", POLKA_SQLDIR},
        [DATADIR_LOCALE] = {"POLKA_LOCALEDIR", NULL, POLKA_LOCALEDIR},
    };
    static char paths[3][PATH_MAX + 16];
    static bool done[3];
    const char *env = getenv(kinds[kind].env);
    if (env && *env)
        return env;
    if (!done[kind]) {
        const char *inst = datadir_installed();
        char locale[PATH_MAX];
        if (!inst)
            snprintf(paths[kind], sizeof(paths[kind]), "%s", kinds[kind].build);
        else if (kinds[kind].sub)
            snprintf(paths[kind], sizeof(paths[kind]), "%s/%s", inst, kinds[kind].sub);
        else if (beside_exe(POLKA_LOCALEDIR_REL, locale))
            snprintf(paths[kind], sizeof(paths[kind]), "%s", locale);
        else /* installed without catalogs: English, never the build tree's */
            snprintf(paths[kind], sizeof(paths[kind]), "%s/../locale", inst);
        done[kind] = true;
    }
    return paths[kind];
}
