/* bankfile.c: the 1CClientBankExchange reader (format and rules in bankfile.h).
 *
 * One pass over the lines. Each line is checked as bytes (length, NUL, controls, UTF-8 where
 * an 8-bit code page was declared), decoded to UTF-8 through the code page's table, then
 * split into key=value and handled by the section it is in, through tables of the keys each
 * section knows. Strings live in an arena that the statement owns, so a statement of 10,000
 * payments is a handful of allocations and bankfile_free is a loop over blocks. Repeats are
 * found with a hash of the documents read so far: the whole parse is linear. */
#include "polka/bankfile.h"

#include <errno.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "polka/i18n.h"
#include "polka/inn.h"
#include "polka/text.h"
#include "polka/util.h"

#define MAGIC             "1CClientBankExchange"
#define FILE_MAX          ((size_t)256 << 20)
#define TEXT_MAX          500 /* characters of a name or any other text value */
#define ID_MAX            64 /* characters of Номер and ИдентификаторДокумента */
#define ROUBLE_DIGITS_MAX 13 /* 10^13 roubles is beyond any payment */
#define QUOTE_MAX         40 /* characters of a value quoted in a message */
#define CTRL_Z            0x1A

/* ---- code pages: bytes 0x80-0xFF as Unicode code points; 0 is no character ---- */

static const uint16_t cp1251[128] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, /* 80 */
    0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F, /* 88 */
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90 */
    0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, /* 98 */
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, /* A0 */
    0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407, /* A8 */
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, /* B0 */
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457, /* B8 */
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, /* C0 */
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, /* C8 */
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, /* D0 */
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, /* D8 */
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, /* E0 */
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F, /* E8 */
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, /* F0 */
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F, /* F8 */
};

/* CP866 (with its 0xF0-0xFF as Windows' DOS has them: Ё ё Є є Ї ї Ў ў ° ∙ · √ № ¤ ■ NBSP).
 * 0xB0-0xDF are box-drawing characters: refused before this table is read. */
static const uint16_t cp866[128] = {
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, /* 80 */
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, /* 88 */
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, /* 90 */
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, /* 98 */
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, /* A0 */
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F, /* A8 */
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, /* B0 */
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, /* B8 */
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, /* C0 */
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, /* C8 */
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, /* D0 */
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, /* D8 */
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, /* E0 */
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F, /* E8 */
    0x0401, 0x0451, 0x0404, 0x0454, 0x0407, 0x0457, 0x040E, 0x045E, /* F0 */
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x2116, 0x00A4, 0x25A0, 0x00A0, /* F8 */
};

enum codepage { CP_WINDOWS, CP_DOS, CP_UTF8 };

/* What a code page is called in messages and in the Кодировка line. */
static const char *codepage_name(enum codepage cp)
{
    switch (cp) {
    case CP_WINDOWS:
        return "Windows-1251";
    case CP_DOS:
        return "DOS (CP866)";
    case CP_UTF8:
        return "UTF-8";
    }
    return "?";
}

/* "Кодировка" as each code page spells it: the spelling found in a file is its real code
 * page, whatever the value after '=' claims. */
static const struct {
    enum codepage cp;
    const char *key;
} encoding_keys[] = {
    {CP_WINDOWS, "\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0"},
    {CP_DOS, "\x8A\xAE\xA4\xA8\xE0\xAE\xA2\xAA\xA0"},
    {CP_UTF8, "Кодировка"},
};

/* ---- the arena that owns a statement's strings and arrays ---- */

#define ARENA_BLOCK ((size_t)64 << 10)

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

struct bankfile_arena {
    struct arena_block *head;
};

static void *arena_alloc(struct bankfile_arena *a, size_t n, size_t align)
{
    struct arena_block *b = a->head;
    if (b) {
        size_t at = (b->used + align - 1) & ~(align - 1);
        if (at <= b->cap && n <= b->cap - at) {
            b->used = at + n;
            return b->data + at;
        }
    }
    /* A big request gets a block of its own behind the current one, which stays in use. */
    size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
    struct arena_block *nb = xmalloc(sizeof(*nb) + cap);
    nb->cap = cap;
    nb->used = n;
    if (b && cap != ARENA_BLOCK) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        a->head = nb;
    }
    return nb->data;
}

