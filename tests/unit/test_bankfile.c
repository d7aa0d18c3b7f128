/* Unit tests: bank statements in the 1CClientBankExchange format. Real-shaped statements
 * (tests/unit/bank, Windows-1251 and DOS, CR LF, and the same with LF) read field by field;
 * hostile variants of a small statement, made here from UTF-8 text, each refused with the
 * exact "line N: ..." message; the code pages against iconv; document numbers in purposes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/bankfile.h"
#include "polka/util.h"

#define STATEMENT_WINDOWS UNIT_BANK_DIR "/statement-windows.txt"
#define STATEMENT_DOS     UNIT_BANK_DIR "/statement-dos.txt"

/* ---- helpers ---- */

/* UTF-8 text in another code page through iconv (the test's reference, not the parser's).
 * "{XX}" (two hex digits) becomes the byte 0xXX afterwards: NULs, holes of the code page and
 * stray bytes that no encoder would write. Caller frees. */
static char *encode(const char *utf8, const char *codepage, size_t *len)
{
    struct strbuf in = {0}, out = {0};
    strbuf_puts(&in, utf8);
    if (strcmp(codepage, "UTF-8") != 0) {
        iconv_t cd = iconv_open(codepage, "UTF-8");
        assert_true(cd != (iconv_t)-1);
        char *ip = in.buf;
        size_t il = in.len;
        char buf[4096];
        while (il > 0) {
            char *op = buf;
            size_t ol = sizeof(buf);
            size_t r = iconv(cd, &ip, &il, &op, &ol);
            strbuf_add(&out, buf, sizeof(buf) - ol);
            if (r == (size_t)-1 && ol == sizeof(buf))
                fail_msg("cannot encode \"%.20s\" in %s", ip, codepage);
        }
        iconv_close(cd);
        strbuf_release(&in);
    } else {
        out = in;
    }
    struct strbuf bytes = {0};
    for (size_t i = 0; i < out.len; i++) {
        unsigned v;
        if (out.buf[i] == '{' && i + 3 < out.len && out.buf[i + 3] == '}' &&
            sscanf(out.buf + i + 1, "%2x", &v) == 1) {
            char b = (char)v;
            strbuf_add(&bytes, &b, 1);
            i += 3;
        } else {
            strbuf_add(&bytes, out.buf + i, 1);
        }
    }
    strbuf_release(&out);
    *len = bytes.len;
    return strbuf_detach(&bytes);
}

/* text with "\n" line ends as "\r\n". Caller frees. */
static char *crlf(const char *text)
{
    struct strbuf sb = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            strbuf_add(&sb, "\r", 1);
        strbuf_add(&sb, p, 1);
    }
    return strbuf_detach(&sb);
}

/* data without CR. Caller frees. */
static char *strip_cr(const char *data, size_t len, size_t *out)
{
    char *s = xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (data[i] != '\r')
            s[n++] = data[i];
    s[n] = '\0';
    *out = n;
    return s;
}

static char *read_all(const char *path, size_t *len)
{
    char *data = util_read_file(path, len);
    if (!data)
        fail_msg("cannot read %s", path);
    return data;
}

static const char *field(const struct bankfile_doc *d, const char *key)
{
    for (size_t i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i].key, key) == 0)
            return d->fields[i].value;
    return NULL;
}

/* ---- the real-shaped statements ---- */

struct doc_expect {
    const char *kind, *number, *date;
    int64_t amount;
    const char *payer_name, *payer_inn, *payer_kpp, *payer_account, *payer_bic;
    const char *recipient_name, *recipient_inn, *recipient_account;
    const char *purpose, *credited, *debited, *doc_id;
    enum bankfile_direction direction;
    int line;
};

static const struct doc_expect statement_docs[] = {
    {"Платежное поручение", "812", "2026-12-01", 12500000, "ООО «Ромашка»", "7730123456",
     "773001001", "40702810938000054321", "044525225", "ООО «Полька»", "7701012342",
     "40702810400000012345", "Оплата по УПД № 123 от 01.12.2026, в т.ч. НДС 20% - 20833.33 руб.",
     "2026-12-02", "2026-12-01", "0A2C7F1E9B3D4C5A8E6F", BANKFILE_IN, 22},
    {"Платежное поручение", "45", "2026-12-02", 1845050,
     "Индивидуальный предприниматель Иванов Иван Иванович", "771234567859", "",
     "40802810500000001234", "044525974", "ООО «Полька»", "7701012342", "40702810400000012345",
     "Оплата по сч. №U2026000123 от 28.11.2026 за кондитерские изделия. НДС не облагается",
     "2026-12-02", "2026-12-02", "", BANKFILE_IN, 53},
    {"Платежное поручение", "3307", "2026-12-03", 34290025, "ООО «Торговый дом \"Северный\"»",
     "5003123458", "500301001", "40702810100020003307", "044525225", "ООО «Полька»", "7701012342",
     "40702810400000012345",
     "Оплата по накладной 77, 78 и 79 от 02.12.2026 по договору 15/2026. Сумма 342900-25, в "
     "т.ч. НДС (20%) 57150-04",
     "2026-12-04", "2026-12-03", "5F3E2D1C0B9A8F7E6D5C", BANKFILE_IN, 74},
    {"Платежное поручение", "1190", "2026-12-03", 9600000, "ООО «Полька»", "7701012342",
     "770101001", "40702810400000012345", "044525593", "ООО «Упаковка Плюс»", "6901122333",
     "40702810600000004512",
     "Оплата по счету № 4512 от 28.11.2026 за гофрокороба. В том числе НДС 20 % - 16000.00 "
     "рублей.",
     "", "2026-12-03", "", BANKFILE_OUT, 95},
    {"Банковский ордер", "99021", "2026-12-04", 12000, "ООО «Полька»", "7701012342", "",
     "40702810400000012345", "044525593", "АО «АЛЬФА-БАНК»", "7728168971", "70601810000002710101",
     "Комиссия за ведение счета за ноябрь 2026 г. НДС не облагается", "", "2026-12-04", "",
     BANKFILE_OUT, 114},
};

