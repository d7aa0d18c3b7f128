/* inn.h: Russian taxpayer numbers (ИНН), with check digits. The database has the same rule
 * in SQL (inn_valid()); a unit test and a database test check both on the same cases. */
#ifndef POLKA_INN_H
#define POLKA_INN_H

#include <stdbool.h>

/* True when s is exactly 10 digits (legal entity) or 12 digits (sole trader / person) and the
 * check digit(s) are right. Anything else (spaces, letters, other lengths, NULL) is false. */
bool inn_valid(const char *s);

/* True when s is a KPP: 9 characters, digits except positions 5-6 which may be A-Z. */
bool kpp_valid(const char *s);

/* True when s is a GLN / EAN-13 / GTIN of 8, 12, 13 or 14 digits with a correct check digit. */
bool gtin_valid(const char *s);

/* True when s is an SSCC (a pallet's serial shipping container code): exactly 18 digits with a
 * correct GS1 check digit, as polka.gs1_check_digit computes it in SQL. */
bool sscc_valid(const char *s);

#endif
