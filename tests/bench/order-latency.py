"""order-latency driver: runs Polka in a real pseudo-terminal and times keys.

usage: order-latency.py POLKA LOGIN PASSWORD CLIENT CODES_FILE WORDS_FILE OUT_DIR

Logs in, opens the order entry (6), takes CLIENT (the catalog load is timed too), then for
each code of CODES_FILE types it digit by digit and for each query of WORDS_FILE types it
character by character. A key's latency is from writing it to the pty to the last byte of
the screen update it caused (the update is over when the terminal has been quiet for 20 ms;
the time of its last byte counts, not the quiet). Each code must end on the quantity with
the product's article shown; each query's last key must show a list of matches. Writes
code_ms.txt, name_ms.txt (one latency a line), client_ms.txt (the catalog whole) and usable_ms.txt
(the client on the screen, the catalog still coming) to OUT_DIR."""
import os
import sys
import time

from ptyterm import Term

polka, login, password, client, codes_file, words_file, out = sys.argv[1:8]
codes = [line.split() for line in open(codes_file, encoding="utf-8") if line.strip()]
words = [line.rstrip("\n") for line in open(words_file, encoding="utf-8") if line.strip()]

term = Term(polka)
fd, pid = term.fd, term.pid
read_until_quiet, settle, send = term.read_until_quiet, term.settle, term.send


def timed(data):
    return term.key(data, "order-latency")


settle(1.0, 30)
send(login.encode())
send(b"\t")
send(password.encode())
screen = send(b"\r", 0.5)
screen = send(b"6", 0.5)
send(client.encode())
t0 = time.perf_counter()
os.write(fd, b"\r")
# Usable: the client taken on the screen (its catalog may still be coming, in slices, while
# the screen answers keys); loaded: the catalog whole, the screen quiet for a second.
buf, usable = b"", None
while usable is None and time.perf_counter() - t0 < 300:
    b, last = read_until_quiet(0.005, 300)
    buf += b
    if "Урал".encode() in buf or "Задержка".encode() in buf or b"OL-1" in buf:
        usable = last or time.perf_counter()
b, last = read_until_quiet(1.0, 300)
client_ms = ((last or usable or t0) - t0) * 1000
usable_ms = ((usable or t0) - t0) * 1000

code_ms, name_ms = [], []
for code, article in codes:
    buf = b""
    for ch in code:
        ms, b = timed(ch.encode())
        code_ms.append(ms)
        buf += b
    # The code is a whole code of one product: the quantity is asked, the product named.
    if ("арт. " + article).encode() not in buf and article.encode() not in buf:
        sys.exit("order-latency: code %s did not show its product (article %s)" % (code, article))
    send(b"\x1b", 0.1)  # back to the product field
    send(b"\x1b", 0.1)  # its text cleared
for q in words:
    buf = b""
    for ch in q:
        ms, b = timed(ch.encode())
        name_ms.append(ms)
        buf += b
    if "Найдено".encode() not in buf and b"\xd0" not in buf:
        sys.exit("order-latency: query %r showed no matches" % q)
    send(b"\x1b", 0.1)

with open(os.path.join(out, "code_ms.txt"), "w") as f:
    f.write("".join("%.3f\n" % v for v in code_ms))
with open(os.path.join(out, "name_ms.txt"), "w") as f:
    f.write("".join("%.3f\n" % v for v in name_ms))
with open(os.path.join(out, "client_ms.txt"), "w") as f:
    f.write("%.1f\n" % client_ms)
with open(os.path.join(out, "usable_ms.txt"), "w") as f:
    f.write("%.1f\n" % usable_ms)
os.kill(pid, 9)
