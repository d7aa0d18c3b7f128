/* libFuzzer target, the round trip: a file edi_parse takes is written again message by
 * message with edi_write (a fixed envelope), and what is written must read back with the same
 * tags and values (trailing empty values aside: the writer leaves them out). The writer may
 * refuse what it must not send (a service tag inside a message, a C1 control, Latin-1 text
 * that grows past the value limit in UTF-8): then with a reason and nothing written. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/edifact.h"
#include "polka/edifact_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *at(const struct edi_segment *s, size_t e, size_t c)
{
    const char *v = edi_value(s, e, c);
    return v ? v : "";
}

static size_t max_comps(const struct edi_segment *s)
{
    size_t n = 0;
    for (size_t e = 0; e < s->nels; e++)
        n = s->els[e].ncomps > n ? s->els[e].ncomps : n;
    return n;
}

/* Every value of a and b the same, an absent one as "". */
static bool same(const struct edi_segment *a, const struct edi_segment *b)
{
    if (strcmp(a->tag, b->tag) != 0)
        return false;
    size_t ne = a->nels > b->nels ? a->nels : b->nels;
    size_t nc = max_comps(a) > max_comps(b) ? max_comps(a) : max_comps(b);
    for (size_t e = 0; e < ne; e++)
        for (size_t c = 0; c < nc; c++)
            if (strcmp(at(a, e, c), at(b, e, c)) != 0)
                return false;
    return true;
}

static const char *or_empty(const char *v)
{
    return v ? v : "";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct edi_file f;
    struct edi_error err;
    if (!edi_parse((const char *)data, size, &f, &err))
        return 0;
    struct edi_envelope env = {"4600000000008", "4006381333931", "2026-12-06", "10:00", "RT1"};
    struct edi_writer w;
    edi_write_begin(&w, &env);
    for (size_t m = 0; m < f.nmessages; m++) {
        const struct edi_message *msg = &f.messages[m];
        edi_message_begin(&w, msg->type, msg->version, msg->release, msg->assoc);
        for (size_t i = msg->first + 1; i < msg->last; i++) {
            const struct edi_segment *s = &f.segs[i];
            edi_seg_begin(&w, s->tag);
            for (size_t e = 0; e < s->nels; e++)
                for (size_t c = 0; c < s->els[e].ncomps; c++)
                    (c ? edi_comp : edi_el)(&w, s->els[e].comps[c]);
            edi_seg_end(&w);
        }
        edi_message_end(&w);
    }
    size_t len;
    char *out = edi_write_finish(&w, &len);
    edi_writer_free(&w);
    if (!out) {
        if (!w.why[0])
            abort();
        edi_free(&f);
        return 0;
    }
    struct edi_file back;
    if (!edi_parse(out, len, &back, &err) || back.nmessages != f.nmessages)
        abort();
    for (size_t m = 0; m < f.nmessages; m++) {
        const struct edi_message *a = &f.messages[m], *b = &back.messages[m];
        if (a->last - a->first != b->last - b->first || b->problem ||
            strcmp(or_empty(a->type), or_empty(b->type)) != 0 ||
            strcmp(or_empty(a->assoc), or_empty(b->assoc)) != 0)
            abort();
        for (size_t i = 1; a->first + i < a->last; i++)
            if (!same(&f.segs[a->first + i], &back.segs[b->first + i]))
                abort();
    }
    edi_free(&back);
    edi_free(&f);
    free(out);
    return 0;
}
