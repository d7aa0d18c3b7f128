/* finance.c: see domain/finance.h. The database says what goes out, row by row in the file's
 * order (polka.finance_export_header, polka.finance_export_rows); the table below says how
 * each kind of row becomes XML, so the C side restates no object's fields in code. Rows are
 * streamed (single-row mode) into a stdio buffer: memory stays flat however big the export. */
#include "polka/domain/finance.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

#define FINANCE_NS "urn:x-polka:finance:1"

/* How a row becomes XML, step by step:
 *   OPEN name       <name>, closed by a later CLOSE or when the object ends
 *   CLOSE           </...> of the last one opened
 *   VALUE name col  <name>value</name>; a NULL is a fault
 *   OPTION name col the same, left out when NULL
 *   BOOL name col   true / false
 *   WHEN name col   <name> when col is not NULL, else the steps up to its CLOSE are skipped
 *   CONST name text <name>text</name>
 * A row of an object (level 1) first closes what the object before left open, down to Body;
 * the header (level 0) starts from nothing; a line (level -1) adds to its object. */
enum step_op { S_END = 0, S_OPEN, S_CLOSE, S_VALUE, S_OPTION, S_BOOL, S_WHEN, S_CONST };
struct step {
    enum step_op op;
    const char *name, *col;
};
enum { MAX_STEPS = 40, MAX_DEPTH = 8 };
struct rec_def {
    const char *rec;
    int level;
    struct step steps[MAX_STEPS];
};

#define OPEN(n)                                                                                    \
    {                                                                                              \
        S_OPEN, n, NULL                                                                            \
    }
#define CLOSE                                                                                      \
    {                                                                                              \
        S_CLOSE, NULL, NULL                                                                        \
    }
#define VALUE(n, c)                                                                                \
    {                                                                                              \
        S_VALUE, n, c                                                                              \
    }
#define OPTION(n, c)                                                                               \
    {                                                                                              \
        S_OPTION, n, c                                                                             \
    }
/* A cancelled document or a reversed correction: the deletion mark, when and why. */
#define CANCEL_MARK                                                                                \
    {S_BOOL, "ПометкаУдаления", "deleted"}, {S_WHEN, "Отмена", "cancelled_at"},                    \
        VALUE("Дата", "cancelled_at"), VALUE("Причина", "cancel_reason"), CLOSE
#define KEYS                                                                                       \
    OPEN("КлючевыеСвойства"), VALUE("Ссылка", "ref"), VALUE("Дата", "doc_date"),                   \
        VALUE("Номер", "no"), CLOSE