static const char *arena_strndup(struct bankfile_arena *a, const char *s, size_t n)
{
    if (n == 0)
        return "";
    char *d = arena_alloc(a, n + 1, 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void *arena_copy(struct bankfile_arena *a, const void *p, size_t n)
{
    if (n == 0)
        return NULL;
    void *d = arena_alloc(a, n, alignof(max_align_t));
    memcpy(d, p, n);
    return d;
}

static void arena_free(struct bankfile_arena *a)
{
    if (!a)
        return;
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

/* ---- what each section knows ---- */

enum value_kind {
    V_SKIP,     /* known, not kept in a field of its own */
    V_TEXT,     /* up to TEXT_MAX characters */
    V_ID,       /* up to ID_MAX characters */
    V_PURPOSE,  /* up to BANKFILE_PURPOSE_MAX characters */
    V_DATE,     /* dd.mm.yyyy, kept as yyyy-mm-dd */
    V_TIME,     /* hh:mm:ss */
    V_AMOUNT,   /* roubles.kopecks above zero, kept as int64 kopecks */
    V_BALANCE,  /* the same, zero and a minus allowed */
    V_INN,      /* "0" is none */
    V_KPP,      /* "0" is none */
    V_ACCOUNT,  /* 20 digits */
    V_ACCOUNTS, /* 20 digits, one more of the header's list */
    V_BIC,      /* 9 digits */
};

struct key_spec {
    const char *key;
    size_t klen; /* bytes of key: most lines are told apart by length alone */
    enum value_kind kind;
    size_t offset; /* of the const char * (or int64_t) it fills */
};

#define K(s) s, sizeof(s) - 1

/* A document while it is read: the names as written beside the doc, chosen at its end. */
struct doc_draft {
    struct bankfile_doc doc;
    const char *payer_plain, *recipient_plain; /* Плательщик, Получатель */
    bool has_amount;
};

#define DOC(f) offsetof(struct doc_draft, f)
static const struct key_spec doc_keys[] = {
    {K("Номер"), V_ID, DOC(doc.number)},
    {K("Дата"), V_DATE, DOC(doc.date)},
    {K("Сумма"), V_AMOUNT, DOC(doc.amount)},
    {K("ПлательщикСчет"), V_ACCOUNT, DOC(doc.payer_account)},
    {K("Плательщик"), V_TEXT, DOC(payer_plain)},
    {K("Плательщик1"), V_TEXT, DOC(doc.payer_name)},
    {K("ПлательщикИНН"), V_INN, DOC(doc.payer_inn)},
    {K("ПлательщикКПП"), V_KPP, DOC(doc.payer_kpp)},
    {K("ПлательщикБИК"), V_BIC, DOC(doc.payer_bic)},
    {K("ПолучательСчет"), V_ACCOUNT, DOC(doc.recipient_account)},
    {K("Получатель"), V_TEXT, DOC(recipient_plain)},
    {K("Получатель1"), V_TEXT, DOC(doc.recipient_name)},
    {K("ПолучательИНН"), V_INN, DOC(doc.recipient_inn)},
    {K("ПолучательКПП"), V_KPP, DOC(doc.recipient_kpp)},
    {K("ПолучательБИК"), V_BIC, DOC(doc.recipient_bic)},
    {K("НазначениеПлатежа"), V_PURPOSE, DOC(doc.purpose)},
    {K("ДатаПоступило"), V_DATE, DOC(doc.credited)},
    {K("ДатаСписано"), V_DATE, DOC(doc.debited)},
    {K("ИдентификаторДокумента"), V_ID, DOC(doc.doc_id)},
};
#undef DOC
#define DOC_KEYS ARRAY_SIZE(doc_keys)

#define HDR(f) offsetof(struct bankfile, f)
static const struct key_spec header_keys[] = {
    {K("ВерсияФормата"), V_TEXT, HDR(version)},
    {K("Кодировка"), V_SKIP, 0}, /* read before the parse */
    {K("Отправитель"), V_TEXT, HDR(sender)},
    {K("Получатель"), V_TEXT, HDR(receiver)},
    {K("ДатаСоздания"), V_DATE, HDR(created_date)},
    {K("ВремяСоздания"), V_TIME, HDR(created_time)},
    {K("ДатаНачала"), V_DATE, HDR(date_from)},
    {K("ДатаКонца"), V_DATE, HDR(date_to)},
    {K("РасчСчет"), V_ACCOUNTS, 0},
};
#undef HDR

#define BAL(f) offsetof(struct bankfile_balance, f)
static const struct key_spec balance_keys[] = {
    {K("ДатаНачала"), V_DATE, BAL(date_from)},
    {K("ДатаКонца"), V_DATE, BAL(date_to)},
    {K("РасчСчет"), V_ACCOUNT, BAL(account)},
    {K("НачальныйОстаток"), V_BALANCE, BAL(opening)},
    {K("ВсегоПоступило"), V_BALANCE, BAL(credited)},
    {K("ВсегоСписано"), V_BALANCE, BAL(debited)},
    {K("КонечныйОстаток"), V_BALANCE, BAL(closing)},
};
#undef BAL

static const struct key_spec *key_find(const struct key_spec *keys, size_t n, const char *key,
                                       size_t klen)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].klen == klen && memcmp(keys[i].key, key, klen) == 0)
            return &keys[i];
    return NULL;
}

/* ---- the parser ---- */

enum state { S_HEADER, S_BALANCE, S_DOC, S_END };

struct parser {
    const unsigned char *data;
    size_t len, pos; /* pos: where the next line starts */
    int line;
    enum codepage cp;
    const char *encoding; /* "Windows" or "DOS" */
    char *text;           /* the current line in UTF-8: 3 * BANKFILE_LINE_MAX + 1 bytes */
    size_t textlen;
    struct {
        char b[3];
        unsigned char n; /* 0: the byte is refused */
    } utf8[128];         /* the code page's bytes 0x80-0xFF in UTF-8 */
    char *err;
    size_t errlen;

    struct bankfile_arena *arena;
    struct bankfile head;
    enum state state;
    int section_line;

    struct doc_draft draft;
    int seen[DOC_KEYS];  /* the line of each known key in the current document, 0: not yet */
    size_t draft_fields; /* index of the current document's first field */

    struct bankfile_doc *docs;
    size_t ndocs, capdocs;
    size_t *doc_fields; /* each document's first field, an index: fields moves while growing */
    size_t capdocfields;
    struct bankfile_field *fields;
    size_t nfields, capfields;
    struct bankfile_balance *balances;
    size_t nbalances, capbalances;
    struct bankfile_balance balance; /* the СекцияРасчСчет being read */
    const char **accounts;           /* the header's РасчСчет */
    size_t naccounts, capaccounts;
    const char **own; /* the header's and the balances' accounts, each once */
    size_t nown, capown;

    uint32_t *hash; /* 1 + index into docs, 0 empty; open addressing */
    size_t hashcap;
};

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 16;                                                          \
            (arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                                       \
        }                                                                                          \
    } while (0)

