/* libFuzzer target: formdef_parse must never crash, leak or read out of bounds, and must either
 * return a form or a "file:line: " message in valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/formdef.h"
#include "polka/text.h"

static bool known(const char *name)
{
    return strcmp(name, "unknown") != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct formdef_checks checks = {known, known, known, known};
    char err[256];
    /* Odd sizes use the checks, even ones not: both paths get exercised. */
    struct form_def *f = formdef_parse("fuzz.form", (const char *)data, size,
                                       size % 2 ? &checks : NULL, err, sizeof(err));
    if (f) {
        formdef_free(&f);
        return 0;
    }
    if (strncmp(err, "fuzz.form:", 10) != 0 || !text_utf8_valid(err, strlen(err)))
        abort();
    return 0;
}
