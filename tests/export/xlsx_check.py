#!/usr/bin/python3
"""xlsx_check.py BOOK.xlsx EXPECTED.csv TYPES [CODES.tsv SETS]: an exported report read back
with openpyxl.

EXPECTED.csv is what psql --csv printed for the same statement (header line first); TYPES is
one letter per column: t text, n number, d date, c a code shown in words (CODES.tsv: set,
code and word per line; SETS: each column's code set, comma-separated, "-" for none). Checks: the title in A1, the header row
equal to the CSV's column count, every data row's values and cell types equal the database's
(numbers as numbers, dates as dates, text as text, NULL as an empty cell), the row count over
all sheets, the header repeated on every sheet, the frozen header and the autofilter, and a
SUBTOTAL formula under each total column. Prints one line and exits 1 on the first mismatch."""
import csv
import datetime
import sys

import openpyxl


def fail(msg):
    print(f"xlsx_check: {sys.argv[1]}: {msg}")
    sys.exit(1)


book, expected_csv, types = sys.argv[1], sys.argv[2], sys.argv[3]
words, sets = {}, []
if len(sys.argv) > 5:
    with open(sys.argv[4], encoding="utf-8") as f:
        for line in f:
            cset, code, word = line.rstrip("\n").split("\t")
            words[(cset, code)] = word
    sets = sys.argv[5].split(",")
with open(expected_csv, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
names, expected = rows[0], rows[1:]
if len(types) != len(names):
    fail(f"{len(types)} types for {len(names)} columns")

wb = openpyxl.load_workbook(book)
got = []
header_titles = None
for ws in wb.worksheets:
    if not ws["A1"].value:
        fail(f"sheet {ws.title}: no title in A1")
    # The header is the first row after the blank line under the title block.
    r = 2
    while ws.cell(r, 1).value not in (None, ""):
        r += 1
    header = r + 1
    titles = [ws.cell(header, c + 1).value for c in range(len(names))]
    if any(t in (None, "") for t in titles) or ws.cell(header, len(names) + 1).value not in (None, ""):
        fail(f"sheet {ws.title}: header row {header} has not {len(names)} titles: {titles}")
    if header_titles is None:
        header_titles = titles
    elif titles != header_titles:
        fail(f"sheet {ws.title}: header {titles} differs from the first sheet's")
    if ws.freeze_panes != f"B{header + 1}":
        fail(f"sheet {ws.title}: frozen at {ws.freeze_panes}, expected B{header + 1}")
    if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith(f"A{header}:"):
        fail(f"sheet {ws.title}: autofilter {ws.auto_filter.ref}")
    r = header + 1
    while r <= ws.max_row:
        first = ws.cell(r, 1).value
        if isinstance(first, str) and first in ("Total", "Итого", "Total, all sheets", "Итого по всем листам"):
            for c in range(2, len(names) + 1):
                v = ws.cell(r, c).value
                if v is not None and not (isinstance(v, str) and v.startswith("=")):
                    fail(f"sheet {ws.title}: totals cell {ws.cell(r, c).coordinate} is {v!r}")
            r += 1
            continue
        got.append([ws.cell(r, c + 1) for c in range(len(names))])
        r += 1

if len(got) != len(expected):
    fail(f"{len(got)} data rows, the database has {len(expected)}")
for i, (cells, exp) in enumerate(zip(got, expected)):
    for c, (cell, e, t) in enumerate(zip(cells, exp, types)):
        v = cell.value
        where = f"row {i + 1} ({cell.coordinate}) column {names[c]}"
        if e == "":
            if v not in (None, ""):
                fail(f"{where}: {v!r}, the database has NULL")
            continue
        if t == "n":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                fail(f"{where}: {v!r} is not a number ({e})")
            if abs(v - float(e)) > 1e-9 * max(1.0, abs(float(e))):
                fail(f"{where}: {v!r}, the database has {e}")
        elif t == "d":
            if not isinstance(v, datetime.datetime):
                fail(f"{where}: {v!r} is not a date ({e})")
            if v.date().isoformat() != e:
                fail(f"{where}: {v.date()}, the database has {e}")
        elif t == "c":
            word = words.get((sets[c] if c < len(sets) else "-", e))
            if word is None:
                fail(f"{where}: the database's code {e!r} has no words in its set")
            if v != word:
                fail(f"{where}: {v!r}, the database has {e!r}, in words {word!r}")
        else:
            if str(v) != e or not isinstance(v, str):
                fail(f"{where}: {v!r}, the database has {e!r}")
print(f"xlsx_check: {book}: {len(got)} rows in {len(wb.worksheets)} sheet(s) as in the database")
