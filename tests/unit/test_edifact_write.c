/* test_edifact_write.c: the EDIFACT writer and the EANCOM messages, read back by our reader
 * (edi_parse) field by field: every special character, Cyrillic, values at the reader's limits,
 * a seeded property loop; the refusals; CONTRL and APERAK for the refused sample; RECADV read
 * in each quantity layout and refused when hostile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "polka/eancom.h"
#include "polka/edifact.h"
#include "polka/edifact_write.h"
#include "polka/util.h"

#define OUR_GLN   "4600000000008"
#define THEIR_GLN "4006381333931"
#define DP_GLN    "4607000000014"

static const struct edi_envelope ENV = {OUR_GLN, THEIR_GLN, "2026-12-06", "09:30", "REF42"};

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", UNIT_EDI_DIR, name);
    char *buf = util_read_file(path, len);
    assert_non_null(buf);
    return buf;
}

/* Finishes w, reads the bytes back into *f (asserting both), returns them (caller frees). */
static char *finish_read(struct edi_writer *w, struct edi_file *f)
{
    size_t len;
    char *buf = edi_write_finish(w, &len);
    if (!buf)
        fail_msg("refused: %s", w->why);
    edi_writer_free(w);
    struct edi_error err;
    if (!edi_parse(buf, len, f, &err))
        fail_msg("our output refused at segment %zu (%s): %s\n%s", err.segment, err.tag, err.why,
                 buf);
    for (size_t i = 0; i < f->nmessages; i++)
        assert_null(f->messages[i].problem);
    for (size_t i = 0; i < f->ninterchanges; i++)
        assert_null(f->interchanges[i].problem);
    return buf;
}

static const struct edi_segment *seg(const struct edi_file *f, const char *tag, size_t nth)
{
    for (size_t i = 0; i < f->nsegs; i++)
        if (strcmp(f->segs[i].tag, tag) == 0 && nth-- == 0)
            return &f->segs[i];
    fail_msg("no %s number %zu", tag, nth);
    return NULL;
}

/* The value at el, comp of the nth segment tag ("" asserted absent when want is NULL). */
static void expect(const struct edi_file *f, const char *tag, size_t nth, size_t el, size_t c,
                   const char *want)
{
    const char *got = edi_value(seg(f, tag, nth), el, c);
    if (!want && got)
        fail_msg("%s[%zu] %zu:%zu is \"%s\", expected nothing", tag, nth, el, c, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("%s[%zu] %zu:%zu is \"%s\", expected \"%s\"", tag, nth, el, c,
                 got ? got : "(none)", want);
}

/* Expectations as a table: the value at element, component of the nth segment of a tag. */
struct want {
    const char *tag;
    size_t nth, el, comp;
    const char *value; /* NULL: absent */
};

static void expect_all(const struct edi_file *f, const struct want *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expect(f, w[i].tag, w[i].nth, w[i].el, w[i].comp, w[i].value);
}

static size_t count(const struct edi_file *f, const char *tag)
{
    size_t n = 0;
    for (size_t i = 0; i < f->nsegs; i++)
        n += strcmp(f->segs[i].tag, tag) == 0;
    return n;
}

static void begin(struct edi_writer *w)
{
    assert_true(edi_write_begin(w, &ENV));
    assert_true(edi_message_begin(w, "ORDRSP", "D", "96A", "EAN005"));
}

/* --- The writer --- */

static void special_characters(void **state)
{
    (void)state;
    struct edi_writer w;
    begin(&w);
    edi_seg_begin(&w, "FTX");
    edi_el(&w, "it's");
    edi_el(&w, "a+b");
    edi_comp(&w, "c:d");
    edi_comp(&w, "e?f");
    edi_comp(&w, "?'+:??");
    edi_el(&w, "1.5, 2,5 ?.");
    edi_el(&w, " leading and trailing spaces ");
    edi_seg_end(&w);
    edi_seg(&w, "RFF", "ON:%", "A?+B'C:D");
    assert_true(edi_message_end(&w));
    struct edi_file f;
    char *buf = finish_read(&w, &f);
    assert_memory_equal(
        buf, "UNA:+.? '\nUNB+UNOC:3+4600000000008:14+4006381333931:14+261206:0930+REF42'\n",
        strlen("UNA:+.? '\nUNB+UNOC:3+4600000000008:14+4006381333931:14+261206:0930+REF42'\n"));
    assert_non_null(strstr(buf, "FTX+it?'s+a?+b:c?:d:e??f:??\?'?+?:????+1.5, 2,5 ??.+"));
    assert_string_equal(f.interchanges[0].syntax, "UNOC");
    assert_string_equal(f.interchanges[0].control_ref, "REF42");
    assert_string_equal(f.messages[0].type, "ORDRSP");
    assert_string_equal(f.messages[0].assoc, "EAN005");
    static const struct want w1[] = {
        {"FTX", 0, 0, 0, "it's"},
        {"FTX", 0, 1, 0, "a+b"},
        {"FTX", 0, 1, 1, "c:d"},
        {"FTX", 0, 1, 2, "e?f"},
        {"FTX", 0, 1, 3, "?'+:??"},
        {"FTX", 0, 2, 0, "1.5, 2,5 ?."},
        {"FTX", 0, 3, 0, " leading and trailing spaces "},
        {"RFF", 0, 0, 1, "A?+B'C:D"},
    };
    expect_all(&f, w1, ARRAY_SIZE(w1));
    edi_free(&f);
    free(buf);
}

/* Cyrillic goes as UNOW:4 (UTF-8), Latin-1 as UNOC:3 in ISO 8859-1 bytes, and Latin-1 text that
 * would read as UTF-8 ("Ã©") as UNOW:4 too. */
static void character_sets(void **state)
{
    (void)state;
    static const struct {
        const char *text, *syntax;
        const char *byte; /* a byte sequence the file must hold */
    } cases[] = {
        {"ООО «Ромашка», ул. Ленина 5", "UNOW", "\xd0\x9e\xd0\x9e\xd0\x9e"},
        {"Kälte Straße", "UNOC", "K\xe4lte Stra\xdf"},
        {"Ã©", "UNOW", "\xc3\x83\xc2\xa9"},
        {"plain", "UNOC", "plain"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct edi_writer w;
        begin(&w);
        edi_seg(&w, "NAD", "DP+%::9++%", DP_GLN, cases[i].text);
        assert_true(edi_message_end(&w));
        struct edi_file f;
        char *buf = finish_read(&w, &f);
        assert_string_equal(f.interchanges[0].syntax, cases[i].syntax);
        assert_non_null(strstr(buf, cases[i].byte));
        expect(&f, "NAD", 0, 3, 0, cases[i].text);
        if (strcmp(cases[i].syntax, "UNOW") == 0) /* version 4: the date with its century */
            assert_non_null(strstr(buf, "UNOW:4+4600000000008:14+4006381333931:14+20261206:0930"));
        edi_free(&f);
        free(buf);
    }
}

static bool value_refused(const char *v, const char *words)
{
    struct edi_writer w;
    begin(&w);
    edi_seg(&w, "FTX", "AAI+++%", v);
    edi_message_end(&w);
    size_t len;
    char *buf = edi_write_finish(&w, &len);
    edi_writer_free(&w);
    if (buf || !strstr(w.why, words)) {
        print_error("\"%s\": %s\n", v, buf ? "written" : w.why);
        free(buf);
        return false;
    }
    return true;
}

static void refusals(void **state)
{
    (void)state;
    assert_true(value_refused("two\nlines", "control character (U+000A)"));
    assert_true(value_refused("tab\there", "control character (U+0009)"));
    assert_true(value_refused("bell\x07", "control character"));
    assert_true(value_refused("esc\x1b[2J", "control character"));
    assert_true(value_refused("del\x7f", "control character"));
    assert_true(value_refused("next line \xc2\x85", "control character (U+0085)"));
    assert_true(value_refused("\xff\xfe", "not UTF-8"));
    assert_true(value_refused("overlong \xc0\xaf", "not UTF-8"));
    assert_true(value_refused("cut \xd0", "not UTF-8"));
    assert_true(value_refused("surrogate \xed\xa0\x80", "not UTF-8"));
    /* The refusal names where: the segment and its place. */
    assert_true(value_refused("x\ny", "FTX (segment 2 of message 1): element 4"));

    /* Patterns: a date, a number, a program error. */
    struct edi_writer w;
    size_t len;
    begin(&w);
    edi_seg(&w, "DTM", "137:@:102", "2026-02-30");
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "not a date"));
    edi_writer_free(&w);
    begin(&w);
    edi_seg(&w, "QTY", "21:#", "12 штук");
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "not a number"));
    edi_writer_free(&w);
    begin(&w);
    edi_seg(&w, "QTY", "21;%", "1");
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "pattern"));
    edi_writer_free(&w);
    /* Service tags and bad tags, a segment outside a message, an open message, no message. */
    static const char *const tags[] = {"UNH", "UNT", "UNZ", "UNB", "UNA",
                                       "UNG", "UNE", "ab1", "LI"};
    for (size_t i = 0; i < ARRAY_SIZE(tags); i++) {
        begin(&w);
        edi_seg(&w, tags[i], "1");
        assert_null(edi_write_finish(&w, &len));
        assert_non_null(strstr(w.why, "segment tag"));
        edi_writer_free(&w);
    }
    assert_true(edi_write_begin(&w, &ENV));
    edi_seg(&w, "BGM", "1");
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "outside a message"));
    edi_writer_free(&w);
    begin(&w);
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "still open"));
    edi_writer_free(&w);
    assert_true(edi_write_begin(&w, &ENV));
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "no message"));
    edi_writer_free(&w);
    /* The envelope. */
    struct edi_envelope e = ENV;
    e.sender_gln = "4600000000009";
    assert_false(edi_write_begin(&w, &e));
    assert_non_null(strstr(w.why, "GLN"));
    e = ENV, e.date = "2026-13-01";
    assert_false(edi_write_begin(&w, &e));
    e = ENV, e.time = "24:00";
    assert_false(edi_write_begin(&w, &e));
    e = ENV, e.control_ref = "REF-42";
    assert_false(edi_write_begin(&w, &e));
    e = ENV, e.control_ref = "123456789012345";
    assert_false(edi_write_begin(&w, &e));
    edi_writer_free(&w);
}