static const struct rec_def recs[] = {
    {"header",
     0,
     {OPEN("Header"),
      {S_CONST, "Format", FINANCE_NS},
      {S_CONST, "FormatVersion", "1.0"},
      VALUE("CreationDate", "made_at"),
      {S_CONST, "From", "POLKA"},
      {S_WHEN, "Organization", "company"},
      VALUE("Name", "company"),
      OPTION("INN", "company_inn"),
      OPTION("KPP", "company_kpp"),
      CLOSE,
      VALUE("MessageNo", "number"),
      OPTION("PreviousNo", "previous"),
      OPTION("Since", "since"),
      VALUE("Changes", "changes"),
      OPEN("Totals"),
      OPEN("Документ.РеализацияТоваровУслуг"),
      VALUE("Count", "sales"),
      VALUE("Cancelled", "sales_cancelled"),
      VALUE("Amount", "sales_amount"),
      VALUE("VAT", "sales_vat"),
      CLOSE,
      OPEN("Документ.ПоступлениеБезналичныхДенежныхСредств"),
      VALUE("Count", "payments"),
      VALUE("Amount", "payments_amount"),
      CLOSE,
      OPEN("Документ.КорректировкаРеализации"),
      VALUE("Count", "corrections"),
      VALUE("Cancelled", "corrections_reversed"),
      VALUE("Amount", "corrections_amount"),
      VALUE("VAT", "corrections_vat"),
      CLOSE,
      CLOSE,
      CLOSE,
      OPEN("Body")}},
    {"party",
     1,
     {OPEN("Справочник.Контрагенты"), OPEN("КлючевыеСвойства"), VALUE("Ссылка", "ref"),
      VALUE("Наименование", "name"), VALUE("НаименованиеПолное", "full_name"), OPTION("ИНН", "inn"),
      OPTION("КПП", "kpp"), VALUE("ЮридическоеФизическоеЛицо", "person")}},
    {"product",
     1,
     {OPEN("Справочник.Номенклатура"), OPEN("КлючевыеСвойства"), VALUE("Ссылка", "ref"),
      VALUE("Наименование", "name"), CLOSE, VALUE("ЕдиницаИзмерения", "unit"),
      VALUE("ВидСтавкиНДС", "vat_kind"), OPTION("GTIN", "gtin")}},
    {"sale",
     1,
     {OPEN("Документ.РеализацияТоваровУслуг"), KEYS, CANCEL_MARK, VALUE("Контрагент", "party"),
      VALUE("Сумма", "amount"), VALUE("СуммаНДС", "vat"), OPEN("Товары")}},
    {"sale_line",
     -1,
     {OPEN("Строка"), VALUE("НомерСтроки", "n"), VALUE("Номенклатура", "product"),
      VALUE("Партия", "batch"), VALUE("Количество", "qty"), VALUE("Цена", "price"),
      VALUE("Сумма", "amount"), VALUE("СтавкаНДС", "vat_rate"), VALUE("СуммаНДС", "vat"), CLOSE}},
    {"payment",
     1,
     {OPEN("Документ.ПоступлениеБезналичныхДенежныхСредств"), KEYS, OPTION("Контрагент", "party"),
      OPEN("Плательщик"), OPTION("Наименование", "payer_name"), OPTION("ИНН", "payer_inn"),
      OPTION("КПП", "payer_kpp"), OPTION("СчетПлательщика", "payer_account"), CLOSE,
      OPTION("ДатаПоступления", "credited_on"), VALUE("Сумма", "amount"),
      OPTION("НазначениеПлатежа", "purpose"), VALUE("Нераспределено", "unallocated"),
      OPEN("РасшифровкаПлатежа")}},
    {"payment_line",
     -1,
     {OPEN("Строка"), VALUE("НомерСтроки", "n"), VALUE("ДокументРасчетов", "doc"),
      VALUE("ДатаДокумента", "doc_date"), VALUE("Сумма", "amount"), CLOSE}},
    /* Corrections (УКД): the amounts and quantities before in amount, vat and qty, after in
     * the *_after columns; the decrease is theirs to take. */
    {"correction",
     1,
     {OPEN("Документ.КорректировкаРеализации"), KEYS, CANCEL_MARK,
      VALUE("ДокументОснование", "doc"), VALUE("Контрагент", "party"), VALUE("СуммаДо", "amount"),
      VALUE("СуммаПосле", "amount_after"), VALUE("СуммаНДСДо", "vat"),
      VALUE("СуммаНДСПосле", "vat_after"), OPEN("Товары")}},
    {"correction_line",
     -1,
     {OPEN("Строка"), VALUE("НомерСтроки", "n"), VALUE("Номенклатура", "product"),
      VALUE("Партия", "batch"), VALUE("КоличествоДо", "qty"), VALUE("КоличествоПосле", "qty_after"),
      VALUE("Цена", "price"), VALUE("СтавкаНДС", "vat_rate"), VALUE("СуммаДо", "amount"),
      VALUE("СуммаПосле", "amount_after"), VALUE("СуммаНДСДо", "vat"),
      VALUE("СуммаНДСПосле", "vat_after"), VALUE("Причина", "reason"), CLOSE}},
    /* A claim's discount (schema 031): what the client owes on the document lowered by amount;
     * the claim's number its reason. */
    {"discount",
     1,
     {OPEN("Документ.КорректировкаДолга"), KEYS, VALUE("ДокументОснование", "doc"),
      VALUE("Контрагент", "party"), VALUE("Сумма", "amount"), VALUE("Претензия", "reason")}},
};

struct writer {
    FILE *f;
    struct strbuf buf; /* the row being written */
    const char *open[MAX_DEPTH];
    int depth;
    bool indexed; /* idx and ref_col hold the current result's column numbers */
    int idx[ARRAY_SIZE(recs)][MAX_STEPS];
    int ref_col;
    struct finance_result *res;
    char *why; /* the first fault */
};

static int column_of(int ncols, const char *const *names, const char *col)
{
    for (int c = 0; col && c < ncols; c++)
        if (strcmp(names[c], col) == 0)
            return c;
    return -1;
}

static void indent(struct writer *w)
{
    for (int i = 0; i <= w->depth; i++)
        strbuf_puts(&w->buf, "  ");
}

