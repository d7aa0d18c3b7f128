"""openpyxl's side of tests/bench/xlsx-read: the same order file read in read-only mode (what a
user would reach for) and every product row validated with the same checks as
tests/bench/xlsx_read.c (quantities in thousandths, rounded from the floats openpyxl gives).
Prints "seconds rows lines empty errors quantity_sum", seconds from load_workbook to the last
row. FIRST is the 1-based row of the first product (xlsx_template.h: XTPL_ROW_HEADER + 2); the
columns are the form's A to F.

    /usr/bin/python3 tests/bench/xlsx-read.py FILE.xlsx FIRST
"""
import sys
import time

from openpyxl import load_workbook


def positive(v):
    """A number above zero, in thousandths; None otherwise."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    m = round(v * 1000)
    return m if m > 0 else None


def main(path, first):
    t0 = time.monotonic()
    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    rows = lines = empty = errors = total = 0
    for row in ws.iter_rows(min_row=first, values_only=True):
        rows += 1
        code = row[0] if len(row) > 0 else None
        pack = positive(row[3]) if len(row) > 3 else None
        q = row[5] if len(row) > 5 else None
        ok = (isinstance(code, str) and 1 <= len(code) <= 13 and code.isascii() and code.isdigit()
              and pack is not None)
        if ok and q is None:
            empty += 1
            continue
        qty = positive(q)
        if ok and qty is not None and qty % pack == 0:
            lines += 1
            total += qty
        else:
            errors += 1
    wb.close()
    print(f"{time.monotonic() - t0:.4f} {rows} {lines} {empty} {errors} {total // 1000}.{total % 1000:03d}")


main(sys.argv[1], int(sys.argv[2]))
