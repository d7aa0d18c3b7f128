"""viewer driver: runs Polka in a real pseudo-terminal and times the report viewer.

usage: viewer.py POLKA LOGIN PASSWORD REPORT_QUERY FIRST_TEXT COUNTED_TEXT PAGES OUT_DIR

Logs in, opens the reports (8), types REPORT_QUERY to narrow the list to one report, opens
it, and times F2 (run) until the first screen of rows is drawn: from writing the key to the
last byte of the screen update that contains FIRST_TEXT (the update is over when the terminal
has been quiet for 20 ms; the time of its last byte counts, not the quiet). The viewer then
counts the rows between keys, redrawing the count; once the terminal has been quiet for a
second with COUNTED_TEXT (the final count) in the last update, PgDn PAGES times, each timed the same way (each must change the screen). Writes
first_ms.txt, count_ms.txt (F2 to the final count) and pgdn_ms.txt (one latency a line) to
OUT_DIR."""
import os
import select
import sys
import time

from ptyterm import Term

polka, login, password, query, first_text, counted_text, pages, out = sys.argv[1:9]
pages = int(pages)

# TERM pinned: F2 is ESC O Q, PgDn ESC [ 6 ~ there.
term = Term(polka, {"TERM": "xterm-256color"})
fd = term.fd
read_until_quiet, send = term.read_until_quiet, term.send


def timed(data, must=None, first_timeout=30):
    """ms from writing data to the last byte of the update it caused: without `must`, the
    update ends when the terminal is quiet for 20 ms; with `must`, at the byte that completes
    the text (the viewer goes on redrawing its count at once, so it is never quiet)."""
    read_until_quiet(0.05, 0.05)
    t0 = time.perf_counter()
    os.write(fd, data)
    buf, last = b"", None
    wait = first_timeout
    while True:
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            break
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        buf += chunk
        last = time.perf_counter()
        if must is not None and must.encode() in buf:
            break
        wait = 0.02 if must is None else first_timeout
    if last is None or (must and must.encode() not in buf):
        sys.exit(f"viewer: no screen update with {must!r} after a key; got {buf[-300:]!r}")
    timed.buf, timed.last = buf, last
    return (last - t0) * 1000


read_until_quiet(1.0, 30)
send(login.encode())
send(b"\t")
send(password.encode())
send(b"\r", 0.5)
send(b"8", 0.5)
send(query.encode(), 0.3)
send(b"\r", 0.5)
t0 = time.perf_counter()
first = timed(b"\x1bOQ", first_text)  # F2
# The count redraws its line after every slice; it is done when the terminal stays quiet
# (curses sends only what changed, so the final number is looked for in the last update).
seen, t = read_until_quiet(1.0, 120)
seen, t = timed.buf + seen, t or timed.last
if counted_text.encode() not in seen[-300:]:
    sys.exit(f"viewer: the count did not end on {counted_text!r}; last {seen[-300:]!r}")
count = (t - t0) * 1000
pgdn = [timed(b"\x1b[6~") for _ in range(pages)]
send(b"\x11", 0.3)  # C-q
with open(os.path.join(out, "first_ms.txt"), "w") as f:
    f.write(f"{first:.3f}\n")
with open(os.path.join(out, "count_ms.txt"), "w") as f:
    f.write(f"{count:.3f}\n")
with open(os.path.join(out, "pgdn_ms.txt"), "w") as f:
    f.write("".join(f"{x:.3f}\n" for x in pgdn))