static bool fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the message into p->err; returns false so that callers can `return fail(...)`. */
static bool fail(struct parser *p, const char *fmt, ...)
{
    if (p->err && p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errlen, fmt, ap);
        va_end(ap);
        /* A cut in the middle of a letter would leave invalid UTF-8 for the screen. */
        size_t n = strlen(p->err), k = n;
        while (k > 0 && ((unsigned char)p->err[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0 && (unsigned char)p->err[k - 1] >= 0xC0) {
            unsigned char lead = (unsigned char)p->err[k - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (n - (k - 1) < need)
                p->err[k - 1] = '\0';
        }
    }
    return false;
}

/* A value for a message: its first QUOTE_MAX characters, "…" when there were more. */
static const char *quote(const char *v, char *buf, size_t n)
{
    size_t i = 0, chars = 0, len = strlen(v);
    while (i < len && chars < QUOTE_MAX) {
        uint32_t cp;
        i += text_decode(v + i, len - i, &cp);
        chars++;
    }
    snprintf(buf, n, "%.*s%s", (int)i, v, i < len ? "…" : "");
    return buf;
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

enum amount_status { AM_OK, AM_SYNTAX, AM_DECIMALS, AM_RANGE, AM_NEGATIVE };

/* roubles[.kopecks]: digits, then a point and one or two digits. With `signed_ok` a leading
 * minus is part of the number (balances); without, a minus before a well-formed amount is
 * AM_NEGATIVE (so the message says what is wrong), anything else odd is AM_SYNTAX. */
static enum amount_status amount_parse(const char *s, bool signed_ok, int64_t *out)
{
    bool minus = *s == '-';
    if (minus)
        s++;
    const char *ip = s;
    while (*s >= '0' && *s <= '9')
        s++;
    size_t ilen = (size_t)(s - ip), flen = 0;
    const char *fp = s;
    if (*s == '.') {
        fp = ++s;
        while (*s >= '0' && *s <= '9')
            s++;
        flen = (size_t)(s - fp);
        if (flen == 0)
            return AM_SYNTAX;
    }
    if (ilen == 0 || *s)
        return AM_SYNTAX;
    if (flen > 2)
        return AM_DECIMALS;
    while (ilen > 1 && *ip == '0') {
        ip++;
        ilen--;
    }
    if (ilen > ROUBLE_DIGITS_MAX)
        return AM_RANGE;
    if (minus && !signed_ok)
        return AM_NEGATIVE;
    int64_t v = 0; /* at most 15 digits: no overflow */
    for (size_t i = 0; i < ilen; i++)
        v = v * 10 + (ip[i] - '0');
    v = v * 100 + (flen > 0 ? (fp[0] - '0') * 10 : 0) + (flen > 1 ? fp[1] - '0' : 0);
    *out = minus ? -v : v;
    return AM_OK;
}

static bool amount_check(struct parser *p, const char *key, const char *v, bool signed_ok,
                         int64_t *out)
{
    char q[QUOTE_MAX * 4 + 8];
    switch (amount_parse(v, signed_ok, out)) {
    case AM_OK:
        if (!signed_ok && *out == 0)
            return fail(p, _("line %d: %s \"%s\" is not above zero"), p->line, key,
                        quote(v, q, sizeof(q)));
        return true;
    case AM_SYNTAX:
        return fail(p,
                    _("line %d: %s \"%s\" is not an amount (digits and a decimal point, as "
                      "12500.00)"),
                    p->line, key, quote(v, q, sizeof(q)));
    case AM_DECIMALS:
        return fail(p, _("line %d: %s \"%s\" has more than two decimals"), p->line, key,
                    quote(v, q, sizeof(q)));
    case AM_RANGE:
        return fail(p, _("line %d: %s \"%s\" is beyond any payment (10^13 roubles or more)"),
                    p->line, key, quote(v, q, sizeof(q)));
    case AM_NEGATIVE:
        return fail(p, _("line %d: %s \"%s\" is not above zero"), p->line, key,
                    quote(v, q, sizeof(q)));
    }
    return false;
}

/* dd.mm.yyyy into yyyy-mm-dd (iso, 11 bytes), checked against the calendar. */
static bool date_check(struct parser *p, const char *key, const char *v, char *iso)
{
    char q[QUOTE_MAX * 4 + 8];
    size_t n = strlen(v);
    if (n != 10 || v[2] != '.' || v[5] != '.' || !is_digits(v, 2) || !is_digits(v + 3, 2) ||
        !is_digits(v + 6, 4))
        return fail(p, _("line %d: %s \"%s\" is not a date (dd.mm.yyyy)"), p->line, key,
                    quote(v, q, sizeof(q)));
    memcpy(iso, v + 6, 4);
    iso[4] = '-';
    memcpy(iso + 5, v + 3, 2);
    iso[7] = '-';
    memcpy(iso + 8, v, 2);
    iso[10] = '\0';
    int y, m, d;
    if (!text_date_parse(iso, &y, &m, &d))
        return fail(p, _("line %d: %s \"%s\" is not a day of the calendar"), p->line, key, v);
    return true;
}

static bool time_check(struct parser *p, const char *key, const char *v)
{
    char q[QUOTE_MAX * 4 + 8];
    if (strlen(v) != 8 || v[2] != ':' || v[5] != ':' || !is_digits(v, 2) || !is_digits(v + 3, 2) ||
        !is_digits(v + 6, 2) || atoi(v) > 23 || atoi(v + 3) > 59 || atoi(v + 6) > 59)
        return fail(p, _("line %d: %s \"%s\" is not a time (hh:mm:ss)"), p->line, key,
                    quote(v, q, sizeof(q)));
    return true;
}

/* Checks v as `kind` wants and stores it (normalized, in the arena) at base + spec->offset. */
static bool value_store(struct parser *p, const struct key_spec *spec, const char *v, size_t vlen,
                        void *base)
{
    char q[QUOTE_MAX * 4 + 8], iso[11];
    const char *key = spec->key;
    const char **slot = (const char **)((char *)base + spec->offset);
    size_t max = 0;
    switch (spec->kind) {
    case V_SKIP:
        return true;
    case V_TEXT:
        max = TEXT_MAX;
        break;
    case V_ID:
        max = ID_MAX;
        break;
    case V_PURPOSE:
        max = BANKFILE_PURPOSE_MAX;
        break;
    case V_DATE:
        if (vlen == 0)
            return true;
        if (!date_check(p, key, v, iso))
            return false;
        *slot = arena_strndup(p->arena, iso, 10);
        return true;
    case V_TIME:
        if (vlen > 0 && !time_check(p, key, v))
            return false;
        break;
    case V_AMOUNT:
    case V_BALANCE:
        if (vlen == 0)
            return true; /* a document's missing Сумма is told at its end */
        if (!amount_check(p, key, v, spec->kind == V_BALANCE,
                          (int64_t *)((char *)base + spec->offset)))
            return false;
        if (spec->kind == V_AMOUNT)
            p->draft.has_amount = true;
        return true;
    case V_INN:
        if (strcmp(v, "0") == 0)
            return true;
        if (vlen > 0 && !(is_digits(v, vlen) && (vlen == 10 || vlen == 12)))
            return fail(p, _("line %d: %s \"%s\" is not an INN (10 or 12 digits)"), p->line, key,
                        quote(v, q, sizeof(q)));
        if (vlen > 0 && !inn_valid(v))
            return fail(p, _("line %d: %s \"%s\" is not a valid INN: a check digit is wrong"),
                        p->line, key, v);
        break;
    case V_KPP:
        if (strcmp(v, "0") == 0)
            return true;
        if (vlen > 0 && !kpp_valid(v))
            return fail(p,
                        _("line %d: %s \"%s\" is not a KPP (9 characters: digits, and letters A-Z "
                          "in places 5 and 6)"),
                        p->line, key, quote(v, q, sizeof(q)));
        break;
    case V_ACCOUNT:
    case V_ACCOUNTS:
        if (vlen > 0 && !(vlen == 20 && is_digits(v, vlen)))
            return fail(p, _("line %d: %s \"%s\" is not an account number (20 digits)"), p->line,
                        key, quote(v, q, sizeof(q)));
        break;
    case V_BIC:
        if (vlen > 0 && !(vlen == 9 && is_digits(v, vlen)))
            return fail(p, _("line %d: %s \"%s\" is not a BIK (9 digits)"), p->line, key,
                        quote(v, q, sizeof(q)));
        break;
    }
    if (max > 0) {
        size_t chars = text_chars(v);
        if (chars > max)
            return fail(p, _("line %d: %s is %zu characters long; at most %zu are allowed"),
                        p->line, key, chars, max);
    }
    const char *copy = arena_strndup(p->arena, v, vlen);
    if (spec->kind == V_ACCOUNTS) {
        if (vlen > 0) {
            GROW(p->accounts, p->naccounts, p->capaccounts);
            p->accounts[p->naccounts++] = copy;
        }
        return true;
    }
    *slot = copy;
    return true;
}

/* ---- our own accounts and which way a document went ---- */

static bool own_has(const struct parser *p, const char *account)
{
    for (size_t i = 0; i < p->nown; i++)
        if (strcmp(p->own[i], account) == 0)
            return true;
    return false;
}

static void own_add(struct parser *p, const char *account)
{
    if (!*account || own_has(p, account))
        return;
    GROW(p->own, p->nown, p->capown);
    p->own[p->nown++] = account;
}

static enum bankfile_direction direction(const struct parser *p, const struct bankfile_doc *d)
{
    bool from = *d->payer_account && own_has(p, d->payer_account);
    bool to = *d->recipient_account && own_has(p, d->recipient_account);
    if (from && to)
        return BANKFILE_OWN;
    if (to)
        return BANKFILE_IN;
    if (from)
        return BANKFILE_OUT;
    return BANKFILE_OTHER;
}

/* ---- the same payment twice ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (h ^ 0xFF) * 1099511628211ull; /* a separator, so "1"+"23" differs from "12"+"3" */
}

static uint64_t doc_hash(const struct bankfile_doc *d)
{
    uint64_t h = 14695981039346656037ull;
    h = fnv(h, d->kind);
    h = fnv(h, d->number);
    h = fnv(h, d->date);
    h = fnv(h, d->payer_inn);
    h = fnv(h, d->payer_account);
    h = fnv(h, d->doc_id);
    return (h ^ (uint64_t)d->amount) * 1099511628211ull;
}

static bool doc_same(const struct bankfile_doc *a, const struct bankfile_doc *b)
{
    return a->amount == b->amount && strcmp(a->number, b->number) == 0 &&
           strcmp(a->date, b->date) == 0 && strcmp(a->payer_inn, b->payer_inn) == 0 &&
           strcmp(a->payer_account, b->payer_account) == 0 && strcmp(a->kind, b->kind) == 0 &&
           strcmp(a->doc_id, b->doc_id) == 0;
}

/* Puts docs[i] in the hash; the index of an earlier equal document, or -1. */
static long hash_put(struct parser *p, size_t i)
{
    if ((p->ndocs + 1) * 2 > p->hashcap) {
        size_t cap = p->hashcap ? p->hashcap * 2 : 1024;
        uint32_t *h = xcalloc(cap, sizeof(*h));
        for (size_t k = 0; k < p->hashcap; k++) {
            if (!p->hash[k])
                continue;
            size_t at = doc_hash(&p->docs[p->hash[k] - 1]) & (cap - 1);
            while (h[at])
                at = (at + 1) & (cap - 1);
            h[at] = p->hash[k];
        }
        free(p->hash);
        p->hash = h;
        p->hashcap = cap;
    }
    size_t at = doc_hash(&p->docs[i]) & (p->hashcap - 1);
    for (; p->hash[at]; at = (at + 1) & (p->hashcap - 1))
        if (doc_same(&p->docs[p->hash[at] - 1], &p->docs[i]))
            return (long)p->hash[at] - 1;
    p->hash[at] = (uint32_t)i + 1;
    return -1;
}

/* ---- sections ---- */

/* "ИНН 7712345678 ООО Ромашка" → "ООО Ромашка": the old way of writing field 8. */
static const char *name_without_inn(const char *s)
{
    static const char inn[] = "ИНН ";
    if (strncmp(s, inn, sizeof(inn) - 1) != 0)
        return s;
    const char *t = s + sizeof(inn) - 1;
    while (*t >= '0' && *t <= '9')
        t++;
    while (*t == ' ')
        t++;
    return *t ? t : s;
}

static void doc_begin(struct parser *p, const char *kind, size_t n)
{
    memset(&p->draft, 0, sizeof(p->draft));
    struct bankfile_doc *d = &p->draft.doc;
    d->kind = arena_strndup(p->arena, kind, n);
    d->number = d->date = d->payer_name = d->payer_inn = d->payer_kpp = "";
    d->payer_account = d->payer_bic = d->recipient_name = d->recipient_inn = "";
    d->recipient_kpp = d->recipient_account = d->recipient_bic = d->purpose = "";
    d->credited = d->debited = d->doc_id = "";
    p->draft.payer_plain = p->draft.recipient_plain = "";
    d->line = p->line;
    memset(p->seen, 0, sizeof(p->seen));
    p->draft_fields = p->nfields;
    p->state = S_DOC;
    p->section_line = p->line;
}

static bool doc_end(struct parser *p)
{
    struct doc_draft *dr = &p->draft;
    struct bankfile_doc *d = &dr->doc;
    const char *missing = !*d->number       ? "Номер"
                          : !*d->date       ? "Дата"
                          : !dr->has_amount ? "Сумма"
                                            : NULL;
    if (missing)
        return fail(p, _("line %d: the document has no %s"), d->line, missing);
    if (!*d->payer_name)
        d->payer_name = name_without_inn(dr->payer_plain);
    if (!*d->recipient_name)
        d->recipient_name = name_without_inn(dr->recipient_plain);
    GROW(p->docs, p->ndocs, p->capdocs);
    GROW(p->doc_fields, p->ndocs, p->capdocfields);
    p->docs[p->ndocs] = *d;
    p->doc_fields[p->ndocs] = p->draft_fields;
    long same = hash_put(p, p->ndocs);
    if (same >= 0) {
        bool own = *d->payer_account && *d->recipient_account && own_has(p, d->payer_account) &&
                   own_has(p, d->recipient_account);
        if (!own)
            return fail(p,
                        _("line %d: the same payment as at line %d (number %s of %s, %lld.%02lld "
                          "roubles): a statement lists a payment once"),
                        d->line, p->docs[same].line, d->number, p->docs[same].date,
                        (long long)(d->amount / 100), (long long)(d->amount % 100));
    }
    p->ndocs++;
    p->state = S_HEADER;
    return true;
}

static bool doc_field(struct parser *p, const char *key, size_t klen, const char *v, size_t vlen)
{
    const struct key_spec *spec = key_find(doc_keys, DOC_KEYS, key, klen);
    GROW(p->fields, p->nfields, p->capfields);
    struct bankfile_field *f = &p->fields[p->nfields++];
    f->key = spec ? spec->key : arena_strndup(p->arena, key, klen);
    f->value = arena_strndup(p->arena, v, vlen);
    f->line = p->line;
    if (!spec)
        return true;
    int *seen = &p->seen[spec - doc_keys];
    if (*seen)
        return fail(p, _("line %d: %s appears twice in the document (first at line %d)"), p->line,
                    key, *seen);
    *seen = p->line;
    return value_store(p, spec, v, vlen, &p->draft);
}

static void balance_begin(struct parser *p)
{
    memset(&p->balance, 0, sizeof(p->balance));
    p->balance.account = p->balance.date_from = p->balance.date_to = "";
    p->balance.line = p->line;
    p->state = S_BALANCE;
    p->section_line = p->line;
}

static void balance_end(struct parser *p)
{
    GROW(p->balances, p->nbalances, p->capbalances);
    p->balances[p->nbalances++] = p->balance;
    own_add(p, p->balance.account);
    p->state = S_HEADER;
}

/* The section that a marker line finds unfinished: its message. */
static bool unfinished(struct parser *p)
{
    if (p->state == S_DOC)
        return fail(p, _("line %d: %s has no %s"), p->section_line, "СекцияДокумент",
                    "КонецДокумента");
    return fail(p, _("line %d: %s has no %s"), p->section_line, "СекцияРасчСчет", "КонецРасчСчет");
}

/* A marker line (СекцияДокумент, КонецФайла...); false with the message when out of place. */
static bool marker(struct parser *p, const char *key, const char *v, size_t vlen)
{
    bool in_section = p->state == S_DOC || p->state == S_BALANCE;
    if (strcmp(key, "СекцияДокумент") == 0) {
        if (in_section)
            return unfinished(p);
        doc_begin(p, v, vlen);
    } else if (strcmp(key, "КонецДокумента") == 0) {
        if (p->state == S_BALANCE)
            return unfinished(p);
        if (p->state != S_DOC)
            return fail(p, _("line %d: %s without %s"), p->line, key, "СекцияДокумент");
        return doc_end(p);
    } else if (strcmp(key, "СекцияРасчСчет") == 0) {
        if (in_section)
            return unfinished(p);
        balance_begin(p);
    } else if (strcmp(key, "КонецРасчСчет") == 0) {
        if (p->state == S_DOC)
            return unfinished(p);
        if (p->state != S_BALANCE)
            return fail(p, _("line %d: %s without %s"), p->line, key, "СекцияРасчСчет");
        balance_end(p);
    } else { /* КонецФайла */
        if (in_section)
            return unfinished(p);
        p->state = S_END;
    }
    return true;
}

static bool is_marker(const char *key, size_t klen)
{
    static const struct {
        const char *key;
        size_t klen;
    } markers[] = {{K("СекцияДокумент")},
                   {K("КонецДокумента")},
                   {K("СекцияРасчСчет")},
                   {K("КонецРасчСчет")},
                   {K("КонецФайла")}};
    for (size_t i = 0; i < ARRAY_SIZE(markers); i++)
        if (markers[i].klen == klen && memcmp(key, markers[i].key, klen) == 0)
            return true;
    return false;
}

/* One decoded line, s[0..n) (NUL-terminated, trimmed). */
static bool handle_line(struct parser *p, char *s, size_t n)
{
    char *eq = memchr(s, '=', n);
    char *key = s, *v = eq ? eq + 1 : s + n;
    size_t klen = eq ? (size_t)(eq - s) : n;
    while (klen > 0 && key[klen - 1] == ' ')
        klen--;
    key[klen] = '\0';
    while (*v == ' ')
        v++;
    size_t vlen = (size_t)(s + n - v);
    if (is_marker(key, klen))
        return marker(p, key, v, vlen);
    if (!eq || klen == 0) {
        char q[QUOTE_MAX * 4 + 8];
        if (eq)
            *eq = '=';
        return fail(p, _("line %d: \"%s\" is neither key=value nor a section's start or end"),
                    p->line, quote(s, q, sizeof(q)));
    }
    switch (p->state) {
    case S_DOC:
        return doc_field(p, key, klen, v, vlen);
    case S_BALANCE: {
        const struct key_spec *spec = key_find(balance_keys, ARRAY_SIZE(balance_keys), key, klen);
        return !spec || value_store(p, spec, v, vlen, &p->balance);
    }
    default: {
        const struct key_spec *spec = key_find(header_keys, ARRAY_SIZE(header_keys), key, klen);
        if (!spec)
            return true;
        if (!value_store(p, spec, v, vlen, &p->head))
            return false;
        if (spec->kind == V_ACCOUNTS && vlen > 0)
            own_add(p, p->accounts[p->naccounts - 1]);
        return true;
    }
    }
}

/* True when s[0..n) is valid UTF-8 with a Cyrillic letter in it (lead byte 0xD0 or 0xD1).
 * Windows-1251 and CP866 text is that only when it has no lowercase letter and every capital
 * stands before a punctuation mark ("Р»"): no name or purpose looks like that. */
static bool utf8_cyrillic(const unsigned char *s, size_t n)
{
    return (memchr(s, 0xD0, n) || memchr(s, 0xD1, n)) && text_utf8_valid((const char *)s, n);
}

/* A line's bytes: NUL, controls, the code page's holes, UTF-8 in disguise; then decoded into
 * p->text. TAB becomes a space. */
static bool decode_line(struct parser *p, const unsigned char *s, size_t n)
{
    bool high = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == 0)
            return fail(p, _("line %d: a NUL byte: this is not a text file"), p->line);
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return fail(p, _("line %d: a control character (code %d)"), p->line, c);
        high |= c >= 0x80;
    }
    char *o = p->text;
    if (!high) {
        memcpy(o, s, n);
        o += n;
    } else {
        /* The key and the value apart: a UTF-8 name after a Windows-1251 key is UTF-8 too. */
        const unsigned char *eq = memchr(s, '=', n);
        size_t klen = eq ? (size_t)(eq - s) : n;
        if (utf8_cyrillic(s, klen) || (eq && utf8_cyrillic(eq + 1, n - klen - 1)))
            return fail(p, _("line %d: the file is in %s, not in %s as it says"), p->line,
                        codepage_name(CP_UTF8), codepage_name(p->cp));
        for (size_t i = 0; i < n; i++) {
            unsigned char c = s[i];
            if (c < 0x80) {
                *o++ = (char)c;
                continue;
            }
            if (p->cp == CP_DOS && c >= 0xB0 && c <= 0xDF)
                return fail(p,
                            _("line %d: byte 0x%02X is a box-drawing character in DOS (CP866), "
                              "not text: is the file in Windows-1251?"),
                            p->line, c);
            if (!p->utf8[c - 0x80].n)
                return fail(p, _("line %d: byte 0x%02X is no character in %s"), p->line, c,
                            codepage_name(p->cp));
            memcpy(o, p->utf8[c - 0x80].b, 3);
            o += p->utf8[c - 0x80].n;
        }
    }
    *o = '\0';
    p->textlen = (size_t)(o - p->text);
    for (char *t = memchr(p->text, '\t', p->textlen); t; t = strchr(t, '\t'))
        *t = ' ';
    return true;
}