/* Values and segments at the reader's limits are written and read; one more is refused. */
static void limits(void **state)
{
    (void)state;
    char *big = xmalloc(EDI_MAX_VALUE + 2);
    memset(big, 'x', EDI_MAX_VALUE);
    big[EDI_MAX_VALUE - 1] = '?'; /* released: the release character does not count */
    big[EDI_MAX_VALUE] = '\0';
    struct edi_writer w;
    begin(&w);
    edi_seg(&w, "FTX", "AAI+++%", big);
    /* Cyrillic: 2,048 letters of two bytes */
    struct strbuf cyr = {0};
    for (int i = 0; i < EDI_MAX_VALUE / 2; i++)
        strbuf_puts(&cyr, "Ж");
    edi_seg(&w, "FTX", "AAI+++%", cyr.buf);
    edi_seg_begin(&w, "TST");
    for (int i = 0; i < EDI_MAX_ELEMENTS; i++)
        edi_el(&w, "e");
    edi_seg_end(&w);
    edi_seg_begin(&w, "TST");
    edi_el(&w, "c");
    for (int i = 1; i < EDI_MAX_COMPONENTS; i++)
        edi_comp(&w, "c");
    edi_seg_end(&w);
    if (!edi_message_end(&w))
        fail_msg("%s", w.why);
    struct edi_file f;
    char *buf = finish_read(&w, &f);
    expect(&f, "FTX", 0, 3, 0, big);
    expect(&f, "FTX", 1, 3, 0, cyr.buf);
    assert_int_equal(seg(&f, "TST", 0)->nels, EDI_MAX_ELEMENTS);
    assert_int_equal(seg(&f, "TST", 1)->els[0].ncomps, EDI_MAX_COMPONENTS);
    edi_free(&f);
    free(buf);

    big[EDI_MAX_VALUE] = 'x';
    big[EDI_MAX_VALUE + 1] = '\0';
    assert_true(value_refused(big, "longer than 4096 bytes"));
    size_t len;
    begin(&w);
    edi_seg_begin(&w, "TST");
    for (int i = 0; i <= EDI_MAX_ELEMENTS; i++)
        edi_el(&w, "e");
    edi_seg_end(&w);
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "elements"));
    edi_writer_free(&w);
    begin(&w);
    edi_seg_begin(&w, "TST");
    edi_el(&w, "c");
    for (int i = 1; i <= EDI_MAX_COMPONENTS; i++)
        edi_comp(&w, "c");
    edi_seg_end(&w);
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "components"));
    edi_writer_free(&w);
    /* The segment limit of the interchange: the reader's 200,000, UNB and UNZ included. */
    begin(&w);
    for (int i = 0; i < EDI_MAX_SEGMENTS - 4; i++)
        edi_seg(&w, "TST", "1");
    assert_true(edi_message_end(&w));
    buf = finish_read(&w, &f);
    assert_int_equal(f.nsegs, EDI_MAX_SEGMENTS);
    edi_free(&f);
    free(buf);
    begin(&w);
    for (int i = 0; i < EDI_MAX_SEGMENTS - 3; i++)
        edi_seg(&w, "TST", "1");
    edi_message_end(&w);
    assert_null(edi_write_finish(&w, &len));
    assert_non_null(strstr(w.why, "200000 segments"));
    edi_writer_free(&w);
    strbuf_release(&cyr);
    free(big);
}

/* Trailing empty components and elements are left out; empty ones between stay. */
static void trailing_empties(void **state)
{
    (void)state;
    struct edi_writer w;
    begin(&w);
    edi_seg(&w, "NAD", "BY+%::9++%+%", THEIR_GLN, NULL, "");
    edi_seg(&w, "QTY", "21:#:%", "5", NULL);
    edi_seg(&w, "IMD", "F++:::%", "Сыр");
    assert_true(edi_message_end(&w));
    struct edi_file f;
    char *buf = finish_read(&w, &f);
    assert_non_null(strstr(buf, "NAD+BY+4006381333931::9'\nQTY+21:5'\nIMD+F++:::Сыр'\n"));
    assert_int_equal(seg(&f, "NAD", 0)->nels, 2);
    expect(&f, "NAD", 0, 1, 1, "");
    expect(&f, "IMD", 0, 1, 0, "");
    expect(&f, "IMD", 0, 2, 3, "Сыр");
    edi_free(&f);
    free(buf);
}

