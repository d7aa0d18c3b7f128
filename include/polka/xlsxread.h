/* xlsxread.h: reading the first worksheet of an .xlsx workbook that came from outside (a
 * client's filled order template; issue 18), row by row. Only src/export/ includes zip.h and
 * expat.h: the export layer is the one that knows the .xlsx format, writing and reading.
 *
 * The workbook is found as Excel finds it: _rels/.rels names the workbook part, the workbook
 * lists its sheets in order and its relationships name each sheet's part, the shared strings
 * and the styles. The first sheet that is a worksheet (not a chart) is read. Its XML is
 * streamed from the archive through expat a chunk at a time and handed out a row at a time, so
 * memory does not grow with the rows; only the shared strings (bounded by their part's limit)
 * and the styles' date flags are held.
 *
 * A cell comes with its type and its text exactly as the file stores it: a number's digits as
 * written (no round trip through a double: "0.1" stays "0.1", "1E-5" stays "1E-5"), a shared or
 * inline string's text (rich text runs joined, phonetic hints left out, Excel's _xHHHH_ escapes
 * decoded), a formula's cached value, TRUE/FALSE as "1"/"0", an error as "#N/A". A number whose
 * cell style is a date or time format says so (`date`); xlsxr_serial_date turns its serial into
 * a day in the workbook's date system (1900, with Excel's leap-year bug, or 1904).
 *
 * Anything hostile or broken is refused with one sentence (translated) and nothing else: an old
 * .xls or a password-protected workbook (both OLE2 compound files), a file that is not a ZIP
 * archive or is truncated or damaged, an entry name leaving the archive (.., an absolute path, a
 * backslash), encrypted entries, a part larger than its limit or inflating more than
 * XLSXR_MAX_RATIO times its compressed size (the bytes are counted as they are inflated: a header
 * that lies about the size is caught), XML with a DOCTYPE (no entity of any kind is expanded or
 * loaded: billion laughs, external entities), malformed XML (the part and line), elements nested
 * deeper than any workbook's, rows or columns beyond Excel's, cell references out of order, a
 * shared string index out of range, a number that is not one, a text longer than XLSXR_MAX_TEXT
 * characters or holding a control character other than tab, line feed and carriage return (which a
 * caller may refuse in its own fields). A refusal can come after rows were given (the sheet is
 * streamed): a caller takes nothing until xlsxr_next has returned 0. The sentences do not name the
 * file (the caller says which) and speak of the sheet's cells as Excel does ("cell C17"). Pure: no
 * database, no screen. */
#ifndef POLKA_XLSXREAD_H
#define POLKA_XLSXREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    XLSXR_MAX_ROWS = 1048576, /* Excel's sheet */
    XLSXR_MAX_COLS = 16384,   /* A..XFD */
    XLSXR_MAX_TEXT = 32767,   /* characters in a cell, Excel's own limit */
    XLSXR_MAX_ENTRIES = 10000 /* entries in the archive */
};
/* Uncompressed sizes of the parts read, and the compression ratio allowed above RATIO_FROM. */
#define XLSXR_MAX_SHEET_BYTES   (512ULL << 20)
#define XLSXR_MAX_STRINGS_BYTES (64ULL << 20) /* sharedStrings.xml, held in memory */
#define XLSXR_MAX_PART_BYTES    (8ULL << 20)  /* the others: relationships, workbook, styles */
#define XLSXR_MAX_RATIO         200
#define XLSXR_RATIO_FROM        (1ULL << 20)
#define XLSXR_MAX_ROW_BYTES     (16ULL << 20) /* inline text of one row */

enum xlsxr_type {
    XLSXR_EMPTY,  /* a cell that is there only for its formatting */
    XLSXR_STRING, /* shared, inline, a formula's string result */
    XLSXR_NUMBER, /* text: the number as stored ("42", "-0.5", "1E-5") */
    XLSXR_BOOL,   /* text: "1" or "0" */
    XLSXR_ERROR   /* text: "#N/A", "#DIV/0!" ... (a formula's cached error) */
};

struct xlsxr_cell {
    int col; /* 0-based: A is 0 */
    enum xlsxr_type type;
    const char *text; /* UTF-8, NUL-terminated; "" for an empty cell */
    size_t len;       /* bytes */
    bool date;        /* a number whose style is a date or time format (or an ISO date cell, t="d",
                         given as a string as stored) */
};

struct xlsxr_row {
    long row;                       /* 1-based, as in the file */
    const struct xlsxr_cell *cells; /* present cells in column order; may be none */
    size_t ncells;
};

struct xlsxr;

/* Opens the workbook at path, finds its first worksheet and reads its shared strings and
 * styles. NULL with a sentence in *why (caller frees) when refused. */
struct xlsxr *xlsxr_open(const char *path, char **why);
/* The same from len bytes in memory, which must stay until xlsxr_close (the fuzz target). */
struct xlsxr *xlsxr_open_mem(const void *data, size_t len, char **why);

/* The next row of the sheet as the file has it (rows missing from the file are blank rows and
 * are not given; a row may have no cells or empty ones). 1 with *row filled (valid until the
 * next call), 0 at the end of the sheet, -1 when refused with a sentence in *why (caller frees;
 * every later call answers -1 again). */
int xlsxr_next(struct xlsxr *r, struct xlsxr_row *row, char **why);

/* The cell of 0-based column col in row, NULL when the file has none there. */
const struct xlsxr_cell *xlsxr_cell(const struct xlsxr_row *row, int col);

const char *xlsxr_sheet_name(const struct xlsxr *r);
bool xlsxr_date1904(const struct xlsxr *r); /* the workbook's 1904 date system */

/* Frees *r and sets it NULL; NULL is fine. */
void xlsxr_close(struct xlsxr **r);

/* The day of an Excel serial (the fraction, a time of day, is dropped). The 1900 system counts
 * 1 as 1900-01-01 and has Excel's 29 February 1900 as serial 60, a day that never was: false
 * for it, as for serials below 1 (0 in the 1904 system, 1904-01-01) and after 9999-12-31. */
bool xlsxr_serial_date(double serial, bool date1904, int *y, int *m, int *d);

/* A number cell's text as an exact decimal scaled by 10^scale ("1E-3" at scale 3 is 1, "12.5"
 * at scale 2 is 1250), never through a double. DECIMAL_PRECISION when it has non-zero digits
 * past the scale (Excel's 0.30000000000000004 at scale 3: the caller decides whether to
 * round), DECIMAL_SYNTAX for a text that is not a number, DECIMAL_RANGE beyond int64. The
 * status values are decimal.h's (core). */
int xlsxr_number(const char *text, int scale, int64_t *out);

/* "C17" for a 0-based column and 1-based row (out: 16 bytes). */
void xlsxr_cell_name(char *out, int col, long row);

#endif
