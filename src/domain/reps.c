/* reps.c: see domain/reps.h. */
#include "polka/domain/reps.h"

#include <stdlib.h>

#include "polka/domain.h"

bool rep_day_read(struct db *db, struct rowset *rows, struct db_error *err)
{
    return rows_fetch(db,
                      "SELECT route_point_id, n, client, point, address, tasks, state, visit_id,"
                      "       order_number, amount FROM polka.rep_day()",
                      0, NULL, rows, err);
}

bool rep_tasks_read(struct db *db, const char *route_point, struct rowset *rows,
                    struct db_error *err)
{
    const char *p[1] = {route_point};
    return rows_fetch(db,
                      "SELECT kind, task, result, coalesce(reason, note) AS reason, amount, at"
                      "  FROM polka.rep_stop_tasks($1::bigint)",
                      1, p, rows, err);
}

char *rep_visit_start(struct db *db, const char *route_point, struct db_error *err)
{
    const char *p[1] = {route_point};
    return value_fetch(db, "SELECT polka.rep_visit_start($1::bigint)", 1, p, false, err);
}

bool rep_task_record(struct db *db, const char *visit, const char *kind, bool done,
                     const char *reason, const char *amount, const char *note, struct db_error *err)
{
    const char *p[6] = {visit, kind, done ? "true" : "false", reason, amount, note};
    char *v = value_fetch(
        db, "SELECT polka.rep_task_record($1::bigint, $2, $3::boolean, $4, $5::numeric, $6)", 6, p,
        false, err);
    free(v);
    return v != NULL;
}

char *rep_photo_add(struct db *db, const char *visit, const char *path, char **problem,
                    struct db_error *err)
{
    return file_attach(db, "SELECT polka.rep_photo_attach($1::bigint, $2, $3, $4::bytea)", visit,
                       path, problem, err);
}

bool rep_visit_finish(struct db *db, const char *visit, const char *result, const char *comment,
                      struct db_error *err)
{
    const char *p[3] = {visit, result, comment};
    char *v =
        value_fetch(db, "SELECT polka.rep_visit_finish($1::bigint, $2, $3)", 3, p, false, err);
    free(v);
    return v != NULL;
}

bool rep_visit_context(struct db *db, const char *visit, struct record *out, struct db_error *err)
{
    const char *p[1] = {visit};
    if (!row_fetch(db,
                   "SELECT v.client_id, c.code || ' ' || c.name AS client, v.point_id,"
                   "       d.name AS point"
                   "  FROM polka.rep_visits v"
                   "  JOIN polka.partners c ON c.id = v.client_id"
                   "  JOIN polka.delivery_points d ON d.id = v.point_id"
                   " WHERE v.id = $1::bigint AND v.rep_id = polka.my_person_id()",
                   1, p, true, out, err))
        return false;
    return record_get(out, "client_id") != NULL;
}