static void decimals_and_dates(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"12", "12"},
        {"12.500", "12.5"},
        {"12,5", "12.5"},
        {"1 000.250", "1000.25"},
        {"-3", "-3"},
        {"0.000", "0"},
        {"-0", "0"},
        {"0.000001", "0.000001"},
        {"1234567890123", "1234567890123"},
        {" 7 ", "7"},
    };
    char out[32];
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        if (!edi_decimal(ok[i].in, out, sizeof(out)) || strcmp(out, ok[i].out) != 0)
            fail_msg("edi_decimal(\"%s\") should be \"%s\"", ok[i].in, ok[i].out);
    }
    static const char *const bad[] = {"",     "abc",     "1.1234567",         "1e5",
                                      "1..2", "12 штук", "99999999999999999", NULL};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        if (edi_decimal(bad[i], out, sizeof(out)))
            fail_msg("edi_decimal(\"%s\") should be refused", bad[i] ? bad[i] : "NULL");
    assert_false(edi_decimal("123.5", out, 5)); /* no room */
    assert_true(edi_date_valid("2024-02-29"));
    assert_false(edi_date_valid("2026-02-29"));
    assert_false(edi_date_valid("1900-02-29"));
    assert_true(edi_date_valid("2000-02-29"));
    assert_false(edi_date_valid("2026-04-31"));
    assert_false(edi_date_valid("2026-4-30"));
    assert_false(edi_date_valid("20260430"));
    assert_false(edi_date_valid(NULL));
    assert_true(edi_gln_valid(OUR_GLN));
    assert_false(edi_gln_valid("96385074")); /* a GTIN-8 is not a GLN */
}

/* --- The property: random values written and read back exactly. --- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* A random value of pieces: separators, the release character, the decimal marks, Latin-1
 * letters, and (unless latin) Cyrillic, the euro sign and an emoji. */
static void random_value(struct strbuf *sb, bool latin)
{
    static const char *const pieces[] = {"'",  "+",  ":",  "?", ".", ",", " ", "a", "Z",  "0",
                                         "9",  "-",  "*",  "/", "ä", "ß", "«", "»", "ID", "??",
                                         "?'", "''", "::", "Ж", "ё", "№", "€", "😀"};
    size_t npieces = latin ? 23 : ARRAY_SIZE(pieces);
    strbuf_reset(sb);
    uint32_t n = rnd(10) == 0 ? 0 : rnd(8) == 0 ? 100 + rnd(900) : 1 + rnd(20);
    for (uint32_t i = 0; i < n && sb->len < EDI_MAX_VALUE - 4; i++)
        strbuf_puts(sb, pieces[rnd((uint32_t)npieces)]);
    if (!sb->buf)
        strbuf_puts(sb, "");
}

/* One random segment: written, and its model with trailing empties trimmed. */
struct model_seg {
    char tag[4];
    size_t nels;       /* up to the last non-empty value */
    size_t written[8]; /* components written per element */
    size_t ncomps[8];  /* up to the last non-empty one */
    char *v[8][5];
};

static void property(void **state)
{
    (void)state;
    rng_state = 0x9e3779b97f4a7c15ull; /* seeded: the same values every run */
    struct strbuf sb = {0};
    int unoc = 0;
    for (int round = 0; round < 300; round++) {
        struct edi_writer w;
        assert_true(edi_write_begin(&w, &ENV));
        size_t nmsg = 1 + rnd(3), nmodel = 0;
        struct model_seg *model = xcalloc(nmsg * 20, sizeof(*model));
        for (size_t m = 0; m < nmsg; m++) {
            assert_true(edi_message_begin(&w, "ORDERS", "D", rnd(2) ? "96A" : "01B", "EAN008"));
            size_t nseg = 1 + rnd(20);
            for (size_t s = 0; s < nseg; s++) {
                struct model_seg *ms = &model[nmodel++];
                snprintf(ms->tag, sizeof(ms->tag), "%c%c%c", 'A' + rnd(20), 'A' + rnd(26),
                         '0' + rnd(10));
                edi_seg_begin(&w, ms->tag);
                size_t nels = 1 + rnd(8);
                for (size_t e = 0; e < nels; e++) {
                    size_t nc = 1 + rnd(5);
                    ms->written[e] = nc;
                    for (size_t c = 0; c < nc; c++) {
                        random_value(&sb, round % 2 == 1);
                        ms->v[e][c] = xstrdup(sb.buf);
                        if (c == 0)
                            edi_el(&w, sb.buf);
                        else
                            edi_comp(&w, sb.buf);
                        if (*sb.buf) {
                            ms->nels = e + 1;
                            ms->ncomps[e] = c + 1;
                        }
                    }
                }
                edi_seg_end(&w);
            }
            assert_true(edi_message_end(&w));
        }
        struct edi_file f;
        char *buf = finish_read(&w, &f);
        assert_int_equal(f.nmessages, nmsg);
        unoc += strcmp(f.interchanges[0].syntax, "UNOC") == 0;
        size_t k = 0;
        for (size_t i = 0; i < f.nsegs; i++) {
            const struct edi_segment *s = &f.segs[i];
            if (strncmp(s->tag, "UN", 2) == 0)
                continue;
            struct model_seg *ms = &model[k++];
            assert_string_equal(s->tag, ms->tag);
            if (s->nels != ms->nels)
                fail_msg("round %d, %s: %zu elements read, %zu written", round, ms->tag, s->nels,
                         ms->nels);
            for (size_t e = 0; e < ms->nels; e++) {
                /* Only the segment's trailing empties are left out: an element before the last
                 * keeps all its components, the last one up to its last non-empty. */
                size_t want = e + 1 < ms->nels ? ms->written[e] : ms->ncomps[e];
                if (s->els[e].ncomps != want)
                    fail_msg("round %d, %s element %zu: %zu components read, %zu expected", round,
                             ms->tag, e, s->els[e].ncomps, want);
                for (size_t c = 0; c < s->els[e].ncomps; c++)
                    if (strcmp(s->els[e].comps[c], ms->v[e][c] ? ms->v[e][c] : "") != 0)
                        fail_msg("round %d, %s %zu:%zu: read \"%s\", written \"%s\"", round,
                                 ms->tag, e, c, s->els[e].comps[c], ms->v[e][c]);
            }
        }
        assert_int_equal(k, nmodel);
        for (size_t i = 0; i < nmodel; i++)
            for (size_t e = 0; e < 8; e++)
                for (size_t c = 0; c < 5; c++)
                    free(model[i].v[e][c]);
        free(model);
        edi_free(&f);
        free(buf);
    }
    /* Both character sets were exercised: the Latin-1 rounds mostly as UNOC (some have Latin-1
     * bytes that read as UTF-8, "ß»", and go as UNOW). */
    assert_in_range(unoc, 50, 150);
    strbuf_release(&sb);
}

/* --- ORDRSP --- */

static const struct ordrsp_line ORDRSP_LINES[] = {
    {"4607001234562", "ART?1'+:", "10", "10", NULL, NULL},                /* accepted */
    {"4006381333931", "Сыр «Российский»", "12.500", "7,25", "KGM", NULL}, /* changed */
    {"96385074", NULL, "5", "0", NULL, NULL},                             /* not available */
    {"00012345600012", "X", "3", "3", NULL, "2026-12-09"},                /* another date */
};

static struct ordrsp ordrsp_example(void)
{
    return (struct ordrsp){
        .dir = EANCOM_D96A,
        .number = "ОТВ-17/2026",
        .date = "2026-12-06",
        .delivery_date = "2026-12-08",
        .order_number = "PO'4711",
        .order_date = "2026-12-05",
        .parties = {THEIR_GLN, OUR_GLN, DP_GLN},
        .lines = ORDRSP_LINES,
        .nlines = ARRAY_SIZE(ORDRSP_LINES),
    };
}

