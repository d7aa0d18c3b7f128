/* screens.h: shared by the screens in src/screens. */
#ifndef POLKA_SCREENS_H
#define POLKA_SCREENS_H

#include "polka/formview.h"
#include "polka/screen.h"

extern const struct screen_ops login_screen, menu_screen, partners_screen, partner_card_screen,
    history_screen, people_screen, price_types_screen, price_type_card_screen, prices_screen,
    price_rules_screen, agreements_screen, agreement_card_screen, promotions_screen,
    promotion_card_screen;

/* Look-up hooks for formviews, served by the app's connection. */
struct formview_hooks screens_hooks(struct app *app);

/* Shared by the pricing screens (status.c). */
struct db_error;
/* A status or kind code in the user's words ("draft" -> "Черновик"). */
const char *screens_status_label(const char *code);
/* Shows a refused call: a known constraint's sentence, or the kind of refusal and the
 * database's own words. Clears err. */
void screens_refused(struct db_error *err);
/* Asks for a day, today (the database's) as the default; NULL on Esc. Caller frees. */
char *screens_ask_day(struct app *app, const char *title, const char *label);
/* Picks one of look-up `kind` in the type-ahead pop-up; false on Esc. Caller frees both. */
bool screens_choose(struct app *app, const char *kind, const char *title, char **code,
                    char **label);
/* F6 on a card: the history of card `kind` ("partner", "agreement", "promotion",
 * "price_type") `id`; a card not saved yet has none. */
void screens_history(struct app *app, const char *kind, const char *id);

#endif
