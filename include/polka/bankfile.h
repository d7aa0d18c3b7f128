/* bankfile.h: bank statements in the 1CClientBankExchange text format (the exchange format of
 * Russian banks' client systems and 1C), read to import customers' payments. Pure C: no
 * curses, no libpq, no iconv (the two 8-bit code pages are tables here, so a missing gconv
 * module cannot change what a statement says).
 *
 * The format, as far as it is read here:
 *
 *   1CClientBankExchange                  the first line, exactly
 *   ВерсияФормата=1.03
 *   Кодировка=Windows                     Windows: Windows-1251; DOS: CP866 (nothing else)
 *   Отправитель=Бухгалтерия предприятия   Получатель=, ДатаСоздания=dd.mm.yyyy,
 *   ВремяСоздания=hh:mm:ss, ДатаНачала=, ДатаКонца=, РасчСчет= (one line per account)
 *   СекцияРасчСчет                        balances of an account (any number of them):
 *   ...                                   ДатаНачала, ДатаКонца, РасчСчет, НачальныйОстаток,
 *   КонецРасчСчет                         ВсегоПоступило, ВсегоСписано, КонечныйОстаток
 *   СекцияДокумент=Платежное поручение    a document, the value is its kind
 *   Номер=15 ... Сумма=12500.00 ...       key=value lines
 *   КонецДокумента
 *   КонецФайла
 *
 * Lines end with CR LF or LF. Spaces around keys and values are dropped, blank lines skipped.
 * Keys not listed below are kept in the document's `fields` and otherwise ignored; a known key
 * given twice in one document is an error (which of the two would be the truth?).
 *
 * Values are checked, and the first fault refuses the whole file with "line N: what is wrong"
 * (translated with gettext): nothing half-read is returned. Refused are:
 *   - a first line other than 1CClientBankExchange; no Кодировка, or one other than Windows or
 *     DOS; a UTF-16 or UTF-8 file, or a UTF-8 line in an 8-bit file (see below);
 *   - lines over BANKFILE_LINE_MAX bytes, NUL bytes, control characters (TAB is read as a
 *     space), bytes that are no character in the declared code page (0x98 in Windows-1251)
 *     or are box-drawing in CP866 (0xB0-0xDF: no bank writes those, Windows-1251 letters
 *     read as CP866 do);
 *   - a file without КонецФайла, a section without its end, anything but blank lines (and the
 *     DOS end-of-file mark, Ctrl-Z) after КонецФайла, a line that is not key=value outside the
 *     section markers;
 *   - a document without Номер, Дата or Сумма; an amount that is not digits with an optional
 *     decimal point and at most two decimals (a comma, a sign, spaces, letters), that is zero,
 *     or that has more than 13 digits of roubles (10^13 roubles is no payment);
 *   - a date that is not dd.mm.yyyy or not in the calendar (31.02.2026), a time not hh:mm:ss;
 *   - an INN that is not 10 or 12 digits with the right check digits (inn.h), a KPP not of the
 *     KPP shape, an account not of 20 digits, a BIK not of 9 digits ("0" and "" mean "none"
 *     for INN and KPP, as payment orders write them);
 *   - a value longer than its key allows: НазначениеПлатежа 210 characters (field 24 of a
 *     payment order, the Bank of Russia's limit), Номер and ИдентификаторДокумента 64, names
 *     and other text 500;
 *   - the same payment twice (see bankfile_parse).
 *
 * Encodings. The file says its code page in Кодировка, but what it says can be wrong. The key
 * itself tells the truth: "Кодировка" is Cyrillic, so its bytes are spelt in the real encoding,
 * and a mismatch is reported as "the file is in UTF-8, not in Windows-1251 as it says". Then
 * each line's key and value are looked at apart: one that is valid UTF-8 and holds a Cyrillic
 * letter as UTF-8 (lead byte 0xD0 or 0xD1, then a continuation byte) is UTF-8. Honest
 * Windows-1251 or CP866 text never is: every key and every real name or purpose has a
 * lowercase letter or two capitals in a row, whose bytes break UTF-8 at once (a false alarm
 * needs a value of lone capitals each before a punctuation mark, as "Р»"). That catches a UTF-8
 * payer name pasted into an 8-bit file, which a decoder would turn into mojibake silently. */
#ifndef POLKA_BANKFILE_H
#define POLKA_BANKFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BANKFILE_LINE_MAX    4096 /* bytes of one line as read, without its line end */
#define BANKFILE_PURPOSE_MAX 210  /* characters of НазначениеПлатежа */

/* Which way the money went, seen from the accounts the statement is about (the header's
 * РасчСчет lines and the СекцияРасчСчет sections). */
enum bankfile_direction {
    BANKFILE_IN,    /* to one of ours from elsewhere: a customer's payment, a refund */
    BANKFILE_OUT,   /* from one of ours to elsewhere */
    BANKFILE_OWN,   /* between two of ours */
    BANKFILE_OTHER, /* neither account is one of ours (the file lists none of them) */
};

/* One key=value line of a document, as written (UTF-8, spaces around it dropped). */
struct bankfile_field {
    const char *key, *value;
    int line;
};