static void ordrsp(void **state)
{
    (void)state;
    struct ordrsp o = ordrsp_example();
    struct edi_writer w;
    assert_true(edi_write_begin(&w, &ENV));
    assert_true(eancom_ordrsp(&w, &o));
    struct edi_file f;
    char *buf = finish_read(&w, &f);
    assert_string_equal(f.interchanges[0].syntax, "UNOW"); /* Cyrillic */
    assert_string_equal(f.interchanges[0].sender, OUR_GLN);
    assert_string_equal(f.interchanges[0].recipient, THEIR_GLN);
    assert_string_equal(f.messages[0].type, "ORDRSP");
    assert_string_equal(f.messages[0].version, "D");
    assert_string_equal(f.messages[0].release, "96A");
    assert_string_equal(f.messages[0].agency, "UN");
    assert_string_equal(f.messages[0].assoc, "EAN005");
    expect(&f, "BGM", 0, 0, 0, "231");
    expect(&f, "BGM", 0, 1, 0, "ОТВ-17/2026");
    expect(&f, "BGM", 0, 2, 0, "4"); /* changed: not every line accepted */
    static const struct want w2[] = {
        {"DTM", 0, 0, 0, "137"},     {"DTM", 0, 0, 1, "20261206"}, {"DTM", 0, 0, 2, "102"},
        {"DTM", 1, 0, 0, "2"},       {"DTM", 1, 0, 1, "20261208"}, {"RFF", 0, 0, 0, "ON"},
        {"RFF", 0, 0, 1, "PO'4711"}, {"DTM", 2, 0, 0, "171"},      {"DTM", 2, 0, 1, "20261205"},
        {"NAD", 0, 0, 0, "BY"},      {"NAD", 0, 1, 0, THEIR_GLN},  {"NAD", 0, 1, 2, "9"},
        {"NAD", 1, 0, 0, "SU"},      {"NAD", 1, 1, 0, OUR_GLN},    {"NAD", 2, 0, 0, "DP"},
        {"NAD", 2, 1, 0, DP_GLN},
    };
    expect_all(&f, w2, ARRAY_SIZE(w2));
    assert_int_equal(count(&f, "LIN"), 4);
    static const char *const actions[] = {"5", "3", "7", "3"};
    for (size_t i = 0; i < 4; i++) {
        char no[4];
        snprintf(no, sizeof(no), "%zu", i + 1);
        expect(&f, "LIN", i, 0, 0, no);
        expect(&f, "LIN", i, 1, 0, actions[i]);
        expect(&f, "LIN", i, 2, 0, ORDRSP_LINES[i].gtin);
        expect(&f, "LIN", i, 2, 1, "EN");
    }
    assert_int_equal(count(&f, "PIA"), 3);
    expect(&f, "PIA", 0, 0, 0, "1");
    expect(&f, "PIA", 0, 1, 0, "ART?1'+:");
    expect(&f, "PIA", 0, 1, 1, "IN");
    expect(&f, "PIA", 1, 1, 0, "Сыр «Российский»");
    /* QTY 21 ordered and 113 confirmed, numbers with '.', the unit of a weighed article */
    static const struct want w3[] = {
        {"QTY", 0, 0, 0, "21"},       {"QTY", 0, 0, 1, "10"},   {"QTY", 1, 0, 0, "113"},
        {"QTY", 1, 0, 1, "10"},       {"QTY", 2, 0, 1, "12.5"}, {"QTY", 2, 0, 2, "KGM"},
        {"QTY", 3, 0, 1, "7.25"},     {"QTY", 5, 0, 1, "0"},    {"DTM", 3, 0, 0, "67"},
        {"DTM", 3, 0, 1, "20261209"},
    };
    expect_all(&f, w3, ARRAY_SIZE(w3));
    assert_int_equal(count(&f, "DTM"), 4);
    expect(&f, "UNS", 0, 0, 0, "S");
    expect(&f, "CNT", 0, 0, 0, "2");
    expect(&f, "CNT", 0, 0, 1, "4");
    edi_free(&f);
    free(buf);

    /* A line we do not know, named by the buyer's code only: LIN without an item number. */
    struct ordrsp_line unknown[] = {{NULL, "ЧУЖОЙ-1", "4", "0", NULL, NULL}};
    o.lines = unknown, o.nlines = 1;
    assert_true(edi_write_begin(&w, &ENV));
    assert_true(eancom_ordrsp(&w, &o));
    buf = finish_read(&w, &f);
    assert_int_equal(seg(&f, "LIN", 0)->nels, 2);
    expect(&f, "LIN", 0, 1, 0, "7");
    expect(&f, "PIA", 0, 1, 0, "ЧУЖОЙ-1");
    expect(&f, "BGM", 0, 2, 0, "27");
    edi_free(&f);
    free(buf);

    /* All accepted: 29; none: 27. D.01B: SRV and its association code. */
    struct ordrsp_line all[] = {{"4607001234562", NULL, "10", "10", NULL, "2026-12-08"}};
    o.lines = all, o.nlines = 1, o.dir = EANCOM_D01B;
    assert_true(edi_write_begin(&w, &ENV));
    assert_true(eancom_ordrsp(&w, &o));
    all[0].confirmed = "0.000";
    assert_true(eancom_ordrsp(&w, &o)); /* a second message in the interchange */
    buf = finish_read(&w, &f);
    assert_int_equal(f.nmessages, 2);
    assert_string_equal(f.messages[1].ref, "2");
    assert_string_equal(f.messages[0].release, "01B");
    assert_string_equal(f.messages[0].assoc, "EAN009");
    expect(&f, "BGM", 0, 2, 0, "29");
    expect(&f, "BGM", 1, 2, 0, "27");
    expect(&f, "LIN", 0, 1, 0, "5");
    expect(&f, "LIN", 0, 2, 1, "SRV");
    expect(&f, "LIN", 1, 1, 0, "7");
    edi_free(&f);
    free(buf);
}

static bool ordrsp_refused(const struct ordrsp *o, const char *words)
{
    struct edi_writer w;
    edi_write_begin(&w, &ENV);
    bool ok = eancom_ordrsp(&w, o);
    bool right = !ok && strstr(w.why, words);
    if (!right)
        print_error("%s\n", ok ? "written" : w.why);
    edi_writer_free(&w);
    return right;
}

static void ordrsp_refusals(void **state)
{
    (void)state;
    struct ordrsp o = ordrsp_example();
    o.number = NULL;
    assert_true(ordrsp_refused(&o, "Missing: the response's number."));
    o = ordrsp_example(), o.number = "123456789012345678901234567890123456";
    assert_true(ordrsp_refused(&o, "longer than 35"));
    o = ordrsp_example(), o.delivery_date = "08.12.2026";
    assert_true(ordrsp_refused(&o, "not a date"));
    o = ordrsp_example(), o.parties.buyer_gln = "4006381333932";
    assert_true(ordrsp_refused(&o, "the buyer's GLN: \"4006381333932\" is not a GLN"));
    o = ordrsp_example(), o.nlines = 0;
    assert_true(ordrsp_refused(&o, "at least one line"));
    struct ordrsp_line l[] = {{"4607001234564", NULL, "1", "1", NULL, NULL}};
    o = ordrsp_example(), o.lines = l, o.nlines = 1;
    assert_true(ordrsp_refused(&o, "Line 1: \"4607001234564\" is not a GTIN"));
    l[0].gtin = NULL;
    assert_true(ordrsp_refused(&o, "Line 1: \"\" is not a GTIN")); /* and no buyer's code */
    l[0].gtin = "4607001234562", l[0].confirmed = "-1";
    assert_true(ordrsp_refused(&o, "Line 1: the quantity confirmed \"-1\" is not a quantity"));
    l[0].confirmed = "1", l[0].ordered = NULL;
    assert_true(ordrsp_refused(&o, "the quantity ordered"));
    l[0].ordered = "1", l[0].buyer_code = "a\tb";
    assert_true(ordrsp_refused(&o, "control character"));
}

