/* libFuzzer target: the .xlsx reader must never crash, leak or read out of bounds; it reads
 * the first worksheet (rows in order, cells in order, texts as long as said) or refuses with a
 * sentence and gives nothing more.
 *
 * An input starting with 'Z' is the bytes of a file as a client would send them (archives
 * cut or bent, OLE2 headers, bombs' headers). Any other input is a workbook's parts as text,
 * each "\x01NAME\n" and its content, packed here into a valid archive (stored, so each part's
 * CRC is right) before reading: mutations then reach the XML parsers instead of stopping at
 * the archive's checksums. The seeds (tests/unit/xlsx/seeds) are both kinds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "polka/xlsxread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parts packed into an archive in memory; NULL when libzip refuses (a name it cannot
 * take). Caller frees. */
static void *pack(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    if (!za) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    const uint8_t *p = data, *end = data + size;
    while (p < end && *p == 1) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        const uint8_t *next = memchr(nl + 1, 1, (size_t)(end - nl - 1));
        if (!next)
            next = end;
        char name[256];
        size_t n =
            (size_t)(nl - p - 1) < sizeof(name) - 1 ? (size_t)(nl - p - 1) : sizeof(name) - 1;
        memcpy(name, p + 1, n);
        name[n] = '\0';
        zip_source_t *part = zip_source_buffer(za, nl + 1, (zip_uint64_t)(next - nl - 1), 0);
        zip_int64_t i = part ? zip_file_add(za, name, part, ZIP_FL_OVERWRITE | ZIP_FL_ENC_RAW) : -1;
        if (i < 0)
            zip_source_free(part);
        else
            zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
        p = next;
    }
    void *out = NULL;
    zip_stat_t st;
    if (zip_close(za) != 0) {
        zip_discard(za);
    } else if (zip_source_open(src) == 0) {
        if (zip_source_stat(src, &st) == 0 && (out = malloc(st.size + 1)) != NULL &&
            zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *len = out ? st.size : 0;
        zip_source_close(src);
    }
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    void *book = NULL;
    size_t len = 0;
    if (size > 0 && data[0] == 'Z') {
        book = malloc(size);
        memcpy(book, data + 1, size - 1);
        len = size - 1;
    } else if ((book = pack(data, size, &len)) == NULL) {
        return 0;
    }
    char *why = NULL;
    struct xlsxr *r = xlsxr_open_mem(book, len, &why);
    if (!r) {
        if (!why || !why[0])
            abort();
        free(why);
        free(book);
        return 0;
    }
    struct xlsxr_row row;
    long last = 0;
    int rc;
    while ((rc = xlsxr_next(r, &row, &why)) == 1) {
        if (row.row <= last || row.row > XLSXR_MAX_ROWS)
            abort();
        last = row.row;
        int col = -1;
        for (size_t i = 0; i < row.ncells; i++) {
            const struct xlsxr_cell *c = &row.cells[i];
            if (c->col <= col || c->col >= XLSXR_MAX_COLS || strlen(c->text) != c->len ||
                xlsxr_cell(&row, c->col) != c)
                abort();
            col = c->col;
            if (c->type == XLSXR_NUMBER && c->date) {
                int y, m, d;
                (void)xlsxr_serial_date(strtod(c->text, NULL), xlsxr_date1904(r), &y, &m, &d);
            }
        }
    }
    if (rc < 0) {
        if (!why || !why[0])
            abort();
        free(why);
        if (xlsxr_next(r, &row, &why) != -1) /* refused for good */
            abort();
        free(why);
    } else if (why || xlsxr_next(r, &row, &why) != 0) {
        abort();
    }
    xlsxr_close(&r);
    free(book);
    return 0;
}
