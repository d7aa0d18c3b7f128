/* i18n.c: locale and message catalogs. */
#include "polka/i18n.h"

#include "polka/datadir.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void i18n_init(void)
{
    /* Everything from the environment first, then numbers back to "C": libxlsxwriter and
     * printf must never write decimal commas into files or SQL parameters. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    bindtextdomain("polka", datadir_path(DATADIR_LOCALE));
    bind_textdomain_codeset("polka", "UTF-8");
    textdomain("polka");
}

bool i18n_russian(void)
{
    const char *lang = setlocale(LC_MESSAGES, NULL);
    const char *language = getenv("LANGUAGE");
    if (language && *language && lang && strcmp(lang, "C") != 0)
        return strncmp(language, "ru", 2) == 0;
    return lang && strncmp(lang, "ru", 2) == 0;
}

const char *i18n_pgettext(const char *ctx, const char *msgid)
{
    /* The catalogs key a word with a context as "context\004word". */
    char key[256];
    int n = snprintf(key, sizeof(key), "%s\004%s", ctx, msgid);
    if (n < 0 || (size_t)n >= sizeof(key))
        return msgid;
    const char *t = gettext(key);
    return t == key ? msgid : t;
}