/* --- DESADV --- */

static const struct desadv_line PALLET1[] = {
    {"4607001234562", "ART-1", "40", NULL, "П-0412", "2027-01-15"},
    {"4006381333931", NULL, "12.345", "KGM", "B?2+'", "2026-12-20"},
};
static const struct desadv_line PALLET2[] = {
    {"4607001234562", "ART-1", "8", NULL, "П-0413", "2027-01-16"},
};
static const struct desadv_pallet PALLETS[] = {
    {"354123450000000014", PALLET1, ARRAY_SIZE(PALLET1)},
    {"106141411234567897", PALLET2, ARRAY_SIZE(PALLET2)},
};

static struct desadv desadv_example(void)
{
    return (struct desadv){
        .dir = EANCOM_D96A,
        .number = "РН-000123",
        .date = "2026-12-07",
        .despatch_date = "2026-12-07",
        .delivery_date = "2026-12-08",
        .order_number = "PO'4711",
        .order_date = "2026-12-05",
        .waybill = "ТН-55",
        .parties = {THEIR_GLN, OUR_GLN, DP_GLN},
        .pallets = PALLETS,
        .npallets = ARRAY_SIZE(PALLETS),
    };
}

static void desadv(void **state)
{
    (void)state;
    struct desadv d = desadv_example();
    struct edi_writer w;
    assert_true(edi_write_begin(&w, &ENV));
    assert_true(eancom_desadv(&w, &d));
    struct edi_file f;
    char *buf = finish_read(&w, &f);
    assert_string_equal(f.messages[0].type, "DESADV");
    assert_string_equal(f.messages[0].assoc, "EAN005");
    static const struct want w4[] = {
        {"BGM", 0, 0, 0, "351"}, {"BGM", 0, 1, 0, "РН-000123"}, {"BGM", 0, 2, 0, "9"},
        {"DTM", 0, 0, 0, "137"}, {"DTM", 1, 0, 0, "11"},        {"DTM", 1, 0, 1, "20261207"},
        {"DTM", 2, 0, 0, "17"},  {"DTM", 2, 0, 1, "20261208"},  {"RFF", 0, 0, 1, "PO'4711"},
        {"DTM", 3, 0, 0, "171"}, {"RFF", 1, 0, 0, "DQ"},        {"RFF", 1, 0, 1, "ТН-55"},
    };
    expect_all(&f, w4, ARRAY_SIZE(w4));
    assert_int_equal(count(&f, "NAD"), 3);
    /* The hierarchy: the consignment, then each pallet with its SSCC and its lines. */
    assert_int_equal(count(&f, "CPS"), 3);
    static const struct want w5[] = {
        {"CPS", 0, 0, 0, "1"},
        {"CPS", 0, 1, 0, NULL},
        {"PAC", 0, 0, 0, "2"},
        {"PAC", 0, 2, 0, "201"},
        {"CPS", 1, 0, 0, "2"},
        {"CPS", 1, 1, 0, "1"},
        {"CPS", 2, 0, 0, "3"},
        {"CPS", 2, 1, 0, "1"},
        {"PCI", 0, 0, 0, "33E"},
        {"GIN", 0, 0, 0, "BJ"},
        {"GIN", 0, 1, 0, "354123450000000014"},
        {"LIN", 0, 0, 0, "1"},
        {"LIN", 0, 2, 0, "4607001234562"},
        {"LIN", 0, 2, 1, "EN"},
        {"PIA", 0, 1, 0, "ART-1"},
        {"QTY", 0, 0, 0, "12"},
        {"QTY", 0, 0, 1, "40"},
        {"PCI", 1, 0, 0, "36E"},
        {"DTM", 4, 0, 0, "361"},
        {"DTM", 4, 0, 1, "20270115"},
        {"GIN", 1, 0, 0, "BX"},
        {"GIN", 1, 1, 0, "П-0412"},
        {"QTY", 1, 0, 1, "12.345"},
        {"QTY", 1, 0, 2, "KGM"},
        {"GIN", 2, 1, 0, "B?2+'"},
        {"GIN", 3, 0, 0, "BJ"},
        {"GIN", 3, 1, 0, "106141411234567897"},
        {"LIN", 2, 0, 0, "3"},
        {"GIN", 4, 1, 0, "П-0413"},
        {"CNT", 0, 0, 1, "3"},
    };
    expect_all(&f, w5, ARRAY_SIZE(w5));
    /* The order: each pallet's CPS before its lines (segment indexes). */
    size_t cps2 = (size_t)(seg(&f, "CPS", 2) - f.segs), lin2 = (size_t)(seg(&f, "LIN", 1) - f.segs),
           lin3 = (size_t)(seg(&f, "LIN", 2) - f.segs);
    assert_true(lin2 < cps2 && cps2 < lin3);
    edi_free(&f);
    free(buf);
}

static bool desadv_refused(const struct desadv *d, const char *words)
{
    struct edi_writer w;
    edi_write_begin(&w, &ENV);
    bool ok = eancom_desadv(&w, d);
    bool right = !ok && strstr(w.why, words);
    if (!right)
        print_error("%s\n", ok ? "written" : w.why);
    edi_writer_free(&w);
    return right;
}

static void desadv_refusals(void **state)
{
    (void)state;
    struct desadv_line l = PALLET1[0];
    struct desadv_pallet p = {"354123450000000014", &l, 1};
    struct desadv d = desadv_example();
    d.pallets = &p, d.npallets = 1;
    l.expiry = "";
    assert_true(desadv_refused(&d, "Line 1 (GTIN 4607001234562): no expiry date; chains refuse"));
    l.expiry = NULL;
    assert_true(desadv_refused(&d, "no expiry date"));
    l.expiry = "2026-02-30";
    assert_true(desadv_refused(&d, "an expiry date: \"2026-02-30\" is not a date"));
    l = PALLET1[0], l.batch = NULL;
    assert_true(desadv_refused(&d, "no batch number"));
    l = PALLET1[0], l.quantity = "0";
    assert_true(desadv_refused(&d, "nothing despatched"));
    l = PALLET1[0], l.gtin = "4607001234566";
    assert_true(desadv_refused(&d, "is not a GTIN"));
    l = PALLET1[0];
    p.sscc = "354123450000000015";
    assert_true(desadv_refused(&d, "Pallet 1: \"354123450000000015\" is not an SSCC"));
    p.sscc = "35412345000000001";
    assert_true(desadv_refused(&d, "is not an SSCC"));
    p.sscc = NULL;
    assert_true(desadv_refused(&d, "is not an SSCC"));
    struct desadv_pallet two[] = {PALLETS[0], PALLETS[0]};
    d.pallets = two, d.npallets = 2;
    assert_true(desadv_refused(&d, "Pallets 1 and 2 have the same SSCC"));
    two[1].sscc = PALLETS[1].sscc, two[1].nlines = 0;
    assert_true(desadv_refused(&d, "Pallet 2 holds no line"));
    d = desadv_example(), d.npallets = 0;
    assert_true(desadv_refused(&d, "at least one pallet"));
    d = desadv_example(), d.despatch_date = NULL;
    assert_true(desadv_refused(&d, "Missing: the despatch date."));
}