/* The next line's bytes without its line end; false at the end of the data. */
static bool next_line(struct parser *p, const unsigned char **s, size_t *n)
{
    if (p->pos >= p->len)
        return false;
    const unsigned char *start = p->data + p->pos;
    const unsigned char *nl = memchr(start, '\n', p->len - p->pos);
    *s = start;
    *n = nl ? (size_t)(nl - start) : p->len - p->pos;
    p->pos += *n + (nl ? 1 : 0);
    if (*n > 0 && start[*n - 1] == '\r')
        (*n)--;
    p->line++;
    return true;
}

/* Кодировка, looked for before anything is decoded: the code page its key is spelt in and the
 * one its value names must agree. */
static bool find_encoding(struct parser *p)
{
    struct parser scan = *p;
    const unsigned char *s;
    size_t n;
    while (next_line(&scan, &s, &n)) {
        size_t i = 0;
        while (i < n && s[i] == ' ')
            i++;
        for (size_t k = 0; k < ARRAY_SIZE(encoding_keys); k++) {
            size_t kl = strlen(encoding_keys[k].key);
            if (n - i < kl || memcmp(s + i, encoding_keys[k].key, kl) != 0)
                continue;
            size_t j = i + kl;
            while (j < n && s[j] == ' ')
                j++;
            if (j == n || s[j] != '=')
                continue;
            const char *v = (const char *)s + j + 1;
            size_t vlen = n - j - 1;
            while (vlen > 0 && *v == ' ')
                v++, vlen--;
            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            enum codepage said;
            if (vlen == 7 && strncasecmp(v, "Windows", 7) == 0) {
                said = CP_WINDOWS;
                p->encoding = "Windows";
            } else if (vlen == 3 && strncasecmp(v, "DOS", 3) == 0) {
                said = CP_DOS;
                p->encoding = "DOS";
            } else {
                /* Quote only what is plainly text: the value's bytes are of unknown code. */
                char q[QUOTE_MAX + 8];
                size_t m = 0;
                for (size_t c = 0; c < vlen && m < QUOTE_MAX; c++)
                    q[m++] = v[c] >= 0x20 && v[c] < 0x7F ? v[c] : '?';
                q[m] = '\0';
                return fail(p, _("line %d: %s \"%s\" is neither Windows nor DOS"), scan.line,
                            "Кодировка", q);
            }
            if (encoding_keys[k].cp != said)
                return fail(p, _("line %d: the file is in %s, not in %s as it says"), scan.line,
                            codepage_name(encoding_keys[k].cp), codepage_name(said));
            p->cp = said;
            return true;
        }
    }
    return fail(p, _("line %d: the header has no %s line (Windows or DOS)"), 1, "Кодировка");
}

