/* test_edifact.c: the EDIFACT reader against files written by others (tests/unit/edi, byte for
 * byte) and our own hostile variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "polka/edi_orders.h"
#include "polka/edifact.h"
#include "polka/util.h"

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", UNIT_EDI_DIR, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = xmalloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static const struct edi_segment *find(const struct edi_file *f, const char *tag, const char *el0,
                                      size_t nth)
{
    for (size_t i = 0; i < f->nsegs; i++)
        if (strcmp(f->segs[i].tag, tag) == 0 &&
            (!el0 ||
             (edi_value(&f->segs[i], 0, 0) && strcmp(edi_value(&f->segs[i], 0, 0), el0) == 0)) &&
            nth-- == 0)
            return &f->segs[i];
    return NULL;
}

static size_t count(const struct edi_file *f, const char *tag)
{
    size_t n = 0;
    for (size_t i = 0; i < f->nsegs; i++)
        n += strcmp(f->segs[i].tag, tag) == 0;
    return n;
}

/* A whole EANCOM D01B order: UNOC in Latin-1, release characters, 146 lines. */
static void order_ok(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("example_order_ok.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_true(edi_parse(buf, len, &f, &err));
    assert_int_equal(f.ninterchanges, 1);
    assert_int_equal(f.nmessages, 1);
    assert_string_equal(f.interchanges[0].syntax, "UNOC");
    assert_string_equal(f.interchanges[0].sender, "4250159300001");
    assert_null(f.interchanges[0].problem);
    assert_string_equal(f.messages[0].type, "ORDERS");
    assert_string_equal(f.messages[0].release, "01B");
    assert_string_equal(f.messages[0].assoc, "EAN010");
    assert_null(f.messages[0].problem);
    assert_string_equal(edi_value(find(&f, "BGM", NULL, 0), 1, 0), "2019265563");
    assert_string_equal(edi_value(find(&f, "DTM", "2", 0), 0, 1), "20181206");
    /* "A?+A K\ufffdlte GmbH": the released '+' (the file as published holds U+FFFD where a
     * Latin-1 letter was: it is all UTF-8, so read as UTF-8; Latin-1 proper below). */
    assert_string_equal(edi_value(find(&f, "NAD", "BY", 0), 3, 0), "A+A K\xef\xbf\xbdlte GmbH");
    assert_string_equal(edi_value(find(&f, "NAD", "BY", 0), 1, 0), "4250159300001");
    assert_int_equal(count(&f, "LIN"), 146);
    int64_t q;
    assert_true(edi_number(&f, edi_value(find(&f, "QTY", NULL, 0), 0, 1), 3, &q));
    assert_int_equal(q, 2000);
    edi_free(&f);
    free(buf);
}

/* The same order with "?*" in a line's text: refused, naming the segment and where. */
static void order_error(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("example_order_error.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_false(edi_parse(buf, len, &f, &err));
    assert_string_equal(err.tag, "IMD");
    assert_int_equal(err.segment, 84);
    assert_int_equal(err.line, 85);
    assert_int_equal(err.offset, 2344);
    assert_int_equal(buf[err.offset], '?');
    assert_non_null(strstr(err.why, "release character"));
    assert_int_equal(err.code, EDI_ERR_SERVICE_CHARACTERS); /* ISO 9735's code, for CONTRL */
    assert_null(f.segs);
    free(buf);
}

static void release_characters(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("example_release_character.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_true(edi_parse(buf, len, &f, &err));
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 2), 1, 0), "NO MORE FLIGHTS 2?");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 3), 1, 0), "NO MORE ' FLIGHTS 3");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 4), 1, 0), "NO MORE ? FLIGHTS 3");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 5), 1, 0), "NO MORE ?' FLIGHTS 3");
    assert_int_equal(find(&f, "IFT", NULL, 6)->nels, 3);
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 7), 1, 0), "FIELD 1?");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 8), 1, 0), "FIELD 1?+FIELD 2");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 9), 1, 1), "FIELD 1.2");
    assert_string_equal(edi_value(find(&f, "IFT", NULL, 11), 1, 0), "FIELD 1.1?:FIELD 1.2");
    edi_free(&f);
    free(buf);
}

/* One line for the whole file, or a segment broken over two lines: line breaks are not data.
 * The second file's UNT says 10 segments of its 7: parsed, the message marked. */