/* DOS has no «»: the DOS statement has straight quotes where the Windows one has them. */
static char *dos_quotes(const char *s)
{
    struct strbuf sb = {0};
    for (; *s; s++) {
        if (strncmp(s, "«", 2) == 0 || strncmp(s, "»", 2) == 0) {
            strbuf_add(&sb, "\"", 1);
            s++;
        } else {
            strbuf_add(&sb, s, 1);
        }
    }
    return strbuf_detach(&sb);
}

static void assert_text(const char *got, const char *want, bool dos, const char *what, int line)
{
    char *w = dos ? dos_quotes(want) : xstrdup(want);
    if (strcmp(got, w) != 0)
        fail_msg("document at line %d, %s: \"%s\", expected \"%s\"", line, what, got, w);
    free(w);
}

static void check_statement(const struct bankfile *bf, bool dos)
{
    assert_string_equal(bf->version, dos ? "1.02" : "1.03");
    assert_string_equal(bf->encoding, dos ? "DOS" : "Windows");
    assert_string_equal(bf->sender, "Бухгалтерия предприятия, редакция 3.0");
    assert_string_equal(bf->receiver, "");
    assert_string_equal(bf->created_date, "2026-12-05");
    assert_string_equal(bf->created_time, "09:14:07");
    assert_string_equal(bf->date_from, "2026-12-01");
    assert_string_equal(bf->date_to, "2026-12-04");
    assert_int_equal(bf->naccounts, 1);
    assert_string_equal(bf->accounts[0], "40702810400000012345");

    assert_int_equal(bf->nbalances, 1);
    const struct bankfile_balance *b = &bf->balances[0];
    assert_string_equal(b->account, "40702810400000012345");
    assert_string_equal(b->date_from, "2026-12-01");
    assert_string_equal(b->date_to, "2026-12-04");
    assert_int_equal(b->opening, 125000000);
    assert_int_equal(b->credited, 48635075);
    assert_int_equal(b->debited, 9612000);
    assert_int_equal(b->closing, 164023075);
    assert_int_equal(b->line, 13);

    assert_int_equal(bf->ndocs, ARRAY_SIZE(statement_docs));
    int64_t in = 0, out = 0;
    for (size_t i = 0; i < bf->ndocs; i++) {
        const struct bankfile_doc *d = &bf->docs[i];
        const struct doc_expect *e = &statement_docs[i];
        assert_int_equal(d->line, e->line);
        assert_text(d->kind, e->kind, dos, "kind", e->line);
        assert_text(d->number, e->number, dos, "number", e->line);
        assert_text(d->date, e->date, dos, "date", e->line);
        assert_int_equal(d->amount, e->amount);
        assert_text(d->payer_name, e->payer_name, dos, "payer_name", e->line);
        assert_text(d->payer_inn, e->payer_inn, dos, "payer_inn", e->line);
        assert_text(d->payer_kpp, e->payer_kpp, dos, "payer_kpp", e->line);
        assert_text(d->payer_account, e->payer_account, dos, "payer_account", e->line);
        assert_text(d->payer_bic, e->payer_bic, dos, "payer_bic", e->line);
        assert_text(d->recipient_name, e->recipient_name, dos, "recipient_name", e->line);
        assert_text(d->recipient_inn, e->recipient_inn, dos, "recipient_inn", e->line);
        assert_text(d->recipient_account, e->recipient_account, dos, "recipient_account", e->line);
        assert_text(d->purpose, e->purpose, dos, "purpose", e->line);
        assert_text(d->credited, e->credited, dos, "credited", e->line);
        assert_text(d->debited, e->debited, dos, "debited", e->line);
        assert_text(d->doc_id, e->doc_id, dos, "doc_id", e->line);
        assert_int_equal(d->direction, e->direction);
        if (d->direction == BANKFILE_IN)
            in += d->amount;
        else
            out += d->amount;
    }
    /* The documents add up to the bank's own totals. */
    assert_int_equal(in, b->credited);
    assert_int_equal(out, b->debited);
    assert_int_equal(b->opening + in - out, b->closing);

    /* The first document: every key=value kept, unknown ones too, in the file's order. */
    const struct bankfile_doc *d = &bf->docs[0];
    assert_int_equal(d->nfields, 29);
    assert_string_equal(d->fields[0].key, "Номер");
    assert_int_equal(d->fields[0].line, 23);
    assert_string_equal(field(d, "ПлательщикБанк1"), "ПАО СБЕРБАНК");
    assert_string_equal(field(d, "ПлательщикКорсчет"), "30101810400000000225");
    assert_string_equal(field(d, "Очередность"), "5");
    assert_string_equal(field(d, "ВидПлатежа"), "");
    assert_null(field(d, "ПолучательРасчСчет"));
    assert_string_equal(bf->docs[4].fields[bf->docs[4].nfields - 1].key, "НазначениеПлатежа");
    /* The recipient's name is Получатель1, not Получатель with its "ИНН ..." in front. */
    assert_text(field(d, "Получатель"), "ИНН 7701012342 ООО «Полька»", dos, "Получатель", 22);
}