/* The first line: 1CClientBankExchange, after a UTF-8 BOM if any (told later). */
static bool check_magic(struct parser *p, bool *bom)
{
    const unsigned char *d = p->data;
    if (p->len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        return fail(p, _("line %d: the file is in UTF-16; a statement is in Windows-1251 or DOS"),
                    1);
    *bom = p->len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0;
    if (*bom)
        p->pos = 3;
    const unsigned char *s;
    size_t n = 0;
    if (!next_line(p, &s, &n))
        return fail(p, _("line %d: the file is empty"), 1);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n != strlen(MAGIC) || memcmp(s, MAGIC, n) != 0)
        return fail(p,
                    _("line %d: the file does not begin with %s: it is not a bank statement "
                      "in the 1C exchange format"),
                    1, MAGIC);
    return true;
}

/* After КонецФайла: blank lines, nothing else (the DOS end-of-file mark is gone already). */
static bool check_tail(struct parser *p)
{
    for (size_t i = p->pos; i < p->len; i++) {
        unsigned char c = p->data[i];
        if (c == '\n')
            p->line++;
        else if (c != '\r' && c != ' ' && c != '\t')
            return fail(p, _("line %d: text after %s"), p->line + 1, "КонецФайла");
    }
    return true;
}

/* Moves what the parser gathered into the arena as the statement's arrays. */
static struct bankfile *finish(struct parser *p)
{
    struct bankfile *bf = xmalloc(sizeof(*bf));
    *bf = p->head;
    bf->encoding = p->encoding;
    bf->arena = p->arena;
    bf->docs = arena_copy(p->arena, p->docs, p->ndocs * sizeof(*p->docs));
    bf->ndocs = p->ndocs;
    struct bankfile_field *fields =
        arena_copy(p->arena, p->fields, p->nfields * sizeof(*p->fields));
    for (size_t i = 0; i < p->ndocs; i++) {
        size_t end = i + 1 < p->ndocs ? p->doc_fields[i + 1] : p->nfields;
        bf->docs[i].fields = fields + p->doc_fields[i];
        bf->docs[i].nfields = end - p->doc_fields[i];
        bf->docs[i].direction = direction(p, &bf->docs[i]);
    }
    bf->balances = arena_copy(p->arena, p->balances, p->nbalances * sizeof(*p->balances));
    bf->nbalances = p->nbalances;
    bf->accounts = arena_copy(p->arena, p->accounts, p->naccounts * sizeof(*p->accounts));
    bf->naccounts = p->naccounts;
    p->arena = NULL;
    return bf;
}

