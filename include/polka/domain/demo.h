/* domain/demo.h: `polka db demo`: the demo data in one transaction (src/domain/demo.c). */
#ifndef POLKA_DOMAIN_DEMO_H
#define POLKA_DOMAIN_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"
#include "polka/util.h"

enum demo_result { DEMO_LOADED, DEMO_ALREADY, DEMO_FAILED };
/* `polka db demo`: sql/demo under dir, then the loaders at scale (a number, as text), in one
 * transaction; logins gets the demo people (login, password, role, full_name). DEMO_FAILED
 * with the reason in err. */
enum demo_result demo_load(struct db *db, const char *dir, const char *scale, struct rowset *logins,
                           char *err, size_t errlen);

/* `polka demo wms`: the demo's WMS simulator (polka_demo.wms_simulate, sql/demo under sqldir,
 * applied first) writes the picking facts of each trip being picked on day (NULL: today and
 * later) into dir as trip-DAY-NNNNN.facts.tsv, as a warehouse would: shorts, substituted
 * batches, over-picks, lines not picked. False with the reason in res->log. */
struct wms_result;
bool demo_wms(struct db *db, const char *sqldir, const char *dir, const char *day,
              struct wms_result *res);

/* `polka demo bank FILE [DAY]`: a bank statement for DAY (NULL: today) in Windows-1251 at path
 * (sql/demo/05_bank.sql: the oldest open documents' clients paying them), for the payments
 * screen's F6 or `polka bank import`. False with the reason in log; the path in log when done. */
bool demo_bank(struct db *db, const char *sqldir, const char *path, const char *day,
               struct strbuf *log);

#endif