/* --- CONTRL and APERAK for the refused sample --- */

static void contrl_aperak(void **state)
{
    (void)state;
    size_t len;
    char *bad = slurp("example_order_error.edi", &len);
    struct edi_file f;
    struct edi_error err;
    assert_false(edi_parse(bad, len, &f, &err));
    struct edi_refusal r;
    assert_true(edi_refusal_from_error(bad, len, &err, &r));
    assert_string_equal(r.sender, "4250159300001");
    assert_string_equal(r.sender_qual, "14");
    assert_string_equal(r.recipient, "unbekannt");
    assert_string_equal(r.control_ref, "896");
    assert_string_equal(r.msg_ref, "2019265563");
    assert_string_equal(r.msg_type, "ORDERS");
    assert_string_equal(r.msg_release, "01B");
    assert_string_equal(r.msg_assoc, "EAN010");
    assert_string_equal(r.doc_number, "2019265563");
    assert_int_equal(r.position, 83); /* segment 84 of the file; UNH is its second */
    assert_string_equal(r.tag, "IMD");
    assert_int_equal(r.code, EDI_ERR_SERVICE_CHARACTERS);
    assert_true(r.whole);
    free(bad);

    struct edi_envelope back = {OUR_GLN, "4250159300001", "2026-12-06", "10:00", "C1"};
    struct edi_writer w;
    assert_true(edi_write_begin(&w, &back));
    assert_true(eancom_contrl(&w, &r));
    char *buf = finish_read(&w, &f);
    assert_string_equal(f.messages[0].type, "CONTRL");
    assert_string_equal(f.messages[0].version, "D");
    assert_string_equal(f.messages[0].release, "3");
    static const struct want w6[] = {
        {"UCI", 0, 0, 0, "896"},        {"UCI", 0, 1, 0, "4250159300001"},
        {"UCI", 0, 1, 1, "14"},         {"UCI", 0, 2, 0, "unbekannt"},
        {"UCI", 0, 3, 0, "4"},          {"UCI", 0, 4, 0, NULL},
        {"UCM", 0, 0, 0, "2019265563"}, {"UCM", 0, 1, 0, "ORDERS"},
        {"UCM", 0, 1, 2, "01B"},        {"UCM", 0, 1, 4, "EAN010"},
        {"UCM", 0, 2, 0, "4"},          {"UCS", 0, 0, 0, "83"},
        {"UCS", 0, 2, 0, "22"},
    };
    expect_all(&f, w6, ARRAY_SIZE(w6));
    edi_free(&f);
    free(buf);

    struct aperak a = {EANCOM_D96A, "ERR-1", "2026-12-06", OUR_GLN, "4250159300001", NULL};
    assert_true(edi_write_begin(&w, &back));
    assert_true(eancom_aperak(&w, &a, &r));
    buf = finish_read(&w, &f);
    assert_string_equal(f.messages[0].type, "APERAK");
    assert_string_equal(f.messages[0].assoc, "EAN002");
    static const struct want w7[] = {
        {"BGM", 0, 0, 0, "12E"}, {"BGM", 0, 0, 2, "9"},   {"BGM", 0, 1, 0, "ERR-1"},
        {"BGM", 0, 2, 0, "27"},  {"RFF", 0, 0, 0, "ACW"}, {"RFF", 0, 0, 1, "2019265563"},
        {"RFF", 1, 0, 0, "ON"},  {"NAD", 0, 0, 0, "MS"},  {"NAD", 0, 1, 0, "4250159300001"},
        {"NAD", 1, 0, 0, "MR"},  {"ERC", 0, 0, 0, "22"},
    };
    expect_all(&f, w7, ARRAY_SIZE(w7));
    const struct edi_segment *ftx = seg(&f, "FTX", 0);
    expect(&f, "FTX", 0, 0, 0, "AAO");
    struct strbuf words = {0};
    for (size_t c = 0; c < ftx->els[3].ncomps; c++) {
        assert_true(strlen(ftx->els[3].comps[c]) <= 70);
        strbuf_puts(&words, ftx->els[3].comps[c]);
    }
    assert_true(ftx->els[3].ncomps >= 2);
    assert_true(str_starts(words.buf, "segment 83 of the message (IMD): the release character"));
    strbuf_release(&words);
    edi_free(&f);
    free(buf);

    /* A count problem of a message read: UCI acknowledged (7), the message rejected (29). */
    const char *counted = "UNB+UNOC:3+4250159300001:14+4600000000008:14+261206:0900+77'"
                          "UNH+M1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-9+9'UNT+9+M1'UNZ+1+77'";
    assert_true(edi_parse(counted, strlen(counted), &f, &err));
    assert_int_equal(f.messages[0].problem_code, EDI_ERR_COUNT);
    edi_refusal_from_file(&f, 0, 0, f.messages[0].last, f.messages[0].problem_code,
                          f.messages[0].problem, &r);
    edi_free(&f);
    assert_false(r.whole);
    assert_string_equal(r.doc_number, "PO-9");
    assert_string_equal(r.tag, "UNT");
    assert_int_equal(r.position, 3);
    assert_true(edi_write_begin(&w, &back));
    assert_true(eancom_contrl(&w, &r));
    buf = finish_read(&w, &f);
    static const struct want w8[] = {
        {"UCI", 0, 0, 0, "77"}, {"UCI", 0, 3, 0, "7"},  {"UCM", 0, 0, 0, "M1"},
        {"UCM", 0, 2, 0, "4"},  {"UCM", 0, 3, 0, "29"}, {"UCM", 0, 4, 0, "UNT"},
    };
    expect_all(&f, w8, ARRAY_SIZE(w8));
    assert_int_equal(count(&f, "UCS"), 0);
    edi_free(&f);
    free(buf);

    /* An envelope error outside any message: told on UCI with the segment's tag. */
    const char *no_unz = "UNB+UNOC:3+4250159300001:14+4600000000008:14+261206:0900+78'"
                         "UNH+M1+ORDERS:D:96A:UN:EAN008'UNT+2+M1'UNH+M2+ORDERS:D:96A:UN:EAN008'"
                         "UNB+UNOC:3+1:14+2:14+261206:0900+79'";
    assert_false(edi_parse(no_unz, strlen(no_unz), &f, &err));
    assert_true(edi_refusal_from_error(no_unz, strlen(no_unz), &err, &r));
    assert_string_equal(r.control_ref, "78");
    assert_string_equal(r.msg_ref, "M2"); /* the UNB stands inside message M2 */
    assert_int_equal(r.code, EDI_ERR_MISSING);
    /* Nobody to answer: no UNB at all. */
    const char *headless = "UNH+1+ORDERS:D:96A:UN'UNT+2+1'";
    assert_false(edi_parse(headless, strlen(headless), &f, &err));
    assert_false(edi_refusal_from_error(headless, strlen(headless), &err, &r));
    /* A broken UNA: the default separators, the UNB still found. */
    const char *una = "UNA:+x? 'UNB+UNOC:3+4250159300001:14+4600000000008:14+261206:0900+80'";
    assert_false(edi_parse(una, strlen(una), &f, &err));
    assert_true(edi_refusal_from_error(una, strlen(una), &err, &r));
    assert_string_equal(r.control_ref, "80");
    assert_int_equal(r.position, 0);
    assert_true(edi_write_begin(&w, &back));
    assert_true(eancom_contrl(&w, &r));
    buf = finish_read(&w, &f);
    expect(&f, "UCI", 0, 3, 0, "4");
    expect(&f, "UCI", 0, 4, 0, "20"); /* invalid as a service character */
    expect(&f, "UCI", 0, 5, 0, "UNA");
    assert_int_equal(count(&f, "UCM"), 0);
    edi_free(&f);
    free(buf);
}

