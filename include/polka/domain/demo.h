/* domain/demo.h: `polka db demo`: the demo data in one transaction (src/domain/demo.c). */
#ifndef POLKA_DOMAIN_DEMO_H
#define POLKA_DOMAIN_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

enum demo_result { DEMO_LOADED, DEMO_ALREADY, DEMO_FAILED };
/* `polka db demo`: sql/demo under dir, then the loaders at scale (a number, as text), in one
 * transaction; logins gets the demo people (login, password, role, full_name). DEMO_FAILED
 * with the reason in err. */
enum demo_result demo_load(struct db *db, const char *dir, const char *scale, struct rowset *logins,
                           char *err, size_t errlen);

#endif
