/* excel.c: see domain/excel.h. */
#include "polka/domain/excel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "polka/xlsx_template.h"

bool excel_template(struct db *db, const char *client, const char *path, char **why,
                    struct db_error *err)
{
    struct record head = {0};
    struct rowset points = {0}, products = {0};
    const char *p[1] = {client};
    bool ok = row_fetch(db,
                        "SELECT c.id, c.code, c.name, x ->> 'agreement_id' AS agreement, "
                        "       x ->> 'ship_on' AS ship_on "
                        "  FROM polka.partners c, polka.order_context(c.id) x "
                        " WHERE c.code = $1 AND c.kind = 'client'",
                        1, p, true, &head, err);
    if (ok && !head.n) {
        *why = xasprintf(_("No client with code %s."), client);
        ok = false;
    } else if (ok && str_empty(record_get(&head, "agreement"))) {
        *why = xasprintf(_("Client %s has no agreement in force: the form would have no prices."),
                         client);
        ok = false;
    }
    const char *q[3] = {record_get(&head, "id"), record_get(&head, "agreement"),
                        record_get(&head, "ship_on")};
    ok = ok && rows_fetch(db,
                          "SELECT name FROM polka.delivery_points "
                          " WHERE partner_id = $1::bigint AND active ORDER BY name, id",
                          1, q, &points, err);
    /* The client's assortment (all that is sold when it has none), with a price. */
    ok = ok && rows_fetch(db,
                          "SELECT code, name, unit, trim_scale(pack_qty)::text AS pack, "
                          "       price::text AS price "
                          "  FROM polka.order_products($2::bigint, $3::date, $1::bigint) "
                          " WHERE coalesce(in_assortment, true) AND price IS NOT NULL "
                          " ORDER BY code",
                          3, q, &products, err);
    if (ok && !products.n) {
        *why = xasprintf(_("Client %s has no product with a price to order."), client);
        ok = false;
    }
    if (ok) {
        const char **names = xcalloc(points.n + 1, sizeof(*names));
        for (size_t i = 0; i < points.n; i++)
            names[i] = record_get(points.rows[i], "name");
        struct order_template_product *prods = xcalloc(products.n, sizeof(*prods));
        for (size_t i = 0; i < products.n; i++) {
            const struct record *r = products.rows[i];
            prods[i] = (struct order_template_product){record_get(r, "code"), record_get(r, "name"),
                                                       record_get(r, "unit"), record_get(r, "pack"),
                                                       record_get(r, "price")};
        }
        struct order_template t = {record_get(&head, "code"),
                                   record_get(&head, "name"),
                                   names,
                                   points.n,
                                   record_get(&head, "ship_on"),
                                   prods,
                                   products.n};
        char msg[512];
        ok = xlsx_order_template(path, &t, msg, sizeof(msg));
        if (!ok)
            *why = xstrdup(msg);
        free(names);
        free(prods);
    }
    record_clear(&head);
    rowset_clear(&points);
    rowset_clear(&products);
    return ok;
}