/* One document. Every string is UTF-8 and never NULL: "" when the file has none. */
struct bankfile_doc {
    /* The СекцияДокумент value: "Платежное поручение", "Банковский ордер", ... */
    const char *kind;
    const char *number; /* Номер, as written */
    const char *date;   /* Дата, yyyy-mm-dd */
    int64_t amount;     /* Сумма in kopecks, above zero */
    /* Плательщик1, else Плательщик without the leading "ИНН 1234567890 " old files have. */
    const char *payer_name;
    const char *payer_inn, *payer_kpp, *payer_account, *payer_bic;
    const char *recipient_name; /* Получатель1, else Получатель, the same way */
    const char *recipient_inn, *recipient_kpp, *recipient_account, *recipient_bic;
    const char *purpose; /* НазначениеПлатежа */
    const char *credited; /* ДатаПоступило, yyyy-mm-dd: the day it reached the recipient */
    const char *debited; /* ДатаСписано, yyyy-mm-dd: the day it left the payer */
    const char *doc_id; /* ИдентификаторДокумента (the bank's id), often absent */
    enum bankfile_direction direction;
    int line;                            /* of its СекцияДокумент line */
    const struct bankfile_field *fields; /* every key=value of the document, known or not */
    size_t nfields;
};

/* One СекцияРасчСчет: an account's balances over a period, in kopecks. */
struct bankfile_balance {
    const char *account;                         /* РасчСчет */
    const char *date_from, *date_to;             /* yyyy-mm-dd or "" */
    int64_t opening, credited, debited, closing; /* 0 when the line is absent */
    int line;
};

struct bankfile {
    const char *version;  /* ВерсияФормата, as written (1.01-1.03 read alike) */
    const char *encoding; /* "Windows" or "DOS", as the file said it */
    const char *sender, *receiver; /* Отправитель, Получатель: the programs */
    const char *created_date;      /* ДатаСоздания, yyyy-mm-dd or "" */
    const char *created_time;      /* ВремяСоздания, hh:mm:ss or "" */
    const char *date_from, *date_to; /* ДатаНачала, ДатаКонца, yyyy-mm-dd or "" */
    const char **accounts;           /* the header's РасчСчет lines */
    size_t naccounts;
    struct bankfile_balance *balances;
    size_t nbalances;
    struct bankfile_doc *docs; /* in the file's order */
    size_t ndocs;
    struct bankfile_arena *arena; /* owns every string and array above */
};

/* Parses a statement: data[0..len) are the file's bytes as read (no NUL needed at the end).
 * On success *out gets the statement (caller frees with bankfile_free) and the result is true.
 * On failure *out is NULL, err gets "line N: what is wrong" (translated, NUL-terminated, cut
 * to errlen; err may be NULL) and the result is false.
 *
 * The same payment twice, i.e. two documents alike in kind, Номер, Дата, payer INN, payer
 * account, Сумма and ИдентификаторДокумента, is refused with both lines ("line 40: the same
 * payment as at line 12 ..."): a bank does not list one payment twice in a statement, so a
 * repeat means a broken export or two statements glued together, and importing it would
 * credit a customer twice. Refusing, not warning: a warning scrolled past costs money, a
 * refused file costs a phone call to the bank. The exception is a transfer between two of the
 * file's own accounts, which a statement of both accounts lists once for each. */
bool bankfile_parse(const char *data, size_t len, struct bankfile **out, char *err, size_t errlen);

/* bankfile_parse of a file (at most 256 MiB). An unreadable file gives "path: strerror". */
bool bankfile_load(const char *path, struct bankfile **out, char *err, size_t errlen);

/* Frees *bf and everything it owns, sets *bf to NULL; NULL and *bf == NULL are fine. */
void bankfile_free(struct bankfile **bf);

/* The numbers of the documents a payer names in a payment's purpose, for matching a payment
 * to receivables by document number, in the order written, each once. NULL-terminated array
 * (never NULL); *n (may be NULL) gets the count. Caller frees with bankfile_doc_numbers_free.
 *
 * A number counts only after a word naming a sales document, case-insensitive, ё as е:
 *   УПД; счет/счёт and its forms (счета, счету, ...), сч, сч/ф, с/ф, сф, счет-фактура;
 *   накладная and its forms, накл, тн, ттн, торг-12; реализация and its forms.
 * Between the word and the number there may be "№", "N", "No", "#", "номер", "на оплату",
 * "фактуре" (as in "по счету на оплату № 45"), dots and spaces. A number is a run of letters,
 * digits, '-', '/' and '_' with at least one digit ("123", "U2026000123", "ЦБ-000123");
 * a leading Latin "N" or "No" before a digit is the number sign, not part of it. More numbers
 * follow after ",", ";" or "и" ("накладной 77, 78 и 79"), also after "от dd.mm.yyyy [г.]"
 * ("счет 45 от 01.12.2026, 46 от 02.12.2026"). All-digit runs of 16 digits or more are bank
 * accounts or cards and skipped. Not read: contracts (договор), orders (заказ), dates, VAT
 * ("НДС 20%"), INN: a contract's number matching an invoice's would pair the wrong debt.
 * Numbers are returned as written; leading zeros and prefixes are the matcher's business. */
char **bankfile_doc_numbers(const char *purpose, size_t *n);

/* Frees a list from bankfile_doc_numbers and sets *list to NULL. */
void bankfile_doc_numbers_free(char ***list);

#endif