static void parser_release(struct parser *p)
{
    free(p->text);
    free(p->docs);
    free(p->doc_fields);
    free(p->fields);
    free(p->balances);
    free(p->accounts);
    free(p->own);
    free(p->hash);
    arena_free(p->arena);
}

static bool parse(struct parser *p)
{
    bool bom = false;
    if (!check_magic(p, &bom) || !find_encoding(p))
        return false;
    if (bom)
        return fail(p, _("line %d: the file is in %s, not in %s as it says"), 1,
                    codepage_name(CP_UTF8), codepage_name(p->cp));
    const uint16_t *table = p->cp == CP_DOS ? cp866 : cp1251;
    for (size_t i = 0; i < 128; i++) /* every code point here is below U+FFFF: 3 bytes at most */
        p->utf8[i].n = (unsigned char)(table[i] ? text_encode(table[i], p->utf8[i].b) : 0);
    p->text = xmalloc(3 * BANKFILE_LINE_MAX + 1);
    const unsigned char *s;
    size_t n;
    while (p->state != S_END && next_line(p, &s, &n)) {
        if (n > BANKFILE_LINE_MAX)
            return fail(p, _("line %d: longer than %d bytes"), p->line, BANKFILE_LINE_MAX);
        if (!decode_line(p, s, n))
            return false;
        char *t = p->text;
        size_t len = p->textlen;
        while (len > 0 && t[len - 1] == ' ')
            t[--len] = '\0';
        while (len > 0 && *t == ' ')
            t++, len--;
        if (len > 0 && !handle_line(p, t, len))
            return false;
    }
    switch (p->state) {
    case S_END:
        return check_tail(p);
    case S_HEADER:
        return fail(p, _("line %d: the file ends without %s: it is cut short"), p->line,
                    "КонецФайла");
    default:
        return unfinished(p);
    }
}

