/* libFuzzer target: edi_parse must never crash, leak or read out of bounds; it either reads a
 * file (every segment's values then readable, every message inside its interchange) or refuses
 * it with a reason and nothing kept. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/edifact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct edi_file f;
    struct edi_error err;
    if (edi_parse((const char *)data, size, &f, &err)) {
        size_t total = 0;
        for (size_t i = 0; i < f.nsegs; i++)
            for (size_t e = 0; e < f.segs[i].nels; e++)
                for (size_t c = 0; c < f.segs[i].els[e].ncomps; c++) {
                    int64_t v;
                    total += strlen(edi_value(&f.segs[i], e, c));
                    (void)edi_number(&f, edi_value(&f.segs[i], e, c), 3, &v);
                }
        for (size_t m = 0; m < f.nmessages; m++)
            if (f.messages[m].first > f.messages[m].last || f.messages[m].last >= f.nsegs)
                abort();
        if (f.ninterchanges == 0 || total > size * 4)
            abort();
        edi_free(&f);
    } else if (f.segs || !err.why[0]) {
        abort();
    }
    return 0;
}