/* --- RECADV --- */

#define RECADV_HEAD                                                                                \
    "UNA:+.? 'UNB+UNOC:3+4006381333931:14+4600000000008:14+261208:1400+R1'"                        \
    "UNH+1+RECADV:D:96A:UN:EAN003'BGM+632+REC-1+9'DTM+137:20261208:102'DTM+50:202612081030:203'"   \
    "RFF+AAK:РН-000123'DTM+171:20261207:102'RFF+ON:PO?'4711'"                                    \
    "NAD+BY+4006381333931::9'NAD+SU+4600000000008::9'NAD+DP+4607000000014::9'"

static bool recadv_of(const char *text, struct edi_file *f, struct recadv *r, struct edi_error *err)
{
    if (!edi_parse(text, strlen(text), f, err))
        fail_msg("the RECADV does not parse: %s at %zu", err->why, err->segment);
    assert_int_equal(f->nmessages, 1);
    return recadv_read(f, 0, r, err);
}

static void recadv_layouts(void **state)
{
    (void)state;
    struct edi_file f;
    struct edi_error err;
    struct recadv r;
    /* QTY+194 inside the package levels, a damaged quantity with its reasons. */
    const char *a = RECADV_HEAD "CPS+1'CPS+2+1'PAC+1++201'PCI+33E'GIN+BJ+354123450000000014'"
                                "LIN+1++4607001234562:EN'PIA+1+ART-1:IN'QTY+12:40'QTY+194:38'"
                                "QVR+-2:195+AF+DME'"
                                "LIN+2++4006381333931:EN'QTY+194:12,345:KGM'"
                                "UNT+19+1'UNZ+1+R1'";
    assert_true(recadv_of(a, &f, &r, &err));
    assert_string_equal(r.number, "REC-1");
    assert_string_equal(r.date, "2026-12-08");
    assert_string_equal(r.received_date, "2026-12-08");
    assert_string_equal(r.despatch_number, "РН-000123");
    assert_string_equal(r.order_number, "PO'4711");
    assert_string_equal(r.buyer_gln, THEIR_GLN);
    assert_string_equal(r.supplier_gln, OUR_GLN);
    assert_string_equal(r.delivery_gln, DP_GLN);
    assert_int_equal(r.nlines, 2);
    assert_string_equal(r.lines[0].line_no, "1");
    assert_string_equal(r.lines[0].gtin, "4607001234562");
    assert_string_equal(r.lines[0].buyer_code, "ART-1");
    assert_string_equal(r.lines[0].accepted, "38.000");
    assert_string_equal(r.lines[0].despatched, "40.000");
    assert_string_equal(r.lines[0].received, "");
    assert_int_equal(r.lines[0].nrejections, 1);
    assert_string_equal(r.lines[0].rejections[0].quantity, "-2.000");
    assert_string_equal(r.lines[0].rejections[0].qualifier, "195");
    assert_string_equal(r.lines[0].rejections[0].discrepancy, "AF");
    assert_string_equal(r.lines[0].rejections[0].reason, "DME");
    assert_string_equal(r.lines[1].accepted, "12.345");
    assert_string_equal(r.lines[1].unit, "KGM");
    assert_string_equal(f.segs[r.lines[1].segment].tag, "LIN");
    recadv_free(&r);
    edi_free(&f);

    /* QTY+48 received less what was not accepted (195, 196). */
    const char *b = RECADV_HEAD "LIN+1++4607001234562:EN'QTY+48:40'QVR+-3:195+AF'QVR+-1:196'"
                                "UNT+14+1'UNZ+1+R1'";
    assert_true(recadv_of(b, &f, &r, &err));
    assert_string_equal(r.lines[0].received, "40.000");
    assert_string_equal(r.lines[0].accepted, "36.000");
    assert_int_equal(r.lines[0].nrejections, 2);
    assert_null(r.lines[0].rejections[1].discrepancy);
    recadv_free(&r);
    edi_free(&f);

    /* QTY+12 despatched with the difference against it; D.01B: SRV, the GTIN in PIA. */
    const char *c = RECADV_HEAD "LIN+1'PIA+5+4607001234562:SRV+A7:SA'QTY+12:40'QVR+-5:12+CP'"
                                "LIN+2'PIA+1+ЖУР-9:IN'QTY+46:10'QVR+-10:46'"
                                "UNT+18+1'UNZ+1+R1'";
    assert_true(recadv_of(c, &f, &r, &err));
    assert_string_equal(r.lines[0].gtin, "4607001234562");
    assert_string_equal(r.lines[0].supplier_code, "A7");
    assert_string_equal(r.lines[0].accepted, "35.000");
    assert_null(r.lines[1].gtin);
    assert_string_equal(r.lines[1].buyer_code, "ЖУР-9");
    assert_string_equal(r.lines[1].despatched, "10.000");
    assert_string_equal(r.lines[1].accepted, "0.000");
    recadv_free(&r);
    edi_free(&f);

    /* Made with our writer: Cyrillic (UNOW), released characters, D.01B. */
    struct edi_writer w;
    assert_true(edi_write_begin(
        &w, &(struct edi_envelope){THEIR_GLN, OUR_GLN, "2026-12-08", "14:00", "R2"}));
    assert_true(edi_message_begin(&w, "RECADV", "D", "01B", "EAN006"));
    edi_seg(&w, "BGM", "632+%+9", "ПРМ-7'+:?");
    edi_seg(&w, "DTM", "137:@:102", "2026-12-08");
    edi_seg(&w, "RFF", "AAK:%", "РН-000123");
    edi_seg(&w, "NAD", "DP+%::9", DP_GLN);
    edi_seg(&w, "LIN", "1++%:SRV", "4607001234562");
    edi_seg(&w, "PIA", "1+%:IN", "Сыр «Российский»");
    edi_seg(&w, "QTY", "194:#:KGM", "12,500");
    edi_seg(&w, "QVR", "#:196++PE", "-0.5");
    assert_true(edi_message_end(&w));
    char *buf = edi_write_finish(&w, &(size_t){0});
    assert_non_null(buf);
    edi_writer_free(&w);
    assert_true(recadv_of(buf, &f, &r, &err));
    assert_string_equal(f.interchanges[0].syntax, "UNOW");
    assert_string_equal(r.number, "ПРМ-7'+:?");
    assert_null(r.order_number);
    assert_string_equal(r.despatch_number, "РН-000123");
    assert_string_equal(r.delivery_gln, DP_GLN);
    assert_null(r.buyer_gln);
    assert_string_equal(r.lines[0].buyer_code, "Сыр «Российский»");
    assert_string_equal(r.lines[0].accepted, "12.500");
    assert_string_equal(r.lines[0].rejections[0].quantity, "-0.500");
    assert_string_equal(r.lines[0].rejections[0].reason, "PE");
    recadv_free(&r);
    edi_free(&f);
    free(buf);
}

static bool recadv_refused(const char *body, const char *tag, size_t segment, const char *words)
{
    char text[2048];
    snprintf(text, sizeof(text), "%sUNT+99+1'UNZ+1+R1'", body);
    struct edi_file f;
    struct edi_error err;
    struct recadv r;
    bool ok = recadv_of(text, &f, &r, &err);
    edi_free(&f);
    if (ok) {
        recadv_free(&r);
        print_error("read: %s\n", body);
        return false;
    }
    if (strcmp(err.tag, tag) != 0 || err.segment != segment || !strstr(err.why, words) ||
        err.code == 0 || r.lines) {
        print_error("%s: segment %zu %s: %s\n", body, err.segment, err.tag, err.why);
        return false;
    }
    return true;
}

