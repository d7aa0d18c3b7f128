/* print-sample: the documents of the print test written through print.h, the failures checked
 * in process, and a benchmark. tests/print/print-test reads the files back with real readers
 * (pdfinfo, pdftotext, pdffonts, pdftoppm + zbarimg).
 *
 *   print-sample DIR          writes the sample PDFs into DIR (an empty folder) and prints
 *                             "FILE PAGES" for each; checks the refusals; exit 1 on a failure
 *   print-sample --one PATH   one UPD of 120 lines to PATH; exit 1 with the message when the
 *                             PDF is refused (the full-disk case)
 *   print-sample --bench DOCS LINES COPIES PATH
 *                             DOCS UPDs of LINES lines, COPIES each, into PATH; prints pages,
 *                             seconds, pages per second and peak RSS (getrusage, KiB)
 *
 * The values are made up here as the database would hand them over: formatted strings. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "polka/print.h"
#include "polka/record.h"
#include "polka/util.h"

static int failures;

static void check(bool ok, const char *what, const char *detail)
{
    if (!ok)
        failures++;
    printf("%s %s%s%s\n", ok ? "ok" : "FAIL", what, detail ? ": " : "", detail ? detail : "");
}

static void set_all(struct record *r, const char *const *kv)
{
    for (; kv[0]; kv += 2)
        record_set(r, kv[0], kv[1]);
}

static struct doc *doc_new(const char *form, const char *code, const char *number)
{
    struct doc *d = xcalloc(1, sizeof(*d));
    record_set(&d->head, "form", form);
    record_set(&d->head, "code", code);
    record_set(&d->head, "number", number);
    record_set(&d->head, "date", "2031-09-10");
    return d;
}

static void doc_free(struct doc **d)
{
    doc_clear(*d);
    xfree(d);
}

static const char *const products[] = {
    "Батон «Нарезной» 400 г",
    "Хлеб «Бородинский» в нарезке 400 г",
    "Молоко пастеризованное 3,2 % 930 мл",
    "Кефир 2,5 % 900 г",
    "Сыр «Российский» 50 %, весовой",
    "Печенье «Юбилейное» традиционное 112 г",
    /* Longer than three lines of its column: wraps, then ends with "…". */
    "Набор кондитерских изделий «Праздничный» ассорти: печенье сахарное, вафли с "
    "шоколадной начинкой, пряники медовые, зефир ванильный и мармелад фруктово-ягодный в "
    "подарочной жестяной коробке с новогодним рисунком, 1,2 кг, для розничной торговли",
};

static const char *const upd_head[] = {
    "seller_name",
    "ООО «Полька»",
    "seller_inn",
    "7701234567",
    "seller_kpp",
    "770101001",
    "seller_address",
    "123456, г. Москва, ул. Хлебозаводская, д. 1, стр. 2",
    "buyer_name",
    "ООО «Ромашка-Трейд»",
    "buyer_inn",
    "6312345678",
    "buyer_kpp",
    "631201001",
    "buyer_address",
    "443001, г. Самара, ул. Садовая, д. 10",
    "consignee",
    "Магазин №101, 443080, г. Самара, ул. Лесная, д. 5",
    "basis",
    "Договор поставки № П-17 от 2031-01-15",
    "trip",
    "R-2031-0910-03",
    "vehicle",
    "ГАЗель Next, А123ВС 163",
    "driver",
    "Иванов Пётр Сергеевич",
    "net",
    "98765.43",
    "vat_amount",
    "9876.54",
    "amount",
    "108641.97",
    "weight_kg",
    "1234.500",
    "pallets",
    "3",
    NULL,
};

/* A line of a UPD, numbered n: figures as text, as they come from the database. */
static struct record *upd_line(int n)
{
    char num[16], code[16], qty[16], price[16], net[16], vat[16], amount[16], batch[24];
    long cents = 4480 + 37L * (n % 50), q = 1 + n % 24;
    snprintf(num, sizeof(num), "%d", n);
    snprintf(code, sizeof(code), "P%05d", 100 + n % 300);
    snprintf(qty, sizeof(qty), "%ld", q);
    snprintf(price, sizeof(price), "%ld.%02ld", cents / 100, cents % 100);
    snprintf(net, sizeof(net), "%ld.%02ld", q * cents / 100, q * cents % 100);
    snprintf(vat, sizeof(vat), "%ld.%02ld", q * cents / 1000, q * cents / 10 % 100);
    snprintf(amount, sizeof(amount), "%ld.%02ld", q * cents * 11 / 1000, q * cents * 11 / 10 % 100);
    snprintf(batch, sizeof(batch), "B2031-%04d", n % 7000);
    struct record *r = record_new();
    const char *const kv[] = {
        "n",      num,    "code",     code,  "name",       products[n % ARRAY_SIZE(products)],
        "unit",   "шт",   "qty",      qty,   "price_net",  price,
        "net",    net,    "vat_rate", "10%", "vat_amount", vat,
        "amount", amount, "batch",    batch, "expires",    "2031-10-01",
        NULL,
    };
    set_all(r, kv);
    return r;
}

