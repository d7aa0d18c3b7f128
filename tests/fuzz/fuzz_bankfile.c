/* libFuzzer target: bankfile_parse must never crash, leak or read out of bounds; it either
 * returns a statement (whose purposes bankfile_doc_numbers then reads) or no statement and a
 * message; bankfile_doc_numbers takes any text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polka/bankfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bankfile *bf = NULL;
    char err[256] = "";
    if (bankfile_parse((const char *)data, size, &bf, err, sizeof(err))) {
        for (size_t i = 0; i < bf->ndocs; i++) {
            char **l = bankfile_doc_numbers(bf->docs[i].purpose, NULL);
            bankfile_doc_numbers_free(&l);
        }
        bankfile_free(&bf);
    } else if (bf || !err[0]) {
        abort();
    }
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    char **l = bankfile_doc_numbers(s, NULL);
    bankfile_doc_numbers_free(&l);
    free(s);
    return 0;
}