static void recadv_hostile(void **state)
{
    (void)state;
    /* RECADV_HEAD is segments 1-11 (UNB = 1; UNA is not counted). */
    const char *line = "LIN+1++4607001234562:EN'QTY+194:1'";
    char t[1024];
    assert_true(
        recadv_refused(RECADV_HEAD "LIN+1++4607001234566:EN'QTY+194:1'", "LIN", 12, "not a GTIN"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1++4607001234562:EN'QTY+194:abc'", "QTY", 13,
                               "not a quantity"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1++4607001234562:EN'QTY+194:1.0005'", "QTY", 13,
                               "at most 3 decimals"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1++4607001234562:EN'QTY+194:-1'", "QTY", 13,
                               "not a quantity"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1++4607001234562:EN'QTY+12:5'", "LIN", 12,
                               "no accepted quantity"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1++4607001234562:EN'QTY+48:5'QVR+-6:195'", "LIN",
                               12, "exceed"));
    assert_true(recadv_refused(RECADV_HEAD "LIN+1'QTY+194:1'", "LIN", 12, "names no article"));
    assert_true(recadv_refused(RECADV_HEAD, "UNT", 12, "no line"));
    snprintf(t, sizeof(t), "%s%s", RECADV_HEAD "DTM+137:20261332:102'", line);
    assert_true(recadv_refused(t, "DTM", 12, "not a date"));
    snprintf(t, sizeof(t), "%s%s", RECADV_HEAD "DTM+137:20261208:999'", line);
    assert_true(recadv_refused(t, "DTM", 12, "date format"));
    snprintf(t, sizeof(t), "%s%s", RECADV_HEAD "NAD+DP+4607000000012::9'", line);
    assert_true(recadv_refused(t, "NAD", 12, "not a GLN"));
    snprintf(t, sizeof(t), "%s%s", RECADV_HEAD "RFF+ON'", line);
    assert_true(recadv_refused(t, "RFF", 12, "reference number is missing"));
    snprintf(t, sizeof(t),
             "UNB+UNOC:3+4006381333931:14+4600000000008:14+261208:1400+R1'"
             "UNH+1+RECADV:D:96A:UN:EAN003'BGM+632++9'%s",
             line);
    assert_true(recadv_refused(t, "BGM", 3, "document number"));
    snprintf(t, sizeof(t),
             "UNB+UNOC:3+4006381333931:14+4600000000008:14+261208:1400+R1'"
             "UNH+1+RECADV:D:96A:UN:EAN003'BGM+632+R+9'RFF+ON:1'%s",
             line);
    assert_true(recadv_refused(t, "UNH", 2, "no date"));
    snprintf(t, sizeof(t),
             "UNB+UNOC:3+4006381333931:14+4600000000008:14+261208:1400+R1'"
             "UNH+1+RECADV:D:96A:UN:EAN003'BGM+632+R+9'DTM+137:20261208:102'%s",
             line);
    assert_true(recadv_refused(t, "UNH", 2, "neither the despatch advice"));
    snprintf(t, sizeof(t),
             "UNB+UNOC:3+4006381333931:14+4600000000008:14+261208:1400+R1'"
             "UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+R+9'%s",
             line);
    assert_true(recadv_refused(t, "UNH", 2, "not RECADV"));
    /* A QVR flood on one line. */
    struct strbuf sb = {0};
    strbuf_puts(&sb, RECADV_HEAD "LIN+1++4607001234562:EN'QTY+48:5000'");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&sb, "QVR+-1:195'");
    strbuf_puts(&sb, "UNT+99+1'UNZ+1+R1'");
    struct edi_file f;
    struct edi_error err;
    struct recadv r;
    assert_false(recadv_of(sb.buf, &f, &r, &err));
    assert_string_equal(err.tag, "QVR");
    assert_int_equal(err.segment, 14 + 99);
    assert_int_equal(err.code, EDI_ERR_TOO_MANY);
    edi_free(&f);
    strbuf_release(&sb);
    /* A refused RECADV answered by APERAK naming the segment. */
    snprintf(t, sizeof(t), "%sLIN+1++4607001234566:EN'QTY+194:1'UNT+99+1'UNZ+1+R1'", RECADV_HEAD);
    assert_true(edi_parse(t, strlen(t), &f, &err));
    assert_false(recadv_read(&f, 0, &r, &err));
    struct edi_refusal rf;
    edi_refusal_from_file(&f, 0, 0, err.segment - 1, err.code, err.why, &rf);
    edi_free(&f);
    assert_int_equal(rf.position, 11); /* LIN: the 12th segment, UNH the 2nd */
    assert_string_equal(rf.doc_number, "REC-1");
    struct edi_writer w;
    assert_true(edi_write_begin(&w, &ENV));
    struct aperak a = {EANCOM_D01B, "E2", "2026-12-08", OUR_GLN, THEIR_GLN, NULL};
    assert_true(eancom_aperak(&w, &a, &rf));
    char *buf = finish_read(&w, &f);
    expect(&f, "BGM", 0, 0, 0, "313");
    assert_string_equal(f.messages[0].assoc, "EAN003");
    expect(&f, "ERC", 0, 0, 0, "12");
    expect(&f, "RFF", 0, 0, 1, "1");
    assert_int_equal(count(&f, "RFF"), 1); /* not an order: no RFF+ON */
    assert_true(str_starts(edi_value(seg(&f, "FTX", 0), 3, 0),
                           "segment 11 of the message (LIN): LIN: \"4607001234566\" is not a"));
    edi_free(&f);
    free(buf);
}

/* The fuzz targets' own seeds (tests/fuzz/edi-seeds) read, the RECADVs as receiving advice:
 * a seed the reader refuses would start the fuzzer from nothing. */
static void fuzz_seeds(void **state)
{
    (void)state;
    static const char *const files[] = {"ordrsp_d96a.edi", "desadv_d01b.edi", "recadv_qty194.edi",
                                        "recadv_received.edi"};
    for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", FUZZ_SEEDS_DIR, files[i]);
        size_t len;
        char *buf = util_read_file(path, &len);
        assert_non_null(buf);
        struct edi_file f;
        struct edi_error err;
        if (!edi_parse(buf, len, &f, &err))
            fail_msg("%s: %s", files[i], err.why);
        assert_null(f.messages[0].problem);
        if (strcmp(f.messages[0].type, "RECADV") == 0) {
            struct recadv r;
            if (!recadv_read(&f, 0, &r, &err))
                fail_msg("%s: segment %zu: %s", files[i], err.segment, err.why);
            assert_int_equal(r.nlines, 2);
            recadv_free(&r);
        }
        edi_free(&f);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(special_characters), cmocka_unit_test(character_sets),
        cmocka_unit_test(refusals),           cmocka_unit_test(limits),
        cmocka_unit_test(trailing_empties),   cmocka_unit_test(decimals_and_dates),
        cmocka_unit_test(property),           cmocka_unit_test(ordrsp),
        cmocka_unit_test(ordrsp_refusals),    cmocka_unit_test(desadv),
        cmocka_unit_test(desadv_refusals),    cmocka_unit_test(contrl_aperak),
        cmocka_unit_test(recadv_layouts),     cmocka_unit_test(recadv_hostile),
        cmocka_unit_test(fuzz_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