static struct doc *upd_new(const char *code, const char *number, int lines)
{
    struct doc *d = doc_new("upd", code, number);
    set_all(&d->head, upd_head);
    struct rowset *rs = doc_section(d, "lines");
    for (int n = 1; n <= lines; n++)
        rowset_add(rs, upd_line(n));
    return d;
}

static struct doc *tn_new(void)
{
    struct doc *d = doc_new("tn", "T2031000007", "7");
    const char *const head[] = {
        "shipper_name",
        "ООО «Полька»",
        "shipper_inn",
        "7701234567",
        "shipper_address",
        "123456, г. Москва, ул. Хлебозаводская, д. 1",
        "loading_address",
        "Склад «Восток», г. Москва, Промышленный пр., д. 12",
        "carrier_name",
        "ИП Сидоров А. В.",
        "vehicle",
        "ГАЗель Next, А123ВС 163",
        "driver",
        "Иванов Пётр Сергеевич",
        "trip",
        "R-2031-0910-03",
        "weight_kg",
        "3456.250",
        "pallets",
        "9",
        "amount",
        "412345.67",
        NULL,
    };
    set_all(&d->head, head);
    static const char *const stops[][7] = {
        {"1", "ООО «Ромашка-Трейд», магазин №101", "443080, г. Самара, ул. Лесная, д. 5",
         "U2031000001", "3", "1234.500", "108641.97"},
        {"2", "ИП Кузнецова Е. Н.", "443011, г. Самара, ул. Ново-Садовая, д. 106, павильон 3",
         "U2031000002", "2", "804.000", "90210.00"},
        {"3", "АО «Торговый дом Волга»", "445037, г. Тольятти, Московский пр-т, д. 43",
         "U2031000003", "4", "1417.750", "213493.70"},
    };
    struct rowset *rs = doc_section(d, "lines");
    for (size_t i = 0; i < ARRAY_SIZE(stops); i++) {
        struct record *r = record_new();
        const char *const kv[] = {"n",         stops[i][0], "consignee", stops[i][1], "address",
                                  stops[i][2], "document",  stops[i][3], "pallets",   stops[i][4],
                                  "weight_kg", stops[i][5], "amount",    stops[i][6], NULL};
        set_all(r, kv);
        rowset_add(rs, r);
    }
    return d;
}

static struct doc *packing_new(void)
{
    struct doc *d = doc_new("packing_list", "U2031000001", "1");
    const char *const head[] = {
        "buyer_name", "ООО «Ромашка-Трейд»",
        "consignee",  "Магазин №101, г. Самара, ул. Лесная, д. 5",
        "trip",       "R-2031-0910-03",
        NULL,
    };
    set_all(&d->head, head);
    static const char *const sscc[] = {"146000000000000017", "146000000000000024",
                                       "146000000000000031", ""};
    struct rowset *rs = doc_section(d, "pallets");
    for (int i = 0; i < 14; i++) {
        char qty[8];
        snprintf(qty, sizeof(qty), "%d", 12 * (i + 1));
        struct record *r = record_new();
        const char *const kv[] = {"sscc",    sscc[i * 4 / 14],
                                  "code",    "P00117",
                                  "name",    products[i % 6],
                                  "batch",   "B2031-0042",
                                  "expires", "2031-10-01",
                                  "qty",     qty,
                                  "unit",    "шт",
                                  NULL};
        set_all(r, kv);
        rowset_add(rs, r);
    }
    return d;
}

