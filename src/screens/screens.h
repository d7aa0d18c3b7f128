/* screens.h: shared by the screens in src/screens. */
#ifndef POLKA_SCREENS_H
#define POLKA_SCREENS_H

#include "polka/formview.h"
#include "polka/screen.h"

extern const struct screen_ops login_screen, menu_screen, partners_screen, partner_card_screen,
    history_screen, people_screen, price_types_screen, price_type_card_screen, prices_screen,
    price_rules_screen;

/* Look-up hooks for formviews, served by the app's connection. */
struct formview_hooks screens_hooks(struct app *app);

#endif
