/* codes.h: the fixed code sets the schema defines (a price type's kind, rounding, payment
 * terms, partner kinds, segments, contact roles, relation kinds, statuses): the database keeps
 * and returns the code, the client shows it in the user's words from the message catalogs
 * (context: the set's name), so the English UI reads English and the Russian one Russian. */
#ifndef POLKA_CODES_H
#define POLKA_CODES_H

#include <stdbool.h>
#include <stddef.h>

/* Whether set is one of these code sets (the look-up kinds the client answers itself). */
bool code_set_known(const char *set);
/* The code in words, translated; the code itself when the set does not have it, "" for NULL. */
const char *code_label(const char *set, const char *code);
/* The codes of the set whose words contain query (any case) or that equal it, in the set's
 * order, at most max; returns how many were written to codes (the set's own strings). */
size_t code_set_find(const char *set, const char *query, const char **codes, size_t max);

#endif