static struct doc *cert_new(void)
{
    struct doc *d = doc_new("quality_cert", "U2031000001", "1");
    set_all(&d->head, upd_head);
    struct rowset *rs = doc_section(d, "lines");
    for (int n = 1; n <= 5; n++) {
        char num[8], batch[16];
        snprintf(num, sizeof(num), "%d", n);
        snprintf(batch, sizeof(batch), "B2031-%04d", 40 + n);
        struct record *r = record_new();
        const char *const kv[] = {
            "n",           num,
            "code",        "P00117",
            "name",        products[n],
            "batch",       batch,
            "produced",    "2031-09-08",
            "expires",     "2031-10-01",
            "certificate", "ЕАЭС N RU Д-RU.РА01.В.12345/31 от 2031-02-01",
            NULL,
        };
        set_all(r, kv);
        rowset_add(rs, r);
    }
    return d;
}

/* Control characters, invalid and truncated UTF-8, a line separator, a name of 6,000 bytes,
 * text in three scripts, and most of the head missing. */
static struct doc *hostile_new(void)
{
    struct doc *d = doc_new("upd", "U2031999999", "99\x01\n9");
    record_set(&d->head, "buyer_name",
               "ООО \"Ро\x01\x02\x1b[31mмашка\"\r\n\t\x7f\xc2\x85"
               "конец\xe2\x80\xa8строки");
    record_set(&d->head, "seller_name", "\xff\xfe\xc3\x28 bad \xe2\x82 tail \xf0\x9f\x8d");
    struct strbuf long_name = {0};
    for (int i = 0; i < 200; i++)
        strbuf_puts(&long_name, "Очень длинное имя ");
    record_set(&d->head, "consignee", long_name.buf);
    struct rowset *rs = doc_section(d, "lines");
    for (int n = 1; n <= 3; n++) {
        struct record *r = upd_line(n);
        record_set(r, "name",
                   n == 1   ? long_name.buf
                   : n == 2 ? "Хлеб\x1f\x80\xbf стрелка \xe2\x86"
                            : "שלום مرحبا 你好 \xf4\x90\x80\x80 Хлеб\x0b\x0c");
        record_set(r, "qty", n == 3 ? NULL : "1");
        rowset_add(rs, r);
    }
    strbuf_release(&long_name);
    return d;
}

/* Writes DIR/NAME from the documents, copies each; prints "NAME PAGES". */
static bool write_pdf(const char *dir, const char *name, struct doc **docs, const int *copies,
                      size_t n)
{
    char *path = xasprintf("%s/%s", dir, name), *err = NULL;
    struct print_pdf *p = print_pdf_open(path, &err);
    free(path);
    if (!p) {
        check(false, name, err);
        free(err);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!print_pdf_add(p, docs[i], copies[i], &err)) {
            check(false, name, err);
            free(err);
            print_pdf_close(p, NULL);
            return false;
        }
    }
    int pages = print_pdf_pages(p);
    if (!print_pdf_close(p, &err)) {
        check(false, name, err);
        free(err);
        return false;
    }
    printf("%s %d\n", name, pages);
    return true;
}

static bool contains(const char *s, const char *part)
{
    return s && strstr(s, part);
}

static bool dir_empty(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return false;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dh)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dh);
    return n == 0;
}

/* What is refused, and that nothing is left behind. */
static void refusals(const char *dir)
{
    char *path = xasprintf("%s/no-such-folder/x.pdf", dir), *err = NULL;
    struct print_pdf *p = print_pdf_open(path, &err);
    free(path);
    check(!p && contains(err, "no-such-folder") && contains(err, "No such file"),
          "a path in a missing folder is refused", err);
    free(err);
    err = NULL;
    check(!print_pdf_close(NULL, NULL), "closing NULL is false", NULL);

    char *sub = xasprintf("%s/refused", dir);
    mkdir(sub, 0700);
    path = xasprintf("%s/empty.pdf", sub);
    p = print_pdf_open(path, &err);
    free(path);
    check(p != NULL, "open", err);
    struct doc *d = upd_new("U2031000001", "1", 2);
    record_set(&d->head, "form", "invoice");
    check(!print_pdf_add(p, d, 1, &err) && contains(err, "invoice"), "an unknown form is refused",
          err);
    free(err);
    err = NULL;
    record_set(&d->head, "form", "upd");
    check(!print_pdf_add(p, d, -1, &err), "negative copies are refused", err);
    free(err);
    err = NULL;
    record_set(&d->head, "code", "У2031");
    check(!print_pdf_add(p, d, 1, &err) && contains(err, "Code 128"),
          "a code in Cyrillic is refused", err);
    free(err);
    err = NULL;
    record_set(&d->head, "code", NULL);
    check(!print_pdf_add(p, d, 1, &err), "a document without a code is refused", err);
    free(err);
    err = NULL;
    record_set(&d->head, "code", "U2031000001");
    check(print_pdf_add(p, d, 0, &err) && print_pdf_pages(p) == 0, "0 copies add nothing", err);
    check(!print_pdf_close(p, &err) && contains(err, "nothing to print"),
          "a PDF with no page is refused", err);
    free(err);
    err = NULL;
    check(dir_empty(sub), "nothing is left of a refused PDF", NULL);

    /* A full disk, as the file size limit shows it: writes fail with EFBIG. */
    doc_free(&d);
    d = upd_new("U2031000001", "1", 120);
    struct rlimit old, small = {.rlim_cur = 64 * 1024};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    path = xasprintf("%s/full.pdf", sub);
    p = print_pdf_open(path, &err);
    free(path);
    check(p != NULL, "open under a file size limit", err);
    bool added = true;
    for (int i = 0; i < 5 && added; i++)
        added = print_pdf_add(p, d, 2, &err);
    free(err);
    err = NULL;
    check(!print_pdf_close(p, &err) && contains(err, "could not write"),
          "a full disk fails print_pdf_close", err);
    free(err);
    setrlimit(RLIMIT_FSIZE, &old);
    check(dir_empty(sub), "nothing is left of a PDF the disk could not take", NULL);
    free(sub);
    doc_free(&d);
}