static bool is_tail_byte(unsigned char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == CTRL_Z;
}

bool bankfile_parse(const char *data, size_t len, struct bankfile **out, char *err, size_t errlen)
{
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    struct parser p = {.data = (const unsigned char *)(data ? data : ""),
                       .len = data ? len : 0,
                       .err = err,
                       .errlen = errlen,
                       .state = S_HEADER};
    /* DOS editors end a file with Ctrl-Z, after the last line or on it; what follows the last
     * line is no line of its own. */
    while (p.len > 0 && is_tail_byte(p.data[p.len - 1]))
        p.len--;
    if (p.len > FILE_MAX)
        return fail(&p, _("line %d: the file is over 256 MiB: not a bank statement"), 1);
    p.arena = xcalloc(1, sizeof(*p.arena));
    p.head.version = p.head.sender = p.head.receiver = p.head.created_date = "";
    p.head.created_time = p.head.date_from = p.head.date_to = "";
    bool ok = parse(&p);
    if (ok)
        *out = finish(&p);
    parser_release(&p);
    return ok;
}

bool bankfile_load(const char *path, struct bankfile **out, char *err, size_t errlen)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > FILE_MAX) {
        if (err && errlen)
            snprintf(err, errlen, _("%s: the file is over 256 MiB: not a bank statement"), path);
        return false;
    }
    size_t len;
    char *data = util_read_file(path, &len);
    if (!data) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    bool ok = bankfile_parse(data, len, out, err, errlen);
    free(data);
    return ok;
}

void bankfile_free(struct bankfile **bf)
{
    if (!bf || !*bf)
        return;
    arena_free((*bf)->arena);
    free(*bf);
    *bf = NULL;
}

/* ---- document numbers in a payment's purpose ---- */

#define WORD_MAX 64 /* bytes of a word looked at: longer ones are neither names nor numbers */

struct word {
    size_t at, len;      /* in the purpose */
    char fold[WORD_MAX]; /* lower case, ё as е, "" when the word is longer than WORD_MAX */
    bool digit;          /* has a digit */
    bool all_digits;     /* nothing but digits */
    bool comma;          /* a ',' or ';' between the previous word and this one */
    bool numsign;        /* a '№' or '#' there */
    bool dot_only;       /* exactly one '.' there, nothing else */
};

static bool is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x0400 && c <= 0x04FF);
}

static bool in_word(uint32_t c)
{
    return is_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_';
}

static uint32_t fold_letter(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x0410 && c <= 0x042F)
        return c + 32;
    if (c == 0x0401 || c == 0x0451)
        return 0x0435;
    return c;
}