static void open_el(struct writer *w, const char *name)
{
    indent(w);
    strbuf_printf(&w->buf, "<%s>\n", name);
    w->open[w->depth++] = name;
}

static void close_el(struct writer *w)
{
    w->depth--;
    indent(w);
    strbuf_printf(&w->buf, "</%s>\n", w->open[w->depth]);
}

/* <name>value</name>; false (the fault said) when value cannot be XML. */
static bool leaf(struct writer *w, const char *name, const char *value, const char *ref)
{
    indent(w);
    strbuf_printf(&w->buf, "<%s>", name);
    if (!text_xml_escape(&w->buf, value)) {
        w->why = xasprintf(_("%s: %s holds a character an XML file cannot carry"), ref, name);
        return false;
    }
    strbuf_printf(&w->buf, "</%s>\n", name);
    return true;
}

/* The header's figures into the result. */
static void note_header(struct writer *w, int ncols, const char *const *names,
                        const char *const *values)
{
    const char *v;
    struct finance_result *r = w->res;
#define GET(col)                                                                                   \
    ((v = (column_of(ncols, names, col) >= 0 ? values[column_of(ncols, names, col)] : NULL)) !=    \
             NULL                                                                                  \
         ? v                                                                                       \
         : "0")
    r->number = atoi(GET("number"));
    r->changes = atol(GET("changes"));
    r->sales = atol(GET("sales"));
    r->cancelled = atol(GET("sales_cancelled"));
    r->payments = atol(GET("payments"));
    r->corrections = atol(GET("corrections"));
    r->sales_amount = xstrdup(GET("sales_amount"));
    r->payments_amount = xstrdup(GET("payments_amount"));
    r->corrections_amount = xstrdup(GET("corrections_amount"));
#undef GET
}

/* Runs def's steps over one row; false with w->why on a fault. */
static bool run_steps(struct writer *w, size_t d, const char *const *values)
{
    const struct rec_def *def = &recs[d];
    const char *ref = w->ref_col >= 0 && values[w->ref_col] ? values[w->ref_col] : def->rec;
    for (int i = 0; i < MAX_STEPS && def->steps[i].op != S_END; i++) {
        const struct step *s = &def->steps[i];
        const char *v = w->idx[d][i] >= 0 ? values[w->idx[d][i]] : NULL;
        if (s->op == S_OPEN || (s->op == S_WHEN && v)) {
            if (w->depth == MAX_DEPTH) {
                w->why = xasprintf("%s: nested too deep", def->rec);
                return false;
            }
            open_el(w, s->name);
        } else if (s->op == S_WHEN) { /* skipped with what it holds */
            for (int nest = 1; nest > 0 && i + 1 < MAX_STEPS; i++)
                nest += def->steps[i + 1].op == S_CLOSE                                      ? -1
                        : (def->steps[i + 1].op == S_OPEN || def->steps[i + 1].op == S_WHEN) ? 1
                                                                                             : 0;
        } else if (s->op == S_CLOSE) {
            close_el(w);
        } else if (s->op == S_CONST) {
            if (!leaf(w, s->name, s->col, ref))
                return false;
        } else if (!v && s->op == S_OPTION) {
            continue;
        } else if (!v) {
            w->why = xasprintf(_("%s: %s is missing"), ref, s->name);
            return false;
        } else if (s->op == S_BOOL) {
            if (!leaf(w, s->name, str_eq(v, "t") ? "true" : "false", ref))
                return false;
        } else if (!leaf(w, s->name, v, ref)) {
            return false;
        }
    }
    return true;
}

/* Each row: its kind's steps, written out as one piece. */
static bool on_row(void *ctx, int ncols, const char *const *names, const char *const *values)
{
    struct writer *w = ctx;
    int rc = column_of(ncols, names, "rec");
    const char *rec = rc >= 0 ? values[rc] : NULL;
    size_t d = 0;
    while (d < ARRAY_SIZE(recs) && !str_eq(recs[d].rec, rec))
        d++;
    if (d == ARRAY_SIZE(recs)) {
        w->why = xasprintf("unknown record %s", rec ? rec : "(null)");
        return false;
    }
    if (!w->indexed) { /* a new result: its columns looked up once */
        w->indexed = true;
        for (size_t r = 0; r < ARRAY_SIZE(recs); r++)
            for (int i = 0; i < MAX_STEPS; i++)
                w->idx[r][i] = recs[r].steps[i].op == S_CONST
                                   ? -1
                                   : column_of(ncols, names, recs[r].steps[i].col);
        w->ref_col = column_of(ncols, names, "ref");
    }
    if (recs[d].level == 0)
        note_header(w, ncols, names, values);
    while (recs[d].level >= 0 && w->depth > recs[d].level)
        close_el(w);
    bool ok = run_steps(w, d, values);
    if (ok && fwrite(w->buf.buf, 1, w->buf.len, w->f) != w->buf.len) {
        w->why = xasprintf(_("could not write: %s"), strerror(errno));
        ok = false;
    }
    strbuf_reset(&w->buf);
    return ok;
}