static int samples(const char *dir)
{
    struct doc *upd = upd_new("U2031000001", "1", 120), *tn = tn_new(), *pl = packing_new(),
               *qc = cert_new(), *bad = hostile_new(), *big = upd_new("U2031002000", "2000", 2000);
    write_pdf(dir, "upd.pdf", &upd, (int[]){2}, 1);
    write_pdf(dir, "tn.pdf", &tn, (int[]){1}, 1);
    write_pdf(dir, "packing.pdf", &pl, (int[]){1}, 1);
    write_pdf(dir, "cert.pdf", &qc, (int[]){1}, 1);
    write_pdf(dir, "hostile.pdf", &bad, (int[]){1}, 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    write_pdf(dir, "big.pdf", &big, (int[]){1}, 1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "print-sample: 2000 lines in %.2f s\n",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    /* A trip's set in one file, as it goes to the printer. */
    struct doc *trip[] = {tn, upd, pl, qc};
    write_pdf(dir, "trip.pdf", trip, (int[]){3, 2, 1, 1}, ARRAY_SIZE(trip));
    refusals(dir);
    doc_free(&upd);
    doc_free(&tn);
    doc_free(&pl);
    doc_free(&qc);
    doc_free(&bad);
    doc_free(&big);
    return failures ? 1 : 0;
}

static int one(const char *path)
{
    struct doc *d = upd_new("U2031000001", "1", 120);
    char *err = NULL;
    struct print_pdf *p = print_pdf_open(path, &err);
    bool ok = p && print_pdf_add(p, d, 1, &err);
    ok = p && print_pdf_close(p, ok ? &err : NULL) && ok;
    if (!ok)
        fprintf(stderr, "print-sample: %s\n", err ? err : "?");
    free(err);
    doc_free(&d);
    return ok ? 0 : 1;
}

static int bench(int docs, int lines, int copies, const char *path)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *err = NULL;
    struct print_pdf *p = print_pdf_open(path, &err);
    bool ok = p != NULL;
    for (int i = 0; ok && i < docs; i++) {
        char code[16], number[16];
        snprintf(number, sizeof(number), "%d", i + 1);
        snprintf(code, sizeof(code), "U2031%06d", i + 1);
        struct doc *d = upd_new(code, number, lines);
        ok = print_pdf_add(p, d, copies, &err);
        doc_free(&d);
    }
    int pages = print_pdf_pages(p);
    ok = p && print_pdf_close(p, ok ? &err : NULL) && ok;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!ok) {
        fprintf(stderr, "print-sample: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("pages %d seconds %.2f pages/s %.1f peak_rss_kib %ld\n", pages, s, pages / s,
           ru.ru_maxrss);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && argv[1][0] != '-')
        return samples(argv[1]);
    if (argc == 3 && strcmp(argv[1], "--one") == 0)
        return one(argv[2]);
    if (argc == 6 && strcmp(argv[1], "--bench") == 0)
        return bench(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5]);
    fprintf(stderr, "usage: print-sample DIR | --one PATH | --bench DOCS LINES COPIES PATH\n");
    return 2;
}
