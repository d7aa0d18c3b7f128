/* libFuzzer target: recadv_read over every message of a file edi_parse takes. It either reads
 * the receiving advice (every line with an article and an accepted quantity, its LIN inside
 * the message) or refuses it naming a segment of the message, with a code and words, and
 * keeping nothing. Every refusal is answered as the intake will: CONTRL and APERAK built and
 * read back, for a RECADV refused and for a file edi_parse refused (its refusal made from the
 * bytes by edi_refusal_from_error). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/eancom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void answer(const struct edi_refusal *r)
{
    struct edi_envelope env = {"4600000000008", "4006381333931", "2026-12-06", "10:00", "F1"};
    struct aperak a = {EANCOM_D96A, "E1", "2026-12-06", "4600000000008", "4006381333931", NULL};
    struct edi_writer w;
    edi_write_begin(&w, &env);
    eancom_contrl(&w, r);
    eancom_aperak(&w, &a, r);
    size_t len;
    char *out = edi_write_finish(&w, &len);
    /* A refusal's values are made safe to send (its identifiers printable ASCII, its words
     * cleaned): they are always written. */
    if (!out)
        abort();
    struct edi_file back;
    struct edi_error berr;
    if (!edi_parse(out, len, &back, &berr) || back.nmessages != 2)
        abort();
    edi_free(&back);
    free(out);
    edi_writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct edi_file f;
    struct edi_error err;
    if (!edi_parse((const char *)data, size, &f, &err)) {
        struct edi_refusal r;
        if (edi_refusal_from_error((const char *)data, size, &err, &r)) {
            if (!r.whole || r.code == 0)
                abort();
            answer(&r);
        }
        return 0;
    }
    for (size_t ic = 0; ic < f.ninterchanges; ic++) {
        const struct edi_interchange *x = &f.interchanges[ic];
        for (size_t m = x->first_message; m < x->first_message + x->nmessages; m++) {
            const struct edi_message *msg = &f.messages[m];
            struct recadv r;
            if (recadv_read(&f, m, &r, &err)) {
                if (r.nlines == 0 || !r.number || !r.date[0])
                    abort();
                for (size_t i = 0; i < r.nlines; i++) {
                    const struct recadv_line *l = &r.lines[i];
                    if (l->segment <= msg->first || l->segment >= msg->last || !l->accepted[0] ||
                        l->accepted[0] == '-' || (!l->gtin && !l->buyer_code))
                        abort();
                }
                recadv_free(&r);
            } else {
                if (r.lines || !err.why[0] || err.code == 0 || err.segment < msg->first + 1 ||
                    err.segment > msg->last + 1)
                    abort();
                struct edi_refusal rf;
                edi_refusal_from_file(&f, ic, m, err.segment - 1, err.code, err.why, &rf);
                answer(&rf);
            }
        }
    }
    edi_free(&f);
    return 0;
}
