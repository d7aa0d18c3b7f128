/* domain/reps.h: sales representatives (src/domain/reps.c; sql/functions/reps.sql): the
 * representative's day (today's outlets of his routes, an outlet's tasks), a visit started and
 * finished, a task's result. Used by the representative's screen (src/screens/rep_day.c) and
 * the order entry opened at a visit (src/screens/order_entry.c); the routes' list and card are
 * generic. */
#ifndef POLKA_DOMAIN_REPS_H
#define POLKA_DOMAIN_REPS_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/record.h"

/* The logged-in representative's outlets of today in visiting order (polka.rep_day: n, client,
 * point, address, tasks "done/all", state, visit_id, order_number, amount, route_point_id). */
bool rep_day_read(struct db *db, struct rowset *rows, struct db_error *err);
/* The tasks of today at outlet route_point (polka.rep_stop_tasks: kind, task, result, reason,
 * amount, note, at). */
bool rep_tasks_read(struct db *db, const char *route_point, struct rowset *rows,
                    struct db_error *err);
/* The visit to outlet route_point started now: the visit's id (caller frees); NULL with err
 * (started already, another visit open, not today's route). */
char *rep_visit_start(struct db *db, const char *route_point, struct db_error *err);
/* A task's result at visit: kind (order, shelf, payment, photo, note), done or not; reason (not
 * done), amount (a payment collected) and note may be NULL. False with err. */
bool rep_task_record(struct db *db, const char *visit, const char *kind, bool done,
                     const char *reason, const char *amount, const char *note,
                     struct db_error *err);
/* A photo of the visit: the file at path stored with it and the photo task done (its name as
 * the note): the name stored; NULL with *problem (a sentence about the file; caller frees) or
 * err. */
char *rep_photo_add(struct db *db, const char *visit, const char *path, char **problem,
                    struct db_error *err);
/* The visit finished: result "done" or "closed" (comment: why). False with err. */
bool rep_visit_finish(struct db *db, const char *visit, const char *result, const char *comment,
                      struct db_error *err);
/* The client and outlet of visit for the order entry: client_id, client (code and name),
 * point_id, point. False with err (not the person's visit). */
bool rep_visit_context(struct db *db, const char *visit, struct record *out, struct db_error *err);

#endif