static void test_statement_windows(void **state)
{
    (void)state;
    size_t len;
    char *data = read_all(STATEMENT_WINDOWS, &len);
    assert_non_null(memchr(data, '\r', len)); /* the file is CR LF, as banks write it */
    struct bankfile *bf = NULL;
    char err[512];
    if (!bankfile_parse(data, len, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    check_statement(bf, false);
    bankfile_free(&bf);
    assert_null(bf);
    free(data);

    /* bankfile_load reads the same. */
    if (!bankfile_load(STATEMENT_WINDOWS, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    check_statement(bf, false);
    bankfile_free(&bf);
}

static void test_statement_lf(void **state)
{
    (void)state;
    size_t len, n;
    char *data = read_all(STATEMENT_WINDOWS, &len);
    char *lf = strip_cr(data, len, &n);
    assert_true(n < len);
    struct bankfile *bf = NULL;
    char err[512];
    if (!bankfile_parse(lf, n, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    check_statement(bf, false);
    bankfile_free(&bf);
    /* Without the last line end as well. */
    if (!bankfile_parse(lf, n - 1, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(bf->ndocs, ARRAY_SIZE(statement_docs));
    bankfile_free(&bf);
    free(lf);
    free(data);
}

static void test_statement_dos(void **state)
{
    (void)state;
    size_t len;
    char *data = read_all(STATEMENT_DOS, &len);
    struct bankfile *bf = NULL;
    char err[512];
    if (!bankfile_parse(data, len, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    check_statement(bf, true);
    assert_string_equal(bf->docs[2].payer_name, "ООО \"Торговый дом \"Северный\"\"");
    bankfile_free(&bf);
    free(data);
}

/* Bytes 0x80-0xFF read as iconv reads them (less Windows-1251's hole 0x98 and CP866's box
 * drawing, refused by design). */
static void check_codepage(const char *codepage, const char *encoding, unsigned char lo_skip,
                           unsigned char hi_skip)
{
    char bytes[256];
    size_t n = 0;
    bytes[n++] = 'x';
    for (unsigned c = 0x80; c <= 0xFF; c++)
        if (c < lo_skip || c > hi_skip)
            bytes[n++] = (char)c;
    bytes[n++] = 'x';
    bytes[n] = '\0';

    iconv_t cd = iconv_open("UTF-8", codepage);
    assert_true(cd != (iconv_t)-1);
    char want[1024], *ip = bytes, *op = want;
    size_t il = n, ol = sizeof(want) - 1;
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    *op = '\0';
    iconv_close(cd);

    size_t hlen;
    char *head =
        encode("1CClientBankExchange\nКодировка=Windows\nСекцияДокумент=Платежное поручение\n"
               "Номер=1\nДата=01.12.2026\nСумма=1.00\nНазначениеПлатежа=",
               codepage, &hlen);
    struct strbuf sb = {0};
    strbuf_add(&sb, head, hlen);
    /* The Кодировка line, spelt in this code page, says so. */
    char *at = strstr(sb.buf, "Windows");
    if (strcmp(encoding, "DOS") == 0) {
        memcpy(at, "DOS", 3);
        memmove(at + 3, at + 7, strlen(at + 7) + 1);
        sb.len -= 4;
    }
    strbuf_add(&sb, bytes, n);
    free(head);
    char *tail = encode("\nКонецДокумента\nКонецФайла\n", codepage, &hlen);
    strbuf_add(&sb, tail, hlen);
    free(tail);
    struct bankfile *bf = NULL;
    char err[512];
    if (!bankfile_parse(sb.buf, sb.len, &bf, err, sizeof(err)))
        fail_msg("%s: %s", codepage, err);
    assert_string_equal(bf->docs[0].purpose, want);
    bankfile_free(&bf);
    strbuf_release(&sb);
}

static void test_codepages(void **state)
{
    (void)state;
    check_codepage("CP1251", "Windows", 0x98, 0x98);
    check_codepage("CP866", "DOS", 0xB0, 0xDF);
}

/* ---- hostile variants of one small statement ---- */

static const char base_statement[] =
    "1CClientBankExchange\n"                                /* 1 */
    "ВерсияФормата=1.03\n"                                  /* 2 */
    "Кодировка=Windows\n"                                   /* 3 */
    "Отправитель=Бухгалтерия предприятия\n"                 /* 4 */
    "ДатаСоздания=05.12.2026\n"                             /* 5 */
    "ВремяСоздания=09:14:07\n"                              /* 6 */
    "ДатаНачала=01.12.2026\n"                               /* 7 */
    "ДатаКонца=04.12.2026\n"                                /* 8 */
    "РасчСчет=40702810400000012345\n"                       /* 9 */
    "СекцияРасчСчет\n"                                      /* 10 */
    "РасчСчет=40702810400000012345\n"                       /* 11 */
    "НачальныйОстаток=1000.00\n"                            /* 12 */
    "КонечныйОстаток=14500.00\n"                            /* 13 */
    "КонецРасчСчет\n"                                       /* 14 */
    "СекцияДокумент=Платежное поручение\n"                  /* 15 */
    "Номер=812\n"                                           /* 16 */
    "Дата=01.12.2026\n"                                     /* 17 */
    "Сумма=12500.00\n"                                      /* 18 */
    "ПлательщикСчет=40702810938000054321\n"                 /* 19 */
    "Плательщик1=ООО «Ромашка»\n"                           /* 20 */
    "ПлательщикИНН=7730123456\n"                            /* 21 */
    "ПлательщикКПП=773001001\n"                             /* 22 */
    "ПлательщикБИК=044525225\n"                             /* 23 */
    "ПолучательСчет=40702810400000012345\n"                 /* 24 */
    "ПолучательИНН=7701012342\n"                            /* 25 */
    "ПолучательБИК=044525593\n"                             /* 26 */
    "НазначениеПлатежа=Оплата по УПД № 123 от 01.12.2026\n" /* 27 */
    "ДатаПоступило=02.12.2026\n"                            /* 28 */
    "КонецДокумента\n"                                      /* 29 */
    "СекцияДокумент=Платежное поручение\n"                  /* 30 */
    "Номер=45\n"                                            /* 31 */
    "Дата=02.12.2026\n"                                     /* 32 */
    "Сумма=1000.00\n"                                       /* 33 */
    "ПлательщикСчет=40802810500000001234\n"                 /* 34 */
    "Плательщик1=ИП Иванов И.И.\n"                          /* 35 */
    "ПлательщикИНН=771234567859\n"                          /* 36 */
    "ПолучательСчет=40702810400000012345\n"                 /* 37 */
    "НазначениеПлатежа=Оплата по счету 45\n"                /* 38 */
    "КонецДокумента\n"                                      /* 39 */
    "КонецФайла\n";                                         /* 40 */

#define DOC1 "СекцияДокумент=Платежное поручение\nНомер=812\nДата=01.12.2026\nСумма=12500.00\n"
#define DOC1_REST                                                                                                                 \
    "ПлательщикСчет=40702810938000054321\nПлательщик1=ООО «Ромашка»\n"                        \
    "ПлательщикИНН=7730123456\nПлательщикКПП=773001001\nПлательщикБИК=044525225\n"         \
    "ПолучательСчет=40702810400000012345\nПолучательИНН=7701012342\n"                                  \
    "ПолучательБИК=044525593\nНазначениеПлатежа=Оплата по УПД № 123 от 01.12.2026\n" \
    "ДатаПоступило=02.12.2026\nКонецДокумента\n"

enum edit {
    REPLACE, /* the line `find` becomes `with` (more lines when it has "\n"; "" deletes it) */
    CUT,     /* the text ends after the line `find` */
    WHOLE,   /* the text is `with` */
};

/* The statement with one edit, as UTF-8 with "\n". Caller frees. */
static char *edited(enum edit how, const char *find, const char *with)
{
    if (how == WHOLE)
        return xstrdup(with);
    size_t flen = strlen(find);
    for (const char *p = base_statement; *p;) {
        const char *end = strchr(p, '\n');
        if ((size_t)(end - p) == flen && memcmp(p, find, flen) == 0) {
            struct strbuf sb = {0};
            strbuf_add(&sb, base_statement, (size_t)(p - base_statement));
            if (how == CUT) {
                strbuf_add(&sb, p, (size_t)(end - p) + 1);
            } else if (*with) {
                strbuf_puts(&sb, with);
                strbuf_add(&sb, "\n", 1);
            }
            if (how == REPLACE)
                strbuf_puts(&sb, end + 1);
            return strbuf_detach(&sb);
        }
        p = end + 1;
    }
    fail_msg("no line \"%s\" in the statement", find);
    return NULL;
}

struct hostile {
    enum edit how;
    const char *find, *with;
    const char *codepage; /* how the text is written: CP1251 (NULL), CP866, UTF-8 */
    const char *error;
};

static const struct hostile hostile_cases[] = {
    /* not a statement */
    {WHOLE, NULL, "", NULL, "line 1: the file is empty"},
    {REPLACE, "1CClientBankExchange", "1CClientBankExchang", NULL,
     "line 1: the file does not begin with 1CClientBankExchange: it is not a bank statement in "
     "the 1C exchange format"},
    {REPLACE, "1CClientBankExchange", "ВерсияФормата=1.03", NULL,
     "line 1: the file does not begin with 1CClientBankExchange: it is not a bank statement in "
     "the 1C exchange format"},
    {REPLACE, "1CClientBankExchange", "{FF}{FE}1CClientBankExchange", NULL,
     "line 1: the file is in UTF-16; a statement is in Windows-1251 or DOS"},
    /* encodings */
    {REPLACE, "Кодировка=Windows", "", NULL,
     "line 1: the header has no Кодировка line (Windows or DOS)"},
    {REPLACE, "Кодировка=Windows", "Кодировка=UTF-8", NULL,
     "line 3: Кодировка \"UTF-8\" is neither Windows nor DOS"},
    {REPLACE, "Кодировка=Windows", "Кодировка=", NULL,
     "line 3: Кодировка \"\" is neither Windows nor DOS"},
    {REPLACE, "Кодировка=Windows", "Кодировка=Windows", "UTF-8",
     "line 3: the file is in UTF-8, not in Windows-1251 as it says"},
    {REPLACE, "1CClientBankExchange", "{EF}{BB}{BF}1CClientBankExchange", "UTF-8",
     "line 3: the file is in UTF-8, not in Windows-1251 as it says"},
    {REPLACE, "1CClientBankExchange", "{EF}{BB}{BF}1CClientBankExchange", NULL,
     "line 1: the file is in UTF-8, not in Windows-1251 as it says"},
    {REPLACE, "Кодировка=Windows", "Кодировка=DOS", "UTF-8",
     "line 3: the file is in UTF-8, not in DOS (CP866) as it says"},
    {REPLACE, "Кодировка=Windows", "Кодировка=Windows", "CP866",
     "line 3: the file is in DOS (CP866), not in Windows-1251 as it says"},
    {REPLACE, "Кодировка=Windows", "Кодировка=DOS", NULL,
     "line 3: the file is in Windows-1251, not in DOS (CP866) as it says"},
    /* "ИП" in UTF-8 after a Windows-1251 key: one pasted name */
    {REPLACE, "Плательщик1=ИП Иванов И.И.", "Плательщик1={D0}{98}{D0}{9F}", NULL,
     "line 35: the file is in UTF-8, not in Windows-1251 as it says"},
    {REPLACE, "НазначениеПлатежа=Оплата по счету 45", "НазначениеПлатежа=Оплата {98} по счету 45",
     NULL, "line 38: byte 0x98 is no character in Windows-1251"},
    /* Windows-1251 capitals read as CP866 are box drawing */
    {REPLACE, "Кодировка=Windows", "Кодировка=DOS\nОтправитель={CA}{EB}{E8}{E5}{ED}{F2}", "CP866",
     "line 4: byte 0xCA is a box-drawing character in DOS (CP866), not text: is the file in "
     "Windows-1251?"},
    /* bytes */
    {REPLACE, "Номер=45", "Номер=4{00}5", NULL, "line 31: a NUL byte: this is not a text file"},
    {REPLACE, "Номер=45", "Номер=4{07}5", NULL, "line 31: a control character (code 7)"},
    {REPLACE, "Номер=45", "Номер=4{0D}5", NULL, "line 31: a control character (code 13)"},
    {REPLACE, "Номер=45", "Номер=4{7F}5", NULL, "line 31: a control character (code 127)"},
    {REPLACE, "Номер=45", "Номер=4{1A}5", NULL, "line 31: a control character (code 26)"},
    /* cut short, sections not closed */
    {REPLACE, "КонецФайла", "", NULL, "line 39: the file ends without КонецФайла: it is cut short"},
    {CUT, "Сумма=1000.00", NULL, NULL, "line 30: СекцияДокумент has no КонецДокумента"},
    {CUT, "СекцияДокумент=Платежное поручение", NULL, NULL,
     "line 15: СекцияДокумент has no КонецДокумента"},
    {REPLACE, "КонецДокумента", "", NULL, "line 15: СекцияДокумент has no КонецДокумента"},
    {REPLACE, "ДатаПоступило=02.12.2026", "ДатаПоступило=02.12.2026\nКонецФайла", NULL,
     "line 15: СекцияДокумент has no КонецДокумента"},
    {REPLACE, "КонецРасчСчет", "", NULL, "line 10: СекцияРасчСчет has no КонецРасчСчет"},
    {REPLACE, "КонецРасчСчет", "КонецРасчСчет\nКонецДокумента", NULL,
     "line 15: КонецДокумента without СекцияДокумент"},
    {REPLACE, "СекцияРасчСчет", "", NULL, "line 13: КонецРасчСчет without СекцияРасчСчет"},
    {REPLACE, "КонецФайла", "КонецФайла\n\nСекцияДокумент=Платежное поручение", NULL,
     "line 42: text after КонецФайла"},
    {REPLACE, "КонецФайла", "КонецФайла\n{00}", NULL, "line 41: text after КонецФайла"},
    {REPLACE, "Номер=812", "Номер 812", NULL,
     "line 16: \"Номер 812\" is neither key=value nor a section's start or end"},
    {REPLACE, "Номер=812", "=812", NULL,
     "line 16: \"=812\" is neither key=value nor a section's start or end"},
    /* what a document must have */
    {REPLACE, "Номер=812", "", NULL, "line 15: the document has no Номер"},
    {REPLACE, "Номер=812", "Номер=", NULL, "line 15: the document has no Номер"},
    {REPLACE, "Дата=01.12.2026", "", NULL, "line 15: the document has no Дата"},
    {REPLACE, "Сумма=12500.00", "", NULL, "line 15: the document has no Сумма"},
    {REPLACE, "Сумма=12500.00", "Сумма=", NULL, "line 15: the document has no Сумма"},
    {REPLACE, "Сумма=12500.00", "Сумма=12500.00\nСумма=125.00", NULL,
     "line 19: Сумма appears twice in the document (first at line 18)"},
    /* amounts */
    {REPLACE, "Сумма=12500.00", "Сумма=12,5O", NULL,
     "line 18: Сумма \"12,5O\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=12500,00", NULL,
     "line 18: Сумма \"12500,00\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=12 500.00", NULL,
     "line 18: Сумма \"12 500.00\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=+12500.00", NULL,
     "line 18: Сумма \"+12500.00\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=12500.", NULL,
     "line 18: Сумма \"12500.\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=.50", NULL,
     "line 18: Сумма \".50\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=1e5", NULL,
     "line 18: Сумма \"1e5\" is not an amount (digits and a decimal point, as 12500.00)"},
    {REPLACE, "Сумма=12500.00", "Сумма=-12500.00", NULL,
     "line 18: Сумма \"-12500.00\" is not above zero"},
    {REPLACE, "Сумма=12500.00", "Сумма=0.00", NULL, "line 18: Сумма \"0.00\" is not above zero"},
    {REPLACE, "Сумма=12500.00", "Сумма=0", NULL, "line 18: Сумма \"0\" is not above zero"},
    {REPLACE, "Сумма=12500.00", "Сумма=12500.001", NULL,
     "line 18: Сумма \"12500.001\" has more than two decimals"},
    {REPLACE, "Сумма=12500.00", "Сумма=12500.000", NULL,
     "line 18: Сумма \"12500.000\" has more than two decimals"},
    {REPLACE, "Сумма=12500.00", "Сумма=10000000000000.00", NULL,
     "line 18: Сумма \"10000000000000.00\" is beyond any payment (10^13 roubles or more)"},
    {REPLACE, "Сумма=12500.00", "Сумма=99999999999999999999999999", NULL,
     "line 18: Сумма \"99999999999999999999999999\" is beyond any payment (10^13 roubles or "
     "more)"},
    {REPLACE, "НачальныйОстаток=1000.00", "НачальныйОстаток=1000,00", NULL,
     "line 12: НачальныйОстаток \"1000,00\" is not an amount (digits and a decimal point, as "
     "12500.00)"},
    /* dates and times */
    {REPLACE, "Дата=01.12.2026", "Дата=31.02.2026", NULL,
     "line 17: Дата \"31.02.2026\" is not a day of the calendar"},
    {REPLACE, "Дата=01.12.2026", "Дата=29.02.2026", NULL,
     "line 17: Дата \"29.02.2026\" is not a day of the calendar"},
    {REPLACE, "Дата=01.12.2026", "Дата=00.12.2026", NULL,
     "line 17: Дата \"00.12.2026\" is not a day of the calendar"},
    {REPLACE, "Дата=01.12.2026", "Дата=2026-12-01", NULL,
     "line 17: Дата \"2026-12-01\" is not a date (dd.mm.yyyy)"},
    {REPLACE, "Дата=01.12.2026", "Дата=1.12.2026", NULL,
     "line 17: Дата \"1.12.2026\" is not a date (dd.mm.yyyy)"},
    {REPLACE, "Дата=01.12.2026", "Дата=01.12.26", NULL,
     "line 17: Дата \"01.12.26\" is not a date (dd.mm.yyyy)"},
    {REPLACE, "ДатаПоступило=02.12.2026", "ДатаПоступило=32.12.2026", NULL,
     "line 28: ДатаПоступило \"32.12.2026\" is not a day of the calendar"},
    {REPLACE, "ДатаСоздания=05.12.2026", "ДатаСоздания=05/12/2026", NULL,
     "line 5: ДатаСоздания \"05/12/2026\" is not a date (dd.mm.yyyy)"},
    {REPLACE, "ВремяСоздания=09:14:07", "ВремяСоздания=24:00:00", NULL,
     "line 6: ВремяСоздания \"24:00:00\" is not a time (hh:mm:ss)"},
    /* INN, KPP, accounts, BIK */
    {REPLACE, "ПлательщикИНН=7730123456", "ПлательщикИНН=773012345", NULL,
     "line 21: ПлательщикИНН \"773012345\" is not an INN (10 or 12 digits)"},
    {REPLACE, "ПлательщикИНН=7730123456", "ПлательщикИНН=77301234567", NULL,
     "line 21: ПлательщикИНН \"77301234567\" is not an INN (10 or 12 digits)"},
    {REPLACE, "ПлательщикИНН=7730123456", "ПлательщикИНН=773O123456", NULL,
     "line 21: ПлательщикИНН \"773O123456\" is not an INN (10 or 12 digits)"},
    {REPLACE, "ПлательщикИНН=7730123456", "ПлательщикИНН=7730123457", NULL,
     "line 21: ПлательщикИНН \"7730123457\" is not a valid INN: a check digit is wrong"},
    {REPLACE, "ПлательщикИНН=771234567859", "ПлательщикИНН=771234567858", NULL,
     "line 36: ПлательщикИНН \"771234567858\" is not a valid INN: a check digit is wrong"},
    {REPLACE, "ПолучательИНН=7701012342", "ПолучательИНН=7701012343", NULL,
     "line 25: ПолучательИНН \"7701012343\" is not a valid INN: a check digit is wrong"},
    {REPLACE, "ПлательщикКПП=773001001", "ПлательщикКПП=77300100", NULL,
     "line 22: ПлательщикКПП \"77300100\" is not a KPP (9 characters: digits, and letters A-Z "
     "in places 5 and 6)"},
    {REPLACE, "ПлательщикСчет=40702810938000054321", "ПлательщикСчет=4070281093800005432", NULL,
     "line 19: ПлательщикСчет \"4070281093800005432\" is not an account number (20 digits)"},
    {REPLACE, "РасчСчет=40702810400000012345", "РасчСчет=40702 810400000012345", NULL,
     "line 9: РасчСчет \"40702 810400000012345\" is not an account number (20 digits)"},
    {REPLACE, "ПлательщикБИК=044525225", "ПлательщикБИК=04452522", NULL,
     "line 23: ПлательщикБИК \"04452522\" is not a BIK (9 digits)"},
    /* the same payment twice */
    {REPLACE, "КонецФайла", DOC1 DOC1_REST "КонецФайла", NULL,
     "line 40: the same payment as at line 15 (number 812 of 2026-12-01, 12500.00 roubles): a "
     "statement lists a payment once"},
};

static void test_hostile(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(hostile_cases); i++) {
        const struct hostile *h = &hostile_cases[i];
        char *text = edited(h->how, h->find, h->with);
        char *wire = crlf(text);
        const char *cp = h->codepage ? h->codepage : "CP1251";
        if (strcmp(cp, "CP866") == 0) {
            /* CP866 has no «»: straight quotes, as a DOS bank writes them. */
            char *q = dos_quotes(wire);
            free(wire);
            wire = q;
        }
        size_t len;
        char *data = encode(wire, cp, &len);
        static struct bankfile sentinel;
        struct bankfile *bf = &sentinel; /* must come back NULL */
        char err[512] = "(untouched)";
        bool ok = bankfile_parse(data, len, &bf, err, sizeof(err));
        if (ok)
            fail_msg("case %zu (%s → %s): parsed, expected \"%s\"", i, h->find ? h->find : "",
                     h->with ? h->with : "", h->error);
        assert_null(bf);
        if (strcmp(err, h->error) != 0)
            fail_msg("case %zu:\n got  \"%s\"\n want \"%s\"", i, err, h->error);
        /* The LF file says the same. */
        size_t n;
        char *lf = strip_cr(data, len, &n);
        bool lf_ok = bankfile_parse(lf, n, &bf, err, sizeof(err));
        bool cr_case = strstr(h->with ? h->with : "", "{0D}") != NULL;
        if (!cr_case && (lf_ok || strcmp(err, h->error) != 0))
            fail_msg("case %zu with LF:\n got  \"%s\"\n want \"%s\"", i, lf_ok ? "" : err,
                     h->error);
        bankfile_free(&bf);
        free(lf);
        free(data);
        free(wire);
        free(text);
    }
}

/* Cases that need a long text made up here. */
static void check_refused(const char *text, const char *error)
{
    size_t len;
    char *wire = crlf(text);
    char *data = encode(wire, "CP1251", &len);
    struct bankfile *bf = NULL;
    char err[512];
    if (bankfile_parse(data, len, &bf, err, sizeof(err)))
        fail_msg("parsed, expected \"%s\"", error);
    assert_null(bf);
    assert_string_equal(err, error);
    free(data);
    free(wire);
}

static char *repeat(const char *s, size_t n)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < n; i++)
        strbuf_puts(&sb, s);
    return strbuf_detach(&sb);
}

static void test_too_long(void **state)
{
    (void)state;
    char *ya = repeat("я", 211), *with = xasprintf("НазначениеПлатежа=%s", ya);
    char *text = edited(REPLACE, "НазначениеПлатежа=Оплата по счету 45", with);
    check_refused(text, "line 38: НазначениеПлатежа is 211 characters long; at most 210 are "
                        "allowed");
    free(text);
    free(with);
    free(ya);

    char *x = repeat("x", 4097 - 6), *num = xasprintf("Номер=%s", x);
    text = edited(REPLACE, "Номер=45", num);
    check_refused(text, "line 31: longer than 4096 bytes");
    free(text);
    free(num);
    free(x);

    x = repeat("7", 65);
    num = xasprintf("Номер=%s", x);
    text = edited(REPLACE, "Номер=45", num);
    check_refused(text, "line 31: Номер is 65 characters long; at most 64 are allowed");
    free(text);
    free(num);
    free(x);

    x = repeat("Ы", 501);
    num = xasprintf("Плательщик1=%s", x);
    text = edited(REPLACE, "Плательщик1=ИП Иванов И.И.", num);
    check_refused(text, "line 35: Плательщик1 is 501 characters long; at most 500 are allowed");
    free(text);
    free(num);
    free(x);

    /* A value quoted in a message is cut, and the message is cut between letters. */
    x = repeat("Щ", 100);
    num = xasprintf("Сумма=%s", x);
    text = edited(REPLACE, "Сумма=12500.00", num);
    char *shch = repeat("Щ", 40);
    char *want = xasprintf("line 18: Сумма \"%s…\" is not an amount (digits and a decimal point, "
                           "as 12500.00)",
                           shch);
    free(shch);
    check_refused(text, want);
    {
        size_t len;
        char *wire = crlf(text);
        char *data = encode(wire, "CP1251", &len);
        struct bankfile *bf = NULL;
        char err[23]; /* room for 22 bytes: "line 18: Сумма \"" and half a Щ */
        assert_false(bankfile_parse(data, len, &bf, err, sizeof(err)));
        assert_string_equal(err, "line 18: Сумма \"");
        assert_false(bankfile_parse(data, len, &bf, NULL, 0)); /* no room for a message at all */
        free(data);
        free(wire);
    }
    free(want);
    free(text);
    free(num);
    free(x);
}

/* ---- what is accepted ---- */

static struct bankfile *parse_ok(const char *text)
{
    size_t len;
    char *wire = crlf(text);
    char *data = encode(wire, "CP1251", &len);
    struct bankfile *bf = NULL;
    char err[512];
    if (!bankfile_parse(data, len, &bf, err, sizeof(err)))
        fail_msg("%s", err);
    free(data);
    free(wire);
    return bf;
}

static void test_accepted(void **state)
{
    (void)state;
    static const struct {
        const char *find, *with;
        int64_t amount; /* of the first document */
    } amounts[] = {
        {"Сумма=12500.00", "Сумма=12500", 1250000},
        {"Сумма=12500.00", "Сумма=12500.5", 1250050},
        {"Сумма=12500.00", "Сумма=0.01", 1},
        {"Сумма=12500.00", "Сумма=  00012500.00  ", 1250000},
        {"Сумма=12500.00", "Сумма=9999999999999.99", 999999999999999},
        {"Сумма=12500.00", "Сумма\t=\t12500.00", 1250000},
    };
    for (size_t i = 0; i < ARRAY_SIZE(amounts); i++) {
        char *text = edited(REPLACE, amounts[i].find, amounts[i].with);
        struct bankfile *bf = parse_ok(text);
        assert_int_equal(bf->docs[0].amount, amounts[i].amount);
        bankfile_free(&bf);
        free(text);
    }

    /* "0" is no INN or KPP, as payment orders write it; "" likewise. */
    char *text = edited(REPLACE, "ПлательщикИНН=771234567859", "ПлательщикИНН=0\nПлательщикКПП=0");
    struct bankfile *bf = parse_ok(text);
    assert_string_equal(bf->docs[1].payer_inn, "");
    assert_string_equal(bf->docs[1].payer_kpp, "");
    assert_string_equal(field(&bf->docs[1], "ПлательщикИНН"), "0");
    bankfile_free(&bf);
    free(text);

    /* The payer's name from Плательщик without the old "ИНН ..." when Плательщик1 is absent. */
    text =
        edited(REPLACE, "Плательщик1=ИП Иванов И.И.", "Плательщик=ИНН 771234567859 ИП Иванов И.И.");
    bf = parse_ok(text);
    assert_string_equal(bf->docs[1].payer_name, "ИП Иванов И.И.");
    bankfile_free(&bf);
    free(text);

    /* TAB is a space; spaces around keys and values go; blank lines are skipped. */
    text = edited(REPLACE, "Номер=45", "  Номер = 45\t\n\n\t\nНеизвестныйКлюч=что\tугодно");
    bf = parse_ok(text);
    assert_string_equal(bf->docs[1].number, "45");
    assert_string_equal(field(&bf->docs[1], "НеизвестныйКлюч"), "что угодно");
    assert_int_equal(bf->docs[1].fields[1].line, 34);
    bankfile_free(&bf);
    free(text);

    /* A purpose of exactly 210 characters. */
    char *ya = repeat("я", 210), *with = xasprintf("НазначениеПлатежа=%s", ya);
    text = edited(REPLACE, "НазначениеПлатежа=Оплата по счету 45", with);
    bf = parse_ok(text);
    assert_string_equal(bf->docs[1].purpose, ya);
    bankfile_free(&bf);
    free(text);
    free(with);
    free(ya);

    /* The DOS end-of-file mark and blank lines after КонецФайла. */
    text = edited(REPLACE, "КонецФайла", "КонецФайла\n\n   \n{1A}");
    bf = parse_ok(text);
    assert_int_equal(bf->ndocs, 2);
    bankfile_free(&bf);
    free(text);
    text = edited(REPLACE, "КонецФайла", "КонецФайла{1A}");
    bf = parse_ok(text);
    bankfile_free(&bf);
    free(text);

    /* Unknown header lines and a 1.01 version are fine; Документ lines are ignored. */
    text =
        edited(REPLACE, "ВерсияФормата=1.03", "ВерсияФормата=1.01\nДокумент=Платежное поручение");
    bf = parse_ok(text);
    assert_string_equal(bf->version, "1.01");
    bankfile_free(&bf);
    free(text);

    /* A transfer between two of our accounts is listed once per account: not a repeat. */
    text = edited(REPLACE, "КонецФайла",
                  "СекцияДокумент=Платежное поручение\nНомер=7\nДата=03.12.2026\nСумма=500.00\n"
                  "ПлательщикСчет=40702810400000012345\nПлательщикИНН=7701012342\n"
                  "ПолучательСчет=40702810500000054321\nКонецДокумента\n"
                  "СекцияРасчСчет\nРасчСчет=40702810500000054321\nКонецРасчСчет\n"
                  "СекцияДокумент=Платежное поручение\nНомер=7\nДата=03.12.2026\nСумма=500.00\n"
                  "ПлательщикСчет=40702810400000012345\nПлательщикИНН=7701012342\n"
                  "ПолучательСчет=40702810500000054321\nКонецДокумента\nКонецФайла");
    bf = parse_ok(text);
    assert_int_equal(bf->ndocs, 4);
    assert_int_equal(bf->docs[0].direction, BANKFILE_IN);
    assert_int_equal(bf->docs[2].direction, BANKFILE_OWN);
    assert_int_equal(bf->docs[3].direction, BANKFILE_OWN);
    assert_int_equal(bf->nbalances, 2);
    bankfile_free(&bf);
    free(text);

    /* The same number, date and payer with another amount or another bank id: two payments. */
    text = edited(REPLACE, "КонецФайла", DOC1 "ИдентификаторДокумента=42\n" DOC1_REST "КонецФайла");
    bf = parse_ok(text);
    assert_int_equal(bf->ndocs, 3);
    bankfile_free(&bf);
    free(text);

    /* Our accounts are the header's and the balance sections': without the header's line the
     * section still tells; without both, nothing is in or out. */
    text = edited(REPLACE, "РасчСчет=40702810400000012345", "");
    bf = parse_ok(text);
    assert_int_equal(bf->naccounts, 0);
    assert_int_equal(bf->docs[0].direction, BANKFILE_IN);
    bankfile_free(&bf);
    free(text);
    text = edited(REPLACE, "СекцияРасчСчет",
                  "ПустаяСтрока=\nСекцияРасчСчет\nКонецРасчСчет\nСекцияРасчСчет");
    bf = parse_ok(text);
    assert_int_equal(bf->nbalances, 2);
    assert_string_equal(bf->balances[0].account, "");
    assert_int_equal(bf->balances[1].opening, 100000);
    assert_int_equal(bf->balances[1].line, 13);
    bankfile_free(&bf);
    free(text);

    bankfile_free(&bf); /* NULL is fine */
    bankfile_free(NULL);
}

static void test_load_missing(void **state)
{
    (void)state;
    struct bankfile *bf = NULL;
    char err[256];
    assert_false(bankfile_load("/nonexistent/выписка.txt", &bf, err, sizeof(err)));
    assert_null(bf);
    assert_string_equal(err, "/nonexistent/выписка.txt: No such file or directory");
}

/* 10,000 payments: all read, in order. How fast is a benchmark, not a test. */
static void test_many(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    strbuf_puts(&sb, "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\n"
                     "РасчСчет=40702810400000012345\n");
    for (int i = 0; i < 10000; i++)
        strbuf_printf(&sb,
                      "СекцияДокумент=Платежное поручение\nНомер=%d\nДата=%02d.12.2026\n"
                      "Сумма=%d.%02d\nПлательщикСчет=40702810938000054321\n"
                      "Плательщик1=ООО «Ромашка» №%d\nПлательщикИНН=7730123456\n"
                      "ПолучательСчет=40702810400000012345\nПолучательИНН=7701012342\n"
                      "НазначениеПлатежа=Оплата по УПД № %d от 01.12.2026, в т.ч. НДС 20%%\n"
                      "ДатаПоступило=02.12.2026\nКонецДокумента\n",
                      i % 1000 + 1, i % 28 + 1, 1000 + i, i % 100, i, i);
    strbuf_puts(&sb, "КонецФайла\n");
    struct bankfile *bf = parse_ok(sb.buf);
    assert_int_equal(bf->ndocs, 10000);
    assert_string_equal(bf->docs[9999].number, "1000");
    assert_string_equal(bf->docs[9999].payer_name, "ООО «Ромашка» №9999");
    assert_int_equal(bf->docs[9999].amount, 1099999);
    assert_int_equal(bf->docs[9999].line, 5 + 9999 * 12);
    bankfile_free(&bf);
    strbuf_release(&sb);
}

/* ---- document numbers in purposes ---- */

static void test_doc_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *purpose;
        const char *numbers; /* joined by '|' */
    } cases[] = {
        {"Оплата по УПД № 123 от 01.12.2026, в т.ч. НДС 20%", "123"},
        {"Оплата по счету 45", "45"},
        {"Оплата по счёту №45 за товар", "45"},
        {"Оплата по сч. №U2026000123 от 03.12.2026 за продукты питания", "U2026000123"},
        {"Оплата по сч.№U2026000123", "U2026000123"},
        {"Оплата по накладной 77, 78", "77|78"},
        {"Оплата по накладной 77, 78 и 79 от 02.12.2026 по договору 15/2026", "77|78|79"},
        {"Оплата по товарной накладной №77 №78", "77|78"},
        {"по счету 45 от 01.12.2026, 46 от 02.12.2026 г., 47", "45|46|47"},
        {"по счету 45 от 01.12.2026 г. и 46", "45|46"},
        {"Оплата по счет-фактуре 12 и УПД 15", "12|15"},
        {"Оплата по с/ф 12/1 и сч/ф 13", "12/1|13"},
        {"по сч N45", "45"},
        {"по сч N 45", "45"},
        {"по сч No45", "45"},
        {"Оплата по счету на оплату № 45", "45"},
        {"Оплата по реализации ЦБ-000123 от 01.12.2026", "ЦБ-000123"},
        {"ОПЛАТА ПО СЧЕТУ 7 И 8", "7|8"},
        {"по ТН 5; 6", "5|6"},
        {"по УПД 123, счет-фактура 123", "123"}, /* each number once */
        {"по счету 45-", "45"},
        {"по сч 01.12.2026", ""}, /* a date is no number */
        {"Оплата по договору 15/2026 от 01.01.2026", ""},
        {"Оплата по заказу 17", ""},
        {"Перевод на расчетный счет 40702810400000012345", ""},
        {"Оплата по счету за товар", ""},
        {"Оплата за товар. НДС 20% - 2083.33", ""},
        {"Комиссия за ведение счета за ноябрь 2026 г.", ""},
        {"Оплата по договору 5 по счету 7", "7"},
        {"Расчет по счету 9", "9"}, /* "Расчет" is not "счет" */
        {"", ""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        size_t n = 99;
        char **list = bankfile_doc_numbers(cases[i].purpose, &n);
        struct strbuf sb = {0};
        for (size_t k = 0; list[k]; k++)
            strbuf_printf(&sb, "%s%s", k ? "|" : "", list[k]);
        if (strcmp(sb.buf ? sb.buf : "", cases[i].numbers) != 0)
            fail_msg("\"%s\": \"%s\", expected \"%s\"", cases[i].purpose, sb.buf ? sb.buf : "",
                     cases[i].numbers);
        size_t want = *cases[i].numbers ? 1 : 0;
        for (const char *p = cases[i].numbers; *p; p++)
            want += *p == '|';
        assert_int_equal(n, want);
        strbuf_release(&sb);
        bankfile_doc_numbers_free(&list);
        assert_null(list);
    }
    char **list = bankfile_doc_numbers(NULL, NULL);
    assert_null(list[0]);
    bankfile_doc_numbers_free(&list);
    /* Invalid UTF-8 and a very long word do no harm. */
    char *junk = repeat("\xFFсчет 1", 50);
    list = bankfile_doc_numbers(junk, NULL);
    assert_string_equal(list[0], "1");
    bankfile_doc_numbers_free(&list);
    free(junk);
    char *nines = repeat("9", 300);
    junk = xasprintf("счет %s", nines);
    free(nines);
    list = bankfile_doc_numbers(junk, NULL);
    assert_null(list[0]); /* all digits, far too long: an account-like run */
    bankfile_doc_numbers_free(&list);
    free(junk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_windows),
        cmocka_unit_test(test_statement_lf),
        cmocka_unit_test(test_statement_dos),
        cmocka_unit_test(test_codepages),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_load_missing),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_doc_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