/* The purpose cut into words, with what stood between them. Caller frees. */
static struct word *split_words(const char *s, size_t *nw)
{
    struct word *w = NULL;
    size_t n = 0, cap = 0, len = strlen(s), i = 0;
    bool comma = false, numsign = false;
    size_t gap = 0, dots = 0;
    while (i < len) {
        uint32_t c;
        size_t k = text_decode(s + i, len - i, &c);
        if (!in_word(c)) {
            comma |= c == ',' || c == ';';
            numsign |= c == 0x2116 || c == '#';
            dots += c == '.';
            gap++;
            i += k;
            continue;
        }
        GROW(w, n, cap);
        struct word *cur = &w[n++];
        memset(cur, 0, sizeof(*cur));
        cur->at = i;
        cur->comma = comma;
        cur->numsign = numsign;
        cur->dot_only = gap == 1 && dots == 1;
        size_t f = 0;
        bool fits = true;
        cur->all_digits = true;
        while (i < len) {
            k = text_decode(s + i, len - i, &c);
            if (!in_word(c))
                break;
            cur->digit |= c >= '0' && c <= '9';
            cur->all_digits &= c >= '0' && c <= '9';
            char b[4];
            size_t bl = text_encode(fold_letter(c), b);
            if (f + bl < WORD_MAX) {
                memcpy(cur->fold + f, b, bl);
                f += bl;
            } else {
                fits = false;
            }
            i += k;
        }
        cur->len = i - cur->at;
        cur->fold[fits ? f : 0] = '\0';
        comma = numsign = false;
        gap = dots = 0;
    }
    *nw = n;
    return w;
}

/* Words that name a sales document: whole words, then stems. */
static bool is_trigger(const char *f)
{
    static const char *const words[] = {"упд",     "сч",    "счет",   "счета",  "счету",
                                        "счетом",  "счете", "счетам", "счетов", "счетах",
                                        "счетами", "сф",    "с/ф",    "сч/ф",   "с-ф",
                                        "сч-ф",    "тн",    "ттн",    "накл",   "торг-12"};
    static const char *const stems[] = {"счет-фактур", "накладн", "реализац"};
    for (size_t i = 0; i < ARRAY_SIZE(words); i++)
        if (strcmp(f, words[i]) == 0)
            return true;
    for (size_t i = 0; i < ARRAY_SIZE(stems); i++)
        if (str_starts(f, stems[i]))
            return true;
    return false;
}

/* Words between the name and the number: the number sign spelt out, "на оплату", "фактуре". */
static size_t skip_fillers(const struct word *w, size_t n, size_t j)
{
    static const char *const fillers[] = {"n",      "no",      "nr",      "номер",
                                          "номеру", "фактуре", "фактуры", "фактура"};
    for (int rounds = 0; rounds < 3 && j < n; rounds++) {
        bool skipped = false;
        for (size_t i = 0; i < ARRAY_SIZE(fillers); i++)
            if (strcmp(w[j].fold, fillers[i]) == 0) {
                j++;
                skipped = true;
                break;
            }
        if (!skipped && j + 1 < n && strcmp(w[j].fold, "на") == 0 &&
            strcmp(w[j + 1].fold, "оплату") == 0) {
            j += 2;
            skipped = true;
        }
        if (!skipped)
            break;
    }
    return j;
}

/* Words j, j+1, j+2 are a date dd.mm.yy[yy]. */
static bool is_date(const struct word *w, size_t n, size_t j)
{
    return j + 2 < n && w[j].all_digits && w[j].len <= 2 && w[j + 1].all_digits &&
           w[j + 1].dot_only && w[j + 1].len <= 2 && w[j + 2].all_digits && w[j + 2].dot_only &&
           (w[j + 2].len == 2 || w[j + 2].len == 4);
}

/* The number that word j is, as a slice of s; false when it is none. */
static bool number_at(const char *s, const struct word *w, size_t n, size_t j, size_t *at,
                      size_t *len)
{
    if (j >= n || !w[j].digit || is_date(w, n, j))
        return false;
    if (w[j].all_digits && w[j].len >= 16)
        return false; /* an account or a card */
    *at = w[j].at;
    *len = w[j].len;
    /* "N45", "No45": the number sign glued to the number. */
    const char *f = w[j].fold;
    size_t sign = f[0] == 'n' ? (f[1] == 'o' ? 2 : 1) : 0;
    if (sign && s[*at + sign] >= '0' && s[*at + sign] <= '9') {
        *at += sign;
        *len -= sign;
    }
    while (*len > 0 && strchr("-/_", s[*at + *len - 1]))
        (*len)--;
    return *len > 0;
}

static void numbers_add(char ***list, size_t *n, size_t *cap, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && memcmp((*list)[i], s, len) == 0)
            return;
    if (*n + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *list = xrealloc(*list, *cap * sizeof(**list));
    }
    (*list)[(*n)++] = xstrndup(s, len);
    (*list)[*n] = NULL;
}

char **bankfile_doc_numbers(const char *purpose, size_t *count)
{
    const char *s = purpose ? purpose : "";
    size_t nw, n = 0, cap = 0;
    char **list = NULL;
    struct word *w = split_words(s, &nw);
    for (size_t i = 0; i < nw; i++) {
        if (!is_trigger(w[i].fold))
            continue;
        size_t j = skip_fillers(w, nw, i + 1), at, len;
        if (!number_at(s, w, nw, j, &at, &len))
            continue;
        numbers_add(&list, &n, &cap, s + at, len);
        /* More numbers: ", 78", " и 79", "; №80", each after an optional "от dd.mm.yyyy г.". */
        for (;;) {
            size_t k = j + 1;
            if (k < nw && strcmp(w[k].fold, "от") == 0 && is_date(w, nw, k + 1)) {
                k += 4;
                if (k < nw && (strcmp(w[k].fold, "г") == 0 || strcmp(w[k].fold, "года") == 0))
                    k++;
            }
            if (k >= nw)
                break;
            if (strcmp(w[k].fold, "и") == 0)
                k++;
            else if (!w[k].comma && !w[k].numsign)
                break;
            if (!number_at(s, w, nw, k, &at, &len))
                break;
            numbers_add(&list, &n, &cap, s + at, len);
            j = k;
        }
        i = j;
    }
    free(w);
    if (!list)
        list = xcalloc(1, sizeof(*list));
    if (count)
        *count = n;
    return list;
}

void bankfile_doc_numbers_free(char ***list)
{
    if (!list || !*list)
        return;
    for (char **p = *list; *p; p++)
        free(*p);
    free(*list);
    *list = NULL;
}