static void wrapped_and_multiline(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("example_wrapped.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_true(edi_parse(buf, len, &f, &err));
    assert_int_equal(f.nmessages, 1);
    assert_null(f.messages[0].problem);
    assert_int_equal(f.messages[0].last - f.messages[0].first + 1, 13);
    edi_free(&f);
    free(buf);
    buf = slurp("example_multiline.edi", &len);
    assert_true(edi_parse(buf, len, &f, &err));
    assert_string_equal(f.interchanges[0].syntax, "UNOB");
    assert_string_equal(edi_value(find(&f, "FTX", NULL, 2), 3, 1),
                        "DUE TO INTERVENTION OF CUSTOMS.");
    assert_non_null(f.messages[0].problem);
    assert_non_null(strstr(f.messages[0].problem, "segment count"));
    assert_null(f.interchanges[0].problem);
    edi_free(&f);
    free(buf);
}

static void several(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("exampleMulti.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_true(edi_parse(buf, len, &f, &err));
    assert_int_equal(f.nmessages, 2);
    assert_int_equal(f.interchanges[0].nmessages, 2);
    assert_string_equal(f.messages[1].ref, "2");
    assert_null(f.messages[0].problem);
    assert_null(f.messages[1].problem);
    assert_null(f.interchanges[0].problem);
    edi_free(&f);
    free(buf);
    /* DESADV D96A; UTF-8 text under a UNOC label (read as UTF-8: every byte of it is). */
    buf = slurp("D96ADESADV.edi", &len);
    assert_true(edi_parse(buf, len, &f, &err));
    assert_string_equal(f.messages[0].type, "DESADV");
    assert_string_equal(edi_value(find(&f, "QTY", NULL, 0), 0, 0), "12");
    edi_free(&f);
    free(buf);
    buf = slurp("example_utf8.edi", &len);
    assert_true(edi_parse(buf, len, &f, &err));
    assert_string_equal(edi_value(find(&f, "IMD", NULL, 0), 2, 3), "MUNCIË THE MIDDLE");
    edi_free(&f);
    free(buf);
}

static bool refused_code(const char *text, const char *words, size_t segment, int code)
{
    struct edi_file f;
    struct edi_error err;
    bool ok = edi_parse(text, strlen(text), &f, &err);
    if (ok) {
        edi_free(&f);
        print_error("accepted: %s\n", text);
        return false;
    }
    if (!strstr(err.why, words) || err.segment != segment || (code && err.code != code)) {
        print_error("%s: segment %zu, code %d, %s\n", text, err.segment, err.code, err.why);
        return false;
    }
    return true;
}

static bool refused(const char *text, const char *words, size_t segment)
{
    return refused_code(text, words, segment, 0);
}

#define ENV_OK "UNB+UNOW:4+A+B+200101:1200+7'UNH+1+ORDERS:D:96A:UN'BGM+220+1'"

static void hostile(void **state)
{
    (void)state;
    assert_true(refused("", "no interchange", 0));
    assert_true(refused("UNA:+.? ", "cut short", 0));
    assert_true(refused_code("UNA::.? 'UNB'", "distinct", 0, EDI_ERR_UNA));
    assert_true(refused("UNA:+x? 'UNB'", "decimal mark", 0));
    assert_true(refused(ENV_OK "UNT+3+1", "cut short", 4));
    assert_true(refused_code(ENV_OK "UNT+3+1'", "no UNZ", 4, EDI_ERR_MISSING));
    assert_true(refused(ENV_OK, "no UNT", 3));
    assert_true(refused("BGM+1'" ENV_OK "UNT+3+1'UNZ+1+7'", "outside an interchange", 1));
    assert_true(refused(ENV_OK "UNH+2+ORDERS:D:96A:UN'", "UNT is missing", 4));
    assert_true(
        refused_code(ENV_OK "UNT+3+1'LIN+1'UNZ+1+7'", "between messages", 5, EDI_ERR_POSITION));
    assert_true(refused(ENV_OK "bgm+1'", "three letters", 4));
    /* Found by fuzz_edifact: a bad tag in the file's last bytes (its message read past them). */
    assert_true(refused(ENV_OK "T\xce", "three letters", 4));
    assert_true(refused(ENV_OK "FTX+AAI+++\xff\xfe'UNT+4+1'UNZ+1+7'", "character set UNOW", 4));
    assert_true(refused_code(ENV_OK "FTX+AAI+++a\x1b[2J'UNT+4+1'UNZ+1+7'", "control character", 4,
                             EDI_ERR_CHARACTERS));
    char big[EDI_MAX_VALUE + 200];
    snprintf(big, sizeof(big), "%sFTX+AAI+++%0*d'", ENV_OK, EDI_MAX_VALUE + 10, 0);
    assert_true(refused_code(big, "longer than", 4, EDI_ERR_TOO_LONG));
    /* UNOC in ISO 8859-1 proper: the letters in UTF-8. */
    struct edi_file f;
    struct edi_error err;
    const char *latin =
        "UNB+UNOC:3+A+B+200101:1200+7'UNH+1+ORDERS:D:96A:UN'NAD+BY+1::9++K\xe4lte Stra\xdf"
        "e'"
        "UNT+3+1'UNZ+1+7'";
    assert_true(edi_parse(latin, strlen(latin), &f, &err));
    assert_string_equal(edi_value(find(&f, "NAD", NULL, 0), 3, 0), "Kälte Straße");
    /* Found by fuzz_recadv: the message's and interchange's identifiers pointed to the Latin-1
     * values freed when they were converted. They point to the converted ones. */
    assert_ptr_equal(f.messages[0].type, edi_value(&f.segs[f.messages[0].first], 1, 0));
    assert_ptr_equal(f.messages[0].ref, edi_value(&f.segs[f.messages[0].first], 0, 0));
    assert_ptr_equal(f.interchanges[0].sender, edi_value(&f.segs[0], 1, 0));
    assert_ptr_equal(f.interchanges[0].control_ref, edi_value(&f.segs[0], 4, 0));
    assert_string_equal(f.messages[0].type, "ORDERS");
    edi_free(&f);
    /* The counts: reported on the message or interchange, the file still read. */
    const char *t = ENV_OK "UNT+3+9'UNZ+2+8'";
    assert_true(edi_parse(t, strlen(t), &f, &err));
    assert_non_null(strstr(f.messages[0].problem, "reference"));
    assert_int_equal(f.messages[0].problem_code, EDI_ERR_REFERENCES);
    assert_non_null(strstr(f.interchanges[0].problem, "count"));
    assert_int_equal(f.interchanges[0].problem_code, EDI_ERR_COUNT);
    edi_free(&f);
}

static void numbers(void **state)
{
    (void)state;
    struct edi_file f = {.decimal_mark = ','};
    int64_t v;
    assert_true(edi_number(&f, "12,5", 3, &v));
    assert_int_equal(v, 12500);
    assert_true(edi_number(&f, "12.5", 3, &v));
    assert_int_equal(v, 12500);
    assert_true(edi_number(&f, "-3", 0, &v));
    assert_int_equal(v, -3);
    assert_false(edi_number(&f, "1,005", 2, &v));
    assert_false(edi_number(&f, "1,0,0", 2, &v));
    assert_false(edi_number(&f, "", 2, &v));
    assert_false(edi_number(&f, "1 000", 2, &v));
    assert_false(edi_number(&f, "99999999999999999999", 0, &v));
}

/* An ORDERS message as the intake's document: the sample order (our codes SA, the buyer's IN,
 * no GTIN), and refusals naming the segment. */
static void orders_json(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp("example_order_ok.edi", &len);
    struct edi_file f = {0};
    struct edi_error err = {0};
    assert_true(edi_parse(buf, len, &f, &err));
    struct strbuf out = {0};
    assert_true(edi_orders_json(&f, 0, &out, &err));
    assert_non_null(strstr(out.buf,
                           "{\"channel\":\"edi\",\"sender\":\"4250159300001\","
                           "\"number\":\"2019265563\",\"message_ref\":\"2019265563\","
                           "\"directory\":\"D01B\",\"doc_date\":\"2018-12-05\","
                           "\"requested_on\":\"2018-12-06\",\"buyer_gln\":\"4250159300001\","
                           "\"point_gln\":\"4250159399005\",\"supplier_gln\":\"4399901760448\","));
    assert_non_null(strstr(out.buf,
                           "{\"code\":\"1001\",\"article\":\"6001001\",\"name\":\"Butter "
                           "40x250g Alu\",\"qty\":\"2.000\",\"unit\":\"GBND\",\"segment\":14}"));
    strbuf_release(&out);
    edi_free(&f);
    free(buf);

    static const struct {
        const char *text, *tag, *why;
        size_t segment;
    } bad[] = {
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+N1'LIN+1++4600000000015:"
         "SRV'"
         "UNS+S'UNT+5+1'UNZ+1+1'",
         "LIN", "no ordered quantity", 4},
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+N1'LIN+1++4600000000015:"
         "SRV'"
         "QTY+21:1,5x'UNT+5+1'UNZ+1+1'",
         "QTY", "not a number", 5},
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220'LIN+1++1:SA'QTY+21:1'"
         "UNT+5+1'UNZ+1+1'",
         "UNH", "no document number", 2},
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+N1'DTM+2:20261340:102'"
         "UNT+4+1'UNZ+1+1'",
         "DTM", "not a day", 4},
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+N1'UNT+3+1'UNZ+1+1'",
         "UNT", "no line items", 4},
        {"UNB+UNOC:3+1:14+2:14+200101:0000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+N1'LIN+1++"
         "1234567890123456789012345678901234567:SA'QTY+21:1'UNT+5+1'UNZ+1+1'",
         "LIN", "longer than 35", 4},
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct edi_file g = {0};
        assert_true(edi_parse(bad[i].text, strlen(bad[i].text), &g, &err));
        struct strbuf o = {0};
        assert_false(edi_orders_json(&g, 0, &o, &err));
        assert_string_equal(err.tag, bad[i].tag);
        assert_int_equal(err.segment, bad[i].segment);
        assert_non_null(strstr(err.why, bad[i].why));
        assert_null(o.buf);
        edi_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_ok),
        cmocka_unit_test(order_error),
        cmocka_unit_test(release_characters),
        cmocka_unit_test(wrapped_and_multiline),
        cmocka_unit_test(several),
        cmocka_unit_test(hostile),
        cmocka_unit_test(numbers),
        cmocka_unit_test(orders_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