/* A statement's rows through the writer; false with why or err. */
static bool stream(struct db *db, struct writer *w, const char *sql, const char *number,
                   struct db_error *err)
{
    const char *p[1] = {number};
    w->indexed = false;
    bool ok = db_stream(db, sql, 1, p, on_row, w, err);
    return ok && !w->why && !ferror(w->f);
}

static void rollback(struct db *db)
{
    struct db_error ignore = {0};
    char *v = value_fetch(db, "ROLLBACK", 0, NULL, false, &ignore);
    free(v);
    db_error_clear(&ignore);
}

bool finance_export(struct db *db, const struct finance_request *req, struct finance_result *res,
                    char **why, struct db_error *err)
{
    finance_result_free(res);
    *why = NULL;
    /* Read committed: each statement of polka.finance_export_begin sees what committed before
     * it, after its lock (finance.sql says why). */
    char *v = value_fetch(db, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, false, err);
    if (!v)
        return false;
    free(v);
    char *number = NULL;
    if (req->again > 0) {
        number = xasprintf("%d", req->again);
    } else {
        const char *p[2] = {req->path, req->since};
        number =
            value_fetch(db, "SELECT polka.finance_export_begin($1, $2::date)", 2, p, false, err);
    }
    struct writer w = {.res = res};
    struct atomic_file af = {0};
    bool ok = number != NULL;
    if (ok && !atomic_open(&af, req->path, 0600)) {
        *why = xasprintf(_("cannot write %s: %s"), req->path, strerror(errno));
        ok = false;
    }
    if (ok) {
        w.f = af.f;
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message xmlns=\"" FINANCE_NS "\">\n",
              w.f);
        ok =
            stream(db, &w, "SELECT * FROM polka.finance_export_header($1::integer)", number, err) &&
            stream(db, &w, "SELECT * FROM polka.finance_export_rows($1::integer)", number, err);
        if (ok) {
            while (w.depth > 0)
                close_el(&w);
            fwrite(w.buf.buf, 1, w.buf.len, w.f);
            fputs("</Message>\n", w.f);
        }
        if (ok && !atomic_commit(&af))
            *why = xasprintf(_("could not write %s: %s"), req->path, strerror(errno));
        ok = ok && !*why;
    }
    if (ok) {
        v = value_fetch(db, "COMMIT", 0, NULL, false, err);
        if (!v) /* not recorded: the file must not stand for an export that never was */
            unlink(req->path);
        ok = v != NULL;
        free(v);
    } else {
        if (w.why && !*why)
            *why = xasprintf(_("%s not written: %s"), req->path, w.why);
        else if (!*why && !err->kind && af.f && ferror(af.f))
            *why = xasprintf(_("could not write %s: %s"), req->path, strerror(errno));
        atomic_abort(&af);
        rollback(db);
    }
    free(w.why);
    strbuf_release(&w.buf);
    free(number);
    return ok;
}

char *finance_result_words(const struct finance_result *r)
{
    if (r->sales + r->payments + r->corrections == 0)
        return xasprintf(_("Finance export %d: nothing new; the file has no documents."),
                         r->number);
    return xasprintf(_("Finance export %d: %ld sales documents (%ld cancelled) for %s, %ld "
                       "payments for %s, %ld corrections for %s less."),
                     r->number, r->sales, r->cancelled, r->sales_amount, r->payments,
                     r->payments_amount, r->corrections, r->corrections_amount);
}

void finance_result_free(struct finance_result *r)
{
    xfree(&r->sales_amount);
    xfree(&r->payments_amount);
    xfree(&r->corrections_amount);
    memset(r, 0, sizeof(*r));
}
