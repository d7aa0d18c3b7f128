/* datadir.h: where Polka's data is: the forms, the SQL files and the message catalogs. */
#ifndef POLKA_DATADIR_H
#define POLKA_DATADIR_H

enum datadir_kind {
    DATADIR_FORMS,  /* the screen forms, reports/ the report forms */
    DATADIR_SQL,    /* sql/schema, sql/functions, sql/demo */
    DATADIR_LOCALE, /* LANG/LC_MESSAGES/polka.mo */
};

/* The folder of one kind of data, the first of:
 *   1. the environment: POLKA_FORMS, POLKA_SQL, POLKA_LOCALEDIR (when set and not empty);
 *   2. an installed copy beside the running executable (/proc/self/exe): BINDIR/../share/polka/
 *      forms and sql and BINDIR/../share/locale, when BINDIR/../share/polka is a folder (the
 *      relative paths come from GNUInstallDirs at configure time);
 *   3. the source and build tree the binary was built from (developers and tests).
 * Command-line options (--forms, --dir) still win over what this returns. Never NULL; the
 * string is static, computed once per kind. */
const char *datadir_path(enum datadir_kind kind);

/* The installed data folder (BINDIR/../share/polka, canonical) of the running executable, or
 * NULL when it does not exist: then datadir_path falls back to the build tree. Static. */
const char *datadir_installed(void);

#endif
