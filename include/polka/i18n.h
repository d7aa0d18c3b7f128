/* i18n.h: gettext for user-visible messages; "polka" text domain. */
#ifndef POLKA_I18N_H
#define POLKA_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s)  gettext(s)
#define N_(s) (s)
/* A word with a context (the translators tell "Individual" the price kind from the agreement
 * kind): NP_ marks it in a table, i18n_pgettext translates it (msgctxt in the catalogs). */
#define NP_(ctx, s) (s)
const char *i18n_pgettext(const char *ctx, const char *msgid);

/* Locale set-up shared by the TUI and the CLI: LC_CTYPE and LC_MESSAGES (and collation, time)
 * from the environment, LC_NUMERIC stays "C" so that printf and libxlsxwriter never write
 * decimal commas. Binds the catalog directory: datadir_path(DATADIR_LOCALE) (POLKA_LOCALEDIR,
 * the installed share/locale, or the build's). */
void i18n_init(void);

/* True when the messages language is Russian (decides number display: "1 234,50"). */
bool i18n_russian(void);

#endif
